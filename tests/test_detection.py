"""Detection in context, as tables of (document text, what must go, what must stay).

Each row runs the real pipeline (engine, policy, context rules, redaction, verification) on a
small text or CSV file and reads the written output back as plain text.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from redactor import pipeline
from redactor.policy import load_policy


def redact_folder(engine, policy, files: dict[str, str], tmp_path: Path) -> dict[str, str]:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name, text in files.items():
        (src / name).write_text(text, "utf-8")
    results = pipeline.run(pipeline.walk([src]), policy, engine, pipeline.RunOptions(redact=True, out_dir=out))
    for r in results:
        assert r.status.value == "redacted", (r.path, r.error)
    return {name: (out / name).read_text("utf-8") for name in files}


def assert_gone_and_kept(out: str, gone: list[str], kept: list[str]) -> None:
    for value in gone:
        assert value not in out, f"{value!r} should be redacted:\n{out}"
    for value in kept:
        assert value in out, f"{value!r} should be kept:\n{out}"


def check_folder_row(engine, policy, tmp_path: Path, row: tuple) -> None:
    """One (id, files, gone, kept) row: the folder is redacted and every output read back as text."""
    _, files, gone, kept = row
    assert_gone_and_kept("\n".join(redact_folder(engine, policy, files, tmp_path).values()), gone, kept)


def redact_text(engine, policy, text: str, tmp_path: Path, name: str = "doc.txt") -> str:
    return redact_folder(engine, policy, {name: text}, tmp_path)[name]


PROSE_ROWS = [
    # (id, text, must go, must stay)
    ("labelled-field", "Contract officer: Priya Whitfield\nDepartment: Digital Services\n", ["Priya Whitfield"], ["Digital Services"]),
    ("prepared-by", "Prepared by: Tomasz Mensah, ICT Manager\n", ["Tomasz Mensah"], ["ICT Manager"]),
    ("signature", "Yours sincerely,\n\nDeclan Lindqvist\nInformation Governance Officer\n", ["Declan Lindqvist"], ["Information Governance Officer"]),
    ("title-surname", "Ms Okonkwo confirmed the figures with the finance team.\n", ["Okonkwo"], ["finance team"]),
    ("title-initial", "The request was handled by Mr G. Trevelyan last week.\n", ["G. Trevelyan"], ["last week"]),
    ("hyphenated", "Please ask Niamh Clarke-Bennett, Procurement Officer, for a copy.\n", ["Niamh Clarke-Bennett"], ["Procurement Officer"]),
    ("apostrophe", "Eleanor O'Neill approved the order on behalf of the team.\n", ["Eleanor O'Neill"], ["approved the order"]),
    ("broken-line", "Queries were handled by Megan\nFairbairn, Chief Digital Officer, who confirmed the figures.\n", ["Fairbairn"], ["Chief Digital Officer"]),
    ("email-named", "Write to jane.smith@example.gov.uk for details.\n", ["jane.smith@example.gov.uk"], ["for details"]),
    ("email-initial-surname", "Copy in jsmith@example.gov.uk and okafor@example.gov.uk.\n", ["jsmith@example.gov.uk", "okafor@example.gov.uk"], ["Copy in"]),
    ("email-service", "Write to allotments@example.gov.uk or council.tax@example.gov.uk.\n", [], ["allotments@example.gov.uk", "council.tax@example.gov.uk"]),
    ("email-role", "Write to foi@example.gov.uk or digital@example.gov.uk.\n", [], ["foi@example.gov.uk", "digital@example.gov.uk"]),
    ("mobile", "Out of hours call 07700 900162 or extension ext. 2315.\n", ["07700 900162", "2315"], ["Out of hours"]),
    ("ip-host", "The console is at 10.12.21.87 (avsrv01.corp.example.local).\n", ["10.12.21.87", "avsrv01.corp.example.local"], ["The console"]),
    ("nino", "Her National Insurance number is JK 12 34 56 C.\n", ["JK 12 34 56 C"], ["National Insurance"]),
    ("unicode-names", "Marek Wiśniewski and Siân Pritchard-Evans met Seán Ó Briain.\n", ["Wiśniewski", "Siân", "Pritchard-Evans", "Briain"], ["met"]),
    ("surname-forename", "Cc: Ó Briain, Seán; PATEL, Raj\n", ["Briain", "Seán", "PATEL", "Raj"], ["Cc:"]),
    ("name-particle", "Please ask Dafydd ap Iorwerth, ICT Manager.\n", ["Iorwerth"], ["ICT Manager"]),
    ("email-thread", "Sent: 04 June 2024\nSubject: Firewall renewal\nThe renewal is due on 04/06/2025 with Softcat.\n", ["04/06/2025", "Softcat"], ["04 June 2024", "Firewall renewal"]),
    # Negative rows: each false-positive family stays.
    ("member-of-parliament", "Helen Ashworth MP has written on behalf of a constituent.\n", [], ["Helen Ashworth MP"]),
    ("backup-contract", "Backup is provided by Veeam through Softcat for £36,900 a year from 01/04/2021.\n", [], ["Veeam", "Softcat", "£36,900", "01/04/2021"]),
    ("councillor", "Cllr Patricia Lowther (Cabinet Member for Finance) has been briefed.\n", [], ["Patricia Lowther", "Cabinet Member for Finance"]),
    ("councillor-long", "Councillor Rajesh Malhotra has asked to be kept informed.\n", [], ["Rajesh Malhotra"]),
    ("job-titles", "The Network and Security Engineer and the Head of Digital and Technology agreed.\n", [], ["Network and Security Engineer", "Head of Digital and Technology"]),
    ("team", "Please contact the Digital and Technology Team or the Revenues and Benefits Service.\n", [], ["Digital and Technology Team", "Revenues and Benefits Service"]),
    ("ea-supplier", "The Microsoft Enterprise Agreement is provided through Bytes Software Services for £207,720 a year from 25 October 2022.\n", [], ["Bytes Software Services", "£207,720", "25 October 2022", "Microsoft"]),
    ("bi-product", "We use Power BI Pro and Microsoft 365 E3 with Azure and Windows 11 Enterprise.\n", [], ["Power BI Pro", "Microsoft 365 E3", "Azure", "Windows 11 Enterprise"]),
    ("places", "You may complain to the Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF.\n", [], ["Wycliffe House", "Water Lane", "Wilmslow", "Cheshire"]),
    ("council-name", "Harbourne District Council holds the information you asked for.\n", [], ["Harbourne District Council"]),
    ("prose", "Dear Sir or Madam,\n\nThank you for your email of 16-Nov-2024 requesting information about the Council's ICT contracts.\n", [], ["Madam", "16-Nov-2024", "ICT contracts"]),
    # Security context in prose: the firewall paragraph loses supplier, spend, dates, product and version.
    (
        "security-paragraph",
        "Standard Firewall (Network)\n\nThe firewall contract is held with Computacenter at an annual cost of £59,070. "
        "It covers 2 x Sophos XGS 2100 appliances running SFOS 19.5.3. The contract started on 21/09/2020 and "
        "expires on 24/09/2024.\n\nMicrosoft Enterprise Agreement\n\nThe agreement is provided through SoftwareONE UK "
        "at £350,760 a year from 11/04/2021.\n",
        ["Computacenter", "£59,070", "Sophos", "XGS 2100", "19.5.3", "21/09/2020", "24/09/2024"],
        ["SoftwareONE UK", "£350,760", "11/04/2021", "Standard Firewall (Network)"],
    ),
    ("defender", "Anti-virus is Microsoft Defender for Endpoint, renewed on 01/04/2025.\n", ["Defender for Endpoint", "01/04/2025"], ["Anti-virus"]),
]


@pytest.mark.parametrize("row", PROSE_ROWS, ids=[r[0] for r in PROSE_ROWS])
def test_prose_detection(engine, policy, tmp_path, row):
    _, text, gone, kept = row
    out = redact_text(engine, policy, text, tmp_path)
    assert_gone_and_kept(out, gone, kept)


REGISTER = (
    "Category,Supplier,Annual value,Brand,Start date,Expiry date,Duration,Licences,Contract officer,Job title,Telephone,Email\n"
    'Network firewall,Softcat,"£76,880",Fortinet FortiGate 1000D,12-Jun-2021,18-Jun-2025,4 years,2,GARETH TREVELYAN,Network Engineer,01632 960451,gareth.trevelyan@example.gov.uk\n'
    'Anti-virus,Khipu Networks,"£17,935",Trellix ePolicy Orchestrator,19-Aug-2020,05-Sep-2022,2 years,1200,Tomasz Mensah,Cyber Security Analyst,0113 496 0168,tomasz.mensah@example.gov.uk\n'
    'Microsoft Enterprise Agreement,Bytes Software Services,"£207,720",Microsoft 365 E3,25-Oct-2022,19-Sep-2025,3 years,1500,Digital Services Team,Procurement Officer,01632 960000,procurement@example.gov.uk\n'
)


def test_register_rows_security_withheld_ea_released(engine, policy, tmp_path):
    out = redact_text(engine, policy.with_allow(["01632 960000"]), REGISTER, tmp_path, "register.csv")
    for gone in ["Softcat", "£76,880", "FortiGate", "12-Jun-2021", "4 years", "GARETH TREVELYAN", "960451",
                 "gareth.trevelyan@", "Khipu Networks", "£17,935", "ePolicy", "19-Aug-2020", "1200", "Tomasz Mensah"]:
        assert gone not in out, gone
    for kept in ["Network firewall", "Anti-virus", "Network Engineer", "Cyber Security Analyst", "Bytes Software Services",
                 "£207,720", "Microsoft 365 E3", "25-Oct-2022", "19-Sep-2025", "1500", "Digital Services Team",
                 "01632 960000", "procurement@example.gov.uk"]:
        assert kept in out, kept
    assert "[Redacted s31(1)(a)]" in out and "[Redacted s40(2)]" in out


def test_transposed_register_is_read_by_columns(engine, policy, tmp_path):
    transposed = (
        "Field,Standard Firewall (Network),Microsoft Power BI\n"
        "Vendor,Phoenix Software,Softcat\n"
        'Annual spend,"£92,140","£5,730"\n'
        "Contract end,2027-09-04,2026-03-31\n"
        "Responsible officer,Eleanor O'Neill,Business Intelligence Lead\n"
    )
    out = redact_text(engine, policy, transposed, tmp_path, "t.csv")
    for gone in ["Phoenix Software", "£92,140", "2027-09-04", "Eleanor O'Neill"]:
        assert gone not in out, gone
    for kept in ["Softcat", "£5,730", "2026-03-31", "Business Intelligence Lead", "Standard Firewall (Network)"]:
        assert kept in out, kept


def test_names_found_in_one_file_are_redacted_in_every_file(engine, policy, tmp_path):
    files = {
        "a-letter.txt": "Contract officer: Rhiannon Thackeray\n",
        "b-notes.txt": "Thackeray agreed the wording. R. Thackeray will sign.\n",
    }
    out = redact_folder(engine, policy, files, tmp_path)
    assert "Thackeray" not in out["b-notes.txt"]


def test_published_number_kept_but_its_extension_redacted(engine, policy, tmp_path):
    out = redact_text(engine, policy.with_allow(["01632 960555"]), "Tel: 01632 960555 ext 4417 for the officer.\n", tmp_path)
    assert "01632 960555" in out and "4417" not in out


def test_phone_column_values_are_numbers_even_without_a_prefix(engine, policy, tmp_path):
    table = "Name,Ext.,Mobile\nJo Bloggs,2290,7700900321\n"
    out = redact_text(engine, policy, table, tmp_path, "staff.csv")
    assert "2290" not in out and "7700900321" not in out


def test_allow_listed_number_is_kept_in_any_formatting(engine, policy, tmp_path):
    text = "Switchboard (0113) 496 0000 or +44 (0)113 496 0000; direct line 0113 496 0431.\n"
    out = redact_text(engine, policy.with_allow(["0113 496 0000"]), text, tmp_path)
    assert "(0113) 496 0000" in out and "+44 (0)113 496 0000" in out and "0431" not in out


def test_directory_keeps_disclosed_officers_but_not_their_direct_contacts(engine, tmp_path):
    (tmp_path / "staff.csv").write_text(
        "name,job title,email,phone,disclose\n"
        "Margaret Ellery,Chief Executive,margaret.ellery@example.gov.uk,01632 960777,yes\n"
        "Samir Quayle,ICT Analyst,samir.quayle@example.gov.uk,01632 960778,no\n", "utf-8")
    (tmp_path / "policy.yaml").write_text("extends: foi\nname: with-directory\npeople:\n  directory: staff.csv\n", "utf-8")
    pol = load_policy(str(tmp_path / "policy.yaml"))
    text = "The Chief Executive, Margaret Ellery (01632 960777), asked the analyst quayle. Samir Quayle replied.\n"
    out = redact_text(engine, pol, text, tmp_path)
    assert "Margaret Ellery" in out
    assert "960777" not in out and "Samir Quayle" not in out


def test_an_officers_security_job_title_does_not_make_the_row_a_security_one(engine, policy, tmp_path):
    register = (
        "Item,Supplier,Annual value,Renewal,Job title\n"
        'Payroll system,Zellis,"£40,250",01/04/2026,Network Security Engineer\n'
        'Perimeter firewall,Softcat,"£61,900",12/06/2026,Network Engineer\n'
    )
    out = redact_text(engine, policy, register, tmp_path, "register.csv")
    for kept in ["Zellis", "£40,250", "01/04/2026", "Network Security Engineer", "Network Engineer"]:
        assert kept in out, kept
    for gone in ["Softcat", "£61,900", "12/06/2026"]:
        assert gone not in out, gone


def test_all_caps_headings_are_not_people_but_all_caps_names_still_are(engine, policy, tmp_path):
    files = {
        "fields.csv": "Field,Description,Mandatory\nKYC STATUS,Status of the record,Y\nRATION CARD,Proof of address,Y\n"
                      "OCCUPATION DETAILS,Occupation code,N\nFLAT MAINTENANCE BILL,Proof of address,N\n",
        "note.txt": "Prepared by: GARETH TREVELYAN\n\nCOPY SUBMITTED\n\nOCCUPATION DETAILS\n",
    }
    out = redact_folder(engine, policy, files, tmp_path)
    for kept in ["KYC STATUS", "Status of the record", "RATION CARD", "OCCUPATION DETAILS", "FLAT MAINTENANCE BILL"]:
        assert kept in out["fields.csv"], kept
    assert "GARETH TREVELYAN" not in out["note.txt"] and "OCCUPATION DETAILS" in out["note.txt"]


@pytest.mark.parametrize("span, plausible", [
    ("Frank Voci", True),
    ("J.R. Hartley", True),
    ("Frank Voci IBM-PDFs.graffle Personal Vitality Rebate - Power Sleep", False),  # an XMP title, not a name
    ("Report_Final Smith", False),
    ("María de los Ángeles García López", True),  # particles do not count towards the length
    ("Personal Vitality Rebate Power Sleep Programme", False),  # six words or more: a heading
    ("Supplier Manufacturer", False),  # column headings of a PDF table run together
    ("Contract Owner", False),
    ("Sarah Price", True),  # a surname that is also a heading word
    ("Mark Lord", True),
])
def test_file_names_and_long_titles_are_not_people(engine, span, plausible):
    from redactor.detect import FolderKnowledge, is_plausible_person

    assert is_plausible_person(engine, span, FolderKnowledge()) is plausible


SIGN_OFF_ROWS = [
    # (id, files, gone, kept)
    ("first-name-alone-after-the-full-name", {"thread.txt": "From: Jean-Luc Moreau <jl.moreau@example.gov.uk>\nSubject: FOI\n\n"
     "Can you pull the firewall details together?\nJean-Luc\n"}, ["Jean-Luc"], ["Can you pull"]),
    ("first-name-known-from-another-file", {"a.txt": "Prepared by Priya Sandhu, Information Governance Officer.\n",
     "b.txt": "Please send it back to me today.\n\nPriya\n"}, ["Priya"], ["Information Governance Officer", "Please send"]),
    ("a-given-name-no-officer-has-stays", {"c.txt": "Prepared by Priya Sandhu.\n\nAmber\n\nThe amber warning remains.\n"}, ["Sandhu"], ["Amber", "amber"]),
    ("initials-after-an-approval-label", {"d.txt": "Prepared by Zoe Adebayo, 27 June 2024. Cleared: R.P.\nApproved by: CMT\nChecked by: ICT\n"},
     ["R.P.", "Adebayo"], ["CMT", "ICT", "27 June 2024"]),
]


@pytest.mark.parametrize("row", SIGN_OFF_ROWS, ids=[r[0] for r in SIGN_OFF_ROWS])
def test_sign_offs_by_first_name_or_initials(engine, policy, tmp_path, row):
    check_folder_row(engine, policy, tmp_path, row)


EXPORT_ROWS = [
    # (id, files, gone, kept): exports and registers written by other systems than Excel
    ("tab-separated-with-commas-in-cells", {"owners.csv":
        "Cost centre\tDescription\tBudget holder\tBudget holder title\tTelephone\n"
        "KW-ICT-310\tICT Infrastructure\tNOWAK, Bartłomiej\tInfrastructure Manager\t+44 (0)116 496 0733\n"
        "KW-COR-110\tCorporate Communications\tAdaeze Nwankwo-Price\tCommunications Manager\t(0116) 4960788\n"
        "Exported 09/09/2024\n"},
     ["NOWAK", "Nwankwo-Price", "0733", "4960788"], ["ICT Infrastructure", "Infrastructure Manager", "Communications Manager", "KW-ICT-310"]),
    ("snake-case-headers-and-approver-initials", {"po.csv":
        "PO_NO,REQUISITIONER,APPROVER,COST_CENTRE,SUPPLIER_NAME,LINE_DESC,NET_VALUE\n"
        "4500018211,Harjeet Sohal,BN,KW-ICT-310,Computacenter (UK) Ltd,Barracuda Email Protection - 12 months,9415.00\n"
        "4500018377,Harjeet Sohal,TBC,KW-ICT-310,CDW Ltd,Adobe Acrobat Standard x 40,3120.00\n"
        "Report run by KW\\hsohal from Unit4 ERP\n"},
     ["Sohal", "BN", "Computacenter", "Barracuda", "9415.00"], ["CDW Ltd", "Adobe Acrobat Standard", "3120.00", "TBC", "KW-ICT-310", "4500018211"]),
    ("hostname-column-in-any-row", {"assets.csv":
        "Asset tag,Type,Hostname,IP address,Assigned to\n"
        "A-01544,Laptop,CWD-LT-0412,DHCP,FARZANA BEGUM\n"
        "A-01602,Meeting room display,-,DHCP,Democratic Services\n"},
     ["CWD-LT-0412", "FARZANA BEGUM"], ["A-01544", "Laptop", "DHCP", "Democratic Services"]),
    ("welsh-council-name-is-not-a-person", {"readme.txt":
        "Cwmderwen County Borough Council / Cyngor Bwrdeistref Sirol Cwmderwen\n\nCompiled by Gwenllian ap Dafydd.\n"},
     ["Gwenllian ap Dafydd"], ["Cyngor Bwrdeistref Sirol Cwmderwen", "Cwmderwen County Borough Council"]),
    ("short-form-sign-off-and-header-labels", {"thread.txt":
        "From:\nOgunbiyi, Folasade <folasade.ogunbiyi@example.gov.uk>\nTo:\nDabrowski, Krzysztof\nSubject:\nFOI 1042\n\n"
        "Happy for the Microsoft 365 and Zoom Workplace answers to go out as they are.\nThanks,\nFola\n"},
     ["Ogunbiyi", "Fola\n", "Dabrowski"], ["Subject:", "Zoom Workplace", "Microsoft 365", "To:"]),
    ("section-numbers-years-and-funders-in-security-prose", {"report.txt":
        "3.1 In 2023 the Council replaced its perimeter firewalls with a Palo Alto Networks PA-1420 cluster, bought through "
        "Softcat at a cost of £49,350.\n\n3.3 Network anomaly detection is provided by Darktrace DETECT, funded from the "
        "Local Digital Cyber Fund until 30 September 2025.\n"},
     ["Palo Alto", "PA-1420", "Softcat", "£49,350", "Darktrace", "30 September 2025"], ["3.1 In 2023", "Local Digital Cyber Fund", "3.3"]),
    ("quote-titled-firewall-withholds-its-supplier-term-and-totals", {"renewal-quote.csv":
        "Quote summary - perimeter firewall renewal,,,\nSupplier,Pennine Network Services,,\nItem,Qty,Unit price,Line total\n"
        "Fortinet FortiGate 200F bundle (1 yr),2,\"£9,120.00\",\"£18,240.00\"\nProposed term,01/04/2027,31/03/2030,\n"
        "Approved by,Head of ICT,,\n"},
     ["Pennine Network Services", "FortiGate", "£9,120.00", "£18,240.00", "01/04/2027", "31/03/2030"], ["Head of ICT", "Proposed term", "Unit price"]),
    ("the-same-quote-under-a-neutral-title-keeps-its-figures", {"renewal-quote.csv":
        "Quote summary - network switch refresh,,,\nSupplier,Pennine Network Services,,\nItem,Qty,Unit price,Line total\n"
        "Aruba CX 6100 48-port switch,2,\"£9,120.00\",\"£18,240.00\"\nProposed term,01/04/2027,31/03/2030,\n"},
     [], ["Pennine Network Services", "Aruba CX 6100", "£9,120.00", "£18,240.00", "01/04/2027", "31/03/2030"]),
    ("a-released-row-in-a-firewall-titled-file-is-still-released", {"firewall-and-licensing.csv":
        "Line,Supplier,Annual cost,Expiry\nPerimeter firewall support,Softcat,\"£14,200\",31/03/2027\n"
        "Microsoft Enterprise Agreement,Bytes,\"£310,000\",30/06/2027\n"},
     ["Softcat", "£14,200", "31/03/2027"], ["Microsoft Enterprise Agreement", "Bytes", "£310,000", "30/06/2027"]),
    ("register-references-are-not-devices-but-hostnames-are", {"register.csv":
        "Ref,Contract,Supplier,Hostname\nAV-NET-01,Telephony,Gamma,\nAV-LIC-03,Payroll,Zellis,AV-SRV-03\n"},
     ["AV-SRV-03"], ["AV-NET-01", "AV-LIC-03", "Gamma", "Zellis"]),
    ("request-references-and-weekdays-in-a-firewall-thread", {"thread.txt":
        "Subject: RE: FOI WLDC-5521 - firewall contract\n\nPlease can you fill in the firewall details for FOI WLDC-5521 by Friday? "
        "The firewall is a Juniper SRX1500 supported by Kerv.\n"},
     ["SRX1500", "Kerv"], ["WLDC-5521", "by Friday"]),
    ("hyphenated-given-names-and-surnames-that-are-place-words", {"contacts.txt":
        "Contract manager: Hyun-woo Park, Senior Network Engineer\n\nSigned\nMei-ling Tan\nHead of Digital\n\n"
        "Deputy: Emma Hall. Meetings are held at Dale House, Victoria Park, Water Lane.\n"},
     ["Hyun-woo", "manager: Hyun", "Mei-ling", "Tan", "Emma Hall"], ["Signed", "Senior Network Engineer", "Dale House", "Victoria Park", "Water Lane"]),
]


@pytest.mark.parametrize("row", EXPORT_ROWS, ids=[r[0] for r in EXPORT_ROWS])
def test_exports_registers_and_threads(engine, policy, tmp_path, row):
    check_folder_row(engine, policy, tmp_path, row)


def test_a_redacted_security_paragraph_checks_clean(engine, policy, tmp_path):
    text = ("3.1 In 2023 the Council replaced its perimeter firewalls with a Palo Alto Networks PA-1420 cluster running "
            "PAN-OS 11.1.4, bought through Softcat at a three-year cost of £49,350, renewing on 31 March 2026.\n")
    (tmp_path / "first").mkdir()
    once = redact_text(engine, policy, text, tmp_path / "first")
    src = tmp_path / "again"
    src.mkdir()
    (src / "doc.txt").write_text(once, "utf-8")
    (result,) = pipeline.run(pipeline.walk([src]), policy, engine, pipeline.RunOptions())
    assert result.status.value == "clean", [(d.finding.entity, d.finding.rule) for d in result.decisions]


QA_ROWS = [
    ("a-follow-up-question-stays-on-the-firewall", {"qa.txt":
        "Q1. Who provides your network firewall, and what is the make and model?\n\n"
        "A1. Claranet provides a managed Check Point Quantum Spark 1900 service.\n\n"
        "Q2. What is the annual cost, and when does the contract end?\n\n"
        "A2. £12,495 per annum; 1st June 2024 to 31st May 2027.\n\n"
        "Q3. Who supplies your Microsoft Enterprise Agreement?\n\n"
        "A3. Bytes Software Services, £310,200 a year from 1 April 2023.\n"},
     ["Claranet", "Check Point", "£12,495", "1st June 2024", "31st May 2027"], ["Bytes Software Services", "£310,200", "1 April 2023", "Q2. What is the annual cost"]),
    ("junos-release-and-a-product-line-set-as-text", {"letter.txt":
        "Firewall - supplier Kerv; Juniper Networks SRX1500 (Junos OS 22.4R2-S2); £24,615 a year.\n\n"
        "Computacenter Cisco Firepower 2130 (two units)\n"},
     ["22.4R2-S2", "Kerv", "£24,615", "Computacenter", "2130"], ["two units"]),
    ("a-known-officer-in-a-file-path", {"note.txt":
        "Case officer: Jakub Kaczmarek, Information Rights Officer.\n\n"
        "C:\\Users\\Jakub.Kaczmarek\\OneDrive\\FOI\\response v3.docx\n"},
     ["Kaczmarek"], ["Information Rights Officer", "OneDrive"]),
]


@pytest.mark.parametrize("row", QA_ROWS, ids=[r[0] for r in QA_ROWS])
def test_question_and_answer_letters(engine, policy, tmp_path, row):
    check_folder_row(engine, policy, tmp_path, row)


def test_a_welsh_date_in_a_firewall_sentence_is_withheld(engine, policy, tmp_path):
    out = redact_text(engine, policy, "The firewall contract with Softcat renews on 30 Medi 2026 (30 September 2026).\n", tmp_path)
    for gone in ["30 Medi 2026", "30 September 2026", "Softcat"]:
        assert gone not in out, out
    assert "The firewall contract" in out


def test_names_with_an_inner_capital_are_signed_names_too(engine, policy, tmp_path):
    out = redact_text(engine, policy, "Yours sincerely,\n\nEilidh MacAulay\nInformation Governance Officer\n\n"
                      "Prepared by Callum McAllister, Network Manager.\n", tmp_path)
    assert_gone_and_kept(out, ["MacAulay", "McAllister"], ["Information Governance Officer", "Network Manager"])

"""Security catalogue and SecurityProductRecognizer: vendors, products, models, versions; releasable rows stay."""
from __future__ import annotations

from pathlib import Path

import pytest

from recognizers.catalogue import load_catalogue
from recognizers.security import SecurityProductRecognizer
from tests.recognizers.helpers import found

V, P = "SECURITY_VENDOR", "SECURITY_PRODUCT"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="module")
def products(catalogue):
    return SecurityProductRecognizer(catalogue)


@pytest.mark.parametrize(
    "text, expected",
    [
        # firewalls: vendor, product, model and OS version as separate spans
        ("Fortinet FortiGate 1000D (FortiOS 7.0.12)",
         [(V, "Fortinet"), (P, "FortiGate"), (P, "1000D"), (P, "FortiOS"), (P, "7.0.12")]),
        ("FortiGate 600E", [(P, "FortiGate"), (P, "600E")]),
        ("FortiOS 7.2.5", [(P, "FortiOS"), (P, "7.2.5")]),
        ("PAN-OS 10.2", [(P, "PAN-OS"), (P, "10.2")]),
        ("2 x Sophos XGS 2100 appliances running SFOS 19.5.3",
         [(V, "Sophos"), (P, "XGS 2100"), (P, "SFOS"), (P, "19.5.3")]),
        ("SonicWall NSa 2700 (SonicOS 7.0.1-5145)",
         [(V, "SonicWall"), (P, "NSa 2700"), (P, "SonicOS"), (P, "7.0.1-5145")]),
        ("Check Point 6200", [(V, "Check Point"), (P, "6200")]),
        ("Cisco Firepower 2130", [(V, "Cisco"), (P, "Firepower"), (P, "2130")]),
        ("Cisco Firepower FPR-\n2130 (FTD 7.2.4)",
         [(V, "Cisco"), (P, "Firepower"), (P, "FPR-\n2130"), (P, "FTD"), (P, "7.2.4")]),
        ("Meraki MX250", [(V, "Meraki"), (P, "MX250")]),
        ("WatchGuard Firebox M590", [(V, "WatchGuard"), (P, "Firebox"), (P, "M590")]),
        ("WatchGuard Firebox\nM690 appliances running Fireware 12.10.2",
         [(V, "WatchGuard"), (P, "Firebox"), (P, "M690"), (P, "Fireware"), (P, "12.10.2")]),
        ("Palo Alto Networks PA-3220", [(V, "Palo Alto Networks"), (P, "PA-3220")]),
        ("Palo Alto Networks\nPA-850", [(V, "Palo Alto Networks"), (P, "PA-850")]),
        ("Juniper SRX300", [(V, "Juniper"), (P, "SRX300")]),
        ("Check Point Quantum 6200", [(V, "Check Point"), (P, "Quantum"), (P, "6200")]),
        # anti-virus / endpoint
        ("the anti-virus console is ePO version 5.10.0 Update 15.", [(P, "ePO"), (P, "5.10.0 Update 15")]),
        ("ePolicy Orchestrator", [(P, "ePolicy Orchestrator")]),
        ("Trellix (formerly McAfee) ePolicy Orchestrator",
         [(V, "Trellix"), (V, "McAfee"), (P, "ePolicy Orchestrator")]),
        ("Trellix (formerly\nMcAfee) ePolicy\nOrchestrator",
         [(V, "Trellix"), (V, "McAfee"), (P, "ePolicy\nOrchestrator")]),
        ("ESET PROTECT", [(P, "ESET PROTECT")]),
        ("ESET \nPROTECT console version 10.1.", [(P, "ESET \nPROTECT"), (P, "10.1")]),
        ("Bitdefender GravityZone 7.8.4.270", [(V, "Bitdefender"), (P, "GravityZone"), (P, "7.8.4.270")]),
        ("through GravityZone Control Center;", [(P, "GravityZone Control Center")]),
        ("Sophos Intercept X", [(V, "Sophos"), (P, "Intercept X")]),
        ("Sophos Intercept X 2022.4.3 is managed from", [(V, "Sophos"), (P, "Intercept X"), (P, "2022.4.3")]),
        ("through Sophos Central;", [(P, "Sophos Central")]),
        ("CrowdStrike Falcon", [(V, "CrowdStrike"), (P, "Falcon")]),
        ("the anti-virus console is Falcon console version 7.10.17706.", [(P, "Falcon"), (P, "7.10.17706")]),
        ("SentinelOne Singularity", [(V, "SentinelOne"), (P, "Singularity")]),
        ("Microsoft Defender for Endpoint", [(P, "Microsoft Defender for Endpoint")]),
        ("Microsoft Defender for Endpoint Plan 2 is managed",
         [(P, "Microsoft Defender for Endpoint"), (P, "Plan 2")]),
        ("Microsoft Defender portal version Plan 2.", [(P, "Microsoft Defender portal"), (P, "Plan 2")]),
        ("Microsoft Sentinel", [(P, "Microsoft Sentinel")]),
        ("Symantec Endpoint Protection", [(P, "Symantec Endpoint Protection")]),
        ("Trend Micro Apex One", [(V, "Trend Micro"), (P, "Apex One")]),
        ("Webroot, Kaspersky and Darktrace", [(V, "Webroot"), (V, "Kaspersky"), (V, "Darktrace")]),
        # e-mail/web filtering, MFA, SIEM, backup
        ("Mimecast, Proofpoint and Zscaler", [(V, "Mimecast"), (V, "Proofpoint"), (V, "Zscaler")]),
        ("Barracuda", [(V, "Barracuda")]),
        ("Cisco Duo", [(V, "Cisco"), (P, "Duo")]),
        ("MFA is provided by Duo", [(P, "Duo")]),
        ("Okta", [(V, "Okta")]),
        ("Splunk", [(V, "Splunk")]),
        ("our SIEM is Sentinel", [(P, "Sentinel")]),
        ("Veeam and Rubrik", []),  # backup suppliers are released by default (not firewall or anti-virus)
        # a version attached only by the word "version" needs security nearby
        ("the firewall firmware version 7.2.5", [(P, "7.2.5")]),
    ],
)
def test_finds_security_products(products, text, expected):
    assert found(products, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # the releasable contracts and their supplier
        "Microsoft Enterprise Agreement",
        "Microsoft (Microsoft 365 E3, Windows 11 Enterprise E3, Enterprise Mobility + Security E3)",
        "Power BI Pro",
        "Power BI Premium Per User",
        "Qlik Sense Business",
        "Azure",
        "Microsoft",
        # generic words in ordinary prose (lower case, or no security context)
        "The falcon flew over the sentinel tower.",
        "A Falcon and a Sentinel.",
        "The duo presented the Quantum physics award.",
        "We aim to protect residents.",
        # versions with no security context
        "Version 1.2 of the policy was approved on 12.06.2021",
        "Freedom of Information Act 2000 - request FOI-2024-3613",
        # vendor names inside addresses
        "support@sophos.com",
        "www.sophos.com",
    ],
)
def test_leaves_releasable_and_ordinary_text(products, text):
    assert found(products, text) == []


@pytest.mark.parametrize(
    "text, vendor",
    [
        ("Sophos 2024 renewal", "Sophos"),
        ("Sophos 500 licences", "Sophos"),
        ("Sophos 973 devices", "Sophos"),
        ("Fortinet £59,070", "Fortinet"),
        ("Cisco 21/09/2020", "Cisco"),
        ("Cisco 2020-09-21", "Cisco"),
        ("Fortinet 24x7 support", "Fortinet"),
    ],
)
def test_numbers_after_a_vendor_that_are_not_models(products, text, vendor):
    assert found(products, text) == [(V, vendor)]


def test_date_after_model_is_not_a_version(products):
    assert found(products, "Fortinet FortiGate 200F 10-Aug-2020") == [(V, "Fortinet"), (P, "FortiGate"), (P, "200F")]


def test_entity_filter(products):
    assert found(products, "Fortinet FortiGate 600E", [V]) == [(V, "Fortinet")]


def test_find_products_reports_rules(catalogue):
    text = "Fortinet FortiGate 600E (FortiOS 7.2.5)"
    assert [(text[s:e], rule) for s, e, _, rule in catalogue.find_products(text)] == [
        ("Fortinet", "vendor"), ("FortiGate", "product"), ("600E", "model"), ("FortiOS", "product"), ("7.2.5", "version"),
    ]


@pytest.mark.parametrize(
    "text, security, release",
    [
        ("Standard Firewall (Network)", True, False),
        ("Anti-virus Software Application", True, False),
        ("Endpoint anti-virus licences", True, False),
        ("Anti-malware software for servers and desktops", True, False),
        ("Managed next-generation firewall service", True, False),
        ("Sophos Intercept X", True, False),
        ("Microsoft Defender for Endpoint", True, False),
        ("Microsoft Defender for Office 365", True, False),  # 'Office 365' inside a security product
        ("Secure email gateway", True, False),
        ("MFA tokens", True, False),
        ("Microsoft Enterprise Agreement", False, True),
        ("Power BI Pro", False, True),
        ("Microsoft 365 E3", False, True),
        ("Enterprise Mobility + Security E3", False, True),
        ("Microsoft Power BI or alternative BI platform", False, True),
        ("Revenues and benefits system", False, True),
        ("Payroll and HR", False, True),
        ("Network and Security Engineer", False, False),  # a job title, not a security row
        ("Information Security Officer", False, False),
        ("Gareth Trevelyan", False, False),
        ("", False, False),
    ],
)
def test_security_and_release_text(catalogue, text, security, release):
    assert catalogue.is_security_text(text) is security
    assert catalogue.is_release_text(text) is release


def test_catalogue_lists(catalogue):
    for word in ("firewall", "anti-virus", "antivirus", "anti-malware", "EDR", "XDR", "MFA", "2FA", "SIEM", "VPN"):
        assert word in catalogue.security_keywords
    assert "backup" not in catalogue.security_keywords  # backup contracts are released by default
    for word in ("enterprise agreement", "Microsoft 365", "Office 365", "Power BI", "BI platform", "Azure", "Qlik", "Tableau", "payroll"):
        assert word in catalogue.release_keywords
    assert "Microsoft" not in catalogue.vendors
    assert "Sophos" in catalogue.vendors


def test_site_catalogue_adds_vendors_and_keywords(tmp_path: Path):
    extra = tmp_path / "site.yaml"
    extra.write_text(
        "security_keywords: [data diode]\n"
        "vendors:\n  - name: Acme Shield\n    hardware: true\n    products: [ShieldOS]\n",
        encoding="utf-8",
    )
    catalogue = load_catalogue(extra)
    text = "Acme Shield 450X running ShieldOS 3.1.4"
    assert [(text[s:e], ent) for s, e, ent, _ in catalogue.find_products(text)] == [
        ("Acme Shield", V), ("450X", P), ("ShieldOS", P), ("3.1.4", P),
    ]
    assert catalogue.is_security_text("Data diode maintenance")
    assert not load_catalogue().is_security_text("Data diode maintenance")


@pytest.mark.parametrize("content", ["vendors: [", "- just a list", "vendors:\n  - products: [X]\n", "security_keywords: [1, 2]"])
def test_bad_site_catalogue_is_a_catalogue_error(tmp_path: Path, content: str):
    from recognizers.base import CatalogueError

    extra = tmp_path / "bad.yaml"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(CatalogueError):
        load_catalogue(extra)


def test_missing_site_catalogue_is_a_catalogue_error(tmp_path: Path):
    from recognizers.base import CatalogueError

    with pytest.raises(CatalogueError):
        load_catalogue(tmp_path / "absent.yaml")

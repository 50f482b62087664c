from tests.test_gate import *
def test_show(folder):
    with (folder / "contacts.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(CONTACTS)
    assert baseline(folder).exit_code == 0
    _, before = check_json(folder)
    print(sorted(_locations(before)))
    moved = LETTER.replace("Dear Applicant,\n\n", "Dear Applicant,\n\nThank you for your request.\n\nWe hold:\n\n")
    (folder / "letter.txt").write_text(moved.replace("(0113) 496 0431", "0113 4960431"), "utf-8")
    with (folder / "contacts.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["Phone", "Role", "Contact"], ["", "Caretaker", ""], ["0113 496 0431", "Records Manager", "Callum Carrick-Jones"]])
    code, after = check_json(folder)
    print(sorted(_locations(after)), after["summary"])

"""The built-in policy unhides hidden rows and columns: their cells are redacted like any, then shown."""
from __future__ import annotations

import re
import zipfile

import openpyxl

from redactor import pipeline


def _register_with_a_hidden_contacts_column(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Contracts"
    ws.append(["Contract", "Supplier", "Contact", "Telephone"])
    ws.append(["Payroll system", "Zellis", "Service desk", "0300 555 0100"])
    ws.append(["Grounds maintenance", "Idverde", "Priya Raman", "07700 900 412"])
    ws.column_dimensions["D"].hidden = True
    ws.row_dimensions[3].hidden = True
    wb.save(path)


def _all_xml(path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))


def test_hidden_column_is_shown_with_its_published_number_kept_and_its_mobile_redacted(engine, policy, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    _register_with_a_hidden_contacts_column(src / "register.xlsx")
    run_policy = policy.with_allow(["0300 555 0100"])
    (result,) = pipeline.run(pipeline.walk([src]), run_policy, engine, pipeline.RunOptions(redact=True, out_dir=out))
    assert result.status.value == "redacted", result.error
    xml = _all_xml(out / "register.xlsx")
    assert "0300 555 0100" in xml  # allow-listed: kept although it sat in a hidden column
    assert "07700" not in xml and "900 412" not in xml and "Priya" not in xml
    assert "Grounds maintenance" in xml  # the hidden row's releasable cells are released
    sheet = openpyxl.load_workbook(out / "register.xlsx")["Contracts"]
    assert not sheet.column_dimensions["D"].hidden and not sheet.row_dimensions[3].hidden
    assert not re.search(r'<col [^>]*hidden="1"', xml) and not re.search(r'<row [^>]*hidden="1"', xml)
    assert {d.finding.entity for d in result.decisions if d.finding.hidden_item is not None} >= {"HIDDEN_COLUMN", "HIDDEN_ROW"}

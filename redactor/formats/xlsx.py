"""Excel workbooks (.xlsx/.xlsm): extract cells and hidden content, write a redacted and sanitised copy.

openpyxl reads and rewrites the cells; everything openpyxl drops, keeps blindly or cannot see
(formula cached values, threaded comments, pivot caches, external links, connections, chart
caches, docProps) is read and removed at zip/XML level through redactor.formats.ooxml.

What redact() does with hidden items whose decision is REMOVE:
  HIDDEN_SHEET  → the sheet is deleted (KEEP/"unhide" makes it visible; its cells are redacted like any)
  HIDDEN_ROW / HIDDEN_COLUMN → the cells' values are cleared; the rows/columns stay, hidden (KEEP unhides)
  HIDDEN_CELL (white font, ';;;' format) → the value is cleared
  FAKE_REDACTION (text coloured like its fill) → the value becomes the redaction label
  COMMENT, DEFINED_NAME, DATA_VALIDATION → deleted; HEADER_FOOTER → the sheet's headers/footers cleared
  VBA_PROJECT → the macro project is dropped (the .xlsm stays a macro-enabled workbook without macros)
Parts that cannot be redacted in place are always removed, whatever the decision: pivot tables and
caches, external links, connections/query tables/data model, threaded comments and persons,
customXml, docProps/custom.xml, calcChain. Chart caches are always emptied (Excel rebuilds them).
"""
from __future__ import annotations

import datetime as dt
import functools
import io
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from lxml import etree

from redactor.errors import FileProcessingError
from redactor.formats import ooxml
from redactor.formats.base import ReadOptions, WriteResult
from redactor.models import Action, Decision, Document, HiddenItem, Location, Segment, TableCell

EXCEL_CELL_LIMIT = 32767  # Excel's maximum characters in a cell; longer means a crafted file
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_MARKER = "purl.oclc.org/ooxml"
MACRO_WORKBOOK_CT = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
DEFAULT_LABEL = "[Redacted]"

# Parts removed from every output (prefixes of part names); see the module docstring.
ALWAYS_REMOVE_PREFIXES = (
    "xl/pivotTables/", "xl/pivotCache/", "xl/externalLinks/", "xl/connections.xml", "xl/queryTables/",
    "xl/model/", "xl/threadedComments/", "xl/persons/", "customXml/", "docProps/custom.xml",
    "xl/calcChain.xml", "xl/embeddings/", "xl/slicers/", "xl/slicerCaches/", "xl/timelines/",
    "xl/timelineCaches/",
)
ALWAYS_REMOVE_CT = ("pivotTable", "pivotCache", "externalLink", "connections", "queryTable", "threadedComments",
                    "person", "calcChain", "customXmlProperties", "slicer", "timeline")
VBA_PREFIXES = ("xl/vbaProject", "xl/vbaData", "xl/vbaProjectSignature")
# [1]Sheet!A1, '[book.xlsx]Sheet'!A1, [1]!Name — but not structured table references like Table1[Col].
_EXTERNAL_REF = re.compile(r"\[[^\[\]]+\][^\[\]!(),]*!")
_SIMPLE_REF = re.compile(r"^=?\s*(?:'[^']+'|[A-Za-z0-9_.]+)!\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?$")


# --------------------------------------------------------------------------- handler-private state


@dataclass
class _State:
    """What extract learnt that redact needs again (never serialised)."""

    data: bytes  # decrypted zip bytes
    part_names: list[str]
    formula_cache: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (sheet, A1) → (t, v)
    drawing_parts: dict[str, int] = field(default_factory=dict)  # drawing part → shapes openpyxl drops
    is_macro: bool = False
    encrypted: bool = False
    # The workbook extract parsed, handed to redact once (redact edits it): parsing a large workbook
    # costs as much as saving it, so it is not parsed twice.
    workbook: Any = None

    def take_workbook(self, keep_vba: bool):
        wb, self.workbook = self.workbook, None
        # Extract parses without the VBA project; a workbook that keeps its macros is parsed again.
        return _load_workbook(self.data, keep_vba=keep_vba) if wb is None or keep_vba else wb


def _ref(kind: str, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, **extra}


# --------------------------------------------------------------------------- the handler


class XlsxHandler:
    name = "xlsx"
    suffixes = (".xlsx", ".xlsm")

    def extract(self, path: Path, options: ReadOptions) -> Document:
        pkg = ooxml.open_package(Path(path), options)
        _refuse_strict(pkg)
        wb = _load_workbook(pkg.data, keep_vba=False)
        state = _State(data=pkg.data, part_names=pkg.names(), encrypted=_was_encrypted(Path(path)), workbook=wb)
        doc = Document(path=Path(path), format=self.name, state=state)
        budget = _Budget(options.max_bytes)
        sheet_parts = _sheet_parts(pkg)
        shared = _shared_strings(pkg)
        for ws in wb.worksheets:
            part = sheet_parts.get(ws.title)
            cache = _formula_cache(pkg, part, shared) if part else {}
            for coord, value in cache.items():
                state.formula_cache[(ws.title, coord)] = value
            _extract_sheet(doc, ws, cache, budget)
        for cs in wb.chartsheets:
            _add(doc, budget, Segment(cs.title, Location(sheet=cs.title), "sheet-name",
                                      ref=_ref("sheet-name", sheet=cs.title)))
        _extract_defined_names(doc, wb, budget)
        _extract_threaded_comments(doc, pkg, sheet_parts, budget)
        _extract_parts(doc, pkg, state, budget)
        _extract_properties(doc, pkg, budget)
        return doc

    def redact(self, doc: Document, decisions: list[Decision], out_path: Path, options: ReadOptions) -> WriteResult:
        state = doc.state if isinstance(doc.state, _State) else self.extract(Path(doc.path), options).state
        plan = _Plan.build(doc, decisions)
        result = WriteResult()
        wb = state.take_workbook(plan.keep_vba)
        _apply_segment_decisions(wb, doc, plan)
        _apply_hidden_decisions(wb, doc, plan, result)
        _freeze_external_formulas(wb, state, plan)
        _sync_table_headers(wb)
        _clear_workbook_properties(wb)
        saved = _save_workbook(wb)
        out = ooxml.Package.from_bytes(saved, options, check_xml=False)
        _post_process(out, state, plan, Path(out_path), result, doc.hidden)
        if state.encrypted:
            result.warnings.append("the input was password-protected; the redacted copy is not")
        problems = out.problems()
        if problems:
            raise FileProcessingError(f"rewritten workbook is not a valid package ({problems[0]})")
        out.save(Path(out_path))
        return result

    def residual_text(self, path: Path, options: ReadOptions) -> Iterable[tuple[str, str]]:
        return ooxml.residual_text(Path(path), options)


HANDLER = XlsxHandler()


# --------------------------------------------------------------------------- loading


def _was_encrypted(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return ooxml.is_ole(fh.read(8))
    except OSError:
        return False


def _refuse_strict(pkg: ooxml.Package) -> None:
    for rel in pkg.relationships(""):
        if rel.type.endswith("/officeDocument") and STRICT_MARKER in rel.type:
            raise FileProcessingError("Strict Open XML workbook is not supported: save it as an Excel Workbook (.xlsx)")
    if "xl/workbook.xml" in pkg:
        head = pkg.read("xl/workbook.xml")[:4096]
        if b'conformance="strict"' in head or STRICT_MARKER.encode() in head:
            raise FileProcessingError("Strict Open XML workbook is not supported: save it as an Excel Workbook (.xlsx)")


def _load_workbook(data: bytes, keep_vba: bool):
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), data_only=False, keep_vba=keep_vba, keep_links=False,
                                        rich_text=False)
    except FileProcessingError:
        raise
    except Exception as exc:  # openpyxl raises anything from KeyError to TypeError on bad parts
        raise FileProcessingError(f"workbook could not be parsed ({type(exc).__name__})") from None
    if not wb.worksheets and not wb.chartsheets:
        raise FileProcessingError("workbook has no readable worksheets (Strict Open XML or damaged workbook part)")
    return wb


def _save_workbook(wb) -> bytes:
    buf = io.BytesIO()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb.save(buf)
    except Exception as exc:
        raise FileProcessingError(f"workbook could not be rewritten ({type(exc).__name__})") from None
    return buf.getvalue()


class _Budget:
    """Caps the total extracted text, so a few crafted shared strings cannot become gigabytes of segments."""

    def __init__(self, limit: int):
        self.limit = limit
        self.used = 0

    def take(self, text: str) -> None:
        self.used += len(text)
        if self.used > self.limit:
            raise FileProcessingError("extracted text would exceed the size limit (crafted workbook)")


def _add(doc: Document, budget: _Budget, seg: Segment) -> Segment | None:
    if not seg.text or not seg.text.strip():
        return None
    if seg.cell is not None and len(seg.text) > EXCEL_CELL_LIMIT:
        raise FileProcessingError("a cell holds more text than Excel allows (crafted workbook)")
    budget.take(seg.text)
    return doc.add(seg)


# --------------------------------------------------------------------------- raw XML readers


def _workbook_part(pkg: ooxml.Package) -> str:
    for rel in pkg.relationships(""):
        if rel.type.endswith("/officeDocument") and rel.resolved:
            return rel.resolved
    return "xl/workbook.xml"


def _sheet_parts(pkg: ooxml.Package) -> dict[str, str]:
    """Sheet title → worksheet part name, from workbook.xml and its relationships."""
    wb_part = _workbook_part(pkg)
    if wb_part not in pkg:
        return {}
    targets = {r.id: r.resolved for r in pkg.relationships(wb_part) if r.resolved}
    out: dict[str, str] = {}
    for el in pkg.xml(wb_part).iter(f"{{{MAIN_NS}}}sheet"):
        rid = el.get(f"{{{ooxml.OFFICE_REL_NS}}}id")
        target = targets.get(rid or "")
        if target and target in pkg:
            out[el.get("name") or ""] = target
    return out


def _si_text(si: etree._Element) -> str:
    # Phonetic runs (rPh) are readings, not the displayed string.
    return "".join(t.text or "" for t in si.iter(f"{{{MAIN_NS}}}t") if t.getparent() is None
                   or ooxml.local(t.getparent().tag) != "rPh")


def _shared_strings(pkg: ooxml.Package) -> list[str]:
    names = [r.resolved for r in pkg.relationships(_workbook_part(pkg)) if r.type.endswith("/sharedStrings")]
    if not names or names[0] not in pkg:
        return []
    return [_si_text(si) for si in pkg.xml(names[0]) if ooxml.local(si.tag) == "si"]


_FORMULA_ELEMENT = re.compile(rb"<(?:[\w.-]+:)?f[\s/>]")


def _formula_cache(pkg: ooxml.Package, part: str, shared: list[str]) -> dict[str, tuple[str, str]]:
    """Cached results of formula cells, {A1: (type, value)}: openpyxl throws these away."""
    out: dict[str, tuple[str, str]] = {}
    if not _FORMULA_ELEMENT.search(pkg.read(part)):
        return out  # no formula in the sheet: spare parsing it a second time
    for c in pkg.xml(part).iter(f"{{{MAIN_NS}}}c"):
        f = c.find(f"{{{MAIN_NS}}}f")
        v = c.find(f"{{{MAIN_NS}}}v")
        if f is None or v is None or v.text is None or not c.get("r"):
            continue
        kind, text = c.get("t", "n"), v.text
        if kind == "s":
            try:
                kind, text = "str", shared[int(text)]
            except (ValueError, IndexError):
                continue
        out[c.get("r")] = (kind, text)
    return out


def _part_strings(root: etree._Element, attrs: tuple[str, ...] = ("v", "n", "name", "caption", "val")) -> list[str]:
    """Distinct human text of a part: text nodes and the named attributes, numbers included."""
    seen: dict[str, None] = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.text and el.text.strip():
            seen.setdefault(el.text.strip(), None)
        for key in attrs:
            value = el.get(key)
            if value and value.strip():
                seen.setdefault(value.strip(), None)
    # Very long runs are encoded payloads (e.g. a Power Query mashup), not words; the part is removed anyway.
    return [s for s in seen if len(s) <= EXCEL_CELL_LIMIT]


# --------------------------------------------------------------------------- cells


def _col_letter(idx: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(idx)


def _hidden_rows(ws) -> set[int]:
    rows = set()
    for idx, dim in ws.row_dimensions.items():
        if dim.hidden or (dim.customHeight and dim.height == 0):
            rows.add(idx)
    return rows


def _hidden_cols(ws) -> set[int]:
    cols = set()
    for dim in ws.column_dimensions.values():
        if dim.hidden or (dim.customWidth and dim.width == 0):
            lo, hi = dim.min or 0, dim.max or 0
            if lo and hi and hi - lo < 16384:
                cols.update(range(lo, hi + 1))
    return cols


def _in_filter(ws, row: int) -> bool:
    ref = getattr(ws.auto_filter, "ref", None)
    if not ref:
        return False
    from openpyxl.utils import range_boundaries

    try:
        _, min_row, _, max_row = range_boundaries(ref)
    except ValueError:
        return False
    return min_row < row <= (max_row or row)


def _extract_sheet(doc: Document, ws, cache: dict[str, tuple[str, str]], budget: _Budget) -> None:
    title = ws.title
    sheet_hidden = ws.sheet_state in ("hidden", "veryHidden")
    _add(doc, budget, Segment(title, Location(sheet=title), where="hidden-sheet" if sheet_hidden else "sheet-name",
                              hidden=sheet_hidden, ref=_ref("sheet-name", sheet=title)))
    if sheet_hidden:
        detail = "very hidden sheet" if ws.sheet_state == "veryHidden" else "hidden sheet"
        doc.hidden.append(HiddenItem("HIDDEN_SHEET", Location(sheet=title), detail, _ref("sheet", sheet=title)))
    hidden_rows, hidden_cols = _hidden_rows(ws), _hidden_cols(ws)
    rows_with_data: set[int] = set()
    cols_with_data: set[int] = set()
    styles: dict[Any, Any] = {}
    for cell in _stored_cells(ws):
        if cell.value is None and cell.hyperlink is None and cell.comment is None:
            continue
        r, c = cell.row, cell.column
        where, hidden = "table", sheet_hidden
        if sheet_hidden:
            where = "hidden-sheet"
        elif r in hidden_rows:
            where, hidden = "hidden-row", True
        elif c in hidden_cols:
            where, hidden = "hidden-column", True
        if _extract_cell(doc, ws, cell, where, hidden, cache, budget, styles):
            if r in hidden_rows:
                rows_with_data.add(r)
            if c in hidden_cols:
                cols_with_data.add(c)
    for lo, hi in _runs(sorted(rows_with_data)):
        why = "rows hidden by a filter" if all(_in_filter(ws, r) for r in range(lo, hi + 1)) else "hidden rows"
        doc.hidden.append(HiddenItem("HIDDEN_ROW", Location(sheet=title, cell=f"{lo}:{hi}"), why,
                                     _ref("rows", sheet=title, rows=list(range(lo, hi + 1)))))
    for lo, hi in _runs(sorted(cols_with_data)):
        span = f"{_col_letter(lo)}:{_col_letter(hi)}"
        doc.hidden.append(HiddenItem("HIDDEN_COLUMN", Location(sheet=title, cell=span), "hidden columns",
                                     _ref("cols", sheet=title, cols=list(range(lo, hi + 1)))))
    _extract_header_footer(doc, ws, budget)
    _extract_data_validations(doc, ws, budget)


def _stored_cells(ws) -> list:
    """The cells the sheet actually stores, row by row (iter_rows would materialise the whole used range)."""
    cells = getattr(ws, "_cells", None)
    if isinstance(cells, dict):
        return [cells[key] for key in sorted(cells)]
    return [cell for row in ws.iter_rows() for cell in row]


def _runs(values: list[int]) -> Iterator[tuple[int, int]]:
    start = prev = None
    for v in values:
        if start is None:
            start = prev = v
        elif v == prev + 1:
            prev = v
        else:
            yield start, prev
            start = prev = v
    if start is not None:
        yield start, prev


def _extract_cell(doc, ws, cell, where, hidden, cache, budget, styles=None) -> bool:
    """Segments for one cell (value, formula + cached value, hyperlink, comment); True if it held anything."""
    value = cell.value
    if (cell.hyperlink is None and cell.comment is None and value is not None and styles is not None
            and not isinstance(value, bool) and _formula_text(value) is None):
        return _extract_plain_cell(doc, ws.title, cell, value, where, hidden, budget, styles)
    title, coord = ws.title, cell.coordinate
    loc = Location(sheet=title, cell=coord)
    grid = TableCell(title, cell.row - 1, cell.column - 1)
    added: list[Segment | None] = []

    def add(text: str, seg_where: str, ref: dict[str, Any], in_grid: bool = True, is_hidden: bool = hidden) -> None:
        seg = Segment(text, loc, seg_where, grid if in_grid else None, hidden=is_hidden, ref=ref)
        added.append(_add(doc, budget, seg))

    value = cell.value
    formula = _formula_text(value)
    if formula is not None:
        add(formula, "formula", _ref("formula", role="formula", sheet=title, cell=coord, where=where))
        cached = cache.get(coord)
        if cached and cached[0] in ("str", "n", "e") and cached[1].strip():
            kind = "text" if cached[0] == "str" else "number"
            add(cached[1], "formula", _ref("formula", role="cached", value_kind=kind, sheet=title, cell=coord,
                                           where=where))
    elif value is not None and not isinstance(value, bool):
        number_format = _styled(cell, styles, "number_format", lambda c: c.number_format)
        text, kind, extra = _display(value, number_format)
        add(text, where, _ref(kind, sheet=title, cell=coord, number_format=number_format, **extra))
    if cell.hyperlink is not None:
        link = cell.hyperlink
        for text in dict.fromkeys(t for t in (link.target, link.location, link.tooltip) if t):
            add(text, "hyperlink", _ref("hyperlink", sheet=title, cell=coord), in_grid=False)
    if cell.comment is not None:
        add(cell.comment.text or "", "comment", _ref("comment", sheet=title, cell=coord), False, True)
        add(cell.comment.author or "", "comment", _ref("comment-author", sheet=title, cell=coord), False, True)
        doc.hidden.append(HiddenItem("COMMENT", loc, "cell note", _ref("comment", sheet=title, cell=coord)))
    if value is not None:
        concealment = _styled(cell, styles, "concealment", _concealment)
        if concealment:
            entity, detail = concealment
            doc.hidden.append(HiddenItem(entity, loc, detail, _ref("cell", sheet=title, cell=coord)))
    return any(seg is not None for seg in added)


def _extract_plain_cell(doc, title, cell, value, where, hidden, budget, styles) -> bool:
    """_extract_cell for the usual cell, a value with no formula, link or note (the same segment and
    hidden item, in a fraction of the time: a large register has hundreds of thousands)."""
    style = getattr(cell, "_style", None)
    key = tuple(style) if style is not None else None
    looks = styles.get(key) if key is not None else None
    if looks is None:
        looks = (cell.number_format, _concealment(cell))
        if key is not None:
            styles[key] = looks
    number_format, concealment = looks
    text, kind, extra = _display(value, number_format)
    coord = cell.coordinate
    loc = Location(sheet=title, cell=coord)
    ref = _ref(kind, sheet=title, cell=coord, number_format=number_format, **extra)
    seg = _add(doc, budget, Segment(text, loc, where, TableCell(title, cell.row - 1, cell.column - 1), hidden=hidden, ref=ref))
    if concealment:
        entity, detail = concealment
        doc.hidden.append(HiddenItem(entity, loc, detail, _ref("cell", sheet=title, cell=coord)))
    return seg is not None


def _styled(cell, memo: dict | None, what: str, compute):
    """compute(cell) for what depends only on the cell's number format, font and fill, once per style."""
    style = getattr(cell, "_style", None)
    if memo is None or style is None:
        return compute(cell)
    key = (what, style.numFmtId, style.fontId, style.fillId)
    if key not in memo:
        memo[key] = compute(cell)
    return memo[key]


def _formula_text(value: Any) -> str | None:
    if isinstance(value, str) and value.startswith("=") and len(value) > 1:
        return value
    text = getattr(value, "text", None)  # ArrayFormula
    if isinstance(text, str):
        return text
    return None


def _display(value: Any, number_format: str) -> tuple[str, str, dict[str, Any]]:
    """(displayed text, kind, extra ref fields) of a cell value."""
    if isinstance(value, str):
        return value, "text", {}
    if isinstance(value, (dt.datetime, dt.date)):
        from openpyxl.utils.datetime import to_excel

        day = value.date() if isinstance(value, dt.datetime) else value
        try:
            serial = to_excel(value)
        except (ValueError, TypeError, OverflowError):
            serial = None
        return _format_date(value, number_format), "date", {"iso": day.isoformat(), "serial": serial}
    if isinstance(value, dt.time):
        return value.isoformat(), "date", {"iso": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return str(value), "number", {}
    if isinstance(value, float):
        return (str(int(value)) if value.is_integer() else repr(value)), "number", {}
    if isinstance(value, int):
        return str(value), "number", {}
    return str(value), "text", {}


_DATE_TOKENS = re.compile(
    r"yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|AM/PM|am/pm|A/P|a/p|\.0+|\"[^\"]*\"|\\.|.", re.I)


@functools.lru_cache(maxsize=4096)
def _format_date(value: dt.date, number_format: str) -> str:
    """The date as Excel would show it for common number formats; ISO when the format is not a date format."""
    fmt = (number_format or "General").split(";")[0]
    fmt = re.sub(r"\[[^\]]*\]", "", fmt)
    if not re.search(r"[dmy]", fmt, re.I) or fmt.lower() == "general":
        if isinstance(value, dt.datetime) and value.time() != dt.time(0):
            return value.isoformat(sep=" ")
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    tokens = _DATE_TOKENS.findall(fmt)
    is_dt = isinstance(value, dt.datetime)
    twelve = any(t.lower() in ("am/pm", "a/p") for t in tokens)
    out: list[str] = []
    for i, tok in enumerate(tokens):
        low = tok.lower()
        prev = next((t.lower() for t in reversed(tokens[:i]) if t.strip() and t[0].isalpha()), "")
        nxt = next((t.lower() for t in tokens[i + 1:] if t.strip() and t[0].isalpha()), "")
        minute = low in ("m", "mm") and (prev.startswith("h") or nxt.startswith("s"))
        if low == "yyyy":
            out.append(f"{value.year:04d}")
        elif low == "yy":
            out.append(f"{value.year % 100:02d}")
        elif minute:
            out.append(f"{value.minute:02d}" if is_dt else "00")
        elif low == "mmmmm":
            out.append(value.strftime("%B")[0])
        elif low == "mmmm":
            out.append(value.strftime("%B"))
        elif low == "mmm":
            out.append(value.strftime("%b"))
        elif low == "mm":
            out.append(f"{value.month:02d}")
        elif low == "m":
            out.append(str(value.month))
        elif low == "dddd":
            out.append(value.strftime("%A"))
        elif low == "ddd":
            out.append(value.strftime("%a"))
        elif low == "dd":
            out.append(f"{value.day:02d}")
        elif low == "d":
            out.append(str(value.day))
        elif low in ("hh", "h"):
            hour = value.hour if is_dt else 0
            if twelve:
                hour = hour % 12 or 12
            out.append(f"{hour:02d}" if low == "hh" else str(hour))
        elif low in ("ss", "s"):
            out.append(f"{value.second:02d}" if is_dt else "00")
        elif low in ("am/pm", "a/p"):
            pm = is_dt and value.hour >= 12
            out.append(("PM" if pm else "AM") if low == "am/pm" else ("P" if pm else "A"))
        elif low.startswith(".0"):
            out.append("." + "0" * (len(tok) - 1))
        elif tok.startswith('"'):
            out.append(tok[1:-1])
        elif tok.startswith("\\"):
            out.append(tok[1:])
        elif tok in ("_", "*"):
            continue
        else:
            out.append(tok)
    return "".join(out)


def _rgb(color) -> str | None:
    """'RRGGBB' of an openpyxl Color when it is an explicit or well-known colour, else None."""
    if color is None:
        return None
    kind = getattr(color, "type", None)
    if kind == "rgb" and isinstance(color.rgb, str):
        return color.rgb[-6:].upper()
    if kind == "indexed":
        return {0: "000000", 8: "000000", 1: "FFFFFF", 9: "FFFFFF"}.get(color.indexed)
    if kind == "theme":
        # Default theme: font colour 0 = Background 1 (white), 1 = Text 1 (black).
        return {0: "FFFFFF", 1: "000000"}.get(color.theme) if not color.tint else None
    return None


def _concealment(cell) -> tuple[str, str] | None:
    """HIDDEN_CELL for white-on-white or ';;;' cells, FAKE_REDACTION for dark text on the same dark fill."""
    fmt = (cell.number_format or "").replace(" ", "")
    sections = fmt.split(";")
    if len(sections) >= 3 and all(not s for s in sections[:3]) and (len(sections) == 3 or not sections[3]):
        return "HIDDEN_CELL", "number format ';;;' hides the value"
    font = _rgb(cell.font.color) if cell.font is not None else None
    fill = None
    if cell.fill is not None and getattr(cell.fill, "fill_type", None) == "solid":
        fill = _rgb(cell.fill.fgColor)
    if font is None and (cell.font is None or cell.font.color is None):
        font = "000000"  # automatic font colour
    if font is None:
        return None
    if fill is None and font == "FFFFFF":
        return "HIDDEN_CELL", "white text on no fill"
    if fill is not None and fill == font:
        if _is_dark(fill):
            return "FAKE_REDACTION", "text coloured like its dark fill (a box, not a redaction)"
        return "HIDDEN_CELL", "text coloured like its fill"
    return None


def _is_dark(rgb: str) -> bool:
    try:
        r, g, b = int(rgb[0:2], 16), int(rgb[2:4], 16), int(rgb[4:6], 16)
    except ValueError:
        return False
    return (0.299 * r + 0.587 * g + 0.114 * b) < 64


# --------------------------------------------------------------------------- sheet-level extras


_HF_NAMES = ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter")


def _extract_header_footer(doc: Document, ws, budget: _Budget) -> None:
    found = False
    hf = ws.HeaderFooter
    for name in _HF_NAMES:
        item = getattr(hf, name, None)
        if item is None:
            continue
        for pos in ("left", "center", "right"):
            part = getattr(item, pos, None)
            text = getattr(part, "text", None)
            if text and text.strip():
                where = "header" if "Header" in name else "footer"
                seg = _add(doc, budget, Segment(text, Location(sheet=ws.title, part=f"{name}.{pos}"), where,
                                                ref=_ref(where, sheet=ws.title, hf=name, pos=pos)))
                found |= seg is not None
    if found:
        doc.hidden.append(HiddenItem("HEADER_FOOTER", Location(sheet=ws.title), "page header/footer text",
                                     _ref("header-footer", sheet=ws.title)))


def _extract_data_validations(doc: Document, ws, budget: _Budget) -> None:
    for idx, dv in enumerate(ws.data_validations.dataValidation):
        texts = [dv.formula1, dv.formula2, dv.prompt, dv.promptTitle, dv.error, dv.errorTitle]
        loc = Location(sheet=ws.title, cell=str(dv.sqref) if dv.sqref else None, index=idx)
        ref = _ref("data-validation", sheet=ws.title, index=idx)
        added = [_add(doc, budget, Segment(t, loc, "data-validation", hidden=True, ref=ref)) for t in texts if t]
        any_text = any(seg is not None for seg in added)
        literal_list = dv.type == "list" and (dv.formula1 or "").startswith('"')
        if any_text and (literal_list or dv.prompt or dv.error):
            doc.hidden.append(HiddenItem("DATA_VALIDATION", loc, "data-validation list or message",
                                         _ref("data-validation", sheet=ws.title, index=idx)))


def _extract_defined_names(doc: Document, wb, budget: _Budget) -> None:
    scopes: list[tuple[str | None, Any]] = [(None, wb.defined_names)]
    scopes += [(ws.title, ws.defined_names) for ws in wb.worksheets]
    for scope, names in scopes:
        for name, dn in list(names.items()):
            if name.startswith("_xlnm.") or name.startswith("_xlfn."):
                continue
            loc = Location(sheet=scope, part="xl/workbook.xml")
            ref = _ref("defined-name", scope=scope, name=name)
            _add(doc, budget, Segment(name, loc, "defined-name", hidden=True, ref=ref))
            value = dn.attr_text or ""
            if value:
                _add(doc, budget, Segment(value, loc, "defined-name", hidden=True, ref=ref))
            if dn.hidden or (value and not _SIMPLE_REF.match(value)):
                doc.hidden.append(HiddenItem("DEFINED_NAME", loc, "defined name holding a value or hidden", ref))


def _extract_threaded_comments(doc: Document, pkg: ooxml.Package, sheet_parts: dict[str, str], budget) -> None:
    by_part = {part: title for title, part in sheet_parts.items()}
    for rel in pkg.all_relationships():
        if not rel.type.endswith("/threadedComment") or not rel.resolved or rel.resolved not in pkg:
            continue
        title = by_part.get(rel.source)
        for tc in pkg.xml(rel.resolved).iter():
            if ooxml.local(tc.tag) != "threadedComment":
                continue
            loc = Location(sheet=title, cell=tc.get("ref"), part=rel.resolved)
            text = " ".join(t for t in tc.itertext() if t.strip())
            ref = _ref("threaded-comment", part=rel.resolved)
            _add(doc, budget, Segment(text, loc, "comment", hidden=True, ref=ref))
            doc.hidden.append(HiddenItem("COMMENT", loc, "threaded comment (part removed on save)",
                                         _ref("part", parts=[rel.resolved])))
    for name in pkg.names():
        if not name.startswith("xl/persons/") or not name.endswith(".xml"):
            continue
        people = 0
        for person in pkg.xml(name).iter():
            if ooxml.local(person.tag) != "person":
                continue
            people += 1
            for attr in ("displayName", "userId"):
                _add(doc, budget, Segment(person.get(attr) or "", Location(part=name), "comment", hidden=True,
                                          ref=_ref("person", part=name)))
        if people:
            detail = f"{people} comment author(s) (part removed on save)"
            doc.hidden.append(HiddenItem("COMMENT", Location(part=name), detail, _ref("part", parts=[name])))


def _extract_parts(doc: Document, pkg: ooxml.Package, state: _State, budget: _Budget) -> None:
    """Pivot caches, external links, connections, charts, drawings, embedded objects and VBA."""
    for name in pkg.names():
        ct = pkg.content_type(name) or ""
        low = name.lower()
        data = pkg.read(name)
        loc = Location(part=name)
        if "pivotCacheDefinition" in ct or "pivotTable" in ct or "pivotCacheRecords" in ct:
            _strings_as_segments(doc, pkg, name, "pivot-cache", budget)
            if "pivotCacheRecords" not in ct:
                what = "pivot table" if "pivotTable" in ct else "pivot cache (holds the source rows)"
                doc.hidden.append(HiddenItem("PIVOT_CACHE", loc, f"{what} (removed on save)",
                                             _ref("part", parts=[name])))
        elif "externalLink" in ct or low.startswith("xl/externallinks/") and low.endswith(".xml"):
            _strings_as_segments(doc, pkg, name, "external-link", budget)
            for rel in pkg.relationships(name):
                if rel.external:
                    _add(doc, budget, Segment(rel.target, loc, "external-link", hidden=True,
                                              ref=_ref("external-link", part=name)))
            doc.hidden.append(HiddenItem("EXTERNAL_LINK", loc, "link to another workbook (removed on save)",
                                         _ref("part", parts=[name])))
        elif low == "xl/connections.xml" or low.startswith("xl/querytables/"):
            root = pkg.xml(name)
            for el in root.iter():
                for key in ("name", "description", "connection", "command", "sourceFile", "odcFile", "url"):
                    if el.get(key):
                        _add(doc, budget, Segment(el.get(key), loc, "data-connection", hidden=True,
                                                  ref=_ref("data-connection", part=name)))
            doc.hidden.append(HiddenItem("DATA_CONNECTION", loc, "data connection (removed on save)",
                                         _ref("part", parts=[name])))
        elif low.startswith("xl/model/") or (low.startswith("customxml/") and "/_rels/" not in low):
            if low.startswith("customxml/") and ooxml.is_xml_part(name, data):
                _strings_as_segments(doc, pkg, name, "data-connection", budget)
            doc.hidden.append(HiddenItem("DATA_CONNECTION", loc, "data model or custom XML (removed on save)",
                                         _ref("part", parts=[name])))
        elif "drawingml.chart" in ct and "chartsheet" not in ct:
            if _strings_as_segments(doc, pkg, name, "chart", budget, attrs=()):
                doc.hidden.append(HiddenItem("CHART_CACHE", loc, "chart data and label cache (emptied on save)",
                                             _ref("chart", parts=[name])))
        elif low.startswith("xl/drawings/") and low.endswith(".xml") and "/_rels/" not in low:
            shapes = _extract_drawing(doc, pkg, name, budget)
            if shapes:
                state.drawing_parts[name] = shapes
                doc.hidden.append(HiddenItem("DRAWING", loc, f"{shapes} shape(s) or text box(es): dropped on save",
                                             _ref("part", parts=[name])))
        elif low.startswith("xl/embeddings/"):
            doc.hidden.append(HiddenItem("EMBEDDED_OBJECT", loc, "embedded object: not examined, dropped on save",
                                         _ref("part", parts=[name])))
        elif low.startswith(VBA_PREFIXES) or "vbaProject" in ct:
            state.is_macro = True
            doc.hidden.append(HiddenItem("VBA_PROJECT", loc, "macro (VBA) project", _ref("vba", parts=[name])))
        elif low.startswith("xl/media/"):
            doc.notes.append(f"{name}: image not examined")


def _strings_as_segments(doc, pkg, name, where, budget, attrs=("v", "n", "name", "caption", "val")) -> int:
    count = 0
    for text in _part_strings(pkg.xml(name), attrs):
        if _add(doc, budget, Segment(text, Location(part=name), where, hidden=True, block=name,
                                     ref=_ref(where, part=name))) is not None:
            count += 1
    return count


def _extract_drawing(doc: Document, pkg: ooxml.Package, name: str, budget: _Budget) -> int:
    """Text of shapes/text boxes (openpyxl drops them) and image alt text; returns the shape count."""
    root = pkg.xml(name)
    shapes = 0
    for el in root.iter():
        tag = ooxml.local(el.tag)
        if tag in ("sp", "cxnSp", "graphicFrame") and not _is_chart_frame(el):
            shapes += 1
            text = " ".join(t.text for t in el.iter() if ooxml.local(t.tag) == "t" and t.text)
            _add(doc, budget, Segment(text, Location(part=name), "textbox", hidden=True, block=name,
                                      ref=_ref("textbox", part=name)))
        if tag == "cNvPr":
            for attr in ("descr", "title"):
                _add(doc, budget, Segment(el.get(attr) or "", Location(part=name), "textbox", hidden=True,
                                          ref=_ref("alt-text", part=name)))
    return shapes


def _is_chart_frame(el: etree._Element) -> bool:
    return ooxml.local(el.tag) == "graphicFrame" and any(ooxml.local(x.tag) == "chart" for x in el.iter())


def _extract_properties(doc: Document, pkg: ooxml.Package, budget: _Budget) -> None:
    sources = (("docProps/core.xml", ooxml.core_properties(pkg)), ("docProps/app.xml", ooxml.app_properties(pkg)),
               ("docProps/custom.xml", ooxml.custom_properties(pkg)))
    for part, props in sources:
        added = 0
        for key, text in props.items():
            if _add(doc, budget, Segment(text, Location(part=part), "metadata", hidden=True,
                                         ref=_ref("metadata", part=part, name=key))):
                added += 1
        if added:
            doc.hidden.append(HiddenItem("METADATA", Location(part=part), "document properties (cleared on save)",
                                         _ref("part", parts=[part])))


# --------------------------------------------------------------------------- redaction plan


@dataclass
class _Plan:
    """Decisions grouped the way the workbook is edited."""

    by_segment: dict[int, list[Decision]]
    hidden: dict[int, Decision]
    keep_vba: bool
    macro_enabled: bool  # the source is an .xlsm: the output keeps the macro-enabled workbook type
    redacted_values: set[str]  # original substrings withheld, for caches outside openpyxl's reach
    touched_cells: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def build(cls, doc: Document, decisions: list[Decision]) -> "_Plan":
        by_segment: dict[int, list[Decision]] = {}
        hidden: dict[int, Decision] = {}
        values: set[str] = set()
        for d in decisions:
            f = d.finding
            if f.hidden_item is not None and 0 <= f.hidden_item < len(doc.hidden):
                hidden.setdefault(f.hidden_item, d)
                continue
            if d.action != Action.REDACT or not 0 <= f.segment < len(doc.segments):
                continue
            by_segment.setdefault(f.segment, []).append(d)
            text = doc.segments[f.segment].text
            value = text if f.whole_segment else text[max(f.start, 0):max(f.end, 0)]
            if value.strip():
                values.add(value)
        vba_items = [i for i, h in enumerate(doc.hidden) if h.entity == "VBA_PROJECT"]
        keep_vba = bool(vba_items) and all(i in hidden and hidden[i].action != Action.REMOVE for i in vba_items)
        macro = Path(doc.path).suffix.lower() == ".xlsm" or bool(vba_items)
        return cls(by_segment, hidden, keep_vba, macro, values)

    def label(self, decisions: list[Decision]) -> str:
        for d in decisions:
            if d.label:
                return d.label
        return DEFAULT_LABEL

    def hidden_action(self, index: int) -> Action | None:
        d = self.hidden.get(index)
        return d.action if d else None


def _apply_spans(text: str, decisions: list[Decision], default_label: str) -> str:
    """Replace each decision's [start:end] with its label; overlapping spans merge; whole_segment wins."""
    spans = []
    for d in decisions:
        f = d.finding
        if f.whole_segment or not (0 <= f.start < f.end <= len(text)):
            return d.label or default_label
        spans.append((f.start, f.end, d.label or default_label))
    spans.sort()
    merged: list[list[Any]] = []
    for start, end, label in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, label])
    for start, end, label in reversed(merged):
        text = text[:start] + label + text[end:]
    return text


def _sheet(wb, title: str | None):
    return wb[title] if title and title in wb.sheetnames else None


def _apply_segment_decisions(wb, doc: Document, plan: _Plan) -> None:
    renames: dict[str, str] = {}
    sheets = {title: wb[title] for title in wb.sheetnames}  # wb[title] scans every sheet: once per sheet
    for seg_id, decisions in plan.by_segment.items():
        seg = doc.segments[seg_id]
        ref = seg.ref if isinstance(seg.ref, dict) else {}
        kind = ref.get("kind")
        ws = sheets.get(ref.get("sheet"))
        label = plan.label(decisions)
        if kind in ("text", "number", "date", "formula") and ws is not None:
            grid = seg.cell
            cell = ws.cell(grid.row + 1, grid.col + 1) if grid is not None else ws[ref["cell"]]
            if kind == "text" and isinstance(cell.value, str) and cell.value == seg.text:
                cell.value = _apply_spans(cell.value, decisions, label)
            else:
                cell.value = label  # numbers, dates and formulas become a plain text cell
            cell.hyperlink = None
            plan.touched_cells.add((ws.title, ref["cell"]))
        elif kind == "hyperlink" and ws is not None:
            ws[ref["cell"]].hyperlink = None
        elif kind in ("comment", "comment-author") and ws is not None:
            _redact_comment(ws[ref["cell"]], kind, seg.text, decisions, label)
        elif kind in ("header", "footer") and ws is not None:
            part = getattr(getattr(ws.HeaderFooter, ref["hf"]), ref["pos"])
            if part.text == seg.text:
                part.text = _apply_spans(part.text, decisions, label)
            else:
                part.text = None
        elif kind == "data-validation" and ws is not None:
            _drop_validation(ws, ref["index"])
        elif kind == "defined-name":
            _drop_defined_name(wb, ref.get("scope"), ref["name"])
        elif kind == "sheet-name" and ref.get("sheet") in wb.sheetnames:
            renames[ref["sheet"]] = f"Redacted sheet {wb.sheetnames.index(ref['sheet']) + 1}"
    for old, new in renames.items():
        wb[old].title = new


def _redact_comment(cell, kind: str, original: str, decisions: list[Decision], label: str) -> None:
    from openpyxl.comments import Comment

    comment = cell.comment
    if comment is None:
        return
    text, author = comment.text or "", comment.author or ""
    if kind == "comment":
        text = _apply_spans(text, decisions, label) if text == original else label
    else:
        author = "Redacted"
    cell.comment = Comment(text, author, width=comment.width, height=comment.height)


def _drop_validation(ws, index: int) -> None:
    items = ws.data_validations.dataValidation
    if 0 <= index < len(items) and items[index] is not None:
        items[index] = None  # keep indices stable; compacted before saving


def _drop_defined_name(wb, scope: str | None, name: str) -> None:
    names = wb.defined_names if scope is None else (wb[scope].defined_names if scope in wb.sheetnames else {})
    if name in names:
        del names[name]


def _apply_hidden_decisions(wb, doc: Document, plan: _Plan, result: WriteResult) -> None:
    drop_sheets: list[str] = []
    done: Counter[str] = Counter()
    for index, item in enumerate(doc.hidden):
        action = plan.hidden_action(index)
        ref = item.ref if isinstance(item.ref, dict) else {}
        ws = _sheet(wb, ref.get("sheet"))
        kind = ref.get("kind")
        if kind == "sheet" and ws is not None:
            if action == Action.REMOVE:
                drop_sheets.append(ws.title)
            elif action == Action.KEEP:
                ws.sheet_state = "visible"
        elif kind in ("rows", "cols") and ws is not None:
            _hidden_lines(ws, kind, ref[kind], action, plan)
            if action == Action.REMOVE:
                done[f"hidden {kind[:-1]}(s) cleared"] += len(ref[kind])
        elif kind == "comment" and ws is not None and action == Action.REMOVE:
            ws[ref["cell"]].comment = None
            done["note(s) removed"] += 1
        elif kind == "cell" and ws is not None and action == Action.REMOVE:
            done[f"{item.entity.lower().replace('_', ' ')}(s) removed"] += 1
            cell = ws[ref["cell"]]
            if item.entity == "FAKE_REDACTION":
                if (ws.title, ref["cell"]) not in plan.touched_cells:
                    cell.value = _fake_box_label(plan.hidden[index])
                from openpyxl.styles import PatternFill

                cell.fill = PatternFill(fill_type=None)
            else:
                cell.value = None
            cell.hyperlink = None
            plan.touched_cells.add((ws.title, ref["cell"]))
        elif kind == "header-footer" and ws is not None and action == Action.REMOVE:
            from openpyxl.worksheet.header_footer import HeaderFooter

            ws.HeaderFooter = HeaderFooter()
            done["header/footer set(s) cleared"] += 1
        elif kind == "data-validation" and ws is not None and action == Action.REMOVE:
            _drop_validation(ws, ref["index"])
            done["data validation(s) removed"] += 1
        elif kind == "defined-name" and action == Action.REMOVE:
            _drop_defined_name(wb, ref.get("scope"), ref["name"])
            done["defined name(s) removed"] += 1
    for ws in wb.worksheets:
        ws.data_validations.dataValidation = [dv for dv in ws.data_validations.dataValidation if dv is not None]
    for title in drop_sheets:
        if len(wb.sheetnames) > 1:
            result.removed.append(f"hidden sheet #{wb.sheetnames.index(title) + 1}")
            wb.remove(wb[title])
    _ensure_visible_active(wb)
    result.removed.extend(f"{count} {what}" for what, count in sorted(done.items()))


def _fake_box_label(decision: Decision) -> str:
    label = decision.label or ""
    # A label for an entity with no exemption renders as "[Redacted ]": fall back to the plain label.
    return label if label and not re.search(r"\s\]$", label) else DEFAULT_LABEL


def _hidden_lines(ws, kind: str, indices: list[int], action: Action | None, plan: _Plan) -> None:
    if action == Action.KEEP:
        for i in indices:
            if kind == "rows":
                ws.row_dimensions[i].hidden = False
            else:
                ws.column_dimensions[_col_letter(i)].hidden = False
        return
    if action != Action.REMOVE:
        return
    wanted = set(indices)
    for cell in _stored_cells(ws):
        if (cell.row if kind == "rows" else cell.column) in wanted and cell.value is not None:
            cell.value = None
            cell.hyperlink = None
            cell.comment = None
            plan.touched_cells.add((ws.title, cell.coordinate))


def _ensure_visible_active(wb) -> None:
    visible = [i for i, ws in enumerate(wb.worksheets) if ws.sheet_state == "visible"]
    if not visible and wb.worksheets:
        wb.worksheets[0].sheet_state = "visible"
        visible = [0]
    if wb.active is None or wb.active.sheet_state != "visible":
        wb.active = visible[0]
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is wb.active


def _freeze_external_formulas(wb, state: _State, plan: _Plan) -> None:
    """Formulas pointing into external workbooks ([1]Sheet!A1) lose their link part: keep their last value."""
    for ws in wb.worksheets:
        for cell in _stored_cells(ws):
            formula = _formula_text(cell.value)
            if not formula or not _EXTERNAL_REF.search(formula):
                continue
            key = (ws.title, cell.coordinate)
            if key not in plan.touched_cells:
                cell.value = _cached_as_value(state.formula_cache.get(key))
            plan.touched_cells.add(key)
    for scope in [wb.defined_names] + [ws.defined_names for ws in wb.worksheets]:
        for name in [n for n, dn in scope.items() if _EXTERNAL_REF.search(dn.attr_text or "")]:
            del scope[name]


def _sync_table_headers(wb) -> None:
    """Excel tables repeat their header cells as column names: keep them equal (and unique) after redaction."""
    from openpyxl.utils import range_boundaries

    for ws in wb.worksheets:
        for table in ws.tables.values():
            if table.headerRowCount == 0 or not table.ref:
                continue
            try:
                min_col, min_row, _, _ = range_boundaries(table.ref)
            except ValueError:
                continue
            seen: set[str] = set()
            for offset, column in enumerate(table.tableColumns):
                value = ws.cell(row=min_row, column=min_col + offset).value
                name = str(value) if value is not None else column.name
                unique, n = name, 2
                while unique.casefold() in seen:
                    unique, n = f"{name} {n}", n + 1
                seen.add(unique.casefold())
                if unique != column.name:
                    column.name = unique
                    if value is not None and str(value) != unique:
                        ws.cell(row=min_row, column=min_col + offset).value = unique


def _cached_as_value(cached: tuple[str, str] | None) -> Any:
    if cached is None:
        return None
    kind, text = cached
    if kind == "n":
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number
    return text


def _clear_workbook_properties(wb) -> None:
    from openpyxl.packaging.custom import CustomPropertyList

    props = wb.properties
    for attr in ("creator", "lastModifiedBy", "title", "subject", "keywords", "description", "category",
                 "contentStatus", "identifier", "language", "version", "revision", "lastPrinted"):
        setattr(props, attr, None)
    fixed = dt.datetime(2000, 1, 1)
    props.created = fixed
    props.modified = fixed
    wb.custom_doc_props = CustomPropertyList()


# --------------------------------------------------------------------------- zip-level post-processing


def _post_process(pkg: ooxml.Package, state: _State, plan: _Plan, out_path: Path, result: WriteResult,
                  doc_hidden: list[HiddenItem]) -> None:
    doomed = [n for n in pkg.names() if n.startswith(ALWAYS_REMOVE_PREFIXES)
              or any(t in (pkg.content_type(n) or "") for t in ALWAYS_REMOVE_CT)]
    if not plan.keep_vba:
        doomed += [n for n in pkg.names() if n.startswith(VBA_PREFIXES)]
    pkg.remove_parts(doomed)
    ooxml.scrub_document_properties(pkg)
    _empty_chart_caches(pkg, plan.redacted_values)
    _scrub_drawings(pkg, plan.redacted_values)
    _restore_formula_values(pkg, state, plan)
    if plan.macro_enabled or out_path.suffix.lower() == ".xlsm":
        _mark_macro_enabled(pkg)
    if any(item.entity == "METADATA" for item in doc_hidden):
        result.removed.append("document properties cleared")
    kept = set(pkg.names())
    for name in sorted(set(state.part_names) - kept):
        if name.startswith(ALWAYS_REMOVE_PREFIXES) or name.startswith(VBA_PREFIXES):
            result.removed.append(name)
    for name, shapes in sorted(state.drawing_parts.items()):
        result.warnings.append(f"{name}: {shapes} shape(s)/text box(es) dropped on save")
    for name in sorted(state.part_names):
        if name.startswith("xl/embeddings/"):
            result.warnings.append(f"{name}: embedded object dropped on save")
    for folder, what in (("xl/media/", "image"), ("xl/charts/chart", "chart")):
        lost = sum(n.startswith(folder) for n in state.part_names) - sum(n.startswith(folder) for n in kept)
        if lost > 0:
            result.warnings.append(f"{lost} {what}(s) dropped on save")


def _empty_chart_caches(pkg: ooxml.Package, values: set[str]) -> None:
    for name in pkg.parts_of_type("drawingml.chart"):
        root = pkg.xml(name)
        for el in list(root.iter()):
            if ooxml.local(el.tag) in ("strCache", "numCache", "multiLvlStrCache") and el.getparent() is not None:
                el.getparent().remove(el)
        for el in root.iter():
            if isinstance(el.tag, str) and el.text and ooxml.local(el.tag) in ("t", "v") and not _numeric_data(el):
                el.text = _scrub_values(el.text, values)
        pkg.write_xml(name, root)


def _scrub_drawings(pkg: ooxml.Package, values: set[str]) -> None:
    """Image alt text (descr/title) and any drawing text that openpyxl carried over: withheld values go."""
    if not values:
        return
    for name in pkg.parts_of_type("drawing+xml"):
        root = pkg.xml(name)
        changed = False
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            for attr in ("descr", "title"):
                if el.get(attr) and _scrub_values(el.get(attr), values) != el.get(attr):
                    el.set(attr, _scrub_values(el.get(attr), values))
                    changed = True
            if ooxml.local(el.tag) == "t" and el.text and _scrub_values(el.text, values) != el.text:
                el.text = _scrub_values(el.text, values)
                changed = True
        if changed:
            pkg.write_xml(name, root)


def _numeric_data(el: etree._Element) -> bool:
    """Inside numeric chart data (numLit/numRef), where text would corrupt the chart."""
    return any(ooxml.local(a.tag) in ("numLit", "numRef", "numCache") for a in el.iterancestors())


def _scrub_values(text: str, values: set[str]) -> str:
    """Replace whole-token occurrences of withheld values (case-insensitive) with the plain label."""
    for value in sorted(values, key=len, reverse=True):
        if not value or value.casefold() not in text.casefold():
            continue
        left = r"(?<!\w)" if value[0].isalnum() else ""
        right = r"(?!\w)" if value[-1].isalnum() else ""
        text = re.sub(left + re.escape(value) + right, DEFAULT_LABEL, text, flags=re.I)
    return text


def _restore_formula_values(pkg: ooxml.Package, state: _State, plan: _Plan) -> None:
    """Put back the cached results openpyxl dropped, for formula cells nobody redacted, so readers that do
    not recalculate still show them. A cached value that was itself redacted is never restored."""
    if not state.formula_cache:
        return
    for title, part in _sheet_parts(pkg).items():
        wanted = {coord: v for (sheet, coord), v in state.formula_cache.items()
                  if sheet == title and (sheet, coord) not in plan.touched_cells}
        if not wanted:
            continue
        root = pkg.xml(part)
        changed = False
        for c in root.iter(f"{{{MAIN_NS}}}c"):
            cached = wanted.get(c.get("r") or "")
            v = c.find(f"{{{MAIN_NS}}}v")
            if cached is None or c.find(f"{{{MAIN_NS}}}f") is None or (v is not None and v.text):
                continue
            kind, value = cached
            if kind == "n":
                try:
                    float(value)
                except ValueError:
                    continue
            if plan.redacted_values and _scrub_values(value, plan.redacted_values) != value:
                continue
            if kind == "n":
                c.attrib.pop("t", None)
            else:
                c.set("t", kind)
            if v is None:
                v = etree.SubElement(c, f"{{{MAIN_NS}}}v")
            v.text = value
            changed = True
        if changed:
            pkg.write_xml(part, root)


def _mark_macro_enabled(pkg: ooxml.Package) -> None:
    part = _workbook_part(pkg)
    root = pkg.xml(ooxml.CONTENT_TYPES)
    for el in root:
        if ooxml.local(el.tag) == "Override" and el.get("PartName", "").lstrip("/") == part:
            el.set("ContentType", MACRO_WORKBOOK_CT)
    pkg.write_xml(ooxml.CONTENT_TYPES, root)

"""PDF format: read text, tables and hidden data and write true redactions (PyMuPDF); re-read with pypdfium2 and pypdf."""
from __future__ import annotations

import contextlib
import functools
import gc
import logging
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import pymupdf

from redactor.errors import EncryptedFile, FileProcessingError, RedactorError
from redactor.formats.base import ReadOptions, WriteResult
from redactor.models import Action, Decision, Document, HiddenItem, Location, Segment, TableCell

Box = tuple[float, float, float, float]

# Ligatures expanded (detectors read "fi", not U+FB01); no media-box clip, so text placed off
# the page is read too (and reported as hidden). The same flags must be used when redacting,
# because segment characters are addressed by their place in this extraction.
_TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE
# PyMuPDF clips to the page when no clip is given: text drawn beyond the page edge would then be
# neither seen nor removed, while other readers still extract it.
_EVERYWHERE = pymupdf.INFINITE_RECT()
_FILLED, _STROKED, _CLIPPED = 16, 32, 64  # fz_stext char flags
_META_KEYS = ("title", "author", "subject", "keywords", "creator", "producer")
_PERSONAL_META = ("title", "author", "subject", "keywords")
_MIN_LABEL_SIZE = 3.0
# MuPDF removes a glyph when the redaction touches its ascender-to-descender box shrunk by 10%;
# these are the shares of a line's box height left out at top and bottom of what is removed
# (keeps lines set as tight as 0.85 x font size intact) and of the black box drawn.
_REMOVE_INSET = 0.3
_SHOW_INSET = 0.12


# ---------------------------------------------------------------------------------------------
# Handler
# ---------------------------------------------------------------------------------------------


class PdfHandler:
    name = "pdf"
    suffixes = (".pdf",)

    def __init__(self, hide_widths: bool = True) -> None:
        # Set lines with a span withheld inside them again, so no glyph gives its width away.
        self.hide_widths = hide_widths

    def extract(self, path: Path, options: ReadOptions) -> Document:
        return extract(path, options)

    def redact(self, doc: Document, decisions: list[Decision], out_path: Path, options: ReadOptions) -> WriteResult:
        return redact(doc, decisions, out_path, options, hide_widths=self.hide_widths)

    def residual_text(self, path: Path, options: ReadOptions) -> Iterable[tuple[str, str]]:
        return residual_text(path, options)


HANDLER = PdfHandler()


# ---------------------------------------------------------------------------------------------
# Opening
# ---------------------------------------------------------------------------------------------


def _quiet_library() -> None:
    # The CLI is the only place that prints: keep MuPDF's messages and PyMuPDF's advert off stdout.
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    pymupdf.no_recommend_layout()


def _open(path: Path, options: ReadOptions) -> pymupdf.Document:
    """Open, decrypt and sanity-check a PDF; raise a one-line error for anything unreadable."""
    _quiet_library()
    try:
        size = Path(path).stat().st_size
    except OSError as exc:
        raise FileProcessingError(f"cannot read file ({exc.__class__.__name__})") from None
    if size > options.max_bytes:
        raise FileProcessingError(f"file is larger than the {options.max_bytes // (1024 * 1024)} MB limit")
    try:
        pdf = pymupdf.open(str(path), filetype="pdf")
    except Exception:
        raise FileProcessingError("not a readable PDF (damaged or not a PDF)") from None
    try:
        _unlock(pdf, options.passwords)
        if pdf.page_count < 1:
            raise FileProcessingError("PDF has no pages")
    except BaseException:
        pdf.close()
        raise
    return pdf


def _unlock(pdf: pymupdf.Document, passwords: list[str]) -> None:
    if not pdf.needs_pass:
        return
    for password in passwords:
        # AES-256 (R6) passwords are compared after SASLprep, which MuPDF leaves to the caller.
        for candidate in dict.fromkeys([password, _saslprep(password)]):
            if pdf.authenticate(candidate):
                return
    raise EncryptedFile("encrypted: give --password")


def _saslprep(password: str) -> str:
    """RFC 4013 mapping and normalisation: soft hyphens and the like dropped, odd spaces made plain, NFKC."""
    import stringprep
    import unicodedata

    mapped = "".join(" " if stringprep.in_table_c12(c) else c for c in password if not stringprep.in_table_b1(c))
    return unicodedata.normalize("NFKC", mapped)


def _guarded(step: str):
    """Turn any library failure inside a step into a one-line FileProcessingError."""

    def wrap(fn):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except RedactorError:
                raise
            except Exception as exc:
                raise FileProcessingError(f"cannot {step} PDF ({exc.__class__.__name__})") from None

        return run

    return wrap


# ---------------------------------------------------------------------------------------------
# Where segment characters are drawn
# ---------------------------------------------------------------------------------------------


@dataclass
class _Glyphs:
    """Where each character of a segment is drawn on its page (Segment.ref of page text).

    Characters are either addressed by (block, line, span, char) in the page's text dictionary,
    resolved to boxes only when redacting (reading boxes for every character costs 3x more), or
    carry their boxes already. Joining spaces have neither.
    """

    page: int  # 0-based
    runs: list[tuple[int, int, int, int, int, int]] = field(default_factory=list)  # start, block, line, span, char, length
    boxes: list[tuple[int, Box] | None] | None = None  # (line key, box) per character
    cell: Box | None = None

    def located(self, start: int, end: int, page_boxes: dict[tuple[int, int, int], list[Box]]) -> list[tuple[Any, Box] | None]:
        """(line key, box) for text[start:end], None where the character has no glyph."""
        if self.boxes is not None:
            return self.boxes[start:end]
        out: list[tuple[Any, Box] | None] = [None] * max(0, end - start)
        # Runs follow one another without overlapping: walk those that reach into start:end.
        first = max(0, bisect_right([r[0] for r in self.runs], start) - 1)
        for t0, b, l, s, c, n in self.runs[first:]:
            if t0 >= end:
                break
            chars = page_boxes.get((b, l, s))
            if chars is None:
                continue
            for k in range(max(t0, start), min(t0 + n, end, t0 + len(chars) - c)):
                out[k - start] = ((b, l), chars[c + k - t0])
        return out


class _TextBuilder:
    """Joins line pieces into one segment text with a newline, keeping where each character is.

    A line ending in a hyphen straight after a letter joins the next line without a space, so
    "Clarke-" + "Bennett" and "callum.carrick-" + "jones@..." read as the one token they are.
    """

    def __init__(self, page: int) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.glyphs = _Glyphs(page)

    def add_addressed(self, text: str, pieces: list[tuple[int, int, int, int, int]]) -> None:
        """A line given as (block, line, span, char, length) pieces of the page text."""
        self._join(text)
        for b, l, s, c, n in pieces:
            self.glyphs.runs.append((self.length, b, l, s, c, n))
            self.length += n
        self.parts.append(text)

    def add_boxed(self, text: str, boxes: list[tuple[Any, Box]]) -> None:
        self._join(text)
        if self.glyphs.boxes is None:
            self.glyphs.boxes = [None] * self.length
        self.glyphs.boxes.extend(boxes)
        self.parts.append(text)
        self.length += len(text)

    def _join(self, following: str) -> None:
        last = self.parts[-1] if self.parts else ""
        if last[-2:-1].isalnum() and last.endswith("-") and following[:1].isalnum():
            return
        if self.parts:
            # A newline, not a space: detectors keep line structure (a signature's name line,
            # a cell's title line) and NER reads the lines joined anyway.
            self.parts.append("\n")
            self.length += 1
            if self.glyphs.boxes is not None:
                self.glyphs.boxes.append(None)

    @property
    def text(self) -> str:
        return "".join(self.parts)


# ---------------------------------------------------------------------------------------------
# Extraction
# ---------------------------------------------------------------------------------------------


@_guarded("read")
def extract(path: Path, options: ReadOptions) -> Document:
    """Read a PDF into prose, table, metadata and hidden-data segments plus hidden items."""
    pdf = _open(path, options)
    with pdf:
        doc = Document(path=Path(path), format="pdf")
        _note_repairs(pdf, doc)
        _read_revisions(pdf, doc)
        _read_metadata(pdf, doc)
        _read_outline(pdf, doc)
        _read_embedded_files(pdf, doc)
        _read_scripts(pdf, doc)
        _read_xfa(pdf, doc)
        hidden_layers = _read_layers(pdf, doc)
        for page in pdf:
            _read_page(page, doc)
        if hidden_layers:
            _read_hidden_layer_text(pdf, doc, hidden_layers)
        return doc


def _note_repairs(pdf: pymupdf.Document, doc: Document) -> None:
    if pdf.is_repaired:
        doc.notes.append("file was damaged and has been repaired while reading")


def _read_revisions(pdf: pymupdf.Document, doc: Document) -> None:
    if pdf.version_count > 1:
        doc.hidden.append(
            HiddenItem("INCREMENTAL_UPDATE", Location(part="revisions"), f"{pdf.version_count} revisions (earlier ones keep old content)")
        )


def _read_metadata(pdf: pymupdf.Document, doc: Document) -> None:
    meta = pdf.metadata or {}
    for key in _META_KEYS:
        value = (meta.get(key) or "").strip()
        if value:
            doc.add(Segment(value, Location(part="metadata"), where="metadata", block="metadata", ref=("metadata", key)))
    for key, value in _custom_info(pdf):
        doc.add(Segment(value, Location(part="metadata"), where="metadata", block="metadata", ref=("metadata", key)))
    xmp = _xmp_text(pdf.get_xml_metadata() or "")
    if xmp:
        doc.add(Segment(xmp, Location(part="xmp"), where="metadata", block="xmp", ref=("metadata", "xmp")))
    personal = any((meta.get(k) or "").strip() for k in _PERSONAL_META)
    if personal or xmp or any(s.block == "metadata" and s.ref[1] not in _META_KEYS for s in doc.segments):
        doc.hidden.append(HiddenItem("METADATA", Location(part="metadata"), "document information and XMP metadata"))


def _custom_info(pdf: pymupdf.Document) -> list[tuple[str, str]]:
    """Info dictionary entries beyond the standard ones (Company, SourceModified...)."""
    kind, ref = pdf.xref_get_key(-1, "Info")
    if kind != "xref":
        return []
    xref = int(ref.split()[0])
    standard = {"Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate", "ModDate", "Trapped"}
    out = []
    for key in pdf.xref_get_keys(xref):
        if key in standard:
            continue
        kind, value = pdf.xref_get_key(xref, key)
        if kind == "string" and value.strip():
            out.append((key, value.strip()))
    return out


def _xmp_text(xml: str) -> str:
    text = re.sub(r"<[^>]*>", " ", xml)
    return " ".join(text.split())


def _read_outline(pdf: pymupdf.Document, doc: Document) -> None:
    toc = pdf.get_toc(simple=True)
    if not toc:
        return
    for i, (_level, title, page, *_rest) in enumerate(toc):
        if title.strip():
            loc = Location(page=page if page > 0 else None, part="outline", index=i)
            doc.add(Segment(title.strip(), loc, where="bookmark", block="outline", ref=("toc", i)))
    doc.hidden.append(HiddenItem("OUTLINE", Location(part="outline"), f"{len(toc)} bookmarks"))


def _read_embedded_files(pdf: pymupdf.Document, doc: Document) -> None:
    names = pdf.embfile_names()
    for i, name in enumerate(names):
        info = pdf.embfile_info(name)
        text = " ".join(dict.fromkeys(v for v in (name, info.get("filename"), info.get("ufilename"), info.get("description")) if v))
        doc.add(Segment(text, Location(part="embedded files", index=i), where="annotation", ref=("embfile", name)))
    if names:
        doc.hidden.append(HiddenItem("EMBEDDED_FILE", Location(part="embedded files"), f"{len(names)} embedded files", ref=("embfiles", names)))


_JS_MARK = re.compile(r"/(JS|JavaScript)\b(?!\s*null)")
_ACTION_MARK = re.compile(r"/S\s*/(JavaScript|Launch|SubmitForm|ImportData|URI|Rendition)\b")


def _read_scripts(pdf: pymupdf.Document, doc: Document) -> None:
    scripts = _script_xrefs(pdf)
    if scripts:
        doc.hidden.append(HiddenItem("JAVASCRIPT", Location(part="javascript"), f"{len(scripts)} objects with JavaScript", ref=scripts))
    if _open_action(pdf):
        doc.hidden.append(HiddenItem("OPEN_ACTION", Location(part="catalog"), "action run when the file is opened"))


def _script_xrefs(pdf: pymupdf.Document) -> list[int]:
    found = []
    for xref in range(1, pdf.xref_length()):
        try:
            source = pdf.xref_object(xref, compressed=True)
        except Exception:
            continue
        if _JS_MARK.search(source):
            found.append(xref)
    return found


def _open_action(pdf: pymupdf.Document) -> bool:
    """An open or additional action other than 'go to a page' (a plain GoTo is normal)."""
    catalog = pdf.pdf_catalog()
    kind, value = pdf.xref_get_key(catalog, "OpenAction")
    if kind == "xref":
        value = pdf.xref_object(int(value.split()[0]), compressed=True)
    action = kind != "null" and bool(_ACTION_MARK.search(value))
    return action or pdf.xref_get_key(catalog, "AA")[0] != "null"


def _read_xfa(pdf: pymupdf.Document, doc: Document) -> None:
    """XFA forms keep their data (and scripts) as XML packets beside the page content."""
    kind, value = pdf.xref_get_key(pdf.pdf_catalog(), "AcroForm/XFA")
    if kind == "null":
        return
    for i, xref in enumerate(int(x) for x in re.findall(r"(\d+) 0 R", value)):
        try:
            text = _xmp_text(pdf.xref_stream(xref).decode("utf-8", "replace"))
        except Exception:
            continue
        if text:
            doc.add(Segment(text, Location(part="xfa", index=i), where="form-field", block="xfa", ref=("xfa",)))
    doc.hidden.append(HiddenItem("FORM_FIELD", Location(part="xfa"), "XFA form data", ref=("xfa",)))


def _read_layers(pdf: pymupdf.Document, doc: Document) -> list[int]:
    """Optional content groups switched off: their content is invisible but extractable."""
    try:
        ocgs = pdf.get_ocgs() or {}
    except Exception:
        return []
    # get_ocgs() can report a layer on that the default configuration's /OFF list switches off;
    # the layer UI reads that list, so either saying "off" counts.
    ui_off = {config["text"] for config in pdf.layer_ui_configs() if not config["on"]}
    off = [xref for xref, info in ocgs.items() if not info.get("on", True) or info.get("name") in ui_off]
    if off:
        doc.hidden.append(HiddenItem("HIDDEN_LAYER", Location(part="layers"), f"{len(off)} optional content layers off", ref=off))
    return off


# ---------------------------------------------------------------------------------------------
# Page text
# ---------------------------------------------------------------------------------------------


@dataclass
class _PageFacts:
    """What one page has, gathered once and shared by the page's reading steps."""

    page: pymupdf.Page
    number: int  # 1-based
    drawings: list[dict]
    area: pymupdf.Rect  # the page in the unrotated coordinates that text and drawings use
    images: list[dict] = field(default_factory=list)  # get_image_info(), read only if the page has images
    tables: list[Any] = field(default_factory=list)
    hidden_reasons: set[str] = field(default_factory=set)
    hidden_segments: list[int] = field(default_factory=list)
    visible_chars: int = 0


def _read_page(page: pymupdf.Page, doc: Document) -> None:
    facts = _PageFacts(page, page.number + 1, page.get_drawings(), _unrotated(page))
    facts.images = page.get_image_info() if page.get_images() else []
    facts.tables = _find_tables(page, facts.drawings)
    if facts.tables:
        _read_text_with_tables(facts, doc)
    else:
        _read_text(facts, doc)
    _report_invisible_text(facts, doc)
    _read_annotations(facts, doc)
    _read_links(facts, doc)
    _read_form_fields(facts, doc)
    _read_fake_redactions(facts, doc)
    _check_image_only(facts, doc)


def _unrotated(page: pymupdf.Page) -> pymupdf.Rect:
    return page.rect * page.derotation_matrix if page.rotation else pymupdf.Rect(page.rect)


def _find_tables(page: pymupdf.Page, drawings: list[dict]) -> list[Any]:
    # find_tables costs ~60 ms a page; ruled tables need ruling lines, so skip pages without them.
    if not _has_ruling(drawings) or len(drawings) > 5000:
        return []
    return [t for t in page.find_tables().tables if t.row_count * t.col_count > 1]


def _has_ruling(drawings: list[dict]) -> bool:
    horizontal = vertical = 0
    for d in drawings:
        for item in d["items"]:
            if item[0] == "re":
                r = item[1]
                horizontal += r.width > 5
                vertical += r.height > 5
            elif item[0] == "l":
                p, q = item[1], item[2]
                horizontal += abs(p.y - q.y) < 1 and abs(p.x - q.x) > 5
                vertical += abs(p.x - q.x) < 1 and abs(p.y - q.y) > 5
        if horizontal >= 2 and vertical >= 2:
            return True
    return False


def _hidden_reason(span: dict, page_rect: pymupdf.Rect, fills: list[tuple[Box, tuple | None]]) -> str | None:
    """Why a span cannot be seen, or None: the ICO's 'invisible text' in its usual forms."""
    flags = span.get("char_flags", _FILLED)
    if span.get("alpha", 255) == 0 or not flags & (_FILLED | _STROKED) or span["font"].endswith("GlyphLessFont"):
        return "invisible"
    x0, y0, x1, y1 = span["bbox"]
    if x1 <= page_rect.x0 or x0 >= page_rect.x1 or y1 <= page_rect.y0 or y0 >= page_rect.y1:
        return "off-page"
    if flags & _CLIPPED:
        return "clipped"
    if span["size"] < 1.5:
        return "tiny"
    if _is_light(span["color"]) and not _on_coloured_fill(((x0 + x1) / 2, (y0 + y1) / 2), fills):
        return "white"
    return None


def _is_light(srgb: int) -> bool:
    r, g, b = (srgb >> 16) & 255, (srgb >> 8) & 255, srgb & 255
    return 0.299 * r + 0.587 * g + 0.114 * b >= 240


def _on_coloured_fill(centre: tuple[float, float], fills: list[tuple[Box, tuple | None]]) -> bool:
    """Light text is readable on a coloured shape or on a picture (fill None: colour unknown)."""
    x, y = centre
    return any(x0 <= x <= x1 and y0 <= y <= y1 and (fill is None or _luminance(fill) < 0.9) for (x0, y0, x1, y1), fill in fills)


def _luminance(rgb: tuple) -> float:
    if len(rgb) == 1:
        return rgb[0]
    if len(rgb) == 4:  # CMYK
        c, m, y, k = rgb
        rgb = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]


def _backgrounds(facts: _PageFacts) -> list[tuple[Box, tuple | None]]:
    """Filled shapes (with their colour) and pictures (colour unknown) that text may sit on."""
    shapes = [(tuple(d["rect"]), d["fill"]) for d in facts.drawings if d.get("fill") is not None]
    return shapes + [(tuple(info["bbox"]), None) for info in facts.images]


def _read_text(facts: _PageFacts, doc: Document) -> None:
    """Prose blocks of a page without tables: one segment per block, lines joined by a space."""
    page, n = facts.page, facts.number
    fills = _backgrounds(facts)
    text = page.get_text("dict", flags=_TEXT_FLAGS, clip=_EVERYWHERE)
    rows = _unruled_rows(text["blocks"], n)
    for b, block in enumerate(text["blocks"]):
        if block["type"] != 0:
            continue
        visible, hidden = _TextBuilder(page.number), _TextBuilder(page.number)
        for l, line in enumerate(block["lines"]):
            pieces = {True: ([], []), False: ([], [])}  # hidden? -> (texts, addresses)
            for s, span in enumerate(line["spans"]):
                reason = _hidden_reason(span, facts.area, fills)
                if reason:
                    facts.hidden_reasons.add(reason)
                texts, addresses = pieces[reason is not None]
                texts.append(span["text"])
                addresses.append((b, l, s, 0, len(span["text"])))
            for is_hidden, (texts, addresses) in pieces.items():
                _add_line(hidden if is_hidden else visible, texts, addresses)
        _add_block_segments(facts, doc, f"p{n}b{b}", visible, hidden, rows.get(b))


def _unruled_rows(blocks: list[dict], page_number: int) -> dict[int, str]:
    """Block index -> row key for blocks set side by side on one band: a table row drawn without rules.

    MuPDF makes each cell, or a run of cells, its own block; the row is what says which firewall
    a figure belongs to. Blocks that read as prose (long lines, full sentences) are never a row:
    two columns of a newsletter are not a table.
    """
    rows: dict[int, str] = {}
    group: list[int] = []
    band: tuple[float, float] | None = None
    direction: tuple[int, int] | None = None

    def close() -> None:
        if len(group) >= 2:
            for b in group:
                rows[b] = f"p{page_number}r{group[0]}"

    for b, block in enumerate(blocks):
        if block["type"] != 0 or not block["lines"] or _reads_as_prose(block):
            close()
            group, band = [], None
            continue
        dx, dy = block["lines"][0]["dir"]
        d = (round(dx), round(dy))
        x0, y0, x1, y1 = block["bbox"]
        across = (y0, y1) if abs(dx) >= abs(dy) else (x0, x1)
        if band is not None and d == direction and _span_overlap(band, across) >= 0.5 * min(band[1] - band[0], across[1] - across[0]):
            group.append(b)
            band = (min(band[0], across[0]), max(band[1], across[1]))
            continue
        close()
        group, band, direction = [b], across, d
    close()
    return rows


def _reads_as_prose(block: dict) -> bool:
    lines = ["".join(span["text"] for span in line["spans"]).strip() for line in block["lines"]]
    return any(len(line.split()) > 10 for line in lines) or sum(line.endswith(".") for line in lines) > 1


def _span_overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def _add_line(builder: _TextBuilder, texts: list[str], addresses: list[tuple[int, int, int, int, int]]) -> None:
    """Add one line's pieces without its leading and trailing whitespace."""
    line = "".join(texts)
    stripped = line.strip()
    if not stripped:
        return
    lead = len(line) - len(line.lstrip())
    keep = []
    offset = 0
    for b, l, s, c, length in addresses:
        lo, hi = max(offset, lead), min(offset + length, lead + len(stripped))
        if hi > lo:
            keep.append((b, l, s, c + lo - offset, hi - lo))
        offset += length
    builder.add_addressed(stripped, keep)


def _add_block_segments(facts: _PageFacts, doc: Document, block: str, visible: _TextBuilder, hidden: _TextBuilder,
                        row: str | None = None) -> None:
    index = len(doc.segments)
    if visible.text:
        facts.visible_chars += len(visible.text)
        loc = Location(page=facts.number, index=index)
        doc.add(Segment(visible.text, loc, where="prose", block=block, ref=visible.glyphs, row=row))
    if hidden.text:
        loc = Location(page=facts.number, index=index)
        seg = doc.add(Segment(hidden.text, loc, where="prose", block=f"{block}-hidden", hidden=True, ref=hidden.glyphs))
        facts.hidden_segments.append(seg.id)


def _read_text_with_tables(facts: _PageFacts, doc: Document) -> None:
    """A page with ruled tables: each non-empty cell is a segment; the rest is prose by block."""
    page, n = facts.page, facts.number
    fills = _backgrounds(facts)
    cells = _cell_boxes(facts.tables)
    cell_text: dict[tuple[int, int, int], dict[tuple[int, int], list[tuple[str, tuple[Any, Box]]]]] = {}
    raw = _raw_text(page)
    for b, block in enumerate(raw["blocks"]):
        if block["type"] != 0:
            continue
        visible, hidden = _TextBuilder(page.number), _TextBuilder(page.number)
        for l, line in enumerate(block["lines"]):
            prose: dict[bool, list[tuple[str, tuple[Any, Box]]]] = {True: [], False: []}
            for span in line["spans"]:
                reason = _hidden_reason(span, facts.area, fills)
                if reason:
                    facts.hidden_reasons.add(reason)
                for ch in span["chars"]:
                    item = (ch["c"], ((b, l), tuple(ch["bbox"])))
                    where = None if reason else _cell_of(ch["bbox"], cells)
                    if where is None:
                        prose[reason is not None].append(item)
                    else:
                        cell_text.setdefault(where, {}).setdefault((b, l), []).append(item)
            _add_boxed_line(visible, prose[False])
            _add_boxed_line(hidden, prose[True])
        _add_block_segments(facts, doc, f"p{n}b{b}", visible, hidden)
    _add_cell_segments(facts, doc, cells, cell_text)


def _cell_boxes(tables: list[Any]) -> list[tuple[tuple[int, int, int], Box]]:
    out = []
    for t, table in enumerate(tables):
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                if cell is not None:
                    out.append(((t, r, c), tuple(cell)))
    return out


def _cell_of(bbox: Box, cells: list[tuple[tuple[int, int, int], Box]]) -> tuple[int, int, int] | None:
    x, y = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    for key, (x0, y0, x1, y1) in cells:
        if x0 <= x < x1 and y0 <= y < y1:
            return key
    return None


def _add_boxed_line(builder: _TextBuilder, chars: list[tuple[str, tuple[Any, Box]]]) -> None:
    while chars and chars[0][0].isspace():
        chars = chars[1:]
    while chars and chars[-1][0].isspace():
        chars = chars[:-1]
    if chars:
        builder.add_boxed("".join(c for c, _ in chars), [where for _, where in chars])


def _add_cell_segments(facts: _PageFacts, doc: Document, cells: list, cell_text: dict) -> None:
    boxes = dict(cells)
    for key in sorted(cell_text):
        t, r, c = key
        builder = _TextBuilder(facts.page.number)
        for line_key in sorted(cell_text[key]):
            _add_boxed_line(builder, cell_text[key][line_key])
        if not builder.text:
            continue
        builder.glyphs.cell = boxes[key]
        facts.visible_chars += len(builder.text)
        table_id = f"p{facts.number}t{t}"
        loc = Location(page=facts.number, index=len(doc.segments))
        doc.add(Segment(builder.text, loc, where="table", cell=TableCell(table_id, r, c), block=table_id, ref=builder.glyphs))


@dataclass
class _HiddenText:
    page: int
    reasons: set[str]
    segments: list[int]


def _report_invisible_text(facts: _PageFacts, doc: Document) -> None:
    if not facts.hidden_segments:
        return
    reasons = sorted(facts.hidden_reasons)
    doc.hidden.append(
        HiddenItem(
            "INVISIBLE_TEXT",
            Location(page=facts.number),
            "text that is not visible (" + ", ".join(reasons) + ")",
            ref=_HiddenText(facts.page.number, set(reasons), list(facts.hidden_segments)),
        )
    )


# ---------------------------------------------------------------------------------------------
# Annotations, links, form fields
# ---------------------------------------------------------------------------------------------

_NO_TEXT_ANNOTS = {pymupdf.PDF_ANNOT_POPUP, pymupdf.PDF_ANNOT_LINK, pymupdf.PDF_ANNOT_WIDGET, pymupdf.PDF_ANNOT_REDACT}


def _read_annotations(facts: _PageFacts, doc: Document) -> None:
    page, n = facts.page, facts.number
    for i, annot in enumerate(page.annots()):
        kind = annot.type[0]
        if kind in _NO_TEXT_ANNOTS:
            continue  # Redact annotations are read as fake redactions
        ref = ("annot", page.number, annot.xref)
        loc = Location(page=n, part="annotation", index=i)
        texts = _annotation_texts(page.parent, annot)
        for text in texts:
            doc.add(Segment(text, loc, where="annotation", block=f"p{n}a{i}", ref=ref))
        if kind == pymupdf.PDF_ANNOT_FILE_ATTACHMENT:
            doc.hidden.append(HiddenItem("EMBEDDED_FILE", Location(page=n, index=i), "file attachment annotation", ref=ref))
        elif texts:
            doc.hidden.append(HiddenItem("ANNOTATION", Location(page=n, index=i), f"{annot.type[1]} annotation with text", ref=ref))


def _annotation_texts(pdf: pymupdf.Document, annot: pymupdf.Annot) -> list[str]:
    info = annot.info
    texts = [info.get(k, "") for k in ("content", "title", "subject")]
    kind, rich = pdf.xref_get_key(annot.xref, "RC")
    if kind == "string":
        texts.append(_xmp_text(rich))
    return [t.strip() for t in texts if t and t.strip()]


def _read_links(facts: _PageFacts, doc: Document) -> None:
    n = facts.number
    for i, link in enumerate(facts.page.get_links()):
        uri = link.get("uri") or ""
        if not uri:
            continue
        ref = ("link", facts.page.number, link.get("xref", 0), i)
        loc = Location(page=n, part="link", index=i)
        doc.add(Segment(uri, loc, where="hyperlink", block=f"p{n}l{i}", ref=ref))
        doc.hidden.append(HiddenItem("LINK", Location(page=n, index=i), "link to " + uri.split(":", 1)[0], ref=ref))


def _read_form_fields(facts: _PageFacts, doc: Document) -> None:
    n = facts.number
    for i, widget in enumerate(facts.page.widgets()):
        ref = ("widget", facts.page.number, widget.xref)
        loc = Location(page=n, part="form field", index=i)
        # Authoring tools name fields and write tooltips from the label beside them, so a name
        # on the page can live on in /T and /TU: scanned too, and a finding there drops the field.
        for label in dict.fromkeys(str(t).strip() for t in (widget.field_name, widget.field_label) if t and str(t).strip()):
            doc.add(Segment(label, loc, where="form-field", block=f"p{n}f{i}n", ref=ref))
        value = widget.field_value
        if value in (None, "", False, "Off") or not str(value).strip():
            continue
        doc.add(Segment(str(value).strip(), loc, where="form-field", block=f"p{n}f{i}", ref=ref))
        doc.hidden.append(HiddenItem("FORM_FIELD", Location(page=n, index=i), "form field with a value", ref=ref))


# ---------------------------------------------------------------------------------------------
# Fake redactions: shapes, highlights, hatching and images over text that is still there
# ---------------------------------------------------------------------------------------------

_ON_TOP = 1 << 30  # drawing order of annotations: after all page content


@dataclass
class _Cover:
    """Something drawn over the page that may hide text (x-ray's 'bad redaction' candidates)."""

    rect: pymupdf.Rect
    seqno: int  # drawing order on the page
    fill: tuple
    kind: str
    dark: bool
    check_render: bool  # confirm by rendering that the area shows one dark colour
    annot: int | None = None


@dataclass
class _FakeRedaction:
    page: int
    rect: Box
    dark: bool
    hidden_boxes: list[Box]
    annot: int | None


def _read_fake_redactions(facts: _PageFacts, doc: Document) -> None:
    # Annotations first: their appearances are among the drawings too, and they must win.
    covers = _annotation_covers(facts.page) + _shape_covers(facts.drawings, facts.area) + _hatch_covers(facts.drawings)
    covers += _image_covers(facts.images, facts.area, facts.visible_chars)
    if not covers:
        return
    spans = [s for s in facts.page.get_texttrace() if s["type"] not in (3, 7) and s["opacity"] > 0]
    seen: set[tuple[int, ...]] = set()
    for cover in covers:
        key = tuple(round(v) for v in cover.rect)
        if key in seen:
            continue  # an annotation's appearance is also among the page's drawings
        hidden = _covered_chars(cover, spans)
        if not _looks_like_hidden_text("".join(c for c, _ in hidden)) or not _hides(facts.page, cover, spans):
            continue
        seen.add(key)
        ref = _FakeRedaction(facts.page.number, tuple(cover.rect), cover.dark, [b for _, b in hidden], cover.annot)
        doc.hidden.append(HiddenItem("FAKE_REDACTION", Location(page=facts.number), f"{cover.kind} over text that is still there", ref=ref))


def _hides(page: pymupdf.Page, cover: _Cover, spans: list[dict]) -> bool:
    """Confirm what the drawing order suggests: a dark shape shows one dark colour when rendered;
    a light one either shows one colour or has other text written over it (a correction)."""
    if cover.dark:
        return not cover.check_render or _renders_flat(page, cover.rect, dark=True)
    # Highlights drawn after the text with a 'multiply' blend leave it readable: rendering tells.
    on_top = any(s["seqno"] > cover.seqno and cover.rect.intersects(s["bbox"]) for s in spans)
    return on_top or _renders_flat(page, cover.rect, dark=False)


def _shape_covers(drawings: list[dict], page_rect: pymupdf.Rect) -> list[_Cover]:
    # A light shape only counts when it is the size of a correction over a few words: larger
    # ones are backgrounds and panels (web-page prints draw them, clipped, over their headers).
    light_limit = 0.03 * abs(page_rect)
    out = []
    for d in drawings:
        fill = d.get("fill")
        if fill is None or (d.get("fill_opacity") or 1.0) < 1.0:
            continue
        rects = [pymupdf.Rect(item[1]) for item in d["items"] if item[0] == "re"]
        rects += [item[1].rect for item in d["items"] if item[0] == "qu"]
        if not rects:
            rects = [pymupdf.Rect(d["rect"])]  # a shape drawn with lines and curves
        dark = _luminance(fill) <= 0.4
        for rect in rects:
            rect.normalize()
            if rect.width <= 4 or rect.height <= 4:
                continue
            if dark:
                out.append(_Cover(rect, d["seqno"], fill, "box", True, check_render=True))
            elif abs(rect) <= light_limit and rect.height <= 60 and rect in page_rect:
                out.append(_Cover(rect, d["seqno"], fill, "light box", False, check_render=False))
    return out


def _hatch_covers(drawings: list[dict]) -> list[_Cover]:
    """Cross-hatching: pairs of crossing diagonals tiled over the withheld area."""
    out = []
    for d in drawings:
        items = d["items"]
        if len(items) < 2 or len(items) % 2 or any(item[0] != "l" for item in items):
            continue
        pairs = zip(items[0::2], items[1::2])
        if all(abs(a[1].x - b[1].x) <= 1 and abs(a[2].x - b[2].x) <= 1 and abs(a[1].y - a[2].y) > 1 for a, b in pairs):
            out.append(_Cover(pymupdf.Rect(d["rect"]), d["seqno"], (0, 0, 0), "cross-hatch", True, check_render=False))
    return out


def _annotation_covers(page: pymupdf.Page) -> list[_Cover]:
    out = []
    for annot in page.annots():
        kind = annot.type[0]
        colours = annot.colors or {}
        stroke, fill = colours.get("stroke"), colours.get("fill")
        if kind == pymupdf.PDF_ANNOT_REDACT:
            out.append(_Cover(annot.rect, _ON_TOP, (0, 0, 0), "unapplied redaction annotation", True, False, annot.xref))
        elif kind == pymupdf.PDF_ANNOT_HIGHLIGHT and stroke and _luminance(tuple(stroke)) <= 0.4:
            out.append(_Cover(annot.rect, _ON_TOP, tuple(stroke), "dark highlight", True, False, annot.xref))
        elif kind in (pymupdf.PDF_ANNOT_SQUARE, pymupdf.PDF_ANNOT_POLYGON) and fill and _luminance(tuple(fill)) <= 0.4:
            if annot.opacity is None or annot.opacity < 0 or annot.opacity >= 1:
                out.append(_Cover(annot.rect, _ON_TOP, tuple(fill), "filled box annotation", True, False, annot.xref))
    return out


def _image_covers(images: list[dict], page_rect: pymupdf.Rect, visible_chars: int) -> list[_Cover]:
    """Small images that may sit over text (x-ray: dark images used as redaction bars)."""
    if not visible_chars:
        return []
    out = []
    area = abs(page_rect)
    for info in images:
        rect = pymupdf.Rect(info["bbox"])
        if rect.is_empty or abs(rect) > 0.5 * area or rect.width < 10 or rect.height < 5:
            continue
        out.append(_Cover(rect, _ON_TOP, (0, 0, 0), "dark image", True, check_render=True))
    return out


def _covered_chars(cover: _Cover, spans: list[dict]) -> list[tuple[str, Box]]:
    """Characters drawn before the cover (or in its colour) and at least 80% under it."""
    out = []
    fill = tuple(round(x, 2) for x in cover.fill)
    cx0, cy0, cx1, cy1 = cover.rect
    for span in spans:
        sx0, sy0, sx1, sy1 = span["bbox"]
        if sx1 <= cx0 or sx0 >= cx1 or sy1 <= cy0 or sy0 >= cy1:
            continue
        if span["seqno"] > cover.seqno and tuple(round(x, 2) for x in span["color"]) != fill:
            continue  # drawn on top of the shape in another colour: readable
        for ch in span["chars"]:
            x0, y0, x1, y1 = ch[3]
            area = (x1 - x0) * (y1 - y0)
            width, height = min(x1, cx1) - max(x0, cx0), min(y1, cy1) - max(y0, cy0)
            if area > 0 and width > 0 and height > 0 and width * height >= 0.8 * area:
                out.append((chr(ch[0]), (x0, y0, x1, y1)))
    return out


# Words a box may sit on without hiding anything (x-ray's list): placeholders, not content.
_BOILERPLATE = re.compile(r"(name\s+)?redacted|confidential|privileged?|withheld|exempt", re.IGNORECASE)


def _looks_like_hidden_text(text: str) -> bool:
    """Readable text, not a lone character, a run of one repeated character, a placeholder word
    or an encoding mess."""
    core = re.sub(r"[\W_]+", "", _BOILERPLATE.sub("", text))
    return len(core) >= 2 and len(set(core.casefold())) > 1 and "\ufffd" not in text


def _renders_flat(page: pymupdf.Page, rect: pymupdf.Rect, dark: bool) -> bool:
    """The area shows (nearly) one colour (a dark one if asked), i.e. nothing readable in it."""
    clip = (rect * page.rotation_matrix) & page.rect  # rendering works in the displayed page
    if clip.is_empty or clip.width < 3 or clip.height < 3:
        return False
    pix = page.get_pixmap(colorspace=pymupdf.csGRAY, clip=clip, alpha=False)
    if pix.width < 3 or pix.height < 3:
        return False
    w, h, samples = pix.width, pix.height, pix.samples
    inner = [samples[y * pix.stride + x] for y in range(1, h - 1) for x in range(1, w - 1)]
    if not inner:
        return False
    return max(inner) - min(inner) <= 12 and (not dark or sum(inner) / len(inner) <= 100)


# ---------------------------------------------------------------------------------------------
# Pages that cannot be examined, text in hidden layers
# ---------------------------------------------------------------------------------------------


def _check_image_only(facts: _PageFacts, doc: Document) -> None:
    if facts.visible_chars:
        return
    area = abs(facts.area)
    covered = sum(abs(pymupdf.Rect(i["bbox"]) & facts.area) for i in facts.images)
    if area and covered >= 0.3 * area:
        doc.notes.append(f"page {facts.number}: image only, not examined (no OCR)")
        doc.hidden.append(HiddenItem("IMAGE_ONLY_PAGE", Location(page=facts.number), "scanned or image-only page, not examined"))


@dataclass
class _HiddenLayers:
    ocgs: list[int]
    boxes: list[tuple[int, Box]]


def _read_hidden_layer_text(pdf: pymupdf.Document, doc: Document, off: list[int]) -> None:
    """Text in layers switched off: MuPDF skips it, other readers do not. Read it with the layers on."""
    names = {info["name"] for xref, info in pdf.get_ocgs().items() if xref in off}
    # Switched on through the layer UI (set_layer() does not reach page rendering in 1.28.2);
    # in memory only: this copy is never saved.
    for config in pdf.layer_ui_configs():
        if not config["on"]:
            pdf.set_layer_ui_config(config["number"], 0)
    boxes: list[tuple[int, Box]] = []
    for page in pdf:
        for span in page.get_texttrace():
            raw = "".join(chr(c[0]) for c in span["chars"])
            text = raw.strip()
            if span["layer"] not in names or not text:
                continue
            lead = len(raw) - len(raw.lstrip())
            glyphs = _Glyphs(page.number, boxes=[(0, tuple(c[3])) for c in span["chars"][lead : lead + len(text)]])
            loc = Location(page=page.number + 1, part="hidden layer")
            doc.add(Segment(text, loc, where="prose", block=f"p{page.number + 1}-layer", hidden=True, ref=glyphs))
            boxes.append((page.number, tuple(span["bbox"])))
    item = next(h for h in doc.hidden if h.entity == "HIDDEN_LAYER")
    item.ref = _HiddenLayers(off, boxes)


# ---------------------------------------------------------------------------------------------
# Redaction
#
# What MuPDF removes is the union, per line, of the boxes of the characters withheld, so it
# always covers whole characters; MuPDF removes every glyph whose box it touches. PyMuPDF 1.28.2
# leaves the glyphs after a removed word where they were, so their offsets would still give the
# word's width away ("Story Beyond the Eye", PETS 2023): a line with a span withheld inside it is
# set again around a box of fixed width (see "Hiding the width of withheld words"). Whole cells
# keep a box the size of the cell, which says nothing about the text that was in it.
# ---------------------------------------------------------------------------------------------


@dataclass
class _Box:
    """One withheld area: what MuPDF removes, and the black box drawn in its place."""

    remove: list[Box]
    show: Box
    label: str
    fake: bool = False  # an author's covering shape made real: its reason is not ours to name


@dataclass
class _PagePlan:
    """Everything to do to one page, applied in passes so each kind keeps its own removal rules."""

    invisible_only: bool = False  # remove render-mode-invisible text anywhere on the page
    quiet: list[Box] = field(default_factory=list)  # remove text, draw nothing (hidden text)
    boxes: list[_Box] = field(default_factory=list)  # remove text and images, show a labelled box
    delete_annots: set[int] = field(default_factory=set)
    delete_links: set[int] = field(default_factory=set)  # index in page.get_links()
    delete_widgets: set[int] = field(default_factory=set)
    withheld: list[_Withheld] = field(default_factory=list)  # spans inside lines, laid out per line later
    shifted: list[Box] = field(default_factory=list)  # text removed to be set again (text only)
    resets: list[_Reset] = field(default_factory=list)


@dataclass
class _DocPlan:
    pages: dict[int, _PagePlan] = field(default_factory=dict)
    toc_titles: dict[int, str] = field(default_factory=dict)
    drop_toc: bool = False
    drop_files: bool = False
    drop_scripts: bool = False
    drop_open_action: bool = False
    drop_xfa: bool = False
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rotations: dict[int, int] = field(default_factory=dict)

    def page(self, number: int) -> _PagePlan:
        return self.pages.setdefault(number, _PagePlan())

    def sideways(self, number: int) -> bool:
        """Upright text on a page turned a quarter runs down the unrotated page."""
        return self.rotations.get(number, 0) in (90, 270)


@_guarded("write")
def redact(doc: Document, decisions: list[Decision], out_path: Path, options: ReadOptions, hide_widths: bool = True) -> WriteResult:
    """Write a redacted, sanitised full rewrite of doc.path to out_path (the input is only read).

    With hide_widths, a span withheld inside a line leaves no trace of its width: the line is
    removed and set again around a box whose width does not depend on the span.
    """
    # Page characters are read from a second, untouched copy, one page at a time, and each page is
    # planned and applied in turn: holding every page's characters and plan at once took 2 MB a
    # page. Decisions that need no characters are planned first, so a page's plan is complete (its
    # lines can be laid out again) once its own spans are planned.
    spills = _Spills(out_path, _open(doc.path, options))
    try:
        with _open(doc.path, options) as untouched:
            return _redact_pages(spills, untouched, doc, decisions, out_path, hide_widths)
    finally:
        spills.close()


def _redact_pages(spills: _Spills, untouched: pymupdf.Document, doc: Document, decisions: list[Decision], out_path: Path, hide_widths: bool) -> WriteResult:
    plan = _DocPlan(rotations={page.number: page.rotation for page in spills.pdf})
    by_page: dict[int, list[Decision]] = {}
    for decision in decisions:
        page = _text_page(doc, decision, hide_widths)
        if page is not None:
            by_page.setdefault(page, []).append(decision)
        else:
            _plan_decision(plan, doc, decision, {}, hide_widths)
    fonts = _Fonts()
    applying: list[str] = []  # kept apart so the lay-out warnings come first, as they always have
    for number in sorted(set(by_page) | set(plan.pages)):
        # A page's characters are a few hundred thousand objects, none in a cycle, all let go with
        # the page: with the collector paused until then, it never walks them.
        with _gc_paused():
            _redact_page(plan, spills, untouched, doc, by_page.pop(number, None), number, fonts, applying, hide_widths)
    plan.warnings.extend(applying)
    _apply_document(spills.pdf, plan)
    _clear_metadata(spills.pdf, plan)
    _save(spills.pdf, out_path)
    return WriteResult(removed=_dedupe(plan.removed), warnings=_dedupe(plan.warnings))


def _redact_page(plan: _DocPlan, spills: "_Spills", untouched: pymupdf.Document, doc: Document, decisions: list[Decision] | None,
                 number: int, fonts: "_Fonts", applying: list[str], hide_widths: bool) -> None:
    if decisions is not None:
        text = _read_page_text(untouched[number])
        for decision in decisions:
            _plan_decision(plan, doc, decision, {number: text.boxes}, hide_widths)
        if plan.pages[number].withheld:
            _plan_resets(plan, doc, spills.pdf[number], text, fonts)
    if number in plan.pages:
        # Applied at once and let go: the plan holds each withheld character's box.
        _apply_page(spills.pdf[number], plan.pages.pop(number), fonts, applying)
        spills.page_done()


class _Spills:
    """The document being redacted, kept from holding a long document's changes all in memory.

    MuPDF holds every changed page (its rewritten content, about 0.1 MB a page) until the
    document is saved. Every so many changed pages the document is written, whole and without
    renumbering objects (the plan refers to annotations and layers by object number), to a spill
    file beside the output and read back from it. The spill files are removed at the end; the
    output is still one full rewrite.
    """

    PAGES_HELD = 100

    def __init__(self, out_path: Path, pdf: pymupdf.Document):
        self.out_path = Path(out_path)
        self.pdf = pdf
        self.changed = 0
        self.files: list[Path] = []

    def page_done(self) -> None:
        self.changed += 1
        if self.changed % self.PAGES_HELD:
            return
        # Two files in turn: MuPDF cannot write over the file it is reading from.
        spill = self.out_path.with_name(f".{self.out_path.name}.{self.changed // self.PAGES_HELD % 2}.spill")
        self.pdf.save(str(spill), garbage=0, deflate=True, incremental=False, encryption=pymupdf.PDF_ENCRYPT_NONE)
        self.pdf.close()
        if spill not in self.files:
            self.files.append(spill)
        self.pdf = pymupdf.open(str(spill), filetype="pdf")

    def close(self) -> None:
        if not self.pdf.is_closed:
            self.pdf.close()
        for spill in self.files:
            spill.unlink(missing_ok=True)


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _text_page(doc: Document, d: Decision, hide_widths: bool) -> int | None:
    """The page whose characters (as read before any change) planning this decision needs, if any."""
    f = d.finding
    if f.hidden_item is None and d.action is Action.REDACT:
        ref = doc.segments[f.segment].ref
        if isinstance(ref, _Glyphs) and (ref.boxes is None or hide_widths):
            return ref.page
    elif f.hidden_item is not None and d.action is Action.REMOVE:
        ref = doc.hidden[f.hidden_item].ref
        if isinstance(ref, _HiddenText):
            return ref.page
    return None


def _plan_decision(plan: _DocPlan, doc: Document, decision: Decision, page_boxes: dict[int, dict], hide_widths: bool) -> None:
    if decision.action is Action.REDACT and decision.finding.hidden_item is None:
        _plan_segment(plan, doc, decision, page_boxes, hide_widths)
    elif decision.action is Action.REMOVE and decision.finding.hidden_item is not None:
        _plan_hidden(plan, doc, doc.hidden[decision.finding.hidden_item], decision, page_boxes)


def _plan_segment(plan: _DocPlan, doc: Document, decision: Decision, page_boxes: dict[int, dict], hide_widths: bool = False) -> None:
    seg = doc.segments[decision.finding.segment]
    ref = seg.ref
    if isinstance(ref, _Glyphs):
        _plan_text_boxes(plan, seg, ref, decision, page_boxes.get(ref.page, {}), hide_widths)
    elif isinstance(ref, tuple):
        _plan_object_redaction(plan, seg, ref, decision)


def _plan_text_boxes(plan: _DocPlan, seg: Segment, glyphs: _Glyphs, decision: Decision, page_boxes: dict, hide_widths: bool) -> None:
    f = decision.finding
    start, end = (0, len(seg.text)) if f.whole_segment else _trim_span(seg.text, f.start, f.end)
    located = glyphs.located(start, end, page_boxes)
    lines = _line_boxes(located, plan.sideways(glyphs.page))
    page = plan.page(glyphs.page)
    if f.whole_segment and glyphs.cell is not None:
        cell = _inset(glyphs.cell, 1.0)
        outside = [line for line in lines if pymupdf.Rect(line[0]) not in pymupdf.Rect(cell)]
        page.boxes.append(_Box([cell] + [_squeeze(*line) for line in outside], cell, decision.exemption))
        return
    if not lines:
        plan.warnings.append(f"page {glyphs.page + 1}: a redaction had no characters to cover")
    if hide_widths and not f.whole_segment and not seg.hidden and lines:
        page.withheld.append(_Withheld(seg.id, [item for item in located if item is not None], decision.exemption))
    else:
        page.boxes.extend(_boxes_over(lines, decision.exemption))


def _boxes_over(lines: list[tuple[Box, bool]], label: str) -> list[_Box]:
    """A box over each line's withheld characters, as wide as they are."""
    return [_Box([_squeeze(*line)], _squeeze(*line, share=_SHOW_INSET), label) for line in lines]


def _trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _line_boxes(located: list[tuple[Any, Box] | None], sideways: bool) -> list[tuple[Box, bool]]:
    """One box per line, the union of its characters' boxes, and whether the line runs down the
    (unrotated) page rather than across it: judged from its characters, else from the page."""
    boxes: list[tuple[Box, bool]] = []
    current: list[Box] = []
    key = None
    for item in located + [None]:
        if item is None or item[0] != key:
            if current:
                boxes.append((_union(current), _runs_down(current, sideways)))
            current = []
            key = item[0] if item else None
        if item is not None:
            current.append(item[1])
    return boxes


def _runs_down(boxes: list[Box], default: bool) -> bool:
    if len(boxes) < 2:
        return default
    first, last = boxes[0], boxes[-1]
    return abs(last[1] + last[3] - first[1] - first[3]) > abs(last[0] + last[2] - first[0] - first[2])


def _union(boxes: list[Box]) -> Box:
    x0, y0, x1, y1 = zip(*boxes)
    return (min(x0), min(y0), max(x1), max(y1))


def _squeeze(box: Box, runs_down: bool = False, share: float = _REMOVE_INSET) -> Box:
    # Character boxes of neighbouring lines overlap when lines are set tight: trim the box across
    # the line (top and bottom, or left and right for a line running down the page).
    x0, y0, x1, y1 = box
    if runs_down:
        w = x1 - x0
        return (x0 + share * w, y0, x1 - share * w, y1)
    h = y1 - y0
    return (x0, y0 + share * h, x1, y1 - share * h)


def _inset(box: Box, by: float) -> Box:
    x0, y0, x1, y1 = box
    if x1 - x0 > 2 * by and y1 - y0 > 2 * by:
        return (x0 + by, y0 + by, x1 - by, y1 - by)
    return box


def _plan_object_redaction(plan: _DocPlan, seg: Segment, ref: tuple, decision: Decision) -> None:
    """Text outside the page content: drop the object that holds it (or rewrite a bookmark title)."""
    kind = ref[0]
    if kind == "annot":
        plan.page(ref[1]).delete_annots.add(ref[2])
        plan.removed.append(f"page {ref[1] + 1} annotation")
    elif kind == "link":
        plan.page(ref[1]).delete_links.add(ref[3])
        plan.removed.append(f"page {ref[1] + 1} link")
    elif kind == "widget":
        plan.page(ref[1]).delete_widgets.add(ref[2])
        plan.removed.append(f"page {ref[1] + 1} form field")
    elif kind == "toc":
        f = decision.finding
        title = plan.toc_titles.get(ref[1], seg.text)
        if f.whole_segment or title != seg.text:
            plan.toc_titles[ref[1]] = decision.label
        else:
            plan.toc_titles[ref[1]] = title[: f.start] + decision.label + title[f.end :]
    elif kind == "embfile":
        plan.drop_files = True
    elif kind == "xfa":
        plan.drop_xfa = True
    # metadata: always cleared on save


def _plan_hidden(plan: _DocPlan, doc: Document, item: HiddenItem, decision: Decision, page_boxes: dict) -> None:
    entity, ref = item.entity, item.ref
    if entity == "FAKE_REDACTION":
        _plan_fake_redaction(plan, ref, decision)
    elif entity == "INVISIBLE_TEXT":
        _plan_invisible_text(plan, doc, ref, page_boxes)
    elif entity == "HIDDEN_LAYER":
        boxes = ref.boxes if isinstance(ref, _HiddenLayers) else []
        for number, box in boxes:
            plan.page(number).quiet.append(_squeeze(box, plan.sideways(number)))
        plan.removed.append("text in hidden layers")
        plan.warnings.append("graphics and images in hidden layers are left in place, still hidden")
    elif entity in ("ANNOTATION", "LINK", "FORM_FIELD") or (entity == "EMBEDDED_FILE" and ref and ref[0] == "annot"):
        _plan_object_redaction(plan, Segment("", item.location), ref, decision)
    elif entity == "EMBEDDED_FILE":
        plan.drop_files = True
    elif entity == "JAVASCRIPT":
        plan.drop_scripts = True
    elif entity == "OPEN_ACTION":
        plan.drop_open_action = True
    elif entity == "OUTLINE":
        plan.drop_toc = True
    elif entity == "IMAGE_ONLY_PAGE":
        plan.warnings.append(f"{item.location}: image-only page was not examined and is unchanged")
    # METADATA is always cleared; INCREMENTAL_UPDATE goes with the full rewrite.


def _plan_fake_redaction(plan: _DocPlan, ref: _FakeRedaction, decision: Decision) -> None:
    page = plan.page(ref.page)
    if ref.annot is not None:
        page.delete_annots.add(ref.annot)
    sideways = plan.sideways(ref.page)
    lines = [_squeeze(*line) for line in _line_boxes([(round(b[0] if sideways else b[1]), b) for b in ref.hidden_boxes], sideways)]
    if ref.dark:
        # Remove what the shape hides (not everything it touches) and draw a true box in its place.
        page.boxes.append(_Box(lines, ref.rect, "", fake=True))
    else:
        # A light shape with other text drawn over it: remove only the covered characters' lines.
        page.quiet.extend(lines)
    plan.removed.append(f"page {ref.page + 1} text under a covering shape")


def _plan_invisible_text(plan: _DocPlan, doc: Document, ref: _HiddenText, page_boxes: dict) -> None:
    page = plan.page(ref.page)
    if "invisible" in ref.reasons:
        page.invisible_only = True
    if ref.reasons - {"invisible"}:
        for seg_id in ref.segments:
            glyphs = doc.segments[seg_id].ref
            located = glyphs.located(0, len(doc.segments[seg_id].text), page_boxes.get(ref.page, {}))
            page.quiet.extend(_squeeze(*line) for line in _line_boxes(located, plan.sideways(ref.page)))
    plan.removed.append(f"page {ref.page + 1} invisible text")


# ---------------------------------------------------------------------------------------------
# Hiding the width of withheld words
#
# A line with a span withheld inside it is taken out whole (every glyph of the segment on that
# line: true removal) and set again from where it began: the released text in the standard font
# nearest the original (Helvetica, Times or Courier, same weight and slant) at its size, colour
# and baseline, with plain word spacing, and in place of each withheld span a box whose width
# depends only on the font size and the exemption label. So nothing on the line depends on the
# width of what was removed: not the text after it, and not the word spacing before it, which
# justified text would have stretched to fit. The whole line, labels included, is written in
# reading order, so extractors read it as one line among its neighbours. Where that cannot be
# done safely (slanted text, characters the standard fonts lack, other text the removal would
# touch, no room on the page) the line keeps its old layout behind boxes as wide as the spans,
# and a warning says so.
# ---------------------------------------------------------------------------------------------

_BOX_EMS = 3.0  # width of the box for a span withheld inside a line, in ems of its text
_LABEL_PAD_EMS = 0.3  # room either side of the exemption label inside that box
_MIN_SCALE = 0.6  # narrowest horizontal scale for released text before the line is given up
_WIDE_GAP_EMS = 3.0  # MuPDF starts a new line at gaps of about 1 em; wider ones are tab stops or columns
_TOUCH_SHRINK = 0.05  # MuPDF ignores the outer 10% of a glyph box; half that, to be safe
_CELL_PAD = 1.5  # released text keeps at least this far inside a table cell's edges
_SERIF = ("times", "serif", "roman", "georgia", "garamond", "cambria", "palatino", "book", "minion", "tinos")
_SANS = ("sans", "arial", "helvetica", "calibri", "carlito", "verdana", "tahoma", "segoe", "gothic", "grotesk")
_MONO = ("mono", "courier", "consol", "cousine", "code")
_LIST_MARKER = re.compile(r"[^\w\s]{1,2}|\d{1,3}[.)]|\(?[a-zA-Z]{1,2}[.)]|\([a-zA-Z0-9]{1,3}\)")


@dataclass(slots=True)
class _Char:
    c: str
    box: Box
    origin: tuple[float, float]
    style: dict  # the span's font, flags, size, color and alpha


class _Line:
    """One MuPDF line of a page's text. Its characters are made on first use: on a page with a
    redaction most lines are only looked at as a whole (where they are, where they start)."""

    def __init__(self, boxes: "_SpanBoxes", key: tuple[int, int], direction: tuple[float, float], spans: list[dict]):
        self.dir = direction
        self._boxes, self._key, self._spans = boxes, key, spans
        self._chars: list[_Char] | None = None
        self._at: dict[Box, list[int]] | None = None
        self._starts: list[int] | None = None
        self._unique: bool | None = None
        # A span's box is the union of its characters' boxes (PyMuPDF makes it so).
        boxes = [tuple(span["bbox"]) for span in spans if span["chars"]]
        self.bbox: Box = _union(boxes) if boxes else (0.0, 0.0, 0.0, 0.0)

    @property
    def chars(self) -> list[_Char]:
        if self._chars is None:
            chars: list[_Char] = []
            b, l = self._key
            for s, span in enumerate(self._spans):
                style = {key: span.get(key) for key in ("font", "flags", "size", "color", "alpha")}
                boxes = self._boxes.get((b, l, s))
                chars.extend(_Char(ch["c"], box, tuple(ch["origin"]), style) for ch, box in zip(span["chars"], boxes))
            self._chars = chars
        return self._chars

    @property
    def at(self) -> dict[Box, list[int]]:
        """Character indices by box."""
        if self._at is None:
            self._at = {}
            for i, ch in enumerate(self.chars):
                self._at.setdefault(ch.box, []).append(i)
        return self._at

    def char(self, i: int) -> _Char:
        """Character i, made alone when the line's characters are not made yet."""
        if self._chars is not None:
            return self._chars[i]
        s = bisect_right(self.span_starts, i) - 1
        span, c = self._spans[s], i - self.span_starts[s]
        style = {key: span.get(key) for key in ("font", "flags", "size", "color", "alpha")}
        ch = span["chars"][c]
        return _Char(ch["c"], self._boxes.get((*self._key, s))[c], tuple(ch["origin"]), style)

    @property
    def span_starts(self) -> list[int]:
        """Index in the line of each span's first character."""
        if self._starts is None:
            self._starts, n = [], 0
            for span in self._spans:
                self._starts.append(n)
                n += len(span["chars"])
        return self._starts

    @property
    def unique_boxes(self) -> bool:
        """Whether no two of the line's characters share a box (a character is then found by its index alone)."""
        if self._unique is None:
            b, l = self._key
            boxes = [box for s in range(len(self._spans)) for box in self._boxes.get((b, l, s))]
            self._unique = len(set(boxes)) == len(boxes)
        return self._unique

    @property
    def has_chars(self) -> bool:
        return self.bbox != (0.0, 0.0, 0.0, 0.0) or any(span["chars"] for span in self._spans)

    @property
    def first_origin(self) -> tuple[float, float]:
        return tuple(next(span["chars"][0]["origin"] for span in self._spans if span["chars"]))


class _SpanBoxes(dict):
    """Character boxes per (block, line, span), for _Glyphs.located, made when first asked for."""

    def __init__(self, spans: dict[tuple[int, int, int], dict]):
        super().__init__()
        self._spans = spans

    def get(self, key, default=None):
        found = dict.get(self, key)
        if found is None:
            span = self._spans.get(key)
            if span is None:
                return default
            found = self[key] = [tuple(ch["bbox"]) for ch in span["chars"]]
        return found


class _PageText:
    """A page's characters as MuPDF reads them, before anything is changed."""

    def __init__(self, raw: dict):
        spans: dict[tuple[int, int, int], dict] = {}
        self.boxes = _SpanBoxes(spans)
        self.lines: dict[tuple[int, int], _Line] = {}
        for b, block in enumerate(raw["blocks"]):
            if block["type"] != 0:
                continue
            for l, line in enumerate(block["lines"]):
                for s, span in enumerate(line["spans"]):
                    spans[(b, l, s)] = span
                self.lines[(b, l)] = _Line(self.boxes, (b, l), tuple(line["dir"]), line["spans"])
        self._starts: dict[tuple[float, float], list[tuple[tuple[int, int], float, float]]] = {}

    def starts(self, d: tuple[float, float]) -> list[tuple[tuple[int, int], float, float]]:
        """(key, start along d, baseline) of each line with characters running along d, in page
        order: asked for by every line set again, so found once per direction."""
        found = self._starts.get(d)
        if found is None:
            n = _normal(d)
            found = self._starts[d] = [
                (key, _along(line.bbox, d)[0], _dot(line.first_origin, n))
                for key, line in self.lines.items()
                if _axis(line.dir) == d and line.has_chars
            ]
        return found


def _read_page_text(page: pymupdf.Page) -> _PageText:
    return _PageText(_raw_text(page))


def _raw_text(page: pymupdf.Page, clip: pymupdf.Rect | None = None) -> dict:
    """The page's characters as MuPDF reads them (within clip), with the cyclic garbage collector
    paused: the dict is a tree of a few hundred thousand new objects, none in a cycle, and beside
    a loaded language model the collections they set off took more time than MuPDF itself."""
    with _gc_paused():
        return page.get_text("rawdict", flags=_TEXT_FLAGS, clip=clip if clip is not None else _EVERYWHERE)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class _Withheld:
    """A span withheld inside a line: its characters, laid out with the rest of the line later."""

    segment: int
    located: list[tuple[Any, Box]]
    label: str


@dataclass
class _Piece:
    """Text written on a line set again: released text, or a box's label (white)."""

    text: str
    font: str  # a base-14 font code (helv, tibo, cour...)
    size: float
    color: tuple[float, float, float]
    opacity: float
    offset: float  # along the line from the line's origin, where it starts
    rise: float  # across the line from the origin's baseline (towards the descenders)
    scale: float  # horizontal squeeze (labels are not squeezed)


@dataclass
class _Reset:
    """One line set again."""

    origin: tuple[float, float]  # where the line starts, on its baseline
    dir: tuple[float, float]
    pieces: list[_Piece]
    zone: Box  # the characters taken out, withheld and released
    em: float
    withheld: list[Box]
    released: list[tuple[list[_Char], float, float]]  # each piece of released text: characters, start, squeeze
    taken: list[tuple[str, Box]]


@dataclass
class _Layout:
    reset: _Reset
    boxes: list[_Box]  # withheld spans: what goes (with pictures under it) and the box shown
    taken: list[Box]  # the rest of the line: text that goes to be set again


@dataclass
class _Band:
    """The characters of one segment on one line of the page (MuPDF lines joined across small gaps)."""

    parts: list[tuple[tuple[int, int], list[int]]]  # (line key, character indices in the segment)
    dir: tuple[float, float]
    baseline: float
    end: float  # along the line


def _axis(direction: tuple[float, float]) -> tuple[float, float] | None:
    """The line's direction snapped to across or down the page, None if it is slanted."""
    dx, dy = direction
    for axis in ((1.0, 0.0), (0.0, 1.0), (-1.0, 0.0), (0.0, -1.0)):
        if abs(dx - axis[0]) < 1e-3 and abs(dy - axis[1]) < 1e-3:
            return axis
    return None


def _normal(d: tuple[float, float]) -> tuple[float, float]:
    return (-d[1], d[0])  # from the baseline towards the descenders


def _along(box: Box, d: tuple[float, float]) -> tuple[float, float]:
    """The extent of a box along direction d."""
    values = [x * d[0] + y * d[1] for x in (box[0], box[2]) for y in (box[1], box[3])]
    return min(values), max(values)


def _dot(point: tuple[float, float], d: tuple[float, float]) -> float:
    return point[0] * d[0] + point[1] * d[1]


def _frame_box(along: tuple[float, float], across: tuple[float, float], d: tuple[float, float]) -> Box:
    """The page box of an extent along the line and across it."""
    n = _normal(d)
    corners = [(u * d[0] + v * n[0], u * d[1] + v * n[1]) for u in along for v in across]
    return _union([(x, y, x, y) for x, y in corners])


def _shrunk(box: Box, share: float = _TOUCH_SHRINK) -> pymupdf.Rect:
    return pymupdf.Rect(_shrunk_box(box, share))


def _shrunk_box(box: Box, share: float = _TOUCH_SHRINK) -> Box:
    x0, y0, x1, y1 = box
    w, h = (x1 - x0) * share, (y1 - y0) * share
    return (x0 + w, y0 + h, x1 - w, y1 - h)


def _plan_resets(plan: _DocPlan, doc: Document, page: pymupdf.Page, text: _PageText, fonts: _Fonts) -> None:
    """Lay out again each line with a span withheld inside it; fall back to boxes over the spans."""
    pplan = plan.page(page.number)
    sideways = plan.sideways(page.number)
    # What other decisions take out of the page: released text must not bring any of it back.
    others = [pymupdf.Rect(r) for box in pplan.boxes for r in box.remove] + [pymupdf.Rect(r) for r in pplan.quiet]
    # A line under an author's covering shape keeps its layout: the shape already showed the
    # width, and a line set again would slide out from under the box drawn in its place.
    covers = [pymupdf.Rect(box.show) for box in pplan.boxes if box.fake]
    by_segment: dict[int, list[_Withheld]] = {}
    for withheld in pplan.withheld:
        by_segment.setdefault(withheld.segment, []).append(withheld)
    for seg_id, spans in by_segment.items():
        seg = doc.segments[seg_id]
        marked: dict[tuple[int, int], dict[int, str]] = {}
        unplaced: list[tuple[_Withheld, tuple[Any, Box]]] = []
        for withheld in spans:
            for item in withheld.located:
                line = text.lines.get(item[0]) if isinstance(item[0], tuple) else None
                found = line.at.get(item[1]) if line else None
                if not found:
                    unplaced.append((withheld, item))
                for i in found or ():
                    marked.setdefault(item[0], {})[i] = withheld.label
        for band in _bands(text, _segment_chars(seg, text)):
            keys = {key for key, _ in band.parts}
            if not keys & marked.keys():
                continue
            covered = covers and any(pymupdf.Rect(text.lines[key].bbox).intersects(c) for key in keys if key in text.lines for c in covers)
            layout = "covered" if covered else _lay_out(band, marked, seg.ref, text, page, others, fonts)
            if isinstance(layout, str):
                if not covered:
                    plan.warnings.append(f"page {page.number + 1}: a line was not set again after a redaction ({layout}); its gap keeps the width of what was removed")
                for withheld in spans:
                    items = [item for item in withheld.located if item[0] in keys]
                    pplan.boxes.extend(_boxes_over(_line_boxes(items, sideways), withheld.label))
                continue
            pplan.boxes.extend(layout.boxes)
            pplan.shifted.extend(layout.taken)
            pplan.resets.append(layout.reset)
        for withheld, item in unplaced:
            pplan.boxes.extend(_boxes_over(_line_boxes([item], sideways), withheld.label))
    pplan.withheld = []


def _segment_chars(seg: Segment, text: _PageText) -> dict[tuple[int, int], list[int]]:
    """Which characters of each page line belong to the segment: those drawn in the box of one
    of its characters (MuPDF may draw a character twice in one place)."""
    ref = seg.ref
    if ref.boxes is not None:
        return _segment_chars_by_box(seg, text)
    out: dict[tuple[int, int], set[int]] = {}
    for _, b, l, s, c, n in ref.runs:
        line = text.lines.get((b, l))
        span = text.boxes.get((b, l, s))
        if line is None or span is None or min(n, len(span) - c) <= 0:
            continue
        count = min(n, len(span) - c)
        found = out.setdefault((b, l), set())
        if line.unique_boxes:
            first = line.span_starts[s] + c
            found.update(range(first, first + count))
        else:
            for box in span[c : c + count]:
                found.update(line.at.get(box, ()))
    return {key: sorted(found) for key, found in out.items()}


def _segment_chars_by_box(seg: Segment, text: _PageText) -> dict[tuple[int, int], list[int]]:
    out: dict[tuple[int, int], set[int]] = {}
    for item in seg.ref.located(0, len(seg.text), text.boxes):
        if item is None or not isinstance(item[0], tuple) or item[0] not in text.lines:
            continue
        for i in text.lines[item[0]].at.get(item[1], ()):
            out.setdefault(item[0], set()).add(i)
    return {key: sorted(found) for key, found in out.items()}


def _bands(text: _PageText, chars: dict[tuple[int, int], list[int]]) -> list[_Band]:
    """The segment's lines grouped by baseline: MuPDF splits a line at a gap of about an em, which
    justified text can reach; those pieces move together. Wider gaps are tab stops or columns."""
    bands: list[_Band] = []
    pieces = []
    for key, idx in chars.items():
        line = text.lines[key]
        d = _axis(line.dir) or line.dir
        first, last = line.char(idx[0]), line.char(idx[-1])
        start, end = _along(first.box, d)[0], _along(last.box, d)[1]
        pieces.append((start, end, d, _dot(first.origin, _normal(d)), first.style["size"] or 1.0, key, idx))
    for start, end, d, baseline, size, key, idx in sorted(pieces, key=lambda p: p[0]):
        for band in bands:
            gap = start - band.end
            if band.dir == d and abs(band.baseline - baseline) <= 0.25 * size and -0.5 * size <= gap <= _WIDE_GAP_EMS * size:
                band.parts.append((key, idx))
                band.end = max(band.end, end)
                break
        else:
            bands.append(_Band([(key, idx)], d, baseline, end))
    return bands


def _lay_out(
    band: _Band,
    marked: dict[tuple[int, int], dict[int, str]],
    glyphs: _Glyphs,
    text: _PageText,
    page: pymupdf.Page,
    others: list[pymupdf.Rect],
    fonts: _Fonts,
) -> _Layout | str:
    """The band laid out again from its start, or why that cannot be done."""
    d = _axis(band.dir)
    if d is None:
        return "slanted text"
    zone = _zone(band, marked, text)
    if isinstance(zone, str):
        return zone
    tokens = _tokens(zone, marked, text, d)
    first = text.lines[zone[0][0]].chars[zone[0][1]]
    em = first.style["size"] or 1.0
    n = _normal(d)
    u_start = _along(first.box, d)[0]
    if glyphs.cell is not None:
        # Centred or right-aligned cell text starts where its width put it: start at the edge.
        u_start = _along(glyphs.cell, d)[0] + max(_CELL_PAD, 0.25 * em)
    baseline = _dot(first.origin, n)
    zone_chars = [text.lines[key].chars[i] for key, i in zone]
    taken = _taken_rects(zone, text, d)
    reason = _unsafe(zone, taken, tokens, text, others)
    if reason:
        return reason
    widths = []
    for kind, content in tokens:
        if kind == "box":
            widths.append(_box_width(content[0], content[1], d, content[1][0][1].style["size"] or em))
        else:
            code, piece_text = _stand_in(content[0].style), _piece_text(content)
            if not fonts.has_glyphs(code, piece_text):
                return "characters the standard fonts lack"
            widths.append(fonts.text_length(code, piece_text, content[0].style["size"] or em))
    edge = _along(_unrotated(page), d)[1] - 1
    scale, box_scale = _fit(widths, tokens, u_start, _limit(zone, d, u_start, baseline, em, glyphs, text, page), edge, em)
    if scale is None:
        return "no room left on the line"
    origin = (u_start * d[0] + baseline * n[0], u_start * d[1] + baseline * n[1])
    taken_chars = [(c.c, c.box) for c in zone_chars if not c.c.isspace()]
    reset = _Reset(origin, d, [], _union([c.box for c in zone_chars]), em, [], [], taken_chars)
    boxes: list[_Box] = []
    pen = u_start
    for (kind, content), width in zip(tokens, widths):
        if kind == "box":
            label, chars = content
            width *= box_scale
            across = _along(_union([c.box for _, c in chars]), n)
            share = (across[1] - across[0]) * _SHOW_INSET
            across = (across[0] + share, across[1] - share)
            show = _frame_box((pen, pen + width), across, d)
            # The label is written with the line (not with the boxes) to keep it in reading order.
            boxes.append(_Box([_squeeze(r, abs(d[1]) > abs(d[0])) for r in _per_line(chars)], show, ""))
            reset.pieces.extend(_label_piece(label, pen - u_start, width, across, baseline))
            reset.withheld.extend(c.box for _, c in chars)
            pen += width
        else:
            reset.pieces.append(_piece(content, pen - u_start, scale, baseline, n, em))
            reset.released.append((content, pen, scale))
            pen += width * scale
    return _Layout(reset, boxes, taken)


def _zone(band: _Band, marked: dict[tuple[int, int], dict[int, str]], text: _PageText) -> list[tuple[tuple[int, int], int]] | str:
    """The characters to take out: the segment's on the band, with the whitespace between and
    after them. A list marker starting the band stays where it is (the gap after it is the
    list's indent); any other gap may have been stretched to justify the line, so it goes too."""
    parts = band.parts
    if len(parts) > 1 and parts[0][0] not in marked and _LIST_MARKER.fullmatch(_piece_text([text.lines[parts[0][0]].chars[i] for i in parts[0][1]]).strip()):
        parts = parts[1:]
    zone: list[tuple[tuple[int, int], int]] = []
    for key, idx in parts:
        line = text.lines[key]
        members = set(idx)
        for i in range(idx[0], idx[-1] + 1):
            if i not in members and not line.chars[i].c.isspace():
                return "other text inside the line"
            zone.append((key, i))
        # Spaces drawn after the text would keep its end, so its width, in their place.
        after = idx[-1] + 1
        while after < len(line.chars) and line.chars[after].c.isspace():
            zone.append((key, after))
            after += 1
    return zone


def _tokens(zone: list[tuple[tuple[int, int], int]], marked: dict[tuple[int, int], dict[int, str]], text: _PageText, d: tuple[float, float]) -> list[tuple[str, Any]]:
    """Boxes ("box", (label, [(line key, char)])) and released pieces of one style and baseline
    ("text", chars), in order. MuPDF lines joined in a band get a space between them; trailing
    whitespace is dropped."""
    n = _normal(d)
    tokens: list[tuple[str, Any]] = []
    previous_key = None
    for key, i in zone:
        ch = text.lines[key].chars[i]
        label = marked.get(key, {}).get(i)
        joined = previous_key is not None and key != previous_key
        previous_key = key
        if label is None and unicodedata.category(ch.c[:1] or " ") == "Cf":
            continue  # invisible format characters (soft hyphen, zero-width space) are not set again
        last = tokens[-1] if tokens else None
        if label is not None:
            if last and last[0] == "box" and last[1][0] == label:
                last[1][1].append((key, ch))
            else:
                tokens.append(("box", (label, [(key, ch)])))
            continue
        if joined and last and not ch.c.isspace():
            if last[0] == "box":
                tokens.append(("text", [_Char(" ", ch.box, ch.origin, ch.style)]))
                last = tokens[-1]
            elif not last[1][-1].c.isspace():
                last[1].append(_Char(" ", last[1][-1].box, last[1][-1].origin, last[1][-1].style))
        if last and last[0] == "text" and last[1][-1].style is ch.style and abs(_dot(last[1][-1].origin, n) - _dot(ch.origin, n)) < 0.01:
            last[1].append(ch)
        else:
            tokens.append(("text", [ch]))
    while tokens and tokens[-1][0] == "text":
        chars = tokens[-1][1]
        while chars and chars[-1].c.isspace():
            chars.pop()
        if chars:
            break
        tokens.pop()
    return tokens


def _piece_text(chars: list[_Char]) -> str:
    # Tabs and no-break spaces are written as plain spaces, which every extractor reads as such.
    return "".join(" " if c.c.isspace() else c.c for c in chars)


def _taken_rects(zone: list[tuple[tuple[int, int], int]], text: _PageText, d: tuple[float, float]) -> list[Box]:
    """What MuPDF is asked to remove: per page line and style, the characters' boxes squeezed
    across the line as for withheld text, so the lines above and below are not touched."""
    runs: list[list[_Char]] = []
    previous = None
    for key, i in zone:
        ch = text.lines[key].chars[i]
        if previous is not None and previous[0] == key and previous[1] is ch.style:
            runs[-1].append(ch)
        else:
            runs.append([ch])
        previous = (key, ch.style)
    return [_squeeze(_union([c.box for c in run]), abs(d[1]) > abs(d[0])) for run in runs]


def _unsafe(zone, taken: list[Box], tokens, text: _PageText, others: list[pymupdf.Rect]) -> str | None:
    """Why taking out and setting again this zone would harm other text, or None."""
    inside = {(key, i) for key, i in zone}
    area = _union(taken)
    for key, line in text.lines.items():
        if not _meets(area, line.bbox):
            continue
        for i, ch in enumerate(line.chars):
            if (key, i) not in inside and not ch.c.isspace() and any(_meets(r, _shrunk_box(ch.box)) for r in taken):
                return "other text the removal would touch"
    other_boxes = [(r.x0, r.y0, r.x1, r.y1) for r in others]
    for kind, content in tokens:
        if kind == "text" and any(not c.c.isspace() and any(_meets(r, _shrunk_box(c.box)) for r in other_boxes) for c in content):
            return "released text under another redaction"
    return None


def _meets(a: Box, b: Box) -> bool:
    """pymupdf.Rect(a).intersects(b) (PyMuPDF 1.28.2) on plain boxes, without making Rects (this
    runs for every character near a line set again): neither empty nor infinite, insides overlapping."""
    return (
        a[0] < a[2] and a[1] < a[3] and b[0] < b[2] and b[1] < b[3]
        and not _infinite(a) and not _infinite(b)
        and a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    )


def _infinite(box: Box) -> bool:
    return box[0] == box[1] == pymupdf.FZ_MIN_INF_RECT and box[2] == box[3] == pymupdf.FZ_MAX_INF_RECT


def _per_line(chars: list[tuple[tuple[int, int], _Char]]) -> list[Box]:
    """The union of withheld characters' boxes on each page line."""
    groups: dict[tuple[int, int], list[Box]] = {}
    for key, c in chars:
        groups.setdefault(key, []).append(c.box)
    return [_union(boxes) for boxes in groups.values()]


def _box_width(label: str, chars: list[tuple[tuple[int, int], _Char]], d: tuple[float, float], em: float) -> float:
    """The box's width: a few ems, or room for its label; never the width of what it replaces."""
    across = _along(_union([c.box for _, c in chars]), _normal(d))
    height = (across[1] - across[0]) * (1 - 2 * _SHOW_INSET)
    size = min(9.0, height * 0.8)
    label_width = _label_length(label, size) if label else 0.0
    return max(_BOX_EMS * em, label_width + 2 * _LABEL_PAD_EMS * em)


def _stand_in(style: dict) -> str:
    """The base-14 font closest to a span's font: family from its name (else MuPDF's flags), with
    its weight and slant."""
    name = (style.get("font") or "").split("+")[-1].lower()
    flags = style.get("flags") or 0
    if any(m in name for m in _MONO) or (flags & 8 and not any(s in name for s in _SANS + _SERIF)):
        family = "co"
    elif any(s in name for s in _SERIF) and "sans" not in name or (flags & 4 and not any(s in name for s in _SANS)):
        family = "ti"
    else:
        family = "he"
    bold = bool(flags & 16) or any(w in name for w in ("bold", "black", "heavy", "semibold", "demi"))
    italic = bool(flags & 2) or "italic" in name or "oblique" in name
    return {
        ("he", False, False): "helv", ("he", True, False): "hebo", ("he", False, True): "heit", ("he", True, True): "hebi",
        ("ti", False, False): "tiro", ("ti", True, False): "tibo", ("ti", False, True): "tiit", ("ti", True, True): "tibi",
        ("co", False, False): "cour", ("co", True, False): "cobo", ("co", False, True): "coit", ("co", True, True): "cobi",
    }[(family, bold, italic)]


def _font(fonts: dict[str, pymupdf.Font], code: str) -> pymupdf.Font:
    if code not in fonts:
        fonts[code] = pymupdf.Font(code)
    return fonts[code]


class _Fonts(dict):
    """The base-14 fonts lines are set again in, by code, with each character's glyph and advance
    looked up once: PyMuPDF measures text a character at a time in Python, through MuPDF."""

    def __init__(self) -> None:
        super().__init__()
        self._glyphs: dict[tuple[str, str], tuple[bool, float]] = {}
        self._mono: dict[str, bool] = {}

    def _glyph(self, code: str, c: str) -> tuple[bool, float]:
        found = self._glyphs.get((code, c))
        if found is None:
            font = _font(self, code)
            found = self._glyphs[(code, c)] = (bool(font.has_glyph(ord(c))), font.text_length(c, fontsize=1))
        return found

    def mono(self, code: str) -> bool:
        """Whether the font is monospaced (its widths are then repaired on the page written)."""
        found = self._mono.get(code)
        if found is None:
            found = self._mono[code] = _font(self, code).flags["mono"] == 1
        return found

    def has_glyphs(self, code: str, text: str) -> bool:
        return all(c.isspace() or self._glyph(code, c)[0] for c in text)

    def text_length(self, code: str, text: str, size: float) -> float:
        """As Font.text_length: the advances summed in order, times the size."""
        return sum(self._glyph(code, c)[1] for c in text) * size

    def char_lengths(self, code: str, text: str, size: float) -> list[float]:
        return [size * self._glyph(code, c)[1] for c in text]


@functools.lru_cache(maxsize=4096)
def _label_length(label: str, size: float) -> float:
    # The same few exemption labels at a handful of sizes, measured once each.
    return pymupdf.get_text_length(label, fontname="helv", fontsize=size)


def _limit(zone, d: tuple[float, float], u_start: float, baseline: float, em: float, glyphs: _Glyphs, text: _PageText, page: pymupdf.Page) -> float:
    """How far along the line released text may run. It must not depend on the withheld text, so
    it is never the line's own end: the table cell's edge, else the page's left text margin
    mirrored, and before any other text further along the same line."""
    starts = text.starts(d)
    if glyphs.cell is not None:
        limit = _along(glyphs.cell, d)[1] - _CELL_PAD
    else:
        area = _along(_unrotated(page), d)
        limit = area[1] - max(0.0, min((start for _, start, _ in starts), default=area[0]) - area[0])
    inside = {key for key, _ in zone}
    for key, start, line_baseline in starts:
        if key in inside:
            continue
        if abs(line_baseline - baseline) < 0.5 * em and start > u_start + 0.01:
            limit = min(limit, start - 0.5 * em)
    return limit


def _fit(widths: list[float], tokens, u_start: float, limit: float, edge: float, em: float) -> tuple[float | None, float]:
    """Horizontal scale for released text and for boxes so the line ends before the limit (or,
    failing that, the page edge); (None, 0) when only an unreadable squeeze would do."""
    boxes = sum(w for (kind, _), w in zip(tokens, widths) if kind == "box")
    texts = sum(w for (kind, _), w in zip(tokens, widths) if kind == "text")
    for room in (limit - u_start, edge - u_start):
        if boxes + texts <= room:
            return 1.0, 1.0
        if texts > 0 and (room - boxes) / texts >= _MIN_SCALE:
            return (room - boxes) / texts, 1.0
    room = edge - u_start
    if texts == 0 and boxes > 0 and room >= em:
        return 1.0, room / boxes  # a box at the very end of a line, near the page edge
    return None, 0.0


def _piece(chars: list[_Char], offset: float, scale: float, baseline: float, n: tuple[float, float], em: float) -> _Piece:
    style = chars[0].style
    srgb = style.get("color") or 0
    color = (((srgb >> 16) & 255) / 255, ((srgb >> 8) & 255) / 255, (srgb & 255) / 255)
    alpha = style.get("alpha")
    opacity = 1.0 if alpha is None else alpha / 255
    rise = _dot(chars[0].origin, n) - baseline
    return _Piece(_piece_text(chars), _stand_in(style), style.get("size") or em, color, opacity, offset, rise, scale)


def _label_piece(label: str, offset: float, width: float, across: tuple[float, float], baseline: float) -> list[_Piece]:
    """The exemption code in white, centred in its box (sized as _draw_label sizes it)."""
    size = _label_size(pymupdf.Rect(0, 0, width, across[1] - across[0]), label)
    if not size:
        return []
    length = _label_length(label, size)
    rise = (across[0] + across[1]) / 2 + size * 0.35 - baseline  # baseline centring cap height
    return [_Piece(label, "helv", size, (1.0, 1.0, 1.0), 1.0, offset + (width - length) / 2, rise, 1.0)]


def _moved(reset: _Reset, fonts: _Fonts) -> list[tuple[Box, Box]]:
    """Old and new box of each released character (for links that must follow them)."""
    out = []
    for chars, pen, scale in reset.released:
        size = chars[0].style.get("size") or reset.em
        steps = fonts.char_lengths(_stand_in(chars[0].style), _piece_text(chars), size)
        for c, step in zip(chars, steps):
            out.append((c.box, _frame_box((pen, pen + step * scale), _along(c.box, _normal(reset.dir)), reset.dir)))
            pen += step * scale
    return out


def _centre(box: Box) -> pymupdf.Point:
    return pymupdf.Point((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def _remove_shifted(page: pymupdf.Page, plan: _PagePlan, warnings: list[str], withheld: list[Box] | None = None) -> None:
    """Take out the text to be set again (text only: pictures and rules behind it stay), and the
    underlines and other marks drawn inside those lines, which would show where the words were.
    Withheld boxes given (only text under them) are taken out in the same pass."""
    marks = _decorations(page, plan.resets)
    # A withheld span's box mostly lies inside its line's, which takes out all it would.
    extra = [rect for rect in withheld or [] if not any(_inside(rect, line, 0.0) for line in plan.shifted)]
    for rect in [*plan.shifted, *extra]:
        page.add_redact_annot(_on_page(page, rect), cross_out=False)
    page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE, graphics=pymupdf.PDF_REDACT_LINE_ART_NONE, text=pymupdf.PDF_REDACT_TEXT_REMOVE)
    if marks:
        for rect in marks:
            page.add_redact_annot(_on_page(page, rect), cross_out=False)
        page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE, graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED, text=pymupdf.PDF_REDACT_TEXT_NONE)
    # A character still in its old place lies inside its line's zone: only text within the zones
    # is read again (reading the whole page cost more than laying the lines out), and only
    # characters lying inside a zone are compared with those taken out.
    zones = [reset.zone for reset in plan.resets]
    within = _inset(_union(zones), -1.0)
    left: set[tuple[str, tuple[float, ...]]] | None = None
    for block in _raw_text(page, pymupdf.Rect(within))["blocks"]:
        for line in block.get("lines", []):
            near = [zone for zone in zones if _overlap(line["bbox"], zone)]
            if not near:
                continue
            for span in line["spans"]:
                for ch in span["chars"]:
                    if not any(_inside(ch["bbox"], zone) for zone in near):
                        continue
                    if left is None:
                        left = {(c, tuple(round(v, 2) for v in box)) for reset in plan.resets for c, box in reset.taken}
                    if (ch["c"], tuple(round(v, 2) for v in ch["bbox"])) in left:
                        warnings.append(f"page {page.number + 1}: text set again after a redaction is also still in its old place")
                        return


def _only_text_under(page: pymupdf.Page, rects: list[Box]) -> bool:
    """Whether nothing but text is drawn (no picture, shading, path or clip) where any rect lies,
    on an upright page without layers (content in a hidden layer is not in the drawing log)."""
    if page.rotation or page.parent.get_ocgs():
        return False
    for kind, bbox in page.get_bboxlog():
        if not kind.endswith("-text") and any(_overlap(bbox, r) for r in rects):
            return False
    return True


def _inside(a: Box, b: Box, slack: float = 0.02) -> bool:
    """Whether box a lies within box b (give or take the rounding of a box compared with another)."""
    return a[0] >= b[0] - slack and a[1] >= b[1] - slack and a[2] <= b[2] + slack and a[3] <= b[3] + slack


def _overlap(a: Box, b: Box) -> bool:
    """Whether two boxes share a point, edges and empty boxes included."""
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _decorations(page: pymupdf.Page, resets: list[_Reset]) -> list[Box]:
    """Vector marks (underlines, strike-throughs) lying wholly inside a line that is set again."""
    zones = [(reset.zone, 0.2 * reset.em) for reset in resets]
    out = []
    for drawing in page.get_drawings():
        x0, y0, x1, y1 = drawing["rect"]
        for (zx0, zy0, zx1, zy1), pad in zones:
            if x0 >= zx0 - pad and y0 >= zy0 - pad and x1 <= zx1 + pad and y1 <= zy1 + pad:
                out.append((x0 - 0.75, y0 - 0.75, x1 + 0.75, y1 + 0.75))
                break
    return out


def _write_resets(page: pymupdf.Page, resets: list[_Reset], fonts: _Fonts) -> None:
    """Write the released text of each line set again, and move or drop the links on it."""
    if not page.is_wrapped:
        page.wrap_contents()
    batch: list[tuple[_Reset, list[_Piece]]] = []
    for reset in resets:
        # One writer per run of pieces sharing colour and squeeze, in line order, so the content
        # stream holds the line (labels included) in reading order.
        runs: list[list[_Piece]] = []
        for piece in reset.pieces:
            if runs and (runs[-1][0].color, runs[-1][0].opacity, runs[-1][0].scale) == (piece.color, piece.opacity, piece.scale):
                runs[-1].append(piece)
            else:
                runs.append([piece])
        if reset.dir == (1.0, 0.0) and all(run[0].scale == 1.0 for run in runs):
            batch.extend((reset, run) for run in runs)  # no squeeze or turn: written as they stand
            continue
        _write_plain_runs(page, batch, fonts)
        batch = []
        for run in runs:
            _write_run(page, reset, run, fonts)
    _write_plain_runs(page, batch, fonts)


def _write_run(page: pymupdf.Page, reset: _Reset, pieces: list[_Piece], fonts: _Fonts) -> None:
    first = pieces[0]
    origin = pymupdf.Point(reset.origin)
    writer = pymupdf.TextWriter(page.rect, opacity=first.opacity, color=first.color)
    for piece in pieces:
        # Written along +x from the origin, then squeezed and turned about it by the morph.
        writer.append(origin + (piece.offset / piece.scale, piece.rise), piece.text, font=_font(fonts, piece.font), fontsize=piece.size)
    d = reset.dir
    # In PDF space (y up): squeeze along the line, then turn +x to the line's direction.
    matrix = pymupdf.Matrix(first.scale, 0, 0, 1, 0, 0) * pymupdf.Matrix(d[0], -d[1], d[1], d[0], 0, 0)
    writer.write_text(page, morph=(origin, matrix))


def _write_plain_runs(page: pymupdf.Page, batch: list[tuple[_Reset, list[_Piece]]], fonts: _Fonts) -> None:
    """Runs that need no squeeze or turn, in order, as one content stream.

    What TextWriter.write_text (PyMuPDF 1.28.2) does for one writer, done for many: each writer
    is filled with its own colour into one PDF device, and the device's fonts are merged into the
    page and its content added once, not once per run (which cost as much as laying the line out).
    """
    if not batch:
        return
    pdfpage = page._pdf_page()
    resources = pymupdf.mupdf.pdf_new_dict(pdfpage.doc(), 5)
    contents = pymupdf.mupdf.fz_new_buffer(1024)
    device = pymupdf.mupdf.pdf_new_pdf_device(pdfpage.doc(), pymupdf.mupdf.FzMatrix(), resources, contents)
    used: set = set()
    texts = []  # kept alive until the device is closed
    ictm = ~pymupdf.Matrix(1, 0, 0, -1, 0, page.rect.height)  # as TextWriter(page.rect) makes it
    to_pdf = pymupdf.mupdf.FzMatrix(ictm.a, ictm.b, ictm.c, ictm.d, ictm.e, ictm.f)
    language = pymupdf.mupdf.fz_text_language_from_string(None)
    for reset, run in batch:
        first = run[0]
        # What TextWriter.append does, step for step (the point turned to PDF space in MuPDF's
        # single precision), without its per-call matrix inversion and bounding box, which cost
        # as much as the rest of writing.
        text = pymupdf.mupdf.fz_new_text()
        x0, y0 = reset.origin
        for piece in run:
            font = _font(fonts, piece.font)  # a base-14 font: writable (TextWriter's test)
            p = pymupdf.mupdf.fz_transform_point(pymupdf.mupdf.FzPoint(x0 + piece.offset, y0 + piece.rise), to_pdf)
            trm = pymupdf.mupdf.fz_make_matrix(piece.size, 0, 0, piece.size, p.x, p.y)
            pymupdf.mupdf.fz_show_string(text, font.this, trm, piece.text, 0, 0, 0, language)
            if fonts.mono(piece.font):
                used.add(font)
        texts.append(text)
        ncol, color = pymupdf.JM_color_FromSequence(first.color)
        space = {3: pymupdf.mupdf.fz_device_rgb, 4: pymupdf.mupdf.fz_device_cmyk}.get(ncol, pymupdf.mupdf.fz_device_gray)()
        alpha = first.opacity if 0 <= first.opacity < 1 else 1
        params = pymupdf.mupdf.FzColorParams(pymupdf.mupdf.fz_default_color_params)
        pymupdf.mupdf.fz_fill_text(device, text, pymupdf.mupdf.FzMatrix(), space, list(color), alpha, params)
    pymupdf.mupdf.fz_close_device(device)
    max_alp, max_font = pymupdf.JM_merge_resources(pdfpage, resources)
    lines = ["q"]
    cb, mb = page.cropbox_position, page.mediabox
    delta = page.rect.height - page.rect.width if page.rotation in (90, 270) else 0
    if bool(cb) or mb.y0 != 0 or delta != 0:
        lines.append(f"1 0 0 1 {pymupdf._format_g((cb.x, cb.y + mb.y0 - delta))} cm")
    for line in pymupdf.JM_EscapeStrFromBuffer(contents).splitlines():
        # As write_text: resources renumbered after the page's own, stroke colour as fill colour.
        if line.endswith(" cm"):
            continue
        if line == "BT":
            lines += [line, "0 Tr"]
            continue
        if line.endswith(" gs"):
            line = f"/Alp{int(line.split()[0][4:]) + max_alp:d} gs"
        elif line.endswith(" Tf"):
            parts = line.split()
            lines.append("1 w")
            line = " ".join([f"/F{int(parts[0][2:]) + max_font:d}"] + parts[1:])
        elif line.endswith(" rg"):
            lines.append(line.replace("rg", "RG"))
        elif line.endswith(" g"):
            lines.append(line.replace(" g", " G"))
        elif line.endswith(" k"):
            lines.append(line.replace(" k", " K"))
        lines.append(line)
    lines.append("Q\n")
    pymupdf.TOOLS._insert_contents(page, "\n".join(lines).encode("utf-8"), overlay=1)
    for font in used:
        pymupdf.repair_mono_font(page, font)


def _links_on(page: pymupdf.Page, plan: _PagePlan) -> list[tuple[dict, pymupdf.Rect]]:
    """Links over lines to be set again (MuPDF drops links a removal touches), with their areas
    on the unrotated page, read before anything changes."""
    out = []
    for i, link in enumerate(page.get_links()):
        rect = link["from"] * page.derotation_matrix  # get_links() reports the page as shown
        if i not in plan.delete_links and any(rect.intersects(reset.zone) for reset in plan.resets):
            out.append((link, rect))
    return out


def _relink(page: pymupdf.Page, links: list[tuple[dict, pymupdf.Rect]], resets: list[_Reset], fonts: _Fonts) -> None:
    """A link over released text follows it; one touching withheld text goes, as its area would
    show the width of what was removed."""
    present = {link.get("xref") for link in page.get_links()}
    for link, rect in links:
        if link.get("xref") in present:
            page.delete_link(link)
        reset = next(r for r in resets if rect.intersects(r.zone))
        now = [new for old, new in _moved(reset, fonts) if rect.contains(_centre(old))]
        if now and not any(rect.intersects(_shrunk(box)) for box in reset.withheld):
            moved = {key: value for key, value in link.items() if key not in ("xref", "id")}
            moved["from"] = pymupdf.Rect(_union(now))  # insert_link takes the unrotated page
            page.insert_link(moved)


def _apply_page(page: pymupdf.Page, plan: _PagePlan, fonts: _Fonts, warnings: list[str]) -> None:
    links = _links_on(page, plan) if plan.resets else []
    kept_redactions = _set_aside_redact_annotations(page, plan)
    _delete_objects(page, plan)
    _delete_objects_over(page, plan.quiet + [r for box in plan.boxes for r in box.remove])
    if plan.invisible_only:
        page.add_redact_annot(_unrotated(page), cross_out=False)
        page.apply_redactions(
            images=pymupdf.PDF_REDACT_IMAGE_NONE, graphics=pymupdf.PDF_REDACT_LINE_ART_NONE, text=pymupdf.PDF_REDACT_TEXT_REMOVE_INVISIBLE
        )
    if plan.quiet:
        for box in plan.quiet:
            page.add_redact_annot(_on_page(page, box), cross_out=False)
        page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE, graphics=pymupdf.PDF_REDACT_LINE_ART_NONE, text=pymupdf.PDF_REDACT_TEXT_REMOVE)
    withheld = [rect for box in plan.boxes for rect in box.remove]
    # With nothing but text under the withheld boxes, their pass would take out only text, as the
    # pass taking out the lines set again does: one pass does both (each pass rewrites the page).
    together = bool(plan.resets) and bool(withheld) and _only_text_under(page, withheld)
    if plan.resets:
        _remove_shifted(page, plan, warnings, withheld if together else [])
    if plan.boxes:
        if not together:
            for rect in withheld:
                page.add_redact_annot(_on_page(page, rect), cross_out=False)
            page.apply_redactions(
                images=pymupdf.PDF_REDACT_IMAGE_PIXELS, graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED, text=pymupdf.PDF_REDACT_TEXT_REMOVE
            )
        _draw_boxes(page, plan.boxes)
    if plan.resets:
        _write_resets(page, plan.resets, fonts)
        _relink(page, links, plan.resets, fonts)
    for rect in kept_redactions:
        page.add_redact_annot(rect, cross_out=False)


def _set_aside_redact_annotations(page: pymupdf.Page, plan: _PagePlan) -> list[pymupdf.Rect]:
    """Redact annotations already in the file would be applied by our passes: take them all out
    and return those to put back (the ones not being turned into true redactions)."""
    kept = []
    for annot in list(page.annots(types=(pymupdf.PDF_ANNOT_REDACT,))):
        if annot.xref not in plan.delete_annots:
            kept.append(pymupdf.Rect(annot.rect))
        page.delete_annot(annot)
    return kept


def _delete_objects(page: pymupdf.Page, plan: _PagePlan) -> None:
    if plan.delete_annots:
        for annot in list(page.annots()):
            if annot.xref in plan.delete_annots:
                page.delete_annot(annot)
    if plan.delete_links:
        links = page.get_links()
        for i in sorted(plan.delete_links, reverse=True):
            if i < len(links):
                page.delete_link(links[i])
    if plan.delete_widgets:
        for widget in list(page.widgets()):
            if widget.xref in plan.delete_widgets:
                page.delete_widget(widget)


def _delete_objects_over(page: pymupdf.Page, boxes: list[Box]) -> None:
    """Annotations and form fields draw their own text (it is read as page text): any over a
    removed area goes with it, or its appearance would still show and hold the value."""
    if not boxes:
        return
    rects = [_on_page(page, b) for b in boxes]
    for annot in list(page.annots()):
        if annot.type[0] not in (pymupdf.PDF_ANNOT_LINK, pymupdf.PDF_ANNOT_POPUP) and any(annot.rect.intersects(r) for r in rects):
            page.delete_annot(annot)
    for widget in list(page.widgets()):
        if any(widget.rect.intersects(r) for r in rects):
            page.delete_widget(widget)


def _on_page(page: pymupdf.Page, box: Box) -> pymupdf.Rect:
    # Text, annotations and drawing all use unrotated page coordinates in PyMuPDF 1.28.
    return pymupdf.Rect(box)


def _draw_boxes(page: pymupdf.Page, boxes: list[_Box]) -> None:
    """Black boxes where text was removed, each showing its exemption code in white."""
    shape = page.new_shape()
    for box in boxes:
        shape.draw_rect(_on_page(page, box.show))
    shape.finish(fill=(0, 0, 0), color=None, width=0)
    for box, label in zip(boxes, _box_labels(boxes)):
        _draw_label(shape, page, pymupdf.Rect(box.show), label)
    shape.commit()


def _box_labels(boxes: list[_Box]) -> list[str]:
    """One readable code per area: a converted covering shape names the exemption of what we found
    under it (else plain "Redacted"), and boxes under it draw no label of their own to overlap it."""
    fakes = [pymupdf.Rect(b.show) for b in boxes if b.fake]
    labels = []
    for box in boxes:
        rect = pymupdf.Rect(box.show)
        if box.fake:
            inner = [b.label for b in boxes if not b.fake and b.label and rect.intersects(pymupdf.Rect(b.show))]
            labels.append(inner[0] if inner else _FAKE_BOX_LABEL)
        else:
            labels.append("" if any(rect.intersects(f) for f in fakes) else box.label)
    return labels


def _draw_label(shape: pymupdf.Shape, page: pymupdf.Page, rect: pymupdf.Rect, label: str) -> None:
    # Sized and centred as the reader sees the box, then turned with the page so it reads upright.
    shown = rect * page.rotation_matrix
    size = _label_size(shown, label)
    if not size:
        return
    width = _label_length(label, size)
    centre = (rect.tl + rect.br) / 2
    start = pymupdf.Point(centre.x - width / 2, centre.y + size * 0.35)  # baseline centring cap height
    turn = (centre, pymupdf.Matrix(page.rotation)) if page.rotation else None
    shape.insert_text(start, label, fontname="helv", fontsize=size, color=(1, 1, 1), morph=turn)


_FAKE_BOX_LABEL = "Redacted"


def _label_size(rect: pymupdf.Rect, label: str) -> float:
    """The largest font size (3-9 pt) at which the label fits in the box, or 0."""
    if not label:
        return 0
    size = min(9.0, rect.height * 0.8)
    width = _label_length(label, size)
    if width > rect.width - 1:
        size *= (rect.width - 1) / width
    return round(size, 1) if size >= _MIN_LABEL_SIZE else 0


def _apply_document(pdf: pymupdf.Document, plan: _DocPlan) -> None:
    _apply_outline(pdf, plan)
    if plan.drop_files:
        for name in pdf.embfile_names():
            pdf.embfile_del(name)
        plan.removed.append("embedded files")
    if plan.drop_scripts:
        _drop_scripts(pdf)
        plan.removed.append("JavaScript")
    if plan.drop_xfa:
        kind, value = pdf.xref_get_key(pdf.pdf_catalog(), "AcroForm")
        if kind == "xref":
            pdf.xref_set_key(int(value.split()[0]), "XFA", "null")
        elif kind == "dict":
            pdf.xref_set_key(pdf.pdf_catalog(), "AcroForm/XFA", "null")
        plan.removed.append("XFA form data")
    if plan.drop_open_action:
        catalog = pdf.pdf_catalog()
        pdf.xref_set_key(catalog, "OpenAction", "null")
        pdf.xref_set_key(catalog, "AA", "null")
        plan.removed.append("open action")


def _apply_outline(pdf: pymupdf.Document, plan: _DocPlan) -> None:
    if plan.drop_toc:
        pdf.set_toc([])
        plan.removed.append("bookmarks")
    elif plan.toc_titles:
        toc = pdf.get_toc(simple=True)
        for i, title in plan.toc_titles.items():
            if i < len(toc):
                toc[i][1] = title
        pdf.set_toc(toc)


def _drop_scripts(pdf: pymupdf.Document) -> None:
    """Neutralise JavaScript actions and unhook script trees and additional actions."""
    for xref in range(1, pdf.xref_length()):
        try:
            source = pdf.xref_object(xref, compressed=True)
        except Exception:
            continue
        if not _JS_MARK.search(source):
            continue
        if pdf.xref_get_key(xref, "S")[1] == "/JavaScript":
            pdf.update_object(xref, "null")  # whatever pointed at this action now points at nothing
            continue
        for key in pdf.xref_get_keys(xref):
            kind, value = pdf.xref_get_key(xref, key)
            if key in ("JS", "JavaScript") or (kind == "dict" and _JS_MARK.search(value)):
                pdf.xref_set_key(xref, key, "null")


def _clear_metadata(pdf: pymupdf.Document, plan: _DocPlan) -> None:
    """Always: the information dictionary and every XMP packet go (the brief for all releases)."""
    kind, ref = pdf.xref_get_key(-1, "Info")
    if kind == "xref":
        # Emptied in place: set_metadata({}) only unhooks it, which xref-stream trailers ignore.
        pdf.update_object(int(ref.split()[0]), "<<>>")
    pdf.set_metadata({})
    pdf.del_xml_metadata()
    for xref in range(1, pdf.xref_length()):
        try:
            if pdf.xref_get_key(xref, "Type")[1] == "/Metadata":
                pdf.update_object(xref, "<<>>")
                pdf.update_stream(xref, b" ", new=True)
            elif pdf.xref_get_key(xref, "Metadata")[0] != "null":
                pdf.xref_set_key(xref, "Metadata", "null")
        except Exception:
            continue
    plan.removed.append("document metadata and XMP")


def _save(pdf: pymupdf.Document, out_path: Path) -> None:
    # A full rewrite with garbage collection: no earlier revision or orphaned object survives.
    pdf.save(str(out_path), garbage=4, deflate=True, clean=True, incremental=False, encryption=pymupdf.PDF_ENCRYPT_NONE)


# ---------------------------------------------------------------------------------------------
# Residual text: a second opinion from other libraries
# ---------------------------------------------------------------------------------------------


def residual_text(path: Path, options: ReadOptions) -> Iterator[tuple[str, str]]:
    """Text of an output as pypdfium2 (pages) and pypdf (everything outside the pages) read it."""
    yield from _pdfium_pages(path, options)
    yield from _pypdf_extras(path, options)


def _pdfium_pages(path: Path, options: ReadOptions) -> Iterator[tuple[str, str]]:
    import pypdfium2

    last_error: Exception | None = None
    for password in [None, *options.passwords]:
        try:
            pdf = pypdfium2.PdfDocument(str(path), password=password)
            break
        except Exception as exc:  # wrong password or unreadable
            last_error = exc
    else:
        raise FileProcessingError(f"output cannot be re-read ({last_error.__class__.__name__})")
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            yield f"page {i + 1}", textpage.get_text_range()
            textpage.close()
            page.close()
    finally:
        pdf.close()


def _pypdf_extras(path: Path, options: ReadOptions) -> Iterator[tuple[str, str]]:
    import pypdf

    # pypdf logs problems it repairs, quoting document text (an outline title, say): keep it quiet.
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:
            for password in options.passwords:
                if reader.decrypt(password):
                    break
        parts = {
            "metadata": _pypdf_metadata(reader),
            "xmp": _pypdf_xmp(reader),
            "annotations": _pypdf_annotations(reader),
            "outline": _pypdf_outline(reader.outline),
            "form fields": _pypdf_fields(reader),
            "embedded files": " ".join(reader.attachments.keys()),
            "strings": _pypdf_strings(reader),
        }
    except RedactorError:
        raise
    except Exception as exc:
        raise FileProcessingError(f"output cannot be re-read ({exc.__class__.__name__})") from None
    finally:
        logger.setLevel(level)
    for where, text in parts.items():
        if text:
            yield where, text


def _pypdf_metadata(reader) -> str:
    info = reader.metadata or {}
    return " | ".join(str(v) for v in info.values() if v)


def _pypdf_xmp(reader) -> str:
    root = reader.trailer["/Root"]
    meta = root.get("/Metadata")
    if meta is None:
        return ""
    return _xmp_text(meta.get_object().get_data().decode("utf-8", "replace"))


def _pypdf_annotations(reader) -> str:
    texts = []
    for page in reader.pages:
        for annot in _pypdf_list(page.get("/Annots")):
            obj = annot.get_object()
            if not hasattr(obj, "keys"):
                continue
            texts.extend(str(obj[key]) for key in ("/Contents", "/T", "/Subj", "/RC", "/NM") if key in obj)
            action = obj.get("/A")
            action = action.get_object() if action is not None else None
            if hasattr(action, "keys") and "/URI" in action:
                texts.append(str(action["/URI"]))
    return " | ".join(texts)


def _pypdf_list(value) -> list:
    value = value.get_object() if value is not None else None
    return list(value) if isinstance(value, list) else []


def _pypdf_outline(outline) -> str:
    titles = []
    for item in outline or []:
        if isinstance(item, list):
            titles.append(_pypdf_outline(item))
        else:
            titles.append(str(getattr(item, "title", "") or ""))
    return " | ".join(t for t in titles if t)


def _pypdf_fields(reader) -> str:
    fields = reader.get_fields() or {}
    return " | ".join(str(f.get("/V")) for f in fields.values() if f.get("/V") not in (None, ""))


def _pypdf_strings(reader) -> str:
    """Every string in every object the file still holds, referenced or not (as the scorer's raw scan)."""
    import pypdf.generic as g

    out: list[str] = []

    def walk(obj, depth=0):
        if depth > 20:
            return
        if isinstance(obj, (g.TextStringObject, g.ByteStringObject)):
            out.append(str(obj) if isinstance(obj, g.TextStringObject) else obj.decode("latin-1", "replace"))
        elif isinstance(obj, g.DictionaryObject):
            for value in obj.values():
                walk(value, depth + 1)
        elif isinstance(obj, g.ArrayObject):
            for value in obj:
                walk(value, depth + 1)

    for num, gen in _object_ids(reader):
        try:
            walk(reader.get_object(g.IndirectObject(num, gen, reader)))
        except Exception:
            continue
    return " | ".join(s for s in out if s.strip())


def _object_ids(reader) -> list[tuple[int, int]]:
    ids = []
    for gen, table in reader.xref.items():
        ids.extend((num, gen) for num in table)
    ids.extend((num, 0) for num in reader.xref_objStm)
    return ids

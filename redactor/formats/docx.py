"""DOCX/DOCM: native redaction at the XML level of every part of the package (no PDF round trip)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import unquote

from lxml import etree

from redactor.errors import FileProcessingError, RedactorError
from redactor.formats import ooxml
from redactor.formats.base import ReadOptions, WriteResult
from redactor.models import Action, Decision, Document, HiddenItem, Location, Segment, TableCell

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
VML_NS = "urn:schemas-microsoft-com:vml"
O_NS = "urn:schemas-microsoft-com:office:office"
R_NS = ooxml.OFFICE_REL_NS
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


# Root element of each WordprocessingML story part → the `where` of its paragraphs.
_STORY_WHERE = {
    "document": "prose", "hdr": "header", "ftr": "footer", "footnotes": "footnote",
    "endnotes": "footnote", "comments": "comment", "glossaryDocument": "glossary",
}
_STORY_RANK = {name: rank for rank, name in enumerate(_STORY_WHERE)}
# Parts whose text is layout/boilerplate (style names, fonts, theme), not document content.
_NO_TEXT_ROOTS = {
    "Types", "Relationships", "styles", "fonts", "theme", "themeOverride", "numbering", "webSettings",
    "settings", "commentsEx", "commentsIds", "commentsExtensible", "people", "vbaSuppData", "datastoreItem",
}
# Parts with no attribute that can hold document text (settings keeps docVars, people keeps authors).
_NO_ATTRIBUTE_ROOTS = {"Types", "Relationships", "fonts", "theme", "themeOverride", "webSettings"}
_COMMENT_ROOTS = {"comments", "commentsEx", "commentsIds", "commentsExtensible", "people"}
_PERSONAL_PROPS = {
    "creator", "lastModifiedBy", "title", "subject", "keywords", "description", "category",
    "contentStatus", "identifier", "Company", "Manager", "HyperlinkBase",
}

# Character sources inside a paragraph: text elements by kind, and elements read as one character.
_TEXT_KIND = {
    _w("t"): "visible", f"{{{M_NS}}}t": "visible", _w("delText"): "revision",
    _w("instrText"): "field", _w("delInstrText"): "revision",
}
_CHAR_ELEMENTS = {_w("tab"): " ", _w("br"): " ", _w("cr"): " ", _w("ptab"): " ", _w("noBreakHyphen"): "-"}
_NESTED_STORY = {_w("p"), _w("txbxContent")}  # their paragraphs are segments of their own
_DELETED_WRAPPERS = {_w("del"), _w("moveFrom")}

_TRACK_MARKERS = {
    _w(n) for n in (
        "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange", "tblGridChange",
        "tblPrExChange", "numberingChange", "cellIns", "cellDel", "cellMerge", "moveFromRangeStart",
        "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd", "customXmlInsRangeStart",
        "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd",
        "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd", "customXmlMoveToRangeStart",
        "customXmlMoveToRangeEnd",
    )
}
_TRACK_TAGS = _TRACK_MARKERS | {_w("ins"), _w("del"), _w("moveFrom"), _w("moveTo")}
_COMMENT_MARKERS = {_w("commentRangeStart"), _w("commentRangeEnd"), _w("commentReference")}

_REL_HYPERLINK = "/hyperlink"
_REL_TEMPLATE = "/attachedTemplate"
_REL_THUMBNAIL = "/thumbnail"
_REL_ALTCHUNK = "/aFChunk"
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".svg")

_OFF = {"0", "false", "off"}
# Property values that cannot identify anyone (counts, flags, versions, timestamps).
_PLAIN_VALUE = re.compile(r"(?i)true|false|[\d.:TZ+-]*")
_TEXT_ATTRIBUTES = {
    _w("author"), _w("initials"), _w("instr"), _w("tooltip"), _w("name"), _w("val"), _w("ed"),
    f"{{{W15_NS}}}author", f"{{{W15_NS}}}userId", "descr", "title", "name", "alt", f"{{{O_NS}}}title",
}
_FORM_PARENTS = {"ffData", "textInput", "ddList", "checkBox"}
_FORM_VALUES = {"name", "default", "helpText", "statusText", "listEntry"}


# --------------------------------------------------------------------------- zip safety (via ooxml)
# Kept in three small functions so the package checks live in one place (redactor.formats.ooxml).


def _open_package(path: Path, options: ReadOptions) -> ooxml.Package:
    return ooxml.open_package(Path(path), options)


def _load_output_parts(path: Path, options: ReadOptions) -> dict[str, bytes]:
    return ooxml.load_parts(ooxml.read_input(Path(path), options), options)


def _parse(data: bytes) -> etree._Element:
    return ooxml.parse_xml(data)


# --------------------------------------------------------------------------- references kept in Segment.ref


@dataclass(frozen=True)
class _ParaRef:
    """Characters of one kind (visible/hidden/revision/field) from paragraphs of a story part, joined by newlines."""

    part: str
    paras: tuple[int, ...]  # indices into the part's w:p elements in document order
    kind: str


@dataclass(frozen=True)
class _AttrRef:
    part: str
    element: int  # index into the part's root.iter() order
    attr: str  # Clark name
    mode: str  # "span" (label in place), "clear" (alt text), "rename" (bookmark names)


@dataclass(frozen=True)
class _TextRef:
    part: str
    element: int


@dataclass(frozen=True)
class _RelRef:
    source: str  # the part whose .rels holds it
    rid: str


@dataclass(frozen=True)
class _HiddenRef:
    kind: str  # tracked, comments, metadata, hidden-text, part, relationship
    parts: tuple[str, ...] = ()
    rel: _RelRef | None = None


@dataclass
class _State:
    pkg: ooxml.Package
    hidden_styles: frozenset[str]
    encrypted: bool
    stories: tuple[str, ...] = ()


# --------------------------------------------------------------------------- paragraph characters


@dataclass
class _Chars:
    """A paragraph's characters of one kind and, for each, the node it came from (offset -1: a whole element)."""

    text: list[str] = field(default_factory=list)
    where: list[tuple[etree._Element | None, int]] = field(default_factory=list)

    def add_text(self, node: etree._Element) -> None:
        for i, ch in enumerate(node.text or ""):
            self.text.append(ch)
            self.where.append((node, i))

    def add_element(self, node: etree._Element, ch: str) -> None:
        self.text.append(ch)
        self.where.append((node, -1))

    def add_separator(self) -> None:
        self.text.append("\n")
        self.where.append((None, -1))

    def string(self) -> str:
        return "".join(self.text)


def _story_descendants(p: etree._Element) -> Iterator[etree._Element]:
    """Elements of a paragraph in document order, without nested paragraphs (text boxes)."""
    for child in p:
        if not isinstance(child.tag, str) or child.tag in _NESTED_STORY:
            continue
        yield child
        yield from _story_descendants(child)


def _is_on(el: etree._Element | None) -> bool:
    return el is not None and (el.get(_w("val")) or "true").lower() not in _OFF


def _run_hidden(run: etree._Element, para_style: str | None, hidden_styles: frozenset[str]) -> bool:
    rpr = run.find(_w("rPr"))
    if rpr is not None:
        vanish = rpr.find(_w("vanish"))
        if vanish is not None:
            return _is_on(vanish)
        if _is_on(rpr.find(_w("specVanish"))):
            return True
        style = rpr.find(_w("rStyle"))
        if style is not None and style.get(_w("val")) in hidden_styles:
            return True
    return para_style in hidden_styles if para_style else False


def _paragraph_style(p: etree._Element) -> str | None:
    style = p.find(f"{_w('pPr')}/{_w('pStyle')}")
    return style.get(_w("val")) if style is not None else None


def _in_deleted(node: etree._Element, p: etree._Element) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not p:
        if parent.tag in _DELETED_WRAPPERS:
            return True
        parent = parent.getparent()
    return False


def _paragraph_chars(p: etree._Element, hidden_styles: frozenset[str]) -> dict[str, _Chars]:
    """Split a paragraph's characters into visible, hidden (vanish), revision (deleted) and field codes."""
    out: dict[str, _Chars] = {}
    para_style = _paragraph_style(p)
    for node in _story_descendants(p):
        kind = _TEXT_KIND.get(node.tag)
        is_char = node.tag in _CHAR_ELEMENTS and node.getparent() is not None and node.getparent().tag == _w("r")
        if kind is None and not is_char:
            continue
        kind = kind or "visible"
        if kind != "revision" and _in_deleted(node, p):
            kind = "revision"
        if kind == "visible":
            run = node.getparent()
            if run is not None and run.tag == _w("r") and _run_hidden(run, para_style, hidden_styles):
                kind = "hidden"
        chars = out.setdefault(kind, _Chars())
        if is_char:
            chars.add_element(node, _CHAR_ELEMENTS[node.tag])
        else:
            chars.add_text(node)
    return out


def _hidden_styles(pkg: ooxml.Package) -> frozenset[str]:
    """Style ids whose run properties hide text (w:vanish), following basedOn chains."""
    name = next((n for n in pkg.names() if n.lower().endswith("word/styles.xml")), None)
    if name is None:
        return frozenset()
    root = _parse(pkg.read(name))
    own: dict[str, bool | None] = {}
    based: dict[str, str] = {}
    for style in root.iter(_w("style")):
        sid = style.get(_w("styleId")) or ""
        vanish = style.find(f"{_w('rPr')}/{_w('vanish')}")
        own[sid] = None if vanish is None else _is_on(vanish)
        parent = style.find(_w("basedOn"))
        if parent is not None:
            based[sid] = parent.get(_w("val")) or ""

    def hidden(sid: str, depth: int = 0) -> bool:
        if own.get(sid) is not None:
            return bool(own[sid])
        return depth < 20 and sid in based and hidden(based[sid], depth + 1)

    return frozenset(sid for sid in own if hidden(sid))


# --------------------------------------------------------------------------- tables


def _nearest(el: etree._Element, tags: set[str], stop: etree._Element | None = None) -> etree._Element | None:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return parent
        parent = parent.getparent()
    return None


def _int_attr(el: etree._Element | None, default: int = 0) -> int:
    try:
        return int(el.get(_w("val"))) if el is not None else default
    except (TypeError, ValueError):
        return default


def _table_cells(root: etree._Element, first_id: int) -> tuple[dict[etree._Element, TableCell], int]:
    """TableCell (grid row/column, counting gridBefore/gridSpan) for every w:tc; nested tables get their own id."""
    cells: dict[etree._Element, TableCell] = {}
    n = first_id
    for tbl in root.iter(_w("tbl")):
        table_id = f"t{n}"
        n += 1
        rows = [tr for tr in tbl.iter(_w("tr")) if _nearest(tr, {_w("tbl")}) is tbl]
        for r, tr in enumerate(rows):
            col = _int_attr(tr.find(f"{_w('trPr')}/{_w('gridBefore')}"))
            for tc in (tc for tc in tr.iter(_w("tc")) if _nearest(tc, {_w("tr")}) is tr):
                cells[tc] = TableCell(table_id, r, col)
                col += max(1, _int_attr(tc.find(f"{_w('tcPr')}/{_w('gridSpan')}"), 1))
    return cells, n


# --------------------------------------------------------------------------- attributes that hold text


# (element local name, attribute) → (where, mode) for WordprocessingML elements; "*" matches any element.
_W_ATTRS = {
    ("comment", _w("author")): ("comment", "span"),
    ("comment", _w("initials")): ("comment", "span"),
    ("*", _w("author")): ("revision", "span"),
    ("fldSimple", _w("instr")): ("field", "span"),
    ("hyperlink", _w("tooltip")): ("hyperlink", "span"),
    ("bookmarkStart", _w("name")): ("bookmark", "rename"),
    ("docVar", _w("name")): ("metadata", "span"),
    ("docVar", _w("val")): ("metadata", "span"),
    ("attr", _w("val")): ("metadata", "span"),  # smart-tag properties, e.g. a recognised PersonName
    ("permStart", _w("ed")): ("metadata", "span"),
    ("alias", _w("val")): ("form-field", "span"),
    ("tag", _w("val")): ("form-field", "span"),
}
_OTHER_ATTRS = {
    (W15_NS, "person", f"{{{W15_NS}}}author"): ("comment", "span"),
    (W15_NS, "presenceInfo", f"{{{W15_NS}}}userId"): ("comment", "span"),
}
_W_PREFIX = f"{{{W_NS}}}"
_W_VAL = _w("val")


def _attr_where(el: etree._Element, attr: str) -> tuple[str, str] | None:
    """(where, mode) for an attribute that can hold personal data, else None."""
    tag = el.tag
    name = ooxml.local(tag)
    if tag.startswith(_W_PREFIX):
        if attr == _W_VAL and name in _FORM_VALUES:
            parent = el.getparent()
            if parent is not None and ooxml.local(parent.tag) in _FORM_PARENTS:
                return ("form-field", "span")
        return _W_ATTRS.get((name, attr)) or _W_ATTRS.get(("*", attr))
    if name in ("docPr", "cNvPr") and attr in ("descr", "title", "name"):
        return ("alt-text", "clear")
    if attr in ("alt", "title") and tag.startswith(f"{{{VML_NS}}}"):
        return ("alt-text", "clear")
    if name == "imagedata" and attr == f"{{{O_NS}}}title":
        return ("alt-text", "clear")
    ns = tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
    return _OTHER_ATTRS.get((ns, name, attr))


# --------------------------------------------------------------------------- extraction


@dataclass
class _Story:
    part: str
    root: etree._Element
    where: str


class _Extractor:
    """Builds a Document from a checked package: segments from every part, plus hidden items."""

    def __init__(self, doc: Document, pkg: ooxml.Package, hidden_styles: frozenset[str]):
        self.doc = doc
        self.pkg = pkg
        self.hidden_styles = hidden_styles
        self.next_table = 0

    def run(self) -> tuple[str, ...]:
        """Fill the document; returns the story part names (body, headers, footers, notes, comments)."""
        main = _main_part(self.pkg)
        stories, others = self._classify(main)
        for story in stories:
            self._story_segments(story)
        for part, root in others:
            self._other_segments(part, root)
        for story in stories:
            self._attribute_segments(story.part, story.root)
        for part, root in others:
            self._attribute_segments(part, root)
        self._relationship_segments()
        self._hidden_items(stories, others)
        images = [n for n in self.pkg.names() if n.lower().endswith(_IMAGE_SUFFIXES)]
        if images:
            self.doc.notes.append(f"{len(images)} image(s) not examined for text (no OCR)")
        return tuple(story.part for story in stories)

    def _classify(self, main: str) -> tuple[list[_Story], list[tuple[str, etree._Element]]]:
        stories: list[_Story] = []
        others: list[tuple[str, etree._Element]] = []
        for name, data in self.pkg.iter_xml_parts():
            if name == ooxml.CONTENT_TYPES or name.endswith(".rels"):
                continue
            try:
                root = _parse(data)
            except FileProcessingError:
                if name.lower().endswith(".vml"):
                    continue  # legacy VML is often not well-formed; it holds shapes, not document text
                raise FileProcessingError(f"part {name} is not well-formed XML") from None
            ns, _, local_name = root.tag[1:].partition("}") if root.tag.startswith("{") else ("", "", root.tag)
            if ns == W_STRICT_NS:
                raise FileProcessingError("Strict OOXML Word documents are not supported: save as a standard .docx")
            if ns == W_NS and local_name in _STORY_WHERE:
                stories.append(_Story(name, root, _STORY_WHERE[local_name]))
            else:
                others.append((name, root))
        stories.sort(key=lambda s: (s.part != main, _STORY_RANK[ooxml.local(s.root.tag)], _natural(s.part)))
        return stories, others

    # -- story parts: paragraphs and table cells
    def _story_segments(self, story: _Story) -> None:
        cells, self.next_table = _table_cells(story.root, self.next_table)
        cell_paras: dict[etree._Element, list[tuple[int, str]]] = {}
        for index, p in enumerate(story.root.iter(_w("p"))):
            owner = _nearest(p, {_w("tc"), _w("txbxContent")}, story.root)
            chars = _paragraph_chars(p, self.hidden_styles)
            where = "textbox" if owner is not None and owner.tag == _w("txbxContent") else story.where
            block = f"{story.part}#p{index + 1}"
            if owner is not None and owner.tag == _w("tc") and owner in cells:
                cell_paras.setdefault(owner, []).append((index, block))
                block = self._cell_block(story.part, cells[owner])
            elif "visible" in chars:
                self._add(chars["visible"].string(), story.part, (index,), "visible", where, block)
            if "hidden" in chars:
                self._add(chars["hidden"].string(), story.part, (index,), "hidden", where, block, hidden=True)
            if "revision" in chars:
                self._add(chars["revision"].string(), story.part, (index,), "revision", "revision", block, hidden=True)
            if "field" in chars:
                self._add(chars["field"].string(), story.part, (index,), "field", "field", block)
        cell_where = "table" if story.where == "prose" else story.where
        for tc, paras in cell_paras.items():
            indices = tuple(i for i, _ in paras)
            text = _join_chars(story.root, indices, "visible", self.hidden_styles).string()
            cell = cells[tc]
            self._add(text, story.part, indices, "visible", cell_where, self._cell_block(story.part, cell), cell=cell)

    @staticmethod
    def _cell_block(part: str, cell: TableCell) -> str:
        return f"{part}#{cell.table}r{cell.row}c{cell.col}"

    def _add(self, text: str, part: str, paras: tuple[int, ...], kind: str, where: str, block: str,
             hidden: bool = False, cell: TableCell | None = None) -> None:
        if not text.strip():
            return
        self.doc.add(Segment(
            text=text, location=Location(part=part, index=paras[0] + 1), where=where, cell=cell,
            block=block, hidden=hidden, ref=_ParaRef(part, paras, kind),
        ))

    # -- other XML parts: properties, custom XML, charts, diagrams
    def _other_segments(self, part: str, root: etree._Element) -> None:
        if ooxml.local(root.tag) in _NO_TEXT_ROOTS:
            return
        low = part.lower()
        if low.startswith(("docprops/", "customxml/")):
            where = "metadata"
        elif "chart" in low or "diagram" in low:
            where = "chart"
        else:
            where = "other"
        for index, el in enumerate(root.iter()):
            if isinstance(el.tag, str) and el.text and el.text.strip() and \
                    not (where == "metadata" and _PLAIN_VALUE.fullmatch(el.text.strip())):
                self.doc.add(Segment(
                    text=el.text, location=Location(part=part, index=index), where=where,
                    block=f"{part}#{index}", ref=_TextRef(part, index),
                ))
            if where == "metadata" and ooxml.local(el.tag) == "property" and el.get("name"):
                self.doc.add(Segment(
                    text=el.get("name"), location=Location(part=part, index=index), where="metadata",
                    block=f"{part}#{index}", ref=_AttrRef(part, index, "name", "span"),
                ))

    def _attribute_segments(self, part: str, root: etree._Element) -> None:
        if ooxml.local(root.tag) in _NO_ATTRIBUTE_ROOTS:
            return
        for index, el in enumerate(root.iter()):
            if not isinstance(el.tag, str):
                continue
            for attr, value in el.attrib.items():
                spec = _attr_where(el, attr) if attr in _TEXT_ATTRIBUTES else None
                if spec and value.strip():
                    self.doc.add(Segment(
                        text=value, location=Location(part=part, index=index), where=spec[0],
                        block=f"{part}#{index}", hidden=spec[0] in ("revision", "bookmark"),
                        ref=_AttrRef(part, index, attr, spec[1]),
                    ))

    def _relationship_segments(self) -> None:
        for rel in self.pkg.all_relationships():
            if not rel.external or not rel.target:
                continue
            where = "hyperlink" if rel.type.endswith(_REL_HYPERLINK) else "metadata"
            self.doc.add(Segment(
                text=unquote(rel.target), location=Location(part=rel.rels_part), where=where,
                block=f"{rel.rels_part}#{rel.id}", ref=_RelRef(rel.source, rel.id),
            ))

    # -- hidden data
    def _hidden_items(self, stories: list[_Story], others: list[tuple[str, etree._Element]]) -> None:
        add = self.doc.hidden.append
        comment_markers = 0
        # Styles and numbering can carry formatting revisions (with their authors) too.
        word_parts = [(s.part, s.root) for s in stories]
        word_parts += [(name, root) for name, root in others if root.tag.startswith(_W_PREFIX)]
        for part, root in word_parts:
            tracked = sum(1 for _ in root.iter(*_TRACK_TAGS))
            if tracked:
                add(HiddenItem("TRACKED_CHANGE", Location(part=part), f"{tracked} tracked change mark(s)",
                               _HiddenRef("tracked", (part,))))
        for story in stories:
            hidden = sum(1 for _ in _hidden_runs(story.root, self.hidden_styles))
            if hidden:
                add(HiddenItem("HIDDEN_TEXT", Location(part=story.part), f"{hidden} hidden (vanish) run(s)",
                               _HiddenRef("hidden-text", (story.part,))))
            comment_markers += sum(1 for _ in story.root.iter(*_COMMENT_MARKERS))
        comment_parts = self._comment_parts(stories, others)
        if comment_parts or comment_markers:
            count = sum(1 for s in stories if ooxml.local(s.root.tag) == "comments" for _ in s.root.iter(_w("comment")))
            add(HiddenItem("COMMENT", Location(part=comment_parts[0] if comment_parts else None),
                           f"{count} comment(s) in {len(comment_parts)} part(s)",
                           _HiddenRef("comments", tuple(comment_parts))))
        self._metadata_item()
        self._part_items()
        for rel in self.pkg.all_relationships():
            if not rel.external or rel.type.endswith(_REL_HYPERLINK):
                continue
            entity = "ATTACHED_TEMPLATE" if rel.type.endswith(_REL_TEMPLATE) else "EXTERNAL_LINK"
            detail = "attached template (external path)" if entity == "ATTACHED_TEMPLATE" else \
                f"external relationship ({rel.type.rsplit('/', 1)[-1]})"
            add(HiddenItem(entity, Location(part=rel.rels_part), detail,
                           _HiddenRef("relationship", rel=_RelRef(rel.source, rel.id))))

    def _comment_parts(self, stories: list[_Story], others: list[tuple[str, etree._Element]]) -> list[str]:
        found = {s.part for s in stories if ooxml.local(s.root.tag) == "comments"}
        found |= {name for name, root in others if ooxml.local(root.tag) in _COMMENT_ROOTS}
        for name in self.pkg.names():
            ctype = self.pkg.content_type(name) or ""
            if "wordprocessingml.comments" in ctype or "wordprocessingml.people" in ctype:
                found.add(name)
        return sorted(found, key=_natural)

    def _metadata_item(self) -> None:
        props = {**ooxml.core_properties(self.pkg), **ooxml.app_properties(self.pkg)}
        personal = sorted(k for k, v in props.items() if k in _PERSONAL_PROPS and v.strip())
        custom = ooxml.custom_properties(self.pkg)
        if not personal and "docProps/custom.xml" not in self.pkg:
            return
        detail = "document properties set: " + (", ".join(personal) or "none")
        if "docProps/custom.xml" in self.pkg:
            detail += f"; {len(custom)} custom propert{'y' if len(custom) == 1 else 'ies'}"
        parts = tuple(p for p in ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml") if p in self.pkg)
        self.doc.hidden.append(HiddenItem("METADATA", Location(part=parts[0] if parts else None), detail,
                                          _HiddenRef("metadata", parts)))

    def _part_items(self) -> None:
        add = self.doc.hidden.append
        altchunks = {r.resolved for r in self.pkg.all_relationships() if r.type.endswith(_REL_ALTCHUNK) and r.resolved}
        thumbnails = {r.resolved for r in self.pkg.relationships("") if r.type.endswith(_REL_THUMBNAIL) and r.resolved}
        for name in self.pkg.names():
            low = name.lower()
            ctype = (self.pkg.content_type(name) or "").lower()
            if low.endswith("vbaproject.bin") or "vbaproject" in ctype:
                entity, detail = "VBA_PROJECT", "VBA macro project"
            elif low.startswith("word/embeddings/") or "oleobject" in ctype or low.startswith("word/activex/") \
                    or name in altchunks:
                if low.endswith(".rels"):
                    continue
                entity, detail = "EMBEDDED_OBJECT", "embedded object or file (not examined)"
            elif name in thumbnails or low.startswith("docprops/thumbnail"):
                entity, detail = "THUMBNAIL", "page thumbnail image (may show the original text)"
            elif re.fullmatch(r"customxml/item\d*\.xml", low) and _has_text(self.pkg.read(name)):
                entity, detail = "CUSTOM_XML", "custom XML data part"
            else:
                continue
            add(HiddenItem(entity, Location(part=name), detail, _HiddenRef("part", (name,))))


def _has_text(data: bytes) -> bool:
    try:
        return any(t.strip() for t in _parse(data).itertext())
    except FileProcessingError:
        return True


def _natural(name: str) -> list:
    return [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", name)]


def _main_part(pkg: ooxml.Package) -> str:
    for rel in pkg.relationships(""):
        if rel.type.endswith("/officeDocument") and rel.resolved:
            if rel.resolved not in pkg:
                break
            return rel.resolved
    raise FileProcessingError("not a Word document: no main document part")


def _join_chars(root: etree._Element, paras: tuple[int, ...], kind: str, hidden_styles: frozenset[str],
                all_paras: list[etree._Element] | None = None) -> _Chars:
    all_paras = all_paras if all_paras is not None else list(root.iter(_w("p")))
    joined = _Chars()
    for n, index in enumerate(paras):
        if n:
            joined.add_separator()
        part = _paragraph_chars(all_paras[index], hidden_styles).get(kind)
        if part is not None:
            joined.text.extend(part.text)
            joined.where.extend(part.where)
    return joined


def _hidden_runs(root: etree._Element, hidden_styles: frozenset[str]) -> Iterator[etree._Element]:
    """Runs hidden by w:vanish (direct or through a style) that hold text."""
    for run in root.iter(_w("r")):
        p = _nearest(run, {_w("p")})
        if _run_hidden(run, _paragraph_style(p) if p is not None else None, hidden_styles) and \
                any(child.tag in _TEXT_KIND or child.tag in _CHAR_ELEMENTS for child in run):
            yield run


# --------------------------------------------------------------------------- XML editing helpers


def _drop(el: etree._Element) -> None:
    """Remove an element, keeping its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _unwrap(el: etree._Element) -> None:
    """Replace an element by its children (accepting an insertion, removing a hyperlink wrapper)."""
    parent = el.getparent()
    if parent is None:
        return
    index = parent.index(el)
    for offset, child in enumerate(list(el)):
        parent.insert(index + offset, child)
    _drop(el)


def _merge_spans(spans: list[tuple[int, int, str]], length: int) -> list[tuple[int, int, str]]:
    merged: list[list] = []
    for start, end, label in sorted((max(0, s), min(length, e), lab) for s, e, lab in spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, label])
    return [tuple(m) for m in merged]


def _replace_chars(chars: _Chars, start: int, end: int, label: str) -> None:
    """Replace characters [start:end] with the label in the first text node they touch; empty the rest."""
    groups: list[tuple[etree._Element, list[int]]] = []
    for node, offset in chars.where[start:end]:
        if node is None:
            continue
        if groups and groups[-1][0] is node:
            groups[-1][1].append(offset)
        else:
            groups.append((node, [offset]))
    placed = False
    for node, offsets in groups:
        if offsets[0] < 0:
            _drop(node)
            continue
        text = node.text or ""
        node.text = text[: offsets[0]] + ("" if placed else label) + text[offsets[-1] + 1:]
        placed = True
        node.set(XML_SPACE, "preserve")


# --------------------------------------------------------------------------- redaction


class _Redactor:
    def __init__(self, doc: Document, pkg: ooxml.Package, hidden_styles: frozenset[str], result: WriteResult,
                 stories: tuple[str, ...]):
        self.doc = doc
        self.pkg = pkg
        self.hidden_styles = hidden_styles
        self.result = result
        self.stories = stories

    def apply_spans(self, decisions: list[Decision]) -> None:
        spans: dict[int, list[tuple[int, int, str]]] = {}
        for d in decisions:
            f = d.finding
            if d.action != Action.REDACT or f.segment < 0 or f.segment >= len(self.doc.segments):
                continue
            seg = self.doc.segments[f.segment]
            span = (0, len(seg.text), d.label) if f.whole_segment else (f.start, f.end, d.label)
            spans.setdefault(f.segment, []).append(span)
        by_part: dict[str, list[tuple[Segment, list[tuple[int, int, str]]]]] = {}
        rels: list[_RelRef] = []
        for seg_id, seg_spans in spans.items():
            seg = self.doc.segments[seg_id]
            merged = _merge_spans(seg_spans, len(seg.text))
            if not merged:
                continue
            if isinstance(seg.ref, _RelRef):
                rels.append(seg.ref)
            elif seg.ref is not None:
                by_part.setdefault(seg.ref.part, []).append((seg, merged))
        for part, items in by_part.items():
            self._edit_part(part, items)
        for ref in dict.fromkeys(rels):
            _remove_relationship(self.pkg, ref.source, ref.rid, unwrap_hyperlinks=True)
            self.result.removed.append(f"{ooxml.rels_part_for(ref.source)}: link target {ref.rid}")

    def _edit_part(self, part: str, items: list[tuple[Segment, list[tuple[int, int, str]]]]) -> None:
        if part not in self.pkg:
            return
        root = _parse(self.pkg.read(part))
        elements = list(root.iter())
        paras = list(root.iter(_w("p")))
        # Resolve every character map before editing, so indices refer to the part as extracted.
        plans = []
        for seg, merged in items:
            ref = seg.ref
            if isinstance(ref, _ParaRef):
                plans.append((_join_chars(root, ref.paras, ref.kind, self.hidden_styles, paras), merged))
            else:
                plans.append((ref, merged))
        renamed = 0
        for target, merged in plans:
            if isinstance(target, _Chars):
                for start, end, label in reversed(merged):
                    _replace_chars(target, start, end, label)
            elif isinstance(target, _AttrRef):
                el = elements[target.element]
                value = el.get(target.attr) or ""
                if target.mode == "clear":
                    el.set(target.attr, "")
                elif target.mode == "rename":
                    renamed += 1
                    el.set(target.attr, f"_Redacted{renamed}")
                else:
                    for start, end, label in reversed(merged):
                        value = value[:start] + label + value[end:]
                    el.set(target.attr, value)
            elif isinstance(target, _TextRef):
                el = elements[target.element]
                value = el.text or ""
                for start, end, label in reversed(merged):
                    value = value[:start] + label + value[end:]
                el.text = value
        self.pkg.write_xml(part, root)

    def apply_hidden(self, decisions: list[Decision]) -> None:
        actions: dict[int, Action] = {}
        for d in decisions:
            index = d.finding.hidden_item
            if index is not None and 0 <= index < len(self.doc.hidden):
                # A redact decision on a hidden item means the same as remove.
                action = Action.REMOVE if d.action == Action.REDACT else d.action
                if actions.get(index) != Action.REMOVE:
                    actions[index] = action
        story_edits: dict[str, set[str]] = {}
        removals: list[str] = []
        for index, item in enumerate(self.doc.hidden):
            # Fail closed: hidden data nobody decided about is removed.
            action = actions.get(index, Action.REMOVE)
            ref: _HiddenRef = item.ref
            if action != Action.REMOVE:
                what = item.entity.lower().replace("_", " ")
                self.result.warnings.append(f"{item.location}: {what} kept ({action.value})")
                continue
            if ref.kind in ("tracked", "hidden-text"):
                story_edits.setdefault(ref.parts[0], set()).add(ref.kind)
            elif ref.kind == "comments":
                removals.extend(ref.parts)
                for part in self.stories:
                    story_edits.setdefault(part, set()).add("comments")
            elif ref.kind == "metadata":
                done = ooxml.scrub_document_properties(self.pkg)
                self.result.removed.extend(done)
            elif ref.kind == "part":
                removals.extend(ref.parts)
            elif ref.kind == "relationship" and ref.rel is not None:
                _remove_relationship(self.pkg, ref.rel.source, ref.rel.rid, unwrap_hyperlinks=False)
                self.result.removed.append(f"{item.location}: {item.entity.lower().replace('_', ' ')}")
        for part, kinds in story_edits.items():
            if part in self.pkg:
                self._clean_story(part, kinds)
        if "tracked" in {k for kinds in story_edits.values() for k in kinds}:
            _stop_tracking(self.pkg)
        if removals:
            self.result.removed.extend(self.pkg.remove_parts([p for p in removals if p in self.pkg]))

    def _clean_story(self, part: str, kinds: set[str]) -> None:
        root = _parse(self.pkg.read(part))
        if "tracked" in kinds:
            n = _accept_changes(root)
            self.result.removed.append(f"{part}: {n} tracked change mark(s) accepted")
        if "comments" in kinds:
            n = _remove_comment_markers(root)
            if n:
                self.result.removed.append(f"{part}: {n} comment marker(s)")
        if "hidden-text" in kinds:
            n = _remove_hidden_runs(root, self.hidden_styles)
            self.result.removed.append(f"{part}: {n} hidden run(s)")
        self.pkg.write_xml(part, root)


def _accept_changes(root: etree._Element) -> int:
    """Accept every tracked change: deletions and moved-from text go, insertions and moved-to text stay."""
    count = 0
    for el in list(root.iter(_w("del"), _w("moveFrom"))):
        parent = el.getparent()
        if parent is not None and parent.tag == _w("trPr") and el.tag == _w("del"):
            row = parent.getparent()
            if row is not None:
                _drop(row)
        _drop(el)
        count += 1
    for el in list(root.iter(_w("ins"), _w("moveTo"))):
        parent = el.getparent()
        if parent is not None and ooxml.local(parent.tag).endswith("Pr"):
            _drop(el)  # a mark on a paragraph/row property, not a content wrapper
        else:
            _unwrap(el)
        count += 1
    for el in list(root.iter(*_TRACK_MARKERS)):
        _drop(el)
        count += 1
    for el in list(root.iter(_w("delText"), _w("delInstrText"))):
        _drop(el)  # deleted text outside a w:del wrapper
    return count


def _remove_comment_markers(root: etree._Element) -> int:
    count = 0
    for el in list(root.iter(*_COMMENT_MARKERS)):
        parent = el.getparent()
        if el.tag == _w("commentReference") and parent is not None and parent.tag == _w("r") and \
                all(c is el or c.tag == _w("rPr") for c in parent):
            _drop(parent)
        else:
            _drop(el)
        count += 1
    return count


def _remove_hidden_runs(root: etree._Element, hidden_styles: frozenset[str]) -> int:
    count = 0
    for run in list(_hidden_runs(root, hidden_styles)):
        if run.find(_w("fldChar")) is not None or run.find(_w("instrText")) is not None:
            # Keep field structure intact: only the visible-text children go.
            for child in list(run):
                if child.tag == _w("t") or child.tag in _CHAR_ELEMENTS:
                    _drop(child)
        else:
            _drop(run)
        count += 1
    return count


def _stop_tracking(pkg: ooxml.Package) -> None:
    for name in pkg.names():
        if name.endswith("settings.xml") and not name.endswith(".rels"):
            root = _parse(pkg.read(name))
            marks = list(root.iter(_w("trackRevisions")))
            for el in marks:
                _drop(el)
            if marks:
                pkg.write_xml(name, root)


def _remove_relationship(pkg: ooxml.Package, source: str, rid: str, unwrap_hyperlinks: bool) -> None:
    """Drop one relationship and whatever in its source part points at it.

    Hyperlinks are unwrapped (their text stays) when `unwrap_hyperlinks`, else they just lose the link.
    """
    rels_name = ooxml.rels_part_for(source)
    if rels_name not in pkg:
        return
    rels = _parse(pkg.read(rels_name))
    for el in list(rels):
        if el.get("Id") == rid:
            rels.remove(el)
    pkg.write_xml(rels_name, rels)
    if source in pkg and ooxml.is_xml_part(source, pkg.read(source)):
        root = _parse(pkg.read(source))
        rid_attr = f"{{{R_NS}}}id"
        links = [el for el in root.iter(_w("hyperlink")) if el.get(rid_attr) == rid]
        for el in links:
            if unwrap_hyperlinks:
                _unwrap(el)
            else:
                del el.attrib[rid_attr]
        if links:
            pkg.write_xml(source, root)
        pkg.drop_rid_references(source, {rid})


def _repair(pkg: ooxml.Package, result: WriteResult) -> None:
    """Make the package consistent: every part typed, every internal relationship resolvable."""
    for rel in pkg.all_relationships():
        if rel.resolved is not None and rel.resolved not in pkg:
            _remove_relationship(pkg, rel.source, rel.id, unwrap_hyperlinks=False)
            result.warnings.append(f"{rel.rels_part}: dropped relationship {rel.id} to a missing part")
    for name in pkg.names():
        if name != ooxml.CONTENT_TYPES and not pkg.content_type(name):
            xml = ooxml.is_xml_part(name, pkg.read(name))
            pkg.ensure_content_type(name, "application/xml" if xml else "application/octet-stream")
            result.warnings.append(f"{name}: had no content type")
    problems = pkg.problems()
    if problems:
        raise FileProcessingError(f"redacted DOCX would be invalid: {problems[0]}")


# --------------------------------------------------------------------------- residual text


_BREAK_LOCALS = {"br", "tab", "cr", "ptab"}
_BLOCK_LOCALS = {"p", "si", "is", "comment", "text"}


def _block_text(el: etree._Element) -> str:
    out: list[str] = []

    def walk(e: etree._Element) -> None:
        if ooxml.local(e.tag) in _BREAK_LOCALS:
            out.append(" ")
        if isinstance(e.tag, str) and e.text:
            out.append(e.text)
        for child in e:
            walk(child)
            if child.tail:
                out.append(child.tail)

    walk(el)
    return "".join(out)


def _part_residue(data: bytes) -> str:
    """Text of an XML part: each paragraph with its runs joined, the whole part's text, then every attribute value."""
    try:
        root = _parse(data)
    except FileProcessingError:
        text = data.decode("utf-8", "replace")
        stripped = [re.sub(r"<[^>]+>", "", text), re.sub(r"<[^>]+>", " ", text)]
        return "\n".join([*stripped, *re.findall(r'="([^"]*)"', text)])
    blocks: list[str] = []
    flowing: list[str] = []
    joined: list[str] = []
    attrs: list[str] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = ooxml.local(el.tag)
        if name in _BLOCK_LOCALS:
            blocks.append(_block_text(el))
            flowing.append("\n")
        if name in _BREAK_LOCALS:
            flowing.append(" ")
            joined.append(" ")
        if el.text and el.text.strip():
            flowing.append(el.text)
            joined.append(el.text)
        if el.tail and el.tail.strip():
            flowing.append(el.tail)
            joined.append(el.tail)
        for value in el.attrib.values():
            attrs.append(value)
            if "%" in value:
                attrs.append(unquote(value))
    return "\n".join([*blocks, "".join(flowing), "".join(joined), *attrs])


# --------------------------------------------------------------------------- the handler


class DocxHandler:
    name = "docx"
    suffixes = (".docx", ".docm")

    def extract(self, path: Path, options: ReadOptions) -> Document:
        path = Path(path)
        try:
            pkg = _open_package(path, options)
            with path.open("rb") as fh:
                encrypted = ooxml.is_ole(fh.read(8))
            hidden_styles = _hidden_styles(pkg)
            doc = Document(path=path, format=self.name)
            stories = _Extractor(doc, pkg, hidden_styles).run()
            doc.state = _State(pkg, hidden_styles, encrypted, stories)
        except RedactorError:
            raise
        except RecursionError:
            raise FileProcessingError("DOCX is nested too deeply to read") from None
        except Exception as exc:  # any library failure on hostile input becomes a one-line error
            raise FileProcessingError(f"DOCX could not be read ({type(exc).__name__})") from None
        return doc

    def redact(self, doc: Document, decisions: list[Decision], out_path: Path, options: ReadOptions) -> WriteResult:
        result = WriteResult()
        state = doc.state if isinstance(doc.state, _State) else None
        try:
            if state is None:
                state = self.extract(Path(doc.path), options).state
            pkg = ooxml.Package(dict(state.pkg.parts), state.pkg.data)
            redactor = _Redactor(doc, pkg, state.hidden_styles, result, state.stories)
            redactor.apply_spans(decisions)
            redactor.apply_hidden(decisions)
            _repair(pkg, result)
            if state.encrypted:
                result.warnings.append("input was encrypted; the redacted copy is written without a password")
            pkg.save(Path(out_path))
        except RedactorError:
            raise
        except Exception as exc:
            raise FileProcessingError(f"DOCX could not be redacted ({type(exc).__name__})") from None
        return result

    def residual_text(self, path: Path, options: ReadOptions) -> Iterable[tuple[str, str]]:
        try:
            parts = _load_output_parts(Path(path), options)
        except RedactorError:
            raise
        except Exception as exc:
            raise FileProcessingError(f"DOCX output could not be re-read ({type(exc).__name__})") from None
        out: list[tuple[str, str]] = []
        for name, data in parts.items():
            if ooxml.is_xml_part(name, data):
                ooxml.check_xml_part(name, data)
                out.append((name, _part_residue(data)))
            elif not name.lower().endswith(_IMAGE_SUFFIXES[:7]):
                out.append((name, ooxml.printable_strings(data)))
        return out


HANDLER = DocxHandler()

"""Zip- and XML-level work on Office Open XML packages (XLSX, DOCX) that the Office libraries cannot be trusted with.

Shared by the XLSX and DOCX handlers. The usual flow is::

    pkg = open_package(path, options)        # decrypt, zip-bomb/duplicate checks, defusedxml check of every XML part
    ...load pkg.data with the Office library, save it to bytes...
    out = Package.from_bytes(saved, options)
    out.remove_parts(["xl/calcChain.xml"])   # also drops their .rels, relationships to them and content types
    scrub_document_properties(out)
    out.save(out_path)                       # atomic
    for part, text in residual_text(out_path, options): ...

Every failure on bad input raises FileProcessingError (or EncryptedFile) with a one-line reason that
holds no document text.
"""
from __future__ import annotations

import io
import os
import posixpath
import re
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import unquote
from xml.etree.ElementTree import ParseError
from xml.parsers import expat
from xml.parsers.expat import ExpatError

from defusedxml import DefusedXmlException
from lxml import etree

from redactor.errors import EncryptedFile, FileProcessingError
from redactor.formats.base import MARKUP_WHERE_SUFFIX, ReadOptions

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CONTENT_TYPES = "[Content_Types].xml"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
CORE_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

# Below this size a part cannot amplify much, so its compression ratio is not a signal (mirrors POI's grace size).
RATIO_GRACE_BYTES = 100 * 1024
FIXED_TIMESTAMP = "2000-01-01T00:00:00Z"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_SCHEMA_REF = re.compile(rb"<[\w.-]*:?(?:import|include|redefine|override)\b[^>]*schemaLocation\s*=", re.I)

# Safe for parts that already passed check_xml_part: no DTD is loaded, no entity resolved, no network.
_LXML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False,
    remove_blank_text=False,
)


# --------------------------------------------------------------------------- reading and checking


def read_input(path: Path, options: ReadOptions) -> bytes:
    """Read a file's bytes, refusing files over options.max_bytes."""
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            raise FileProcessingError(f"file is larger than the {options.max_bytes // (1024 * 1024)} MB limit")
        return path.read_bytes()
    except OSError as exc:
        raise FileProcessingError(f"cannot read file: {exc.strerror or type(exc).__name__}") from None


def is_ole(data: bytes) -> bool:
    """True for an OLE compound file: an encrypted OOXML package or a legacy binary Office file."""
    return data[:8] == OLE_MAGIC


def decrypt_ooxml(data: bytes, passwords: Iterable[str]) -> bytes:
    """Decrypt an encrypted OOXML package (OLE container) in memory with the first password that works.

    Raises EncryptedFile when no password is given or none works, FileProcessingError when the
    container is not an encrypted package (e.g. a legacy .xls/.doc) or is damaged.
    """
    import msoffcrypto
    from msoffcrypto.exceptions import DecryptionError, FileFormatError, InvalidKeyError

    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        encrypted = office.is_encrypted()
    except Exception:  # msoffcrypto raises many types on damaged containers
        raise FileProcessingError("OLE container is damaged or not an Office file") from None
    if not encrypted:
        raise FileProcessingError("legacy binary Office file (not OOXML): save it as .xlsx/.docx first")
    passwords = [p for p in passwords if p is not None]
    if not passwords:
        raise EncryptedFile("encrypted: give --password")
    failure = "encrypted: none of the given passwords works"
    for password in passwords:
        try:
            office = msoffcrypto.OfficeFile(io.BytesIO(data))
            office.load_key(password=password)
            out = io.BytesIO()
            office.decrypt(out)
            return out.getvalue()
        except (InvalidKeyError, DecryptionError):
            continue
        except (FileFormatError, ValueError, KeyError, AssertionError, TypeError, OSError) as exc:
            failure = f"encrypted file could not be decrypted ({type(exc).__name__})"
            continue
        except Exception as exc:  # e.g. cryptography rejecting an unusual key size
            failure = f"encrypted file could not be decrypted ({type(exc).__name__})"
            continue
    raise EncryptedFile(failure)


def is_xml_part(name: str, data: bytes) -> bool:
    """Whether a part should be read as XML (by name, or by content when the name says nothing)."""
    low = name.lower()
    if low.endswith(_XML_SUFFIXES):
        return True
    if low.endswith((".bin", ".png", ".jpg", ".jpeg", ".gif", ".emf", ".wmf", ".bmp", ".tif", ".tiff")):
        return False
    return data[:200].lstrip().startswith(b"<")


def check_xml_part(name: str, data: bytes) -> None:
    """Refuse DTDs, entity declarations, external references and external schema locations in one part.

    defusedxml parses the part with every dangerous feature forbidden, so XML bombs and XXE payloads
    fail here before any Office library sees them. VML is legacy and often not well-formed, so only
    its DTD/entity use is checked.
    """
    if name.lower().endswith(".vml"):
        if re.search(rb"<!(DOCTYPE|ENTITY)", data[:65536], re.I):
            raise FileProcessingError(f"part {name} declares a DTD or entities (possible XML bomb or XXE)")
        return
    try:
        _forbidding_expat().Parse(data, True)
    except DefusedXmlException:
        raise FileProcessingError(f"part {name} declares a DTD or entities (possible XML bomb or XXE)") from None
    except (ExpatError, ParseError, ValueError, UnicodeError):
        raise FileProcessingError(f"part {name} is not well-formed XML") from None
    if _SCHEMA_REF.search(data):
        raise FileProcessingError(f"part {name} references an external XML schema (possible XXE)")


def _forbidding_expat():
    """An expat parser that stops at the first DTD, entity declaration or external reference.

    The checks defusedxml makes (forbid_dtd, forbid_entities, forbid_external), without building
    a tree: the part is only read to be refused or passed, so the check runs at C speed.
    """
    from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

    parser = expat.ParserCreate()

    def doctype(name, sysid, pubid, has_internal_subset):
        raise DTDForbidden(name, sysid, pubid)

    def entity(name, is_parameter_entity, value, base, sysid, pubid, notation_name):
        raise EntitiesForbidden(name, value, base, sysid, pubid, notation_name)

    def unparsed_entity(name, base, sysid, pubid, notation_name):
        raise EntitiesForbidden(name, None, base, sysid, pubid, notation_name)

    def external(context, base, sysid, pubid):
        raise ExternalReferenceForbidden(context, base, sysid, pubid)

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = unparsed_entity
    parser.ExternalEntityRefHandler = external
    return parser


def _zip_entries(data: bytes, options: ReadOptions) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise FileProcessingError("not a valid zip file (corrupt or truncated)") from None
    files = [i for i in infos if not i.filename.endswith("/")]
    counts = Counter(i.filename.lower() for i in files)
    dupes = sorted(n for n, c in counts.items() if c > 1)
    if dupes:
        raise FileProcessingError(f"zip holds duplicate entries named {dupes[0]} (ambiguous package)")
    total = 0
    for info in files:
        if info.flag_bits & 0x1:
            raise FileProcessingError("zip entries are password-encrypted (not an Office package)")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_GRACE_BYTES and ratio > options.max_zip_ratio:
            raise FileProcessingError(f"zip bomb suspected: part {info.filename} expands {ratio:.0f}x")
    if total > options.max_zip_total:
        raise FileProcessingError(f"zip bomb suspected: parts expand to over {options.max_zip_total} bytes")
    return zf, files


def load_parts(data: bytes, options: ReadOptions) -> dict[str, bytes]:
    """Unzip every part into memory after the corrupt/duplicate/zip-bomb checks; directory entries are skipped."""
    zf, files = _zip_entries(data, options)
    parts: dict[str, bytes] = {}
    try:
        for info in files:
            parts[info.filename] = zf.read(info)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError):
        raise FileProcessingError("zip entry is corrupt (bad CRC, size or compression)") from None
    except Exception as exc:  # zlib.error and friends
        raise FileProcessingError(f"zip entry is corrupt ({type(exc).__name__})") from None
    if CONTENT_TYPES not in parts:
        raise FileProcessingError("not an Office Open XML package: no [Content_Types].xml")
    return parts


def open_package(path: Path, options: ReadOptions) -> "Package":
    """Read, decrypt if needed (options.passwords), and check a package: the one entry point for extract/redact."""
    data = read_input(path, options)
    if is_ole(data):
        data = decrypt_ooxml(data, options.passwords)
    return Package.from_bytes(data, options)


# --------------------------------------------------------------------------- XML helpers


def parse_xml(data: bytes) -> etree._Element:
    """Parse a part that passed check_xml_part with lxml (keeps namespace prefixes for rewriting)."""
    try:
        return etree.fromstring(data, _LXML_PARSER)
    except etree.XMLSyntaxError:
        raise FileProcessingError("an XML part is not well-formed") from None


def serialize_xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def local(tag: object) -> str:
    """Local name of an element tag ('' for comments and processing instructions)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def xml_text(data: bytes) -> str:
    """All text nodes and all attribute values of a part, joined with spaces (for verification)."""
    return " ".join(xml_text_and_markup(data))


# Compiled once: evaluated in C over the whole tree, far faster than walking millions of cells in Python.
_ALL_ATTRIBUTES = etree.XPath("//@*", smart_strings=False)
_TEXT_NODES = etree.XPath("//text()", smart_strings=False)
# Attributes that hold content rather than markup: hyperlink text, alt text, names (sheet, table, column,
# defined name), captions, data-validation messages; filter criteria and pivot cache items.
_CONTENT_ATTRIBUTES = ("display", "tooltip", "location", "descr", "title", "name", "displayName", "caption", "prompt",
                       "promptTitle", "error", "errorTitle")
_CONTENT_ATTRIBUTE_RE = re.compile(rb"[\s:](%s)\s*=" % "|".join(_CONTENT_ATTRIBUTES).encode())
_VALUE_ELEMENTS = {"val": ("{*}filter", "{*}customFilter"), "v": ("{*}s", "{*}n", "{*}d", "{*}e", "{*}m")}
# Elements whose runs together make one string (a shared string, a paragraph, a comment).
_JOINED = ("{*}si", "{*}is", "{*}p", "{*}r", "{*}t", "{*}comment", "{*}text")


def xml_text_and_markup(data: bytes) -> tuple[str, str]:
    """(text, markup) of a part, for verification: text is every text node and comment, each run-split
    string joined, and the attributes that hold content; markup is every attribute value."""
    try:
        root = etree.fromstring(data, _LXML_PARSER)
    except etree.XMLSyntaxError:
        # Not XML after all (or broken VML): fall back to the raw characters without tags.
        text = data.decode("utf-8", "replace")
        return " ".join([re.sub(r"<[^>]+>", " ", text), *re.findall(r'="([^"]*)"', text)]), ""
    markup = _ALL_ATTRIBUTES(root)
    markup += [unquote(value) for value in markup if "%" in value]
    text = _TEXT_NODES(root)
    text += [node.text for node in root.iter(etree.Comment, etree.ProcessingInstruction) if node.text]
    # Each //@name walks the whole tree: only for the names the part uses at all.
    names = sorted({m.decode() for m in _CONTENT_ATTRIBUTE_RE.findall(data)})
    content = etree.XPath(" | ".join(f"//@{n}" for n in names), smart_strings=False)(root) if names else []
    content += [el.get(attr) for attr, tags in _VALUE_ELEMENTS.items() for el in root.iter(*tags) if el.get(attr)]
    text += content + [unquote(value) for value in content if "%" in value]
    for el in root.iter(*_JOINED):
        if _one_text_node(el):
            continue  # its text is already in, as a text node
        joined = "".join(el.itertext())
        if joined.strip():
            text.append(joined)
    return " ".join(text), " ".join(markup)


def _one_text_node(el: etree._Element) -> bool:
    """Whether el holds at most one non-blank text node (<t>x</t>, <is><t>x</t></is>)."""
    if not len(el):
        return True
    if len(el) > 1 or (el.text and el.text.strip()):
        return False
    child = el[0]
    return not len(child) and not (child.tail and child.tail.strip())


def printable_strings(data: bytes, min_len: int = 4) -> str:
    """ASCII and UTF-16LE printable runs of a binary part (e.g. vbaProject.bin, embedded objects)."""
    ascii_runs = re.findall(rb"[\x20-\x7e]{%d,}" % min_len, data)
    utf16_runs = re.findall(rb"(?:[\x20-\x7e]\x00){%d,}" % min_len, data)
    return " ".join([r.decode("ascii") for r in ascii_runs] + [r.decode("utf-16le") for r in utf16_runs])


# --------------------------------------------------------------------------- relationships


@dataclass(frozen=True)
class Relationship:
    rels_part: str  # the .rels part holding it
    source: str  # the part it belongs to ("" for the package)
    id: str
    type: str
    target: str  # as written
    external: bool
    resolved: str | None  # internal target as a part name, None when external


def rels_part_for(part: str) -> str:
    """The .rels part name of a part ('' → '_rels/.rels')."""
    if not part:
        return "_rels/.rels"
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def source_of_rels(rels_part: str) -> str:
    """The part a .rels part belongs to ('' for the package rels)."""
    folder, name = posixpath.split(rels_part)
    parent = posixpath.dirname(folder) if posixpath.basename(folder) == "_rels" else folder
    return posixpath.join(parent, name[: -len(".rels")]) if name != ".rels" else parent


def resolve_target(source: str, target: str) -> str:
    """Resolve a relationship target against its source part into a part name (no leading slash)."""
    target = unquote(target.split("#", 1)[0])
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    base = posixpath.dirname(source)
    joined = posixpath.normpath(posixpath.join(base, target))
    return joined.lstrip("/") if joined != "." else ""


# --------------------------------------------------------------------------- the package


class Package:
    """An OOXML package held as {part name: bytes}, in zip order. Checked on load; edited in memory."""

    def __init__(self, parts: dict[str, bytes], data: bytes = b""):
        self.parts = parts
        self.data = data  # the (decrypted) zip bytes it was loaded from

    @classmethod
    def from_bytes(cls, data: bytes, options: ReadOptions, check_xml: bool = True) -> "Package":
        """Load zip bytes; with check_xml every XML part is vetted by check_xml_part."""
        parts = load_parts(data, options)
        if check_xml:
            for name, body in parts.items():
                if is_xml_part(name, body):
                    check_xml_part(name, body)
        return cls(parts, data)

    # -- basic access
    def names(self) -> list[str]:
        return list(self.parts)

    def __contains__(self, name: str) -> bool:
        return name in self.parts

    def read(self, name: str) -> bytes:
        return self.parts[name]

    def write(self, name: str, data: bytes) -> None:
        self.parts[name] = data

    def xml(self, name: str) -> etree._Element:
        return parse_xml(self.parts[name])

    def write_xml(self, name: str, root: etree._Element) -> None:
        self.parts[name] = serialize_xml(root)

    def iter_xml_parts(self) -> Iterator[tuple[str, bytes]]:
        for name, data in self.parts.items():
            if is_xml_part(name, data):
                yield name, data

    # -- content types
    def content_type(self, name: str) -> str | None:
        defaults, overrides = self._content_type_map()
        if name in overrides:
            return overrides[name]
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        return defaults.get(ext)

    def _content_type_map(self) -> tuple[dict[str, str], dict[str, str]]:
        raw = self.parts[CONTENT_TYPES]
        cached = getattr(self, "_ct_cache", None)
        if cached is not None and cached[0] is raw:
            return cached[1]
        defaults: dict[str, str] = {}
        overrides: dict[str, str] = {}
        for el in parse_xml(raw):
            if local(el.tag) == "Override":
                overrides[el.get("PartName", "").lstrip("/")] = el.get("ContentType") or ""
            elif local(el.tag) == "Default":
                defaults[el.get("Extension", "").lower()] = el.get("ContentType") or ""
        self._ct_cache = (raw, (defaults, overrides))
        return defaults, overrides

    def parts_of_type(self, fragment: str) -> list[str]:
        """Part names whose content type contains `fragment` (e.g. 'pivotCacheDefinition')."""
        return [n for n in self.parts if n != CONTENT_TYPES and fragment in (self.content_type(n) or "")]

    # -- relationships
    def relationships(self, source: str = "") -> list[Relationship]:
        """Relationships of one part ('' for the package)."""
        rels_name = rels_part_for(source)
        if rels_name not in self.parts:
            return []
        return list(self._read_rels(rels_name))

    def all_relationships(self) -> list[Relationship]:
        out: list[Relationship] = []
        for name in self.parts:
            if name.endswith(".rels"):
                out.extend(self._read_rels(name))
        return out

    def _read_rels(self, rels_name: str) -> Iterator[Relationship]:
        source = source_of_rels(rels_name)
        for el in self.xml(rels_name):
            if local(el.tag) != "Relationship":
                continue
            target = el.get("Target") or ""
            external = el.get("TargetMode") == "External"
            resolved = None if external or not target or target.startswith("#") else resolve_target(source, target)
            yield Relationship(rels_name, source, el.get("Id") or "", el.get("Type") or "", target, external, resolved)

    # -- removal
    def remove_parts(self, names: Iterable[str], *, cascade: bool = True, drop_references: bool = True) -> list[str]:
        """Remove parts with everything that points at them; returns the removed part names (sorted).

        Also removes: each removed part's own .rels; Relationship elements in other .rels that
        target a removed part; [Content_Types].xml Overrides for removed parts. With `cascade`,
        parts that only removed parts pointed at are removed too (e.g. pivot cache records behind a
        cache definition). With `drop_references`, elements in the remaining source parts whose
        r:* attribute names a dropped relationship id are deleted (and a container left empty whose
        name is the child's plural, e.g. <pivotCaches>, goes too) so no dangling r:id remains.
        """
        doomed = {n for n in names if n in self.parts and n != CONTENT_TYPES}
        if cascade:
            doomed = self._cascade(doomed)
        if not doomed:
            return []
        for name in doomed:
            self.parts.pop(name, None)
            self.parts.pop(rels_part_for(name), None)
        dropped_by_source: dict[str, set[str]] = {}
        for rels_name in [n for n in self.parts if n.endswith(".rels")]:
            root = self.xml(rels_name)
            source = source_of_rels(rels_name)
            changed = False
            for el in list(root):
                target = el.get("Target") or ""
                if el.get("TargetMode") == "External" or not target or target.startswith("#"):
                    continue
                if resolve_target(source, target) in doomed:
                    root.remove(el)
                    dropped_by_source.setdefault(source, set()).add(el.get("Id") or "")
                    changed = True
            if changed:
                self.write_xml(rels_name, root)
        self._drop_overrides(doomed)
        if drop_references:
            for source, rids in dropped_by_source.items():
                if source in self.parts and is_xml_part(source, self.parts[source]):
                    self.drop_rid_references(source, rids)
        return sorted(doomed)

    def _cascade(self, doomed: set[str]) -> set[str]:
        doomed = set(doomed)
        while True:
            inbound: dict[str, set[str]] = {}
            for rel in self.all_relationships():
                if rel.resolved:
                    inbound.setdefault(rel.resolved, set()).add(rel.source)
            extra = {
                target
                for target, sources in inbound.items()
                if target not in doomed and target in self.parts and sources and sources <= doomed
            }
            if not extra:
                return doomed
            doomed |= extra

    def _drop_overrides(self, doomed: set[str]) -> None:
        root = self.xml(CONTENT_TYPES)
        changed = False
        for el in list(root):
            if local(el.tag) == "Override" and el.get("PartName", "").lstrip("/") in doomed:
                root.remove(el)
                changed = True
        if changed:
            self.write_xml(CONTENT_TYPES, root)

    def drop_rid_references(self, part: str, rids: set[str]) -> int:
        """Delete elements of `part` carrying an r:* attribute whose value is in `rids`; returns how many."""
        root = self.xml(part)
        hits = [
            el
            for el in root.iter()
            if isinstance(el.tag, str)
            and any(
                (k.startswith("{" + OFFICE_REL_NS + "}") or k.startswith("{" + STRICT_REL_NS + "}")) and v in rids
                for k, v in el.attrib.items()
            )
        ]
        for el in hits:
            parent = el.getparent()
            if parent is None:
                continue
            parent.remove(el)
            if local(parent.tag) == local(el.tag) + "s" and len(parent) == 0 and parent.getparent() is not None:
                parent.getparent().remove(parent)
        if hits:
            self.write_xml(part, root)
        return len(hits)

    def ensure_content_type(self, name: str, content_type: str) -> None:
        """Give a part an Override content type when it has none."""
        if self.content_type(name):
            return
        root = self.xml(CONTENT_TYPES)
        etree.SubElement(root, f"{{{CT_NS}}}Override", PartName="/" + name, ContentType=content_type)
        self.write_xml(CONTENT_TYPES, root)

    # -- validity
    def problems(self) -> list[str]:
        """Structural problems an Office application would reject: parts without a content type,
        internal relationships to missing parts. Empty when the package is consistent."""
        found: list[str] = []
        for name in self.parts:
            if name != CONTENT_TYPES and not self.content_type(name):
                found.append(f"part {name} has no content type")
        for rel in self.all_relationships():
            if rel.resolved is not None and rel.resolved not in self.parts:
                found.append(f"{rel.rels_part}: relationship {rel.id} points at missing part {rel.resolved}")
        return found

    # -- writing
    def to_bytes(self) -> bytes:
        """The package as zip bytes: [Content_Types].xml first, deflated, fixed timestamps."""
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            order = [CONTENT_TYPES] + [n for n in self.parts if n != CONTENT_TYPES]
            for name in order:
                info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, self.parts[name])
        return buf.getvalue()

    def save(self, out_path: Path) -> None:
        """Write the package to out_path atomically (temp file in the same folder, then rename)."""
        write_atomic(out_path, self.to_bytes())


def write_atomic(out_path: Path, data: bytes) -> None:
    """Write bytes to a path via a temp file in the same folder and os.replace, so no half file is left."""
    out_path = Path(out_path)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=out_path.suffix, dir=out_path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out_path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise FileProcessingError(f"cannot write output: {exc.strerror or type(exc).__name__}") from None


# --------------------------------------------------------------------------- document properties

_CORE_CLEAR = (
    "creator", "lastModifiedBy", "title", "subject", "keywords", "description", "category",
    "contentStatus", "identifier", "language", "version", "revision", "lastPrinted",
)
_APP_CLEAR = ("Company", "Manager", "HyperlinkBase", "HeadingPairs", "TitlesOfParts", "Template")


def core_properties(pkg: Package) -> dict[str, str]:
    """Text of the core properties that can hold personal data ({local name: text})."""
    return _props_text(pkg, "docProps/core.xml", _CORE_CLEAR)


def app_properties(pkg: Package) -> dict[str, str]:
    """Text of extended (app) properties that can hold personal data: Company, Manager, ..."""
    return _props_text(pkg, "docProps/app.xml", ("Company", "Manager", "HyperlinkBase", "Template"))


def custom_properties(pkg: Package) -> dict[str, str]:
    """Custom document properties {name: value text}."""
    if "docProps/custom.xml" not in pkg:
        return {}
    out: dict[str, str] = {}
    for prop in pkg.xml("docProps/custom.xml"):
        if local(prop.tag) == "property":
            out[prop.get("name") or ""] = " ".join(t.strip() for t in prop.itertext() if t.strip())
    return out


def _props_text(pkg: Package, part: str, names: tuple[str, ...]) -> dict[str, str]:
    if part not in pkg:
        return {}
    out: dict[str, str] = {}
    for el in pkg.xml(part):
        name = local(el.tag)
        if name in names:
            text = " ".join(t.strip() for t in el.itertext() if t.strip())
            if text:
                out[name] = text
    return out


def scrub_document_properties(pkg: Package) -> list[str]:
    """Clear personal data from docProps: core (creator, lastModifiedBy, title, ...), app (Company,
    Manager, titles of parts), and remove docProps/custom.xml. Created/modified get a fixed value.
    Returns what was removed/cleared (part names and property names, no values)."""
    done: list[str] = []
    if "docProps/core.xml" in pkg:
        root = pkg.xml("docProps/core.xml")
        for el in list(root):
            name = local(el.tag)
            if name in _CORE_CLEAR:
                root.remove(el)
                done.append(f"docProps/core.xml:{name}")
            elif name in ("created", "modified"):
                el.text = FIXED_TIMESTAMP
        pkg.write_xml("docProps/core.xml", root)
    if "docProps/app.xml" in pkg:
        root = pkg.xml("docProps/app.xml")
        for el in list(root):
            if local(el.tag) in _APP_CLEAR:
                root.remove(el)
                done.append(f"docProps/app.xml:{local(el.tag)}")
        pkg.write_xml("docProps/app.xml", root)
    done.extend(pkg.remove_parts(["docProps/custom.xml"]))
    return done


# --------------------------------------------------------------------------- verification


def residual_text(path: Path, options: ReadOptions) -> Iterator[tuple[str, str]]:
    """Every part of an output package as (part name, text): XML parts give their text and content
    attributes, and apart from it (name + MARKUP_WHERE_SUFFIX) all their attribute values; other parts
    give their printable strings. Independent of any Office library."""
    data = read_input(Path(path), options)
    for name, body in load_parts(data, options).items():
        if is_xml_part(name, body):
            check_xml_part(name, body)
            text, markup = xml_text_and_markup(body)
            yield name, text
            if markup:
                yield name + MARKUP_WHERE_SUFFIX, markup
        elif not name.lower().endswith((".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff")):
            yield name, printable_strings(body)

"""Plain text: one segment per paragraph; spans replaced in place, encoding preserved."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from redactor.formats.base import ReadOptions, WriteResult
from redactor.formats.csvfile import _read_bytes, _spans_by_segment, apply_spans
from redactor.formats.textcodec import decode_bytes, encode_text
from redactor.models import Decision, Document, Location, Segment

_PARAGRAPH = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")


class TextHandler:
    name = "text"
    suffixes = (".txt", ".md")

    def extract(self, path: Path, options: ReadOptions) -> Document:
        text, encoding = decode_bytes(_read_bytes(path, options))
        doc = Document(path=path, format=self.name, state={"text": text, "encoding": encoding})
        for m in _PARAGRAPH.finditer(text):
            if m.group(0).strip():
                line = text.count("\n", 0, m.start()) + 1
                doc.add(Segment(m.group(0), Location(line=line), where="prose", block=f"l{line}", ref=m.start()))
        return doc

    def redact(self, doc: Document, decisions: list[Decision], out_path: Path, options: ReadOptions) -> WriteResult:
        text = doc.state["text"]
        for seg_id, spans in sorted(_spans_by_segment(decisions).items(), key=lambda kv: -doc.segments[kv[0]].ref):
            seg = doc.segments[seg_id]
            offset = seg.ref
            text = text[:offset] + apply_spans(seg.text, spans) + text[offset + len(seg.text) :]
        out_path.write_bytes(encode_text(text, doc.state["encoding"]))
        return WriteResult()

    def residual_text(self, path: Path, options: ReadOptions) -> Iterable[tuple[str, str]]:
        yield "file", decode_bytes(path.read_bytes())[0]


HANDLER = TextHandler()

"""Chooses the format handler for a path."""
from __future__ import annotations

from pathlib import Path

from redactor.errors import UnsupportedFormat
from redactor.formats.base import FormatHandler


def _handlers() -> list[FormatHandler]:
    # Imported lazily so that `redactor --help` does not load PDF/Office libraries.
    from redactor.formats import csvfile, docx, pdf, text, xlsx

    return [pdf.HANDLER, xlsx.HANDLER, docx.HANDLER, csvfile.HANDLER, text.HANDLER]


SUPPORTED_SUFFIXES = (".pdf", ".xlsx", ".xlsm", ".docx", ".docm", ".csv", ".tsv", ".txt")


def handler_for(path: Path) -> FormatHandler:
    suffix = path.suffix.lower()
    for handler in _handlers():
        if suffix in handler.suffixes:
            return handler
    raise UnsupportedFormat(f"unsupported file type '{suffix or '(none)'}'")

"""The one small interface every format module implements."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Protocol

from redactor.models import Decision, Document


@dataclass
class ReadOptions:
    """What a handler may need to open a file; passed explicitly, never global."""

    passwords: list[str] = field(default_factory=list)
    max_bytes: int = 200 * 1024 * 1024
    max_zip_ratio: float = 200.0  # decompressed/compressed size per zip part
    max_zip_total: int = 1024 * 1024 * 1024


@dataclass
class WriteResult:
    """What the handler did beyond the decisions: removed parts, dropped content (no plaintext)."""

    removed: list[str] = field(default_factory=list)  # e.g. "xl/comments1.xml", "page 2 annotations"
    warnings: list[str] = field(default_factory=list)


# residual_text may give a part's markup attribute values (sizes, counts, indices, ids) apart from its
# text, under the part's name plus this suffix: verification does not look for bare numbers there,
# which such values are full of ("600" would match tabRatio="600").
MARKUP_WHERE_SUFFIX = " (markup attributes)"


class FormatHandler(Protocol):
    name: str
    suffixes: tuple[str, ...]

    def extract(self, path: Path, options: ReadOptions) -> Document:
        """Read the file into segments (with table/block context) and hidden items."""

    def redact(self, doc: Document, decisions: list[Decision], out_path: Path, options: ReadOptions) -> WriteResult:
        """Write a redacted, sanitised copy to out_path (a temp path; the pipeline renames it)."""

    def residual_text(self, path: Path, options: ReadOptions) -> Iterable[tuple[str, str]]:
        """Re-read an output with a library other than the writer: yields (where, text) pairs."""

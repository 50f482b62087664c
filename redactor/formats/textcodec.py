"""Decoding and re-encoding of plain-text files so a redacted copy keeps the original encoding."""
from __future__ import annotations

from redactor.errors import FileProcessingError

_BOMS = (("utf-8-sig", b"\xef\xbb\xbf"), ("utf-16", b"\xff\xfe"), ("utf-16", b"\xfe\xff"))


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Return (text, encoding); UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProcessingError("binary content in a text file")
    for encoding, bom in _BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding), encoding
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise FileProcessingError("text encoding not recognised (not UTF-8 or Windows-1252)") from None


def encode_text(text: str, encoding: str) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        # A label such as "[Redacted s40(2)]" is ASCII, so this only happens for odd inputs.
        return text.encode("utf-8")

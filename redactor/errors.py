"""Exit codes and the error types that carry them."""
from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    CLEAN = 0
    FINDINGS = 1  # check found something / redact could not verify its output
    USAGE = 2  # bad usage or invalid policy
    PROCESSING = 3  # a file could not be read, decrypted or rewritten


class RedactorError(Exception):
    """Base error: its message is a single line safe to show (no document text)."""

    exit_code = ExitCode.PROCESSING


class PolicyError(RedactorError):
    exit_code = ExitCode.USAGE


class FileProcessingError(RedactorError):
    """A file could not be read, decrypted, parsed or rewritten."""

    exit_code = ExitCode.PROCESSING


class UnsupportedFormat(FileProcessingError):
    pass


class EncryptedFile(FileProcessingError):
    pass

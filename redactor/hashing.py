"""Keyed hashes that identify a value without revealing it (audit records, suppressions)."""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass

from redactor.policy import normalise_value


@dataclass(frozen=True)
class HashKey:
    key: bytes
    key_id: str  # first 12 hex chars of sha256(key): says which key, reveals nothing
    source: str  # "env" (REDACTOR_AUDIT_KEY) or "random" (per-run)
    fingerprint_key: bytes | None = None  # REDACTOR_FINGERPRINT_KEY: makes suppression fingerprints unguessable

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "HashKey":
        env = os.environ if env is None else env
        raw = env.get("REDACTOR_AUDIT_KEY")
        if raw:
            key, source = raw.encode("utf-8"), "env"
        else:
            key, source = secrets.token_bytes(32), "random"
        fp_raw = env.get("REDACTOR_FINGERPRINT_KEY")
        return cls(key=key, key_id=hashlib.sha256(key).hexdigest()[:12], source=source,
                   fingerprint_key=fp_raw.encode("utf-8") if fp_raw else None)

    def fingerprint(self, entity: str, text: str) -> str:
        """The suppression fingerprint: keyed when REDACTOR_FINGERPRINT_KEY is set, else salted."""
        if self.fingerprint_key is None:
            return fingerprint(entity, text)
        msg = f"redactor-fp-v1\x00{entity}\x00{normalise_value(text, entity)}".encode("utf-8")
        return "fpk:" + hmac.new(self.fingerprint_key, msg, hashlib.sha256).hexdigest()[:32]

    def value_hash(self, entity: str, text: str) -> str:
        """HMAC-SHA256 of the normalised value; the entity type is mixed in so types do not collide."""
        msg = f"{entity}\x00{normalise_value(text, entity)}".encode("utf-8")
        return "hmac-sha256:" + hmac.new(self.key, msg, hashlib.sha256).hexdigest()


def fingerprint(entity: str, text: str) -> str:
    """A stable, unkeyed-but-salted fingerprint for suppressions committed to a repository.

    It must be the same across runs (unlike a random audit key), so it uses a fixed salt; it
    is a one-way hash of the normalised value, never the value itself. A fixed salt can be
    brute-forced for short values (phone numbers, names from a staff list): set
    REDACTOR_FINGERPRINT_KEY in CI to use HashKey.fingerprint's keyed form instead.
    """
    msg = f"redactor-fp-v1\x00{entity}\x00{normalise_value(text, entity)}".encode("utf-8")
    return "fp:" + hashlib.sha256(msg).hexdigest()[:32]

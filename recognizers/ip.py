"""Ipv4Recognizer: IPv4 addresses and CIDR ranges (and plain IPv6), never versions or dates."""
from __future__ import annotations

import ipaddress

from presidio_analyzer import Pattern

from recognizers.base import RuleRecognizer

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_H = r"[0-9A-Fa-f]{1,4}"


class Ipv4Recognizer(RuleRecognizer):
    """Exactly four dotted octets ('10.12.1.1', '10.12.0.0/16'): three parts ('5.10.0') are a
    version, a fifth part ('1.2.3.4.5') or an octet over 255 ('7.8.4.270') make it something else.
    Also IPv6 addresses (checked with the ipaddress module)."""

    ENTITY = "IP_ADDRESS"
    PATTERNS = [
        Pattern("ipv4", rf"(?<![\d.])(?:{_OCTET}\.){{3}}{_OCTET}(?:/(?:3[0-2]|[12]?\d)(?!\d))?(?!\d|\.\d)", 0.85),
        Pattern(
            "ipv6",
            rf"(?<![\w:.])(?:(?:{_H}:){{7}}{_H}|(?:{_H}:){{1,7}}:|(?:{_H}:){{1,6}}:{_H}|(?:{_H}:){{1,5}}(?::{_H}){{1,2}}"
            rf"|(?:{_H}:){{1,4}}(?::{_H}){{1,3}}|(?:{_H}:){{1,3}}(?::{_H}){{1,4}}|(?:{_H}:){{1,2}}(?::{_H}){{1,5}}"
            rf"|{_H}:(?::{_H}){{1,6}}|::(?:{_H}:){{0,5}}{_H})(?:/\d{{1,3}})?(?![\w:])",
            0.6,
        ),
    ]
    CONTEXT = ["ip", "address", "subnet", "managed at", "host", "server", "firewall"]

    def validate_result(self, pattern_text: str) -> bool:
        try:
            ipaddress.ip_network(pattern_text, strict=False) if "/" in pattern_text else ipaddress.ip_address(pattern_text)
        except ValueError:
            return False
        # Times and scores ("10:30::") parse as IPv6 only with a '::'; insist on some hex letters or 3+ groups.
        return "." in pattern_text or pattern_text.count(":") >= 3

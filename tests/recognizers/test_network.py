"""Ipv4Recognizer and HostnameRecognizer: addresses and internal hosts, not versions, dates or public domains."""
from __future__ import annotations

import pytest

from recognizers.hostname import HostnameRecognizer
from recognizers.ip import Ipv4Recognizer
from tests.recognizers.helpers import found

IP, HOST = "IP_ADDRESS", "HOSTNAME"


@pytest.fixture(scope="module")
def ip():
    return Ipv4Recognizer()


@pytest.fixture(scope="module")
def hostname():
    return HostnameRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("managed at 10.12.1.1.", [(IP, "10.12.1.1")]),
        ("(10.12.4.2)", [(IP, "10.12.4.2")]),
        ("203.0.113.101", [(IP, "203.0.113.101")]),
        ("range 10.12.0.0/16", [(IP, "10.12.0.0/16")]),
        ("fe80::1ff:fe23:4567:890a", [(IP, "fe80::1ff:fe23:4567:890a")]),
        ("2001:db8::/32", [(IP, "2001:db8::/32")]),
        ("2001:0db8:85a3:0000:0000:8a2e:0370:7334", [(IP, "2001:0db8:85a3:0000:0000:8a2e:0370:7334")]),
        # negatives: versions, dates, times, too many parts, octets over 255
        ("ePO 5.10.0", []),
        ("FortiOS 7.0.12", []),
        ("PAN-OS 10.2", []),
        ("on 12.06.2021", []),
        ("GravityZone 7.8.4.270", []),
        ("1.2.3.4.5", []),
        ("at 10:30 and 12:30:45", []),
        ("£1,229.00", []),
    ],
)
def test_ip_addresses(ip, text, expected):
    assert found(ip, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("(fw01.harbourne.internal and fw02.harbourne.internal)",
         [(HOST, "fw01.harbourne.internal"), (HOST, "fw02.harbourne.internal")]),
        ("avsrv01.corp.castlebridge.local", [(HOST, "avsrv01.corp.castlebridge.local")]),
        ("av-mgmt01.millbrook.lan.", [(HOST, "av-mgmt01.millbrook.lan")]),
        ("sec-console01.eastholme.internal", [(HOST, "sec-console01.eastholme.internal")]),
        ("dc01.ad.harbourne.gov.uk", [(HOST, "dc01.ad.harbourne.gov.uk")]),
        ("the harbourne.local domain", [(HOST, "harbourne.local")]),
        ("https://fw01.corp.x.local:4443/", [(HOST, "fw01.corp.x.local")]),
        ("hosts fw01, dc01 and srv-av-01", [(HOST, "fw01"), (HOST, "dc01"), (HOST, "srv-av-01")]),
        ("SRV-AV-01 and DC01", [(HOST, "SRV-AV-01"), (HOST, "DC01")]),
        ("share \\\\fs01\\finance", [(HOST, "fs01")]),
        ("managed from fw-mgmt and vpn-gw", [(HOST, "fw-mgmt"), (HOST, "vpn-gw")]),
        ("the srv-epo console", [(HOST, "srv-epo")]),
        ("copies to LT-VBR-02 at night", [(HOST, "LT-VBR-02")]),
        # negatives: public web and e-mail domains, e-mail addresses, postcodes, models, refs
        ("www.harbourne.gov.uk", []),
        ("harbourne.gov.uk and council.gov.uk", []),
        ("foi@harbourne.gov.uk", []),
        ("jane@fw01.corp.local", []),
        ("London SW19 5AE", []),
        ("PA-850 and M590", []),
        ("FI32945 and FOI-2024-3613", []),
        ("covid-19, e.g. i.e. Microsoft 365 E3", []),
        ("FortiOS 7.0.12", []),
        ("minor lt1 accent1", []),
        ("anti-virus e-mail follow-up co-op sign-off core-switch mail-relay", []),
        ("FW-MGMT ad-hoc fw-mgmt-team-rota-plan", []),
    ],
)
def test_hostnames(hostname, text, expected):
    assert found(hostname, text) == expected

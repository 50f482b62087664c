"""A full redaction never opens a network connection (no model, suffix-list or other downloads)."""
from __future__ import annotations

import socket

import pytest
from typer.testing import CliRunner

from redactor.cli import app


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise NetworkUsed(f"network access attempted: {args!r}")

    class GuardedSocket(socket.socket):
        def connect(self, address):
            refuse(address)

        def connect_ex(self, address):
            refuse(address)

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts


def test_guard_really_blocks_connections(no_network):
    with pytest.raises(NetworkUsed):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(NetworkUsed):
        socket.socket().connect(("127.0.0.1", 9))


def test_full_redaction_runs_with_sockets_blocked(no_network, tmp_path, monkeypatch):
    # A fresh engine is built inside the guard, so model loading is covered too.
    monkeypatch.delenv("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", raising=False)
    src = tmp_path / "in"
    src.mkdir()
    (src / "note.txt").write_text(
        "The firewall (FortiGate 600E, FortiOS 7.2.5) is managed by Jane Smith on 01632 960412, "
        "jane.smith@example.gov.uk, at 10.20.1.1.\n", "utf-8")
    (src / "register.csv").write_text(
        "Category,Supplier,Annual value,Contract officer,Email\n"
        "Network firewall,Softcat,\"£76,880\",Gareth Trevelyan,gareth.trevelyan@example.gov.uk\n", "utf-8")
    result = CliRunner().invoke(app, ["redact", str(src), "--out", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 0, result.output
    assert not no_network
    out = (tmp_path / "out" / "note.txt").read_text("utf-8")
    assert "Jane Smith" not in out and "960412" not in out and "10.20.1.1" not in out

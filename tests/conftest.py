"""Shared fixtures: the engine (built once per test session), policy, and the shared corpus path."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()


def shared_path(*parts: str) -> Path:
    """A path in ../shared, or skip the test where the shared corpus is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared not present ({'/'.join(parts)})")
    return path


@pytest.fixture(scope="session")
def engine():
    from redactor.engine import build_engine

    return build_engine()


@pytest.fixture(scope="session")
def policy():
    from redactor.policy import load_policy

    return load_policy("foi")

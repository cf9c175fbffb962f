"""Evidence tests store their files in a directory of their own, emptied per test."""

from __future__ import annotations

import pytest

from caseflow.evidence.storage import EXTENSION_KEY


@pytest.fixture
def evidence_dir(app, tmp_path):
    """Point the filesystem store at this test's directory."""
    previous = app.config["EVIDENCE_DIR"]
    app.config["EVIDENCE_DIR"] = str(tmp_path / "evidence")
    app.extensions.pop(EXTENSION_KEY, None)
    yield tmp_path / "evidence"
    app.config["EVIDENCE_DIR"] = previous
    app.extensions.pop(EXTENSION_KEY, None)

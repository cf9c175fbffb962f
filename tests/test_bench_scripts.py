"""The benchmarks start as scripts: bench/http.py must not shadow the standard library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = sorted(p.name for p in (ROOT / "bench").glob("*.py"))

#: What `python bench/X.py` does before the script runs: its own folder first on the path.
AS_A_SCRIPT = """
import runpy, sys
sys.path.insert(0, {bench!r})
runpy.run_path({script!r}, run_name="bench_import_check")  # top level only, not main()
"""


@pytest.mark.parametrize("script", SCRIPTS)
def test_bench_script_imports_when_run_as_a_script(script: str) -> None:
    code = AS_A_SCRIPT.format(bench=str(ROOT / "bench"), script=str(ROOT / "bench" / script))
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]

"""Benchmark the memory and time of one evidence upload of large photos.

Run: .venv/bin/python bench/evidence.py [files] [side] [request_pixels]
(a temporary SQLite database and evidence directory; the peak resident size is reset just
before the upload, so VmHWM afterwards is this upload's peak). Defaults: ten 7070×7070 PNGs
(about 2 MB in all, 500 M pixels) — the outside probe of issue 12 — with the configured
limits; pass request_pixels to raise the per-request pixel budget so every file is decoded.
The last line of output is one JSON object: outcome, seconds (wall, cpu), peak_rss_mb (whole
process during the upload), extra_rss_mb (that peak minus the resident size just before it).
"""

from __future__ import annotations

import json
import struct
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ first on the path, where bench/http.py would shadow the
# standard library's `http` package (werkzeug imports it).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from caseflow import create_app  # noqa: E402
from caseflow.accounts.models import OrgKind, Role  # noqa: E402
from caseflow.errors import DomainError  # noqa: E402
from caseflow.evidence import services  # noqa: E402
from caseflow.extensions import db  # noqa: E402
from caseflow.seed.reference import load_reference_data  # noqa: E402
from caseflow.workflow.states import CaseStatus  # noqa: E402
from config import TestingConfig  # noqa: E402
from tests.factories import make_case, make_org, make_user  # noqa: E402


def photo(side: int, shade: int) -> bytes:
    """A flat RGB PNG, large in pixels and small in bytes, written without decoding anything."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body))

    row, packer = b"\x00" + bytes((shade, 90, 120)) * side, zlib.compressobj(9)
    pixels = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


def status_mb(field: str) -> float:
    """Read VmRSS (resident now) or VmHWM (peak resident) of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def reset_peak() -> None:
    """Start VmHWM again from the current resident size (Linux, `clear_refs` 5)."""
    Path("/proc/self/clear_refs").write_text("5")


def main(files: int = 10, side: int = 7070, request_pixels: int | None = None) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="bench-evidence-"))
    overrides = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.db'}",
                 "EVIDENCE_DIR": str(tmp / "evidence")}
    if request_pixels:
        overrides["EVIDENCE_MAX_REQUEST_PIXELS"] = request_pixels
    app = create_app(TestingConfig, **overrides)
    with app.app_context():
        db.create_all()
        load_reference_data()
        firm = make_org(kind=OrgKind.POSTAL_FIRM, province_code="01")
        clerk = make_user(role=Role.FIRM_CLERK, org=firm)
        case = make_case(firm_user=clerk, status=CaseStatus.FLAGGED)
        db.session.commit()
        uploads = [services.Upload(f"anh{i}.png", "", photo(side, i)) for i in range(files)]
        reset_peak()
        before, cpu = status_mb("VmRSS"), time.process_time()
        started = time.perf_counter()
        try:
            outcome = f"stored {len(services.attach(case, actor=clerk, uploads=uploads))}"
        except DomainError as exc:
            outcome = f"refused: {exc.message}"
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        peak = status_mb("VmHWM")
    return {"files": files, "side": side, "bytes": sum(len(u.data) for u in uploads),
            "outcome": outcome, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "peak_rss_mb": round(peak),
            "extra_rss_mb": round(peak - before)}


if __name__ == "__main__":
    print(json.dumps(main(*(int(a) for a in sys.argv[1:])), ensure_ascii=False))

"""Settings from the environment: the shared stores production needs, safe defaults elsewhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOW = ("import json, config; print(json.dumps({n: {k: getattr(c, k) for k in "
        "('RATELIMIT_STORAGE_URI', 'TASKS_URL', 'TASKS_IMMEDIATE', 'LOG_FORMAT')} "
        "for n, c in config.CONFIGS.items()}))")
UNSET = ("REDIS_URL", "HUEY_URL", "RATELIMIT_STORAGE_URI", "TASKS_IMMEDIATE", "LOG_FORMAT")


def settings(**env: str) -> dict:
    """Read the three configurations in a fresh interpreter with this environment."""
    clean = {k: v for k, v in os.environ.items() if k not in UNSET}
    out = subprocess.run([sys.executable, "-c", SHOW], cwd=ROOT, env={**clean, **env},
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_production_shares_limits_and_the_queue_through_redis_url():
    got = settings(REDIS_URL="redis://cache:6379/0")
    assert got["production"]["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/0"
    assert got["production"]["TASKS_URL"] == "redis://cache:6379/0"
    assert got["production"]["LOG_FORMAT"] == "json"


def test_explicit_settings_win_over_redis_url():
    got = settings(REDIS_URL="redis://cache/0", RATELIMIT_STORAGE_URI="redis://limits/1",
                   HUEY_URL="redis://queue/2")
    assert got["production"]["RATELIMIT_STORAGE_URI"] == "redis://limits/1"
    assert got["production"]["TASKS_URL"] == "redis://queue/2"


def test_development_and_tests_count_in_memory_and_queue_on_a_file():
    got = settings(REDIS_URL="redis://cache:6379/0")
    assert got["development"]["RATELIMIT_STORAGE_URI"] == "memory://"
    assert got["testing"]["RATELIMIT_STORAGE_URI"] == "memory://"
    assert settings()["development"]["TASKS_URL"].endswith("instance/tasks.db")
    assert got["testing"]["TASKS_IMMEDIATE"] is True
    assert got["development"]["LOG_FORMAT"] == "text"

"""Keys live outside the database: in the environment or in a key file, never in a table.

A key file is JSON: {"current": "k2", "data_keys": {"k1": "<b64>", "k2": "<b64>"},
"index_key": "<b64>", "audit_key": "<b64>"}. The environment may instead give
CASEFLOW_DATA_KEYS="k2:<b64>,k1:<b64>" (first is current), CASEFLOW_INDEX_KEY and
CASEFLOW_AUDIT_KEY.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app


@dataclass(frozen=True)
class KeyRing:
    """The data keys by id (one current), the blind-index key and the audit-chain key."""

    current: str
    data_keys: dict[str, bytes]
    index_key: bytes
    audit_key: bytes
    source: str = field(default="")

    def data_key(self, key_id: str) -> bytes:
        """Return a data key by id, or raise KeyError naming the missing id."""
        return self.data_keys[key_id]


def _b64(value: str) -> bytes:
    key = base64.b64decode(value)
    if len(key) != 32:
        raise ValueError("caseflow keys are 32 bytes, base64-encoded")
    return key


def new_key() -> str:
    """Return a fresh random 256-bit key, base64-encoded."""
    return base64.b64encode(secrets.token_bytes(32)).decode()


def generate_key_file(path: Path) -> None:
    """Write a new key file readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    content = {"current": "k1", "data_keys": {"k1": new_key()}, "index_key": new_key(),
               "audit_key": new_key()}
    path.write_text(json.dumps(content, indent=2))
    path.chmod(0o600)


def add_data_key(path: Path) -> str:
    """Add a new data key to a key file and make it current; return its id."""
    content = json.loads(path.read_text())
    kid = f"k{len(content['data_keys']) + 1}"
    while kid in content["data_keys"]:
        kid += "x"
    content["data_keys"][kid] = new_key()
    content["current"] = kid
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(content, indent=2))
    tmp.chmod(0o600)
    tmp.replace(path)
    return kid


def load_key_file(path: Path) -> KeyRing:
    """Read a key ring from a JSON key file."""
    content = json.loads(path.read_text())
    keys = {kid: _b64(v) for kid, v in content["data_keys"].items()}
    if content["current"] not in keys:
        raise ValueError(f"current key {content['current']!r} is not in {path}")
    return KeyRing(content["current"], keys, _b64(content["index_key"]),
                   _b64(content["audit_key"]), source=str(path))


def load_environment(env: dict[str, str]) -> KeyRing | None:
    """Read a key ring from CASEFLOW_DATA_KEYS & co., or None when unset."""
    spec = env.get("CASEFLOW_DATA_KEYS")
    if not spec:
        return None
    pairs = [item.split(":", 1) for item in spec.split(",") if item.strip()]
    keys = {kid.strip(): _b64(value.strip()) for kid, value in pairs}
    return KeyRing(pairs[0][0].strip(), keys, _b64(env["CASEFLOW_INDEX_KEY"]),
                   _b64(env["CASEFLOW_AUDIT_KEY"]), source="environment")


def init_keys(app: Flask) -> None:
    """Load the key ring at start-up; development generates its key file on first start."""
    ring = load_environment(dict(os.environ))
    if ring is None:
        path = Path(app.config.get("KEY_FILE") or Path(app.instance_path) / "keys.json")
        if not path.exists():
            if not app.config.get("GENERATE_KEY_FILE"):
                raise RuntimeError("No keys: set CASEFLOW_DATA_KEYS or CASEFLOW_KEY_FILE")
            generate_key_file(path)
        ring = load_key_file(path)
    app.extensions["caseflow_keys"] = ring


def keyring() -> KeyRing:
    """Return the running app's key ring."""
    return current_app.extensions["caseflow_keys"]

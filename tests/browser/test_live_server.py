"""The browser tests' live server: a connection the browser drops leaves no file open."""

from __future__ import annotations

import gc
import socket
import struct
import sys

FAVICON = b"GET /static/img/favicon.svg HTTP/1.1\r\nHost: localhost\r\n\r\n"
#: SO_LINGER on with a zero timeout: close() resets the connection, as a cancelled fetch does.
RESET_ON_CLOSE = struct.pack("ii", 1, 0)


def _fetch_and_reset(port: int) -> None:
    """Ask for the favicon, read its first byte, then reset the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
        client.sendall(FAVICON)
        client.recv(1)
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, RESET_ON_CLOSE)


def test_a_reset_connection_leaves_no_static_file_for_the_collector(live_server, monkeypatch):
    unraisable: list[str] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda hook: unraisable.append(repr(hook.exc_value)))
    port = int(live_server.url.rsplit(":", 1)[1])
    for _ in range(40):
        _fetch_and_reset(port)
    gc.collect()
    assert unraisable == []

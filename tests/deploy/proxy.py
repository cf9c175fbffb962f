"""Run deploy/nginx.conf for real on loopback ports: a self-signed certificate, paths in tmp."""

from __future__ import annotations

import http.client
import re
import shutil
import socket
import ssl
import subprocess
from pathlib import Path

from tests.deploy.servers import Answer, start
from tests.tasks.worker import ROOT

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
MAIN = """pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
worker_processes 1;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    include {tmp}/caseflow.conf;
}}
"""


def self_signed(tmp: Path) -> tuple[Path, Path]:
    """Make a throwaway certificate for localhost."""
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


def site_config(tmp: Path, https_port: int, http_port: int, app_ports: list[int]) -> str:
    """Return deploy/nginx.conf with only its CHANGE-ME values (and the ports) replaced."""
    cert, key = self_signed(tmp)
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    upstream = "".join(f"    server 127.0.0.1:{port};\n" for port in app_ports)
    text = re.sub(r"    server 127\.0\.0\.1:8000[^\n]*\n", upstream, text)
    text = re.sub(r"\n\s*listen \[::\]:\d+[^\n]*", "", text)
    for old, new in (("listen 80;", f"listen 127.0.0.1:{http_port};"),
                     ("listen 443 ", f"listen 127.0.0.1:{https_port} "),
                     ("/etc/ssl/caseflow/fullchain.pem", str(cert)),
                     ("/etc/ssl/caseflow/privkey.pem", str(key)),
                     ("/var/log/nginx/caseflow.access.log", str(tmp / "nginx-access.log")),
                     ("/srv/caseflow/caseflow/static/", f"{ROOT}/caseflow/static/")):
        assert old in text, old
        text = text.replace(old, new)
    return text


def start_nginx(tmp: Path, https_port: int, http_port: int, app_ports: list[int]):
    """Check the configuration with `nginx -t`, then run nginx in the foreground."""
    (tmp / "caseflow.conf").write_text(site_config(tmp, https_port, http_port, app_ports))
    (tmp / "nginx.conf").write_text(MAIN.format(tmp=tmp))
    command = [NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    return start([*command, "-g", "daemon off;"], {}, tmp / "nginx.log")


def listening(port: int) -> bool:
    """True once something accepts connections on the loopback port."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def through_proxy(port: int, method: str, path: str, body: str | None = None,
                  headers: dict | None = None) -> Answer:
    """Send one HTTPS request to nginx (the certificate is ours: not verified)."""
    context = ssl._create_unverified_context()  # the test's own certificate
    connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=30, context=context)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, response.headers,
                      response.read().decode("utf-8", "replace"), port)
    finally:
        connection.close()


class Proxy:
    """nginx as one "server" for servers.RoundRobin: it does the balancing itself."""

    def __init__(self, port: int) -> None:
        self.port = port

    def send(self, method: str, path: str, body: str | None = None,
             headers: dict | None = None) -> Answer:
        # A browser's same-origin Referer: Flask-WTF insists on one over HTTPS.
        origin = {"Referer": f"https://127.0.0.1:{self.port}/"}
        return through_proxy(self.port, method, path, body, {**origin, **(headers or {})})

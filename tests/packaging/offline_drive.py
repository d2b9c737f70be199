"""Install an unpacked bundle and use it, the way a 督查室 would, on a machine without network.

Run by tests/packaging/test_offline_install.py, inside `unshare -n` where allowed (a network namespace
whose only interface is the loopback, brought up here). Standard library only: nothing of the project
is importable here, as on the target machine. Prints one JSON object with what happened and how long
each step took; exits non-zero with the reason on the first failure.

    python3 offline_drive.py BUNDLE_DIR WORK_DIR REPORT_FILE --python /usr/bin/python3.11
"""

from __future__ import annotations

import argparse
import fcntl
import http.cookiejar
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

PASSWORD = "Offline-desk-2024"  # meets the password policy: 10+ characters, letters and digits, not the name


def loopback_up() -> None:
    """`ip link set lo up` without iproute2: a new network namespace starts with lo down."""
    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        flags = struct.unpack("16sH", fcntl.ioctl(s, siocgifflags, struct.pack("16sH", b"lo", 0)))[1]
        if not flags & iff_up:
            fcntl.ioctl(s, siocsifflags, struct.pack("16sH", b"lo", flags | iff_up))


def network_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=3).close()
        return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(cmd: list[str], env: dict[str, str], what: str) -> str:
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{what} failed ({proc.returncode}): {(proc.stderr or proc.stdout).strip()[-2000:]}")
    return proc.stdout


class Browser:
    """Cookies, CSRF tokens from the pages, forms and a multipart upload: what the pages need."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[int, str, str]:
        with self.opener.open(self.base + path, timeout=60) as r:
            return r.status, r.geturl(), r.read().decode("utf-8")

    def post(self, path: str, body: bytes, ctype: str) -> tuple[int, str, str]:
        req = urllib.request.Request(self.base + path, data=body, headers={"Content-Type": ctype})
        with self.opener.open(req, timeout=300) as r:
            return r.status, r.geturl(), r.read().decode("utf-8")

    def form(self, path: str, fields: dict[str, str]) -> tuple[int, str, str]:
        return self.post(path, urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded")

    def upload(self, path: str, fields: dict[str, str], name: str, filename: str, data: bytes) -> tuple[int, str, str]:
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                 for k, v in fields.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                     f'filename="{filename}"\r\nContent-Type: text/plain\r\n\r\n'.encode() + data + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.post(path, b"".join(parts), f"multipart/form-data; boundary={boundary}")


def csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if not found:
        sys.exit("no CSRF token on the page")
    return found.group(1)


def use_the_app(base: str, report: Path) -> dict[str, Any]:
    """Log in as the administrator, upload the report, commit it to the ledger, read the ledger back."""
    b = Browser(base)
    _, _, page = b.get("/login")
    _, url, page = b.form("/login", {"username": "admin", "password": PASSWORD, "next": "/", "csrf_token": csrf(page)})
    if "/login" in url:
        sys.exit("log-in refused")
    _, _, page = b.get("/import")
    _, url, page = b.upload("/import", {"csrf_token": csrf(page)}, "file", "report.txt", report.read_bytes())
    draft = re.search(r"/import/([^/?#]+)$", url)
    if not draft:
        sys.exit(f"upload did not lead to a draft: {url}")
    _, url, page = b.form(f"/import/{draft.group(1)}/commit",
                          {"region": "青岚县", "year": "2024", "csrf_token": csrf(page)})
    report_id = re.search(r"report=(\d+)", url)
    if not report_id:
        sys.exit(f"commit did not lead to the ledger: {url}")
    _, _, body = b.get(f"/api/targets?report={report_id.group(1)}")
    return {"report_id": int(report_id.group(1)), "targets": len(json.loads(body))}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("bundle", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("report", type=Path)
    parser.add_argument("--python", required=True)
    parser.add_argument("--namespace", action="store_true", help="inside unshare -n: bring the loopback up")
    args = parser.parse_args()
    result: dict[str, Any] = {"namespace": args.namespace}
    if args.namespace:
        loopback_up()
    result["network"] = network_reachable()
    if args.namespace and result["network"]:
        sys.exit("the namespace reaches the network")
    prefix, conf, data = args.work / "opt", args.work / "etc", args.work / "var"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "LUOSHI_"))}
    env["PIP_INDEX_URL"] = ""  # as the bar says: no index even where no namespace isolates us

    start = time.monotonic()
    run(["bash", str(args.bundle / "install.sh"), "--prefix", str(prefix), "--config-dir", str(conf),
         "--data-dir", str(data), "--no-system", "--python", args.python], env, "install.sh")
    result["install_seconds"] = round(time.monotonic() - start, 1)

    luoshi = str(prefix / "current" / "bin" / "luoshi")
    env["LUOSHI_CONFIG"] = str(conf / "luoshi.toml")
    port = free_port()
    env["LUOSHI_PORT"] = str(port)
    run([luoshi, "user", "add", "admin", "--role", "admin", "--password", PASSWORD], env, "luoshi user add")

    start = time.monotonic()
    server = subprocess.Popen([luoshi, "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                    result["healthz"] = json.loads(r.read())
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() - start > 120:
                    sys.exit(f"the service did not start: {server.communicate()[1][-2000:]}")
                time.sleep(0.05)
        result["startup_seconds"] = round(time.monotonic() - start, 2)
        start = time.monotonic()
        result.update(use_the_app(base, args.report))
        result["import_seconds"] = round(time.monotonic() - start, 1)
    finally:
        server.send_signal(signal.SIGTERM)
        out, err = server.communicate(timeout=60)
    result["exit_code"] = server.returncode
    result["log_lines"] = len(out.splitlines())
    result["log_is_json"] = all(line.startswith("{") for line in out.splitlines())
    result["stderr"] = err[-2000:]
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

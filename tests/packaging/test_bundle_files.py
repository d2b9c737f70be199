"""The pieces of the offline bundle, checked without building it: which wheels may go in, how pip is
isolated from this machine's settings, and the scripts, units and samples the bundle carries."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import luoshi_bundle as lb
import pytest

from luoshi.web.app import create_app
from luoshi.web.guard import GuardMiddleware
from luoshi.web.settings import WebSettings

HERE = lb.HERE


def test_platform_tags_reach_down_to_manylinux2014_and_no_further_up_than_glibc_2_28() -> None:
    tags = lb.platform_tags("aarch64")
    assert tags[0] == "manylinux_2_28_aarch64" and "manylinux_2_17_aarch64" in tags and "manylinux2014_aarch64" in tags
    assert all(t.endswith("_aarch64") for t in tags)
    assert "manylinux_2_29_aarch64" not in tags and "manylinux1_x86_64" in lb.platform_tags("x86_64")


@pytest.mark.parametrize(("name", "fits"), [
    ("rich-15.0.0-py3-none-any.whl", True),
    ("openpyxl-3.1.5-py2.py3-none-any.whl", True),
    ("lxml-6.2.0-cp311-cp311-manylinux_2_26_aarch64.manylinux_2_28_aarch64.whl", True),
    ("cffi-2.1.1-cp311-cp311-manylinux2014_aarch64.manylinux_2_17_aarch64.whl", True),
    ("pypdfium2-5.15.2-py3-none-manylinux_2_17_aarch64.manylinux2014_aarch64.whl", True),
    ("pyarrow-26.0.1-cp311-cp311-manylinux_2_34_aarch64.whl", False),  # glibc too new for Kylin V10
    ("pyarrow-26.0.1-cp311-cp311-manylinux_2_28_x86_64.whl", False),
    ("lxml-6.2.0-cp311-cp311-musllinux_1_2_aarch64.whl", False),
    ("psutil-7.2.2-cp36-abi3-macosx_11_0_arm64.whl", False),
    ("pillow-13.0.0-cp311-cp311-linux_aarch64.whl", False),  # not manylinux: built for one machine only
])
def test_which_wheels_fit_an_aarch64_server(name: str, fits: bool) -> None:
    assert (lb.off_platform([name], "aarch64") == []) is fits


def test_pip_sees_none_of_this_machines_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key, value in {"PIP_FIND_LINKS": "/opt/wheels", "PIP_EXTRA_INDEX_URL": "file:///opt/pypi/simple",
                       "PIP_INDEX_URL": "http://mirror/simple", "PIP_CONSTRAINT": "/etc/c.txt",
                       "PIP_CERT": "/etc/ssl/ca.pem"}.items():
        monkeypatch.setenv(key, value)
    env = lb.pip_env(tmp_path)
    assert not {"PIP_FIND_LINKS", "PIP_EXTRA_INDEX_URL", "PIP_INDEX_URL", "PIP_CONSTRAINT"} & set(env)
    assert env["PIP_CERT"] == "/etc/ssl/ca.pem" and env["PIP_CONFIG_FILE"] == "/dev/null"


def test_every_file_the_bundle_carries_exists() -> None:
    for src, _ in lb.FILES:
        assert (HERE / src).is_file(), src
    for unit in lb.SYSTEMD:
        assert (HERE / "systemd" / unit).is_file(), unit
    assert (lb.REPO / "docs" / "deploy.md").is_file()


@pytest.mark.parametrize("script", ["install.sh", "uninstall.sh"])
def test_scripts_parse(script: str) -> None:
    proc = subprocess.run(["bash", "-n", str(HERE / script)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    if shutil.which("shellcheck"):
        proc = subprocess.run(["shellcheck", "-S", "warning", str(HERE / script)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout


def test_install_fills_every_placeholder_of_the_units_and_the_configuration() -> None:
    install = (HERE / "install.sh").read_text(encoding="utf-8")
    filled = set(re.findall(r"s\|(@[A-Z_]+@)\|", install))
    used = {p for f in [*(HERE / "systemd").iterdir(), HERE / "luoshi.toml"]
            for p in re.findall(r"@[A-Z_]+@", f.read_text(encoding="utf-8"))}
    assert used and used <= filled, used - filled


def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze not installed")
    prefix = tmp_path / "opt"
    (prefix / "current" / "bin").mkdir(parents=True)
    (prefix / "current" / "bin" / "luoshi").write_text("#!/bin/sh\n")
    (prefix / "current" / "bin" / "luoshi").chmod(0o755)
    units = []
    for unit in lb.SYSTEMD:
        text = (HERE / "systemd" / unit).read_text(encoding="utf-8")
        for key, value in {"@PREFIX@": str(prefix), "@CONFIG@": "/etc/luoshi/luoshi.toml",
                           "@DATA_DIR@": "/var/lib/luoshi", "@USER@": "luoshi"}.items():
            text = text.replace(key, value)
        (tmp_path / unit).write_text(text, encoding="utf-8")
        units.append(str(tmp_path / unit))
    proc = subprocess.run(["systemd-analyze", "verify", "--man=no", *units], capture_output=True, text=True,
                          cwd=tmp_path)
    assert proc.returncode == 0 and not proc.stderr.strip(), proc.stderr


def test_nginx_lets_through_every_body_the_app_accepts(tmp_path: Path) -> None:
    from luoshi.ledger.storage.db import open_db

    url = f"sqlite:///{tmp_path / 'n.db'}"
    open_db(url, init=True)[0].dispose()
    app = create_app(WebSettings(database_url=url, upload_dir=tmp_path, secret_key="k3Yq-7pLm_Vx2Rt9sWd4Nb8Hc6Zf1Ga0Je5Uo"))
    try:
        limits = next(m.kwargs["limits"] for m in app.user_middleware if m.cls is GuardMiddleware)
        app_limit = max(limits.upload, limits.evidence)
    finally:
        app.state.ledger.engine.dispose()
    conf = (HERE / "nginx" / "luoshi.conf").read_text(encoding="utf-8")
    nginx_limit = int(re.search(r"client_max_body_size\s+(\d+)m;", conf).group(1)) * 1024 * 1024  # type: ignore[union-attr]
    assert nginx_limit >= app_limit
    assert "proxy_read_timeout" in conf and "ssl_certificate" in conf and "X-Forwarded-Proto" in conf

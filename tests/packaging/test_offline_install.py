"""The bars of the offline bundle, end to end (slow: builds real bundles; wheels are cached in
~/.cache/luoshi-bundle, so only the first run on a machine downloads them).

- The x86_64 bundle installs inside a network namespace with no network (`unshare -n`, as root) into a
  fresh folder; the service starts there, an administrator logs in and imports a report. Where
  `unshare` is not allowed the test says so and installs without the namespace, with pip's index
  emptied (install.sh always passes --no-index).
- The aarch64 bundle holds only wheels for aarch64 (glibc ≤ 2.28) or pure Python, for every Python it
  supports.

Figures (sizes, install and start-up times) are printed; run with -s to see them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import warnings
from pathlib import Path

import luoshi_bundle as lb
import pytest

pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parent
PYTHON = f"{sys.version_info[0]}.{sys.version_info[1]}"
CACHE = Path.home() / ".cache" / "luoshi-bundle"


def unpack(archive: Path, into: Path) -> Path:
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="tar")
    return into / archive.name.removesuffix(".tar")


def namespace_prefix() -> list[str] | None:
    """The command prefix that runs a process without network, or None where that is not allowed."""
    for prefix in (["unshare", "-n"], ["unshare", "-r", "-n"]):
        if shutil.which("unshare") and subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
            return prefix
    return None


def test_x86_64_bundle_installs_and_serves_without_network(tmp_path: Path) -> None:
    (archive,) = lb.build(["x86_64"], [PYTHON], tmp_path / "dist", CACHE, lb.DEFAULT_INDEX)
    print(f"\nbundle {archive.name}: {lb.mb(archive.stat().st_size)} (Python {PYTHON} only)")
    bundle = unpack(archive, tmp_path / "usb")
    assert (bundle / "部署说明.txt").is_file() and (bundle / "部署指南.md").is_file()
    assert (bundle / "systemd" / "luoshi-backup.timer").is_file() and (bundle / "nginx" / "luoshi.conf").is_file()

    prefix = namespace_prefix()
    if prefix is None:
        warnings.warn("unshare is not allowed here: installing without a network namespace, with pip's "
                      "index emptied (--no-index, PIP_INDEX_URL='')", stacklevel=1)
        print("unshare not allowed: no network namespace, install with --no-index and an empty PIP_INDEX_URL")
    report = Path(__file__).resolve().parents[2] / "src" / "luoshi" / "sample" / "sample-report.txt"
    cmd = [*(prefix or []), sys.executable, str(HERE / "offline_drive.py"), str(bundle), str(tmp_path / "root"),
           str(report), "--python", sys._base_executable]  # type: ignore[attr-defined]
    if prefix:
        cmd.append("--namespace")
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"install in the namespace: {result['install_seconds']} s; service start-up: "
          f"{result['startup_seconds']} s; import over the web: {result['import_seconds']} s; "
          f"namespace: {result['namespace']}")
    if prefix:
        assert result["namespace"] and not result["network"]
    assert result["healthz"]["status"] == "ok"
    assert result["targets"] > 10  # the report was extracted and committed by the installed program
    assert result["exit_code"] == 0 and result["log_is_json"] and result["log_lines"] > 3, result["stderr"]


def test_aarch64_bundle_holds_only_aarch64_or_pure_python_wheels(tmp_path: Path) -> None:
    (archive,) = lb.build(["aarch64"], list(lb.PYTHONS), tmp_path / "dist", CACHE, lb.DEFAULT_INDEX)
    print(f"\nbundle {archive.name}: {lb.mb(archive.stat().st_size)} (Python {', '.join(lb.PYTHONS)})")
    with tarfile.open(archive) as tar:
        names = [Path(m.name).name for m in tar.getmembers() if m.name.endswith(".whl")]
    wheels = [lb.Wheel.parse(n) for n in names]
    assert len(wheels) > 40 and any(w.name == "luoshi" for w in wheels)
    for w, name in zip(wheels, names, strict=True):
        assert w.pure or all(p.endswith("_aarch64") and p.startswith("manylinux") for p in w.platforms), name
        assert not lb.off_platform([name], "aarch64"), name
    # Compiled dependencies are there for each Python: one pyarrow wheel per version.
    pyarrow = {t for w in wheels if w.name == "pyarrow" for t in w.pythons}
    assert pyarrow == {f"cp{p.replace('.', '')}" for p in lb.PYTHONS}

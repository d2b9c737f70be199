"""Build the offline bundle: one archive per platform that installs and runs Luoshi on a machine that
reaches no package index (a government intranet).

Each archive holds the Luoshi wheel, every dependency as a wheel for that platform and each supported
Python, `install.sh` (pip --no-index into its own folder), systemd units and timers, an nginx site
sample, a configuration template and the 部署说明. Wheels come from PyPI (or --index-url) and are kept
in ~/.cache/luoshi-bundle/wheels: a later build takes the same versions from there without the network
(--refresh asks the index for newer ones).

    python packaging/luoshi_bundle.py                              # linux x86_64 and aarch64, Python 3.11–3.14
    python packaging/luoshi_bundle.py --arch x86_64 --python 3.11  # one platform, one Python
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ARCHES = ("x86_64", "aarch64")
PYTHONS = ("3.11", "3.12", "3.13", "3.14")
# The oldest C library the bundle must run on: glibc 2.28 (银河麒麟 Kylin V10, 统信 UOS 20, openEuler
# 20.03, Debian 10, CentOS 8). Wheels built for a newer glibc would not load there.
GLIBC = (2, 28)
DEFAULT_INDEX = "https://pypi.org/simple"
# Files copied into every bundle: (source under packaging/, name in the bundle).
FILES = (
    ("install.sh", "install.sh"),
    ("uninstall.sh", "uninstall.sh"),
    ("luoshi.toml", "luoshi.toml"),
    ("部署说明.txt", "部署说明.txt"),
    ("nginx/luoshi.conf", "nginx/luoshi.conf"),
)
SYSTEMD = ("luoshi.service", *(f"luoshi-{job}.{ext}" for job in ("remind", "backup", "bulletin")
                                for ext in ("service", "timer")))
# pip settings a build machine may carry that must not leak into the bundle (a local wheel folder, a
# local index, constraints); the certificate, proxy and timeout settings are kept.
PIP_KEEP = {"PIP_CERT", "PIP_CLIENT_CERT", "PIP_DEFAULT_TIMEOUT", "PIP_PROXY", "PIP_TRUSTED_HOST", "PIP_RETRIES"}


class BundleError(Exception):
    """The bundle cannot be built; the message says why in one line."""


@dataclass(frozen=True)
class Wheel:
    """The parts of a wheel's file name (PEP 427) that say where it runs."""

    name: str
    version: str
    pythons: frozenset[str]
    abis: frozenset[str]
    platforms: frozenset[str]

    @classmethod
    def parse(cls, filename: str) -> Wheel:
        if not filename.endswith(".whl"):
            raise BundleError(f"not a wheel: {filename}")
        parts = filename[:-4].split("-")
        if len(parts) not in (5, 6):
            raise BundleError(f"malformed wheel name: {filename}")
        name, version, py, abi, plat = parts[0], parts[1], parts[-3], parts[-2], parts[-1]
        return cls(name, version, frozenset(py.split(".")), frozenset(abi.split(".")), frozenset(plat.split(".")))

    @property
    def pure(self) -> bool:
        return self.platforms == {"any"}


def platform_tags(arch: str, glibc: tuple[int, int] = GLIBC) -> list[str]:
    """Every platform tag a machine of `arch` with `glibc` accepts, best first. pip does not widen a
    `manylinux_2_28` platform to older glibc tags by itself, so the whole list is passed."""
    tags = [f"manylinux_{glibc[0]}_{minor}_{arch}" for minor in range(glibc[1], 16, -1)]
    tags.append(f"manylinux2014_{arch}")
    if arch == "x86_64":
        tags += [f"manylinux_2_{m}_{arch}" for m in (12, 5)] + [f"manylinux2010_{arch}", f"manylinux1_{arch}"]
    return tags


def off_platform(filenames: Iterable[str], arch: str, glibc: tuple[int, int] = GLIBC) -> list[str]:
    """The wheels among `filenames` that would not run on linux `arch` with `glibc`: neither pure Python
    nor built for that architecture (musl, Windows, macOS, another CPU, a newer glibc)."""
    allowed = set(platform_tags(arch, glibc)) | {"any"}
    return sorted(f for f in filenames if not Wheel.parse(f).platforms & allowed)


def pip_env(cache: Path) -> dict[str, str]:
    """The environment for pip: no configuration file of this machine, its own cache."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") or k in PIP_KEEP}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_CACHE_DIR=str(cache / "pip"), PIP_DISABLE_PIP_VERSION_CHECK="1",
               PIP_NO_INPUT="1")
    return env


def pip(args: list[str], env: dict[str, str], what: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "pip", *args], env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = [line for line in (proc.stderr or proc.stdout).splitlines() if line.strip()][-3:]
        raise BundleError(f"{what} failed: " + " | ".join(tail))


def fetch(requirements: list[str], dest: Path, env: dict[str, str], index: str, cache: Path,
          target: list[str], refresh: bool, what: str) -> None:
    """`pip download` into `dest`: from the cache alone when it holds a complete answer (no network, the
    same versions as last time), else from the index; new files join the cache. (pip's own HTTP cache
    is not enough: a mirror that sends no caching headers defeats it, and on a tie pip prefers the
    index to a --find-links file.)"""
    cache.mkdir(parents=True, exist_ok=True)
    args = ["download", "--dest", str(dest), *target, *requirements]
    if not refresh:
        try:
            pip([*args, "--no-index", "--find-links", str(cache)], env, what)
            return
        except BundleError:
            pass  # something the cache lacks (a new dependency): ask the index
    pip([*args, "--index-url", index], env, what)
    for path in dest.iterdir():
        if path.suffix == ".whl" and not path.name.startswith("luoshi-") and not (cache / path.name).exists():
            # Through a temporary name: another build reading the cache never sees half a wheel.
            part = cache / f".{path.name}.{os.getpid()}.part"
            shutil.copy2(path, part)
            part.replace(cache / path.name)


def build_wheel(dest: Path, env: dict[str, str], index: str, cache: Path, refresh: bool) -> Path:
    """The Luoshi wheel built from a copy of this checkout's sources (so that two builds at once, or a
    build beside an editable install, share no build/ folder), with the build backend from the cache."""
    fetch(["setuptools>=68"], cache, env, index, cache, ["--only-binary=:all:", "--no-deps"], refresh,
          "downloading setuptools")
    source = dest / "source"
    shutil.copytree(REPO / "src", source / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    pip(["wheel", "--no-deps", "--no-index", "--find-links", str(cache), "--wheel-dir", str(dest), str(source)],
        env, "building the Luoshi wheel")
    found = sorted(dest.glob("luoshi-*.whl"))
    if len(found) != 1:
        raise BundleError(f"expected one Luoshi wheel in {dest}, found {len(found)}")
    return found[0]


def target_args(arch: str, python: str) -> list[str]:
    plats = [a for tag in platform_tags(arch) for a in ("--platform", tag)]
    return ["--only-binary=:all:", "--implementation", "cp", "--python-version", python, *plats]


def check_offline(wheels: Path, version: str, arch: str, python: str, env: dict[str, str]) -> None:
    """Resolve the install from the bundle's wheels alone, as install.sh will: nothing may be missing."""
    with tempfile.TemporaryDirectory() as target:
        pip(["install", "--dry-run", "--ignore-installed", "--no-index", "--find-links", str(wheels),
             "--target", target, *target_args(arch, python), f"luoshi=={version}", "pip"],
            env, f"offline install check for {arch} Python {python}")


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def assemble(stage: Path, wheels: Path, version: str, arch: str, pythons: list[str]) -> None:
    """Lay out the bundle folder: wheels, scripts, units, samples, docs, checksums."""
    shutil.copytree(wheels, stage / "wheels")
    for src, name in FILES:
        (stage / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(HERE / src, stage / name)
    for unit in SYSTEMD:
        (stage / "systemd").mkdir(exist_ok=True)
        shutil.copy2(HERE / "systemd" / unit, stage / "systemd" / unit)
    shutil.copy2(REPO / "docs" / "deploy.md", stage / "部署指南.md")
    (stage / "bundle.env").write_text(
        f'VERSION="{version}"\nARCH="{arch}"\nPYTHONS="{" ".join(pythons)}"\nGLIBC="{GLIBC[0]}.{GLIBC[1]}"\n',
        encoding="utf-8")
    for script in ("install.sh", "uninstall.sh"):
        (stage / script).chmod(0o755)
    files = sorted(p for p in stage.rglob("*") if p.is_file())
    lines = [f"{sha256(p)}  {p.relative_to(stage).as_posix()}\n" for p in files]
    (stage / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def archive(stage: Path, out: Path) -> Path:
    """`out`/<stage name>.tar, owned by root inside, written through a temporary name. Not compressed:
    wheels are zip files already, so gzip would save under 1 % and cost seconds on every build."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{stage.name}.tar"
    tmp = path.with_suffix(".part")

    def owner(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(tmp, "w") as tar:
        tar.add(stage, arcname=stage.name, filter=owner)
    tmp.replace(path)
    (out / f"{path.name}.sha256").write_text(f"{sha256(path)}  {path.name}\n", encoding="utf-8")
    return path


def mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def build(arches: list[str], pythons: list[str], out: Path, cache: Path, index: str,
          refresh: bool = False) -> list[Path]:
    env = pip_env(cache)
    wheel_cache = cache / "wheels"
    built = []
    with tempfile.TemporaryDirectory(prefix="luoshi-bundle-") as tmp:
        work = Path(tmp)
        wheel = build_wheel(work / "own", env, index, wheel_cache, refresh)
        version = Wheel.parse(wheel.name).version
        for arch in arches:
            start = time.monotonic()
            wheels = work / arch / "wheels"
            wheels.mkdir(parents=True)
            for python in pythons:
                fetch([str(wheel), "pip"], wheels, env, index, wheel_cache, target_args(arch, python), refresh,
                      f"downloading wheels for {arch} Python {python}")
            names = [p.name for p in wheels.iterdir()]
            if wrong := off_platform(names, arch):
                raise BundleError(f"wheels not for linux {arch} (glibc ≤ {GLIBC[0]}.{GLIBC[1]}): {', '.join(wrong)}")
            for python in pythons:
                check_offline(wheels, version, arch, python, env)
            stage = work / arch / f"luoshi-{version}-linux-{arch}"
            assemble(stage, wheels, version, arch, pythons)
            path = archive(stage, out)
            unpacked = sum(p.stat().st_size for p in stage.rglob("*") if p.is_file())
            print(f"{path}: {mb(path.stat().st_size)}（{len(names)} 个 wheel，解压后 {mb(unpacked)}，"
                  f"Python {'/'.join(pythons)}，用时 {time.monotonic() - start:.0f} 秒）")
            built.append(path)
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="构建离线安装包 / build the offline bundles")
    parser.add_argument("--arch", action="append", choices=ARCHES, help="platform (repeat); default both")
    parser.add_argument("--python", action="append", help=f"Python X.Y (repeat); default {' '.join(PYTHONS)}")
    parser.add_argument("--out", type=Path, default=REPO / "dist", help="output folder (default dist/)")
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "luoshi-bundle",
                        help="download cache (default ~/.cache/luoshi-bundle)")
    parser.add_argument("--refresh", action="store_true",
                        help="ask the index for newer versions even when the cache could answer")
    parser.add_argument("--index-url", default=os.environ.get("LUOSHI_BUNDLE_INDEX_URL", DEFAULT_INDEX),
                        help="package index (default PyPI, or $LUOSHI_BUNDLE_INDEX_URL for a mirror)")
    args = parser.parse_args(argv)
    pythons = args.python or list(PYTHONS)
    for py in pythons:
        if not re.fullmatch(r"3\.(1[1-9]|[2-9]\d)", py):
            parser.error(f"--python must be 3.11 or later, not {py}")
    try:
        build(args.arch or list(ARCHES), pythons, args.out, args.cache, args.index_url, args.refresh)
    except BundleError as e:
        print(f"luoshi-bundle: error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

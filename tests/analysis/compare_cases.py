"""Reports written for these tests: our own wording about fictional places, shipped with the package
as the region demo's sample (`luoshi/sample/regions/`): 青川市 over two years, its neighbour 白石市
with a range, a 以内 and words-only targets, and their province 云川省."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

SAMPLES = resources.files("luoshi.sample").joinpath("regions")
REPORTS = {name: SAMPLES.joinpath(name).read_text(encoding="utf-8")
           for name in ("qingchuan-2025.txt", "qingchuan-2026.txt", "baishi-2026.txt")}


def write_reports(folder: Path, names: tuple[str, ...] = tuple(REPORTS)) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(REPORTS[name], encoding="utf-8")
    return folder

"""Compare what Luoshi extracts from a file with what it extracts from the same text as .txt, and run
the CLI on a bad file: the checks every reader's tests share."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from importlib import resources
from pathlib import Path

import luoshi
from luoshi.document import Document
from luoshi.document.normalize import fold
from luoshi.extract.evaluate import subject_match
from luoshi.extract.model import Indicator

Key = tuple[str, float, float | None, str, str, str, str, int | None]


def sample_text() -> str:
    """Our own made-up report, shipped with Luoshi for the demo (no public document)."""
    return resources.files("luoshi.sample").joinpath("sample-report.txt").read_text(encoding="utf-8")


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.splitlines() if p.strip()]


def key(ind: Indicator) -> Key:
    return (fold(ind.subject), ind.value, ind.value_max, fold(ind.unit), ind.kind, ind.stance, ind.bound, ind.year)


def indicators_of_text(text: str) -> list[Indicator]:
    return luoshi.extract(luoshi.read_bytes(text.encode("utf-8"), "txt"))


def same_indicators(doc: Document, text: str) -> None:
    """`doc` gives exactly the indicators of `text` read as a .txt (subjects folded)."""
    got = Counter(key(i) for i in luoshi.extract(doc))
    want = Counter(key(i) for i in indicators_of_text(text))
    assert want, "the reference text has indicators"
    assert got == want, (sorted(want - got), sorted(got - want))


def share_found(doc: Document, text: str) -> tuple[float, list[Indicator], list[Indicator]]:
    """The share of the .txt's indicators found in `doc`: same value, unit, kind, stance, bound and
    year, and a subject the evaluator accepts (OCR may misread a character of it). Also the indicators
    of `doc` and those of the text that were not found."""
    got = luoshi.extract(doc)
    want = indicators_of_text(text)
    free = list(got)
    missed = []
    for w in want:
        hit = next((g for g in free if key(g)[1:] == key(w)[1:] and subject_match(g.subject, w.subject)), None)
        if hit is None:
            missed.append(w)
        else:
            free.remove(hit)
    return 1 - len(missed) / len(want), got, missed


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "luoshi", *args], capture_output=True, text=True, timeout=300,
                          env=env, check=False)


def refused_by_cli(path: Path, tmp: Path) -> str:
    """`luoshi extract` on a bad file: one line `luoshi: error: <file>: <原因>`, exit 2, no output file."""
    out = tmp / "out.jsonl"
    r = cli("extract", str(path), "-o", str(out))
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith(f"luoshi: error: {path}: ")
    assert not out.exists()
    return lines[0]

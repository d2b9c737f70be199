"""The report text of the import page, cut into lines of runs: plain text, indicator spans to highlight,
and OCR text read with low confidence."""

from __future__ import annotations

import itertools
from typing import Any

from luoshi.document.model import OcrSpan


def segments(text: str, items: list[dict[str, Any]], low: list[OcrSpan] | None = None) -> list[list[dict[str, Any]]]:
    """The text cut into lines of runs, each run plain or one highlighted indicator span.

    Lines are separate so that offsets survive the browser folding CR LF; each run carries its start
    offset so the page's script can turn a selection into exact `[start, end)` offsets. Runs of OCR
    text read with low confidence (`low`) carry that confidence, for the page to highlight.
    """
    spans: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for it in items:
        s, e = it["data"]["span"]
        spans.setdefault((s, e), []).append(it)
    # Overlapping spans cannot nest in HTML: keep the earliest, longest; the others stay in the list.
    marks: list[tuple[int, int, list[dict[str, Any]]]] = []
    last_end = -1
    for (s, e), its in sorted(spans.items(), key=lambda kv: (kv[0][0], -kv[0][1])):
        if s >= last_end:
            marks.append((s, e, its))
            last_end = e
    lines: list[list[dict[str, Any]]] = []
    mi = 0
    pos = 0
    for raw_line in text.split("\n"):
        line_end = pos + len(raw_line)
        content_end = line_end - 1 if raw_line.endswith("\r") else line_end
        runs: list[dict[str, Any]] = []
        cur = pos
        while mi < len(marks) and marks[mi][0] < content_end:
            s, e, its = marks[mi]
            if e > content_end:
                break  # a span crossing a line break is listed but not highlighted
            if s > cur:
                runs.extend(_plain(text, cur, s, low))
            runs.append({"start": s, "text": text[s:e], "inds": its, "low": _lowest(low, s, e)})
            cur = e
            mi += 1
        while mi < len(marks) and marks[mi][0] < content_end:
            mi += 1
        if content_end > cur:
            runs.extend(_plain(text, cur, content_end, low))
        lines.append(runs)
        pos = line_end + 1
    return lines


def _plain(text: str, start: int, end: int, low: list[OcrSpan] | None) -> list[dict[str, Any]]:
    """Plain text `[start, end)` as runs, cut where low-confidence OCR text begins and ends."""
    cuts = sorted({start, end, *(p for o in low or () for p in (o.start, o.end) if start < p < end)})
    return [{"start": a, "text": text[a:b], "low": _lowest(low, a, b)} for a, b in itertools.pairwise(cuts)]


def _lowest(low: list[OcrSpan] | None, start: int, end: int) -> float | None:
    confs = [o.confidence for o in low or () if o.start < end and start < o.end]
    return min(confs) if confs else None

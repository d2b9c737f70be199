"""Paragraphs of a report as the reading stage walks them, and where a list ends."""

from __future__ import annotations

import re
from collections.abc import Iterator

_ELLIPSIS = re.compile(r"…{2,}|\.{6}")

def paragraphs(norm: str) -> Iterator[tuple[int, int]]:
    """Lines with text; passages joined by …… (excerpts of a report in a news story) are paragraphs
    of their own, so that each may open a part."""
    pos = 0
    for line in norm.splitlines(keepends=True):
        end = pos + len(line.rstrip("\r\n"))
        a = pos
        for m in _ELLIPSIS.finditer(norm, pos, end):
            if norm[a : m.start()].strip():
                yield a, m.start()
            a = m.end()
        if norm[a:end].strip():
            yield a, end
        pos += len(line)

def list_end(flow: str, pos: int) -> int:
    """The end of a target list that starts at `pos`: its paragraph, and the lines after it while
    each line before ends in ；or ：(one item a line)."""
    end = flow.find("\n", pos)
    while end >= 0:
        line = flow[flow.rfind("\n", 0, end) + 1 : end].rstrip()
        if not line.endswith(("；", ";", "：", ":")):
            break
        nxt = flow.find("\n", end + 1)
        if nxt < 0:
            return len(flow)
        if not flow[end + 1 : nxt].strip():
            break
        end = nxt
    return len(flow) if end < 0 else end

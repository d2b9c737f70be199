"""Kind of each number: amount, percent, growth or rank, and the sign of a decrease.

The verb before a number decides (增长/提高 → growth, 下降/降低 → growth with a minus sign,
排/居/跃居 … 第N位 → rank); 到/至/为 after the verb make the number a level (提高到51.2%).
`提高/提升` make growth only for percentages: before a count they mean "upgrade".
"""

from __future__ import annotations

import re
from functools import cache

from luoshi.extract.clauses import Slot
from luoshi.lexicon import alternation, load


@cache
def _verb_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    v = load("verbs")
    growth = sorted(v["growth"], key=len, reverse=True)
    dec = sorted(v["decrease"], key=len, reverse=True)
    rank = sorted(v["rank"], key=len, reverse=True)
    filler = r"(?:分别|均|各|同比|年均|五年|比上年|较上年|(?:(?:19|20)\d\d年(?:的)?)|\s|了|将|再|又|达|超|突破|约|近|不少于|不低于|以上)*"
    rate = sorted(v["rate_growth"], key=len, reverse=True)
    g = re.compile(rf"({alternation(growth)}){filler}$")
    gr = re.compile(rf"({alternation(growth + rate)}){filler}$")
    d = re.compile(rf"({alternation(dec)}){filler}$")
    scopes = sorted(v["scopes"], key=len, reverse=True)
    r = re.compile(rf"({alternation(rank)})\s*(?:{alternation(scopes)}|[^，。；、]{{0,12}}?)?\s*(?:第)?$")
    return g, gr, d, r


def _left_window(norm: str, s: Slot, k: int = 14) -> str:
    return norm[max(s.clause_start, s.m.start - k) : s.m.start]


def assign_kind(norm: str, s: Slot) -> None:
    m = s.m
    g_amount, g_rate, d, r = _verb_res()
    left = _left_window(norm, s).rstrip("-－")
    # Positions moved (上升12位, 前移3位) change like a rate does.
    g = g_rate if m.category == "percent" or m.unit_norm == "位" else g_amount
    if m.rank:
        s.kind = "rank"
        return
    if m.unit_norm == "位" and not re.search(r"第\s*$", left) and (g.search(left) or d.search(left)):
        s.kind = "growth"
        s.sign = -1 if d.search(left) else 1
        return
    if m.unit_norm in ("位", "名") and (r.search(left) or re.search(r"第\d+\s*、\s*$|第[一二三四五六七八九十]+\s*、\s*$", left)):
        s.kind = "rank"
        return
    level = re.search(r"(到|至|为)了?\s*$", left) is not None
    if m.category == "ratio":
        s.kind = "growth"
    elif not level and d.search(left):
        s.kind = "growth"
        s.sign = -1
    elif not level and g.search(left):
        s.kind = "growth"
    elif m.unit_norm in ("个百分点", "百分点"):
        s.kind = "growth"
        if re.search(r"(下降|降低|减少|回落|下滑)[^，。；]{0,6}$", left):
            s.sign = -1
    elif m.category == "percent":
        growth_noun = r"(增速|增幅|增长率|涨幅|降幅|增长)(的)?(主要预期目标|预期目标|预期|目标)?"
        rate = re.search(growth_noun + r"(分别|均)?(为|达|是|控制在|保持在)?\s*$", left)
        # 人口自然增长率5‰ is a level of a rate, not a change.
        level_rate = rate and any(left[: rate.end(1)].endswith(w) for w in load("verbs")["level_rates"])
        s.kind = "growth" if rate and not level_rate else "percent"
    else:
        s.kind = "amount"
        since_previous = norm[int(s.extra.get("prev_end", s.clause_start)) : m.start]  # type: ignore[call-overload]
        if not level and re.search(r"(净增|净减)", since_previous):
            s.kind = "growth"
    # A minus sign or 负 before the number: 增长-2.3%, 负增长1.2%
    if norm[max(0, m.start - 1) : m.start] in ("-", "－", "负") and not norm[max(0, m.start - 2) : m.start - 1].isdigit():
        s.sign = -s.sign if s.kind == "growth" else s.sign
    # 保持30%以上速度增长: the growth verb follows the number
    if s.kind in ("percent", "amount") and m.category == "percent" and re.match(
        r"\s*(?:以上|左右)?的?(?:速度|幅度)?(?:增长|增速)", norm[m.end : m.end + 10]
    ):
        s.kind = "growth"


def share_group_kind(slots: list[Slot]) -> None:
    """The verb before a list governs every number of it: 分别增长4%、6.5%、6% are all growth."""
    lead: dict[int, Slot] = {}
    for s in slots:
        first = lead.setdefault(s.group, s)
        if first is s or s.kind == "rank" or first.kind == "rank":
            continue
        if first.kind == "growth" and s.kind in ("percent", "amount"):
            s.kind, s.sign = "growth", first.sign



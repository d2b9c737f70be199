"""Subjects for every number: left or forward, distributed over lists by 分别/各/均, inherited
within a sentence, and `subject_full` for generic subjects. The phrase-level cutting is in `subjects`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from luoshi.document.model import Document
from luoshi.extract import subjects as subj
from luoshi.extract.clauses import Slot, clause_bounds
from luoshi.extract.model import Indicator
from luoshi.lexicon import load

_COUNT_CATS = ("count", "people")
_CODE = re.compile(r"\d+[A-Za-z]")  # 4A级景区, 5G基站: a code that opens a noun


@dataclass
class _SentenceMemory:
    """What earlier numbers of a sentence lend to later ones."""

    last: str = ""  # the last subject: 增长3% after 完成地区生产总值1800.95亿元
    last_list: list[str] = field(default_factory=list)  # the last list of subjects (分别/均)
    history: list[str] = field(default_factory=list)  # every subject so far, in order


@dataclass
class _ClauseMemory:
    prev_end: int  # where the text left of the next number starts
    forward: subj.Piece | None = None  # the last forward subject (两家【企业年屠宰产能】)


def assign_subjects(doc: Document, slots: list[Slot]) -> None:
    """Give every slot its subject; a number with several subjects (各/均/双) keeps them in extra["multi"]."""
    norm, text = doc.flow, doc.text
    sentences: dict[int, _SentenceMemory] = defaultdict(_SentenceMemory)
    clauses: dict[int, _ClauseMemory] = {}
    for members in _groups(slots):
        first, last = members[0], members[-1]
        clause = clauses.setdefault(first.clause_start, _ClauseMemory(first.clause_start))
        memory = sentences[first.sentence_index]
        left_start = _skip_trailing_bound(norm, max(first.clause_start, clause.prev_end), first.m.start)
        pieces = subj.left_subject(norm, left_start, first.m.start)
        if not pieces and clause.forward and not re.search(r"[，；]", norm[clause.forward[1] : first.m.start]):
            # 两家企业年屠宰产能分别排全省第1、2位: the phrase after the count is the ranks' subject too
            pieces = [clause.forward]
        after = _after_bounds(norm, last.m.end)
        fwd = subj.forward_subject(norm, after, last.clause_end) if _wants_forward(
            norm, last, after, pieces, left_start) else []
        if fwd:
            names = [subj.pieces_text(text, fwd)] * len(members)
            clause.prev_end, clause.forward = fwd[-1][1], fwd[-1]
            for member in members:
                member.extra["forward"] = True
        else:
            if not first.optional:  # 粮食总产连续三年稳定在300万吨: the borderline 三年 keeps no subject
                clause.prev_end = after
            names = _distribute(doc, members, pieces, left_start, memory)
            if len(members) == 1 and len(names) > 1:
                # one number, several subjects (各/均/双): one record per subject, same span
                first.extra["multi"] = names
                names = names[:1]
        for member, name in zip(members, names, strict=False):
            member.subject_text = name
        if first.optional:
            continue  # a borderline record (高于全国…) does not lend its subject to the next numbers
        subjects = list(first.extra.get("multi", names))  # type: ignore[call-overload]
        if len(subjects) > 1:
            memory.last_list = subjects
        memory.last = names[-1] if names else ""
        memory.history.extend(subjects)


def _groups(slots: list[Slot]) -> list[list[Slot]]:
    by_group: dict[int, list[Slot]] = {}
    for s in slots:
        by_group.setdefault(s.group, []).append(s)
    return list(by_group.values())


_MULTI = re.compile(r"(分别|(?<![年平人])均|各|双|依次)")


def _distribute(
    doc: Document, members: list[Slot], pieces: list[subj.Piece], left_start: int, memory: _SentenceMemory
) -> list[str]:
    """Subjects for a list of numbers (or one number) whose subject stands on their left."""
    norm, text = doc.flow, doc.text
    first, n = members[0], len(members)
    multi = bool(_MULTI.search(norm, left_start, first.m.start)) or (
        n == 1 and (_rate_list(norm, pieces, first) or _metric_list(norm, pieces, first.m.start)))
    if n == 1 and multi and not pieces and len(memory.last_list) > 1:
        return list(memory.last_list)  # …增速分别为13.3%、18%，均排全省第2位: 均 repeats the list before
    want = n
    if n == 1 and multi:
        items = subj.split_list(norm, pieces) if pieces else []
        want = max(len(items), 1)
        if want == 1 and pieces:
            expanded = subj.complete_items(norm, text, items, 2)  # 存贷款余额均突破… → 存款余额, 贷款余额
            if len(expanded) == 2:
                return expanded
    if pieces and want > 1:
        items = subj.split_list(norm, pieces)
        if len(items) == want or len(items) == 1:
            names = subj.complete_items(norm, text, items, want)
            if len(names) == want:
                return names
    if pieces and (n == 1 or not multi):
        return [subj.pieces_text(text, pieces)] * n
    if n > 1:
        # A subject of its own that names no list is shared by every number (两家企业年屠宰产能分别排
        # 全省第1、2位); a list with none takes the list before it (…分别达42031元、16477元，分别增长
        # 3.8%、8.4%), or the last n subjects of the sentence.
        if pieces:
            return [subj.pieces_text(text, pieces)] * n
        if len(memory.last_list) == n:
            return list(memory.last_list)
        seen = list(dict.fromkeys(memory.history))
        if len(seen) >= n:
            return seen[-n:]
    if memory.last:
        return [memory.last] * n
    return _previous_clause_subjects(doc, first, n) or [_fallback_subject(doc, first)] * n


def share_forward_backwards(norm: str, slots: list[Slot]) -> None:
    """`14695户39353名贫困人口`: numbers run together before one noun share its subject."""
    for i in range(len(slots) - 2, -1, -1):
        a, b = slots[i], slots[i + 1]
        if a.extra.get("forward") or not b.extra.get("forward") or a.clause_start != b.clause_start:
            continue
        gap = norm[a.m.end : b.m.start]
        if re.fullmatch(r"\s*(?:以上|多)?\s*[、和]?\s*", gap) and a.m.category in _COUNT_CATS:
            a.subject_text = b.subject_text
            a.extra["forward"] = True


def drop_clause_thresholds(norm: str, slots: list[Slot]) -> list[Slot]:
    """`8个市县城镇固定资产投资增速超过50%`: in a clause that counts things meeting a condition,
    the figure of the condition is no indicator."""
    out = []
    counted: set[int] = set()
    for s in slots:
        if s.extra.get("forward") and not norm[s.clause_start : s.m.start].strip():
            counted.add(s.clause_start)
            out.append(s)
            continue
        if s.clause_start in counted and re.search(r"(超过|过|超|高于|达到)\s*$", norm[s.clause_start : s.m.start]):
            continue
        out.append(s)
    return out


def _rate_list(norm: str, pieces: list[subj.Piece], s: Slot) -> bool:
    """社保、医保参保率 … 95%: one percentage over a list of rates applies to each rate."""
    if s.m.category != "percent" or not pieces:
        return False
    txt = "".join(norm[a:b] for a, b in pieces)
    return "、" in txt and txt.endswith("率") and "等" not in txt


def _metric_list(norm: str, pieces: list[subj.Piece], number_at: int) -> bool:
    """社会消费品零售总额、固定资产投资增长4%: one number after a list of metrics (、, no 等), or of
    things whose growth is stated (海洋电力、海洋旅游增速保持在10%以上), is each one's; a list of
    qualifiers of one thing (新建、改扩建学校10所) ends in no metric word."""
    if not pieces:
        return False
    txt = "".join(norm[a:b] for a, b in pieces)
    items = txt.split("、")
    if len(items) < 2 or "等" in txt or len(items[0]) < 2:
        return False
    lex = load("subjects")
    if items[-1].endswith(tuple(lex["metric_heads"])):
        return True
    return norm[pieces[-1][1] : number_at].lstrip().startswith(tuple(lex["growth_predicates"]))


def _skip_trailing_bound(norm: str, start: int, limit: int) -> int:
    m = re.match(r"\s*(?:以上|左右|以内|以下|多|余)?\s*(?:[）)]|[（(][^）)]{1,3}[）)])?\s*(?:的)?", norm[start:limit])
    return start + (m.end() if m else 0)


def _after_bounds(norm: str, pos: int) -> int:
    m = re.match(r"(?:[（(][^）)\d]{1,2}[）)])?\s*(?:及以上|以上|左右|以内|以下|之内|多)?", norm[pos : pos + 10])
    return pos + (m.end() if m else 0)


def _wants_forward(norm: str, s: Slot, after: int, left: list[subj.Piece], left_start: int) -> bool:
    """A counted number followed directly by a noun names its subject after it (14个州级示范样板社区)."""
    m = s.m
    if after >= s.clause_end:
        return False
    nxt = norm[after]
    nounish = "\u4e00" <= nxt <= "\u9fff" or nxt in "“的" or nxt.isalpha()
    if not nounish and not (nxt.isdigit() and _CODE.match(norm, after)):
        return False
    if subj.opening_number_end(norm, after, s.clause_end) > after:
        return False  # 4万亿、5万亿两个台阶: a count after the numbers is no subject of theirs
    if m.rank:
        return False
    if m.category == "percent" and nxt != "的":
        return False
    if m.category in ("currency", "ratio", "time"):
        return False
    stop = subj._forward_stop_re().match(norm, after)
    if stop and nxt != "的":
        return False
    left_txt = norm[left_start : m.start]
    if m.category in _COUNT_CATS or (m.magnitude and not m.unit_norm.strip("万亿")):
        return True
    return m.category == "percent" or left_txt.endswith("等")


def _previous_clause_subjects(doc: Document, s: Slot, n: int) -> list[str]:
    """No subject before the number in its clause and none earlier in the sentence: the clause before
    names it (持续巩固社保、医保参保率，稳定保持在95%以上)."""
    sent = doc.sentences[s.sentence_index]
    if s.clause_start <= sent.span.start + 1:
        return []
    cs, _ = clause_bounds(doc.flow, sent.span.start, sent.span.end, s.clause_start - 2)
    pieces = subj.left_subject(doc.flow, cs, s.clause_start - 1)
    if not pieces:
        return []
    items = subj.split_list(doc.flow, pieces)
    if s.m.category == "percent" and len(items) > 1 and doc.flow[pieces[-1][1] - 1] == "率":
        s.extra["multi"] = subj.complete_items(doc.flow, doc.text, items, len(items))
        return list(s.extra["multi"])[:1]  # type: ignore[call-overload]
    return [subj.pieces_text(doc.text, pieces)] * n


def _fallback_subject(doc: Document, s: Slot) -> str:
    """No subject in the sentence: the section heading says what the paragraph is about."""
    sec = doc.section_at(s.m.start)
    return sec.title if sec else ""


def resolve_full_subjects(records: list[Indicator]) -> None:
    """Give generic subjects (总数, 产值, 占比 …) their owner from earlier in the sentence."""
    seen: dict[str, list[str]] = {}
    for r in records:
        history = seen.setdefault(r.sentence, [])
        if r.subject_full is None:
            r.subject_full = subj.resolve_full(r.subject, history)
        history.append(r.subject)



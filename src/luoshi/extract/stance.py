"""Stance (actual or target) and year of each number.

Stance follows the part of the report the reading stage found (review → actual; plan and the
five-year term goals → target) and the target lists it opened (主要预期目标是：… up to the end of the
list, in any part); elsewhere a verb (力争, 确保) makes a target. The year is the one the text gives
for the number (2016年达到…, 由2005年的…, 到2027年), the start of the period for the first number of
`由A增加到B`, the end of a five-year term the sentence names (“十五五”时期… → 2030), the year of the
target list or of the term part, else the report's year for targets and the year before for results.
"""

from __future__ import annotations

import re
from functools import cache

from luoshi.document.model import Document
from luoshi.document.reading import five_year_end
from luoshi.extract.clauses import Slot
from luoshi.lexicon import load

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_FIVE_YEAR_WORDS = re.compile(r"五年|十[一二三四]?五|本届政府|任期")
_FROM = re.compile(r"(由|从)[^，；。]{0,10}$")
_TO = re.compile(r"到|至|为")
_BASE_BEFORE = re.compile(r"(是|比|较|同|与|相比|自|以来)$")
_OF_NUMBER = re.compile(r"的[^由从]{0,3}\d")
_IS_BEFORE = re.compile(r"(是|为)$")
_COMPARED_BEFORE = re.compile(r"(是|比|较)$")
_TERM_END_AFTER = re.compile(r"期末|末")
_LAST_YEAR_BEFORE = re.compile(r"上年的\s*$|上年\s*$")
_BY_YEAR = re.compile(r"到\s*((?:19|20)\d\d)\s*年")
_PLAN = re.compile(r"“?十[一二三四五六七八九]?五”?")


@cache
def _stance_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Target words (力争, 确保 …) and last-year words (去年, 过去一年 …); a last-year word that is the
    base of a comparison (比去年, 去年同期) names no result."""
    v = load("verbs")
    t = re.compile("|".join(map(re.escape, sorted(v["target_words"], key=len, reverse=True))))
    a = re.compile(rf"(?<![比较同])(?:{'|'.join(map(re.escape, sorted(v['actual_words'], key=len, reverse=True)))})(?!同期)")
    return t, a


def stance_of(doc: Document, s: Slot) -> str:
    part = doc.part_at(s.m.start)
    if part in ("plan", "term") or doc.scope_at(s.m.start) is not None:
        # 在去年增长5%的基础上…: a result of last year quoted in the plan is a result; so is the
        # level a promise starts from (生均标准从380元提高至1000元).
        clause = doc.flow[s.clause_start : s.m.start]
        if _stance_words()[1].search(clause) or _from_to_first(doc, s, _left_of(doc, s)):
            return "actual"
        return "target"
    if part == "review":
        # 超额完成年初确定的增长7.5%的目标: last year's target, named in the review.
        if _NAMED_TARGET.match(doc.flow, s.m.end) or _future_sentence(doc, s):
            return "target"
        return "actual"
    t, _ = _stance_words()
    sent = doc.sentences[s.sentence_index]
    # A list of targets announced once (主要预期目标是：…；…；…) governs the whole sentence;
    # a verb (力争, 确保) governs its own clause and the one before.
    if _TARGET_LIST.search(doc.flow, sent.span.start, s.m.start):
        return "target"
    window = doc.flow[max(sent.span.start, s.clause_start - 30) : s.m.start]
    return "target" if t.search(window) else "actual"


_NAMED_TARGET = re.compile(r"\s*(?:左右|以上|以内)?的?(?:预期|年度|计划)?目标")
_TARGET_LIST = re.compile(r"(预期目标|主要目标|发展目标|努力目标|奋斗目标|目标任务)(是|为|：|:)")


def _five_year_review(doc: Document, s: Slot) -> bool:
    para_start = doc.norm.rfind("\n", 0, s.m.start) + 1
    para = doc.norm[para_start : s.m.start]
    sec = doc.section_at(s.m.start)
    heads = ""
    if sec is not None:
        heads = "".join(x.title for x in doc.section_path(s.m.start))
    return bool(_FIVE_YEAR_WORDS.search(para + heads))


def _left_of(doc: Document, s: Slot) -> str:
    """The clause text between the number before (or the clause start) and this number."""
    return doc.flow[int(s.extra.get("prev_end", s.clause_start)) : s.m.start]  # type: ignore[call-overload]


def _from_to_first(doc: Document, s: Slot, left: str) -> bool:
    """The first number of 由A增加到B / 从A提高至B."""
    sent = doc.sentences[s.sentence_index]
    return bool(_FROM.search(left)
                and _TO.search(doc.flow, s.m.end, min(sent.span.end, s.m.end + 20)))


def year_of(doc: Document, s: Slot, stance: str, ryear: int | None) -> int | None:
    left = _left_of(doc, s)
    # Explicit years in the clause: the last one that is not a comparison base (是2007年的, 比2005年).
    explicit: int | None = None
    for m in _YEAR.finditer(left):
        before = left[max(0, m.start() - 2) : m.start()]
        after = left[m.end() : m.end() + 3]
        if _BASE_BEFORE.search(before) or after.startswith(("以来", "相比", "同期")):
            continue
        if _OF_NUMBER.match(after) and _IS_BEFORE.search(before):
            continue
        explicit = int(m.group(1))
    plan = None
    for m in _PLAN.finditer(left):
        before = left[max(0, m.start() - 2) : m.start()]
        if _COMPARED_BEFORE.search(before):
            continue
        tail = left[m.end() : m.end() + 3]
        end = five_year_end(m.group(0))
        if end and _TERM_END_AFTER.match(tail):
            plan = end
    if _LAST_YEAR_BEFORE.search(left) and ryear:
        return ryear - 2 if stance == "actual" else ryear - 1
    if explicit or plan:
        return explicit or plan
    # 由A增加到B / 从第十五位上升到第九位: A belongs to the start of the period; in the plan, A is
    # today's level (保费由每生5元提高至10元), a result of the year under review.
    if _from_to_first(doc, s, left) and ryear:
        base = ryear - 1
        if doc.part_at(s.m.start) in ("plan", "term"):
            return base
        return base - 5 if _five_year_review(doc, s) else base - 1
    if stance == "target":
        return _target_year(doc, s, ryear)
    return ryear - 1 if ryear else None


def _target_year(doc: Document, s: Slot, ryear: int | None) -> int | None:
    norm = doc.flow
    sent = doc.sentences[s.sentence_index]
    scope = doc.scope_at(s.m.start)
    part = doc.part_at(s.m.start)
    if part == "review" and scope is None and not _future_sentence(doc, s):
        return ryear - 1 if ryear else None  # a target of the year under review
    m2 = _BY_YEAR.search(norm, max(sent.span.start, s.m.start - 80), s.m.start)
    if m2:
        return int(m2.group(1))
    # “十五五”时期市中心城市新增人口100万、县城新增人口100万: the term the sentence names.
    term = _TERM_NAMED.search(norm, sent.span.start, s.m.start)
    if term:
        return five_year_end(term.group(0)) or doc.facts.term_end
    if scope is not None and scope.year:
        return scope.year
    if part == "term":
        return doc.facts.term_end or ryear
    # Targets of the coming term (今后五年…) belong to its last year.
    if ryear and _TERM_AHEAD.search(_context(doc, s)):
        return ryear + 4
    return ryear


_FUTURE = re.compile(r"[^。；]{0,24}?(要|将|力争|确保|争取|计划|预计将)")


def _future_sentence(doc: Document, s: Slot) -> bool:
    """A sentence of this year's work standing in the review (今年，全省将新建…; a news story's excerpts
    run together): it opens with this year or the next and says what will be done."""
    sent = doc.sentences[s.sentence_index]
    head = doc.flow[sent.span.start : s.m.start].lstrip("…. ")
    year = doc.facts.year
    opens = ("今年", "明年", *((f"{year}年", f"{year + 1}年") if year else ()))
    return head.startswith(opens) and bool(_FUTURE.match(head))


_TERM_NAMED = re.compile(r"十[一二三四五六七八九]?五[”\"]?\s*(?:时期|期间|期末|末|规划期)")


_TERM_AHEAD = re.compile(r"今后五年|未来五年|本届政府任期内")


def _context(doc: Document, s: Slot) -> str:
    """The sentence up to the number and the heading path above it."""
    sent = doc.sentences[s.sentence_index]
    heads = "".join(x.title for x in doc.section_path(s.m.start))
    return heads + doc.flow[sent.span.start : s.m.start]

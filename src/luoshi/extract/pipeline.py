"""The extraction pipeline: Document → list[Indicator].

Stages, each reading what the one before assigned:

1. numbers  find number mentions with units (numbers.find_numbers)
2. screen   drop what cannot be an indicator; mark borderline ones optional (filters.screen)
3. ratios   three-sector ratios (13.3∶31.6∶55.1) become optional percent records
4. slots    place each number in its sentence, clause and list group (clauses)
5. kind     amount / percent / growth / rank, and the sign of decreases
6. bound    exact / approx / min / max / range, with 分别 lists sharing a trailing bound
7. subject  left or forward subject, 分别/各/均 distribution, inheritance within a sentence
8. stance   actual / target from the part of the report and the verbs; year

Everything is rules and lexicons (`luoshi/lexicon/data/*.yaml`): fast and deterministic.
"""

from __future__ import annotations

import re
from functools import cache

from luoshi.document.model import Document
from luoshi.document.outline import report_year
from luoshi.extract import subjects as subj
from luoshi.extract.clauses import Slot, assign_groups, clause_bounds
from luoshi.extract.filters import Blocked, screen
from luoshi.extract.model import Indicator
from luoshi.extract.numbers import NumberMention, find_numbers
from luoshi.lexicon import alternation, load

_RATIO = re.compile(r"(\d+(?:\.\d+)?)\s*[:：]\s*(\d+(?:\.\d+)?)\s*[:：]\s*(\d+(?:\.\d+)?)")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_PLAN = re.compile(r"“?十([一二三四五]?)五”?")
_PLAN_START = {"": 2001, "一": 2006, "二": 2011, "三": 2016, "四": 2021, "五": 2026}


def extract(doc: Document) -> list[Indicator]:
    norm = doc.flow  # folded, with soft line wraps read through
    text = doc.text
    blocked = Blocked(norm)
    mentions = find_numbers(norm, text)
    ratio_records, ratio_spans = _ratios(doc)
    slots: list[Slot] = []
    sentences = doc.sentences
    sent_starts = [s.span.start for s in sentences]
    from bisect import bisect_right

    for m in mentions:
        if any(a <= m.start < b for a, b in ratio_spans):
            continue
        verdict = screen(norm, m, blocked)
        if verdict is None:
            continue
        si = bisect_right(sent_starts, m.start) - 1
        if si < 0:
            continue
        sent = sentences[si]
        if not (sent.span.start <= m.start < sent.span.end):
            continue
        cs, ce = clause_bounds(norm, sent.span.start, sent.span.end, m.start)
        slots.append(Slot(m, cs, ce, si, optional=verdict.optional))
    assign_groups(norm, slots)
    _link_previous(slots)
    _share_group_optional(slots)
    for s in slots:
        _kind(norm, s)
    _share_group_kind(slots)
    _bounds(norm, slots)
    _subjects(doc, slots)
    _share_forward_backwards(norm, slots)
    slots = _drop_clause_thresholds(norm, slots)
    ryear = report_year(doc) or _fallback_year(norm)
    out: list[Indicator] = []
    for s in slots:
        out.extend(_indicators(doc, s, ryear))
    _resolve_full_subjects(out)
    for rec in ratio_records:
        rec.year = rec.year or (ryear - 1 if ryear else None)
        out.append(rec)
    out.sort(key=lambda r: (r.span[0], r.span[1]))
    return out


# ---------------------------------------------------------------- kind


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


def _kind(norm: str, s: Slot) -> None:
    m = s.m
    g_amount, g_rate, d, r = _verb_res()
    left = _left_window(norm, s).rstrip("-－")
    g = g_rate if m.category == "percent" else g_amount
    if m.rank:
        s.kind = "rank"
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
        s.kind = "growth" if re.search(r"(增速|增幅|增长率|涨幅|降幅)(分别|均)?(为|达|是|控制在|保持在)?\s*$", left) else "percent"
    else:
        s.kind = "amount"
        if re.search(r"(净增|净减)", norm[s.clause_start : m.start]):
            s.kind = "growth"
    # A minus sign or 负 before the number: 增长-2.3%, 负增长1.2%
    if norm[max(0, m.start - 1) : m.start] in ("-", "－", "负") and not norm[max(0, m.start - 2) : m.start - 1].isdigit():
        s.sign = -s.sign if s.kind == "growth" else s.sign
    # 保持30%以上速度增长: the growth verb follows the number
    if s.kind in ("percent", "amount") and m.category == "percent" and re.match(
        r"\s*(?:以上|左右)?的?(?:速度|幅度)?(?:增长|增速)", norm[m.end : m.end + 10]
    ):
        s.kind = "growth"


def _link_previous(slots: list[Slot]) -> None:
    """Remember where the previous number of the same clause ends: years before it are not ours."""
    last_end: dict[int, int] = {}
    for s in slots:
        s.extra["prev_end"] = last_end.get(s.clause_start, s.clause_start)
        last_end[s.clause_start] = s.m.end


def _share_group_optional(slots: list[Slot]) -> None:
    """A borderline first item makes its whole list borderline (高于全国全省5.9和2.9个百分点)."""
    lead: dict[int, Slot] = {}
    for s in slots:
        first = lead.setdefault(s.group, s)
        if first is not s and first.optional:
            s.optional = True


def _share_group_kind(slots: list[Slot]) -> None:
    """The verb before a list governs every number of it: 分别增长4%、6.5%、6% are all growth."""
    lead: dict[int, Slot] = {}
    for s in slots:
        first = lead.setdefault(s.group, s)
        if first is s or s.kind == "rank" or first.kind == "rank":
            continue
        if first.kind == "growth" and s.kind in ("percent", "amount"):
            s.kind, s.sign = "growth", first.sign


# ---------------------------------------------------------------- bound


@cache
def _bound_words() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    b = load("bounds")
    before = sorted(((w, k) for k, ws in b["before"].items() for w in ws), key=lambda x: -len(x[0]))
    after = sorted(((w, k) for k, ws in b["after"].items() for w in ws), key=lambda x: -len(x[0]))
    return before, after


def _own_bound(norm: str, s: Slot) -> tuple[str | None, str | None]:
    before, after = _bound_words()
    m = s.m
    tail = norm[m.end : m.end + 4].lstrip(" ”")
    aft = None
    for w, k in after:
        if tail.startswith(w):
            if w in ("多", "余") and m.category not in ("ratio",):
                continue
            aft = k
            break
    left = norm[max(s.clause_start, m.start - 8) : m.start]
    left = re.sub(r"(达到|达|到|在|了|双|均|分别|为|至)+\s*$", "", left)
    bef = None
    for w, k in before:
        if left.endswith(w):
            bef = k
            break
    return bef, aft


def _bounds(norm: str, slots: list[Slot]) -> None:
    groups: dict[int, list[Slot]] = {}
    for s in slots:
        groups.setdefault(s.group, []).append(s)
    for members in groups.values():
        own = [_own_bound(norm, s) for s in members]
        first = members[0]
        distributed = len(members) > 1 and re.search(
            r"(分别|均|各)[^，；。]{0,12}$", norm[first.clause_start : first.m.start]
        )
        last_after = own[-1][1]
        first_before = own[0][0]
        for s, (bef, aft) in zip(members, own, strict=True):
            if s.m.value_max is not None:
                s.bound = "range"
                continue
            bound = aft or bef
            if bound is None and len(members) > 1:
                if distributed and last_after:
                    bound = last_after
                elif first_before:
                    bound = first_before
            if bound is None and s.m.inner_min:
                bound = "min"
            s.bound = bound or "exact"


# ---------------------------------------------------------------- subject


_COUNT_CATS = ("count", "people")
_CODE = re.compile(r"\d+[A-Za-z]")  # 4A级景区, 5G基站: a code that opens a noun


def _subjects(doc: Document, slots: list[Slot]) -> None:
    norm, text = doc.flow, doc.text
    prev_end_in_clause: dict[int, int] = {}
    last_subject: dict[int, str] = {}  # per sentence
    last_group_subjects: dict[int, list[str]] = {}
    by_group: dict[int, list[Slot]] = {}
    for s in slots:
        by_group.setdefault(s.group, []).append(s)
    done: set[int] = set()
    sent_history: dict[int, list[str]] = {}
    last_forward: dict[int, subj.Piece] = {}
    for s in slots:
        if s.group in done:
            continue
        members = by_group[s.group]
        done.add(s.group)
        first = members[0]
        last = members[-1]
        left_start = max(first.clause_start, prev_end_in_clause.get(first.clause_start, first.clause_start))
        left_start = _skip_trailing_bound(norm, left_start, first.m.start)
        pieces = subj.left_subject(norm, left_start, first.m.start)
        if not pieces and first.clause_start in last_forward and not re.search(
            r"[，；]", norm[last_forward[first.clause_start][1] : first.m.start]
        ):
            # 两家企业年屠宰产能分别排全省第1、2位: the phrase after the count is the ranks' subject too
            pieces = [last_forward[first.clause_start]]
        fwd: list[subj.Piece] = []
        after = _after_bounds(norm, last.m.end)
        if _wants_forward(norm, last, after, pieces, left_start):
            fwd = subj.forward_subject(norm, after, last.clause_end)
        n = len(members)
        names: list[str] = []
        if fwd:
            names = [subj.pieces_text(text, fwd)] * n
            prev_end_in_clause[first.clause_start] = fwd[-1][1]
            last_forward[first.clause_start] = fwd[-1]
            for member in members:
                member.extra["forward"] = True
        else:
            if not first.optional:  # 粮食总产连续三年稳定在300万吨: the borderline 三年 keeps no subject
                prev_end_in_clause[first.clause_start] = _after_bounds(norm, last.m.end)
            multi = re.search(r"(分别|(?<![年平人])均|各|双|依次)", norm[left_start : first.m.start]) or (
                n == 1 and _rate_list(norm, pieces, first)
            )
            want = n
            prev_group = last_group_subjects.get(first.sentence_index)
            if n == 1 and multi and not pieces and prev_group and len(prev_group) > 1:
                # …增速分别为13.3%、18%，均排全省第2位: 均 repeats the subjects of the list before
                names = list(prev_group)
            if n == 1 and multi and not names:
                items = subj.split_list(norm, pieces) if pieces else []
                want = max(len(items), 1)
                if want == 1 and pieces:
                    expanded = subj.complete_items(norm, text, items, 2)
                    if len(expanded) == 2:
                        want = 2
                        names = expanded
            if not names and pieces and (n > 1 or want > 1):
                items = subj.split_list(norm, pieces)
                if len(items) == want or (want > 1 and len(items) == 1):
                    names = subj.complete_items(norm, text, items, want)
                if len(names) != want:
                    names = []
            if not names and pieces:
                names = [subj.pieces_text(text, pieces)] * n if n == 1 or not multi else []
            if not names and n > 1:
                # A list with no subject of its own takes the subjects of the list before it
                # (…分别达42031元、16477元，分别增长3.8%、8.4%), or of the last n numbers of the sentence.
                # A subject of its own that names no list is shared by every number (两家企业年屠宰
                # 产能分别排全省第1、2位).
                prev = last_group_subjects.get(first.sentence_index)
                hist = sent_history.get(first.sentence_index, [])
                uniq = list(dict.fromkeys(hist))
                if pieces:
                    names = [subj.pieces_text(text, pieces)] * n
                elif prev and len(prev) == n:
                    names = prev
                elif len(uniq) >= n:
                    names = uniq[-n:]
            if not names:
                inherited = last_subject.get(first.sentence_index)
                if inherited:
                    names = [inherited] * n
                else:
                    names = _previous_clause_subjects(doc, first, n) or [_fallback_subject(doc, first)] * n
            if n == 1 and len(names) > 1:
                # one number, several subjects (各/均/双): one record per subject, same span
                first.extra["multi"] = names
                names = names[:1]
        for member, name in zip(members, names, strict=False):
            member.subject_text = name
        if first.optional:
            continue  # a borderline record (高于全国…) does not lend its subject to the next numbers
        if len(names) > 1 or "multi" in first.extra:
            last_group_subjects[first.sentence_index] = list(first.extra.get("multi", names))  # type: ignore[call-overload]
        last_subject[first.sentence_index] = names[-1] if names else ""
        sent_history.setdefault(first.sentence_index, []).extend(
            first.extra.get("multi", names)  # type: ignore[arg-type]
        )


def _share_forward_backwards(norm: str, slots: list[Slot]) -> None:
    """`14695户39353名贫困人口`: numbers run together before one noun share its subject."""
    for i in range(len(slots) - 2, -1, -1):
        a, b = slots[i], slots[i + 1]
        if a.extra.get("forward") or not b.extra.get("forward") or a.clause_start != b.clause_start:
            continue
        gap = norm[a.m.end : b.m.start]
        if re.fullmatch(r"\s*(?:以上|多)?\s*[、和]?\s*", gap) and a.m.category in _COUNT_CATS:
            a.subject_text = b.subject_text
            a.extra["forward"] = True


def _drop_clause_thresholds(norm: str, slots: list[Slot]) -> list[Slot]:
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


def _skip_trailing_bound(norm: str, start: int, limit: int) -> int:
    m = re.match(r"\s*(?:以上|左右|以内|以下|多|余)?\s*(?:[）)]|[（(][^）)]{1,3}[）)])?\s*(?:的)?", norm[start:limit])
    return start + (m.end() if m else 0)


def _after_bounds(norm: str, pos: int) -> int:
    m = re.match(r"\s*(?:及以上|以上|左右|以内|以下|之内|多)?", norm[pos : pos + 6])
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


# ---------------------------------------------------------------- stance, year


@cache
def _stance_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    v = load("verbs")
    t = re.compile("|".join(map(re.escape, sorted(v["target_words"], key=len, reverse=True))))
    a = re.compile("|".join(map(re.escape, sorted(v["actual_words"], key=len, reverse=True))))
    return t, a


def _stance(doc: Document, s: Slot) -> str:
    part = doc.part_at(s.m.start)
    if part == "plan":
        return "target"
    if part == "review":
        return "actual"
    t, _ = _stance_words()
    sent = doc.sentences[s.sentence_index]
    # A list of targets announced once (主要预期目标是：…；…；…) governs the whole sentence;
    # a verb (力争, 确保) governs its own clause and the one before.
    if _TARGET_LIST.search(doc.flow, sent.span.start, s.m.start):
        return "target"
    window = doc.flow[max(sent.span.start, s.clause_start - 30) : s.m.start]
    return "target" if t.search(window) else "actual"


_TARGET_LIST = re.compile(r"(预期目标|主要目标|发展目标|努力目标|奋斗目标|目标任务)(是|为|：|:)")


def _five_year_review(doc: Document, s: Slot) -> bool:
    para_start = doc.norm.rfind("\n", 0, s.m.start) + 1
    para = doc.norm[para_start : s.m.start]
    sec = doc.section_at(s.m.start)
    heads = ""
    if sec is not None:
        heads = "".join(x.title for x in doc.section_path(s.m.start))
    return bool(re.search(r"五年|十[一二三四]?五|本届政府|任期", para + heads))


def _year(doc: Document, s: Slot, stance: str, ryear: int | None) -> int | None:
    norm = doc.flow
    left = norm[int(s.extra.get("prev_end", s.clause_start)) : s.m.start]  # type: ignore[call-overload]
    sent = doc.sentences[s.sentence_index]
    # Explicit years in the clause: the last one that is not a comparison base (是2007年的, 比2005年).
    explicit: int | None = None
    for m in _YEAR.finditer(left):
        before = left[max(0, m.start() - 2) : m.start()]
        after = left[m.end() : m.end() + 3]
        if re.search(r"(是|比|较|同|与|相比|自|以来)$", before) or after.startswith(("以来", "相比", "同期")):
            continue
        if re.match(r"的[^由从]{0,3}\d", after) and re.search(r"(是|为)$", before):
            continue
        explicit = int(m.group(1))
    plan = None
    for m in _PLAN.finditer(left):
        before = left[max(0, m.start() - 2) : m.start()]
        if re.search(r"(是|比|较)$", before):
            continue
        tail = left[m.end() : m.end() + 3]
        start = _PLAN_START.get(m.group(1))
        if start and re.match(r"(期末|末)", tail):
            plan = start + 4
    if re.search(r"上年的\s*$|上年\s*$", left) and ryear:
        return ryear - 2 if stance == "actual" else ryear - 1
    if explicit or plan:
        return explicit or plan
    # 由A增加到B / 从第十五位上升到第九位: A belongs to the start of the period.
    from_to = re.search(r"(由|从)[^，；。]{0,10}$", left) and re.search(r"(到|至|为)", norm[s.m.end : sent.span.end][:20])
    if from_to and ryear:
        base = ryear - 1
        return base - 5 if _five_year_review(doc, s) else base - 1
    if stance == "target":
        m2 = re.search(r"到\s*((?:19|20)\d\d)\s*年", norm[max(sent.span.start, s.m.start - 80) : s.m.start])
        if m2:
            return int(m2.group(1))
        return ryear
    return ryear - 1 if ryear else None


def _resolve_full_subjects(records: list[Indicator]) -> None:
    """Give generic subjects (总数, 产值, 占比 …) their owner from earlier in the sentence."""
    seen: dict[str, list[str]] = {}
    for r in records:
        history = seen.setdefault(r.sentence, [])
        if r.subject_full is None:
            r.subject_full = subj.resolve_full(r.subject, history)
        history.append(r.subject)


def _fallback_year(norm: str) -> int | None:
    years = [int(y) for y in _YEAR.findall(norm[:3000]) if 1990 <= int(y) <= 2100]
    return max(years) + 1 if years else None


# ---------------------------------------------------------------- records


def _indicators(doc: Document, s: Slot, ryear: int | None) -> list[Indicator]:
    m = s.m
    stance = _stance(doc, s)
    year = _year(doc, s, stance, ryear)
    value = m.value * s.sign
    sec = doc.section_at(m.start)
    path = [x.label for x in doc.section_path(m.start)] if sec else []
    sent = doc.sentences[s.sentence_index]
    unit = m.unit
    if s.kind == "rank" and m.unit_norm not in ("位", "名", "方阵"):
        unit = ""
    names: list[str] = list(s.extra.get("multi", [s.subject_text]))  # type: ignore[call-overload]
    out = []
    for name in names:
        out.append(
            Indicator(
                doc=doc.id,
                span=(m.start, m.end),
                mention=doc.text[m.start : m.end],
                subject=name.strip(),
                value=float(value),
                unit=unit,
                kind=s.kind,  # type: ignore[arg-type]
                stance=stance,  # type: ignore[arg-type]
                bound=s.bound,  # type: ignore[arg-type]
                year=year,
                value_max=m.value_max,
                optional=s.optional,
                section=path,
                sentence=sent.text,
                part=sec.part if sec else "other",
            )
        )
    return out


def _ratios(doc: Document) -> tuple[list[Indicator], list[tuple[int, int]]]:
    """Three-sector ratios: optional percent records, one per sector, unit ''."""
    lex = load("subjects")
    cues = tuple(lex["sector_ratio_cues"])
    recs: list[Indicator] = []
    spans: list[tuple[int, int]] = []
    norm = doc.flow
    for m in _RATIO.finditer(norm):
        left = norm[max(0, m.start() - 30) : m.start()]
        if not any(c in left for c in cues):
            continue
        year = None
        ym = list(_YEAR.finditer(left[-12:]))
        if ym:
            year = int(ym[-1].group(1))
        spans.append((m.start(), m.end()))
        for i, name in enumerate(lex["sector_shares"]):
            a, b = m.start(i + 1), m.end(i + 1)
            recs.append(
                Indicator(doc=doc.id, span=(a, b), mention=doc.text[a:b], subject=name, value=float(m.group(i + 1)),
                          unit="", kind="percent", stance="actual", bound="exact", year=year, optional=True,
                          section=[s.label for s in doc.section_path(a)], part=doc.part_at(a))
            )
    return recs, spans


__all__ = ["NumberMention", "extract"]

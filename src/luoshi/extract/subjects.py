"""Subjects: the metric a number measures, cut from the text near it.

Left subjects (`地区生产总值增长3%` → 地区生产总值) are the clause text before the number with the
predicate stripped from the right and qualifiers and opening verbs from the left; forward subjects
(`624个特色田园乡村试点`) follow a counted number. 分别/各/均 distribute a list of subjects over
the numbers (`城镇、农村常住居民人均可支配收入分别达42031元、16477元`).

Pieces are kept as character ranges so the subject is reported as written in the original text.
"""

from __future__ import annotations

import re
from functools import cache

from luoshi.extract.numbers import number_at
from luoshi.lexicon import alternation, load

Piece = tuple[int, int]

_YEARISH = r"(?:(?:19|20)\d\d\s*年(?:度|底|末|初)?|上年|去年|今年|当年|同期|“?十[一二三四五]?五”?(?:期末|末|期间|时期)?)"


@cache
def _right_strip_re() -> re.Pattern[str]:
    v = load("verbs")
    b = load("bounds")
    words: set[str] = set(v["predicates"]) | set(v["growth"]) | set(v["rate_growth"]) | set(v["decrease"]) | set(v["rank"])
    for lst in b["before"].values():
        words |= set(lst)
    words |= set(v["scopes"])
    words |= set(load("subjects")["trailing_decorations"])
    words |= {"分别", "均", "各", "双", "同比", "比上年", "较上年", "年均", "五年", "累计", "的", "了", "达", "到",
              "在", "于", "由", "从", "是", "为", "第", "前", "约为", "总计", "共有",
              "首次", "再", "已", "继续", "有望", "稳定", "保持", "全年", "期间", "(预计数)", "（预计数）"}
    alts = sorted(words, key=len, reverse=True)
    change = set(v["growth"]) | set(v["rate_growth"]) | set(v["decrease"]) | {"压缩", "缩短", "降"}
    return re.compile(
        rf"(?:\s|、|-|－|{_YEARISH}|(?:{alternation(change)})(?:到|至)|(?:19|20)\d\d的?|(?:连续|提前|连年)[\d一二三四五六七八九十两]+年|(?<!占)比|较|拟按|拟|按|"
        rf"{alternation(alts)})$"
    )


@cache
def _left_strip_re() -> re.Pattern[str]:
    v = load("verbs")
    words = set(v["leading_verbs"]) | set(v["scopes"]) | set(load("subjects")["leading_decorations"])
    words |= {"——", "—", "-", "，", "、"}
    alts = sorted(words, key=len, reverse=True)
    return re.compile(rf"(?:\s|{_YEARISH}[，,]?|预计\s*[（(]下同[）)]|{alternation(alts)})")


@cache
def _cut_re() -> re.Pattern[str]:
    cuts = sorted(load("subjects")["left_cuts"], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, cuts)))


def left_subject(norm: str, start: int, end: int) -> list[Piece]:
    """The subject in `norm[start:end]`, the text left of a number; [] when nothing is left."""
    # The subject starts after the last cut word (通过…, 其中…, 确保…), unless nothing is left after
    # it (高新技术企业数量力争突破2万家: the subject stands before the cut word).
    cut_at = start
    for cut in _cut_re().finditer(norm, start, end):
        cut_at = cut.end()
    if cut_at > start:
        after_cut = _strip(norm, cut_at, end)
        if after_cut:
            return after_cut
    return _strip(norm, start, end)


def _strip(norm: str, start: int, end: int) -> list[Piece]:
    lre = _left_strip_re()
    rre = _right_strip_re()
    right_done = False
    changed = True
    after_number = -1  # where the subject started once a number opening it was cut
    while changed and start < end:
        changed = False
        m = None if right_done else rre.search(norm, start, end)
        if m and m.end() == end and m.start() >= start and m.end() > m.start():
            if _growth_owner(norm, start, m.start(), m.group()):
                end, right_done = m.start() + 2, True  # 经济增长: the owner keeps its growth word
            else:
                end = m.start()
            changed = True
            continue
        m2 = lre.match(norm, start, end)
        if m2 and m2.end() > start:
            start = m2.end()
            changed = True
            continue
        cut = opening_number_end(norm, start, end)
        if cut > start:
            start = after_number = cut
            changed = True
    # Unbalanced brackets and quotes at the edges: （含…  or …”
    while start < end and norm[start] in "）)”、，":
        start += 1
    while end > start and norm[end - 1] in "（(“、，":
        end -= 1
    if start >= end and after_number >= 0:
        start = after_number  # 5年累计投入: what followed the number, verbs and all, rather than nothing
    if end - start < 1 or (end - start == 1 and norm[start] in _NOT_A_SUBJECT):
        return []
    return _drop_mid_verbs(norm, start, end)


def _growth_owner(norm: str, start: int, end: int, word: str) -> bool:
    """经济增长5%: the owner's metric is its growth, so 增长 stays (经济增长, not 经济)."""
    if not word.startswith(("增长", "增速")):
        return False
    lre = _left_strip_re()
    while (m := lre.match(norm, start, end)) and m.end() > start:
        start = m.end()
    return norm[start:end].strip() in load("subjects")["growth_owners"]
def opening_number_end(norm: str, start: int, end: int) -> int:
    """Where a subject starts once a number opening it is cut (`start` when none is): a list marker
    (一是…, 2.…), a span of time (五年累计…, 3年), a count or an amount (一批营收, 两个台阶,
    六千八百人). A scale or a class stays (百万羽蛋鸡养殖项目, 30户以上自然村寨, 百亿级企业), and so
    do words with a numeral (七大产业, 一产), ordinals (第四次文物普查) and years."""
    m = number_at(norm, norm, start) if start < end else None
    if m is None or m.rank or m.end > end or (m.unit_norm.startswith("年") and 1900 <= m.value <= 2100):
        return start
    lex = load("subjects")
    rest = norm[m.end : end]
    if not m.unit and rest[:1] in lex["list_marks"]:
        return m.end + 1
    if (m.chinese and not m.unit) or m.magnitude or _class_re().match(rest):
        return start
    cut = m.end
    while m.category == "time" and (w := next((w for w in lex["after_time_span"] if norm.startswith(w, cut, end)), "")):
        cut += len(w)  # 一年内就年产
    return cut


@cache
def _class_re() -> re.Pattern[str]:
    return re.compile(rf"[^\W\d_]{{0,2}}?(?:{alternation(load('subjects')['class_markers'])})")


# Single characters left over when a clause holds only a predicate (年增长14.4% → 年).
_NOT_A_SUBJECT = set("年其分均各共总并且再又也还都亦约近超达")


def _drop_mid_verbs(norm: str, start: int, end: int) -> list[Piece]:
    """`七大产业完成产值` → 七大产业 + 产值: a verb between an owner and its metric goes."""
    mids = load("verbs")["mid_verbs"]
    for verb in mids:
        i = norm.find(verb, start + 1, end)
        if i > start and i + len(verb) < end:
            return [(start, i), (i + len(verb), end)]
    return [(start, end)]


@cache
def _forward_stop_re() -> re.Pattern[str]:
    v = load("verbs")
    words = set(v["forward_stops"]) | set(v["growth"]) | set(v["decrease"]) | set(v["predicates"])
    words -= {"的"}
    alts = sorted(words, key=len, reverse=True)
    # A short bracket or quoted name inside a name stays (新（改）建农村卫生户厕, “美丽乡村”示范点);
    # other brackets and quotes end it.
    return re.compile(
        rf"[，。；：！？、,;:!?\s]|“(?![^”]{{1,12}}”)|[（(](?![^）)]{{1,4}}[）)])|\d+(?:\.\d+)?(?![A-Za-z级])|{alternation(alts)}"
    )


def forward_subject(norm: str, start: int, limit: int) -> list[Piece]:
    """The noun phrase after a counted number: `624个【特色田园乡村试点建设】`."""
    if start < limit and norm[start] == "的":
        start += 1
    end = min(limit, start + 24)
    m = _forward_stop_re().search(norm, start + 1, end)
    stop = m.start() if m else end
    # Keep a quoted name whole: 新（改）建, “两品一标”
    if stop - start < 1:
        return []
    return [(start, stop)]


_WRAP = re.compile(r"\s*\n\s*|(?<=[\u4e00-\u9fff])[ \u3000\t]+(?=[\u4e00-\u9fff])")


def pieces_text(text: str, pieces: list[Piece]) -> str:
    """The subject as written, less the line breaks and stray spaces a copy left inside its words
    (社 会消费品零售总额)."""
    return _WRAP.sub("", "".join(text[a:b] for a, b in pieces))


def split_list(norm: str, pieces: list[Piece]) -> list[list[Piece]]:
    """Split a subject on 、/和/及/与 into items: `城镇、农村常住居民人均可支配收入` → 城镇 | 农村…"""
    items: list[list[Piece]] = []
    for a, b in pieces:
        cur = a
        for m in re.finditer(r"[、和及与]", norm[a:b]):
            pos = a + m.start()
            # 和 inside a word (和谐, 和美) is no separator: only split where both sides are non-empty.
            if m.group() in "和及与" and _inside_word(norm, pos):
                continue
            items.append([(cur, pos)])
            cur = pos + 1
        items.append([(cur, b)])
    return [it for it in items if it[0][1] > it[0][0]]


def _inside_word(norm: str, pos: int) -> bool:
    ch = norm[pos]
    nxt = norm[pos + 1 : pos + 2]
    if ch == "和" and nxt in ("谐", "美", "平", "睦"):
        return True
    return ch == "及" and nxt in ("时", "早")


def complete_items(norm: str, text: str, items: list[list[Piece]], n: int) -> list[str]:
    """Give a short list item the shared tail of the nearest longer item after it: 一、二、三产 → 一产,
    二产, 三产; 工业投资、民间投资、高技术产业投资占比 → 工业投资占比 …; 城镇、农村居民收入和劳动生产率
    → 城镇居民收入 …; a single compound word expands (城乡低保标准 → 城镇低保标准, 农村低保标准)."""
    texts_n = ["".join(norm[a:b] for a, b in it) for it in items]
    texts_o = [pieces_text(text, it) for it in items]
    if len(items) == 1 and n > 1:
        expanded = _expand_compound(texts_n[0], texts_o[0], n)
        if expanded:
            return expanded
    out: list[str] = []
    for i, (tn, to) in enumerate(zip(texts_n, texts_o, strict=True)):
        longer = next((j for j in range(i + 1, len(texts_n)) if len(texts_n[j]) > len(tn)), None)
        if longer is None:
            out.append(to)
            continue
        tail = _tail_for(tn, texts_n[longer], texts_o[longer])
        if tail is None:  # nothing shared: the metric the list's last item ends in, if any
            tail = _metric_tail(tn, texts_n[-1], texts_o[-1])
        out.append(to + tail)
    return out


def _metric_tail(item: str, last_n: str, last_o: str) -> str:
    """粮食、肉蛋奶、蔬菜产量 → 粮食产量: the metric word the last item ends in."""
    heads = sorted(load("subjects")["metric_heads"], key=len, reverse=True)
    head = next((h for h in heads if last_n.endswith(h)), "")
    return last_o[len(last_o) - len(head) :] if head and not item.endswith(head) else ""


def _tail_for(item: str, last_n: str, last_o: str) -> str | None:
    if len(item) >= len(last_n):
        return ""
    # The longest suffix of the item found in the last item: 工业投资 / 高技术产业投资占比 → 占比
    for k in range(len(item), 0, -1):
        suf = item[-k:]
        i = last_n.find(suf)
        # One shared character is enough when it ends a modifier: 国家级 / 省级旅游度假区
        if i >= 0 and (k >= 2 or suf in "级型类性式星"):
            return last_o[i + k :]
    # No overlap: a one-character item, or a paired qualifier (城镇 / 农村居民收入), stands for the
    # head of the other item of the same length (存、贷款余额 → 存款余额); None: nothing shared.
    if len(item) == 1 or (len(item) == 2 and last_n[:2] in load("subjects")["paired_qualifiers"]):
        return last_o[len(item) :]
    return None


def _expand_compound(tn: str, to: str, n: int) -> list[str] | None:
    compounds: dict[str, list[str]] = load("subjects")["compounds"]
    for word in sorted(compounds, key=len, reverse=True):
        parts = compounds[word]
        i = tn.find(word)
        if i >= 0 and len(parts) == n:
            return [to[:i] + p + to[i + len(word) :] for p in parts]
    return None


def resolve_full(subject: str, previous: list[str]) -> str | None:
    """`subject_full` for a generic subject: the owner from the subjects before it in the sentence."""
    lex = load("subjects")
    if subject not in lex["generic_heads"]:
        return None
    for prev in reversed(previous):
        if not prev or prev == subject or prev in lex["generic_heads"]:
            continue
        owner = prev
        for p in sorted(lex["owner_prefixes"], key=len, reverse=True):
            if owner.startswith(p) and len(owner) > len(p):
                owner = owner[len(p) :]
                break
        for suf in sorted(lex["owner_suffixes"], key=len, reverse=True):
            if owner.endswith(suf) and len(owner) > len(suf):
                owner = owner[: -len(suf)]
                break
        # Only an owner recognised as such (a prefix or a metric word came off) is trusted.
        if owner != prev and not owner.endswith(subject):
            return owner + subject
        return None
    return None

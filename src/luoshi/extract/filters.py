"""Numbers that are not indicators: dates, names, programme titles, list markers, thresholds.

`screen(doc_norm, mentions)` returns, for each mention, `None` (drop it) or a verdict saying whether
it is an indicator (`optional` where the guide calls it borderline) — the reasons follow
ANNOTATION.md "What is not an indicator" and its conventions.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from luoshi.extract.numbers import NumberMention
from luoshi.lexicon import load

_CJK = re.compile(r"[\u4e00-\u9fff]")
_QUOTES = re.compile(r"“[^”“\n]{1,40}”|\"[^\"\n]{1,40}\"|「[^」\n]{1,40}」|《[^》\n]{1,80}》|〔[^〕\n]{1,10}〕")
_PUNCT_AFTER = set("，。；、：！？）)”\n,;:.? （(")


@dataclass(slots=True)
class Verdict:
    optional: bool = False
    reason: str = ""


@cache
def _names_re() -> re.Pattern[str]:
    names = sorted(load("filters")["names"], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


class Blocked:
    """Character ranges where a number cannot start an indicator: fixed names and quoted names."""

    def __init__(self, norm: str) -> None:
        lex = load("filters")
        spans: list[tuple[int, int]] = []
        for m in _names_re().finditer(norm):
            spans.append((m.start(), m.end()))
        limit = int(lex["max_quoted_name"])
        for m in _QUOTES.finditer(norm):
            inner = m.group()[1:-1]
            if m.group()[0] in "《〔" or len(inner) <= limit:
                spans.append((m.start(), m.end()))
        spans.sort()
        self.starts = [s for s, _ in spans]
        self.spans = spans

    def covers(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos)
        # Names can overlap; look back over the few that start before pos.
        for j in range(max(0, i - 4), i):
            s, e = self.spans[j]
            if s <= pos < e:
                return True
        return False


def _next_chars(norm: str, pos: int, k: int = 8) -> str:
    return norm[pos : pos + k]


def _prev_chars(norm: str, pos: int, k: int = 8) -> str:
    return norm[max(0, pos - k) : pos]


def screen(norm: str, m: NumberMention, blocked: Blocked) -> Verdict | None:
    """Decide whether a number mention can be an indicator."""
    if m.chinese and not m.unit and not m.rank:
        return None  # 统一, 一些, 三都: a Chinese numeral with no measure is a word, not a number
    lex = load("filters")
    units = load("units")
    after = _next_chars(norm, m.end, 12)
    before = _prev_chars(norm, m.start, 10)
    if blocked.covers(m.start):
        return None
    # Digits glued to + or letters: 9+2+2, 3+4, 5A
    if after[:1] in ("+", "+") or before[-1:] in ("+",):
        return None
    if before[-1:] in ("〔", "[", "【") or after[:1] in ("号", "〕"):
        return None
    # List markers: （1） 1. 一是 （一）
    if before[-1:] in ("（", "(") and after[:1] in ("）", ")") and not m.unit:
        return None
    if not m.unit and not m.rank and after[:1] in ("是", "、", ".") and m.chinese:
        return None
    if not m.unit and not m.rank and after[:1] == "." and not m.chinese:
        return None
    unit = m.unit_norm
    if m.rank:
        return _screen_rank(norm, m, after, lex)
    # Years and dates: 2023年, 1月, 14日; 2023—2025年
    if not m.chinese and float(m.value).is_integer() and 1900 <= m.value <= 2100 and not m.magnitude:
        if unit.startswith("年") or after.lstrip(" ").startswith(("年", "—", "-", "~", "－")) or not unit:
            return None
    # 增加到2010的13.2亿元: a year whose 年 the source dropped
    if not unit and not m.chinese and 1949 <= m.value <= 2100 and after.startswith("的"):
        return None
    if after.lstrip(" ")[:1] in ("月", "日", "号", "时") and not unit:
        return None
    for u in units["non_measures"]:
        if norm.startswith(u, m.end if not unit else m.end) and not unit:
            return None
    if unit in units["non_measures"] or (m.unit_norm and m.unit_norm in ("届",)):
        return None
    if after.startswith("级"):  # 百亿级企业, 5A级景区: a grade in a name
        return None
    # Chinese numerals need a measure, and 一 with a bare classifier is an article, not a count (一批, 一个).
    if m.chinese:
        if not unit:
            return None
        # 人大五次会议, 十五届六次全会: meetings, not counts
        if unit == "次" and (before.endswith("届") or re.match(r"\s*(会议|全会|党代会|会|全体)", after)):
            return None
        if m.value == 1 and not m.magnitude and m.category not in ("ratio", "percent", "time"):
            return None
    # A bare number is a value only after 达/为 and before the end of a clause (融合指数达45).
    if not unit:
        if m.category == "" and not m.magnitude:
            if not re.search(r"(达|为|达到|是|指数)\s*$", before) or (after[:1] not in _PUNCT_AFTER and after):
                return None
    # Durations: only 连续N年 / 提前N年 / N年来最高 are (optional) records.
    if unit in units["duration_units"] or unit in ("个月",):
        if re.search(r"(连续|提前|连年|连续第)\s*$", before) or (unit == "年" and after.startswith("来") and "最" in after[:4]):
            return Verdict(optional=True, reason="连续/提前 N 年")
        return None
    # Structure of the report and programme titles: 七个方面, 三篇文章, 八项行动
    rest = norm[m.end : m.end + 6]
    for noun in lex["structure_nouns"]:
        if rest.startswith(noun) and (m.chinese or noun in ("方面", "文章")):
            return None
    # Thresholds that define a class: 亿元以上企业, 30户以上自然村寨, 65岁及以上老年人, 超500亿元的企业
    thr = re.match(r"\s*(及以上|以上|以下|及以下)(.{0,4})", after)
    if thr:
        nxt = thr.group(2)
        percent_rate = m.category == "percent" and not nxt.startswith(tuple(lex["threshold_followers"]))
        if nxt and _CJK.match(nxt[0]) and nxt[0] not in "，。；、" and not percent_rate:
            people_unit = m.category == "people" or unit.endswith(("人", "人次", "名"))
            if not (people_unit and nxt.startswith(tuple(lex["people_followers"]))):
                if not nxt.startswith(("的同时", "，", "。")):
                    return None
    if re.search(r"(超|超过|过|时速|设计时速|全长|总长)\s*$", before) and after.startswith("的"):
        return None
    if re.search(r"(时速|设计时速|全长|总长|首个|首家|第一个)\s*$", before):
        return None
    # 位居15个副省级城市第三: the count frames a rank
    if re.search(r"(位居|居|排|位列|在)\s*$", before) and re.match(r"[^，。；、\d]{1,10}第", after):
        return None
    if m.category == "currency" and after.startswith(tuple(lex["threshold_followers"])):
        return None
    # The title of a livelihood list (十件民生实事) is borderline.
    if unit in ("件", "项") and re.match(r"[”\s]*(重点)?民生实事", after):
        return Verdict(optional=True, reason="民生实事标题")
    # Gaps against another region are borderline (高于全国1.2个百分点, 比全省高1.2万元).
    if re.search(r"(高于|低于|快于|慢于|高出|超出)(全国|全省|全市|全区|全州|平均水平|平均)*(、?(全国|全省|全市))*(分别)?\s*$", before) or re.search(r"比(全国|全省|全市)[^，。；]{0,4}(高|低|快|多)\s*$", before):
        return Verdict(optional=True, reason="差距")
    # Counts of policy documents and measures are borderline (出台7个…意见, 措施28条).
    if re.search(r"(出台|制定|印发)\s*$", before) or re.match(r".{0,14}(意见|方案|办法|措施|政策|条例)", after) and re.search(r"(出台|制定|印发)", _prev_chars(norm, m.start, 6)):
        return Verdict(optional=True, reason="政策文件/措施数")
    if unit == "条" and re.search(r"(措施|政策|意见)\s*$", before):
        return Verdict(optional=True, reason="措施条数")
    return Verdict()


def _screen_rank(norm: str, m: NumberMention, after: str, lex: dict) -> Verdict | None:  # type: ignore[type-arg]
    tail = norm[m.number_end : m.number_end + 8]
    for w in lex["ordinal_non_rank"]:
        if tail.startswith(w):
            return None
    if re.match(r"、第?[一二三四五六七八九十\d]", tail) and re.search(r"产业|产", norm[m.end : m.end + 12]):
        return None  # 第一、二、三产业: names of sectors
    if re.match(r"次?[^，。；]{0,6}?(党代会|代表大会|会议|全会|人代会)", tail):
        return None
    if m.unit_norm == "方阵":
        return Verdict(optional=True, reason="第一方阵")
    if m.end > m.number_end and not m.unit:
        # 第8个突破千亿的区县, 第九次获评: ordinals with a classifier (optional)
        return Verdict(optional=True, reason="序数")
    return Verdict()

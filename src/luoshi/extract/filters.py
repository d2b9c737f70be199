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
from typing import Any

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


@cache
def _structure_re() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(load("filters")["structure_nouns"], key=len, reverse=True))))


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


_MEASURED_TIME = re.compile(r"(天数|时间|时长|时限|用时|周期|工期|年限)[^，。；、]{0,8}$")
_LIFESPAN = re.compile(r"(寿命|年龄)[^，。；、]{0,8}$")
_BARE_VALUE_BEFORE = re.compile(r"(达|为|达到|是|指数)\s*$")
_MEETING_AFTER = re.compile(r"\s*(会议|全会|党代会|会|全体)")
_STREAK_BEFORE = re.compile(r"(连续|提前|连年|连续第)\s*$")
_THRESHOLD_AFTER = re.compile(r"\s*(及以上|以上|以下|及以下|以内|内)(.{0,4})")
_CLASS_OF_BEFORE = re.compile(r"(超|超过|过|时速|设计时速|全长|总长)\s*$")
_ATTRIBUTE_BEFORE = re.compile(r"(时速|设计时速|全长|总长|首个|首家|第一个)\s*$")
_CAPACITY_OF_NAMED = re.compile(r"[\u4e00-\u9fff]{1,8}等(?:项目|装置|生产线|工程)")
_RANK_FRAME_BEFORE = re.compile(r"(位居|居|排|位列|在)\s*$")
_RANK_FRAME_AFTER = re.compile(r"[^，。；、\d]{1,10}第")
_LIVELIHOOD_TITLE = re.compile(r"[”\s]*(重点)?(民生)?实事")
_GAP_BEFORE = re.compile(
    r"(高于|低于|快于|慢于|高出|超出)(全国|全省|全市|全区|全州|平均水平|平均)*(、?(全国|全省|全市))*(分别)?\s*$"
    r"|比(全国|全省|全市)[^，。；]{0,7}(高|低|快|多|慢)\s*$"
)
_POLICY_VERB = re.compile(r"(出台|制定|印发)")
_POLICY_NOUN_AFTER = re.compile(r".{0,14}(意见|方案|办法|措施|政策|条例)")
_MEASURES_BEFORE = re.compile(r"(措施|政策|意见)\s*$")


def screen(norm: str, m: NumberMention, blocked: Blocked) -> Verdict | None:
    """Decide whether a number mention can be an indicator: None drops it."""
    if m.chinese and not m.unit and not m.rank:
        return None  # 统一, 一些, 三都: a Chinese numeral with no measure is a word, not a number
    if blocked.covers(m.start):
        return None
    before = _prev_chars(norm, m.start, 10)
    after = _next_chars(norm, m.end, 12)
    if _is_marker_or_code(m, before, after):
        return None
    if m.rank:
        return _screen_rank(norm, m)
    if _bare_magnitude_as_word(norm, m, before, after):
        return None
    if _is_date_or_name(norm, m, before, after):
        return None
    if m.unit_norm in load("units")["duration_units"]:
        if _MEASURED_TIME.search(norm[max(0, m.start - 16) : m.start]):
            return Verdict()  # 优良天数达到340天, 审批时间压缩到3天: a duration that is the metric
        # Otherwise only 连续N年 / 提前N年 / N年来最高 are (borderline) records.
        streak = _STREAK_BEFORE.search(before) or (m.unit_norm == "年" and after.startswith("来") and "最" in after[:4])
        return Verdict(optional=True, reason="连续/提前 N 年") if streak else None
    if _is_structure_or_class(norm, m, before, after):
        return None
    return _borderline(m, before, after) or Verdict()


def _bare_magnitude_as_word(norm: str, m: NumberMention, before: str, after: str) -> bool:
    """百万羽蛋鸡, 千户苗寨, 千万师生, 新一轮千万吨粮食增产计划, 12个百亿元项目: a magnitude with no
    numeral names a scale or a class; it is a figure only where a value word stands before it or a
    bound after it (突破千亿元, 稳定在百万吨以上, 近万亿元)."""
    if not m.chinese or m.text[:1] not in _BARE_FIRST or "分之" in m.text:
        return False  # 千分之五点二 is a fraction, not a bare magnitude
    lex = load("filters")
    if before.rstrip().endswith(tuple(lex["bare_magnitude_before"])):
        return False
    return not after.lstrip().startswith(tuple(lex["bare_magnitude_after"]))


_BARE_FIRST = set("百千万亿")


def _is_marker_or_code(m: NumberMention, before: str, after: str) -> bool:
    """List markers （1） 1. 一是, codes 9+2+2, document numbers 〔2022〕2号."""
    if after[:1] == "+" or before[-1:] == "+":
        return True
    if before[-1:] in ("〔", "[", "【") or after[:1] in ("号", "〕"):
        return True
    if m.unit or m.rank:
        return False
    if before[-1:] in ("（", "(") and after[:1] in ("）", ")"):
        return True
    return after[:1] == "." or (m.chinese and after[:1] in ("是", "、"))


def _is_date_or_name(norm: str, m: NumberMention, before: str, after: str) -> bool:
    """Years, dates, ages and grades, meetings, Chinese numerals that are words, bare numbers."""
    units = load("units")
    unit = m.unit_norm
    yearish = not m.chinese and float(m.value).is_integer() and 1900 <= m.value <= 2100 and not m.magnitude
    stripped = after.lstrip(" ")
    if yearish and (unit.startswith("年") or not unit or stripped.startswith(("年", "—", "-", "~", "－"))):
        return True  # 2023年, 2023—2025年
    if not unit and not m.chinese and 1949 <= m.value <= 2100 and after.startswith("的"):
        return True  # 增加到2010的13.2亿元: a year whose 年 the source dropped
    if not unit and (stripped[:1] in ("月", "日", "号", "时") or after.startswith(tuple(units["non_measures"]))):
        return True
    if unit in ("岁", "周岁") and _LIFESPAN.search(before):
        return False  # 人均预期寿命达到79.2岁
    if unit in units["non_measures"] or after.startswith("级"):
        return True  # 65周岁, 百亿级企业, 5A级景区
    if m.chinese:
        if before.endswith(("几", "数", "若干", "上", "成", "好几")):
            return True  # 几十个, 数十万, 成千上万: a vague amount, not a figure
        if unit == "次" and (before.endswith("届") or _MEETING_AFTER.match(after)):
            return True  # 人大五次会议, 十五届六次全会
        if m.value == 1 and not m.magnitude and m.category not in ("ratio", "percent", "time"):
            return True  # 一批, 一个: an article, not a count
    # A bare number is a value only after 达/为 and at the end of a clause (融合指数达45).
    return (
        not unit
        and not m.magnitude
        and (not _BARE_VALUE_BEFORE.search(before) or bool(after and after[0] not in _PUNCT_AFTER))
    )


def _is_structure_or_class(norm: str, m: NumberMention, before: str, after: str) -> bool:
    """Counts of the report's own structure (七个方面), thresholds and attributes that name a class
    (亿元以上企业, 30户以上自然村寨, 超500亿元的企业, 时速350公里的高铁)."""
    lex = load("filters")
    rest = norm[m.end : m.end + 6]
    structure = tuple(lex["structure_nouns_any"])
    if (m.chinese and _structure_re().match(rest)) or rest.startswith(structure):
        return True
    if m.category == "count" and before.rstrip().endswith(structure):
        return True  # 约束性指标9项: the plan's indicators counted
    if m.unit_norm == "件" and rest.startswith("事") and not _CJK.match(rest[1:2]):
        return True  # 抓好…3件事: the things just named, counted
    if _CAPACITY_OF_NAMED.match(rest):
        return True  # 某企业60万吨赖氨酸等项目: a capacity that names projects
    if m.chinese and m.unit_norm in lex["round_units"] and _CJK.match(rest[:1]):
        return True  # 二轮土地承包: a round's name
    if m.chinese and m.unit_norm in lex["phase_units"] and not any(v in before for v in lex["phase_count_verbs"]):
        return True  # 某工程六期, 某电厂四期: a phase's name
    thr = _THRESHOLD_AFTER.match(after)
    if thr and _is_threshold(m, thr.group(2), lex):
        return True
    if (_CLASS_OF_BEFORE.search(before) and after.startswith("的")) or _ATTRIBUTE_BEFORE.search(before):
        return True
    if before.endswith("每"):
        return True  # 每千人口, 每万人: a denominator
    if _RANK_FRAME_BEFORE.search(before) and _RANK_FRAME_AFTER.match(after):
        return True  # 位居15个副省级城市第三: the count frames a rank
    return m.category == "currency" and after.startswith(tuple(lex["threshold_followers"]))


def _is_threshold(m: NumberMention, nxt: str, lex: dict[str, Any]) -> bool:
    """After 以上/以下: a noun makes the number a class boundary, except people counted as people
    (带动2万人以上群众增收) and rates (保持30%以上速度增长)."""
    if not nxt or not _CJK.match(nxt[0]) or nxt.startswith(("的同时",)):
        return False
    if nxt.startswith("的") and nxt[1:].startswith(tuple(lex["target_nouns"])):
        return False  # 城镇新增就业45万人以上的目标: the target restated, no class
        return False
    followers = tuple(lex["threshold_followers"])
    if m.category == "percent" and not nxt.startswith(followers):
        return False
    people = m.category == "people" or m.unit_norm.endswith(("人", "人次", "名"))
    return not (people and nxt.startswith(tuple(lex["people_followers"])))


def _borderline(m: NumberMention, before: str, after: str) -> Verdict | None:
    """Cases the guide marks optional."""
    unit = m.unit_norm
    if unit in ("件", "项") and _LIVELIHOOD_TITLE.match(after):
        return Verdict(optional=True, reason="民生实事标题")
    if _GAP_BEFORE.search(before):
        return Verdict(optional=True, reason="差距")  # 高于全国1.2个百分点, 比全省高1.2万元
    if _POLICY_VERB.search(before[-6:]) and (before.rstrip().endswith(("出台", "制定", "印发")) or _POLICY_NOUN_AFTER.match(after)):
        return Verdict(optional=True, reason="政策文件/措施数")  # 出台7个…意见方案
    if unit == "条" and _MEASURES_BEFORE.search(before):
        return Verdict(optional=True, reason="措施条数")
    return None


@cache
def _rank_frame_re() -> re.Pattern[str]:
    verbs = load("verbs")
    words = [*verbs["rank"], *verbs["scopes"], *load("filters")["rank_frames"]]
    return re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))


_PUT_FIRST = re.compile(r"(放在|摆在|放到|摆到|列为|作为)\s*$")


def _screen_rank(norm: str, m: NumberMention) -> Verdict | None:
    lex = load("filters")
    if _PUT_FIRST.search(norm[max(0, m.start - 4) : m.start]):
        return None  # 把安全放在第一位: a priority, not a ranking
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
    clause = max(norm.rfind(p, 0, m.start) for p in "，。；：\n")
    if m.unit_norm not in ("位", "名") and not _rank_frame_re().search(norm, max(0, clause + 1, m.start - 12), m.start):
        # 第二，… (a list marker), 第四次全国文物普查, 第三轮, 第六代, 迈好第一步: an ordinal with no
        # ranking before it (排全省/位居/跃居/全国 …) is no rank.
        return None
    if m.end > m.number_end and not m.unit:
        # 第8个突破千亿的区县, 第九次获评: ordinals with a classifier (optional)
        return Verdict(optional=True, reason="序数")
    return Verdict()

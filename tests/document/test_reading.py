"""The reading stage (document/reading.py): report facts, parts from headings and content, target
lists that last to the end of the list, and the years they give. Every text here is our own."""

from __future__ import annotations

import luoshi
from luoshi.document import Document, read_bytes
from luoshi.document.reading import five_year_end, term_end, title_parts


def doc_of(text: str, name: str = "t") -> Document:
    return read_bytes(text.encode("utf-8"), name)


def targets(doc: Document) -> list[tuple[str, str, int | None]]:
    return [(i.mention, i.stance, i.year) for i in luoshi.extract(doc)]


# --------------------------------------------------------------------------------------- facts


def test_facts_from_the_meeting_line_and_title() -> None:
    doc = doc_of("下载\n打印\n2026年某某省政府工作报告\n——2026年1月20日在某某省第十四届人民代表大会第五次会议上\n"
                 "各位代表：\n一、2025年工作回顾\n全省生产总值增长5%。\n")
    f = doc.facts
    assert (f.year, f.review_year, f.term_end) == (2026, 2025, 2030)
    assert (f.region, f.level, f.date) == ("某某省", "省", "2026-01-20")
    assert "人民代表大会" in f.cues["date"]


def test_facts_of_a_prefecture_and_a_county() -> None:
    pref = doc_of("政府工作报告\n——2024年2月1日在某某布依族苗族自治州第十四届人民代表大会第四次会议上\n")
    assert (pref.facts.region, pref.facts.level, pref.facts.year) == ("某某布依族苗族自治州", "市", 2024)
    county = doc_of("二〇一二年某某县人民政府工作报告\n各位代表：\n")
    assert (county.facts.region, county.facts.level, county.facts.year) == ("某某县", "县", 2012)
    city = doc_of("2025年重庆市政府工作报告\n")
    assert (city.facts.region, city.facts.level) == ("重庆市", "省")


def test_facts_written_other_ways() -> None:
    # A congress date in Chinese numerals, a title with the date after it, a region in brackets.
    doc = doc_of("（某某省）某某省人民政府工作报告（2023年1月14日）\n"
                 "——二〇二三年一月十四日在某某省第十四届人民代表大会第一次会议上\n")
    assert (doc.facts.year, doc.facts.date, doc.facts.region) == (2023, "2023-01-14", "某某省")
    # A date alone near the top and the head of government's line.
    doc = doc_of("政府工作报告\n（2008年1月16日 某某某）\n某某省代省长 某某某\n各位代表：\n")
    assert (doc.facts.year, doc.facts.date, doc.facts.region) == (2008, "2008-01-16", "某某省")
    # No date: the review of a five-year term gives the year after it.
    doc = doc_of("政府工作报告\n“十三五”时期工作回顾\n过去五年，全省生产总值年均增长6%。\n")
    assert doc.facts.year == 2021
    assert [s.part for s in doc.sections] == ["review"]


def test_facts_of_an_undated_summary() -> None:
    # No title, no date, no headings: the year the text plans for, else the year after its results.
    assert doc_of("报告提出，2026年全市经济社会发展主要预期目标是：生产总值增长5%左右。\n").facts.year == 2026
    assert doc_of("过去一年，全市生产总值增长5.2%。今年要稳中求进。\n".replace("过去一年", "2025年")).facts.year == 2026
    assert doc_of("各位代表：\n增长。\n").facts.year is None
    # A vision of 2035 named without 到 is no year the summary reports on.
    vision = "2025年全市实现生产总值1000亿元。2035年基本实现现代化的目标稳步推进。今年要稳中求进。\n"
    assert doc_of(vision).facts.year == 2026


def test_five_year_terms() -> None:
    assert five_year_end("“十五五”时期") == 2030
    assert five_year_end("十四五") == 2025
    assert five_year_end("十一五") == 2010
    assert (term_end(2026), term_end(2030), term_end(2031)) == (2030, 2030, 2035)


# --------------------------------------------------------------------------------------- parts


def test_title_parts_a_year_decides_for_the_words_after_it() -> None:
    assert title_parts("三、2026年主要工作", 2026) == [("plan", "2026年")]
    assert title_parts("一、2025年和“十四五”时期工作回顾", 2026)[0] == ("review", "2025年")
    assert [p for p, _ in title_parts("二、“十五五”时期主要目标和2026年重点工作", 2026)] == ["term", "plan"]
    assert [p for p, _ in title_parts("二、“十四五”时期发展成就和“十五五”时期主要目标任务", 2026)] == ["review", "term"]
    assert title_parts("二、“十五五”时期经济社会发展的主要考虑", 2026) == [("term", "十五五")]
    assert title_parts("一、奋楫争先谱新篇", 2026) == []


SLOGANS = """2026年某某市政府工作报告
各位代表：
一、砥砺奋进，成绩来之不易
2025年是极不平凡的一年。全市生产总值增长5.1%，新增城镇就业3.2万人。
二、锚定目标，开好新局
今年是“十五五”开局之年。全市生产总值增长5%左右，新增城镇就业3万人以上。
三、勇毅前行，共创未来
建成保障性住房2000套。
"""


def test_slogan_titles_take_their_part_from_the_opening_paragraph() -> None:
    doc = doc_of(SLOGANS)
    parts = [s.part for s in doc.sections]
    assert parts == ["review", "plan", "plan"]  # the third continues the plan
    assert any("段首" in r.cue for r in doc.runs)
    assert targets(doc) == [("5.1%", "actual", 2025), ("3.2万人", "actual", 2025), ("5%", "target", 2026),
                            ("3万人", "target", 2026), ("2000套", "target", 2026)]


TERM = """2026年某某省政府工作报告
一、2025年工作回顾
全省生产总值增长5.2%。
二、“十四五”发展成就和“十五五”主要目标
过去五年，我们扎实工作，全省生产总值年均增长5.5%。
“十五五”时期是夯实基础的关键时期。全省生产总值年均增长5%左右，常住人口城镇化率达到65%。
三、2026年工作安排
今年全省生产总值增长5%左右。“十五五”时期中心城市新增人口100万、县城新增人口50万。
到2027年，建成5G基站10万个。
"""


def test_five_year_goals_are_dated_2030_and_the_past_five_years_are_results() -> None:
    got = targets(doc_of(TERM))
    assert got == [
        ("5.2%", "actual", 2025),
        ("5.5%", "actual", 2025),
        ("5%", "target", 2030),
        ("65%", "target", 2030),
        ("5%", "target", 2026),
        ("100万", "target", 2030),
        ("50万", "target", 2030),
        ("10万个", "target", 2027),
    ]


MAIN_WORK = """2026年某某省政府工作报告
一、2025年工作回顾
全省生产总值增长5.3%。
二、“十五五”时期的主要目标任务
全省生产总值年均增长5%左右。
三、2026年主要工作
今年主要预期目标是：全省生产总值增长5%左右；城镇调查失业率5.5%左右。
"""


def test_a_plan_heading_that_reads_like_a_review_is_the_plan() -> None:
    doc = doc_of(MAIN_WORK)
    assert [s.part for s in doc.sections] == ["review", "term", "plan"]
    assert targets(doc)[-2:] == [("5%", "target", 2026), ("5.5%", "target", 2026)]


def test_a_review_paragraph_inside_the_plan_heading_stays_a_review() -> None:
    doc = doc_of("2026年某某县政府工作报告\n一、工作回顾\n去年全县生产总值增长6%。\n"
                 "二、2026年工作安排\n过去五年，全县累计新增就业1.2万人。\n今年是开局之年。新增就业3000人以上。\n")
    assert targets(doc) == [("6%", "actual", 2025), ("1.2万人", "actual", 2025), ("3000人", "target", 2026)]


# -------------------------------------------------------------------------------------- scopes


SUMMARY = """政府工作报告回顾了2025年工作。2025年，全市生产总值增长5.4%，一般公共预算收入增长3%。
报告提出，今年全市经济社会发展主要预期目标是：生产总值增长5%左右。城镇新增就业4万人以上。居民人均可支配收入增长与经济增长同步，粮食产量稳定在60万吨以上。
"""


def test_a_target_list_lasts_to_the_end_of_its_paragraph() -> None:
    doc = doc_of(SUMMARY)
    assert [(sc.year) for sc in doc.scopes] == [2026]
    assert targets(doc) == [("5.4%", "actual", 2025), ("3%", "actual", 2025), ("5%", "target", 2026),
                            ("4万人", "target", 2026), ("60万吨", "target", 2026)]


def test_a_summary_under_a_review_heading_keeps_its_target_list() -> None:
    text = ("一、2025年工作回顾\n全省生产总值增长5.6%。……\n"
            "2026年全省主要预期目标为：生产总值增长5%以上。规模以上工业增加值增长6%。\n")
    got = targets(doc_of(text))
    assert got == [("5.6%", "actual", 2025), ("5%", "target", 2026), ("6%", "target", 2026)]


def test_a_list_laid_out_one_item_a_line() -> None:
    text = "二、2026年工作安排\n“十五五”时期经济社会发展的主要目标是：\n生产总值年均增长5%；\n研发经费投入强度达到3%；\n居民收入稳步增长。\n建成高标准农田10万亩。\n"
    doc = doc_of(text)
    assert [sc.year for sc in doc.scopes] == [2030]
    assert targets(doc) == [("5%", "target", 2030), ("3%", "target", 2030), ("10万亩", "target", 2026)]


# --------------------------------------------------------------------------------------- noise


PINYIN = """2026年某某省政府工作報告
一、2025年工作回顧(gù)
全省地區生產(chǎn)總值增長(zhǎng)5.4%。
二、2026年工作安排
主要預期目標是：全省地區生產(chǎn)總值增長(zhǎng)5%左右，城鎮新增就業(jiù yè)60萬人以上。
"""


def test_pinyin_annotations_are_read_through() -> None:
    doc = doc_of(PINYIN)
    got = luoshi.extract(doc)
    assert [(i.mention, i.stance, i.year) for i in got] == [("5.4%", "actual", 2025), ("5%", "target", 2026),
                                                           ("60萬人", "target", 2026)]
    assert [i.subject for i in got] == ["地區生產總值", "地區生產總值", "城鎮新增就業"]
    for i in got:
        assert doc.text[i.span[0] : i.span[1]] == i.mention  # offsets into the text as written
    assert [s.part for s in doc.sections] == ["review", "plan"]


def test_english_lines_of_a_bilingual_page_give_no_numbers() -> None:
    text = ("二、2026年工作安排\nThe GDP is expected to grow by around 5 percent, with 600,000 new urban jobs.\n"
            "生产总值增长5%左右，城镇新增就业60万人。\n")
    assert [i.mention for i in luoshi.extract(doc_of(text))] == ["5%", "60万人"]


def test_a_number_broken_by_a_line_end_is_joined() -> None:
    text = "二、2026年工作安排\n全年粮食产量稳定在一个较高的水平上，力争达到1\n200万吨。\n"
    got = luoshi.extract(doc_of(text))
    assert [(i.mention, i.value) for i in got] == [("1\n200万吨", 1200.0)]


def test_excerpts_joined_by_an_ellipsis_open_their_own_parts() -> None:
    text = ("一、2025年工作回顾\n全省生产总值增长5.4%，新增城镇就业3.2万人。……今年是“十五五”开局之年，"
            "全省新建保障性住房1万套，新增城镇就业3万人以上。\n")
    assert targets(doc_of(text)) == [("5.4%", "actual", 2025), ("3.2万人", "actual", 2025),
                                     ("1万套", "target", 2026), ("3万人", "target", 2026)]


def test_a_sentence_of_this_years_work_inside_the_review() -> None:
    text = "一、2025年工作回顾\n全省生产总值增长5.4%。今年，全省将新建保障性住房1万套。今年以来，全省完成投资100亿元。\n"
    assert targets(doc_of(text)) == [("5.4%", "actual", 2025), ("1万套", "target", 2026),
                                     ("100亿元", "actual", 2025)]

"""Reading .html as government sites publish reports: charset, furniture stripped, body kept."""

from __future__ import annotations

from pathlib import Path

import pytest

import luoshi
from luoshi.document.readers.html import decode_html
from luoshi.errors import ReadError

ARTICLE = """
<p>&nbsp;&nbsp;各位代表：</p>
<p>　　现在，我代表县人民政府向大会报告工作，请予审议。</p>
<p><strong>一、2023年工作回顾</strong></p>
<p>　　过去一年，全县地区生产总值增长5.8%，
规模以上工业增加值增长6.2%&mdash;&mdash;创历史新高。城镇新增就业1.2万人&lt;含返乡&gt;&#65292;粮食产量30万吨。</p>
<table><tr><td>指标</td><td>完成</td></tr><tr><td>地区生产总值增速</td><td>5.8%</td></tr></table>
<p>二、2024年工作安排</p>
<div>今年预期目标是：地区生产总值增长6%左右。<br/>居民收入增长与经济增长同步。</div>
"""

EXPECTED = [
    "各位代表：",
    "现在，我代表县人民政府向大会报告工作，请予审议。",
    "一、2023年工作回顾",
    "过去一年，全县地区生产总值增长5.8%，规模以上工业增加值增长6.2%——创历史新高。城镇新增就业1.2万人<含返乡>，粮食产量30万吨。",
    "指标\t完成",
    "地区生产总值增速\t5.8%",
    "二、2024年工作安排",
    "今年预期目标是：地区生产总值增长6%左右。",
    "居民收入增长与经济增长同步。",
]

JUNK_WORDS = ["首页", "政务公开", "当前位置", "分享到", "打印本页", "版权所有", "var nav", "color:red", "相关链接"]


def page(body_class: str = "TRS_Editor", charset: str = "gb2312") -> str:
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>2024年某县政府工作报告_某县人民政府门户网站</title>
<script type="text/javascript">var nav = "首页 政务公开 政务服务";</script>
<style>.x {{ color:red }}</style></head>
<body>
<div class="header"><a href="/">某县人民政府</a>
<ul class="nav"><li><a href="#">首页</a></li><li><a href="#">政务公开</a></li><li><a href="#">政务服务</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="#">政府文件</a></div>
<div class="wrap">
<div class="info">发布时间：2024-01-20 来源：县政府办公室 【字体：<a>大</a> <a>中</a> <a>小</a>】</div>
<div class="{body_class}">{ARTICLE}</div>
<div class="bdsharebuttonbox">分享到：<a>微信</a><a>微博</a></div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a><a>【关闭窗口】</a></div>
<div class="links"><h3>相关链接</h3><ul><li><a href="#">2023年某县政府工作报告全文发布</a></li>
<li><a href="#">某县召开全县经济工作会议部署明年重点任务</a></li></ul></div>
</div>
<div class="footer">主办：某县人民政府办公室 版权所有 备案号：ICP备000000号</div>
</body></html>"""


def check(doc: luoshi.Document) -> None:
    assert doc.format == "html"
    # The page title carries the year of the report; it is added when the body lacks it.
    assert doc.text.split("\n") == ["2024年某县政府工作报告", *EXPECTED]
    for word in JUNK_WORDS:
        assert word not in doc.text
    assert [s.where for s in doc.sources] == ["HTML 标题", "HTML 正文"]
    assert doc.source_at(doc.text.index("5.8%")) == "HTML 正文"
    assert [s.part for s in doc.sections if s.level == 1] == ["review", "plan"]
    assert luoshi.document.report_year(doc) == 2024


def test_gbk_page_with_meta_charset(tmp_path: Path) -> None:
    path = tmp_path / "zfgzbg.html"
    path.write_bytes(page().encode("gbk"))
    doc = luoshi.read(path)
    check(doc)
    assert doc.encoding == "gb18030"
    assert doc.id == "zfgzbg"


def test_body_found_without_known_container(tmp_path: Path) -> None:
    # No TRS_Editor/#zoom/.article: the block holding most Chinese text outside links wins.
    path = tmp_path / "page.htm"
    path.write_bytes(page(body_class="xq_nr_2", charset="utf-8").encode("utf-8"))
    check(luoshi.read(path))


def test_utf8_page_declaring_gb2312() -> None:
    # A site moved to UTF-8 but kept its old template header.
    doc = luoshi.read_bytes(page(charset="gb2312").encode("utf-8"), "x")
    check(doc)
    assert doc.encoding == "utf-8"


def test_undeclared_gbk_page() -> None:
    html = page().replace('<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />', "")
    check(luoshi.read_bytes(html.encode("gb18030"), "x"))


@pytest.mark.parametrize(
    ("data", "charset"),
    [
        ('<meta charset="GBK"><p>增长</p>'.encode("gbk"), "gb18030"),
        ('<?xml version="1.0" encoding="big5"?><html><p>增長</p></html>'.encode("big5"), "big5"),
        ("\ufeff<html><p>增长</p></html>".encode(), "utf-8-sig"),
    ],
)
def test_decode_html(data: bytes, charset: str) -> None:
    text, enc = decode_html(data)
    assert enc == charset
    assert "增" in text


def test_page_without_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(b"<html><head><script>var a=1;</script></head><body><div class='nav'></div></body></html>")
    with pytest.raises(ReadError, match="没有文字"):
        luoshi.read(path)


def test_source_line_breaks_vs_typed_spaces() -> None:
    html = "<html><body><div id='zoom'><p>地区生产总值\n    增长5.8%，市长  张三，GDP\ngrew</p></div></body></html>"
    assert luoshi.read_bytes(html.encode(), "x").text == "地区生产总值增长5.8%，市长 张三，GDP grew"


def test_article_inside_furniture_named_block() -> None:
    # A short article whose container is named like furniture is still the article.
    html = (
        "<html><body><div class='nav'><a>首页</a><a>政务公开</a></div>"
        "<div class='print_area'><div class='TRS_Editor'><p>全年地区生产总值增长5.8%，城镇新增就业1.2万人，"
        "粮食产量稳定在30万吨以上，居民人均可支配收入增长7%。</p><div class='share'>分享到：微信</div></div></div>"
        "<div class='content'><p>联系我们：某县人民政府办公室</p></div></body></html>"
    )
    doc = luoshi.read_bytes(html.encode(), "x")
    assert doc.text == "全年地区生产总值增长5.8%，城镇新增就业1.2万人，粮食产量稳定在30万吨以上，居民人均可支配收入增长7%。"


def test_unknown_container_named_like_furniture() -> None:
    html = (
        "<html><body><div class='nav'><a>首页</a><a>政务公开</a></div>"
        "<div class='main-top'><p>全年地区生产总值增长5.8%，城镇新增就业1.2万人，粮食产量稳定在30万吨以上。</p>"
        "<p>居民人均可支配收入增长7%。</p></div><div class='foot'>主办：某县人民政府办公室</div></body></html>"
    )
    doc = luoshi.read_bytes(html.encode(), "x")
    assert doc.text == "全年地区生产总值增长5.8%，城镇新增就业1.2万人，粮食产量稳定在30万吨以上。\n居民人均可支配收入增长7%。"


def test_page_wrapped_in_a_form() -> None:
    # ASP.NET sites put the whole page inside one <form>.
    html = page().replace("<body>", "<body><form id='form1' method='post'>").replace("</body>", "</form></body>")
    check(luoshi.read_bytes(html.encode("gbk"), "x"))


def test_thousands_of_unclosed_tags() -> None:
    # Old editors leave <font> tags open: the tree nests thousands deep.
    html = "<html><body><div id='zoom'>" + "<font>增长5%。" * 3000 + "</div></body></html>"
    assert luoshi.read_bytes(html.encode(), "x").text == "增长5%。" * 3000


def test_unclosed_divs_lose_no_paragraph() -> None:
    paras = [f"第{i}项：全年完成固定资产投资{i}0亿元，同比增长{i}%，其中工业投资增长明显。" for i in range(1, 40)]
    html = "<html><body><div class='x'>" + "".join(f"<div>{p}" for p in paras) + "</body></html>"
    assert luoshi.read_bytes(html.encode(), "x").text.split("\n") == paras


def test_utf16_page() -> None:
    # Notepad's "Unicode" is UTF-16 with a BOM; the page is still a page.
    doc = luoshi.read_bytes(page(charset="utf-16").encode("utf-16"), "x")
    check(doc)


def test_gbk_page_with_a_broken_character() -> None:
    data = page().encode("gbk")
    cut = data.index("粮食".encode("gbk"))
    data = data[:cut] + b"\xff" + data[cut:]  # one byte that no Chinese charset accepts
    text, enc = decode_html(data)
    assert enc == "gb18030"
    assert "城镇新增就业1.2万人" in text

"""Read an .html page as government sites publish a report: keep the article body, drop the rest.

The page is decoded as UTF-8 when it is valid UTF-8, else with its declared charset (GB2312/GBK
read as GB18030, their superset), else GB18030, else detection. Scripts, styles, navigation,
headers, footers, menus, breadcrumbs and share links go; the body is the first known article
container (`div.TRS_Editor`, `#zoom`, `.article` …) holding a real share of the text, else the
smallest block that holds most of the page's Chinese text outside links. Block elements become
line breaks, table cells are separated by tabs.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from luoshi.document.model import Document, SourcePart
from luoshi.errors import ReadError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", re.I)
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "cp936": "gb18030"}

_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "nav", "header", "footer", "aside",
    "button", "select", "input", "textarea", "svg", "canvas", "object", "embed", "link", "meta", "head",
    "menu",
)  # fmt: skip
# (not `form`: ASP.NET sites wrap the whole page in one.)
# class/id words of page furniture on government sites (当前位置, 分享到, 打印本页 …).
_JUNK = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|menu|menus|breadcrumbs?|crumbs?|position|location|current|share|bdshare"
    r"|jiathis|social|footer|foot|header|head|top|topbar|banner|sidebar|side|aside|toolbar|tools?|print"
    r"|comment|comments|related|relate|pagination|pager|copyright|login|search|qrcode|ewm|fontsize|font"
    r"|gotop|backtop|ad|ads|advert|dyfb|xgxx|xglj|fxd|bdsharebuttonbox)(?:$|[\s_\-\d])",
    re.I,
)
_ARTICLE_SELECTORS = (
    "div.TRS_Editor", "div.trs_editor_view", "#zoom", "#Zoom", "div.zoom", "#UCAP-CONTENT", "div.view",
    "article", "div.article", "div.article-content", "div.article_content", "div.content", "#content",
    "div.main-content", "div.con", "div.detail", "div.pages_content", "div.xxgk_content", "main",
)  # fmt: skip
_BLOCK = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table",
    "tbody", "thead", "section", "article", "main", "blockquote", "pre", "hr", "center", "figure",
    "figcaption", "caption", "address",
}  # fmt: skip
_CELL = {"td", "th"}
# Blocks that hold an article; a paragraph (p, h2, li) is never the whole article.
# Inline tags (font, span) are not followed: unclosed <font> tags nest the rest of a page in each other.
_CONTAINERS = ["div", "section", "article", "main", "td", "tr", "tbody", "table", "center", "form"]
_HAN = re.compile(r"[\u4e00-\u9fff]")
_WS = re.compile(r"[ \t\r\n\f\v]+")
# A line break in the page source between two Chinese characters is no space at all (as browsers
# render it, CSS Text 3 segment breaks); a typed space is kept.
_BREAK = "\x01"
_SOURCE_BREAK = re.compile(r"[ \t\r\f\v]*\n[ \t\r\n\f\v]*")
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2014-\u2027"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}]){_BREAK}|{_BREAK}(?=[{_CJK}])")


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode as UTF-8, else with the declared charset, else GB18030, else detection."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    head = data[:4096]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    # UTF-8 first whatever the page declares: GBK text is almost never valid UTF-8, while sites that
    # moved to UTF-8 often keep an old `charset=gb2312` in their templates.
    tried = ["utf-8"]
    if m:
        declared = m.group(1).decode("ascii").lower()
        tried.append(_WIDER.get(declared, declared))
    tried.append("gb18030")
    for enc in tried:
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    # A page with a few bad bytes (a copy cut mid-character) is still worth reading in its charset.
    lenient = []
    for enc in tried:
        try:
            text = data.decode(enc, errors="replace")
        except LookupError:
            continue
        lenient.append((text.count("\ufffd"), enc, text))
    bad, enc, text = min(lenient)
    if bad <= max(1, len(text) // 100):
        return text, enc
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    return text, enc


def _attrs(el: Any) -> str:
    classes = el.get("class") or []
    if isinstance(classes, str):
        classes = [classes]
    return " ".join([*classes, el.get("id") or ""])


def _han_count(el: Any, skip_links: bool = True) -> int:
    total = len(_HAN.findall(el.get_text()))
    if skip_links:
        total -= sum(len(_HAN.findall(a.get_text())) for a in el.find_all("a"))
    return total


def _remove(elements: list[Any]) -> None:
    """Decompose `elements` (in document order), skipping those inside one already removed:
    a decomposed element is cleared, and touching it again goes through bs4's slow attribute path."""
    removed: set[int] = set()
    for el in elements:
        if any(id(parent) in removed for parent in el.parents):
            continue
        removed.add(id(el))
    for el in elements:
        if id(el) in removed:
            el.decompose()


def _strip_junk(root: Any, keep: float) -> None:
    """Remove blocks named like furniture, unless they hold `keep` Chinese characters or more
    outside links (some sites call their article `div.main-top` or `div.print_area`)."""
    _remove([el for el in root.find_all(True) if _JUNK.search(_attrs(el)) and _han_count(el) < keep])


def _find_body(soup: Any) -> Any:
    _remove(soup.find_all(_DROP_TAGS))
    page_total = _han_count(soup)
    keep = min(400, 0.3 * page_total) if page_total else 1
    for selector in _ARTICLE_SELECTORS:
        found = [(_han_count(el), i, el) for i, el in enumerate(soup.select(selector))]
        if found:
            count, _, best = max(found, key=lambda f: (f[0], -f[1]))
            if count >= 20 and count >= 0.3 * page_total:
                # Furniture is stripped inside the article only, so the article is never taken for it.
                _strip_junk(best, 400)
                return best
    _strip_junk(soup, keep)
    node = soup.body or soup
    # Descend while one container holds most of the text: the smallest block holding the article.
    for _ in range(200):  # real pages nest blocks a few dozen deep; a broken page must not take forever
        total = _han_count(node)
        best = None
        for child in node.find_all(_CONTAINERS, recursive=False):
            if _han_count(child) >= 0.7 * total > 0 and not _article_outside(node, child):
                best = child
                break
        if best is None:
            break
        node = best
    return node


def _article_outside(node: Any, child: Any) -> bool:
    """Is there a paragraph of the article in `node` outside `child`? (Then `node` is the article:
    a page with unclosed <div>s nests each paragraph's successors inside it.)"""
    from bs4 import Tag

    for sib in node.children:
        if sib is child:
            continue
        text = sib.get_text() if isinstance(sib, Tag) else str(sib)
        if "。" in text and len(_HAN.findall(text)) >= 20:
            return True
    return False


def _render(root: Any, out: list[str]) -> None:
    """Write the text of `root` to `out`: block elements on their own lines, cells apart by tabs.
    Iterative, because pages with thousands of unclosed <font> tags nest that deep."""
    from bs4 import NavigableString, Tag
    from bs4.element import Comment, Doctype, ProcessingInstruction

    # The stack holds nodes to visit and the closing strings owed once a block's children are done.
    stack: list[Any] = [iter(root.children)]
    while stack:
        top = stack[-1]
        if isinstance(top, str):
            stack.pop()
            out.append(top)
            continue
        child = next(top, None)
        if child is None:
            stack.pop()
            continue
        if isinstance(child, (Comment, Doctype, ProcessingInstruction)):
            continue
        if isinstance(child, NavigableString):
            out.append(_WS.sub(" ", _SOURCE_BREAK.sub(_BREAK, str(child))))
            continue
        if not isinstance(child, Tag):
            continue
        if child.name in _CELL:
            out.append("\t")
        elif child.name in _BLOCK:
            out.append("\n")
            stack.append("\n")
        stack.append(iter(child.children))


def _lines(el: Any) -> list[str]:
    out: list[str] = []
    _render(el, out)
    lines = []
    for raw in "".join(out).split("\n"):
        cells = [c.strip(" \u3000\xa0" + _BREAK) for c in raw.split("\t")]
        line = "\t".join(c for c in cells if c)
        line = _CJK_BREAK.sub("", line).replace(_BREAK, " ")
        if line:
            lines.append(line)
    return lines


def _headline(soup: Any) -> str:
    for el in soup.find_all(["h1", "h2"]):
        text = _WS.sub(" ", el.get_text()).strip()
        if "报告" in text:
            return text
    title = soup.title.get_text() if soup.title else ""
    for piece in re.split(r"\s*[-_|｜—]+\s*", title):
        if "报告" in piece:
            return piece.strip()
    return ""


def read(data: bytes, doc_id: str, path: str | None) -> Document:
    from bs4 import BeautifulSoup

    text, encoding = decode_html(data)
    if "\x00" in text:
        raise ReadError("二进制文件，不是网页 / binary file, not HTML")
    with warnings.catch_warnings():
        # bs4 warns (on stderr) about XHTML parsed as HTML and the like: nothing a user can act on.
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(text, "lxml")
    headline = _headline(soup)
    body = _find_body(soup)
    lines = _lines(body)
    sources: list[SourcePart] = []
    pos = 0
    if headline and headline not in "".join(lines[:5]):
        lines.insert(0, headline)
        sources.append(SourcePart(0, len(headline), "HTML 标题"))
        pos = len(headline) + 1
    out = "\n".join(lines)
    if out[pos:]:
        sources.append(SourcePart(pos, len(out), "HTML 正文"))
    return Document(id=doc_id, text=out, path=path, format="html", encoding=encoding, sources=sources)

"""The import page with the formats an office receives: an .ofd read, a broken one refused with nothing
kept; OCR text with low confidence highlighted, OCR numbers flagged, and the commit waiting until a
person has confirmed each of them."""

from __future__ import annotations

import io
import json
import re
import sys
import zipfile
from importlib.util import find_spec
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from webtools import Env, login, sample_text

from luoshi.document.model import OcrSpan
from luoshi.web.textruns import segments

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "document"))
from ofdmaker import build_ofd, set_lines
from scanmaker import image_pdf, render_pages

TEXT = "二、2024年工作安排\n地区生产总值增长6%左右，新增就业岗位3000个。\n"


def upload(c: TestClient, token: str, name: str, data: bytes) -> str:
    r = c.post("/import", files={"file": (name, data, "application/octet-stream")}, data={"csrf_token": token},
               follow_redirects=False)
    assert r.status_code == 303, r.text[:400]
    return str(r.headers["location"])


def test_ofd_upload(env: Env, tmp_path: Path) -> None:
    c = env.client()
    token = login(c, "admin")
    url = upload(c, token, "mouxian-2024.ofd", build_ofd([set_lines(TEXT.split("\n")[:2])]))
    page = c.get(url).text
    assert "地区生产总值增长" in page and 'class="ind k-growth' in page
    drafts = tmp_path / "uploads" / "drafts"
    before = sorted(drafts.iterdir())
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>")
        zf.writestr("Doc_0/Res/padding.bin", bytes(20 * 1024 * 1024))
    r = c.post("/import", files={"file": ("bomb.ofd", bomb.getvalue(), "application/octet-stream")},
               data={"csrf_token": token})
    assert r.status_code == 400 and "zip 炸弹" in r.text
    assert sorted(drafts.iterdir()) == before  # nothing kept of the refused file


def test_segments_cut_at_low_confidence_text() -> None:
    start = TEXT.index("新增就业")
    items = [{"id": 1, "data": {"span": [TEXT.index("6%"), TEXT.index("6%") + 2]}}]
    lines = segments(TEXT, items, [OcrSpan(start, start + 4, 0.61)])
    runs = lines[1]
    assert "".join(r["text"] for r in runs) == TEXT.split("\n")[1]
    low = [r for r in runs if r["low"] is not None]
    assert [(r["text"], r["low"]) for r in low] == [("新增就业", 0.61)]
    assert all(TEXT[r["start"] : r["start"] + len(r["text"])] == r["text"] for r in runs)


def test_low_confidence_text_highlighted_and_numbers_wait(env: Env, tmp_path: Path) -> None:
    # A draft whose text came from OCR (here: its saved reading is given OCR lines by hand).
    c = env.client()
    token = login(c, "admin")
    url = upload(c, token, "scan.txt", TEXT.encode())
    draft_dir = tmp_path / "uploads" / "drafts" / url.rsplit("/", 1)[1]
    record = json.loads((draft_dir / "document.json").read_text(encoding="utf-8"))
    line = TEXT.index("地区")
    record["ocr"] = [[line, len(TEXT) - 1, 0.97], [0, line - 1, 0.55]]
    (draft_dir / "document.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    state = json.loads((draft_dir / "state.json").read_text(encoding="utf-8"))
    for it in state["items"]:
        it["unconfirmed"] = True
        it["data"]["ocr_confidence"] = 0.97
    (draft_dir / "state.json").write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")

    page = c.get(url).text
    assert re.search(r'<span class="ocr-low" data-s="0" title="OCR 置信度 55%[^"]*">二、2024年工作安排</span>', page)
    assert page.count('<span class="tag tag-ocr">OCR 待确认</span>') == len(state["items"])
    assert "对照原件，确认无误" in page
    n = len(state["items"])
    assert n >= 2

    r = c.post(f"{url}/commit", data={"csrf_token": token, "region": "某县", "year": "2024"})
    assert r.status_code == 400
    assert f"还有 {n} 个由 OCR 识别的数字未确认" in r.text
    assert 'value="某县"' in r.text  # the form keeps what was typed

    first, *rest = state["items"]
    r = c.post(f"{url}/items/{first['id']}/confirm", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    for it in rest:  # saving the correction form also confirms the number
        d = it["data"]
        form = {"csrf_token": token, "subject": d["subject"], "value": str(d["value"]), "unit": d["unit"],
                "kind": d["kind"], "stance": d["stance"], "bound": d["bound"], "year": str(d["year"] or "")}
        assert c.post(f"{url}/items/{it['id']}", data=form, follow_redirects=False).status_code == 303
    page = c.get(url).text
    assert "tag-ocr" not in page and page.count("OCR 已确认") == len(state["items"])
    log = [json.loads(x) for x in (draft_dir / "corrections.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [x["item"] for x in log if x["action"] == "confirm"] == [it["id"] for it in state["items"]]
    r = c.post(f"{url}/commit", data={"csrf_token": token, "region": "某县", "year": "2024"}, follow_redirects=False)
    assert r.status_code == 303, r.text[:400]


@pytest.mark.slow
@pytest.mark.skipif(find_spec("rapidocr_onnxruntime") is None, reason="RapidOCR is not installed (make test installs it)")
def test_scanned_report_upload(env: Env) -> None:
    c = env.client()
    token = login(c, "admin")
    pdf = image_pdf(render_pages([p for p in sample_text().splitlines() if p.strip()]))
    url = upload(c, token, "qinglan-scan.pdf", pdf)
    page = c.get(url).text
    assert "由 OCR 从图片识别" in page
    assert page.count('<span class="tag tag-ocr">OCR 待确认</span>') > 20
    r = c.post(f"{url}/commit", data={"csrf_token": token, "region": "青岚县", "year": "2024"})
    assert r.status_code == 400 and "未确认" in r.text

"""导入: upload a report, review the extraction beside the text, correct it, commit it to the ledger."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from luoshi.errors import InvalidInput, LuoshiError
from luoshi.web import store
from luoshi.web.deps import AdminUser, IdPath, SessionDep
from luoshi.web.drafts import (
    ACCEPTED,
    LOW_CONFIDENCE,
    Draft,
    DraftStore,
    add,
    check_report_upload,
    confirm,
    correct,
    find_mention,
    reject,
)
from luoshi.web.jobs import progress, state_of
from luoshi.web.messages import zh
from luoshi.web.render import flash, render
from luoshi.web.security import check_csrf
from luoshi.web.textruns import segments

router = APIRouter(prefix="/import", dependencies=[Depends(check_csrf)], include_in_schema=False)


def drafts(request: Request) -> DraftStore:
    store_: DraftStore = request.app.state.drafts
    return store_


async def read_upload(upload: UploadFile, max_bytes: int) -> bytes:
    """At most `max_bytes` + 1 bytes: enough to know the file is too big without holding all of it."""
    data = await upload.read(max_bytes + 1)
    await upload.close()
    return data


@router.get("")
def import_page(request: Request, user: AdminUser) -> Response:
    return render(request, "import_list.html", {"drafts": drafts(request).list(), "error": None, "accepted": ACCEPTED})


@router.post("")
async def upload_report(request: Request, user: AdminUser,
                        file: Annotated[UploadFile | None, File()] = None) -> Response:
    """Read the upload off the event loop (a broken file is refused here, with a message), then extract it
    in the background: the answer comes at once, the draft's page shows the progress."""
    settings = request.app.state.settings
    max_bytes = settings.max_upload_mb * 1024 * 1024
    if file is None or not file.filename:
        return render(request, "import_list.html", {"drafts": drafts(request).list(), "accepted": ACCEPTED,
                                                    "error": "请选择要上传的报告文件"}, status_code=400)
    data = await read_upload(file, max_bytes)
    filename = file.filename or ""
    try:
        fmt = check_report_upload(filename, data, max_bytes)
        # Reading (OCR of a scan, a LibreOffice conversion: seconds to minutes) off the event loop.
        draft = await run_in_threadpool(drafts(request).stage, filename, data, fmt, user.username)
    except LuoshiError as e:
        # Shown on the page as a message, never a traceback.
        return render(request, "import_list.html",
                      {"drafts": drafts(request).list(), "error": f"无法导入“{filename}”：{zh(e.message)}",
                       "accepted": ACCEPTED}, status_code=400)
    job = request.app.state.jobs.extract(draft)
    with contextlib.suppress(TimeoutError):  # a small report is done at once; a large one shows progress
        await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(job)), settings.import_wait_seconds)
    if job.done() and draft.meta.get("state") == "ready":
        warning = draft.meta.get("warning")
        message = f"已读取“{filename}”，抽取到 {len(draft.items)} 个指标，请核对后提交台账。"
        if draft.meta.get("ocr"):
            message += f"其中 {len(draft.unconfirmed())} 个数字由 OCR 识别，须逐一对照原件确认。"
        flash(request, warning or message, "warn" if warning or draft.meta.get("ocr") else "ok")
    return RedirectResponse(f"/import/{draft.id}", status_code=303)


def _view_context(draft: Draft) -> dict[str, Any]:
    doc = draft.doc
    live = draft.live()
    low = [o for o in doc.ocr if o.confidence < LOW_CONFIDENCE]
    counts = {"total": len(draft.items), "live": len(live), "unconfirmed": len(draft.unconfirmed()),
              "target": sum(1 for it in live if it["data"]["stance"] == "target"),
              "rejected": sum(1 for it in draft.items if it["status"] == "rejected"),
              "corrected": sum(1 for it in draft.items if it["status"] == "corrected"),
              "added": sum(1 for it in draft.items if it["origin"] == "added")}
    # Region and year as the report says them of itself, for the office to confirm or change.
    facts = doc.facts
    committed = draft.meta.get("committed") or {}
    year = committed.get("year") or facts.year
    return {"draft": draft, "lines": segments(doc.text, live, low), "items": draft.items, "counts": counts,
            "planned": planned_targets(draft, year),
            "year": year, "sections": [s for s in doc.sections if s.level == 1],
            "ocr": bool(doc.ocr), "low_lines": len(low), "low_confidence": LOW_CONFIDENCE, "commit_error": None,
            "region": committed.get("region") or facts.region or "", "facts": facts}


TYPE_WORDS = {"quantified": "量化指标", "item": "民生实事", "task": "定性任务"}


def planned_targets(draft: Draft, year: int | None) -> list[tuple[str, int]]:
    """What the commit will file, by kind (量化指标, 民生实事, 定性任务): the ledger's own drafting rules on
    the indicators as corrected, so the office sees the qualitative tasks too before committing."""
    from luoshi.extract.model import Indicator
    from luoshi.ledger.rules.drafting import plan_targets

    if year is None:
        return []
    drafts = plan_targets(draft.doc, [Indicator.from_dict(it["data"]) for it in draft.live()], int(year))
    return [(word, sum(1 for d in drafts if d.type == t)) for t, word in TYPE_WORDS.items()]


@router.get("/{draft_id}")
def view_draft(request: Request, user: AdminUser, draft_id: str) -> Response:
    draft = drafts(request).get(draft_id)
    if state_of(draft.meta) != "ready":
        return render(request, "import_job.html", {"draft": draft, "job": progress(draft.meta)})
    return render(request, "import_view.html", _view_context(draft))


@router.get("/{draft_id}/status.json")
def draft_status(request: Request, user: AdminUser, draft_id: str) -> dict[str, Any]:
    """The extraction job's progress, for the page's script (the page also refreshes itself without it)."""
    return progress(drafts(request).get(draft_id).meta)


@router.post("/{draft_id}/items/{item_id}")
async def correct_item(request: Request, user: AdminUser, draft_id: str, item_id: IdPath) -> Response:
    form = await request.form()
    raw = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
    if "optional" not in raw:
        raw["optional"] = ""

    def work() -> None:
        with drafts(request).edit(draft_id) as draft:
            correct(draft, item_id, raw, user.username)

    try:
        await run_in_threadpool(work)  # a large draft takes a moment to load and save
    except InvalidInput as e:  # said on the draft's page (400), nothing changed
        return _refused(request, draft_id, f"指标 #{item_id} 未更正：{zh(e.message)}")
    flash(request, f"已更正指标 #{item_id}")
    return RedirectResponse(f"/import/{draft_id}#ind-{item_id}", status_code=303)


@router.post("/{draft_id}/items/{item_id}/confirm")
def confirm_item(request: Request, user: AdminUser, draft_id: str, item_id: IdPath) -> Response:
    with drafts(request).edit(draft_id) as draft:
        it = confirm(draft, item_id, user.username)
    flash(request, f"已确认 OCR 识别的数字 #{item_id}：{it['data']['mention']}")
    return RedirectResponse(f"/import/{draft_id}#ind-{item_id}", status_code=303)


@router.post("/{draft_id}/items/{item_id}/reject")
def reject_item(request: Request, user: AdminUser, draft_id: str, item_id: IdPath,
                restore: Annotated[str, Form()] = "") -> Response:
    with drafts(request).edit(draft_id) as draft:
        reject(draft, item_id, user.username, restore=bool(restore))
    flash(request, f"已{'恢复' if restore else '剔除'}指标 #{item_id}")
    return RedirectResponse(f"/import/{draft_id}#ind-{item_id}", status_code=303)


@router.post("/{draft_id}/add")
async def add_item(request: Request, user: AdminUser, draft_id: str) -> Response:
    form = await request.form()
    raw = {k: v for k, v in form.items() if isinstance(v, str) and k not in ("csrf_token", "start", "end", "mention")}
    start, end = str(form.get("start") or ""), str(form.get("end") or "")
    mention = str(form.get("mention") or "")

    def work() -> dict[str, Any]:
        with drafts(request).edit(draft_id) as draft:
            if start.isdigit() and end.isdigit():
                s, e = int(start), int(end)
                if mention and draft.doc.text[s:e] != mention:
                    raise InvalidInput("选中的文字与报告不符")
            else:
                taken = {tuple(it["data"]["span"]) for it in draft.live()}
                s, e = find_mention(draft.doc.text, mention, taken)
            return add(draft, s, e, raw, user.username)

    try:
        it = await run_in_threadpool(work)
    except InvalidInput as e:  # said on the draft's page (400), nothing added
        return _refused(request, draft_id, f"未能补录“{mention[:30]}”：{zh(e.message)}")
    flash(request, f"已添加指标 #{it['id']}：{it['data']['mention']}")
    return RedirectResponse(f"/import/{draft_id}#ind-{it['id']}", status_code=303)


@router.get("/{draft_id}/gold.jsonl")
def export_gold(request: Request, user: AdminUser, draft_id: str) -> Response:
    draft = drafts(request).get(draft_id)
    name = f"{draft.meta['doc_id']}.gold.jsonl"
    return PlainTextResponse(draft.gold_lines(), media_type="application/x-ndjson; charset=utf-8",
                             headers={"Content-Disposition": f"attachment; filename*=UTF-8''{_quote(name)}"})


@router.get("/{draft_id}/corrections.jsonl")
def export_corrections(request: Request, user: AdminUser, draft_id: str) -> Response:
    import json

    draft = drafts(request).get(draft_id)
    body = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in draft.corrections())
    name = f"{draft.meta['doc_id']}.corrections.jsonl"
    return PlainTextResponse(body, media_type="application/x-ndjson; charset=utf-8",
                             headers={"Content-Disposition": f"attachment; filename*=UTF-8''{_quote(name)}"})


@router.post("/{draft_id}/commit")
def commit_draft(request: Request, user: AdminUser, session: SessionDep, draft_id: str,
                 region: Annotated[str, Form(max_length=100)] = "",
                 year: Annotated[str, Form(max_length=10)] = "") -> Response:
    draft = drafts(request).ready(draft_id)
    try:
        if not region.strip():
            raise InvalidInput("请填写地区，如 黔南州")
        if not (year.strip().isdigit() and 1949 <= int(year) <= 2100):
            raise InvalidInput(f"年度应为 1949—2100 之间的四位数字，不是“{year[:10]}”")
        result = store.commit_import(session, draft, region.strip(), int(year), user)
    except InvalidInput as e:  # said at the commit form, inputs kept
        session.rollback()
        ctx = _view_context(draft)
        ctx.update(region=region, year=year, commit_error=zh(e.message))
        return render(request, "import_view.html", ctx, status_code=400)
    year_n = int(year)
    draft.meta["committed"] = {"report_id": result["report_id"], "by": user.username, "region": region, "year": year_n}
    draft.save()
    warnings = result.get("warnings") or []
    flash(request, result["message"] + "".join(f"注意：{w}。" for w in warnings), "warn" if warnings else "ok")
    return RedirectResponse(f"/ledger?report={result['report_id']}", status_code=303)


def _refused(request: Request, draft_id: str, message: str) -> Response:
    """The draft's page again, with why an edit was refused where the page's messages are shown."""
    ctx = _view_context(drafts(request).ready(draft_id))
    ctx["flash"] = {"message": message, "kind": "error"}
    return render(request, "import_view.html", ctx, status_code=400)


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)

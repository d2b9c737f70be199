"""Import drafts: an uploaded report, its extraction and the office's corrections, kept on disk.

A draft lives in `<data_dir>/drafts/<id>/`: the source file, `meta.json`, `state.json` (the indicator
list with each item's status) and `corrections.jsonl` (every edit: who, when, before, after). The
corrected list exports as gold-format JSON Lines, new training data for the extractor.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import secrets
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from luoshi.document import Document, build, read_bytes
from luoshi.document.model import OcrSpan, SourcePart
from luoshi.document.readers import REPORT_EXTENSIONS, sniff
from luoshi.errors import InvalidInput, NotFound, ReadError
from luoshi.extract.model import BOUNDS, KINDS, STANCES

GOLD_FIELDS = ("doc", "span", "mention", "subject", "subject_full", "value", "value_max", "unit", "kind",
               "stance", "bound", "year", "optional")
EDITABLE = ("subject", "subject_full", "value", "value_max", "unit", "kind", "stance", "bound", "year", "optional")
_ID = re.compile(r"^[0-9a-f]{16}$")
log = logging.getLogger("luoshi.web")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _write_json(path: Path, data: Any) -> None:
    # Write then rename: a crash never leaves a half-written state file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
    os.replace(tmp, path)


ACCEPTED = "、".join(REPORT_EXTENSIONS)  # .txt、.docx、.pdf … for messages and the file picker
LOW_CONFIDENCE = 0.9  # OCR text below this confidence is highlighted on the import page for checking


# What a sniffed content is, for the message refusing it.
KIND_NAMES = {"txt": "纯文本", "docx": " Word 文档（.docx）", "doc": " Word 97–2003 文档（.doc）", "pdf": " PDF 文件",
              "html": "网页", "rtf": " RTF 文档", "odt": " OpenDocument 文档", "ofd": " OFD 文件", "image": "图片",
              "foreign": "压缩包、程序或其他二进制文件（不是报告）"}


def check_report_upload(filename: str, data: bytes, max_bytes: int) -> str:
    """The format of an uploaded report, checked by content against its extension; InvalidInput if refused."""
    ext = Path(filename or "").suffix.lower()
    if ext not in REPORT_EXTENSIONS:
        raise InvalidInput(f"只接受 {ACCEPTED} 文件 / only {' '.join(REPORT_EXTENSIONS)}")
    if not data:
        raise InvalidInput("文件为空 / empty file")
    if len(data) > max_bytes:
        raise InvalidInput(f"文件过大（上限 {max_bytes // (1024 * 1024)} MB）/ file too large")
    found = sniff(data)
    expected = REPORT_EXTENSIONS[ext]
    # Word and WPS save RTF and web pages under a .doc name too.
    if found != expected and not (expected == "doc" and found in ("rtf", "html")):
        raise InvalidInput(f"文件内容与扩展名不符：内容像{KIND_NAMES.get(found, found)}，扩展名却是 {ext}"
                           " / content does not match extension")
    return found


@dataclass
class Draft:
    id: str
    root: Path
    meta: dict[str, Any]
    items: list[dict[str, Any]] = field(default_factory=list)
    _doc: Document | None = None

    @property
    def doc(self) -> Document:
        """The report as read at upload, kept in `document.json`: reading again could mean minutes of
        OCR or a LibreOffice run on every page view. Drafts from before it are read again."""
        if self._doc is None:
            saved = self.root / "document.json"
            if saved.exists():
                self._doc = document_from(json.loads(saved.read_text(encoding="utf-8")))
            else:
                data = (self.root / self.meta["source"]).read_bytes()
                self._doc = read_bytes(data, self.meta["doc_id"], self.meta["filename"])
        return self._doc

    def unconfirmed(self) -> list[dict[str, Any]]:
        """Live indicators whose number was read by OCR and no one has confirmed yet."""
        return [it for it in self.live() if it.get("unconfirmed")]

    def item(self, item_id: int) -> dict[str, Any]:
        for it in self.items:
            if it["id"] == item_id:
                return it
        raise NotFound(f"指标不存在 / no indicator {item_id}")

    def live(self) -> list[dict[str, Any]]:
        return [it for it in self.items if it["status"] != "rejected"]

    def save(self) -> None:
        _write_json(self.root / "state.json", {"items": self.items})
        _write_json(self.root / "meta.json", self.meta)

    def log(self, user: str, action: str, item_id: int, before: Any, after: Any) -> None:
        rec = {"time": _now(), "user": user, "action": action, "item": item_id, "before": before, "after": after}
        with open(self.root / "corrections.jsonl", "a", encoding="utf-8") as f:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")

    def corrections(self) -> list[dict[str, Any]]:
        path = self.root / "corrections.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def gold_lines(self) -> str:
        """Every indicator kept after review, in the gold files' field order, sorted by span."""
        out = []
        for it in sorted(self.live(), key=lambda it: (it["data"]["span"][0], it["data"]["span"][1], it["id"])):
            d = it["data"]
            rec = {k: d.get(k) for k in GOLD_FIELDS if k in d}
            rec["doc"] = self.meta["doc_id"]
            rec["optional"] = bool(d.get("optional", False))
            for k in ("subject_full", "value_max"):
                if rec.get(k) in (None, ""):
                    rec.pop(k, None)
            out.append(json.dumps(rec, ensure_ascii=False))
        return "\n".join(out) + ("\n" if out else "")


class DraftStore:
    def __init__(self, root: Path) -> None:
        self.root = root / "drafts"

    def stage(self, filename: str, data: bytes, fmt: str, user: str) -> Draft:
        """Read an uploaded report (ReadError for a broken file: nothing is kept) and keep it as a draft
        waiting for extraction (`meta["state"] == "extracting"`); `extract_into` fills it."""
        stem = re.sub(r"[^\w\-.]+", "_", Path(filename).stem)[:80] or "report"
        doc = read_bytes(data, stem, filename)  # ReadError propagates: shown to the user as a message
        draft_id = secrets.token_hex(8)
        root = self.root / draft_id
        root.mkdir(parents=True, exist_ok=False)
        source = f"source.{fmt}"
        (root / source).write_bytes(data)
        _write_json(root / "document.json", document_record(doc))
        meta = {"id": draft_id, "filename": filename, "doc_id": stem, "format": fmt, "source": source,
                "uploaded_by": user, "uploaded_at": _now(), "committed": None, "chars": len(doc.text),
                "ocr": bool(doc.ocr), "state": "extracting", "job": None}
        draft = Draft(draft_id, root, meta, [], doc)
        draft.save()
        return draft

    def get(self, draft_id: str) -> Draft:
        if not _ID.match(draft_id):
            raise NotFound("导入记录不存在 / no such import")
        root = self.root / draft_id
        try:
            meta = json.loads((root / "meta.json").read_text(encoding="utf-8"))
            state = json.loads((root / "state.json").read_text(encoding="utf-8"))
        except FileNotFoundError as e:
            raise NotFound("导入记录不存在 / no such import") from e
        return Draft(draft_id, root, meta, state["items"])

    def ready(self, draft_id: str) -> Draft:
        """The draft, refused while its extraction is still running or has failed."""
        draft = self.get(draft_id)
        if state_of(draft.meta) != "ready":
            raise InvalidInput("该报告的指标抽取尚未完成，请稍候再操作")
        return draft

    @contextmanager
    def edit(self, draft_id: str) -> Iterator[Draft]:
        """The draft, read afresh under a lock on its folder: two people correcting the same draft (in any
        worker process) both keep their edits instead of the later save overwriting the earlier."""
        draft = self.get(draft_id)
        with open(draft.root / "lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield self.ready(draft_id)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def list(self) -> list[dict[str, Any]]:
        if not self.root.exists():
            return []
        metas = []
        for p in self.root.iterdir():
            try:
                meta = json.loads((p / "meta.json").read_text(encoding="utf-8"))
                meta["state"] = state_of(meta)
                metas.append(meta)
            except (OSError, ValueError):
                continue
        return sorted(metas, key=lambda m: m.get("uploaded_at", ""), reverse=True)


def state_of(meta: dict[str, Any]) -> str:
    """`ready`, `extracting` or `failed`; a job whose worker process is gone counts as failed."""
    state = str(meta.get("state") or "ready")
    if state == "extracting" and not _alive(meta.get("job") or {}):
        return "failed"
    return state


def _alive(job: dict[str, Any]) -> bool:
    if job.get("host") != socket.gethostname() or not isinstance(job.get("pid"), int):
        return True  # another machine's job: trust its state
    try:
        os.kill(job["pid"], 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def extract_into(draft: Draft) -> str | None:
    """Extract the draft's indicators and mark it ready; returns a warning when extraction could not run."""
    indicators, warning = run_extractor(draft.doc)
    # A number read by OCR waits for a person to confirm it against the paper before the commit.
    draft.items = [{"id": i + 1, "origin": "extracted", "status": "ok", "data": d,
                    **({"unconfirmed": True} if d.get("ocr_confidence") is not None else {})}
                   for i, d in enumerate(indicators)]
    draft.meta.update(state="ready", warning=warning)
    draft.save()
    return warning


def run_extractor(doc: Document) -> tuple[list[dict[str, Any]], str | None]:
    import luoshi

    try:
        inds = luoshi.extract(doc)
    except ModuleNotFoundError as e:
        if e.name and e.name.startswith("luoshi.extract"):
            return [], "抽取器尚未安装，可手工添加指标 / extractor not available"
        raise
    except Exception as e:  # an extractor bug must not lose the upload: the office can still add by hand
        log.exception("extraction failed on %s", doc.id)
        return [], f"自动抽取出错（{type(e).__name__}），已保留原文，可手工添加指标 / extraction failed"
    return [ind.to_dict() for ind in inds], None


def _num(v: Any, name: str, *, allow_none: bool) -> float | None:
    if v is None or (isinstance(v, str) and not v.strip()):
        if allow_none:
            return None
        raise InvalidInput(f"{name} 不能为空 / {name} required")
    try:
        return float(str(v).strip().replace(",", ""))
    except ValueError as e:
        raise InvalidInput(f"{name} 不是数字 / {name} is not a number: {v}") from e


def clean_fields(raw: dict[str, Any], current: dict[str, Any] | None = None) -> dict[str, Any]:
    """Validate user-entered indicator fields; unknown keys are ignored, bad values raise InvalidInput."""
    out: dict[str, Any] = {}
    for key in EDITABLE:
        if key not in raw:
            continue
        v = raw[key]
        if key in ("subject", "unit", "subject_full"):
            s = str(v or "").strip()
            if key == "subject" and not s:
                raise InvalidInput("指标名称不能为空 / subject required")
            if len(s) > 200:
                raise InvalidInput(f"{key} 过长 / too long")
            out[key] = s if (s or key != "subject_full") else None
        elif key == "value":
            out[key] = _num(v, "数值 value", allow_none=False)
        elif key == "value_max":
            out[key] = _num(v, "上限 value_max", allow_none=True)
        elif key == "year":
            y = _num(v, "年份 year", allow_none=True)
            if y is not None and not 1949 <= y <= 2100:
                raise InvalidInput("年份超出范围 / year out of range")
            out[key] = int(y) if y is not None else None
        elif key in ("kind", "stance", "bound"):
            allowed = {"kind": KINDS, "stance": STANCES, "bound": BOUNDS}[key]
            if v not in allowed:
                raise InvalidInput(f"{key} 取值无效 / invalid {key}: {v}")
            out[key] = v
        elif key == "optional":
            out[key] = v in (True, "1", "true", "on", "yes")
    bound = out.get("bound", (current or {}).get("bound"))
    if bound == "range" and out.get("value_max", (current or {}).get("value_max")) is None:
        raise InvalidInput("区间指标需要上限 value_max / a range needs value_max")
    return out


def correct(draft: Draft, item_id: int, raw: dict[str, Any], user: str) -> dict[str, Any]:
    """Save the fields a person checked: changed ones are corrections, and an OCR number is confirmed."""
    it = draft.item(item_id)
    fields = clean_fields(raw, it["data"])
    before = {k: it["data"].get(k) for k in fields}
    changed = {k: v for k, v in fields.items() if before.get(k) != v}
    if changed:
        it["data"].update(changed)
        it["status"] = "corrected"
        draft.log(user, "correct", item_id, {k: before[k] for k in changed}, changed)
    if changed or it.get("unconfirmed"):
        _confirm(draft, it, user)
        draft.save()
    return it


def confirm(draft: Draft, item_id: int, user: str) -> dict[str, Any]:
    """A person checked an OCR number against the paper and it is right."""
    it = draft.item(item_id)
    if it.get("unconfirmed"):
        _confirm(draft, it, user)
        draft.save()
    return it


def _confirm(draft: Draft, it: dict[str, Any], user: str) -> None:
    if it.pop("unconfirmed", False):
        it["confirmed_by"] = user
        draft.log(user, "confirm", it["id"], it["data"].get("mention"), it["data"].get("value"))


def document_record(doc: Document) -> dict[str, Any]:
    """What a Document was read as, to rebuild it without reading the file again."""
    return {"id": doc.id, "text": doc.text, "path": doc.path, "format": doc.format, "encoding": doc.encoding,
            "sources": [[s.start, s.end, s.where, s.confidence] for s in doc.sources],
            "ocr": [[o.start, o.end, o.confidence] for o in doc.ocr]}


def document_from(rec: dict[str, Any]) -> Document:
    return build(Document(id=rec["id"], text=rec["text"], path=rec["path"], format=rec["format"],
                    encoding=rec["encoding"], sources=[SourcePart(*s) for s in rec["sources"]],
                    ocr=[OcrSpan(*o) for o in rec["ocr"]]))


def reject(draft: Draft, item_id: int, user: str, restore: bool = False) -> dict[str, Any]:
    it = draft.item(item_id)
    old = it["status"]
    it["status"] = ("corrected" if it.get("was_corrected") else "ok") if restore else "rejected"
    if not restore:
        it["was_corrected"] = old == "corrected"
    draft.log(user, "restore" if restore else "reject", item_id, old, it["status"])
    draft.save()
    return it


def add(draft: Draft, start: int, end: int, raw: dict[str, Any], user: str) -> dict[str, Any]:
    """A missed indicator on text the user selected: the span must index the report text exactly."""
    text = draft.doc.text
    if not 0 <= start < end <= len(text) or end - start > 40:
        raise InvalidInput("选中的文字位置无效（应为 1–40 个字符）/ bad selection")
    mention = text[start:end]
    if "\n" in mention:
        raise InvalidInput("选中的文字跨行 / selection spans lines")
    fields = clean_fields({"stance": "target", "bound": "exact", "kind": "amount", **raw})
    if "value" not in fields:
        raise InvalidInput("数值不能为空 / value required")
    path = [s.label for s in draft.doc.section_path(start)]
    data: dict[str, Any] = {
        "doc": draft.meta["doc_id"], "span": [start, end], "mention": mention, "subject": "", "value": 0.0,
        "unit": "", "kind": "amount", "stance": "target", "bound": "exact", "year": None, "subject_full": None,
        "value_max": None, "optional": False, "section": path, "sentence": _sentence_at(draft.doc, start),
        "part": draft.doc.part_at(start),
    }
    data.update(fields)
    new_id = max((it["id"] for it in draft.items), default=0) + 1
    it = {"id": new_id, "origin": "added", "status": "corrected", "data": data}
    draft.items.append(it)
    draft.log(user, "add", new_id, None, data)
    draft.save()
    return it


def find_mention(text: str, mention: str, taken: set[tuple[int, int]]) -> tuple[int, int]:
    """Fallback without JavaScript: the first occurrence of typed text not already an indicator."""
    mention = mention.strip()
    if not mention:
        raise InvalidInput("请选择或输入指标文字 / select or type the mention")
    pos = text.find(mention)
    while pos >= 0:
        if (pos, pos + len(mention)) not in taken:
            return pos, pos + len(mention)
        pos = text.find(mention, pos + 1)
    raise InvalidInput(f"报告中找不到“{mention}” / not found in the report")


def _sentence_at(doc: Document, pos: int) -> str:
    for s in doc.sentences:
        if s.span.contains(pos):
            return s.text
    return ""


def validate_id(draft_id: str) -> str:
    if not _ID.match(draft_id):
        raise NotFound("导入记录不存在 / no such import")
    return draft_id


__all__ = ["Draft", "DraftStore", "ReadError", "check_report_upload"]

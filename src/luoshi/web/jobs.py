"""Report extraction off the event loop: an upload is read, kept as a draft marked `extracting`, and
extracted in a worker thread while the server goes on answering. The draft's `meta.json` holds the
job's state, so any worker process shows the same progress page; a job whose process died is seen as
failed, never as running for ever.

An 8 MB report takes about 15 s to extract; the page shows the stage, the time so far and an estimate.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from luoshi.errors import LuoshiError
from luoshi.web.drafts import Draft, extract_into, state_of

log = logging.getLogger("luoshi.web")

# Characters extracted per second on a modest server (2 cores): only for the estimate on the page.
CHARS_PER_SECOND = 150_000


class JobRunner:
    """A small pool of worker threads for extraction (one by default: imports are rare, and a second one
    would only slow the first)."""

    def __init__(self, workers: int = 1) -> None:
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="luoshi-import")

    def extract(self, draft: Draft) -> Future[None]:
        draft.meta["job"] = {"kind": "extract", "started_at": _now(), "pid": os.getpid(), "host": socket.gethostname()}
        draft.save()
        return self._pool.submit(_run_extraction, draft)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _run_extraction(draft: Draft) -> None:
    started = time.perf_counter()
    try:
        extract_into(draft)
    except LuoshiError as e:
        _fail(draft, e.message)
    except Exception as e:  # a bug must not leave the draft marked as running
        log.exception("extraction job failed for draft %s", draft.id)
        _fail(draft, f"抽取出错（{type(e).__name__}），请重新上传或联系管理员")
    else:
        draft.meta["job"] = {**(draft.meta.get("job") or {}), "seconds": round(time.perf_counter() - started, 1)}
        draft.save()


def _fail(draft: Draft, message: str) -> None:
    draft.meta.update(state="failed", error=message)
    draft.save()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def progress(meta: dict[str, Any]) -> dict[str, Any]:
    """What the progress page shows: stage, seconds so far, an estimated percent (never 100 before done)."""
    job = meta.get("job") or {}
    try:
        started = datetime.fromisoformat(job["started_at"])
        elapsed = max(0.0, (datetime.now(UTC) - started).total_seconds())
    except (KeyError, TypeError, ValueError):
        elapsed = 0.0
    expected = max(1.0, int(meta.get("chars") or 0) / CHARS_PER_SECOND)
    percent = min(95, int(100 * elapsed / expected))
    state = state_of(meta)
    error = meta.get("error") or ("导入进程已中止，请重新上传" if state == "failed" else None)
    return {"state": state, "elapsed": int(elapsed), "expected": int(expected) + 1, "percent": percent,
            "chars": int(meta.get("chars") or 0), "error": error}

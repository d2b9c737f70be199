"""Run one task per report file in worker processes or on a Dask cluster, results as they finish.

    for res in results(jobs, task, args, workers=4):              # a local process pool
    for res in results(jobs, task, args, scheduler="tcp://…:8786"):  # a Dask cluster

A job is (path, name, sha256 or ""); `task(data, name, digest, *args)` runs in a worker and returns a
dict with "ok" (a failure is a result, never an exception). Bytes are read only when a job is
submitted (memory holds a window of files, never the corpus) and sent to the workers, so a cluster
needs no shared file system. A file that kills its worker process breaks a local pool: the jobs in
flight are run again one by one in a fresh pool, so only the file that breaks it again fails.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from luoshi.errors import InvalidInput

Job = tuple[Path, str, str]
Task = Callable[..., dict[str, Any]]


def load(job: Job) -> tuple[bytes, str, str] | dict[str, Any]:
    """The job's bytes, or a failed result (unreadable, or changed since it was hashed)."""
    path, name, digest = job
    try:
        data = path.read_bytes()
    except OSError as e:
        return failed(job, f"无法读取 / cannot read: {e.strerror}")
    if digest and hashlib.sha256(data).hexdigest() != digest:
        return failed(job, "文件在处理中被修改 / file changed during the run")
    return data, name, digest


def failed(job: Job, error: str) -> dict[str, Any]:
    return {"ok": False, "hash": job[2], "file": job[1], "error": error}


def results(
    jobs: list[Job],
    task: Task,
    args: tuple[Any, ...] = (),
    *,
    workers: int = 1,
    scheduler: str | None = None,
    timeout: float = 20.0,
) -> Iterator[dict[str, Any]]:
    if not jobs:
        return iter(())
    if scheduler:
        return _dask(jobs, task, args, scheduler, timeout)
    return _local(jobs, task, args, min(workers, len(jobs)))


def _local(jobs: list[Job], task: Task, args: tuple[Any, ...], workers: int) -> Iterator[dict[str, Any]]:
    if workers <= 1:
        for job in jobs:
            loaded = load(job)
            yield loaded if isinstance(loaded, dict) else task(*loaded, *args)
        return
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    window = workers * 4
    queue: deque[Job] = deque(jobs)
    suspects: deque[Job] = deque()  # in flight when the pool broke: each is run again alone
    pending: dict[Future[dict[str, Any]], Job] = {}
    pool = ProcessPoolExecutor(max_workers=workers)

    def fresh_pool() -> ProcessPoolExecutor:
        pool.shutdown(wait=False, cancel_futures=True)
        return ProcessPoolExecutor(max_workers=workers)

    try:
        while queue or suspects or pending:
            if suspects and not pending:
                job = suspects.popleft()
                loaded = load(job)
                if isinstance(loaded, dict):
                    yield loaded
                    continue
                try:
                    yield pool.submit(task, *loaded, *args).result()
                except BrokenProcessPool as e:
                    yield failed(job, f"worker failed: {e!r}")
                    pool = fresh_pool()
                continue
            while queue and not suspects and len(pending) < window:
                job = queue.popleft()
                loaded = load(job)
                if isinstance(loaded, dict):
                    yield loaded
                    continue
                try:
                    pending[pool.submit(task, *loaded, *args)] = job
                except BrokenProcessPool:  # broke since the last wait: the futures in flight tell why
                    suspects.append(job)
                    break
            if not pending:
                if suspects:
                    pool = fresh_pool()
                continue
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken = False
            for fut in finished:
                job = pending.pop(fut)
                try:
                    yield fut.result()
                except BrokenProcessPool:
                    broken = True
                    suspects.append(job)
                except Exception as e:
                    yield failed(job, f"worker failed: {e!r}")
            if broken:
                suspects.extend(pending.values())
                pending.clear()
                pool = fresh_pool()
    finally:
        # Waited for (queued jobs cancelled, at most one running report per worker): a pool left to the
        # interpreter's exit hook may find its wake-up pipe closed and print a traceback (Bad file descriptor).
        pool.shutdown(wait=True, cancel_futures=True)


def _dask(jobs: list[Job], task: Task, args: tuple[Any, ...], scheduler: str, timeout: float) -> Iterator[dict[str, Any]]:
    try:
        from distributed import Client, as_completed
    except ImportError as e:  # pragma: no cover - dask is a dependency
        raise InvalidInput("需要安装 dask[distributed] / dask.distributed is not installed") from e
    try:
        client = Client(scheduler, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as e:
        raise InvalidInput(f"无法连接 Dask 调度器 / cannot reach Dask scheduler {scheduler}: {e}") from e
    try:
        window = max(8, 4 * sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()))
        it = iter(jobs)
        of: dict[Any, Job] = {}
        queue = as_completed()
        early: list[dict[str, Any]] = []  # files that failed to load, reported between results

        def submit() -> bool:
            while True:
                job = next(it, None)
                if job is None:
                    return False
                loaded = load(job)
                if isinstance(loaded, dict):
                    early.append(loaded)
                    continue
                fut = client.submit(task, *loaded, *args, pure=False)
                of[fut.key] = job
                queue.add(fut)
                return True

        for _ in range(window):
            if not submit():
                break
        yield from early
        early.clear()
        for fut in queue:
            job = of.pop(fut.key)
            try:
                yield fut.result()
            except Exception as e:
                yield failed(job, f"worker failed: {e!r}")
            fut.release()
            submit()
            yield from early
            early.clear()
    finally:
        client.close()


def progress(results: Iterator[dict[str, Any]], total: int, show: bool, label: str) -> Iterator[dict[str, Any]]:
    """`results` with a progress bar on stderr when `show` and there is more than one file."""
    if not show or total < 2:
        yield from results
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        for res in results:
            bar.advance(task)
            yield res

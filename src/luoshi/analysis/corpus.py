"""Corpus mode: every report under a folder → tables of reports, indicators and promises.

    run(src, out, metadata=None, workers=None, scheduler=None) -> CorpusResult

Each file is read and extracted in a worker process (concurrent.futures by default, a Dask cluster
when `scheduler` is given; `analysis.runner`). The job is resumable: `out/state.jsonl` lists the hash of every file
done and `out/parts/<hash>.json` keeps its result, so a re-run extracts only new or changed files.
A file that fails is logged in `out/errors.log` and skipped, never fatal (`fresh=True` redoes every
file). Region and year come from the metadata CSV when given, else from the text (the people's
congress line, the title, the head of government's line; the year from `report_year`: plan or review
heading, title, date) and last from the file name (`qiannan-2024`). Promises pair a region's report
of year N with its report of year N+1 by `region_key` (黔南布依族苗族自治州 = 黔南州). Tables: `reports`, `indicators`, `promises` as Parquet and CSV (UTF-8 with BOM
for Excel), written to temporary names and renamed, so a table is never half-written.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from luoshi.analysis import runner
from luoshi.document.readers import REPORT_EXTENSIONS
from luoshi.errors import InvalidInput, LuoshiError
from luoshi.files import replacing

SUFFIXES = frozenset(REPORT_EXTENSIONS)
STATE = "state.jsonl"
PARTS = "parts"
ERRORS = "errors.log"
TABLES = ("reports", "indicators", "promises")
# Bump when the part format or the extractor changes what a part holds: older parts are redone.
PART_VERSION = 2  # 2: records carry their catalogue indicator

_CONGRESS = re.compile(
    r"在(?P<r>[^\s，,。、；：“”\"（）()—]{2,30}?)第[一二三四五六七八九十百〇零\d]+届人民代表大会"
)
_HEAD_OF = re.compile(
    r"^\s*(?P<r>[\u4e00-\u9fff]{2,20}?)(?:人民政府)?(?:代理|代)?(?:省长|市长|县长|区长|州长|旗长|盟长|主席)[\s　]",
    re.M,
)
_TITLE = re.compile(r"^\s*(?P<line>[^\n]{0,60}?政府工作报告)", re.M)
_YEAR_WORD = re.compile(r"(?:19|20)\d\d\s*年(?:度)?")
_FILE = re.compile(r"^(?P<r>.+?)[-_ .]?(?P<y>(?:19|20)\d\d)$")
_TRIM = re.compile(r"^[\s“”\"《》——\-]+|[\s“”\"《》——\-]+$")


@dataclass
class CorpusResult:
    files: int = 0
    done: int = 0  # extracted in this run
    skipped: int = 0  # already done in an earlier run
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    out: str = ""

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


# ---- region and year -------------------------------------------------------------------------------


def _clean_region(r: str) -> str | None:
    r = _TRIM.sub("", _YEAR_WORD.sub("", r))
    for tail in ("两会", "人民政府", "政府", "人民"):
        if r.endswith(tail):
            r = r[: -len(tail)]
    r = _TRIM.sub("", r)
    if 2 <= len(r) <= 20 and all("\u4e00" <= c <= "\u9fff" for c in r):
        return r
    return None


def region_from_text(norm: str) -> str | None:
    """The region a report is for: the people's congress line, else the title line, else the line
    naming the head of government (`甘肃省代省长 某某`)."""
    head = norm[:1500]
    m = _CONGRESS.search(head)
    if m:
        r = _clean_region(m.group("r"))
        if r:
            return r
    m = _TITLE.search(head)
    if m:
        r = _clean_region(m.group("line")[: -len("政府工作报告")])
        if r:
            return r
    m = _HEAD_OF.search(head)
    return _clean_region(m.group("r")) if m else None


_AUTONOMOUS = re.compile(
    r"^(?P<place>[\u4e00-\u9fff]{2,}?)(?:[\u4e00-\u9fff]{1,4}族)+自治(?P<level>州|县|旗|区)$"
)


def region_key(region: str) -> str:
    """The name used to pair a region's reports across years: `黔南布依族苗族自治州` and `黔南州` are one."""
    from luoshi.document.normalize import fold

    r = fold(region).strip()
    m = _AUTONOMOUS.match(r)
    return m.group("place") + m.group("level") if m else r


def from_filename(stem: str) -> tuple[str | None, int | None]:
    """`qiannan-2024` → ('qiannan', 2024); a stem without a year gives (stem, None)."""
    m = _FILE.match(stem)
    if m:
        return m.group("r"), int(m.group("y"))
    return (stem or None), None


# ---- the worker ------------------------------------------------------------------------------------


def process_report(data: bytes, name: str, digest: str) -> dict[str, Any]:
    """Read and extract one report. Runs in a worker; never raises (a failure is a result)."""
    try:
        from luoshi.document import read_bytes, report_year
        from luoshi.extract import pipeline

        stem = Path(name).stem
        doc = read_bytes(data, stem, name)
        inds = pipeline.extract(doc)
        rows = []
        for ind in inds:
            d = ind.to_dict()
            d["section_path"] = (
                " > ".join(ind.section)
                if ind.section
                else " > ".join(s.label for s in doc.section_path(ind.span[0]))
            )
            rows.append(d)
        return {
            "ok": True,
            "version": PART_VERSION,
            "hash": digest,
            "file": name,
            "doc": doc.id,
            "format": doc.format,
            "chars": len(doc.text),
            "text_region": region_from_text(doc.norm),
            "text_year": report_year(doc),
            "indicators": rows,
        }
    except LuoshiError as e:
        return {"ok": False, "hash": digest, "file": name, "error": e.message}  # the name is logged beside it
    except Exception as e:  # one bad file must not stop the corpus
        return {"ok": False, "hash": digest, "file": name, "error": f"{type(e).__name__}: {e}"}


# ---- inputs and state ------------------------------------------------------------------------------


def list_reports(src: Path, out: Path | None = None) -> list[Path]:
    if not src.is_dir():
        raise InvalidInput(f"不是目录 / not a directory: {src}")
    skip = out.resolve() if out else None
    files = []
    for p in sorted(src.rglob("*")):
        # Hidden means a hidden name *under* the folder: `..` or `.` in the folder's own path is not one.
        hidden = any(x.startswith(".") for x in p.relative_to(src).parts)
        if not p.is_file() or p.suffix.lower() not in SUFFIXES or hidden:
            continue
        if skip and skip in p.resolve().parents:
            continue
        files.append(p)
    return files


def load_metadata(path: Path) -> dict[str, dict[str, Any]]:
    """Metadata CSV with columns `file` (path relative to DIR, or a file name, or a stem), `region`
    and `year` (or 文件, 地区, 年份); other columns are kept on the reports table."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise InvalidInput(f"无法读取元数据 CSV / cannot read metadata CSV: {e}") from e
    # Chinese headers work too.
    alias = {"文件": "file", "文件名": "file", "地区": "region", "年份": "year", "年度": "year"}
    rows = [{alias.get((k or "").strip(), (k or "").strip()): v for k, v in r.items()} for r in rows]
    if not rows or "file" not in rows[0]:
        raise InvalidInput("元数据 CSV 需要 file 列 / metadata CSV needs a 'file' column")
    meta: dict[str, dict[str, Any]] = {}
    for i, row in enumerate(rows, start=2):
        y = (row.get("year") or "").strip()
        if y and not y.isdigit():
            raise InvalidInput(f"元数据 CSV 第{i}行年份无效 / bad year on line {i}: {y!r}")
        row = {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items() if k}
        row["year"] = int(y) if y else None
        meta[row["file"]] = row
    return meta


def _meta_for(meta: dict[str, dict[str, Any]], rel: str) -> dict[str, Any]:
    p = Path(rel)
    for k in (rel, p.name, p.stem):
        if k in meta:
            return meta[k]
    return {}


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _read_state(out: Path) -> set[str]:
    done: set[str] = set()
    state = out / STATE
    if not state.exists():
        return done
    for line in state.read_text(encoding="utf-8").splitlines():
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by a crash: that file is simply redone
        if rec.get("status") == "done" and rec.get("version") == PART_VERSION:
            done.add(rec["hash"])
    return done


def _write_atomic(path: Path, write: Callable[[Path], object]) -> None:
    with replacing(path) as tmp:
        write(tmp)


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


# ---- running ---------------------------------------------------------------------------------------


def run(
    src: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    metadata: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool | None = None,
    band: Any = None,
    scheduler_timeout: float = 20.0,
    fresh: bool = False,
) -> CorpusResult:
    """Process every report under `src` into tables under `out` (see the module docstring)."""
    srcp, outp = Path(src), Path(out)
    files = list_reports(srcp, outp)
    if not files:
        exts = "、".join(sorted(SUFFIXES))
        raise InvalidInput(f"目录中没有报告文件（{exts}）：{srcp}")
    meta = load_metadata(Path(metadata)) if metadata else {}
    try:
        (outp / PARTS).mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InvalidInput(f"无法创建输出目录 / cannot create {outp}: {e.strerror}") from e
    done = set() if fresh else _read_state(outp)  # fresh: redo every file (e.g. after an upgrade)
    result = CorpusResult(files=len(files), out=str(outp))
    current: dict[str, str] = {}  # hash → relative path, for the files present now
    jobs: list[runner.Job] = []
    for p in files:
        rel = p.relative_to(srcp).as_posix()
        try:
            digest = _sha256(p)
        except OSError as e:
            result.failed += 1
            result.errors.append(f"{rel}: {e.strerror}")
            continue
        if digest in current:
            continue  # the same file twice: one report
        current[digest] = rel
        if digest in done and (outp / PARTS / f"{digest}.json").exists():
            result.skipped += 1
        else:
            jobs.append((p, rel, digest))

    # Never more processes than files (the runner's rule): starting a worker costs more than a report.
    # Nothing new: no pool, no cluster connection.
    results = runner.results(jobs, process_report, workers=workers if workers and workers > 0 else
                             (os.cpu_count() or 1), scheduler=scheduler, timeout=scheduler_timeout)
    show = progress if progress is not None else sys.stderr.isatty()
    with (
        (outp / STATE).open("a", encoding="utf-8") as state,
        (outp / ERRORS).open("a", encoding="utf-8") as log,
    ):
        for res in runner.progress(results, len(jobs), show, "抽取 extracting"):
            if res.get("ok"):
                part = outp / PARTS / f"{res['hash']}.json"
                _write_atomic(part, partial(_write_json, data=res))
                status = {"hash": res["hash"], "file": res["file"], "status": "done", "version": PART_VERSION}
                result.done += 1
            else:
                log.write(f"{res['file']}\t{res['error']}\n")
                log.flush()
                status = {"hash": res["hash"], "file": res["file"], "status": "failed", "error": res["error"]}
                result.failed += 1
                result.errors.append(f"{res['file']}: {res['error']}")
            state.write(json.dumps(status, ensure_ascii=False) + "\n")
            state.flush()

    tables = build_tables(outp, current, meta, band=band)
    write_tables(outp, tables)
    result.rows = {k: len(v) for k, v in tables.items()}
    return result


# ---- tables ----------------------------------------------------------------------------------------

_IND_FIELDS = (
    "doc", "span_start", "span_end", "mention", "subject", "subject_full", "indicator", "value", "value_max", "unit",
    "kind", "stance", "bound", "year", "optional", "part", "section_path", "sentence",
)  # fmt: skip


def build_tables(
    out: Path, current: dict[str, str], meta: dict[str, dict[str, Any]], *, band: Any = None
) -> dict[str, list[dict[str, Any]]]:
    from luoshi.analysis.review import review
    from luoshi.extract.model import Indicator

    reports: list[dict[str, Any]] = []
    indicators: list[dict[str, Any]] = []
    by_region_year: dict[tuple[str, int], tuple[dict[str, Any], list[Indicator]]] = {}
    for digest, rel in sorted(current.items(), key=lambda kv: kv[1]):
        part_path = out / PARTS / f"{digest}.json"
        if not part_path.exists():
            continue
        part = json.loads(part_path.read_text(encoding="utf-8"))
        m = _meta_for(meta, rel)
        f_region, f_year = from_filename(Path(rel).stem)
        region, region_src = _first(
            (m.get("region"), "metadata"), (part["text_region"], "text"), (f_region, "file")
        )
        year, year_src = _first((m.get("year"), "metadata"), (part["text_year"], "text"), (f_year, "file"))
        inds = [Indicator.from_dict(d) for d in part["indicators"]]
        rep = {
            "report_id": digest[:16],
            "file": rel,
            "doc": part["doc"],
            "format": part["format"],
            "region": region,
            "report_year": year,
            "region_source": region_src,
            "year_source": year_src,
            "chars": part["chars"],
            "indicators": len(inds),
            "targets": sum(1 for i in inds if i.stance == "target"),
            "actuals": sum(1 for i in inds if i.stance == "actual"),
            "sha256": digest,
        }
        # Other metadata columns (level, province …) ride along on the reports table.
        rep.update({k: v for k, v in m.items() if k not in rep and k not in ("file", "year")})
        reports.append(rep)
        for d in part["indicators"]:
            row = {"report_id": rep["report_id"], "region": region, "report_year": year}
            for k in _IND_FIELDS:
                row[k] = d.get(k)
            row["span_start"], row["span_end"] = d["span"]
            indicators.append(row)
        if region and year is not None:
            # First file wins; two files for one region and year are rare (a draft and a final).
            by_region_year.setdefault((region_key(str(region)), year), (rep, inds))

    promises: list[dict[str, Any]] = []
    for (region, year), (rep, inds) in sorted(by_region_year.items()):
        nxt = by_region_year.get((region, year + 1))
        targets = [i for i in inds if i.stance == "target"]
        if not targets:
            continue
        base = {"region": rep["region"], "report_year": year, "report_id": rep["report_id"]}
        if nxt is None:
            for t in targets:
                if t.optional or (t.year is not None and t.year != year):
                    continue
                promises.append(_promise(base, None, t, None, "", "语料中没有该地区下一年的报告"))
            continue
        rev = review(targets, nxt[1], year=year, band=band)
        for r in rev.rows:
            promises.append(_promise(base, nxt[0], r.target, r.result, r.verdict, r.reason, r))
    return {"reports": reports, "indicators": indicators, "promises": promises}


def _first(*options: tuple[Any, str]) -> tuple[Any, str | None]:
    for value, source in options:
        if value not in (None, ""):
            return value, source
    return None, None


def _promise(
    base: dict[str, Any],
    nxt: dict[str, Any] | None,
    t: Any,
    r: Any,
    verdict: str,
    reason: str,
    row: Any = None,
) -> dict[str, Any]:
    from luoshi.analysis.review import describe, group_of
    from luoshi.extract.keys import key

    return {
        **base,
        "subject": key(t.subject_full or t.subject),
        "group": group_of(t),
        "target_subject": t.subject,
        "target": describe(t),
        "target_value": t.value,
        "target_value_max": t.value_max,
        "target_unit": t.unit,
        "target_kind": t.kind,
        "target_bound": t.bound,
        "target_year": t.year,
        "target_span_start": t.span[0],
        "target_sentence": t.sentence,
        "result_report_id": nxt["report_id"] if nxt else None,
        "result_subject": r.subject if r else None,
        "result": describe(r) if r else None,
        "result_value": r.value if r else None,
        "result_unit": r.unit if r else None,
        "result_span_start": r.span[0] if r else None,
        "result_sentence": r.sentence if r else None,
        "verdict": verdict or None,
        "reason": reason,
        "candidates": len(row.candidates) if row is not None else 0,
    }


# Column types of the tables, so that an empty table or an all-null column still has them.
_S, _I, _F, _B = "string", "int64", "float64", "bool"
SCHEMAS: dict[str, dict[str, str]] = {
    "reports": {
        "report_id": _S, "file": _S, "doc": _S, "format": _S, "region": _S, "report_year": _I,
        "region_source": _S, "year_source": _S, "chars": _I, "indicators": _I, "targets": _I,
        "actuals": _I, "sha256": _S,
    },
    "indicators": {
        "report_id": _S, "region": _S, "report_year": _I, "doc": _S, "span_start": _I, "span_end": _I,
        "mention": _S, "subject": _S, "subject_full": _S, "indicator": _S, "value": _F, "value_max": _F, "unit": _S,
        "kind": _S, "stance": _S, "bound": _S, "year": _I, "optional": _B, "part": _S,
        "section_path": _S, "sentence": _S,
    },
    "promises": {
        "region": _S, "report_year": _I, "report_id": _S, "subject": _S, "group": _S,
        "target_subject": _S, "target": _S, "target_value": _F, "target_value_max": _F,
        "target_unit": _S, "target_kind": _S, "target_bound": _S, "target_year": _I,
        "target_span_start": _I, "target_sentence": _S, "result_report_id": _S, "result_subject": _S,
        "result": _S, "result_value": _F, "result_unit": _S, "result_span_start": _I,
        "result_sentence": _S, "verdict": _S, "reason": _S, "candidates": _I,
    },
}  # fmt: skip


def _arrow_table(name: str, rows: list[dict[str, Any]]) -> Any:
    import pyarrow as pa

    cols = dict(SCHEMAS[name])
    for row in rows[:1]:
        cols.update({k: _S for k in row if k not in cols})  # metadata columns: text
    schema = pa.schema([(k, pa.type_for_alias(t)) for k, t in cols.items()])
    if name == "reports":
        rows = [{k: (str(v) if cols[k] == _S and v is not None else v) for k, v in r.items()} for r in rows]
    return pa.Table.from_pylist(rows, schema=schema)


def write_tables(out: Path, tables: dict[str, list[dict[str, Any]]]) -> None:
    for name in TABLES:
        table = _arrow_table(name, tables.get(name, []))
        _write_atomic(out / f"{name}.parquet", partial(_write_parquet, table=table))
        _write_atomic(out / f"{name}.csv", partial(_write_csv, table=table))


def _write_parquet(path: Path, table: Any) -> None:
    import pyarrow.parquet as pq

    pq.write_table(table, path)


def _write_csv(path: Path, table: Any) -> None:
    import pyarrow.csv as pacsv

    with path.open("wb") as f:
        f.write(b"\xef\xbb\xbf")  # BOM: Excel then reads the file as UTF-8
        if table.num_columns:
            pacsv.write_csv(table, f, pacsv.WriteOptions(quoting_style="needed"))

"""`luoshi extract`, `luoshi outline`, `luoshi eval`: thin shells over luoshi.read / extract / evaluate.

Only the document and extract layers are imported here, so these commands start fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from luoshi.cli import app
from luoshi.document.model import ReportFacts
from luoshi.document.readers import REPORT_EXTENSIONS
from luoshi.errors import LuoshiError
from luoshi.extract.model import Indicator


def iter_paths(paths: list[Path]) -> Iterator[Path]:
    """Files as given, and report files inside folders (sorted, recursive)."""
    for p in paths:
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in REPORT_EXTENSIONS)
        else:
            yield p


def _error(message: str) -> None:
    typer.echo(f"luoshi: error: {message}", err=True)


def _progress(total: int) -> object | None:
    if total < 2 or not sys.stderr.isatty():
        return None
    from rich.progress import Progress

    return Progress(transient=True, console=None)


@app.command("extract")
def extract_cli(
    paths: Annotated[list[Path], typer.Argument(help="报告文件或目录 / report files or folders")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl | csv | xlsx | table")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="输出文件 / output file")] = None,
) -> None:
    """提取报告中的量化指标 / Extract every quantified result and target.

    Example: luoshi extract ../shared/corpus/qiannan-2024.txt --format table
    """
    from luoshi import extract, read
    from luoshi.export import indicators
    from luoshi.extract import formats

    if fmt not in formats.FORMATS:
        raise LuoshiError(f"未知格式 / unknown format: {fmt} (jsonl, csv, xlsx, table)")
    if fmt == "xlsx" and output is None:
        raise LuoshiError("xlsx 需要 -o 输出文件 / xlsx needs -o OUT")
    files = list(iter_paths(paths))
    if not files:
        raise LuoshiError("没有找到报告文件 / no report files found")
    failed = 0
    results = []
    progress = _progress(len(files))
    task = None
    if progress is not None:
        progress.start()  # type: ignore[attr-defined]
        task = progress.add_task("提取", total=len(files))  # type: ignore[attr-defined]
    try:
        for f in files:
            try:
                doc = read(f)
                results.extend(extract(doc))
            except LuoshiError as e:
                failed += 1
                _error(str(e) if e.path else f"{f}: {e}")
            if progress is not None:
                progress.advance(task)  # type: ignore[attr-defined]
    finally:
        if progress is not None:
            progress.stop()  # type: ignore[attr-defined]
    if failed == len(files):
        raise typer.Exit(2)  # nothing was read: no output file, not even an empty one
    if fmt == "xlsx":
        from luoshi.files import replacing

        assert output is not None
        with replacing(output) as tmp:
            indicators.write_xlsx(results, tmp)
    else:
        writers: dict[str, Callable[[list[Indicator]], str]] = {
            "jsonl": formats.to_jsonl, "csv": indicators.to_csv, "table": formats.to_table}
        out = writers[fmt](results)
        if output is None:
            sys.stdout.write(out)
        else:
            _write_text(output, out)
    if failed:
        raise typer.Exit(2)


def _write_text(path: Path, content: str) -> None:
    from luoshi.files import replacing

    with replacing(path) as tmp:
        tmp.write_text(content, encoding="utf-8")


@app.command("outline")
def outline_cli(
    path: Annotated[Path, typer.Argument(help="报告文件 / report file")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON 输出")] = False,
) -> None:
    """显示报告的基本信息、各部分（及判断依据）、目标清单和标题结构 / Show the report's facts, its parts
    with the cue for each, its target lists and the heading tree.

    Example: luoshi outline ../shared/corpus/qiannan-2024.txt
    """
    from luoshi import outline, read

    doc = read(path)
    secs = outline(doc)
    facts = doc.facts
    if as_json:
        data = [{"id": s.id, "level": s.level, "marker": s.marker, "title": s.title, "part": s.part,
                 "parent": s.parent, "span": [s.span.start, s.span.end]} for s in secs]
        runs = [{"part": r.part, "cue": r.cue, "span": [r.span.start, r.span.end]} for r in doc.runs]
        scopes = [{"year": sc.year, "cue": sc.cue, "span": [sc.span.start, sc.span.end]} for sc in doc.scopes]
        out = {"doc": doc.id, "year": facts.year, "facts": _facts_dict(facts), "parts": runs, "target_lists": scopes,
               "sections": data}
        typer.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    typer.echo(f"{doc.id}（报告年度 {facts.year or '未知'}）")
    typer.echo(f"  地区：{facts.region or '未知'}　层级：{facts.level or '未知'}　会议日期：{facts.date or '未知'}"
               f"　回顾年度：{facts.review_year or '未知'}　规划期末：{facts.term_end or '未知'}")
    typer.echo("部分：")
    for r in doc.runs:
        typer.echo(f"  [{PART_ZH[r.part]}] {r.span.start}-{r.span.end}  依据：{r.cue}")
    if doc.scopes:
        typer.echo("目标清单：")
        for sc in doc.scopes:
            typer.echo(f"  {sc.span.start}-{sc.span.end}  {sc.year or '年份未知'}年  依据：{sc.cue}")
    typer.echo("提纲：")
    for s in secs:
        title = s.title if len(s.title) <= 40 else s.title[:39] + "…"
        typer.echo(f"{'  ' * s.level}{s.marker}{title}  [{PART_ZH[s.part]}] {s.span.start}-{s.span.end}")


PART_ZH = {"review": "回顾", "plan": "安排", "term": "规划目标", "other": "其他"}


def _facts_dict(facts: ReportFacts) -> dict[str, object]:
    from dataclasses import asdict

    return asdict(facts)


@app.command("eval")
def eval_cli(
    paths: Annotated[list[Path], typer.Argument(help="报告文件或目录 / report files or folders")],
    gold: Annotated[Path, typer.Option("--gold", "-g", help="金标 .jsonl 文件或目录 / gold file or folder")],
    misses: Annotated[bool, typer.Option("--misses", help="列出漏报与误报 / list missed and spurious records")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出 / print figures as JSON")] = False,
    stance: Annotated[
        str | None,
        typer.Option("--stance", help="只评测一种立场：target（目标）或 actual（实绩） / score one stance only"),
    ] = None,
) -> None:
    """用金标评测提取结果 / Score the extraction against gold records (value, strict and strict+year levels).

    多份报告时另列每份报告的 F1。只含目标的金标（如 gold/full-2026）用 --stance target。

    Example: luoshi eval --gold ../shared/gold/qiannan-2024.jsonl ../shared/corpus/qiannan-2024.txt
    """
    from luoshi import extract, read
    from luoshi.extract.evaluate import evaluate, load_gold

    if stance not in (None, "target", "actual"):
        raise LuoshiError(f"--stance 只能是 target 或 actual，不是 {stance}")
    gold_recs = load_gold(gold)
    predicted: dict[str, list[dict[str, object]]] = {}
    failed = 0
    for f in iter_paths(paths):
        try:
            doc = read(f)
        except LuoshiError as e:
            failed += 1
            _error(str(e))
            continue
        predicted[doc.id] = [i.to_dict() for i in extract(doc)]
    if not predicted:
        raise LuoshiError("没有可评测的报告 / no reports to score")
    # Score only the documents that were given: gold for other documents is not a miss here.
    gold_recs = {k: v for k, v in gold_recs.items() if k in predicted}
    if not gold_recs:
        raise LuoshiError("金标中没有这些报告 / the gold has none of these documents")
    # …and a report the gold does not cover is not scored either (its records are not known).
    unscored = sorted(set(predicted) - set(gold_recs))
    if unscored:
        typer.echo(f"没有金标、不评测：{len(unscored)} 份（{'、'.join(unscored[:5])}"
                   f"{' …' if len(unscored) > 5 else ''}）", err=True)
    predicted = {k: v for k, v in predicted.items() if k in gold_recs}
    result = evaluate(gold_recs, predicted, stance=stance)
    if as_json:
        typer.echo(json.dumps(result.as_dict(misses=misses), ensure_ascii=False, indent=1))
    else:
        typer.echo(f"评测报告 {len(result.docs)} 份" + (f"，只评{STANCE_NAMES[stance]}" if stance else ""))
        typer.echo(eval_table(result))
        if len(result.docs) > 1:
            typer.echo("")
            typer.echo(eval_by_doc(result))
        if misses:
            for level in ("value", "strict", "year"):
                lr = result.levels[level]
                typer.echo(f"\n[{LEVEL_NAMES[level]}] 漏报 {len(lr.misses)} 条")
                for g in lr.misses:
                    typer.echo(f"  - {_record_line(g)}")
                typer.echo(f"[{LEVEL_NAMES[level]}] 误报 {len(lr.spurious)} 条")
                for p in lr.spurious:
                    typer.echo(f"  + {_record_line(p)}")
    if failed:
        raise typer.Exit(2)


# `luoshi eval` in Chinese: the levels, kinds and columns of its tables.
LEVEL_NAMES = {"value": "数值", "strict": "严格", "year": "严格+年份"}
KIND_NAMES = {"all": "全部", "amount": "总量", "growth": "增速", "percent": "比率", "rank": "位次"}
STANCE_NAMES = {"target": "目标", "actual": "实绩"}
BOUND_NAMES = {"exact": "精确", "approx": "左右", "min": "以上", "max": "以内", "range": "区间"}


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _left(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _right(text: str, width: int) -> str:
    return " " * max(0, width - _width(text)) + text


def eval_table(result: Any) -> str:
    """The figures, one row per level and kind: 精确率 (precision), 召回率 (recall), F1, 命中/误报/漏报."""
    heads = ["精确率", "召回率", "F1", "命中", "误报", "漏报"]
    rows = [_left("层级", 12) + _left("类别", 6) + "".join(_right(h, 8 if i < 3 else 6) for i, h in enumerate(heads))]
    for name, lr in result.levels.items():
        for k, c in [("all", lr.overall), *sorted(lr.by_kind.items())]:
            rows.append(_left(LEVEL_NAMES.get(name, name), 12) + _left(KIND_NAMES.get(k, k), 6)
                        + f"{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}{c.tp:>6}{c.fp:>6}{c.fn:>6}")
    return "\n".join(rows)


def eval_by_doc(result: Any) -> str:
    """One row per report: F1 at each level, and the counts at the strictest level."""
    from luoshi.extract.evaluate import LEVELS

    head = (_left("报告", 24) + "".join(_right(f"{LEVEL_NAMES.get(lv, lv)} F1", 14) for lv in LEVELS)
            + "".join(_right(h, 6) for h in ("命中", "误报", "漏报")))
    rows = [head]
    for doc, levels in sorted(result.by_doc.items()):
        y = levels["year"]
        rows.append(_left(doc, 24) + "".join(f"{levels[lv].f1:>14.3f}" for lv in LEVELS) + f"{y.tp:>6}{y.fp:>6}{y.fn:>6}")
    return "\n".join(rows)


def _record_line(r: dict[str, Any]) -> str:
    """One missed or spurious record: report, span, text, subject, kind, stance, bound, year."""
    parts = [r["doc"], str(r["span"]), r.get("mention", ""), r.get("subject", ""), KIND_NAMES.get(r["kind"], r["kind"]),
             STANCE_NAMES.get(r.get("stance", ""), r.get("stance", "")), BOUND_NAMES.get(r.get("bound", ""), r.get("bound", "")),
             str(r.get("year") or "")]
    return " ".join(str(p) for p in parts if p)

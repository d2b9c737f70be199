"""The extraction pipeline: Document → list[Indicator].

Stages, each reading what the one before assigned:

1. numbers  find number mentions with units (numbers.find_numbers)
2. screen   drop what cannot be an indicator; mark borderline ones optional (filters.screen)
3. ratios   three-sector ratios (13.3∶31.6∶55.1) become optional percent records
4. slots    place each number in its sentence, clause and list group (clauses)
5. kind     amount / percent / growth / rank, and the sign of decreases
6. bound    exact / approx / min / max / range, with 分别 lists sharing a trailing bound
7. subject  left or forward subject, 分别/各/均 distribution, inheritance within a sentence
8. stance   actual / target from the part of the report and the verbs; year
9. indicator the canonical indicator of the catalogue the subject names (catalogue.assign_indicators)

Everything is rules and lexicons (`luoshi/lexicon/data/*.yaml`): fast and deterministic.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import pairwise

from luoshi.document.build import build
from luoshi.document.model import Document, TextMap
from luoshi.extract.bounds import assign_bounds
from luoshi.extract.catalogue import Catalogue, assign_indicators, default_catalogue
from luoshi.extract.clauses import Slot, assign_groups, clause_bounds, link_previous, share_group_optional
from luoshi.extract.distribute import (
    assign_subjects,
    drop_clause_thresholds,
    resolve_full_subjects,
    share_forward_backwards,
)
from luoshi.extract.filters import Blocked, screen
from luoshi.extract.kinds import assign_kind, share_group_kind
from luoshi.extract.model import Indicator
from luoshi.extract.numbers import NumberMention, find_numbers
from luoshi.extract.stance import stance_of, year_of
from luoshi.lexicon import load

_RATIO_SEP = re.compile(r"\s*[:：]\s*")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


def extract(doc: Document, *, catalogue: Catalogue | None = None) -> list[Indicator]:
    """Every indicator of `doc`, each with its catalogue indicator where its subject names one. A
    text with web noise (pinyin annotations, an English side, numbers broken by line ends) is read
    in its cleaned form; spans and mentions point into `doc.text`."""
    doc = build(doc)  # a Document made by hand has its views derived here
    if doc.clean is not None and doc.clean_map is not None:
        out = [_to_original(doc, doc.clean_map, r) for r in _extract(doc.clean)]
    else:
        out = _extract(doc)
    assign_indicators(out, catalogue or default_catalogue())
    if doc.ocr:
        _mark_ocr(doc, out)
    return out


def _to_original(doc: Document, tmap: TextMap, r: Indicator) -> Indicator:
    a, b = tmap.to_original(*r.span)
    r.span, r.mention = (a, b), doc.text[a:b]
    return r


def _extract(doc: Document) -> list[Indicator]:
    norm = doc.flow  # folded, with soft line wraps read through
    text = doc.text
    blocked = Blocked(norm)
    mentions = find_numbers(norm, text)
    ratio_records, ratio_spans = _ratios(doc, mentions)
    slots: list[Slot] = []
    sentences = doc.sentences
    sent_starts = [s.span.start for s in sentences]
    for m in mentions:
        if any(a <= m.start < b for a, b in ratio_spans):
            continue
        verdict = screen(norm, m, blocked)
        if verdict is None:
            continue
        si = bisect_right(sent_starts, m.start) - 1
        if si < 0:
            continue
        sent = sentences[si]
        if not (sent.span.start <= m.start < sent.span.end):
            continue
        cs, ce = clause_bounds(norm, sent.span.start, sent.span.end, m.start)
        slots.append(Slot(m, cs, ce, si, optional=verdict.optional))
    assign_groups(norm, slots)
    link_previous(slots)
    share_group_optional(slots)
    for s in slots:
        assign_kind(norm, s)
    share_group_kind(slots)
    assign_bounds(norm, slots)
    assign_subjects(doc, slots)
    share_forward_backwards(norm, slots)
    slots = drop_clause_thresholds(norm, slots)
    ryear = doc.facts.year
    out: list[Indicator] = []
    for s in slots:
        out.extend(_indicators(doc, s, ryear))
    resolve_full_subjects(out)
    for rec in ratio_records:
        rec.year = rec.year or (ryear - 1 if ryear else None)
        out.append(rec)
    out.sort(key=lambda r: (r.span[0], r.span[1]))
    return out


def _mark_ocr(doc: Document, out: list[Indicator]) -> None:
    """Numbers read by OCR carry the lowest confidence of the recognised lines under their mention."""
    starts = [o.start for o in doc.ocr]
    for ind in out:
        s, e = ind.span
        i = max(bisect_right(starts, s) - 1, 0)
        confs = []
        while i < len(doc.ocr) and doc.ocr[i].start < e:
            if doc.ocr[i].end > s:
                confs.append(doc.ocr[i].confidence)
            i += 1
        if confs:
            ind.ocr_confidence = min(confs)


# ---------------------------------------------------------------- records


def _indicators(doc: Document, s: Slot, ryear: int | None) -> list[Indicator]:
    m = s.m
    stance = stance_of(doc, s)
    year = year_of(doc, s, stance, ryear)
    value = m.value * s.sign
    sec = doc.section_at(m.start)
    path = [x.label for x in doc.section_path(m.start)] if sec else []
    sent = doc.sentences[s.sentence_index]
    unit = m.unit
    if s.kind == "rank" and m.unit_norm not in ("位", "名", "方阵"):
        unit = ""
    names: list[str] = list(s.extra.get("multi", [s.subject_text]))  # type: ignore[call-overload]
    out = []
    for name in names:
        out.append(
            Indicator(
                doc=doc.id,
                span=(m.start, m.end),
                mention=doc.text[m.start : m.end],
                subject=name.strip(),
                value=float(value),
                unit=unit,
                kind=s.kind,  # type: ignore[arg-type]
                stance=stance,  # type: ignore[arg-type]
                bound=s.bound,  # type: ignore[arg-type]
                year=year,
                value_max=m.value_max,
                optional=s.optional,
                section=path,
                sentence=sent.text,
                part=sec.part if sec else "other",
            )
        )
    return out


def _ratios(doc: Document, mentions: list[NumberMention]) -> tuple[list[Indicator], list[tuple[int, int]]]:
    """Three-sector ratios (13.3∶31.6∶55.1): optional percent records, one per sector, unit ''."""
    lex = load("subjects")
    cues = tuple(lex["sector_ratio_cues"])
    recs: list[Indicator] = []
    spans: list[tuple[int, int]] = []
    norm = doc.flow
    for i in range(len(mentions) - 2):
        if norm[mentions[i].end : mentions[i].end + 2].strip()[:1] not in (":", "："):
            continue  # most numbers: no ratio sign after them
        parts = mentions[i : i + 3]
        if any(p.unit or p.rank or p.chinese or p.negative for p in parts) or not all(
            _RATIO_SEP.fullmatch(norm, a.end, b.start) for a, b in pairwise(parts)
        ):
            continue
        start = parts[0].start
        left = norm[max(0, start - 30) : start]
        if not any(c in left for c in cues) or (spans and start < spans[-1][1]):
            continue
        ym = list(_YEAR.finditer(left[-12:]))
        year = int(ym[-1].group(1)) if ym else None
        spans.append((start, parts[-1].end))
        for name, p in zip(lex["sector_shares"], parts, strict=False):
            recs.append(
                Indicator(doc=doc.id, span=p.span, mention=doc.text[p.start : p.end], subject=name, value=p.value,
                          unit="", kind="percent", stance="actual", bound="exact", year=year, optional=True,
                          section=[s.label for s in doc.section_path(p.start)], part=doc.part_at(p.start))
            )
    return recs, spans


__all__ = ["extract"]

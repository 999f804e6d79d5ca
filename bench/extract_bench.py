"""Extraction benchmark (a script, not a test): cost and overhead of each pipeline.

    python bench/extract_bench.py                      # seed + ten corpus stories, both pipelines
    python bench/extract_bench.py --limit 2 --pipelines baseline
    python bench/extract_bench.py --articles examples/short-clash.json

For every article and pipeline: wall time, model time, tokens, calls, retries, claims and
incidents; our overhead outside model calls (wall - model time) as a share of wall (target
< 5%); then the same extraction again, which must come from the result cache (target < 1 s).
The model is `get_model(settings)`: the embedded default unless EVENHAND_BASE_URL is set. The
result cache lives in a fresh temporary folder, so the first pass always runs the model.
Prints a table and writes JSON (default: runs/bench/extract-<time>.json).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from schemas.article import ArticleIn
from service.config import Settings
from service.errors import EvenhandError
from service.extract import PIPELINES, extract
from service.io.articles import load_articles
from service.llm.factory import get_model

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "armenia-azerbaijan-2021-11-17.txt"
CORPUS = SHARED / "corpus" / "voa_stories.jsonl"
OVERHEAD_TARGET = 0.05
CACHED_TARGET_S = 1.0


@dataclass
class Row:
    article: str
    pipeline: str
    chars: int
    wall_s: float
    model_s: float
    overhead_pct: float
    prompt_tokens: int
    completion_tokens: int
    calls: int
    retries: int
    failed_calls: int
    incidents: int
    claims: int
    figures: int
    cached_s: float
    cached_hit: bool


def _articles(args: argparse.Namespace) -> list[ArticleIn]:
    if args.articles:
        return list(load_articles(args.articles, limit=args.limit))
    chosen = list(load_articles([args.seed])) + list(load_articles([args.corpus], limit=10))
    return chosen[: args.limit] if args.limit else chosen


def _measure(article: ArticleIn, pipeline: str, settings: Settings) -> Row:
    model = get_model(settings)
    started = time.perf_counter()
    result = extract(article, model=model, settings=settings, pipeline=pipeline)
    wall = time.perf_counter() - started
    started = time.perf_counter()
    again = extract(article, model=model, settings=settings, pipeline=pipeline)
    cached = time.perf_counter() - started
    meta = result.meta
    return Row(
        article=article.resolved_id,
        pipeline=pipeline,
        chars=len(article.text),
        wall_s=round(wall, 3),
        model_s=round(meta.model_time_s, 3),
        overhead_pct=round(100 * max(0.0, wall - meta.model_time_s) / wall, 2) if wall else 0.0,
        prompt_tokens=meta.usage.prompt_tokens,
        completion_tokens=meta.usage.completion_tokens,
        calls=meta.usage.calls,
        retries=meta.usage.retries,
        failed_calls=meta.dropped.failed_calls,
        incidents=len(result.incidents),
        claims=len(result.claims),
        figures=sum(len(c.figures) for c in result.claims),
        cached_s=round(cached, 4),
        cached_hit=again.meta.cached,
    )


def _summary(rows: list[Row], pipeline: str) -> dict[str, float | int | bool]:
    mine = [r for r in rows if r.pipeline == pipeline]
    wall = sum(r.wall_s for r in mine)
    model = sum(r.model_s for r in mine)
    overhead = (wall - model) / wall if wall else 0.0
    worst_cached = max((r.cached_s for r in mine), default=0.0)
    return {
        "articles": len(mine),
        "wall_s": round(wall, 2),
        "model_s": round(model, 2),
        "wall_per_article_s": round(wall / len(mine), 2) if mine else 0.0,
        "overhead_pct": round(100 * overhead, 2),
        "overhead_ok": overhead < OVERHEAD_TARGET,
        "calls": sum(r.calls for r in mine),
        "completion_tokens": sum(r.completion_tokens for r in mine),
        "claims_per_article": round(sum(r.claims for r in mine) / len(mine), 2) if mine else 0.0,
        "max_cached_s": worst_cached,
        "cached_ok": worst_cached < CACHED_TARGET_S and all(r.cached_hit for r in mine),
    }


def _table(rows: list[Row]) -> Table:
    table = Table(title="extraction benchmark")
    columns = ("article", "pipeline", "wall s", "model s", "ovh %", "tok in/out", "calls",
               "retries", "failed", "inc", "claims", "figs", "cached s")  # fmt: skip
    for column in columns:
        table.add_column(column, justify="left" if column in ("article", "pipeline") else "right")
    for r in rows:
        table.add_row(
            r.article, r.pipeline, f"{r.wall_s:.1f}", f"{r.model_s:.1f}", f"{r.overhead_pct:.2f}",
            f"{r.prompt_tokens}/{r.completion_tokens}", str(r.calls), str(r.retries),
            str(r.failed_calls), str(r.incidents), str(r.claims), str(r.figures),
            f"{r.cached_s:.3f}{'' if r.cached_hit else ' (miss)'}",
        )  # fmt: skip
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", nargs="*", type=Path, help="Instead of seed + corpus.")
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="At most N articles.")
    parser.add_argument("--pipelines", default="default,baseline")
    parser.add_argument("--out", type=Path, default=None, help="JSON file to write.")
    args = parser.parse_args(argv)
    console = Console(stderr=True)
    pipelines = [p.strip() for p in args.pipelines.split(",") if p.strip()]
    if unknown := [p for p in pipelines if p not in PIPELINES]:
        console.print(f"unknown pipeline(s): {', '.join(unknown)}")
        return 2
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="evenhand-bench-") as data_dir:
        settings = Settings(data_dir=Path(data_dir), result_cache=True)
        try:
            articles = _articles(args)
            for article in articles:
                for pipeline in pipelines:
                    console.print(f"{article.resolved_id} / {pipeline} ...")
                    rows.append(_measure(article, pipeline, settings))
        except EvenhandError as exc:
            console.print(f"extract_bench: error: {exc.message}")
            return 1
        model = get_model(settings).info
    Console(width=160).print(_table(rows))
    summary = {p: _summary(rows, p) for p in pipelines}
    Console().print_json(data=summary)
    report = {
        "model": model.name,
        "backend": model.backend,
        "mode": model.mode,
        "targets": {"overhead_pct": 100 * OVERHEAD_TARGET, "cached_s": CACHED_TARGET_S},
        "summary": summary,
        "rows": [asdict(r) for r in rows],
    }
    out = args.out or Path("runs/bench") / f"extract-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    console.print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Extraction benchmark (a script, not a test): where the time and the tokens of one article go.

    python bench/extract_bench.py                         # seed + the ten bench stories, default
    python bench/extract_bench.py --limit 2 --pipelines default,baseline
    python bench/extract_bench.py --articles examples/short-clash.json

Per article and per stage (`incident`, `claim`...), from what the server reports for every HTTP
call: prompt tokens evaluated vs reused from the server's cache, completion tokens, decode
tokens/s, time in grammar-constrained sampling (estimated: the extra time per token measured by a
calibration pair of requests, with and without a JSON schema, times the completion tokens), and
the time spent in our own code (wall minus the time at least one call was in flight). Then the
same extraction again, which must come from the result cache (target < 1 s).

The model is `get_model(settings)`: the embedded default unless EVENHAND_BASE_URL is set. The
result cache lives in a fresh temporary folder, so the first pass always runs the model. Prints
tables and writes JSON (default: runs/bench/extract-<time>.json). Servers that report no timings
or cache counters (llama-cpp-python's, most hosted APIs) leave those columns empty.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import openai
from rich.console import Console
from rich.table import Table

from evals.reserved import reserved_story
from schemas.article import ArticleIn
from service.config import Settings
from service.errors import EvenhandError, InputError
from service.extract import PIPELINES, extract
from service.io.articles import load_articles
from service.llm.base import (
    CallRecord,
    CallStats,
    Message,
    ModelInfo,
    SharesPrefix,
    StructuredModel,
    T,
    UsageMeter,
)
from service.llm.factory import get_model
from service.llm.local.embedded import EmbeddedModel
from service.llm.transport import read_stats

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "armenia-azerbaijan-2021-11-17.txt"
CORPUS = SHARED / "corpus" / "voa_stories.jsonl"
# Ten corpus stories of the real-news dev split, of different lengths (1.8k-6.3k characters):
# never reserved ones, and never the test split's (their outputs are not to be read while tuning).
STORIES = ("6204080", "6180705", "6183254", "6180206", "6181522",
           "6203336", "6180932", "7677701", "7750892", "8010842")  # fmt: skip
OVERHEAD_TARGET = 0.05
CACHED_TARGET_S = 1.0
WALL_MEDIAN_TARGET_S = 60.0
WALL_WORST_TARGET_S = 120.0
TOKENS_TARGET = 10_000


@dataclass
class Cost:
    """Sums over calls: tokens as the server reports them, and its own timings."""

    calls: int = 0
    prompt_tokens: int = 0
    cached_tokens: int | None = None
    completion_tokens: int = 0
    prompt_s: float | None = None
    decode_s: float | None = None
    busy_s: float = 0.0  # wall time with at least one call of this stage in flight

    @property
    def evaluated_tokens(self) -> int | None:
        return None if self.cached_tokens is None else self.prompt_tokens - self.cached_tokens

    @property
    def decode_tps(self) -> float | None:
        return self.completion_tokens / self.decode_s if self.decode_s else None


def _add(total: float | None, value: float | None) -> float | None:
    return value if total is None else total + (value or 0.0)


def _union_s(records: Sequence[CallRecord]) -> float:
    meter = UsageMeter()
    meter.records = list(records)
    return meter.busy_s()


def cost_of(records: Sequence[CallRecord]) -> Cost:
    cost = Cost(calls=len(records), busy_s=_union_s(records))
    for r in records:
        s = r.stats
        cost.prompt_tokens += s.prompt_tokens
        cost.completion_tokens += s.completion_tokens
        if s.cached_tokens is not None:
            cost.cached_tokens = (cost.cached_tokens or 0) + s.cached_tokens
        cost.prompt_s = _add(cost.prompt_s, None if s.prompt_ms is None else s.prompt_ms / 1000)
        cost.decode_s = _add(cost.decode_s, None if s.decode_ms is None else s.decode_ms / 1000)
    return cost


@dataclass
class Row:
    article: str
    pipeline: str
    chars: int
    wall_s: float
    overhead_pct: float  # wall time with no call in flight, as a share of wall
    retries: int
    failed_calls: int
    incidents: int
    claims: int
    figures: int
    cached_s: float
    cached_hit: bool
    total: Cost
    grammar_s: float | None
    stages: dict[str, Cost] = field(default_factory=dict)


class _Recorder:
    """Passes calls through and keeps the run's meter, whose records hold every call."""

    def __init__(self, inner: StructuredModel) -> None:
        self.inner = inner
        self.meters: list[UsageMeter] = []

    @property
    def info(self) -> ModelInfo:
        return self.inner.info

    def generate(
        self,
        response_model: type[T],
        messages: Sequence[Message],
        *,
        max_tokens: int,
        usage: UsageMeter,
        max_retries: int | None = None,
    ) -> T:
        if not any(m is usage for m in self.meters):
            self.meters.append(usage)
        return self.inner.generate(
            response_model, messages, max_tokens=max_tokens, usage=usage, max_retries=max_retries
        )

    def prime(self, messages: Sequence[Message], usage: UsageMeter) -> None:
        if isinstance(self.inner, SharesPrefix):
            self.inner.prime(messages, usage)


def _articles(args: argparse.Namespace) -> list[ArticleIn]:
    if args.articles:
        chosen = list(load_articles(args.articles, limit=args.limit))
    else:
        wanted = args.stories.split(",") if args.stories else list(STORIES)
        by_id = {a.resolved_id: a for a in load_articles([args.corpus])}
        if missing := [i for i in wanted if i not in by_id]:
            raise InputError(f"not in {args.corpus}: {', '.join(missing)}")
        chosen = list(load_articles([args.seed])) + [by_id[i] for i in wanted]
    # Held out for evaluation: never run here, whatever is asked.
    if reserved := [r for a in chosen if (r := reserved_story(a.resolved_id, text=a.text))]:
        raise InputError(f"reserved for evaluation, not benchmarked: {', '.join(reserved)}")
    return chosen[: args.limit] if args.limit else chosen


def _measure(
    article: ArticleIn,
    pipeline: str,
    settings: Settings,
    grammar_ms_per_token: float | None,
    results: Path | None,
) -> Row:
    model = _Recorder(get_model(settings))
    started = time.perf_counter()
    result = extract(article, model=model, settings=settings, pipeline=pipeline)
    wall = time.perf_counter() - started
    if results is not None:
        results.mkdir(parents=True, exist_ok=True)
        target = results / f"{article.resolved_id}.{pipeline}.json"
        target.write_text(result.model_dump_json(indent=2), encoding="utf-8")
    started = time.perf_counter()
    again = extract(article, model=model, settings=settings, pipeline=pipeline)
    cached = time.perf_counter() - started
    records = [r for meter in model.meters for r in meter.records]
    total = cost_of(records)
    stages = {
        name: cost_of([r for r in records if r.stage == name])
        for name in dict.fromkeys(r.stage for r in records)
    }
    meta = result.meta
    return Row(
        article=article.resolved_id,
        pipeline=pipeline,
        chars=len(article.text),
        wall_s=round(wall, 3),
        overhead_pct=round(100 * max(0.0, wall - total.busy_s) / wall, 2) if wall else 0.0,
        retries=meta.usage.retries,
        failed_calls=meta.dropped.failed_calls,
        incidents=len(result.incidents),
        claims=len(result.claims),
        figures=sum(len(c.figures) for c in result.claims),
        cached_s=round(cached, 4),
        cached_hit=again.meta.cached,
        total=total,
        grammar_s=None
        if grammar_ms_per_token is None
        else round(grammar_ms_per_token * total.completion_tokens / 1000, 2),
        stages=stages,
    )


_PROBE: list[dict[str, str]] = [
    {"role": "user", "content": "List the whole numbers from 1 to 15 as a JSON array."}
]
_PROBE_SCHEMA = {
    "type": "object",
    "properties": {"numbers": {"type": "array", "items": {"type": "integer"}}},
    "required": ["numbers"],
}


def _ms_per_token(client: openai.OpenAI, model: str, **extra: Any) -> float | None:
    completion = client.chat.completions.create(
        model=model,
        messages=_PROBE,
        max_tokens=48,
        temperature=0.0,
        **extra,  # type: ignore[arg-type]
    )
    stats = CallStats()
    read_stats(completion, stats)
    if stats.decode_ms is None or not stats.completion_tokens:
        return None
    return stats.decode_ms / stats.completion_tokens


def calibrate_grammar(settings: Settings) -> float | None:
    """Extra milliseconds per generated token under a JSON-schema grammar on this server (None
    when it reports no timings): the same request, with and without the schema."""
    model = get_model(settings)
    endpoint = model.endpoint() if isinstance(model, EmbeddedModel) else settings.base_url
    if endpoint is None:
        return None
    key = settings.api_key.get_secret_value() if settings.api_key else "not-needed"
    client = openai.OpenAI(base_url=endpoint, api_key=key, max_retries=0)
    free = _ms_per_token(client, model.info.name)
    bound = _ms_per_token(
        client, model.info.name, response_format={"type": "json_object", "schema": _PROBE_SCHEMA}
    )
    return None if free is None or bound is None else round(bound - free, 3)


def _fmt(value: float | int | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def _article_table(rows: list[Row]) -> Table:
    table = Table(title="per article")
    columns = ("article", "pipeline", "chars", "wall s", "ovh %", "calls", "prompt tok",
               "evaluated", "reused", "compl tok", "model tok", "decode tok/s", "grammar s",
               "retries", "failed", "inc", "claims", "figs", "cached s")  # fmt: skip
    for column in columns:
        table.add_column(column, justify="left" if column in ("article", "pipeline") else "right")
    for r in rows:
        t = r.total
        table.add_row(
            r.article, r.pipeline, str(r.chars), f"{r.wall_s:.1f}", f"{r.overhead_pct:.2f}",
            str(t.calls), str(t.prompt_tokens), _fmt(t.evaluated_tokens), _fmt(t.cached_tokens),
            str(t.completion_tokens), str(t.prompt_tokens + t.completion_tokens),
            _fmt(t.decode_tps), _fmt(r.grammar_s), str(r.retries), str(r.failed_calls),
            str(r.incidents), str(r.claims), str(r.figures),
            f"{r.cached_s:.3f}{'' if r.cached_hit else ' (miss)'}",
        )  # fmt: skip
    return table


def _stage_table(rows: list[Row]) -> Table:
    table = Table(title="per stage (summed over articles)")
    columns = ("pipeline", "stage", "calls", "prompt tok", "evaluated", "reused",
               "prompt eval s", "compl tok", "decode s", "decode tok/s", "in flight s")  # fmt: skip
    for column in columns:
        table.add_column(column, justify="left" if column in ("pipeline", "stage") else "right")
    keys = dict.fromkeys((r.pipeline, s) for r in rows for s in r.stages)
    for pipeline, name in keys:
        mine = [r.stages[name] for r in rows if r.pipeline == pipeline and name in r.stages]
        total = Cost(calls=sum(c.calls for c in mine))
        for c in mine:
            total.prompt_tokens += c.prompt_tokens
            total.completion_tokens += c.completion_tokens
            total.busy_s += c.busy_s
            if c.cached_tokens is not None:
                total.cached_tokens = (total.cached_tokens or 0) + c.cached_tokens
            total.prompt_s = _add(total.prompt_s, c.prompt_s)
            total.decode_s = _add(total.decode_s, c.decode_s)
        table.add_row(
            pipeline, name or "(none)", str(total.calls), str(total.prompt_tokens),
            _fmt(total.evaluated_tokens), _fmt(total.cached_tokens), _fmt(total.prompt_s),
            str(total.completion_tokens), _fmt(total.decode_s), _fmt(total.decode_tps),
            f"{total.busy_s:.1f}",
        )  # fmt: skip
    return table


def _summary(rows: list[Row], pipeline: str) -> dict[str, float | int | bool]:
    mine = [r for r in rows if r.pipeline == pipeline]
    if not mine:
        return {"articles": 0}
    walls = [r.wall_s for r in mine]
    tokens = [r.total.prompt_tokens + r.total.completion_tokens for r in mine]
    wall = sum(walls)
    busy = sum(r.total.busy_s for r in mine)
    worst_cached = max(r.cached_s for r in mine)
    return {
        "articles": len(mine),
        "wall_median_s": round(statistics.median(walls), 1),
        "wall_worst_s": round(max(walls), 1),
        "wall_ok": statistics.median(walls) <= WALL_MEDIAN_TARGET_S
        and max(walls) <= WALL_WORST_TARGET_S,
        "model_tokens_median": int(statistics.median(tokens)),
        "model_tokens_worst": max(tokens),
        "tokens_ok": max(tokens) <= TOKENS_TARGET,
        "overhead_pct": round(100 * (wall - busy) / wall, 2) if wall else 0.0,
        "overhead_ok": wall - busy < OVERHEAD_TARGET * wall,
        "calls_per_article": round(sum(r.total.calls for r in mine) / len(mine), 1),
        "claims_per_article": round(sum(r.claims for r in mine) / len(mine), 2),
        "max_cached_s": worst_cached,
        "cached_ok": worst_cached < CACHED_TARGET_S and all(r.cached_hit for r in mine),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", nargs="*", type=Path, help="Instead of seed + stories.")
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--stories", default=None, help="Comma-separated corpus ids.")
    parser.add_argument("--limit", type=int, default=None, help="At most N articles.")
    parser.add_argument("--pipelines", default="default")
    parser.add_argument("--out", type=Path, default=None, help="JSON file to write.")
    parser.add_argument("--results", type=Path, default=None, help="Also write each result here.")
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
            grammar = calibrate_grammar(settings)
            for article in articles:
                for pipeline in pipelines:
                    console.print(f"{article.resolved_id} / {pipeline} ...")
                    rows.append(_measure(article, pipeline, settings, grammar, args.results))
                    console.print(f"  {rows[-1].wall_s:.1f} s")
        except EvenhandError as exc:
            console.print(f"extract_bench: error: {exc.message}")
            return 1
        model = get_model(settings).info
    out_console = Console(width=200)
    out_console.print(_article_table(rows))
    out_console.print(_stage_table(rows))
    summary = {p: _summary(rows, p) for p in pipelines}
    out_console.print_json(data=summary)
    report = {
        "model": model.name,
        "backend": model.backend,
        "mode": model.mode,
        "concurrency": settings.concurrency,
        "grammar_ms_per_token": grammar,
        "targets": {
            "wall_median_s": WALL_MEDIAN_TARGET_S,
            "wall_worst_s": WALL_WORST_TARGET_S,
            "model_tokens": TOKENS_TARGET,
            "overhead_pct": 100 * OVERHEAD_TARGET,
            "cached_s": CACHED_TARGET_S,
        },
        "summary": summary,
        "rows": [
            {
                **asdict(r),
                "total": {**asdict(r.total), "evaluated_tokens": r.total.evaluated_tokens},
            }
            for r in rows
        ],
    }
    out = args.out or Path("runs/bench") / f"extract-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    console.print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

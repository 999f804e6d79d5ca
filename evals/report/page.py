"""One HTML page for one or more runs: leaderboard, bar charts, per-fixture table, drill-downs.

Everything is inline (CSS, SVG; no script, no fonts, no images) so the file can be mailed or
attached to a CI job. Every string that came from an article, a fixture or a model is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path

from evals.metrics.score import HEADLINE, FixtureScore, lower_is_better
from evals.report.drill import render_drill
from evals.runs.config import slug
from evals.runs.provenance import utc_now
from evals.runs.scoring import group_sizes
from evals.runs.store import Aggregate, Manifest, RunRecord, RunStore
from evals.splits import shown_groups
from service.errors import InputError
from service.html.svg import bar_chart

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#1d2330}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d7dce4}
table{border-collapse:collapse;margin:6px 0 12px} th,td{border:1px solid #d7dce4;padding:3px 7px;
text-align:left;vertical-align:top} th{background:#f1f4f8} td.num{text-align:right;
font-variant-numeric:tabular-nums} .muted{color:#6b7383}
.charts{display:flex;flex-wrap:wrap;gap:10px 28px} .chart text{font-size:12px;fill:#1d2330}
.chart .chart-title{font-weight:600} .chart .bar{fill:#4a78c2} .chart .chart-na{fill:#9aa2b1}
.good{background:#dff3e4} .mid{background:#fff4d6} .bad{background:#fbe0de}
pre.article{white-space:pre-wrap;background:#fafbfc;border:1px solid #e3e7ee;padding:10px;
max-width:1100px;font:13px/1.5 ui-monospace,Menlo,Consolas,monospace}
.gold-hit{text-decoration:underline 3px #1f9d55} .gold-miss{text-decoration:underline 3px #d64541}
.gold-wrong{text-decoration:underline 3px #e08a00} .gold-ignored{text-decoration:underline dotted}
.pred-hit{background:#d6e6ff} .pred-spurious{background:#ffd9b3} .pred-wrong{background:#ffe9a8}
.pred-ignored{background:#eceff3}
.badge{border-radius:3px;padding:0 5px;font-size:12px} .badge.matched{background:#dff3e4}
.badge.missed{background:#fbe0de} .badge.spurious{background:#ffd9b3}
.badge.wrong{background:#ffe9a8} .badge.ignored{background:#eceff3}
details{margin:4px 0} details.fixture>summary{font-weight:600;cursor:pointer}
details.run-drill{margin-left:18px} .error{color:#b3261e;font-weight:600}
.legend span{margin-right:14px}
"""
_LEGEND = (
    "<p class='legend'>Article marks: <span class='gold-hit'>gold evidence found</span>"
    "<span class='gold-miss'>gold evidence missed</span>"
    "<span class='gold-wrong'>gold claim paired, wrong source</span>"
    "<span class='pred-hit'>predicted, matched</span>"
    "<span class='pred-spurious'>predicted, spurious</span>"
    "<span class='pred-wrong'>predicted, wrong source</span></p>"
)
_TABLE_METRICS = ("incidents.f1", "claims.f1", "figures.f1", "grounding.gold_recovered")


@dataclass(frozen=True)
class RunView:
    label: str
    folder: Path
    manifest: Manifest
    aggregate: Aggregate
    scores: dict[str, FixtureScore]
    records: dict[str, RunRecord]

    @property
    def failure(self) -> str | None:
        return self.manifest.failure

    @property
    def anchor(self) -> str:
        return f"run-{slug(self.label)}"


def load_run(folder: Path) -> RunView:
    store = RunStore.open(folder)
    manifest = store.manifest()
    return RunView(
        label=manifest.label,
        folder=folder,
        manifest=manifest,
        aggregate=store.aggregate(),
        scores={s.fixture_id: s for s in store.scores()},
        records={r.fixture_id: r for r in store.records()},
    )


def _fmt(metric: str, value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.1f}" if lower_is_better(metric) and value >= 10 else f"{value:.3f}"


def _header(metric: str) -> str:
    # Break long metric names at their dots so the leaderboard fits the page.
    return escape(metric).replace(".", ".<wbr>").replace("_", "_<wbr>")


def _shade(metric: str, value: float | None) -> str:
    if value is None or lower_is_better(metric):
        return ""
    return "good" if value >= 0.8 else "mid" if value >= 0.5 else "bad"


def _leaderboard(runs: Sequence[RunView], group: str, size: int) -> str:
    aggs = {r.label: r.aggregate.group(group) for r in runs}
    metrics = [m for m in HEADLINE if any(a is not None and m in a.micro for a in aggs.values())]
    head = "".join(f"<th>{_header(m)}</th>" for m in metrics)
    rows = []
    # Failed configurations last: they have no scores to rank by.
    ranked = sorted(
        runs,
        key=lambda r: (
            r.failure is not None,
            -((a.micro.get("claims.f1") or 0.0) if (a := aggs[r.label]) else 0.0),
        ),
    )
    for run in ranked:
        resolved = run.manifest.resolved
        git = run.manifest.git
        version = f"{(git.commit or '?')[:8]}{'+dirty' if git.dirty else ''}"
        agg = aggs[run.label]
        if run.failure is not None or agg is None:
            why = f"configuration failed: {run.failure}" if run.failure else "not run on these"
            counts = "<td class='num'>–</td><td class='num'>–</td>"
            cells = f"<td colspan='{len(metrics)}' class='error'>{escape(why)}</td>"
        else:
            counts = f"<td class='num'>{agg.fixtures}</td><td class='num'>{agg.failed}</td>"
            cells = "".join(
                f"<td class='num {_shade(m, v)}'>{_fmt(m, v)}</td>"
                for m in metrics
                for v in [agg.micro.get(m)]
            )
        rows.append(
            f"<tr><td><a href='#{run.anchor}'>{escape(run.label)}</a></td>"
            f"<td>{escape(str(resolved.get('model')))}</td>"
            f"<td>{escape(str(resolved.get('pipeline')))}</td>"
            f"<td>{escape(str(resolved.get('prompt_version')))}</td>"
            f"{counts}<td>{escape(version)}</td>{cells}</tr>"
        )
    return (
        f"<h3 id='group-{escape(group)}'>{escape(group)} fixtures ({size})</h3>"
        "<table><tr><th>configuration</th><th>model</th><th>pipeline</th><th>prompts</th>"
        f"<th>fixtures</th><th>failed</th><th>code</th>{head}</tr>{''.join(rows)}</table>"
    )


def _leaderboards(runs: Sequence[RunView], groups: Sequence[str], sizes: dict[str, int]) -> str:
    boards = "".join(_leaderboard(runs, g, sizes.get(g, 0)) for g in groups)
    return (
        "<h2>Leaderboard</h2><p class='muted'>Micro averages (counts summed over fixtures); "
        "cost per article; sorted by claims.f1. One table per group of fixtures: real news "
        "(<b>real-test</b>: never tuned on; <b>real-dev</b>: tuned on) and invented articles.</p>"
        f"{boards}"
    )


def _charts(runs: Sequence[RunView], group: str) -> str:
    scored = [(r.label, a) for r in runs if r.failure is None and (a := r.aggregate.group(group))]
    charts = []
    for metric in HEADLINE:
        if not any(metric in a.micro for _, a in scored):
            continue
        rows = [(label, a.micro.get(metric)) for label, a in scored]
        fraction = not lower_is_better(metric) or metric == "run.failed"
        charts.append(bar_chart(metric, rows, fraction=fraction))
    return f"<h2>Metrics ({escape(group)} fixtures)</h2><div class='charts'>{''.join(charts)}</div>"


def _split_of(runs: Sequence[RunView], fid: str) -> str:
    return next((s.split for r in runs if (s := r.scores.get(fid)) and s.split), None) or "?"


def _fixture_table(runs: Sequence[RunView], fixture_ids: Sequence[str]) -> str:
    head = "".join(
        f"<th>{escape(r.label)}<br><span class='muted'>{_header(m)}</span></th>"
        for r in runs
        for m in _TABLE_METRICS
    )
    rows = []
    for fid in fixture_ids:
        cells = []
        for run in runs:
            score = run.scores.get(fid)
            for metric in _TABLE_METRICS:
                if score is None:
                    cells.append("<td class='muted'>not run</td>")
                    continue
                value = score.value(metric)
                failed = " ✗" if score.failed and metric == _TABLE_METRICS[0] else ""
                cells.append(
                    f"<td class='num {_shade(metric, value)}'>{_fmt(metric, value)}{failed}</td>"
                )
        rows.append(
            f"<tr><td><a href='#fx-{escape(fid)}'>{escape(fid)}</a></td>"
            f"<td>{escape(_split_of(runs, fid))}</td>{''.join(cells)}</tr>"
        )
    return (
        "<h2>Per fixture</h2><p class='muted'>✗: the run failed on this fixture "
        f"(scored as an empty prediction).</p><table><tr><th>fixture</th><th>split</th>{head}</tr>"
        f"{''.join(rows)}</table>"
    )


def _drilldowns(runs: Sequence[RunView], fixture_ids: Sequence[str]) -> str:
    blocks = []
    for fid in fixture_ids:
        inner = "".join(
            render_drill(run.label, run.records[fid], run.scores[fid])
            for run in runs
            if fid in run.records and fid in run.scores
        )
        blocks.append(
            f"<details class='fixture' id='fx-{escape(fid)}'><summary>{escape(fid)}</summary>"
            f"{inner}</details>"
        )
    return f"<h2>Fixtures</h2>{_LEGEND}{''.join(blocks)}"


def _runs_section(runs: Sequence[RunView]) -> str:
    items = []
    for run in runs:
        m = run.manifest
        items.append(
            f"<li id='{run.anchor}'><b>{escape(run.label)}</b>: "
            f"{escape(str(run.folder))}; started {escape(m.started_at)}, finished "
            f"{escape(str(m.finished_at))}; fixtures from {escape(m.fixtures_dir)}"
            f"{'; rescored ' + escape(m.rescored_at) if m.rescored_at else ''}"
            f"{'; <span class=error>failed: ' + escape(m.failure) + '</span>' if m.failure else ''}"
            "</li>"
        )
    return f"<h2>Runs</h2><ul>{''.join(items)}</ul>"


def render_report(runs: Sequence[RunView]) -> str:
    if not runs:
        raise InputError("give at least one run folder")
    labels = [r.label for r in runs]
    # The same configuration run twice (say before and after a change) is told apart by folder.
    runs = [
        replace(r, label=f"{r.label} ({r.folder})") if labels.count(r.label) > 1 else r
        for r in runs
    ]
    fixture_ids = sorted({fid for r in runs for fid in r.scores})
    sizes = group_sizes([r.aggregate for r in runs])
    groups = shown_groups(sizes) or ["all"]  # every configuration failed before scoring any
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Evenhand eval report</title>"
        f"<style>{_CSS}</style></head><body><h1>Evenhand eval report</h1>"
        f"<p class='muted'>{len(runs)} run(s), {len(fixture_ids)} fixture(s); "
        f"generated {escape(utc_now())}.</p>"
        f"{_leaderboards(runs, groups, sizes)}{_charts(runs, groups[0])}"
        f"{_fixture_table(runs, fixture_ids)}"
        f"{_drilldowns(runs, fixture_ids)}{_runs_section(runs)}</body></html>\n"
    )


def write_report(folders: Sequence[Path], out: Path) -> Path:
    html = render_report([load_run(f) for f in folders])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out

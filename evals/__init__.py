"""The eval suite: score extraction (and briefing) output against hand-labelled fixtures.

- `evals.gold` / `evals.loader`: the fixture format (version 1) and its loader/validator.
- `evals.textnorm`, `evals.matching`: name folding and one-to-one (Hungarian) assignment.
- `evals.metrics`: deterministic per-fixture scores and their micro/macro aggregation.
- `evals.runs`: running a configuration or a sweep, the run folder (SQLite + JSON), rescoring.
- `evals.compare`: paired bootstrap comparison of two runs (a CI gate).
- `evals.report`: the self-contained HTML report.
"""

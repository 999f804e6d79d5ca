"""Deterministic scoring of one fixture (`score.score_fixture`) and its aggregation (`ratio`).

One module per level: `incidents`, `claims` (claims and figures), `grounding`, `contested`;
`matches` holds the per-item record the report draws from, `spans` the evidence arithmetic.
"""

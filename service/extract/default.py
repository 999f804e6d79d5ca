"""The default pipeline: candidates found in code, then small focused model questions.

Layout (header lines out) -> candidate sentences -> incidents, one call per chunk -> one claim
call per candidate, figures checked against the sentence. De-duplication and the span check
run for every pipeline in `service.extract`.
"""

from __future__ import annotations

from schemas.article import ArticleIn
from schemas.result import Claim, Incident
from service.extract.candidates import select_candidates
from service.extract.claims import ask_claims
from service.extract.incidents import ask_incidents
from service.extract.layout import read_layout
from service.extract.run import Run

VERSION = "2"
PROMPTS = ("incident", "claim")


def run_default(run: Run, article: ArticleIn) -> tuple[list[Incident], list[Claim]]:
    layout = read_layout(article)
    run.warnings.extend(layout.warnings)
    selection = select_candidates(layout, run.settings.max_candidates)
    run.warnings.extend(selection.warnings)
    run.dropped.truncated += selection.truncated
    incidents = ask_incidents(run, layout)
    claims = ask_claims(run, layout, selection.candidates, incidents)
    return incidents, claims

"""The default pipeline: candidates found in code, then small focused model questions.

Layout (header lines out) -> candidate sentences -> incidents, one call per chunk -> one claim
call per candidate, figures checked against the sentence -> an incident coded from the headline
when the model listed none but claims were found. De-duplication and the span check
run for every pipeline in `service.extract`.
"""

from __future__ import annotations

from schemas.article import ArticleIn
from schemas.result import Claim, Incident
from service.extract.candidates import select_candidates
from service.extract.claims import ask_claims
from service.extract.fallback import fallback_incident
from service.extract.incidents import ask_incidents
from service.extract.layout import read_layout
from service.extract.run import Run

VERSION = "5"
PROMPTS = ("incident", "claim")


def run_default(run: Run, article: ArticleIn) -> tuple[list[Incident], list[Claim]]:
    layout = read_layout(article)
    run.warnings.extend(layout.warnings)
    selection = select_candidates(layout, run.settings.max_candidates)
    run.warnings.extend(selection.warnings)
    run.dropped.truncated += selection.truncated
    incidents = ask_incidents(run, layout)
    claims = ask_claims(run, layout, selection.candidates, incidents)
    if not incidents and (fallback := fallback_incident(layout, claims)):
        run.warnings.append("no incident found by the model; one was coded from the headline")
        claims = [c.model_copy(update={"incident_id": fallback.id}) for c in claims]
        incidents = [fallback]
    return incidents, claims

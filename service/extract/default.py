"""The default pipeline: candidates found in code, then small focused model questions.

Layout (header lines out) -> candidate sentences -> the article as the shared prompt prefix
(`reading`), evaluated once -> the incidents question and the candidates in groups, all asked at
once -> each claim linked to the incident its sentence names (`concerns`), figures checked against
the sentence -> an incident coded from the headline when the model listed none but claims were
found. De-duplication and the span check run for every pipeline in `service.extract`.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from schemas.article import ArticleIn
from schemas.result import Claim, Incident
from service.errors import ConfigError
from service.extract.candidates import select_candidates
from service.extract.claims import ask_claims
from service.extract.fallback import fallback_incident
from service.extract.incidents import ask_incidents
from service.extract.layout import read_layout
from service.extract.reading import Reading
from service.extract.run import Run
from service.prompts import version_number

# 6: parse-based attribution/figures (5) with prompt set v2 (article prefix, grouped sentences,
# labels only; statement = evidence). 7: every incident the article reports (prompt set v3).
# 8: the parse keeps credited sentences and parsed figures the model drops; sides from speakers.
# 9: one incident per day, place and actor pair (a capture during a clash is part of it).
# 10: prompt set v4: code links claims to incidents; incidents and sentences asked together.
VERSION = "10"
PROMPTS = ("incident", "claim")
# Older prompt sets stay in prompts/ for the record: v1 was asked by version 4 of this pipeline,
# v2 and v3 by versions 6-9 (their sentences question asks for an incident number).
MIN_PROMPT_VERSION = 4


def run_default(run: Run, article: ArticleIn) -> tuple[list[Incident], list[Claim]]:
    if version_number(run.settings.prompt_version) < MIN_PROMPT_VERSION:
        raise ConfigError(
            f"the default pipeline (version {VERSION}) needs prompt set v{MIN_PROMPT_VERSION} or "
            f"later, not {run.settings.prompt_version} (EVENHAND_PROMPT_VERSION)"
        )
    layout = read_layout(article)
    run.warnings.extend(layout.warnings)
    selection = select_candidates(layout, run.settings.max_candidates)
    run.warnings.extend(selection.warnings)
    run.dropped.truncated += selection.truncated
    reading = Reading.of(layout, run.settings.local_n_ctx)
    run.prime("article", **reading.prefix(0))
    # The incidents and the sentences questions go out together (they share the slots); the
    # sentences' labels become claims once the incidents are in.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="incidents") as pool:
        asked = pool.submit(ask_incidents, run, reading)
        claims = ask_claims(run, reading, selection.candidates, asked.result)
        incidents = asked.result()
    if not incidents and (fallback := fallback_incident(layout, claims)):
        run.warnings.append("no incident found by the model; one was coded from the headline")
        claims = [c.model_copy(update={"incident_id": fallback.id}) for c in claims]
        incidents = [fallback]
    return incidents, claims

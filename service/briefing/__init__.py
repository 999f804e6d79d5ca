"""Neutral briefings from reconciled extraction results.

- `build`: `build_briefing(results, *, model, settings) -> Briefing`.
- `summary`: the model writes the summary from the record; checks; one re-ask; template fallback.
- `checks`: code checks of the summary (numbers attributed, disputes complete, sides named,
  no loaded words, doubt words symmetric, parties named symmetrically).
- `lexicon` (+ `lexicon.yaml`, `state_media.yaml`): the word lists the checks and caveats use.
- `record_text`, `template`, `caveats`, `mentions`: the record as prompt text, the fallback
  summary, the reader's caveats, who a sentence names.
- `markdown`: `render_markdown(briefing) -> str`.
- `explain`: `render_explanation(briefing) -> str`, every link, non-link and source merge
  (`evenhand brief --explain`).
"""

from service.briefing.build import build_briefing
from service.briefing.explain import render_explanation
from service.briefing.markdown import render_markdown

__all__ = ["build_briefing", "render_explanation", "render_markdown"]

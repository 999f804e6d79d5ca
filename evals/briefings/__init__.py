"""Briefing evals: multi-article cases labelled by hand, scored on linking, sources, disputes.

A case (`cases/<name>.yaml`) lists format-1 fixtures (one per article, `shared/specs/
fixture-format.md`) and what the briefing over them must get right: which incidents across
articles are one event, the disputed figures with each source's value, a source's updates over
time, and the main event type. Which claims share a speaker comes from the fixtures' source
labels (one canonical name per real speaker; the same name in two fixtures is the same speaker).
The fixtures' labels are the extraction input (`inputs.as_result`), so the score measures
reconciliation alone, not extraction.
"""

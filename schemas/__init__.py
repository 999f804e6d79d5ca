"""Pydantic schemas shared by every part of Evenhand.

- `schemas.vocab`: the controlled vocabularies of the fixture format (event types, source types,
  claim kinds, figure categories, qualifiers).
- `schemas.llm`: what a model is asked to fill; small, flat, cheap in tokens (no ids, no offsets).
- `schemas.result`: the public extraction result, with ids, evidence spans and provenance.
"""

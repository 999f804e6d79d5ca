"""`brief --explain`: why incidents were linked or not and why sources were merged, as Markdown.

Everything shown is already in the Briefing JSON (`incidents[].reasons`, `linking`,
`sources[].merge_reasons`); this renders it for a reader checking the reconciliation.
"""

from __future__ import annotations

from schemas.briefing import Briefing, LinkDecision


def _decision(d: LinkDecision, incident_of: dict[str, str]) -> str:
    if d.linked:
        through = f"linked through another member of {incident_of[d.a]}"
        verdict = "linked" if d.rule_match else through
    else:
        verdict = (
            "not linked: the rule matches, but a better match took one of them"
            if d.rule_match
            else "not linked"
        )
    return f"- {d.a} ~ {d.b}: **{verdict}** ({'; '.join(d.reasons)})"


def render_explanation(briefing: Briefing) -> str:
    """The reconciliation decisions: incidents and their merges, every linking decision between
    incidents of different articles, and every source merge."""
    incident_of = {
        f"{m.article_id}/{m.incident_id}": inc.id for inc in briefing.incidents for m in inc.members
    }
    lines = ["## How this briefing was reconciled", "", "**Incidents**", ""]
    for inc in briefing.incidents:
        members = ", ".join(f"{m.article_id}/{m.incident_id}" for m in inc.members) or "none"
        role = "main" if inc.main else "other item"
        lines.append(f"- {inc.id} {inc.title} ({inc.event_type}, {role}); members: {members}")
        lines += [f"  - {reason}" for reason in inc.reasons]
    lines += ["", "**Linking decisions** (every pair of incidents from different articles)", ""]
    lines += [_decision(d, incident_of) for d in briefing.linking] or [
        "- none: every incident comes from one article"
    ]
    lines += ["", "**Sources**", ""]
    for source in briefing.sources:
        aliases = f"; also written {', '.join(repr(a) for a in source.aliases)}"
        side = source.side or "third party"
        lines.append(
            f"- {source.id} {source.name} ({source.type}, {side}; {len(source.claims)} claim(s)"
            + (aliases if source.aliases else "")
            + ")"
        )
        lines += [f"  - {reason}" for reason in source.merge_reasons] or ["  - one name throughout"]
    return "\n".join(lines) + "\n"

"""Scoring a briefing against a case: linking accuracy, source merges, dispute and update recall.

- linking accuracy: over every pair of incidents from different articles, the share where
  "one event or not" matches the labels (`Briefing.linking`).
- source merges: over every pair of claims, "same speaker" as the fixtures label it (one
  canonical name) against "same canonical source" in the briefing; precision and recall.
- dispute recall: a labelled dispute is found when a contested figure of that category and party
  lists every labelled number among its sources' current values (a denial counts as 0);
  dispute precision: contested figures that match a label.
- update recall: a labelled update is found when that source's values of that figure run
  through the labelled numbers in order, the last current, and the figure is not disputed
  because of it.
- event type: the main incident's type equals the label.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from evals.briefings.cases import Case
from schemas.briefing import Briefing, ReconciledFigure
from service.reconcile.figures import point
from service.reconcile.names import fold, same_party


@dataclass
class Counts:
    link_pairs: int = 0
    link_correct: int = 0
    merge_tp: int = 0
    merge_fp: int = 0
    merge_fn: int = 0
    disputes: int = 0
    disputes_found: int = 0
    contested: int = 0
    contested_labelled: int = 0
    updates: int = 0
    updates_found: int = 0
    types: int = 0
    types_correct: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for name, value in vars(other).items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)
        self.misses.extend(other.misses)

    def metrics(self) -> dict[str, float | None]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 3) if b else None

        return {
            "linking.accuracy": ratio(self.link_correct, self.link_pairs),
            "sources.merge_precision": ratio(self.merge_tp, self.merge_tp + self.merge_fp),
            "sources.merge_recall": ratio(self.merge_tp, self.merge_tp + self.merge_fn),
            "disputes.recall": ratio(self.disputes_found, self.disputes),
            "disputes.precision": ratio(self.contested_labelled, self.contested),
            "updates.recall": ratio(self.updates_found, self.updates),
            "event_type.accuracy": ratio(self.types_correct, self.types),
        }


def _linking(case: Case, briefing: Briefing, counts: Counts) -> None:
    group_of = {m: n for n, group in enumerate(case.spec.expected.incidents) for m in group}
    for decision in briefing.linking:
        expected = decision.a in group_of and group_of[decision.a] == group_of.get(decision.b)
        counts.link_pairs += 1
        if decision.linked == expected:
            counts.link_correct += 1
        else:
            what = "linked" if decision.linked else "not linked"
            counts.misses.append(f"{decision.a} ~ {decision.b} {what}: {decision.reasons}")


def _sources(case: Case, briefing: Briefing, counts: Counts) -> None:
    speaker = {
        (f.id, f"c{n}"): fold(c.source.name)
        for f in case.fixtures
        for n, c in enumerate(f.claims, start=1)
    }
    predicted = {(c.ref.article_id, c.ref.claim_id): c.source_id for c in briefing.claims}
    for a, b in combinations(sorted(speaker), 2):
        same_gold, same_pred = speaker[a] == speaker[b], predicted[a] == predicted[b]
        counts.merge_tp += same_gold and same_pred
        counts.merge_fp += same_pred and not same_gold
        counts.merge_fn += same_gold and not same_pred
        if same_gold != same_pred:
            what = "merged" if same_pred else "kept apart"
            counts.misses.append(f"claims {a} and {b} {what} ({speaker[a]} / {speaker[b]})")


def _matches(fig: ReconciledFigure, category: str, party: str | None) -> bool:
    return fig.category == category and same_party(fig.party, party)


def _disputes(case: Case, briefing: Briefing, counts: Counts) -> None:
    labelled: set[str] = set()
    for dispute in case.spec.expected.disputes:
        counts.disputes += 1
        found = next(
            (
                f
                for f in briefing.figures
                if f.contested
                and _matches(f, dispute.category, dispute.party)
                and set(dispute.values) <= {point(v) for v in f.values if v.status == "current"}
            ),
            None,
        )
        if found is None:
            counts.misses.append(f"dispute {dispute.category} {dispute.party} {dispute.values}")
        else:
            counts.disputes_found += 1
            labelled.add(found.id)
    contested = [f for f in briefing.figures if f.contested]
    counts.contested += len(contested)
    counts.contested_labelled += len(labelled)
    counts.misses += [
        f"unlabelled dispute: {f.label} ({f.contested_reason})"
        for f in contested
        if f.id not in labelled
    ]


def _updates(case: Case, briefing: Briefing, counts: Counts) -> None:
    names = {s.id: {fold(s.name), *(fold(a) for a in s.aliases)} for s in briefing.sources}
    for update in case.spec.expected.updates:
        counts.updates += 1
        ok = False
        for fig in briefing.figures:
            if not _matches(fig, update.category, update.party):
                continue
            mine = [v for v in fig.values if fold(update.source) in names[v.source_id]]
            steps = [point(v) for v in mine if v.status != "repeated"]
            ok = ok or (
                steps == update.values
                and mine[-1].status == "current"
                and not (fig.contested and len({v.source_id for v in fig.values}) == 1)
            )
        counts.updates_found += ok
        if not ok:
            counts.misses.append(f"update {update.source} {update.category} {update.values}")


def score_case(case: Case, briefing: Briefing) -> Counts:
    counts = Counts()
    _linking(case, briefing, counts)
    _sources(case, briefing, counts)
    _disputes(case, briefing, counts)
    _updates(case, briefing, counts)
    expected_type = case.spec.expected.event_type
    main = [i for i in briefing.incidents if i.main]
    if expected_type is not None and main:
        counts.types += 1
        counts.types_correct += main[0].event_type == expected_type
        if main[0].event_type != expected_type:
            counts.misses.append(f"event_type {main[0].event_type} != {expected_type}")
    return counts

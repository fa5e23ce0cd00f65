"""Quality of the duplicate matcher on the labelled evaluation set
(tests/matching/data/pairs.yaml): precision and recall at the default threshold."""

from __future__ import annotations

from matching_pairs import load_pairs, precision_recall

from screening_app.matching import DEFAULT_THRESHOLD

# Agreed floor (issue 13): recall >= 0.9 at precision >= 0.9 on the set. A change of
# the romanisation rules, the sound rules, the score or the threshold that falls
# below it fails here; docs/benchmarks.md reports the measured values.
FLOOR_PRECISION = 0.9
FLOOR_RECALL = 0.9
THRESHOLD_FLOOR = 0.8          # below this, a common name alone comes near the threshold


def test_default_threshold_meets_the_agreed_floor() -> None:
    pairs = load_pairs()
    assert sum(p.same for p in pairs) >= 60 and sum(not p.same for p in pairs) >= 40
    precision, recall = precision_recall(pairs, DEFAULT_THRESHOLD)
    assert precision >= FLOOR_PRECISION, precision
    assert recall >= FLOOR_RECALL, recall
    assert DEFAULT_THRESHOLD >= THRESHOLD_FLOOR


def test_every_same_person_pair_meets_in_the_index() -> None:
    """Blocking loses no labelled pair: the index must bring both cases together
    before the score can say anything."""
    lost = [p.text for p in load_pairs() if p.same and not p.blocked_together]
    assert lost == []


def test_hard_negatives_mostly_stay_below() -> None:
    pairs = load_pairs()
    for kind in ("siblings", "common-names", "near-names"):
        group = [p for p in pairs if p.kind == kind]
        flagged = [p.text for p in group if p.score() >= DEFAULT_THRESHOLD]
        assert len(flagged) <= len(group) // 5, flagged

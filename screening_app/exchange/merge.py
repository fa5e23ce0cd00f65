"""Field-by-field three-way merge of a case with a newer update from another agency.

base   = the last version exchanged with that agency (the common version)
ours   = the case as held here now
theirs = the sender's new version

A field only the sender changed is taken; a field only we changed is kept; a
field both changed to different values is a Conflict: ours is kept and the
conflict is recorded for a person to resolve. Nothing is silently overwritten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from screening_app.domain import Case

# Paths compared one by one; answers are compared per question id.
_SCALARS = ("status", "form_id", "form_version", "officer_language", "interviewee_language",
            "outcomes", "decision", "note", "draft", "authority_decision")
_SECTIONS = ("person", "consent")


@dataclass(frozen=True)
class Conflict:
    field: str
    base: Any
    ours: Any
    theirs: Any


@dataclass(frozen=True)
class MergeResult:
    case: Case
    taken: list[str]            # fields updated from the sender
    conflicts: list[Conflict]


def flatten(case_dict: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {k: case_dict.get(k) for k in _SCALARS}
    for section in _SECTIONS:
        for k, v in (case_dict.get(section) or {}).items():
            flat[f"{section}.{k}"] = v
    for qid, answer in (case_dict.get("answers") or {}).items():
        flat[f"answers.{qid}"] = answer
    return flat


def set_path(case_dict: dict[str, Any], key: str, value: Any) -> None:
    """Write one flattened field back into a case dict (None removes an answer)."""
    if key.startswith("answers."):
        qid = key.removeprefix("answers.")
        if value is None:
            case_dict["answers"].pop(qid, None)
        else:
            case_dict["answers"][qid] = value
    elif "." in key:
        section, name = key.split(".", 1)
        case_dict[section][name] = value
    else:
        case_dict[key] = value


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True,
                                                                    default=str)


def three_way(base: Case | None, ours: Case, theirs: Case) -> MergeResult:
    """Merge `theirs` into `ours`. Without a common version (`base` None) every
    field the two sides hold differently is a conflict."""
    b = {} if base is None else flatten(base.to_dict())
    o, t = flatten(ours.to_dict()), flatten(theirs.to_dict())
    merged = dict(o)
    taken: list[str] = []
    conflicts: list[Conflict] = []
    for key in sorted(set(b) | set(o) | set(t)):
        bv, ov, tv = b.get(key), o.get(key), t.get(key)
        if _same(tv, bv) or _same(tv, ov):
            continue                     # sender did not change it, or both agree
        if _same(ov, bv):
            merged[key] = tv             # only the sender changed it
            taken.append(key)
        else:
            conflicts.append(Conflict(key, bv, ov, tv))
    result = ours.to_dict()
    for key, value in merged.items():
        set_path(result, key, value)
    return MergeResult(Case.from_dict(result), taken, conflicts)

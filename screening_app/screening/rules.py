"""Rule sets (forms/rules/*.yaml): when a dimension is positive and how dimensions
combine into an outcome, as versioned data written in the expression language."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from screening_app.i18n import FormText, _
from screening_app.screening.expressions import Expression, ParseError, parse
from screening_app.screening.files import (
    Collector,
    FormError,
    Problem,
    choice_field,
    header,
    read_yaml,
    text_field,
    version_key,
    yaml_files,
)
from screening_app.screening.indicators import (
    EXPLOITATIONS,
    POPULATIONS,
    STATUSES,
    catalogue,
)

DEFAULT_RULE_SET = "ilo_2009_default"
COUNT_NAMES = frozenset({"strong", "medium", "weak"})


@dataclass(frozen=True)
class Clause:
    id: str
    text: str            # English source text; shown through _()
    when: Expression

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "text": self.text, "when": self.when.source}


@dataclass(frozen=True)
class RuleSet:
    id: str
    version: str
    title: str
    status: str
    source: str
    note: str
    sets: dict[str, dict[str, str]]          # population -> exploitation -> indicator set id
    dimension_rule: tuple[Clause, ...]
    combination: dict[str, Clause]           # population -> clause
    file: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def verified(self) -> bool:
        return self.status == "verified"

    def set_for(self, population: str, exploitation: str) -> str:
        return self.sets[population][exploitation]


def _clause(c: Collector, raw: Any, where: str, allowed: frozenset[str] | None) -> Clause | None:
    if not isinstance(raw, dict):
        c.add(where, _("must have id, text and when."))
        return None
    cid = text_field(c, raw, "id", where)
    text = text_field(c, raw, "text", where)
    source = text_field(c, raw, "when", where)
    if not source:
        return None
    try:
        expr = parse(source)
    except ParseError as err:
        c.add(where, _("bad expression in 'when': {error}").format(error=err))
        return None
    if allowed is not None:
        for name in sorted(expr.names() - allowed):
            c.add(where, _("'when' reads {name!r}, which is not one of: {known}.").format(
                name=name, known=", ".join(sorted(allowed))))
    return Clause(cid, FormText(text), expr)


def parse_rule_set(data: dict[str, Any], path: Path | str,
                   directory: Path | None = None) -> RuleSet:
    c = Collector(path)
    rid, where, version = header(c, data, "rule set")
    status = choice_field(c, data, "status", where, STATUSES)
    cat = catalogue(directory)
    sets: dict[str, dict[str, str]] = {}
    raw_sets = data.get("sets")
    dims_by_population: dict[str, set[str]] = {}
    for pop in POPULATIONS:
        entry = raw_sets.get(pop) if isinstance(raw_sets, dict) else None
        if not isinstance(entry, dict):
            c.add(where, _("'sets' must name the {population} indicator sets "
                           "(labour: id, sexual: id).").format(population=pop))
            continue
        sets[pop] = {}
        for expl in EXPLOITATIONS:
            sid = entry.get(expl)
            s = cat.latest(str(sid)) if sid else None
            if s is None:
                c.add(where, _("sets.{population}.{exploitation}: unknown indicator set "
                               "{set!r}.").format(population=pop, exploitation=expl, set=sid))
                continue
            sets[pop][expl] = s.id
            dims_by_population.setdefault(pop, set()).update(s.dimensions)
    clauses: list[Clause] = []
    raw_rule = data.get("dimension_rule")
    if not isinstance(raw_rule, list) or not raw_rule:
        c.add(where, _("'dimension_rule' must be a list of clauses."))
    else:
        for n, raw in enumerate(raw_rule, 1):
            cl = _clause(c, raw, f"dimension_rule clause {n}", COUNT_NAMES)
            if cl is not None:
                clauses.append(cl)
    combination: dict[str, Clause] = {}
    raw_comb = data.get("combination")
    for pop in POPULATIONS:
        raw = raw_comb.get(pop) if isinstance(raw_comb, dict) else None
        cl = _clause(c, raw, f"combination '{pop}'",
                     frozenset(dims_by_population.get(pop, set())) or None)
        if cl is not None:
            combination[pop] = cl
    c.fail()
    return RuleSet(
        id=rid, version=version,
        title=FormText(text_field(c, data, "title", where, False)) or rid,
        status=status, source=text_field(c, data, "source", where),
        note=text_field(c, data, "note", where, False), sets=sets,
        dimension_rule=tuple(clauses), combination=combination, file=str(path),
    )


@lru_cache(maxsize=8)
def _rule_sets(directory: Path | None) -> dict[tuple[str, str], RuleSet]:
    found: dict[tuple[str, str], RuleSet] = {}
    problems: list[Problem] = []
    for path in yaml_files(directory, "rules"):
        try:
            data = read_yaml(path)
            if data.get("kind") != "rule_set":
                raise FormError([Problem(str(path), "", _("'kind' must be rule_set."))])
            rs = parse_rule_set(data, path, directory)
            found.setdefault((rs.id, rs.version), rs)
        except FormError as err:
            problems.extend(err.problems)
    if problems:
        raise FormError(problems)
    return found


def list_rule_sets(directory: Path | None = None) -> list[RuleSet]:
    d = None if directory is None else Path(directory)
    return sorted(_rule_sets(d).values(), key=lambda r: (r.id, version_key(r.version)))


def load_rule_set(rule_set_id: str | None = None, version: str | None = None,
                  directory: Path | None = None) -> RuleSet:
    """A rule set by id (default: the ILO 2009 default), newest version unless given."""
    rid = rule_set_id or DEFAULT_RULE_SET
    d = None if directory is None else Path(directory)
    candidates = [r for (i, _v), r in _rule_sets(d).items() if i == rid]
    if version is not None:
        candidates = [r for r in candidates if r.version == version]
    if not candidates:
        raise FormError([Problem("forms/rules", f"rule set '{rid}'",
                                 _("no such rule set (version {version}).").format(
                                     version=version or _("any")))])
    return max(candidates, key=lambda r: version_key(r.version))


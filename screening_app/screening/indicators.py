"""Indicator sets (forms/indicators/*.yaml): which indicator counts in which dimension
and how strongly, with provenance and verification status per set."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from screening_app.i18n import FormText, _
from screening_app.screening.files import (
    ID_PATTERN,
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

STRENGTHS = ("strong", "medium", "weak")
POPULATIONS = ("adult", "child")
EXPLOITATIONS = ("labour", "sexual")
STATUSES = ("verified", "unverified", "provisional")


@dataclass(frozen=True)
class IndicatorSet:
    id: str
    version: str
    title: str
    population: str                     # "adult" | "child"
    exploitation: str                   # "labour" | "sexual"
    status: str                         # "verified" | "unverified" | "provisional"
    source: str
    provenance: str = ""
    doubts: tuple[str, ...] = ()
    strength_sources: dict[str, str] = field(default_factory=dict)
    # dimension id -> indicator id -> "strong" | "medium" | "weak"
    dimensions: dict[str, dict[str, str]] = field(default_factory=dict)
    file: str = ""

    @property
    def verified(self) -> bool:
        return self.status == "verified"

    @property
    def provisional(self) -> bool:
        return not self.verified

    def indicators(self) -> set[str]:
        return {i for dim in self.dimensions.values() for i in dim}

    def dimensions_of(self, indicator: str) -> list[str]:
        return [d for d, inds in self.dimensions.items() if indicator in inds]

    def strength(self, dimension: str, indicator: str) -> str | None:
        return self.dimensions.get(dimension, {}).get(indicator)

    def strength_source(self, dimension: str, indicator: str) -> str:
        """Where this strength came from (the set's default source unless recorded)."""
        return self.strength_sources.get(f"{dimension}.{indicator}",
                                         self.strength_sources.get("default", self.source))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "version": self.version, "title": self.title,
            "population": self.population, "exploitation": self.exploitation,
            "status": self.status, "source": self.source, "provenance": self.provenance,
            "doubts": list(self.doubts), "strength_sources": dict(self.strength_sources),
            "dimensions": {d: {s: [i for i, st in inds.items() if st == s] for s in STRENGTHS}
                           for d, inds in self.dimensions.items()},
        }


def parse_indicator_set(data: dict[str, Any], path: Path | str) -> IndicatorSet:
    c = Collector(path)
    set_id, where, version = header(c, data, "indicator set")
    population = choice_field(c, data, "population", where, POPULATIONS)
    exploitation = choice_field(c, data, "exploitation", where, EXPLOITATIONS)
    status = choice_field(c, data, "status", where, STATUSES)
    source = text_field(c, data, "source", where)
    dims_raw = data.get("dimensions")
    dimensions: dict[str, dict[str, str]] = {}
    if not isinstance(dims_raw, dict) or not dims_raw:
        c.add(where, _("'dimensions' must map dimension ids to strong/medium/weak lists."))
        dims_raw = {}
    for dim, tiers in dims_raw.items():
        dwhere = f"dimension '{dim}'"
        if not isinstance(dim, str) or not ID_PATTERN.match(dim):
            c.add(dwhere, _("the id must be lower-case letters, digits and _."))
            continue
        if not isinstance(tiers, dict):
            c.add(dwhere, _("must map strong/medium/weak to lists of indicator ids."))
            continue
        inds: dict[str, str] = {}
        for tier, ids in tiers.items():
            if tier not in STRENGTHS:
                c.add(dwhere, _("unknown strength {tier!r} (use strong, medium or weak).").format(
                    tier=tier))
                continue
            if ids is None:
                continue
            if not isinstance(ids, list):
                c.add(dwhere, _("'{tier}' must be a list of indicator ids.").format(tier=tier))
                continue
            for ind in ids:
                if not isinstance(ind, str) or not ID_PATTERN.match(ind):
                    c.add(dwhere, _("indicator {indicator!r}: the id must be lower-case letters, "
                                    "digits and _.").format(indicator=ind))
                elif ind in inds:
                    c.add(dwhere, _("indicator '{indicator}' is listed twice.").format(
                        indicator=ind))
                else:
                    inds[ind] = tier
        dimensions[dim] = inds
    sources_raw = data.get("strength_sources") or {}
    if not isinstance(sources_raw, dict):
        c.add(where, _("'strength_sources' must map dimension.indicator to a source."))
        sources_raw = {}
    for key in sources_raw:
        if key == "default":
            continue
        dim, _sep, ind = str(key).partition(".")
        if ind not in dimensions.get(dim, {}):
            c.add(where, _("strength_sources names '{key}', which is not in this set.").format(
                key=key))
    doubts = data.get("doubts") or []
    c.fail()
    return IndicatorSet(
        id=set_id, version=version,
        title=FormText(text_field(c, data, "title", where, False)) or set_id,
        population=population, exploitation=exploitation, status=status, source=source,
        provenance=text_field(c, data, "provenance", where, False),
        doubts=tuple(str(d) for d in doubts) if isinstance(doubts, list) else (str(doubts),),
        strength_sources={str(k): str(v) for k, v in sources_raw.items()},
        dimensions=dimensions, file=str(path),
    )


@dataclass(frozen=True)
class Labels:
    dimensions: dict[str, str]
    indicators: dict[str, str]


@dataclass(frozen=True)
class Catalogue:
    """Every indicator set (all versions) and label found in the search folders."""

    sets: dict[tuple[str, str], IndicatorSet]
    labels: Labels

    def latest(self, set_id: str) -> IndicatorSet | None:
        versions = [s for (i, _v), s in self.sets.items() if i == set_id]
        return max(versions, key=lambda s: version_key(s.version)) if versions else None

    def get(self, set_id: str, version: str | None = None) -> IndicatorSet | None:
        if version is None:
            return self.latest(set_id)
        return self.sets.get((set_id, version))


def _read_labels(data: dict[str, Any], path: Path, labels: Labels, c: Collector) -> None:
    for key, target in (("dimensions", labels.dimensions), ("indicators", labels.indicators)):
        block = data.get(key) or {}
        if not isinstance(block, dict):
            c.add(key, _("must map ids to English labels."))
            continue
        for k, v in block.items():
            if not isinstance(v, str) or not v.strip():
                c.add(f"{key[:-1]} '{k}'", _("the label must be text."))
            else:
                target.setdefault(str(k), FormText(v.strip()))


@lru_cache(maxsize=8)
def _catalogue(directory: Path | None) -> Catalogue:
    sets: dict[tuple[str, str], IndicatorSet] = {}
    labels = Labels({}, {})
    problems: list[Problem] = []
    for path in yaml_files(directory, "indicators"):
        try:
            data = read_yaml(path)
            c = Collector(path)
            kind = data.get("kind")
            if kind == "labels":
                _read_labels(data, path, labels, c)
            elif kind == "indicator_set":
                s = parse_indicator_set(data, path)
                sets.setdefault((s.id, s.version), s)      # earlier search folder wins
                if isinstance(data.get("labels"), dict):
                    _read_labels(data["labels"], path, labels, c)
            else:
                c.add("", _("'kind' must be indicator_set or labels."))
            c.fail()
        except FormError as err:
            problems.extend(err.problems)
    for s in sets.values():
        for dim, inds in s.dimensions.items():
            if dim not in labels.dimensions:
                problems.append(Problem(s.file, f"dimension '{dim}'", _("has no label.")))
            for ind in inds:
                if ind not in labels.indicators:
                    problems.append(Problem(s.file, f"indicator '{ind}'", _("has no label.")))
    if problems:
        raise FormError(problems)
    return Catalogue(sets, labels)


def catalogue(directory: Path | None = None) -> Catalogue:
    return _catalogue(None if directory is None else Path(directory))


def load_indicator_sets(directory: Path | None = None) -> dict[str, IndicatorSet]:
    """The newest version of every indicator set, by id."""
    cat = catalogue(directory)
    out: dict[str, IndicatorSet] = {}
    for set_id, _v in sorted(cat.sets):
        latest = cat.latest(set_id)
        if latest is not None:
            out[set_id] = latest
    return out


def get_indicator_set(set_id: str, version: str | None = None,
                      directory: Path | None = None) -> IndicatorSet:
    found = catalogue(directory).get(set_id, version)
    if found is None:
        raise FormError([Problem("forms/indicators", f"indicator set '{set_id}'",
                                 _("no such set (version {version}).").format(
                                     version=version or _("any")))])
    return found


def known_indicators(directory: Path | None = None) -> dict[str, set[str]]:
    """indicator id -> the dimensions that list it in any set."""
    out: dict[str, set[str]] = {}
    for s in catalogue(directory).sets.values():
        for dim, inds in s.dimensions.items():
            for ind in inds:
                out.setdefault(ind, set()).add(dim)
    return out


def _fallback(ident: str) -> str:
    return ident.replace("_", " ").capitalize()


def indicator_label(indicator_id: str, directory: Path | None = None) -> str:
    """English label of an indicator (source text: pass it through `_()` to show it)."""
    return catalogue(directory).labels.indicators.get(indicator_id, _fallback(indicator_id))


def dimension_label(dimension_id: str, directory: Path | None = None) -> str:
    """English label of a dimension (source text: pass it through `_()` to show it)."""
    return catalogue(directory).labels.dimensions.get(dimension_id, _fallback(dimension_id))


def indicator_set_label(set_id: str, directory: Path | None = None) -> str:
    """English title of an indicator set (e.g. "Adults, labour exploitation")."""
    found = catalogue(directory).latest(set_id)
    return found.title if found is not None else _fallback(set_id)

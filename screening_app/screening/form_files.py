"""The forms on disk: a form by id and version (exactly the one a case was taken
with), every form, a check of all forms, indicator sets and rule sets together,
and forgetting what was cached after files changed.

Files are read again only when they change (path and modification time are the
cache key).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from screening_app.domain import Consent, Person
from screening_app.i18n import _
from screening_app.screening.files import FormError, Problem, read_yaml, version_key, yaml_files
from screening_app.screening.form_definition import FormDefinition
from screening_app.screening.form_parser import load_form_file
from screening_app.screening.indicators import _catalogue, catalogue, get_indicator_set
from screening_app.screening.profile import consent_from_answers, person_from_answers
from screening_app.screening.rules import _rule_sets, list_rule_sets, load_rule_set


@lru_cache(maxsize=32)
def _cached_form(path: str, mtime: float, directory: Path | None) -> FormDefinition:
    return load_form_file(path, directory)


@lru_cache(maxsize=64)
def _header(path: str, mtime: float) -> tuple[str, str, str]:
    """(kind, id, version) of a file, read again only when the file changes."""
    try:
        data = read_yaml(Path(path))
    except FormError:
        return ("", "", "")
    return (str(data.get("kind", "")), str(data.get("id", "")), str(data.get("version", "")))


def _form_files(directory: Path | None) -> list[tuple[str, str, Path]]:
    """(id, version, path) of every file that says kind: form."""
    out: list[tuple[str, str, Path]] = []
    for path in yaml_files(directory, None):
        kind, form_id, version = _header(str(path), path.stat().st_mtime)
        if kind == "form":
            out.append((form_id, version, path))
    return out


def _load(path: Path, directory: Path | None) -> FormDefinition:
    return _cached_form(str(path), path.stat().st_mtime, directory)


def load_form(form_id: str, version: str | None = None,
              directory: Path | None = None) -> FormDefinition:
    """The form `form_id`: exactly `version` (the one a case was taken with), else the newest."""
    d = None if directory is None else Path(directory)
    candidates = [(v, p) for i, v, p in _form_files(d) if i == form_id]
    if version is not None:
        candidates = [(v, p) for v, p in candidates if v == version]
    if not candidates:
        raise FormError([Problem("forms", f"form '{form_id}'", _(
            "no such form (version {version}).").format(version=version or _("any")))])
    _v, path = max(candidates, key=lambda vp: version_key(vp[0]))
    return _load(path, d)


def list_forms(directory: Path | None = None) -> list[FormDefinition]:
    """Every valid form (all versions), by id then version."""
    d = None if directory is None else Path(directory)
    out: list[FormDefinition] = []
    for _i, _v, path in _form_files(d):
        try:
            out.append(_load(path, d))
        except FormError:
            continue
    return sorted(out, key=lambda f: (f.id, version_key(f.version)))


def check_forms(directory: Path | None = None,
                files: Iterable[Path] | None = None) -> list[Problem]:
    """Every problem in the forms, indicator sets and rule sets (empty when all is well)."""
    d = None if directory is None else Path(directory)
    problems: list[Problem] = []
    for loader in (lambda: catalogue(d), lambda: list_rule_sets(d)):
        try:
            loader()
        except FormError as err:
            problems.extend(err.problems)
    if problems:
        return problems
    paths = list(files) if files is not None else [p for _i, _v, p in _form_files(d)]
    for path in paths:
        try:
            form = load_form_file(path, d)
            rules = load_rule_set(form.rule_set, form.rule_set_version, d)
        except FormError as err:
            problems.extend(err.problems)
            continue
        problems.extend(Problem(form.file, f"indicator '{ref}'", _(
            "no answer option of this form evidences it (rule set {rules}); the outcome "
            "could never count it.").format(rules=rules.id)) for ref in uncovered(form, d))
    return problems


def uncovered(form: FormDefinition, directory: Path | None = None) -> list[str]:
    """`set/dimension.indicator` of the form's rule-set sets that no option evidences."""
    rules = load_rule_set(form.rule_set, form.rule_set_version, directory)
    refs = form.indicator_refs()
    missing: list[str] = []
    for set_id in sorted({s for by in rules.sets.values() for s in by.values()}):
        s = get_indicator_set(set_id, None, directory)
        for dim, inds in s.dimensions.items():
            missing.extend(f"{set_id}/{dim}.{ind}" for ind in inds
                           if ind not in refs and f"{dim}.{ind}" not in refs)
    return missing


def profile_from_answers(answers: dict[str, Any], form: FormDefinition | None = None
                         ) -> tuple[Person, Consent]:
    """(Person, Consent) from the answers of `form` (default: the newest identification form)."""
    if form is None:
        form = load_form("identification")
    return person_from_answers(form, answers), consent_from_answers(form, answers)


def reload_data() -> None:
    """Forget cached indicator sets, labels, rule sets and forms (after files changed)."""
    _catalogue.cache_clear()
    _rule_sets.cache_clear()
    _cached_form.cache_clear()
    _header.cache_clear()

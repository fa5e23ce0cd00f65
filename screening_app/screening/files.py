"""Reading the data files of forms/: YAML, problems that name file and item, versions.

Forms, indicator sets and rule sets are data a national task force may write, so
every problem found names the file, the item (question id, indicator id, ...) and
what is wrong, and all problems of a file are reported at once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from screening_app.errors import Refused
from screening_app.i18n import _, ngettext
from screening_app.paths import FORMS_DIR

# Extra folders searched before the installed forms/ (os.pathsep-separated), so a
# national task force can add its own form, indicator set or rule set.
FORMS_PATH_ENV = "SCREENING_APP_FORMS_PATH"
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
VERSION_PATTERN = re.compile(r"^[0-9]+(\.[0-9]+)*([.-][A-Za-z0-9]+)?$")


@dataclass(frozen=True)
class Problem:
    file: str
    where: str        # "question 'q_id'", "indicator 'x'", "" for the file itself
    message: str

    def __str__(self) -> str:
        if self.where:
            return f"{self.file}: {self.where}: {self.message}"
        return f"{self.file}: {self.message}"


class FormError(Refused):
    """A form, indicator set or rule set file that cannot be used, with every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        head = ngettext("The file cannot be used ({n} problem):",
                        "The file cannot be used ({n} problems):",
                        len(problems)).format(n=len(problems))
        super().__init__("\n".join([head, *(f"  {p}" for p in problems)]))


class Collector:
    """Gathers problems for one file; `fail()` raises them all."""

    def __init__(self, path: Path | str) -> None:
        self.file = str(path)
        self.problems: list[Problem] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.file, where, message))

    def fail(self) -> None:
        if self.problems:
            raise FormError(self.problems)


def read_yaml(path: Path) -> dict[str, Any]:
    """The mapping in `path`; a FormError naming the file and line when it is not YAML."""
    c = Collector(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        c.add("", _("cannot be read ({reason}).").format(reason=type(exc).__name__))
        c.fail()
    try:
        # The C loader when PyYAML has it: the interview form loads in a tenth of the time.
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = "" if mark is None else _("line {line}").format(line=mark.line + 1)
        c.add(line, _("is not valid YAML ({problem}).").format(
            problem=getattr(exc, "problem", None) or type(exc).__name__))
        c.fail()
    if not isinstance(data, dict):
        c.add("", _("must hold a mapping (key: value lines) at the top."))
        c.fail()
    return data


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key: numeric parts compare as numbers ("1.10" after "1.9")."""
    parts = re.split(r"[.-]", version)
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


def search_dirs(directory: Path | None = None) -> list[Path]:
    """Folders holding forms/, indicators/ and rules/: `directory` alone if given."""
    if directory is not None:
        return [Path(directory)]
    extra = [Path(p) for p in os.environ.get(FORMS_PATH_ENV, "").split(os.pathsep) if p]
    return [*extra, FORMS_DIR]


def yaml_files(directory: Path | None, sub: str | None) -> Iterator[Path]:
    """YAML files under each search folder (in `sub`, or in every folder but
    indicators/ and rules/ when sub is None), in a stable order."""
    for base in search_dirs(directory):
        if not base.is_dir():
            continue
        if sub is not None:
            folder = base / sub
            if folder.is_dir():
                yield from sorted(folder.glob("*.yaml"))
            continue
        for path in sorted(base.rglob("*.yaml")):
            rel = path.relative_to(base).parts
            if rel and rel[0] in ("indicators", "rules"):
                continue
            yield path


def choice_field(c: Collector, data: dict[str, Any], key: str, where: str,
                 values: tuple[str, ...]) -> str:
    value = text_field(c, data, key, where)
    if value and value not in values:
        c.add(where, _("'{key}' must be one of: {values}.").format(key=key,
                                                                   values=", ".join(values)))
    return value


def header(c: Collector, data: dict[str, Any], what: str) -> tuple[str, str, str]:
    """(id, where, version) of an indicator or rule set, with their problems noted."""
    ident = text_field(c, data, "id", "")
    where = f"{what} '{ident}'"
    if ident and not ID_PATTERN.match(ident):
        c.add(where, _("the id must be lower-case letters, digits and _."))
    version = text_field(c, data, "version", where)
    if version and not VERSION_PATTERN.match(version):
        c.add(where, _("the version {version!r} is not like 1.0 or 2009.1.").format(
            version=version))
    return ident, where, version


def text_field(c: Collector, data: dict[str, Any], key: str, where: str,
               required: bool = True) -> str:
    value = data.get(key)
    if value is None:
        if required:
            c.add(where, _("'{key}' is missing.").format(key=key))
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        c.add(where, _("'{key}' must be text.").format(key=key))
        return ""
    # Whitespace is collapsed exactly as the Babel extractor does, so the text shown
    # is the msgid of its translation.
    return " ".join(str(value).split())

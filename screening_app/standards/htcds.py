"""IOM's Human Trafficking Case Data Standard (HTCDS) 2.0, as data.

The one place that knows the standard: its field names, types, picklist values
and labels, deprecated fields, and the code lists it prescribes (ISO 3166 country
codes, ISO 639 language codes, E.164 phone numbers, the last checked by the
validation layer: `domain.phones`). The field list is the
resource resources/htcds/htcds-2.0-fields.json (extracted from IOM's
`HTCDS Field Standards 2.0.ods`; CC BY 4.0, see resources/htcds/README.md).

Everything the program writes under an HTCDS name goes through `check` (or
`record`), so a name or a value that is not in HTCDS 2.0 is a ValueError at the
writer, never a file a receiving case-management system rejects. Messages name
the field and never the value (it may be personal data).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

# E.164 is checked by the validation layer; named here too, as the standard prescribes it.
from screening_app.domain.phones import e164 as e164
from screening_app.paths import RESOURCES_DIR

FOLDER = RESOURCES_DIR / "htcds"
FIELDS_FILE = FOLDER / "htcds-2.0-fields.json"
TOOLKIT_FILE = FOLDER / "toolkit-excel-2.0.json"
VERSION = "2.0"
ATTRIBUTION = ("Human Trafficking Case Data Standard (HTCDS) by IOM, licensed under CC BY 4.0 "
               "(http://creativecommons.org/licenses/by/4.0/). Not endorsed by IOM.")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


class NotInStandard(ValueError):
    """A name or value that HTCDS 2.0 does not have. The message names the field only."""


@dataclass(frozen=True)
class Field:
    name: str                       # e.g. "prs_Gender"
    prefix: str                     # the table: org_, prs_, vic_, cas_, hte_, con_, ...
    type: str                       # as the standard says: Text, Picklist, ...
    core: bool
    status: str                     # DRAFT (current) or DEPRECATED
    section: str
    label: str
    values: tuple[str, ...] = ()    # picklist value names, in the standard's order
    value_labels: tuple[str, ...] = ()
    code_list: str = ""             # e.g. "Use ISO 3166 country codes standard"
    pattern: str = ""               # a regular expression the value must match (phones)

    @property
    def deprecated(self) -> bool:
        return self.status.upper() == "DEPRECATED"

    @property
    def multiple(self) -> bool:
        return self.type.lower().startswith("multiselect")

    @property
    def countries(self) -> bool:
        return "ISO 3166" in self.code_list

    @property
    def languages(self) -> bool:
        return "ISO 639" in self.code_list

    def label_of(self, value: str) -> str:
        """The standard's English label of a picklist value."""
        return self.value_labels[self.values.index(value)]


@dataclass(frozen=True)
class Standard:
    name: str
    version: str
    released: str
    source: str
    fields: Mapping[str, Field]
    countries: frozenset[str]       # ISO 3166-1 alpha-2, as the IOM toolkit lists them

    def field(self, name: str) -> Field:
        found = self.fields.get(name)
        if found is None:
            raise NotInStandard(f"{name!r} is not a field of HTCDS {self.version}")
        return found

    def has(self, name: str) -> bool:
        return name in self.fields

    def values(self, name: str) -> tuple[str, ...]:
        return self.field(name).values

    def check(self, name: str, value: Any) -> Any:
        """`value` if it is a valid value of the current field `name` (None: empty);
        NotInStandard otherwise."""
        f = self.field(name)
        if f.deprecated:
            raise NotInStandard(f"{name} is deprecated in HTCDS {self.version}")
        if value is None:
            return None
        if f.multiple:
            if not isinstance(value, list) or len(set(value)) != len(value):
                raise NotInStandard(f"{name} takes a list of distinct values")
            for item in value:
                self._one(f, item)
            return value
        self._one(f, value)
        return value

    def _one(self, f: Field, value: Any) -> None:
        kind = f.type.lower()
        ok: bool
        if f.values:
            ok = isinstance(value, str) and value in f.values
        elif f.countries:
            ok = isinstance(value, str) and value in self.countries
        elif f.languages:
            ok = isinstance(value, str) and bool(_LANGUAGE.match(value))
        elif kind == "checkbox":
            ok = isinstance(value, bool)
        elif kind == "number":
            ok = isinstance(value, int | float) and not isinstance(value, bool)
        elif kind == "date":
            ok = isinstance(value, str) and is_iso_date(value)
        else:       # Text, Long Text, Lookup, Geolocation: text
            ok = isinstance(value, str)
        if ok and f.pattern:
            ok = isinstance(value, str) and re.fullmatch(f.pattern, value) is not None
        if not ok:
            raise NotInStandard(f"a value of {f.name} is not valid in HTCDS {self.version}")

    def record(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """A dict of HTCDS fields, each checked; None values are left out."""
        return {k: self.check(k, v) for k, v in values.items() if v is not None}


def is_iso_date(text: str) -> bool:
    if not _ISO_DATE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _field(name: str, raw: Mapping[str, Any]) -> Field:
    values = [str(v).strip() for v in raw.get("values") or []]
    return Field(
        name=name, prefix=str(raw["prefix"]), type=str(raw["type"]), core=bool(raw["core"]),
        status=str(raw["status"]), section=str(raw.get("section") or ""),
        label=str(raw.get("label") or name),
        values=tuple(values),
        value_labels=tuple(str(v).strip() for v in raw.get("value_labels") or [])
        if values else (),
        code_list=str(raw.get("code_list") or ""), pattern=str(raw.get("pattern") or ""),
    )


def load(fields_file: Path = FIELDS_FILE, toolkit_file: Path = TOOLKIT_FILE) -> Standard:
    data = json.loads(fields_file.read_text(encoding="utf-8"))
    toolkit = json.loads(toolkit_file.read_text(encoding="utf-8"))
    head = data["standard"]
    return Standard(
        name=str(head["name"]), version=str(head["version"]), released=str(head["released"]),
        source=str(head["source"]),
        fields={name: _field(name, raw) for name, raw in data["fields"].items()},
        countries=frozenset(str(c) for c in toolkit["lists"]["Country Code"]["values"]),
    )


@lru_cache(maxsize=1)
def standard() -> Standard:
    """HTCDS 2.0 as shipped with the program (read once)."""
    return load()


def check(name: str, value: Any) -> Any:
    return standard().check(name, value)


def record(values: Mapping[str, Any]) -> dict[str, Any]:
    return standard().record(values)


# --- code lists ------------------------------------------------------------------

def is_country(code: object) -> bool:
    """An ISO 3166-1 alpha-2 code (the 249 the HTCDS toolkit lists)."""
    return isinstance(code, str) and code in standard().countries


def countries(codes: Iterable[str]) -> list[str]:
    """The ISO 3166-1 codes among `codes`, in order, each once (CLDR also knows
    regions such as XK that ISO 3166 does not)."""
    return [c for c in dict.fromkeys(codes) if is_country(c)]


def language(code: str | None) -> str | None:
    """The ISO 639 code of one of our language codes ("zh_Hans" -> "zh"), or None."""
    if not code:
        return None
    base = re.split(r"[_-]", code, maxsplit=1)[0].lower()
    return base if _LANGUAGE.match(base) else None

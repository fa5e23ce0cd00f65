"""The kinds of value of the validation layer (domain/validation.py says which
field is which kind): text with a length limit and no forbidden characters, closed
lists of an enum, codes, whole numbers, dates, times, lists and bounded JSON, and
the limits themselves. Each kind reads a JSON value and checks a domain value.

Two ways in, one set of rules:
* `read_*` take a JSON document (a `cases add` profile, a packet's case.json) and
  return the domain object, refusing wrong types as well as wrong values;
* `check_*` take a domain object (a GUI form's result, a case about to be stored).

A refusal is `Invalid(problem)`: `problem` names the field, the rule and what is
allowed, and never the value itself (it may be personal data). Closed lists come
from the domain's own enums, so new enum values are accepted at once. What the
domain cannot know (installed forms, supported languages and countries) comes
from a `Vocabulary` the caller passes in (`screening_app.vocabulary.installed()`).
The limits are documented in docs/threat-model.md ("Input").
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from typing import Any

from screening_app.domain.characters import (
    forbidden_character,
    is_blank,
    unsafe_except,
    visible,
)
from screening_app.domain.problems import (
    Expected,
    FixedVocabulary,
    Invalid,
    Problem,
    Rule,
    Vocabulary,
)

__all__ = ["Expected", "FixedVocabulary", "Invalid", "Problem", "Rule",
           "Vocabulary", "forbidden_character", "is_blank", "unsafe_except", "visible"]

NAME_MAX = 200             # given, family and Latin names; agency names
TEXT_MAX = 200             # other one-line values: references, user names, ids
PHONE_MAX = 64
ADDRESS_MAX = 500
REASON_MAX = 2_000         # a lawful exception's recorded reason
NOTE_MAX = 20_000          # the officer's note, an override's reason, a text answer
PROFILE_MAX_BYTES = 1024 * 1024     # a `cases add` profile file
AGE_MIN, AGE_MAX = 0, 120
EARLIEST_BIRTH = date(1900, 1, 1)
EARLIEST_TIME = datetime(2000, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)    # clocks of other devices may run a little ahead
LIST_MAX = 50              # languages, shared-with users, referral languages
ANSWERS_MAX = 2_000
OUTCOMES_MAX = 1_000
REFERRALS_MAX = 200
JSON_DEPTH_MAX = 8         # inside an answer or an outcome's explanation
JSON_ITEMS_MAX = 2_000

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_IDENT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.:@/-]*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _fail(name: str, rule: Rule, **facts: Any) -> Invalid:
    return Invalid(Problem(name, rule, **facts))


def join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


# --- one rule per kind of value -------------------------------------------------
@dataclass(frozen=True)
class Context:
    vocabulary: Vocabulary
    today: date
    now: datetime


class Spec:
    """How one field is read from JSON and checked as a domain value."""

    nullable = False

    def read(self, raw: Any, name: str, ctx: Context) -> Any:
        if raw is None and self.nullable:
            return None
        value = self.parse(raw, name, ctx)
        self.check(value, name, ctx)
        return value

    def parse(self, raw: Any, name: str, ctx: Context) -> Any:
        return raw

    def check(self, value: Any, name: str, ctx: Context) -> None:
        if value is None and self.nullable:
            return
        self.check_value(value, name, ctx)

    def check_value(self, value: Any, name: str, ctx: Context) -> None:
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Spec):
    limit: int = TEXT_MAX
    multiline: bool = False
    nullable: bool = False
    required: bool = False          # not empty; never only spaces
    blank_ok: bool = False          # "   " allowed (free text); names refuse it

    def check_value(self, value: Any, name: str, ctx: Context) -> None:
        if not isinstance(value, str):
            raise _fail(name, Rule.TYPE, expected=Expected.TEXT)
        if len(value) > self.limit:
            raise _fail(name, Rule.TOO_LONG, limit=self.limit)
        bad = forbidden_character(value, self.multiline)
        if bad is not None:
            raise _fail(name, Rule.CHARACTER, character=bad)
        if (self.required or (value and not self.blank_ok)) and is_blank(value):
            raise _fail(name, Rule.BLANK)


@dataclass(frozen=True)
class Ident(Spec):
    limit: int = TEXT_MAX
    nullable: bool = False

    def check_value(self, value: Any, name: str, ctx: Context) -> None:
        if not isinstance(value, str):
            raise _fail(name, Rule.TYPE, expected=Expected.TEXT)
        if len(value) > self.limit:
            raise _fail(name, Rule.TOO_LONG, limit=self.limit)
        if not _IDENT.match(value):
            raise _fail(name, Rule.IDENT, limit=self.limit)


@dataclass(frozen=True)
class Uuid(Spec):
    nullable: bool = False

    def check_value(self, value: Any, name: str, ctx: Context) -> None:
        if not isinstance(value, str) or not _UUID.match(value):
            raise _fail(name, Rule.TYPE, expected=Expected.UUID)


@dataclass(frozen=True)
class Flag(Spec):
    def check_value(self, value: Any, name: str, ctx: Context) -> None:
        if not isinstance(value, bool):
            raise _fail(name, Rule.TYPE, expected=Expected.FLAG)


@dataclass(frozen=True)
class Whole(Spec):
    low: int = 0
    high: int = 1_000_000
    nullable: bool = False

    def check_value(self, value: Any, name: str, ctx: Context) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(name, Rule.TYPE, expected=Expected.WHOLE_NUMBER)
        if not self.low <= value <= self.high:
            raise _fail(name, Rule.RANGE, low=str(self.low), high=str(self.high))


@dataclass(frozen=True)
class Choice(Spec):
    """A value of a domain enum: JSON gives the value, the domain the member.
    `aliases` are values an older version wrote (read, never listed as allowed)."""

    enum: type[Enum]
    nullable: bool = False
    aliases: Mapping[str, Any] | None = None
    only: tuple[Enum, ...] | None = None      # some members of the enum, not all

    def members(self) -> tuple[Any, ...]:
        return self.only if self.only is not None else tuple(self.enum)

    def parse(self, raw: Any, name: str, ctx: Context) -> Any:
        allowed = {str(m.value): m for m in self.members()}
        if isinstance(raw, str) and self.aliases and raw in self.aliases and raw not in allowed:
            return self.aliases[raw]
        if not isinstance(raw, str) or raw not in allowed:
            raise self._refuse(name)
        return allowed[raw]

    def check_value(self, value: Any, name: str, ctx: Context) -> None:
        if not isinstance(value, self.enum) or value not in self.members():
            raise self._refuse(name)

    def _refuse(self, name: str) -> Invalid:
        return _fail(name, Rule.CHOICE, allowed=tuple(str(m.value) for m in self.members()))


@dataclass(frozen=True)
class Code(Spec):
    """"country", "language" (any we can name) or "program" (the program's own)."""

    kind: str
    nullable: bool = False

    def check_value(self, value: Any, name: str, ctx: Context) -> None:
        vocab = ctx.vocabulary
        if self.kind == "program":
            allowed = vocab.program_languages()
            if not isinstance(value, str) or value not in allowed:
                raise _fail(name, Rule.CHOICE, allowed=allowed)
            return
        known = vocab.is_country if self.kind == "country" else vocab.is_language
        if not isinstance(value, str) or len(value) > 16 or not known(value):
            raise _fail(name, Rule.COUNTRY if self.kind == "country" else Rule.LANGUAGE)


@dataclass(frozen=True)
class Day(Spec):
    """A date between `earliest` and today (birth dates)."""

    earliest: date = EARLIEST_BIRTH
    nullable: bool = False

    def parse(self, raw: Any, name: str, ctx: Context) -> Any:
        if not isinstance(raw, str) or not _ISO_DATE.match(raw):
            raise _fail(name, Rule.TYPE, expected=Expected.DATE)
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise _fail(name, Rule.TYPE, expected=Expected.DATE) from None

    def check_value(self, value: Any, name: str, ctx: Context) -> None:
        if not isinstance(value, date) or isinstance(value, datetime):
            raise _fail(name, Rule.TYPE, expected=Expected.DATE)
        if not self.earliest <= value <= ctx.today:
            raise _fail(name, Rule.DATE_RANGE, low=self.earliest.isoformat())


@dataclass(frozen=True)
class Moment(Spec):
    """A time with its zone, from 2000 on and not more than a day ahead."""

    nullable: bool = False

    def parse(self, raw: Any, name: str, ctx: Context) -> Any:
        try:
            if not isinstance(raw, str) or len(raw) > 40:
                raise ValueError(name)
            return datetime.fromisoformat(raw)
        except ValueError:
            raise _fail(name, Rule.TYPE, expected=Expected.MOMENT) from None

    def check_value(self, value: Any, name: str, ctx: Context) -> None:
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise _fail(name, Rule.TYPE, expected=Expected.MOMENT)
        if not EARLIEST_TIME <= value <= ctx.now + FUTURE_SLACK:
            raise _fail(name, Rule.TIME_RANGE, low=EARLIEST_TIME.date().isoformat())


@dataclass(frozen=True)
class ListOf(Spec):
    item: Spec
    limit: int = LIST_MAX

    def parse(self, raw: Any, name: str, ctx: Context) -> Any:
        if not isinstance(raw, list):
            raise _fail(name, Rule.TYPE, expected=Expected.LIST)
        if len(raw) > self.limit:
            raise _fail(name, Rule.TOO_MANY, limit=self.limit)
        return [self.item.read(x, f"{name}[{i}]", ctx) for i, x in enumerate(raw)]

    def check_value(self, value: Any, name: str, ctx: Context) -> None:
        if not isinstance(value, list):
            raise _fail(name, Rule.TYPE, expected=Expected.LIST)
        if len(value) > self.limit:
            raise _fail(name, Rule.TOO_MANY, limit=self.limit)
        for i, x in enumerate(value):
            self.item.check(x, f"{name}[{i}]", ctx)


@dataclass(frozen=True)
class Json(Spec):
    """A JSON value (answers, explanations): finite numbers, bounded depth and size,
    texts under the multi-line rules."""

    text_limit: int = NOTE_MAX
    nullable: bool = True

    def check_value(self, value: Any, name: str, ctx: Context) -> None:
        self._walk(value, name, 0, [0])

    def _walk(self, value: Any, name: str, depth: int, count: list[int]) -> None:
        count[0] += 1
        if depth > JSON_DEPTH_MAX or count[0] > JSON_ITEMS_MAX:
            raise _fail(name, Rule.TOO_MANY, limit=JSON_ITEMS_MAX)
        if value is None or isinstance(value, bool | int):
            return
        if isinstance(value, float):
            if not math.isfinite(value):
                raise _fail(name, Rule.TYPE, expected=Expected.NUMBER)
            return
        if isinstance(value, str):
            Text(self.text_limit, multiline=True, blank_ok=True).check(value, name, ctx=_NO_CTX)
            return
        if isinstance(value, list):
            for i, x in enumerate(value):
                self._walk(x, f"{name}[{i}]", depth + 1, count)
            return
        if isinstance(value, dict):
            for k, x in value.items():
                if not isinstance(k, str):
                    raise _fail(name, Rule.TYPE, expected=Expected.OBJECT)
                Text(TEXT_MAX).check(k, name, ctx=_NO_CTX)
                self._walk(x, f"{name}.{k}" if _IDENT.match(k) else name, depth + 1, count)
            return
        raise _fail(name, Rule.TYPE, expected=Expected.VALUE)


_NO_CTX = Context(FixedVocabulary((), frozenset(), frozenset()), date.max, datetime.max)


def context(vocabulary: Vocabulary, today: date | None = None,
            now: datetime | None = None) -> Context:
    moment = now or datetime.now(UTC)
    return Context(vocabulary, today or date.today(), moment)


def check_fields(obj: Any, specs: Mapping[str, Spec], where: str, ctx: Context) -> None:
    for key, spec in specs.items():
        spec.check(getattr(obj, key), join(where, key), ctx)


def read_fields(doc: Any, specs: Mapping[str, Spec], where: str, ctx: Context,
                required: Iterable[str] = ()) -> dict[str, Any]:
    """Each key of the JSON object `doc` read by its spec; unknown keys refused."""
    if not isinstance(doc, dict):
        raise _fail(where or "document", Rule.TYPE, expected=Expected.OBJECT)
    for key in doc:
        if key not in specs:
            raise _fail(join(where, visible(str(key)[:60])), Rule.UNKNOWN_KEY,
                        allowed=tuple(specs))
    for key in required:
        if key not in doc:
            raise _fail(join(where, key), Rule.TYPE, expected=_expected_of(specs[key]))
    return {key: specs[key].read(value, join(where, key), ctx) for key, value in doc.items()}


def _expected_of(spec: Spec) -> Expected:
    kinds: list[tuple[type, Expected]] = [
        (Text, Expected.TEXT), (Ident, Expected.TEXT), (Flag, Expected.FLAG),
        (Whole, Expected.WHOLE_NUMBER), (ListOf, Expected.LIST), (Day, Expected.DATE),
        (Moment, Expected.MOMENT), (Uuid, Expected.UUID)]
    return next((e for kind, e in kinds if isinstance(spec, kind)), Expected.VALUE)


@dataclass(frozen=True)
class Nested(Spec):
    """A domain object inside another one, checked by its own function."""

    checker: Callable[[Any, str, Context], None]
    nullable: bool = False

    def check_value(self, value: Any, name: str, ctx: Context) -> None:
        self.checker(value, name, ctx)


@dataclass(frozen=True)
class Keyed(Spec):
    """A dict of ids to values (answers by question id, dimensions, evidence)."""

    item: Spec
    limit: int = ANSWERS_MAX
    key: Spec = field(default_factory=Ident)

    def check_value(self, value: Any, name: str, ctx: Context) -> None:
        if not isinstance(value, dict):
            raise _fail(name, Rule.TYPE, expected=Expected.OBJECT)
        if len(value) > self.limit:
            raise _fail(name, Rule.TOO_MANY, limit=self.limit)
        for k, v in value.items():
            self.key.check(k, name, ctx)
            self.item.check(v, f"{name}.{k}", ctx)

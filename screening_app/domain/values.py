"""What every value of a person, consent and case may be: its type, its length, and
its range or closed list. One layer, used by every entry point (command line, GUI
forms, packet import, restore, demo data) and enforced by the case repository, so a
new entry point cannot store what was never checked.

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
from enum import Enum, StrEnum
from functools import lru_cache
from typing import Any, Protocol

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

# Never in stored text: C0 and C1 controls (NUL and ESC included), DEL, line and
# paragraph separators, bidirectional embeddings/overrides (U+202A-U+202E) and
# isolates (U+2066-U+2069), and lone surrogates (not encodable). Notes and text
# answers may hold tab and newline.
_ONE_LINE = "\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_MULTI_LINE = _ONE_LINE.replace("\x00-\x1f", "\x00-\x08\x0b-\x1f")   # tab and newline
_FORBIDDEN_ONE_LINE = re.compile(f"[{_ONE_LINE}]")
_FORBIDDEN_MULTI_LINE = re.compile(f"[{_MULTI_LINE}]")
# Escaped on output (terminals, logs): the above plus the bidi marks, which can
# reorder what a terminal shows around them.
UNSAFE_FOR_OUTPUT = re.compile(f"[{_ONE_LINE}\u061c\u200e\u200f]")
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: Any) -> str:
    ch = match.group()
    code = ord(ch)
    return _SHORT.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str, keep: str = "") -> str:
    """`text` with every control and bidi character (tab and newline too, unless
    in `keep`) written as a visible escape (\\x1b, \\u202e); letters of every script
    untouched. The one escaping function of the program (screening_app.output)."""
    return unsafe_except(keep).sub(_escape, text)


@lru_cache(maxsize=8)
def unsafe_except(keep: str) -> re.Pattern[str]:
    if not keep:
        return UNSAFE_FOR_OUTPUT
    return re.compile(f"(?![{re.escape(keep)}]){UNSAFE_FOR_OUTPUT.pattern}")


_INVISIBLE = re.compile(r"[\s\u00ad\u034f\u115f\u1160\u180e\u200b-\u200d\u2060\u3164\ufeff]+")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_IDENT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.:@/-]*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SITE = re.compile(r"^[A-Za-z0-9]{1,8}$")


class Rule(StrEnum):
    TYPE = "type"                 # `expected` says which
    TOO_LONG = "too-long"         # `limit` characters
    TOO_MANY = "too-many"         # `limit` entries
    BLANK = "blank"               # only spaces where a value is needed
    CHARACTER = "character"       # a forbidden character (`character` is its code point)
    RANGE = "range"               # between `low` and `high`
    CHOICE = "choice"             # one of `allowed`
    COUNTRY = "country"           # an ISO 3166-1 alpha-2 code we know
    LANGUAGE = "language"         # a language code we know
    DATE_RANGE = "date-range"     # a date between `low` and today
    TIME_RANGE = "time-range"     # a moment between `low` and tomorrow
    FORM = "form"                 # a form id and version installed here (`allowed`)
    FORM_PAIR = "form-pair"       # form id and version: both or neither
    IDENT = "ident"               # letters, digits and _ . : @ / -
    UNKNOWN_KEY = "unknown-key"   # a key the document may not have
    MISMATCH = "mismatch"         # two values that must agree do not


class Expected(StrEnum):
    TEXT = "text"
    WHOLE_NUMBER = "whole number"
    NUMBER = "number"
    FLAG = "true or false"
    LIST = "list"
    OBJECT = "object"
    DATE = "date"
    MOMENT = "moment"
    VALUE = "value"               # a JSON value: text, number, true/false, list, object
    UUID = "uuid"


@dataclass(frozen=True)
class Problem:
    """Why a value was refused; never holds the value."""

    field: str
    rule: Rule
    expected: Expected | None = None
    allowed: tuple[str, ...] = ()
    low: str | None = None
    high: str | None = None
    limit: int | None = None
    character: str | None = None     # "U+202E"


class Invalid(ValueError):
    """A value refused by the validation layer (message: field and rule only)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(f"{problem.field}: {problem.rule.value}")
        self.problem = problem


class Vocabulary(Protocol):
    """What the domain cannot know by itself; `screening_app.vocabulary` has the
    installed one, tests may use `FixedVocabulary`."""

    def program_languages(self) -> tuple[str, ...]: ...

    def is_language(self, code: str) -> bool: ...

    def is_country(self, code: str) -> bool: ...

    def forms(self) -> tuple[tuple[str, str], ...]: ...


@dataclass(frozen=True)
class FixedVocabulary:
    languages_of_program: tuple[str, ...]
    languages: frozenset[str]
    countries: frozenset[str]
    installed_forms: tuple[tuple[str, str], ...] = ()

    def program_languages(self) -> tuple[str, ...]:
        return self.languages_of_program

    def is_language(self, code: str) -> bool:
        return code in self.languages

    def is_country(self, code: str) -> bool:
        return code in self.countries

    def forms(self) -> tuple[tuple[str, str], ...]:
        return self.installed_forms


def _fail(name: str, rule: Rule, **facts: Any) -> Invalid:
    return Invalid(Problem(name, rule, **facts))


def join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def forbidden_character(text: str, multiline: bool = False) -> str | None:
    """The first character `text` may not hold, as "U+XXXX" (None when clean)."""
    found = (_FORBIDDEN_MULTI_LINE if multiline else _FORBIDDEN_ONE_LINE).search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def is_blank(text: str) -> bool:
    """Only spaces or invisible characters (a name that shows as nothing)."""
    return _INVISIBLE.sub("", text) == ""


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
    """A value of a domain enum: JSON gives the value, the domain the member."""

    enum: type[Enum]
    nullable: bool = False

    def parse(self, raw: Any, name: str, ctx: Context) -> Any:
        allowed = {str(m.value): m for m in self.enum}
        if not isinstance(raw, str) or raw not in allowed:
            raise self._refuse(name)
        return allowed[raw]

    def check_value(self, value: Any, name: str, ctx: Context) -> None:
        if not isinstance(value, self.enum):
            raise self._refuse(name)

    def _refuse(self, name: str) -> Invalid:
        return _fail(name, Rule.CHOICE, allowed=tuple(str(m.value) for m in self.enum))


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

"""A form's HTCDS 2.0 mapping: which question and option says what in IOM's Human
Trafficking Case Data Standard. It is part of the form file (the `htcds:` block,
versioned with the form; docs/forms.md), checked by `forms check` against the
standard (screening_app.standards.htcds), and used to write the victim context
(vic_*) and the trafficking events (hte_*) of a case from its answers.

The person's and the consent's fields (prs_*, con_Consent) are written from the
case's Person and Consent, which the form's `profile:` and `consent:` blocks fill;
their entries here declare that correspondence (and give the gender options' 2.0
values), and the check holds them to those blocks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from screening_app.i18n import _
from screening_app.screening.files import FormError, Problem, read_yaml
from screening_app.screening.form_model import Question, QuestionType
from screening_app.standards import htcds

KEY = "htcds"
STANDARD_VERSION = "2.0"
# HTCDS field -> the Person / Consent field the program writes it from.
PERSON_FIELDS: dict[str, tuple[str, ...]] = {
    "prs_FirstName": ("given_name",),
    "prs_SecondName": ("family_name",),
    "prs_Gender": ("gender",),
    "prs_Birthdate": ("birth",),
    "prs_Citizenship": ("citizenship", "nationality"),
    "prs_PrimaryLanguage": ("languages",),
    "prs_SecondaryLanguage": ("languages",),
    "prs_MobilePhone": ("phone",),
}
CONSENT_FIELDS: dict[str, tuple[str, ...]] = {"con_Consent": ("record",)}
# Which kinds of HTCDS field a question type can fill with its whole answer.
_WHOLE: dict[QuestionType, tuple[str, ...]] = {
    QuestionType.TEXT: ("text", "long text"),
    QuestionType.DATE: ("date",),
    QuestionType.DATE_OR_AGE: ("date",),
    QuestionType.NUMBER: ("number",),
    QuestionType.COUNTRY: ("countries", "text"),
    QuestionType.LANGUAGE: ("languages",),
    QuestionType.YES_NO: ("checkbox",),
}


@dataclass(frozen=True)
class Entry:
    """One mapped question: the fields its whole answer fills (`fields`), or what
    each option says (`options`: option value -> {HTCDS field: value})."""

    path: str                                   # question id, or "group.sub"
    fields: tuple[str, ...] = ()
    options: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class FormMapping:
    standard: str
    entries: dict[str, Entry]

    def entry(self, path: str) -> Entry | None:
        return self.entries.get(path)


def _question(form: MappedForm, path: str) -> Question | None:
    head, _dot, sub = path.partition(".")
    try:
        q = form.question(head)
    except KeyError:
        return None
    return q.sub_question(sub) if sub else q


def _option_key(value: Any) -> str:
    # YAML 1.1 reads an unquoted yes/no as a boolean: take it as the option it names.
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def parse(raw: Any) -> tuple[FormMapping, list[tuple[str, str]]]:
    """The mapping of an `htcds:` block, and (where, message) for each shape problem."""
    problems: list[tuple[str, str]] = []
    if raw is None:
        return FormMapping("", {}), problems
    if not isinstance(raw, dict) or not isinstance(raw.get("questions"), dict):
        return FormMapping("", {}), [(KEY, _("must have 'standard' and 'questions'."))]
    entries: dict[str, Entry] = {}
    for path, spec in raw["questions"].items():
        path = str(path)
        where = f"{KEY}.questions.{path}"
        if isinstance(spec, str):
            entries[path] = Entry(path, fields=(spec,))
        elif isinstance(spec, list) and all(isinstance(f, str) for f in spec) and spec:
            entries[path] = Entry(path, fields=tuple(spec))
        elif isinstance(spec, dict) and isinstance(spec.get("options"), dict) \
                and set(spec) <= {"field", "options"}:
            target = spec.get("field")
            options: dict[str, dict[str, Any]] = {}
            for option, says in spec["options"].items():
                if target is not None:
                    options[_option_key(option)] = {} if says is None else {str(target): says}
                elif says is None or isinstance(says, dict):
                    options[_option_key(option)] = {str(k): v for k, v in (says or {}).items()}
                else:
                    problems.append((where, _("option {option!r}: without 'field', an option "
                                              "maps to {{FIELD: VALUE}} or null.").format(
                        option=_option_key(option))))
            entries[path] = Entry(path, options=options)
        else:
            problems.append((where, _("must be a field name, a list of field names, or "
                                      "{field, options}.")))
    return FormMapping(str(raw.get("standard", "")), entries), problems


@lru_cache(maxsize=16)
def _read(file: str, mtime: float) -> FormMapping:
    return parse(read_yaml(Path(file)).get(KEY))[0]


class FormFile(Protocol):
    """A form read from a file (a FormDefinition is one): its mapping is in the file."""

    @property
    def file(self) -> str: ...


class MappedForm(FormFile, Protocol):
    """What the mapping reads of a form (a FormDefinition has it; a Protocol, so
    that skip logic and profiles, below the form definition, can use the mapping)."""

    @property
    def profile(self) -> dict[str, str]: ...

    @property
    def consent(self) -> dict[str, str]: ...

    def question(self, question_id: str) -> Question: ...

    def visible_answers(self, answers: dict[str, Any], today: date | None = None
                        ) -> dict[str, Any]: ...


def mapping_of(form: FormFile) -> FormMapping:
    """The form's HTCDS mapping (empty when the form has none or its file is gone)."""
    if not form.file or not Path(form.file).is_file():
        return FormMapping("", {})
    return _read(form.file, Path(form.file).stat().st_mtime)


# --- checking -------------------------------------------------------------------

def require(form: MappedForm, raw: Any) -> None:
    """FormError listing every problem of the mapping `raw` (the form's `htcds:` block):
    the form loader calls it, so `forms check` and every use see the same problems."""
    problems = check(form, raw)
    if problems:
        raise FormError(problems)


def check(form: MappedForm, raw: Any) -> list[Problem]:
    """Every problem of an `htcds:` block of `form` against HTCDS 2.0."""
    mapping, shape = parse(raw)
    problems = [Problem(form.file, where, message) for where, message in shape]
    if not mapping.entries and not shape:
        return problems
    std = htcds.standard()

    def add(where: str, message: str) -> None:
        problems.append(Problem(form.file, f"{KEY}.questions.{where}", message))

    if mapping.standard != STANDARD_VERSION:
        problems.append(Problem(form.file, KEY, _(
            "'standard' must be \"{version}\" (the version this program writes).").format(
            version=STANDARD_VERSION)))
    for path, entry in mapping.entries.items():
        q = _question(form, path)
        if q is None:
            add(path, _("there is no such question in this form."))
            continue
        for name in {*entry.fields, *(f for says in entry.options.values() for f in says)}:
            if not std.has(name):
                add(path, _("{field!r} is not a field of HTCDS {version}.").format(
                    field=name, version=std.version))
            elif std.field(name).deprecated:
                add(path, _("{field!r} is deprecated in HTCDS {version}.").format(
                    field=name, version=std.version))
        if any(not std.has(f) or std.field(f).deprecated
               for f in {*entry.fields, *(f for s in entry.options.values() for f in s)}):
            continue
        if entry.fields:
            _check_whole(q, entry, add)
        else:
            _check_options(q, entry, add)
        _check_profile(form, path, entry, add)
    named = {f for e in mapping.entries.values()
             for f in (*e.fields, *(n for says in e.options.values() for n in says))}
    for table, block in ((PERSON_FIELDS, form.profile), (CONSENT_FIELDS, form.consent)):
        for name, wanted in table.items():
            qid = next((block[w] for w in wanted if w in block), None)
            if qid is not None and name not in named:
                add(qid, _("this question fills {field!r} in HTCDS {version}: say so "
                           "here.").format(field=name, version=std.version))
    return problems


def _check_whole(q: Question, entry: Entry, add: Any) -> None:
    std = htcds.standard()
    if len(entry.fields) > 1 and not q.multiple:
        add(entry.path, _("several fields need a question with several answers "
                          "(the first answer fills the first field, and so on)."))
    for name in entry.fields:
        f = std.field(name)
        kinds = _WHOLE.get(q.type, ())
        kind = ("countries" if f.countries else "languages" if f.languages
                else f.type.lower())
        if f.values or kind not in kinds:
            add(entry.path, _("a {qtype} question cannot fill {field!r} ({ftype}) with its "
                              "answer; map its options instead.").format(
                qtype=q.type.value, field=name, ftype=f.type))


def _check_options(q: Question, entry: Entry, add: Any) -> None:
    std = htcds.standard()
    values = [o.value for o in q.options]
    if not values:
        add(entry.path, _("only a choice or yes/no question can map its options."))
        return
    for option in entry.options:
        if option not in values:
            add(entry.path, _("option {option!r} does not exist in this question (quote "
                              "\"yes\" and \"no\").").format(option=option))
    if q.type is not QuestionType.YES_NO:
        for missing in (v for v in values if v not in entry.options):
            add(entry.path, _("option {option!r} is not mapped: give its value, or null "
                              "when HTCDS has none.").format(option=missing))
    for option, says in entry.options.items():
        for name, value in says.items():
            f = std.field(name)
            try:
                std.check(name, [value] if f.multiple else value)
            except htcds.NotInStandard:
                add(entry.path, _("option {option!r}: {value!r} is not a value of {field!r} "
                                  "in HTCDS {version}.").format(
                    option=option, value=value, field=name, version=std.version))


def _check_profile(form: MappedForm, path: str, entry: Entry, add: Any) -> None:
    named = {*entry.fields, *(f for says in entry.options.values() for f in says)}
    for name in named:
        for block, table in (("profile", PERSON_FIELDS), ("consent", CONSENT_FIELDS)):
            wanted = table.get(name)
            if wanted is None:
                continue
            mapping = form.profile if block == "profile" else form.consent
            if not any(mapping.get(w) == path for w in wanted):
                add(path, _("{field!r} is written from the case's {block} field {wanted!r}: "
                            "map that field to this question in '{block}:' too.").format(
                    field=name, block=block, wanted=wanted[0]))


# --- what the answers say -------------------------------------------------------

@dataclass
class AnswersInHtcds:
    """HTCDS values the answers of one case give: victim-context fields (lists for
    multi-select fields, in the standard's order) and trafficking events."""

    fields: dict[str, Any] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)   # single fields given two values


def option_value(form: FormFile, path: str, option: str, name: str) -> Any:
    """What option `option` of question `path` says of field `name` (None: nothing)."""
    entry = mapping_of(form).entry(path)
    return None if entry is None else entry.options.get(option, {}).get(name)


def from_answers(form: MappedForm, answers: dict[str, Any], today: date | None = None,
                 prefixes: Iterable[str] = ("vic_",)) -> AnswersInHtcds:
    """The HTCDS values of the visible answers for the fields with `prefixes`, and the
    trafficking events (hte_*) of repeat groups; only values HTCDS 2.0 has."""
    std = htcds.standard()
    mapping = mapping_of(form)
    wanted = tuple(prefixes)
    said: dict[str, list[Any]] = {}
    out = AnswersInHtcds()
    for qid, value in form.visible_answers(answers, today).items():
        q = form.question(qid)
        if q.type is QuestionType.REPEAT:
            out.events += _events(mapping, q, value)
            continue
        entry = mapping.entry(qid)
        if entry is None:
            continue
        for name, v in _said(entry, value):
            if name.startswith(wanted) and isinstance(v, str | int | float | bool):
                said.setdefault(name, []).append(v)
    for name, given in said.items():
        f = std.field(name)
        distinct = list(dict.fromkeys(given))
        if f.multiple:
            out.fields[name] = [v for v in f.values if v in distinct]
        elif len(distinct) == 1:
            out.fields[name] = distinct[0]
        else:
            out.ambiguous.append(name)
    return out


def _said(entry: Entry, value: Any) -> list[tuple[str, Any]]:
    if entry.fields:
        values = value if isinstance(value, list) else [value]
        return list(zip(entry.fields, values, strict=False))
    chosen = value if isinstance(value, list) else [value]
    return [(name, v) for option in chosen if isinstance(option, str)
            for name, v in entry.options.get(option, {}).items()]


def _events(mapping: FormMapping, group: Question, value: Any) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    if not isinstance(value, list):
        return events
    for item in value:
        if not isinstance(item, dict):
            continue
        event: dict[str, Any] = {}
        for sub in group.questions:
            entry = mapping.entry(f"{group.id}.{sub.id}")
            if entry is None or item.get(sub.id) in (None, ""):
                continue
            for name, v in _said(entry, item[sub.id]):
                if name.startswith("hte_"):
                    event[name] = v
        if event:
            events.append(event)
    return events

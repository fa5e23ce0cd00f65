"""Reading one form file (forms/<form id>/<form id>-<version>.yaml) into a
FormDefinition, with every problem found: unknown keys and types, bad ids,
indicator ids no indicator set lists, bad expressions, skip logic that reads a
later question or runs in a circle, an HTCDS mapping (`htcds:`, checked by
`htcds_map`) that does not fit the form or the standard. All problems of a file
are reported at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from screening_app.i18n import FormText, _, form_context
from screening_app.screening import htcds_map
from screening_app.screening.expressions import Expression, ParseError, parse
from screening_app.screening.files import (
    ID_PATTERN,
    VERSION_PATTERN,
    Collector,
    read_yaml,
    text_field,
)
from screening_app.screening.form_definition import FormDefinition
from screening_app.screening.form_model import (
    AUDIENCES,
    BUILTIN_NAMES,
    CONSENT_FIELDS,
    FORM_STATUSES,
    OPTION_VALUE,
    PROFILE_FIELDS,
    RESERVED,
    VALUE_NAME,
    YES_NO_LABELS,
    YES_NO_VALUES,
    Option,
    Question,
    QuestionType,
    Section,
    Validation,
)
from screening_app.screening.indicators import EXPLOITATIONS, known_indicators

# The keys a question and an option may have; any other key is refused.
_QUESTION_KEYS = frozenset({
    "id", "type", "text", "help", "options", "required", "visible_if", "validate",
    "indicators", "urgent", "min", "max", "max_length", "multiline", "multiple",
    "questions", "item_label", "max_items", "sensitive", "placeholder", "audience",
    "child_text", "indicators_on",
})
_OPTION_KEYS = frozenset({"value", "label", "officer_label", "indicators", "urgent",
                          "exploitation", "exclusive", "help"})


class _FormParser:
    def __init__(self, data: dict[str, Any], path: Path | str, directory: Path | None) -> None:
        self.data = data
        self.c = Collector(path)
        self.path = str(path)
        self.known = known_indicators(directory)
        self.ids: list[str] = []
        self.context = ""       # gettext context of the texts, set once id and version are read
        self.yes_no_labels: dict[str, tuple[str, str]] = {
            v: (label, "") for v, label in YES_NO_LABELS.items()}

    def where(self, qid: str) -> str:
        return f"question '{qid}'"

    def parse(self) -> FormDefinition:
        c, data = self.c, self.data
        if data.get("kind") != "form":
            c.add("", _("'kind' must be form."))
        form_id = text_field(c, data, "id", "")
        if form_id and not ID_PATTERN.match(form_id):
            c.add("", _("the form id must be lower-case letters, digits and _."))
        version = text_field(c, data, "version", "")
        if version and not VERSION_PATTERN.match(version):
            c.add("", _("the version {version!r} is not like 1.0 or 2.1.").format(
                version=version))
        status = text_field(c, data, "status", "")
        if status and status not in FORM_STATUSES:
            c.add("", _("'status' must be one of: {values}.").format(
                values=", ".join(FORM_STATUSES)))
        self.context = form_context(form_id, version)
        self.read_yes_no_options()
        sections: list[Section] = []
        raw_sections = data.get("sections")
        if not isinstance(raw_sections, list) or not raw_sections:
            c.add("", _("'sections' must be a list of sections."))
            raw_sections = []
        section_ids: set[str] = set()
        for n, raw in enumerate(raw_sections, 1):
            s = self.section(raw, n)
            if s is None:
                continue
            if s.id in section_ids:
                c.add(f"section '{s.id}'", _("this section id is used twice."))
            section_ids.add(s.id)
            sections.append(s)
        form = FormDefinition(
            id=form_id, version=version, status=status,
            title=self.text(data, "title", ""),
            description=text_field(c, data, "description", "", False),
            sections=tuple(sections),
            rule_set=text_field(c, data, "rule_set", "", False) or "ilo_2009_default",
            rule_set_version=text_field(c, data, "rule_set_version", "", False) or None,
            profile=self.mapping("profile", PROFILE_FIELDS),
            consent=self.mapping("consent", CONSENT_FIELDS),
            file=self.path,
        )
        self.check_references(form)
        c.fail()
        return form

    def text(self, raw: dict[str, Any], key: str, where: str, required: bool = True) -> str:
        """A translatable text of the form: a FormText with the form version's context."""
        value = text_field(self.c, raw, key, where, required)
        return FormText(value, self.context) if value else value

    def read_yes_no_options(self) -> None:
        """The form's own wording of the four yes/no answers (`yes_no_options:`), e.g.
        "I don't know" for the person with "Does not know" for the officer; a form
        without the block uses the program's labels (YES_NO_LABELS)."""
        raw = self.data.get("yes_no_options")
        if raw is None:
            return
        where = "yes_no_options"
        values = [ro.get("value") for ro in raw if isinstance(ro, dict)] \
            if isinstance(raw, list) else []
        if sorted(map(str, values)) != sorted(YES_NO_VALUES) or len(values) != len(raw):
            self.c.add(where, _("must list the four answers {values}, each with a "
                                "label.").format(values=", ".join(YES_NO_VALUES)))
            return
        for ro in raw:
            owhere = f"{where}, option '{ro['value']}'"
            for key in sorted(set(ro) - {"value", "label", "officer_label"}, key=str):
                self.c.add(owhere, _("unknown key {key!r}.").format(key=key))
            self.yes_no_labels[str(ro["value"])] = (
                self.text(ro, "label", owhere), self.text(ro, "officer_label", owhere, False))

    def section(self, raw: Any, n: int) -> Section | None:
        c = self.c
        if not isinstance(raw, dict):
            c.add(f"section {n}", _("must be a mapping with id, title and questions."))
            return None
        sid = text_field(c, raw, "id", f"section {n}")
        where = f"section '{sid}'"
        if sid and not ID_PATTERN.match(sid):
            c.add(where, _("the id must be lower-case letters, digits and _."))
        questions: list[Question] = []
        raw_qs = raw.get("questions")
        if not isinstance(raw_qs, list) or not raw_qs:
            c.add(where, _("'questions' must be a non-empty list."))
            raw_qs = []
        for m, rq in enumerate(raw_qs, 1):
            q = self.question(rq, f"{where}, question {m}", sid, top=True)
            if q is not None:
                questions.append(q)
        return Section(
            id=sid, title=self.text(raw, "title", where),
            intro=self.text(raw, "intro", where, False), questions=tuple(questions),
            visible_if=self.expression(raw.get("visible_if"), where, "visible_if"),
        )

    def expression(self, source: Any, where: str, key: str) -> Expression | None:
        if source is None:
            return None
        if not isinstance(source, str):
            self.c.add(where, _("'{key}' must be an expression (text).").format(key=key))
            return None
        try:
            return parse(source)
        except ParseError as err:
            self.c.add(where, _("bad expression in '{key}': {error}").format(key=key, error=err))
            return None

    def question(self, raw: Any, fallback: str, section_id: str, top: bool) -> Question | None:
        c = self.c
        if not isinstance(raw, dict):
            c.add(fallback, _("must be a mapping with id, type and text."))
            return None
        qid = text_field(c, raw, "id", fallback)
        where = self.where(qid) if qid else fallback
        if qid:
            if not ID_PATTERN.match(qid):
                c.add(where, _("the id must be lower-case letters, digits and _."))
            elif qid in RESERVED:
                c.add(where, _("'{id}' is a reserved name; choose another id.").format(id=qid))
            if top:
                if qid in self.ids:
                    c.add(where, _("duplicate question id: it is used twice in this form."))
                self.ids.append(qid)
        for key in sorted(set(raw) - _QUESTION_KEYS, key=str):
            c.add(where, _("unknown key {key!r}.").format(key=key))
        try:
            qtype = QuestionType(str(raw.get("type")))
        except ValueError:
            c.add(where, _("unknown type {type!r} (use one of: {types}).").format(
                type=raw.get("type"), types=", ".join(t.value for t in QuestionType)))
            return None
        options = self.options(raw, qtype, where)
        subs: list[Question] = []
        if qtype is QuestionType.REPEAT:
            if not top:
                c.add(where, _("a repeat group cannot hold another repeat group."))
            raw_subs = raw.get("questions")
            if not isinstance(raw_subs, list) or not raw_subs:
                c.add(where, _("a repeat group needs 'questions'."))
                raw_subs = []
            sub_ids: set[str] = set()
            for m, rs in enumerate(raw_subs, 1):
                sq = self.question(rs, f"{where}, question {m}", section_id, top=False)
                if sq is None:
                    continue
                if sq.id in sub_ids:
                    c.add(f"{where}.{sq.id}", _("duplicate question id in this repeat group."))
                if sq.visible_if is not None:
                    c.add(f"{where}.{sq.id}", _("questions inside a repeat group cannot have "
                                                "visible_if."))
                sub_ids.add(sq.id)
                subs.append(sq)
        elif "questions" in raw:
            c.add(where, _("only a repeat group has 'questions'."))
        validations: list[Validation] = []
        raw_val = raw.get("validate") or []
        if not isinstance(raw_val, list):
            c.add(where, _("'validate' must be a list of {rule, message}."))
            raw_val = []
        for rv in raw_val:
            if not isinstance(rv, dict) or "rule" not in rv or "message" not in rv:
                c.add(where, _("each 'validate' entry needs 'rule' and 'message'."))
                continue
            expr = self.expression(rv["rule"], where, "validate")
            if expr is not None:
                validations.append(Validation(
                    expr, FormText(" ".join(str(rv["message"]).split()), self.context)))
        return Question(
            id=qid, type=qtype, text=self.text(raw, "text", where),
            help=self.text(raw, "help", where, False),
            options=options, required=bool(raw.get("required", False)),
            visible_if=self.expression(raw.get("visible_if"), where, "visible_if"),
            validate=tuple(validations),
            min=self.number(raw, "min", where), max=self.number(raw, "max", where),
            max_length=self.integer(raw, "max_length", where),
            multiline=bool(raw.get("multiline", False)),
            multiple=bool(raw.get("multiple", False)),
            questions=tuple(subs), item_label=self.text(raw, "item_label", where, False),
            max_items=self.integer(raw, "max_items", where),
            sensitive=bool(raw.get("sensitive", False)),
            placeholder=self.text(raw, "placeholder", where, False),
            audience=self.audience(raw, where),
            child_text=self.text(raw, "child_text", where, False),
            section_id=section_id,
        )

    def audience(self, raw: dict[str, Any], where: str) -> str:
        value = str(raw.get("audience", "person"))
        if value not in AUDIENCES:
            self.c.add(where, _("'audience' must be person or officer."))
        return value

    def number(self, raw: dict[str, Any], key: str, where: str) -> float | None:
        v = raw.get(key)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, int | float):
            self.c.add(where, _("'{key}' must be a number.").format(key=key))
            return None
        return v

    def integer(self, raw: dict[str, Any], key: str, where: str) -> int | None:
        v = raw.get(key)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            self.c.add(where, _("'{key}' must be a whole number above 0.").format(key=key))
            return None
        return v

    def refs(self, raw: Any, where: str) -> tuple[str, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.c.add(where, _("'indicators' must be a list of indicator ids."))
            return ()
        out: list[str] = []
        for ref in raw:
            ref = str(ref)
            dim, dot, ind = ref.rpartition(".")
            if ind not in self.known:
                self.c.add(where, _("unknown indicator id {ref!r}: no indicator set lists "
                                    "it.").format(ref=ind))
            elif dot and dim not in self.known[ind]:
                self.c.add(where, _("indicator {ref!r}: no indicator set lists it in dimension "
                                    "{dim!r}.").format(ref=ind, dim=dim))
            else:
                out.append(ref)
        return tuple(out)

    def options(self, raw: dict[str, Any], qtype: QuestionType, where: str
                ) -> tuple[Option, ...]:
        c = self.c
        if qtype is QuestionType.YES_NO:
            if "options" in raw:
                c.add(where, _("a yes/no question has fixed options; put 'indicators' and "
                               "'urgent' on the question."))
            refs = self.refs(raw.get("indicators"), where)
            # The answer that evidences the indicators: "yes", or "no" for a question
            # asked positively ("Does the employer give you insurance?").
            evidence = str(raw.get("indicators_on", "yes"))
            if evidence not in ("yes", "no"):
                c.add(where, _("'indicators_on' must be yes or no."))
            return tuple(
                Option(v, self.yes_no_labels[v][0], refs if v == evidence else (),
                       bool(raw.get("urgent", False)) and v == "yes",
                       officer_label=self.yes_no_labels[v][1])
                for v in YES_NO_VALUES)
        if "indicators_on" in raw:
            c.add(where, _("'indicators_on' is for yes/no questions only."))
        if "indicators" in raw or "urgent" in raw:
            c.add(where, _("'indicators' and 'urgent' belong on options, except for yes/no "
                           "questions."))
        raw_opts = raw.get("options")
        if qtype not in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            if raw_opts is not None:
                c.add(where, _("only single and multiple choice questions have options."))
            return ()
        if not isinstance(raw_opts, list) or not raw_opts:
            c.add(where, _("a choice question needs a list of 'options'."))
            return ()
        out: list[Option] = []
        seen: set[str] = set()
        for n, ro in enumerate(raw_opts, 1):
            if not isinstance(ro, dict):
                c.add(where, _("option {n} must be a mapping with value and label.").format(n=n))
                continue
            value = str(ro.get("value", ""))
            owhere = f"{where}, option '{value or n}'"
            for key in sorted(set(ro) - _OPTION_KEYS, key=str):
                c.add(owhere, _("unknown key {key!r}.").format(key=key))
            if not OPTION_VALUE.match(value):
                c.add(owhere, _("the value must be letters, digits, _ . / or -."))
            elif value in seen:
                c.add(owhere, _("this option value is used twice."))
            seen.add(value)
            expl = ro.get("exploitation") or []
            expl = [expl] if isinstance(expl, str) else expl
            for e in expl:
                if e not in EXPLOITATIONS:
                    c.add(owhere, _("'exploitation' must be labour and/or sexual."))
            out.append(Option(
                value=value, label=self.text(ro, "label", owhere),
                officer_label=self.text(ro, "officer_label", owhere, False),
                indicators=self.refs(ro.get("indicators"), owhere),
                urgent=bool(ro.get("urgent", False)),
                exploitation=tuple(str(e) for e in expl),
                exclusive=bool(ro.get("exclusive", False)),
                help=self.text(ro, "help", owhere, False),
            ))
        return tuple(out)

    def mapping(self, key: str, fields: dict[str, tuple[QuestionType, ...]]) -> dict[str, str]:
        raw = self.data.get(key) or {}
        if not isinstance(raw, dict):
            self.c.add(key, _("must map field names to question ids."))
            return {}
        out: dict[str, str] = {}
        for f, qid in raw.items():
            if f not in fields:
                self.c.add(key, _("unknown field {field!r} (known: {known}).").format(
                    field=f, known=", ".join(fields)))
                continue
            out[str(f)] = str(qid)
        return out

    def check_references(self, form: FormDefinition) -> None:
        c = self.c
        by_id = {q.id: q for q in form.questions()}
        order = {qid: n for n, qid in enumerate(by_id)}
        for key, fields, mapping in (("profile", PROFILE_FIELDS, form.profile),
                                     ("consent", CONSENT_FIELDS, form.consent)):
            for f, qid in mapping.items():
                q = by_id.get(qid)
                if q is None:
                    c.add(f"{key}.{f}", _("refers to question {id!r}, which does not "
                                          "exist.").format(id=qid))
                elif q.type not in fields[f]:
                    c.add(self.where(qid), _("{key}.{field} needs a question of type "
                                             "{types}.").format(
                        key=key, field=f, types=", ".join(t.value for t in fields[f])))
        # Skip logic: names must exist; the graph must have no cycle; no forward reads.
        deps: dict[str, set[str]] = {}
        section_of = {q.id: s for s in form.sections for q in s.questions}
        for qid, q in by_id.items():
            names: set[str] = set()
            for expr in (q.visible_if, section_of[qid].visible_if):
                if expr is not None:
                    names |= expr.names()
            for v in q.validate:
                for name in v.rule.names() - {VALUE_NAME} - BUILTIN_NAMES:
                    if name not in by_id:
                        c.add(self.where(qid), _("'validate' refers to unknown question "
                                                 "{name!r}.").format(name=name))
            unknown = names - set(by_id) - BUILTIN_NAMES
            for name in sorted(unknown):
                c.add(self.where(qid), _("'visible_if' refers to unknown question "
                                         "{name!r}.").format(name=name))
            dep = names & set(by_id)
            # age reads the birth question; presumed_child also reads the age doubt.
            reads = {"birth"} if "age" in names else set()
            if "presumed_child" in names:
                reads |= {"birth", "age_in_doubt"}
            dep |= {v for f, v in form.profile.items() if f in reads and v in by_id}
            deps[qid] = dep
        in_cycle = _cycles(deps, c, self.where)
        for qid, dep in deps.items():
            if qid in in_cycle:
                continue
            for name in sorted(dep):
                if order[name] > order[qid]:
                    c.add(self.where(qid), _("'visible_if' refers to {name!r}, which comes "
                                             "later in the form.").format(name=name))


def _cycles(deps: dict[str, set[str]], c: Collector, where: Any) -> set[str]:
    """Report every cycle of the skip-logic graph; return the questions on one."""
    on_cycle: set[str] = set()
    state: dict[str, int] = {}          # 1 visiting, 2 done
    stack: list[str] = []

    def visit(q: str) -> None:
        state[q] = 1
        stack.append(q)
        for d in sorted(deps.get(q, ())):
            if d == q:
                c.add(where(q), _("'visible_if' refers to the question itself."))
                on_cycle.add(q)
            elif state.get(d) == 1:
                loop = [*stack[stack.index(d):], d]
                c.add(where(d), _("cyclic skip logic: {path}.").format(path=" → ".join(loop)))
                on_cycle.update(loop)
            elif d not in state:
                visit(d)
        stack.pop()
        state[q] = 2

    for q in deps:
        if q not in state:
            visit(q)
    return on_cycle


def load_form_file(path: Path | str, directory: Path | None = None) -> FormDefinition:
    """Load and check one form file, its HTCDS 2.0 mapping (the `htcds:` block) too;
    FormError lists every problem found."""
    p = Path(path)
    data = read_yaml(p)
    form = _FormParser(data, p, directory).parse()
    htcds_map.require(form, data.get(htcds_map.KEY))
    return form

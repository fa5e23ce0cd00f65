"""Words for an Outcome: the outcome wording of CONTENT.md §2 and an explanation a
person can read, translated when called."""

from __future__ import annotations

from typing import TYPE_CHECKING

from screening_app.domain import Outcome, OutcomeKind
from screening_app.i18n import N_, FormText, _, ngettext
from screening_app.screening.files import FormError
from screening_app.screening.indicators import (
    dimension_label,
    indicator_label,
    indicator_set_label,
)

if TYPE_CHECKING:
    from screening_app.screening.form_definition import FormDefinition

OUTCOME_TEXTS = {
    OutcomeKind.PRESUMED_VICTIM:
        N_("Presumed victim: refer for formal identification and protection"),
    OutcomeKind.INDICATORS_PRESENT: N_("Indicators present: refer for further assessment"),
    OutcomeKind.NO_INDICATORS: N_("No trafficking indicators found: consider other assistance"),
}
SHORT_TEXTS = {
    OutcomeKind.PRESUMED_VICTIM: N_("Presumed victim"),
    OutcomeKind.INDICATORS_PRESENT: N_("Indicators present"),
    OutcomeKind.NO_INDICATORS: N_("No indicators"),
}
STRENGTH_TEXTS = {"strong": N_("strong"), "medium": N_("medium"), "weak": N_("weak")}
DISCLAIMER = N_("This is a screening suggestion, not a formal identification. The ILO calls "
                "these indicators a reference for data collection, not a legal test.")
PROVISIONAL_TEXT = N_("Provisional: the indicator set or rules have not been verified against "
                      "their source.")


def outcome_text(kind: OutcomeKind | str) -> str:
    return _(OUTCOME_TEXTS[OutcomeKind(kind)])


def question_names(ids: list[str], form: FormDefinition | None) -> str:
    """Question ids as the officer reads them: the question's own words (translated)
    when the form is at hand; "events.stage" inside a repeat group names the group."""
    if form is None:
        return ", ".join(ids)
    names = []
    for qid in ids:
        try:
            names.append("“" + _(form.question(qid.split(".", 1)[0]).text) + "”")
        except KeyError:
            names.append(qid)
    return ", ".join(dict.fromkeys(names))


def rule_set_title(rule_set_id: str, version: str | None = None) -> str:
    """A rule set's title (English source text, show through `_()`); its id when
    the rule set is not installed here."""
    from screening_app.screening.rules import load_rule_set

    try:
        return load_rule_set(rule_set_id, version).title
    except FormError:
        return rule_set_id


def explain_details(outcome: Outcome) -> str:
    """The identifiers behind the explanation, for supervisors and audits (one line)."""
    x = outcome.extra
    return _("Identifiers: indicator set {set} (version {version}); rule set {rules} "
             "(version {rules_version}); rule {rule}.").format(
        set=outcome.indicator_set, version=x.get("indicator_set_version", "?"),
        rules=outcome.rule_set, rules_version=outcome.rule_set_version, rule=outcome.rule)


def explain(outcome: Outcome, form: FormDefinition | None = None,
            details: bool = True) -> list[str]:
    """Translated lines explaining the outcome in words (no personal data; with the
    form, questions are named by their text). `details` adds a last line with the
    identifiers of the indicator set, rule set and rule (see `explain_details`)."""
    x = outcome.extra
    lines = [outcome_text(outcome.kind)]
    if outcome.urgent:
        lines.append(_("URGENT: urgent needs were reported ({questions}); act on them first.")
                     .format(questions=question_names(outcome.urgent_reasons, form)))
    lines.append(_("Indicators: {set}; rules: {rules}.").format(
        set=_(indicator_set_label(outcome.indicator_set)),
        rules=_(rule_set_title(outcome.rule_set, outcome.rule_set_version))))
    missing = x.get("unanswered_required") or []
    if missing:
        lines.append(ngettext(
            "The interview is not complete: {n} required question has no answer "
            "({questions}).",
            "The interview is not complete: {n} required questions have no answer "
            "({questions}).", len(missing)).format(n=len(missing),
                                                   questions=question_names(missing, form)))
    if x.get("presumed_child"):
        lines.append(_("The child set applies: the person is under 18, or the age is unknown "
                       "or in doubt."))
    if x.get("exploitation_basis") == "not_stated":
        lines.append(_("No form of exploitation was stated: labour and sexual exploitation "
                       "were both evaluated."))
    if "sets_evaluated" in x:
        compared = [f"{_(indicator_set_label(k))}: {_(SHORT_TEXTS[OutcomeKind(v['outcome'])])}"
                    for k, v in x["sets_evaluated"].items()]
        lines.append(_("Sets compared: {sets}; the stronger outcome is shown ({chosen}).").format(
            sets="; ".join(compared),
            chosen=_(indicator_set_label(x.get("chosen_set", outcome.indicator_set)))))
    for dim, r in outcome.dimensions.items():
        state = _("positive") if r.positive else _("not positive")
        lines.append(_("{dimension}: {state} ({strong} strong, {medium} medium, {weak} weak)")
                     .format(dimension=_(dimension_label(dim)), state=state, strong=r.strong,
                             medium=r.medium, weak=r.weak))
        for ind in r.indicators:
            strength = x.get("strengths", {}).get(dim, {}).get(ind)
            where = outcome.evidence.get(ind)
            line = "    - " + _(indicator_label(ind))
            if strength:
                line += f" ({_(STRENGTH_TEXTS.get(strength, strength))})"
            if where:
                line += " ← " + question_names(where, form)
            lines.append(line)
    # Stored as plain text; a rule's text is translated in the forms catalog.
    rule = FormText(x.get("rule_text", outcome.rule))
    met = _("met") if x.get("rule_met") else _("not met")
    lines.append(_("Rule: {text} — {met}.").format(text=_(rule), met=met))
    if outcome.provisional:
        lines.append(_(PROVISIONAL_TEXT))
    lines.append(_(DISCLAIMER))
    if details:
        lines.append(explain_details(outcome))
    return lines

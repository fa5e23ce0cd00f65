"""Screening: form definitions, the safe expression language and the indicator engine.

Plain Python (imports only domain and i18n): no Qt, no storage. Texts of forms,
indicator sets and rule sets are English source strings; show them through `_()`.
"""

from screening_app.screening.answers import describe_answer
from screening_app.screening.decisions import confirm, decide
from screening_app.screening.engine import (
    EXPLOITATION_CHOICES,
    UnknownIndicator,
    evaluate_interview,
    rescore,
    score_indicators,
)
from screening_app.screening.explain import explain, outcome_text
from screening_app.screening.expressions import ParseError
from screening_app.screening.files import FormError, Problem
from screening_app.screening.forms import (
    CERTAINTY_LABELS,
    CERTAINTY_VALUES,
    YES_NO_LABELS,
    YES_NO_VALUES,
    FormDefinition,
    Option,
    Question,
    QuestionType,
    Section,
    check_forms,
    list_forms,
    load_form,
    load_form_file,
    profile_from_answers,
    reload_data,
)
from screening_app.screening.indicators import (
    IndicatorSet,
    dimension_label,
    get_indicator_set,
    indicator_label,
    indicator_set_label,
    load_indicator_sets,
)
from screening_app.screening.places import country_choices, country_name, language_name
from screening_app.screening.profile import consent_from_answers, person_from_answers
from screening_app.screening.rules import RuleSet, list_rule_sets, load_rule_set

__all__ = [
    "CERTAINTY_LABELS",
    "CERTAINTY_VALUES",
    "EXPLOITATION_CHOICES",
    "YES_NO_LABELS",
    "YES_NO_VALUES",
    "FormDefinition",
    "FormError",
    "IndicatorSet",
    "Option",
    "ParseError",
    "Problem",
    "Question",
    "QuestionType",
    "RuleSet",
    "Section",
    "UnknownIndicator",
    "check_forms",
    "confirm",
    "consent_from_answers",
    "country_choices",
    "country_name",
    "decide",
    "describe_answer",
    "dimension_label",
    "evaluate_interview",
    "explain",
    "get_indicator_set",
    "indicator_label",
    "indicator_set_label",
    "language_name",
    "list_forms",
    "list_rule_sets",
    "load_form",
    "load_form_file",
    "load_indicator_sets",
    "load_rule_set",
    "outcome_text",
    "person_from_answers",
    "profile_from_answers",
    "reload_data",
    "rescore",
    "score_indicators",
]

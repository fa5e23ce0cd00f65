"""Form definitions (forms/<form id>/<form id>-<version>.yaml), in one import.

The forms live in six modules, each importing only the ones above it:
- `form_model`: questions, options, sections and the names a form file may use;
- `answer_checks`: whether an answer has the right shape for its question;
- `skip_logic`: which questions show, and what their expressions read;
- `form_definition`: a whole form and what a set of answers means under it;
- `form_parser`: one form file read and checked;
- `form_files`: the forms on disk by id and version, `check_forms`, caches.

This module re-exports their public names, so `from screening_app.screening.forms
import load_form` (and every name it offered before the split) keeps working.
"""

from __future__ import annotations

from screening_app.screening.expressions import truthy
from screening_app.screening.files import FormError
from screening_app.screening.form_definition import FormDefinition
from screening_app.screening.form_files import (
    check_forms,
    list_forms,
    load_form,
    profile_from_answers,
    reload_data,
    uncovered,
)
from screening_app.screening.form_model import (
    AUDIENCES,
    BUILTIN_NAMES,
    CERTAINTY_LABELS,
    CERTAINTY_VALUES,
    CONSENT_FIELDS,
    FORM_STATUSES,
    PROFILE_FIELDS,
    RESERVED,
    TEXT_MAX,
    VALUE_NAME,
    YES_NO_LABELS,
    YES_NO_VALUES,
    Option,
    Question,
    QuestionType,
    Section,
    Validation,
)
from screening_app.screening.form_parser import load_form_file
from screening_app.screening.skip_logic import FormEnvironment

__all__ = [
    "AUDIENCES",
    "BUILTIN_NAMES",
    "CERTAINTY_LABELS",
    "CERTAINTY_VALUES",
    "CONSENT_FIELDS",
    "FORM_STATUSES",
    "PROFILE_FIELDS",
    "RESERVED",
    "TEXT_MAX",
    "VALUE_NAME",
    "YES_NO_LABELS",
    "YES_NO_VALUES",
    "FormDefinition",
    "FormEnvironment",
    "FormError",
    "Option",
    "Question",
    "QuestionType",
    "Section",
    "Validation",
    "check_forms",
    "list_forms",
    "load_form",
    "load_form_file",
    "profile_from_answers",
    "reload_data",
    "truthy",
    "uncovered",
]

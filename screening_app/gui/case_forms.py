"""The form a case is shown with: exactly the version it was taken with, or for a
new interview the newest installed version of the identification form. A form
that is not installed here is a refusal in the officer's language."""

from __future__ import annotations

from typing import Any

from screening_app.errors import Refused
from screening_app.gui import layers
from screening_app.gui.common import unavailable_tip
from screening_app.i18n import _

DEFAULT_FORM = "identification"
SCREENING = "screening_app.screening"


def screening() -> Any:
    return layers.load(SCREENING)


def newest_form() -> Any:
    """The newest installed version of the identification form (for a new interview)."""
    if not layers.has(SCREENING):
        raise Refused(unavailable_tip(_("The interview form")))
    try:
        return screening().load_form(DEFAULT_FORM)
    except Refused:
        raise Refused(_("The interview form is not installed on this device, so no interview "
                        "can be started. Reinstall the program.")) from None


def form_of(case: Any) -> Any:
    """The form version the case was taken with (a case always renders with it).
    Raises Refused, in the officer's language, when it is not installed here."""
    if not case.form_id:
        return newest_form()
    try:
        return screening().load_form(case.form_id, case.form_version)
    except Refused:
        raise Refused(_(
            "This case was recorded with the form “{form}”, version {version}, which is not "
            "installed on this device, so it cannot be opened here. Nothing was changed. "
            "Open it on a device that has this form version.").format(
                form=case.form_id, version=case.form_version or "?")) from None


def form_or_none(case: Any) -> Any:
    """The case's form, or None when it is not installed (then show what is stored)."""
    try:
        return form_of(case)
    except Refused:
        return None

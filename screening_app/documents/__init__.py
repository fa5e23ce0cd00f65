"""Printed documents (ReportLab): the referral form and the consent record.

Importing this package applies the ReportLab fixes (`rlfixes`) before anything
is drawn. Text is laid out by `documents.text` (ICU line breaks, per-script font
runs, HarfBuzz shaping, /ActualText for search); fonts come from
`screening_app.i18n.fonts` through `documents.fonts`.
"""

from screening_app.documents import rlfixes

rlfixes.apply()

from screening_app.documents.consent import render_consent_record  # noqa: E402
from screening_app.documents.referral import render_referral  # noqa: E402

__all__ = ["render_consent_record", "render_referral"]

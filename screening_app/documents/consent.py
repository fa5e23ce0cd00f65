"""The consent record the person signs, in their language (and optionally a
second one, e.g. the officer's): what the interview is for, the three separate
consents as given, how they were given, and signature lines."""

from __future__ import annotations

from datetime import date

from reportlab.platypus import Flowable, KeepTogether

from screening_app.documents import blocks, fonts
from screening_app.documents.blocks import field_label, fields, gap, heading, value
from screening_app.documents.labels import (
    CONSENT_METHOD,
    document_languages,
    joined,
    language_names,
    native_name,
)
from screening_app.documents.page import MARGIN, Furniture, build
from screening_app.documents.page import page_size as paper
from screening_app.documents.text import TextBlock, TextStyle
from screening_app.domain import Case
from screening_app.i18n import N_
from screening_app.i18n.fonts import LANGUAGE_SCRIPT, scripts_in
from screening_app.i18n.format import format_date

LABEL_WIDTH = 170.0
CHECKED = "☒"
UNCHECKED = "☐"

# What the person is told before any question (CONTENT.md §5), one idea a line.
EXPLANATION = (
    N_("This interview helps us find out whether you need protection and help."),
    N_("You may stop at any time and you may refuse any question."),
    N_("Your answers are recorded in an encrypted file that only authorised staff can open."),
    N_("Your information is shared with another agency only if you agree, "
       "to help and protect you."),
    N_("You may withdraw your consent later."),
)


def render_consent_record(case: Case, lang: str, second_lang: str | None = None, *,
                          page_size: str = "A4", today: date | None = None) -> bytes:
    """A consent record for `case` in `lang` (and `second_lang`) as PDF bytes."""
    langs = document_languages([lang] + ([second_lang] if second_lang else []))
    size = paper(page_size)
    width = size[0] - 2 * MARGIN
    day = today or date.today()
    p = case.person
    native = native_name(case)
    fonts.require({LANGUAGE_SCRIPT[lg] for lg in langs}
                  | scripts_in(" ".join([native, p.latin_name, case.reference])))

    def row(msg: str, text: str) -> tuple[Flowable, Flowable]:
        return field_label(msg, langs), value(text, langs[0])

    def tick(given: bool) -> str:
        mark = CHECKED if given else UNCHECKED
        return f"{mark} " + joined(N_("Yes") if given else N_("No"), langs)

    c = case.consent
    story: list[Flowable] = [
        blocks.title(N_("Consent record"), langs), gap(6),
        fields([row(N_("Case reference"), case.reference),
                row(N_("Date"), " / ".join(dict.fromkeys(format_date(day, lg) for lg in langs))),
                row(N_("Name (as written by the person)"), native),
                row(N_("Name (Latin letters)"), p.latin_name)],
               [LABEL_WIDTH, width - LABEL_WIDTH]),
        gap(8),
        heading(N_("What you were told"), langs, width),
    ]
    parts: list[tuple[str, TextStyle]] = []
    for msg in EXPLANATION:
        for i, lg in enumerate(langs):
            text = joined(msg, [lg])
            if i and text == joined(msg, langs[:1]):
                continue
            parts.append(("• " + text, TextStyle(size=9.5 if i == 0 else 8.5, lang=lg,
                                                 space_after=3 if i == len(langs) - 1 else 0)))
    story += [TextBlock(parts), gap(8)]
    rows = [
        row(N_("Consent to the interview"), tick(c.interview)),
        row(N_("Consent to record the answers"), tick(c.record)),
        row(N_("Consent to share for referral"), tick(c.share_for_referral)),
        row(N_("How consent was given"), joined(CONSENT_METHOD[c.how], langs)),
    ]
    if c.interpreter_used:
        rows.append(row(N_("Interpreter"),
                        language_names([c.interpreter_language or "und"], langs[0])))
    story += [blocks.section(N_("Consent given"), langs, rows, [LABEL_WIDTH, width - LABEL_WIDTH]),
              gap(10)]
    signers = [N_("The person (or guardian)"), N_("Officer")]
    if c.interpreter_used:
        signers.append(N_("Interpreter"))
    story.append(KeepTogether([
        heading(N_("Signatures"), langs, width), gap(3),
        blocks.signatures(signers, [N_("Name"), N_("Signature or thumbprint"), N_("Date")],
                          langs, width, names=[native or p.latin_name, case.created_by]),
    ]))
    return build(story, size=size, furniture=Furniture(langs, case.reference),
                 title=joined(N_("Consent record"), langs))

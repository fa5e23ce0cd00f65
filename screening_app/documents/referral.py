"""The referral form: one case referred from one agency to another, printed in the
sending officer's language, the receiving agency's, and optionally a third.

Refused without consent to share (or a recorded lawful exception), for an
unknown language or page size, and when a script's font is missing: a refused
print writes nothing.
"""

from __future__ import annotations

from datetime import date

from reportlab.platypus import Flowable, KeepTogether, Table

from screening_app.documents import blocks, fonts
from screening_app.documents.blocks import field_label, fields, gap, heading, value, values
from screening_app.documents.labels import (
    CONSENT_METHOD,
    GENDER,
    GREY,
    OUTCOME,
    REFERRAL_REASON,
    agency_kind_text,
    country_names,
    dimension_name,
    document_languages,
    indicator_name,
    joined,
    language_names,
    native_name,
    urgent_need,
    yes_no,
)
from screening_app.documents.page import MARGIN, Furniture, QRCode, build
from screening_app.documents.page import page_size as paper
from screening_app.documents.text import TextBlock, TextStyle
from screening_app.domain import Agency, Case, ReferralReason
from screening_app.errors import Refused
from screening_app.i18n import N_, _
from screening_app.i18n.fonts import LANGUAGE_SCRIPT, scripts_in
from screening_app.i18n.format import format_date

LABEL_WIDTH = 150.0
QR_SIZE = 74.0
SHORT_HASH = 16


def qr_content(packet_id: str, packet_hash: str | None) -> str:
    """What the QR code holds: the packet id and a short hash of the packet, so
    the receiver can match this paper to the packet it imported."""
    short = (packet_hash or "")[:SHORT_HASH]
    return f"SRP:{packet_id}:{short}" if short else f"SRP:{packet_id}"


def render_referral(case: Case, *, sender: Agency, recipient: Agency, languages: list[str],
                    page_size: str = "A4", packet_id: str | None = None,
                    packet_hash: str | None = None, officer_note: str | None = None,
                    today: date | None = None, reason: ReferralReason | None = None,
                    details: str | None = None) -> bytes:
    """The referral form of `case` as PDF bytes; `reason` and `details` are the
    referral's (HTCDS cas_ReasonForOutgoingReferral, cas_OutgoingReferralDetails)."""
    if not case.consent.may_refer:
        raise Refused(_(
            "This case has no consent to share for referral (and no recorded lawful "
            "exception), so the referral was not printed. Record the consent first."))
    langs = document_languages(languages)
    size = paper(page_size)
    day = today or date.today()
    form = _Form(case, sender, recipient, langs, size[0] - 2 * MARGIN, day)
    form.referral_reason, form.details = reason, (details or "").strip()
    fonts.require({LANGUAGE_SCRIPT[lang] for lang in langs} | scripts_in(form.user_text()))
    story = form.story(packet_id, packet_hash, officer_note)
    return build(story, size=size, furniture=Furniture(langs, case.reference),
                 title=joined(N_("Referral"), langs))


class _Form:
    def __init__(self, case: Case, sender: Agency, recipient: Agency, langs: list[str],
                 width: float, day: date) -> None:
        self.case = case
        self.sender = sender
        self.recipient = recipient
        self.langs = langs
        self.lang = langs[0]
        self.width = width
        self.day = day
        self.referral_reason: ReferralReason | None = None
        self.details = ""

    def user_text(self) -> str:
        """Everything typed by people that appears on the form (to check fonts)."""
        p = self.case.person
        parts = [p.given_name, p.family_name, p.latin_name, p.address or "", p.phone or "",
                 self.case.reference, self.case.consent.lawful_exception or "", self.details]
        for agency in (self.sender, self.recipient):
            parts += [agency.name, agency.address or "", *agency.names.values()]
        if self.case.decision is not None:
            parts += [self.case.decision.reason or "", self.case.decision.decided_by]
        return " ".join(parts)

    def row(self, msg: str, content: Flowable | str | None) -> tuple[Flowable, Flowable]:
        if content is None or isinstance(content, str):
            content = value(content, self.lang)
        return field_label(msg, self.langs), content

    def table(self, rows: list[tuple[Flowable, Flowable]], width: float | None = None) -> Table:
        return fields(rows, [LABEL_WIDTH, (width or self.width) - LABEL_WIDTH])

    def section(self, msg: str, rows: list[tuple[Flowable, ...]]) -> list[Flowable]:
        return [blocks.section(msg, self.langs, rows, [LABEL_WIDTH, self.width - LABEL_WIDTH]),
                gap()]

    def story(self, packet_id: str | None, packet_hash: str | None,
              note: str | None) -> list[Flowable]:
        story: list[Flowable] = [self.header(packet_id, packet_hash), gap(8)]
        story += self.reason()
        story += self.agencies()
        story += self.person()
        story += self.consent()
        story += self.urgent()
        story += self.outcome()
        story += self.note(note)
        story.append(KeepTogether(self.signatures()))
        return story

    def header(self, packet_id: str | None, packet_hash: str | None) -> Table:
        left: list[Flowable] = [blocks.title(N_("Referral of a possible victim of trafficking"),
                                             self.langs), gap(4)]
        left.append(self.table([
            self.row(N_("Case reference"), value(self.case.reference, self.lang, 11, True)),
            self.row(N_("Date of referral"),
                     values(list(dict.fromkeys(format_date(self.day, lg) for lg in self.langs)),
                            self.lang)),
        ], self.width if packet_id is None else self.width - QR_SIZE - 16))
        if packet_id is None:
            return blocks.table([[left]], [self.width], [("LEFTPADDING", (0, 0), (-1, -1), 0)])
        right: list[Flowable] = [
            QRCode(qr_content(packet_id, packet_hash), QR_SIZE), gap(2),
            TextBlock([(joined(N_("Packet"), self.langs), TextStyle(size=6.5, color=GREY)),
                       (packet_id, TextStyle(size=6.5)),
                       ((packet_hash or "")[:SHORT_HASH], TextStyle(size=6.5))]),
        ]
        side = QR_SIZE + 16
        return blocks.table([[left, right]], [self.width - side, side],
                            [("VALIGN", (0, 0), (-1, -1), "TOP"),
                             ("LEFTPADDING", (0, 0), (0, 0), 0),
                             ("RIGHTPADDING", (-1, 0), (-1, 0), 0)])

    def reason(self) -> list[Flowable]:
        """Why the person is referred (HTCDS reason and details), under the header."""
        rows = []
        if self.referral_reason is not None:
            rows.append(self.row(N_("Reason for referral"), joined(
                REFERRAL_REASON[self.referral_reason], self.langs, "\n")))
        if self.details:
            rows.append(self.row(N_("Details of the referral"), self.details))
        return [self.table(rows), gap()] if rows else []

    def agencies(self) -> list[Flowable]:
        col = (self.width - LABEL_WIDTH) / 2

        def agency_rows(a: Agency) -> list[str]:
            names = list(dict.fromkeys([a.names.get(lg, "") for lg in self.langs] + [a.name]))
            return [
                "\n".join(n for n in names if n),
                "\n".join(joined(m, self.langs) for m in agency_kind_text(a.type, a.service))
                if a.name or a.id else "",
                country_names(a.country, self.langs),
                a.address or "",
                a.phone or "",
                a.email or "",
            ]

        labels = [N_("Name"), N_("Type"), N_("Country"), N_("Address"), N_("Phone"),
                  N_("Email")]
        s_rows, r_rows = agency_rows(self.sender), agency_rows(self.recipient)
        data: list[list[Flowable]] = [[field_label(N_("Agency"), self.langs),
                                       field_label(N_("Referring agency"), self.langs),
                                       field_label(N_("Receiving agency"), self.langs)]]
        for msg, s, r in zip(labels, s_rows, r_rows, strict=True):
            if not s and not r:
                continue
            data.append([field_label(msg, self.langs), value(s, self.lang),
                         value(r, self.lang)])
        return [blocks.section(N_("Agencies"), self.langs, [tuple(r) for r in data],
                               [LABEL_WIDTH, col, col], header_rows=1), gap()]

    def person(self) -> list[Flowable]:
        p = self.case.person
        native = native_name(self.case)
        age = ""
        if p.birth_date is not None:
            age = " / ".join(dict.fromkeys(format_date(p.birth_date, lg) for lg in self.langs))
        elif p.estimated_age is not None:
            age = joined(N_("About {years} years old"), self.langs).format(years=p.estimated_age)
        rows = [
            self.row(N_("Name (as written by the person)"), native),
            self.row(N_("Name (Latin letters)"), p.latin_name),
            self.row(N_("Gender"), joined(GENDER[p.gender], self.langs)),
            self.row(N_("Date of birth or age"), age),
            self.row(N_("Citizenship"), "\n".join(country_names(c, self.langs)
                                                  for c in p.citizenship)),
            self.row(N_("Languages spoken"), language_names(p.languages, self.lang)),
        ]
        if p.phone:
            rows.append(self.row(N_("Phone"), p.phone))
        if p.address:
            rows.append(self.row(N_("Address"), p.address))
        if p.is_presumed_child(self.day):
            rows.append(self.row(N_("Child"), joined(N_(
                "Treated as a child: under 18, or age unknown or in doubt"), self.langs)))
        return self.section(N_("Person referred"), rows)

    def consent(self) -> list[Flowable]:
        c = self.case.consent
        rows = [
            self.row(N_("Consent to the interview"), yes_no(c.interview, self.langs)),
            self.row(N_("Consent to record the answers"), yes_no(c.record, self.langs)),
            self.row(N_("Consent to share for referral"),
                     yes_no(c.share_for_referral, self.langs)),
            self.row(N_("How consent was given"), joined(CONSENT_METHOD[c.how], self.langs)),
        ]
        if c.interpreter_used:
            rows.append(self.row(N_("Interpreter"),
                                 language_names([c.interpreter_language or "und"], self.lang)))
        if c.given_at is not None:
            rows.append(self.row(N_("Consent given on"), format_date(c.given_at.date(),
                                                                      self.lang)))
        if c.share_for_referral:
            scope = joined(N_(
                "Shared only with the receiving agency named above, for the person's "
                "assistance and protection."), self.langs, "\n")
        else:
            scope = joined(N_(
                "Referred without consent to share, under a lawful exception in the "
                "child's best interests:"), self.langs, "\n") + "\n" + (c.lawful_exception or "")
        rows.append(self.row(N_("Scope of sharing"), scope))
        return self.section(N_("Consent"), rows)

    def urgent(self) -> list[Flowable]:
        outcome = self.case.outcome
        reasons = list(outcome.urgent_reasons) if outcome and outcome.urgent else []
        if reasons:
            case = self.case
            text = "\n".join("• " + "\n   ".join(dict.fromkeys(
                urgent_need(case.form_id, case.form_version, r, lg) for lg in self.langs))
                for r in reasons)
        elif outcome and outcome.urgent:
            text = joined(N_("Urgent: see the officer's note"), self.langs)
        else:
            text = joined(N_("None recorded"), self.langs)
        return self.section(N_("Urgent needs"), [self.row(N_("Urgent needs"), text)])

    def outcome(self) -> list[Flowable]:
        outcome = self.case.outcome
        if outcome is None:
            return self.section(N_("Screening outcome"), [self.row(
                N_("Suggested outcome"), joined(N_("Not screened"), self.langs))])
        rows = [self.row(N_("Suggested outcome"), joined(OUTCOME[outcome.kind], self.langs, "\n"))]
        decision = self.case.decision
        if decision is not None and decision.overridden:
            rows.append(self.row(N_("Officer's decision"), joined(
                OUTCOME[decision.decided], self.langs, "\n") + "\n" + (decision.reason or "")))
        found = [(dim, res) for dim, res in outcome.dimensions.items() if res.indicators]
        for dim, res in found:
            names = " / ".join(dict.fromkeys(dimension_name(dim, lg) for lg in self.langs))
            mark = "✓ " if res.positive else ""
            items = "\n".join("• " + " / ".join(dict.fromkeys(
                indicator_name(i, lg) for lg in self.langs)) for i in res.indicators)
            rows.append((TextBlock([(mark + names, TextStyle(size=7.5, bold=True))]),
                         value(items, self.lang, 8.5)))
        if not found:
            rows.append(self.row(N_("Indicators found"), joined(N_("None"), self.langs)))
        rule_set = f"{outcome.rule_set} {outcome.rule_set_version}".strip()
        if outcome.provisional:
            rule_set += "\n" + joined(N_(
                "Provisional: the indicator set is not yet verified against its source."),
                self.langs, "\n")
        rows.append(self.row(N_("Rule set"), rule_set))
        rows.append(self.row(N_("What this means"), joined(N_(
            "Screening is not formal identification: a competent authority decides that."),
            self.langs, "\n")))
        return self.section(N_("Screening outcome"), rows)

    def note(self, note: str | None) -> list[Flowable]:
        if not note or not note.strip():
            return []
        # free text of any length: a TextBlock outside any table splits across pages
        return [heading(N_("Officer's note"), self.langs, self.width),
                TextBlock([(note, TextStyle(size=9, lang=self.lang))]), gap()]

    def signatures(self) -> list[Flowable]:
        officer = self.case.decision.decided_by if self.case.decision else self.case.created_by
        return [
            heading(N_("Signatures"), self.langs, self.width),
            gap(3),
            blocks.signatures([N_("Referring officer"), N_("Receiving officer")],
                              [N_("Name"), N_("Signature"), N_("Date")], self.langs,
                              self.width, names=[officer, ""]),
        ]


__all__ = ["qr_content", "render_referral"]

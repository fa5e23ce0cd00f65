"""Referral screen: choose the receiving agency from the directory (filter by
country and type), check consent to share (or a recorded lawful exception for a
child), say why the person is referred (HTCDS reason and details), choose the
languages, then print the PDF and/or export a packet. Print
and export call the documents and exchange layers; where a layer is missing the
button says so instead of pretending."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from screening_app.domain import Agency, Referral, ReferralReason, ReferralStatus
from screening_app.errors import Refused
from screening_app.gui import layers
from screening_app.gui.common import CaseScreen, show_refusal, unavailable_tip, wrapped_label
from screening_app.gui.formatting import agency_name
from screening_app.gui.layout import ButtonRow, scrolling_page
from screening_app.i18n import AUTONYMS, LANGUAGES, _, current_language
from screening_app.i18n.format import country_name
from screening_app.standards.labels import REFERRAL_REASON, agency_kinds, kind_text
from screening_app.storage.datadir import write_atomically

PDF_MODULE = "screening_app.documents.referral"
DIRECTORY_MODULE = "screening_app.exchange.directory"
PACKET_MODULE = "screening_app.exchange.exporter"
EXPORT_MODULE = "screening_app.gui.exchange_panel"


def agency_directory(session: Any) -> list[Agency]:
    """Agencies known on this device: the exchange layer's directory (seeded per
    country, completed by imported key cards); revoked ones are left out."""
    if not layers.has(DIRECTORY_MODULE):
        return []
    directory = layers.load(DIRECTORY_MODULE).AgencyDirectory(session)
    return [entry.agency for entry in directory.entries() if not entry.revoked]


def own_agency(session: Any) -> Agency:
    """This installation's agency, the sender of referrals."""
    if layers.has(DIRECTORY_MODULE):
        agency: Agency = layers.load(DIRECTORY_MODULE).AgencyDirectory(session).own_agency()
        return agency
    device = session.device
    if not device.agency_name or not device.country:
        raise Refused(_("This installation has no agency yet, so it cannot send referrals. "
                        "Set it up with 'init --agency NAME --country CC --agency-type TYPE'."))
    return Agency(id=f"{device.country.lower()}-{device.id}", name=device.agency_name,
                  type=device.agency_type, country=device.country,
                  service=getattr(device, "agency_service", None))


class ReferralView(CaseScreen):
    done = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referral")
        self.agencies: list[Agency] = []
        self.shown: list[Agency] = []
        self.referral: Referral | None = None

        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.consent_note = wrapped_label()
        self.exception = QLineEdit()
        self.exception_label = QLabel()
        self.exception_label.setBuddy(self.exception)
        self.exception_button = QPushButton()
        self.exception_button.clicked.connect(self.record_exception)
        self.country = QComboBox()
        self.kind = QComboBox()
        self.country_label = QLabel()
        self.kind_label = QLabel()
        self.country_label.setBuddy(self.country)
        self.kind_label.setBuddy(self.kind)
        self.country.currentIndexChanged.connect(lambda _i: self._fill_agencies())
        self.kind.currentIndexChanged.connect(lambda _i: self._fill_agencies())
        self.list = QListWidget()
        self.list.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.list_label = QLabel()
        self.list_label.setBuddy(self.list)
        self.first_language = QComboBox()
        self.second_language = QComboBox()
        for combo in (self.first_language, self.second_language):
            combo.addItem("—", None)
            for code in LANGUAGES:
                combo.addItem(AUTONYMS[code], code)
        self.first_label = QLabel()
        self.second_label = QLabel()
        self.first_label.setBuddy(self.first_language)
        self.second_label.setBuddy(self.second_language)
        self.reason = QComboBox()
        for reason in ReferralReason:
            self.reason.addItem("", reason.value)
        self.reason_label = QLabel()
        self.reason_label.setBuddy(self.reason)
        self.details = QLineEdit()
        self.details.setMaxLength(2000)
        self.details_label = QLabel()
        self.details_label.setBuddy(self.details)
        self.status = wrapped_label()
        self.save_button = QPushButton()
        self.print_button = QPushButton()
        self.export_button = QPushButton()
        self.finish_button = QPushButton()
        self.save_button.clicked.connect(self.save_referral)
        self.print_button.clicked.connect(self.print_pdf)
        self.export_button.clicked.connect(self.export_packet)
        self.finish_button.clicked.connect(self._finish)

        filters = QHBoxLayout()
        filters.addWidget(self.country_label)
        filters.addWidget(self.country, 1)
        filters.addWidget(self.kind_label)
        filters.addWidget(self.kind, 1)
        exception_row = QHBoxLayout()
        exception_row.addWidget(self.exception, 1)
        exception_row.addWidget(self.exception_button)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.reason_label, self.reason)
        form.addRow(self.details_label, self.details)
        form.addRow(self.first_label, self.first_language)
        form.addRow(self.second_label, self.second_language)
        buttons = ButtonRow()
        for button in (self.save_button, self.print_button, self.export_button,
                       self.finish_button):
            buttons.addWidget(button)
        layout = scrolling_page(self)      # taller than a laptop screen at 200 % in Burmese
        layout.addWidget(self.heading)
        layout.addWidget(self.consent_note)
        layout.addWidget(self.exception_label)
        layout.addLayout(exception_row)
        layout.addLayout(filters)
        layout.addWidget(self.list_label)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.retranslate()

    # --- state ----------------------------------------------------------------
    def forget(self) -> None:
        self.referral = None
        self.agencies = []
        self.list.clear()
        self.exception.clear()
        self.details.clear()
        self.status.clear()
        self.heading.clear()

    def open_case(self, case_id: str) -> None:
        self.load_case(case_id)
        self.referral = self.case.referrals[-1] if self.case.referrals else None
        self.agencies = agency_directory(self.session)
        officer = self.case.officer_language or current_language()
        self._select_language(self.first_language, officer)
        second = self.case.interviewee_language
        self._select_language(self.second_language, second if second != officer else None)
        self.reason.setCurrentIndex(max(0, self.reason.findData(
            self.referral.reason.value if self.referral and self.referral.reason
            else ReferralReason.ADDITIONAL_SERVICES.value)))
        self.details.setText(self.referral.details or "" if self.referral else "")
        self.status.clear()
        self.retranslate()
        self.list.setFocus()

    def _select_language(self, combo: QComboBox, code: str | None) -> None:
        index = combo.findData(code)
        combo.setCurrentIndex(max(0, index))

    def may_refer(self) -> bool:
        return self.case is not None and bool(self.case.consent.may_refer)

    # --- language -------------------------------------------------------------
    def retranslate(self) -> None:
        self.country_label.setText(_("&Country"))
        self.kind_label.setText(_("&Type"))
        self.list_label.setText(_("Receiving &agency"))
        self.list.setAccessibleName(_("Receiving agency"))
        self.first_label.setText(_("&First language of the form"))
        self.second_label.setText(_("Seco&nd language"))
        self.reason_label.setText(_("&Reason for referral"))
        for n, reason in enumerate(ReferralReason):
            self.reason.setItemText(n, _(REFERRAL_REASON[reason]))
        self.details_label.setText(_("Detai&ls for the receiving agency"))
        self.details.setAccessibleName(_("Details for the receiving agency"))
        self.exception_label.setText(_("Lawful exception (child's best interests): who decided "
                                       "and why"))
        self.exception.setAccessibleName(_("Lawful exception"))
        self.exception_button.setText(_("Record e&xception"))
        self.save_button.setText(_("&Save referral"))
        self.print_button.setText(_("&Print PDF…"))
        self.export_button.setText(_("&Export packet…"))
        self.finish_button.setText(_("&Done"))
        if self.case is not None:
            self.heading.setText(_("Referral for case {ref}").format(ref=self.case.reference))
        gated = self.case is not None and not self.may_refer()
        child = self.case is not None and self.case.person.is_presumed_child(date.today())
        if gated and child:
            self.consent_note.setText(_("The person has not agreed to share their information. "
                                        "For a child, a referral can be made on a recorded "
                                        "lawful exception in the child's best interests."))
        elif gated:
            self.consent_note.setText(_("The person has not agreed to share their information, "
                                        "so no referral can be printed or sent. If they agree "
                                        "later, record it on the Consent page of the "
                                        "interview."))
        else:
            self.consent_note.setText(_("The person agreed to share their information with the "
                                        "receiving agency."))
        gated = gated and child          # only a child's case may rest on an exception
        for widget in (self.exception_label, self.exception, self.exception_button):
            widget.setVisible(gated)
        self._fill_filters()
        self._update_buttons()

    def _fill_filters(self) -> None:
        for combo, values in (
            (self.country, sorted({a.country for a in self.agencies})),
            (self.kind, list(dict.fromkeys(k for a in self.agencies for k in agency_kinds(a)))),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("All"), None)
            for value in values:
                text = (kind_text(value) if combo is self.kind
                        else country_name(value, current_language()))
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        self._fill_agencies()

    def _fill_agencies(self) -> None:
        chosen = self.chosen_agency()
        country, kind = self.country.currentData(), self.kind.currentData()
        lang = current_language()
        self.list.clear()
        self.shown = []
        for agency in self.agencies:
            if country and agency.country != country:
                continue
            if kind and kind not in agency_kinds(agency):
                continue
            name = agency_name(agency, lang)
            # Ids by row, not item data (see answer_inputs.CodeInput._fill).
            kinds = " · ".join(kind_text(k) for k in agency_kinds(agency))
            text = f"{name} — {country_name(agency.country, lang)} · {kinds}"
            if not agency.can_receive_packets:
                text += " · " + _("print only (no key card yet)")
            elif not agency.verified:
                text += " · " + _("key card not verified: compare it before a packet goes")
            self.list.addItem(text)
            self.shown.append(agency)
            if (chosen is not None and chosen.id == agency.id) or (
                    chosen is None and self.referral is not None
                    and self.referral.agency_id == agency.id):
                self.list.setCurrentRow(len(self.shown) - 1)
        if self.list.count() == 0:
            item = QListWidgetItem(_("No agency in the directory matches. Import the agency's "
                                     "key card first."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)

    def chosen_agency(self) -> Agency | None:
        row = self.list.currentRow()
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def _update_buttons(self) -> None:
        ready = self.may_refer() and self.chosen_agency() is not None
        self.save_button.setEnabled(ready)
        saved = self.referral is not None and self.may_refer()
        for button, module, what in ((self.print_button, PDF_MODULE, _("Printing the referral")),
                                     (self.export_button, PACKET_MODULE,
                                      _("Exporting a referral packet"))):
            present = layers.has(module)
            agency = self.chosen_agency()
            keyless = (button is self.export_button and agency is not None
                       and not agency.can_receive_packets)
            button.setEnabled(saved and present and not keyless)
            if not present:
                button.setToolTip(unavailable_tip(what))
            elif not saved:
                button.setToolTip(_("Save the referral first."))
            elif keyless:
                button.setToolTip(_("This agency has no key card yet: print the referral, or "
                                    "import their card (Exchange menu)."))
            else:
                button.setToolTip("")

    def languages(self) -> list[str]:
        chosen = [self.first_language.currentData(), self.second_language.currentData()]
        result: list[str] = []
        for code in chosen:
            if isinstance(code, str) and code not in result:
                result.append(code)
        return result or [current_language()]

    # --- actions --------------------------------------------------------------
    def record_exception(self) -> None:
        text = self.exception.text().strip()
        if not text or self.case is None:
            self.status.setText(_("Write who decided the exception and why."))
            return
        previous = self.case.consent.lawful_exception
        self.case.consent.lawful_exception = text
        try:
            self.session.cases.update(self.case)
        except Refused as refused:      # e.g. the validation layer: too long
            self.case.consent.lawful_exception = previous
            show_refusal(self, refused)
            return
        self.retranslate()

    def save_referral(self) -> None:
        agency = self.chosen_agency()
        if agency is None or self.case is None or not self.may_refer():
            return
        referral = Referral(id=str(uuid.uuid4()), case_id=str(self.case.id),
                            agency_id=agency.id, languages=self.languages(),
                            created_by=self.session.user.name,
                            reason=ReferralReason(self.reason.currentData()),
                            details=self.details.text().strip() or None)
        if self.referral is not None and self.referral.status is ReferralStatus.DRAFT:
            referral.id = self.referral.id
        try:
            self.session.cases.save_referral(referral)
        except Refused as refused:
            show_refusal(self, refused)
            return
        self.referral = referral
        self.status.setText(_("Referral saved. You can print it or export a packet now."))
        self._update_buttons()

    def _keep_reason(self) -> None:
        """The reason and details on screen are the referral's, also when changed after
        it was saved (the PDF prints them and the packet carries them)."""
        if self.referral is None:
            return
        reason = ReferralReason(self.reason.currentData())
        details = self.details.text().strip() or None
        if (self.referral.reason, self.referral.details) != (reason, details):
            self.referral.reason, self.referral.details = reason, details
            self.session.cases.save_referral(self.referral)

    def print_pdf(self) -> None:
        if self.referral is None or self.case is None:
            return
        self._keep_reason()
        render_referral = layers.load(PDF_MODULE).render_referral
        agency = self.chosen_agency()
        try:
            pdf = render_referral(self.case, sender=own_agency(self.session), recipient=agency,
                                  languages=self.referral.languages,
                                  reason=self.referral.reason, details=self.referral.details)
        except Refused as refused:
            show_refusal(self, refused)
            return
        # The suggested file name carries the case reference only, never a name.
        target, _filter = QFileDialog.getSaveFileName(
            self, _("Save the referral PDF"), f"referral-{self.case.reference}.pdf",
            _("PDF documents (*.pdf)"))
        if not target:
            return
        try:
            write_atomically(Path(target), pdf)     # owner-only, never half a file
        except OSError:
            self.status.setText(_("The referral PDF could not be saved there."))
            return
        self.referral.status = ReferralStatus.PRINTED
        self.session.cases.save_referral(self.referral)
        self.status.setText(_("The referral PDF was saved."))

    def export_packet(self) -> None:
        """Build, sign and queue the referral packet in the outbox (exchange layer,
        which also tells the officer what to do next)."""
        agency = self.chosen_agency()
        if agency is None or self.case_id is None:
            return
        if self.referral is not None and self.referral.agency_id == agency.id:
            self._keep_reason()
        exported = layers.load(EXPORT_MODULE).export_packet(self, self.session, self.case_id,
                                                            agency.id)
        if exported is None:
            return
        self.load_case(self.case_id)
        self.referral = next((r for r in self.case.referrals if r.agency_id == agency.id),
                             self.referral)
        self.status.setText(_("The packet is in the outbox. Sync with a folder or USB stick "
                              "(Exchange) to send it."))
        self._update_buttons()

    def _finish(self) -> None:
        if self.case_id is not None:
            self.done.emit(self.case_id)

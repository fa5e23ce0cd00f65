"""The demo (issue 19): real interviews on the installed form, scored by the real
engine, referred to agencies of the real directory; every demo case opens in the
interview, outcome and referral screens without a refusal, and no internal id
reaches what the officer sees."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("screening_app.exchange.directory")

from gui_support import MessageBoxes, main_window, unlock
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from screening_app.domain import OutcomeKind
from screening_app.gui.settings import apply_text_size
from screening_app.i18n import set_language
from screening_app.samples.demo import DEMO_PARTNERS, DEMO_PASSPHRASE, PLAN, make_demo
from screening_app.storage import KdfParams


class Demo:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.passphrases = {"officer": DEMO_PASSPHRASE, "supervisor": DEMO_PASSPHRASE}

    def open(self, user: str = "officer"):  # type: ignore[no-untyped-def]
        from screening_app.storage import Session

        return Session.open(self.path, user, DEMO_PASSPHRASE)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Demo:
    path = tmp_path_factory.mktemp("demo") / "data"
    # one whole round of the demo's plan: every scenario and referral state once
    assert make_demo(path, len(PLAN), kdf=KdfParams(memory_kib=64, iterations=1, lanes=1))
    return Demo(path)


def test_the_demo_is_real_interviews_scored_by_the_real_engine(demo) -> None:
    from screening_app.exchange.directory import AgencyDirectory, load_seed
    from screening_app.screening import evaluate_interview, load_form

    newest = load_form("identification")
    seeded = {a.id for a in load_seed()}
    with demo.open() as session:
        cases = [session.cases.get(str(row.id)) for row in session.cases.list(limit=100)]
        kinds, children, urgent, referred, received = set(), 0, 0, set(), 0
        for case in cases:
            assert (case.form_id, case.form_version) == (newest.id, newest.version)
            assert case.person.latin_name and case.person.citizenship
            if case.outcome is None:
                assert case.draft
                continue
            again = evaluate_interview(newest, case.answer_values())
            assert again.kind is case.outcome.kind          # the engine's own result
            kinds.add(case.outcome.kind)
            children += bool(case.outcome.extra.get("presumed_child"))
            urgent += case.outcome.urgent
            for referral in case.referrals:
                assert referral.agency_id in seeded          # the real directory
                referred.add(referral.status.value)
                received += referral.status.value == "received"
        assert kinds == set(OutcomeKind)
        assert children and urgent and received >= 2
        assert {"draft", "printed", "exported", "received"} <= referred
        directory = AgencyDirectory(session)
        for agency_id in DEMO_PARTNERS:                      # Export packet can be tried
            _agency, card = directory.receivable(agency_id)
            assert directory.is_verified(agency_id) and card.id == agency_id
        # the first person, met again: both cases marked as possibly the same person
        from screening_app.samples.demo import AGAIN
        from screening_app.storage.duplicates import Duplicates

        by_age = sorted(cases, key=lambda c: c.created_at)
        first, again = by_age[0], by_age[AGAIN]
        marked = Duplicates(session).marked([str(c.id) for c in cases])
        assert set(marked) == {str(first.id), str(again.id)}
        assert again.person.given_name == first.person.given_name
        assert again.person.latin_name != first.person.latin_name


def test_a_demo_made_by_an_older_version_is_made_again(tmp_path) -> None:
    from screening_app.domain import Answer, Consent, Person
    from screening_app.samples.demo import DEMO_COMPLETE
    from screening_app.screening import load_form
    from screening_app.storage import Session

    cheap = KdfParams(memory_kib=64, iterations=1, lanes=1)
    path = tmp_path / "demo"
    make_demo(path, 0, kdf=cheap)
    with Session.open(path, "officer", DEMO_PASSPHRASE) as session:   # as main's demo did
        case = session.cases.create(Person(latin_name="Old Demo"),
                                    Consent(interview=True, record=True),
                                    form_id=None, form_version=None)
        session.cases.save_answer(case.id, Answer("demo_question", True))
    (path / DEMO_COMPLETE).write_bytes(b"")             # finished, by that version
    assert make_demo(path, 3, kdf=cheap)                   # made again ...
    with Session.open(path, "officer", DEMO_PASSPHRASE) as session:
        forms = {(case.form_id, case.form_version) for case in (
            session.cases.get(str(row.id)) for row in session.cases.list(limit=10))}
    newest = load_form("identification")
    assert forms == {(newest.id, newest.version)}
    assert not make_demo(path, 3, kdf=cheap)               # ... and then reused


def test_the_demo_never_removes_a_data_directory_it_did_not_make(tmp_path) -> None:
    from screening_app.errors import Refused
    from screening_app.storage import init_data_dir

    real = tmp_path / "real"
    init_data_dir(real, admin="admin", passphrase="a long passphrase for the admin",
                  country="KH", kdf=KdfParams(memory_kib=64, iterations=1, lanes=1))
    before = sorted(p.name for p in real.iterdir())
    with pytest.raises(Refused, match="nothing was deleted"):
        make_demo(real, 3)
    assert sorted(p.name for p in real.iterdir()) == before


# --- what the officer sees ----------------------------------------------------------

def visible_texts(root: QWidget) -> list[str]:
    """Every text a person can read in `root` (tooltips aside)."""
    texts: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root):
            continue
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QLineEdit):
            texts += [w.text(), w.placeholderText()]
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QListWidget):
            texts += [w.item(i).text() for i in range(w.count()) if not w.item(i).isHidden()]
        elif isinstance(w, QTextEdit | QPlainTextEdit):
            texts.append(w.toPlainText())
        elif isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count()) if w.isTabVisible(i)]
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QTableView) and w.model() is not None:
            model = w.model()
            texts += [str(model.headerData(c, w.horizontalHeader().orientation()) or "")
                      for c in range(model.columnCount())]
            texts += [str(model.index(r, c).data() or "") for r in range(model.rowCount())
                      for c in range(model.columnCount())]
    return [t for t in texts if t]


def internal_ids(agency_ids: set[str]) -> re.Pattern[str]:
    """Ids of questions, answers, indicators, dimensions, sets, rules and agencies,
    stored values of enums, language codes and Python's booleans."""
    from screening_app.screening import list_rule_sets, load_form
    from screening_app.screening.indicators import catalogue

    ids: set[str] = set(agency_ids)
    form = load_form("identification")
    for q in form.questions():
        ids.add(q.id)
        ids.update(o.value for o in q.options)
    found = catalogue()
    ids.update(found.labels.indicators)
    ids.update(found.labels.dimensions)
    ids.update(set_id for set_id, _version in found.sets)
    for rules in list_rule_sets():
        ids.add(rules.id)
        ids.update(c.id for c in rules.dimension_rule)
        ids.update(c.id for c in rules.combination.values())
    # ids made of more than one word (a plain word such as "pay" is also English)
    words = sorted((i for i in ids if re.search(r"[_-]", i) or i in agency_ids), key=len,
                   reverse=True)
    codes = ["FollowUp", "ClosedReferred", "LawEnforcement", "SocialService",
             "Transgender/NonConforming", "True", "False"]
    alternatives = "|".join(re.escape(w) for w in [*words, *codes])
    # language codes as the referral tab showed them ("km, en") or in brackets ("(km)");
    # alone they are also words ("vi" in Vietnamese, "my" in English)
    lang = "en|km|lo|my|th|vi|zh_Hans"
    listed = rf"(?:{lang})(?:\s*,\s*(?:{lang}))+|\((?:{lang})\)"
    return re.compile(rf"(?<![\w-])({alternatives}|{listed})(?![\w-])")


@pytest.fixture
def window(qtbot, demo):
    win = main_window(qtbot, demo)
    win.passphrase = DEMO_PASSPHRASE
    yield win
    set_language("en")
    apply_text_size(100)


def test_every_demo_case_opens_everywhere_and_shows_words_not_codes(qtbot, window):
    from screening_app.exchange.directory import AgencyDirectory

    win = window
    unlock(qtbot, win)
    ws = win.workspace
    own = AgencyDirectory(win.session).own_agency().id
    seeded = {e.agency.id for e in AgencyDirectory(win.session).entries()}
    pattern = internal_ids(seeded | {own})
    ids = [str(row.id) for row in win.session.cases.list(limit=100)]
    assert len(ids) == len(PLAN)
    seen: dict[str, list[str]] = {}
    with MessageBoxes() as boxes:
        seen["cases"] = visible_texts(win)
        for case_id in ids:
            for place, page in (("case", ws.detail), ("interview", ws.interview),
                                ("outcome", ws.outcome), ("referral", ws.referral)):
                ws.go_to(place, case_id, -1 if place == "interview" else 0)
                assert ws.pages.currentWidget() is page, (place, boxes.texts)
                texts = visible_texts(win)
                if place == "case":        # every tab's text, not only the one shown
                    texts += [ws.detail.tabs.widget(i).toPlainText()
                              for i in range(ws.detail.tabs.count())
                              if ws.detail.tabs.isTabVisible(i)]
                seen[f"{place} {case_id[-4:]}"] = texts
        ws.show_exchange()
        seen["exchange"] = visible_texts(win)
    assert boxes.texts == []                                  # no refusal anywhere
    leaks = {where: sorted({m.group(1) for t in texts for m in pattern.finditer(t)})
             for where, texts in seen.items()}
    assert {w: found for w, found in leaks.items() if found} == {}

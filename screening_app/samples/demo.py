"""The demo data directory: real interviews on the installed identification form
(the newest version), scored by the real engine, decided, referred to agencies of
the real directory, two of them with a packet in the outbox and a signed receipt
back. Every person here is made up; the names are in the scripts of their
nationalities.

Each case is made the way the program makes it: `cases.create` once the person
agreed, `save_answer` for each answer, the outcome from `evaluate_interview`, the
officer's decision from `decide`, a referral saved, a packet exported and a
receipt imported through the exchange layer.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from screening_app.domain import (
    Agency,
    AgencyService,
    AgencyType,
    Answer,
    CaseStatus,
    OutcomeKind,
    Person,
    Referral,
    ReferralStatus,
    uuid7,
)
from screening_app.errors import Refused
from screening_app.i18n import _
from screening_app.samples.interviews import SCENARIOS, Scenario, interview_answers, stop_after
from screening_app.samples.people import LANGUAGES, person
from screening_app.screening import (
    consent_from_answers,
    decide,
    evaluate_interview,
    load_form,
    person_from_answers,
)
from screening_app.storage.datadir import write_atomically
from screening_app.storage.session import Session, init_data_dir
from screening_app.storage.vault import KdfParams

DEMO_PASSPHRASE = "demo passphrase"  # noqa: S105 - printed to the user on purpose
DEMO_USERS = (("officer", "officer"), ("supervisor", "supervisor"))
DEMO_AGENCY = ("Demo Agency", "KH", "NGO")
OFFICER_LANGUAGE = "en"
# Demo partners with a (made-up) key card, so a newcomer can also export a packet;
# every other agency stays print-only, as most are in a new installation.
DEMO_PARTNERS = ("th-msdhs", "kh-mosvy")
# What happens to the n-th case (cycled): a scenario, how far the interview got, and
# what became of the referral.
PLAN: tuple[tuple[str, str | None, str | None], ...] = (
    ("presumed_victim", None, "received"),
    ("indicators_present", None, "printed"),
    ("no_indicators", None, None),
    ("child", None, "exported"),
    ("urgent", None, "draft"),
    ("presumed_victim", "journey", None),       # left after the journey: a draft
    ("sexual_exploitation", None, "received"),
    ("indicators_present", None, "override"),   # the officer decided otherwise
    ("no_indicators", "profile", None),         # AGAIN: the first person, met again
    ("child", None, "draft"),
)
# The n-th case of each round is the round's first person met again at another
# checkpoint (the Latin spelling differs a little, the age is guessed a year
# older): the case list marks both as possibly the same person, the case screen
# offers the comparison (storage finds the pair as it would for any officer).
AGAIN = 8


def _scenario(name: str) -> Scenario:
    return next(s for s in SCENARIOS if s.name == name)


class _Exchange:
    """The partners' keys, held only while the demo is made: packets to them are
    real, and their receipts are signed with their real (throw-away) keys."""

    def __init__(self, session: Session) -> None:
        try:
            from screening_app.exchange.cards import KeyCard
            from screening_app.exchange.directory import AgencyDirectory, load_seed
            from screening_app.exchange.identity import DeviceIdentity
        except ImportError:              # an installation without the exchange layer
            self.directory: Any = None
            self.agencies: list[Agency] = []
            self.partners: dict[str, Any] = {}
            return
        self.directory = AgencyDirectory(session)
        self.agencies = load_seed()
        self.partners = {}
        for agency in self.agencies:
            if agency.id in DEMO_PARTNERS:
                identity = DeviceIdentity.generate()
                card = KeyCard.for_agency(agency, identity)
                self.directory.import_card(card.to_bytes(), verified=True)
                self.partners[agency.id] = identity

    def agency_for(self, nationality: str | None, rng: random.Random,
                   partner: bool) -> Agency | None:
        """An agency of the person's country that helps survivors (one with a key
        card when `partner`), else one of this country."""
        if partner:
            by_country = {a.country: a for a in self.agencies if a.id in self.partners}
            return by_country.get(nationality or "") or by_country.get(DEMO_AGENCY[1])
        for country in (nationality, DEMO_AGENCY[1]):
            found = [a for a in self.agencies if a.country == country and _helps(a)]
            if found:
                return rng.choice(found)
        return None

    def export_and_receive(self, session: Session, case_id: str, agency_id: str,
                           receipt: bool) -> None:
        """A real packet into the outbox; with `receipt`, the partner's signed receipt
        imported, which marks the referral received."""
        from screening_app.exchange.canonical import canonical_bytes
        from screening_app.exchange.exporter import export_case
        from screening_app.exchange.importer import Importer
        from screening_app.exchange.packet import PacketKind, Receipt, build_packet

        exported = export_case(session, case_id, agency_id, with_pdf=False)
        if not receipt:
            return
        from screening_app.domain.models import utc_now

        answer = Receipt(exported.packet.packet_id, case_id, utc_now(), "imported")
        built = build_packet(
            kind=PacketKind.RECEIPT, identity=self.partners[agency_id],
            sender_agency=agency_id, recipient=self.directory.own_card(),
            content={"receipt.json": canonical_bytes(answer.to_dict())},
            case_id=case_id, receipt_for=exported.packet.packet_id)
        Importer(session).import_packet(built.data)


def _helps(agency: Agency) -> bool:
    """An agency that looks after survivors: a shelter or social service, an NGO, a
    ministry."""
    return (agency.service in (AgencyService.SOCIAL_SERVICE, AgencyService.SHELTER)
            or agency.type in (AgencyType.NGO, AgencyType.CENTRAL_GOVERNMENT))


def met_again(someone: Person) -> Person:
    """The same person as another checkpoint writes them down: the same names in
    their script, the last Latin word spelled with an "h" more, a year older."""
    words = someone.latin_name.split()
    if words and len(words[-1]) > 2:
        words[-1] = words[-1][:-1] + "h" + words[-1][-1]
    return replace(someone, latin_name=" ".join(words),
                   estimated_age=None if someone.estimated_age is None
                   else someone.estimated_age + 1)


def _interview(session: Session, form: Any, scenario: Scenario, rng: random.Random,
               language: str, stop: str | None, someone: Person | None = None) -> str:
    """One interview, recorded as the interview screen records it (about `someone`,
    or a new made-up person)."""
    if someone is None:
        someone = person(rng, language, age=rng.randrange(14, 17) if scenario.child
                         else rng.randrange(19, 46))
    answers = interview_answers(form, someone, scenario, rng, OFFICER_LANGUAGE)
    if stop is not None:
        answers = stop_after(form, answers, stop)
    with session.transaction():
        case = session.cases.create(
            person_from_answers(form, answers), consent_from_answers(form, answers),
            form_id=form.id, form_version=form.version, officer_language=OFFICER_LANGUAGE,
            interviewee_language=language)
        for qid, value in answers.items():
            session.cases.save_answer(case.id, Answer(qid, value,
                                                      answered_by=session.user.name))
    return str(case.id)


def _finish(session: Session, form: Any, case_id: str, referral: str | None,
            exchange: _Exchange, rng: random.Random) -> None:
    """Score, decide, refer: what the outcome and referral screens do."""
    case = session.cases.get(case_id)
    outcome = evaluate_interview(form, case.answer_values())
    case.draft = False
    with session.transaction():
        session.cases.update(case)
        session.cases.add_outcome(case_id, outcome)
    overriding = referral == "override"
    decided = OutcomeKind.PRESUMED_VICTIM if overriding else outcome.kind
    session.cases.set_decision(case_id, decide(
        outcome, decided, "The person's account and what I saw at the checkpoint show more "
        "than the answers." if overriding else None, session.user.name))
    if referral is None or not case.consent.may_refer:
        if outcome.kind is OutcomeKind.NO_INDICATORS:
            _set_status(session, case_id, CaseStatus.CLOSED)
        return
    packet = referral in ("exported", "received")
    agency = exchange.agency_for(next(iter(case.person.citizenship), None), rng,
                                partner=packet)
    if agency is None:
        return
    if packet and agency.id in exchange.partners:
        exchange.export_and_receive(session, case_id, agency.id, referral == "received")
    else:
        status = ReferralStatus.PRINTED if referral == "printed" else ReferralStatus.DRAFT
        languages = [OFFICER_LANGUAGE, case.interviewee_language or OFFICER_LANGUAGE]
        session.cases.save_referral(Referral(
            id=str(uuid7()), case_id=case_id, agency_id=agency.id,
            languages=list(dict.fromkeys(languages)), created_by=session.user.name,
            status=status))
    if referral == "received":
        _set_status(session, case_id, CaseStatus.CLOSED_REFERRED)
    elif referral in ("printed", "exported"):
        _set_status(session, case_id, CaseStatus.FOLLOW_UP)


def _set_status(session: Session, case_id: str, status: CaseStatus) -> None:
    case = session.cases.get(case_id)
    case.status = status
    session.cases.update(case)


def plan(count: int) -> Iterator[tuple[Scenario, str | None, str | None, str]]:
    """(scenario, section the interview stopped after, referral, language) per case."""
    for n in range(count):
        name, stop, referral = PLAN[n % len(PLAN)]
        yield _scenario(name), stop, referral, LANGUAGES[n % len(LANGUAGES)]


def seed_cases(session: Session, count: int, seed: int = 2004) -> list[str]:
    """Make `count` demo cases as the session's user; returns their ids."""
    rng = random.Random(seed)  # noqa: S311 - reproducible made-up data, not secrets
    form = load_form("identification")           # the newest installed version
    exchange = _Exchange(session)
    ids: list[str] = []
    first: Person | None = None
    for n, (scenario, stop, referral, language) in enumerate(plan(count)):
        again = met_again(first) if first is not None and n % len(PLAN) == AGAIN else None
        if again is not None:
            language = again.languages[0] if again.languages else language
        case_id = _interview(session, form, scenario, rng, language, stop, again)
        if n % len(PLAN) == 0:
            first = session.cases.get(case_id).person
        if stop is None:
            _finish(session, form, case_id, referral, exchange, rng)
        ids.append(case_id)
    return ids


# Written first into every demo directory (no personal data): only such a
# directory, or the demo's own folder, is ever removed and made again.
MARKER = "demo-data-directory"
# Written last: a demo directory without it was interrupted while being made. It
# holds DEMO_FORMAT: a finished demo with another content was made by an older
# version (earlier demos: cases on a form "demo" that does not exist, or on no
# form at all) and is made again rather than shown.
DEMO_COMPLETE = "demo-complete"
DEMO_FORMAT = b"real interviews on the identification form, 3\n"
# What a data directory (and a half-made demo) may hold; anything else is not ours.
_DATA_DIR_NAMES = frozenset({
    "vault.json", "vault.json.next", "vault.json.tmp", "vault.json.next.tmp", "cases.db",
    "cases.db-wal", "cases.db-shm", "cases.db-journal", "instance.lock",
    "unlock-failures.json", "unlock-failures.json.tmp", "outbox", "inbox", "logs", "replaced",
    "last-user", MARKER, DEMO_COMPLETE})


def _strangers(path: Path) -> list[Path]:
    return [p for p in path.iterdir() if p.name not in _DATA_DIR_NAMES
            and not p.name.startswith(("backup-", "restore-"))]


def _ours(path: Path, own_folder: bool) -> bool:
    """`path` holds demo data: the demo's own folder, or marked by a demo."""
    return own_folder or (path / MARKER).exists() or (path / DEMO_COMPLETE).exists()


def finished_demo(path: Path) -> bool:
    """A demo directory this version made to the end (reused as it is)."""
    try:
        return (path / DEMO_COMPLETE).read_bytes() == DEMO_FORMAT
    except OSError:
        return False


def interrupted_demo(path: Path, own_folder: bool = False) -> bool:
    """A demo directory left half-made (a `demo` stopped before it finished)."""
    return (path.is_dir() and any(path.iterdir()) and not (path / DEMO_COMPLETE).exists()
            and _ours(path, own_folder) and not _strangers(path))


def make_demo(path: Path, cases: int, kdf: KdfParams | None = None,
              own_folder: bool = False) -> bool:
    """Set up a demo data directory at `path` unless a usable one is there; True if
    made. A demo directory (`own_folder`, or one a demo marked) that was left
    half-made, or made by an older version, is removed and made again. A folder
    holding anything else (files that are not a data directory's, or a data
    directory no demo made) is refused: nothing is deleted."""
    if finished_demo(path):
        return False
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        if not path.is_dir() or _strangers(path) or not _ours(path, own_folder):
            raise Refused(_("The demo folder {path} holds files that are not demo data; "
                            "nothing was deleted. Choose another folder with --data-dir.")
                          .format(path=path))
        shutil.rmtree(path)        # synthetic data only, half-made or made by an older version
    path.mkdir(parents=True, exist_ok=True)
    write_atomically(path / MARKER, b"Synthetic demo data (screening-app demo).\n")
    name, country, kind = DEMO_AGENCY
    init_data_dir(path, admin="admin", passphrase=DEMO_PASSPHRASE, agency_name=name,
                  country=country, agency_type=kind, kdf=kdf, site_code="DM")
    with Session.open(path, "admin", DEMO_PASSPHRASE) as admin:
        for user, role in DEMO_USERS:
            admin.users.add(user, role, DEMO_PASSPHRASE)
    with Session.open(path, DEMO_USERS[0][0], DEMO_PASSPHRASE) as officer:
        seed_cases(officer, cases)
    write_atomically(path / DEMO_COMPLETE, DEMO_FORMAT)
    return True


__all__ = ["AGAIN", "DEMO_COMPLETE", "DEMO_PARTNERS", "DEMO_PASSPHRASE", "DEMO_USERS",
           "finished_demo", "interrupted_demo", "make_demo", "met_again", "plan", "seed_cases"]

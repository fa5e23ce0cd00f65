"""The command line in HTCDS 2.0 terms, run as a user would: init with an org_Type and
a service, cases add with 2.0 values and the old ones, packet export with a reason
and details, packet inspect (and its refusals, audited), a competent authority's
decision, forms check of a form's HTCDS mapping."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from screening_app.domain import AgencyService, AgencyType, Gender
from screening_app.exchange.directory import AgencyDirectory
from screening_app.storage import Session

FORM = Path(__file__).resolve().parents[2] / "forms" / "identification" / "identification-1.0.yaml"
PASSPHRASE = "a long enough passphrase"


def cli(data_dir: Path | None, *args: str, user: str | None = "officer",
        passphrase: str = PASSPHRASE) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SCREENING_APP_PASSPHRASE=passphrase, SCREENING_APP_LANG="en")
    where = [] if data_dir is None else ["--data-dir", str(data_dir)]
    who = [] if user is None else ["--user", user]
    return subprocess.run([sys.executable, "-m", "screening_app", *args, *where, *who],
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def pair(data_dir_factory: Any) -> tuple[Any, Any]:
    police = data_dir_factory("police", agency_name="Border police Poipet", country="KH",
                              agency_type="LawEnforcement")
    shelter = data_dir_factory("shelter", agency_name="Hope shelter", country="TH",
                               agency_type="NGO", agency_service="Shelter")
    cards = {}
    for made in (police, shelter):
        with made.open() as session:
            cards[made] = AgencyDirectory(session).own_card().to_bytes()
    for holder, other in ((police, shelter), (shelter, police)):
        with holder.open() as session:
            AgencyDirectory(session).import_card(cards[other], verified=True)
    return police, shelter


def run(made: Any, *args: str) -> subprocess.CompletedProcess[str]:
    return cli(made.path, *args, passphrase=made.passphrases["officer"])


def test_init_takes_an_org_type_and_a_service(tmp_path: Path, data_dir_factory: Any) -> None:
    done = cli(tmp_path / "a", "init", "--admin", "admin", "--agency", "Safe house",
               "--country", "KH", "--agency-type", "NGO", "--agency-service", "Shelter",
               user=None)
    assert done.returncode == 0, done.stderr
    wrong = cli(tmp_path / "c", "init", "--admin", "admin", "--agency", "X", "--country", "KH",
                "--agency-type", "Police", user=None)
    assert wrong.returncode == 2 and "LawEnforcement" in wrong.stderr
    assert not (tmp_path / "c").exists()
    with Session.open(tmp_path / "a", "admin", PASSPHRASE) as s:
        assert (s.device.agency_type, s.device.agency_service) == (
            AgencyType.NGO, AgencyService.SHELTER)
    legacy = data_dir_factory("b", users=False, agency_name="Consulate", agency_type="Embassy")
    with legacy.open("admin") as s:      # a type name of before HTCDS 2.0
        assert (s.device.agency_type, s.device.agency_service) == (
            AgencyType.CENTRAL_GOVERNMENT, AgencyService.EMBASSY)


def test_cases_add_takes_2_0_values_and_the_old_ones(pair: tuple[Any, Any],
                                                     tmp_path: Path) -> None:
    police, _shelter = pair
    profiles = {
        "new": {"given_name": "Dara", "gender": "TransgenderMasculine",
                "citizenship": ["KH", "TH"], "phone": "+855 12 345 678"},
        "old": {"given_name": "Dara", "gender": "Male", "nationality": "KH"},
        "unknown": {"given_name": "Dara", "gender": "Unknown"},
    }
    ids = {}
    for name, doc in profiles.items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        done = run(police, "cases", "add", "--from", str(path))
        assert done.returncode == 0, done.stderr
        ids[name] = done.stdout.strip()
    with police.open() as s:
        new, old, unknown = (s.cases.get(ids[k]) for k in ("new", "old", "unknown"))
    assert new.person.gender is Gender.TRANSGENDER_MASCULINE
    assert new.person.citizenship == ["KH", "TH"] and new.person.phone == "+85512345678"
    assert old.person.gender is Gender.MASCULINE and old.person.citizenship == ["KH"]
    assert unknown.person.gender is Gender.NOT_SPECIFIED
    for doc, word in (({"given_name": "A", "gender": "Woman"}, "Feminine"),
                      ({"given_name": "A", "phone": "012 345 678"}, "+855"),
                      ({"given_name": "A", "citizenship": ["Atlantis"]}, "ISO 3166"),
                      ({"given_name": "A", "citizenship": ["KH"], "nationality": "KH"},
                       "not both")):
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        refused = run(police, "cases", "add", "--from", str(path))
        assert refused.returncode == 1 and word in refused.stderr, refused.stderr


def test_export_reason_details_and_inspect(pair: tuple[Any, Any], tmp_path: Path) -> None:
    from screening_app.domain import Consent, Person

    police, shelter = pair
    with police.open() as s:
        case_id = str(s.cases.create(Person(given_name="ស្រីពៅ", gender=Gender.FEMININE,
                                            citizenship=["KH"]),
                                     Consent(interview=True, record=True,
                                             share_for_referral=True)).id)
    out = tmp_path / "referral.srp"
    done = run(police, "packet", "export", case_id, "--to", "th-hope-shelter", "--out",
               str(out), "--reason", "MigrationOrChangeOfLocation", "--details",
               "Needs a safe place in Bangkok")
    assert done.returncode == 0, done.stderr
    bad_reason = run(police, "packet", "export", case_id, "--to", "th-hope-shelter", "--out",
                     str(tmp_path / "x.srp"), "--reason", "Shelter")
    assert bad_reason.returncode == 2 and "AdditionalServicesRequired" in bad_reason.stderr
    bad_details = run(police, "packet", "export", case_id, "--to", "th-hope-shelter", "--out",
                      str(tmp_path / "x.srp"), "--details", "Safe\x1b[2J place")
    assert bad_details.returncode == 2 and "U+001B" in bad_details.stderr
    assert not (tmp_path / "x.srp").exists()

    shown = run(shelter, "packet", "inspect", str(out), "--json")
    assert shown.returncode == 0, shown.stderr
    d = json.loads(shown.stdout)
    assert d["manifest"]["format_version"] == 2 and d["sender_verified"]
    row = d["case"]["htcds"]
    assert row["cas_ReasonForOutgoingReferral"] == "MigrationOrChangeOfLocation"
    assert row["cas_OutgoingReferralDetails"] == "Needs a safe place in Bangkok"
    assert row["prs_Gender"] == "Feminine" and row["prs_Citizenship"] == ["KH"]
    assert d["case"]["htcds_organisations"]["th-hope-shelter"]["x_service"] == "Shelter"
    text = run(shelter, "packet", "inspect", str(out))
    assert text.returncode == 0 and "cas_ReasonForOutgoingReferral: Migration" in text.stdout
    assert "ស្រីពៅ" in text.stdout
    with shelter.open() as s:        # nothing imported, the look audited
        assert not s.cases.exists(case_id)
        actions = [r[0] for r in s.database.query(
            "SELECT detail FROM audit_log WHERE action = 'packet_inspect'")]
    assert len(actions) == 2 and all('"shown"' in a for a in actions)

    # refused: not for this agency (the police cannot open what it sent), altered, unsigned
    assert run(police, "packet", "inspect", str(out)).returncode == 1
    altered = tmp_path / "altered.srp"
    altered.write_bytes(out.read_bytes()[:-20] + bytes(20))
    refused = run(shelter, "packet", "inspect", str(altered))
    assert refused.returncode == 1 and "damaged" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1


def test_inspect_refuses_an_unsigned_packet(pair: tuple[Any, Any], tmp_path: Path) -> None:
    import pyrage
    from pyrage import x25519

    from screening_app.exchange.archive import read_archive, write_archive

    police, shelter = pair
    from screening_app.domain import Consent, Person

    with police.open() as s:
        case_id = str(s.cases.create(Person(given_name="Mai"), Consent(
            interview=True, record=True, share_for_referral=True)).id)
    out = tmp_path / "p.srp"
    assert run(police, "packet", "export", case_id, "--to", "th-hope-shelter", "--out",
               str(out)).returncode == 0
    with shelter.open() as s:
        identity = AgencyDirectory(s).identity()
        card = AgencyDirectory(s).own_card()
    members = read_archive(pyrage.decrypt(out.read_bytes(), [identity.age]))
    del members["manifest.sig"]
    unsigned = tmp_path / "unsigned.srp"
    unsigned.write_bytes(pyrage.encrypt(write_archive(members), [
        x25519.Recipient.from_str(r) for r in card.age_recipients]))
    refused = run(shelter, "packet", "inspect", str(unsigned))
    assert refused.returncode == 1 and "not signed" in refused.stderr


def test_authority_decision_makes_an_actual_victim(pair: tuple[Any, Any]) -> None:
    from screening_app.domain import Consent, Person
    from screening_app.exchange.htcds_record import case_to_htcds

    police, _shelter = pair
    with police.open() as s:
        case_id = str(s.cases.create(Person(given_name="Mai"), Consent(
            interview=True, record=True, share_for_referral=True)).id)
        assert "vic_TraffickingStatus" not in case_to_htcds(s.cases.get(case_id)).fields
    done = run(police, "cases", "authority-decision", case_id, "--status",
               "ActualVictimOfTrafficking", "--by", "CourtOrProsecution", "--date",
               "2026-01-15", "--authority", "Provincial court")
    assert done.returncode == 0, done.stderr
    possible = run(police, "cases", "authority-decision", case_id, "--status",
                   "PossibleVictimOfTrafficking", "--by", "Police", "--date", "2026-01-15")
    assert possible.returncode == 2          # a screening says "possible", not an authority
    future = run(police, "cases", "authority-decision", case_id, "--status",
                 "NotAVictimOfTrafficking", "--by", "Police", "--date", "2999-01-01")
    # the validation layer's rule: a usage error naming the option and what it allows
    assert future.returncode == 2 and "--date" in future.stderr and "today" in future.stderr
    written = run(police, "cases", "authority-decision", case_id, "--status",
                  "NotAVictimOfTrafficking", "--by", "Police", "--date", "15/01/2026")
    assert written.returncode == 2 and "YYYY-MM-DD" in written.stderr
    unknown = run(police, "cases", "authority-decision", case_id, "--status",
                  "NotAVictimOfTrafficking", "--by", "Army", "--date", "2026-01-15")
    assert unknown.returncode == 2 and "CourtOrProsecution" in unknown.stderr
    with police.open() as s:
        fields = case_to_htcds(s.cases.get(case_id)).fields
    assert fields["vic_TraffickingStatus"] == "ActualVictimOfTrafficking"
    assert fields["vic_TraffickingStatusDecisionMakingOrg"] == "CourtOrProsecution"
    shown = run(police, "cases", "show", case_id)
    assert "ActualVictimOfTrafficking" in shown.stdout


def test_forms_check_holds_the_mapping_to_the_standard(tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    folder.mkdir()
    text = FORM.read_text(encoding="utf-8")
    good = folder / "identification-1.0.yaml"
    shutil.copy(FORM, good)
    assert cli(None, "forms", "check", str(good), user=None).returncode == 0
    bad = text.replace("        Female: Feminine", "        Female: Female").replace(
        "    given_name: prs_FirstName", "    given_name: prs_FirstName\n"
        "    latin_name: prs_Nationality\n    hours_per_day: vic_AgreementToManagePersonalData")
    good.write_text(bad, encoding="utf-8")
    checked = cli(None, "forms", "check", str(good), user=None)
    assert checked.returncode == 1
    for word in ("'Female' is not a value of 'prs_Gender'", "'prs_Nationality' is not a field",
                 "'vic_AgreementToManagePersonalData' is deprecated"):
        assert word in checked.stderr + checked.stdout, word


def test_inspect_shows_a_hostile_partners_text_escaped(pair: tuple[Any, Any],
                                                       tmp_path: Path) -> None:
    """A partner's packet (signed, valid HTCDS) whose free text holds a terminal escape,
    a right-to-left override and a C1 control: the text lines show them as escapes
    (the validation layer's `visible`), the JSON stays valid and reads back equal."""
    from datetime import date

    from screening_app.domain import Case, Consent, Person
    from screening_app.domain.ids import new_case_id
    from screening_app.exchange import htcds
    from screening_app.exchange.canonical import canonical_bytes
    from screening_app.exchange.packet import PacketKind, build_packet

    police, shelter = pair
    hostile = "Needs\x1b[2J a \u202esafe\x9b place"
    case = Case(id=new_case_id(), reference="KH-PP-01-0001", created_by="officer",
                person=Person(given_name="Mai"),
                consent=Consent(interview=True, record=True, share_for_referral=True))
    with police.open() as s:
        directory = AgencyDirectory(s)
        own, identity = directory.own_agency(), directory.identity()
        card = directory.card("th-hope-shelter")
        assert card is not None
        doc = htcds.case_to_packet(case, referring=own.id, referred=card.id,
                                   referral_date=date(2026, 11, 22), details=hostile)
        data = build_packet(kind=PacketKind.REFERRAL, identity=identity, sender_agency=own.id,
                            recipient=card, content={"case.json": canonical_bytes(doc)},
                            case_id=case.id, case_revision=1).data
    path = tmp_path / "hostile.srp"
    path.write_bytes(data)
    text = run(shelter, "packet", "inspect", str(path))
    assert text.returncode == 0, text.stderr
    assert "Needs\\x1b[2J a \\u202esafe\\x9b place" in text.stdout
    assert not any(c in text.stdout for c in "\x1b\u202e\x9b")
    shown = run(shelter, "packet", "inspect", str(path), "--json")
    assert shown.returncode == 0 and not any(c in shown.stdout for c in "\x1b\u202e\x9b")
    assert json.loads(shown.stdout)["case"]["htcds"]["cas_OutgoingReferralDetails"] == hostile

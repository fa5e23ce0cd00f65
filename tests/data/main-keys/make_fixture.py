"""How tests/data/main-keys/ was made: run with the code of main at 38288be (key-card
continuity, key rotation, the keyring and signed audit checkpoints of issue 20;
before HTCDS 2.0), so the fixture holds exactly what installations of that version
wrote.

    git archive 38288be | tar -x -C /tmp/main-src
    PYTHONPATH=/tmp/main-src python tests/data/main-keys/make_fixture.py tests/data/main-keys

Three installations with throwaway keys and a cheap Argon2id (test only); only
the shelter's data directory is kept:

* `shelter/` (MSDHS, TH, agency type "SocialService"), with an admin, an officer and
  a supervisor, and a user "leaver" disabled by the admin, which rotated the
  shelter's packet keys (user disable's default): a key-change statement, a retired
  age identity, the new card waiting in the card outbox for the police;
* the police (Border police Poipet, KH, "LawEnforcement") rotated its keys with
  `keys rotate`; the shelter followed its version 2 card (a proven key change:
  still verified);
* a legal aid centre (TH, "LegalService") whose verified card the shelter held,
  then reinstalled without a key-change statement: its new card waits at the
  shelter as pending ("keys changed, NOT VERIFIED").

The shelter holds cases with the old gender values and a nationality, one case
exported to the police after both rotations, and audit checkpoints signed by the
admin and the supervisor at their unlocks.

`packets/` holds version 1 packets from the police to the shelter, not imported:
`old_police_key.srp` (signed with the police's key before its rotation),
`new_police_key.srp` (after it, encrypted to the shelter's key before the
shelter's rotation: only the retired identity opens it), `current.srp` (to the
shelter's new keys). `cards/`: the shelter's and the police's cards before
(version 1) and after (version 2) their rotations.

One change to what main wrote: the retired identity's `destroy_after` is set to
2100-01-01 (main: 30 days after the rotation), so the fixture's in-flight packet
stays readable when the tests run later; the row is otherwise as written.

Every name, phone and answer is made up. Passphrases: tests/conftest.PASSPHRASES.
This script does not run against the current code (it is the record of how the
fixture was made).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from screening_app.domain import Consent, Gender, Person
from screening_app.exchange.directory import AgencyDirectory
from screening_app.exchange.exporter import export_case
from screening_app.exchange.rotation import rotate_agency_keys
from screening_app.storage import KdfParams, Session, init_data_dir

PASSPHRASES = {"admin": "admin passphrase", "officer": "officer passphrase",
               "supervisor": "supervisor passphrase", "leaver": "leaver passphrase here"}
KDF = KdfParams(memory_kib=64, iterations=1, lanes=1)


def make(path: Path, name: str, country: str, kind: str) -> None:
    init_data_dir(path, admin="admin", passphrase=PASSPHRASES["admin"], kdf=KDF,
                  agency_name=name, country=country, agency_type=kind, site_code="FX")
    with Session.open(path, "admin", PASSPHRASES["admin"]) as admin:
        admin.users.add("officer", "officer", PASSPHRASES["officer"])
        admin.users.add("supervisor", "supervisor", PASSPHRASES["supervisor"])


def open_(path: Path, user: str = "officer") -> Session:
    return Session.open(path, user, PASSPHRASES[user])


def card(path: Path) -> bytes:
    with open_(path) as session:
        return AgencyDirectory(session).own_card().to_bytes()


def introduce(holder: Path, other: Path) -> None:
    with open_(holder) as session:
        AgencyDirectory(session).import_card(card(other), verified=True)


def add(session: Session, gender: Gender, nationality: str | None, latin: str) -> str:
    person = Person(given_name=latin.split()[0], family_name=latin.split()[-1], latin_name=latin,
                    gender=gender, nationality=nationality, estimated_age=30,
                    languages=["th"], phone="+66 81 234 5678")
    consent = Consent(interview=True, record=True, share_for_referral=True)
    return str(session.cases.create(person, consent).id)


def export(path: Path, case_id: str, to: str) -> bytes:
    with open_(path) as session:
        return export_case(session, case_id, to, with_pdf=False).packet.data


def main(out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    shelter, police, legal = out / "shelter", out / "police", out / "legal"
    make(shelter, "Ministry of Social Development and Human Security (MSDHS)", "TH",
         "SocialService")
    make(police, "Border police Poipet", "KH", "LawEnforcement")
    make(legal, "Legal aid centre Chiang Rai", "TH", "LegalService")
    (out / "cards").mkdir()
    (out / "packets").mkdir()
    (out / "cards" / "shelter-v1.card").write_bytes(card(shelter))
    (out / "cards" / "police-v1.card").write_bytes(card(police))
    introduce(shelter, police)
    introduce(police, shelter)
    introduce(shelter, legal)

    ids: dict[str, str] = {}
    with open_(police) as p:
        ids["old_police_key"] = add(p, Gender.FEMALE, "KH", "Keo Sophea")
        ids["new_police_key"] = add(p, Gender.MALE, "LA", "Bounmy Phommavong")
        ids["current"] = add(p, Gender.TRANSGENDER, "MM", "Aung Kyaw Min")
    (out / "packets" / "old_police_key.srp").write_bytes(
        export(police, ids["old_police_key"], "th-msdhs"))

    # The police rotates its keys; the shelter follows the card it is given.
    with open_(police, "admin") as admin:
        assert rotate_agency_keys(admin) is not None
    police_v2 = card(police)
    (out / "cards" / "police-v2.card").write_bytes(police_v2)
    with open_(shelter) as s:
        assert AgencyDirectory(s).import_card(police_v2).outcome == "key-change"
    (out / "packets" / "new_police_key.srp").write_bytes(
        export(police, ids["new_police_key"], "th-msdhs"))

    # The legal aid centre reinstalls: new keys, no statement, pending at the shelter.
    shutil.rmtree(legal)
    make(legal, "Legal aid centre Chiang Rai", "TH", "LegalService")
    with open_(shelter) as s:
        assert AgencyDirectory(s).import_card(card(legal)).outcome == "keys-changed"

    # A user leaves the shelter: disabled, the shelter's packet keys rotate.
    with open_(shelter, "admin") as admin:
        admin.users.add("leaver", "officer", PASSPHRASES["leaver"])
        admin.users.disable("leaver")
        assert rotate_agency_keys(admin) is not None
        admin.connection.execute("UPDATE exchange_retired_identities SET destroy_after = "
                                 "'2100-01-01T00:00:00+00:00'")
    shelter_v2 = card(shelter)
    (out / "cards" / "shelter-v2.card").write_bytes(shelter_v2)
    with open_(police) as p:
        assert AgencyDirectory(p).import_card(shelter_v2).outcome == "key-change"
    (out / "packets" / "current.srp").write_bytes(export(police, ids["current"], "th-msdhs"))

    with open_(shelter) as s:
        ids["male"] = add(s, Gender.MALE, "VN", "Tran Van Hung")
        ids["unknown"] = add(s, Gender.UNKNOWN, None, "Alex Morgan")
        export_case(s, ids["male"], "kh-border-police-poipet", with_pdf=False)
    with open_(shelter, "supervisor"):
        pass                                   # a checkpoint signed by the supervisor
    with open_(shelter, "admin") as admin:
        admin.connection.execute("VACUUM")
        admin.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.rmtree(police)
    shutil.rmtree(legal)
    (shelter / "instance.lock").unlink(missing_ok=True)
    (out / "ids.json").write_text(json.dumps(ids, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

"""Helpers of the insider tests: real installations in temp folders, the command
line run as a person would, and what an insider can do with the files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
from pyrage import x25519

from screening_app.domain import Consent, Gender, Person
from screening_app.exchange.archive import read_archive
from screening_app.exchange.directory import AgencyDirectory

# The shelter is a seed entry: anyone who gives its name, country and type gets its id.
from tests.exchange.exchange_installations import POLICE, POLICE_ID, SHELTER, SHELTER_ID

__all__ = ["POLICE", "POLICE_ID", "SHELTER", "SHELTER_ID"]

CANARY_NAME = "ស្រីពៅ"
CANARY_PHONE = "+85512345678"


@dataclass
class Installation:
    made: Any                 # tests/conftest.py MadeDataDir
    agency_id: str

    def open(self, user: str = "officer") -> Any:
        return self.made.open(user)

    @property
    def path(self) -> Path:
        return Path(self.made.path)


def installation(data_dir_factory: Any, name: str, facts: dict[str, str],
                 agency_id: str) -> Installation:
    return Installation(data_dir_factory(name, **facts), agency_id)


def card_of(inst: Installation) -> bytes:
    with inst.open() as session:
        return AgencyDirectory(session).own_card().to_bytes()


def introduce(holder: Installation, other: Installation, verified: bool = True) -> None:
    card = card_of(other)
    with holder.open() as session:
        AgencyDirectory(session).import_card(card, verified=verified)


def new_case(session: Any) -> str:
    person = Person(given_name=CANARY_NAME, family_name="សុខ", latin_name="Sok Sreypov",
                    gender=Gender.FEMININE, citizenship=["KH"], estimated_age=17,
                    languages=["km"], phone=CANARY_PHONE)
    consent = Consent(interview=True, record=True, share_for_referral=True)
    case = session.cases.create(person, consent, form_id="identification", form_version="1.0")
    return str(case.id)


def age_identity_of(inst: Installation) -> str:
    """What an insider copies out of the database: the agency's age identity."""
    with inst.open() as session:
        return str(AgencyDirectory(session).identity().age_identity)


def decrypts(packet: bytes, age_identity: str) -> bool:
    """True when the identity opens the packet and the case's name is inside."""
    try:
        archive = pyrage.decrypt(packet, [x25519.Identity.from_str(age_identity)])
    except Exception:  # pyrage's errors for a key that does not match
        return False
    members = read_archive(archive)
    return CANARY_NAME.encode() in members["case.json"]


def run(data_dir: Path, *args: str, passphrase: str | None = None, user: str | None = None,
        new: str | None = None, stdin: str | None = None,
        preexec: Any = None) -> subprocess.CompletedProcess[str]:
    """`screening-app ARGS --data-dir DIR [--user USER]` in a new process."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("SCREENING_APP_PASSPHRASE", "SCREENING_APP_NEW_PASSPHRASE")}
    env["SCREENING_APP_LANG"] = "en"
    if passphrase is not None:
        env["SCREENING_APP_PASSPHRASE"] = passphrase
    if new is not None:
        env["SCREENING_APP_NEW_PASSPHRASE"] = new
    command = [sys.executable, "-m", "screening_app", *args, "--data-dir", str(data_dir)]
    if user is not None:
        command += ["--user", user]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=180,
                          input=stdin, preexec_fn=preexec)


def vault_doc(data_dir: Path) -> dict[str, Any]:
    return dict(json.loads((data_dir / "vault.json").read_text()))

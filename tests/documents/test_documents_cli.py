"""`screening-app referral pdf|consent` on a real encrypted data directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from documents_samples import PEOPLE, have_poppler, pdftotext, sample_case

pytestmark = pytest.mark.skipif(not have_poppler(), reason="poppler-utils not installed")


def _stored_case(made, lang: str = "km", share: bool = True) -> str:  # type: ignore[no-untyped-def]
    sample = sample_case(lang, share=share)
    with made.open("officer") as session:
        case = session.cases.create(sample.person, sample.consent, form_id="identification",
                                    form_version="1.0", officer_language="th",
                                    interviewee_language=lang)
        session.cases.add_outcome(case.id, sample.outcomes[0])
        return str(case.id)


def _cli(made, *args: str) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    env = dict(os.environ, SCREENING_APP_PASSPHRASE=made.passphrases["officer"])
    return subprocess.run(
        [sys.executable, "-m", "screening_app", *args, "--data-dir", str(made.path),
         "--user", "officer"], capture_output=True, text=True, env=env, timeout=120)


def test_referral_pdf_is_written_and_audited(data_dir_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    made = data_dir_factory(agency_name="Anti-Trafficking Division", country="TH",
                            agency_type="LawEnforcement")
    case_id = _stored_case(made)
    out = tmp_path / "out" / "referral.pdf"
    out.parent.mkdir()
    done = _cli(made, "referral", "pdf", case_id, "--lang", "th", "--second-lang", "km",
                "--third-lang", "en", "--page-size", "Letter", "--out", str(out))
    assert done.returncode == 0, done.stderr
    text = pdftotext(out.read_bytes(), tmp_path)
    assert PEOPLE["km"][2] in text
    assert "Anti-Trafficking Division" in text
    assert "พ.ศ." in text                         # today's date in the Buddhist Era
    assert sorted(p.name for p in out.parent.iterdir()) == ["referral.pdf"]   # no temp file left
    with made.open("officer") as session:
        actions = [e["action"] for e in session.audit.entries(case_id)]
    assert "print_referral" in actions


def test_referral_pdf_refused_without_consent(data_dir_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    made = data_dir_factory(country="TH")
    case_id = _stored_case(made, "my", share=False)
    out = tmp_path / "out" / "referral.pdf"
    out.parent.mkdir()
    done = _cli(made, "referral", "pdf", case_id, "--lang", "th", "--out", str(out))
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1
    assert PEOPLE["my"][1] not in done.stderr
    assert list(out.parent.iterdir()) == []
    with made.open("officer") as session:
        actions = [e["action"] for e in session.audit.entries(case_id)]
    assert "print_referral" not in actions


def test_consent_record_command(data_dir_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    made = data_dir_factory(country="TH")
    case_id = _stored_case(made, "lo", share=False)
    out = tmp_path / "consent.pdf"
    done = _cli(made, "referral", "consent", case_id, "--lang", "lo", "--second-lang", "th",
                "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert PEOPLE["lo"][2] in pdftotext(out.read_bytes(), tmp_path)

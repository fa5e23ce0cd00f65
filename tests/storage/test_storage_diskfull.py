"""A disk that fills up in the middle of an interview: one clear refusal, the
answers saved before are kept, the database stays sound."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent("""
    import resource, signal, sys
    from screening_app.domain import Answer, Consent, Person
    from screening_app.errors import Refused
    from screening_app.storage import Session

    session = Session.open(sys.argv[1], "officer", "officer passphrase")
    case = session.cases.create(Person(given_name="Full"), Consent(interview=True))
    session.cases.save_answer(case.id, Answer("before", "kept"))
    print(case.id, flush=True)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    # no file of this process may grow by more than a few pages from here on
    limit = max(p.stat().st_size for p in __import__("pathlib").Path(sys.argv[1]).glob("cases.db*"))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit + 8192, limit + 8192))
    try:
        for n in range(10000):
            session.cases.save_answer(case.id, Answer(f"q{n}", "x" * 4000))
    except Refused as refused:
        print("REFUSED", refused.message, flush=True)
    """)


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin",
                    reason="RLIMIT_FSIZE as a stand-in for a full disk (Linux)")
def test_full_disk_refused_and_nothing_lost(data_dir_factory) -> None:
    made = data_dir_factory()
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(made.path)],
                            capture_output=True, text=True, timeout=120)
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 0, result.stderr
    case_id = lines[0]
    assert lines[-1].startswith("REFUSED") and "disk" in lines[-1], lines[-1]
    assert "Traceback" not in result.stderr
    with made.open("officer") as s:
        assert s.check().ok
        assert s.cases.get(case_id).answers["before"].value == "kept"

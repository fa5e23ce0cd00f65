"""No file of the data directory holds a name or an answer in clear."""

from __future__ import annotations

import os
from pathlib import Path

from screening_app.domain import Answer, Consent, Person

CANARIES = {
    "latin": "Zyxwvut Canarybird",
    "vi": "Nguyễn Thị Chimhoàng",
    "km": "ស្រីចាបកាណារី",
    "th": "นกขมิ้นทดสอบ",
    "zh": "金丝雀测试",
    "my": "ငှက်ဝါစမ်းသပ်",
    "answer": "worked-in-the-canary-boat-factory",
}


def _forms(text: str) -> list[bytes]:
    out = [text.encode("utf-8"), text.encode("utf-16-le")]
    if text.isascii():
        out.append(text.lower().encode())
    return out


def _scan(folder: Path) -> list[tuple[str, str]]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for key, text in CANARIES.items():
                # the middle of the name too: a page may cut it
                for probe in (text, text[2:-2]) if len(text) >= 8 else (text,):
                    if any(form in data for form in _forms(probe)):
                        found.append((path.name, key))
                        break
    return found


def test_no_plaintext_in_any_file_after_writes(data_dir_factory) -> None:
    made = data_dir_factory()
    session = made.open("officer")
    ids = []
    for key, name in CANARIES.items():
        if key == "answer":
            continue
        case = session.cases.create(Person(given_name=name, latin_name=CANARIES["latin"]),
                                    Consent(interview=True))
        session.cases.save_answer(case.id, Answer("work", CANARIES["answer"]))
        ids.append(case.id)
    session.cases.search(CANARIES["km"])
    session.settings.set("last_search", CANARIES["th"])
    # scan while the session is open: the -wal file holds the recent pages
    files = {p.name for p in made.path.rglob("*") if p.is_file()}
    assert "cases.db-wal" in files
    assert _scan(made.path) == []
    if os.name == "posix":     # nobody else on the machine may even read the ciphertext
        assert {p.name: oct(p.stat().st_mode & 0o077) for p in made.path.rglob("*")
                if p.stat().st_mode & 0o077} == {}
    session.close()
    assert _scan(made.path) == []
    # the canaries really are stored (the scan would find them if not encrypted)
    with made.open("officer") as s:
        assert s.cases.get(ids[0]).answers["work"].value == CANARIES["answer"]


def test_the_scan_finds_plaintext_when_there_is_some(tmp_path) -> None:
    (tmp_path / "leak.log").write_text(f"x {CANARIES['km']} y", encoding="utf-8")
    assert _scan(tmp_path) == [("leak.log", "km")]

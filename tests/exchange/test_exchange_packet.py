"""Packets without a database: build, verify, and every kind of bad input refused."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from datetime import timedelta

import pyrage
import pytest
from exchange_parties import Party, directory_of, make_party, referral_packet, sample_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyrage import x25519

from screening_app.domain import AgencyService, AgencyType
from screening_app.domain.models import utc_now
from screening_app.errors import Refused
from screening_app.exchange.archive import read_archive, write_archive
from screening_app.exchange.canonical import canonical_bytes
from screening_app.exchange.cards import KeyCard
from screening_app.exchange.packet import (
    PacketKind,
    PacketRefused,
    UnknownSender,
    open_packet,
)


def reencrypt(members: dict[str, bytes], to: Party) -> bytes:
    """What an attacker can do: anyone may encrypt to a public age key."""
    return pyrage.encrypt(write_archive(members),
                          [x25519.Recipient.from_str(r) for r in to.card.age_recipients])


def inner(packet: bytes, to: Party) -> dict[str, bytes]:
    return read_archive(pyrage.decrypt(packet, [to.identity.age]))


def refused_code(data: bytes, receiver: Party, directory: object) -> str:
    with pytest.raises(PacketRefused) as info:
        open_packet(data, receiver.identity, directory,  # type: ignore[arg-type]
                    agency_id=receiver.agency.id)
    assert "\n" not in info.value.message
    return info.value.code


def test_round_trip_keeps_the_case(police: Party, shelter: Party) -> None:
    case = sample_case()
    built = referral_packet(police, shelter, case)
    opened = open_packet(built.data, shelter.identity, directory_of(police),
                         agency_id=shelter.agency.id)
    assert opened.packet_id == built.packet_id
    assert opened.kind is PacketKind.REFERRAL
    assert opened.sender_verified
    got = opened.case()
    assert got.id == case.id
    assert got.person.given_name == "ស្រីពៅ"
    assert got.answers["q1"].value is True
    assert opened.case_data is not None
    assert opened.case_data["htcds"]["prs_FirstName"] == "ស្រីពៅ"
    assert opened.case_data["htcds"]["prs_Gender"] == "Feminine"


def test_unverified_sender_is_marked(police: Party, shelter: Party) -> None:
    built = referral_packet(police, shelter)
    opened = open_packet(built.data, shelter.identity, directory_of(police, verified=False),
                         agency_id=shelter.agency.id)
    assert not opened.sender_verified


def test_archive_is_deterministic() -> None:
    members = {"case.json": b"{}", "manifest.json": b"{}", "manifest.sig": b"x"}
    assert write_archive(members) == write_archive(dict(reversed(members.items())))


def test_wrong_recipient(police: Party, shelter: Party) -> None:
    other = make_party("vn-mps", "Ministry of Public Security", "VN",
                       AgencyType.LAW_ENFORCEMENT)
    built = referral_packet(police, shelter)
    assert refused_code(built.data, other, directory_of(police)) == "wrong-recipient"


def test_truncated_and_flipped(police: Party, shelter: Party) -> None:
    data = referral_packet(police, shelter).data
    assert refused_code(data[:-1], shelter, directory_of(police)) == "damaged"
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x01
    assert refused_code(bytes(flipped), shelter, directory_of(police)) == "damaged"
    assert refused_code(b"", shelter, directory_of(police)) == "damaged"


def test_unknown_sender_goes_to_quarantine(police: Party, shelter: Party) -> None:
    built = referral_packet(police, shelter)
    with pytest.raises(UnknownSender) as info:
        open_packet(built.data, shelter.identity, directory_of(), agency_id=shelter.agency.id)
    assert info.value.manifest.sender_agency == police.agency.id


def test_revoked_and_expired_sender(police: Party, shelter: Party) -> None:
    built = referral_packet(police, shelter)
    revoked = KeyCard.for_agency(police.agency, police.identity, revoked=True)
    assert refused_code(built.data, shelter,
                        directory_of(Party(police.agency, police.identity, revoked))
                        ) == "revoked-sender"
    expired = KeyCard.for_agency(police.agency, police.identity,
                                 expires=utc_now() - timedelta(days=1))
    assert refused_code(built.data, shelter,
                        directory_of(Party(police.agency, police.identity, expired))
                        ) == "expired-sender"


def test_forged_sender_signature(police: Party, shelter: Party) -> None:
    impostor = make_party(police.agency.id, police.agency.name, "KH",
                          AgencyType.LAW_ENFORCEMENT)
    built = referral_packet(impostor, shelter)
    assert refused_code(built.data, shelter, directory_of(police)) == "signature"


def test_addressed_to_another_agency(police: Party, shelter: Party) -> None:
    # Encrypted to the shelter's key, but the signed manifest names someone else.
    elsewhere = Party(shelter.agency, shelter.identity,
                      KeyCard.for_agency(
                          make_party("th-police", "Police", "TH", AgencyType.LAW_ENFORCEMENT
                                     ).agency, shelter.identity))
    built = referral_packet(police, elsewhere)
    assert refused_code(built.data, shelter, directory_of(police)) == "addressed-elsewhere"


def test_own_packet_refused(police: Party) -> None:
    built = referral_packet(police, police)
    assert refused_code(built.data, police, directory_of(police)) == "own-packet"


def test_tampered_member(police: Party, shelter: Party) -> None:
    members = inner(referral_packet(police, shelter).data, shelter)
    members["case.json"] = members["case.json"].replace("ស្រីពៅ".encode(), b"Other")
    assert refused_code(reencrypt(members, shelter), shelter, directory_of(police)) == "members"


def test_tampered_manifest(police: Party, shelter: Party) -> None:
    members = inner(referral_packet(police, shelter).data, shelter)
    members["manifest.json"] = members["manifest.json"].replace(b'"referral"', b'"update"')
    assert refused_code(reencrypt(members, shelter), shelter, directory_of(police)) == "signature"


def test_members_swapped_between_packets(police: Party, shelter: Party) -> None:
    a = inner(referral_packet(police, shelter).data, shelter)
    b = inner(referral_packet(police, shelter).data, shelter)
    a["case.json"], a["manifest.sig"] = b["case.json"], a["manifest.sig"]
    assert refused_code(reencrypt(a, shelter), shelter, directory_of(police)) == "members"
    c = inner(referral_packet(police, shelter).data, shelter)
    c["manifest.sig"] = b["manifest.sig"]
    assert refused_code(reencrypt(c, shelter), shelter, directory_of(police)) == "signature"


def test_extra_and_missing_members(police: Party, shelter: Party) -> None:
    members = inner(referral_packet(police, shelter).data, shelter)
    extra = dict(members, **{"attachments/note.txt": b"x"})
    assert refused_code(reencrypt(extra, shelter), shelter, directory_of(police)) == "members"
    missing = {k: v for k, v in members.items() if k != "manifest.sig"}
    assert refused_code(reencrypt(missing, shelter), shelter, directory_of(police)) == "unsigned"


def test_unknown_format_version(police: Party, shelter: Party) -> None:
    members = inner(referral_packet(police, shelter).data, shelter)
    members["manifest.json"] = members["manifest.json"].replace(
        b'"format_version":2', b'"format_version":3')
    assert refused_code(reencrypt(members, shelter), shelter,
                        directory_of(police)) == "format-version"


def _raw_zip(entries: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("entries", [
    [("../evil.json", b"{}")],
    [("/etc/passwd", b"x")],
    [("attachments/../../x", b"x")],
    [("case.json", b"{}"), ("case.json", b"{}")],
    [("unexpected.bin", b"x")],
    [("attachments/bomb.bin", b"\0" * (20 * 1024 * 1024))],
])
def test_hostile_archives(police: Party, shelter: Party,
                          entries: list[tuple[str, bytes]]) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")          # zipfile warns about the duplicate name
        archive = _raw_zip(entries)
    data = pyrage.encrypt(archive, [x25519.Recipient.from_str(shelter.identity.age_recipient)])
    assert refused_code(data, shelter, directory_of(police)) == "archive"


def test_oversized_file(police: Party, shelter: Party) -> None:
    from screening_app.exchange import packet

    assert refused_code(b"\0" * (packet.MAX_PACKET_BYTES + 1), shelter,
                        directory_of(police)) == "too-large"


def test_receipt_kind_with_case_member_refused(police: Party, shelter: Party) -> None:
    built = referral_packet(police, shelter, kind=PacketKind.RECEIPT)
    assert refused_code(built.data, shelter, directory_of(police)) == "kind"


def test_schema_violation_refused(police: Party, shelter: Party) -> None:
    from screening_app.exchange.packet import build_packet

    case = sample_case()
    bad = canonical_bytes({"schema": "screening-app-case", "unexpected": 1})
    built = build_packet(kind=PacketKind.REFERRAL, identity=police.identity,
                         sender_agency=police.agency.id, recipient=shelter.card,
                         content={"case.json": bad}, case_id=case.id, case_revision=1)
    assert refused_code(built.data, shelter, directory_of(police)) == "schema"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_mutation_is_refused(data: st.DataObject) -> None:
    police = _PARTIES[0]
    shelter = _PARTIES[1]
    packet = _PACKET
    how = data.draw(st.sampled_from(["flip", "truncate"]))
    if how == "flip":
        pos = data.draw(st.integers(0, len(packet) - 1))
        bit = data.draw(st.integers(0, 7))
        mutated = bytearray(packet)
        mutated[pos] ^= 1 << bit
        mutated_bytes = bytes(mutated)
    else:
        mutated_bytes = packet[: data.draw(st.integers(0, len(packet) - 1))]
    with pytest.raises(PacketRefused):
        open_packet(mutated_bytes, shelter.identity, directory_of(police),
                    agency_id=shelter.agency.id)


_PARTIES = (make_party("kh-police-x", "Police X", "KH", AgencyType.LAW_ENFORCEMENT),
            make_party("th-shelter-y", "Shelter Y", "TH", None, AgencyService.SHELTER))
_PACKET = referral_packet(_PARTIES[0], _PARTIES[1]).data


@pytest.mark.skipif(shutil.which("age") is None, reason="the age command is not installed")
def test_age_cli_opens_the_envelope(police: Party, shelter: Party, tmp_path) -> None:
    built = referral_packet(police, shelter)
    (tmp_path / "packet.age").write_bytes(built.data)
    key = tmp_path / "key.txt"
    key.write_text(shelter.identity.age_identity + "\n")
    key.chmod(0o600)
    out = subprocess.run(["age", "--decrypt", "-i", str(key), str(tmp_path / "packet.age")],
                         capture_output=True, check=True, timeout=30).stdout
    members = read_archive(out)
    assert {"manifest.json", "manifest.sig", "case.json"} == set(members)


def test_answer_filed_under_another_question_refused(police: Party, shelter: Party) -> None:
    from datetime import date

    from screening_app.exchange import htcds
    from screening_app.exchange.packet import build_packet

    case = sample_case()
    data = htcds.case_to_packet(case, referring=police.agency.id, referred=shelter.agency.id,
                                referral_date=date(2026, 11, 22))
    answers = data["x_screening_app"]["answers"]
    answers["q9"] = answers.pop("q1")
    built = build_packet(kind=PacketKind.REFERRAL, identity=police.identity,
                         sender_agency=police.agency.id, recipient=shelter.card,
                         content={"case.json": canonical_bytes(data)}, case_id=case.id,
                         case_revision=1)
    assert refused_code(built.data, shelter, directory_of(police)) == "schema"


def test_deeply_nested_json_refused(police: Party, shelter: Party) -> None:
    members = inner(referral_packet(police, shelter).data, shelter)
    members["manifest.json"] = b"[" * 20_000 + b"]" * 20_000
    assert refused_code(reencrypt(members, shelter), shelter, directory_of(police)) == "manifest"
    with pytest.raises(Refused):
        KeyCard.from_bytes(b"[" * 30_000 + b"]" * 30_000)


_ZIP = write_archive({"manifest.json": b'{"a":1}' * 50, "manifest.sig": b"x" * 64,
                      "case.json": b"{}" * 300})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(_ZIP) - 1), st.integers(0, 255)),
                min_size=1, max_size=4),
       st.integers(0, len(_ZIP)))
def test_damaged_archive_only_ever_raises_archive_error(edits: list[tuple[int, int]],
                                                        cut: int) -> None:
    # Anyone can encrypt to a public key, so the archive reader meets hostile bytes
    # before any signature is checked: it must fail cleanly, never crash.
    from screening_app.exchange.archive import ArchiveError

    damaged = bytearray(_ZIP)
    for pos, value in edits:
        damaged[pos] = value
    try:
        read_archive(bytes(damaged[:cut] + damaged[cut + 1:]))
    except ArchiveError:
        pass

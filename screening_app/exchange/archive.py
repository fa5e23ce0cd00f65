"""The archive inside a packet: a deterministic zip, read back under strict limits.

Writing: members in a fixed order, fixed times and permissions, so the same
content gives the same bytes. Reading: every limit is checked from the central
directory BEFORE anything is decompressed, and again while decompressing, so a
hostile archive (zip bomb, overlapping members, path traversal, duplicates)
is refused without using much memory. Nothing is ever written to disk here.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Limits:
    archive_bytes: int = 48 * 1024 * 1024
    members: int = 40
    member_bytes: int = 32 * 1024 * 1024
    total_bytes: int = 64 * 1024 * 1024
    ratio: int = 100                 # uncompressed / compressed, for members over 64 KiB
    ratio_floor: int = 64 * 1024


LIMITS = Limits()

# manifest.json, manifest.sig, case.json, receipt.json, referral.pdf, attachments/<name>
_MEMBER_RE = re.compile(
    r"^(manifest\.json|manifest\.sig|case\.json|receipt\.json|referral\.pdf|"
    r"attachments/[A-Za-z0-9][A-Za-z0-9_-]{0,80}(\.[A-Za-z0-9]{1,8})?)$"
)


class ArchiveError(ValueError):
    """The archive breaks a rule. The message is a short code, never content."""


def valid_member_name(name: str) -> bool:
    return bool(_MEMBER_RE.match(name))


def write_archive(members: dict[str, bytes]) -> bytes:
    """A deterministic zip of `members` (manifest first, then by name)."""
    order = sorted(members, key=lambda n: (n != "manifest.json", n != "manifest.sig", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name in order:
            if not valid_member_name(name):
                raise ArchiveError("member-name")
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o600 << 16
            zf.writestr(info, members[name], compresslevel=9)
    return out.getvalue()


def read_archive(data: bytes, limits: Limits = LIMITS) -> dict[str, bytes]:
    """Every member of the archive, or ArchiveError naming the broken rule."""
    if len(data) > limits.archive_bytes:
        raise ArchiveError("archive-too-large")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # zipfile raises many types on crafted input (fuzzed: see tests)
        raise ArchiveError("not-an-archive") from None
    with zf:
        infos = zf.infolist()
        _check_directory(infos, len(data), limits)
        members: dict[str, bytes] = {}
        for info in infos:
            try:
                with zf.open(info) as f:
                    content = f.read(info.file_size + 1)
            except Exception:  # BadZipFile, zlib.error, NotImplementedError, EOFError, ...
                raise ArchiveError("member-damaged") from None
            if len(content) != info.file_size:
                raise ArchiveError("member-size")
            members[info.filename] = content
    return members


def _check_directory(infos: list[zipfile.ZipInfo], archive_size: int, limits: Limits) -> None:
    if not infos:
        raise ArchiveError("empty")
    if len(infos) > limits.members:
        raise ArchiveError("too-many-members")
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise ArchiveError("duplicate-member")
    total = compressed = 0
    offsets = set()
    for info in infos:
        if not valid_member_name(info.filename) or info.is_dir():
            raise ArchiveError("member-name")
        if info.flag_bits & 0x1:
            raise ArchiveError("encrypted-member")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ArchiveError("compression-method")
        if info.file_size > limits.member_bytes:
            raise ArchiveError("member-too-large")
        if (info.file_size > limits.ratio_floor
                and info.file_size > limits.ratio * max(info.compress_size, 1)):
            raise ArchiveError("compression-ratio")
        if info.header_offset in offsets:
            raise ArchiveError("overlapping-members")
        offsets.add(info.header_offset)
        total += info.file_size
        compressed += info.compress_size
    if total > limits.total_bytes:
        raise ArchiveError("too-large-uncompressed")
    # Members that share bytes (the "overlapping" zip bomb) claim more compressed
    # data than the archive holds.
    if compressed > archive_size:
        raise ArchiveError("overlapping-members")

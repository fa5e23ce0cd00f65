"""Read what an encrypted database file really holds: every page of the file
and of its WAL decrypted with the master key (SQLCipher 4 defaults: 4 KiB pages,
AES-256-CBC, a 16-byte IV and a 64-byte HMAC at the end of each page, the salt
in place of page 1's first 16 bytes). Free pages and freed space inside pages
are read too, which the database itself never shows."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80        # IV (16) + HMAC-SHA512 (64)


def _decrypt_page(page: bytes, number: int, key: bytes) -> bytes:
    start = 16 if number == 1 else 0
    body = page[start:PAGE - RESERVE]
    iv = page[PAGE - RESERVE:PAGE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def plaintext_pages(db_path: Path, key: bytes) -> bytes:
    """Every decrypted page of the database file and of its -wal file, joined."""
    out = bytearray()
    data = db_path.read_bytes() if db_path.exists() else b""
    for index in range(len(data) // PAGE):
        out += _decrypt_page(data[index * PAGE:(index + 1) * PAGE], index + 1, key)
    wal = db_path.with_name(db_path.name + "-wal")
    raw = wal.read_bytes() if wal.exists() else b""
    offset = 32
    while offset + 24 + PAGE <= len(raw):
        number = int.from_bytes(raw[offset:offset + 4], "big")
        out += _decrypt_page(raw[offset + 24:offset + 24 + PAGE], number, key)
        offset += 24 + PAGE
    return bytes(out)

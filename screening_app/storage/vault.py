"""The vault file: key slots that release the database master key.

A random 256-bit master key opens the SQLCipher database. Nobody knows it; each
user holds a key slot:

* an X25519 key pair per slot; its private key is sealed with
  ChaCha20-Poly1305 under Argon2id(passphrase) (the slot header is the
  associated data, so editing the header breaks the seal);
* the master key sealed to the slot's public key (ephemeral X25519 + HKDF +
  ChaCha20-Poly1305), bound to the vault id and key generation.

The two layers let an administrator rotate the master key after disabling a user
without knowing anyone else's passphrase: the new master key is sealed to every
remaining slot's public key. Changing a passphrase rewrites one slot.

A slot may also hold a sealed *state* under the same Argon2id key: a
supervisor's or administrator's personal signing key and the last audit
checkpoint they signed (storage/anchors.py). Only that person's passphrase
opens it.

The file is JSON, holds no secret in clear, and names its format version. It
is not authenticated as a whole: which slots are genuine, and what Argon2id
cost new slots get, is recorded inside the encrypted database
(storage/keyring.py), never taken from this file.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import uuid
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from screening_app.errors import Refused
from screening_app.i18n import _
from screening_app.storage.datadir import write_atomically

FORMAT_NAME = "screening-app-vault"
MASTER_KEY_BYTES = 32
_HKDF_INFO = b"screening-app vault v1: master key sealed to a key slot"
_STATE_CONTEXT = b"\nsealed state"


class VaultFormat(IntEnum):
    """Versions of the vault file; a reader refuses versions it does not know."""

    V1 = 1


class SlotKind:
    USER = "user"
    RECOVERY = "recovery"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost, stored per slot so a slot keeps opening when defaults change."""

    memory_kib: int
    iterations: int
    lanes: int

    def to_dict(self) -> dict[str, Any]:
        return {"algorithm": "argon2id", "memory_kib": self.memory_kib,
                "iterations": self.iterations, "lanes": self.lanes}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> KdfParams:
        if d.get("algorithm") != "argon2id":
            raise ValueError("unknown kdf")
        return cls(int(d["memory_kib"]), int(d["iterations"]), int(d["lanes"]))


# Measured on the 2-core development machine: about 0.5 s per unlock
# (see docs/threat-model.md, "Vault"). 128 MiB keeps low-end laptops usable.
DEFAULT_KDF = KdfParams(memory_kib=128 * 1024, iterations=4, lanes=2)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def derive_slot_key(passphrase: str, salt: bytes, kdf: KdfParams) -> bytearray:
    raw = Argon2id(salt=salt, length=32, iterations=kdf.iterations, lanes=kdf.lanes,
                   memory_cost=kdf.memory_kib).derive(passphrase.encode("utf-8"))
    return bytearray(raw)


def wipe(buffer: bytearray | None) -> None:
    """Overwrite key material in place (as far as Python lets us)."""
    if buffer is not None:
        for i in range(len(buffer)):
            buffer[i] = 0


@dataclass
class KeySlot:
    id: str
    kind: str
    user: str | None
    kdf: KdfParams
    salt: bytes
    public_key: bytes
    sealed_private: bytes          # nonce (12) + ciphertext
    sealed_master: bytes           # ephemeral public (32) + nonce (12) + ciphertext
    sealed_state: bytes = b""      # nonce (12) + ciphertext, or empty (see Vault.seal_state)

    def header(self, vault_id: str) -> bytes:
        return _canonical({"vault_id": vault_id, "id": self.id, "kind": self.kind,
                           "user": self.user, "kdf": self.kdf.to_dict(),
                           "salt": _b64(self.salt), "public_key": _b64(self.public_key)})

    @property
    def public_key_text(self) -> str:
        return _b64(self.public_key)

    def to_dict(self) -> dict[str, Any]:
        d = {"id": self.id, "kind": self.kind, "user": self.user,
             "kdf": self.kdf.to_dict(), "salt": _b64(self.salt),
             "aead": "chacha20poly1305",
             "public_key": _b64(self.public_key),
             "sealed_private_key": _b64(self.sealed_private),
             "sealed_master_key": _b64(self.sealed_master)}
        if self.sealed_state:
            d["sealed_state"] = _b64(self.sealed_state)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> KeySlot:
        if d.get("aead") != "chacha20poly1305" or d.get("kind") not in (SlotKind.USER,
                                                                       SlotKind.RECOVERY):
            raise ValueError("unknown slot")
        return cls(id=str(d["id"]), kind=d["kind"], user=d.get("user"),
                   kdf=KdfParams.from_dict(d["kdf"]), salt=_unb64(d["salt"]),
                   public_key=_unb64(d["public_key"]),
                   sealed_private=_unb64(d["sealed_private_key"]),
                   sealed_master=_unb64(d["sealed_master_key"]),
                   sealed_state=_unb64(d.get("sealed_state") or ""))


def _master_binding(vault_id: str, generation: int, slot: KeySlot) -> bytes:
    return _canonical({"vault_id": vault_id, "generation": generation, "slot": slot.id,
                       "public_key": _b64(slot.public_key)})


def _wrap_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient,
                info=_HKDF_INFO).derive(shared)


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


@dataclass
class Vault:
    vault_id: str
    generation: int                       # increases with every master-key rotation
    new_slot_kdf: KdfParams
    slots: list[KeySlot] = field(default_factory=list)

    # --- file ---------------------------------------------------------------
    def to_json(self) -> bytes:
        doc = {"format": FORMAT_NAME, "version": int(VaultFormat.V1),
               "vault_id": self.vault_id, "key_generation": self.generation,
               "kdf_for_new_slots": self.new_slot_kdf.to_dict(),
               "slots": [s.to_dict() for s in self.slots]}
        return json.dumps(doc, indent=1, ensure_ascii=True).encode("ascii") + b"\n"

    @classmethod
    def from_json(cls, data: bytes) -> Vault:
        try:
            doc = json.loads(data.decode("utf-8"))
            if doc.get("format") != FORMAT_NAME:
                raise ValueError("not a vault")
            VaultFormat(int(doc["version"]))
            return cls(vault_id=str(doc["vault_id"]), generation=int(doc["key_generation"]),
                       new_slot_kdf=KdfParams.from_dict(doc["kdf_for_new_slots"]),
                       slots=[KeySlot.from_dict(s) for s in doc["slots"]])
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
            raise Refused(_("The vault file is damaged or not a vault file. Nothing was "
                            "changed; restore the data directory from a backup.")) from None

    @classmethod
    def load(cls, path: Path) -> Vault:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise Refused(_("The vault file is missing from the data directory. Nothing was "
                            "changed; restore it from a backup or choose another data "
                            "directory.")) from None
        except OSError:
            raise Refused(_("The vault file cannot be read. Nothing was changed; check the "
                            "folder's permissions.")) from None
        return cls.from_json(data)

    def save(self, path: Path) -> None:
        write_atomically(path, self.to_json())

    # --- slots ----------------------------------------------------------------
    def user_slots(self) -> list[KeySlot]:
        return [s for s in self.slots if s.kind == SlotKind.USER]

    def slot_of(self, user: str) -> KeySlot | None:
        for slot in self.user_slots():
            if slot.user == user:
                return slot
        return None

    def slots_of(self, user: str) -> list[KeySlot]:
        """Every user slot that names `user` (a planted one may name a real user)."""
        return [s for s in self.user_slots() if s.user == user]

    def recovery_slot(self) -> KeySlot | None:
        for slot in self.slots:
            if slot.kind == SlotKind.RECOVERY:
                return slot
        return None

    def recovery_slots(self) -> list[KeySlot]:
        return [s for s in self.slots if s.kind == SlotKind.RECOVERY]

    def users(self) -> list[str]:
        names: list[str] = []
        for slot in self.user_slots():
            if slot.user is not None and slot.user not in names:
                names.append(slot.user)
        return names

    def make_slot(self, kind: str, user: str | None, passphrase: str,
                  master_key: bytearray, kdf: KdfParams | None = None,
                  state: dict[str, Any] | None = None) -> KeySlot:
        """A new slot (fresh key pair) for `passphrase`, holding `master_key` (and
        `state`, sealed under the same passphrase, when given)."""
        kdf = kdf or self.new_slot_kdf
        private = X25519PrivateKey.generate()
        raw_private = bytearray(private.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
            serialization.NoEncryption()))
        slot = KeySlot(id=str(uuid.uuid4()), kind=kind, user=user, kdf=kdf,
                       salt=os.urandom(16), public_key=_raw_public(private.public_key()),
                       sealed_private=b"", sealed_master=b"")
        kek = derive_slot_key(passphrase, slot.salt, kdf)
        try:
            nonce = os.urandom(12)
            slot.sealed_private = nonce + ChaCha20Poly1305(bytes(kek)).encrypt(
                nonce, bytes(raw_private), slot.header(self.vault_id))
            if state is not None:
                self.seal_state(slot, kek, state)
        finally:
            wipe(kek)
            wipe(raw_private)
        self.seal_master(slot, master_key)
        return slot

    def seal_state(self, slot: KeySlot, kek: bytearray, state: dict[str, Any]) -> None:
        """Seal `state` (JSON) into the slot under its Argon2id key: only the slot's
        passphrase opens it; the header is bound to it like the private key."""
        nonce = os.urandom(12)
        slot.sealed_state = nonce + ChaCha20Poly1305(bytes(kek)).encrypt(
            nonce, _canonical(state), slot.header(self.vault_id) + _STATE_CONTEXT)

    def open_state(self, slot: KeySlot, kek: bytearray) -> dict[str, Any] | None:
        """The slot's sealed state, or None when it has none (or it was altered)."""
        if not slot.sealed_state:
            return None
        nonce, sealed = slot.sealed_state[:12], slot.sealed_state[12:]
        try:
            plain = ChaCha20Poly1305(bytes(kek)).decrypt(
                nonce, sealed, slot.header(self.vault_id) + _STATE_CONTEXT)
        except InvalidTag:
            return None
        value = json.loads(plain.decode("utf-8"))
        return value if isinstance(value, dict) else None

    def seal_master(self, slot: KeySlot, master_key: bytearray) -> None:
        """Seal the master key to the slot's public key (no passphrase needed)."""
        ephemeral = X25519PrivateKey.generate()
        eph_public = _raw_public(ephemeral.public_key())
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(slot.public_key))
        key = _wrap_key(shared, eph_public, slot.public_key)
        nonce = os.urandom(12)
        slot.sealed_master = eph_public + nonce + ChaCha20Poly1305(key).encrypt(
            nonce, bytes(master_key), _master_binding(self.vault_id, self.generation, slot))

    def open_slot(self, slot: KeySlot, passphrase: str) -> bytearray | None:
        """The master key, or None when the passphrase does not open this slot."""
        opened = self.unlock(slot, passphrase)
        if opened is None:
            return None
        master, kek = opened
        wipe(kek)
        return master

    def unlock(self, slot: KeySlot, passphrase: str) -> tuple[bytearray, bytearray] | None:
        """(master key, the slot's Argon2id key for its sealed state), or None when
        the passphrase does not open this slot. The caller wipes both."""
        kek = derive_slot_key(passphrase, slot.salt, slot.kdf)
        master = self.open_with_key(slot, kek)
        if master is None:
            wipe(kek)
            return None
        return master, kek

    def open_with_key(self, slot: KeySlot, kek: bytearray) -> bytearray | None:
        """The master key, given the slot's Argon2id key (None if it does not open)."""
        try:
            nonce, sealed = slot.sealed_private[:12], slot.sealed_private[12:]
            raw_private = bytearray(ChaCha20Poly1305(bytes(kek)).decrypt(
                nonce, sealed, slot.header(self.vault_id)))
        except InvalidTag:
            return None
        try:
            private = X25519PrivateKey.from_private_bytes(bytes(raw_private))
        finally:
            wipe(raw_private)
        eph_public = slot.sealed_master[:32]
        nonce, sealed = slot.sealed_master[32:44], slot.sealed_master[44:]
        shared = private.exchange(X25519PublicKey.from_public_bytes(eph_public))
        key = _wrap_key(shared, eph_public, slot.public_key)
        try:
            return bytearray(ChaCha20Poly1305(key).decrypt(
                nonce, sealed, _master_binding(self.vault_id, self.generation, slot)))
        except InvalidTag:
            return None

    def rotated(self, new_master: bytearray, keep: list[KeySlot] | None = None) -> Vault:
        """A copy for the next key generation: the slots in `keep` (default: every
        slot) re-sealed to `new_master`; any other slot is left out."""
        chosen = self.slots if keep is None else keep
        new = Vault(vault_id=self.vault_id, generation=self.generation + 1,
                    new_slot_kdf=self.new_slot_kdf,
                    slots=[KeySlot(**{**s.__dict__}) for s in chosen])
        for slot in new.slots:
            new.seal_master(slot, new_master)
        return new


def new_master_key() -> bytearray:
    return bytearray(secrets.token_bytes(MASTER_KEY_BYTES))


_RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"   # no 0/O, 1/I/L confusion


def new_recovery_code() -> str:
    """Eight groups of four characters: about 158 bits, easy to copy by hand."""
    chars = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(32))
    return "-".join(chars[i:i + 4] for i in range(0, 32, 4))


def normalise_recovery_code(code: str) -> str:
    """Accept lower case, spaces and missing dashes; O→0 style slips are not guessed."""
    chars = "".join(c for c in code.upper() if c.isalnum())
    return "-".join(chars[i:i + 4] for i in range(0, len(chars), 4))

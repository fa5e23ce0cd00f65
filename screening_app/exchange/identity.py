"""The device identity: an X25519 key (age format) to receive packets and an
Ed25519 key to sign them.

The secret parts live only inside the encrypted database (see `store`); this
module turns them into and out of a small JSON-able dict and never writes a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from pyrage import x25519

from screening_app.domain import uuid7
from screening_app.domain.models import utc_now
from screening_app.exchange.canonical import b64decode, b64encode


@dataclass(frozen=True)
class DeviceIdentity:
    device_id: str
    age_identity: str          # "AGE-SECRET-KEY-1..."
    signing_secret: bytes      # Ed25519 private key, raw 32 bytes
    created: datetime

    @classmethod
    def generate(cls) -> DeviceIdentity:
        return cls(
            device_id=str(uuid7()),
            age_identity=str(x25519.Identity.generate()),
            signing_secret=Ed25519PrivateKey.generate().private_bytes_raw(),
            created=utc_now(),
        )

    @property
    def age(self) -> x25519.Identity:
        return x25519.Identity.from_str(self.age_identity)

    @property
    def age_recipient(self) -> str:
        """The public half, "age1..."."""
        return str(self.age.to_public())

    @property
    def signing_key(self) -> str:
        """The Ed25519 public key, base64."""
        key = Ed25519PrivateKey.from_private_bytes(self.signing_secret)
        return b64encode(key.public_key().public_bytes_raw())

    def sign(self, message: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.signing_secret).sign(message)

    def to_dict(self) -> dict[str, Any]:
        """Secret material: only ever stored inside the encrypted database."""
        return {
            "device_id": self.device_id,
            "age_identity": self.age_identity,
            "signing_secret": b64encode(self.signing_secret),
            "created": self.created.isoformat(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DeviceIdentity:
        return cls(
            device_id=d["device_id"],
            age_identity=d["age_identity"],
            signing_secret=b64decode(d["signing_secret"]),
            created=datetime.fromisoformat(d["created"]),
        )

    def __repr__(self) -> str:  # never show secrets in tracebacks or logs
        return f"DeviceIdentity(device_id={self.device_id!r})"


def verify_signature(public_key_b64: str, signature: bytes, message: bytes) -> bool:
    """True when `signature` is a valid Ed25519 signature of `message`."""
    try:
        raw = b64decode(public_key_b64)
        Ed25519PublicKey.from_public_bytes(raw).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def valid_age_recipient(text: str) -> bool:
    try:
        x25519.Recipient.from_str(text)
    except Exception:  # pyrage raises its own error types for malformed keys
        return False
    return True


def valid_signing_key(text: str) -> bool:
    try:
        return len(b64decode(text)) == 32
    except ValueError:
        return False

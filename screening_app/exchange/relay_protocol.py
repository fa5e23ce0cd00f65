"""The relay's wire protocol, shared by the device (`exchange.relay_client`) and the
relay itself (`screening_app.relay`): paths, headers, how a request is signed,
and the refusal codes. Pure: no I/O (docs/relay.md, "Protocol").

Every request except the health check is signed by the device's Ed25519 key over

    "screening-app relay request v1\\n" METHOD "\\n" PATH "\\n" SHA-256(body) hex "\\n"
    unix seconds "\\n" nonce "\\n" agency id "\\n" signing key

so a request cannot be altered, sent by anyone else, or played again: the relay
refuses a time outside a short window and a nonce it has seen. PATH is the API
path (`/v1/...` with its query), the same whatever prefix a proxy puts before it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass

from screening_app.exchange.canonical import b64decode, b64encode
from screening_app.exchange.identity import DeviceIdentity, verify_signature

API = "/v1"
HEALTH = API + "/health"
PACKETS = API + "/packets"
INBOX = API + "/inbox"
SENT = API + "/sent"
CARD = API + "/card"        # a device offers its agency's own card (after a key rotation)
CARDS = API + "/cards"      # a device asks for newer cards of the agencies it holds

AGENCY = "X-Relay-Agency"
KEY = "X-Relay-Key"
TIME = "X-Relay-Time"
NONCE = "X-Relay-Nonce"
SIGNATURE = "X-Relay-Signature"
PACKET_ID = "X-Packet-Id"
RECIPIENT = "X-Packet-Recipient"
SENDER = "X-Packet-Sender"

CONTEXT = b"screening-app relay request v1\n"
CLOCK_WINDOW_SECONDS = 300
AGE_MAGIC = b"age-encryption.org/v1\n"   # every packet is an age file
MAX_IDS_PER_QUERY = 500
INBOX_PAGE = 50
CARDS_PER_QUERY = 50        # agencies per request for newer cards (each card <= 64 KiB)

# Settled packets: the recipient holds it (imported or in quarantine), or refused it.
DELIVERED = "delivered"
REFUSED = "refused"
OUTCOMES = (DELIVERED, REFUSED)
# What the relay says about a packet it was given.
STATES = ("waiting", "delivered", "refused", "expired", "unknown")

# Refusal codes in the JSON body {"error": code}; the device translates them.
ERRORS = (
    "unauthenticated", "clock", "not-enrolled", "revoked", "bad-signature", "replay",
    "too-large", "malformed", "unknown-recipient", "conflict", "not-found", "held",
    "expired", "database-unavailable", "card-refused",
)

_NONCE_RE = re.compile(r"^[0-9a-f]{32}$")
_AGENCY_RE = re.compile(r"^[a-z]{2}-[a-z0-9][a-z0-9-]{0,62}$")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def valid_agency_id(text: str) -> bool:
    return bool(_AGENCY_RE.match(text))


@dataclass(frozen=True)
class SignedHeaders:
    agency: str
    key: str              # base64 Ed25519 public key of the device
    timestamp: int
    nonce: str
    signature: bytes


def request_message(method: str, path: str, body_sha256: str, timestamp: int, nonce: str,
                    agency: str, key: str) -> bytes:
    lines = (method.upper(), path, body_sha256, str(timestamp), nonce, agency, key)
    return CONTEXT + "\n".join(lines).encode("utf-8")


def sign_request(identity: DeviceIdentity, agency: str, method: str, path: str, body: bytes,
                 now: float | None = None) -> dict[str, str]:
    """The headers that authenticate one request of `identity`'s device."""
    timestamp = int(time.time() if now is None else now)
    nonce = secrets.token_hex(16)
    key = identity.signing_key
    message = request_message(method, path, hashlib.sha256(body).hexdigest(), timestamp,
                              nonce, agency, key)
    return {AGENCY: agency, KEY: key, TIME: str(timestamp), NONCE: nonce,
            SIGNATURE: b64encode(identity.sign(message))}


def parse_signed_headers(headers: Mapping[str, str]) -> SignedHeaders:
    """The authentication headers of a request; ValueError when any is missing or
    malformed (before anything is looked up)."""
    agency, key = headers.get(AGENCY, ""), headers.get(KEY, "")
    stamp, nonce = headers.get(TIME, ""), headers.get(NONCE, "")
    if not valid_agency_id(agency) or not _NONCE_RE.match(nonce):
        raise ValueError("agency or nonce")
    if not stamp.isdigit() or len(stamp) > 12:
        raise ValueError("time")
    if len(b64decode(key)) != 32:
        raise ValueError("key")
    signature = b64decode(headers.get(SIGNATURE, ""))
    if len(signature) != 64:
        raise ValueError("signature")
    return SignedHeaders(agency, key, int(stamp), nonce, signature)


def signature_valid(signed: SignedHeaders, method: str, path: str, body: bytes) -> bool:
    message = request_message(method, path, hashlib.sha256(body).hexdigest(),
                              signed.timestamp, signed.nonce, signed.agency, signed.key)
    return verify_signature(signed.key, signed.signature, message)


def packet_path(packet_id: str, action: str = "") -> str:
    return f"{PACKETS}/{packet_id}" + (f"/{action}" if action else "")

"""The fields of a key card as written, per card version, and the one layout
cards.py reads.

Version 1 cards (before HTCDS 2.0) say `name`, `country`, `type` (which could be a
pre-2.0 type such as "Shelter") and `contacts.phone`. Version 2 cards are version
1 plus `key_changes` (at least one key-change statement). Version 3 cards, written
now, use the HTCDS 2.0 organisation names `org_Name`, `org_ShippingCountry`,
`org_Type` (null when no org_Type fits) and `org_Phone` (E.164 or null), the
project's own extension `x_service` (a shelter, an embassy: what org_Type cannot
say), and `key_changes` (a list, empty until the agency rotates its keys). See
docs/packet-format.md.
"""

from __future__ import annotations

from typing import Any, Protocol

from screening_app.domain import AgencyService, AgencyType
from screening_app.standards import htcds

CARD_VERSION = 3               # written
CARD_VERSIONS = (1, 2, 3)      # read

V1_FIELDS = frozenset({
    "format", "card_version", "id", "name", "names", "country", "type", "contacts",
    "language", "age_recipients", "signing_keys", "issued", "expires", "revoked",
    "fingerprint", "signature",
})
V2_FIELDS = V1_FIELDS | {"key_changes"}
V3_FIELDS = frozenset({
    "format", "card_version", "id", "org_Name", "names", "org_ShippingCountry", "org_Type",
    "x_service", "org_Phone", "contacts", "language", "age_recipients", "signing_keys",
    "issued", "expires", "revoked", "fingerprint", "key_changes", "signature",
})
# The layout `read` gives for every version (cards.py checks this one).
READ_FIELDS = V1_FIELDS | {"service", "key_changes"}


class CardOrganisation(Protocol):
    """What a card says of its agency (a KeyCard has it; cards.py imports this module)."""

    @property
    def name(self) -> str: ...

    @property
    def country(self) -> str: ...

    @property
    def type(self) -> AgencyType | None: ...

    @property
    def service(self) -> AgencyService | None: ...

    @property
    def contacts(self) -> dict[str, str]: ...


def organisation(card: CardOrganisation) -> dict[str, Any]:
    """The HTCDS organisation fields (and `x_service`) of a version 3 card."""
    return {
        "org_Name": htcds.check("org_Name", card.name),
        "org_ShippingCountry": htcds.check("org_ShippingCountry", card.country),
        "org_Type": htcds.check("org_Type", None if card.type is None else card.type.value),
        "x_service": None if card.service is None else card.service.value,
        "org_Phone": htcds.check("org_Phone", htcds.e164(card.contacts.get("phone"))),
    }


def read(d: dict[str, Any]) -> dict[str, Any]:
    """A card of any version in the layout cards.py checks (the v1 names, plus
    `service` and `key_changes`); ValueError when the fields are not exactly those
    of its version."""
    version = d.get("card_version")
    if version == 1:
        if set(d) != V1_FIELDS:
            raise ValueError("unexpected or missing fields")
        return dict(d, service=None, key_changes=[])
    if version == 2:
        if set(d) != V2_FIELDS or not isinstance(d["key_changes"], list) \
                or not d["key_changes"]:
            raise ValueError("unexpected or missing fields")
        return dict(d, service=None)
    if version != CARD_VERSION or set(d) != V3_FIELDS:
        raise ValueError("unexpected or missing fields")
    contacts = d["contacts"]
    if not isinstance(contacts, dict) or "phone" in contacts:
        raise ValueError("bad contacts")
    for name in ("org_Type", "org_Phone", "org_ShippingCountry"):
        htcds.check(name, d[name])
    out = {k: v for k, v in d.items() if not k.startswith(("org_", "x_"))}
    out.update(name=d["org_Name"], country=d["org_ShippingCountry"], type=d["org_Type"],
               service=d["x_service"],
               contacts=dict(contacts, **({"phone": d["org_Phone"]} if d["org_Phone"] else {})))
    return out

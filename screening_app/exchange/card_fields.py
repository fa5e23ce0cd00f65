"""The organisation fields of a key card as written, and the one layout cards.py reads.

Version 1 cards (before HTCDS 2.0) say `name`, `country`, `type` (which could be a
pre-2.0 type such as "Shelter") and `contacts.phone`. Version 2 cards use the HTCDS
2.0 organisation names `org_Name`, `org_ShippingCountry`, `org_Type` (null when no
org_Type fits) and `org_Phone` (E.164 or null), and the project's own extension
`x_service` (a shelter, an embassy: what org_Type cannot say). See
docs/packet-format.md.
"""

from __future__ import annotations

from typing import Any, Protocol

from screening_app.domain import AgencyService, AgencyType
from screening_app.standards import htcds

V2_FIELDS = frozenset({
    "format", "card_version", "id", "org_Name", "names", "org_ShippingCountry", "org_Type",
    "x_service", "org_Phone", "contacts", "language", "age_recipients", "signing_keys",
    "issued", "expires", "revoked", "fingerprint", "signature",
})


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
    """The HTCDS organisation fields (and `x_service`) of a version 2 card."""
    return {
        "org_Name": htcds.check("org_Name", card.name),
        "org_ShippingCountry": htcds.check("org_ShippingCountry", card.country),
        "org_Type": htcds.check("org_Type", None if card.type is None else card.type.value),
        "x_service": None if card.service is None else card.service.value,
        "org_Phone": htcds.check("org_Phone", htcds.e164(card.contacts.get("phone"))),
    }


def read(d: dict[str, Any]) -> dict[str, Any]:
    """A card of either version in the layout cards.py checks (the v1 names, plus
    `service`); ValueError when the fields are not those of its version."""
    if d.get("card_version") == 1:
        return dict(d)
    if set(d) != V2_FIELDS:
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

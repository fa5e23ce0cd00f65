"""Facts about this installation kept inside the encrypted database: device id,
site code, the installation's agency, and the per-device case counter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from screening_app.domain import AgencyService, AgencyType, agency_kind, uuid7

UNKNOWN_COUNTRY = "XX"
DEFAULT_SITE = "00"


@dataclass(frozen=True)
class Device:
    """This device: used in case references (country–site–device–counter)
    and by the exchange layer as the sender of packets."""

    id: str                     # UUIDv7, unique across devices
    code: str                   # four characters of the id, shown in references
    site_code: str
    agency_name: str | None
    country: str | None         # ISO 3166-1 alpha-2
    agency_type: AgencyType | None          # HTCDS org_Type
    agency_service: AgencyService | None = None   # the project's extension (a shelter...)

    def reference(self, counter: int) -> str:
        return f"{self.country or UNKNOWN_COUNTRY}-{self.site_code}-{self.code}-{counter:06d}"


def new_device_facts(agency_name: str | None, country: str | None,
                     agency_type: AgencyType | str | None, site_code: str | None,
                     agency_service: AgencyService | str | None = None) -> dict[str, str]:
    device_id = str(uuid7())
    facts = {
        "device_id": device_id,
        # the last hex digits are random (the first ones are a timestamp)
        "device_code": device_id.replace("-", "")[-4:].upper(),
        "site_code": (site_code or DEFAULT_SITE).upper(),
        "case_counter": "0",
    }
    if agency_name:
        facts["agency_name"] = agency_name
    if country:
        facts["country"] = country.upper()
    kind, service = agency_kind(agency_type or None, agency_service or None)
    if kind is not None:
        facts["agency_type"] = kind.value
    if service is not None:
        facts["agency_service"] = service.value
    return facts


def device_from_meta(meta: dict[str, Any]) -> Device:
    kind, service = agency_kind(meta.get("agency_type"), meta.get("agency_service"))
    return Device(
        id=meta["device_id"],
        code=meta["device_code"],
        site_code=meta.get("site_code", DEFAULT_SITE),
        agency_name=meta.get("agency_name"),
        country=meta.get("country"),
        agency_type=kind,
        agency_service=service,
    )

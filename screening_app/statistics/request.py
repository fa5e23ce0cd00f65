"""What a user asks for: a period, filters and k; checked before anything is counted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from screening_app.errors import Refused
from screening_app.i18n import _
from screening_app.statistics import DEFAULT_K
from screening_app.statistics.suppression import MIN_K

OWN_AGENCY = "own"
EXPLOITATION_FILTERS = ("labour", "sexual")
MAX_K = 1000


@dataclass(frozen=True)
class StatisticsRequest:
    """The cases counted: created from `date_from` to `date_to` (whole days, UTC; None:
    no limit), by the `agency` (OWN_AGENCY: recorded here; an agency id: received from
    it), of the `nationality` (first citizenship, ISO 3166) and `exploitation` (labour or
    sexual: screened for it, alone or with the other) asked for; k the threshold."""

    date_from: date | None = None
    date_to: date | None = None
    k: int = DEFAULT_K
    agency: str | None = None
    nationality: str | None = None
    exploitation: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.k, bool) or not isinstance(self.k, int) or self.k < MIN_K:
            raise Refused(_("k must be a whole number of at least {min}: a count of one "
                            "person could be shown otherwise. Nothing was written.").format(
                min=MIN_K))
        if self.k > MAX_K:
            raise Refused(_("k must be at most {max}. Nothing was written.").format(max=MAX_K))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise Refused(_("The period starts after it ends: check --from and --to. Nothing "
                            "was written."))
        if self.exploitation is not None and self.exploitation not in EXPLOITATION_FILTERS:
            raise Refused(_("The exploitation filter must be labour or sexual. Nothing was "
                            "written."))
        if self.nationality is not None and not (
                len(self.nationality) == 2 and self.nationality.isascii()
                and self.nationality.isalpha() and self.nationality.isupper()):
            raise Refused(_("The nationality must be a two-letter country code such as KH. "
                            "Nothing was written."))

    def to_dict(self) -> dict[str, Any]:
        """For the audit log, JSON and the methods page (no personal data)."""
        return {"from": None if self.date_from is None else self.date_from.isoformat(),
                "to": None if self.date_to is None else self.date_to.isoformat(),
                "k": self.k, "agency": self.agency, "nationality": self.nationality,
                "exploitation": self.exploitation}

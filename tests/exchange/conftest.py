"""Fixtures of the exchange tests: two agencies with device identities and cards."""

from __future__ import annotations

import pytest
from exchange_parties import Party, make_party

from screening_app.domain import AgencyService, AgencyType


@pytest.fixture
def police() -> Party:
    return make_party("kh-border-police-poipet", "Border police Poipet", "KH",
                      AgencyType.LAW_ENFORCEMENT)


@pytest.fixture
def shelter() -> Party:
    return make_party("th-msdhs-shelter", "MSDHS shelter", "TH", AgencyType.CENTRAL_GOVERNMENT,
                      AgencyService.SHELTER)

"""Fixtures of the relay tests: one throwaway PostgreSQL cluster for the session
(started by the tests themselves), a fresh relay database per test."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# The exchange tests' installations and parties, and the GUI tests' helpers, serve here too.
for _folder in ("exchange", "gui"):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / _folder))

from relay_harness import PgCluster, RelayProcess, init_relay_db, pg_bin  # noqa: E402


@pytest.fixture(scope="session")
def pg() -> Iterator[PgCluster]:
    if pg_bin() is None:
        message = "PostgreSQL (initdb) is not installed: run sh packaging/install-system-deps.sh"
        if os.environ.get("CI"):
            pytest.fail(message)       # CI installs it: a skip there would hide the relay
        pytest.skip(message)
    cluster = PgCluster()
    yield cluster
    cluster.close()


@pytest.fixture
def relay_db(pg: PgCluster, request: pytest.FixtureRequest) -> str:
    """A new database with the relay schema (named after the test)."""
    name = "relay_" + re.sub(r"\W+", "_", request.node.name).lower()[:50]
    url = pg.create_database(name)
    init_relay_db(url)
    return url


@pytest.fixture
def relay(relay_db: str) -> Iterator[RelayProcess]:
    """One relay process on a free loopback port, on a fresh database."""
    process = RelayProcess(relay_db)
    yield process
    process.stop()


@pytest.fixture
def pair(data_dir_factory: Any, relay_db: str) -> tuple[Any, Any]:
    """Two real installations (police, shelter) that know each other, both enrolled."""
    from exchange_installations import make_pair, own_card

    from screening_app.relay.admin import enroll

    police, shelter = make_pair(data_dir_factory)
    for inst in (police, shelter):
        enroll(relay_db, own_card(inst), verified=True)
    return police, shelter

"""The relay on a real PostgreSQL (durable settings: fsync and synchronous commit
on), beside `sync --folder` with the same packets in the same run.

- Round trip: pairs of real installations (encrypted data directories); each
  police installation has referrals queued; all sync at once: the police push, the
  shelters fetch, import and push receipts, the police import the receipts.
  The same prepared installations (copied) go through a folder per pair, one
  relay process, and two relay processes behind the same database.
- p95 of one push (a ~2 KB packet, one device, an idle relay).
- Relay memory: peak resident size of each relay process after the round trips.
- Load: 50 simulated devices in 10 agencies (tests/relay/relay_load.py), two relay
  processes, one killed and restarted mid-run, ten devices' network cut
  mid-transfer; every packet imported once, every receipt back.

`python -m benchmarks.bench_relay [--quick]` runs only this and writes its own
section of docs/benchmarks.md; `make bench` runs it with the rest.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks import bench_exchange
from benchmarks.common import ROOT, Result, percentile, table

for _folder in ("relay", "exchange"):      # the relay tests' harness and parties
    sys.path.insert(0, str(ROOT / "tests" / _folder))

START = "<!-- relay:start -->"
END = "<!-- relay:end -->"


def available() -> bool:
    try:
        import psycopg  # noqa: F401
        import relay_harness
    except ImportError:
        return False
    return relay_harness.pg_bin() is not None


# --- installations -------------------------------------------------------------
def _installation(where: Path, name: str, country: str, kind: str) -> Path:
    return bench_exchange._installation(
        where, {"agency_name": name, "country": country, "agency_type": kind})


_open = bench_exchange._open


def _card(where: Path) -> tuple[str, bytes]:
    from screening_app.exchange.directory import AgencyDirectory

    with _open(where) as s:
        d = AgencyDirectory(s)
        return d.own_agency().id, d.own_card().to_bytes()


def prepare(where: Path, pairs: int, per_pair: int) -> list[tuple[Path, Path]]:
    """Pairs (police, shelter) that know each other; each police has `per_pair`
    referrals queued in its outbox."""
    from screening_app.exchange.directory import AgencyDirectory
    from screening_app.exchange.exporter import export_case

    made = []
    for i in range(pairs):
        police = _installation(where / f"police{i}", f"Border police {i}", "KH",
                               "LawEnforcement")
        shelter = _installation(where / f"shelter{i}", f"Shelter {i}", "TH", "Shelter")
        (_police_id, police_card), (shelter_id, shelter_card) = _card(police), _card(shelter)
        with _open(police) as s:
            AgencyDirectory(s).import_card(shelter_card, verified=True)
            for case_id in bench_exchange.new_cases(s, per_pair):
                export_case(s, case_id, shelter_id, with_pdf=False)
        with _open(shelter) as s:
            AgencyDirectory(s).import_card(police_card, verified=True)
        made.append((police, shelter))
    return made


def _copy(pairs: list[tuple[Path, Path]], to: Path) -> list[tuple[Path, Path]]:
    out = []
    for police, shelter in pairs:
        out.append((Path(shutil.copytree(police, to / police.name)),
                    Path(shutil.copytree(shelter, to / shelter.name))))
    return out


def _round_trip(pairs: list[tuple[Path, Path]], sync: Callable[[Any, int], Any]) -> float:
    """Seconds for: every police sends, every shelter imports and answers, every
    police takes the receipts in (the pairs at once, one thread each)."""

    def run(where: Path, index: int) -> Any:
        with _open(where) as s:
            return sync(s, index)

    start = time.perf_counter()
    with ThreadPoolExecutor(len(pairs)) as pool:
        for side in (0, 1, 0):
            reports = list(pool.map(run, [pair[side] for pair in pairs], range(len(pairs))))
            assert all(r.complete for r in reports), [r.lines()[:3] for r in reports]
    return time.perf_counter() - start


def _check_received(pairs: list[tuple[Path, Path]], per_pair: int) -> None:
    for police, _shelter in pairs:
        with _open(police) as s:
            got = s.database.query("SELECT count(*) FROM exchange_outbox WHERE state = "
                                   "'received'")[0][0]
            assert got == per_pair, (police, got)


# --- the measurements ------------------------------------------------------------
def round_trips(where: Path, pg: Any, pairs: int, per_pair: int) -> tuple[list[Result], list[Any]]:
    from relay_harness import RelayProcess, init_relay_db

    from screening_app.exchange.relay_sync import sync_relay
    from screening_app.exchange.sync import sync_folder
    from screening_app.relay.admin import enroll

    template = prepare(where / "template", pairs, per_pair)
    total = pairs * per_pair
    folders = [where / f"usb{i}" for i in range(pairs)]
    for folder in folders:
        folder.mkdir()
    copies = _copy(template, where / "folder-run")
    folder_s = _round_trip(copies, lambda s, i: sync_folder(s, folders[i]))
    _check_received(copies, per_pair)
    folder_rate = total / folder_s

    results: list[Result] = []
    peaks: list[Any] = []
    for processes in (1, 2):
        db = pg.create_database(f"bench_{processes}")
        init_relay_db(db)
        for police, shelter in template:
            for where_ in (police, shelter):
                enroll(db, _card(where_)[1], verified=True)
        relays = [RelayProcess(db) for _i in range(processes)]
        try:
            copies = _copy(template, where / f"relay-run-{processes}")
            seconds = _round_trip(copies, lambda s, i, r=relays: sync_relay(
                s, r[i % len(r)].url))
            _check_received(copies, per_pair)
            peaks.extend(r.memory_kib()[1] for r in relays)
        finally:
            for relay in relays:
                relay.stop()
        results.append(Result(
            f"relay round trip, {processes} relay process{'es' if processes > 1 else ''} "
            f"(push + fetch + import + receipt)", total / seconds, "packets/s",
            reference=folder_rate, reference_name="sync --folder, same packets",
            target="reported",
            note=f"{pairs} pairs of real installations syncing at once, {per_pair} referrals "
                 f"each ({total} packets + {total} receipts); relay {seconds:.1f} s, folder "
                 f"{folder_s:.1f} s"))
    return results, peaks


def push_latency(pg: Any, count: int) -> Result:
    from exchange_parties import make_party, referral_packet
    from relay_harness import RelayProcess, init_relay_db

    from screening_app.domain import AgencyService, AgencyType
    from screening_app.exchange.relay_client import RelayClient
    from screening_app.relay.admin import enroll

    db = pg.create_database("bench_push")
    init_relay_db(db)
    a = make_party("kh-bench-police", "Bench police", "KH", AgencyType.LAW_ENFORCEMENT)
    b = make_party("th-bench-shelter", "Bench shelter", "TH", AgencyType.NGO,
                   AgencyService.SHELTER)
    for party in (a, b):
        enroll(db, party.card.to_bytes(), verified=True)
    packets = [referral_packet(a, b) for _i in range(count)]
    relay = RelayProcess(db)
    try:
        with RelayClient(relay.url, a.identity, a.agency.id) as client:
            client.push(packets[0].packet_id, b.agency.id, packets[0].data)   # warm up
            times = []
            for built in packets[1:]:
                start = time.perf_counter()
                client.push(built.packet_id, b.agency.id, built.data)
                times.append((time.perf_counter() - start) * 1000)
    finally:
        relay.stop()
    return Result("relay: one push (p95)", percentile(times, 95), "ms", target="reported",
                  note=f"{len(times)} pushes of {len(packets[0].data) / 1024:.1f} KB, one "
                       f"device, idle relay; median {percentile(times, 50):.1f} ms")


def load(pg: Any, packets: int) -> list[Result]:
    from relay_harness import init_relay_db, relays
    from relay_load import LoadRun, Plan

    from screening_app.relay.admin import enroll

    db = pg.create_database("bench_load")
    init_relay_db(db)
    plan = Plan(packets=packets, timeout=900)
    with relays(db, 2) as procs:
        run = LoadRun(plan, procs)
        for agency in run.agencies:
            enroll(db, agency.card.to_bytes(), verified=True)
        build_s = run.build_packets()
        numbers = run.run()
        peaks = [p.memory_kib()[1] for p in procs]
    ledger = run.ledger
    once = (set(ledger.imported) == set(ledger.sent)
            and all(len(d) == 1 for d in ledger.imported.values())
            and set(ledger.receipts) == set(ledger.sent)
            and all(len(r) == 1 for r in ledger.receipts.values()))
    rate = numbers["packets"] / numbers["seconds"]
    return [
        Result("relay load with faults: packets/s (referral + receipt each)", rate,
               "packets/s", target="every packet once, every receipt back", met=once,
               note=f"{plan.agencies * plan.devices_per_agency} devices in {plan.agencies} "
                    f"agencies, 2 relay processes, {numbers['packets']} packets imported once "
                    f"each, {numbers['receipts']} receipts back, in {numbers['seconds']:.0f} s "
                    f"({numbers['rounds']} sync rounds); one relay killed and restarted, "
                    f"{numbers['proxy_cuts']} connections cut, {numbers['device_failures']} "
                    f"syncs failed and were retried; packets built beforehand in "
                    f"{build_s:.0f} s; relay peak memory {max(peaks) / 1024:.0f} MB"),
        Result("relay load with faults: one push (p95)", numbers["push_p95_ms"], "ms",
               target="reported", note="50 devices pushing at once through 2 relays"),
    ]


def run(where: Path, quick: bool = False) -> list[Result]:
    from relay_harness import PgCluster

    pg = PgCluster(durable=True)
    try:
        results, peaks = round_trips(where, pg, pairs=2 if quick else 4,
                                     per_pair=25 if quick else 100)
        results.append(push_latency(pg, 50 if quick else 300))
        results.append(Result("relay process memory (peak resident)", max(peaks) / 1024, "MB",
                              target="reported",
                              note="VmHWM of each relay process after the round trips"))
        results.extend(load(pg, 500 if quick else 5000))
    finally:
        pg.close()
    return results


def main(argv: list[str] | None = None) -> int:
    from benchmarks.__main__ import write_doc

    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_relay")
    parser.add_argument("--quick", action="store_true", help="fewer packets")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="relay-bench-") as tmp:
        results = run(Path(tmp), args.quick)
    seconds = time.perf_counter() - start
    block = "\n".join([
        START, "", f"Relay run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
        f"{' (--quick)' if args.quick else ''}, {seconds / 60:.1f} minutes.", "",
        table(results), "", "Notes per figure:", "",
        *[f"- {r.figure}: {r.note}" for r in results if r.note], "", END])
    print(block)
    if str(args.out) != "-":
        write_doc(block, args.out, START, END)
    return 0


if __name__ == "__main__":
    sys.exit(main())

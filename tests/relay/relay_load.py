"""The relay under load with faults: simulated devices in several agencies push
real packets (age + Ed25519, real cases with canary names) through relay
processes sharing one database, fetch their agency's inbox, open and check each
packet, send the signed receipt to the relay and a receipt packet back to the
sender. Meanwhile one relay process is killed (SIGKILL) and restarted, and the
network of some devices is cut mid-transfer (a loopback proxy).

Each simulated device is what a device's sync does, minus the SQLCipher
database: the real client (`exchange.relay_client.RelayClient`), real packets
(`exchange.packet`), an in-memory record of what it imported (the importer's
"packet id seen" rule). Used by tests/relay/test_relay_load.py (smaller) and
benchmarks/bench_relay.py (full size).
"""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from relay_harness import CuttableProxy, RelayProcess

from screening_app.domain import (
    Agency,
    AgencyService,
    AgencyType,
    Answer,
    Case,
    Consent,
    Gender,
    Person,
)
from screening_app.domain.ids import new_case_id
from screening_app.domain.models import utc_now
from screening_app.errors import Refused
from screening_app.exchange import htcds
from screening_app.exchange.canonical import canonical_bytes
from screening_app.exchange.cards import KeyCard
from screening_app.exchange.identity import DeviceIdentity
from screening_app.exchange.packet import (
    BuiltPacket,
    CardSet,
    PacketKind,
    Receipt,
    build_packet,
    open_packet,
)
from screening_app.exchange.relay_client import RelayClient, RelayUnreachable
from screening_app.exchange.relay_protocol import DELIVERED

# Names that must never appear in the relay's database (scanned in a pg_dump).
CANARIES = ("ស្រីពៅកាណារី", "Sreypov-Canary-7731", "ນົກກາເນຣີ", "ငှက်ကနေရီ", "นกคานารี",
            "金丝雀小红", "Chim Hoàng Yến Canary")


@dataclass
class Plan:
    agencies: int = 10
    devices_per_agency: int = 5
    packets: int = 5000
    relays: int = 2
    workers: int = 8
    push_per_sync: int = 10
    kill_relay: bool = True
    cut_network: bool = True
    cut_devices: int = 10           # devices that reach their relay through the proxy
    timeout: float = 900.0


@dataclass
class SimAgency:
    agency: Agency
    identities: list[DeviceIdentity]
    card: KeyCard


@dataclass
class SimDevice:
    name: str
    home: SimAgency
    identity: DeviceIdentity
    client: RelayClient
    outbox: list[tuple[BuiltPacket, str]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    failures: int = 0


@dataclass
class Ledger:
    """What happened, for the assertions (thread-safe)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    sent: dict[str, tuple[str, str]] = field(default_factory=dict)   # packet -> (from, to)
    pushed: set[str] = field(default_factory=set)
    imported: dict[str, list[str]] = field(default_factory=dict)     # packet -> devices
    cases: dict[str, int] = field(default_factory=dict)              # case id -> imports
    receipts: dict[str, list[str]] = field(default_factory=dict)     # referral -> receipts
    push_seconds: list[float] = field(default_factory=list)

    def done(self) -> bool:
        with self.lock:
            return (len(self.imported) == len(self.sent)
                    and len(self.receipts) == len(self.sent))


def make_agencies(plan: Plan) -> list[SimAgency]:
    """Agencies whose key cards list every device's keys (one card per agency)."""
    found = []
    for n in range(plan.agencies):
        agency = Agency(id=f"{'khlamythvn'[2 * (n % 5):2 * (n % 5) + 2]}-load-agency-{n}",
                        name=f"Load agency {n}", type=AgencyType.NGO,
                        service=AgencyService.SHELTER,
                        country=["KH", "LA", "MM", "TH", "VN"][n % 5])
        identities = [DeviceIdentity.generate() for _i in range(plan.devices_per_agency)]
        card = KeyCard(id=agency.id, name=agency.name, country=agency.country, type=agency.type,
                       service=agency.service,
                       age_recipients=[i.age_recipient for i in identities],
                       signing_keys=[i.signing_key for i in identities],
                       issued=utc_now()).signed(identities[0])
        found.append(SimAgency(agency, identities, card))
    return found


def canary_case(n: int) -> Case:
    case = Case(id=new_case_id(), reference=f"KH-LD-01-{n:05d}", created_by="officer",
                person=Person(given_name=f"{CANARIES[0]}{n}", family_name=CANARIES[1],
                              latin_name=f"{CANARIES[1]} {CANARIES[6]} {n}",
                              gender=Gender.FEMALE, nationality="KH", estimated_age=16,
                              languages=["km"], address=" ".join(CANARIES[2:6])),
                consent=Consent(interview=True, record=True, share_for_referral=True),
                form_id="identification", form_version="1.0")
    case.answers["q1"] = Answer("q1", True, answered_by="officer")
    return case


def referral(sender: SimAgency, identity: DeviceIdentity, to: SimAgency, n: int) -> BuiltPacket:
    case = canary_case(n)
    data = htcds.case_to_packet(case, referring=sender.agency.id, referred=to.agency.id,
                                referral_date=date(2026, 11, 22))
    return build_packet(kind=PacketKind.REFERRAL, identity=identity,
                        sender_agency=sender.agency.id, recipient=to.card,
                        content={"case.json": canonical_bytes(data)}, case_id=case.id,
                        case_revision=1, form={"id": case.form_id,
                                               "version": case.form_version})


class LoadRun:
    def __init__(self, plan: Plan, relays: list[RelayProcess], seed: int = 7) -> None:
        self.plan = plan
        self.relays = relays
        self.rng = random.Random(seed)
        self.agencies = make_agencies(plan)
        self.directory = CardSet({a.agency.id: a.card for a in self.agencies},
                                 {a.agency.id for a in self.agencies})
        self.ledger = Ledger()
        self.proxy: CuttableProxy | None = None
        self.devices: list[SimDevice] = []
        self.events: list[str] = []
        self.kills = 0
        proxied = 0
        for agency in self.agencies:
            for k, identity in enumerate(agency.identities):
                relay = relays[len(self.devices) % len(relays)]
                url = relay.url
                if plan.cut_network and proxied < plan.cut_devices and relay is relays[0]:
                    if self.proxy is None:
                        self.proxy = CuttableProxy(relay.port)
                    url = self.proxy.url
                    proxied += 1
                self.devices.append(SimDevice(f"{agency.agency.id}/{k}", agency, identity,
                                              RelayClient(url, identity, agency.agency.id,
                                                          timeout=20)))

    # --- preparation ---------------------------------------------------------
    def build_packets(self) -> float:
        """Every device's share of referrals, to other agencies whose cards it
        verified (as `export_case` requires); seconds taken."""
        start = time.perf_counter()
        for n in range(self.plan.packets):
            device = self.devices[n % len(self.devices)]
            to = self.rng.choice([a for a in self.agencies if a is not device.home
                                  and self.directory.is_verified(a.agency.id)])
            built = referral(device.home, device.identity, to, n)
            device.outbox.append((built, to.agency.id))
            self.ledger.sent[built.packet_id] = (device.home.agency.id, to.agency.id)
        return time.perf_counter() - start

    # --- one device's sync ---------------------------------------------------
    def sync(self, device: SimDevice) -> None:
        try:
            self._pull(device)
            self._push(device)
        except RelayUnreachable:
            device.failures += 1
        except Refused as refused:      # e.g. the database of the relay was busy: try later
            device.failures += 1
            self.events.append(f"{device.name}: {refused.message}")

    def _pull(self, device: SimDevice) -> None:
        handled: set[str] = set()
        while True:
            page, _waiting = device.client.inbox()
            new = [w for w in page if w.packet_id not in handled]
            if not new:
                return
            for waiting in new:
                handled.add(waiting.packet_id)
                if waiting.packet_id not in device.seen:
                    self._import(device, device.client.download(waiting.packet_id))
                device.client.settle(waiting.packet_id, DELIVERED)

    def _import(self, device: SimDevice, data: bytes) -> None:
        home = device.home
        packet = open_packet(data, device.identity, self.directory, agency_id=home.agency.id)
        # what the importer needs to import rather than hold in quarantine
        assert packet.sender_verified and packet.problem is None, packet.problem
        m = packet.manifest
        with self.ledger.lock:
            if m.kind is PacketKind.RECEIPT:
                assert packet.receipt is not None
                self.ledger.receipts.setdefault(packet.receipt.receipt_for, []).append(
                    m.packet_id)
            else:
                self.ledger.imported.setdefault(m.packet_id, []).append(device.name)
                self.ledger.cases[packet.case().id] = self.ledger.cases.get(
                    packet.case().id, 0) + 1
        device.seen.add(m.packet_id)
        if m.kind is not PacketKind.RECEIPT:
            sender = next(a for a in self.agencies if a.agency.id == m.sender_agency)
            receipt = Receipt(m.packet_id, m.case_id, utc_now(), "imported")
            built = build_packet(kind=PacketKind.RECEIPT, identity=device.identity,
                                 sender_agency=home.agency.id, recipient=sender.card,
                                 content={"receipt.json": canonical_bytes(receipt.to_dict())},
                                 case_id=m.case_id, receipt_for=m.packet_id)
            device.outbox.append((built, sender.agency.id))

    def _push(self, device: SimDevice) -> None:
        for _i in range(self.plan.push_per_sync):
            if not device.outbox:
                return
            built, recipient = device.outbox[0]
            start = time.perf_counter()
            device.client.push(built.packet_id, recipient, built.data)
            elapsed = time.perf_counter() - start
            device.outbox.pop(0)
            with self.ledger.lock:
                self.ledger.pushed.add(built.packet_id)
                self.ledger.push_seconds.append(elapsed)

    # --- the run -------------------------------------------------------------
    def _faults(self, stop: threading.Event) -> None:
        """Kill and restart a relay at a third of the pushes; cut the proxy at half."""
        total = len(self.ledger.sent)
        killed = cut = False
        while not stop.is_set():
            pushed = len(self.ledger.pushed)
            if self.plan.kill_relay and not killed and pushed >= total // 3:
                victim = self.relays[-1]
                victim.kill()
                self.kills += 1
                self.events.append(f"relay on port {victim.port} killed at {pushed} pushes")
                time.sleep(1.5)
                victim.start()
                self.events.append("relay restarted")
                killed = True
            if self.proxy is not None and not cut and pushed >= total // 2:
                self.proxy.cut(2.0)
                self.events.append(f"network cut for {self.plan.cut_devices} devices at "
                                   f"{pushed} pushes")
                cut = True
            stop.wait(0.05)

    def run(self) -> dict[str, Any]:
        stop = threading.Event()
        faults = threading.Thread(target=self._faults, args=(stop,), daemon=True)
        start = time.perf_counter()
        faults.start()
        rounds = 0
        try:
            with ThreadPoolExecutor(self.plan.workers) as pool:
                while not self.ledger.done():
                    if time.perf_counter() - start > self.plan.timeout:
                        break
                    order = list(self.devices)
                    self.rng.shuffle(order)
                    list(pool.map(self.sync, order))
                    rounds += 1
        finally:
            stop.set()
            faults.join()
            for device in self.devices:
                device.client.close()
            if self.proxy is not None:
                self.proxy.close()
        elapsed = time.perf_counter() - start
        pushes = sorted(self.ledger.push_seconds)
        return {
            "packets": len(self.ledger.sent), "receipts": len(self.ledger.receipts),
            "seconds": elapsed, "rounds": rounds,
            "device_failures": sum(d.failures for d in self.devices),
            "proxy_cuts": 0 if self.proxy is None else self.proxy.cuts,
            "relay_kills": self.kills,
            "push_p95_ms": 1000 * pushes[int(0.95 * (len(pushes) - 1))] if pushes else 0.0,
            "events": list(self.events),
        }

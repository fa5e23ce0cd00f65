"""keys, packet and sync: exchanging referrals between agencies.

    keys show [--json] [--qr] | keys list [--json] | keys export-card --out FILE
    keys import-card FILE [--verified] | keys reject-change AGENCY | keys revoke AGENCY
    keys rotate
    packet export ID --to AGENCY --out FILE [--reason REASON] [--details TEXT]
    packet import FILE... | packet verify FILE | packet inspect FILE [--json]
    packet conflicts [--json]
    sync --folder PATH | sync --relay [URL]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from screening_app.commands.common import add_reason_options, add_unlock_options, open_session
from screening_app.errors import Refused
from screening_app.i18n import _
from screening_app.output import dumps, visible


def register(sub: Any) -> None:
    keys = sub.add_parser("keys", help=_("this installation's keys and the agency directory"))
    keys_sub = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    show = keys_sub.add_parser("show", help=_("show this agency's id and key fingerprint"))
    add_unlock_options(show)
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    show.add_argument("--qr", action="store_true",
                      help=_("also draw the fingerprint as a QR code in the terminal"))
    show.set_defaults(handler=keys_show)
    listing = keys_sub.add_parser("list", help=_("list the agencies in the directory"))
    add_unlock_options(listing)
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=keys_list)
    export = keys_sub.add_parser("export-card", help=_("write this agency's key card"))
    add_unlock_options(export)
    export.add_argument("--out", type=Path, required=True, metavar="FILE")
    export.add_argument("--valid-days", type=int, metavar="N",
                        help=_("the card expires after N days (default: never)"))
    export.set_defaults(handler=keys_export_card)
    imp = keys_sub.add_parser("import-card", help=_("add another agency's key card"))
    add_unlock_options(imp)
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--verified", action="store_true",
                     help=_("mark the card verified: only after comparing the fingerprint "
                            "with the agency by phone or in person"))
    imp.set_defaults(handler=keys_import_card)
    reject = keys_sub.add_parser("reject-change",
                                 help=_("refuse an agency's new keys after comparing the "
                                        "fingerprint (keep the keys held)"))
    add_unlock_options(reject)
    reject.add_argument("agency", metavar="AGENCY")
    reject.set_defaults(handler=keys_reject_change)
    revoke = keys_sub.add_parser("revoke", help=_("stop trusting an agency's keys"))
    add_unlock_options(revoke)
    revoke.add_argument("agency", metavar="AGENCY")
    revoke.set_defaults(handler=keys_revoke)
    rotate = keys_sub.add_parser("rotate",
                                 help=_("change this agency's packet keys (administrators); "
                                        "partners follow by the signed key change"))
    add_unlock_options(rotate)
    rotate.set_defaults(handler=keys_rotate)

    packet = sub.add_parser("packet", help=_("export, import and verify referral packets"))
    packet_sub = packet.add_subparsers(dest="packet_command", metavar="ACTION", required=True)
    pexport = packet_sub.add_parser("export", help=_("export a case as a packet for an agency"))
    add_unlock_options(pexport)
    pexport.add_argument("case_id", metavar="ID")
    pexport.add_argument("--to", required=True, metavar="AGENCY", dest="agency")
    pexport.add_argument("--out", type=Path, required=True, metavar="FILE")
    add_reason_options(pexport)
    pexport.set_defaults(handler=packet_export)
    pimport = packet_sub.add_parser("import", help=_("import packets"))
    add_unlock_options(pimport)
    pimport.add_argument("files", type=Path, nargs="+", metavar="FILE")
    pimport.set_defaults(handler=packet_import)
    verify = packet_sub.add_parser("verify", help=_("check a packet without importing it"))
    add_unlock_options(verify)
    verify.add_argument("file", type=Path, metavar="FILE")
    verify.set_defaults(handler=packet_verify)
    inspect = packet_sub.add_parser(
        "inspect", help=_("decrypt and verify a packet and show what it holds, without "
                          "importing it"))
    add_unlock_options(inspect)
    inspect.add_argument("file", type=Path, metavar="FILE")
    inspect.add_argument("--json", action="store_true", help=_("print JSON"))
    inspect.set_defaults(handler=packet_inspect)
    conflicts = packet_sub.add_parser("conflicts",
                                      help=_("list merge conflicts waiting for review"))
    add_unlock_options(conflicts)
    conflicts.add_argument("--json", action="store_true", help=_("print JSON"))
    conflicts.set_defaults(handler=packet_conflicts)

    sync = sub.add_parser("sync", help=_("send the outbox and import what waits, through a "
                                         "folder or a relay"))
    add_unlock_options(sync)
    where = sync.add_mutually_exclusive_group(required=True)
    where.add_argument("--folder", type=Path, metavar="PATH",
                       help=_("a folder: USB stick or shared drive"))
    where.add_argument("--relay", nargs="?", const="", metavar="URL",
                       help=_("a relay (without URL: the relay set in Settings)"))
    sync.set_defaults(handler=sync_command)


def _read(path: Path, limit: int = 64 * 1024 * 1024) -> bytes:
    try:
        if path.stat().st_size > limit:     # never pull a huge file into memory
            raise Refused(_("The file {file} is far larger than a packet or key card may "
                            "be; nothing was imported.").format(file=path.name))
        return path.read_bytes()
    except OSError:
        raise Refused(_("Cannot read the file {file}.").format(file=path.name)) from None


def keys_show(args: argparse.Namespace) -> int:
    from screening_app.exchange.directory import AgencyDirectory

    with open_session(args) as session:
        card = AgencyDirectory(session).own_card()
    info = {"agency_id": card.id, "fingerprint": card.fingerprint, "name": card.name,
            "country": card.country, "type": None if card.type is None else card.type.value,
            "service": None if card.service is None else card.service.value,
            "device_id": session.device.id, "age_recipients": card.age_recipients,
            "signing_keys": card.signing_keys}
    if args.json:
        print(dumps(info, indent=2))
        return 0
    print(_("Agency: {name} ({id}), {country}").format(name=card.name, id=card.id,
                                                      country=card.country))
    print(_("Fingerprint: {fingerprint}").format(fingerprint=card.fingerprint))
    print(_("Receiving key: {key}").format(key=card.age_recipients[0]))
    if args.qr:
        import segno

        from screening_app.exchange.cards import fingerprint_qr_text

        segno.make(fingerprint_qr_text(card.id, card.fingerprint), error="m").terminal(
            out=sys.stdout, compact=True)
    return 0


def keys_list(args: argparse.Namespace) -> int:
    from screening_app.exchange.directory import AgencyDirectory, state_text

    with open_session(args) as session:
        entries = AgencyDirectory(session).entries()
    rows = [{"agency_id": e.agency.id, "name": e.agency.name, "country": e.agency.country,
             "type": None if e.agency.type is None else e.agency.type.value,
             "service": None if e.agency.service is None else e.agency.service.value,
             "has_card": e.card is not None,
             "verified": e.verified, "revoked": e.revoked, "state": e.state,
             "fingerprint": None if e.card is None else e.card.fingerprint,
             "new_fingerprint": None if e.pending is None else e.pending.fingerprint}
            for e in entries]
    if args.json:
        print(dumps(rows, indent=2))
        return 0
    for row in rows:
        state = state_text(str(row["state"]))
        print(f"{row['agency_id']:40} {row['country']}  {state:14} {row['name']}")
    return 0



def keys_export_card(args: argparse.Namespace) -> int:
    from screening_app.exchange.directory import AgencyDirectory
    from screening_app.storage.datadir import write_atomically

    if args.valid_days is not None and args.valid_days < 1:
        raise Refused(_("--valid-days must be at least 1."))
    with open_session(args) as session:
        card = AgencyDirectory(session).own_card(valid_days=args.valid_days)
        session.audit.record("card_export", detail={"agency": card.id,
                                                    "fingerprint": card.fingerprint})
    try:
        write_atomically(args.out, card.to_bytes())
    except OSError:
        raise Refused(_("Cannot write the key card to that place.")) from None
    print(_("Key card written. Fingerprint: {fingerprint}").format(fingerprint=card.fingerprint))
    return 0


def keys_import_card(args: argparse.Namespace) -> int:
    from screening_app.exchange.directory import AgencyDirectory
    from screening_app.exchange.importer import Importer

    data = _read(args.file)
    with open_session(args) as session:
        done = AgencyDirectory(session).import_card(data, verified=args.verified)
        released = Importer(session).release_quarantine(done.agency_id)
    print(done.describe())
    for item in released:
        if isinstance(item, Refused) or not item.ok:
            print(item.message if isinstance(item, Refused) else item.describe(),
                  file=sys.stderr)
        else:
            print(item.describe())
    return 0


def keys_reject_change(args: argparse.Namespace) -> int:
    from screening_app.exchange.directory import AgencyDirectory
    from screening_app.exchange.importer import Importer

    with open_session(args) as session:
        AgencyDirectory(session).reject_pending(args.agency)
        released = Importer(session).release_quarantine(args.agency)
    print(_("The new keys of {agency} were refused; its held card stays in use.").format(
        agency=args.agency))
    for item in released:
        print(item.message if isinstance(item, Refused) else item.describe())
    return 0


def keys_rotate(args: argparse.Namespace) -> int:
    from screening_app.exchange.rotation import rotate_agency_keys

    with open_session(args) as session:
        rotated = rotate_agency_keys(session)
    if rotated is None:
        print(_("This installation has no packet keys yet; nothing was changed."))
        return 0
    print(rotated.describe())
    return 0


def keys_revoke(args: argparse.Namespace) -> int:
    from screening_app.exchange.directory import AgencyDirectory

    with open_session(args) as session:
        AgencyDirectory(session).revoke(args.agency)
    print(_("The keys of {agency} are revoked: its packets are refused until it gives you a "
            "card with new keys.").format(agency=args.agency))
    return 0


def packet_export(args: argparse.Namespace) -> int:
    from screening_app.exchange.exporter import export_case
    from screening_app.exchange.packet import PdfStatus
    from screening_app.storage.datadir import write_atomically

    with open_session(args) as session:
        exported = export_case(session, args.case_id, args.agency, reason=args.reason,
                               details=args.details)
    try:
        write_atomically(args.out, exported.packet.data)
    except OSError:
        raise Refused(_("Cannot write the packet to that place; it stays queued in the "
                        "outbox for the next sync.")) from None
    print(_("Packet {packet} ({kind}) for {agency} written and queued in the outbox.").format(
        packet=exported.packet.packet_id, kind=exported.kind.value,
        agency=exported.recipient.id))
    if exported.pdf is PdfStatus.NOT_AVAILABLE:
        print(_("The referral PDF is not included (it cannot be made on this installation); "
                "the receiving agency can print the referral from the case."), file=sys.stderr)
    return 0


def packet_import(args: argparse.Namespace) -> int:
    from screening_app.exchange.importer import Importer
    from screening_app.exchange.packet import PacketRefused

    status = 0
    with open_session(args) as session:
        importer = Importer(session)
        for path in args.files:
            try:
                result = importer.import_packet(_read(path))
            except PacketRefused as refused:
                print(f"{path.name}: {refused.message}", file=sys.stderr)
                status = 1
                continue
            # a packet held in quarantine is a notice: stderr, so stdout stays parseable
            print(f"{path.name}: {result.describe()}",
                  file=sys.stdout if result.ok else sys.stderr)
            if not result.ok:
                status = 1
    return status


def packet_verify(args: argparse.Namespace) -> int:
    from screening_app.exchange.importer import Importer

    data = _read(args.file)
    with open_session(args) as session:
        packet = Importer(session).verify(data)
    m = packet.manifest
    print(_("Packet {packet} is valid: {kind} from {agency}, created {created}.").format(
        packet=m.packet_id, kind=m.kind.value, agency=m.sender_agency,
        created=m.created.isoformat(timespec="minutes")))
    print(_("Members: {names}").format(names=", ".join(sorted(m.members))))
    if not packet.sender_verified:
        print(_("Warning: the sender's key card is not verified."), file=sys.stderr)
    return 0


def packet_inspect(args: argparse.Namespace) -> int:
    from screening_app.exchange.inspect import inspect_packet

    data = _read(args.file)
    with open_session(args) as session:
        shown = inspect_packet(session, data)
    if args.json:
        print(dumps(shown.to_dict(), indent=1))
        return 0
    for line in inspection_lines(shown.to_dict()):
        print(line)
    return 0


def inspection_lines(d: dict[str, Any]) -> list[str]:
    """A packet's manifest and content, one field a line (control characters shown
    as escapes: the content comes from outside)."""
    m = d["manifest"]
    lines = [
        _("Packet {packet}: {kind} (format {version}) from {agency} to {recipient}, created "
          "{created}.").format(packet=m["packet_id"], kind=m["kind"],
                               version=m["format_version"], agency=m["sender"]["agency_id"],
                               recipient=m["recipient"]["agency_id"], created=m["created"]),
        _("The sender's key card is verified.") if d["sender_verified"]
        else _("Warning: the sender's key card is not verified."),
        _("Members: {names}").format(names=", ".join(sorted(m["members"]))),
    ]
    case = d.get("case_as_htcds_2_0") or d.get("case")
    if case is not None:
        lines.append(_("Case {case} ({reference}):").format(
            case=m["case_id"], reference=(d["case"] or {}).get("reference", "")))
        row = case.get("htcds") or {}
        lines += [f"  {k}: {_plain(v)}" for k, v in row.items()]
        for n, event in enumerate(case.get("htcds_events") or [], 1):
            lines.append(f"  hte[{n}]: " + ", ".join(f"{k}={_plain(v)}"
                                                     for k, v in event.items()))
        ext = (d["case"] or {}).get("x_screening_app") or d["case"] or {}
        lines.append("  " + _("Answers: {count}").format(count=len(ext.get("answers") or {})))
    if d.get("receipt"):
        lines.append(_("Receipt for packet {packet}: {result}").format(
            packet=d["receipt"]["receipt_for"], result=d["receipt"]["result"]))
    return lines


def _plain(value: Any) -> str:
    """One value from a packet on one line: every control and bidirectional-formatting
    character (tab and newline too) as a visible escape (the validation layer's
    `visible`)."""
    return visible(", ".join(map(str, value)) if isinstance(value, list) else str(value))


def packet_conflicts(args: argparse.Namespace) -> int:
    from screening_app.exchange.conflicts import open_conflicts
    from screening_app.exchange.packet import short_id

    with open_session(args) as session:
        found = open_conflicts(session)
    if args.json:
        print(dumps([c.to_dict() for c in found], indent=2))
        return 0
    for c in found:
        print(_("Case {case}: field {field} changed on both sides (packet {packet})").format(
            case=c.case_id, field=c.field, packet=short_id(c.packet_id)))
    if not found:
        print(_("No conflicts waiting for review."))
    return 0


def sync_command(args: argparse.Namespace) -> int:
    from screening_app.exchange.sync import sync_folder

    def progress(done: int, total: int, what: str) -> None:
        print(f"[{done}/{total}] {what}", file=sys.stderr, flush=True)

    with open_session(args) as session:
        if args.folder is not None:
            report = sync_folder(session, args.folder, progress)
        else:
            from screening_app.exchange.relay_sync import sync_relay

            report = sync_relay(session, args.relay or None, progress)
    # refusals and packets held in quarantine go to stderr, the rest to stdout
    problems = {f"{name}: {message}" for name, message in report.refused}
    problems |= {result.describe() for result in report.imported if not result.ok}
    for line in report.lines():
        print(line, file=sys.stderr if line in problems else sys.stdout)
    return 0 if report.complete else 1

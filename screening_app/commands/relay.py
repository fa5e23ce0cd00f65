"""relay: run and administer a relay (docs/relay.md). No encrypted case database
is involved: these commands take the relay's PostgreSQL address instead.

    relay serve --db URL --listen HOST:PORT [--expire-days N] [--keep-days N] ...
    relay init --db URL
    relay enroll CARD --db URL [--verified]
    relay revoke AGENCY --db URL
    relay status --db URL [--json]

--db may be left out when SCREENING_RELAY_DB is set (keeps a password out of `ps`).
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from screening_app.errors import Refused
from screening_app.i18n import _

DB_ENV = "SCREENING_RELAY_DB"
MAX_CARD_FILE = 64 * 1024


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=os.environ.get(DB_ENV), required=DB_ENV not in os.environ,
                        metavar="URL",
                        help=_("the relay's PostgreSQL database, e.g. "
                               "postgresql://relay@localhost/relay (default: {var})").format(
                                   var=DB_ENV))


def register(sub: Any) -> None:
    relay = sub.add_parser("relay", help=_("run and administer a relay for syncing packets"))
    rsub = relay.add_subparsers(dest="relay_command", metavar="ACTION", required=True)

    serve = rsub.add_parser("serve", help=_("run one relay process"))
    _db(serve)
    serve.add_argument("--listen", default="127.0.0.1:8470", metavar="HOST:PORT",
                       help=_("address and port to listen on (default 127.0.0.1:8470; put "
                              "a TLS reverse proxy in front)"))
    serve.add_argument("--expire-days", type=float, default=30.0, metavar="N",
                       help=_("unclaimed packets expire after N days (default 30)"))
    serve.add_argument("--keep-days", type=float, default=90.0, metavar="N",
                       help=_("keep the routing facts of delivered packets N days "
                              "(default 90)"))
    serve.add_argument("--lease-seconds", type=int, default=600, metavar="N",
                       help=_("a fetched packet is held for that device N seconds (default "
                              "600)"))
    serve.add_argument("--max-packet-bytes", type=int, metavar="N",
                       help=_("largest packet accepted (default: the packet format's limit)"))
    serve.add_argument("--pool-size", type=int, default=10, metavar="N",
                       help=_("database connections of this process (default 10)"))
    serve.add_argument("--sweep-seconds", type=float, default=60.0, metavar="N",
                       help=_("how often expiry and clean-up run, in seconds (default 60)"))
    serve.add_argument("--db-timeout", type=float, default=5.0, metavar="SECONDS",
                       help=_("wait at most this long for a database connection before "
                              "answering that the database is unavailable (default 5)"))
    serve.add_argument("--access-log", action="store_true",
                       help=_("log every request (method, path, status)"))
    serve.set_defaults(handler=relay_serve)

    init = rsub.add_parser("init", help=_("create or update the relay's database schema"))
    _db(init)
    init.set_defaults(handler=relay_init)

    enroll = rsub.add_parser("enroll", help=_("let an agency's devices use the relay"))
    _db(enroll)
    enroll.add_argument("card", type=Path, metavar="CARD")
    enroll.add_argument("--verified", action="store_true",
                        help=_("confirm that the fingerprint was compared with the agency by "
                               "phone or in person"))
    enroll.set_defaults(handler=relay_enroll)

    revoke = rsub.add_parser("revoke", help=_("stop an agency's keys on the relay at once"))
    _db(revoke)
    revoke.add_argument("agency", metavar="AGENCY")
    revoke.set_defaults(handler=relay_revoke)

    status = rsub.add_parser("status", help=_("queue depth per agency, oldest packet, bytes"))
    _db(status)
    status.add_argument("--json", action="store_true", help=_("print JSON"))
    status.set_defaults(handler=relay_status)


def _service() -> None:
    """Refuse in one line when the relay's libraries are not installed here (the
    desktop build leaves them out)."""
    try:
        import psycopg  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise Refused(_("The relay service is not installed here. Install it with: pip install "
                        "'screening-app[relay]'")) from None


def _config(args: argparse.Namespace) -> Any:
    from screening_app.relay.config import RelayConfig

    values: dict[str, Any] = {}
    for name in ("expire_days", "keep_days", "lease_seconds", "pool_size", "sweep_seconds",
                 "max_packet_bytes", "db_timeout"):
        value = getattr(args, name, None)
        if value is not None:
            if value <= 0:
                raise Refused(_("Every number given to 'relay serve' must be above zero."))
            values[name] = value
    return RelayConfig(db=args.db, **values)


def _small_file(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_CARD_FILE:
            raise Refused(_("The file {file} is far larger than a key card may be; nothing "
                            "was enrolled.").format(file=path.name))
        return path.read_bytes()
    except OSError:
        raise Refused(_("Cannot read the file {file}.").format(file=path.name)) from None


def relay_serve(args: argparse.Namespace) -> int:
    _service()
    from screening_app.relay.serve import serve

    serve(_config(args), args.listen, access_log=args.access_log)
    return 0


def relay_init(args: argparse.Namespace) -> int:
    _service()
    from screening_app.relay.admin import init

    before, after = init(args.db)
    if before == after:
        print(_("The relay schema is up to date (version {version}).").format(version=after))
    else:
        print(_("Relay schema created or updated: version {before} to {after}.").format(
            before=before, after=after))
    return 0


def relay_enroll(args: argparse.Namespace) -> int:
    _service()
    from screening_app.relay.admin import enroll

    done = enroll(args.db, _small_file(args.card), verified=args.verified)
    print(done.describe())
    return 0


def relay_revoke(args: argparse.Namespace) -> int:
    _service()
    from screening_app.relay.admin import revoke

    revoke(args.db, args.agency)
    print(_("The keys of {agency} are revoked on this relay: its devices are refused until "
            "it is enrolled with new keys.").format(agency=args.agency))
    return 0


def relay_status(args: argparse.Namespace) -> int:
    _service()
    from screening_app.relay.admin import status

    found = status(args.db)
    if args.json:
        print(json.dumps(found, indent=2))
        return 0
    print(_("{agencies} agencies enrolled ({revoked} revoked); {packets} packets waiting, "
            "{bytes} bytes; oldest waiting since {oldest}.").format(
                agencies=found["agencies"], revoked=found["revoked"],
                packets=found["waiting_packets"], bytes=found["waiting_bytes"],
                oldest=found["oldest_waiting"] or "-"))
    for row in found["per_agency"]:
        if row["waiting"]:
            print(f"{row['agency_id']:40} {row['waiting']:8} {row['bytes']:12} "
                  f"{row['oldest']}")
    return 0

"""`check`, `backup --out FILE`, `restore FILE [--force]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from screening_app.commands.common import (
    add_unlock_options,
    data_dir_of,
    open_session,
    stray_slot_line,
)
from screening_app.errors import Refused
from screening_app.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    check = sub.add_parser("check", help=_("verify the database, its encryption and the "
                                           "audit chain"))
    check.add_argument("--json", action="store_true")
    backup = sub.add_parser("backup", help=_("write an encrypted backup"))
    backup.add_argument("--out", type=Path, required=True, metavar="FILE")
    restore = sub.add_parser("restore", help=_("restore an encrypted backup after checking it"))
    restore.add_argument("backup", type=Path, metavar="FILE")
    restore.add_argument("--force", action="store_true",
                         help=_("replace a database that has newer changes than the backup"))
    for parser in (check, backup, restore):
        add_unlock_options(parser)
    restore.add_argument("--recovery", action="store_true",
                         help=_("unlock the backup with its recovery code"))
    check.set_defaults(handler=run_check)
    backup.set_defaults(handler=run_backup)
    restore.set_defaults(handler=run_restore)


def run_check(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        report = session.check()
    if args.json:
        print(json.dumps(report.to_dict()))
    elif report.ok:
        print(_("Database, encryption and audit chain are intact ({rows} audit rows).").format(
            rows=report.audit_rows))
    if not args.json and report.unanchored_rows:
        print(_("{n} audit rows after the latest signed checkpoint are not yet signed by a "
                "supervisor or an administrator (rows {first} to {last}); they are signed at "
                "the next unlock or backup of one of them.").format(
                    n=report.unanchored_rows, first=report.anchored_rows + 1,
                    last=report.audit_rows))
    if report.ok:
        return 0
    if report.audit_broken_row is not None:
        print(_("The audit log was altered: the chain breaks at row {row}.").format(
            row=report.audit_broken_row), file=sys.stderr)
    if report.checkpoint_mismatch is not None or report.own_anchor_broken:
        print(_("The audit log was rewritten: it no longer matches a checkpoint signed by a "
                "supervisor or an administrator. Compare it with a backup and report this."),
              file=sys.stderr)
    for slot in report.stray_slots:
        print(stray_slot_line(slot), file=sys.stderr)
    if report.integrity != ["ok"] or report.cipher_integrity or report.errors:
        problems = (len([x for x in report.integrity if x != "ok"])
                    + len(report.cipher_integrity) + len(report.errors))
        print(_("The database file is damaged ({n} problems). Restore it from a backup.").format(
            n=problems), file=sys.stderr)
    return 1


def run_backup(args: argparse.Namespace) -> int:
    from screening_app.storage.backup import write_backup

    if args.out.exists():
        raise Refused(_("The backup file exists already. Nothing was written; choose another "
                        "name."))
    with open_session(args) as session:
        write_backup(session, args.out)
    print(_("Encrypted backup written: {path}").format(path=args.out))
    return 0


def _ask(question: str) -> bool:
    if not sys.stdin or not sys.stdin.isatty():
        return False
    return input(question + " [y/N] ").strip().lower() in ("y", "yes")


def run_restore(args: argparse.Namespace) -> int:
    from screening_app.commands.common import read_passphrase
    from screening_app.storage.backup import NewerDatabase, restore_backup

    recovery = bool(args.recovery)
    secret = read_passphrase(args, _("Recovery code: ") if recovery else None)
    data_dir = data_dir_of(args)
    try:
        restore_backup(data_dir, args.backup, args.user, secret, recovery=recovery,
                       force=args.force)
    except NewerDatabase:
        if not _ask(_("The database here is newer than the backup. Replace it?")):
            raise
        restore_backup(data_dir, args.backup, args.user, secret, recovery=recovery, force=True)
    print(_("Backup restored. The replaced files are kept (encrypted) in {path}.").format(
        path=data_dir / "replaced"))
    return 0

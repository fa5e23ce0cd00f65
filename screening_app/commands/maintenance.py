"""`check`, `backup --out FILE`, `restore FILE [--force]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from screening_app.commands.common import (
    add_unlock_options,
    data_dir_of,
    open_session,
    stray_slot_line,
)
from screening_app.errors import Refused
from screening_app.i18n import _, ngettext


def register(sub: argparse._SubParsersAction) -> None:
    check = sub.add_parser("check", help=_("verify the database, its encryption and the "
                                           "audit chain"))
    check.add_argument("--json", action="store_true")
    backup = sub.add_parser("backup", help=_("write an encrypted backup"))
    backup.add_argument("--out", type=Path, required=True, metavar="FILE")
    restore = sub.add_parser("restore", help=_("restore an encrypted backup after checking it"))
    restore.add_argument("backup", type=Path, metavar="FILE")
    restore.add_argument("--force", action="store_true",
                         help=_("set aside changes made here since the backup without asking"))
    restore.add_argument("--replace-installation", action="store_true",
                         help=_("replace this installation with a backup of another one"))
    restore.add_argument("--backup-user", metavar="NAME",
                         help=_("whose key slot opens the backup (default: --user)"))
    restore.add_argument("--backup-passphrase-file", type=Path, metavar="FILE",
                         help=_("the backup's passphrase (default: the one given for here)"))
    restore.add_argument("--backup-recovery", action="store_true",
                         help=_("open the backup with its recovery code"))
    for parser in (check, backup, restore):
        add_unlock_options(parser)
    restore.add_argument("--recovery", action="store_true",
                         help=_("unlock the backup with its recovery code"))
    check.set_defaults(handler=run_check)
    backup.set_defaults(handler=run_backup)
    restore.set_defaults(handler=run_restore)


def run_check(args: argparse.Namespace) -> int:
    from screening_app.output import dumps
    from screening_app.storage.damage import DatabaseDamaged

    try:
        with open_session(args) as session:
            report = session.check()
    except DatabaseDamaged as damaged:        # too damaged to open: say what fails
        if args.json:
            print(dumps({"ok": False, "damaged": damaged.problems}))
        for line in damaged.problems:
            print(line, file=sys.stderr)
        _damaged(len(damaged.problems))
        return 1
    if args.json:
        print(dumps(report.to_dict()))
    elif report.ok:
        print(ngettext("Database, encryption and audit chain are intact ({rows} audit row).",
                       "Database, encryption and audit chain are intact ({rows} audit rows).",
                       report.audit_rows).format(rows=report.audit_rows))
    if not args.json and report.unanchored_rows:
        print(ngettext(
            "{n} audit row after the latest signed checkpoint is not yet signed by a "
            "supervisor or an administrator (rows {first} to {last}); it is signed at "
            "the next unlock or backup of one of them.",
            "{n} audit rows after the latest signed checkpoint are not yet signed by a "
            "supervisor or an administrator (rows {first} to {last}); they are signed at "
            "the next unlock or backup of one of them.",
            report.unanchored_rows).format(
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
        _damaged(len([x for x in report.integrity if x != "ok"])
                 + len(report.cipher_integrity) + len(report.errors))
    return 1


def _damaged(problems: int) -> None:
    print(ngettext("The database file is damaged ({n} problem). Restore the latest backup "
                   "with 'screening-app restore FILE'.",
                   "The database file is damaged ({n} problems). Restore the latest backup "
                   "with 'screening-app restore FILE'.", problems).format(n=problems),
          file=sys.stderr)


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
    """Administrators only. Shows the backup against what is here (stderr), then
    refuses, asks (at a terminal) or restores; see storage/restore.py."""
    from screening_app.commands.common import read_passphrase
    from screening_app.storage.restore import (
        Credentials,
        RestorePlan,
        confirmation_word,
        describe_plan,
        restore_backup,
        set_aside_text,
    )

    recovery = bool(args.recovery)
    secret = read_passphrase(args, _("Recovery code: ") if recovery else None)
    backup_credentials = None
    if args.backup_user or args.backup_passphrase_file or args.backup_recovery:
        backup_secret = secret
        if args.backup_passphrase_file is not None or args.backup_recovery != recovery:
            backup_secret = read_passphrase(
                argparse.Namespace(passphrase_file=args.backup_passphrase_file),
                _("The backup's recovery code: ") if args.backup_recovery
                else _("The backup's passphrase: "))
        backup_credentials = Credentials(args.backup_user or args.user, backup_secret,
                                         bool(args.backup_recovery))

    shown: list[RestorePlan] = []

    def show(plan: RestorePlan) -> None:
        if plan not in shown:            # once: before a question, or before restoring
            shown.append(plan)
            for line in describe_plan(plan):
                print(line, file=sys.stderr)

    def ask(plan: RestorePlan) -> bool:
        show(plan)
        if plan.foreign:
            word = confirmation_word(plan)
            typed = input(_("This replaces the whole installation here. Type the agency "
                            "name {name} to go ahead: ").format(name=word))
            return typed.strip() == word
        return _ask(set_aside_text(plan) + " " + _("Restore the backup anyway?"))

    interactive = bool(sys.stdin) and sys.stdin.isatty()
    data_dir = data_dir_of(args)
    restore_backup(data_dir, args.backup, args.user, secret, recovery=recovery,
                   force=args.force, replace_installation=args.replace_installation,
                   backup_credentials=backup_credentials, show=show,
                   ask=ask if interactive else None)
    print(_("Backup restored. The replaced files are kept (encrypted) in {path}.").format(
        path=data_dir / "replaced"))
    return 0

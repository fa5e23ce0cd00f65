"""`init` (a new data directory) and `user add|passwd|disable|list|recovery-code`.

New passphrases come from --new-passphrase-file, SCREENING_APP_NEW_PASSPHRASE,
or a prompt asked twice. The passphrase that unlocks (the administrator's, or
your own for `user passwd`) comes from --passphrase-file,
SCREENING_APP_PASSPHRASE or a prompt; `--recovery` reads the recovery code
instead.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from screening_app.commands.common import (
    PASSPHRASE_ENV,
    add_data_dir,
    add_new_passphrase_option,
    add_unlock_options,
    checked,
    closed_list,
    data_dir_of,
    open_session,
    read_new_passphrase,
    read_passphrase,
    stray_slot_line,
)
from screening_app.domain import AgencyService, AgencyType
from screening_app.errors import Refused
from screening_app.i18n import _

ROLES = ("officer", "supervisor", "admin")


def register(sub: argparse._SubParsersAction) -> None:
    init = sub.add_parser("init", help=_("set up a new data directory with an administrator"))
    add_data_dir(init)
    # Every value is checked here, so a usage error comes before anything is made.
    init.add_argument("--admin", required=True, metavar="NAME", help=_("administrator's name"),
                      type=checked("--admin", _user_name))
    init.add_argument("--agency", metavar="NAME", help=_("this installation's agency"),
                      type=checked("--agency", _installation("agency_name")))
    init.add_argument("--country", metavar="CC", help=_("agency country (ISO 3166 code, e.g. KH)"),
                      type=checked("--country", _installation("country", str.upper)))
    init.add_argument("--agency-type", metavar="TYPE",
                      help=_("agency type, an HTCDS org_Type: {types}").format(
                          types=", ".join(t.value for t in AgencyType)),
                      type=checked("--agency-type", _agency_type))
    init.add_argument("--agency-service", metavar="SERVICE",
                      help=_("what the agency gives, where its type cannot say it: "
                             "{services}").format(services=", ".join(s.value
                                                                     for s in AgencyService)),
                      type=checked("--agency-service", _installation("agency_service")))
    init.add_argument("--site", metavar="CODE", help=_("site code used in case references"),
                      type=checked("--site", _installation("site_code")))
    init.add_argument("--passphrase-file", type=Path,
                      metavar="FILE", help=_("read the administrator's passphrase from FILE"))
    init.set_defaults(handler=run_init)

    user = sub.add_parser("user", help=_("manage users (administrators)"))
    actions = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help=_("add a user"))
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, metavar="|".join(ROLES),
                     type=closed_list("--role", ROLES))
    passwd = actions.add_parser("passwd", help=_("set a new passphrase"))
    passwd.add_argument("name", metavar="NAME")
    passwd.add_argument("--rotate", action="store_true",
                        help=_("also change the database key, so a copy of the old vault "
                               "file opens nothing with the old passphrase"))
    disable = actions.add_parser("disable",
                                 help=_("disable a user (removes the key slot, rotates the key)"))
    disable.add_argument("name", metavar="NAME")
    disable.add_argument("--keep-packet-keys", action="store_true",
                         help=_("do not change the agency's packet keys (by default they are "
                                "changed and partners receive the new key card)"))
    disable.add_argument("--remove-replaced", action="store_true",
                         help=_("delete the copies earlier restores kept under replaced/ "
                                "without asking (they open with the user's old passphrase)"))
    listing = actions.add_parser("list", help=_("list users"))
    listing.add_argument("--json", action="store_true")
    recovery = actions.add_parser("recovery-code",
                                  help=_("replace the recovery code (administrators)"))
    for parser in (add, passwd, disable, listing, recovery):
        add_unlock_options(parser)
        parser.add_argument("--recovery", action="store_true",
                            help=_("unlock with the recovery code instead of a passphrase"))
    for parser in (add, passwd):
        add_new_passphrase_option(parser)
    add.set_defaults(handler=run_user_add)
    passwd.set_defaults(handler=run_user_passwd)
    disable.set_defaults(handler=run_user_disable)
    listing.set_defaults(handler=run_user_list)
    recovery.set_defaults(handler=run_recovery_code)


def _user_name(text: str, _option: str) -> str:
    from screening_app.storage.users import check_name

    check_name(text)
    return text


def _installation(key: str, normalise: Any = None) -> Any:
    def read(text: str, option: str) -> Any:
        from screening_app.domain.validation import read_installation_value
        from screening_app.vocabulary import installed

        value = normalise(text) if normalise else text
        return read_installation_value(key, value, installed(), option)

    return read


def _agency_type(text: str, option: str) -> str:
    """An HTCDS org_Type, or a type name of versions before HTCDS 2.0 (e.g. Shelter),
    kept as written: `init` maps an old name to a type and a service."""
    _installation("agency_type")(text, option)
    return text


def _admin_passphrase(args: argparse.Namespace) -> str:
    # A new administrator passphrase: from the same sources as an unlock, but a
    # prompt asks twice.
    if args.passphrase_file is not None or os.environ.get(PASSPHRASE_ENV) is not None:
        return read_passphrase(args)
    if not sys.stdin or not sys.stdin.isatty():
        raise Refused(_("The administrator's passphrase is needed: use --passphrase-file or "
                        "{var}.").format(var=PASSPHRASE_ENV))
    args.new_passphrase_file = None
    return read_new_passphrase(args, _("Administrator's new passphrase: "))


def run_init(args: argparse.Namespace) -> int:
    from screening_app.storage import init_data_dir

    data_dir = data_dir_of(args)
    code = init_data_dir(data_dir, admin=args.admin, passphrase=_admin_passphrase(args),
                         agency_name=args.agency, country=args.country,
                         agency_type=args.agency_type, site_code=args.site,
                         agency_service=args.agency_service)
    print(_("Data directory ready: {path}").format(path=data_dir))
    print(_("Recovery code (shown only this once; print or write it down and lock it away):"),
          file=sys.stderr)
    print(code)
    return 0


def run_user_add(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        new = read_new_passphrase(args)
        session.users.add(args.name, args.role, new)
    print(_("User added."))
    return 0


def run_user_passwd(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        new = read_new_passphrase(args)
        session.users.passwd(args.name, new, rotate=args.rotate)
    print(_("Passphrase changed."))
    if args.rotate:
        print(_("The database key was changed too: old copies of the vault file no longer "
                "open the database."))
    return 0


def _ask(question: str) -> bool:
    if not sys.stdin or not sys.stdin.isatty():
        return False
    return input(question + " [y/N] ").strip().lower() in ("y", "yes")


def run_user_disable(args: argparse.Namespace) -> int:
    from screening_app.exchange.rotation import rotate_agency_keys, rotation_failed
    from screening_app.storage.users import replaced_copies

    with open_session(args) as session:
        remove = args.remove_replaced
        copies = len(replaced_copies(session.data_dir))
        if copies and not remove:
            remove = _ask(_("{n} copies kept by earlier restores (under replaced/) still open "
                            "with this user's old passphrase. Delete them?").format(n=copies))
        departure = session.users.disable(args.name, remove_replaced=remove)
        rotated, failed = None, None
        try:
            rotated = None if args.keep_packet_keys else rotate_agency_keys(session)
        except Refused as refused:      # the disable stands; the rotation can be redone
            failed = rotation_failed(refused.message)
    print(_("User disabled; the database key was rotated. Old copies of the vault file no "
            "longer open the database."))
    if departure.dropped_slots:
        print(_("{n} key slots that this installation did not make were dropped from the "
                "vault file.").format(n=len(departure.dropped_slots)))
    if departure.replaced_removed:
        print(_("{n} copies kept by earlier restores were deleted.").format(
            n=departure.replaced_removed))
    if departure.replaced_kept:
        print(_("Warning: {n} copies kept by earlier restores (under replaced/) still open "
                "with this user's old passphrase; delete them or run again with "
                "--remove-replaced.").format(n=departure.replaced_kept), file=sys.stderr)
    if rotated is not None:
        print(rotated.describe())
    print(_("Backups made before today still open with this user's passphrase: make a new "
            "backup and destroy the old ones."))
    if failed is not None:
        print(failed, file=sys.stderr)
        return 1
    return 0


def run_recovery_code(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        code = session.users.new_recovery_code()
    print(_("The old recovery code no longer opens this data directory. New recovery code "
            "(shown only this once; print or write it down and lock it away):"),
          file=sys.stderr)
    print(code)
    return 0


def run_user_list(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        users = session.users.list()
        stray = session.users.stray_slots()
    if args.json:
        print(json.dumps([{"name": u.name, "role": u.role.value, "disabled": u.disabled}
                          for u in users], ensure_ascii=False))
    else:
        for u in users:
            flag = _("disabled") if u.disabled else ""
            print(f"{u.name}\t{u.role.value}\t{flag}".rstrip())
    for slot in stray:
        print(stray_slot_line(slot), file=sys.stderr if args.json else sys.stdout)
    return 0

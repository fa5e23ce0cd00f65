"""Options and helpers shared by sub-commands."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from screening_app.errors import Refused
from screening_app.i18n import _

PASSPHRASE_ENV = "SCREENING_APP_PASSPHRASE"  # noqa: S105 - a variable name


def add_data_dir(parser: argparse.ArgumentParser, required: bool = False) -> None:
    parser.add_argument(
        "--data-dir", type=Path, required=required, metavar="DIR",
        help=_("data directory (default: the per-user data directory)"),
    )


def add_unlock_options(parser: argparse.ArgumentParser) -> None:
    """--data-dir, --user and --passphrase-file, for commands that open the database."""
    add_data_dir(parser)
    parser.add_argument("--user", metavar="NAME",
                        help=_("whose key slot to open (may be left out when there is one user)"))
    parser.add_argument("--passphrase-file", type=Path, metavar="FILE",
                        help=_("read the passphrase from FILE (first line)"))


def read_passphrase(args: argparse.Namespace, prompt: str | None = None) -> str:
    """The passphrase from --passphrase-file, SCREENING_APP_PASSPHRASE or a prompt."""
    path: Path | None = getattr(args, "passphrase_file", None)
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            raise Refused(_("Cannot read the passphrase file.")) from None
        return text.splitlines()[0] if text else ""
    env = os.environ.get(PASSPHRASE_ENV)
    if env is not None:
        return env
    if not sys.stdin or not sys.stdin.isatty():
        raise Refused(_("A passphrase is needed: use --passphrase-file or {var}.").format(
            var=PASSPHRASE_ENV))
    return getpass.getpass(prompt or _("Passphrase: "))

"""`screening-app gui` (the default command): open the desktop program."""

from __future__ import annotations

import argparse

from screening_app.commands.common import add_data_dir
from screening_app.i18n import LANGUAGES, _, normalise_language


def _language(value: str) -> str:
    try:
        return normalise_language(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("unknown language {lang}; choose one of: {choices}").format(
                lang=value, choices=", ".join(LANGUAGES))) from None


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("gui", help=_("open the desktop program (default)"))
    add_data_dir(parser)
    parser.add_argument("--lang", type=_language, metavar="LANG",
                        help=_("language of the program: {choices}").format(
                            choices=", ".join(LANGUAGES)))
    parser.add_argument("--user", metavar="NAME", help=_("user to preselect on the unlock "
                                                         "screen"))
    parser.add_argument("--smoke", action="store_true",
                        help=_("exit as soon as the first window is shown (for tests)"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from screening_app.gui.app import run_gui

    return run_gui(args.data_dir, args.lang, user=args.user, smoke=args.smoke)

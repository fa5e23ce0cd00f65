"""`demo [--data-dir DIR] [--cases N] [--no-gui]`: a throwaway data directory with
synthetic cases and a printed passphrase, so a newcomer can explore at once."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from screening_app.errors import Refused
from screening_app.i18n import _, ngettext


def default_demo_dir() -> Path:
    import platformdirs

    # Its own application name: on Windows the cache of "screening-app" lies
    # inside the real data directory (%LOCALAPPDATA%\screening-app\Cache).
    return Path(platformdirs.user_cache_dir("screening-app-demo", appauthor=False))


def register(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser("demo", help=_("open the app on a throwaway demo data directory"))
    demo.add_argument("--data-dir", type=Path, metavar="DIR",
                      help=_("demo data directory (made if missing, reused if present)"))
    demo.add_argument("--cases", type=int, default=40, metavar="N",
                      help=_("number of synthetic cases in a new demo directory"))
    demo.add_argument("--no-gui", action="store_true", help=_("set up the data and stop"))
    demo.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    from screening_app.samples.demo import (
        DEMO_PASSPHRASE,
        DEMO_USERS,
        interrupted_demo,
        make_demo,
    )

    if args.cases < 0:
        raise Refused(_("--cases needs a number of 0 or more."))
    path: Path = args.data_dir or default_demo_dir()
    own_folder = args.data_dir is None
    if interrupted_demo(path, own_folder):
        print(_("The demo data directory was left half-made by an interrupted run; it is "
                "made again: {path}").format(path=path), file=sys.stderr)
    made = make_demo(path, args.cases, own_folder=own_folder)
    if made:
        print(ngettext("Demo data directory made with {n} synthetic case: {path}",
                       "Demo data directory made with {n} synthetic cases: {path}",
                       args.cases).format(n=args.cases, path=path))
    else:
        print(_("Reusing the demo data directory: {path}").format(path=path))
    users = ", ".join([name for name, _role in DEMO_USERS] + ["admin"])
    print(_("Users: {users}. Passphrase for all of them: {passphrase}").format(
        users=users, passphrase=DEMO_PASSPHRASE))
    if args.no_gui:
        return 0
    try:
        # imported by name: the GUI is optional for this command and loads Qt
        run_gui = importlib.import_module("screening_app.gui.app").run_gui
    except (ImportError, AttributeError):
        raise Refused(_("The graphical interface is not available in this installation "
                        "(screening_app.gui.app is missing). Use --no-gui.")) from None
    # The officer is preselected: a newcomer who keeps the first listed name (admin)
    # lands on user administration and cannot start an interview.
    result: int | None = run_gui(data_dir=path, lang=None, user=DEMO_USERS[0][0], smoke=False)
    return 0 if result is None else int(result)

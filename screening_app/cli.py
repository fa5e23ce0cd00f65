"""Command line: the GUI is the default command; every other command is headless.

The contract is in docs/design-notes.md and ../shared/DESIGN.md. Each module of
`screening_app.commands` registers its own sub-commands with `register(sub)`, so
areas of the program add commands without touching this file. Command modules
import heavy libraries inside their handlers, keeping start-up fast.

Exit status: 0 success; 1 a refused operation (one line on stderr, nothing
changed); 2 usage errors.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from screening_app import __version__, commands
from screening_app.errors import Refused, install_crash_hook
from screening_app.i18n import _, normalise_language, set_language
from screening_app.output import install_safe_streams, visible

_NOT_A_COMMAND = ("-h", "--help", "--version")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of the one in `commands/<only>.py` (the GUI
    starts without importing the other command modules)."""
    parser = argparse.ArgumentParser(
        prog="screening-app",
        description=_("Screening and referral of possible victims of human trafficking."),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in [only] if only else _command_modules():
        importlib.import_module(f"{commands.__name__}.{name}").register(sub)
    return parser


def _command_modules() -> list[str]:
    import pkgutil  # not for the GUI, which starts with its own command only

    return sorted(info.name for info in pkgutil.iter_modules(commands.__path__)
                  if not info.name.startswith("_") and info.name != "common")


def _language_from_environment() -> None:
    """CLI messages follow SCREENING_APP_LANG, else the system locale if we have it."""
    for var in ("SCREENING_APP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "").split(".")[0]
        if not value or value in ("C", "POSIX"):
            continue
        try:
            set_language(normalise_language(value))
        except ValueError:
            continue
        return


def _warn_if_catalogs_are_missing() -> None:
    """One line on stderr when the language's compiled catalogs are not installed,
    rather than silently speaking English."""
    from screening_app.i18n import missing_catalogs_message

    message = missing_catalogs_message()
    if message:
        print(message, file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0].startswith("-") and args_list[0] not in _NOT_A_COMMAND):
        args_list.insert(0, "gui")
    _language_from_environment()
    install_safe_streams()      # every line printed escapes control and bidi characters
    install_crash_hook()
    if args_list[0] != "gui":          # the GUI says it in its own banner (and here)
        _warn_if_catalogs_are_missing()
    # The default command is the GUI: start it without loading every other command.
    parser = build_parser("gui" if args_list[0] == "gui" else None)
    args = parser.parse_args(args_list)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 2
    try:
        result: int | None = args.handler(args)
    except Refused as refused:
        print(visible(refused.message), file=sys.stderr)     # one line, whatever it quotes
        return 1
    except KeyboardInterrupt:
        print(_("Interrupted."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader of our output went away (e.g. `| head`): not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return 0 if result is None else result


if __name__ == "__main__":
    raise SystemExit(main())

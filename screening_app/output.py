"""Output that cannot be injected: the one place that makes text safe for a terminal
or a log. A name stored by an older version (or sent by a stranger) could hold ESC
sequences that clear an officer's screen, or a right-to-left override that reverses
what follows; here every control and bidirectional-formatting character becomes a
visible escape (\\x1b, \\u202e). JSON output escapes them the way JSON does, so it
still reads back equal.

The command line installs `SafeStream` on stdout and stderr, so every print of every
command passes through `visible` (a new command cannot forget it); tabular output
also escapes tab and newline inside a field with `visible(field)`.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from screening_app.domain.characters import unsafe_except, visible

__all__ = ["SafeStream", "dumps", "install_safe_streams", "visible"]


def _json_escape(match: Any) -> str:
    return f"\\u{ord(match.group()):04x}"


def dumps(value: Any, indent: int | None = None) -> str:
    """JSON readable in every script, with control and bidi characters (and lone
    surrogates) escaped as \\uXXXX: valid JSON that reads back to the same data."""
    import json  # not at import: every start (the GUI's too) loads this module

    text = json.dumps(value, ensure_ascii=False, indent=indent)
    # json.dumps escapes C0 controls inside strings, and outside strings there is
    # only ASCII: every match is inside a string (a raw newline is indentation).
    return unsafe_except("\n").sub(_json_escape, text)


class SafeStream:
    """A text stream that writes `visible(text, keep="\\n\\t")`; everything else is
    the wrapped stream's (fileno, isatty, flush, encoding, buffer)."""

    def __init__(self, stream: TextIO) -> None:
        self.wrapped = stream

    def write(self, text: str) -> int:
        self.wrapped.write(visible(text, keep="\n\t"))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)


def install_safe_streams() -> None:
    """Wrap sys.stdout and sys.stderr once (idempotent)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, SafeStream):
            setattr(sys, name, SafeStream(stream))

"""The command line run in this process (fast enough for many cases per test):
exit status, stdout and stderr as a script would see them."""

from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass
from typing import Any


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str

    def refused(self, *fragments: str, status: int = 1) -> None:
        """Refused with one line on stderr that holds every fragment; no crash."""
        assert self.returncode == status, (self.returncode, self.stdout, self.stderr)
        assert "unexpected error" not in self.stderr, self.stderr
        assert "Traceback" not in self.stderr, self.stderr
        if status == 1:
            assert len(self.stderr.strip().splitlines()) == 1, self.stderr
        for fragment in fragments:
            assert fragment in self.stderr, (fragment, self.stderr)


def run_cli(*args: Any, passphrase: str | None = None, new: str | None = None,
            lang: str = "en", env: dict[str, str] | None = None) -> Ran:
    from screening_app import cli
    from screening_app.i18n import set_language

    saved = {k: os.environ.get(k) for k in ("SCREENING_APP_PASSPHRASE",
                                            "SCREENING_APP_NEW_PASSPHRASE",
                                            "SCREENING_APP_LANG", *(env or {}))}
    out, err = io.StringIO(), io.StringIO()
    try:
        for key in saved:
            os.environ.pop(key, None)
        os.environ["SCREENING_APP_LANG"] = lang
        if passphrase is not None:
            os.environ["SCREENING_APP_PASSPHRASE"] = passphrase
        if new is not None:
            os.environ["SCREENING_APP_NEW_PASSPHRASE"] = new
        os.environ.update(env or {})
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main([str(a) for a in args])
            except SystemExit as leaving:      # argparse: usage errors
                code = int(leaving.code or 0)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        set_language("en")
    return Ran(code, out.getvalue(), err.getvalue())

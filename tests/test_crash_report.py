"""An unexpected error prints where it happened, never its message (which could
quote a name or an answer)."""

import subprocess
import sys

CANARY = "សុខ ដារ៉ា Sok Dara canary-answer"


def test_unexpected_error_output_holds_no_message() -> None:
    code = (
        "from screening_app.errors import install_crash_hook\n"
        "install_crash_hook()\n"
        f"def save(name): raise ValueError('bad name: ' + name)\n"
        f"save({CANARY!r})\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode != 0
    assert "ValueError" in done.stderr and "in save" in done.stderr
    assert "Sok Dara" not in done.stderr and "canary" not in done.stderr
    assert "សុខ" not in done.stderr and "Traceback" not in done.stderr

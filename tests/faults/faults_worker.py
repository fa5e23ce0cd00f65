"""A helper process for the fault tests (run as a script, never imported by pytest).

It imports the storage layer once, then for each command line on stdin forks a
fresh child (the helper has no threads, so fork is safe) that opens the data
directory and saves answers in a loop. The test kills the child with SIGKILL;
the helper reaps it. Protocol, one line each (stdout is shared with the child,
each line written with a single os.write, so lines never interleave):

    stdin : save DATA_DIR USER CASE_ID ROUND          stdout: child PID
    child : saved QUESTION_ID   (after the commit)      | refused MESSAGE
    helper: reaped PID STATUS
The passphrase comes from the environment (SCREENING_APP_PASSPHRASE).
"""

from __future__ import annotations

import os
import sys


def say(line: str) -> None:
    os.write(1, (line + "\n").encode("utf-8"))


def saver(data_dir: str, user: str, case_id: str, round_no: str) -> None:
    from screening_app.domain import Answer
    from screening_app.errors import Refused
    from screening_app.storage import Session

    try:
        session = Session.open(data_dir, user, os.environ["SCREENING_APP_PASSPHRASE"])
        n = 0
        while True:
            question = f"r{round_no}-{n}"
            session.cases.save_answer(case_id, Answer(question, {"n": n, "pad": "x" * 200}))
            say(f"saved {question}")
            n += 1
    except Refused as refused:
        say(f"refused {refused}")
    os._exit(0)


def main() -> None:
    import screening_app.storage  # noqa: F401  (import once, before forking)

    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "save":
            pid = os.fork()
            if pid == 0:
                try:
                    saver(*parts[1:5])
                finally:
                    os._exit(3)
            say(f"child {pid}")
            _, status = os.waitpid(pid, 0)
            say(f"reaped {pid} {status}")
        elif parts[0] == "quit":
            break


if __name__ == "__main__":
    main()

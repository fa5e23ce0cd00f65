"""Real parts for the relay tests and benchmarks: a throwaway PostgreSQL cluster
(Debian's initdb/pg_ctl in a temporary folder; as root they run as the
`postgres` user), relay processes on free loopback ports, and a loopback TCP
proxy whose connections can be cut mid-transfer."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
USER = "relaytest"


def pg_bin() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin that has initdb."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def cli(*args: str, inst: Any = None, user: str = "officer") -> subprocess.CompletedProcess[str]:
    """`screening-app ARGS` as a person runs it (English), on installation `inst`
    as `user` when given."""
    env = dict(os.environ, SCREENING_APP_LANG="en")
    extra: list[str] = []
    if inst is not None:
        env["SCREENING_APP_PASSPHRASE"] = inst.made.passphrases[user]
        extra = ["--data-dir", str(inst.made.path), "--user", user]
    return subprocess.run([sys.executable, "-m", "screening_app", *args, *extra],
                          capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)


def enrolled_fingerprint(db: str, agency_id: str) -> str:
    """The fingerprint of the card the relay holds for an agency."""
    import psycopg

    with psycopg.connect(db) as conn:
        row = conn.execute("SELECT fingerprint FROM relay_agencies WHERE agency_id = %s",
                           (agency_id,)).fetchone()
    assert row is not None
    return str(row[0])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgCluster:
    """A PostgreSQL cluster in a temporary folder, on 127.0.0.1:<port>, trust auth."""

    def __init__(self, durable: bool = False) -> None:
        found = pg_bin()
        if found is None:
            raise RuntimeError("PostgreSQL (initdb) is not installed: "
                               "sh packaging/install-system-deps.sh")
        self.bin = found
        self.as_root = os.geteuid() == 0
        self.dir = Path(tempfile.mkdtemp(prefix="relay-pg-"))
        if self.as_root:
            shutil.chown(self.dir, "postgres")
        self.data = self.dir / "data"
        self.port = free_port()
        self.durable = durable
        self._run(["initdb", "-D", str(self.data), "-U", USER, "--auth=trust", "-E", "UTF8",
                   "--no-locale", "--no-instructions"])
        self.start()

    def _run(self, argv: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
        command = [str(self.bin / argv[0]), *argv[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=True, capture_output=True, cwd=self.dir,
                              timeout=120, **kwargs)  # type: ignore[call-overload]

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 " \
                  "-c max_connections=200"
        if not self.durable:    # a throwaway cluster: no need to survive a power cut
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(["pg_ctl", "-D", str(self.data), "-o", options, "-l",
                   str(self.dir / "log"), "-w", "start"])

    def stop(self) -> None:
        self._run(["pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop"])

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def dump(self, database: str) -> bytes:
        """pg_dump of a database (plain SQL, data included)."""
        return subprocess.run(
            [str(self.bin / "pg_dump"), "-h", "127.0.0.1", "-p", str(self.port), "-U", USER,
             "--no-password", database], check=True, capture_output=True, timeout=300).stdout

    def close(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def init_relay_db(url: str) -> None:
    from screening_app.relay.admin import init

    init(url)


class RelayProcess:
    """`screening-app relay serve` as a real process on a free loopback port."""

    def __init__(self, db: str, *extra: str, port: int | None = None) -> None:
        self.db = db
        self.extra = list(extra)
        self.port = port or free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = Path(tempfile.mkstemp(prefix="relay-log-")[1])
        self.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        env = dict(os.environ, SCREENING_APP_LANG="en")
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "screening_app", "relay", "serve", "--db", self.db,
                 "--listen", f"127.0.0.1:{self.port}", *self.extra],
                stdout=log, stderr=log, cwd=ROOT, env=env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("relay exited: " + self.log.read_text(errors="replace"))
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url + "/v1/health", timeout=1).status_code == 200:
                    return
            time.sleep(0.1)
        raise RuntimeError("relay did not start: " + self.log.read_text(errors="replace"))

    def kill(self) -> None:
        """SIGKILL: a crash, no clean shutdown."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.unlink(missing_ok=True)

    def memory_kib(self) -> tuple[int, int]:
        """(resident now, peak resident) of the process, in KiB."""
        assert self.proc is not None
        fields = {}
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            key, _sep, value = line.partition(":")
            fields[key] = value.split()[0] if value.split() else "0"
        return int(fields.get("VmRSS", 0)), int(fields.get("VmHWM", 0))


class CuttableProxy:
    """A loopback TCP proxy to `target_port`. `cut(for_seconds)` closes every open
    connection and, for that time, cuts each new one after a few hundred bytes in
    either direction: requests and answers break off mid-transfer."""

    def __init__(self, target_port: int) -> None:
        self.target = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.cut_until = 0.0
        self.cut_after = 600           # bytes forwarded per direction while cutting
        self.cuts = 0
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cut(self, for_seconds: float) -> None:
        self.cut_until = time.monotonic() + for_seconds
        with self._lock:
            doomed = list(self._open)
        for sock in doomed:
            self._close(sock)
            self.cuts += 1

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _addr = self.listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target), timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self._open.update((client, upstream))
            cutting = time.monotonic() < self.cut_until
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b, cutting), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, cutting: bool) -> None:
        sent = 0
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if cutting and sent + len(data) > self.cut_after:
                    dst.sendall(data[:max(0, self.cut_after - sent)])
                    self.cuts += 1
                    break
                dst.sendall(data)
                sent += len(data)
        except OSError:
            pass
        self._close(src)
        self._close(dst)

    def _close(self, sock: socket.socket) -> None:
        with self._lock:
            self._open.discard(sock)
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            sock.close()

    def close(self) -> None:
        self._stop = True
        with contextlib.suppress(OSError):
            self.listener.close()
        self.cut(0)


@contextlib.contextmanager
def relays(db: str, count: int, *extra: str) -> Iterator[list[RelayProcess]]:
    started: list[RelayProcess] = []
    try:
        for _i in range(count):
            started.append(RelayProcess(db, *extra))
        yield started
    finally:
        for relay in started:
            relay.stop()

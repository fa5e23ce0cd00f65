"""`relay serve`: one relay process on HOST:PORT (uvicorn). Start as many as the
load needs, on other ports or hosts, all with the same database."""

from __future__ import annotations

import logging
import sys

from screening_app.errors import Refused
from screening_app.i18n import _
from screening_app.relay import admin
from screening_app.relay.config import RelayConfig


def parse_listen(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise Refused(_("--listen takes HOST:PORT, for example 127.0.0.1:8470."))
    return host.strip("[]") or "127.0.0.1", int(port)


def serve(config: RelayConfig, listen: str, access_log: bool = False) -> None:
    import uvicorn

    from screening_app.relay.app import create_app

    host, port = parse_listen(listen)
    with admin.connect(config.db) as conn:     # refuse to start on a database without schema
        admin.require_schema(conn)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    print(_("Relay listening on {host}:{port}").format(host=host, port=port), flush=True)
    uvicorn.run(create_app(config), host=host, port=port, access_log=access_log,
                log_level="info" if access_log else "warning", server_header=False,
                proxy_headers=True, timeout_keep_alive=30)

"""A headless room's server, for the kill test and the benchmark:

    python -m sprintdesk.web.serve --db PATH --workshop ID --host 127.0.0.1 [--port N]

prints the join address as one JSON line on standard output and serves until it is
interrupted (SIGINT or SIGTERM stop it cleanly; SIGKILL is what the kill test sends).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path

from sprintdesk.domain.clock import SystemClock
from sprintdesk.services.changes import Changes
from sprintdesk.web.address import ServerError
from sprintdesk.web.server import RoomServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sprintdesk.web.serve", description="A headless room's server.")
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--workshop", required=True, type=int)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--extra-host", action="append", default=[], help="another Host name to answer")
    args = parser.parse_args(argv)

    def ignore(_changes: Changes) -> None:
        return None

    server = RoomServer(args.db, args.workshop, SystemClock(), ignore, extra_hosts=args.extra_host)
    try:
        address = server.start(args.host, args.port)
    except ServerError as error:
        print(f"sprintdesk: error: {error}", file=sys.stderr)
        return 1
    print(json.dumps(address.as_json()), flush=True)
    done = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: done.set())
    done.wait()
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

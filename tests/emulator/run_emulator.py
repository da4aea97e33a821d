#!/usr/bin/env python
"""Start the CloudStack API emulator (see docs/emulator.md and docs/CONTRACTS.md section 1)."""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# csemu's bytecode is kept (csemu/__pycache__, git-ignored; skipped where it cannot be written) even when
# PYTHONDONTWRITEBYTECODE is set, as the test harness sets it: compiling csemu was ~0.3 s of CPU of every
# start (~0.45 s), and the tests start the emulator for each integration target.
sys.dont_write_bytecode = False

from csemu import apispec, server  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8080)
    ap.add_argument("--integration-port", type=int, default=-1)
    ap.add_argument("--api-key", default="emulator-api-key")
    ap.add_argument("--secret-key", default="emulator-secret-key")
    ap.add_argument("--username", default="admin")
    ap.add_argument("--password", default="password")
    ap.add_argument("--job-delay", type=float, default=0.3)
    ap.add_argument("--session-timeout", type=float, default=1800)
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--strict", action="store_true", default=os.environ.get("CSEMU_STRICT", "") in ("1", "true"),
                      help="refuse parameters a command does not declare (431), booleans other than true/false and "
                           "response other than json; the default, like a real server, ignores unknown parameters "
                           "and records them (env CSEMU_STRICT=1)")
    mode.add_argument("--lenient", action="store_false", dest="strict",
                      help="the default (kept for old command lines): unknown parameters are ignored and recorded")
    ap.add_argument("--api-version", default=os.environ.get("CSEMU_API_VERSION") or "4.18",
                    help="the CloudStack API version presented: 4.18 (default), 4.20 or 4.22 (env CSEMU_API_VERSION)")
    ap.add_argument("--ready-file")
    args = ap.parse_args(argv)
    try:
        args.api_version = apispec.normalize_version(args.api_version)
    except ValueError as exc:
        ap.error(str(exc))
    if args.host not in ("127.0.0.1", "localhost"):
        ap.error("the emulator binds 127.0.0.1 only")
    running = server.start(port=args.port, host="127.0.0.1", integration_port=args.integration_port,
                           api_key=args.api_key, secret_key=args.secret_key, username=args.username,
                           password=args.password, job_delay=args.job_delay, strict=args.strict,
                           session_timeout=args.session_timeout, api_version=args.api_version)
    print(f"export CLOUDSTACK_ENDPOINT={running.endpoint}")
    print(f"export CLOUDSTACK_KEY={args.api_key}")
    print(f"export CLOUDSTACK_SECRET={args.secret_key}")
    extra = f"  integration: {running.integration_endpoint}" if running.integration_endpoint else ""
    print(f"# control: {running.control}" + extra, flush=True)
    if args.ready_file:
        info = {"endpoint": running.endpoint, "control": running.control,
                "integration_endpoint": running.integration_endpoint, "api_key": args.api_key,
                "secret_key": args.secret_key, "username": args.username, "password": args.password,
                "pid": os.getpid(), "api_version": args.api_version}
        tmp = args.ready_file + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(info, fh)
        os.replace(tmp, args.ready_file)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    running.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

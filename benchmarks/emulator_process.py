"""Start and drive the emulator as a separate process (benchmarks and demo).

Talks to it only through its command line and its control endpoint (docs/CONTRACTS.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "tests" / "emulator" / "run_emulator.py"


class Emulator:
    def __init__(self, job_delay=0.3, extra_args=()):
        self.job_delay = job_delay
        self.extra_args = list(extra_args)
        self.proc = None
        self.info = {}

    def __enter__(self):
        tmp = tempfile.mkdtemp(prefix="csemu-")
        ready = os.path.join(tmp, "ready.json")
        cmd = [sys.executable, str(RUNNER), "--port", "0", "--ready-file", ready, "--job-delay", str(self.job_delay)]
        self.proc = subprocess.Popen(cmd + self.extra_args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while not os.path.exists(ready):
            if self.proc.poll() is not None:
                raise RuntimeError("emulator exited: %s" % self.proc.stderr.read().decode())
            if time.monotonic() > deadline:
                self.proc.kill()
                raise RuntimeError("emulator did not start within 20 s")
            time.sleep(0.05)
        time.sleep(0.05)
        with open(ready) as handle:
            self.info = json.load(handle)
        return self

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    endpoint = property(lambda self: self.info["endpoint"])
    api_key = property(lambda self: self.info["api_key"])
    secret_key = property(lambda self: self.info["secret_key"])
    control = property(lambda self: self.info["control"])

    def _call(self, path, method="GET", body=None):
        data = json.dumps(body).encode() if body is not None else (b"" if method == "POST" else None)
        req = urllib.request.Request(self.control + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            return json.loads(resp.read() or b"null")

    def reset(self, **body):
        return self._call("/reset", "POST", body or {})

    def log(self, since=None):
        return self._call("/log" + ("?since=%d" % since if since is not None else ""))["requests"]

    def last_seq(self):
        entries = self.log()
        return entries[-1]["seq"] if entries else 0

    def log_since(self, seq):
        return self.log(since=seq)

    def state(self, collection=""):
        return self._call("/state" + ("/" + collection if collection else ""))

    def seed(self, body):
        return self._call("/seed", "POST", body)

    def faults(self, body):
        return self._call("/faults", "POST", body)

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "emulator"))

from csemu import server  # noqa: E402
from reset_cache import cached_reset  # noqa: E402

DOC_KEY = "plgWJfZK4gyS3mOMTVmjUVg-X-jlWlnfaUJ9GAbBbf9EdM-kAYMmAiLqzzq1ElZLYq_u38zCm0bewzGUdP66mg"
DOC_SECRET = "VDaACYb0LV9eNjTetIOElcVQkvJck_J_QljX_FcHRj87ZKiy0z0ty0ZsYBkoXkY9b7eq1EhwJaw7FF3akA3KBQ"


def java_quote(value):
    """Test-side signer, written independently: quote() with only Java's unreserved set kept."""
    return urllib.parse.quote(value, safe="*").replace("~", "%7E").replace("/", "%2F")


def sign(params, secret):
    text = "&".join(f"{k}={java_quote(str(v))}" for k, v in sorted(params.items())).lower()
    return base64.b64encode(hmac.new(secret.encode(), text.encode(), hashlib.sha1).digest()).decode()


class Client:
    def __init__(self, running):
        self.r = running
        self.key, self.secret = running.api_key, running.secret_key

    def raw(self, url, data=None, method=None, headers=None):
        req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, resp.read().decode(), resp.headers
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode(), err.headers

    def signed(self, command, secret=None, post=False, **params):
        p = {"command": command, "response": "json", "apiKey": self.key}
        p.update({k: str(v) for k, v in params.items()})
        p["signature"] = sign(p, secret or self.secret)
        qs = urllib.parse.urlencode(p, quote_via=urllib.parse.quote)
        if post:
            return self.raw(self.r.endpoint, data=qs.encode(), method="POST",
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
        return self.raw(self.r.endpoint + "?" + qs)

    def api(self, command, **params):
        status, body, dummy2 = self.signed(command, **params)
        return status, json.loads(body) if body else None

    def ok(self, command, **params):
        status, body = self.api(command, **params)
        assert status == 200, body
        return body[command.lower() + "response"]

    def control(self, path, payload=None, method=None):
        data = json.dumps(payload).encode() if payload is not None else None
        status, body, dummy2 = self.raw(self.r.control + path, data=data, method=method or ("POST" if data else "GET"))
        return status, json.loads(body)

    def wait_job(self, jobid, timeout=5):
        import time
        end = time.time() + timeout
        while time.time() < end:
            res = self.ok("queryAsyncJobResult", jobid=jobid)
            if res["jobstatus"] != 0:
                return res
            time.sleep(0.05)
        return res


@pytest.fixture(scope="session")
def running():
    r = server.start(port=0, integration_port=0, job_delay=0.05)
    yield r
    r.stop()


@pytest.fixture()
def cs(running):
    cached_reset(running.emu, job_delay=0.05, strict=False)
    running.emu.sessions.timeout = 1800
    return Client(running)

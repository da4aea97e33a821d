# -*- coding: utf-8 -*-
"""Unit tests of the CloudStack client (plugins/module_utils/api.py), with a fake transport."""

from __future__ import annotations

import json

import pytest

from ansible_collections.csops.cloudstack.plugins.module_utils.api import (
    CloudStackAuthError, CloudStackClient, CloudStackConnectionError, CloudStackError, CloudStackJobError,
    CloudStackTimeout, flatten_params, java_urlencode, poll_interval, scrub, sign, signature_string)
from ansible_collections.csops.cloudstack.plugins.module_utils.transport import ReadTimeout, TLSError, TransportConnectionError

DOC_KEY = "plgWJfZK4gyS3mOMTVmjUVg-X-jlWlnfaUJ9GAbBbf9EdM-kAYMmAiLqzzq1ElZLYq_u38zCm0bewzGUdP66mg"
DOC_SECRET = "VDaACYb0LV9eNjTetIOElcVQkvJck_J_QljX_FcHRj87ZKiy0z0ty0ZsYBkoXkY9b7eq1EhwJaw7FF3akA3KBQ"
ENDPOINT = "http://127.0.0.1:9/client/api"


def test_docs_signing_vector():
    """The example of the CloudStack developer's guide (FACTS.md section 2)."""
    params = {"command": "listUsers", "response": "json", "apikey": DOC_KEY}
    assert signature_string(params) == (
        "apikey=plgwjfzk4gys3momtvmjuvg-x-jlwlnfauj9gabbbf9edm-kaymmailqzzq1elzlyq_u38zcm0bewzgudp66mg"
        "&command=listusers&response=json")
    assert sign(params, DOC_SECRET) == "TTpdDq/7j/J58XCRHomKoQXEQds="


@pytest.mark.parametrize("value,encoded", [
    ("*.example.com", "*.example.com"),
    ("a b", "a%20b"),
    ("a~b", "a%7Eb"),
    ("a+b", "a%2Bb"),
    ("x/y=z&", "x%2Fy%3Dz%26"),
    ("Zürich", "Z%C3%BCrich"),
    ("a-b_c.d", "a-b_c.d"),
])
def test_java_urlencode(value, encoded):
    assert java_urlencode(value) == encoded


def test_sort_is_case_sensitive_on_original_names():
    # Java Collections.sort: upper case sorts before lower case.
    assert signature_string({"b": "1", "Z": "2", "a": "3"}) == "z=2&a=3&b=1"


def test_flatten_params():
    flat = flatten_params({
        "name": "z", "flag": True, "off": False, "skip": None, "ids": ["a", "b"], "n": 3,
        "tags": [{"key": "k", "value": "v"}], "details": {"x": "1", "y": 2},
    })
    assert flat == {
        "name": "z", "flag": "true", "off": "false", "ids": "a,b", "n": "3",
        "tags[0].key": "k", "tags[0].value": "v",
        "details[0].key": "x", "details[0].value": "1", "details[1].key": "y", "details[1].value": "2",
    }


def test_poll_interval_starts_short_and_backs_off():
    intervals = [poll_interval(n, 0) for n in range(10)]
    assert intervals[0] == pytest.approx(0.05)
    assert intervals == sorted(intervals)
    assert max(intervals) <= 0.25
    assert poll_interval(20, 30) == 1.0
    assert poll_interval(50, 120) == 2.0


def test_scrub_removes_query_strings():
    text = "HTTPConnectionPool: Max retries with url: http://h:8080/client/api?command=x&signature=SECRET (Caused by"
    assert "SECRET" not in scrub(text)
    assert "http://h:8080/client/api" in scrub(text)


class FakeResponse:
    def __init__(self, status, body, headers=None):
        self.status_code = status
        self._body = body
        self.headers = headers or {"Content-Type": "application/json"}
        self.reason = "reason"

    def json(self):
        if isinstance(self._body, str):
            return json.loads(self._body)
        return self._body


class FakeSession:
    """Replays a script of answers; each item is a FakeResponse or an exception to raise."""

    def __init__(self, script):
        self.script = list(script)
        self.sent = []
        self.headers = {}
        self.cookies = {}

    def _next(self, method, params):
        self.sent.append((method, dict(params)))
        item = self.script.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    def request(self, method, params):
        return self._next(method, params)

    def close(self):
        pass


class Clock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def __call__(self):
        return self.now


def make_client(script, **kwargs):
    clock = Clock()
    options = dict(api_key="key", api_secret="s3cr3t-value", retries=3, retry_backoff=0.5,
                   sleep=clock.sleep, clock=clock)
    options.update(kwargs)
    client = CloudStackClient(ENDPOINT, **options)
    client._session = FakeSession(script)
    return client, clock


def ok(command, inner):
    return FakeResponse(200, {command.lower() + "response": inner})


def err(command, status, text, key=None):
    return FakeResponse(status, {(key or command.lower() + "response"): {
        "uuidList": [], "errorcode": status, "cserrorcode": 9999, "errortext": text}})


def test_signed_request_params_and_methods():
    client, dummy = make_client([ok("listZones", {}), ok("createZone", {"zone": {"id": "1"}})])
    client.request("listZones", {"name": "a b"})
    client.request("createZone", {"name": "z"})
    (m1, p1), (m2, p2) = client._session.sent
    assert m1 == "GET" and m2 == "POST"
    assert p1["response"] == "json" and p1["apiKey"] == "key" and p1["signatureVersion"] == "3"
    assert p1["expires"].endswith("+0000")
    unsigned = {k: v for k, v in p1.items() if k != "signature"}
    assert p1["signature"] == sign(unsigned, "s3cr3t-value")


def test_forced_method():
    client, dummy = make_client([ok("listZones", {})], method="post")
    client.request("listZones")
    assert client._session.sent[0][0] == "POST"


def test_read_retried_on_503_and_connection_reset():
    script = [err("listZones", 503, "maintenance"),
              TransportConnectionError("connection closed before an answer came (ConnectionResetError: [Errno 104] Connection reset by peer)"),
              ok("listZones", {"count": 1, "zone": [{"id": "1"}]})]
    client, clock = make_client(script)
    assert client.request("listZones")["count"] == 1
    assert clock.sleeps == [0.5, 1.0]


def test_read_gives_up_after_retries():
    client, dummy = make_client([err("listZones", 530, "boom")] * 4)
    with pytest.raises(CloudStackError) as info:
        client.request("listZones")
    assert info.value.http_status == 530
    assert "after 3 retries" in info.value.message


def test_write_not_retried_on_500_or_reset():
    client, dummy = make_client([err("createZone", 530, "failed")])
    with pytest.raises(CloudStackError):
        client.request("createZone", {"name": "z"})
    assert len(client._session.sent) == 1
    closed = "connection closed before an answer came (RemoteDisconnected: Remote end closed connection without response)"
    client, dummy = make_client([TransportConnectionError(closed)])
    with pytest.raises(CloudStackConnectionError) as info:
        client.request("createZone", {"name": "z"})
    assert info.value.ambiguous is True
    assert len(client._session.sent) == 1


def test_write_retried_on_429_and_refused_connection():
    script = [err("createZone", 429, "throttled"),
              TransportConnectionError("failed to establish a new connection: [Errno 111] Connection refused", not_sent=True),
              ok("createZone", {"zone": {"id": "1"}})]
    client, dummy = make_client(script)
    assert client.request("createZone", {"name": "z"})["zone"]["id"] == "1"


def test_error_fields_and_message():
    client, dummy = make_client([err("createZone", 431, "Unable to execute API command createzone due to missing parameter dns1")])
    with pytest.raises(CloudStackError) as info:
        client.request("createZone", {"name": "z"})
    exc = info.value
    assert exc.to_dict() == {"command": "createZone", "http_status": 431, "errorcode": 431, "cserrorcode": 9999,
                             "errortext": "Unable to execute API command createzone due to missing parameter dns1"}
    assert "missing parameter dns1" in exc.message
    assert "s3cr3t" not in exc.message


def test_401_names_the_auth_mode():
    body = FakeResponse(401, {"listzonesresponse": {"uuidList": [], "errorcode": 401,
                                                    "errortext": "unable to verify user credentials and/or request signature"}})
    client, dummy = make_client([body])
    with pytest.raises(CloudStackAuthError) as info:
        client.request("listZones")
    assert "API key and secret" in info.value.message
    assert "s3cr3t" not in info.value.message


def test_transport_errors_read_as_one_sentence_without_secrets():
    url_with_sig = "http://127.0.0.1:9/client/api?command=listZones&signature=SIGSECRET&apiKey=key"
    cases = [
        (TransportConnectionError("failed to establish a new connection: [Errno 111] Connection refused (%s)" % url_with_sig,
                                  not_sent=True), "connection refused"),
        (TransportConnectionError("failed to establish a new connection: [Errno -2] Name or service not known", not_sent=True),
         "cannot resolve"),
        (TLSError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate, url %s" % url_with_sig),
         "TLS failed"),
        (ReadTimeout("read timed out after 10 s, url %s" % url_with_sig), "no answer"),
    ]
    for exc, words in cases:
        client, dummy = make_client([exc] * 5, retries=0)
        with pytest.raises(CloudStackConnectionError) as info:
            client.request("listZones")
        assert words in info.value.message
        assert "SIGSECRET" not in info.value.message
        assert ENDPOINT in info.value.message


def test_bad_endpoints():
    for endpoint, words in [("", "No API endpoint"), ("ftp://x/client/api", "not an http"),
                            ("http:///client/api", "not an http"), ("http://h:99999/client/api", "invalid port"),
                            ("http://[::1/client/api", "not a valid URL")]:
        with pytest.raises(CloudStackError) as info:
            CloudStackClient(endpoint, api_key="k", api_secret="s")
        assert words in info.value.message


def test_credentials_required():
    with pytest.raises(CloudStackError, match="No credentials"):
        CloudStackClient(ENDPOINT)
    with pytest.raises(CloudStackError, match="both api_key and api_secret"):
        CloudStackClient(ENDPOINT, api_key="k")
    assert CloudStackClient(ENDPOINT, auth_mode="integration").auth_mode == "integration"


def test_login_session_and_relogin():
    login_ok = ok("login", {"sessionkey": "SK1", "timeout": 1800})
    login_ok2 = ok("login", {"sessionkey": "SK2", "timeout": 1800})
    expired = FakeResponse(401, {"listzonesresponse": {"errorcode": 401, "errortext": "unable to verify user credentials"}})
    script = [login_ok, ok("listZones", {}), expired, login_ok2, ok("listZones", {"count": 0})]
    clock = Clock()
    client = CloudStackClient(ENDPOINT, username="admin", password="pw-secret", sleep=clock.sleep, clock=clock)
    client._session = FakeSession(script)
    client.request("listZones")
    client.request("listZones")
    sent = client._session.sent
    assert [p["command"] for dummy, p in sent] == ["login", "listZones", "listZones", "login", "listZones"]
    assert sent[0][0] == "POST" and sent[0][1]["password"] == "pw-secret"
    assert sent[1][1]["sessionkey"] == "SK1" and sent[4][1]["sessionkey"] == "SK2"
    assert "signature" not in sent[1][1]


def test_failed_login_is_an_auth_error():
    clock = Clock()
    client = CloudStackClient(ENDPOINT, username="admin", password="bad", sleep=clock.sleep, clock=clock)
    client._session = FakeSession([FakeResponse(531, {"loginresponse": {
        "errorcode": 531, "errortext": "Failed to authenticate user admin in domain 1; please provide valid credentials"}})])
    with pytest.raises(CloudStackAuthError) as info:
        client.request("listZones")
    assert "login session of user 'admin'" in info.value.message
    assert "bad" not in info.value.message.replace("valid", "")


def test_integration_mode_sends_no_credentials_and_uses_get():
    client = CloudStackClient(ENDPOINT, auth_mode="integration")
    client._session = FakeSession([ok("createZone", {"zone": {}})])
    client.request("createZone", {"name": "z"})
    method, params = client._session.sent[0]
    assert method == "GET"
    assert set(params) == {"name", "command", "response"}


def job(status, result=None, code=0):
    inner = {"jobid": "J1", "jobstatus": status, "jobresultcode": code}
    if result is not None:
        inner["jobresult"] = result
    return ok("queryAsyncJobResult", inner)


def test_async_job_waits_and_returns_result():
    script = [ok("attachIso", {"jobid": "J1"}), job(0), job(0), job(1, {"virtualmachine": {"id": "vm"}})]
    client, clock = make_client(script)
    assert client.call("attachIso", {"id": "i", "virtualmachineid": "vm"}) == {"virtualmachine": {"id": "vm"}}
    assert clock.sleeps == [pytest.approx(0.05), pytest.approx(0.075)]


def test_async_job_failure_carries_job_id_and_errortext():
    script = [ok("attachIso", {"jobid": "J1"}), job(2, {"errorcode": 530, "errortext": "ISO already attached"}, 530)]
    client, dummy = make_client(script)
    with pytest.raises(CloudStackJobError) as info:
        client.call("attachIso", {"id": "i", "virtualmachineid": "vm"})
    assert info.value.jobid == "J1"
    assert "J1" in info.value.message and "ISO already attached" in info.value.message


def test_async_job_timeout():
    script = [ok("attachIso", {"jobid": "J1"})] + [job(0)] * 200
    client, clock = make_client(script, job_timeout=2)
    with pytest.raises(CloudStackTimeout) as info:
        client.call("attachIso", {"id": "i", "virtualmachineid": "vm"})
    assert "did not end within 2 s" in info.value.message
    assert clock.now == pytest.approx(2, abs=0.01)


def test_paging_walks_every_page():
    pages = [ok("listHosts", {"count": 5, "host": [{"id": str(i)} for i in range(0, 2)]}),
             ok("listHosts", {"count": 5, "host": [{"id": str(i)} for i in range(2, 4)]}),
             ok("listHosts", {"count": 5, "host": [{"id": "4"}]})]
    client, dummy = make_client(pages)
    key, items = client.list_all_keyed("listHosts", {"zoneid": "z"}, pagesize=2)
    assert key == "host" and [h["id"] for h in items] == ["0", "1", "2", "3", "4"]
    assert [p["page"] for dummy, p in client._session.sent] == ["1", "2", "3"]


def test_paging_empty_and_past_the_end():
    client, dummy = make_client([ok("listZones", {})])
    assert client.list_all("listZones") == []
    client, dummy = make_client([ok("listZones", {"count": 3, "zone": [{"id": "1"}, {"id": "2"}]}), ok("listZones", {"count": 3})])
    assert len(client.list_all("listZones", pagesize=2)) == 2


def test_non_json_answer():
    client, dummy = make_client([FakeResponse(200, "<xml/>", {"Content-Type": "text/xml"})])
    client._session.script[0].json = lambda: (item for item in ()).throw(ValueError("no json"))
    with pytest.raises(CloudStackError, match="not JSON"):
        client.request("listZones")


def test_create_not_retried_on_503_but_reported_ambiguous():
    """A proxy may answer 503 after the server acted: a create is not sent again blindly."""
    client, dummy = make_client([err("registerIso", 503, "Service Unavailable")])
    with pytest.raises(CloudStackConnectionError) as info:
        client.request("registerIso", {"name": "x"})
    assert info.value.ambiguous is True and info.value.http_status == 503
    assert len(client._session.sent) == 1


def test_create_retried_on_429_update_on_503():
    client, dummy = make_client([err("addHost", 429, "throttled"), ok("addHost", {"host": [{"id": "1"}]})])
    assert client.request("addHost", {"url": "http://h"})["host"][0]["id"] == "1"
    client, dummy = make_client([err("updateZone", 503, "busy"), ok("updateZone", {"zone": {"id": "1"}})])
    assert client.request("updateZone", {"id": "1"})["zone"]["id"] == "1"
    assert len(client._session.sent) == 2

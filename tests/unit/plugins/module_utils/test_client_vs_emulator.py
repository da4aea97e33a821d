# -*- coding: utf-8 -*-
"""The client against the emulator, and the emulator against an independent client.

- The signing example of the CloudStack developer's guide is accepted by the emulator.
- The `cs` library (PyPI, its own signing code) gets the answers it expects, and 401 with a wrong secret.
- Values with '*', spaces, '~', '+' and non-ASCII are signed by our client and accepted.
- Session login and the integration port work end to end.
The emulator runs as a separate process, started through its command line (docs/CONTRACTS.md).
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from ansible_collections.csops.cloudstack.plugins.module_utils.api import (
    CloudStackAuthError, CloudStackClient, CloudStackError)

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT / "benchmarks"))

from emulator_process import Emulator  # noqa: E402  pylint: disable=wrong-import-position

DOC_KEY = "plgWJfZK4gyS3mOMTVmjUVg-X-jlWlnfaUJ9GAbBbf9EdM-kAYMmAiLqzzq1ElZLYq_u38zCm0bewzGUdP66mg"
DOC_SECRET = "VDaACYb0LV9eNjTetIOElcVQkvJck_J_QljX_FcHRj87ZKiy0z0ty0ZsYBkoXkY9b7eq1EhwJaw7FF3akA3KBQ"
DOC_SIGNATURE = "TTpdDq/7j/J58XCRHomKoQXEQds="


@pytest.fixture(scope="module")
def emu():
    args = ["--api-key", DOC_KEY, "--secret-key", DOC_SECRET, "--integration-port", "0"]
    with Emulator(job_delay=0.05, extra_args=args) as running:
        yield running


@pytest.fixture(autouse=True)
def clean(emu):
    emu.reset()


def client(emu, **kwargs):
    options = dict(api_key=DOC_KEY, api_secret=DOC_SECRET, retries=0)
    options.update(kwargs)
    return CloudStackClient(emu.endpoint, **options)


def test_docs_signing_example_is_accepted(emu):
    """The exact request of the developer's guide: command=listUsers, signature TTpdDq/7j/J58XCRHomKoQXEQds=."""
    query = urllib.parse.urlencode({"command": "listUsers", "response": "json", "apikey": DOC_KEY,
                                    "signature": DOC_SIGNATURE})
    with urllib.request.urlopen(emu.endpoint + "?" + query, timeout=10) as resp:
        body = json.loads(resp.read())
    assert resp.status == 200
    assert "listusersresponse" in body
    log = emu.log()
    assert log[-1]["command"] == "listUsers" and log[-1]["auth"] == "apikey" and log[-1]["status"] == 200


def test_docs_example_with_a_wrong_signature_is_refused(emu):
    query = urllib.parse.urlencode({"command": "listUsers", "response": "json", "apikey": DOC_KEY,
                                    "signature": "AAAAAAAAAAAAAAAAAAAAAAAAAAA="})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(emu.endpoint + "?" + query, timeout=10)
    assert info.value.code == 401


@pytest.mark.parametrize("value", ["*.example.com", "a b c", "tilde~value", "plus+value", "Zürich ünïcödé",
                                   "all of it: *.a b~c+d/é=&?"])
def test_hard_values_are_signed_and_accepted(emu, value):
    for method in ("get", "post"):
        api = client(emu, method=method)
        assert api.request("listZones", {"keyword": value}) == {}
    zone = client(emu).request("createZone", {"name": value, "dns1": "8.8.8.8", "internaldns1": "8.8.8.8",
                                              "networktype": "Advanced"})["zone"]
    assert zone["name"] == value
    assert [z["name"] for z in emu.state("zones")] == [value]


def test_independent_cs_library(emu):
    cs = pytest.importorskip("cs")
    api = cs.CloudStack(endpoint=emu.endpoint, key=DOC_KEY, secret=DOC_SECRET, timeout=10)
    assert api.listZones() == {}
    created = api.createZone(name="cs-lib-zone", dns1="8.8.8.8", internaldns1="8.8.8.8", networktype="Basic")
    assert created["zone"]["name"] == "cs-lib-zone"
    assert created["zone"]["allocationstate"] == "Disabled"
    listed = api.listZones(name="cs-lib-zone")
    assert listed["count"] == 1 and listed["zone"][0]["id"] == created["zone"]["id"]
    assert api.listZones(keyword="*.example.com a b+c é") == {}
    # cs signs '~' unencoded (Python's quote); java.net.URLEncoder, which the server uses, encodes it as %7E,
    # so the server refuses the signature. Our client encodes it as the server does (test_hard_values_...).
    with pytest.raises(cs.CloudStackApiException) as info:
        api.listZones(keyword="a~b")
    assert info.value.error["errorcode"] == 401
    wrong = cs.CloudStack(endpoint=emu.endpoint, key=DOC_KEY, secret="not-the-secret", timeout=10)
    with pytest.raises(cs.CloudStackApiException) as info:
        wrong.listZones()
    assert info.value.error["errorcode"] == 401


def test_our_client_wrong_secret(emu):
    with pytest.raises(CloudStackAuthError) as info:
        client(emu, api_secret="not-the-secret").request("listZones")
    assert info.value.http_status == 401
    assert "not-the-secret" not in info.value.message


def test_unknown_command_and_missing_parameter(emu):
    with pytest.raises(CloudStackError) as info:
        client(emu).request("listZonez")
    assert info.value.http_status in (401, 432)
    with pytest.raises(CloudStackError) as info:
        client(emu).request("createZone", {"name": "z"})
    assert info.value.http_status == 431
    assert "missing parameter" in info.value.errortext


def test_login_session(emu):
    api = CloudStackClient(emu.endpoint, username=emu.info["username"], password=emu.info["password"], retries=0)
    assert api.request("listZones") == {}
    entries = emu.log()
    assert [e["command"] for e in entries[-2:]] == ["login", "listZones"]
    assert entries[-2]["method"] == "POST" and entries[-1]["auth"] == "session"
    bad = CloudStackClient(emu.endpoint, username=emu.info["username"], password="wrong", retries=0)
    with pytest.raises(CloudStackAuthError):
        bad.request("listZones")


def test_integration_port(emu):
    api = CloudStackClient(emu.info["integration_endpoint"], auth_mode="integration", retries=0)
    assert api.request("listZones") == {}
    assert emu.log()[-1]["auth"] == "integration"


def test_paging_walks_past_500(emu):
    emu.seed({"zones": [{"name": "seeded-%04d" % i, "networktype": "Advanced", "dns1": "8.8.8.8",
                         "internaldns1": "8.8.8.8", "allocationstate": "Disabled"} for i in range(1203)]})
    api = client(emu)
    zones = api.list_all("listZones")
    assert len(zones) == 1203
    assert len({z["id"] for z in zones}) == 1203
    assert api.calls == 3


def test_async_job(emu):
    api = client(emu)
    zone = api.request("createZone", {"name": "jz", "dns1": "8.8.8.8", "internaldns1": "8.8.8.8",
                                      "networktype": "Advanced"})["zone"]
    result = api.call("createPhysicalNetwork", {"name": "pn", "zoneid": zone["id"]})
    assert result["physicalnetwork"]["name"] == "pn"


def test_list_walk_adapts_to_a_lower_default_page_size(emu):
    """A server started with default.page.size=100 refuses pagesize=500 (BaseListCmd.getPageSize) and names
    its limit: the client walks again with 100 and keeps it."""
    emu._call("/config", "POST", {"default_page_size": 100})  # pylint: disable=protected-access
    emu.seed({"zones": [{"name": "pz-%03d" % i} for i in range(250)]})
    c = client(emu)
    zones = c.list_all("listZones", key="zone")
    assert len(zones) == 250 and len({z["id"] for z in zones}) == 250
    assert c.page_size == 100
    assert c.calls == 4  # the refused page, then 3 pages of 100
    before = c.calls
    assert len(c.list_all("listZones", key="zone")) == 250
    assert c.calls - before == 3  # no refusal once it knows


def test_list_walk_with_api_page_size_set(emu):
    emu._call("/config", "POST", {"default_page_size": 100})  # pylint: disable=protected-access
    emu.seed({"zones": [{"name": "pz-%03d" % i} for i in range(150)]})
    c = client(emu, page_size=100)
    assert len(c.list_all("listZones", key="zone")) == 150
    assert c.calls == 2


def test_a_page_size_under_the_limit_is_kept(emu):
    emu._call("/config", "POST", {"default_page_size": 100})  # pylint: disable=protected-access
    emu.seed({"zones": [{"name": "pz-%03d" % i} for i in range(120)]})
    c = client(emu, page_size=50)
    assert len(c.list_all("listZones", key="zone")) == 120
    assert (c.calls, c.page_size) == (3, 50)

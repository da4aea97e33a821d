"""uploadCustomCertificate (docs/emulator-certificates.md) with real certificates made by openssl in the test."""
from __future__ import annotations

import time

import pytest

import pki
from guestzone import job, job_err, job_ok

pytestmark = pytest.mark.skipif(not pki.have_openssl(), reason="needs the openssl command")

SUCCESS_START = "Certificate has been successfully updated, if its the server certificate we would reboot all"


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    return pki.make_pki(str(tmp_path_factory.mktemp("pki")))


def _setting(cs, name):
    return [c for c in cs.ok("listConfigurations", name=name)["configuration"] if c["name"] == name][0]["value"]


def _keystores(cs):
    return {k["name"]: k for k in cs.control("/state/keystores")[1]}


def test_chain_then_server_certificate(cs, certs):
    res = job(cs, "uploadCustomCertificate", certificate=certs["root"], id="1", name="root", domainsuffix="example.com")
    assert res["jobstatus"] == 1 and res["jobresultcode"] == 0
    assert set(res["jobresult"]) == {"customcertificate"}
    assert res["jobresult"]["customcertificate"]["message"].startswith(SUCCESS_START)
    job_ok(cs, "uploadCustomCertificate", certificate=certs["intermediate"], id="2", name="intermediate",
           domainsuffix="example.com")
    job_ok(cs, "uploadCustomCertificate", certificate=certs["server"], privatekey=certs["key"], domainsuffix="example.com")
    stores = _keystores(cs)
    assert stores["root"]["index"] == 1 and stores["intermediate"]["index"] == 2
    assert stores["CPVMCertificate"]["certificate"] == certs["server"] and "key" not in stores["CPVMCertificate"]
    assert certs["key"].split("\n")[1] not in str(cs.control("/state")[1])  # the key never leaves the store
    # a second chain upload with the same name replaces the row (KeystoreDaoImpl.save)
    job_ok(cs, "uploadCustomCertificate", certificate=certs["root"], id="3", name="root", domainsuffix="example.com")
    assert _keystores(cs)["root"]["index"] == 3 and len(_keystores(cs)) == 3


def test_parameter_rules_run_in_the_job(cs, certs):
    for params, text in (
            ({"privatekey": certs["key"], "name": "x"}, "Can't change the alias for private key certification"),
            ({"id": "1"}, "alias can't be empty, if it's a certification chain"),
            ({"name": "root"}, "index can't be empty, if it's a certification chain")):
        res = job_err(cs, "uploadCustomCertificate", certificate=certs["root"], domainsuffix="example.com", **params)
        assert res["errorcode"] == 431 and res["errortext"] == text, params
    status, body = cs.api("uploadCustomCertificate", certificate=certs["root"])
    assert status == 431  # domainsuffix is required (checked before the job)


@pytest.mark.parametrize("key", ["key_pkcs1", "ec_key", "garbage"])
def test_server_certificate_validation_418(cs, certs, key):
    value = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n" if key == "garbage" else certs[key]
    res = job_err(cs, "uploadCustomCertificate", certificate=certs["server"], privatekey=value, domainsuffix="example.com")
    assert res["errorcode"] == 431 and res["errortext"] == "Failed to pass certificate validation check"


def test_lenient_like_the_real_server(cs, certs):
    # the key is not matched against the certificate, expiry is not checked, a 4.18 chain entry is not parsed
    job_ok(cs, "uploadCustomCertificate", certificate=certs["server"], privatekey=certs["other_key"],
           domainsuffix="other.org")
    job_ok(cs, "uploadCustomCertificate", certificate="not a certificate", id="1", name="root", domainsuffix="x")
    res = job_err(cs, "uploadCustomCertificate", certificate="not a certificate", privatekey=certs["key"],
                  domainsuffix="example.com")
    assert res["errortext"] == "Failed to pass certificate validation check"


def test_validation_messages_from_420(cs, certs):
    cs.control("/config", {"api_version": "4.20"})
    try:
        res = job_err(cs, "uploadCustomCertificate", certificate=certs["server"], privatekey=certs["key_pkcs1"],
                      domainsuffix="example.com")
        assert res["errortext"] == ("Failed to pass certificate validation check with error: Certificate validation "
                                    "failed due to exception for domain: example.com")
        res = job_err(cs, "uploadCustomCertificate", certificate="junk", id="1", name="root", domainsuffix="example.com")
        assert res["errortext"].startswith("Failed to pass certificate validation check with error: Certificate "
                                           "validation failed due to exception: Could not parse certificate")
        job_ok(cs, "uploadCustomCertificate", certificate=certs["root"], id="1", name="root", domainsuffix="example.com")
    finally:
        cs.control("/config", {"api_version": "4.18"})


def _ready_zone_with_system_vms(cs):
    from guestzone import zone  # pylint: disable=import-outside-toplevel
    ids = zone(cs)
    end = time.time() + 5
    while time.time() < end:
        vms = cs.ok("listSystemVms").get("systemvm", [])
        if len(vms) == 2 and all(v["state"] == "Running" and v["agentstate"] == "Up" for v in vms):
            return ids, {v["systemvmtype"]: v for v in vms}
        time.sleep(0.05)
    raise AssertionError(vms)


def test_server_certificate_restarts_system_vms(cs, certs):
    ids, vms = _ready_zone_with_system_vms(cs)
    cs.control("/config", {"job_delay": 0.2})
    assert _setting(cs, "consoleproxy.management.state") == "Auto"
    jobid = cs.ok("uploadCustomCertificate", certificate=certs["server"], privatekey=certs["key"],
                  domainsuffix="example.com")["jobid"]
    assert cs.wait_job(jobid)["jobstatus"] == 1
    assert _setting(cs, "consoleproxy.management.state") == "ResetSuspending"
    assert _setting(cs, "consoleproxy.management.state.last") == "Auto"
    now = {v["systemvmtype"]: v for v in cs.ok("listSystemVms")["systemvm"]}
    # the SSVM reboots (its agent reconnects); the proxy is stopped by the scanner and started again
    assert now["secondarystoragevm"]["agentstate"] == "Disconnected"
    assert now["consoleproxy"]["state"] == "Starting" and now["consoleproxy"]["id"] == vms["consoleproxy"]["id"]
    assert _setting(cs, "consoleproxy.management.state") == "Auto"
    end = time.time() + 5
    while time.time() < end:
        now = {v["systemvmtype"]: v for v in cs.ok("listSystemVms")["systemvm"]}
        if all(v["state"] == "Running" and v["agentstate"] == "Up" for v in now.values()):
            break
        time.sleep(0.05)
    assert all(v["state"] == "Running" and v["agentstate"] == "Up" for v in now.values()), now
    # a chain certificate restarts the proxies too, but not the SSVM
    job_ok(cs, "uploadCustomCertificate", certificate=certs["root"], id="1", name="root", domainsuffix="example.com")
    now = {v["systemvmtype"]: v for v in cs.ok("listSystemVms")["systemvm"]}
    assert now["secondarystoragevm"]["agentstate"] == "Up" and now["consoleproxy"]["state"] == "Starting"

"""A scripted session of an independent client, the `cs` library (exoscale/cs, its own signing,
polling and unwrapping), against the emulator started as a process: list zones, register a
template, deploy and destroy a VM, create an account with keys and use them. Every raw answer is
checked against what a real 4.18 server answers (realshape.py: the listApis fields and the
source's answer shapes), and each step against the server's rules for it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

import pytest

cs_lib = pytest.importorskip("cs")

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import realshape  # noqa: E402

RUNNER = os.path.join(HERE, "..", "..", "emulator", "run_emulator.py")
TEMPLATE_URL = "http://download.example.org/templates/debian-12.qcow2"


@pytest.fixture(scope="module")
def emulator():
    tmp = tempfile.mkdtemp(prefix="csemu-cs-")
    ready = os.path.join(tmp, "ready.json")
    proc = subprocess.Popen([sys.executable, RUNNER, "--port", "0", "--ready-file", ready, "--job-delay", "0.2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while not os.path.exists(ready):
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "emulator did not start"
        time.sleep(0.02)
    time.sleep(0.05)
    with open(ready, encoding="utf-8") as fh:
        info = json.load(fh)
    yield info
    proc.terminate()
    proc.wait(timeout=10)


class Recorder:
    """Keeps every raw answer the cs library received (its requests session's send, wrapped)."""

    def __init__(self, client):
        self.answers = []
        send = client.session.send

        def recording_send(request, **kwargs):
            response = send(request, **kwargs)
            self.hook(response)
            return response
        client.session.send = recording_send

    def hook(self, response):
        try:
            body = response.json()
        except ValueError:
            body = response.text
        command = dict(p.split("=", 1) for p in response.request.url.split("?", 1)[-1].split("&")
                       if "=" in p).get("command")
        if command is None and response.request.body:
            body_params = dict(p.split("=", 1) for p in str(response.request.body).split("&") if "=" in p)
            command = body_params.get("command")
        self.answers.append((command, response.status_code, body))

    def last(self, command):
        return next(a for a in reversed(self.answers) if a[0] == command)


def client(info, **kw):
    c = cs_lib.CloudStack(endpoint=info["endpoint"], key=kw.get("key", info["api_key"]),
                          secret=kw.get("secret", info["secret_key"]), fetch_result=True, poll_interval=0.1,
                          job_timeout=30)
    return c, Recorder(c)


def checked(rec, command, problems=None):
    """The last raw answer to command, checked against the real shape."""
    _cmd, status, body = rec.last(command)
    assert status == 200, body
    found = realshape.check(command, body)
    assert not found, found
    return body[command.lower() + "response"]


def checked_job(rec, command):
    """The submission and the final queryAsyncJobResult answer of command's job."""
    checked(rec, command)
    _cmd, status, body = rec.last("queryAsyncJobResult")
    found = realshape.check_job(command, body)
    assert not found, found
    return body["queryasyncjobresultresponse"]["jobresult"]


def build_zone(api):
    """An enabled Advanced zone with a KVM host, primary and secondary storage."""
    zone = api.createZone(name="cs-zone", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced",
                          guestcidraddress="10.1.1.0/24")["zone"]
    pnet = api.createPhysicalNetwork(name="cs-pnet", zoneid=zone["id"], isolationmethods="VLAN",
                                     vlan="100-199")["physicalnetwork"]
    for traffic in ("Management", "Guest", "Public"):
        api.addTrafficType(physicalnetworkid=pnet["id"], traffictype=traffic)
    api.updatePhysicalNetwork(id=pnet["id"], state="Enabled")
    vr = api.listNetworkServiceProviders(physicalnetworkid=pnet["id"], name="VirtualRouter")["networkserviceprovider"][0]
    element = api.listVirtualRouterElements(nspid=vr["id"])["virtualrouterelement"][0]
    api.configureVirtualRouterElement(id=element["id"], enabled="true")
    api.updateNetworkServiceProvider(id=vr["id"], state="Enabled")
    api.createVlanIpRange(zoneid=zone["id"], vlan="untagged", gateway="198.51.100.1", netmask="255.255.255.0",
                          startip="198.51.100.10", endip="198.51.100.100", forvirtualnetwork="true")
    pod = api.createPod(name="cs-pod", zoneid=zone["id"], startip="10.0.0.10", endip="10.0.0.50",
                        gateway="10.0.0.1", netmask="255.255.255.0")["pod"]
    cluster = api.addCluster(zoneid=zone["id"], podid=pod["id"], clustername="cs-cluster", hypervisor="KVM",
                             clustertype="CloudManaged")["cluster"][0]
    api.addHost(zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"], hypervisor="KVM",
                url="http://192.0.2.11", username="root", password="host-password")
    api.createStoragePool(zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"], name="cs-primary",
                          url="nfs://192.0.2.20/export/primary")
    api.addImageStore(name="cs-secondary", provider="NFS", zoneid=zone["id"], url="nfs://192.0.2.20/export/secondary")
    api.updateZone(id=zone["id"], allocationstate="Enabled")
    return zone


@pytest.fixture(scope="module")
def session(emulator):
    """The client and the zone every step of the session uses."""
    api, rec = client(emulator)
    return {"api": api, "rec": rec, "zone": build_zone(api), "emulator": emulator}


def test_cs_list_zones(session):
    api, rec = session["api"], session["rec"]
    out = api.listZones()
    assert [z["name"] for z in out["zone"]] == ["cs-zone"]
    listed = checked(rec, "listZones")
    assert listed["count"] == 1 and listed["zone"][0]["allocationstate"] == "Enabled"


def register_template(session):
    """registerTemplate answers a list; the template is downloaded and ready after a delay."""
    if "template" in session:
        return session["template"]
    api, rec, zone = session["api"], session["rec"], session["zone"]
    ostype = api.listOsTypes(description="Debian GNU/Linux 11 (64-bit)")["ostype"][0]
    api.registerTemplate(name="debian-12", displaytext="Debian 12", url=TEMPLATE_URL, format="QCOW2",
                         hypervisor="KVM", ostypeid=ostype["id"], zoneid=zone["id"])
    registered = checked(rec, "registerTemplate")
    template = registered["template"][0]
    assert registered["count"] == 1 and template["name"] == "debian-12" and template["isready"] is False
    deadline = time.time() + 20
    while not api.listTemplates(templatefilter="self", id=template["id"])["template"][0]["isready"]:
        assert time.time() < deadline, "the template never became ready"
        time.sleep(0.2)
    ready = checked(rec, "listTemplates")["template"][0]
    assert ready["isready"] is True and ready["status"] == "Download Complete"
    session["template"] = ready
    return ready


def test_cs_register_template(session):
    register_template(session)


def test_cs_deploy_and_destroy_vm(session):
    """deployVirtualMachine is create-style async (id + jobid); destroy with expunge removes it."""
    api, rec, zone = session["api"], session["rec"], session["zone"]
    template = register_template(session)
    offering = api.listServiceOfferings(name="Small Instance")["serviceoffering"][0]
    vm = api.deployVirtualMachine(zoneid=zone["id"], templateid=template["id"], serviceofferingid=offering["id"],
                                  name="cs-vm1")["virtualmachine"]
    deployed = checked_job(rec, "deployVirtualMachine")["virtualmachine"]
    assert vm["state"] == deployed["state"] == "Running" and deployed["name"] == "cs-vm1"
    assert deployed["nic"] and deployed["nic"][0]["isdefault"] is True
    assert api.listVirtualMachines(id=vm["id"])["virtualmachine"][0]["state"] == "Running"
    checked(rec, "listVirtualMachines")
    api.destroyVirtualMachine(id=vm["id"], expunge="true")
    checked_job(rec, "destroyVirtualMachine")
    assert api.listVirtualMachines(id=vm["id"]) == {}


def test_cs_account_with_keys(session):
    """createAccount answers the account with its first user; registerUserKeys gives keys that sign."""
    api, rec = session["api"], session["rec"]
    account = api.createAccount(username="ops", password="ops-user-password", email="ops@example.org",
                                firstname="Op", lastname="Erator", accounttype="0")["account"]
    created = checked(rec, "createAccount")["account"]
    assert created["id"] == account["id"]
    assert created["name"] == "ops" and created["accounttype"] == 0 and created["state"] == "enabled"
    user = created["user"][0]
    assert user["username"] == "ops" and user["account"] == "ops"
    keys = api.registerUserKeys(id=user["id"])["userkeys"]
    assert set(checked(rec, "registerUserKeys")["userkeys"]) == {"apikey", "secretkey"}
    ops, ops_rec = client(session["emulator"], key=keys["apikey"], secret=keys["secretkey"])
    assert [z["name"] for z in ops.listZones()["zone"]] == ["cs-zone"]
    checked(ops_rec, "listZones")

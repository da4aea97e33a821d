"""User VMs, volumes and SSH key pairs (docs/emulator-guest.md), and a deploy/destroy session through `cs`."""
from __future__ import annotations

import base64
import hashlib

import pytest

import guestzone as g

SHARED = "DefaultSharedNetworkOffering"


def _deploy(cs, ids, cat, **extra):
    params = dict(zoneid=ids["zone"], serviceofferingid=cat["small"], templateid=cat["template"])
    params.update(extra)
    res = cs.ok("deployVirtualMachine", **params)
    assert set(res) == {"id", "jobid"}
    return res["id"], cs.wait_job(res["jobid"])


def test_deploy_creates_default_network_router_and_volumes(cs):
    ids = g.zone(cs)
    cat = g.seed_catalog(cs, ids["zone"])
    vm_id, job = _deploy(cs, ids, cat, diskofferingid=cat["disk"], name="web-1", displayname="Web 1")
    assert job["jobstatus"] == 1 and job["jobinstancetype"] == "VirtualMachine" and job["jobinstanceid"] == vm_id
    vm = job["jobresult"]["virtualmachine"]
    assert vm["id"] == vm_id and vm["name"] == "web-1" and vm["displayname"] == "Web 1" and vm["state"] == "Running"
    assert vm["hostid"] == ids["host"] and vm["instancename"].startswith("i-2-") and vm["instancename"].endswith("-VM")
    assert vm["templatename"] == "ubuntu-22" and vm["serviceofferingname"] == "small" and vm["cpunumber"] == 1
    assert vm["account"] == "admin" and vm["osdisplayname"] == "Ubuntu 20.04 LTS"
    nic = vm["nic"][0]
    net = cs.ok("listNetworks", id=nic["networkid"])["network"][0]
    assert net["name"] == "admin-network" and net["state"] == "Implemented" and net["vlan"] == "100"
    assert nic["isdefault"] is True and nic["ipaddress"].startswith("10.1.1.") and nic["gateway"] == "10.1.1.1"
    routers = cs.ok("listRouters")["router"]  # the isolated network belongs to admin: visible without listall
    assert len(routers) == 1 and routers[0]["guestnetworkid"] == net["id"] and routers[0]["publicip"] == "192.0.2.10"
    vols = cs.ok("listVolumes", virtualmachineid=vm_id)["volume"]
    by_type = {v["type"]: v for v in vols}
    assert by_type["ROOT"]["name"].startswith("ROOT-") and by_type["ROOT"]["size"] == 8 * 1024 ** 3
    assert by_type["DATADISK"]["size"] == 5 * 1024 ** 3 and by_type["DATADISK"]["diskofferingname"] == "data-5"
    assert {v["state"] for v in vols} == {"Ready"} and by_type["ROOT"]["storage"] == "z1-ps"
    assert cs.ok("listVirtualMachines", name="WEB-1")["virtualmachine"][0]["id"] == vm_id  # EQ, case-insensitive


def test_deploy_on_shared_network_and_host_name_default(cs):
    ids = g.zone(cs)
    cat = g.seed_catalog(cs, ids["zone"])
    net = cs.ok("createNetwork", zoneid=ids["zone"], name="s", displaytext="s", networkofferingid=g.offering(cs, SHARED),
                vlan="300", gateway="10.10.0.1", netmask="255.255.255.0", startip="10.10.0.10",
                endip="10.10.0.12")["network"]
    vm_id, job = _deploy(cs, ids, cat, networkids=net["id"])
    vm = job["jobresult"]["virtualmachine"]
    assert vm["name"] == f"VM-{vm_id}"  # UserVmManagerImpl.generateHostName
    router = cs.ok("listRouters", networkid=net["id"], listall="true")["router"][0]
    # DirectNetworkGuru allocates the VM's address when the VM is allocated; the router's when it is deployed
    assert vm["nic"][0]["ipaddress"] == "10.10.0.10" and router["guestipaddress"] == "10.10.0.11"
    _deploy(cs, ids, cat, networkids=net["id"])
    res = cs.ok("listNetworks", id=net["id"])["network"][0]
    assert res["canusefordeploy"] is False  # the range is used up
    status, body = cs.api("deployVirtualMachine", zoneid=ids["zone"], serviceofferingid=cat["small"],
                          templateid=cat["template"], networkids=net["id"])
    assert status == 533 and body["deployvirtualmachineresponse"]["errortext"] == "Insufficient address capacity"


def test_deploy_errors(cs):
    ids = g.zone(cs)
    cat = g.seed_catalog(cs, ids["zone"])
    base = dict(zoneid=ids["zone"], serviceofferingid=cat["small"], templateid=cat["template"])
    status, text = g.err(cs, "deployVirtualMachine", **dict(base, name="bad_name"))
    assert status == 431 and text.startswith("Invalid name. Vm name can contain ASCII letters")
    status, text = g.err(cs, "deployVirtualMachine", **dict(base, hypervisor="XenServer"))
    assert text == "Hypervisor passed to the deployVm call, is different from the hypervisor type of the template"
    status, text = g.err(cs, "deployVirtualMachine", **dict(base, keypair="nokey"))
    assert text == "Not all specified keyparis exist"
    status, text = g.err(cs, "deployVirtualMachine", **dict(base, account="admin"))
    assert text == "Account must be specified with domainId parameter"
    dom, acct = g.tenant(cs)
    mine = cs.ok("createNetwork", zoneid=ids["zone"], name="their", displaytext="t", account=acct["name"],
                 domainid=dom["id"], networkofferingid=g.offering(cs, "DefaultIsolatedNetworkOfferingWithSourceNatService"))
    status, text = g.err(cs, "deployVirtualMachine", **dict(base, networkids=mine["network"]["id"]))
    assert status == 531 and text == f"Unable to use network with id= {mine['network']['id']}, permission denied"
    # no capacity: the job fails with 533, the VM ends in Error and its volumes are destroyed
    vm_id, job = _deploy(cs, ids, cat, serviceofferingid=cat["huge"])
    assert job["jobstatus"] == 2 and job["jobresult"]["errorcode"] == 533
    assert job["jobresult"]["errortext"].startswith("Unable to create a deployment for VM instance")
    assert cs.ok("listVirtualMachines", id=vm_id)["virtualmachine"][0]["state"] == "Error"
    assert {v["state"] for v in cs.ok("listVolumes", virtualmachineid=vm_id)["volume"]} == {"Destroy"}


def test_lifecycle_stop_start_reboot_destroy_recover_expunge(cs):
    ids = g.zone(cs)
    cat = g.seed_catalog(cs, ids["zone"])
    vm_id, job = _deploy(cs, ids, cat, diskofferingid=cat["disk"])
    err = g.job_err(cs, "startVirtualMachine", id=vm_id)
    assert err["errortext"].endswith("is already running")
    vm = g.job_ok(cs, "stopVirtualMachine", id=vm_id)["virtualmachine"]
    assert vm["state"] == "Stopped" and "hostid" not in vm
    err = g.job_err(cs, "rebootVirtualMachine", id=vm_id)
    assert err["errortext"].endswith("is not running, unable to reboot it")
    assert g.job_ok(cs, "startVirtualMachine", id=vm_id)["virtualmachine"]["state"] == "Running"
    assert g.job_ok(cs, "rebootVirtualMachine", id=vm_id)["virtualmachine"]["state"] == "Running"
    err = g.job_err(cs, "expungeVirtualMachine", id=vm_id)
    assert err["errortext"] == "Please destroy vm with specified vmId before expunge"
    assert g.job_ok(cs, "destroyVirtualMachine", id=vm_id)["virtualmachine"]["state"] == "Destroyed"
    data = cs.ok("listVolumes", type="DATADISK")["volume"][0]
    assert "virtualmachineid" not in data and data["state"] == "Ready"  # data disks are detached on destroy
    assert cs.ok("listVirtualMachines", id=vm_id)["virtualmachine"][0]["state"] == "Destroyed"
    assert cs.ok("listVirtualMachines", state="present") == {}
    assert cs.ok("recoverVirtualMachine", id=vm_id)["virtualmachine"]["state"] == "Stopped"
    status, text = g.err(cs, "recoverVirtualMachine", id=vm_id)
    assert text == f"Vm with id {vm_id} is not in the right state"
    res = g.job_ok(cs, "destroyVirtualMachine", id=vm_id, expunge="true")
    assert res["virtualmachine"]["id"] == vm_id
    assert cs.ok("listVirtualMachines", listall="true") == {}
    assert cs.ok("listVolumes", type="ROOT") == {}
    assert cs.ok("listVolumes", type="DATADISK")["count"] == 1


def test_account_scoping_of_lists(cs):
    ids = g.zone(cs)
    cat = g.seed_catalog(cs, ids["zone"])
    dom, acct = g.tenant(cs)
    net = cs.ok("createNetwork", zoneid=ids["zone"], name="shared", displaytext="s",
                networkofferingid=g.offering(cs, SHARED), vlan="300", gateway="10.10.0.1", netmask="255.255.255.0",
                startip="10.10.0.10", endip="10.10.0.50")["network"]
    theirs, job = _deploy(cs, ids, cat, account=acct["name"], domainid=dom["id"], networkids=net["id"])
    assert job["jobstatus"] == 1 and job["jobresult"]["virtualmachine"]["account"] == acct["name"]
    mine, dummy = _deploy(cs, ids, cat)
    assert [v["id"] for v in cs.ok("listVirtualMachines")["virtualmachine"]] == [mine]
    assert {v["id"] for v in cs.ok("listVirtualMachines", listall="true")["virtualmachine"]} == {mine, theirs}
    assert [v["id"] for v in cs.ok("listVirtualMachines", domainid=dom["id"])["virtualmachine"]] == [theirs]
    assert cs.ok("listVirtualMachines", id=theirs)["count"] == 1  # an id widens the scope
    assert {v["account"] for v in cs.ok("listVolumes")["volume"]} == {"admin"}
    assert {v["account"] for v in cs.ok("listVolumes", listall="true")["volume"]} == {"admin", acct["name"]}
    # routers: the shared network's router belongs to the system account
    assert [r["account"] for r in cs.ok("listRouters")["router"]] == ["admin"]
    assert {r["account"] for r in cs.ok("listRouters", listall="true")["router"]} == {"admin", "system"}
    status, text = g.err(cs, "listVirtualMachines", account="ghost")
    assert text.startswith("could not find account ghost in domain")


def test_ssh_key_pairs(cs):
    created = cs.ok("createSSHKeyPair", name="ops")["keypair"]
    assert created["privatekey"].startswith("-----BEGIN RSA PRIVATE KEY-----") and created["account"] == "admin"
    listed = cs.ok("listSSHKeyPairs", name="OPS")["sshkeypair"][0]
    assert "privatekey" not in listed and listed["fingerprint"] == created["fingerprint"]
    status, text = g.err(cs, "createSSHKeyPair", name="ops")
    assert text == "A key pair with name 'ops' already exists."
    blob = b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + bytes(range(32))
    pub = "ssh-ed25519 " + base64.b64encode(blob).decode() + " me@example"
    reg = cs.ok("registerSSHKeyPair", name="mine", publickey=pub)["keypair"]
    digest = hashlib.md5(blob).hexdigest()
    assert reg["fingerprint"] == ":".join(digest[i:i + 2] for i in range(0, 32, 2))
    status, text = g.err(cs, "registerSSHKeyPair", name="again", publickey=pub)
    assert text == f"A key pair with key '{pub}' already exists for this account."
    status, text = g.err(cs, "registerSSHKeyPair", name="bad", publickey="not a key")
    assert text == "Public key is invalid"
    assert cs.ok("registerSSHKeyPair", name="b64", publickey=base64.b64encode(
        ("ssh-ed25519 " + base64.b64encode(blob[:-1] + b"\x01").decode()).encode()).decode())["keypair"]["name"] == "b64"
    assert cs.ok("listSSHKeyPairs", keyword=reg["fingerprint"][:8])["sshkeypair"][0]["name"] == "mine"
    assert cs.ok("deleteSSHKeyPair", name="ops") == {"success": True}
    status, text = g.err(cs, "deleteSSHKeyPair", name="ops")
    assert text == "A key pair with name 'ops' does not exist for account admin in specified domain id"
    dom, acct = g.tenant(cs)
    cs.ok("registerSSHKeyPair", name="t", publickey=pub, account=acct["name"], domainid=dom["id"])
    assert {k["name"] for k in cs.ok("listSSHKeyPairs")["sshkeypair"]} == {"mine", "b64"}
    assert {k["name"] for k in cs.ok("listSSHKeyPairs", listall="true")["sshkeypair"]} == {"mine", "b64", "t"}


def test_deploy_with_keypair_and_iso(cs):
    ids = g.zone(cs)
    cat = g.seed_catalog(cs, ids["zone"])
    cs.ok("createSSHKeyPair", name="k1")
    vm_id, job = _deploy(cs, ids, cat, keypairs="k1")
    assert job["jobresult"]["virtualmachine"]["keypairs"] == "k1"
    dummy, out = cs.control("/seed", {"isos": [{"name": "installer", "zoneid": ids["zone"], "bootable": True,
                                                "isready": True}]})
    iso = out["isos"][0]["id"]
    status, text = g.err(cs, "deployVirtualMachine", zoneid=ids["zone"], serviceofferingid=cat["small"], templateid=iso)
    assert text == "hypervisor parameter is needed to deploy VM or the hypervisor parameter value passed is invalid"
    status, text = g.err(cs, "deployVirtualMachine", zoneid=ids["zone"], serviceofferingid=cat["small"], templateid=iso,
                         hypervisor="KVM")
    assert text == "Installing from ISO requires a disk offering to be specified for the root disk."
    vm_id, job = _deploy(cs, ids, cat, templateid=iso, hypervisor="KVM", diskofferingid=cat["disk"])
    vm = job["jobresult"]["virtualmachine"]
    assert vm["isoid"] == iso and "templateid" not in vm
    root = cs.ok("listVolumes", virtualmachineid=vm_id)["volume"]
    assert len(root) == 1 and root[0]["type"] == "ROOT" and root[0]["size"] == 5 * 1024 ** 3


def test_cs_library_session_deploy_and_destroy(running):
    """The independent `cs` client: deploy a VM (job polled by cs), list it, destroy it with expunge."""
    cs_mod = pytest.importorskip("cs")
    from conftest import Client
    running.emu.reset(job_delay=0.05, strict=True)
    client = Client(running)
    ids = g.zone(client)
    cat = g.seed_catalog(client, ids["zone"])
    api = cs_mod.CloudStack(endpoint=running.endpoint, key=running.api_key, secret=running.secret_key,
                            fetch_result=True, poll_interval=0.05, job_timeout=10)
    vm = api.deployVirtualMachine(zoneid=ids["zone"], serviceofferingid=cat["small"], templateid=cat["template"],
                                  name="cs-vm")["virtualmachine"]
    assert vm["state"] == "Running" and vm["name"] == "cs-vm"
    assert api.listVirtualMachines(name="cs-vm")["virtualmachine"][0]["id"] == vm["id"]
    assert api.listVolumes(virtualmachineid=vm["id"])["volume"][0]["type"] == "ROOT"
    gone = api.destroyVirtualMachine(id=vm["id"], expunge=True)["virtualmachine"]
    assert gone["id"] == vm["id"]
    assert api.listVirtualMachines(listall=True) == {}
    with pytest.raises(cs_mod.CloudStackApiException) as exc:
        api.deployVirtualMachine(zoneid=ids["zone"], serviceofferingid=cat["huge"], templateid=cat["template"])
    assert exc.value.error["errorcode"] == 533

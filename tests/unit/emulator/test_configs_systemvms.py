"""Global settings and system VMs of the emulator (docs/emulator-configs-systemvms.md)."""
from __future__ import annotations

import time

from csemu.handlers import configs


def one(cs, name, **scope):
    out = cs.ok("listConfigurations", name=name, **scope)
    found = [c for c in out.get("configuration", []) if c["name"] == name]
    assert len(found) == 1, out
    return found[0]


def err(cs, command, **params):
    status, body = cs.api(command, **params)
    return status, body[command.lower() + "response"]


def ready_zone(cs, name="z", enable=True, image_store=True):
    z = cs.ok("createZone", name=name, dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")["zone"]
    pn = cs.ok("createPhysicalNetwork", zoneid=z["id"], name="pn")["id"]  # enabling needs Management + Public
    for traffic in ("Management", "Public", "Guest"):
        cs.ok("addTrafficType", physicalnetworkid=pn, traffictype=traffic)
    p = cs.ok("createPod", name="p", zoneid=z["id"], startip="10.1.0.10", gateway="10.1.0.1",
              netmask="255.255.255.0")["pod"]
    c = cs.ok("addCluster", zoneid=z["id"], podid=p["id"], clustername="c1", clustertype="CloudManaged",
              hypervisor="KVM")["cluster"][0]
    cs.ok("addHost", zoneid=z["id"], podid=p["id"], clusterid=c["id"], hypervisor="KVM", url="http://10.1.0.50",
          username="root", password="pw")
    cs.ok("createStoragePool", zoneid=z["id"], name="ps", url="nfs://10.0.0.5/export", clusterid=c["id"],
          podid=p["id"])
    if image_store:
        cs.ok("addImageStore", provider="NFS", url="nfs://10.0.0.5/sec", zoneid=z["id"], name="sec")
    if enable:
        cs.ok("updateZone", id=z["id"], allocationstate="Enabled")
    return z, c


# -- configurations ----------------------------------------------------------------------------------
def test_like_match_hidden_and_fields(cs):
    out = cs.ok("listConfigurations", name="ping.interval")  # LIKE %ping.interval%
    assert {c["name"] for c in out["configuration"]} == {"ping.interval", "kvm.rolling.maintenance.ping.interval"}
    names = {c["name"] for c in cs.ok("listConfigurations", name="consoleproxy.session")["configuration"]}
    assert names == {"consoleproxy.session.max", "consoleproxy.session.timeout"}
    # LIKE is case-insensitive; Hidden never listed
    assert cs.ok("listConfigurations", name="SECSTORAGE.COPY") == {}
    assert cs.ok("listConfigurations", name="upload.post.secret.key") == {}
    c = one(cs, "consoleproxy.url.domain")
    assert c["isdynamic"] is False and c["category"] == "Console Proxy" and c["value"] == ""
    assert "scope" not in c  # set only from the request's scope id (ListCfgsByCmd.setScope)
    assert "value" not in one(cs, "secstorage.allowed.internal.sites")  # null -> omitted
    assert "systemvm.default.hypervisor" not in {c["name"] for c in cs.ok("listConfigurations", keyword="hypervisor")["configuration"]}


def test_update_global_bool_lowercase_and_errors(cs):
    out = cs.ok("updateConfiguration", name="system.vm.auto.reserve.capacity", value="FALSE")["configuration"]
    assert out["value"] == "FALSE"  # the response echoes the request's value (UpdateCfgCmd.setResponseValue)
    assert one(cs, "system.vm.auto.reserve.capacity")["value"] == "false"
    status, body = err(cs, "updateConfiguration", name="system.vm.auto.reserve.capacity", value="yes")
    assert status == 431 and body["errortext"] == "Value [yes] is not a valid [class java.lang.Boolean]."
    status, body = err(cs, "updateConfiguration", name="no.such.key", value="1")
    assert status == 431 and body["errortext"] == "Config parameter with name no.such.key doesn't exist"
    assert body["cserrorcode"] == 4350
    status, body = err(cs, "updateConfiguration", name="dynamic.apichecker.enabled", value="true")
    assert status == 431 and body["errortext"] == "Restricted configuration update not allowed"
    status, body = err(cs, "updateConfiguration", name="secstorage.vm.mtu.size", value="abc")
    assert status == 431 and body["errortext"] == "Value [abc] is not a valid [class java.lang.Integer]."
    # no value: nothing changes, the answer has no value
    out = cs.ok("updateConfiguration", name="secstorage.vm.mtu.size")["configuration"]
    assert "value" not in out and one(cs, "secstorage.vm.mtu.size")["value"] == "1500"


def test_empty_value_and_wildcard_signing(cs):
    cs.ok("updateConfiguration", name="consoleproxy.url.domain", value="*.example.com")
    assert one(cs, "consoleproxy.url.domain")["value"] == "*.example.com"
    cs.ok("updateConfiguration", name="consoleproxy.url.domain", value="")
    assert "value" not in one(cs, "consoleproxy.url.domain")  # "" globally stores null
    status, body = err(cs, "updateConfiguration", name="secstorage.encrypt.copy", value="")
    assert status == 530  # Boolean: value.toLowerCase() on null


def test_zone_scope(cs):
    # router.health.checks.to.exclude is a Zone-scoped ConfigKey in 4.18 (VirtualNetworkApplianceManager)
    key = "router.health.checks.to.exclude"
    z = cs.ok("createZone", name="z", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")["zone"]
    out = cs.ok("updateConfiguration", name=key, value="dhcp", zoneid=z["id"])["configuration"]
    assert out["scope"] == "zone"
    assert one(cs, key, zoneid=z["id"])["value"] == "dhcp"
    assert one(cs, key, zoneid=z["id"])["scope"] == "zone"
    assert one(cs, key)["value"] == ""
    # a key without Zone scope is not listed with zoneid, and cannot be set for a zone
    assert "integration.api.port" not in {c["name"] for c in cs.ok("listConfigurations", zoneid=z["id"])["configuration"]}
    status, body = err(cs, "updateConfiguration", name="integration.api.port", value="8096", zoneid=z["id"])
    assert status == 431 and body["errortext"] == "Invalid scope id provided for the parameter integration.api.port"
    status, body = err(cs, "resetConfiguration", name="integration.api.port", zoneid=z["id"])
    assert status == 431 and body["errortext"] == "Invalid scope id provided for the parameter integration.api.port"
    # in 4.18 consoleproxy.url.domain is a Config.java entry: global only (a Zone ConfigKey from 4.21)
    status, body = err(cs, "updateConfiguration", name="consoleproxy.url.domain", value="x", zoneid=z["id"])
    assert status == 431 and body["errortext"] == "Invalid scope id provided for the parameter consoleproxy.url.domain"
    dom = cs.ok("listDomains")["domain"][0]
    status, body = err(cs, "updateConfiguration", name=key, value="x", zoneid=z["id"], domainid=dom["id"])
    assert status == 431 and "cannot handle multiple IDs" in body["errortext"]
    reset = cs.ok("resetConfiguration", name=key, zoneid=z["id"])["configuration"]
    assert reset["scope"] == "Zone" and reset["value"] == ""
    assert one(cs, key, zoneid=z["id"])["value"] == ""
    state = cs.control("/state/configurations")[1]
    state = state["configurations"] if isinstance(state, dict) else state
    row = [r for r in state if r["name"] == key][0]
    assert not row.get("scopedvalues")


def test_reset_global_and_secure(cs):
    cs.ok("updateConfiguration", name="secstorage.vm.mtu.size", value="9000")
    assert one(cs, "secstorage.vm.mtu.size")["value"] == "9000"
    out = cs.ok("resetConfiguration", name="secstorage.vm.mtu.size")["configuration"]
    assert out["value"] == "1500" and "scope" not in out
    out = cs.ok("updateConfiguration", name="alert.smtp.password", value="s3cret")["configuration"]
    assert out["value"] != "s3cret" and out["value"] == configs.encrypt("s3cret")
    listed = one(cs, "alert.smtp.password", category="Secure")
    assert listed["value"] == configs.encrypt("s3cret")


def test_system_vm_password_row(cs):
    assert cs.ok("listConfigurations", name="system.vm.password") == {}
    status, body = err(cs, "updateConfiguration", name="system.vm.password", value="x")
    assert status == 431
    # a management server started with random passwords creates the row
    cs.control("/seed", {"configurations": [{"name": "system.vm.random.password", "value": "true"}]})
    row = one(cs, "system.vm.password")
    assert row["category"] == "Secure" and row["value"]
    cs.ok("updateConfiguration", name="system.vm.password", value="n3w")
    assert one(cs, "system.vm.password")["value"] == configs.encrypt("n3w")
    assert one(cs, "system.vm.random.password")["value"] == "true"


# -- system VMs ----------------------------------------------------------------------------------------
def wait_running(cs, zoneid, vmtype, timeout=5):
    end = time.time() + timeout
    while time.time() < end:
        vms = cs.ok("listSystemVms", zoneid=zoneid, systemvmtype=vmtype).get("systemvm", [])
        if vms and vms[0]["state"] == "Running" and vms[0].get("agentstate") == "Up":
            return vms[0]
        time.sleep(0.05)
    raise AssertionError(vms)


def test_system_vms_appear_only_when_zone_ready(cs):
    z, dummy2 = ready_zone(cs, enable=False)
    assert cs.ok("listSystemVms") == {}
    cs.ok("updateZone", id=z["id"], allocationstate="Enabled")
    vms = cs.ok("listSystemVms")["systemvm"]
    assert sorted(v["systemvmtype"] for v in vms) == ["consoleproxy", "secondarystoragevm"]
    assert all(v["state"] == "Starting" for v in vms)
    ssvm = wait_running(cs, z["id"], "secondarystoragevm")
    assert ssvm["name"].startswith("s-") and ssvm["name"].endswith("-VM")
    cpvm = wait_running(cs, z["id"], "consoleproxy")
    assert cpvm["name"].startswith("v-") and cpvm["zonename"] == "z"


def test_no_image_store_no_system_vms(cs):
    ready_zone(cs, image_store=False)
    assert cs.ok("listSystemVms") == {}


def test_lifecycle_and_recreate(cs):
    z, dummy2 = ready_zone(cs)
    cpvm = wait_running(cs, z["id"], "consoleproxy")
    job = cs.ok("stopSystemVm", id=cpvm["id"])["jobid"]
    assert cs.ok("listSystemVms", id=cpvm["id"])["systemvm"][0]["state"] == "Stopping"
    res = cs.wait_job(job)
    assert res["jobstatus"] == 1 and res["jobresult"]["systemvm"]["state"] == "Stopped"
    vm = cs.ok("listSystemVms", id=cpvm["id"])["systemvm"][0]
    assert vm["state"] == "Stopped" and vm["agentstate"] == "Disconnected"
    res = cs.wait_job(cs.ok("startSystemVm", id=cpvm["id"])["jobid"])
    assert res["jobresult"]["systemvm"]["state"] == "Running"
    assert wait_running(cs, z["id"], "consoleproxy")["id"] == cpvm["id"]
    res = cs.wait_job(cs.ok("rebootSystemVm", id=cpvm["id"])["jobid"])
    assert res["jobresult"]["systemvm"]["agentstate"] == "Disconnected"
    wait_running(cs, z["id"], "consoleproxy")
    res = cs.wait_job(cs.ok("destroySystemVm", id=cpvm["id"])["jobid"])
    assert res["jobstatus"] == 1 and res["jobresult"]["systemvm"]["id"] == cpvm["id"]
    new = wait_running(cs, z["id"], "consoleproxy")
    assert new["id"] != cpvm["id"] and new["name"] != cpvm["name"]
    assert cs.ok("listSystemVms", id=cpvm["id"]) == {}
    status, body = err(cs, "startSystemVm", id=z["id"])
    assert status == 431


def test_filters_and_seed(cs):
    z = cs.ok("createZone", name="zz", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")["zone"]
    seeded = [{"zoneid": z["id"], "systemvmtype": "consoleproxy"}, {"zoneid": z["id"], "name": "s-7-VM", "state": "Stopped"}]
    cs.control("/seed", {"systemvms": seeded})
    vms = cs.ok("listSystemVms", zoneid=z["id"])["systemvm"]
    assert len(vms) == 2
    assert cs.ok("listSystemVms", name="s-7-VM")["systemvm"][0]["systemvmtype"] == "secondarystoragevm"
    assert cs.ok("listSystemVms", name="s-7") == {}  # name is not a substring match
    assert cs.ok("listSystemVms", state="stopped")["count"] == 1
    assert cs.ok("listSystemVms", keyword="Stop")["count"] == 1
    assert cs.ok("listSystemVms", systemvmtype="consoleproxy")["systemvm"][0]["agentstate"] == "Up"


def test_agent_version(cs):
    """`version` is the version the VM's agent reported when it last connected (the server's own after a boot)."""
    z, dummy2 = ready_zone(cs)
    cpvm = wait_running(cs, z["id"], "consoleproxy")
    assert cpvm["version"] == "4.18.0.0"
    old = cs.control("/seed", {"systemvms": [{"zoneid": z["id"], "name": "s-90-VM", "version": "4.17.2.0"}]})[1]
    vm_id = old["systemvms"][0]["id"]
    assert cs.ok("listSystemVms", id=vm_id)["systemvm"][0]["version"] == "4.17.2.0"
    res = cs.wait_job(cs.ok("rebootSystemVm", id=vm_id)["jobid"])
    assert res["jobresult"]["systemvm"]["agentstate"] == "Disconnected"
    end = time.time() + 5
    while cs.ok("listSystemVms", id=vm_id)["systemvm"][0].get("agentstate") != "Up" and time.time() < end:
        time.sleep(0.05)
    assert cs.ok("listSystemVms", id=vm_id)["systemvm"][0]["version"] == "4.18.0.0"
    seeded = cs.control("/seed", {"systemvms": [{"zoneid": z["id"], "name": "v-91-VM"}]})[1]["systemvms"][0]
    assert cs.ok("listSystemVms", id=seeded["id"])["systemvm"][0]["version"] == "4.18.0.0"

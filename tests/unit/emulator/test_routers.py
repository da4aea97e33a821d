"""Virtual routers (docs/emulator-guest.md): creation with the network, listRouters fields and filters,
reboot/stop/start/destroy jobs, upgradeRouterTemplate, restart with cleanup, health checks."""
from __future__ import annotations

import time

import pytest

import guestzone as g

SHARED = "DefaultSharedNetworkOffering"


def _net_with_router(cs, ids, name="s1", vlan="300", third=10):
    net = cs.ok("createNetwork", zoneid=ids["zone"], name=name, displaytext=name,
                networkofferingid=g.offering(cs, SHARED), vlan=vlan, gateway=f"10.{third}.0.1",
                netmask="255.255.255.0", startip=f"10.{third}.0.10", endip=f"10.{third}.0.50")["network"]
    g.job_ok(cs, "restartNetwork", id=net["id"])
    return net, cs.ok("listRouters", networkid=net["id"], listall="true")["router"][0]


def test_router_fields(cs):
    ids = g.zone(cs)
    net, r = _net_with_router(cs, ids)
    assert r["name"] == f"r-{cs.r.emu.store.get('routers', r['id'])['_id']}-VM" and r["role"] == "VIRTUAL_ROUTER"
    assert r["state"] == "Running" and r["hostid"] == ids["host"] and r["hostcontrolstate"] == "Enabled"
    assert r["version"] == "4.18.0" and r["requiresupgrade"] is False and r["softwareversion"] == "4.18.0.0"
    assert r["templatename"] == "SystemVM Template (KVM)" and r["hypervisor"] == "KVM"
    assert r["guestnetworkid"] == net["id"] and r["linklocalip"].startswith("169.254.")
    assert r["serviceofferingname"] == "System Offering For Software Router" and r["healthchecksfailed"] is False
    assert r["account"] == "system" and r["domain"] == "ROOT" and r["redundantstate"] == "UNKNOWN"
    assert {n["traffictype"] for n in r["nic"]} == {"Guest", "Control"} and "healthcheckresults" not in r
    full = cs.ok("listRouters", id=r["id"], fetchhealthcheckresults="true")["router"][0]
    checks = {c["checkname"]: c for c in full["healthcheckresults"]}
    assert checks["dhcp_check.py"]["checktype"] == "advanced" and checks["cpu_usage_check.py"]["checktype"] == "basic"
    assert all(c["success"] for c in checks.values())
    res = cs.ok("getRouterHealthCheckResults", routerid=r["id"])
    assert res["routerid"] == r["id"] and len(res["healthchecks"]) == len(checks)


def test_list_filters_and_scoping(cs):
    ids = g.zone(cs)
    net, r = _net_with_router(cs, ids)
    assert cs.ok("listRouters") == {}  # system-owned: a root admin needs listall (or id)
    assert cs.ok("listRouters", id=r["id"])["count"] == 1
    for params in ({"zoneid": ids["zone"]}, {"state": "running"}, {"hostid": ids["host"]}, {"podid": ids["pod"]},
                   {"clusterid": ids["cluster"]}, {"version": "4.18"}, {"name": r["name"].upper()},
                   {"keyword": "r-"}, {"forvpc": "false"}, {"healthchecksfailed": "false"}):
        assert cs.ok("listRouters", listall="true", **params)["count"] == 1, params
    for params in ({"state": "Stopped"}, {"version": "4.17"}, {"forvpc": "true"}, {"healthchecksfailed": "true"}):
        assert cs.ok("listRouters", listall="true", **params) == {}, params
    root = cs.ok("listDomains", name="ROOT")["domain"][0]
    assert cs.ok("listRouters", domainid=root["id"])["count"] == 1
    assert cs.ok("listRouters", domainid=root["id"], account="system")["count"] == 1


def test_reboot_stop_start_destroy_jobs_with_delay(cs):
    ids = g.zone(cs)
    net, r = _net_with_router(cs, ids)
    cs.control("/config", {"job_delay": 0.4})
    jobid = cs.ok("rebootRouter", id=r["id"])["jobid"]
    assert cs.ok("listRouters", id=r["id"])["router"][0]["state"] == "Stopping"  # down while the job runs
    res = cs.wait_job(jobid)
    assert res["jobstatus"] == 1 and res["jobresult"]["router"]["state"] == "Running"
    assert res["jobinstancetype"] == "DomainRouter" and res["jobinstanceid"] == r["id"]
    cs.control("/config", {"job_delay": 0.05})
    stopped = g.job_ok(cs, "stopRouter", id=r["id"])["router"]
    assert stopped["state"] == "Stopped" and "hostid" not in stopped and "hostcontrolstate" not in stopped
    err = g.job_err(cs, "rebootRouter", id=r["id"])
    assert err["errorcode"] == 530 and err["errortext"] == "Unable to reboot domR, it is not in right state Stopped"
    started = g.job_ok(cs, "startRouter", id=r["id"])["router"]
    assert started["state"] == "Running" and started["hostid"] == ids["host"]
    assert g.job_ok(cs, "startRouter", id=r["id"])["router"]["state"] == "Running"  # already running: no error
    gone = g.job_ok(cs, "destroyRouter", id=r["id"])["router"]
    assert gone["id"] == r["id"]
    assert cs.ok("listRouters", listall="true") == {}
    g.job_ok(cs, "restartNetwork", id=net["id"])  # no cleanup: the missing router is deployed again
    assert cs.ok("listRouters", listall="true")["count"] == 1


def test_host_agent_state_in_router(cs):
    ids = g.zone(cs)
    net, r = _net_with_router(cs, ids)
    host = cs.r.emu.store.get("hosts", ids["host"])
    host["state"] = "Disconnected"  # the agent dropped (no API does this on the emulator)
    assert cs.ok("listRouters", id=r["id"])["router"][0]["hostcontrolstate"] == "Offline"
    host["state"] = "Up"
    cs.ok("updateHost", id=ids["host"], allocationstate="Disable")
    assert cs.ok("listRouters", id=r["id"])["router"][0]["hostcontrolstate"] == "Disabled"


def test_requires_upgrade_and_upgrade_router_template(cs):
    ids = g.zone(cs)
    net, r = _net_with_router(cs, ids)
    assert cs.ok("upgradeRouterTemplate", zoneid=ids["zone"]) == {}   # nothing below the minimum version
    cs.control("/seed", {"configurations": [{"name": "minreq.sysvmtemplate.version", "value": "4.19.0"}]})
    listed = cs.ok("listRouters", id=r["id"])["router"][0]
    assert listed["version"] == "4.18.0" and listed["requiresupgrade"] is False  # software version is current
    cs.r.emu.store.get("routers", r["id"])["softwareversion"] = "4.17.2.0"  # a router left by an older release
    assert cs.ok("listRouters", id=r["id"])["router"][0]["requiresupgrade"] is True
    status, text = g.err(cs, "upgradeRouterTemplate", zoneid=ids["zone"], podid=ids["pod"])
    assert text == ("Multiple parameters not supported. Specify only one among routerId/zoneId/podId/clusterId/"
                    "accountId/domainId")
    res = cs.ok("upgradeRouterTemplate", zoneid=ids["zone"])
    assert res["count"] == 1
    job = cs.wait_job(res["asyncjobs"][0]["jobid"])
    assert job["jobstatus"] == 1 and "ebootRouter" in job["cmd"]  # RebootRouterCmd
    # rebooting keeps the template: a cleanup restart makes a router from the current template
    g.job_ok(cs, "restartNetwork", id=net["id"], cleanup="true")
    new = cs.ok("listRouters", networkid=net["id"], listall="true")["router"][0]
    assert new["id"] != r["id"] and new["softwareversion"] == "4.18.0.0"


def test_restart_cleanup_replaces_isolated_router(cs):
    ids = g.zone(cs)
    cat = g.seed_catalog(cs, ids["zone"])
    vm = cs.ok("deployVirtualMachine", zoneid=ids["zone"], serviceofferingid=cat["small"], templateid=cat["template"])
    cs.wait_job(vm["jobid"])
    old = cs.ok("listRouters")["router"][0]
    assert old["publicip"] == "192.0.2.10"
    g.job_ok(cs, "restartNetwork", id=old["guestnetworkid"], cleanup="true")
    new = cs.ok("listRouters")["router"]
    assert len(new) == 1 and new[0]["id"] != old["id"] and new[0]["publicip"] == "192.0.2.10"
    err = g.job_err(cs, "deleteNetwork", id=old["guestnetworkid"])
    assert err["errortext"] == "Failed to delete network"  # a VM is still in it


def test_fault_fails_a_router_job(cs):
    ids = g.zone(cs)
    net, r = _net_with_router(cs, ids)
    cs.control("/faults", {"command": "rebootRouter", "job": "fail", "job_errortext": "boom"})
    err = g.job_err(cs, "rebootRouter", id=r["id"])
    assert err["errortext"] == "boom"


def test_cs_library_restart_with_cleanup(running):
    cs_mod = pytest.importorskip("cs")
    from conftest import Client
    running.emu.reset(job_delay=0.05, strict=True)
    client = Client(running)
    ids = g.zone(client)
    net, r = _net_with_router(client, ids)
    api = cs_mod.CloudStack(endpoint=running.endpoint, key=running.api_key, secret=running.secret_key,
                            fetch_result=True, poll_interval=0.05, job_timeout=10)
    before = api.listRouters(listall=True)["router"][0]
    t0 = time.time()
    assert api.restartNetwork(id=net["id"], cleanup=True)["success"] is True
    assert time.time() - t0 < 5
    after = api.listRouters(listall=True)["router"][0]
    assert after["id"] != before["id"] and after["state"] == "Running"
    rebooted = api.rebootRouter(id=after["id"])["router"]
    assert rebooted["state"] == "Running"


def test_router_template_version_from_the_system_vm_template(cs):
    """A zone whose router template is an older system VM template: version 4.17.0, below minreq 4.18.0."""
    ids = g.zone(cs)
    cs.control("/seed", {"templates": [{"name": "SystemVM Template (KVM)", "templatetype": "SYSTEM", "hypervisor": "KVM",
                                        "url": "https://download.cloudstack.org/systemvm/4.17/systemvmtemplate-4.17.0-kvm"
                                               ".qcow2.bz2", "isready": True}]})
    dummy, r = _net_with_router(cs, ids)
    assert r["templatename"] == "SystemVM Template (KVM)" and r["version"] == "4.17.0"
    cs.r.emu.store.get("routers", r["id"])["softwareversion"] = "4.17.0.0"
    listed = cs.ok("listRouters", id=r["id"])["router"][0]
    assert listed["requiresupgrade"] is True
    assert cs.ok("listRouters", listall="true", version="4.17")["count"] == 1
    res = cs.ok("upgradeRouterTemplate", id=r["id"])
    assert res["count"] == 1

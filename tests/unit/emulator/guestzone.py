"""An Advanced zone ready for tenants, built through the API (and the seed endpoint for objects other handlers
own: templates, compute/disk offerings, extra accounts/domains), shared by test_networks/test_vms/test_routers."""
from __future__ import annotations

import time

ZONE_VNETS = "100-199"


def job(cs, command, **params):
    res = cs.ok(command, **params)
    return cs.wait_job(res["jobid"])


def job_ok(cs, command, **params):
    res = job(cs, command, **params)
    assert res["jobstatus"] == 1, res
    return res["jobresult"]


def job_err(cs, command, **params):
    res = job(cs, command, **params)
    assert res["jobstatus"] == 2, res
    return res["jobresult"]


def err(cs, command, **params):
    status, body = cs.api(command, **params)
    assert status != 200, body
    return status, body[command.lower() + "response"]["errortext"]


def zone(cs, name="z1", public=True, enable_pn=True):
    """Zone + enabled physical network (Guest, Public, Management; vnets 100-199), VirtualRouter enabled, a public
    range, pod, KVM cluster + host, primary storage, image store, zone Enabled. Returns a dict of ids."""
    z = cs.ok("createZone", name=name, dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")["zone"]
    pn = cs.ok("createPhysicalNetwork", zoneid=z["id"], name=f"{name}-pn", vlan=ZONE_VNETS)["id"]
    for traffic in ("Management", "Public", "Guest"):
        cs.ok("addTrafficType", physicalnetworkid=pn, traffictype=traffic)
    if enable_pn:
        cs.wait_job(cs.ok("updatePhysicalNetwork", id=pn, state="Enabled")["jobid"])
    nsp = [p for p in cs.ok("listNetworkServiceProviders", physicalnetworkid=pn)["networkserviceprovider"]
           if p["name"] == "VirtualRouter"][0]
    vre = cs.ok("listVirtualRouterElements", nspid=nsp["id"])["virtualrouterelement"][0]
    cs.wait_job(cs.ok("configureVirtualRouterElement", id=vre["id"], enabled="true")["jobid"])
    cs.wait_job(cs.ok("updateNetworkServiceProvider", id=nsp["id"], state="Enabled")["jobid"])
    if public:
        cs.ok("createVlanIpRange", zoneid=z["id"], vlan="untagged", gateway="192.0.2.1", netmask="255.255.255.0",
              startip="192.0.2.10", endip="192.0.2.20", forvirtualnetwork="true")
    p = cs.ok("createPod", name=f"{name}-p", zoneid=z["id"], startip="10.1.0.10", endip="10.1.0.40",
              gateway="10.1.0.1", netmask="255.255.255.0")["pod"]
    c = cs.ok("addCluster", zoneid=z["id"], podid=p["id"], clustername=f"{name}-c", clustertype="CloudManaged",
              hypervisor="KVM")["cluster"][0]
    h = cs.ok("addHost", zoneid=z["id"], podid=p["id"], clusterid=c["id"], hypervisor="KVM",
              url=f"http://10.1.0.{50 + len(name)}", username="root", password="pw")["host"][0]
    cs.ok("createStoragePool", zoneid=z["id"], name=f"{name}-ps", url="nfs://10.0.0.5/export", clusterid=c["id"],
          podid=p["id"])
    cs.ok("addImageStore", provider="NFS", url=f"nfs://10.0.0.5/sec-{name}", zoneid=z["id"], name=f"{name}-sec")
    cs.ok("updateZone", id=z["id"], allocationstate="Enabled")
    return {"zone": z["id"], "pn": pn, "pod": p["id"], "cluster": c["id"], "host": h["id"]}


def offering(cs, name):
    res = cs.ok("listNetworkOfferings", name=name)
    return [o for o in res["networkoffering"] if o["name"] == name][0]["id"]


def seed_catalog(cs, zoneid):
    """A ready user template, a compute offering and a disk offering (owned by other handlers; seeded here)."""
    ostype = cs.ok("listOsTypes", description="Ubuntu 20.04 LTS")["ostype"][0]["id"]
    dummy, out = cs.control("/seed", {
        "templates": [{"name": "ubuntu-22", "displaytext": "Ubuntu 22.04", "hypervisor": "KVM", "format": "QCOW2",
                       "zoneid": zoneid, "isready": True, "ostypeid": ostype, "templatetype": "USER",
                       "size": 8 * 1024 ** 3, "passwordenabled": False, "isdynamicallyscalable": False}],
        "serviceofferings": [{"name": "small", "displaytext": "Small", "cpunumber": 1, "cpuspeed": 1000,
                              "memory": 1024, "offerha": False, "storagetype": "shared"},
                             {"name": "huge", "displaytext": "Huge", "cpunumber": 64, "cpuspeed": 3000,
                              "memory": 1048576, "offerha": False, "storagetype": "shared"}],
        "diskofferings": [{"name": "data-5", "displaytext": "5 GB", "disksize": 5, "iscustomized": False,
                           "storagetype": "shared"}],
    })
    return {"template": out["templates"][0]["id"], "small": out["serviceofferings"][0]["id"],
            "huge": out["serviceofferings"][1]["id"], "disk": out["diskofferings"][0]["id"], "ostype": ostype}


def tenant(cs, name="acme", parent=None):
    """A sub-domain with a user account (seeded: the identity handlers own accounts and domains)."""
    root = cs.ok("listDomains", name="ROOT")["domain"][0]
    parent = parent or root
    dummy, out = cs.control("/seed", {"domains": [{"name": name, "path": f"{parent['path']}/{name}",
                                                   "parentdomainid": parent["id"], "level": parent.get("level", 0) + 1}]})
    dom = out["domains"][0]
    dummy, out = cs.control("/seed", {"accounts": [{"name": f"{name}-user", "domainid": dom["id"], "domain": name,
                                                    "accounttype": 0, "state": "enabled", "roletype": "User"}]})
    return dom, out["accounts"][0]


def wait_until(fn, timeout=5.0):
    end = time.time() + timeout
    while time.time() < end:
        res = fn()
        if res:
            return res
        time.sleep(0.05)
    return fn()

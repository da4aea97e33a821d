"""ISOs, VMs (listing, attach/detach), networks, OS types and tags (docs/emulator-isovm.md)."""
from __future__ import annotations

import time

import pytest


def _zones(cs, n=2, store=True):
    dummy, out = cs.control("/seed", {"zones": [{"name": f"zone-{i}", "allocationstate": "Enabled"} for i in range(1, n + 1)]})
    zones = out["zones"]
    if store:
        cs.control("/seed", {"imagestores": [{"name": f"sec-{z['name']}", "zoneid": z["id"], "scope": "ZONE",
                                              "providername": "NFS"} for z in zones]})
    return zones


def _ostype(cs, desc="Ubuntu 20.04 LTS"):
    return cs.ok("listOsTypes", description=desc)["ostype"][0]["id"]


def _register(cs, zone, name="rescue", url="http://mirror.example.com/isos/rescue.iso", **kw):
    params = dict(name=name, displaytext=name, url=url, zoneid=zone, ostypeid=_ostype(cs))
    params.update(kw)
    return cs.ok("registerIso", **params)


def _wait_ready(cs, iso_id, timeout=3):
    end = time.time() + timeout
    while time.time() < end:
        iso = cs.ok("listIsos", id=iso_id, isofilter="all")["iso"][0]
        if iso["isready"] or "404" in iso.get("status", ""):
            return iso
        time.sleep(0.05)
    return iso


def _job(cs, command, **params):
    res = cs.ok(command, **params)
    return cs.wait_job(res["jobid"])


def test_register_iso_is_a_list_and_becomes_ready(cs):
    z = _zones(cs)[0]
    out = _register(cs, z["id"])
    assert out["count"] == 1 and out["iso"][0]["isready"] is False
    assert out["iso"][0]["zonename"] == "zone-1" and out["iso"][0]["crossZones"] is False
    iso = _wait_ready(cs, out["iso"][0]["id"])
    assert iso["isready"] is True and iso["status"] == "Successfully Installed"


def test_register_iso_required_and_rules(cs):
    z = _zones(cs)[0]
    status, body = cs.api("registerIso", name="x", url="http://a.example.com/x.iso", zoneid=z["id"])
    assert status == 431 and "missing parameter displaytext" in body["registerisoresponse"]["errortext"]
    status, body = cs.api("registerIso", name="x", displaytext="x", url="http://a.example.com/x.iso", zoneid=z["id"])
    assert status == 431 and body["registerisoresponse"]["errortext"] == "Please pass a valid GuestOS Id"
    status, body = cs.api("registerIso", name="x", displaytext="x", url="http://nowhere.invalid/x.iso",
                          zoneid=z["id"], ostypeid=_ostype(cs))
    assert status == 431 and body["registerisoresponse"]["errortext"] == "Unable to resolve nowhere.invalid."
    status, body = cs.api("registerIso", name="x", displaytext="x", url="http://a.example.com/x.qcow2",
                          zoneid=z["id"], ostypeid=_ostype(cs))
    assert status == 431 and "invalid for the format iso" in body["registerisoresponse"]["errortext"]


def test_register_without_image_store_fails(cs):
    z = _zones(cs, 1, store=False)[0]
    status, body = cs.api("registerIso", name="x", displaytext="x", url="http://a.example.com/x.iso", zoneid=z["id"],
                          ostypeid=_ostype(cs))
    assert status == 431 and "secondary storage" in body["registerisoresponse"]["errortext"]


def test_failing_download(cs):
    z = _zones(cs)[0]
    out = _register(cs, z["id"], url="http://mirror.example.com/missing/x.iso")
    iso = _wait_ready(cs, out["iso"][0]["id"])
    assert iso["isready"] is False and iso["status"].startswith("HTTP Server returned 404")
    assert iso["downloaddetails"][0]["downloadState"] == "DOWNLOAD_ERROR"


def test_cross_zone_iso_one_row_per_zone(cs):
    zones = _zones(cs, 2)
    out = _register(cs, "-1", name="all")
    assert out["count"] == 2 and {i["zoneid"] for i in out["iso"]} == {z["id"] for z in zones}
    assert cs.ok("listIsos", isofilter="all", name="all")["count"] == 2
    assert cs.ok("listIsos", isofilter="all", name="all", showunique="true")["count"] == 1
    assert cs.ok("listIsos", isofilter="all", name="all", zoneid=zones[1]["id"])["count"] == 1


def test_isofilter_semantics(cs):
    z = _zones(cs)[0]
    iso_id = _register(cs, z["id"])["iso"][0]["id"]
    # not ready: selfexecutable (the default) hides it, self shows it
    assert cs.ok("listIsos") == {}
    assert cs.ok("listIsos", isofilter="self")["count"] == 1
    _wait_ready(cs, iso_id)
    assert cs.ok("listIsos")["count"] == 1
    assert cs.ok("listIsos", isofilter="featured") == {}
    assert cs.ok("listIsos", isofilter="community") == {}
    cs.ok("updateIsoPermissions", id=iso_id, ispublic="true")
    assert cs.ok("listIsos", isofilter="community")["count"] == 1
    cs.ok("updateIsoPermissions", id=iso_id, isfeatured="true")
    assert cs.ok("listIsos", isofilter="featured")["count"] == 1
    assert cs.ok("listIsos", isofilter="executable")["count"] == 1
    status, body = cs.api("listIsos", isofilter="bogus")
    assert status == 431


def test_update_and_delete_iso(cs):
    z = _zones(cs)[0]
    iso_id = _register(cs, z["id"])["iso"][0]["id"]
    out = cs.ok("updateIso", id=iso_id, displaytext="new text", ostypeid=_ostype(cs, "CentOS 7"))
    assert out["iso"]["displaytext"] == "new text" and out["iso"]["ostypename"] == "CentOS 7"
    job = _job(cs, "deleteIso", id=iso_id)
    assert job["jobstatus"] == 1 and job["jobresult"] == {"success": True}
    assert cs.ok("listIsos", isofilter="all") == {}


def test_tags_on_isos_and_vms(cs):
    z = _zones(cs)[0]
    iso_id = _register(cs, z["id"])["iso"][0]["id"]
    job = _job(cs, "createTags", resourcetype="ISO", resourceids=iso_id,
               **{"tags[0].key": "purpose", "tags[0].value": "rescue"})
    assert job["jobstatus"] == 1
    iso = cs.ok("listIsos", isofilter="all", id=iso_id)["iso"][0]
    assert iso["tags"][0]["key"] == "purpose" and iso["tags"][0]["resourcetype"] == "ISO"
    assert cs.ok("listIsos", isofilter="all", **{"tags[0].key": "purpose", "tags[0].value": "rescue"})["count"] == 1
    job = _job(cs, "createTags", resourcetype="iso", resourceids=iso_id,
               **{"tags[0].key": "PURPOSE", "tags[0].value": "x"})
    assert job["jobstatus"] == 2 and "already on ISO" in job["jobresult"]["errortext"]
    assert cs.ok("listTags", resourcetype="ISO")["count"] == 1
    job = _job(cs, "deleteTags", resourcetype="ISO", resourceids=iso_id, **{"tags[0].key": "purpose"})
    assert job["jobstatus"] == 1 and cs.ok("listTags") == {}
    job = _job(cs, "deleteTags", resourcetype="ISO", resourceids=iso_id)
    assert job["jobstatus"] == 2 and job["jobresult"]["errortext"] == "Failed to delete tags"
    job = _job(cs, "createTags", resourcetype="Bogus", resourceids=iso_id,
               **{"tags[0].key": "a", "tags[0].value": "b"})
    assert job["jobresult"]["errortext"] == "Invalid resource type Bogus"


def test_vm_seed_defaults_and_filters(cs):
    zones = _zones(cs, 2)
    cs.control("/seed", {"virtualmachines": [
        {"name": "web-1", "zoneid": zones[0]["id"], "tags": {"role": "web"}},
        {"name": "web-2", "zoneid": zones[1]["id"], "state": "Stopped", "displayname": "frontend"},
        {"name": "db-1", "zoneid": zones[1]["id"], "osdisplayname": "Ubuntu 20.04 LTS", "tags": {"role": "db"}},
    ]})
    all_vms = cs.ok("listVirtualMachines", listall="true")
    assert all_vms["count"] == 3
    vm = all_vms["virtualmachine"][0]
    assert vm["nic"][0]["isdefault"] is True and vm["nic"][0]["ipaddress"]
    assert vm["zonename"] == "zone-1" and vm["hypervisor"] == "KVM" and vm["state"] == "Running"
    assert vm["osdisplayname"] and vm["ostypeid"] and vm["tags"][0]["key"] == "role"
    assert cs.ok("listVirtualMachines", name="WEB-1")["count"] == 1          # EQ, case-insensitive collation
    assert cs.ok("listVirtualMachines", name="web") == {}                   # not LIKE
    assert cs.ok("listVirtualMachines", keyword="web")["count"] == 2        # name LIKE
    assert cs.ok("listVirtualMachines", keyword="front")["count"] == 1      # displayname LIKE
    assert cs.ok("listVirtualMachines", state="Stopped")["count"] == 1
    assert cs.ok("listVirtualMachines", zoneid=zones[1]["id"])["count"] == 2
    assert cs.ok("listVirtualMachines", **{"tags[0].key": "role", "tags[0].value": "db"})["count"] == 1
    assert cs.ok("listVirtualMachines", **{"tags[0].key": "role", "tags[0].value": "db",
                                           "tags[1].key": "role", "tags[1].value": "web"})["count"] == 2  # OR
    ids = ",".join(v["id"] for v in all_vms["virtualmachine"][:2])
    assert cs.ok("listVirtualMachines", ids=ids)["count"] == 2
    status, body = cs.api("listVirtualMachines", hypervisor="Bogus")
    assert status == 431 and body["listvirtualmachinesresponse"]["errortext"] == "Invalid HypervisorType Bogus"


def test_vm_listall_and_accounts(cs):
    _zones(cs, 1)
    cs.control("/seed", {"virtualmachines": [{"name": "mine"}, {"name": "theirs", "account": "other"}]})
    assert cs.ok("listVirtualMachines")["count"] == 1
    assert cs.ok("listVirtualMachines", listall="true")["count"] == 2


def test_seed_and_page_10000_vms_fast(cs):
    _zones(cs, 2)
    start = time.time()
    status, dummy2 = cs.control("/seed", {"virtualmachines": [{"name": f"vm{i:05d}"} for i in range(10000)]})
    assert status == 200
    seen = 0
    page = 1
    while True:
        res = cs.ok("listVirtualMachines", listall="true", page=page, pagesize=500)
        assert res["count"] == 10000
        if not res.get("virtualmachine"):
            break
        seen += len(res["virtualmachine"])
        page += 1
    assert seen == 10000 and page == 21
    assert time.time() - start < 15


def _vm_and_iso(cs, state="Stopped", ready=True, same_zone=True):
    zones = _zones(cs, 2)
    vm = cs.control("/seed", {"virtualmachines": [{"name": "vm1", "zoneid": zones[0]["id"], "state": state}]})[1][
        "virtualmachines"][0]
    iso_id = _register(cs, zones[0]["id"] if same_zone else zones[1]["id"])["iso"][0]["id"]
    if ready:
        _wait_ready(cs, iso_id)
    return vm["id"], iso_id


def test_attach_detach_iso(cs):
    vm_id, iso_id = _vm_and_iso(cs)
    job = _job(cs, "attachIso", id=iso_id, virtualmachineid=vm_id)
    assert job["jobstatus"] == 1 and job["jobresult"]["virtualmachine"]["isoid"] == iso_id
    assert job["jobinstancetype"] == "VirtualMachine"
    vm = cs.ok("listVirtualMachines", id=vm_id)["virtualmachine"][0]
    assert vm["isoname"] == "rescue" and vm["isodisplaytext"] == "rescue"
    assert cs.ok("listVirtualMachines", isoid=iso_id)["count"] == 1
    job = _job(cs, "detachIso", virtualmachineid=vm_id)
    assert job["jobstatus"] == 1 and "isoid" not in job["jobresult"]["virtualmachine"]
    job = _job(cs, "detachIso", virtualmachineid=vm_id)
    assert job["jobstatus"] == 2 and job["jobresultcode"] == 530 and job["jobresult"]["errorcode"] == 431
    assert job["jobresult"]["errortext"] == "The specified VM has no ISO attached to it."


def test_attach_second_iso_replaces(cs):
    vm_id, iso_id = _vm_and_iso(cs)
    zone = cs.ok("listVirtualMachines", id=vm_id)["virtualmachine"][0]["zoneid"]
    other = _register(cs, zone, name="other")["iso"][0]["id"]
    _wait_ready(cs, other)
    assert _job(cs, "attachIso", id=iso_id, virtualmachineid=vm_id)["jobstatus"] == 1
    job = _job(cs, "attachIso", id=other, virtualmachineid=vm_id)
    assert job["jobstatus"] == 1 and job["jobresult"]["virtualmachine"]["isoid"] == other


@pytest.mark.parametrize("case,errortext,code", [
    ("state", "Please specify a VM that is either Stopped or Running.", 431),
    ("zone", "ISO is not available in the zone the VM is in.", 431),
    ("notready", "Failed to prepare ISO ready to mount on hypervisor resource level", 530),
])
def test_attach_failures(cs, case, errortext, code):
    state = {"state": "Starting", "zone": "Stopped", "notready": "Running"}[case]
    vm_id, iso_id = _vm_and_iso(cs, state=state, ready=case != "notready", same_zone=case != "zone")
    job = _job(cs, "attachIso", id=iso_id, virtualmachineid=vm_id)
    assert job["jobstatus"] == 2 and job["jobresultcode"] == 530  # 4.18.0: always INTERNAL_ERROR (AJD)
    assert job["jobresult"]["errorcode"] == code and job["jobresult"]["errortext"] == errortext


def test_attach_not_ready_to_stopped_vm_succeeds(cs):
    vm_id, iso_id = _vm_and_iso(cs, state="Stopped", ready=False)
    assert _job(cs, "attachIso", id=iso_id, virtualmachineid=vm_id)["jobstatus"] == 1


def test_os_types_and_networks(cs):
    res = cs.ok("listOsTypes")
    assert res["count"] >= 30 and {"id", "description", "oscategoryid", "isuserdefined"} <= set(res["ostype"][0])
    assert cs.ok("listOsTypes", description="ubuntu")["count"] >= 4
    zones = _zones(cs, 2)
    cs.control("/seed", {"networks": [
        {"name": "guest-a", "zoneid": zones[0]["id"]},
        {"name": "shared-b", "zoneid": zones[1]["id"], "type": "Shared"},
        {"name": "public", "zoneid": zones[0]["id"], "issystem": True, "traffictype": "Public"},
    ]})
    assert cs.ok("listNetworks")["count"] == 2
    assert cs.ok("listNetworks", zoneid=zones[1]["id"])["network"][0]["name"] == "shared-b"
    assert cs.ok("listNetworks", type="shared")["count"] == 1
    assert cs.ok("listNetworks", keyword="guest")["count"] == 1
    assert cs.ok("listNetworks", issystem="true")["network"][0]["traffictype"] == "Public"
    status, dummy2 = cs.api("listNetworks", issystem="true", account="admin")
    assert status == 431

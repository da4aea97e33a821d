"""Templates and storage providers (docs/emulator-templates.md)."""
from __future__ import annotations

import time

import pytest

URL = "http://mirror.example.com/images/ubuntu-22.04.qcow2"


def _zone(cs, name="zone-1", hv="KVM", enabled=True, store=True, host=True):
    """A zone an SSVM can run in: Enabled, a pod, a cluster, an Up host, Up primary storage, an NFS store."""
    dummy, out = cs.control("/seed", {"zones": [{"name": name, "networktype": "Advanced",
                                                 "allocationstate": "Enabled" if enabled else "Disabled"}]})
    zone = out["zones"][0]
    dummy, out = cs.control("/seed", {"pods": [{"name": name + "-pod", "zoneid": zone["id"]}]})
    pod = out["pods"][0]
    seed = {"clusters": [{"name": name + "-c", "zoneid": zone["id"], "podid": pod["id"], "hypervisortype": hv}],
            "storagepools": [{"name": name + "-ps", "zoneid": zone["id"], "state": "Up", "scope": "ZONE"}]}
    if host:
        seed["hosts"] = [{"name": name + "-h", "zoneid": zone["id"], "podid": pod["id"], "type": "Routing",
                          "hypervisor": hv, "state": "Up", "resourcestate": "Enabled"}]
    if store:
        seed["imagestores"] = [{"name": name + "-sec", "zoneid": zone["id"], "scope": "ZONE", "providername": "NFS",
                                "url": "nfs://10.0.0.5/export/" + name}]
    cs.control("/seed", seed)
    return zone


def _ssvm_up(cs, zone, timeout=3):
    end = time.time() + timeout
    while time.time() < end:
        vms = cs.ok("listSystemVms", zoneid=zone["id"], systemvmtype="secondarystoragevm").get("systemvm", [])
        if any(v["state"] == "Running" for v in vms):
            return
        time.sleep(0.02)
    raise AssertionError("no SSVM came up")


def _os(cs, desc="Ubuntu 20.04 LTS"):
    return cs.ok("listOsTypes", description=desc)["ostype"][0]["id"]


def _register(cs, zoneid, name="ubuntu", url=URL, **kw):
    params = dict(name=name, displaytext=name, url=url, format="QCOW2", hypervisor="KVM", zoneid=zoneid,
                  ostypeid=_os(cs))
    params.update(kw)
    params = {k: v for k, v in params.items() if v is not None}
    return cs.ok("registerTemplate", **params)


def _rows(cs, **params):
    params.setdefault("templatefilter", "all")
    return cs.ok("listTemplates", **params).get("template", [])


def _wait_ready(cs, tid, timeout=3):
    end = time.time() + timeout
    seen = set()
    while time.time() < end:
        rows = _rows(cs, id=tid)
        seen.update(r.get("status") for r in rows)
        if rows and all(r["isready"] for r in rows):
            return rows, seen
        time.sleep(0.01)
    return rows, seen


def _job(cs, command, **params):
    res = cs.ok(command, **params)
    return cs.wait_job(res["jobid"])


def _err(cs, command, **params):
    status, body = cs.api(command, **params)
    return status, body[command.lower() + "response"].get("errortext")


@pytest.fixture()
def zone(cs):
    z = _zone(cs)
    _ssvm_up(cs, z)
    return z


# -- the fresh server -------------------------------------------------------------------------------
def test_fresh_server_has_the_system_and_builtin_templates(cs):
    dummy, rows = cs.control("/state/templates")
    by_id = {t["_id"]: t for t in rows}
    assert by_id[3]["name"] == "SystemVM Template (KVM)" and by_id[3]["templatetype"] == "SYSTEM"
    assert by_id[8]["name"] == "SystemVM Template (vSphere)" and by_id[8]["hypervisor"] == "VMware"
    assert by_id[4]["name"] == "CentOS 5.5(64-bit) no GUI (KVM)" and by_id[4]["templatetype"] == "BUILTIN"
    assert {t["hypervisor"] for t in rows if t["templatetype"] == "SYSTEM"} == {
        "XenServer", "KVM", "VMware", "Hyperv", "LXC", "Ovm3"}
    assert by_id[2]["removed"] and by_id[3]["url"].endswith("systemvmtemplate-4.18.0-kvm.qcow2.bz2")
    # no host yet: listTemplates answers nothing (no hypervisor available in any zone)
    assert cs.ok("listTemplates", templatefilter="all") == {}


def test_zone_with_nfs_store_shows_its_system_template(cs, zone):
    rows = _rows(cs)
    names = {r["name"]: r for r in rows}
    # only templates of a hypervisor some host has are listed
    assert set(names) == {"SystemVM Template (KVM)", "CentOS 5.5(64-bit) no GUI (KVM)"}
    kvm = names["SystemVM Template (KVM)"]
    assert kvm["isready"] and kvm["status"] == "Download Complete" and kvm["zonename"] == "zone-1"
    assert kvm["ostypename"] == "Debian GNU/Linux 5.0 (64-bit)" or kvm.get("ostypeid") is None
    assert kvm["account"] == "system" and kvm["isextractable"] is False and kvm["crossZones"] is True
    # the built-in template is downloaded once the SSVM is up
    builtin = names["CentOS 5.5(64-bit) no GUI (KVM)"]
    rows, seen = _wait_ready(cs, builtin["id"])
    assert rows[0]["isready"] and rows[0]["status"] == "Download Complete"
    # system templates are hidden by selfexecutable and featured, the built-in one is featured
    assert [r["name"] for r in _rows(cs, templatefilter="featured")] == ["CentOS 5.5(64-bit) no GUI (KVM)"]
    assert _rows(cs, templatefilter="selfexecutable") == []


# -- registerTemplate -------------------------------------------------------------------------------
def test_register_answers_a_list_and_the_download_progresses(cs, zone):
    cs.control("/config", {"template_download_delay": 0.4})
    out = _register(cs, zone["id"])
    assert out["count"] == 1
    row = out["template"][0]
    assert row["isready"] is False and row["status"] == "Active" and row["zonename"] == "zone-1"
    assert row["templatetype"] == "USER" and row["crossZones"] is False and row["account"] == "admin"
    assert row["ostypename"] == "Ubuntu 20.04 LTS" and row["requireshvm"] is True
    assert "bits" not in row and "bootable" not in row  # TemplateJoinDaoImpl.newTemplateResponse sets neither
    rows, seen = _wait_ready(cs, row["id"])
    assert rows[0]["status"] == "Download Complete" and rows[0]["size"] > 0
    assert any(s.endswith("% Downloaded") for s in seen if s)
    detail = {"datastore": "zone-1-sec", "downloadPercent": "100", "downloadState": "DOWNLOADED"}
    assert rows[0]["downloaddetails"][0] == detail


def test_register_validation_texts(cs, zone):
    z = zone["id"]
    base = dict(name="x", displaytext="x", url=URL, format="QCOW2", hypervisor="KVM", ostypeid=_os(cs), zoneid=z)

    def bad(**changes):
        params = dict(base)
        params.update(changes)
        return _err(cs, "registerTemplate", **{k: v for k, v in params.items() if v is not None})

    assert bad(zoneid=None) == (431, "Either zoneid or zoneids is required. Both cannot be null.")
    assert bad(zoneids=z) == (431, "Both zoneid and zoneids cannot be specified at the same time")
    assert bad(zoneid=None, zoneids="-1," + z) == (
        431, "Parameter zoneids cannot combine all zones (-1) option with other zones")
    assert bad(ostypeid=None) == (431, "Please provide a guest OS type")
    assert bad(hypervisor="XenServer", directdownload="true") == (
        431, "Parameter directdownload is only allowed for KVM templates")
    assert bad(hypervisor="Hyper-V") == (431, "Hypervisor Type: Hyper-V is invalid. Supported Hypervisor types are "
                                              "[XenServer, KVM, VMware, Hyperv, VirtualBox, Parralels, BareMetal, "
                                              "Simulator, Ovm, Ovm3, LXC, Any, ]")
    status, text = bad(format="QCOW3")
    assert status == 431 and text.startswith("Image format: QCOW3 is incorrect. Supported formats are [QCOW2, RAW, VHD,")
    assert bad(url="http://mirror.example.com/x.ova") == (
        431, "Please specify a valid URL. URL:/x.ova is an invalid for the format qcow2")
    assert bad(url="http://mirror.example.com/x.exe") == (431, "Please specify a valid qcow2")
    assert bad(url="http://nowhere.invalid/x.qcow2") == (431, "Unable to resolve nowhere.invalid")
    assert bad(url="http://127.0.0.1/x.qcow2") == (431, "Illegal host specified in url")
    assert bad(url="file:///tmp/x.qcow2") == (431, "File:// type urls are currently unsupported")
    assert bad(name="systemvm template (kvm)") == (431, "Cannot use reserved names for templates")
    # the format is not checked against the hypervisor by the server
    assert _register(cs, z, name="vhd-on-kvm", format="VHD", url="http://mirror.example.com/x.vhd.bz2")["count"] == 1
    dummy, log = cs.control("/log")
    assert all(e["status"] in (200, 431) for e in log["requests"] if e["command"] == "registerTemplate")


def test_register_in_a_zone_without_image_store_leaves_the_template(cs, zone):
    bare = _zone(cs, "bare", store=False, host=False)
    status, text = _err(cs, "registerTemplate", name="ghost", displaytext="ghost", url=URL, format="QCOW2",
                        hypervisor="KVM", zoneid=bare["id"], ostypeid=_os(cs))
    assert (status, text) == (530, "Unable to find image store to download template null")
    rows = _rows(cs, name="ghost")
    assert len(rows) == 1 and rows[0]["status"] == "Active" and rows[0]["isready"] is False


def test_cross_zone_and_several_zones(cs, zone):
    z2 = _zone(cs, "zone-2")
    _ssvm_up(cs, z2)
    out = _register(cs, "-1", name="everywhere")
    assert out["count"] == 2 and {r["zonename"] for r in out["template"]} == {"zone-1", "zone-2"}
    assert all(r["crossZones"] for r in out["template"])
    out = _register(cs, None, name="two", zoneids=zone["id"] + "," + z2["id"])
    assert out["count"] == 2 and not out["template"][0]["crossZones"]
    assert len(_rows(cs, name="two", showunique="true")) == 1
    assert [r["zonename"] for r in _rows(cs, name="two", zoneid=z2["id"])] == ["zone-2"]


def test_system_vm_template_for_an_upgrade(cs, zone):
    """4.18 registerTemplate has no templatetype: register, then updateTemplate templatetype=SYSTEM (cross-zone)."""
    out = _register(cs, zone["id"], name="systemvm-kvm-4.19.0")
    tid = out["template"][0]["id"]
    assert _err(cs, "updateTemplate", id=tid, templatetype="SYSTEM") == (431, "System and Builtin templates must be cross zone")
    assert _err(cs, "updateTemplate", id=tid, templatetype="SYSTEMVM") == (
        431, "Please specify a valid templatetype: ROUTING / SYSTEM / USER / BUILTIN / PERHOST")
    cross = _register(cs, "-1", name="systemvm-kvm-4.19.1")["template"][0]["id"]
    upd = cs.ok("updateTemplate", id=cross, templatetype="SYSTEM")["template"]
    assert upd["templatetype"] == "SYSTEM"
    # now reserved, and hidden from selfexecutable
    assert _err(cs, "registerTemplate", name="SYSTEMVM-KVM-4.19.1", displaytext="other", url=URL, format="QCOW2",
                hypervisor="KVM", zoneid=zone["id"], ostypeid=_os(cs))[1] == "Cannot use reserved names for templates"
    routing = _register(cs, zone["id"], name="router-tmpl", isrouting="true")["template"][0]
    assert routing["templatetype"] == "ROUTING"


# -- listTemplates ----------------------------------------------------------------------------------
def test_filters_and_matching(cs, zone):
    cs.control("/config", {"template_download_delay": 0})
    _register(cs, zone["id"], name="Web_Server ")
    _register(cs, zone["id"], name="webXserver", ispublic="true", isfeatured="true")
    _register(cs, zone["id"], name="community-one", ispublic="true")
    assert [r["name"] for r in _rows(cs, name="web_server")] == ["Web_Server "]  # case and trailing space
    assert {r["name"] for r in _rows(cs, keyword="web_server")} == {"Web_Server ", "webXserver"}  # _ wildcard
    assert {r["name"] for r in _rows(cs, templatefilter="featured")} >= {"webXserver"}
    assert "community-one" in {r["name"] for r in _rows(cs, templatefilter="community")}
    assert "webXserver" not in {r["name"] for r in _rows(cs, templatefilter="community")}
    assert {r["name"] for r in _rows(cs, templatefilter="self")} == {"Web_Server ", "webXserver", "community-one"}
    assert _rows(cs, templatefilter="self", hypervisor="VMware") == []
    assert _rows(cs, templatefilter="sharedexecutable") == []
    status, text = _err(cs, "listTemplates", templatefilter="mine")
    assert status == 431 and text.endswith("TemplateFilter.mine")
    # a system template by id: shown with self, not with featured
    kvm = [r for r in _rows(cs) if r["name"] == "SystemVM Template (KVM)"][0]
    assert len(_rows(cs, id=kvm["id"], templatefilter="self")) == 1
    assert _rows(cs, id=kvm["id"], templatefilter="featured") == []
    ids = [r["id"] for r in _rows(cs, templatefilter="self")]
    assert len(_rows(cs, ids=",".join(ids[:2]), templatefilter="self")) == 2
    assert "details" not in _rows(cs, templatefilter="self", details="min")[0]


def test_selfexecutable_lists_only_ready(cs, zone):
    cs.control("/config", {"template_download_delay": 0.3})
    tid = _register(cs, zone["id"], name="slow")["template"][0]["id"]
    assert _rows(cs, templatefilter="selfexecutable") == []
    _wait_ready(cs, tid)
    assert [r["name"] for r in _rows(cs, templatefilter="selfexecutable")] == ["slow"]


def test_templates_of_a_hypervisor_without_host_are_not_listed(cs, zone):
    cs.control("/config", {"template_download_delay": 0})
    _register(cs, zone["id"], name="vmw", hypervisor="VMware", format="OVA", url="http://mirror.example.com/v.ova")
    assert _rows(cs, name="vmw") == []
    dummy, state = cs.control("/state/templates")
    assert any(t["name"] == "vmw" for t in state)


# -- download faults --------------------------------------------------------------------------------
def test_failing_and_hanging_downloads(cs, zone):
    cs.control("/config", {"template_download_delay": 0.1})
    bad = _register(cs, zone["id"], name="bad", url="http://mirror.example.com/missing/bad.qcow2")["template"][0]
    cs.control("/faults", {"command": "registerTemplate", "download": "hang"})
    stuck = _register(cs, zone["id"], name="stuck")["template"][0]
    time.sleep(0.3)
    row = _rows(cs, id=bad["id"])[0]
    assert row["isready"] is False and row["status"] == " HTTP Server returned 404 (expected 200 OK) "
    assert row["downloaddetails"][0]["downloadState"] == "DOWNLOAD_ERROR"
    row = _rows(cs, id=stuck["id"])[0]
    assert row["isready"] is False and row["status"] == "50% Downloaded"


def test_no_ssvm_no_download(cs):
    z = _zone(cs, "off", enabled=False)
    cs.control("/config", {"template_download_delay": 0})
    tid = _register(cs, z["id"], name="waits")["template"][0]["id"]
    time.sleep(0.1)
    row = _rows(cs, id=tid)[0]
    assert row["isready"] is False and row["status"] == "Active" and row["downloaddetails"] == []


# -- updateTemplate, permissions --------------------------------------------------------------------
def test_update_template(cs, zone):
    tid = _register(cs, zone["id"], name="upd")["template"][0]["id"]
    out = cs.ok("updateTemplate", id=tid, displaytext="Updated", passwordenabled="true", ostypeid=_os(cs, "CentOS 7"),
                **{"details[0].rootDiskController": "scsi", "details[0].nicAdapter": "virtio"})["template"]
    assert out["displaytext"] == "Updated" and out["ostypename"] == "CentOS 7"
    assert out["details"] == {"rootDiskController": "scsi", "nicAdapter": "virtio"}
    assert "zoneid" not in out and "isready" not in out and out["templatetype"] == "USER"  # the short update answer
    row = _rows(cs, id=tid)[0]
    assert row["passwordenabled"] is True and row["details"] == {"rootDiskController": "scsi", "nicAdapter": "virtio"}
    cs.ok("updateTemplate", id=tid, cleanupdetails="true")
    assert _rows(cs, id=tid)[0]["details"] == {}
    dummy, state = cs.control("/state/templates")
    first = [t for t in state if t["_id"] == 1][0]
    assert _err(cs, "updateTemplate", id=first["id"], displaytext="no") == (431, "Unable to update template/iso of specified id")


def test_permissions(cs, zone):
    tid = _register(cs, zone["id"], name="perm")["template"][0]["id"]
    cs.ok("updateTemplatePermissions", id=tid, ispublic="true", isfeatured="true")
    row = _rows(cs, id=tid)[0]
    assert row["ispublic"] and row["isfeatured"]
    assert cs.ok("listTemplatePermissions", id=tid)["templatepermission"]["ispublic"] is True
    assert _err(cs, "updateTemplatePermissions", id=tid, accounts="admin")[1].startswith("Invalid operation on accounts")
    cs.ok("updateTemplatePermissions", id=tid, op="reset")
    row = _rows(cs, id=tid)[0]
    assert not row["ispublic"] and not row["isfeatured"]
    perms = cs.ok("listTemplatePermissions", id=tid)["templatepermission"]
    assert perms["account"] == ["admin"] and perms["ispublic"] is False


# -- deleteTemplate, copyTemplate -------------------------------------------------------------------
def test_delete_while_downloading_then_after(cs, zone):
    cs.control("/config", {"template_download_delay": 0.5})
    tid = _register(cs, zone["id"], name="del")["template"][0]["id"]
    time.sleep(0.15)
    job = _job(cs, "deleteTemplate", id=tid)
    assert job["jobstatus"] == 2 and job["jobresult"]["errortext"] == \
        "Please specify a template that is not currently being downloaded."
    _wait_ready(cs, tid)
    job = _job(cs, "deleteTemplate", id=tid)
    assert job["jobstatus"] == 1 and job["jobresult"]["success"] is True
    assert _rows(cs, id=tid) == []
    assert len(_rows(cs, id=tid, showremoved="true")) == 1
    status, text = _err(cs, "updateTemplate", id=tid, displaytext="x")
    assert (status, text) == (431, "unable to find template/iso with specified id")


def test_delete_system_template_and_template_in_use(cs, zone):
    kvm = [r for r in _rows(cs) if r["name"] == "SystemVM Template (KVM)"][0]
    job = _job(cs, "deleteTemplate", id=kvm["id"])
    assert job["jobresult"]["errortext"] == "The DomR template cannot be deleted."
    cs.control("/config", {"template_download_delay": 0})
    tid = _register(cs, zone["id"], name="used")["template"][0]["id"]
    _wait_ready(cs, tid)
    cs.control("/seed", {"virtualmachines": [{"name": "vm1", "templateid": tid, "zoneid": zone["id"],
                                              "instancename": "i-2-7-VM", "_id": 7}]})
    job = _job(cs, "deleteTemplate", id=tid)
    assert job["jobstatus"] == 2 and job["jobresult"]["errortext"].startswith(
        "Unable to delete template with id: ") and "are using it." in job["jobresult"]["errortext"]
    assert _job(cs, "deleteTemplate", id=tid, forced="true")["jobstatus"] == 1


def test_copy_then_delete_per_zone(cs, zone):
    z2 = _zone(cs, "zone-2")
    _ssvm_up(cs, z2)
    cs.control("/config", {"template_download_delay": 0.4})
    tid = _register(cs, zone["id"], name="copied")["template"][0]["id"]
    job = _job(cs, "copyTemplate", id=tid, destzoneid=z2["id"], sourcezoneid=zone["id"])
    assert job["jobstatus"] == 2 and job["jobresult"]["errortext"].startswith("There is no template ")
    _wait_ready(cs, tid)
    job = _job(cs, "copyTemplate", id=tid, destzoneid=z2["id"], sourcezoneid=zone["id"])
    assert job["jobstatus"] == 1 and job["jobresult"]["template"]["zonename"] == "zone-2"
    assert job["jobresult"]["template"]["isready"] is True
    assert {r["zonename"] for r in _rows(cs, id=tid)} == {"zone-1", "zone-2"}
    job = _job(cs, "copyTemplate", id=tid)
    assert job["jobresult"]["errortext"] == "Either destzoneid or destzoneids parameters have to be specified."
    assert _job(cs, "deleteTemplate", id=tid, zoneid=zone["id"])["jobstatus"] == 1
    assert [r["zonename"] for r in _rows(cs, id=tid)] == ["zone-2"]
    assert _job(cs, "deleteTemplate", id=tid)["jobstatus"] == 1
    assert _rows(cs, id=tid) == []


# -- tags -----------------------------------------------------------------------------------------
def test_tags_on_templates(cs, zone):
    tid = _register(cs, zone["id"], name="tagged")["template"][0]["id"]
    job = _job(cs, "createTags", resourceids=tid, resourcetype="Template",
               **{"tags[0].key": "os", "tags[0].value": "ubuntu"})
    assert job["jobstatus"] == 1
    row = _rows(cs, id=tid)[0]
    assert [(t["key"], t["value"]) for t in row["tags"]] == [("os", "ubuntu")]
    assert [r["name"] for r in _rows(cs, **{"tags[0].key": "os", "tags[0].value": "ubuntu"})] == ["tagged"]


# -- listStorageProviders ---------------------------------------------------------------------------
def test_storage_providers(cs):
    prim = cs.ok("listStorageProviders", type="primary")
    assert prim["count"] == 8 and {"name": "DefaultPrimary", "type": "PRIMARY"} in prim["dataStoreProvider"]
    image = cs.ok("listStorageProviders", type="IMAGE")
    assert {p["name"] for p in image["dataStoreProvider"]} == {"NFS", "S3", "Swift"}
    assert {p["type"] for p in image["dataStoreProvider"]} == {"IMAGE"}
    assert _err(cs, "listStorageProviders", type="object") == (431, "Invalid parameter: object")


# -- an independent client ------------------------------------------------------------------------
def test_cs_library_registers_and_lists(cs, zone):
    lib = pytest.importorskip("cs")
    api = lib.CloudStack(endpoint=cs.r.endpoint, key=cs.key, secret=cs.secret)
    os_id = api.listOsTypes(description="Ubuntu 20.04 LTS")["ostype"][0]["id"]
    out = api.registerTemplate(name="from-cs", displaytext="from cs", url=URL, format="QCOW2", hypervisor="KVM",
                               zoneid=zone["id"], ostypeid=os_id, ispublic=True,
                               details=[{"hypervisortoolsversion": "xenserver61"}])
    tid = out["template"][0]["id"]
    listed = api.listTemplates(templatefilter="self", name="from-cs")
    assert listed["count"] == 1 and listed["template"][0]["id"] == tid and listed["template"][0]["ispublic"] is True
    assert listed["template"][0]["details"] == {"hypervisortoolsversion": "xenserver61"}


def test_image_store_with_a_private_template_cannot_be_deleted(cs, zone):
    cs.control("/config", {"template_download_delay": 0})
    tid = _register(cs, zone["id"], name="holds")["template"][0]["id"]
    _wait_ready(cs, tid)
    store_id = cs.ok("listImageStores", zoneid=zone["id"])["imagestore"][0]["id"]
    assert _err(cs, "deleteImageStore", id=store_id) == (431, "Cannot delete image store with active templates backup!")
    cs.ok("updateTemplatePermissions", id=tid, ispublic="true")
    assert cs.ok("deleteImageStore", id=store_id)["success"] is True

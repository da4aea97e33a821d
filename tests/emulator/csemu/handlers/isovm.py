"""ISOs, user VMs (listing, ISO attach/detach), guest networks, OS types and resource tags.

Rules and their sources: docs/emulator-isovm.md. Short source keys used below:
TMI = server/.../template/TemplateManagerImpl.java, TAB = .../template/TemplateAdapterBase.java,
HTA = .../template/HypervisorTemplateAdapter.java, UU = utils/.../UriUtils.java,
QMI = server/.../api/query/QueryManagerImpl.java, NSI = server/.../network/NetworkServiceImpl.java,
TRM = server/.../tags/TaggedResourceManagerImpl.java, RMU = server/.../tags/ResourceManagerUtilImpl.java.
"""
from __future__ import annotations

import time
from urllib.parse import urlsplit

from ..errors import ApiError, CS_INVALID_PARAM, internal_error, invalid_value, param_error, runtime_error
from ..registry import command
from .common import AsyncResult, now_str

# -- emulator conventions (documented in docs/emulator-isovm.md) ----------------------------------
#: A URL host ending in one of these never resolves (RFC 6761 reserves .invalid): registerIso fails
#: at once, as UriUtils.checkHost does for an unresolvable host.
UNRESOLVABLE_SUFFIXES = (".invalid",)
#: A URL whose path contains one of these "downloads" with an HTTP 404: the ISO ends with a failed status.
DOWNLOAD_FAILS_MARKERS = ("/missing/", "/404/")
DOWNLOAD_FAILED_STATUS = "HTTP Server returned 404 (expected 200 OK) "
READY_STATUS = "Successfully Installed"
ISO_EXTENSIONS = (".iso", ".iso.zip", ".iso.bz2", ".iso.gz")
OTHER_EXTENSIONS = (".qcow2", ".vhd", ".vhdx", ".ova", ".raw", ".img", ".vmdk", ".tar", ".zip", ".bz2", ".gz")

HYPERVISORS = ("XenServer", "KVM", "VMware", "Hyperv", "VirtualBox", "Parralels", "BareMetal", "Simulator", "Ovm",
               "Ovm3", "LXC", "Custom", "External", "Any")
VM_STATES_OK_FOR_ISO = ("Running", "Stopped")
TAG_TYPES = ("UserVm", "Template", "ISO", "Volume", "Snapshot", "Backup", "Network", "LoadBalancer",
             "PortForwardingRule", "FirewallRule", "SecurityGroup", "SecurityGroupRule", "PublicIpAddress", "Project",
             "Account", "Vpc", "NetworkACL", "StaticRoute", "VMSnapshot", "RemoteAccessVpn", "User", "SnapshotPolicy",
             "VpcOffering")
ALL_TYPES = TAG_TYPES + ("VnfTemplate", "DomainRouter", "Nic", "Zone", "ServiceOffering", "Storage", "PrivateGateway",
                         "NetworkACLList", "VpnGateway", "CustomerGateway", "VpnConnection", "DiskOffering",
                         "AutoScaleVmProfile", "AutoScaleVmGroup", "LBStickinessPolicy", "LBHealthCheckPolicy",
                         "GuestOsCategory", "GuestOs", "NetworkOffering", "Domain", "ObjectStore")
TAG_COLLECTION = {"uservm": "virtualmachines", "iso": "isos", "network": "networks", "template": "templates"}


# -- helpers ----------------------------------------------------------------------------------
def _root_domain(ctx):
    return ctx.store.first("domains", name="ROOT") or {}


def _owner(ctx):
    caller = ctx.caller or {}
    dom = _root_domain(ctx)
    return {"account": caller.get("account") or "admin", "accountid": caller.get("accountid"),
            "domain": caller.get("domain") or dom.get("name", "ROOT"),
            "domainid": caller.get("domainid") or dom.get("id")}


def _like(needle, *values):
    n = str(needle).lower()
    return any(v is not None and n in str(v).lower() for v in values)


def _ieq(a, b):
    """MySQL EQ under the default case-insensitive collation."""
    return a is not None and b is not None and str(a).lower() == str(b).lower()


def _tag_index(ctx, rtype):
    out = {}
    for t in ctx.store.all("tags"):
        if t["resourcetype"] == rtype:
            out.setdefault(t["resourceid"], []).append(
                {"key": t["key"], "value": t["value"], "resourcetype": t["resourcetype"], "resourceid": t["resourceid"],
                 "account": t.get("account"), "domainid": t.get("domainid"), "domain": t.get("domain")})
    return out


def _tag_filter(items, index, pairs):
    """tags[i].key/value: an object matches when it has ANY of the pairs (QMI joins the pairs with OR)."""
    if not pairs:
        return items
    wanted = {(p.get("key"), p.get("value")) for p in pairs}
    return [o for o in items if any((t["key"], t["value"]) in wanted for t in index.get(o["id"], []))]


def _acl(ctx, items, listall):
    """buildACLSearchParameters: an admin without listall (and without domainid/account/id) sees only
    its own account's objects; listall=true sees every account; domainid/account narrow it."""
    account = ctx.get("account")
    domainid = ctx.get("domainid")
    if ctx.has("projectid"):
        return [o for o in items if o.get("projectid") == ctx.get("projectid")]
    if domainid:
        items = [o for o in items if o.get("domainid") == domainid]
        if account:
            items = [o for o in items if _ieq(o.get("account"), account)]
        return items
    if account:
        me = _owner(ctx)
        return [o for o in items if _ieq(o.get("account"), account) and o.get("domainid") == me["domainid"]]
    if listall:
        return items
    me = _owner(ctx)
    return [o for o in items if o.get("account") == me["account"] and o.get("domainid") == me["domainid"]]


def _take_seeded_tags(ctx, obj, rtype):
    """Seeded objects may carry "tags" ({k: v} or [{key, value}]): they become real tag rows."""
    seeded = obj.pop("tags", None)
    if not seeded:
        return
    pairs = seeded.items() if isinstance(seeded, dict) else [(t["key"], t["value"]) for t in seeded]
    for k, v in pairs:
        ctx.store.insert("tags", {"key": str(k), "value": str(v), "resourceid": obj["id"], "resourcetype": rtype,
                                  "account": obj.get("account", "admin"), "domainid": obj.get("domainid"),
                                  "domain": obj.get("domain", "ROOT")})


def _ostype(ctx, ostypeid=None, description=None):
    if ostypeid:
        return ctx.store.get("ostypes", ostypeid)
    if description:
        for o in ctx.store.all("ostypes"):
            if o["description"] == description:
                return o
    return None


# -- OS types ---------------------------------------------------------------------------------
@command("listOsTypes")
def list_os_types(ctx):
    """ManagementServerImpl.listGuestOSByCriteria: id, oscategoryid EQ; description LIKE %x%; keyword LIKE."""
    items = ctx.store.all("ostypes")
    if ctx.has("id"):
        items = [o for o in items if o["id"] == ctx.get("id")]
    if ctx.has("oscategoryid"):
        items = [o for o in items if o["oscategoryid"] == ctx.get("oscategoryid")]
    if ctx.has("description"):
        items = [o for o in items if _like(ctx.get("description"), o["description"])]
    if ctx.has("keyword"):
        items = [o for o in items if _like(ctx.get("keyword"), o["description"])]
    params = dict(ctx.params)
    ctx.params = {k: v for k, v in params.items() if k != "keyword"}
    try:
        return ctx.list_response(items, "ostype")
    finally:
        ctx.params = params


# -- ISOs ---------------------------------------------------------------------------------------
def _dl_state(ctx, iso):
    """(isready, status, downloadState, percent) computed from the time since registration."""
    if iso.get("_dl_start") is None:
        return bool(iso.get("isready", True)), iso.get("status", READY_STATUS if iso.get("isready", True) else ""), \
            "DOWNLOADED" if iso.get("isready", True) else "NOT_DOWNLOADED", 100 if iso.get("isready", True) else 0
    delay = iso["_dl_delay"]
    elapsed = time.time() - iso["_dl_start"]
    frac = 1.0 if delay <= 0 else min(1.0, elapsed / delay)
    if iso.get("_dl_fail"):
        if frac >= 0.5:
            return False, DOWNLOAD_FAILED_STATUS, "DOWNLOAD_ERROR", 0
        return False, "", "NOT_DOWNLOADED", 0
    if frac >= 1.0:
        return True, READY_STATUS, "DOWNLOADED", 100
    pct = int(frac * 100)
    if pct == 0:
        return False, "", "NOT_DOWNLOADED", 0
    return False, f"{pct}% Downloaded", "DOWNLOAD_IN_PROGRESS", pct


def _iso_zone_rows(ctx, iso, zoneid=None, unique=False):
    zones = iso.get("_zones")
    if zones is None:  # seeded without zones: its zoneid, or every zone when cross-zone
        if iso.get("crossZones") or iso.get("zoneid") in (None, "-1"):
            zones = [z["id"] for z in ctx.store.all("zones")]
        else:
            zones = [iso["zoneid"]]
    if zoneid:
        zones = [z for z in zones if z == zoneid]
    if unique:
        zones = zones[:1] if not zoneid else zones
    return zones


def _iso_view(ctx, iso, zone_id, tags):
    ready, status, dstate, pct = _dl_state(ctx, iso)
    out = {k: v for k, v in iso.items() if not k.startswith("_")}
    zone = ctx.store.get("zones", zone_id) if zone_id else None
    out.update(zoneid=zone_id, zonename=zone["name"] if zone else None, isready=ready, status=status,
               tags=tags.get(iso["id"], []),
               downloaddetails=[{"datastore": "nfs://192.168.1.10/export/secondary", "downloadPercent": str(pct),
                                 "downloadState": dstate}])
    if ready:
        out.setdefault("size", 1073741824)
        out.setdefault("physicalsize", 1073741824)
    return out


def _normalize_isos(ctx):
    for iso in ctx.store.all("isos"):
        if not iso.get("_norm"):
            iso["_norm"] = True
            own = _owner(ctx)
            for k, v in (("displaytext", iso.get("name")), ("format", "ISO"), ("bootable", True), ("ispublic", False),
                         ("isfeatured", False), ("isextractable", False), ("crossZones", False),
                         ("created", now_str()), ("templatetype", "USER"), ("hypervisor", "None"),
                         ("account", own["account"]), ("accountid", own["accountid"]), ("domain", own["domain"]),
                         ("domainid", own["domainid"]), ("isready", True)):
                iso.setdefault(k, v)
            if iso.get("ostypeid") and not iso.get("ostypename"):
                o = ctx.store.get("ostypes", iso["ostypeid"])
                iso["ostypename"] = o["description"] if o else None
            _take_seeded_tags(ctx, iso, "ISO")


def _validate_url(url):
    """UU.validateUrl(format "iso", url): scheme, host resolution, extension."""
    try:
        parts = urlsplit(url)
    except ValueError:
        raise param_error(f"Invalid URL: {url}") from None
    if parts.scheme.lower() not in ("http", "https", "file"):
        raise param_error(f"Unsupported scheme for url: {url}")
    host = parts.hostname or ""
    if not host or host.lower().endswith(UNRESOLVABLE_SUFFIXES):
        raise param_error(f"Unable to resolve {host}.")
    if host in ("localhost", "127.0.0.1", "0.0.0.0", "::1") or host.startswith(("127.", "169.254.")):
        raise param_error("Illegal host specified in URL.")
    path = parts.path.lower()
    if not path.endswith(ISO_EXTENSIONS):
        if not path.endswith(OTHER_EXTENSIONS):
            raise param_error("Please specify a valid iso")
        raise param_error(f"Please specify a valid URL. URL:{parts.path} is an invalid for the format iso")


@command("registerIso")
def register_iso(ctx):
    """TMI.registerIso -> TAB.prepare(isIso) -> HTA.prepare; answer is a list (RegisterIsoCmd)."""
    url = ctx.get("url")
    if "file://" in url.lower():
        raise invalid_value("File:// type urls are currently unsupported")
    bootable = ctx.bool("bootable", True)
    none_os = _ostype(ctx, description="None")
    ostype = ctx.ref("ostypes", "ostypeid", required=False)
    if bootable and (ostype is None or (none_os and ostype["id"] == none_os["id"])):
        raise invalid_value("Please pass a valid GuestOS Id")
    if not bootable:
        ostype = none_os
    zoneid = ctx.get("zoneid")
    if zoneid == "-1":
        zones = [z["id"] for z in ctx.store.all("zones")]
        if not zones:
            raise runtime_error("No zones are present in the system, can't add template")
        cross = True
    else:
        zone = ctx.store.get("zones", zoneid)
        if zone is None:
            raise param_error("Please specify a valid zone.")
        zones, cross = [zoneid], False
    _validate_url(url)
    if not any(s.get("zoneid") in zones for s in ctx.store.all("imagestores")) and \
            not any(s.get("scope") == "REGION" for s in ctx.store.all("imagestores")):
        raise invalid_value("Failed to find a secondary storage in the specified zone.")
    own = _owner(ctx)
    delay = getattr(ctx.emu, "iso_download_delay", None)
    if delay is None:
        delay = 3 * ctx.emu.jobs.job_delay
    path = urlsplit(url).path.lower()
    iso = ctx.store.insert("isos", {
        "name": ctx.get("name"), "displaytext": ctx.get("displaytext") or ctx.get("name"), "url": url,
        "format": "ISO", "bootable": bootable, "ispublic": ctx.bool("ispublic", False),
        "isfeatured": ctx.bool("isfeatured", False), "isextractable": ctx.bool("isextractable", False),
        "crossZones": cross, "ostypeid": ostype["id"] if ostype else None,
        "ostypename": ostype["description"] if ostype else None, "checksum": ctx.get("checksum"),
        "templatetype": "USER", "hypervisor": "None", "created": now_str(), "passwordenabled": False,
        "sshkeyenabled": False, "isdynamicallyscalable": ctx.bool("isdynamicallyscalable", False),
        "directdownload": ctx.bool("directdownload", False), "bits": 64, "requireshvm": True,
        "account": own["account"], "accountid": own["accountid"], "domain": own["domain"],
        "domainid": own["domainid"], "details": None,
        "_zones": zones, "_dl_start": time.time(), "_dl_delay": float(delay),
        "_dl_fail": any(m in path for m in DOWNLOAD_FAILS_MARKERS), "_norm": True,
    })
    tags = {}
    rows = [ctx.render(_iso_view(ctx, iso, z, tags)) for z in zones]
    return {"count": len(rows), "iso": rows}


@command("listIsos")
def list_isos(ctx):
    """QMI.searchForIsosInternal / searchForTemplatesInternal / templateChecks."""
    _normalize_isos(ctx)
    flt = ctx.get("isofilter", "selfexecutable")
    valid = ("featured", "self", "selfexecutable", "shared", "sharedexecutable", "executable", "community", "all")
    if flt not in valid:
        raise param_error(f"No enum constant com.cloud.template.VirtualMachineTemplate.TemplateFilter.{flt}")
    hyper = ctx.get("hypervisor")
    if hyper and hyper not in HYPERVISORS and hyper != "None":
        pass  # HypervisorType.getType -> None: no filter
    me = _owner(ctx)
    items = ctx.store.all("isos")
    if ctx.has("id"):
        items = [i for i in items if i["id"] == ctx.get("id")]
    else:
        if flt in ("featured", "community"):
            items = [i for i in items if i.get("ispublic") and bool(i.get("isfeatured")) == (flt == "featured")]
        elif flt in ("self", "selfexecutable"):
            if ctx.has("account") or ctx.has("domainid"):
                items = _acl(ctx, items, False)
            else:
                items = [i for i in items if i.get("account") == me["account"] and i.get("domainid") == me["domainid"]]
        elif flt in ("shared", "sharedexecutable"):
            items = [i for i in items if me["accountid"] in (i.get("_shared") or [])]
        elif flt == "executable":
            items = [i for i in items if i.get("ispublic") or
                     (i.get("account") == me["account"] and i.get("domainid") == me["domainid"])]
        elif flt == "all":
            if ctx.has("account") or ctx.has("domainid"):
                items = _acl(ctx, items, True)
    only_ready = flt in ("featured", "selfexecutable", "sharedexecutable", "community") or (
        flt == "executable" and ctx.has("account") and ctx.has("domainid"))
    if not only_ready and ctx.has("isready") and ctx.bool("isready") != only_ready:
        only_ready = ctx.bool("isready")
    if only_ready:
        items = [i for i in items if _dl_state(ctx, i)[0]]
    if ctx.has("name"):
        items = [i for i in items if _ieq(i["name"], ctx.get("name"))]
    if ctx.has("keyword"):
        items = [i for i in items if _like(ctx.get("keyword"), i["name"], i.get("displaytext"))]
    if ctx.has("bootable"):
        items = [i for i in items if bool(i.get("bootable")) == ctx.bool("bootable")]
    if ctx.has("ispublic"):
        items = [i for i in items if bool(i.get("ispublic")) == ctx.bool("ispublic")]
    tags = _tag_index(ctx, "ISO")
    items = _tag_filter(items, tags, ctx.map("tags"))
    unique = ctx.bool("showunique", False)
    rows = []
    for iso in items:
        for z in _iso_zone_rows(ctx, iso, ctx.get("zoneid"), unique):
            rows.append((iso, z))
    params = ctx.params
    ctx.params = {k: v for k, v in params.items() if k != "keyword"}
    try:
        return ctx.list_response(rows, "iso", view=lambda r: _iso_view(ctx, r[0], r[1], tags))
    finally:
        ctx.params = params


def _iso_response(ctx, iso):
    _normalize_isos(ctx)
    zones = _iso_zone_rows(ctx, iso)
    return ctx.render(_iso_view(ctx, iso, zones[0] if zones else None, _tag_index(ctx, "ISO")))


@command("updateIso")
def update_iso(ctx):
    """TMI.updateTemplateOrIso: name, displaytext, bootable, ostypeid, details, sortkey...; answer {"iso": {...}}."""
    iso = ctx.ref("isos", "id")
    if ctx.has("ostypeid"):
        o = ctx.ref("ostypes", "ostypeid")
        iso["ostypeid"], iso["ostypename"] = o["id"], o["description"]
    for p in ("name", "displaytext"):
        if ctx.has(p):
            iso[p] = ctx.get(p)
    for p in ("bootable", "isdynamicallyscalable", "passwordenabled", "sshkeyenabled", "requireshvm"):
        if ctx.has(p):
            iso[p] = ctx.bool(p)
    if ctx.bool("cleanupdetails", False):
        iso["details"] = None
    elif ctx.map("details"):
        details = {}
        for item in ctx.map("details"):
            details.update(item)
        iso["details"] = details
    if ctx.has("sortkey"):
        iso["sortkey"] = ctx.int("sortkey")
    return {"iso": _iso_response(ctx, iso)}


@command("updateIsoPermissions")
def update_iso_permissions(ctx):
    """TMI.updateTemplateOrIsoPermissions: ispublic/isfeatured/isextractable; op add|remove|reset with accounts."""
    iso = ctx.ref("isos", "id")
    op = ctx.get("op")
    if (ctx.has("accounts") or ctx.has("projectids")) and op is None:
        raise invalid_value("A valid permissions operation must be specified: add, remove, reset")
    if op is not None and op not in ("add", "remove", "reset"):
        raise invalid_value("Invalid operation on accounts, the operation must be either 'add' or 'remove' in order "
                            "to modify launch permissions.  Given operation is: '" + op + "'")
    for p in ("ispublic", "isfeatured", "isextractable"):
        if ctx.has(p):
            iso[p] = ctx.bool(p)
    if op:
        shared = set(iso.get("_shared") or [])
        names = ctx.list("accounts") or []
        ids = {a["id"] for a in ctx.store.all("accounts") if a["name"] in names}
        if op == "add":
            shared |= ids
        elif op == "remove":
            shared -= ids
        else:
            shared = set()
        iso["_shared"] = sorted(shared)
    return {"success": True}


@command("listIsoPermissions")
def list_iso_permissions(ctx):
    iso = ctx.ref("isos", "id")
    accounts = [a["name"] for a in ctx.store.all("accounts") if a["id"] in (iso.get("_shared") or [])]
    out = {"id": iso["id"], "ispublic": bool(iso.get("ispublic")), "domainid": iso.get("domainid")}
    if accounts:
        out["account"] = accounts
    return {"templatepermission": out}


@command("deleteIso")
def delete_iso(ctx):
    """TMI.deleteIso (async): zoneid removes one zone of a cross-zone ISO; otherwise every zone.
    Detaches nothing: VMs keep the isoid (the real server marks the ISO removed)."""
    iso = ctx.ref("isos", "id")
    zoneid = ctx.get("zoneid")

    def work():
        if ctx.store.get("isos", iso["id"]) is None:
            raise invalid_value(f"unable to find iso with id {iso['_id']}")
        zones = _iso_zone_rows(ctx, iso)
        if zoneid and zoneid != "-1":
            if zoneid not in zones:
                raise internal_error("Failed to delete ISO")
            rest = [z for z in zones if z != zoneid]
            if rest:
                iso["_zones"] = rest
                return {"success": True}
        ctx.store.delete("isos", iso["id"])
        for t in ctx.store.all("tags", resourceid=iso["id"]):
            ctx.store.delete("tags", t["id"])
        return {"success": True}
    return AsyncResult(work, "Iso", iso["id"])


# -- virtual machines: handlers/vms.py owns them (seeding defaults, listing, views) ---------------------------
def _normalize_vms(ctx):
    from . import vms  # pylint: disable=import-outside-toplevel
    vms.normalize_vms(ctx)


def _vm_result(ctx, vm):
    from . import vms  # pylint: disable=import-outside-toplevel
    return vms.vm_result(ctx, vm)


@command("attachIso")
def attach_iso(ctx):
    """TMI.attachIso (async; the checks run in the job): ISO in the VM's zone, VM Running or Stopped;
    a Running VM needs the ISO Ready on an image store (prepareIso). An ISO already attached is
    replaced: the server has no check for it (TMI.attachISOToVM sets vm.isoId)."""
    _normalize_vms(ctx)
    _normalize_isos(ctx)
    vm = ctx.ref("virtualmachines", "virtualmachineid")
    iso = ctx.ref("isos", "id")

    def work():
        if ctx.store.get("isos", iso["id"]) is None:
            raise invalid_value(f"Unable to find an ISO with id {iso['_id']}")
        if vm.get("zoneid") not in _iso_zone_rows(ctx, iso):
            raise invalid_value("ISO is not available in the zone the VM is in.")
        if vm.get("state") not in VM_STATES_OK_FOR_ISO:
            raise invalid_value("Please specify a VM that is either Stopped or Running.")
        if vm.get("state") == "Running" and not _dl_state(ctx, iso)[0]:
            raise runtime_error("Failed to prepare ISO ready to mount on hypervisor resource level")
        vm.update(isoid=iso["id"], isoname=iso["name"], isodisplaytext=iso.get("displaytext"))
        return _vm_result(ctx, vm)
    return AsyncResult(work, "VirtualMachine", vm["id"])


@command("detachIso")
def detach_iso(ctx):
    """TMI.detachIso (async): no ISO -> 431; VM Running or Stopped."""
    _normalize_vms(ctx)
    vm = ctx.ref("virtualmachines", "virtualmachineid")

    def work():
        if not vm.get("isoid"):
            raise invalid_value("The specified VM has no ISO attached to it.")
        if vm.get("state") not in VM_STATES_OK_FOR_ISO:
            raise invalid_value("Please specify a VM that is either Stopped or Running.")
        for k in ("isoid", "isoname", "isodisplaytext"):
            vm.pop(k, None)
        return _vm_result(ctx, vm)
    return AsyncResult(work, "VirtualMachine", vm["id"])


# -- networks: handlers/networks.py ---------------------------------------------------------------------------
def _normalize_networks(ctx):
    from . import networks  # pylint: disable=import-outside-toplevel
    networks.normalize_networks(ctx)


# -- tags ---------------------------------------------------------------------------------------------
def _resource_type(name):
    """RMU.getResourceType: case-insensitive enum name; TRM.createTags: resourceTagsSupport."""
    for t in ALL_TYPES:
        if t.lower() == str(name).lower():
            return t
    raise invalid_value(f"Invalid resource type {name}")


def _normalize_all(ctx):
    _normalize_vms(ctx)
    _normalize_isos(ctx)
    _normalize_networks(ctx)


def _find_resource(ctx, rtype, rid):
    coll = TAG_COLLECTION.get(rtype.lower())
    obj = ctx.store.get(coll, rid) if coll else None
    if obj is None and coll == "templates":
        obj = ctx.store.get("isos", rid)  # ISOs are vm_template rows too (ResourceObjectType.Template)
    if obj is None and coll is None:
        coll2 = ctx.store.find_uuid(rid)
        obj = ctx.store.get(coll2, rid) if coll2 else None
    if obj is None:
        raise invalid_value(f"Unable to find resource by uuid {rid} and type {rtype}")
    return obj


@command("createTags")
def create_tags(ctx):
    """TRM.createTags (async; everything checked in the job, one transaction)."""
    _normalize_all(ctx)
    ids = ctx.list("resourceids") or []
    rtype_raw = ctx.get("resourcetype")
    pairs = [(item.get("key"), item.get("value")) for item in ctx.map("tags")]

    def work():
        rtype = _resource_type(rtype_raw)
        new = []
        for key, value in pairs:
            for rid in ids:
                if rtype not in TAG_TYPES:
                    raise invalid_value(f"The resource type {rtype} doesn't support resource tags")
                obj = _find_resource(ctx, rtype, rid)
                if value is None or value == "":
                    raise invalid_value(f"Value for the key {key} is either null or empty")
                if any(t["resourceid"] == rid and t["resourcetype"] == rtype and _ieq(t["key"], key)
                       for t in ctx.store.all("tags")) or any(
                        n["resourceid"] == rid and _ieq(n["key"], key) for n in new):
                    raise runtime_error(f"tag {key} already on {rtype} with id {rid}")
                new.append({"key": key, "value": value, "resourceid": rid, "resourcetype": rtype,
                            "account": obj.get("account", "admin"), "domainid": obj.get("domainid"),
                            "domain": obj.get("domain", "ROOT")})
        for t in new:
            ctx.store.insert("tags", t)
        return {"success": True}
    return AsyncResult(work)


@command("deleteTags")
def delete_tags(ctx):
    """TRM.deleteTags: key/value compared case-insensitively; a key without value deletes any value;
    no tags -> every tag of the resources; nothing matched -> DeleteTagsCmd 530 "Failed to delete tags"."""
    ids = ctx.list("resourceids") or []
    rtype_raw = ctx.get("resourcetype")
    wanted = [(item.get("key"), item.get("value")) for item in ctx.map("tags")]

    def work():
        rtype = _resource_type(rtype_raw)
        doomed = []
        for t in ctx.store.all("tags"):
            if t["resourceid"] not in ids or t["resourcetype"] != rtype:
                continue
            if not wanted or any(_ieq(t["key"], k) and (v is None or _ieq(t["value"], v)) for k, v in wanted):
                doomed.append(t)
        if not doomed:
            raise internal_error("Failed to delete tags")
        for t in doomed:
            ctx.store.delete("tags", t["id"])
        return {"success": True}
    return AsyncResult(work)


@command("listTags")
def list_tags(ctx):
    """QMI.listTags: key, value, resourceid, resourcetype EQ; keyword LIKE on key/value; ACL as other lists."""
    _normalize_all(ctx)
    items = ctx.store.all("tags")
    if ctx.has("resourcetype"):
        items = [t for t in items if _ieq(t["resourcetype"], ctx.get("resourcetype"))]
    for p in ("key", "value", "resourceid", "customer"):
        if ctx.has(p):
            items = [t for t in items if _ieq(t.get(p), ctx.get(p))]
    if ctx.has("keyword"):
        items = [t for t in items if _like(ctx.get("keyword"), t.get("key"), t.get("value"))]
    items = _acl(ctx, items, ctx.bool("listall", False))
    params = ctx.params
    ctx.params = {k: v for k, v in params.items() if k != "keyword"}
    try:
        return ctx.list_response(items, "tag")
    finally:
        ctx.params = params


__all__ = ["ApiError", "CS_INVALID_PARAM"]

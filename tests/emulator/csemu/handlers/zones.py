"""Zones: ConfigurationManagerImpl.createZone / editZone / deleteZone / checkZoneParameters,
ListZonesCmd, dedicated zones (DedicatedResourceManagerImpl)."""
from __future__ import annotations

from ..errors import runtime_error
from ..registry import command
from .common import allocation_state, find_by_name, invalid_value, success, valid_ip4


def zone_view(ctx, zone):
    out = dict(zone)
    out["tags"] = ctx.tags_for(zone["id"])
    return out


def _check_dns(ctx):
    for param, label in (("dns1", "DNS1"), ("dns2", "DNS2"), ("internaldns1", "internal DNS1"),
                         ("internaldns2", "internal DNS2")):
        value = ctx.get(param)
        if value and not valid_ip4(value):
            raise invalid_value(f"Please enter a valid IP address for {label}")


@command("createZone")
def create_zone(ctx):
    name = ctx.get("name")
    raw_type = ctx.get("networktype")
    if raw_type.lower() not in ("basic", "advanced"):
        raise invalid_value("Invalid zone type; only Advanced and Basic values are supported")
    networktype = "Basic" if raw_type.lower() == "basic" else "Advanced"
    sg = ctx.bool("securitygroupenabled", False)
    if networktype == "Basic":
        sg = True  # CreateZoneCmd/createZone: Basic zones always have security groups
    if networktype == "Basic" and ctx.get("guestcidraddress") is not None:
        raise invalid_value("guestCidrAddress parameter is not supported for Basic zone")
    is_edge = ctx.bool("isedge", False)
    if is_edge and networktype != "Advanced":
        raise invalid_value("Only advanced network type zones can be edge zones")
    if find_by_name(ctx.store.all("zones"), name):  # validZone: DataCenterDao.findByName, SQL name = ? (collation)
        raise invalid_value("A zone with that name already exists. Please specify a unique zone name.")
    domain = None
    if ctx.has("domainid"):
        domain = ctx.ref("domains", "domainid")
    _check_dns(ctx)
    state = ctx.get("allocationstate")
    if state:
        allocation_state(state)
    zone = ctx.store.insert("zones", {
        "name": name, "dns1": ctx.get("dns1"), "dns2": ctx.get("dns2"),
        "internaldns1": ctx.get("internaldns1"), "internaldns2": ctx.get("internaldns2"),
        "ip6dns1": ctx.get("ip6dns1"), "ip6dns2": ctx.get("ip6dns2"),
        "guestcidraddress": ctx.get("guestcidraddress") if networktype == "Advanced" else None,
        "domain": ctx.get("domain"), "networktype": networktype,
        "allocationstate": state or "Disabled",  # default Disabled (ConfigurationManagerImpl.createZone)
        "securitygroupsenabled": sg, "localstorageenabled": ctx.bool("localstorageenabled", False),
        "dhcpprovider": "VirtualRouter", "zonetoken": None, "type": "Edge" if is_edge else "Core",
        "domainid": domain["id"] if domain else None, "domainname": domain["name"] if domain else None,
        "hasannotations": False, "allowuserspecifyvrmtu": False,
        "routerprivateinterfacemaxmtu": 1500, "routerpublicinterfacemaxmtu": 1500, "resourcedetails": None,
    })
    import uuid as _u
    zone["zonetoken"] = str(_u.uuid4())
    return {"zone": ctx.render(zone_view(ctx, zone))}


@command("updateZone")
def update_zone(ctx):
    zone = ctx.ref("zones", "id")
    name = ctx.get("name")
    if name is not None and name != zone["name"]:
        # editZone: checkForDuplicates = !zoneName.equals(oldZoneName) (Java, case-sensitive), then
        # findByName under the case-insensitive collation: renaming "Z" to "z" finds the zone itself
        if find_by_name(ctx.store.all("zones"), name):
            raise invalid_value("A zone with that name already exists. Please specify a unique zone name.")
    _check_dns(ctx)
    state = ctx.get("allocationstate")
    if state:
        allocation_state(state)
    if networktype_basic(zone) and ctx.get("guestcidraddress"):
        raise invalid_value("guestCidrAddress parameter is not supported for Basic zone")
    if state == "Enabled":
        from .physnet import enable_zone_checks
        enable_zone_checks(ctx, zone)
    for param in ("name", "dns1", "dns2", "internaldns1", "internaldns2", "ip6dns1", "ip6dns2", "domain",
                  "guestcidraddress", "dhcpprovider", "allocationstate"):
        if ctx.has(param) and ctx.get(param) != "":
            zone[param] = ctx.get(param)
    if ctx.has("localstorageenabled"):
        zone["localstorageenabled"] = ctx.bool("localstorageenabled")
    details = ctx.details("details")
    if details:
        zone["resourcedetails"] = dict(zone.get("resourcedetails") or {}, **details)
    return {"zone": ctx.render(zone_view(ctx, zone))}


def networktype_basic(zone):
    return zone.get("networktype") == "Basic"


@command("deleteZone")
def delete_zone(ctx):
    zone = ctx.ref("zones", "id")
    zid = zone["id"]
    store = ctx.store
    msg = "The zone cannot be deleted because "
    if store.all("hosts", zoneid=zid):
        raise runtime_error(msg + "there are servers in this zone.")
    if store.all("pods", zoneid=zid):
        raise runtime_error(msg + "there are pods in this zone.")
    if store.all("virtualmachines", zoneid=zid) or store.all("systemvms", zoneid=zid):
        raise runtime_error(msg + "there are virtual machines in this zone.")
    if store.all("physicalnetworks", zoneid=zid):
        raise runtime_error(msg + "there are physical networks in this zone.")
    if store.all("imagestores", zoneid=zid):
        raise runtime_error(msg + "there are Secondary storages in this zone")
    for v in store.all("vlans", zoneid=zid):
        store.delete("vlans", v["id"])
    for d in store.all("dedicatedzones", zoneid=zid):
        store.delete("dedicatedzones", d["id"])
    store.delete("zones", zid)
    return success()


@command("listZones")
def list_zones(ctx):
    items = ctx.filtered("zones", {"id": "id", "name": "name", "domainid": "domainid"})
    if ctx.get("ids"):
        wanted = set(ctx.list("ids"))
        items = [z for z in items if z["id"] in wanted]
    # available=true: a root admin sees every zone anyway (ConfigurationManagerImpl / QueryManagerImpl)
    tags = ctx.details("tags")
    if tags:
        def match(z):
            zt = {t["key"]: t["value"] for t in ctx.store.all("tags", resourceid=z["id"])}
            return all(zt.get(k) == v for k, v in tags.items())
        items = [z for z in items if match(z)]
    if ctx.has("networktype"):
        items = [z for z in items if z["networktype"].lower() == ctx.get("networktype").lower()]
    return ctx.list_response(items, "zone", view=lambda z: zone_view(ctx, z))


# -- dedication ------------------------------------------------------------------------------
@command("dedicateZone")
def dedicate_zone(ctx):
    from .common import AsyncResult
    zone = ctx.ref("zones", "zoneid")
    domain = ctx.ref("domains", "domainid")
    if ctx.store.all("dedicatedzones", zoneid=zone["id"]):
        raise invalid_value(f"Zone {zone['name']} is already dedicated")

    def work():
        d = ctx.store.insert("dedicatedzones", {"zoneid": zone["id"], "zonename": zone["name"],
                                                "domainid": domain["id"], "accountid": ctx.get("account"),
                                                "affinitygroupid": None})
        return {"dedicatedzone": ctx.render(d, names=set())}
    return AsyncResult(work, "Zone", zone["id"])


@command("releaseDedicatedZone")
def release_dedicated_zone(ctx):
    from .common import AsyncResult
    zone = ctx.ref("zones", "zoneid")
    found = ctx.store.all("dedicatedzones", zoneid=zone["id"])
    if not found:
        raise invalid_value("No Dedicated Resource available to release")

    def work():
        for d in found:
            ctx.store.delete("dedicatedzones", d["id"])
        return {"success": True}
    return AsyncResult(work, "Zone", zone["id"])


@command("listDedicatedZones")
def list_dedicated_zones(ctx):
    items = ctx.filtered("dedicatedzones", {"zoneid": "zoneid", "domainid": "domainid"})
    return ctx.list_response(items, "dedicatedzone")

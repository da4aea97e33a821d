"""Zone networking: physical networks, traffic types, network service providers, virtual
router elements, VLAN IP ranges, storage network IP ranges (NetworkServiceImpl,
ConfigurationManagerImpl.createVlanAndPublicIpRange, StorageNetworkManagerImpl)."""
from __future__ import annotations

from ..errors import runtime_error
from ..registry import command
from .common import AsyncResult, invalid_value, success, valid_ip4, zone_name

# Providers added to every new physical network (NetworkServiceImpl.createPhysicalNetwork ->
# addDefaultVirtualRouterToPhysicalNetwork & co.), all Disabled at first.
DEFAULT_PROVIDERS = ("VirtualRouter", "VpcVirtualRouter", "InternalLbVm", "ConfigDrive", "SecurityGroupProvider")
TRAFFIC_TYPES = ("Public", "Guest", "Management", "Storage")


def _pn_view(ctx, pn):
    return dict(pn, zonename=zone_name(ctx.store, pn["zoneid"]))


@command("createPhysicalNetwork")
def create_physical_network(ctx):
    """BaseAsyncCreateCmd: create() persists the network (state Disabled) before the job runs;
    the job's execute() returns it."""
    zone = ctx.ref("zones", "zoneid")
    isolation = ctx.list("isolationmethods")
    if isolation and len(isolation) > 1:
        raise invalid_value("Only one isolationMethod can be specified for a physical network at this time")
    pn = ctx.store.insert("physicalnetworks", {
        "name": ctx.get("name"), "zoneid": zone["id"], "state": "Disabled",
        "vlan": ctx.get("vlan"), "networkspeed": ctx.get("networkspeed"),
        "broadcastdomainrange": (ctx.get("broadcastdomainrange") or
                                 ("POD" if zone["networktype"] == "Basic" else "ZONE")).upper(),
        "isolationmethods": ",".join(isolation) if isolation else "VLAN",
        "tags": ctx.get("tags"), "domainid": ctx.get("domainid"),
    })
    for name in DEFAULT_PROVIDERS:
        nsp = ctx.store.insert("networkserviceproviders", {
            "name": name, "physicalnetworkid": pn["id"], "state": "Disabled", "canenableindividualservice": True,
            "servicelist": [], "destinationphysicalnetworkid": None})
        if name in ("VirtualRouter", "VpcVirtualRouter"):
            ctx.store.insert("virtualrouterelements", {"nspid": nsp["id"], "enabled": False, "account": "system",
                                                       "domain": "ROOT", "_provider": name})
    names = ctx.emu.spec.get("createPhysicalNetwork").response_names
    return AsyncResult(lambda: {"physicalnetwork": ctx.render(_pn_view(ctx, pn), names)},
                       "PhysicalNetwork", pn["id"], create_id=pn["id"])


@command("updatePhysicalNetwork")
def update_physical_network(ctx):
    pn = ctx.ref("physicalnetworks", "id")
    state = ctx.get("state")
    if state is not None and state not in ("Enabled", "Disabled"):
        raise invalid_value(f"Unable to resolve state '{state}' to a supported value {{Enabled or Disabled}}")

    def work():
        for param in ("networkspeed", "vlan", "state"):
            if ctx.has(param):
                pn[param] = ctx.get(param)
        if ctx.has("tags"):
            pn["tags"] = ",".join(ctx.list("tags"))
        return {"physicalnetwork": ctx.render(_pn_view(ctx, pn))}
    return AsyncResult(work, "PhysicalNetwork", pn["id"])


@command("deletePhysicalNetwork")
def delete_physical_network(ctx):
    pn = ctx.ref("physicalnetworks", "id")

    def work():
        if ctx.store.all("networks", physicalnetworkid=pn["id"]):
            raise runtime_error("The Physical Network is not deletable because there are networks associated to this "
                                "physical network")
        for coll in ("traffictypes", "networkserviceproviders"):
            for o in ctx.store.all(coll, physicalnetworkid=pn["id"]):
                ctx.store.delete(coll, o["id"])
                for e in ctx.store.all("virtualrouterelements", nspid=o["id"]):
                    ctx.store.delete("virtualrouterelements", e["id"])
        ctx.store.delete("physicalnetworks", pn["id"])
        return {"success": True}
    return AsyncResult(work, "PhysicalNetwork", pn["id"])


@command("listPhysicalNetworks")
def list_physical_networks(ctx):
    items = ctx.filtered("physicalnetworks", {"id": "id", "zoneid": "zoneid", "name": "name"})
    return ctx.list_response(items, "physicalnetwork", view=lambda p: _pn_view(ctx, p))


# -- traffic types --------------------------------------------------------------------------
@command("addTrafficType")
def add_traffic_type(ctx):
    pn = ctx.ref("physicalnetworks", "physicalnetworkid")
    ttype = ctx.get("traffictype")
    match = [t for t in TRAFFIC_TYPES if t.lower() == ttype.lower()]
    if not match:
        raise invalid_value(f"Unable to resolve trafficType '{ttype}' to a supported value")
    ttype = match[0]
    if ctx.store.first("traffictypes", physicalnetworkid=pn["id"], traffictype=ttype):
        raise invalid_value(f"This physical network already supports the traffic type: {ttype}")
    tt = ctx.store.insert("traffictypes", {
        "traffictype": ttype, "physicalnetworkid": pn["id"],
        "kvmnetworklabel": ctx.get("kvmnetworklabel"), "vmwarenetworklabel": ctx.get("vmwarenetworklabel"),
        "xennetworklabel": ctx.get("xennetworklabel"), "hypervnetworklabel": ctx.get("hypervnetworklabel"),
        "ovm3networklabel": ctx.get("ovm3networklabel"), "isolationmethods": ctx.get("isolationmethod"),
        "vlan": ctx.get("vlan")})
    return AsyncResult(lambda: {"traffictype": ctx.render(tt)}, "TrafficType", tt["id"], create_id=tt["id"])


@command("updateTrafficType")
def update_traffic_type(ctx):
    tt = ctx.ref("traffictypes", "id")

    def work():
        for p in ("kvmnetworklabel", "vmwarenetworklabel", "xennetworklabel", "hypervnetworklabel",
                  "ovm3networklabel"):
            if ctx.has(p):
                tt[p] = ctx.get(p)
        return {"traffictype": ctx.render(tt)}
    return AsyncResult(work, "TrafficType", tt["id"])


@command("deleteTrafficType")
def delete_traffic_type(ctx):
    tt = ctx.ref("traffictypes", "id")
    return AsyncResult(lambda: (ctx.store.delete("traffictypes", tt["id"]), {"success": True})[1],
                       "TrafficType", tt["id"])


@command("listTrafficTypes")
def list_traffic_types(ctx):
    pn = ctx.ref("physicalnetworks", "physicalnetworkid")
    return ctx.list_response(ctx.store.all("traffictypes", physicalnetworkid=pn["id"]), "traffictype")


# -- network service providers ----------------------------------------------------------------
@command("addNetworkServiceProvider")
def add_network_service_provider(ctx):
    pn = ctx.ref("physicalnetworks", "physicalnetworkid")
    name = ctx.get("name")
    if ctx.store.first("networkserviceproviders", physicalnetworkid=pn["id"], name=name):
        raise runtime_error(f"The '{name}' provider already exists on physical network : {pn['_id']}")
    nsp = ctx.store.insert("networkserviceproviders", {
        "name": name, "physicalnetworkid": pn["id"], "state": "Disabled", "canenableindividualservice": True,
        "servicelist": ctx.list("servicelist") or [], "destinationphysicalnetworkid": ctx.get("destinationphysicalnetworkid")})
    return AsyncResult(lambda: {"networkserviceprovider": ctx.render(nsp)}, "PhysicalNetworkServiceProvider",
                       nsp["id"], create_id=nsp["id"])


@command("updateNetworkServiceProvider")
def update_network_service_provider(ctx):
    nsp = ctx.ref("networkserviceproviders", "id")
    state = ctx.get("state")
    if state is not None and state not in ("Enabled", "Disabled", "Shutdown"):
        raise invalid_value(f"Unable to resolve state '{state}' to a supported value {{Enabled or Disabled}}")

    def work():
        if state == "Enabled" and nsp["name"] in ("VirtualRouter", "VpcVirtualRouter"):
            elems = ctx.store.all("virtualrouterelements", nspid=nsp["id"])
            if not any(e["enabled"] for e in elems):
                raise runtime_error(f"Provider is not ready, cannot Enable the provider, please configure the provider "
                                    f"first")
        if state:
            nsp["state"] = state
        if ctx.has("servicelist"):
            nsp["servicelist"] = ctx.list("servicelist")
        return {"networkserviceprovider": ctx.render(nsp)}
    return AsyncResult(work, "PhysicalNetworkServiceProvider", nsp["id"])


@command("deleteNetworkServiceProvider")
def delete_network_service_provider(ctx):
    nsp = ctx.ref("networkserviceproviders", "id")

    def work():
        ctx.store.delete("networkserviceproviders", nsp["id"])
        for e in ctx.store.all("virtualrouterelements", nspid=nsp["id"]):
            ctx.store.delete("virtualrouterelements", e["id"])
        return {"success": True}
    return AsyncResult(work, "PhysicalNetworkServiceProvider", nsp["id"])


@command("listNetworkServiceProviders")
def list_network_service_providers(ctx):
    items = ctx.filtered("networkserviceproviders", {"physicalnetworkid": "physicalnetworkid", "name": "name",
                                                     "state": "state"})
    return ctx.list_response(items, "networkserviceprovider")


@command("listVirtualRouterElements")
def list_virtual_router_elements(ctx):
    items = ctx.filtered("virtualrouterelements", {"id": "id", "nspid": "nspid"})
    if ctx.has("enabled"):
        items = [e for e in items if e["enabled"] == ctx.bool("enabled")]
    return ctx.list_response(items, "virtualrouterelement")


@command("configureVirtualRouterElement")
def configure_virtual_router_element(ctx):
    elem = ctx.ref("virtualrouterelements", "id")

    def work():
        elem["enabled"] = ctx.bool("enabled")
        return {"virtualrouterelement": ctx.render(elem)}
    return AsyncResult(work, "None", elem["id"])


# -- VLAN / public IP ranges -----------------------------------------------------------------
@command("createVlanIpRange")
def create_vlan_ip_range(ctx):
    zone = ctx.ref("zones", "zoneid", required=False)
    pn = ctx.ref("physicalnetworks", "physicalnetworkid", required=False)
    pod = ctx.ref("pods", "podid", required=False)
    if zone is None and pod is not None:
        zone = ctx.store.get("zones", pod["zoneid"])
    if zone is None and pn is not None:
        zone = ctx.store.get("zones", pn["zoneid"])
    if zone is None:
        raise invalid_value("Please specify a valid zone.")
    for p in ("startip", "endip", "gateway", "netmask"):
        if ctx.get(p) and not valid_ip4(ctx.get(p)):
            raise invalid_value(f"Please specify a valid {p}")
    vlan = ctx.store.insert("vlans", {
        "zoneid": zone["id"], "podid": pod["id"] if pod else None, "podname": pod["name"] if pod else None,
        "physicalnetworkid": pn["id"] if pn else None, "vlan": ctx.get("vlan") or "untagged",
        "startip": ctx.get("startip"), "endip": ctx.get("endip") or ctx.get("startip"),
        "gateway": ctx.get("gateway"), "netmask": ctx.get("netmask"),
        "forvirtualnetwork": ctx.bool("forvirtualnetwork", True), "forsystemvms": ctx.bool("forsystemvms", False),
        "networkid": ctx.get("networkid"), "account": ctx.get("account"), "domainid": ctx.get("domainid"),
        "ip6gateway": ctx.get("ip6gateway"), "ip6cidr": ctx.get("ip6cidr"),
        "startipv6": ctx.get("startipv6"), "endipv6": ctx.get("endipv6")})
    return {"vlan": ctx.render(vlan)}


@command("deleteVlanIpRange")
def delete_vlan_ip_range(ctx):
    vlan = ctx.ref("vlans", "id")
    ctx.store.delete("vlans", vlan["id"])
    return success()


@command("listVlanIpRanges")
def list_vlan_ip_ranges(ctx):
    items = ctx.filtered("vlans", {"id": "id", "zoneid": "zoneid", "podid": "podid",
                                   "physicalnetworkid": "physicalnetworkid", "vlan": "vlan", "networkid": "networkid"})
    return ctx.list_response(items, "vlaniprange")


# -- storage network IP ranges --------------------------------------------------------------
@command("createStorageNetworkIpRange")
def create_storage_network_ip_range(ctx):
    pod = ctx.ref("pods", "podid")
    for p in ("startip", "endip", "gateway", "netmask"):
        if ctx.get(p) and not valid_ip4(ctx.get(p)):
            raise invalid_value(f"Please specify a valid {p}")

    def work():
        r = ctx.store.insert("storagenetworkipranges", {
            "podid": pod["id"], "zoneid": pod["zoneid"], "startip": ctx.get("startip"),
            "endip": ctx.get("endip") or ctx.get("startip"), "gateway": ctx.get("gateway"),
            "netmask": ctx.get("netmask"), "vlan": ctx.int("vlan"), "networkid": None})
        return {"storagenetworkiprange": ctx.render(r)}
    return AsyncResult(work, "StorageNetworkIpRange", None)


@command("deleteStorageNetworkIpRange")
def delete_storage_network_ip_range(ctx):
    r = ctx.ref("storagenetworkipranges", "id")
    return AsyncResult(lambda: (ctx.store.delete("storagenetworkipranges", r["id"]), {"success": True})[1],
                       "StorageNetworkIpRange", r["id"])


@command("listStorageNetworkIpRange")
def list_storage_network_ip_range(ctx):
    items = ctx.filtered("storagenetworkipranges", {"id": "id", "podid": "podid", "zoneid": "zoneid"})
    return ctx.list_response(items, "storagenetworkiprange")

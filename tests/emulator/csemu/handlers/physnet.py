"""Zone networking: physical networks, traffic types, network service providers, virtual
router elements, VLAN IP ranges, storage network IP ranges (NetworkServiceImpl,
ConfigurationManagerImpl.createVlanAndPublicIpRange, StorageNetworkManagerImpl)."""
from __future__ import annotations

import ipaddress

from ..errors import CS_PERMISSION_DENIED, ApiError, param_error, runtime_error
from ..registry import command
from .common import AsyncResult, find_by_name, invalid_value, success, valid_ip4, zone_name

# Networks.TrafficType (valueOf, case-sensitive)
TRAFFIC_TYPES = ("None", "Public", "Guest", "Storage", "Management", "Control", "Vpn")
# TrafficTypeResponse fields: listTrafficTypes is annotated with ProviderResponse, but its execute()
# builds TrafficTypeResponse objects (ListTrafficTypesCmd, ApiResponseHelper.createTrafficTypeResponse).
TRAFFIC_TYPE_FIELDS = {"id", "traffictype", "physicalnetworkid", "xennetworklabel", "kvmnetworklabel",
                       "vmwarenetworklabel", "hypervnetworklabel", "ovm3networklabel"}
# Network.Service names accepted in a provider's servicelist (Network.Service.getService)
SERVICES = ("Vpn", "Dhcp", "Dns", "SourceNat", "PortForwarding", "Lb", "UserData", "StaticNat", "NetworkACL",
            "Firewall", "Gateway", "SecurityGroup", "Connectivity", "BaremetalPxeService", "PrivateGateway")


def permission_denied(text):
    """PermissionDeniedException -> ApiServer.handleRequest -> 531 ACCOUNT_ERROR."""
    return ApiError(531, text, CS_PERMISSION_DENIED)


def _new_provider(ctx, pn, name, state="Disabled"):
    return ctx.store.insert("networkserviceproviders", {
        "name": name, "physicalnetworkid": pn["id"], "state": state, "canenableindividualservice": True,
        "servicelist": [], "destinationphysicalnetworkid": None})


def _enable_first_provider(ctx, name):
    """NetworkServiceImpl.enableProvider(name): QueryBuilder...find() on the provider name only, so it
    enables the FIRST provider row of that name in the whole system (only the first physical network's
    ConfigDrive/BaremetalPxeProvider end up Enabled)."""
    rows = sorted(ctx.store.all("networkserviceproviders", name=name), key=lambda o: o["_id"])
    if rows:
        rows[0]["state"] = "Enabled"


def add_default_providers(ctx, zone, pn):
    """NetworkServiceImpl.createPhysicalNetwork (4.18 build: VirtualRouter, Ovs for GRE, SecurityGroupProvider,
    VpcVirtualRouter, Baremetal*, InternalLbVm, Tungsten, ConfigDrive; Nsx/Netris are 4.20+)."""
    vr = _new_provider(ctx, pn, "VirtualRouter")
    ctx.store.insert("virtualrouterelements", {"nspid": vr["id"], "enabled": False, "account": "system",
                                               "domain": "ROOT", "_provider": "VirtualRouter"})
    if "GRE" in (pn.get("isolationmethods") or ""):
        _new_provider(ctx, pn, "Ovs")
    _new_provider(ctx, pn, "SecurityGroupProvider")
    vpc = _new_provider(ctx, pn, "VpcVirtualRouter")
    ctx.store.insert("virtualrouterelements", {"nspid": vpc["id"], "enabled": False, "account": "system",
                                               "domain": "ROOT", "_provider": "VpcVirtualRouter"})
    if zone["networktype"] == "Basic":
        for name in ("BaremetalDhcpProvider", "BaremetalPxeProvider", "BaremetalUserdataProvider"):
            _new_provider(ctx, pn, name)
    else:
        _new_provider(ctx, pn, "BaremetalPxeProvider")
        _enable_first_provider(ctx, "BaremetalPxeProvider")
    ilb = _new_provider(ctx, pn, "InternalLbVm")
    ctx.store.insert("internallbelements", {"nspid": ilb["id"], "enabled": False})
    _new_provider(ctx, pn, "Tungsten")
    if zone["networktype"] == "Advanced":
        _new_provider(ctx, pn, "ConfigDrive")
        _enable_first_provider(ctx, "ConfigDrive")


def pn_with_traffic(ctx, zone_id, ttype):
    """NetworkModelImpl.getDefaultPhysicalNetworkByZoneAndTrafficType."""
    pns = [p for p in ctx.store.all("physicalnetworks", zoneid=zone_id)
           if ctx.store.first("traffictypes", physicalnetworkid=p["id"], traffictype=ttype)]
    if not pns:
        raise invalid_value(f"Unable to find the default physical network with traffic={ttype} in the specified zone id")
    if len(pns) > 1:
        zone = ctx.store.get("zones", zone_id)
        raise invalid_value(f"More than one physical networks exist in zone id={zone['_id']} with traffic type={ttype}")
    return pns[0]


def _pn_view(ctx, pn):
    return dict(pn, zonename=zone_name(ctx.store, pn["zoneid"]))


@command("createPhysicalNetwork")
def create_physical_network(ctx):
    """BaseAsyncCreateCmd: create() persists the network (state Disabled) before the job runs;
    the job's execute() returns it. Checks: NetworkServiceImpl.createPhysicalNetwork."""
    zone = ctx.ref("zones", "zoneid")
    if zone["allocationstate"] == "Enabled":
        raise permission_denied(f"Cannot create PhysicalNetwork since the Zone is currently enabled, zone Id: {zone['_id']}")
    basic = zone["networktype"] == "Basic"
    if basic and ctx.store.all("physicalnetworks", zoneid=zone["id"]):
        raise runtime_error(f"Cannot add the physical network to basic zone id: {zone['_id']}, there is a physical "
                            f"network already existing in this basic Zone")
    tags = ctx.list("tags")
    if tags and len(tags) > 1:
        raise param_error("Only one tag can be specified for a physical network at this time")  # java.security.InvalidParameterException
    isolation = ctx.list("isolationmethods")
    if isolation and len(isolation) > 1:
        raise param_error("Only one isolationMethod can be specified for a physical network at this time")
    vlan = ctx.get("vlan")
    if vlan is not None and (basic or zone.get("securitygroupsenabled")):
        raise invalid_value(_no_vnet_text(zone))
    bdr = ctx.get("broadcastdomainrange")
    if bdr:
        if bdr.upper() not in ("POD", "ZONE"):
            raise invalid_value(f"Unable to resolve broadcastDomainRange '{bdr}' to a supported value {{Pod or Zone}}")
        if basic and bdr.upper() != "POD":
            raise invalid_value("Basic zone can have broadcast domain type of value POD only")
        if not basic and bdr.upper() != "ZONE":
            raise invalid_value("Advance zone can have broadcast domain type of value ZONE only")
    pn = ctx.store.insert("physicalnetworks", {
        "name": ctx.get("name"), "zoneid": zone["id"], "state": "Disabled",
        "vlan": None, "networkspeed": ctx.get("networkspeed"),
        "broadcastdomainrange": (bdr or ("POD" if basic else "ZONE")).upper(),
        "isolationmethods": ",".join(isolation) if isolation else "VLAN",
        "tags": ",".join(tags) if tags else None, "domainid": ctx.get("domainid"),
    })
    if vlan is not None:  # addOrRemoveVnets, in the same transaction: a bad range leaves no network
        try:
            pn["vlan"] = _vnet_string(_vnet_ranges(pn, vlan))
        except ApiError:
            ctx.store.delete("physicalnetworks", pn["id"])
            raise
    add_default_providers(ctx, zone, pn)
    names = ctx.emu.spec.get("createPhysicalNetwork").response_names
    return AsyncResult(lambda: {"physicalnetwork": ctx.render(_pn_view(ctx, pn), names)},
                       "PhysicalNetwork", pn["id"], create_id=pn["id"])


def _no_vnet_text(zone):
    """NetworkServiceImpl.create/updatePhysicalNetwork (4.18; later releases say "... in the Basic zone")."""
    return (f"Can't add vnet range to the physical network in the zone that supports {zone['networktype']} network, "
            f"Security Group enabled: {str(bool(zone.get('securitygroupsenabled'))).lower()}")


# NetworkServiceImpl: MIN/MAX_VLAN_ID, MIN/MAX_GRE_KEY, MIN/MAX_VXLAN_VNI
VNET_LIMITS = {"GRE": (0, 4294967295), "VXLAN": (0, 16777214)}


def _vnet_ranges(pn, text):
    """NetworkServiceImpl.validateVlanRange: each comma-separated "start-end" within the isolation
    method's limits (VLAN 0-4095, GRE 32 bits, VXLAN 0-16777214)."""
    isolation = (pn.get("isolationmethods") or "").upper()
    low, high = next((v for k, v in VNET_LIMITS.items() if k in isolation), (0, 4095))
    between = f" between {low} and {high}"
    ranges = []
    for part in text.split(","):
        bounds = part.split("-")
        if bounds == [""]:
            return ranges
        if len(bounds) < 2:
            raise invalid_value("Please provide valid vnet range. vnet range should be a comma separated list of vlan "
                                "ranges. example 500-500,600-601" + between)
        try:
            start, stop = int(bounds[0]), int(bounds[1])  # Integer.parseInt
        except ValueError:
            raise invalid_value("Please provide valid vnet range. The vnet range should be a comma separated list "
                                "example 2001-2012,3000-3005." + between) from None
        if start < low or stop > high:
            raise invalid_value("Vnet range has to be" + between)
        if start > stop:
            raise invalid_value("Vnet range has to be" + between + " and start range should be lesser than or equal to stop range")
        ranges.append((start, stop))
    return ranges


def _vnet_string(ranges):
    """NetworkServiceImpl.generateVnetString: the vnets sorted, consecutive ones joined as "a-b"."""
    vnets = sorted({v for start, stop in ranges for v in range(start, stop + 1)})
    out, first = [], None
    for i, v in enumerate(vnets):
        first = v if first is None else first
        if i + 1 == len(vnets) or vnets[i + 1] != v + 1:
            out.append(f"{first}-{v}")
            first = None
    return ",".join(out) or None


@command("updatePhysicalNetwork")
def update_physical_network(ctx):
    """Async (not create-style): NetworkServiceImpl.updatePhysicalNetwork runs in the job, so its
    errors are job failures (errorcode 431 in jobresult; the tag check throws
    java.security.InvalidParameterException, 530)."""
    pn = ctx.ref("physicalnetworks", "id")
    tags = ctx.list("tags")

    def work():
        zone = ctx.store.get("zones", pn["zoneid"])
        vlan = ctx.get("vlan")
        if vlan is not None and zone and (zone["networktype"] == "Basic" or zone.get("securitygroupsenabled")):
            raise invalid_value(_no_vnet_text(zone))
        if tags and len(tags) > 1:
            raise runtime_error("Unable to support more than one tag on network yet")
        state = ctx.get("state")
        if state and state not in ("Enabled", "Disabled"):  # PhysicalNetwork.State.valueOf
            raise invalid_value(f"Unable to resolve state '{state}' to a supported value {{Enabled or Disabled}}")
        ranges = _vnet_ranges(pn, vlan) if vlan is not None else None
        if state:
            pn["state"] = state
        if ctx.has("networkspeed"):
            pn["networkspeed"] = ctx.get("networkspeed")
        if ranges is not None:  # addOrRemoveVnets: the vnets become exactly the given ranges ("" clears them)
            pn["vlan"] = _vnet_string(ranges)
        if ctx.has("tags"):
            pn["tags"] = ",".join(tags) or None
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
                for ecoll in ("virtualrouterelements", "internallbelements"):
                    for e in ctx.store.all(ecoll, nspid=o["id"]):
                        ctx.store.delete(ecoll, e["id"])
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
    """NetworkServiceImpl.addTrafficTypeToPhysicalNetwork, run in create() (errors answer synchronously)."""
    pn = ctx.ref("physicalnetworks", "physicalnetworkid")
    ttype = ctx.get("traffictype")
    if ttype not in TRAFFIC_TYPES:  # TrafficType.valueOf: exact
        raise invalid_value(f"Unable to resolve trafficType '{ttype}' to a supported value")
    if ctx.store.first("traffictypes", physicalnetworkid=pn["id"], traffictype=ttype):
        raise runtime_error(f"This physical network already supports the traffic type: {ttype}")
    if ttype in ("Public", "Storage", "Management", "Control"):
        for other in ctx.store.all("physicalnetworks", zoneid=pn["zoneid"]):
            if ctx.store.first("traffictypes", physicalnetworkid=other["id"], traffictype=ttype):
                raise runtime_error("Fail to add the traffic type to physical network because Zone already has a "
                                    f"physical network with this traffic type: {ttype}")
    tt = _insert_traffic_type(ctx, pn, ttype, {k: ctx.get(k) for k in (
        "kvmnetworklabel", "vmwarenetworklabel", "xennetworklabel", "hypervnetworklabel", "ovm3networklabel", "vlan")},
        ctx.get("isolationmethod"))
    return AsyncResult(lambda: {"traffictype": ctx.render(tt, TRAFFIC_TYPE_FIELDS)}, "TrafficType", tt["id"],
                       create_id=tt["id"])


def _insert_traffic_type(ctx, pn, ttype, labels, isolation=None):
    return ctx.store.insert("traffictypes", {
        "traffictype": ttype, "physicalnetworkid": pn["id"],
        "kvmnetworklabel": labels.get("kvmnetworklabel"), "vmwarenetworklabel": labels.get("vmwarenetworklabel"),
        "xennetworklabel": labels.get("xennetworklabel"), "hypervnetworklabel": labels.get("hypervnetworklabel"),
        "ovm3networklabel": labels.get("ovm3networklabel"), "_isolationmethod": isolation, "_vlan": labels.get("vlan")})


@command("updateTrafficType")
def update_traffic_type(ctx):
    tt = ctx.ref("traffictypes", "id")

    def work():
        for p in ("kvmnetworklabel", "vmwarenetworklabel", "xennetworklabel", "hypervnetworklabel",
                  "ovm3networklabel"):
            if ctx.has(p):
                tt[p] = ctx.get(p)
        return {"traffictype": ctx.render(tt, TRAFFIC_TYPE_FIELDS)}
    return AsyncResult(work, "TrafficType", tt["id"])


@command("deleteTrafficType")
def delete_traffic_type(ctx):
    tt = ctx.ref("traffictypes", "id")
    return AsyncResult(lambda: (ctx.store.delete("traffictypes", tt["id"]), {"success": True})[1],
                       "TrafficType", tt["id"])


@command("listTrafficTypes")
def list_traffic_types(ctx):
    pn = ctx.ref("physicalnetworks", "physicalnetworkid")
    items = ctx.store.all("traffictypes", physicalnetworkid=pn["id"])
    out = ctx.list_response(items, "traffictype")
    # rendered as TrafficTypeResponse (TRAFFIC_TYPE_FIELDS), not with the annotated ProviderResponse names
    by_id = {t["id"]: t for t in items}
    if out.get("traffictype"):
        out["traffictype"] = [ctx.render(by_id[o["id"]], TRAFFIC_TYPE_FIELDS) for o in out["traffictype"]]
    return out


# -- network service providers ----------------------------------------------------------------
@command("addNetworkServiceProvider")
def add_network_service_provider(ctx):
    pn = ctx.ref("physicalnetworks", "physicalnetworkid")
    name = ctx.get("name")
    if find_by_name(ctx.store.all("networkserviceproviders", physicalnetworkid=pn["id"]), name):
        raise runtime_error(f"The '{name}' provider already exists on physical network : {pn['_id']}")
    _check_services(ctx)
    nsp = ctx.store.insert("networkserviceproviders", {
        "name": name, "physicalnetworkid": pn["id"], "state": "Disabled", "canenableindividualservice": True,
        "servicelist": ctx.list("servicelist") or [], "destinationphysicalnetworkid": ctx.get("destinationphysicalnetworkid")})
    return AsyncResult(lambda: {"networkserviceprovider": ctx.render(nsp)}, "PhysicalNetworkServiceProvider",
                       nsp["id"], create_id=nsp["id"])


@command("updateNetworkServiceProvider")
def update_network_service_provider(ctx):
    nsp = ctx.ref("networkserviceproviders", "id")
    state = ctx.get("state")
    if state and state not in ("Enabled", "Disabled", "Shutdown"):
        raise invalid_value(f"Unable to resolve state '{state}' to a supported value {{Enabled or Disabled}}")
    if state == "Shutdown":
        raise invalid_value("Updating the provider state to 'Shutdown' is not supported")
    _check_services(ctx)

    def work():
        if state == "Enabled" and nsp["name"] in ("VirtualRouter", "VpcVirtualRouter", "InternalLbVm"):
            # VirtualRouterElement.isReady / InternalLoadBalancerElement.isReady: its element must be enabled
            coll = "internallbelements" if nsp["name"] == "InternalLbVm" else "virtualrouterelements"
            elems = ctx.store.all(coll, nspid=nsp["id"])
            if not any(e["enabled"] for e in elems):
                raise runtime_error("Provider is not ready, cannot Enable the provider, please configure the provider "
                                    "first")
        if state:
            nsp["state"] = state
        if ctx.has("servicelist"):
            nsp["servicelist"] = ctx.list("servicelist")
        return {"networkserviceprovider": ctx.render(nsp)}
    return AsyncResult(work, "PhysicalNetworkServiceProvider", nsp["id"])


def _check_services(ctx):
    for service in ctx.list("servicelist") or []:
        if service not in SERVICES:
            raise invalid_value(f"Invalid Network Service specified={service}")


@command("deleteNetworkServiceProvider")
def delete_network_service_provider(ctx):
    nsp = ctx.ref("networkserviceproviders", "id")

    def work():
        ctx.store.delete("networkserviceproviders", nsp["id"])
        for coll in ("virtualrouterelements", "internallbelements"):
            for e in ctx.store.all(coll, nspid=nsp["id"]):
                ctx.store.delete(coll, e["id"])
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


@command("listInternalLoadBalancerElements")
def list_internal_lb_elements(ctx):
    items = ctx.filtered("internallbelements", {"id": "id", "nspid": "nspid"})
    if ctx.has("enabled"):
        items = [e for e in items if e["enabled"] == ctx.bool("enabled")]
    return ctx.list_response(items, "internalloadbalancerelement")


@command("configureInternalLoadBalancerElement")
def configure_internal_lb_element(ctx):
    elem = ctx.ref("internallbelements", "id")

    def work():
        elem["enabled"] = ctx.bool("enabled")
        return {"internalloadbalancerelement": ctx.render(elem)}
    return AsyncResult(work, "None", elem["id"])


# -- VLAN / public IP ranges -----------------------------------------------------------------
def _ip(v):
    return int(ipaddress.IPv4Address(v))


def _cidr(gateway, netmask):
    return ipaddress.IPv4Network(f"{gateway}/{netmask}", strict=False)


def _overlap(s1, e1, s2, e2):
    return _ip(s1) <= _ip(e2 or s2) and _ip(s2) <= _ip(e1 or s1)


def _vlan_tag(v):
    v = (v or "untagged").lower()
    return v.split("://", 1)[1] if "://" in v else v


def _pod_ranges(pod):
    return [(r[0], r[1]) for r in pod.get("_ranges", []) if valid_ip4(r[0]) and valid_ip4(r[1])]


@command("createVlanIpRange")
def create_vlan_ip_range(ctx):
    """ConfigurationManagerImpl.createVlanAndPublicIpRange(CreateVlanIpRangeCmd) and the inner
    createVlanAndPublicIpRange (checkPublicIpRangeErrors, checkZoneVlanIpOverlap, checkOverlapPrivateIpRange)."""
    zone = ctx.ref("zones", "zoneid", required=False)
    pn = ctx.ref("physicalnetworks", "physicalnetworkid", required=False)
    pod = ctx.ref("pods", "podid", required=False)
    network = ctx.ref("networks", "networkid", required=False)
    start, end = ctx.get("startip"), ctx.get("endip")
    gateway, netmask = ctx.get("gateway"), ctx.get("netmask")
    for_virtual = ctx.bool("forvirtualnetwork")
    if for_virtual is None:  # CreateVlanIpRangeCmd.isForVirtualNetwork: true unless a network is given
        for_virtual = network is None
    if start is None and ctx.get("ip6cidr") is None:
        raise invalid_value("StartIP or IPv6 CIDR is missing in the parameters!")
    if start is not None and end is None:
        end = start
    if zone is None and pod is not None:
        zone = ctx.store.get("zones", pod["zoneid"])
    if zone is None and network is not None:
        zone = ctx.store.get("zones", network["zoneid"])
    if zone is None and pn is not None:
        zone = ctx.store.get("zones", pn["zoneid"])
    if zone is None:
        raise invalid_value("Please specify a valid zone.")
    basic = zone["networktype"] == "Basic"
    sg = zone.get("securitygroupsenabled")
    if pn is None:
        if network is not None and network.get("physicalnetworkid"):
            pn = ctx.store.get("physicalnetworks", network["physicalnetworkid"])
        elif for_virtual:
            pn = pn_with_traffic(ctx, zone["id"], "Public")
        elif basic or sg:
            pn = pn_with_traffic(ctx, zone["id"], "Guest")
        else:
            raise invalid_value("Physical Network Id is null, please provide the Network id for Direct vlan creation ")
    if sg and not basic and for_virtual:
        raise invalid_value("Can't add virtual ip range into a zone with security group enabled")
    if for_virtual:
        if network is not None and network.get("traffictype") != "Public":
            raise invalid_value(f"Can't find Public network {network['name']}")
        traffic, net_id = "Public", None
    else:
        if network is None:
            if basic:
                guests = [n for n in ctx.store.all("networks", zoneid=zone["id"])
                          if n.get("traffictype") == "Guest" and n.get("type") == "Shared"]
                if not guests:
                    raise invalid_value(f"Unable to find network with trafficType Guest and guestType Shared in zone "
                                        f"{zone['_id']}")
                if len(guests) > 1:
                    raise invalid_value(f"Found more than 1 network with trafficType Guest and guestType Shared in zone "
                                        f"{zone['_id']}")
                network = guests[0]
            else:
                sgnets = [n for n in ctx.store.all("networks", zoneid=zone["id"]) if n.get("_sg")]
                if not sgnets:
                    raise invalid_value("Network id is required for Direct vlan creation ")
                network = sgnets[0]
        elif network.get("type") != "Shared":
            raise invalid_value(f"Can't create direct vlan for network {network['name']} with type: {network.get('type')}")
        traffic, net_id = "Guest", network["id"]
    if pod is not None and (not basic or traffic != "Guest"):
        raise invalid_value("Pod id can be specified only for the networks of type Guest in zone of type Basic")
    if pod is not None and pod["zoneid"] != zone["id"]:
        raise invalid_value(f"Pod {pod['name']} doesn't belong to zone id={zone['_id']}")
    if (ctx.has("domainid") or ctx.has("account")) and zone["networktype"] != "Advanced":
        raise invalid_value("Vlan owner can be defined only in the zone of type Advanced")
    if start is not None:
        # checkOverlapPrivateIpRange (outer method, before commitVlan)
        if valid_ip4(start) and valid_ip4(end):
            for p in ctx.store.all("pods", zoneid=zone["id"]):
                for (ps, pe) in _pod_ranges(p):
                    if _overlap(start, end, ps, pe):
                        raise invalid_value(f"The Start IP and EndIP address range overlap with private IP :{ps}:{pe}")
        if not gateway or not valid_ip4(gateway):
            raise invalid_value("Please specify a valid gateway")
        try:
            cidr = _cidr(gateway, netmask)
            if not netmask or not valid_ip4(netmask):
                raise ValueError
        except ValueError:
            raise invalid_value("Please specify a valid netmask") from None
        if not valid_ip4(start) or not valid_ip4(end) or ipaddress.IPv4Address(start) not in cidr \
                or ipaddress.IPv4Address(end) not in cidr:
            raise invalid_value("Please specify a valid IP range or valid netmask or valid gateway")
        if _ip(start) > _ip(end):  # checkPublicIpRangeErrors
            raise invalid_value("Please specify a valid IP range.")
        tag = _vlan_tag(ctx.get("vlan"))
        for other in ctx.store.all("vlans", zoneid=zone["id"]):  # checkZoneVlanIpOverlap
            if not other.get("gateway") or not other.get("netmask"):
                continue
            if not cidr.overlaps(_cidr(other["gateway"], other["netmask"])):
                continue
            if tag == "untagged" or tag == _vlan_tag(other.get("vlan")):
                if gateway != other["gateway"] or netmask != other["netmask"]:
                    raise invalid_value(f"The IP range has already been added with gateway {other['gateway']} ,and "
                                        f"netmask {other['netmask']}, Please specify the gateway/netmask if you want "
                                        "to extend ip range")
                if cidr.prefixlen != 31 and _overlap(start, end, other["startip"], other["endip"]):
                    raise invalid_value("The IP range already has IPs that overlap with the new range. Please "
                                        "specify a different start IP/end IP.")
            elif traffic == "Public" or other.get("_traffic") == "Public":
                raise invalid_value(f"The IP range with tag: {other.get('vlan')} in zone {zone['name']} has "
                                    "overlapped with the subnet. Please specify a different gateway/netmask.")
    vlan = ctx.store.insert("vlans", {
        "zoneid": zone["id"], "podid": pod["id"] if pod else None, "podname": pod["name"] if pod else None,
        "physicalnetworkid": pn["id"], "vlan": ctx.get("vlan") or "untagged",
        "startip": start, "endip": end, "gateway": gateway, "netmask": netmask,
        "cidr": str(_cidr(gateway, netmask)) if start else None,
        "forvirtualnetwork": for_virtual, "forsystemvms": ctx.bool("forsystemvms", False),
        "networkid": net_id, "account": ctx.get("account"), "domainid": ctx.get("domainid"),
        "ip6gateway": ctx.get("ip6gateway"), "ip6cidr": ctx.get("ip6cidr"),
        "startipv6": ctx.get("startipv6"), "endipv6": ctx.get("endipv6"), "_traffic": traffic})
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
    if ctx.has("forvirtualnetwork"):
        items = [v for v in items if v["forvirtualnetwork"] == ctx.bool("forvirtualnetwork")]
    return ctx.list_response(items, "vlaniprange")


# (network offerings, with the defaults of a fresh 4.18: handlers/offerings.py)


# -- storage network IP ranges --------------------------------------------------------------
@command("createStorageNetworkIpRange")
def create_storage_network_ip_range(ctx):
    """StorageNetworkManagerImpl.createIpRange (in the job): netmask valid (530 `Invalid netmask:`), the
    zone's Storage network exists (always: created with the zone), no overlap with the pod's management
    ranges nor with the pod's other storage ranges (431 in the job)."""
    pod = ctx.ref("pods", "podid")
    start = ctx.get("startip")
    end = ctx.get("endip") or start

    def work():
        netmask = ctx.get("netmask")
        if not valid_ip4(netmask) or netmask not in _NETMASKS:
            raise runtime_error(f"Invalid netmask:{netmask}")
        for (ps, pe) in _pod_ranges(pod):
            if _overlap(start, end, ps, pe):
                raise invalid_value("The Storage network Start IP and endIP address range overlap with private IP :"
                                    f"{ps}:{pe}")
        for r in ctx.store.all("storagenetworkipranges", podid=pod["id"]):
            if _overlap(start, end, r["startip"], r["endip"]):
                raise invalid_value("The Storage network Start IP and endIP address range overlap with private IP :"
                                    f"{r['startip']} - {r['endip']}")
        r = ctx.store.insert("storagenetworkipranges", {
            "podid": pod["id"], "zoneid": pod["zoneid"], "startip": start, "endip": end,
            "gateway": ctx.get("gateway"), "netmask": netmask, "vlan": ctx.int("vlan"), "networkid": None})
        return {"storagenetworkiprange": ctx.render(r)}
    for p in ("startip", "endip", "gateway"):
        if ctx.get(p) and not valid_ip4(ctx.get(p)):
            raise invalid_value(f"Please specify a valid {p}")  # emulator wording (the manager does not check)
    return AsyncResult(work, "StorageNetworkIpRange", None)


_NETMASKS = {str(ipaddress.IPv4Network(f"0.0.0.0/{n}").netmask) for n in range(0, 33)}


@command("deleteStorageNetworkIpRange")
def delete_storage_network_ip_range(ctx):
    r = ctx.ref("storagenetworkipranges", "id")
    return AsyncResult(lambda: (ctx.store.delete("storagenetworkipranges", r["id"]), {"success": True})[1],
                       "StorageNetworkIpRange", r["id"])


@command("listStorageNetworkIpRange")
def list_storage_network_ip_range(ctx):
    items = ctx.filtered("storagenetworkipranges", {"id": "id", "podid": "podid", "zoneid": "zoneid"})
    return ctx.list_response(items, "storagenetworkiprange")


def enable_zone_checks(ctx, zone):
    """ConfigurationManagerImpl.editZone, allocationstate=Enabled on a non-Edge zone: a physical network with
    Management traffic; Advanced without SG also one with Public traffic; no Storage traffic type -> one is added
    to the Management physical network with the Management labels. Errors: 431
    `Cannot enable this Zone since: <getDefaultPhysicalNetworkByZoneAndTrafficType message>`."""
    if zone.get("type") == "Edge":
        return
    try:
        mgmt = pn_with_traffic(ctx, zone["id"], "Management")
        if zone["networktype"] == "Advanced" and not zone.get("securitygroupsenabled"):
            pn_with_traffic(ctx, zone["id"], "Public")
        try:
            pn_with_traffic(ctx, zone["id"], "Storage")
        except ApiError:
            tt = ctx.store.first("traffictypes", physicalnetworkid=mgmt["id"], traffictype="Management")
            _insert_traffic_type(ctx, mgmt, "Storage", {k: tt.get(k) for k in (
                "kvmnetworklabel", "vmwarenetworklabel", "xennetworklabel", "hypervnetworklabel", "ovm3networklabel")}
                | {"vlan": tt.get("_vlan")}, "vlan")
    except ApiError as exc:
        raise invalid_value("Cannot enable this Zone since: " + exc.text) from None

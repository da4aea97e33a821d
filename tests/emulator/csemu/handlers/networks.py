"""Guest networks: createNetwork, updateNetwork, deleteNetwork, restartNetwork, listNetworks, and the
network life cycle the VMs and virtual routers need (implement, shutdown, guest and public IPs).

Sources (apache/cloudstack 4.18.0.0, commit 0574087284): NetworkServiceImpl.createGuestNetwork /
commitNetwork / searchForNetworks / updateGuestNetwork / restartNetwork / deleteNetwork,
NetworkOrchestrator.createGuestNetwork / setupNetwork / implementNetwork / destroyNetwork / restartNetwork /
rollingRestartRouters, CreateNetworkCmd.getPhysicalNetworkId, NetworkModelImpl.findPhysicalNetworkId /
canUseForDeploy / checkIp6Parameters, GuestNetworkGuru / DirectNetworkGuru.design,
ApiResponseHelper.createNetworkResponse, ConfigurationServerImpl / NetworkOrchestrator.configure (default
network offerings). Rules and sources: docs/emulator-guest.md.

Stored network fields are the API response names; internal ones: `_accountid` (owner account uuid),
`_domainmap` ({"domainid", "subdomainaccess"} for aclType Domain), `_vnet` (allocated guest VLAN of an
isolated network), `_sg` (security groups), `_ips` (guest IPs in use), `_rolling` (restart in progress).
"""
from __future__ import annotations

import ipaddress

from ..errors import ApiError, internal_error, invalid_value, runtime_error
from ..registry import HANDLERS, command
from ..store import now_str
from . import placement, scope
from .common import AsyncResult

for _name in ("createNetwork", "deleteNetwork", "listNetworks"):
    HANDLERS.pop(_name, None)  # shallow versions in physnet.py / isovm.py; this module owns them

VR_PROVIDERS = ("VirtualRouter", "VpcVirtualRouter")
SERVICE_NAMES = ("Vpn", "Dhcp", "Dns", "SourceNat", "PortForwarding", "Lb", "UserData", "StaticNat", "NetworkACL",
                 "Firewall", "Gateway", "SecurityGroup", "Connectivity", "BaremetalPxeService", "PrivateGateway")


# -- network offerings (handlers/offerings.py stores them, with the defaults of a fresh 4.18, at reset) ---------
def ensure_default_network_offerings(store):
    """Kept for its callers: handlers/offerings.py creates the default offerings of a fresh 4.18 at reset."""
    return store


def offering_services(off):
    """{service name: [provider names]} of an offering (handlers/offerings.py keeps them in `_services`,
    Gateway included; a seeded offering may carry the answer's `service` list instead)."""
    if off and off.get("_services") is not None:
        return {name: [p for p in provs if p] for name, provs in off["_services"].items()}
    out = {}
    for s in (off or {}).get("service") or []:
        out[s.get("name")] = [p.get("name") for p in (s.get("provider") or []) if p.get("name")]
    return out


def has_service(off, name):
    return name in offering_services(off)


def uses_vr(off):
    return any(p in VR_PROVIDERS for provs in offering_services(off).values() for p in provs)


def offering_system_only(off):
    return bool(off.get("_systemonly") or off.get("systemonly") or off.get("issystem"))


def offering_of(store, net):
    return store.get("networkofferings", net.get("networkofferingid")) or {}


def net_is_system(store, net):
    """A network made from a system-only offering (Public, Management, Control, Storage networks)."""
    off = offering_of(store, net)
    return bool(net.get("_systemonly")) if not off else offering_system_only(off)


def normalize_networks(ctx):
    """Networks seeded through the control endpoint get realistic defaults once (an Account network of the
    caller in the first zone; `issystem: true` marks a system network; `tags` become tag rows)."""
    store = ctx.store
    pending = [n for n in store.all("networks") if not n.get("_norm")]
    if not pending:
        return
    caller = scope.caller_account(ctx)
    own = scope.owner_fields(store, caller)
    zones = sorted(store.all("zones"), key=lambda z: z.get("_id", 0))
    for net in pending:
        net["_norm"] = True
        zone = store.get("zones", net.get("zoneid")) if net.get("zoneid") else (zones[0] if zones else None)
        net.setdefault("zoneid", zone["id"] if zone else None)
        net.setdefault("name", f"network-{net['_id']}")
        net.setdefault("displaytext", net["name"])
        if net.pop("issystem", False):
            net["_systemonly"] = True
        net.setdefault("type", None if net.get("_systemonly") else "Isolated")
        net.setdefault("traffictype", "Guest")
        net.setdefault("state", "Implemented" if net.get("type") != "Shared" else "Setup")
        if net.get("traffictype") == "Guest":
            net.setdefault("cidr", "10.1.1.0/24")
            net.setdefault("gateway", "10.1.1.1")
            net.setdefault("netmask", "255.255.255.0")
        net.setdefault("acltype", "Account")
        net.setdefault("broadcastdomaintype", "Vlan")
        for k in ("restartrequired", "redundantrouter", "strechedl2subnet", "isdefault", "specifyipranges"):
            net.setdefault(k, False)
        net.setdefault("displaynetwork", True)
        net.setdefault("created", now_str())
        net.setdefault("related", net["id"])
        if net.get("networkofferingname") and not net.get("networkofferingid"):
            off = next((o for o in store.all("networkofferings") if o.get("name") == net["networkofferingname"]), None)
            if off:
                net["networkofferingid"] = off["id"]
        if not net.get("_systemonly"):
            scope.default_owner(store, net, own)
        seeded = net.pop("tags", None)
        if seeded:
            pairs = seeded.items() if isinstance(seeded, dict) else [(t["key"], t["value"]) for t in seeded]
            for k, v in pairs:
                store.insert("tags", {"key": str(k), "value": str(v), "resourceid": net["id"], "resourcetype": "Network",
                                      "account": net.get("account"), "domainid": net.get("domainid"),
                                      "domain": net.get("domain")})


# -- helpers -------------------------------------------------------------------------------------------------
def zone_str(zone):
    """DataCenterVO.toString (4.18)."""
    return f'Zone {{"id": "{zone["_id"]}", "name": "{zone["name"]}", "uuid": "{zone["id"]}"}}'


def network_str(net):
    """NetworkVO.toString (4.18)."""
    off_id = net.get("_offering_long") or 0
    return f'Network {{"id": {net["_id"]}, "name": "{net.get("name")}", "uuid": "{net["id"]}", ' \
           f'"networkofferingid": {off_id}}}'


def _cidr(gateway, netmask):
    return ipaddress.IPv4Network(f"{gateway}/{netmask}", strict=False)


def _valid4(v):
    try:
        ipaddress.IPv4Address(str(v))
        return True
    except ValueError:
        return False


def _valid_netmask(v):
    if not _valid4(v):
        return False
    n = int(ipaddress.IPv4Address(v))
    inv = (~n) & 0xFFFFFFFF
    return (inv & (inv + 1)) == 0 and v != "0.0.0.0"


def _vnet_ranges(pn):
    out = []
    for part in str((pn or {}).get("vlan") or "").split(","):
        part = part.strip()
        if not part:
            continue
        lo, dummy, hi = part.partition("-")
        try:
            out.append((int(lo), int(hi or lo)))
        except ValueError:
            continue
    return out


def vnet_in_range(pn, tag):
    try:
        v = int(str(tag))
    except ValueError:
        return False
    return any(lo <= v <= hi for lo, hi in _vnet_ranges(pn))


def _vlan_value(vlan):
    v = str(vlan)
    return v.split("://", 1)[1] if "://" in v else v


def broadcast_uri(pn, vlan):
    if str(vlan).lower() in ("untagged", "vlan://untagged"):
        return "vlan://untagged"
    method = str((pn or {}).get("isolationmethods") or "VLAN").split(",", maxsplit=1)[0].strip().lower()
    scheme = "vxlan" if method == "vxlan" else "vlan"
    return f"{scheme}://{_vlan_value(vlan)}"


def network_domain_for(store, acl, owner, domainid, zone):
    """NetworkModelImpl.getDomainNetworkDomain / getAccountNetworkDomain, then
    "cs" + hex(owner id) + guest.domain.suffix (NetworkOrchestrator.createGuestNetwork)."""
    if acl == "Account" and owner and owner.get("networkdomain"):
        return owner["networkdomain"]
    dom_id = domainid if acl == "Domain" else (owner or {}).get("domainid")
    for did in scope.domain_ancestors(store, dom_id) if dom_id else []:
        d = store.get("domains", did)
        if d and d.get("networkdomain"):
            return d["networkdomain"]
    if zone.get("domain"):
        return zone["domain"]
    suffix = placement.setting(store, "guest.domain.suffix", zone["id"], "cloud.internal")
    return f"cs{int((owner or {}).get('_id') or 1):x}{suffix}"


# -- guest and public IP addresses ------------------------------------------------------------------------
def guest_ranges(store, net):
    rows = [v for v in store.all("vlans") if v.get("networkid") == net["id"] and v.get("startip")]
    return sorted(rows, key=lambda v: v.get("_id", 0))


def _used_ips(store, net):
    used = set(net.get("_ips") or [])
    for vm in store.all("virtualmachines"):
        for nic in vm.get("nic") or []:
            if nic.get("networkid") == net["id"] and nic.get("ipaddress"):
                used.add(nic["ipaddress"])
    for r in store.all("routers"):
        for nic in r.get("nic") or []:
            if nic.get("networkid") == net["id"] and nic.get("ipaddress"):
                used.add(nic["ipaddress"])
    return used


def _candidate_ips(store, net):
    if net.get("type") == "Shared" or guest_ranges(store, net):
        for r in guest_ranges(store, net):
            a, b = int(ipaddress.IPv4Address(r["startip"])), int(ipaddress.IPv4Address(r.get("endip") or r["startip"]))
            for n in range(a, b + 1):
                yield str(ipaddress.IPv4Address(n))
        return
    if net.get("cidr"):
        cidr = ipaddress.IPv4Network(net["cidr"], strict=False)
        for host in cidr.hosts():
            yield str(host)


def free_guest_ip_count(store, net, limit=1):
    used = _used_ips(store, net) | {net.get("gateway")}
    count = 0
    for ip in _candidate_ips(store, net):
        if ip not in used:
            count += 1
            if count >= limit:
                break
    return count


def allocate_guest_ip(store, net, requested=None):
    """IpAddressManagerImpl.acquireGuestIpAddress / assignPublicIpAddress(Direct): the requested address if
    free, else a free one (the real server picks a random free address; the emulator takes the lowest)."""
    used = _used_ips(store, net) | {net.get("gateway")}
    if requested:
        if requested in used or requested not in set(_candidate_ips(store, net)):
            raise ApiError(533, f"Unable to allocate the requested IP {requested} in network {net['name']}")  # emulator wording
        ip = requested
    else:
        ip = next((i for i in _candidate_ips(store, net) if i not in used), None)
        if ip is None:
            raise ApiError(533, "Insufficient address capacity")
    net.setdefault("_ips", []).append(ip)
    return ip


def release_guest_ip(net, ip):
    if ip and ip in (net.get("_ips") or []):
        net["_ips"].remove(ip)


def allocate_public_ip(store, zone, net, owner):
    """A source NAT address for an isolated network: the first free address of the zone's public ranges
    (IpAddressManagerImpl.assignSourceNatIpAddressToGuestNetwork); none free -> 533 Insufficient address capacity."""
    taken = {ip.get("ipaddress") for ip in store.all("publicipaddresses") if ip.get("zoneid") == zone["id"]}
    for v in sorted(store.all("vlans", zoneid=zone["id"]), key=lambda o: o.get("_id", 0)):
        if not v.get("forvirtualnetwork") or not v.get("startip"):
            continue
        a, b = int(ipaddress.IPv4Address(v["startip"])), int(ipaddress.IPv4Address(v.get("endip") or v["startip"]))
        for n in range(a, b + 1):
            ip = str(ipaddress.IPv4Address(n))
            if ip in taken:
                continue
            row = store.insert("publicipaddresses", {
                "ipaddress": ip, "allocated": now_str(), "zoneid": zone["id"], "zonename": zone["name"],
                "issourcenat": True, "isstaticnat": False, "issystem": False, "forvirtualnetwork": True,
                "vlanid": v["id"], "vlanname": v.get("vlan"), "associatednetworkid": net["id"],
                "associatednetworkname": net["name"], "networkid": v.get("networkid"),
                "physicalnetworkid": v.get("physicalnetworkid"), "state": "Allocated",
                "account": owner.get("account"), "domainid": owner.get("domainid"), "domain": owner.get("domain"),
                "_accountid": owner.get("_accountid"), "_gateway": v.get("gateway"), "_netmask": v.get("netmask"),
                "_vlan": v.get("vlan")})
            return row
    raise ApiError(533, "Insufficient address capacity")


def release_public_ips(store, net):
    for ip in store.all("publicipaddresses"):
        if ip.get("associatednetworkid") == net["id"]:
            store.delete("publicipaddresses", ip["id"])


def allocate_vnet(store, net, pn):
    """DataCenterDao.allocateVnet: the lowest free VLAN of the physical network's vnet range."""
    used = set()
    for n in store.all("networks"):
        if n.get("physicalnetworkid") == pn["id"] and n.get("broadcasturi"):
            used.add(_vlan_value(n["broadcasturi"]))
    for lo, hi in _vnet_ranges(pn):
        for v in range(lo, hi + 1):
            if str(v) not in used:
                return str(v)
    raise ApiError(533, f"Unable to allocate vnet as a part of network {network_str(net)} implement ", 4250)


# -- response ---------------------------------------------------------------------------------------------------
def _services_view(off):
    """ApiResponseHelper.createNetworkResponse: the offering's services (Gateway skipped) with providers; the
    capabilities the helper sets itself for SourceNat, StaticNat and Lb."""
    out = []
    for name, provs in offering_services(off).items():
        if name == "Gateway":
            continue
        caps = []
        if name == "SourceNat":
            caps = [{"name": "SupportedSourceNatTypes", "value": "peraccount", "canchooseservicecapability": True},
                    {"name": "RedundantRouter", "value": "false", "canchooseservicecapability": True}]
        elif name == "StaticNat":
            caps = [{"name": "ElasticIp", "value": "false", "canchooseservicecapability": False},
                    {"name": "AssociatePublicIP", "value": "true", "canchooseservicecapability": False}]
        elif name == "Lb":
            caps = [{"name": "ElasticLb", "value": "false", "canchooseservicecapability": False},
                    {"name": "InlineMode", "value": "false", "canchooseservicecapability": False}]
        out.append({"name": name, "capability": caps, "provider": [{"name": p} for p in provs]})
    return out


def can_use_for_deploy(store, net, off=None):
    """NetworkModelImpl.canUseForDeploy."""
    off = off if off is not None else offering_of(store, net)
    if net.get("traffictype") != "Guest":
        return False
    if net.get("type") == "L2" or not offering_services(off):
        return True
    if net.get("type") == "Shared":
        return not net.get("gateway") or free_guest_ip_count(store, net) > 0
    if not net.get("cidr"):
        return False
    return free_guest_ip_count(store, net) > 0


def network_view(ctx, net, tags=None):
    store = ctx.store
    off = offering_of(store, net)
    zone = store.get("zones", net.get("zoneid")) or {}
    out = {k: v for k, v in net.items() if not k.startswith("_")}
    out.update(zonename=zone.get("name"), networkofferingname=off.get("name") or net.get("networkofferingname"),
               networkofferingdisplaytext=off.get("displaytext") or net.get("networkofferingdisplaytext"),
               networkofferingconservemode=off.get("conservemode", net.get("networkofferingconservemode")),
               networkofferingavailability=off.get("availability") or net.get("networkofferingavailability"),
               ispersistent=bool(off.get("ispersistent", net.get("ispersistent"))),
               issystem=net_is_system(store, net), service=_services_view(off),
               canusefordeploy=can_use_for_deploy(store, net, off))
    out["dns1"] = net.get("dns1") or zone.get("dns1")
    out["dns2"] = net.get("dns2") or zone.get("dns2")
    if net.get("ip6cidr") or net.get("ip6dns1") or net.get("ip6dns2"):
        out["ip6dns1"] = net.get("ip6dns1") or zone.get("ip6dns1")
        out["ip6dns2"] = net.get("ip6dns2") or zone.get("ip6dns2")
    if net.get("type") == "Isolated" and not net.get("vpcid"):
        out["egressdefaultpolicy"] = bool(off.get("egressdefaultpolicy", True))
    if net.get("broadcasturi"):
        scheme = net["broadcasturi"].split("://", 1)[0].lower()
        out["vlan"] = _vlan_value(net["broadcasturi"]) if scheme in ("vlan", "vxlan") else "N/A"
    else:
        out.pop("vlan", None)
    if net.get("acltype") == "Domain":
        dmap = net.get("_domainmap") or {}
        dom = store.get("domains", dmap.get("domainid")) if dmap.get("domainid") else None
        out.pop("account", None)
        out["domainid"] = dom["id"] if dom else None
        out["domain"] = dom["name"] if dom else None
        out["subdomainaccess"] = dmap.get("subdomainaccess")
    else:
        out.pop("subdomainaccess", None)
    if tags is not None:
        out["tags"] = tags.get(net["id"], [])
    return out


# -- createNetwork -------------------------------------------------------------------------------------------
def _find_physical_network(ctx, zone, off):
    """NetworkModelImpl.findPhysicalNetworkId(zone, offering tags, traffic type)."""
    store = ctx.store
    pns = [p for p in store.all("physicalnetworks", zoneid=zone["id"])
           if store.first("traffictypes", physicalnetworkid=p["id"], traffictype=off.get("traffictype") or "Guest")]
    if not pns:
        raise invalid_value(f"Unable to find physical network in zone id={zone['_id']}")
    if len(pns) == 1:
        return pns[0]
    tag = off.get("tags")
    found = None
    for p in sorted(pns, key=lambda o: o.get("_id", 0)):
        ptags = [t for t in str(p.get("tags") or "").split(",") if t]
        if tag is None and not ptags:
            if found is not None:
                raise runtime_error(f"There is more than 1 physical network with empty tag in the zone id={zone['_id']}")
            found = p
        elif tag is not None and tag in ptags:
            return p
    if found is None:
        raise invalid_value(f"Unable to find physical network which match the tags {tag}")
    return found


def _check_ip6(start, end, gw, cidr):
    """NetworkModelImpl.checkIp6Parameters."""
    if not gw or not cidr:
        raise invalid_value("ip6Gateway and ip6Cidr should be defined for an IPv6 network work properly")
    try:
        gwa = ipaddress.IPv6Address(gw)
    except ValueError:
        raise invalid_value("Invalid ip6Gateway") from None
    try:
        net6 = ipaddress.IPv6Network(cidr, strict=False)
    except ValueError:
        raise invalid_value("Invalid ip6cidr") from None
    if gwa not in net6:
        raise invalid_value("ip6Gateway is not in ip6cidr indicated network!")
    for label, value in (("startIPv6", start), ("endIPv6", end)):
        if value is None:
            continue
        try:
            a = ipaddress.IPv6Address(value)
        except ValueError:
            raise invalid_value(f"Invalid format for the {label} parameter") from None
        if a not in net6:
            raise invalid_value(f"{label} is not in ip6cidr indicated network!")
    if net6.prefixlen < 64:
        raise invalid_value("The cidr size of IPv6 network must be 64 bits!")


def _check_range_overlap(ctx, zone, net_vlan, start, end, gateway, netmask):
    """ConfigurationManagerImpl.createVlanAndPublicIpRange (checkZoneVlanIpOverlap) for the range made with a
    shared network: same VLAN and subnet -> same gateway/netmask and no overlapping addresses."""
    cidr = _cidr(gateway, netmask)
    tag = _vlan_value(net_vlan or "untagged").lower()
    a, b = int(ipaddress.IPv4Address(start)), int(ipaddress.IPv4Address(end))
    for other in ctx.store.all("vlans", zoneid=zone["id"]):
        if not other.get("gateway") or not other.get("netmask") or not other.get("startip"):
            continue
        try:
            ocidr = _cidr(other["gateway"], other["netmask"])
        except ValueError:
            continue
        if not cidr.overlaps(ocidr) or _vlan_value(other.get("vlan") or "untagged").lower() != tag:
            continue
        if gateway != other["gateway"] or netmask != other["netmask"]:
            raise invalid_value(f"The IP range has already been added with gateway {other['gateway']} ,and netmask "
                                f"{other['netmask']}, Please specify the gateway/netmask if you want to extend ip range")
        oa = int(ipaddress.IPv4Address(other["startip"]))
        ob = int(ipaddress.IPv4Address(other.get("endip") or other["startip"]))
        if a <= ob and oa <= b:
            raise invalid_value("The IP range already has IPs that overlap with the new range. Please specify a "
                                "different start IP/end IP.")


@command("createNetwork")
def create_network(ctx):
    """NetworkServiceImpl.createGuestNetwork -> commitNetwork -> NetworkOrchestrator.createGuestNetwork (sync)."""
    store = ctx.store
    ensure_default_network_offerings(store)
    off = store.get("networkofferings", ctx.get("networkofferingid"))
    if off is None:
        from .common import UUID_MSG
        raise ApiError(431, UUID_MSG.format(cmd="createnetwork", name="networkofferingid",
                                            value=ctx.get("networkofferingid")))
    caller = scope.caller_account(ctx)
    gtype = off.get("guestiptype")
    # CreateNetworkCmd.getPhysicalNetworkId / getZoneId
    zone = ctx.ref("zones", "zoneid")
    pn = None
    if ctx.has("physicalnetworkid"):
        if gtype != "Shared":
            raise invalid_value("Physical network ID can be specified for networks of guest IP type Shared only.")
        pn = store.get("physicalnetworks", ctx.get("physicalnetworkid"))
        if pn is None:
            raise invalid_value("Unable to find a physical network having the specified physical network id")
    else:
        pn = _find_physical_network(ctx, zone, off)
    if offering_system_only(off):
        raise invalid_value("Unable to find network offering by specified id")
    owner = caller
    if (ctx.has("account") and ctx.has("domainid")) or ctx.has("projectid"):
        owner = scope.finalize_owner(ctx)
    if zone.get("allocationstate") == "Disabled" and not scope.is_root_admin(caller):
        raise scope.permission_denied("Cannot perform this operation since specified Zone is currently disabled")
    acl_raw = ctx.get("acltype")
    if acl_raw is not None:
        if acl_raw.lower() == "account":
            acl = "Account"
        elif acl_raw.lower() == "domain":
            acl = "Domain"
        else:
            raise invalid_value("Incorrect aclType specified. Check the API documentation for supported types")
        if gtype == "Isolated" and acl != "Account":
            raise invalid_value("AclType should be Account for network of type Isolated")
    elif gtype in ("Isolated", "L2"):
        acl = "Account"
    elif scope.is_root_admin(caller):
        acl = "Domain"
    elif scope.account_type(caller) == scope.NORMAL:
        acl = "Account"
    else:
        raise invalid_value("AclType must be specified for shared network created by domain admin")
    router_ip, router_ip6 = ctx.get("routerip"), ctx.get("routeripv6")
    if gtype != "Shared" and (router_ip or router_ip6):
        raise invalid_value("Router IP can be specified only for Shared networks")
    if gtype == "Shared" and not uses_vr(off) and (router_ip or router_ip6):
        raise invalid_value("Virtual Router is not a supported provider for the Shared network, hence router ip should "
                            "not be provided")
    domainid = ctx.get("domainid")
    subdomain = ctx.bool("subdomainaccess")
    if acl == "Domain":
        if not scope.is_admin(caller):
            raise scope.permission_denied("Only admin can create networks with aclType=Domain")
        if gtype != "Shared":
            raise invalid_value("Only Shared networks can have aclType=Domain")
        if domainid is not None and store.get("domains", domainid) is None:
            raise invalid_value("Unable to find domain by specified id")
        owner = scope.system_account(store)
    elif subdomain is not None:
        raise invalid_value("Parameter subDomainAccess can be specified only with aclType=Domain")
    name = ctx.get("name")
    if str(placement.setting(store, "allow.duplicate.networkname", default="true")).lower() == "false":
        if any(n.get("_accountid") == owner["id"] and scope.ieq(n.get("name"), name) for n in store.all("networks")):
            raise invalid_value(f"Another network with same name already exists within account: {owner['name']}")
    gateway, netmask = ctx.get("gateway"), ctx.get("netmask")
    start, end = ctx.get("startip"), ctx.get("endip")
    start6, end6 = ctx.get("startipv6"), ctx.get("endipv6")
    gw6, cidr6 = ctx.get("ip6gateway"), ctx.get("ip6cidr")
    ipv4 = bool(gateway and netmask)
    ipv6 = bool(cidr6 and gw6)
    if gateway is not None:
        try:
            addr = ipaddress.ip_address(gateway)
            if addr.version == 6:
                ipv6 = True
            else:
                ipv4 = True
        except ValueError:
            raise invalid_value("Gateway parameter is invalid") from None
    vpcid = ctx.get("vpcid")
    if gtype == "Shared" and vpcid is None and \
            str(placement.setting(store, "allow.empty.start.end.ipaddress", default="true")).lower() == "false" and \
            start is None and end is None and start6 is None and end6 is None:
        raise invalid_value("Either IPv4 or IPv6 start and end address are mandatory")
    cidr = None
    if ipv4:
        if start is not None:
            if not _valid4(start):
                raise invalid_value("Invalid format for the startIp parameter")
            if end is None:
                end = start
            elif not _valid4(end):
                raise invalid_value("Invalid format for the endIp parameter")
            if not (gateway and netmask):
                raise invalid_value("gateway and netmask should be defined when startIP/endIP are passed in")
        if gateway and netmask:
            if _valid4(gateway) and _valid_netmask(netmask):
                c = _cidr(gateway, netmask)
                if c.prefixlen < 31 and gateway in (str(c.network_address), str(c.broadcast_address)):
                    raise invalid_value("Invalid gateway IP provided. Either the IP is broadcast or network IP.")
            if not _valid4(gateway):
                raise invalid_value("Invalid gateway")
            if not _valid_netmask(netmask):
                raise invalid_value("Invalid netmask")
            cidr = str(_cidr(gateway, netmask))
    if ipv6:
        end6 = end6 or start6
        _check_ip6(start6, end6, gw6, cidr6)
        if zone.get("networktype") != "Advanced" or gtype != "Shared":
            raise invalid_value("Can only support create IPv6 network with advance shared network!")
        if not any((ctx.get("ip6dns1"), ctx.get("ip6dns2"), zone.get("ip6dns1"), zone.get("ip6dns2"))):
            raise invalid_value("Can only create IPv6 network if the zone has IPv6 DNS! Please configure the zone IPv6 "
                                "DNS1 and/or IPv6 DNS2.")
        if not ipv4 and gtype == "Shared" and uses_vr(off):
            raise invalid_value("Currently IPv6-only Shared network with Virtual Router provider is not supported.")
    vlan = ctx.get("vlan")
    bypass = bool(ctx.bool("bypassvlanoverlapcheck", False))
    if gtype == "Shared" and not off.get("specifyvlan") and vlan is not None:
        raise invalid_value("Cannot specify vlanId when create a network from network offering with specifyvlan=false")
    if not scope.is_root_admin(caller) and (off.get("specifyvlan") or vlan is not None or bypass):
        raise invalid_value("Only ROOT admin is allowed to specify vlanId or bypass vlan overlap check")
    advanced = zone.get("networktype") == "Advanced"
    isolated_without_snat = gtype == "Isolated" and not has_service(off, "SourceNat")
    create_vlan = bool(start and end and advanced and (gtype == "Shared" or isolated_without_snat))
    if not create_vlan and ipv6 and gtype != "Isolated":
        create_vlan = True
    if create_vlan and not off.get("specifyipranges"):
        raise invalid_value("Network offering with specified id doesn't support adding multiple ip ranges")
    dns = {k: ctx.get(k) for k in ("dns1", "dns2", "ip6dns1", "ip6dns2")}
    if any(v is not None for v in dns.values()):
        if gtype == "L2":
            raise invalid_value("DNS can not be specified L2 networks")
        if vpcid is not None:
            raise invalid_value("DNS can not be specified for a VPC tier")
        if not has_service(off, "Dns"):
            raise invalid_value("DNS can not be specified for networks with network offering that do not support DNS "
                                "service")
    if not ipv6 and (dns["ip6dns1"] or dns["ip6dns2"]):
        raise invalid_value("IPv6 DNS cannot be specified for IPv4 only network")
    if vpcid is not None and not off.get("forvpc"):
        raise invalid_value("Network offering can't be used for VPC networks")
    if vpcid is None and off.get("forvpc"):
        raise invalid_value("Network offering can be used for VPC networks only")
    return _orchestrate_create(ctx, zone, pn, off, owner, acl, domainid, subdomain, name, vlan, bypass, gateway,
                               netmask, cidr, start, end, gw6, cidr6, start6, end6, create_vlan, dns, router_ip, vpcid)


def _orchestrate_create(ctx, zone, pn, off, owner, acl, domainid, subdomain, name, vlan, bypass, gateway, netmask,
                        cidr, start, end, gw6, cidr6, start6, end6, create_vlan, dns, router_ip, vpcid):
    """NetworkOrchestrator.createGuestNetwork + commitNetwork (domain map, vnet for shared without specifyvlan)."""
    store = ctx.store
    gtype = off.get("guestiptype")
    if off.get("state") != "Enabled":
        raise invalid_value("Can't use specified network offering id as its state is not Enabled")
    if pn.get("state") != "Enabled":
        raise invalid_value(f"Specified physical network id is in incorrect state:{pn.get('state')}")
    basic = zone.get("networktype") == "Basic"
    is_domain_specific = acl == "Domain"
    shared_domain = None
    if is_domain_specific:
        if domainid is not None:
            shared_domain = domainid
        else:
            root = next((d for d in store.all("domains") if d.get("_id") == 1 or d.get("name") == "ROOT"), None)
            shared_domain = root["id"] if root else None
            subdomain = True
    if basic:
        if acl != "Domain":
            raise invalid_value("Only AclType=Domain can be specified for network creation in Basic zone")
        if any(n.get("traffictype") == "Guest" for n in store.all("networks", zoneid=zone["id"])):
            raise invalid_value("Can't have more than one Guest network in zone with network type Basic")
        if not (gtype == "Shared" and not has_service(off, "SourceNat")):
            raise invalid_value("For zone of type Basic only offerings of guestType Shared with disabled SourceNat "
                                "service are allowed")
        root = store.get("domains", shared_domain) if shared_domain else None
        if root is None or root.get("_id") != 1:
            raise invalid_value("Guest network in Basic zone should be dedicated to ROOT domain")
        if subdomain is None:
            subdomain = True
        elif not subdomain:
            raise invalid_value("Subdomain access should be set to true for the guest network in the Basic zone")
        if vlan is None:
            vlan = "untagged"
        elif vlan.lower() != "untagged":
            raise invalid_value("Only vlan untagged can be created in the zone of type Basic")
    elif zone.get("securitygroupsenabled"):
        if gtype not in ("Shared", "L2"):
            raise invalid_value("Only shared guest network can be created in security group enabled zone")
        if has_service(off, "SourceNat"):
            raise invalid_value("Service SourceNat is not allowed in security group enabled zone")
    if vlan is None and not off.get("specifyvlan") and gtype == "Shared" and create_vlan:
        vlan = allocate_vnet(store, {"_id": 0, "id": "", "name": name}, pn)  # commitNetwork: allocateVnet
        specified = False
    else:
        specified = vlan is not None
        if specified != bool(off.get("specifyvlan")):
            if specified:
                if not (gtype == "Shared" and not off.get("specifyvlan")):
                    raise invalid_value("Can't specify vlan; corresponding offering says specifyVlan=false")
            else:
                raise invalid_value("Vlan has to be specified; corresponding offering says specifyVlan=true")
    uri = None
    if vlan is not None:
        uri = broadcast_uri(pn, vlan)
        if gtype == "Shared" and not off.get("specifyvlan"):
            bypass = True
        if not (bypass and gtype == "Shared") and vnet_in_range(pn, _vlan_value(vlan)):
            raise invalid_value(f"The VLAN tag to use for new guest network, {vlan} is already being used for dynamic "
                                f"vlan allocation for the guest network in zone {zone['name']}")
        same = [n for n in store.all("networks", zoneid=zone["id"]) if n.get("broadcasturi") == uri]
        if not (bypass and gtype != "Isolated"):
            if same:
                raise invalid_value(f"Network with vlan {vlan} already exists or overlaps with other network vlans in "
                                    f"zone {zone['_id']}")
        elif not bypass and any(n.get("type") == "Isolated" for n in same):
            raise invalid_value(f"There is an existing isolated/shared network that overlaps with vlan id:{vlan} in "
                                f"zone {zone['_id']}")
    network_domain = ctx.get("networkdomain")
    if has_service(off, "Dns") and any(p in VR_PROVIDERS for p in offering_services(off).get("Dns", [])):
        if network_domain is None:
            network_domain = network_domain_for(store, acl, owner, shared_domain, zone)
        elif not _valid_domain_name(network_domain):
            raise invalid_value("Invalid network domain. Total length shouldn't exceed 190 chars. Each domain label must "
                                "be between 1 and 63 characters long, can contain ASCII letters 'a' through 'z', the "
                                "digits '0' through '9', and the hyphen ('-'); can't start or end with \"-\"")
    elif has_service(off, "Dns") and network_domain is not None:
        raise invalid_value(f"Domain name change is not supported by network offering id={off.get('_id')} in zone id="
                            f"{zone['_id']}")
    cidr_required = not basic and (gtype == "Shared" or (gtype == "Isolated" and not has_service(off, "SourceNat")
                                                         and not has_service(off, "Gateway")))
    if cidr is None and cidr6 is None and cidr_required:
        if gtype == "Shared":
            raise invalid_value("Gateway/netmask are required when creating Shared networks.")
        raise invalid_value("gateway/netmask are required when create network of type Isolated with service SourceNat "
                            "disabled")
    if basic and cidr is not None:
        raise invalid_value("StartIp/endIp/gateway/netmask can't be specified for zone of type Basic")
    if cidr is not None and gtype == "Isolated" and not ipaddress.IPv4Network(cidr).is_private and \
            not ipaddress.IPv4Network(cidr).subnet_of(ipaddress.IPv4Network("100.64.0.0/10")):
        raise invalid_value(f"Virtual Guest Cidr {cidr} is not RFC 1918 or 6598 compliant")
    if create_vlan and start:
        _check_range_overlap(ctx, zone, vlan, start, end or start, gateway, netmask)
    if gtype == "Isolated" and cidr is None:
        zcidr = zone.get("guestcidraddress") or "10.1.1.0/24"
        net4 = ipaddress.IPv4Network(zcidr, strict=False)
        cidr, gateway, netmask = str(net4), str(next(net4.hosts())), str(net4.netmask)
    state = "Allocated"
    if gtype == "Shared" and (uri is not None or basic):
        state = "Setup"
    elif gtype == "L2" and uri is not None:
        state = "Setup"
    btype = "Vlan"
    if uri == "vlan://untagged":
        btype = "Native"
    elif uri and uri.startswith("vxlan://"):
        btype = "Vxlan"
    domain_fields = scope.owner_fields(store, owner)
    net = store.insert("networks", {
        "name": name, "displaytext": ctx.get("displaytext") or name, "zoneid": zone["id"],
        "physicalnetworkid": pn["id"], "networkofferingid": off["id"], "traffictype": "Guest", "type": gtype,
        "state": state, "acltype": acl, "broadcastdomaintype": btype, "broadcasturi": uri,
        "gateway": gateway if cidr else None, "netmask": netmask if cidr else None, "cidr": cidr,
        "ip6gateway": gw6, "ip6cidr": cidr6, "networkdomain": network_domain,
        "dns1": dns.get("dns1"), "dns2": dns.get("dns2"), "ip6dns1": dns.get("ip6dns1"), "ip6dns2": dns.get("ip6dns2"),
        "specifyipranges": bool(off.get("specifyipranges")), "displaynetwork": ctx.bool("displaynetwork", True),
        "restartrequired": False, "redundantrouter": False, "strechedl2subnet": False, "isdefault": False,
        "externalid": ctx.get("externalid"), "created": now_str(), "hasannotations": False,
        "publicmtu": ctx.int("publicmtu") or 1500, "privatemtu": ctx.int("privatemtu") or 1500,
        "receivedbytes": 0, "sentbytes": 0, "details": {}, "supportsvmautoscaling": gtype == "Isolated",
        **domain_fields, "_offering_long": off.get("_id"), "_sg": bool(off.get("_sg") or has_service(off, "SecurityGroup")),
        "_routerip": router_ip, "_ips": [], "vpcid": vpcid,
        "_domainmap": {"domainid": shared_domain, "subdomainaccess": True if subdomain is None else bool(subdomain)}
        if is_domain_specific else None,
    })
    net["related"] = net["id"]
    if create_vlan and (start or start6):
        store.insert("vlans", {
            "zoneid": zone["id"], "physicalnetworkid": pn["id"], "vlan": vlan or "untagged",
            "startip": start, "endip": end or start, "gateway": gateway if start else None,
            "netmask": netmask if start else None, "cidr": cidr if start else None, "forvirtualnetwork": False,
            "forsystemvms": False, "networkid": net["id"], "ip6gateway": gw6, "ip6cidr": cidr6, "startipv6": start6,
            "endipv6": end6, "account": None, "domainid": None, "_traffic": "Guest"})
    if off.get("ispersistent"):
        implement_network(ctx, net)
    return {"network": ctx.render(network_view(ctx, net, {}))}


def _valid_domain_name(name):
    """NetUtils.verifyDomainName."""
    if not name or len(name) > 190:
        return False
    for label in name.split("."):
        if not 1 <= len(label) <= 63 or label.startswith("-") or label.endswith("-"):
            return False
        if not all(c.isalnum() and c.isascii() or c == "-" for c in label):
            return False
    return True


# -- life cycle: implement / shutdown -------------------------------------------------------------------------
def implement_network(ctx, net):
    """NetworkOrchestrator.implementNetwork: an Allocated isolated network gets a VLAN from the physical network
    (and a source NAT address when the offering has SourceNat) and becomes Implemented; the virtual router is
    deployed for offerings whose services the VirtualRouter provides (VirtualRouterElement.implement/prepare)."""
    from . import routers  # pylint: disable=import-outside-toplevel
    store = ctx.store
    off = offering_of(store, net)
    zone = store.get("zones", net["zoneid"])
    if net.get("state") == "Allocated":
        pn = store.get("physicalnetworks", net.get("physicalnetworkid"))
        if net.get("type") in ("Isolated", "L2") and not net.get("broadcasturi"):
            vnet = allocate_vnet(store, net, pn)
            net["broadcasturi"] = broadcast_uri(pn, vnet)
            net["_vnet"] = vnet
        net["state"] = "Implemented"
        if has_service(off, "SourceNat") and not any(
                ip.get("associatednetworkid") == net["id"] and ip.get("issourcenat")
                for ip in store.all("publicipaddresses")):
            owner = {k: net.get(k) for k in ("account", "domainid", "domain", "_accountid")}
            allocate_public_ip(store, zone, net, owner)
    if uses_vr(off) and not routers.routers_of(store, net):
        routers.deploy_router(ctx, net)
    return net


def shutdown_network(ctx, net):
    """NetworkOrchestrator.shutdownNetwork: routers destroyed; an isolated network releases its VLAN and source
    NAT address and goes back to Allocated (shared networks stay Setup)."""
    from . import routers  # pylint: disable=import-outside-toplevel
    store = ctx.store
    for r in routers.routers_of(store, net):
        routers.expunge_router(ctx, r)
    if net.get("state") == "Implemented" and net.get("type") in ("Isolated", "L2") and net.get("_vnet"):
        net["broadcasturi"] = None
        net.pop("_vnet", None)
        net["state"] = "Allocated"
        release_public_ips(store, net)


def active_user_vms(store, net):
    return [vm for vm in store.all("virtualmachines")
            if any(n.get("networkid") == net["id"] for n in vm.get("nic") or [])]


# -- updateNetwork -------------------------------------------------------------------------------------------
@command("updateNetwork")
def update_network(ctx):
    """NetworkServiceImpl.updateGuestNetwork (async; the changes apply in the job)."""
    store = ctx.store
    net = ctx.ref("networks", "id")
    off_new = None
    if ctx.has("networkofferingid"):
        off_new = store.get("networkofferings", ctx.get("networkofferingid"))

    def work():
        if net.get("state") == "Destroy":
            raise invalid_value("Don't allow to update network in state Destroy")
        old = offering_of(store, net)
        if offering_system_only(old):
            raise invalid_value("Can't update system networks")
        if net.get("traffictype") != "Guest":
            raise invalid_value("Can't allow networks which traffic type is not Guest")
        if ctx.has("name"):
            net["name"] = ctx.get("name")
        if ctx.has("displaytext"):
            net["displaytext"] = ctx.get("displaytext")
        if ctx.has("displaynetwork"):
            net["displaynetwork"] = ctx.bool("displaynetwork")
        domain_suffix = ctx.get("networkdomain")
        if (off_new is not None or domain_suffix is not None) and net.get("type") != "Isolated":
            raise invalid_value("NetworkOffering and domain suffix upgrade can be perfomed for Isolated networks only")
        restart = False
        if ctx.has("networkofferingid"):
            if off_new is None or offering_system_only(off_new):
                raise invalid_value("Unable to find network offering with specified id")
            if off_new.get("state") != "Enabled":
                raise invalid_value("Network offering with specified id is not in Enabled state, can't upgrade to it")
            if bool(off_new.get("forvpc")) != bool(old.get("forvpc")):
                raise invalid_value("Can't update as the new offering is " +
                                    ("a vpc offering " if off_new.get("forvpc") else "not a vpc offering"))
            if off_new["id"] != old.get("id"):
                if off_new.get("guestiptype") != old.get("guestiptype") or \
                        off_new.get("traffictype") != old.get("traffictype") or \
                        has_service(old, "SourceNat") != has_service(off_new, "SourceNat") and net.get("state") != "Allocated":
                    raise invalid_value(f"Can't upgrade from network offering {old.get('id')} to {off_new['id']}; check "
                                        "logs for more information")
                net["networkofferingid"] = off_new["id"]
                net["_offering_long"] = off_new.get("_id")
                restart = True
        cur = offering_of(store, net)
        dns = {k: ctx.get(k) for k in ("dns1", "dns2", "ip6dns1", "ip6dns2")}
        if any(v is not None for v in dns.values()):
            if not has_service(cur, "Dns"):
                raise invalid_value("DNS can not be specified for networks with network offering that do not support "
                                    "DNS service")
            for k, v in dns.items():
                if v is not None:
                    net[k] = v.strip() or None
            restart = True
        if domain_suffix is not None:
            if not _valid_domain_name(domain_suffix):
                raise invalid_value("Invalid network domain. Total length shouldn't exceed 190 chars. Each domain label "
                                    "must be between 1 and 63 characters long, can contain ASCII letters 'a' through "
                                    "'z', the digits '0' through '9', and the hyphen ('-'); can't start or end with \"-\"")
            if not any(p in VR_PROVIDERS for p in offering_services(cur).get("Dns", [])):
                raise invalid_value(f"Domain name change is not supported by the network offering id="
                                    f"{ctx.get('networkofferingid')}")
            net["networkdomain"] = domain_suffix
            restart = True
        if ctx.has("guestvmcidr"):
            _apply_guest_vm_cidr(ctx, net, off_new is not None)
        for k in ("publicmtu", "privatemtu"):
            if ctx.has(k):
                net[k] = ctx.int(k)
        if restart and net.get("state") == "Implemented":
            _restart_routers(ctx, net, cleanup=False)
        return {"network": ctx.render(network_view(ctx, net, _tags(ctx)))}
    return AsyncResult(work, "Network", net["id"])


def _apply_guest_vm_cidr(ctx, net, offering_changed):
    zone = ctx.store.get("zones", net["zoneid"]) or {}
    value = ctx.get("guestvmcidr")
    if zone.get("networktype") == "Basic":
        raise invalid_value("Guest VM CIDR can't be specified for zone with Basic networking")
    if net.get("type") != "Isolated":
        raise invalid_value("Can only allow IP Reservation in networks with guest type Isolated")
    if offering_changed:
        raise invalid_value("Cannot specify this network offering change and guestVmCidr at same time. Specify only one.")
    if net.get("state") != "Implemented":
        raise invalid_value(f"The network must be in Implemented state. IP Reservation cannot be applied in "
                            f"{net.get('state')} state")
    try:
        new = ipaddress.IPv4Network(value, strict=False)
    except ValueError:
        raise invalid_value("Invalid format of Guest VM CIDR.") from None
    base = ipaddress.IPv4Network(net.get("networkcidr") or net["cidr"], strict=False)
    if not new.subnet_of(base):
        raise invalid_value(f"Invalid value of Guest VM CIDR. For IP Reservation, Guest VM CIDR  should be a subset of "
                            f"network CIDR : {base}")
    net.setdefault("networkcidr", net["cidr"])
    net["cidr"] = str(new)


def _tags(ctx):
    out = {}
    for t in ctx.store.all("tags"):
        if t.get("resourcetype") == "Network":
            out.setdefault(t["resourceid"], []).append(
                {k: t.get(k) for k in ("key", "value", "resourcetype", "resourceid", "account", "domainid", "domain")})
    return out


# -- deleteNetwork / restartNetwork ------------------------------------------------------------------------------
@command("deleteNetwork")
def delete_network(ctx):
    """NetworkServiceImpl.deleteNetwork -> NetworkOrchestrator.destroyNetwork (async). Any user VM with a NIC in the
    network that is not expunged (Destroyed included) makes destroyNetwork return false -> 530 Failed to delete
    network; otherwise the network is shut down (routers destroyed), its IP ranges removed and it is gone."""
    store = ctx.store
    net = ctx.ref("networks", "id")
    forced = ctx.bool("forced", False)
    caller = scope.caller_account(ctx)
    if offering_system_only(offering_of(store, net)):
        raise invalid_value("Network with specified id is system and can't be removed")
    if forced and not scope.is_root_admin(caller):
        raise invalid_value("Delete network with 'forced' option can only be called by root admins")

    def work():
        if store.get("networks", net["id"]) is None:
            raise invalid_value("unable to find network with specified id")  # emulator wording
        if active_user_vms(store, net):
            raise internal_error("Failed to delete network")
        shutdown_network(ctx, net)
        for v in store.all("vlans"):
            if v.get("networkid") == net["id"]:
                store.delete("vlans", v["id"])
        release_public_ips(store, net)
        for t in store.all("tags", resourceid=net["id"]):
            store.delete("tags", t["id"])
        store.delete("networks", net["id"])
        net["state"] = "Destroy"
        return {"success": True}
    return AsyncResult(work, "Network", net["id"])


def _restart_routers(ctx, net, cleanup):
    """NetworkOrchestrator.restartNetwork: cleanup=true -> rollingRestartRouters (stopped/errored routers destroyed,
    a new router deployed, the old ones stopped and destroyed: new router ids); cleanup=false -> the network's
    elements re-implemented (a missing router is deployed, existing ones are kept)."""
    from . import routers  # pylint: disable=import-outside-toplevel
    store = ctx.store
    off = offering_of(store, net)
    old = routers.routers_of(store, net)
    if cleanup:
        for r in list(old):
            if r.get("state") in ("Stopped", "Error", "Shutdown", "Unknown"):
                routers.expunge_router(ctx, r)
                old.remove(r)
        if uses_vr(off):
            routers.deploy_router(ctx, net)
        for r in old:
            routers.expunge_router(ctx, r)
    else:
        if uses_vr(off) and not routers.routers_of(store, net):
            routers.deploy_router(ctx, net)
    net["restartrequired"] = False


@command("restartNetwork")
def restart_network(ctx):
    """NetworkServiceImpl.restartNetwork (async): only Implemented or Setup networks; a VPC tier cannot be restarted
    with cleanup; makeredundant needs an offering with RedundantRouter; cleanup disables livepatch."""
    store = ctx.store
    net = ctx.ref("networks", "id")
    cleanup = bool(ctx.bool("cleanup", False))
    if net.get("vpcid") and cleanup:
        raise invalid_value("Cannot restart a VPC tier with cleanup, please restart the whole VPC.")

    def work():
        if net.get("state") not in ("Implemented", "Setup"):
            raise invalid_value("Network is not in the right state to be restarted. Correct states are: Implemented, "
                                "Setup")
        if ctx.bool("makeredundant", False) and not net.get("redundantrouter"):
            raise invalid_value(f"Redundant router is not supported by the network offering "
                                f"{offering_of(store, net).get('name')}")
        zone = store.get("zones", net["zoneid"])
        try:
            _restart_routers(ctx, net, cleanup)
        except ApiError:
            net["restartrequired"] = True
            raise internal_error("Failed to restart network") from None
        if zone is None:
            raise internal_error("Failed to restart network")
        return {"success": True}
    return AsyncResult(work, "Network", net["id"])


# -- listNetworks -------------------------------------------------------------------------------------------------
NETWORK_FILTERS = ("All", "Account", "Domain", "AccountDomain", "Shared", "Vpc")


def _is_project_net(store, net):
    acct = store.get("accounts", net.get("_accountid")) if net.get("_accountid") else None
    return scope.account_type(acct) == scope.PROJECT or bool(net.get("projectid"))


def _domain_level(store, nets, domainid, parents_only):
    """listDomainLevelNetworks(domainId, parentDomainsOnly): Domain networks mapped to the domain or, with
    subdomain access, to one of its parents."""
    parents = set(scope.domain_ancestors(store, domainid))
    out = []
    for n in nets:
        dmap = n.get("_domainmap") or {}
        did = dmap.get("domainid")
        if n.get("acltype") != "Domain" or did not in parents:
            continue
        if did == domainid and parents_only:
            continue
        if did == domainid or dmap.get("subdomainaccess", True):
            out.append(n)
    return out


def _domain_path_set(store, domainid, recursive):
    if recursive:
        return {d["id"] for d in store.all("domains") if scope.in_subtree(store, d["id"], domainid)}
    return {domainid}


@command("listNetworks")
def list_networks(ctx):
    """NetworkServiceImpl.searchForNetworks (4.18)."""
    store = ctx.store
    ensure_default_network_offerings(store)
    normalize_networks(ctx)
    caller = scope.caller_account(ctx)
    is_system = ctx.bool("issystem")
    if is_system is None or not scope.is_root_admin(caller):
        is_system = False
    flt_raw = ctx.get("networkfilter")
    flt = "All"
    if flt_raw is not None:
        flt = next((f for f in NETWORK_FILTERS if f.lower() == flt_raw.lower()), None)
        if flt is None:
            raise invalid_value(f"Invalid value of networkfilter: {flt_raw}")
    name, domainid = ctx.get("account"), ctx.get("domainid")
    if is_system and (name is not None or domainid is not None):
        raise invalid_value("System network belongs to system, account and domainId parameters can't be specified")
    permitted = []
    if domainid is not None:
        if store.get("domains", domainid) is None:
            raise invalid_value("Specified domain id doesn't exist in the system")
        if name is not None:
            owner = scope.find_active_account(store, name, domainid)
            if owner is None:
                raise invalid_value(f"Unable to find account {name} in specified domain")
            permitted.append(owner["id"])
    projectid = ctx.get("projectid")
    if not scope.is_admin(caller) or (projectid is not None and projectid != "-1" and domainid is None):
        permitted.append(caller["id"])
        domainid = caller.get("domainid")
    skip_projects = True
    if projectid is not None:
        if projectid != "-1":
            project = store.get("projects", projectid)
            if project is None:
                raise invalid_value("Unable to find project by specified id")
            permitted = [a for a in (project.get("_accountid") or project.get("projectaccountid"),) if a]
            if scope.is_admin(caller):
                permitted.append(caller["id"])
        skip_projects = False
    path_domain = domainid or caller.get("domainid")
    recursive = bool(ctx.bool("isrecursive", False))
    if ctx.bool("listall", False) and domainid is None:
        recursive = True
    nets = [n for n in store.all("networks") if not n.get("removed")]
    # networkOfferingSearch: systemOnly = isSystem
    nets = [n for n in nets if net_is_system(store, n) == bool(is_system)]
    nets = _criteria(ctx, nets)
    if not is_system:
        def not_project(n):
            return not _is_project_net(store, n) if skip_projects else True
        result = []
        if permitted:
            if flt in ("Account", "AccountDomain", "All"):
                result += _desc([n for n in nets if n.get("acltype") == "Account" and n.get("_accountid") in permitted
                                 and not_project(n)])
            if domainid is not None and flt in ("Domain", "AccountDomain", "All"):
                result += _desc([n for n in _domain_level(store, nets, domainid, False) if not _is_project_net(store, n)])
        else:
            doms = _domain_path_set(store, path_domain, recursive)
            if flt in ("Account", "AccountDomain", "All"):
                result += _desc([n for n in nets if n.get("acltype") == "Account" and n.get("domainid") in doms
                                 and not_project(n)])
            if flt in ("Domain", "AccountDomain", "All"):
                result += _desc([n for n in nets if n.get("acltype") == "Domain" and
                                 (n.get("_domainmap") or {}).get("domainid") in doms and not _is_project_net(store, n)])
                if domainid is None:
                    result += _desc([n for n in _domain_level(store, nets, caller.get("domainid"), True)
                                     if not _is_project_net(store, n)])
        nets = result
    else:
        nets = _desc(nets)
    services = ctx.list("supportedservices")
    if services:
        for s in services:
            if not any(s.lower() == k.lower() for k in SERVICE_NAMES):
                raise invalid_value(f"Invalid service specified {s}")
        nets = [n for n in nets if all(any(s.lower() == k.lower() for k in offering_services(offering_of(store, n)))
                                       for s in services)]
    if ctx.has("canusefordeploy"):
        want = ctx.bool("canusefordeploy")
        nets = [n for n in nets if can_use_for_deploy(store, n) == want]
    tags = _tags(ctx)
    pairs = ctx.map("tags")
    if pairs:
        wanted = {(p.get("key"), p.get("value")) for p in pairs}
        nets = [n for n in nets if any((t["key"], t["value"]) in wanted for t in tags.get(n["id"], []))]
    params = ctx.params
    ctx.params = {k: v for k, v in params.items() if k != "keyword"}
    try:
        return ctx.list_response(nets, "network", view=lambda n: network_view(ctx, n, tags))
    finally:
        ctx.params = params


def _desc(items):
    return sorted(items, key=lambda n: n.get("_id", 0), reverse=True)


def _criteria(ctx, nets):
    """buildNetworkSearchCriteria: keyword LIKE name, id, zone, guest type, traffic type (EQ under the
    case-insensitive collation), acl type, physical network, offering, restartrequired, specifyipranges, vpc,
    displaynetwork, vlan (broadcast uri), forvpc, associated network."""
    store = ctx.store
    if ctx.has("keyword"):
        kw = ctx.get("keyword").lower()
        nets = [n for n in nets if kw in str(n.get("name") or "").lower()]
    if ctx.has("name"):  # 4.19+ parameter; when a newer API version offers it: EQ, case-insensitive
        nets = [n for n in nets if scope.ieq(n.get("name"), ctx.get("name"))]
    for param, field in (("id", "id"), ("zoneid", "zoneid"), ("physicalnetworkid", "physicalnetworkid"),
                         ("networkofferingid", "networkofferingid"), ("vpcid", "vpcid")):
        if ctx.has(param):
            nets = [n for n in nets if n.get(field) == ctx.get(param)]
    for param, field in (("type", "type"), ("traffictype", "traffictype"), ("acltype", "acltype")):
        if ctx.has(param):
            nets = [n for n in nets if scope.ieq(n.get(field), ctx.get(param))]
    for param, field in (("restartrequired", "restartrequired"), ("specifyipranges", "specifyipranges"),
                         ("displaynetwork", "displaynetwork")):
        if ctx.has(param):
            nets = [n for n in nets if bool(n.get(field)) == ctx.bool(param)]
    if ctx.has("forvpc"):
        nets = [n for n in nets if bool(n.get("vpcid")) == ctx.bool("forvpc")]
    if ctx.has("vlan"):
        v = ctx.get("vlan")
        nets = [n for n in nets if n.get("broadcasturi") and (n["broadcasturi"] == v or
                                                              n["broadcasturi"].lower().endswith("://" + v.lower()))]
    if ctx.has("associatednetworkid"):
        nets = [n for n in nets if (n.get("details") or {}).get("AssociatedNetworkId") == ctx.get("associatednetworkid")]
    del store
    return nets


__all__ = ["ensure_default_network_offerings", "implement_network", "shutdown_network", "network_view",
           "allocate_guest_ip", "release_guest_ip", "offering_services", "has_service", "uses_vr"]

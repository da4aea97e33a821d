"""Pods: ConfigurationManagerImpl.createPod / editPod / deletePod / checkIfPodIsDeletable /
createPodIpRange / deletePodIpRange; ApiResponseHelper.createPodResponse."""
from __future__ import annotations

import ipaddress

from ..errors import runtime_error
from ..registry import command
from .common import AsyncResult, allocation_state, find_by_name, invalid_value, success, valid_ip4, zone_name


def _ip(v):
    return int(ipaddress.IPv4Address(v))


def _valid_netmask(v):
    """NetUtils.isValidIp4Netmask: contiguous ones, at least one."""
    if not valid_ip4(v):
        return False
    bits = format(_ip(v), "032b")
    return "1" in bits and "01" not in bits


def _prefix(netmask):
    return format(_ip(netmask), "032b").count("1")


def _subnet(ip, size):
    return _ip(ip) >> (32 - size) if size else 0


def end_of_cidr(cidr_address, size):
    """NetUtils.getIpRangeEndIpFromCidr: the address before the broadcast address."""
    network = _ip(cidr_address) & ((0xFFFFFFFF << (32 - size)) & 0xFFFFFFFF)
    return str(ipaddress.IPv4Address(network + (1 << (32 - size)) - 2))


def vlan_uri(vlan):
    return "vlan://" + (vlan if vlan and vlan != "untagged" else "untagged")


def pod_view(ctx, pod):
    out = dict(pod)
    ranges = pod.get("_ranges", [])
    out["ipranges"] = [{"startip": r[0], "endip": r[1], "forsystemvms": r[2], "vlanid": vlan_uri(r[3])}
                       for r in ranges]
    out["startip"] = [r[0] for r in ranges]
    out["endip"] = [r[1] for r in ranges]
    out["forsystemvms"] = [r[2] for r in ranges]
    out["vlanid"] = [vlan_uri(r[3]) for r in ranges]
    out["zonename"] = zone_name(ctx.store, pod["zoneid"])
    return out


def _check_range(startip, endip, cidr_address, size):
    """ConfigurationManagerImpl.checkIpRange."""
    if startip and not valid_ip4(startip):
        raise invalid_value("The start address of the IP range is not a valid IP address.")
    if endip and not valid_ip4(endip):
        raise invalid_value("The end address of the IP range is not a valid IP address.")
    if startip and _subnet(startip, size) != _subnet(cidr_address, size):
        raise invalid_value("The start address of the IP range is not in the CIDR subnet.")
    if endip and _subnet(endip, size) != _subnet(cidr_address, size):
        raise invalid_value("The end address of the IP range is not in the CIDR subnet.")
    if endip and _ip(startip) > _ip(endip):
        raise invalid_value("The start IP address must have a lower value than the end IP address.")


def _overlap(a1, a2, b1, b2):
    return _ip(a1) <= _ip(b2) and _ip(b1) <= _ip(a2)


@command("createPod")
def create_pod(ctx):
    zone = ctx.ref("zones", "zoneid")
    name = ctx.get("name")
    startip, endip = ctx.get("startip"), ctx.get("endip")
    gateway, netmask = ctx.get("gateway"), ctx.get("netmask")
    edge = zone.get("type") == "Edge"
    if not edge:
        # checkPodRangeParametersBasicsForNonEdgeZone
        if not valid_ip4(startip):
            raise invalid_value("The start IP is invalid")
        if endip is not None and not valid_ip4(endip):
            raise invalid_value("The end IP is invalid")
        if not valid_ip4(gateway):
            raise invalid_value("The gateway is invalid")
        if not _valid_netmask(netmask):
            raise invalid_value("The netmask is invalid")
        size = _prefix(netmask)
        cidr_address = str(ipaddress.IPv4Address(_ip(gateway) & ((0xFFFFFFFF << (32 - size)) & 0xFFFFFFFF)))
        if endip is None:
            endip = end_of_cidr(cidr_address, size)
    elif any(v is not None for v in (startip, endip, gateway, netmask)):
        raise invalid_value("IP range parameters can not be specified for a pod in an edge zone")
    state = ctx.get("allocationstate") or "Enabled"
    # checkPodAttributes
    if find_by_name(ctx.store.all("pods", zoneid=zone["id"]), name):  # validPod: HostPodDao.findByName (collation)
        raise invalid_value(f"A pod with name: {name} already exists in zone {_zone_str(zone)}. Please specify a "
                            f"different pod name. ")
    if not edge:
        _check_range(startip, endip, cidr_address, size)
        if _subnet(gateway, size) != _subnet(cidr_address, size):
            raise invalid_value("The gateway is not in the CIDR subnet.")
        if _overlap(startip, endip, gateway, gateway):
            raise invalid_value("The gateway shouldn't overlap start/end ip addresses")
        for other in ctx.store.all("pods", zoneid=zone["id"]):  # checkPodCidrSubnets (check.pod.cidrs=true)
            if other.get("_cidr") and _cidrs_overlap(other["_cidr"], (cidr_address, size)):
                raise invalid_value(f"Pod {name} has the same subnet as pod {other['name']} in zone {zone['name']}. "
                                    f"Please specify a different CIDR.")
    allocation_state(state)
    pod = ctx.store.insert("pods", {
        "name": name, "zoneid": zone["id"], "gateway": gateway or "", "netmask": netmask if not edge else None,
        "allocationstate": state, "hasannotations": False,
        "_cidr": (cidr_address, size) if not edge else None,
        "_ranges": [[startip, endip, "0", "untagged"]] if not edge and startip else [],
    })
    return {"pod": ctx.render(pod_view(ctx, pod))}


def _cidrs_overlap(a, b):
    net_a = ipaddress.IPv4Network(f"{a[0]}/{a[1]}", strict=False)
    net_b = ipaddress.IPv4Network(f"{b[0]}/{b[1]}", strict=False)
    return net_a.overlaps(net_b)


def _zone_str(zone):
    """DataCenterVO.toString (ReflectionToStringBuilderUtils of id, name, uuid)."""
    return f'Zone {{"id": {zone["_id"]}, "name": "{zone["name"]}", "uuid": "{zone["id"]}"}}'


@command("updatePod")
def update_pod(ctx):
    pod = ctx.ref("pods", "id")
    name = ctx.get("name")
    if name is not None and name != pod["name"]:
        # editPod: checkForDuplicates = !oldPodName.equals(name) (case-sensitive), findByName is not
        if find_by_name(ctx.store.all("pods", zoneid=pod["zoneid"]), name):
            zone = ctx.store.get("zones", pod["zoneid"])
            raise invalid_value(f"A pod with name: {name} already exists in zone {_zone_str(zone)}. Please specify "
                                f"a different pod name. ")
        pod["name"] = name
    if ctx.get("allocationstate"):
        pod["allocationstate"] = allocation_state(ctx.get("allocationstate"))
    for p in ("gateway", "netmask"):
        if ctx.get(p) is not None and not valid_ip4(ctx.get(p)):
            raise invalid_value(f"The {p} is invalid")
    if ctx.get("gateway"):
        pod["gateway"] = ctx.get("gateway")
    if ctx.get("netmask"):
        pod["netmask"] = ctx.get("netmask")
        pod["_cidr"] = (pod["_cidr"][0] if pod.get("_cidr") else pod["gateway"], _prefix(ctx.get("netmask")))
    if ctx.get("startip") and pod.get("_ranges"):
        pod["_ranges"][0][0] = ctx.get("startip")
    if ctx.get("endip") and pod.get("_ranges"):
        pod["_ranges"][0][1] = ctx.get("endip")
    return {"pod": ctx.render(pod_view(ctx, pod))}


@command("deletePod")
def delete_pod(ctx):
    pod = ctx.ref("pods", "id")
    msg = "The pod cannot be deleted because "
    if ctx.store.all("hosts", podid=pod["id"]):
        raise runtime_error(msg + "there are servers in this pod.")
    if ctx.store.all("virtualmachines", podid=pod["id"]) or ctx.store.all("systemvms", podid=pod["id"]):
        raise runtime_error(msg + "there are virtual machines in this pod.")
    if ctx.store.all("clusters", podid=pod["id"]):
        raise runtime_error(msg + "there are clusters in this pod.")
    ctx.store.delete("pods", pod["id"])
    return success()


@command("listPods")
def list_pods(ctx):
    items = ctx.filtered("pods", {"id": "id", "name": "name", "zoneid": "zoneid", "allocationstate": "allocationstate"})
    return ctx.list_response(items, "pod", view=lambda p: pod_view(ctx, p))


# -- management IP ranges (stored in the pod's description / ipranges) -------------------------
@command("createManagementNetworkIpRange")
def create_management_network_ip_range(ctx):
    pod = ctx.ref("pods", "podid")
    gateway, netmask = ctx.get("gateway"), ctx.get("netmask")
    startip, endip = ctx.get("startip"), ctx.get("endip")
    if not valid_ip4(gateway):
        raise invalid_value("The gateway IP address is invalid.")
    if not _valid_netmask(netmask):
        raise invalid_value("The netmask IP address is invalid.")
    size = _prefix(netmask)
    if pod.get("gateway") and pod["gateway"] != gateway:
        raise invalid_value(f"Multiple gateways for the POD: {pod['name']} are not allowed. The Gateway should be "
                            f"same as the existing Gateway {pod['gateway']}")
    if pod.get("_cidr") and pod["_cidr"][1] != size:
        raise invalid_value(f"Multiple subnets for the POD: {pod['name']} are not allowed. The Netmask should be "
                            f"same as the existing Netmask {pod['netmask']}")
    cidr_address = pod["_cidr"][0] if pod.get("_cidr") else gateway
    if endip is None:
        endip = end_of_cidr(cidr_address, size)
    _check_range(startip, endip, cidr_address, size)
    if _subnet(gateway, size) != _subnet(cidr_address, size):
        raise invalid_value("The gateway is not in the CIDR subnet.")
    if _overlap(startip, endip, gateway, gateway):
        raise invalid_value("The gateway shouldn't overlap start/end ip addresses")
    for r in pod.get("_ranges", []):
        if _overlap(startip, endip, r[0], r[1]):
            raise invalid_value(f"The Start IP and EndIP address range overlap with private IP :{r[0]}:{r[1]}")
    forsys = "1" if ctx.bool("forsystemvms", False) else "0"
    vlan = ctx.get("vlan") or "untagged"

    def work():
        pod.setdefault("_ranges", []).append([startip, endip, forsys, vlan])
        return {"pod": ctx.render(pod_view(ctx, pod), ctx.emu.spec.get("createPod").response_names)}
    return AsyncResult(work, "Pod", pod["id"])


@command("deleteManagementNetworkIpRange")
def delete_management_network_ip_range(ctx):
    pod = ctx.ref("pods", "podid")
    startip, endip = ctx.get("startip"), ctx.get("endip")
    match = [r for r in pod.get("_ranges", []) if r[0] == startip and r[1] == endip]
    if not match:
        raise invalid_value(f"Unable to find IP range with the given start IP {startip} and end IP {endip} in "
                            f"POD {pod['name']}")

    def work():
        pod["_ranges"].remove(match[0])
        return {"success": True}
    return AsyncResult(work, "Pod", pod["id"])


@command("updatePodManagementNetworkIpRange")
def update_pod_management_network_ip_range(ctx):
    pod = ctx.ref("pods", "podid")
    cur = [r for r in pod.get("_ranges", []) if r[0] == ctx.get("currentstartip") and r[1] == ctx.get("currentendip")]
    if not cur:
        raise invalid_value("Unable to find the given IP range in the pod")

    def work():
        if ctx.get("newstartip"):
            cur[0][0] = ctx.get("newstartip")
        if ctx.get("newendip"):
            cur[0][1] = ctx.get("newendip")
        return {"success": True}
    return AsyncResult(work, "Pod", pod["id"])

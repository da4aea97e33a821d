# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VLAN IP ranges.

The class behind module csops.cloudstack.vlan_ip_range, in module_utils so that a second reader (the whole-zone
engine, zone_converge) runs the very same find, compare and write rules.
"""

from __future__ import annotations

from ..api import CloudStackError, looks_like_uuid
from ..module import CloudStackModule
from ..names import rename
from ..addresses import cidr6, ipv6
from ..validate import ip_range


def check_vlan(vlan):
    """A VLAN id (1-4094), untagged, or a broadcast URI such as vlan://100 (passed on as given)."""
    if vlan is None or "://" in vlan or vlan.lower() == "untagged":
        return
    if not (vlan.isdigit() and 1 <= int(vlan) <= 4094):
        raise CloudStackError("vlan: %r is not a VLAN id (1-4094), 'untagged' or a URI such as vlan://100." % vlan)


def vlan_id(vlan):
    """Comparable VLAN: vlan://100 and 100 are the same."""
    vlan = str(vlan or "untagged").lower()
    return vlan.split("://", 1)[1] if "://" in vlan else vlan


class VlanIpRange(CloudStackModule):
    argument_spec = dict(
        zone=dict(type="str", required=True),
        start_ip=dict(type="str"),
        end_ip=dict(type="str"),
        gateway=dict(type="str"),
        netmask=dict(type="str"),
        vlan=dict(type="str"),
        pod=dict(type="str"),
        physical_network=dict(type="str"),
        network=dict(type="str"),
        for_virtual_network=dict(type="bool"),
        for_system_vms=dict(type="bool"),
        start_ipv6=dict(type="str"),
        end_ipv6=dict(type="str"),
        ip6_gateway=dict(type="str"),
        ip6_cidr=dict(type="str"),
        domain=dict(type="str"),
        account=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
    )
    module_kwargs = dict(required_one_of=[("start_ip", "start_ipv6")], required_by={"account": ("domain",)})

    def run(self):
        p = self.params
        check_vlan(p["vlan"])
        end_ip = p["end_ip"] or p["start_ip"]
        if p["start_ip"]:
            ip_range(p["gateway"], p["netmask"], p["start_ip"], end_ip, label="vlan_ip_range")
        self.check_ipv6()
        zone = self.get_zone()
        existing = self.find(zone["id"], end_ip)
        before = rename("vlan", existing) if existing else {}
        if p["state"] == "absent":
            if existing:
                self.write("deleteVlanIpRange", id=existing["id"])
            after = {}
        elif existing:
            after = before
            self.warn_fixed(existing)
        else:
            if p["start_ip"] and not (p["gateway"] and p["netmask"]):
                raise CloudStackError("gateway and netmask are required to add the range %s-%s." % (p["start_ip"], end_ip))
            params = dict(zoneid=zone["id"], startip=p["start_ip"], endip=end_ip if p["start_ip"] else None,
                          gateway=p["gateway"], netmask=p["netmask"], vlan=p["vlan"],
                          networkid=self.network_id(p["network"], zone) if p["network"] else None,
                          forvirtualnetwork=p["for_virtual_network"], forsystemvms=p["for_system_vms"],
                          startipv6=p["start_ipv6"], endipv6=p["end_ipv6"], ip6gateway=p["ip6_gateway"],
                          ip6cidr=p["ip6_cidr"], account=p["account"])
            if p["pod"]:
                params["podid"] = self.get_pod(p["pod"])["id"]
            if p["physical_network"]:
                params["physicalnetworkid"] = self.get_physical_network_id(p["physical_network"], zone["id"])
            if p["domain"]:
                params["domainid"] = self.get_domain_id(p["domain"])
            response = self.write("createVlanIpRange", **params)
            created = (response or {}).get("vlan") or {k: v for k, v in params.items() if v is not None}
            after = rename("vlan", created)
        self.result["vlan_ip_range"] = after
        if self.module._diff:
            self.result["diff"] = {"before": before, "after": after}

    def check_ipv6(self):
        """IPv6 addresses and CIDR valid, the range ordered and inside ip6_cidr (before any write)."""
        p = self.params
        start = ipv6("start_ipv6", p["start_ipv6"]) if p["start_ipv6"] else None
        end = ipv6("end_ipv6", p["end_ipv6"]) if p["end_ipv6"] else None
        gateway = ipv6("ip6_gateway", p["ip6_gateway"]) if p["ip6_gateway"] else None
        network = cidr6("ip6_cidr", p["ip6_cidr"]) if p["ip6_cidr"] else None
        if start is not None and end is not None and start > end:
            raise CloudStackError("start_ipv6 %s is after end_ipv6 %s." % (start, end))
        if network is not None:
            for option, addr in (("start_ipv6", start), ("end_ipv6", end), ("ip6_gateway", gateway)):
                if addr is not None and addr not in network:
                    raise CloudStackError("%s %s is outside ip6_cidr %s." % (option, addr, network))

    def network_id(self, network, zone):
        """A guest network given by id, or by exact name in the zone (listNetworks has no name filter in 4.18:
        keyword, then an exact match)."""
        if looks_like_uuid(network):
            return network
        found = [n for n in self.list("listNetworks", "network", keyword=network, zoneid=zone["id"], listall=True)
                 if n.get("name") == network]
        if not found:
            if self.check_mode:
                return None
            raise CloudStackError("network %r not found in zone %s." % (network, zone["name"]))
        if len(found) > 1:
            raise CloudStackError("network name %r is ambiguous in zone %s (%d matches): use its id." % (
                network, zone["name"], len(found)))
        return found[0]["id"]

    def warn_fixed(self, existing):
        """A range cannot be changed in place: say so when the options differ from the existing range."""
        p = self.params
        fixed = []
        for option, key in (("gateway", "gateway"), ("netmask", "netmask")):
            if p[option] and existing.get(key) and p[option] != existing.get(key):
                fixed.append("%s is %r, wanted %r" % (option, existing.get(key), p[option]))
        if p["vlan"] and existing.get("vlan") and vlan_id(p["vlan"]) != vlan_id(existing.get("vlan")):
            fixed.append("vlan is %r, wanted %r" % (existing.get("vlan"), p["vlan"]))
        if fixed:
            self.warn("the range %s-%s exists and cannot be changed in place (ignored; delete it and add it again): %s" % (
                existing.get("startip") or existing.get("startipv6"), existing.get("endip") or existing.get("endipv6"),
                "; ".join(fixed)))

    def find(self, zone_id, end_ip):
        p = self.params
        for item in self.list("listVlanIpRanges", "vlaniprange", zoneid=zone_id):
            if p["start_ip"] and item.get("startip") == p["start_ip"] and item.get("endip") == end_ip:
                return item
            if not p["start_ip"] and p["start_ipv6"] and item.get("startipv6") == p["start_ipv6"] \
                    and item.get("endipv6") == p["end_ipv6"]:
                return item
        return None

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: vlan_ip_range
short_description: Manage public and guest IP ranges (VLAN IP ranges) of a CloudStack zone
version_added: 0.1.0
description:
  - Adds and removes the public IP ranges of Advanced zones, the guest ranges of Basic zones (pod-scoped), and the
    ranges of shared guest networks. A range is matched on its start and end address (or its IPv6 start and end).
  - CloudStack cannot change a range in place; an existing range whose gateway, netmask or VLAN differ from the options
    is left as it is, with a warning. A range that overlaps another one is refused by the server.
author: csops.cloudstack developers (@csops)
options:
  zone:
    description: Name or id of the zone.
    type: str
    required: true
  start_ip:
    description: First IPv4 address of the range.
    type: str
  end_ip:
    description: Last IPv4 address; the start address when not set.
    type: str
  gateway:
    description: IPv4 gateway of the range.
    type: str
  netmask:
    description: IPv4 netmask of the range.
    type: str
  vlan:
    description: VLAN of the range, for example C(100), C(untagged) or C(vlan://100); an id must be 1-4094.
    type: str
  pod:
    description: Pod of the range (guest ranges of Basic zones).
    type: str
  physical_network:
    description: Name or id of the physical network the range belongs to.
    type: str
  network:
    description: Name or id of the guest network the range belongs to (shared networks); a name is looked up in O(zone).
    type: str
  for_virtual_network:
    description: V(true) for a public range (virtual network), V(false) for a direct (guest) range.
    type: bool
  for_system_vms:
    description: Reserve the range for system VMs.
    type: bool
  start_ipv6:
    description: First IPv6 address of the range.
    type: str
  end_ipv6:
    description: Last IPv6 address of the range.
    type: str
  ip6_gateway:
    description: IPv6 gateway.
    type: str
  ip6_cidr:
    description: IPv6 CIDR.
    type: str
  domain:
    description: Domain to dedicate the range to (path or id).
    type: str
  account:
    description: Account to dedicate the range to (with O(domain)).
    type: str
  state:
    description: V(present) adds the range; V(absent) removes it.
    type: str
    default: present
    choices: [ present, absent ]
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Public range of an Advanced zone
  csops.cloudstack.vlan_ip_range:
    zone: zone-1
    physical_network: pnet-public
    gateway: 203.0.113.1
    netmask: 255.255.255.0
    start_ip: 203.0.113.10
    end_ip: 203.0.113.100
    vlan: "100"
    for_virtual_network: true

- name: Guest range of a Basic zone pod
  csops.cloudstack.vlan_ip_range:
    zone: basic-zone
    pod: pod-1
    gateway: 10.1.1.1
    netmask: 255.255.255.0
    start_ip: 10.1.1.10
    end_ip: 10.1.1.200
    for_virtual_network: false
"""

RETURN = r"""
vlan_ip_range:
  description: The range (empty after O(state=absent)).
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the range.
      type: str
      sample: 1f0e9d8c-7b6a-4594-8372-6150f4e3d2c1
    start_ip:
      description: First address.
      type: str
      sample: "203.0.113.10"
    end_ip:
      description: Last address.
      type: str
      sample: "203.0.113.100"
    gateway:
      description: Gateway.
      type: str
      sample: "203.0.113.1"
    vlan:
      description: VLAN (as C(vlan://100)).
      type: str
      sample: "vlan://100"
    for_virtual_network:
      description: Public (virtual network) range.
      type: bool
      sample: true
    cidr:
      description: CIDR of the range or network.
      type: str
      sample: 203.0.113.0/24
    for_system_vms:
      description: Whether the range is reserved for system VMs.
      type: bool
      sample: false
    netmask:
      description: Netmask.
      type: str
      sample: "255.255.255.0"
    physical_network_id:
      description: UUID of the physical network.
      type: str
      sample: 04a4113f-a729-4cd8-892f-bbfd71766efd
    zone_id:
      description: UUID of the zone.
      type: str
      sample: 143cf130-cb8f-4784-addc-cf67547f9d1c
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError, looks_like_uuid
from ansible_collections.csops.cloudstack.plugins.module_utils.module import CloudStackModule
from ansible_collections.csops.cloudstack.plugins.module_utils.names import rename
from ansible_collections.csops.cloudstack.plugins.module_utils.validate import cidr6, ip_range, ipv6


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


def main():
    module = VlanIpRange()
    module()


if __name__ == "__main__":
    main()

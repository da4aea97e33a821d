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
  - csops.cloudstack.attributes.action
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

from ansible_collections.csops.cloudstack.plugins.module_utils.resources.vlan_ip_range import VlanIpRange


def main():
    module = VlanIpRange()
    module()


if __name__ == "__main__":
    main()

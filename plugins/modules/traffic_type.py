#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: traffic_type
short_description: Manage the traffic types of a CloudStack physical network
version_added: 0.1.0
description:
  - Adds a traffic type (Guest, Management, Public, Storage) to a physical network with its per-hypervisor network
    labels, updates the labels, and removes it. Add, update and delete are async jobs; the module waits for them.
  - C(listTrafficTypes) needs the physical network's id, so an idempotent run costs three reads when O(physical_network)
    is a name (the zone, the physical network, then its traffic types) and one when it is an id.
author: csops.cloudstack developers (@csops)
options:
  physical_network:
    description: Name or id of the physical network.
    type: str
    required: true
  zone:
    description: Name or id of the zone; needed when O(physical_network) is a name.
    type: str
  traffic_type:
    description: The traffic type.
    type: str
    required: true
    choices: [ Guest, Management, Public, Storage ]
  kvm_network_label:
    description: Network label (bridge) on KVM hosts, for example C(cloudbr0).
    type: str
  xen_network_label:
    description: Network label on XenServer hosts.
    type: str
  vmware_network_label:
    description: Network label (vSwitch, port group) on VMware hosts.
    type: str
  hyperv_network_label:
    description: Network label on Hyper-V hosts.
    type: str
  ovm3_network_label:
    description: Network label on OVM3 hosts.
    type: str
  isolation_method:
    description: Isolation method of the traffic type. Set when it is added.
    type: str
  vlan:
    description: VLAN id (1-4094), V(untagged) or URI (C(vlan://100)) of the traffic type (for Management or Storage traffic). Set when it is added.
    type: str
  state:
    description: V(present) adds or updates it; V(absent) removes it.
    type: str
    default: present
    choices: [ present, absent ]
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: Management traffic on cloudbr0
  csops.cloudstack.traffic_type:
    physical_network: pnet-1
    zone: zone-1
    traffic_type: Management
    kvm_network_label: cloudbr0
"""

RETURN = r"""
traffic_type:
  description: The traffic type (empty after O(state=absent)).
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the traffic type.
      type: str
      sample: 2b1a0f9e-8d7c-4b6a-5f4e-3d2c1b0a9f8e
    traffic_type:
      description: Guest, Management, Public or Storage.
      type: str
      sample: Management
    kvm_network_label:
      description: KVM network label.
      type: str
      sample: cloudbr0
    physical_network_id:
      description: UUID of the physical network.
      type: str
      sample: 4d3c2b1a-0f9e-4d8c-7b6a-5f4e3d2c1b0a
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.resources.traffic_type import TrafficType


def main():
    module = TrafficType()
    module()


if __name__ == "__main__":
    main()

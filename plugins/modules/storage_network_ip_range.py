#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: storage_network_ip_range
short_description: Manage the storage network IP ranges of a CloudStack pod
version_added: 0.1.0
description:
  - Adds and removes the IP ranges of a pod's storage network (the Storage traffic type), used by the secondary
    storage VM. A range is matched on its start and end address. Add and delete are async jobs; the module waits.
author: csops.cloudstack developers (@csops)
options:
  zone:
    description: Name or id of the zone.
    type: str
    required: true
  pod:
    description: Name or id of the pod.
    type: str
    required: true
  start_ip:
    description: First address.
    type: str
    required: true
  end_ip:
    description: Last address; the start address when not set.
    type: str
  gateway:
    description: Gateway. Required to add a range.
    type: str
  netmask:
    description: Netmask. Required to add a range.
    type: str
  vlan:
    description: VLAN id (1-4094) of the storage network; untagged when not set.
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
- name: Storage network of pod-1
  csops.cloudstack.storage_network_ip_range:
    zone: zone-1
    pod: pod-1
    gateway: 172.16.0.1
    netmask: 255.255.255.0
    start_ip: 172.16.0.10
    end_ip: 172.16.0.50
    vlan: "300"
"""

RETURN = r"""
storage_network_ip_range:
  description: The range (empty after O(state=absent)).
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the range.
      type: str
      sample: 6b5a4f3e-2d1c-4b0a-9f8e-7d6c5b4a3f2e
    start_ip:
      description: First address.
      type: str
      sample: "172.16.0.10"
    end_ip:
      description: Last address.
      type: str
      sample: "172.16.0.50"
    vlan:
      description: VLAN.
      type: int
      sample: 300
    gateway:
      description: Gateway.
      type: str
      sample: "10.30.0.1"
    netmask:
      description: Netmask.
      type: str
      sample: "255.255.255.0"
    pod_id:
      description: UUID of the pod.
      type: str
      sample: 7e5b9287-16b6-4c1d-acec-4f62ca6c223d
    zone_id:
      description: UUID of the zone.
      type: str
      sample: c8b347fe-874a-403e-a4df-429ea1e308a4
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.resources.storage_network_ip_range import StorageNetworkIpRange


def main():
    module = StorageNetworkIpRange()
    module()


if __name__ == "__main__":
    main()

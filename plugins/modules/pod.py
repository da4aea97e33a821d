#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: pod
short_description: Manage CloudStack pods and their management IP ranges
version_added: 0.1.0
description:
  - Create, update, enable, disable and delete pods of a zone.
  - A pod has one primary management IP range (O(start_ip) to O(end_ip)) and may hold further ranges
    (O(management_ranges)).
  - An idempotent run costs one API call (C(listPods) filtered by name; the zone is matched on the pod's own fields).
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the pod, unique in its zone.
    type: str
    required: true
  zone:
    description: Name or id of the zone.
    type: str
    required: true
  state:
    description:
      - V(present) creates or updates the pod (a new pod is Enabled). V(enabled) and V(disabled) set the allocation
        state. V(absent) deletes it; CloudStack refuses while it still holds clusters or hosts.
    type: str
    default: present
    choices: [ present, enabled, disabled, absent ]
  gateway:
    description: Gateway of the pod's management network. Required to create a pod.
    type: str
  netmask:
    description: Netmask of the pod's management network, for example C(255.255.255.0). Required to create a pod.
    type: str
  start_ip:
    description: First address of the primary management range. Required to create a pod.
    type: str
  end_ip:
    description: Last address of the primary management range. CloudStack uses the end of the network when not set.
    type: str
  management_ranges:
    description:
      - Further management IP ranges of the pod (C(createManagementNetworkIpRange)), matched on their start and end.
      - A range listed here and missing is added; ranges not listed are kept unless O(purge_management_ranges=true).
    type: list
    elements: dict
    suboptions:
      start_ip:
        description: First address.
        type: str
        required: true
      end_ip:
        description: Last address.
        type: str
        required: true
      gateway:
        description: Gateway of the range; the pod's gateway when not set.
        type: str
      netmask:
        description: Netmask of the range; the pod's netmask when not set.
        type: str
      vlan:
        description: VLAN of the range.
        type: str
      for_system_vms:
        description: Reserve the range for system VMs.
        type: bool
        default: false
  purge_management_ranges:
    description: Remove further management ranges that O(management_ranges) does not list.
    type: bool
    default: false
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: A pod with a second management range for system VMs
  csops.cloudstack.pod:
    name: pod-1
    zone: zone-1
    gateway: 10.10.0.1
    netmask: 255.255.255.0
    start_ip: 10.10.0.10
    end_ip: 10.10.0.100
    management_ranges:
      - start_ip: 10.10.0.150
        end_ip: 10.10.0.160
        for_system_vms: true

- name: Disable a pod
  csops.cloudstack.pod:
    name: pod-1
    zone: zone-1
    state: disabled

- name: Remove a pod
  csops.cloudstack.pod:
    name: pod-1
    zone: zone-1
    state: absent
"""

RETURN = r"""
pod:
  description: The pod (empty after O(state=absent)).
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the pod.
      type: str
      sample: 8f4e5c4a-5a3b-4c39-9a4f-2f0a1e3d4b5c
    name:
      description: Name of the pod.
      type: str
      sample: pod-1
    zone_id:
      description: UUID of the zone.
      type: str
      sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
    zone_name:
      description: Name of the zone.
      type: str
      sample: zone-1
    gateway:
      description: Gateway.
      type: str
      sample: "10.10.0.1"
    netmask:
      description: Netmask.
      type: str
      sample: "255.255.255.0"
    start_ip:
      description: First address of the primary range.
      type: str
      sample: "10.10.0.10"
    end_ip:
      description: Last address of the primary range.
      type: str
      sample: "10.10.0.100"
    allocation_state:
      description: Enabled or Disabled.
      type: str
      sample: Enabled
    ip_ranges:
      description: Every management range of the pod, the primary one first.
      type: list
      elements: dict
      sample: [{"start_ip": "10.10.0.10", "end_ip": "10.10.0.100", "gateway": "10.10.0.1", "for_system_vms": "0"}]
      contains:
        end_ip:
          description: Last IP address of the range.
          type: str
          sample: "10.20.0.100"
        for_system_vms:
          description: Whether the range is reserved for system VMs.
          type: str
          sample: "0"
        start_ip:
          description: First IP address of the range.
          type: str
          sample: "10.20.0.10"
        vlan_id:
          description: VLAN of the management range.
          type: str
          sample: "vlan://untagged"
    for_system_vms:
      description: For each management range, whether it is reserved for system VMs (V(1)) or not (V(0)).
      type: list
      elements: str
    has_annotations:
      description: Whether it has comments (annotations).
      type: bool
      sample: false
    vlan_id:
      description: For each management range, its VLAN.
      type: list
      elements: str
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.resources.pod import Pod


def main():
    module = Pod()
    module()


if __name__ == "__main__":
    main()

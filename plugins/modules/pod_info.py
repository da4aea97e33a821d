#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: pod_info
short_description: List CloudStack pods
version_added: 0.1.0
description:
  - Lists pods (listPods), filtered on the server, every page walked. Changes nothing.
  - Names match exactly. A parent given by name is resolved first (one more call); by id it is passed as it is.
author: csops.cloudstack developers (@csops)
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
  - csops.cloudstack.attributes.action
  - csops.cloudstack.info_filters
  - csops.cloudstack.info_filters.zone
"""

EXAMPLES = r"""
- name: All pods
  csops.cloudstack.pod_info:
  register: all_items

- name: One by name
  csops.cloudstack.pod_info:
    name: example
    zone: zone-1
  register: one
"""

RETURN = r"""
pods:
  description: The matching pods, with snake_case keys (the same as the M(csops.cloudstack.pod) module returns).
  returned: success
  type: list
  elements: dict
  sample: [{"id": "8f4e5c4a-5a3b-4c39-9a4f-2f0a1e3d4b5c", "name": "pod-1", "zone_name": "zone-1", "gateway": "10.10.0.1"}]
  contains:
    allocation_state:
      description: Allocation state (Enabled or Disabled).
      type: str
      sample: Enabled
    end_ip:
      description: Last IP address of the range.
      type: list
      elements: str
    for_system_vms:
      description: Whether the range is reserved for system VMs.
      type: list
      elements: str
    gateway:
      description: Gateway.
      type: str
      sample: "10.20.0.1"
    has_annotations:
      description: Whether it has comments (annotations).
      type: bool
      sample: false
    id:
      description: UUID of the pod.
      type: str
      sample: 0c3a1169-3692-4ad8-bf27-a7a57dbb42f3
    ip_ranges:
      description: Management IP ranges of the pod.
      type: list
      elements: dict
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
    name:
      description: Name of the pod.
      type: str
      sample: rz-pod
    netmask:
      description: Netmask.
      type: str
      sample: "255.255.255.0"
    start_ip:
      description: First IP address of the range.
      type: list
      elements: str
    vlan_id:
      description: VLAN of the management range.
      type: list
      elements: str
    zone_id:
      description: UUID of the zone.
      type: str
      sample: 1c5bbe8a-e2e1-4850-bc48-faa7cca1d50a
    zone_name:
      description: Name of the zone.
      type: str
      sample: rz-zone
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.info import InfoModule


class PodInfo(InfoModule):
    resource = "pod"
    list_command = "listPods"
    result_key = "pods"
    filters = {"name": "name", "id": "id"}
    parents = {"zone": ("zoneid", "get_zone")}
    argument_spec = dict(
        name=dict(type="str"),
        id=dict(type="str"),
        zone=dict(type="str"),
    )


def main():
    module = PodInfo()
    module()


if __name__ == "__main__":
    main()

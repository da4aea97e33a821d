#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: host_info
short_description: List CloudStack hypervisor hosts
version_added: 0.1.0
description:
  - Lists hypervisor hosts (listHosts), filtered on the server, every page walked. Changes nothing.
  - Names match exactly. A parent given by name is resolved first (one more call); by id it is passed as it is.
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the host.
    type: str
  id:
    description: UUID of the host.
    type: str
  zone:
    description: Name or id of the zone.
    type: str
  pod:
    description: Name or id of the pod (with O(zone) when given by name).
    type: str
  cluster:
    description: Name or id of the cluster (with O(zone) when given by name).
    type: str
  state:
    description: Connection state, for example V(Up) or V(Disconnected).
    type: str
  resource_state:
    description: Resource state, for example V(Enabled) or V(Maintenance).
    type: str
  hypervisor:
    description: Hypervisor type.
    type: str
  type:
    description: Host type; V(Routing) (hypervisor hosts) unless set.
    type: str
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
"""

EXAMPLES = r"""
- name: All hypervisor hosts
  csops.cloudstack.host_info:
  register: all_items

- name: One by name
  csops.cloudstack.host_info:
    name: example
    zone: zone-1
  register: one
"""

RETURN = r"""
hosts:
  description: The matching hypervisor hosts, with snake_case keys (the same as the M(csops.cloudstack.host) module returns).
  returned: success
  type: list
  elements: dict
  sample: [{"id": "3b4c5d6e-7f80-4a1b-9c2d-3e4f5a6b7c8d", "name": "kvm-11", "state": "Up", "resource_state": "Enabled", "host_tags": "ssd"}]
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.module import InfoModule


class HostInfo(InfoModule):
    resource = "host"
    list_command = "listHosts"
    result_key = "hosts"
    filters = {"name": "name", "id": "id", "state": "state", "resource_state": "resourcestate", "hypervisor": "hypervisor", "type": "type"}
    parents = {"zone": ("zoneid", "get_zone"), "pod": ("podid", "get_pod"), "cluster": ("clusterid", "get_cluster")}
    argument_spec = dict(
        name=dict(type="str"),
        id=dict(type="str"),
        zone=dict(type="str"),
        pod=dict(type="str"),
        cluster=dict(type="str"),
        state=dict(type="str"),
        resource_state=dict(type="str"),
        hypervisor=dict(type="str"),
        type=dict(type="str"),
    )

    def list_params(self):
        params = super().list_params()
        params.setdefault("type", "Routing")
        return params


def main():
    module = HostInfo()
    module()


if __name__ == "__main__":
    main()

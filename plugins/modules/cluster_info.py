#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cluster_info
short_description: List CloudStack clusters
version_added: 0.1.0
description:
  - Lists clusters (listClusters), filtered on the server, every page walked. Changes nothing.
  - Names match exactly. A parent given by name is resolved first (one more call); by id it is passed as it is.
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the cluster.
    type: str
  id:
    description: UUID of the cluster.
    type: str
  zone:
    description: Name or id of the zone.
    type: str
  pod:
    description: Name or id of the pod (with O(zone) when given by name).
    type: str
  hypervisor:
    description: Hypervisor type.
    type: str
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
"""

EXAMPLES = r"""
- name: All clusters
  csops.cloudstack.cluster_info:
  register: all_items

- name: One by name
  csops.cloudstack.cluster_info:
    name: example
    zone: zone-1
  register: one
"""

RETURN = r"""
clusters:
  description: The matching clusters, with snake_case keys (the same as the M(csops.cloudstack.cluster) module returns).
  returned: success
  type: list
  elements: dict
  sample: [{"id": "2a9c5b0e-6f1d-4d6f-8c1a-0b9d8e7f6a5b", "name": "cluster-1", "hypervisor": "KVM", "pod_name": "pod-1"}]
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.module import InfoModule


class ClusterInfo(InfoModule):
    resource = "cluster"
    list_command = "listClusters"
    result_key = "clusters"
    filters = {"name": "name", "id": "id", "hypervisor": "hypervisor"}
    parents = {"zone": ("zoneid", "get_zone"), "pod": ("podid", "get_pod")}
    argument_spec = dict(
        name=dict(type="str"),
        id=dict(type="str"),
        zone=dict(type="str"),
        pod=dict(type="str"),
        hypervisor=dict(type="str"),
    )


def main():
    module = ClusterInfo()
    module()


if __name__ == "__main__":
    main()

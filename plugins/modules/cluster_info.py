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
  pod:
    description: Name or id of the pod (with O(zone) when given by name).
    type: str
  hypervisor:
    description: Hypervisor type.
    type: str
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
  - csops.cloudstack.attributes.action
  - csops.cloudstack.info_filters
  - csops.cloudstack.info_filters.zone
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
  contains:
    allocation_state:
      description: Allocation state (Enabled or Disabled).
      type: str
      sample: Enabled
    cluster_type:
      description: Cluster type (CloudManaged or ExternalManaged).
      type: str
      sample: CloudManaged
    cpu_overcommit_ratio:
      description: CPU overcommit ratio.
      type: str
      sample: "1.0"
    has_annotations:
      description: Whether it has comments (annotations).
      type: bool
      sample: false
    hypervisor:
      description: Hypervisor.
      type: str
      sample: KVM
    id:
      description: UUID of the cluster.
      type: str
      sample: 12a242c8-16b1-4316-9997-377dfb7b9760
    managed_state:
      description: Managed state (Managed, Unmanaged, ...).
      type: str
      sample: Managed
    memory_overcommit_ratio:
      description: Memory overcommit ratio.
      type: str
      sample: "1.0"
    name:
      description: Name of the cluster.
      type: str
      sample: rz-cluster
    pod_id:
      description: UUID of the pod.
      type: str
      sample: 05483c9a-948c-4fc7-bc1d-bd6921e62386
    pod_name:
      description: Name of the pod.
      type: str
      sample: rz-pod
    zone_id:
      description: UUID of the zone.
      type: str
      sample: 32496340-f3fd-4c84-8ffb-6613589f326a
    zone_name:
      description: Name of the zone.
      type: str
      sample: rz-zone
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.info import InfoModule


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

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: storage_pool_info
short_description: List CloudStack primary storage pools
version_added: 0.1.0
description:
  - Lists primary storage pools (listStoragePools), filtered on the server, every page walked. Changes nothing.
  - Names match exactly. A parent given by name is resolved first (one more call); by id it is passed as it is.
author: csops.cloudstack developers (@csops)
options:
  pod:
    description: Name or id of the pod (with O(zone) when given by name).
    type: str
  cluster:
    description: Name or id of the cluster (with O(zone) when given by name).
    type: str
  scope:
    description: V(CLUSTER), V(ZONE) or V(HOST).
    type: str
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
  - csops.cloudstack.attributes.action
  - csops.cloudstack.info_filters
  - csops.cloudstack.info_filters.zone
"""

EXAMPLES = r"""
- name: All primary storage pools
  csops.cloudstack.storage_pool_info:
  register: all_items

- name: One by name
  csops.cloudstack.storage_pool_info:
    name: example
    zone: zone-1
  register: one
"""

RETURN = r"""
storage_pools:
  description: The matching primary storage pools, with snake_case keys (the same as the M(csops.cloudstack.storage_pool) module returns).
  returned: success
  type: list
  elements: dict
  sample: [{"id": "6c5d4e3f-2a1b-4c9d-8e7f-6a5b4c3d2e1f", "name": "primary-1", "state": "Up", "scope": "CLUSTER", "storage_tags": "ssd"}]
  contains:
    capacity_bytes:
      description: Total capacity in bytes.
      type: int
      sample: 1099511627776
    cluster_id:
      description: UUID of the cluster.
      type: str
      sample: dad3a0cf-f9e1-4174-93c1-fa3bbf46c2a5
    cluster_name:
      description: Name of the cluster.
      type: str
      sample: rz-cluster
    created:
      description: When it was created.
      type: str
      sample: "2026-11-29T15:50:40+0000"
    disk_size_allocated:
      description: Bytes allocated on the storage.
      type: int
      sample: 0
    disk_size_used:
      description: Bytes used on the storage.
      type: int
      sample: 0
    has_annotations:
      description: Whether it has comments (annotations).
      type: bool
      sample: false
    hypervisor:
      description: Hypervisor.
      type: str
      sample: KVM
    id:
      description: UUID of the storage pool.
      type: str
      sample: d7544d87-f5bf-48e8-914f-163fe43d3f8f
    ip_address:
      description: IP address.
      type: str
      sample: "10.20.0.5"
    name:
      description: Name of the storage pool.
      type: str
      sample: rz-primary
    overprovision_factor:
      description: Overprovisioning factor.
      type: str
      sample: "2.0"
    path:
      description: Path on the storage server.
      type: str
      sample: /primary
    pod_id:
      description: UUID of the pod.
      type: str
      sample: e11cbe04-cd4f-4b29-b941-cbc702f8e22b
    pod_name:
      description: Name of the pod.
      type: str
      sample: rz-pod
    provider:
      description: Provider (NFS, S3, Swift, ...).
      type: str
      sample: DefaultPrimary
    scope:
      description: Scope.
      type: str
      sample: CLUSTER
    state:
      description: State of the storage pool.
      type: str
      sample: Up
    type:
      description: Type of the storage pool.
      type: str
      sample: NetworkFilesystem
    zone_id:
      description: UUID of the zone.
      type: str
      sample: 453a5aae-b957-4468-8f04-bc85ba0f96b2
    zone_name:
      description: Name of the zone.
      type: str
      sample: rz-zone
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.info import InfoModule


class StoragePoolInfo(InfoModule):
    resource = "storagepool"
    list_command = "listStoragePools"
    result_key = "storage_pools"
    filters = {"name": "name", "id": "id", "scope": "scope"}
    parents = {"zone": ("zoneid", "get_zone"), "pod": ("podid", "get_pod"), "cluster": ("clusterid", "get_cluster")}
    argument_spec = dict(
        name=dict(type="str"),
        id=dict(type="str"),
        zone=dict(type="str"),
        pod=dict(type="str"),
        cluster=dict(type="str"),
        scope=dict(type="str"),
    )


def main():
    module = StoragePoolInfo()
    module()


if __name__ == "__main__":
    main()

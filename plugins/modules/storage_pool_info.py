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
  name:
    description: Name of the pool.
    type: str
  id:
    description: UUID of the pool.
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
  scope:
    description: V(CLUSTER), V(ZONE) or V(HOST).
    type: str
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
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
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.module import InfoModule


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

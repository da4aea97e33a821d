#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: storage_pool
short_description: Manage CloudStack primary storage pools
version_added: 0.1.0
description:
  - Create, update, enable, disable, put into maintenance and delete primary storage pools, cluster- or zone-wide.
  - An idempotent run costs one API call (C(listStoragePools) filtered by name; the parents are matched on the pool's
    own fields).
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the storage pool.
    type: str
    required: true
  zone:
    description: Name or id of the zone.
    type: str
    required: true
  pod:
    description: Name or id of the pod. Required to create a cluster-wide pool.
    type: str
  cluster:
    description: Name or id of the cluster. Required to create a cluster-wide pool.
    type: str
  scope:
    description:
      - V(cluster) (the default of CloudStack) or V(zone). A zone-wide pool needs O(hypervisor). Set at creation only.
    type: str
    choices: [ cluster, zone ]
  hypervisor:
    description: Hypervisor of a zone-wide pool (CloudStack accepts KVM, VMware, Hyperv, LXC, Any and Simulator).
    type: str
    choices: [ KVM, VMware, Hyperv, LXC, Any, Simulator ]
  storage_url:
    description:
      - URL of the storage, for example C(nfs://10.0.0.5/export/primary) or C(rbd://user:key@mon/pool).
        Required to create a pool. It cannot be changed - CloudStack keeps the pool's host and path (the C(url) of
        C(updateStoragePool), 4.19 and later, only records a detail for storage plugins); a different one gives a
        warning. The password of a URL (C(rbd://user:KEY@monitor/pool)) is masked in every output.
    type: str
  provider:
    description: Storage provider name. CloudStack's default primary provider when not set.
    type: str
  managed:
    description: Whether the storage is managed by a storage plugin. Set at creation only.
    type: bool
  capacity_bytes:
    description: Capacity of the pool in bytes.
    type: int
  capacity_iops:
    description: IOPS capacity of the pool.
    type: int
  storage_tags:
    description: Storage tags. A set; order never makes a change. An empty list removes every tag.
    type: list
    elements: str
    aliases: [ storage_tag ]
  details:
    description:
      - Provider details (key/value). Given at creation; on an existing pool they are compared with the details
        C(listStoragePools) returns (CloudStack 4.21 and later) and changed with C(updateStoragePool details=) (4.19 and
        later) when they differ. A server whose answer has no details (before 4.21) cannot show a change; the module
        warns and leaves them. Values of secret-named keys (password, secret, key, token) are masked in the output.
    type: dict
  state:
    description:
      - V(present) creates or updates the pool. V(enabled) and V(disabled) set whether new volumes may be placed on it
        (V(enabled) also cancels maintenance). V(maintenance) puts the pool into maintenance and waits for it.
      - V(absent) puts the pool into maintenance (CloudStack deletes only pools in Maintenance) and deletes it.
    type: str
    default: present
    choices: [ present, enabled, disabled, maintenance, absent ]
  force:
    description: With O(state=absent), delete the pool even when it still holds volumes (C(forced=true)).
    type: bool
    default: false
  wait:
    description:
      - With O(state=maintenance) (and O(state=absent), which goes through it), wait until the pool is in Maintenance
        after the job ends. The async jobs are always followed to their end.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds the task may wait in all, async jobs included (a job that does not end in time fails the task, with
        C(changed=true) as a write was sent). Replaces O(api_job_timeout) for this module.
    type: int
    default: 600
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: Cluster-wide NFS primary storage with tags
  csops.cloudstack.storage_pool:
    name: primary-1
    zone: zone-1
    pod: pod-1
    cluster: cluster-1
    storage_url: nfs://10.0.0.5/export/primary
    storage_tags: [ssd]

- name: Zone-wide pool for KVM
  csops.cloudstack.storage_pool:
    name: ceph-1
    zone: zone-1
    scope: zone
    hypervisor: KVM
    storage_url: rbd://admin:secret@10.0.0.6/rbd

- name: Maintenance
  csops.cloudstack.storage_pool:
    name: primary-1
    zone: zone-1
    state: maintenance
"""

RETURN = r"""
storage_pool:
  description: The pool (empty after O(state=absent)).
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the pool.
      type: str
      sample: 6c5d4e3f-2a1b-4c9d-8e7f-6a5b4c3d2e1f
    name:
      description: Name of the storage pool.
      type: str
      sample: primary-1
    state:
      description: State (Up, Disabled, Maintenance, ...).
      type: str
      sample: Up
    scope:
      description: CLUSTER or ZONE.
      type: str
      sample: CLUSTER
    storage_tags:
      description: Storage tags, comma separated as CloudStack returns them.
      type: str
      sample: ssd
    capacity_bytes:
      description: Total capacity in bytes.
      type: int
      sample: 1099511627776
    capacity_iops:
      description: IOPS capacity.
      type: int
      sample: 10000
    zone_name:
      description: Zone name.
      type: str
      sample: zone-1
    cluster_name:
      description: Cluster name.
      type: str
      sample: cluster-1
    cluster_id:
      description: UUID of the cluster.
      type: str
      sample: fb7863a3-c993-4f16-8afa-3f931d96dbf5
    created:
      description: When it was created.
      type: str
      sample: "2026-11-29T15:50:39+0000"
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
    ip_address:
      description: IP address.
      type: str
      sample: "10.20.0.5"
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
      sample: f0bc12bc-ea33-40f9-a47c-ff7bbadd2f0d
    pod_name:
      description: Name of the pod.
      type: str
      sample: rz-pod
    provider:
      description: Provider (NFS, S3, Swift, ...).
      type: str
      sample: DefaultPrimary
    type:
      description: Type of the storage pool.
      type: str
      sample: NetworkFilesystem
    zone_id:
      description: UUID of the zone.
      type: str
      sample: ce86b83d-0f98-48df-a168-e65d7fe9035a
elapsed:
  description: Seconds the task took, waits included (also returned when it fails).
  returned: always
  type: float
  sample: 12.41
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.resources.storage_pool import StoragePool


def main():
    module = StoragePool()
    module()


if __name__ == "__main__":
    main()

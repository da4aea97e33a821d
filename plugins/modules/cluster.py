#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cluster
short_description: Manage CloudStack clusters
version_added: 0.1.0
description:
  - Add, update, enable, disable, unmanage and delete clusters of a pod.
  - An idempotent run costs one API call (C(listClusters) filtered by name; zone and pod are matched on the
    cluster's own fields). Overcommit ratios add one call each when they change.
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the cluster (for VMware, the vCenter cluster name).
    type: str
    required: true
  zone:
    description: Name or id of the zone.
    type: str
    required: true
  pod:
    description: Name or id of the pod. Required to add a cluster.
    type: str
  state:
    description:
      - V(present) adds or updates the cluster (a new cluster is Enabled and Managed).
      - V(enabled) and V(disabled) set the allocation state (and manage an unmanaged cluster again).
      - V(unmanaged) sets the managed state to Unmanaged. V(absent) deletes the cluster; CloudStack refuses while it
        still holds hosts or primary storage.
    type: str
    default: present
    choices: [ present, enabled, disabled, unmanaged, absent ]
  hypervisor:
    description: Hypervisor of the cluster. Required to add a cluster; cannot be changed.
    type: str
    choices: [ KVM, XenServer, VMware, Hyperv, BareMetal, Simulator, Ovm, Ovm3, LXC ]
  cluster_type:
    description: V(CloudManaged) (KVM, XenServer, ...) or V(ExternalManaged) (VMware vCenter). Exactly as CloudStack spells it.
    type: str
    choices: [ CloudManaged, ExternalManaged ]
    default: CloudManaged
  url:
    description: URL of the external manager, for example C(http://vcenter.example.com/Datacenter/Cluster).
    type: str
  username:
    description: User name for the external manager.
    type: str
  password:
    description: Password for the external manager. Never logged.
    type: str
  guest_vswitch_type:
    description: VMware guest traffic vSwitch type.
    type: str
    choices: [ vmwaresvs, vmwaredvs, nexusdvs ]
  guest_vswitch_name:
    description: VMware guest traffic vSwitch name.
    type: str
  public_vswitch_type:
    description: VMware public traffic vSwitch type.
    type: str
    choices: [ vmwaresvs, vmwaredvs, nexusdvs ]
  public_vswitch_name:
    description: VMware public traffic vSwitch name.
    type: str
  vsm_ip_address:
    description: Cisco Nexus 1000v VSM address.
    type: str
  vsm_username:
    description: Cisco Nexus 1000v VSM user name.
    type: str
  vsm_password:
    description: Cisco Nexus 1000v VSM password. Never logged.
    type: str
  ovm3_pool:
    description: Ovm3 native pooling (V(true)/V(false) as a string).
    type: str
  ovm3_cluster:
    description: Ovm3 native OCFS2 clustering (V(true)/V(false) as a string).
    type: str
  ovm3_vip:
    description: Ovm3 VIP of the pool.
    type: str
  cpu_overcommit_ratio:
    description: CPU overcommit ratio (the cluster setting C(cpu.overprovisioning.factor)).
    type: str
  memory_overcommit_ratio:
    description: Memory overcommit ratio (the cluster setting C(mem.overprovisioning.factor)).
    type: str
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: A KVM cluster
  csops.cloudstack.cluster:
    name: cluster-1
    zone: zone-1
    pod: pod-1
    hypervisor: KVM
    cpu_overcommit_ratio: "2.0"

- name: A VMware cluster managed by vCenter
  csops.cloudstack.cluster:
    name: Cluster1
    zone: zone-1
    pod: pod-1
    hypervisor: VMware
    cluster_type: ExternalManaged
    url: http://vcenter.example.com/DC1/Cluster1
    username: administrator@vsphere.local
    password: "{{ vault_vcenter_password }}"

- name: Unmanage a cluster
  csops.cloudstack.cluster:
    name: cluster-1
    zone: zone-1
    state: unmanaged
"""

RETURN = r"""
cluster:
  description: The cluster (empty after O(state=absent)).
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the cluster.
      type: str
      sample: 2a9c5b0e-6f1d-4d6f-8c1a-0b9d8e7f6a5b
    name:
      description: Name of the cluster.
      type: str
      sample: cluster-1
    zone_name:
      description: Zone name.
      type: str
      sample: zone-1
    zone_id:
      description: Zone UUID.
      type: str
      sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
    pod_name:
      description: Pod name.
      type: str
      sample: pod-1
    pod_id:
      description: Pod UUID.
      type: str
      sample: 8f4e5c4a-5a3b-4c39-9a4f-2f0a1e3d4b5c
    hypervisor:
      description: Hypervisor type.
      type: str
      sample: KVM
    cluster_type:
      description: CloudManaged or ExternalManaged.
      type: str
      sample: CloudManaged
    allocation_state:
      description: Enabled or Disabled.
      type: str
      sample: Enabled
    managed_state:
      description: Managed or Unmanaged.
      type: str
      sample: Managed
    cpu_overcommit_ratio:
      description: CPU overcommit ratio.
      type: str
      sample: "1.0"
    memory_overcommit_ratio:
      description: Memory overcommit ratio.
      type: str
      sample: "1.0"
    has_annotations:
      description: Whether it has comments (annotations).
      type: bool
      sample: false
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.resources.cluster import Cluster


def main():
    module = Cluster()
    module()


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: host
short_description: Manage CloudStack hypervisor hosts
version_added: 0.1.0
description:
  - Add hosts to a cluster, tag them, enable or disable them, put them into maintenance and back, and remove them.
  - After C(addHost) the module waits until the host is Up; O(state=maintenance) waits until the host reaches
    Maintenance by polling that one host.
  - An idempotent run costs one API call (C(listHosts) filtered by name on the server).
author: csops.cloudstack developers (@csops)
options:
  name:
    description:
      - Name of the host as CloudStack shows it, or its IP address. The host is found by either (and, when
        O(cluster) and O(zone) are set, among the cluster's hosts by the address of O(url)).
      - When O(url) is not set, C(http://<name>) is used to add it.
      - When CloudStack names a new host differently (after its agent's host name), the module renames it to
        O(name) (C(updateHost name=)), so that the next run finds it in one call.
    type: str
    required: true
    aliases: [ ip_address ]
  zone:
    description: Name or id of the zone. Required to add a host.
    type: str
  pod:
    description: Name or id of the pod. Required to add a host.
    type: str
  cluster:
    description: Name or id of the cluster. Required to add a host.
    type: str
  hypervisor:
    description: Hypervisor of the host. Required to add a host.
    type: str
    choices: [ KVM, XenServer, VMware, Hyperv, BareMetal, Simulator, Ovm, Ovm3, LXC ]
  url:
    description: URL of the host, for example C(http://10.0.0.11). Used only to add it.
    type: str
  username:
    description: User name on the host. Required to add a host of every hypervisor but VMware.
    type: str
  password:
    description: Password of that user. Required with O(username). Never logged.
    type: str
  host_tags:
    description: Host tags. A set; order never makes a change. An empty list removes every tag.
    type: list
    elements: str
    aliases: [ host_tag ]
  state:
    description:
      - V(present) adds or updates the host. V(enabled) and V(disabled) also set its allocation state
        (V(enabled) also takes the host out of maintenance).
      - V(maintenance) prepares the host for maintenance and waits until it is in Maintenance.
      - V(absent) removes the host, putting it into maintenance first unless O(force=true).
    type: str
    default: present
    choices: [ present, enabled, disabled, maintenance, absent ]
  force:
    description: With O(state=absent), delete the host without putting it into maintenance first (C(forced=true)).
    type: bool
    default: false
  wait:
    description:
      - Wait for the state that follows the writes (Up after adding the host, Maintenance). The async jobs are
        always followed to their end.
      - With V(false), O(state=absent) still waits for Maintenance before it deletes the host (CloudStack deletes
        only such a host).
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds the task may wait in all, async jobs included (a job that does not end in time fails the task,
        with C(changed=true) as a write was sent). Replaces O(api_job_timeout) for this module.
    type: int
    default: 300
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: Add a KVM host with tags
  csops.cloudstack.host:
    name: 10.0.0.11
    zone: zone-1
    pod: pod-1
    cluster: cluster-1
    hypervisor: KVM
    username: root
    password: "{{ vault_kvm_root_password }}"
    host_tags: [ssd, gpu]

- name: Put a host into maintenance
  csops.cloudstack.host:
    name: kvm-11
    state: maintenance

- name: Back to work
  csops.cloudstack.host:
    name: kvm-11
    state: enabled

- name: Remove a host (maintenance first)
  csops.cloudstack.host:
    name: kvm-11
    state: absent
"""

RETURN = r"""
host:
  description: The host (empty after O(state=absent)).
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the host.
      type: str
      sample: 3b4c5d6e-7f80-4a1b-9c2d-3e4f5a6b7c8d
    name:
      description: Name of the host.
      type: str
      sample: kvm-11
    ip_address:
      description: IP address.
      type: str
      sample: "10.0.0.11"
    state:
      description: Connection state (Up, Down, Disconnected, ...).
      type: str
      sample: Up
    resource_state:
      description: Resource state (Enabled, Disabled, PrepareForMaintenance, Maintenance, ...).
      type: str
      sample: Enabled
    host_tags:
      description: Host tags, comma separated as CloudStack returns them.
      type: str
      sample: gpu,ssd
    hypervisor:
      description: Hypervisor.
      type: str
      sample: KVM
    cluster_name:
      description: Cluster name.
      type: str
      sample: cluster-1
    pod_name:
      description: Pod name.
      type: str
      sample: pod-1
    zone_name:
      description: Zone name.
      type: str
      sample: zone-1
    cluster_id:
      description: UUID of the cluster.
      type: str
      sample: 237b607c-caa7-4d34-8f0e-b07309c5a217
    cluster_type:
      description: Cluster type (CloudManaged or ExternalManaged).
      type: str
      sample: CloudManaged
    cpu_number:
      description: Number of CPUs.
      type: int
      sample: 4
    cpu_sockets:
      description: Number of CPU sockets.
      type: int
      sample: 1
    cpu_speed:
      description: CPU speed in MHz.
      type: int
      sample: 2400
    created:
      description: When it was created.
      type: str
      sample: "2026-11-29T15:50:33+0000"
    encryption_supported:
      description: Whether the host supports volume encryption.
      type: bool
      sample: true
    events:
      description: Events the host's state machine accepts.
      type: str
      sample: AgentConnected; AgentDisconnected; HostDown; Ping; PingTimeout; Remove; ShutdownRequested
    ha_host:
      description: Whether the host is reserved for HA VMs.
      type: bool
      sample: false
    has_annotations:
      description: Whether it has comments (annotations).
      type: bool
      sample: false
    has_enough_capacity:
      description: Whether the host has enough capacity for a migrating VM (C(findHostsForMigration) only).
      type: bool
      sample: false
    is_local_storage_active:
      description: Whether the host's local storage is in use.
      type: bool
      sample: false
    last_pinged:
      description: When the host was last pinged.
      type: str
      sample: "1970-01-20T00:00:00+0000"
    memory_total:
      description: Memory of the host in bytes.
      type: int
      sample: 8589934592
    pod_id:
      description: UUID of the pod.
      type: str
      sample: 96755802-b066-4169-8b0c-2d66d0b45a74
    suitable_for_migration:
      description: Whether a VM can migrate to the host (C(findHostsForMigration) only).
      type: bool
      sample: false
    type:
      description: Type of the host.
      type: str
      sample: Routing
    uefi_capability:
      description: Whether the host can boot VMs with UEFI.
      type: bool
      sample: false
    version:
      description: CloudStack agent version.
      type: str
      sample: "4.18.0.0"
    zone_id:
      description: UUID of the zone.
      type: str
      sample: 959bcd9d-ff9c-4273-b9e2-2cb316bdf799
elapsed:
  description: Seconds the task took, waits included (also returned when it fails).
  returned: always
  type: float
  sample: 12.41
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.resources.host import Host


def main():
    module = Host()
    module()


if __name__ == "__main__":
    main()

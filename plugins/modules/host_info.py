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
  - csops.cloudstack.attributes.action
  - csops.cloudstack.info_filters
  - csops.cloudstack.info_filters.zone
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
  contains:
    cluster_id:
      description: UUID of the cluster.
      type: str
      sample: 12d9ac61-c2df-49b0-a0c3-643519864caa
    cluster_name:
      description: Name of the cluster.
      type: str
      sample: rz-cluster
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
      sample: "2026-11-29T15:50:34+0000"
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
    host_tags:
      description: Host tags, comma separated as CloudStack returns them.
      type: str
      sample: ssd
    hypervisor:
      description: Hypervisor.
      type: str
      sample: KVM
    id:
      description: UUID of the host.
      type: str
      sample: efb4757d-84c7-432f-9d67-ecefb6a08e9c
    ip_address:
      description: IP address.
      type: str
      sample: "10.20.0.21"
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
    name:
      description: Name of the host.
      type: str
      sample: "10.20.0.21"
    pod_id:
      description: UUID of the pod.
      type: str
      sample: 4dfbc286-518a-4070-894b-54303b429854
    pod_name:
      description: Name of the pod.
      type: str
      sample: rz-pod
    resource_state:
      description: Resource state (Enabled, Disabled, PrepareForMaintenance, Maintenance, ...).
      type: str
      sample: Enabled
    state:
      description: State of the host.
      type: str
      sample: Up
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
      sample: ac07db8d-648e-400e-bdcd-92a62e71e375
    zone_name:
      description: Name of the zone.
      type: str
      sample: rz-zone
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.info import InfoModule


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

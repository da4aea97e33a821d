#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: instance_info
short_description: List CloudStack virtual machines (instances)
version_added: 0.1.0
description:
  - Lists virtual machines (instances) (C(listVirtualMachines)), filtered on the server, every page walked. Changes nothing.
  - A parent given by name is resolved first (one more call); by id it is passed as it is.
author: csops.cloudstack developers (@csops)
options:
  keyword:
    description: Part of the name or display name.
    type: str
  state:
    description: VM state, for example V(Running) or V(Stopped).
    type: str
  project:
    description: Project (name or id).
    type: str
  tags:
    description: Only VMs that have all these resource tags (key/value).
    type: dict
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
  - csops.cloudstack.attributes.action
  - csops.cloudstack.info_filters
  - csops.cloudstack.info_filters.zone
  - csops.cloudstack.info_filters.owner
"""

EXAMPLES = r"""
- name: List virtual machines (instances)
  csops.cloudstack.instance_info:
    name: example
  register: found
"""

RETURN = r"""
instances:
  description: The matching virtual machines (instances), with snake_case keys.
  returned: success
  type: list
  elements: dict
  sample: [{"id": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d", "name": "web-01", "state": "Running", "zone_name": "zone-1", "iso_name": "systemrescue-11"}]
  contains:
    account:
      description: Account that owns it.
      type: str
      sample: admin
    affinity_group:
      description: Affinity groups of the VM.
      type: list
      elements: str
    cpu_number:
      description: Number of CPUs.
      type: int
      sample: 1
    cpu_speed:
      description: CPU speed in MHz.
      type: int
      sample: 500
    created:
      description: When it was created.
      type: str
      sample: "2026-01-01T10:00:00+0000"
    display_name:
      description: Display name.
      type: str
      sample: web-01
    display_vm:
      description: Whether the VM is shown to its owner.
      type: bool
      sample: true
    domain:
      description: Domain that owns it.
      type: str
      sample: ROOT
    domain_id:
      description: UUID of the domain that owns it.
      type: str
      sample: 3f0d4a2e-0000-4a1b-9c2d-3e4f5a6b7c8d
    guest_os_id:
      description: UUID of the guest OS.
      type: str
      sample: ee9c3488-6895-465b-a0e1-ca7ed0c315c4
    ha_enable:
      description: Whether high availability is on for the VM.
      type: bool
      sample: false
    host_id:
      description: UUID of the host it runs on.
      type: str
      sample: 5a6b7c8d-3333-4a1b-9c2d-3e4f5a6b7c8d
    host_name:
      description: Name of the host it runs on.
      type: str
      sample: kvm-11
    hypervisor:
      description: Hypervisor.
      type: str
      sample: KVM
    id:
      description: UUID of the VM.
      type: str
      sample: a190b505-8411-4dcd-ac00-fa8ef70c9c79
    instance_name:
      description: Internal name of the VM on the hypervisor (i-2-10-VM).
      type: str
      sample: i-2-10-VM
    is_dynamically_scalable:
      description: Whether CPU and memory can be changed while it runs.
      type: bool
      sample: false
    last_updated:
      description: When it was last updated.
      type: str
      sample: "2026-01-01T10:00:00+0000"
    memory:
      description: Memory in MiB.
      type: int
      sample: 512
    name:
      description: Name of the VM.
      type: str
      sample: web-01
    nic:
      description: NICs of the VM.
      type: list
      elements: dict
      contains:
        broadcast_uri:
          description: Broadcast URI of the NIC, for example vlan://100.
          type: str
          sample: "vlan://100"
        device_id:
          description: Device number of the NIC in the VM.
          type: str
          sample: "0"
        extra_dhcp_option:
          description: Extra DHCP options of the NIC.
          type: list
          elements: str
        gateway:
          description: Gateway.
          type: str
          sample: "10.0.0.1"
        id:
          description: UUID of the NIC.
          type: str
          sample: "00000001-0000-4000-9000-000000000001"
        ip_address:
          description: IP address.
          type: str
          sample: "10.0.0.1"
        is_default:
          description: Whether this is the VM's default NIC.
          type: bool
          sample: true
        isolation_uri:
          description: Isolation URI of the NIC, for example vlan://100.
          type: str
          sample: "vlan://100"
        mac_address:
          description: MAC address.
          type: str
          sample: "02:00:00:00:00:01"
        netmask:
          description: Netmask.
          type: str
          sample: "255.0.0.0"
        network_id:
          description: UUID of the network.
          type: str
        network_name:
          description: Name of the network.
          type: str
          sample: guestnet
        traffic_type:
          description: Traffic type.
          type: str
          sample: Guest
        type:
          description: Type of the NIC's network (Isolated, Shared, L2).
          type: str
          sample: Isolated
    os_display_name:
      description: Name of the VM's OS type.
      type: str
      sample: CentOS 7
    os_type_id:
      description: UUID of the OS type.
      type: str
    password_enabled:
      description: Whether a password can be set through the password service.
      type: bool
      sample: false
    root_device_id:
      description: Device number of the root volume.
      type: int
      sample: 0
    root_device_type:
      description: Type of the root volume's storage.
      type: str
      sample: ROOT
    security_group:
      description: Security groups of the VM.
      type: list
      elements: str
    service_offering_id:
      description: UUID of the service offering.
      type: str
      sample: 0b5e2c1a-2222-4a1b-9c2d-3e4f5a6b7c8d
    service_offering_name:
      description: Name of the service offering.
      type: str
      sample: Small Instance
    state:
      description: State of the VM.
      type: str
      sample: Running
    tags:
      description: Resource tags, each a dict with key and value.
      type: list
      elements: dict
    template_display_text:
      description: Display text of the template.
      type: str
      sample: ubuntu-22.04
    template_id:
      description: UUID of the template.
      type: str
      sample: 7f1c2e4a-1111-4a1b-9c2d-3e4f5a6b7c8d
    template_name:
      description: Name of the template.
      type: str
      sample: ubuntu-22.04
    zone_id:
      description: UUID of the zone.
      type: str
      sample: 85d5c168-66a2-4ed0-a198-ce802737c538
    zone_name:
      description: Name of the zone.
      type: str
      sample: vm-zone
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError, looks_like_uuid
from ansible_collections.csops.cloudstack.plugins.module_utils.info import InfoModule
from ansible_collections.csops.cloudstack.plugins.module_utils.tags import tag_set


class InstanceInfo(InfoModule):
    resource = "virtualmachine"
    list_command = "listVirtualMachines"
    result_key = "instances"
    filters = {"name": "name", "id": "id", "keyword": "keyword", "state": "state", "account": "account", "project": "projectid", "tags": "tags"}
    parents = {"zone": ("zoneid", "get_zone"), "domain": ("domainid", "get_domain_id")}
    fixed_params = {"listall": True}
    argument_spec = dict(
        name=dict(type="str"),
        id=dict(type="str"),
        keyword=dict(type="str", no_log=False),
        zone=dict(type="str"),
        state=dict(type="str"),
        domain=dict(type="str"),
        account=dict(type="str"),
        project=dict(type="str"),
        tags=dict(type="dict"),
    )

    def list_params(self):
        params = super().list_params()
        project = self.params.get("project")
        if project and not looks_like_uuid(project):
            found = [p for p in self.list("listProjects", "project", name=project, listall=True) if p.get("name") == project]
            if not found:
                raise CloudStackError("project %r not found." % project)
            params["projectid"] = found[0]["id"]
        return params

    def run(self):
        super().run()
        wanted = self.params.get("tags")
        if wanted:
            # The server matches VMs having ANY of the pairs (QueryManagerImpl ORs them): keep those with ALL.
            want = tag_set(wanted)
            self.result["instances"] = [vm for vm in self.result["instances"] if want <= tag_set(vm.get("tags"))]


def main():
    module = InstanceInfo()
    module()


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: system_vm_info
short_description: List CloudStack system VMs
version_added: 0.1.0
description:
  - Lists secondary storage and console proxy VMs (C(listSystemVms)), filtered on the server, every page walked.
    Changes nothing.
author: csops.cloudstack developers (@csops)
options:
  type:
    description: V(secondarystoragevm) or V(consoleproxy).
    type: str
    choices: [ secondarystoragevm, consoleproxy ]
  state:
    description: VM state, for example V(Running) or V(Stopped).
    type: str
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
  - csops.cloudstack.attributes.action
  - csops.cloudstack.info_filters
  - csops.cloudstack.info_filters.zone
"""

EXAMPLES = r"""
- name: The system VMs of a zone
  csops.cloudstack.system_vm_info:
    zone: zone-1
  register: svms
"""

RETURN = r"""
system_vms:
  description: The matching system VMs, with snake_case keys (C(system_vm_type), C(agent_state), C(public_ip), ...).
  returned: success
  type: list
  elements: dict
  sample: [{"name": "s-1-VM", "system_vm_type": "secondarystoragevm", "state": "Running", "agent_state": "Up"}]
  contains:
    active_viewer_sessions:
      description: Console sessions open on the console proxy.
      type: int
      sample: 0
    created:
      description: When it was created.
      type: str
      sample: "2026-11-29T15:50:43+0000"
    dns1:
      description: First DNS server.
      type: str
      sample: "8.8.8.8"
    has_annotations:
      description: Whether it has comments (annotations).
      type: bool
      sample: false
    host_id:
      description: UUID of the host it runs on.
      type: str
      sample: 60b0dc60-afff-42b5-92ff-a8958a261d47
    host_name:
      description: Name of the host it runs on.
      type: str
      sample: "10.20.0.21"
    hypervisor:
      description: Hypervisor.
      type: str
      sample: KVM
    id:
      description: UUID of the system VM.
      type: str
      sample: 095911e3-587b-4701-b21a-32c206e8d46d
    is_dynamically_scalable:
      description: Whether CPU and memory can be changed while it runs.
      type: bool
      sample: false
    link_local_ip:
      description: Link-local IP address.
      type: str
      sample: "169.254.0.3"
    name:
      description: Name of the system VM.
      type: str
      sample: s-1-VM
    pod_id:
      description: UUID of the pod.
      type: str
      sample: 950bb1f8-9b50-4820-a853-eab51c08bf65
    pod_name:
      description: Name of the pod.
      type: str
      sample: rz-pod
    private_ip:
      description: Private (management) IP address.
      type: str
      sample: "10.0.0.3"
    public_ip:
      description: Public IP address.
      type: str
      sample: "192.0.0.3"
    state:
      description: State of the system VM.
      type: str
      sample: Starting
    system_vm_type:
      description: "Type: secondarystoragevm or consoleproxy."
      type: str
      sample: secondarystoragevm
    version:
      description:
        - Version its agent reported when it last connected - the management server's version when it last booted
          (every start copies the server's agent into it). A system VM below the management server's version needs a
          restart after an upgrade (C(listSystemVms) has no C(requiresupgrade), unlike C(listRouters)).
      type: str
      sample: 4.18.0.0
    zone_id:
      description: UUID of the zone.
      type: str
      sample: 98b48689-79a7-4ba6-8f41-2572ff0d5546
    zone_name:
      description: Name of the zone.
      type: str
      sample: rz-zone
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.info import InfoModule


class SystemVmInfo(InfoModule):
    resource = "systemvm"
    list_command = "listSystemVms"
    result_key = "system_vms"
    filters = {"name": "name", "id": "id", "type": "systemvmtype", "state": "state"}
    parents = {"zone": ("zoneid", "get_zone")}
    argument_spec = dict(
        name=dict(type="str"),
        id=dict(type="str"),
        zone=dict(type="str"),
        type=dict(type="str", choices=["secondarystoragevm", "consoleproxy"]),
        state=dict(type="str"),
    )


def main():
    module = SystemVmInfo()
    module()


if __name__ == "__main__":
    main()

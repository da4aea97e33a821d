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
  name:
    description: Exact name of a system VM.
    type: str
  id:
    description: UUID of a system VM.
    type: str
  zone:
    description: Name or id of the zone.
    type: str
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
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.module import InfoModule


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

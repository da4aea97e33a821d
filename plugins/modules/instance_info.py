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
  name:
    description: Exact name of the VM.
    type: str
  id:
    description: UUID of the VM.
    type: str
  keyword:
    description: Part of the name or display name.
    type: str
  zone:
    description: Name or id of the zone.
    type: str
  state:
    description: VM state, for example V(Running) or V(Stopped).
    type: str
  domain:
    description: Domain (path such as C(ROOT/customers), or id).
    type: str
  account:
    description: Account name (with O(domain)).
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
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError
from ansible_collections.csops.cloudstack.plugins.module_utils.module import InfoModule, looks_like_uuid
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

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: domain
short_description: Manage CloudStack domains by path
version_added: 0.2.0
description:
  - Create, update and delete domains, addressed by their path (V(ROOT/customers/acme)).
  - The parent domain must exist; create parents first (tasks run in order).
  - An idempotent run costs one API call (C(listDomains) filtered by the last name of the path).
author: csops.cloudstack developers (@csops)
options:
  path:
    description:
      - Path of the domain, V(ROOT/customers/acme); V(/customers/acme) and V(customers/acme) mean the same.
      - Names are matched regardless of case, as CloudStack does (a second V(ACME) under one parent is refused).
    type: str
    required: true
  network_domain:
    description:
      - DNS suffix of the networks of the domain's accounts, for example V(acme.example.com).
      - An empty string removes it.
    type: str
  clean_up:
    description:
      - With O(state=absent), also delete the domain's subdomains and accounts (with their users and resources).
      - Without it CloudStack refuses to delete a domain that still has accounts or subdomains.
    type: bool
    default: false
    aliases: [ cleanup ]
  state:
    description: V(present) creates or updates the domain, V(absent) deletes it.
    type: str
    default: present
    choices: [ present, absent ]
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: A customer domain below ROOT/customers
  csops.cloudstack.domain:
    path: ROOT/customers/acme
    network_domain: acme.example.com

- name: Remove it with its accounts and subdomains
  csops.cloudstack.domain:
    path: ROOT/customers/acme
    state: absent
    clean_up: true
"""

RETURN = r"""
domain:
  description: The domain (empty after O(state=absent)).
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the domain.
      type: str
      sample: 5d0d3e4e-9d1c-4b8e-8c2e-0c8d0a6b1f22
    name:
      description: Name (the last part of the path).
      type: str
      sample: acme
    path:
      description: Path of the domain.
      type: str
      sample: ROOT/customers/acme
    level:
      description: Depth below ROOT (ROOT is 0).
      type: int
      sample: 2
    parent_id:
      description: UUID of the parent domain.
      type: str
      sample: 1b2c3d4e-0000-4000-8000-000000000001
    parent_name:
      description: Name of the parent domain.
      type: str
      sample: customers
    network_domain:
      description: Network domain, when set.
      type: str
      sample: acme.example.com
    has_child:
      description: Whether the domain has subdomains.
      type: bool
      sample: false
    state:
      description: Active (or Inactive while it is being deleted). Not in the answer of a create or update.
      type: str
      sample: Active
    created:
      description: Creation date.
      type: str
      sample: "2025-01-01T12:00:00+0000"
    resources:
      description:
        - Per resource type its limit, total and available figures, as CloudStack reports them.
        - Only when the object was listed (not in the answer of a create).
      type: list
      elements: dict
      contains:
        resource_type:
          description: CloudStack name of the resource type (user_vm, public_ip, volume, snapshot, template, project,
            network, vpc, cpu, memory, primary_storage, secondary_storage).
          type: str
          sample: user_vm
        limit:
          description: The maximum, V(Unlimited) or a number (memory in MiB, storage in GiB).
          type: str
          sample: "20"
        total:
          description: What is used (storage in GiB; secondary storage as a decimal number).
          type: raw
          sample: 2
        available:
          description: What is left, V(Unlimited) or a number.
          type: str
          sample: "18"
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError
from ansible_collections.csops.cloudstack.plugins.module_utils.identity import (domain_id, domain_path, domain_result, network_domain,
                                                                                find_domain, path_name, path_parent)
from ansible_collections.csops.cloudstack.plugins.module_utils.module import Field, ResourceModule, normalize


class Domain(ResourceModule):
    resource = "domain"
    list_command = "listDomains"
    create_command = "createDomain"
    update_command = "updateDomain"
    delete_command = "deleteDomain"
    fields = (Field("network_domain", "networkdomain"),)

    argument_spec = dict(
        path=dict(type="str", required=True),
        network_domain=dict(type="str"),
        clean_up=dict(type="bool", default=False, aliases=["cleanup"]),
        state=dict(type="str", default="present", choices=["present", "absent"]),
    )

    def __init__(self):
        super().__init__()
        self.path = None

    def run(self):
        self.path = domain_path("path", self.params["path"])
        network_domain("network_domain", self.params["network_domain"])
        if self.params["state"] == "absent" and self.path == "ROOT":
            raise CloudStackError("path: the ROOT domain cannot be deleted.")
        super().run()

    def find(self):
        return find_domain(self, self.path, "path")

    def differences(self, obj):
        diffs = {}
        wanted = self.params["network_domain"]
        current = obj.get("networkdomain")
        if wanted is not None and normalize(current or "") != normalize(wanted):
            diffs["network_domain"] = (current, wanted)
        return diffs

    def create_params(self):
        if self.path == "ROOT":
            raise CloudStackError("path: the ROOT domain always exists.")
        params = {"name": path_name(self.path), "parentdomainid": domain_id(self, path_parent(self.path), "path")}
        if self.params["network_domain"]:
            params["networkdomain"] = self.params["network_domain"]
        return params

    def update_params(self, obj, diffs):
        return {"id": obj["id"], "networkdomain": self.params["network_domain"]}

    def delete_params(self, obj):
        return {"id": obj["id"], "cleanup": self.params["clean_up"]}

    def simulate(self, obj, params):
        after = dict(obj or {})
        if not obj:
            after.update(name=params["name"], path=self.path, level=self.path.count("/"), parentdomainid=params["parentdomainid"],
                         parentdomainname=path_name(path_parent(self.path)), haschild=False)
        if "networkdomain" in params:
            after["networkdomain"] = params["networkdomain"] or None
        return {k: v for k, v in after.items() if v is not None}

    def ensure_present(self):
        before = self.lookup()
        after = super().ensure_present()
        if before is not None and after is not None and after is not before:
            # the update answer has no state and no limits: keep the listed fields it does not repeat
            merged = dict(before)
            merged.update(after)
            if not after.get("networkdomain"):
                merged.pop("networkdomain", None)
            after = merged
        return after

    def to_result(self, obj):
        return domain_result(obj)


def main():
    module = Domain()
    module()


if __name__ == "__main__":
    main()

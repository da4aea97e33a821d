#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: role
short_description: Manage CloudStack roles
version_added: 0.2.0
description:
  - Create, update and delete custom roles (dynamic roles). Their rules are managed with
    M(csops.cloudstack.role_permission).
  - A new role is of a type (O(role_type)) with no rules, or a copy of another role with its rules (O(clone_from)).
  - Roles are found by exact name (and O(role_type) when two roles of different types share a name).
  - CloudStack's default roles (Root Admin, Domain Admin, User, the read-only and support roles) cannot be changed
    or deleted; the module fails before any write when asked to.
  - An idempotent run costs one API call (C(listRoles) filtered by name).
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the role.
    type: str
    required: true
  role_type:
    description:
      - Type of the role; it decides what kind of account can have it.
      - Required to create a role unless O(clone_from) is given. On an existing role a different type is changed, which
        CloudStack refuses while accounts use the role.
    type: str
    choices: [ Admin, ResourceAdmin, DomainAdmin, User ]
    aliases: [ type ]
  clone_from:
    description: Name or id of a role to copy (type and rules) when the role is created. Ignored for an existing role.
    type: str
  description:
    description: Description of the role.
    type: str
  state:
    description: V(present) creates or updates the role, V(absent) deletes it (refused while accounts use it).
    type: str
    default: present
    choices: [ present, absent ]
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: An empty user role
  csops.cloudstack.role:
    name: read-only-ops
    role_type: User
    description: Operators who only read

- name: A copy of the default domain admin role
  csops.cloudstack.role:
    name: reseller-admin
    clone_from: Domain Admin
"""

RETURN = r"""
role:
  description: The role (empty after O(state=absent)).
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the role.
      type: str
      sample: 3c1d5e8f-2222-4333-8444-555566667777
    name:
      description: Name of the role.
      type: str
      sample: read-only-ops
    role_type:
      description: Admin, ResourceAdmin, DomainAdmin or User.
      type: str
      sample: User
    description:
      description: Description, when set.
      type: str
      sample: Operators who only read
    is_default:
      description: Whether it is one of CloudStack's default roles (not in the answer of a create or update).
      type: bool
      sample: false
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError
from ansible_collections.csops.cloudstack.plugins.module_utils.identity import find_role, role_result
from ansible_collections.csops.cloudstack.plugins.module_utils.module import Field, ResourceModule


class Role(ResourceModule):
    resource = "role"
    list_command = "listRoles"
    create_command = "createRole"
    update_command = "updateRole"
    delete_command = "deleteRole"
    fields = (Field("role_type", "type"), Field("description"))

    argument_spec = dict(
        name=dict(type="str", required=True),
        role_type=dict(type="str", choices=["Admin", "ResourceAdmin", "DomainAdmin", "User"], aliases=["type"]),
        clone_from=dict(type="str"),
        description=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
    )

    def __init__(self):
        super().__init__()
        self._source = None

    def find(self):
        p = self.params
        items = [r for r in self.list("listRoles", "role", name=p["name"]) if r.get("name") == p["name"]]
        if len(items) > 1 and p["role_type"]:
            items = [r for r in items if r.get("type") == p["role_type"]]
        if len(items) > 1:
            raise CloudStackError("name: %d roles are named %r (%s); give role_type." % (
                len(items), p["name"], ", ".join(sorted(r.get("type", "?") for r in items))))
        return items[0] if items else None

    def run(self):
        if not self.params["name"].strip():
            raise CloudStackError("name: the role name is empty.")
        if self.params["clone_from"] and self.params["role_type"] and self.params["state"] == "present":
            raise CloudStackError("clone_from: a cloned role takes the type of its source; leave out role_type.")
        obj = self.lookup()
        if obj is not None and obj.get("isdefault") and (self.params["state"] == "absent" or self.differences(obj)):
            raise CloudStackError("name: %s is a default role of CloudStack, which cannot be changed or deleted." % obj["name"])
        super().run()

    def create_params(self):
        p = self.params
        params = {"name": p["name"], "description": p["description"]}
        if p["clone_from"]:
            source = find_role(self, p["clone_from"], option="clone_from")
            params["roleid"] = source["id"]
            self._source = source
        elif p["role_type"]:
            params["type"] = p["role_type"]
        else:
            raise CloudStackError("role_type or clone_from required to create role %s." % p["name"])
        return params

    def simulate(self, obj, params):
        after = dict(obj or {})
        if not obj:
            after.update(name=params["name"], type=params.get("type") or (self._source or {}).get("type"), isdefault=False)
        for key in ("type", "description"):
            if params.get(key):
                after[key] = params[key]
        return {k: v for k, v in after.items() if v is not None}

    def ensure_present(self):
        before = self.lookup()
        after = super().ensure_present()
        if before is not None and after is not before and after is not None:
            merged = dict(before)
            merged.update(after)
            after = merged
        return after

    def to_result(self, obj):
        return role_result(obj)


def main():
    module = Role()
    module()


if __name__ == "__main__":
    main()

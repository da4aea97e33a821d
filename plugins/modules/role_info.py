#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: role_info
short_description: List CloudStack roles and their rules
version_added: 0.2.0
description:
  - Lists roles (listRoles), every page walked, and with O(include_rules) their ordered permission rules
    (one C(listRolePermissions) call per role). Changes nothing.
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Exact name of the role.
    type: str
  id:
    description: UUID of the role.
    type: str
  role_type:
    description: Only roles of this type.
    type: str
    choices: [ Admin, ResourceAdmin, DomainAdmin, User ]
  include_rules:
    description: Also return each role's rules, in order.
    type: bool
    default: false
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: Every role
  csops.cloudstack.role_info:
  register: roles

- name: One role with its rules
  csops.cloudstack.role_info:
    name: read-only-ops
    include_rules: true
  register: ro
"""

RETURN = r"""
roles:
  description: The matching roles, with the keys of the M(csops.cloudstack.role) module.
  returned: success
  type: list
  elements: dict
  sample: [{"name": "User", "role_type": "User", "is_default": true, "description": "Default user role"}]
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
    rules:
      description: With O(include_rules), the role's rules in order.
      returned: when O(include_rules=true)
      type: list
      elements: dict
      contains:
        id:
          description: UUID of the rule (absent for a rule check mode would create).
          type: str
          sample: 7e1f2d3c-1111-4222-8333-444455556666
        rule:
          description: API name or pattern.
          type: str
          sample: "list*"
        permission:
          description: allow or deny.
          type: str
          sample: allow
        description:
          description: Description, when set.
          type: str
          sample: read everything
        role_id:
          description: UUID of the role.
          type: str
          sample: 3c1d5e8f-2222-4333-8444-555566667777
        role:
          description: Name of the role.
          type: str
          sample: read-only-ops
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.identity import permission_result, role_result
from ansible_collections.csops.cloudstack.plugins.module_utils.module import CloudStackModule


class RoleInfo(CloudStackModule):
    argument_spec = dict(
        name=dict(type="str"),
        id=dict(type="str"),
        role_type=dict(type="str", choices=["Admin", "ResourceAdmin", "DomainAdmin", "User"]),
        include_rules=dict(type="bool", default=False),
    )

    def run(self):
        p = self.params
        params = {}
        if p["id"]:
            params["id"] = p["id"]
        elif p["name"]:
            params["name"] = p["name"]
        elif p["role_type"]:
            params["type"] = p["role_type"]
        items = self.list("listRoles", "role", **params)
        if p["name"]:
            items = [r for r in items if r.get("name") == p["name"]]
        if p["role_type"]:
            items = [r for r in items if r.get("type") == p["role_type"]]
        roles = []
        for item in items:
            role = role_result(item)
            if p["include_rules"]:
                answer = self.query("listRolePermissions", roleid=item["id"])
                role["rules"] = [permission_result(r) for r in answer.get("rolepermission") or []]
            roles.append(role)
        self.result["roles"] = roles


def main():
    module = RoleInfo()
    module()


if __name__ == "__main__":
    main()

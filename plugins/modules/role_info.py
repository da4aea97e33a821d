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
  description:
    - The matching roles, with the keys of the M(csops.cloudstack.role) module, and with O(include_rules) a C(rules) list
      (the keys of M(csops.cloudstack.role_permission)'s C(rules)).
  returned: success
  type: list
  elements: dict
  sample: [{"name": "User", "role_type": "User", "is_default": true, "description": "Default user role"}]
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

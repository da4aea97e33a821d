#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: role_permission
short_description: Manage the ordered permission rules of a CloudStack role
version_added: 0.2.0
description:
  - Manages the rules of a custom role. CloudStack checks them in order; the first rule whose pattern matches the
    API name decides (V(allow) or V(deny)); a rule is an API name or a pattern with C(*) wildcards (V(list*)).
    When no rule matches, the API's own role types decide.
  - Either one rule (O(rule), with its O(permission), O(description) and position O(parent)), or the complete
    ordered list of the role's rules (O(rules)).
  - Order is idempotent - the rules are reordered (one C(updateRolePermission) call) only when their order differs.
  - The rules of CloudStack's default roles cannot be changed; the module fails before any write when asked to.
  - An unchanged run costs two API calls (C(listRoles), C(listRolePermissions)), one when O(role) is an id.
author: csops.cloudstack developers (@csops)
options:
  role:
    description: Name or id of the role.
    type: str
    required: true
  role_type:
    description: Type of the role, to tell apart two roles of the same name.
    type: str
    choices: [ Admin, ResourceAdmin, DomainAdmin, User ]
  rule:
    description:
      - One rule, an API name or a pattern of letters, digits and C(*) (for example V(listVirtualMachines), V(list*),
        V(*)). Matched regardless of case, as CloudStack does.
      - Not together with O(rules).
    type: str
    aliases: [ name ]
  permission:
    description: V(allow) or V(deny) for O(rule). Required to create the rule.
    type: str
    choices: [ allow, deny ]
  description:
    description:
      - Description of O(rule). CloudStack cannot change a rule's description, so a different one re-creates the rule
        (at the same place).
    type: str
  parent:
    description:
      - Where O(rule) goes - right after this rule (its pattern or id), or V(0) / V(top) for the first place.
      - Not set, a new rule goes last and an existing one stays where it is.
    type: str
  rules:
    description:
      - The complete, ordered rule list of the role. Missing rules are created, rules not listed are deleted, a different
        permission is changed, and the order is set.
      - Not together with O(rule).
    type: list
    elements: dict
    suboptions:
      rule:
        description: API name or pattern.
        type: str
        required: true
      permission:
        description: V(allow) or V(deny).
        type: str
        required: true
        choices: [ allow, deny ]
      description:
        description: Description of the rule.
        type: str
  state:
    description: V(present) makes O(rule) exist, V(absent) deletes it. With O(rules) only V(present) is possible.
    type: str
    default: present
    choices: [ present, absent ]
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: A read-only role - every list and get API, nothing else
  csops.cloudstack.role_permission:
    role: read-only-ops
    rules:
      - {rule: "list*", permission: allow}
      - {rule: "get*", permission: allow}
      - {rule: queryAsyncJobResult, permission: allow}
      - {rule: "*", permission: deny}

- name: One more rule, right after list*
  csops.cloudstack.role_permission:
    role: read-only-ops
    rule: listVirtualMachinesMetrics
    permission: deny
    parent: "list*"

- name: Remove it
  csops.cloudstack.role_permission:
    role: read-only-ops
    rule: listVirtualMachinesMetrics
    state: absent
"""

RETURN = r"""
role:
  description: The role whose rules were managed.
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
      description: Type of the role.
      type: str
      sample: User
    description:
      description: Description of the role, when set.
      type: str
      sample: Operators who only read
    is_default:
      description: Whether it is a default role of CloudStack.
      type: bool
      sample: false
rules:
  description: Every rule of the role after the task, in order.
  returned: success
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
role_permission:
  description: The rule O(rule) (empty after O(state=absent)); with O(rules) not returned.
  returned: when O(rule) is given
  type: dict
  contains:
    id:
      description: UUID of the rule (absent for a rule check mode would create).
      type: str
      sample: 7e1f2d3c-1111-4222-8333-444455556666
    rule:
      description: API name or pattern.
      type: str
      sample: listVirtualMachinesMetrics
    permission:
      description: allow or deny.
      type: str
      sample: deny
    description:
      description: Description, when set.
      type: str
      sample: no metrics
    role_id:
      description: UUID of the role.
      type: str
      sample: 3c1d5e8f-2222-4333-8444-555566667777
    role:
      description: Name of the role.
      type: str
      sample: read-only-ops
"""

import re

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError, looks_like_uuid
from ansible_collections.csops.cloudstack.plugins.module_utils.identity import find_role, permission_result, role_result
from ansible_collections.csops.cloudstack.plugins.module_utils.module import CloudStackModule

RULE_RE = re.compile(r"^[a-zA-Z0-9*]+$")  # org.apache.cloudstack.acl.Rule


def check_rule(option, value):
    if not value or not RULE_RE.match(value):
        raise CloudStackError("%s: %r is not a rule; use an API name or a pattern of letters, digits and *." % (option, value))


class RolePermission(CloudStackModule):
    argument_spec = dict(
        role=dict(type="str", required=True),
        role_type=dict(type="str", choices=["Admin", "ResourceAdmin", "DomainAdmin", "User"]),
        rule=dict(type="str", aliases=["name"]),
        permission=dict(type="str", choices=["allow", "deny"]),
        description=dict(type="str"),
        parent=dict(type="str"),
        rules=dict(type="list", elements="dict", options=dict(
            rule=dict(type="str", required=True),
            permission=dict(type="str", required=True, choices=["allow", "deny"]),
            description=dict(type="str"),
        )),
        state=dict(type="str", default="present", choices=["present", "absent"]),
    )
    module_kwargs = dict(mutually_exclusive=[("rule", "rules"), ("rules", "parent"), ("rules", "permission")],
                         required_one_of=[("rule", "rules")])

    def __init__(self):
        super().__init__()
        self.role = None
        self.current = []
        self.rules = []
        self.checked_default = False

    # ------------------------------------------------------------ reads
    def validate(self):
        p = self.params
        if p["rules"] is not None:
            if p["state"] == "absent":
                raise CloudStackError("state: absent is for one rule; to remove every rule give rules: [].")
            seen = set()
            for index, item in enumerate(p["rules"]):
                check_rule("rules[%d].rule" % index, item["rule"])
                if item["rule"].lower() in seen:
                    raise CloudStackError("rules[%d].rule: %s is listed twice." % (index, item["rule"]))
                seen.add(item["rule"].lower())
        else:
            check_rule("rule", p["rule"])
            if p["parent"] not in (None, "0", "top") and not looks_like_uuid(p["parent"]):
                check_rule("parent", p["parent"])

    def load(self):
        p = self.params
        if looks_like_uuid(p["role"]):
            self.role = {"id": p["role"]}
        else:
            self.role = find_role(self, p["role"], p["role_type"])
        if self.role.get("id") is None:  # check mode: a role an earlier task would create
            self.current = []
        else:
            answer = self.query("listRolePermissions", roleid=self.role["id"])
            self.current = list(answer.get("rolepermission") or [])
        self.rules = [dict(r) for r in self.current]

    def require_custom(self):
        """Fail before the first write when the role is a default role (CloudStack refuses)."""
        if self.checked_default:
            return
        self.checked_default = True
        if "isdefault" not in self.role and self.role.get("id"):
            found = self.list("listRoles", "role", id=self.role["id"])
            if not found:
                raise CloudStackError("role: no role with id %s." % self.role["id"])
            self.role = found[0]
        if self.role.get("isdefault"):
            raise CloudStackError("role: %s is a default role of CloudStack; its rules cannot be changed." % self.role["name"])

    # ------------------------------------------------------------ writes (each also updates self.rules)
    def create(self, rule, permission, description):
        self.require_custom()
        answer = self.write("createRolePermission", roleid=self.role.get("id"), rule=rule, permission=permission,
                            description=description)
        planned = {"rule": rule, "permission": permission, "description": description, "roleid": self.role.get("id")}
        item = (answer or {}).get("rolepermission") or planned
        item = dict(item, rolename=self.role.get("name"))
        self.rules.append({k: v for k, v in item.items() if v is not None})
        return self.rules[-1]

    def delete(self, item):
        self.require_custom()
        self.write("deleteRolePermission", id=item["id"])
        self.rules = [r for r in self.rules if r is not item]

    def set_permission(self, item, permission):
        self.require_custom()
        self.write("updateRolePermission", roleid=self.role["id"], ruleid=item["id"], permission=permission)
        item["permission"] = permission

    def reorder(self, wanted):
        """wanted: the rule dicts in the order they must have; one call when it differs."""
        if [id(r) for r in wanted] == [id(r) for r in self.rules]:
            return
        self.require_custom()
        ids = [r.get("id") for r in wanted]
        if all(ids):
            self.write("updateRolePermission", roleid=self.role["id"], ruleorder=ids)
        else:
            self.result["changed"] = True  # check mode: planned rules have no id yet
        self.rules = list(wanted)

    @staticmethod
    def find_rule(items, rule):
        return next((r for r in items if r.get("rule", "").lower() == rule.lower() or r.get("id") == rule), None)

    # ------------------------------------------------------------ modes
    def ensure_list(self):
        wanted = self.params["rules"]
        keep = []
        for spec in wanted:
            item = self.find_rule(self.rules, spec["rule"])
            if item is not None and spec.get("description") is not None and (item.get("description") or "") != spec["description"]:
                self.delete(item)
                item = None
            if item is None:
                item = self.create(spec["rule"], spec["permission"], spec.get("description"))
            elif item.get("permission") != spec["permission"]:
                self.set_permission(item, spec["permission"])
            keep.append(item)
        for item in [r for r in self.rules if not any(r is k for k in keep)]:
            self.delete(item)
        self.reorder(keep)

    def ensure_one(self):
        p = self.params
        item = self.find_rule(self.rules, p["rule"])
        if p["state"] == "absent":
            if item is not None:
                self.delete(item)
            return {}
        parent = None
        if p["parent"] not in (None, "0", "top"):
            parent = self.find_rule([r for r in self.rules if r is not item], p["parent"])
            if parent is None:
                raise CloudStackError("parent: role %s has no rule %s." % (self.role.get("name", p["role"]), p["parent"]))
        position = self.rules.index(item) if item is not None else None
        if item is not None and p["description"] is not None and (item.get("description") or "") != p["description"]:
            permission = p["permission"] or item.get("permission")
            self.delete(item)
            item = None
        else:
            permission = p["permission"]
        if item is None:
            if not permission:
                raise CloudStackError("permission: required to create rule %s." % p["rule"])
            item = self.create(p["rule"], permission, p["description"])
            if position is not None:  # a re-created rule goes back to its place
                order = [r for r in self.rules if r is not item]
                order.insert(position, item)
                self.reorder(order)
        elif p["permission"] and item.get("permission") != p["permission"]:
            self.set_permission(item, p["permission"])
        if p["parent"] is not None:
            order = [r for r in self.rules if r is not item]
            if parent is None:
                order.insert(0, item)
            else:
                order.insert(order.index(parent) + 1, item)
            self.reorder(order)
        return item

    def run(self):
        self.validate()
        self.load()
        before = [permission_result(r) for r in self.current]
        if self.params["rules"] is not None:
            self.ensure_list()
        else:
            self.result["role_permission"] = permission_result(self.ensure_one())
        after = [permission_result(r) for r in self.rules]
        self.result["role"] = role_result(self.role)
        self.result["rules"] = after
        if self.module._diff:
            self.result["diff"] = {"before": {"rules": before}, "after": {"rules": after}}


def main():
    module = RolePermission()
    module()


if __name__ == "__main__":
    main()

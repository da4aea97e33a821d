#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: resource_limit
short_description: Set CloudStack resource limits of domains, accounts and projects
version_added: 0.2.0
description:
  - Sets the maximum of one resource type for a domain, an account or a project (C(updateResourceLimit)).
  - Without a limit of its own, an account gets the C(max.account.*) defaults, a domain its parent's limit or the
    C(max.domain.*) defaults, a project the C(max.project.*) defaults. Root admin accounts and the ROOT domain are
    always unlimited.
  - An unchanged run costs one API call (C(listResourceLimits)) when the domain or project is given by id, one more
    to find it by path or name.
author: csops.cloudstack developers (@csops)
options:
  resource_type:
    description:
      - The resource type, by its CloudStack name (V(instance) and V(ip_address), the names of
        C(ngine_io.cloudstack), mean V(user_vm) and V(public_ip)).
      - V(memory) is in MiB, V(primary_storage) and V(secondary_storage) in GiB, the others are counts.
    type: str
    required: true
    choices: [ user_vm, public_ip, volume, snapshot, template, project, network, vpc, cpu, memory, primary_storage,
               secondary_storage, instance, ip_address ]
    aliases: [ type ]
  limit:
    description: The maximum; V(-1) means unlimited.
    type: int
    required: true
    aliases: [ max ]
  domain:
    description:
      - Path (V(ROOT/customers/acme)) or id of the domain whose limit is set, or of O(account)'s domain (default ROOT).
      - The ROOT domain itself has no limits.
    type: str
  account:
    description: Name of the account whose limit is set (in O(domain)).
    type: str
  project:
    description: Name or id of the project whose limit is set.
    type: str
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: At most 10 VMs for the acme domain
  csops.cloudstack.resource_limit:
    domain: ROOT/customers/acme
    resource_type: user_vm
    limit: 10

- name: 500 GiB of primary storage for one account
  csops.cloudstack.resource_limit:
    domain: ROOT/customers/acme
    account: acme
    resource_type: primary_storage
    limit: 500

- name: No limit on CPUs for a project
  csops.cloudstack.resource_limit:
    project: web-shop
    resource_type: cpu
    limit: -1
"""

RETURN = r"""
resource_limit:
  description: The limit after the task.
  returned: success
  type: dict
  contains:
    resource_type:
      description: CloudStack name of the resource type.
      type: str
      sample: user_vm
    resource_type_id:
      description: Number of the resource type (CloudStack's C(resourcetype)).
      type: int
      sample: 0
    limit:
      description: The maximum (-1 unlimited; storage in GiB).
      type: int
      sample: 10
    domain:
      description: Name of the domain.
      type: str
      sample: acme
    domain_id:
      description: UUID of the domain.
      type: str
      sample: 5d0d3e4e-9d1c-4b8e-8c2e-0c8d0a6b1f22
    account:
      description: Name of the account (for an account or a project's account).
      type: str
      sample: acme
    project:
      description: Name of the project (for a project).
      type: str
      sample: web-shop
    project_id:
      description: UUID of the project (for a project).
      type: str
      sample: 8d7c6b5a-1111-4222-8333-444455556666
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError, looks_like_uuid
from ansible_collections.csops.cloudstack.plugins.module_utils.identity import (RESOURCE_TYPE_CHOICES, RESOURCE_TYPE_IDS,
                                                                                domain_id, domain_path, limit_result,
                                                                                resource_type_name)
from ansible_collections.csops.cloudstack.plugins.module_utils.module import CloudStackModule


class ResourceLimit(CloudStackModule):
    argument_spec = dict(
        resource_type=dict(type="str", required=True, choices=RESOURCE_TYPE_CHOICES, aliases=["type"]),
        limit=dict(type="int", required=True, aliases=["max"]),
        domain=dict(type="str"),
        account=dict(type="str"),
        project=dict(type="str"),
    )
    module_kwargs = dict(mutually_exclusive=[("project", "account"), ("project", "domain")],
                         required_one_of=[("domain", "account", "project")])

    def scope(self):
        """The API parameters naming the owner (account+domainid, domainid or projectid)."""
        p = self.params
        if p["project"]:
            if looks_like_uuid(p["project"]):
                return {"projectid": p["project"]}
            found = [x for x in self.list("listProjects", "project", name=p["project"], listall=True)
                     if x.get("name") == p["project"]]
            if not found:
                if self.check_mode:
                    return {"projectid": None}
                raise CloudStackError("project: project %r not found." % p["project"])
            if len(found) > 1:
                raise CloudStackError("project: %d projects are named %r; use its id." % (len(found), p["project"]))
            return {"projectid": found[0]["id"]}
        domain = p["domain"] or "ROOT"
        if not looks_like_uuid(domain):
            domain = domain_path("domain", domain)
            if domain == "ROOT" and not p["account"]:
                raise CloudStackError("domain: the ROOT domain has no resource limits; give a subdomain or an account.")
        scope = {"domainid": domain_id(self, domain)}
        if p["account"]:
            scope["account"] = p["account"]
        return scope

    def run(self):
        p = self.params
        if p["limit"] < -1:
            raise CloudStackError("limit: %d is below -1 (-1 means unlimited)." % p["limit"])
        if p["account"] is not None and not p["account"].strip():
            raise CloudStackError("account: the account name is empty.")
        rtype = resource_type_name(p["resource_type"])
        ordinal = RESOURCE_TYPE_IDS[rtype]
        scope = self.scope()
        current = None
        if all(v is not None for v in scope.values()):
            items = self.list("listResourceLimits", "resourcelimit", resourcetype=ordinal, **scope)
            current = next((i for i in items if str(i.get("resourcetype")) == str(ordinal)), None)
        before = limit_result(current)
        if current is not None and int(current.get("max", -1)) == p["limit"]:
            after = current
        else:
            answer = self.write("updateResourceLimit", resourcetype=ordinal, max=p["limit"], **scope)
            if answer is None:
                after = dict(current or {"resourcetype": str(ordinal), "resourcetypename": rtype}, max=p["limit"])
            else:
                after = answer.get("resourcelimit") or answer
        self.result["resource_limit"] = limit_result(after)
        if self.module._diff:
            self.result["diff"] = {"before": before, "after": self.result["resource_limit"]}


def main():
    module = ResourceLimit()
    module()


if __name__ == "__main__":
    main()

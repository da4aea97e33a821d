#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: domain_info
short_description: List CloudStack domains
version_added: 0.2.0
description:
  - Lists domains (listDomains with listall), filtered on the server, every page walked. Changes nothing.
  - O(path) selects one domain; O(recursive) adds everything below it.
author: csops.cloudstack developers (@csops)
options:
  path:
    description: Path of a domain (V(ROOT/customers)), or its id.
    type: str
  name:
    description: Name of the domains to list (any parent); matched regardless of case, as CloudStack does.
    type: str
  recursive:
    description: With O(path), also list every domain below it.
    type: bool
    default: false
  level:
    description: Only domains at this depth (ROOT is 0).
    type: int
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: Every domain
  csops.cloudstack.domain_info:
  register: all_domains

- name: The customers subtree
  csops.cloudstack.domain_info:
    path: ROOT/customers
    recursive: true
  register: customers
"""

RETURN = r"""
domains:
  description: The matching domains, with the keys of the M(csops.cloudstack.domain) module.
  returned: success
  type: list
  elements: dict
  sample: [{"id": "5d0d3e4e-9d1c-4b8e-8c2e-0c8d0a6b1f22", "name": "acme", "path": "ROOT/customers/acme", "level": 2}]
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

from ansible_collections.csops.cloudstack.plugins.module_utils.api import looks_like_uuid
from ansible_collections.csops.cloudstack.plugins.module_utils.identity import domain_path, domain_result, path_name
from ansible_collections.csops.cloudstack.plugins.module_utils.module import CloudStackModule


class DomainInfo(CloudStackModule):
    argument_spec = dict(
        path=dict(type="str"),
        name=dict(type="str"),
        recursive=dict(type="bool", default=False),
        level=dict(type="int"),
    )

    def run(self):
        p = self.params
        params = {"listall": True}
        if p["level"] is not None:
            params["level"] = p["level"]
        path = p["path"]
        if path and looks_like_uuid(path):
            params["id"] = path
            items = self.list("listDomains", "domain", **params)
            if p["recursive"] and items:
                base = items[0]["path"].lower()
                items = [d for d in self.list("listDomains", "domain", listall=True)
                         if d["path"].lower() == base or d["path"].lower().startswith(base + "/")]
        elif path:
            canonical = domain_path("path", path)
            if p["recursive"]:
                items = [d for d in self.list("listDomains", "domain", **params)
                         if d["path"].lower() == canonical.lower() or d["path"].lower().startswith(canonical.lower() + "/")]
            else:
                params["name"] = path_name(canonical)
                items = [d for d in self.list("listDomains", "domain", **params) if d["path"].lower() == canonical.lower()]
        else:
            if p["name"]:
                params["name"] = p["name"]
            items = self.list("listDomains", "domain", **params)
        if p["name"]:
            items = [d for d in items if d.get("name", "").lower() == p["name"].lower()]
        self.result["domains"] = [domain_result(d) for d in items]


def main():
    module = DomainInfo()
    module()


if __name__ == "__main__":
    main()

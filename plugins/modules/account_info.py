#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: account_info
short_description: List CloudStack accounts
version_added: 0.2.0
description:
  - Lists accounts (listAccounts with listall), filtered on the server, every page walked. Changes nothing.
  - CloudStack never lists its system account nor the accounts of projects.
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the account (matched regardless of case, as CloudStack does).
    type: str
  domain:
    description: Path (V(ROOT/customers)) or id of the domain the accounts are in.
    type: str
  recursive:
    description: With O(domain), also list the accounts of every domain below it.
    type: bool
    default: false
  account_type:
    description: Only accounts of this type.
    type: str
    choices: [ user, domain_admin, root_admin, resource_admin, read_only_admin ]
  state:
    description: Only accounts in this state.
    type: str
    choices: [ enabled, disabled, locked ]
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: Every account
  csops.cloudstack.account_info:
  register: all_accounts

- name: The disabled accounts below ROOT/customers
  csops.cloudstack.account_info:
    domain: ROOT/customers
    recursive: true
    state: disabled
  register: disabled
"""

RETURN = r"""
accounts:
  description: The matching accounts, with the keys of the M(csops.cloudstack.account) module.
  returned: success
  type: list
  elements: dict
  sample: [{"name": "acme", "account_type": "domain_admin", "domain_path": "ROOT/customers/acme", "state": "enabled"}]
  contains:
    id:
      description: UUID of the account.
      type: str
      sample: 0d1f3a1e-7d55-4d2f-9a9b-3c5e2a1f0b11
    name:
      description: Name of the account.
      type: str
      sample: acme
    account_type:
      description: user, root_admin, domain_admin, resource_admin, read_only_admin or project.
      type: str
      sample: domain_admin
    role:
      description: Name of the account's role.
      type: str
      sample: Domain Admin
    role_id:
      description: UUID of the role.
      type: str
      sample: 6f0b9a44-0b0c-4a4e-9c41-64d6b2f2d9a3
    role_type:
      description: Type of the role (Admin, ResourceAdmin, DomainAdmin, User).
      type: str
      sample: DomainAdmin
    domain:
      description: Name of the domain.
      type: str
      sample: acme
    domain_id:
      description: UUID of the domain.
      type: str
      sample: 5d0d3e4e-9d1c-4b8e-8c2e-0c8d0a6b1f22
    domain_path:
      description: Path of the domain.
      type: str
      sample: ROOT/customers/acme
    state:
      description: enabled, disabled or locked.
      type: str
      sample: enabled
    network_domain:
      description: Network domain, when set.
      type: str
      sample: acme.example.com
    created:
      description: Creation date.
      type: str
      sample: "2025-01-01T12:00:00+0000"
    is_default:
      description: Whether it is one of CloudStack's own accounts (system, admin).
      type: bool
      sample: false
    vm_running:
      description: Number of running VMs.
      type: int
      sample: 0
    vm_stopped:
      description: Number of stopped VMs.
      type: int
      sample: 0
    details:
      description: Account details, when set.
      type: dict
      sample: {}
    users:
      description: The account's users, with the keys of M(csops.cloudstack.user) (never a secret key).
      type: list
      elements: dict
      contains:
        id:
          description: UUID of the user.
          type: str
          sample: 9a8b7c6d-1111-4222-8333-444455556666
        username:
          description: User name.
          type: str
          sample: acme-ops
        first_name:
          description: First name.
          type: str
          sample: Acme
        last_name:
          description: Last name.
          type: str
          sample: Operations
        email:
          description: Email address.
          type: str
          sample: ops@acme.example.com
        timezone:
          description: Time zone, when set.
          type: str
          sample: Europe/Zurich
        state:
          description: enabled, disabled or locked.
          type: str
          sample: enabled
        account:
          description: Name of the account.
          type: str
          sample: acme
        account_id:
          description: UUID of the account.
          type: str
          sample: 0d1f3a1e-7d55-4d2f-9a9b-3c5e2a1f0b11
        account_type:
          description: Type of the account (user, root_admin, domain_admin, ...).
          type: str
          sample: domain_admin
        domain:
          description: Name of the domain.
          type: str
          sample: acme
        domain_id:
          description: UUID of the domain.
          type: str
          sample: 5d0d3e4e-9d1c-4b8e-8c2e-0c8d0a6b1f22
        role:
          description: Name of the account's role.
          type: str
          sample: Domain Admin
        role_id:
          description: UUID of the role.
          type: str
          sample: 6f0b9a44-0b0c-4a4e-9c41-64d6b2f2d9a3
        role_type:
          description: Type of the role.
          type: str
          sample: DomainAdmin
        api_key:
          description: The user's API key, when it has one (the key is not a secret; the secret key is).
          type: str
          sample: Ou7dH3M4n...
        created:
          description: Creation date.
          type: str
          sample: "2025-01-01T12:00:00+0000"
        is_default:
          description: Whether it is one of CloudStack's own users.
          type: bool
          sample: false
        user_source:
          description: Where the user comes from (native, ldap, saml2).
          type: str
          sample: native
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
from ansible_collections.csops.cloudstack.plugins.module_utils.identity import ACCOUNT_TYPE_IDS, account_result, domain_path
from ansible_collections.csops.cloudstack.plugins.module_utils.module import CloudStackModule


class AccountInfo(CloudStackModule):
    argument_spec = dict(
        name=dict(type="str"),
        domain=dict(type="str"),
        recursive=dict(type="bool", default=False),
        account_type=dict(type="str", choices=["user", "domain_admin", "root_admin", "resource_admin", "read_only_admin"]),
        state=dict(type="str", choices=["enabled", "disabled", "locked"]),
    )

    def run(self):
        p = self.params
        params = {"listall": True}
        if p["name"]:
            params["name"] = p["name"]
        if p["account_type"]:
            params["accounttype"] = ACCOUNT_TYPE_IDS[p["account_type"]]
        if p["state"]:
            params["state"] = p["state"]
        path = None
        if p["domain"] and looks_like_uuid(p["domain"]):
            params["domainid"] = p["domain"]
            params["isrecursive"] = p["recursive"]
        elif p["domain"]:
            path = domain_path("domain", p["domain"]).lower()
        items = self.list("listAccounts", "account", **params)
        if path is not None:
            items = [a for a in items if (a.get("domainpath") or "").lower() == path
                     or p["recursive"] and (a.get("domainpath") or "").lower().startswith(path + "/")]
        self.result["accounts"] = [account_result(a) for a in items]


def main():
    module = AccountInfo()
    module()


if __name__ == "__main__":
    main()

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

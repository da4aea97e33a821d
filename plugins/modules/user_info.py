#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: user_info
short_description: List CloudStack users
version_added: 0.2.0
description:
  - Lists users (listUsers with listall), filtered on the server, every page walked. Changes nothing.
  - Never returns a password or a secret key.
author: csops.cloudstack developers (@csops)
options:
  username:
    description: User name (matched regardless of case, as CloudStack does).
    type: str
  account:
    description: Name of the users' account (in O(domain), default ROOT when O(domain) is given).
    type: str
  domain:
    description: Path (V(ROOT/customers)) or id of the users' domain. Resolving a path costs one more call.
    type: str
  recursive:
    description: With O(domain) and without O(account), also list the users of every domain below it.
    type: bool
    default: false
  state:
    description: Only users in this state.
    type: str
    choices: [ enabled, disabled, locked ]
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: The users of the acme account
  csops.cloudstack.user_info:
    account: acme
    domain: ROOT/customers/acme
  register: acme_users
"""

RETURN = r"""
users:
  description: The matching users, with the keys of the M(csops.cloudstack.user) module (never a secret).
  returned: success
  type: list
  elements: dict
  sample: [{"username": "acme-admin", "account": "acme", "domain": "acme", "state": "enabled"}]
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
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.identity import domain_id, user_result
from ansible_collections.csops.cloudstack.plugins.module_utils.module import CloudStackModule


class UserInfo(CloudStackModule):
    argument_spec = dict(
        username=dict(type="str"),
        account=dict(type="str"),
        domain=dict(type="str"),
        recursive=dict(type="bool", default=False),
        state=dict(type="str", choices=["enabled", "disabled", "locked"]),
    )

    def run(self):
        p = self.params
        params = {"listall": True}
        if p["username"]:
            params["username"] = p["username"]
        if p["state"]:
            params["state"] = p["state"]
        wanted_domain = None
        if p["domain"] or p["account"]:
            wanted_domain = domain_id(self, p["domain"] or "ROOT")
            params["domainid"] = wanted_domain
            if p["account"]:
                params["account"] = p["account"]
        items = self.list("listUsers", "user", **params)
        if p["username"]:
            items = [u for u in items if u.get("username", "").lower() == p["username"].lower()]
        if wanted_domain and not p["recursive"]:
            items = [u for u in items if u.get("domainid") == wanted_domain]
        self.result["users"] = [user_result(u) for u in items]


def main():
    module = UserInfo()
    module()


if __name__ == "__main__":
    main()

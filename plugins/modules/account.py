#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: account
short_description: Manage CloudStack accounts
version_added: 0.2.0
description:
  - Create, update, enable, disable, lock and delete accounts of a domain.
  - A new account gets its first user (O(username), O(password), O(first_name), O(last_name), O(email)); manage
    further users, passwords and API keys with M(csops.cloudstack.user).
  - The account type comes from O(role) when given (CloudStack derives it from the role), else from O(account_type).
  - An idempotent run costs one API call (C(listAccounts) filtered by name; the domain is matched on the account's
    own path).
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the account, unique in its domain (regardless of case).
    type: str
    required: true
  domain:
    description: Path (V(ROOT/customers/acme)) or id of the account's domain.
    type: str
    default: ROOT
  account_type:
    description:
      - Type of a new account; on an existing account a different type gives it the default role of that type.
      - V(root_admin) accounts exist only in the ROOT domain; V(resource_admin) needs a zone dedicated to the domain.
      - Not used together with a O(role) of another type.
    type: str
    choices: [ user, domain_admin, root_admin, resource_admin ]
  role:
    description: Name or id of the account's role (for example a custom role made with M(csops.cloudstack.role)).
    type: str
  network_domain:
    description: DNS suffix of the account's networks. An empty string removes it.
    type: str
  username:
    description: User name of the first user, to create the account.
    type: str
  password:
    description: Password of the first user, to create the account. Never compared nor changed later.
    type: str
  first_name:
    description: First name of the first user, to create the account.
    type: str
  last_name:
    description: Last name of the first user, to create the account.
    type: str
  email:
    description: Email of the first user, to create the account.
    type: str
  timezone:
    description: Time zone of the first user (for example V(Europe/Zurich)).
    type: str
  state:
    description:
      - V(present) creates or updates the account and leaves its state alone (a new account is enabled).
      - V(enabled), V(disabled) and V(locked) also set the state; V(unlocked) is V(enabled). Disabling stops the
        account's VMs; a locked account keeps them but its users cannot log in.
      - V(absent) deletes the account with its users and resources.
    type: str
    default: present
    choices: [ present, enabled, disabled, locked, unlocked, absent ]
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: A customer account with its first user
  csops.cloudstack.account:
    name: acme
    domain: ROOT/customers/acme
    account_type: domain_admin
    network_domain: acme.example.com
    username: acme-admin
    password: "{{ vault_acme_password }}"
    first_name: Acme
    last_name: Admin
    email: admin@acme.example.com

- name: An account with a custom role
  csops.cloudstack.account:
    name: auditors
    role: read-only-ops
    username: auditor
    password: "{{ vault_auditor_password }}"
    first_name: Audit
    last_name: Team
    email: audit@example.com

- name: Lock it
  csops.cloudstack.account:
    name: acme
    domain: ROOT/customers/acme
    state: locked

- name: Delete it
  csops.cloudstack.account:
    name: acme
    domain: ROOT/customers/acme
    state: absent
"""

RETURN = r"""
account:
  description: The account (empty after O(state=absent)).
  returned: success
  type: dict
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

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError, looks_like_uuid
from ansible_collections.csops.cloudstack.plugins.module_utils.identity import (ACCOUNT_TYPE_IDS, ACCOUNT_TYPE_ROLE_TYPE,
                                                                                account_result, domain_id, domain_path, network_domain,
                                                                                find_role, same_path)
from ansible_collections.csops.cloudstack.plugins.module_utils.module import Field, ResourceModule

DEFAULT_ROLE_NAMES = {"user": "User", "domain_admin": "Domain Admin", "root_admin": "Root Admin",
                      "resource_admin": "Resource Admin"}
FIRST_USER = ("username", "password", "first_name", "last_name", "email")


class Account(ResourceModule):
    resource = "account"
    list_command = "listAccounts"
    create_command = "createAccount"
    update_command = "updateAccount"
    delete_command = "deleteAccount"
    fields = (Field("network_domain", "networkdomain"), Field("role", "roleid"))

    argument_spec = dict(
        name=dict(type="str", required=True),
        domain=dict(type="str", default="ROOT"),
        account_type=dict(type="str", choices=["user", "domain_admin", "root_admin", "resource_admin"]),
        role=dict(type="str"),
        network_domain=dict(type="str"),
        username=dict(type="str"),
        password=dict(type="str", no_log=True),
        first_name=dict(type="str"),
        last_name=dict(type="str"),
        email=dict(type="str"),
        timezone=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "enabled", "disabled", "locked", "unlocked", "absent"]),
    )

    def __init__(self):
        super().__init__()
        self._role = None

    # ------------------------------------------------------------ checks before any write
    def validate(self):
        p = self.params
        if not p["name"].strip():
            raise CloudStackError("name: the account name is empty.")
        network_domain("network_domain", p["network_domain"])
        if not looks_like_uuid(p["domain"]):
            p["domain"] = domain_path("domain", p["domain"])
            if p["account_type"] == "root_admin" and p["domain"] != "ROOT":
                raise CloudStackError("account_type: root_admin accounts exist only in the ROOT domain, not in %s." % p["domain"])

    def wanted_role(self):
        """The role the task asks for (by role, else by account_type), or None; resolved once."""
        p = self.params
        if self._role is None and (p["role"] or p["account_type"]):
            if p["role"]:
                role = find_role(self, p["role"])
                wanted_type = ACCOUNT_TYPE_ROLE_TYPE.get(p["account_type"])
                if wanted_type and role.get("type") and role["type"] != wanted_type:
                    raise CloudStackError("role: %s is a %s role; account_type %s needs a %s role (leave out account_type)." % (
                        p["role"], role["type"], p["account_type"], wanted_type))
            else:
                role = find_role(self, DEFAULT_ROLE_NAMES[p["account_type"]], ACCOUNT_TYPE_ROLE_TYPE[p["account_type"]],
                                 option="account_type")
            self._role = role
        return self._role

    # ------------------------------------------------------------ the cycle
    def find(self):
        p = self.params
        params = {"name": p["name"], "listall": True}
        if looks_like_uuid(p["domain"]):
            params["domainid"] = p["domain"]
        items = self.list("listAccounts", "account", **params)
        found = [a for a in items if a.get("name", "").lower() == p["name"].lower()
                 and (looks_like_uuid(p["domain"]) and a.get("domainid") == p["domain"]
                      or same_path(a.get("domainpath"), p["domain"]))]
        return found[0] if found else None

    def differences(self, obj):
        diffs = {}
        wanted = self.params["network_domain"]
        if wanted is not None and (obj.get("networkdomain") or "") != wanted:
            diffs["network_domain"] = (obj.get("networkdomain"), wanted)
        if self.params["role"]:
            role = self.wanted_role()
            if role.get("id") != obj.get("roleid"):
                diffs["role"] = (obj.get("rolename"), role.get("name"))
        elif self.params["account_type"] and obj.get("accounttype") != ACCOUNT_TYPE_IDS[self.params["account_type"]]:
            diffs["role"] = (obj.get("rolename"), self.wanted_role().get("name"))
        return diffs

    def create_params(self):
        p = self.params
        missing = [o for o in FIRST_USER if not p[o]]
        if missing:
            raise CloudStackError("%s required to create account %s (its first user)." % (", ".join(missing), p["name"]))
        params = {"account": p["name"], "domainid": domain_id(self, p["domain"]), "username": p["username"],
                  "password": p["password"], "firstname": p["first_name"], "lastname": p["last_name"], "email": p["email"],
                  "timezone": p["timezone"], "networkdomain": p["network_domain"] or None}
        role = self.wanted_role()
        if p["role"]:
            params["roleid"] = role["id"]
        else:
            params["accounttype"] = ACCOUNT_TYPE_IDS[p["account_type"] or "user"]
        return params

    def update_params(self, obj, diffs):
        params = {"id": obj["id"]}
        if "network_domain" in diffs:
            params["networkdomain"] = self.params["network_domain"]
        if "role" in diffs:
            params["roleid"] = self.wanted_role()["id"]
        return params

    def simulate(self, obj, params):
        p = self.params
        after = dict(obj or {})
        if not obj:
            after.update(name=p["name"], state="enabled", domainpath=None if looks_like_uuid(p["domain"]) else p["domain"],
                         domainid=params.get("domainid"),
                         accounttype=ACCOUNT_TYPE_IDS[p["account_type"] or "user"],
                         user=[{"username": p["username"], "firstname": p["first_name"], "lastname": p["last_name"],
                                "email": p["email"], "timezone": p["timezone"], "state": "enabled"}])
        if "networkdomain" in params:
            after["networkdomain"] = params["networkdomain"] or None
        if "roleid" in params or (not obj and self.wanted_role()):
            role = self.wanted_role()
            after.update(roleid=role.get("id"), rolename=role.get("name"), roletype=role.get("type"))
            if role.get("type") in ACCOUNT_TYPE_ROLE_TYPE.values():
                after["accounttype"] = ACCOUNT_TYPE_IDS[next(k for k, v in ACCOUNT_TYPE_ROLE_TYPE.items() if v == role["type"])]
        return {k: v for k, v in after.items() if v is not None}

    def ensure_state(self, obj, wanted):
        """enableAccount / disableAccount(lock=false) / disableAccount(lock=true)."""
        current = (obj or {}).get("state", "enabled")
        if wanted == current:
            return obj
        if wanted == "locked" and current == "disabled":
            obj = self._state_call(obj, "enableAccount", "enabled", id=obj["id"])
        if wanted == "enabled":
            return self._state_call(obj, "enableAccount", "enabled", id=obj["id"])
        return self._state_call(obj, "disableAccount", wanted, id=obj["id"], lock=wanted == "locked")

    def _state_call(self, obj, command, state, **params):
        response = self.write(command, **params)
        if response is None or obj.get("id") is None:
            return dict(obj, state=state)
        return response.get("account") or dict(obj, state=state)

    def run(self):
        p = self.params
        self.validate()
        state = "enabled" if p["state"] == "unlocked" else p["state"]
        if state == "absent":
            after = self.ensure_absent()
        else:
            after = self.ensure_present()
            if state in ("enabled", "disabled", "locked"):
                after = self.ensure_state(after, state)
        self.finish(after)

    def to_result(self, obj):
        return account_result(obj)


def main():
    module = Account()
    module()


if __name__ == "__main__":
    main()

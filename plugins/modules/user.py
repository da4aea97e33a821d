#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: user
short_description: Manage CloudStack users, their passwords and API keys
version_added: 0.2.0
description:
  - Create, update, enable, disable, lock and delete users of an account, set their password, and register API keys.
  - The password is sent only to create the user, or with O(update_password=always); it is never compared (CloudStack
    cannot show it).
  - "API keys: with O(api_keys=present) a user without keys gets a new pair; O(api_keys=regenerate) makes a new pair on
    every run. The secret key is returned once, as RV(api_secret), in the result of the task that made it: it is
    never in a diff nor in later results. Put C(no_log: true) on that task so that Ansible does not print it, and
    store it (for example in a vault) from the registered result."
  - An idempotent run costs one API call (C(listUsers) filtered by user name; account and domain are matched on the
    user's own fields).
author: csops.cloudstack developers (@csops)
options:
  username:
    description: User name, unique in its domain (regardless of case).
    type: str
    required: true
  account:
    description: Name of the user's account. Required to create a user.
    type: str
  domain:
    description: Path (V(ROOT/customers/acme)) or id of the account's domain.
    type: str
    default: ROOT
  first_name:
    description: First name. Required to create a user.
    type: str
  last_name:
    description: Last name. Required to create a user.
    type: str
  email:
    description: Email address. Required to create a user.
    type: str
  timezone:
    description: Time zone, for example V(Europe/Zurich).
    type: str
  password:
    description: Password. Required to create a user; see O(update_password).
    type: str
  update_password:
    description:
      - V(on_create) sends O(password) only when the user is created.
      - V(always) also sets it on an existing user, on every run (the task then always reports a change, as the
        current password cannot be read).
    type: str
    default: on_create
    choices: [ on_create, always ]
  api_keys:
    description:
      - V(present) registers an API key pair when the user has none.
      - V(regenerate) registers a new pair on every run (the old pair stops working).
      - Not set, the user's keys are left alone.
    type: str
    choices: [ present, regenerate ]
  state:
    description:
      - V(present) creates or updates the user and leaves its state alone (a new user is enabled).
      - V(enabled), V(disabled) and V(locked) also set the state (V(unlocked) is V(enabled)). Enabling a user also
        enables its account; locking the last enabled user of an account locks the account.
      - V(absent) deletes the user.
    type: str
    default: present
    choices: [ present, enabled, disabled, locked, unlocked, absent ]
notes:
  - CloudStack's own users (the first C(admin)) cannot be deleted; C(system) cannot be changed at all.
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: A second user of the acme account
  csops.cloudstack.user:
    username: acme-ops
    account: acme
    domain: ROOT/customers/acme
    first_name: Acme
    last_name: Operations
    email: ops@acme.example.com
    password: "{{ vault_acme_ops_password }}"

- name: API keys for automation (the secret is in the result of this task only)
  csops.cloudstack.user:
    username: acme-ops
    domain: ROOT/customers/acme
    api_keys: present
  no_log: true
  register: keys

- name: Store the key pair
  ansible.builtin.copy:
    dest: /etc/acme/cloudstack.ini
    mode: "0600"
    content: |
      [cloudstack]
      key = {{ keys.user.api_key }}
      secret = {{ keys.api_secret }}
  no_log: true
  when: keys.api_secret is defined

- name: Change a password
  csops.cloudstack.user:
    username: acme-ops
    domain: ROOT/customers/acme
    password: "{{ vault_new_password }}"
    update_password: always

- name: Disable the user
  csops.cloudstack.user:
    username: acme-ops
    domain: ROOT/customers/acme
    state: disabled
"""

RETURN = r"""
user:
  description: The user (empty after O(state=absent)). Never holds the password nor the secret key.
  returned: success
  type: dict
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
api_secret:
  description:
    - The secret key of the API key pair registered by this task. Only in the result of the run that made the pair.
  returned: when a key pair was registered (not in check mode)
  type: str
  sample: Qm9vNWl...
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError, looks_like_uuid
from ansible_collections.csops.cloudstack.plugins.module_utils.identity import (domain_id, domain_path, path_name,
                                                                                user_result)
from ansible_collections.csops.cloudstack.plugins.module_utils.module import Field, ResourceModule

TO_CREATE = ("account", "password", "first_name", "last_name", "email")


class User(ResourceModule):
    resource = "user"
    list_command = "listUsers"
    create_command = "createUser"
    update_command = "updateUser"
    delete_command = "deleteUser"
    fields = (
        Field("first_name", "firstname"),
        Field("last_name", "lastname"),
        Field("email"),
        Field("timezone"),
    )

    argument_spec = dict(
        username=dict(type="str", required=True),
        account=dict(type="str"),
        domain=dict(type="str", default="ROOT"),
        first_name=dict(type="str"),
        last_name=dict(type="str"),
        email=dict(type="str"),
        timezone=dict(type="str"),
        password=dict(type="str", no_log=True),
        update_password=dict(type="str", default="on_create", choices=["on_create", "always"], no_log=False),
        api_keys=dict(type="str", choices=["present", "regenerate"], no_log=False),
        state=dict(type="str", default="present", choices=["present", "enabled", "disabled", "locked", "unlocked", "absent"]),
    )

    def validate(self):
        p = self.params
        if not p["username"].strip():
            raise CloudStackError("username: the user name is empty.")
        if not looks_like_uuid(p["domain"]):
            p["domain"] = domain_path("domain", p["domain"])
        for option in ("first_name", "last_name", "password"):
            if p[option] is not None and not p[option].strip():
                raise CloudStackError("%s: must not be empty." % option)
        if p["update_password"] == "always" and not p["password"] and p["state"] != "absent":
            raise CloudStackError("password: required with update_password=always.")

    def find(self):
        p = self.params
        params = {"username": p["username"], "listall": True}
        if looks_like_uuid(p["domain"]):
            params["domainid"] = p["domain"]
        items = [u for u in self.list("listUsers", "user", **params) if u.get("username", "").lower() == p["username"].lower()]
        if looks_like_uuid(p["domain"]):
            items = [u for u in items if u.get("domainid") == p["domain"]]
        else:
            items = [u for u in items if u.get("domain", "").lower() == path_name(p["domain"]).lower()]
            if len(items) > 1:  # the same name in two domains of the same name: resolve the path
                wanted = domain_id(self, p["domain"])
                items = [u for u in items if u.get("domainid") == wanted]
        if items and p["account"] and items[0].get("account", "").lower() != p["account"].lower():
            raise CloudStackError("account: user %s belongs to account %s, not %s (users are not moved between accounts)." % (
                p["username"], items[0].get("account"), p["account"]))
        return items[0] if items else None

    def create_params(self):
        p = self.params
        missing = [o for o in TO_CREATE if not p[o]]
        if missing:
            raise CloudStackError("%s required to create user %s." % (", ".join(missing), p["username"]))
        params = self.api_params()
        params.update(account=p["account"], domainid=domain_id(self, p["domain"]), username=p["username"],
                      password=p["password"])
        return params

    def differences(self, obj):
        diffs = super().differences(obj)
        if self.params["update_password"] == "always" and self.params["password"]:
            diffs["password"] = ("(not shown)", "(not shown)")
        return diffs

    def field(self, option):
        if option == "password":
            return Field("password")
        return super().field(option)

    def update_params(self, obj, diffs):
        params = super().update_params(obj, {k: v for k, v in diffs.items() if k != "password"})
        if "password" in diffs:
            params["password"] = self.params["password"]
        return params

    def simulate(self, obj, params):
        after = super().simulate(obj, params)
        after.pop("password", None)
        if not obj:
            p = self.params
            after.update(username=p["username"], account=p["account"], state="enabled",
                         domain=None if looks_like_uuid(p["domain"]) else path_name(p["domain"]))
        return {k: v for k, v in after.items() if v is not None}

    # ------------------------------------------------------------ states and keys
    def ensure_state(self, obj, wanted):
        current = obj.get("state", "enabled")
        if wanted == current:
            return obj
        if wanted == "locked" and current == "disabled":
            obj = self._state_call(obj, "enableUser", "enabled")
        command = {"enabled": "enableUser", "disabled": "disableUser", "locked": "lockUser"}[wanted]
        return self._state_call(obj, command, wanted)

    def _state_call(self, obj, command, state):
        response = self.write(command, id=obj.get("id"))
        if response is None:
            return dict(obj, state=state)
        return response.get("user") or dict(obj, state=state)

    def ensure_keys(self, obj):
        mode = self.params["api_keys"]
        if mode == "present" and obj.get("apikey"):
            return obj
        response = self.write("registerUserKeys", id=obj.get("id"))
        if response is None:
            return obj
        keys = response.get("userkeys") or {}
        self.result["api_secret"] = keys.get("secretkey")
        return dict(obj, apikey=keys.get("apikey"))

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
            if p["api_keys"]:
                after = self.ensure_keys(after)
        self.finish(after)

    def to_result(self, obj):
        return user_result(obj)


def main():
    module = User()
    module()


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: configuration
short_description: Manage CloudStack global settings at every scope
version_added: 0.1.0
description:
  - Sets a global setting (configuration key) globally or for one zone, cluster, storage pool, account, domain or
    image store, or resets it to its default.
  - The setting is found by its exact name (C(listConfigurations name=) is a LIKE match on the server, so the answer
    is filtered for the exact name) and every page is read.
  - Reports RV(restart_required) when CloudStack marks the setting as not dynamic, that is when the management server
    must be restarted for a change to take effect.
  - Secure settings come back encrypted, so their value cannot be compared; O(update_secret) decides what to do.
    With O(state=default) a Secure setting is therefore reset on every run.
  - A setting given for a scope object (zone, cluster, ...) that CloudStack does not give that scope fails with a
    clear message before any write; so does a setting that does not exist (C(system.vm.password) exists only
    when the management server started with C(system.vm.random.password) true).
  - With O(state=default) and a scope object the value compared is the one CloudStack shows for that object,
    which falls back to the global value; when the global value differs from the default the reset is reported
    as a change on every run.
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Exact name of the setting, for example C(consoleproxy.url.domain).
    type: str
    required: true
  value:
    description:
      - The value. Required with O(state=present). Booleans are compared case-insensitively (CloudStack stores them
        lower-cased); an empty string clears the value.
      - The value is masked in the output when the setting is Secure or its name looks like a secret; still, pass
        secrets from Ansible Vault and set C(no_log) on the task.
    type: raw
  state:
    description: V(present) sets the value; V(default) resets the setting to its default (C(resetConfiguration)).
    type: str
    default: present
    choices: [ present, default ]
  update_secret:
    description:
      - For a Secure setting, whose value CloudStack returns encrypted. V(always) sends the value on every run (and
        reports a change); V(on_create) sends it only while the setting has no value yet, and warns when it is not
        sent because a value exists (C(system.vm.password) always has CloudStack's random one - the
        C(csops.cloudstack.systemvm) role keeps a fingerprint of what it applied to send it only when it changes).
    type: str
    default: on_create
    choices: [ always, on_create ]
  zone:
    description: Set the value for this zone (name or id) instead of globally.
    type: str
  cluster:
    description: Set the value for this cluster (name or id).
    type: str
  storage_pool:
    description: Set the value for this primary storage pool (name or id).
    type: str
  account:
    description: Set the value for this account (name in O(domain), or id).
    type: str
  domain:
    description: Set the value for this domain (path such as C(ROOT/customers), name or id); with O(account), the account's domain.
    type: str
  image_store:
    description: Set the value for this image store (name or id).
    type: str
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: Console proxy URL domain (a wildcard; signed correctly)
  csops.cloudstack.configuration:
    name: consoleproxy.url.domain
    value: "*.console.example.com"
    zone: zone-1

- name: System VMs on local storage in one zone
  csops.cloudstack.configuration:
    name: system.vm.use.local.storage
    value: true
    zone: zone-1

- name: Back to the default
  csops.cloudstack.configuration:
    name: secstorage.vm.mtu.size
    state: default
"""

RETURN = r"""
configuration:
  description: The setting after the task (Secure values stay encrypted as CloudStack returns them).
  returned: success
  type: dict
  contains:
    name:
      description: Name of the setting.
      type: str
      sample: consoleproxy.url.domain
    value:
      description: Value (empty string when unset).
      type: str
      sample: "*.console.example.com"
    default_value:
      description: Default value.
      type: str
    category:
      description: Category (Advanced, Secure, Console Proxy, ...).
      type: str
      sample: Console Proxy
    scope:
      description: Scope of the value returned (global, zone, cluster, ...).
      type: str
      sample: zone
    is_dynamic:
      description: Whether a change takes effect without a restart.
      type: bool
      sample: false
    description:
      description: CloudStack's description of the setting.
      type: str
      sample: Console proxy url domain
    component:
      description: Component of the setting.
      type: str
      sample: management-server
    display_text:
      description: Display name of the setting, when CloudStack sets one (4.18+).
      type: str
      sample: Alert purge delay
    group:
      description: Group of the setting.
      type: str
      sample: Miscellaneous
    options:
      description: Values the setting accepts (comma separated), when CloudStack lists them.
      type: str
      sample: Auto,Manual,Suspending,ResetSuspending
    parent:
      description: Name of the setting this one depends on, when CloudStack sets one (4.18+).
      type: str
      sample: alert.purge.delay
    subgroup:
      description: Subgroup of the setting.
      type: str
      sample: Others
    type:
      description: Type of the setting.
      type: str
      sample: Select
restart_required:
  description: True when the value changed and the setting is not dynamic (restart the management server).
  returned: success
  type: bool
  sample: true
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.resources.configuration import Configuration


def main():
    module = Configuration()
    module()


if __name__ == "__main__":
    main()

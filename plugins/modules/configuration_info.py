#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: configuration_info
short_description: Read CloudStack global settings at every scope
version_added: 0.1.0
description:
  - Lists global settings (C(listConfigurations)), globally or as seen by one zone, cluster, storage pool, account,
    domain or image store, every page walked. Changes nothing.
  - O(name) matches exactly (the server's C(name) filter is a LIKE match; the answer is filtered); O(keyword) matches
    any part of the name.
  - Secure values are returned as CloudStack returns them (encrypted); Hidden settings are never listed by CloudStack.
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Exact name of one setting.
    type: str
  keyword:
    description: Part of the names to list, for example C(consoleproxy).
    type: str
  category:
    description: Only settings of this category, for example C(Advanced), C(Secure) or C(Console Proxy).
    type: str
  zone:
    description: Values as seen by this zone (name or id).
    type: str
  cluster:
    description: Values as seen by this cluster (name or id).
    type: str
  storage_pool:
    description: Values as seen by this storage pool (name or id).
    type: str
  account:
    description: Values as seen by this account (name in O(domain), or id).
    type: str
  domain:
    description: Values as seen by this domain; with O(account), the account's domain.
    type: str
  image_store:
    description: Values as seen by this image store (name or id).
    type: str
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: One setting
  csops.cloudstack.configuration_info:
    name: consoleproxy.url.domain
    zone: zone-1
  register: cfg

- name: All console proxy settings
  csops.cloudstack.configuration_info:
    keyword: consoleproxy
  register: cfgs
"""

RETURN = r"""
configurations:
  description: The matching settings, with snake_case keys (C(default_value), C(is_dynamic)); C(value) is an empty string when unset.
  returned: success
  type: list
  elements: dict
  sample: [{"name": "consoleproxy.url.domain", "value": "", "category": "Console Proxy", "is_dynamic": false, "scope": "zone"}]
  contains:
    category:
      description: Category of the setting.
      type: str
      sample: Advanced
    component:
      description: Component of the setting.
      type: str
      sample: management-server
    default_value:
      description: Default value of the setting.
      type: str
      sample: Auto
    description:
      description: Description.
      type: str
      sample: console proxy service management state
    display_text:
      description: Display name of the setting, when CloudStack sets one (4.18+).
      type: str
      sample: Alert purge delay
    group:
      description: Group of the setting.
      type: str
      sample: Miscellaneous
    is_dynamic:
      description: Whether a change takes effect without restarting the management server.
      type: bool
      sample: false
    name:
      description: Name of the setting.
      type: str
      sample: consoleproxy.management.state
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
    value:
      description: Value.
      type: str
      sample: Auto
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.module import CloudStackModule
from ansible_collections.csops.cloudstack.plugins.module_utils.names import rename
from ansible_collections.csops.cloudstack.plugins.module_utils.scope import scope_argument_spec, scope_params


class ConfigurationInfo(CloudStackModule):
    argument_spec = dict(
        name=dict(type="str"),
        keyword=dict(type="str", no_log=False),
        category=dict(type="str"),
        **scope_argument_spec()
    )

    def run(self):
        params = scope_params(self)
        if self.params["category"]:
            params["category"] = self.params["category"]
        name = self.params["name"]
        if name or self.params["keyword"]:
            params["name"] = name or self.params["keyword"]
        items = self.list("listConfigurations", "configuration", **params)
        if name:
            items = [item for item in items if item.get("name") == name]
        self.result["configurations"] = [dict({"value": ""}, **rename("configuration", item)) for item in items]


def main():
    module = ConfigurationInfo()
    module()


if __name__ == "__main__":
    main()

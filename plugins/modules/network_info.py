#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: network_info
short_description: List CloudStack guest networks
version_added: 0.1.0
description:
  - Lists guest networks (C(listNetworks)), filtered on the server, every page walked. Changes nothing.
  - A parent given by name is resolved first (one more call); by id it is passed as it is.
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Exact name of the network (filtered after a server-side keyword match).
    type: str
  id:
    description: UUID of the network.
    type: str
  keyword:
    description: Part of the name.
    type: str
  zone:
    description: Name or id of the zone.
    type: str
  type:
    description: V(Isolated), V(Shared) or V(L2).
    type: str
  traffic_type:
    description: Traffic type, for example V(Guest).
    type: str
  is_system:
    description: System networks (management, public, storage) instead of guest networks.
    type: bool
  domain:
    description: Domain (path such as C(ROOT/customers), or id).
    type: str
  account:
    description: Account name (with O(domain)).
    type: str
  project:
    description: Project id.
    type: str
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
"""

EXAMPLES = r"""
- name: List guest networks
  csops.cloudstack.network_info:
    name: example
  register: found
"""

RETURN = r"""
networks:
  description: The matching guest networks, with snake_case keys.
  returned: success
  type: list
  elements: dict
  sample: [{"id": "3c2b1a09-8f7e-4d6c-5b4a-3f2e1d0c9b8a", "name": "web-net", "type": "Isolated", "cidr": "10.1.1.0/24", "zone_name": "zone-1"}]
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.module import InfoModule


class NetworkInfo(InfoModule):
    resource = "network"
    list_command = "listNetworks"
    result_key = "networks"
    filters = {"id": "id", "keyword": "keyword", "type": "type", "traffic_type": "traffictype", "is_system": "issystem",
               "account": "account", "project": "projectid"}
    parents = {"zone": ("zoneid", "get_zone"), "domain": ("domainid", "get_domain_id")}
    fixed_params = {"listall": True}
    argument_spec = dict(
        name=dict(type="str"),
        id=dict(type="str"),
        keyword=dict(type="str", no_log=False),
        zone=dict(type="str"),
        type=dict(type="str"),
        traffic_type=dict(type="str"),
        is_system=dict(type="bool"),
        domain=dict(type="str"),
        account=dict(type="str"),
        project=dict(type="str"),
    )

    def list_params(self):
        params = super().list_params()
        if self.params["name"] and "keyword" not in params:
            params["keyword"] = self.params["name"]  # listNetworks has no name filter before CloudStack 4.22
        return params


def main():
    module = NetworkInfo()
    module()


if __name__ == "__main__":
    main()

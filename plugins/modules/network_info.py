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
  keyword:
    description: Part of the name.
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
  project:
    description: Project id.
    type: str
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
  - csops.cloudstack.info_filters
  - csops.cloudstack.info_filters.zone
  - csops.cloudstack.info_filters.owner
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
  contains:
    account:
      description: Account that owns it.
      type: str
      sample: admin
    acl_type:
      description: "Access type: Account or Domain."
      type: str
      sample: Account
    broadcast_domain_type:
      description: Broadcast domain type (Vlan, Native, ...).
      type: str
      sample: Vlan
    can_use_for_deploy:
      description: Whether VMs can be deployed in the network.
      type: bool
      sample: true
    cidr:
      description: CIDR of the range or network.
      type: str
      sample: 10.1.1.0/24
    created:
      description: When it was created.
      type: str
      sample: "2026-11-29T15:50:36+0000"
    display_network:
      description: Whether the network is shown to its owner.
      type: bool
      sample: true
    display_text:
      description: Display text.
      type: str
      sample: web
    domain:
      description: Domain that owns it.
      type: str
      sample: ROOT
    domain_id:
      description: UUID of the domain that owns it.
      type: str
      sample: 6e2f1b47-a126-4bdc-8e88-bdfe26af9443
    gateway:
      description: Gateway.
      type: str
      sample: "10.1.1.1"
    id:
      description: UUID of the network.
      type: str
      sample: 377e4872-2d0f-4b69-84b5-13e5d43a81b0
    is_persistent:
      description: Whether the network is persistent.
      type: bool
      sample: false
    is_system:
      description: Whether it is a system network.
      type: bool
      sample: false
    name:
      description: Name of the network.
      type: str
      sample: web
    netmask:
      description: Netmask.
      type: str
      sample: "255.255.255.0"
    network_domain:
      description: Network domain (DNS suffix).
      type: str
      sample: cs.internal
    network_offering_name:
      description: Name of the network offering.
      type: str
      sample: DefaultIsolatedNetworkOfferingWithSourceNatService
    restart_required:
      description: Whether the network must be restarted.
      type: bool
      sample: false
    specify_ip_ranges:
      description: Whether the network takes IP ranges of its own.
      type: bool
      sample: false
    state:
      description: State of the network.
      type: str
      sample: Implemented
    tags:
      description: Resource tags, each a dict with key and value.
      type: list
      elements: dict
    traffic_type:
      description: Traffic type.
      type: str
      sample: Guest
    type:
      description: Type of the network.
      type: str
      sample: Isolated
    zone_id:
      description: UUID of the zone.
      type: str
      sample: 8b9e017c-845d-49a1-9906-fd2c66ac55e7
    zone_name:
      description: Name of the zone.
      type: str
      sample: net-zone
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

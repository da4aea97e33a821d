#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: network_offering_info
short_description: List CloudStack network offerings
version_added: 0.2.0
description:
  - Lists network offerings (listNetworkOfferings), filtered on the server, every page walked. Changes nothing.
  - A zone or domain given by name is resolved first (one more call); by id it is passed as it is.
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the offering (exact match).
    type: str
  id:
    description: UUID of the offering.
    type: str
  guest_ip_type:
    description: Guest type.
    type: str
    choices: [ Isolated, Shared, L2 ]
  state:
    description: Offering state.
    type: str
    choices: [ Enabled, Disabled ]
  for_vpc:
    description: Offerings for VPC tiers (true) or not (false).
    type: bool
  is_default:
    description: Offerings CloudStack installs (true) or not (false).
    type: bool
  supported_services:
    description: Offerings that have all these services.
    type: list
    elements: str
  zone:
    description:
      - Name or id of a zone; offerings usable there (their providers enabled on the zone's guest physical network).
    type: str
  keyword:
    description: Part of the name or display text.
    type: str
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: The enabled shared offerings
  csops.cloudstack.network_offering_info:
    guest_ip_type: Shared
    state: Enabled
  register: shared

- name: One by name
  csops.cloudstack.network_offering_info:
    name: DefaultSharedNetworkOffering
  register: one
"""

RETURN = r"""
network_offerings:
  description: The matching offerings, with the keys the M(csops.cloudstack.network_offering) module returns.
  returned: success
  type: list
  elements: dict
  sample: [{"id": "1855b755-bf4d-452e-a8ae-d825643fcd2d", "name": "DefaultSharedNetworkOffering", "guest_ip_type": "Shared"}]
  contains:
    id:
      description: UUID of the offering.
      type: str
      sample: bb4ba2e4-6e72-417c-a65a-aafa17b5930e
    name:
      description: Name.
      type: str
      sample: isolated-snat
    display_text:
      description: Display text.
      type: str
      sample: Isolated with source NAT
    state:
      description: Enabled or Disabled.
      type: str
      sample: Enabled
    traffic_type:
      description: Traffic type (Guest).
      type: str
      sample: Guest
    guest_ip_type:
      description: Isolated, Shared or L2.
      type: str
      sample: Isolated
    services:
      description: Services with their providers and the capabilities CloudStack reports.
      type: list
      elements: dict
      contains:
        name:
          description: Service, for example C(Dhcp) or C(SourceNat).
          type: str
          sample: SourceNat
        providers:
          description: Providers of the service.
          type: list
          elements: str
          sample: [VirtualRouter]
        capabilities:
          description: Capability values CloudStack reports for the service (Lb, SourceNat, StaticNat).
          type: list
          elements: dict
          contains:
            name:
              description: Capability name.
              type: str
              sample: RedundantRouter
            value:
              description: Capability value.
              type: str
              sample: "true"
    specify_vlan:
      description: Networks take a VLAN.
      type: bool
      sample: false
    specify_ip_ranges:
      description: Networks take IP ranges.
      type: bool
      sample: false
    conserve_mode:
      description: IP conserve mode.
      type: bool
      sample: true
    is_persistent:
      description: Networks are implemented at creation.
      type: bool
      sample: false
    egress_default_policy:
      description: allow or deny.
      type: str
      sample: deny
    for_vpc:
      description: An offering for VPC tiers.
      type: bool
      sample: false
    for_tungsten:
      description: An offering for Tungsten Fabric.
      type: bool
      sample: false
    availability:
      description: Optional or Required.
      type: str
      sample: Optional
    is_default:
      description: One of the offerings CloudStack installs.
      type: bool
      sample: false
    network_rate:
      description: Network rate in Mb/s (-1 unlimited).
      type: int
      sample: 200
    max_connections:
      description: Maximum load balancer connections.
      type: int
      sample: 4096
    service_offering_id:
      description: UUID of the system offering of the virtual routers.
      type: str
      sample: 5a5400a0-fe76-4300-9358-6d7618ca8dae
    tags:
      description: Network tag.
      type: str
      sample: guest-a
    details:
      description: Offering details.
      type: dict
      sample: {}
    internet_protocol:
      description: IPv4, IPv6 or DualStack.
      type: str
      sample: IPv4
    supports_stretched_l2_subnet:
      description: Supports stretched L2 subnets.
      type: bool
      sample: false
    supports_public_access:
      description: Supports public access.
      type: bool
      sample: false
    created:
      description: Creation date.
      type: str
      sample: "2025-11-29T15:56:01+0000"
    domain_ids:
      description: UUIDs of the domains the offering is restricted to (empty when public).
      type: list
      elements: str
      sample: []
    domains:
      description: Paths of those domains as CloudStack shows them (C(/), C(/customers/)).
      type: list
      elements: str
      sample: []
    zone_ids:
      description: UUIDs of the zones the offering is restricted to (empty when in every zone).
      type: list
      elements: str
      sample: []
    zones:
      description: Names of those zones.
      type: list
      elements: str
      sample: []
    has_annotations:
      description: The offering has comments.
      type: bool
      sample: false
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.offering import OfferingInfo


class NetworkOfferingInfo(OfferingInfo):
    resource = "networkoffering"
    list_command = "listNetworkOfferings"
    result_key = "network_offerings"
    filters = {"name": "name", "id": "id", "guest_ip_type": "guestiptype", "state": "state", "for_vpc": "forvpc",
               "is_default": "isdefault", "supported_services": "supportedservices", "keyword": "keyword"}
    parents = {"zone": ("zoneid", "get_zone")}
    argument_spec = dict(
        name=dict(type="str"),
        id=dict(type="str"),
        guest_ip_type=dict(type="str", choices=["Isolated", "Shared", "L2"]),
        state=dict(type="str", choices=["Enabled", "Disabled"]),
        for_vpc=dict(type="bool"),
        is_default=dict(type="bool"),
        supported_services=dict(type="list", elements="str"),
        zone=dict(type="str"),
        keyword=dict(type="str", no_log=False),
    )


def main():
    module = NetworkOfferingInfo()
    module()


if __name__ == "__main__":
    main()

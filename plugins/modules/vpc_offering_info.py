#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: vpc_offering_info
short_description: List CloudStack VPC offerings
version_added: 0.2.0
description:
  - Lists VPC offerings (listVPCOfferings), filtered on the server, every page walked. Changes nothing.
  - A zone or domain given by name is resolved first (one more call); by id it is passed as it is.
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the offering (exact match; CloudStack itself matches a substring).
    type: str
  id:
    description: UUID of the offering.
    type: str
  state:
    description: Offering state.
    type: str
    choices: [ Enabled, Disabled ]
  is_default:
    description: Offerings CloudStack installs (true) or not (false).
    type: bool
  supported_services:
    description: Offerings that have all these services.
    type: list
    elements: str
  zone:
    description: Name or id of a zone; offerings available there (restricted to it or to no zone).
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
- name: All VPC offerings
  csops.cloudstack.vpc_offering_info:
  register: vpc_offerings

- name: The enabled ones
  csops.cloudstack.vpc_offering_info:
    state: Enabled
  register: enabled
"""

RETURN = r"""
vpc_offerings:
  description: The matching offerings, with the keys the M(csops.cloudstack.vpc_offering) module returns.
  returned: success
  type: list
  elements: dict
  sample: [{"id": "ff866e29-9f06-4419-8dd9-d086baa40e44", "name": "Default VPC offering", "state": "Enabled"}]
  contains:
    id:
      description: UUID of the offering.
      type: str
      sample: 54a46fd8-1c5c-4a8f-93b1-06f92925fb8d
    name:
      description: Name.
      type: str
      sample: vpc-ilb
    display_text:
      description: Display text.
      type: str
      sample: VPC with internal LB
    state:
      description: Enabled or Disabled.
      type: str
      sample: Enabled
    is_default:
      description: One of the offerings CloudStack installs.
      type: bool
      sample: false
    services:
      description: Services with their providers.
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
    distributed_vpc_router:
      description: The VPC router is distributed.
      type: bool
      sample: false
    supports_region_level_vpc:
      description: Region level VPCs.
      type: bool
      sample: false
    internet_protocol:
      description: IPv4, IPv6 or DualStack.
      type: str
      sample: IPv4
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
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.offering import OfferingInfo


class VpcOfferingInfo(OfferingInfo):
    resource = "vpcoffering"
    list_command = "listVPCOfferings"
    result_key = "vpc_offerings"
    filters = {"name": "name", "id": "id", "state": "state", "is_default": "isdefault",
               "supported_services": "supportedservices", "keyword": "keyword"}
    parents = {"zone": ("zoneid", "get_zone")}
    argument_spec = dict(
        name=dict(type="str"),
        id=dict(type="str"),
        state=dict(type="str", choices=["Enabled", "Disabled"]),
        is_default=dict(type="bool"),
        supported_services=dict(type="list", elements="str"),
        zone=dict(type="str"),
        keyword=dict(type="str", no_log=False),
    )


def main():
    module = VpcOfferingInfo()
    module()


if __name__ == "__main__":
    main()

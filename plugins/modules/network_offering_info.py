#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: network_offering_info
short_description: List CloudStack network offerings
version_added: 0.1.0
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
        keyword=dict(type="str"),
    )


def main():
    module = NetworkOfferingInfo()
    module()


if __name__ == "__main__":
    main()

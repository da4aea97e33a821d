#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: vpc_offering_info
short_description: List CloudStack VPC offerings
version_added: 0.1.0
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
        keyword=dict(type="str"),
    )


def main():
    module = VpcOfferingInfo()
    module()


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: disk_offering_info
short_description: List CloudStack disk offerings
version_added: 0.1.0
description:
  - Lists disk offerings (listDiskOfferings), filtered on the server, every page walked. Changes nothing.
  - A zone or domain given by name is resolved first (one more call); by id it is passed as it is.
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the offering (exact match).
    type: str
  id:
    description: UUID of the offering.
    type: str
  zone:
    description: Name or id of a zone; offerings available there (restricted to it or to no zone).
    type: str
  domain:
    description: Id, path or name of a domain; the offerings restricted to exactly that domain (CloudStack then
      applies no other filter).
    type: str
  keyword:
    description: Part of the name or display text.
    type: str
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
"""

EXAMPLES = r"""
- name: All disk offerings
  csops.cloudstack.disk_offering_info:
  register: disks

- name: One by name
  csops.cloudstack.disk_offering_info:
    name: Large
  register: large
"""

RETURN = r"""
disk_offerings:
  description: The matching offerings, with the keys the M(csops.cloudstack.disk_offering) module returns.
  returned: success
  type: list
  elements: dict
  sample: [{"id": "ab15c29a-15fa-45b8-8174-b5c217da6c72", "name": "Large", "disk_size": 100}]
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.offering import OfferingInfo


class DiskOfferingInfo(OfferingInfo):
    resource = "diskoffering"
    list_command = "listDiskOfferings"
    result_key = "disk_offerings"
    filters = {"name": "name", "id": "id", "keyword": "keyword"}
    parents = {"zone": ("zoneid", "get_zone"), "domain": ("domainid", "get_domain_id")}
    argument_spec = dict(
        name=dict(type="str"),
        id=dict(type="str"),
        zone=dict(type="str"),
        domain=dict(type="str"),
        keyword=dict(type="str"),
    )


def main():
    module = DiskOfferingInfo()
    module()


if __name__ == "__main__":
    main()

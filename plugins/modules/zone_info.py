#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: zone_info
short_description: List CloudStack zones
version_added: 0.1.0
description:
  - Lists zones (listZones), filtered on the server, every page walked. Changes nothing.
  - Names match exactly. A parent given by name is resolved first (one more call); by id it is passed as it is.
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the zone.
    type: str
  id:
    description: UUID of the zone.
    type: str
  network_type:
    description: V(Basic) or V(Advanced).
    type: str
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
"""

EXAMPLES = r"""
- name: All zones
  csops.cloudstack.zone_info:
  register: all_items

- name: One by name
  csops.cloudstack.zone_info:
    name: example
  register: one
"""

RETURN = r"""
zones:
  description: The matching zones, with snake_case keys (the same as the M(csops.cloudstack.zone) module returns).
  returned: success
  type: list
  elements: dict
  sample: [{"id": "04589590-ac63-4ffc-93f5-b698b8ac38b6", "name": "zone-1", "network_type": "Advanced", "allocation_state": "Enabled"}]
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.module import InfoModule


class ZoneInfo(InfoModule):
    resource = "zone"
    list_command = "listZones"
    result_key = "zones"
    filters = {"name": "name", "id": "id", "network_type": "networktype"}
    parents = {}
    argument_spec = dict(
        name=dict(type="str"),
        id=dict(type="str"),
        network_type=dict(type="str"),
    )


def main():
    module = ZoneInfo()
    module()


if __name__ == "__main__":
    main()

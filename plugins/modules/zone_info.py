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
  network_type:
    description: V(Basic) or V(Advanced).
    type: str
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
  - csops.cloudstack.attributes.action
  - csops.cloudstack.info_filters
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
  contains:
    allocation_state:
      description: Allocation state (Enabled or Disabled).
      type: str
      sample: Disabled
    allow_user_specify_vr_mtu:
      description: Whether users may set the MTU of their virtual routers' interfaces.
      type: bool
      sample: false
    dhcp_provider:
      description: DHCP provider of the zone.
      type: str
      sample: VirtualRouter
    dns1:
      description: First DNS server.
      type: str
      sample: "8.8.8.8"
    has_annotations:
      description: Whether it has comments (annotations).
      type: bool
      sample: false
    id:
      description: UUID of the zone.
      type: str
      sample: 7436618e-7918-4dfc-b995-6a44542b19c5
    internal_dns1:
      description: First internal DNS server.
      type: str
      sample: "10.0.0.2"
    local_storage_enabled:
      description: Whether local storage can be used for user VMs.
      type: bool
      sample: false
    name:
      description: Name of the zone.
      type: str
      sample: rz-zone
    network_type:
      description: Network type (Basic or Advanced).
      type: str
      sample: Advanced
    router_private_interface_max_mtu:
      description: Highest MTU for the private interface of virtual routers.
      type: int
      sample: 1500
    router_public_interface_max_mtu:
      description: Highest MTU for the public interface of virtual routers.
      type: int
      sample: 1500
    securitygroups_enabled:
      description: Whether the zone uses security groups.
      type: bool
      sample: false
    tags:
      description: Resource tags, each a dict with key and value.
      type: list
      elements: dict
    type:
      description: Type of the zone.
      type: str
      sample: Core
    zone_token:
      description: Zone token.
      type: str
      sample: a61a7f76-5abf-4a34-bc01-63ed790628e8
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.info import InfoModule


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

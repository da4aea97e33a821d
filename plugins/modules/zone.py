#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: zone
short_description: Manage CloudStack zones
version_added: 0.1.0
description:
  - Create, update, enable, disable and delete zones.
  - CloudStack creates a zone B(Disabled); O(state=enabled) creates it enabled in the same call.
  - An idempotent run costs one API call (C(listZones) filtered by name or id on the server).
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the zone. Also renames the zone found by O(id).
    type: str
    required: true
  id:
    description: UUID of an existing zone; when set, the zone is found by id instead of name.
    type: str
  state:
    description:
      - V(present) creates or updates the zone and leaves its allocation state as it is (a new zone is Disabled).
      - V(enabled) and V(disabled) also set the allocation state. V(absent) deletes the zone; CloudStack refuses
        while it still holds pods, physical networks or storage.
    type: str
    default: present
    choices: [ present, enabled, disabled, absent ]
  network_type:
    description:
      - V(Basic) or V(Advanced). Required to create a zone; never assumed for an existing zone, and cannot be changed.
    type: str
    choices: [ Basic, Advanced ]
  dns1:
    description: First public DNS server. Required to create a zone.
    type: str
  dns2:
    description: Second public DNS server.
    type: str
  internal_dns1:
    description: First internal DNS server (system VMs). When creating a zone without it, O(dns1) is used.
    type: str
  internal_dns2:
    description: Second internal DNS server.
    type: str
  dns1_ipv6:
    description: First IPv6 DNS server (API field C(ip6dns1)).
    type: str
  dns2_ipv6:
    description: Second IPv6 DNS server (API field C(ip6dns2)).
    type: str
  network_domain:
    description: Network domain of the zone's guest networks (API field C(domain)).
    type: str
  guest_cidr_address:
    description: Guest CIDR of the zone. Advanced zones only; CloudStack rejects it for Basic zones.
    type: str
  dhcp_provider:
    description: DHCP provider of the zone, for example C(VirtualRouter).
    type: str
  local_storage_enabled:
    description: Whether VMs of the zone may use local storage.
    type: bool
  securitygroups_enabled:
    description:
      - Whether the zone uses security groups. Set when the zone is created (Basic zones always do); cannot be changed.
    type: bool
  domain:
    description:
      - Path or name of the domain the zone belongs to (a private zone), for example C(ROOT/customers). Public when not set.
      - Set when the zone is created; cannot be changed.
    type: str
  is_edge:
    description: Create an Edge zone (Advanced only). Set when the zone is created.
    type: bool
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: An Advanced zone, enabled
  csops.cloudstack.zone:
    name: zone-1
    network_type: Advanced
    dns1: 8.8.8.8
    internal_dns1: 10.0.0.2
    guest_cidr_address: 10.1.0.0/16
    state: enabled

- name: Disable a zone for maintenance
  csops.cloudstack.zone:
    name: zone-1
    state: disabled

- name: Remove a zone
  csops.cloudstack.zone:
    name: zone-1
    state: absent
"""

RETURN = r"""
zone:
  description: The zone (empty after O(state=absent)); API fields, the ones this module manages under their option names.
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the zone.
      type: str
      sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
    name:
      description: Name of the zone.
      type: str
      sample: zone-1
    network_type:
      description: Basic or Advanced.
      type: str
      sample: Advanced
    allocation_state:
      description: Enabled or Disabled.
      type: str
      sample: Enabled
    dns1:
      description: First public DNS server.
      type: str
      sample: "8.8.8.8"
    dns2:
      description: Second public DNS server.
      type: str
      sample: "8.8.4.4"
    internal_dns1:
      description: First internal DNS server.
      type: str
      sample: "10.0.0.2"
    internal_dns2:
      description: Second internal DNS server.
      type: str
      sample: "10.0.0.3"
    dns1_ipv6:
      description: First IPv6 DNS server.
      type: str
      sample: "2001:4860:4860::8888"
    dns2_ipv6:
      description: Second IPv6 DNS server.
      type: str
      sample: "2001:4860:4860::8844"
    network_domain:
      description: Network domain.
      type: str
      sample: cloud.example.com
    guest_cidr_address:
      description: Guest CIDR.
      type: str
      sample: 10.1.0.0/16
    dhcp_provider:
      description: DHCP provider.
      type: str
      sample: VirtualRouter
    local_storage_enabled:
      description: Whether local storage is enabled.
      type: bool
      sample: false
    securitygroups_enabled:
      description: Whether security groups are enabled.
      type: bool
      sample: false
    domain_id:
      description: UUID of the domain of a private zone.
      type: str
      sample: 9d7b6d4c-3c4e-11ee-be56-0242ac120002
    zone_token:
      description: Zone token.
      type: str
      sample: ccb0a60c-79c8-3230-ab8b-8bdbe8c45bb7
    tags:
      description: Resource tags of the zone.
      type: list
      elements: dict
    allow_user_specify_vr_mtu:
      description: Whether users may set the MTU of their virtual routers' interfaces.
      type: bool
      sample: false
    has_annotations:
      description: Whether it has comments (annotations).
      type: bool
      sample: false
    router_private_interface_max_mtu:
      description: Highest MTU for the private interface of virtual routers.
      type: int
      sample: 1500
    router_public_interface_max_mtu:
      description: Highest MTU for the public interface of virtual routers.
      type: int
      sample: 1500
    type:
      description: Type of the zone.
      type: str
      sample: Core
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.resources.zone import Zone


def main():
    module = Zone()
    module()


if __name__ == "__main__":
    main()

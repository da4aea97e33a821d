#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: physical_network
short_description: Manage the physical networks of a CloudStack zone
version_added: 0.1.0
description:
  - Create, update, enable, disable and delete physical networks (create, update and delete are async jobs; the
    module waits for them).
  - An idempotent run costs one API call (C(listPhysicalNetworks) filtered by name; the zone is matched on the
    network's own fields).
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the physical network, unique in its zone.
    type: str
    required: true
  zone:
    description: Name or id of the zone.
    type: str
    required: true
  isolation_methods:
    description:
      - Isolation method, for example V(VLAN), V(VXLAN), V(GRE), V(L3), V(STT), V(BCF_SEGMENT), V(SSP), V(ODL), V(VCS), V(VSP). Set at creation.
      - CloudStack takes one method per physical network; a list of more than one fails before any write.
    type: list
    elements: str
    aliases: [ isolation_method ]
  vlan:
    description: VLAN (or VNI) ranges for guest networks, for example C(100-200) or C(100-200,300-400).
    type: str
  broadcast_domain_range:
    description: V(ZONE) or V(POD). Set at creation; Basic zones use V(POD).
    type: str
    choices: [ ZONE, POD ]
  tags:
    description:
      - Tag of the physical network, as a list of at most one item (CloudStack takes one tag per physical network;
        more fail before any write). An empty list removes the tag.
    type: list
    elements: str
  network_speed:
    description: Speed of the network, for example C(1G) or C(10G).
    type: str
  domain:
    description: Domain the network is dedicated to (path or id). Set at creation.
    type: str
  state:
    description: V(present) creates or updates it (a new network is Disabled); V(enabled) or V(disabled) set its state; V(absent) deletes it.
    type: str
    default: present
    choices: [ present, enabled, disabled, absent ]
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: Guest physical network with VLANs, enabled
  csops.cloudstack.physical_network:
    name: pnet-guest
    zone: zone-1
    isolation_methods: [VLAN]
    vlan: 100-200
    tags: [guest]
    state: enabled
"""

RETURN = r"""
physical_network:
  description: The physical network (empty after O(state=absent)).
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the physical network.
      type: str
      sample: 4d3c2b1a-0f9e-4d8c-7b6a-5f4e3d2c1b0a
    name:
      description: Name of the physical network.
      type: str
      sample: pnet-guest
    state:
      description: Enabled or Disabled.
      type: str
      sample: Enabled
    isolation_methods:
      description: Isolation methods, comma separated.
      type: str
      sample: VLAN
    vlan:
      description: VLAN ranges.
      type: str
      sample: "100-200"
    broadcast_domain_range:
      description: ZONE or POD.
      type: str
      sample: ZONE
    tags:
      description: Tags, comma separated.
      type: str
      sample: guest
    zone_name:
      description: Zone name.
      type: str
      sample: zone-1
    zone_id:
      description: UUID of the zone.
      type: str
      sample: 4a5bb054-d87e-4971-918e-1e1005319085
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.resources.physical_network import PhysicalNetwork


def main():
    module = PhysicalNetwork()
    module()


if __name__ == "__main__":
    main()

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

import re

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError
from ansible_collections.csops.cloudstack.plugins.module_utils.module import Field, ResourceModule


def vlan_ranges(value):
    """Canonical form of VLAN ranges, the one CloudStack stores (NetworkServiceImpl.generateVnetString):
    sorted, overlapping or adjacent ranges joined, a single VLAN written as a range:
    '300, 120-130,100-119' -> '100-130,300-300'."""
    if value in (None, ""):
        return ""
    spans = []
    for part in str(value).split(","):
        part = part.strip()
        if not part:
            continue
        low, _sep, high = part.partition("-")
        spans.append((int(low), int(high or low)))
    merged = []
    for low, high in sorted(spans):
        if merged and low <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return ",".join("%d-%d" % tuple(r) for r in merged)


class PhysicalNetwork(ResourceModule):
    resource = "physicalnetwork"
    result_key = "physical_network"
    list_command = "listPhysicalNetworks"
    create_command = "createPhysicalNetwork"
    update_command = "updatePhysicalNetwork"
    delete_command = "deletePhysicalNetwork"
    parents = {"zone": ("zoneid", "zonename")}
    fields = (
        Field("isolation_methods", "isolationmethods", create_only=True, compare="set"),
        Field("broadcast_domain_range", "broadcastdomainrange", create_only=True, compare="lower"),
        Field("vlan", from_api=vlan_ranges, to_api=vlan_ranges),
        Field("tags", compare="set"),
        Field("network_speed", "networkspeed"),
    )

    argument_spec = dict(
        name=dict(type="str", required=True),
        zone=dict(type="str", required=True),
        isolation_methods=dict(type="list", elements="str", aliases=["isolation_method"]),
        vlan=dict(type="str"),
        broadcast_domain_range=dict(type="str", choices=["ZONE", "POD"]),
        tags=dict(type="list", elements="str"),
        network_speed=dict(type="str"),
        domain=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "enabled", "disabled", "absent"]),
    )

    def validate(self):
        # CloudStack takes one tag and one isolation method per physical network (createPhysicalNetwork).
        for option in ("tags", "isolation_methods"):
            values = self.params[option] or []
            if len(values) > 1:
                raise CloudStackError("%s: CloudStack supports one value per physical network, got %d (%s)." % (
                    option, len(values), ", ".join(values)))
            if any(not str(value).strip() for value in values):
                raise CloudStackError("%s: empty value in %r." % (option, values))
        vlan = self.params["vlan"]
        if vlan:
            for part in vlan.split(","):
                if not re.match(r"^\s*\d+\s*(-\s*\d+\s*)?$", part):
                    raise CloudStackError("vlan: %r is not a VLAN range such as 100-200 or 100-200,300-400." % vlan)
                numbers = [int(n) for n in re.findall(r"\d+", part)]
                if numbers != sorted(numbers):
                    raise CloudStackError("vlan: range %r ends before it starts." % part.strip())

    def create_params(self):
        params = self.api_params()
        params.update(name=self.params["name"], zoneid=self.get_zone()["id"])
        if self.params["domain"]:
            params["domainid"] = self.get_domain_id(self.params["domain"])
        return params

    def update_params(self, obj, diffs):
        params = super().update_params(obj, diffs)
        if "tags" in diffs:
            params["tags"] = ",".join(sorted(self.params["tags"]))
        return params

    def ensure_present(self):
        self.validate()
        network = super().ensure_present()
        wanted = {"enabled": "Enabled", "disabled": "Disabled"}.get(self.params["state"])
        if wanted and network.get("state") != wanted:
            # A new network is Disabled: enabling it is a second call (updatePhysicalNetwork state=Enabled).
            response = self.write(self.update_command, id=network.get("id"), state=wanted)
            network = self.extract(response) if response else dict(network, state=wanted)
        return network

    def simulate(self, obj, params):
        after = super().simulate(obj, params)
        if not obj:
            after.update(name=self.params["name"], zonename=self.params["zone"], state="Disabled")
        if "state" in params:
            after["state"] = params["state"]
        for key in ("tags", "isolationmethods"):
            if isinstance(after.get(key), list):
                after[key] = ",".join(after[key])
        return after


def main():
    module = PhysicalNetwork()
    module()


if __name__ == "__main__":
    main()

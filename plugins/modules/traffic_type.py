#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: traffic_type
short_description: Manage the traffic types of a CloudStack physical network
version_added: 0.1.0
description:
  - Adds a traffic type (Guest, Management, Public, Storage) to a physical network with its per-hypervisor network
    labels, updates the labels, and removes it. Add, update and delete are async jobs; the module waits for them.
  - C(listTrafficTypes) needs the physical network's id, so an idempotent run costs three reads when O(physical_network)
    is a name (the zone, the physical network, then its traffic types) and one when it is an id.
author: csops.cloudstack developers (@csops)
options:
  physical_network:
    description: Name or id of the physical network.
    type: str
    required: true
  zone:
    description: Name or id of the zone; needed when O(physical_network) is a name.
    type: str
  traffic_type:
    description: The traffic type.
    type: str
    required: true
    choices: [ Guest, Management, Public, Storage ]
  kvm_network_label:
    description: Network label (bridge) on KVM hosts, for example C(cloudbr0).
    type: str
  xen_network_label:
    description: Network label on XenServer hosts.
    type: str
  vmware_network_label:
    description: Network label (vSwitch, port group) on VMware hosts.
    type: str
  hyperv_network_label:
    description: Network label on Hyper-V hosts.
    type: str
  ovm3_network_label:
    description: Network label on OVM3 hosts.
    type: str
  isolation_method:
    description: Isolation method of the traffic type. Set when it is added.
    type: str
  vlan:
    description: VLAN id (1-4094), V(untagged) or URI (C(vlan://100)) of the traffic type (for Management or Storage traffic). Set when it is added.
    type: str
  state:
    description: V(present) adds or updates it; V(absent) removes it.
    type: str
    default: present
    choices: [ present, absent ]
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Management traffic on cloudbr0
  csops.cloudstack.traffic_type:
    physical_network: pnet-1
    zone: zone-1
    traffic_type: Management
    kvm_network_label: cloudbr0
"""

RETURN = r"""
traffic_type:
  description: The traffic type (empty after O(state=absent)).
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the traffic type.
      type: str
      sample: 2b1a0f9e-8d7c-4b6a-5f4e-3d2c1b0a9f8e
    traffic_type:
      description: Guest, Management, Public or Storage.
      type: str
      sample: Management
    kvm_network_label:
      description: KVM network label.
      type: str
      sample: cloudbr0
    physical_network_id:
      description: UUID of the physical network.
      type: str
      sample: 4d3c2b1a-0f9e-4d8c-7b6a-5f4e3d2c1b0a
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError
from ansible_collections.csops.cloudstack.plugins.module_utils.module import Field, ResourceModule

LABELS = ("kvm_network_label", "xen_network_label", "vmware_network_label", "hyperv_network_label", "ovm3_network_label")


class TrafficType(ResourceModule):
    resource = "traffictype"
    result_key = "traffic_type"
    list_command = "listTrafficTypes"
    create_command = "addTrafficType"
    update_command = "updateTrafficType"
    delete_command = "deleteTrafficType"
    fields = tuple(Field(label, label.replace("_network_label", "networklabel")) for label in LABELS) + (
        Field("isolation_method", "isolationmethod", create_only=True, attr="-"),
        Field("vlan", create_only=True, attr="-"),
    )

    argument_spec = dict(
        physical_network=dict(type="str", required=True),
        zone=dict(type="str"),
        traffic_type=dict(type="str", required=True, choices=["Guest", "Management", "Public", "Storage"]),
        kvm_network_label=dict(type="str"),
        xen_network_label=dict(type="str"),
        vmware_network_label=dict(type="str"),
        hyperv_network_label=dict(type="str"),
        ovm3_network_label=dict(type="str"),
        isolation_method=dict(type="str"),
        vlan=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
    )

    def run(self):
        vlan = self.params["vlan"]
        if vlan is not None and "://" not in vlan and vlan.lower() != "untagged" and not (vlan.isdigit() and 1 <= int(vlan) <= 4094):
            raise CloudStackError("vlan: %r is not a VLAN id (1-4094), 'untagged' or a URI such as vlan://100." % vlan)
        super().run()

    def network_id(self):
        if "pnet" not in self._cache:
            self._cache["pnet"] = self.get_physical_network_id(self.params["physical_network"], self.params["zone"])
        return self._cache["pnet"]

    def find(self):
        wanted = self.params["traffic_type"]
        for item in self.list(self.list_command, None, physicalnetworkid=self.network_id()):
            # 4.18 documents a provider-shaped answer (name); servers answer with traffictype.
            if wanted in (item.get("traffictype"), item.get("name")):
                return item
        return None

    def differences(self, obj):
        return {o: d for o, d in super().differences(obj).items() if o in LABELS}

    def create_params(self):
        params = self.api_params()
        params.update(physicalnetworkid=self.network_id(), traffictype=self.params["traffic_type"])
        return params

    def simulate(self, obj, params):
        after = super().simulate(obj, params)
        after.setdefault("traffictype", self.params["traffic_type"])
        return after

    def to_result(self, obj):
        out = super().to_result(obj)
        if obj:
            out.setdefault("traffic_type", obj.get("traffictype") or obj.get("name"))
            out.pop("traffictype", None)
            if "physicalnetworkid" in out:
                out["physical_network_id"] = out.pop("physicalnetworkid")
        return out


def main():
    module = TrafficType()
    module()


if __name__ == "__main__":
    main()

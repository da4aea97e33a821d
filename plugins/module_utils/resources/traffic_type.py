# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Traffic types of physical networks.

The class behind module csops.cloudstack.traffic_type, in module_utils so that a second reader (the whole-zone
engine, zone_converge) runs the very same find, compare and write rules.
"""

from __future__ import annotations

from ..api import CloudStackError
from ..module import Field, ResourceModule

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

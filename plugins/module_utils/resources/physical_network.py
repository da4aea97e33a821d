# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Physical networks.

The class behind module csops.cloudstack.physical_network, in module_utils so that a second reader (the whole-zone
engine, zone_converge) runs the very same find, compare and write rules.
"""

from __future__ import annotations

import re

from ..api import CloudStackError
from ..module import Field, ResourceModule


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

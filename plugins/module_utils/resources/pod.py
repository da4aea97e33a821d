# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pods.

The class behind module csops.cloudstack.pod, in module_utils so that a second reader (the whole-zone
engine, zone_converge) runs the very same find, compare and write rules.
"""

from __future__ import annotations

from ..api import CloudStackError
from ..module import Field, ResourceModule
from ..validate import ip_range


def first(value):
    """startip/endip are lists in the pod answer (one entry per range); the first is the primary range."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


class Pod(ResourceModule):
    resource = "pod"
    list_command = "listPods"
    create_command = "createPod"
    update_command = "updatePod"
    allocation_states = {"enabled": "Enabled", "disabled": "Disabled"}
    default_allocation = "Enabled"
    delete_command = "deletePod"
    parents = {"zone": ("zoneid", "zonename")}
    fields = (
        Field("gateway"),
        Field("netmask"),
        Field("start_ip", "startip", from_api=first),
        Field("end_ip", "endip", from_api=first),
    )

    argument_spec = dict(
        name=dict(type="str", required=True),
        zone=dict(type="str", required=True),
        state=dict(type="str", default="present", choices=["present", "enabled", "disabled", "absent"]),
        gateway=dict(type="str"),
        netmask=dict(type="str"),
        start_ip=dict(type="str"),
        end_ip=dict(type="str"),
        management_ranges=dict(type="list", elements="dict", options=dict(
            start_ip=dict(type="str", required=True),
            end_ip=dict(type="str", required=True),
            gateway=dict(type="str"),
            netmask=dict(type="str"),
            vlan=dict(type="str"),
            for_system_vms=dict(type="bool", default=False),
        )),
        purge_management_ranges=dict(type="bool", default=False),
    )

    def validate(self):
        p = self.params
        ip_range(p["gateway"], p["netmask"], p["start_ip"], p["end_ip"], label="pod %s" % p["name"])
        for index, rng in enumerate(p["management_ranges"] or []):
            ip_range(rng["gateway"] or p["gateway"], rng["netmask"] or p["netmask"], rng["start_ip"], rng["end_ip"],
                     label="management_ranges[%d]" % index)

    def run(self):
        if self.params["state"] != "absent":
            self.validate()
        super().run()

    def create_params(self):
        missing = [o for o in ("gateway", "netmask", "start_ip") if not self.params[o]]
        if missing:
            raise CloudStackError("%s required to create pod %s." % (", ".join(missing), self.params["name"]))
        params = self.api_params()
        params.update(name=self.params["name"], zoneid=self.get_zone()["id"])
        if self.wanted_allocation():
            params["allocationstate"] = self.wanted_allocation()
        return params

    def simulate(self, obj, params):
        after = super().simulate(obj, params)
        ranges = [dict(r) for r in (obj or {}).get("ipranges") or []]
        for key in ("startip", "endip"):
            if key in params:
                rest = obj.get(key)[1:] if isinstance(obj.get(key), list) else []
                after[key] = [params[key]] + rest
                # updatePod changes the pod's first range, which ipranges lists first too
                if ranges:
                    ranges[0][key] = params[key]
        if obj and ranges:
            after["ipranges"] = ranges
        return after

    def ensure_present(self):
        pod = super().ensure_present()
        if self.params["management_ranges"] is not None or self.params["purge_management_ranges"]:
            pod = self.ensure_ranges(pod)
        return pod

    def ensure_ranges(self, pod):
        current = list(pod.get("ipranges") or [])
        primary = (first(pod.get("startip")), first(pod.get("endip")))
        extra = [r for r in current if (r.get("startip"), r.get("endip")) != primary]
        wanted = self.params["management_ranges"] or []
        wanted_keys = {(r["start_ip"], r["end_ip"]) for r in wanted}
        have_keys = {(r.get("startip"), r.get("endip")) for r in extra}
        for rng in wanted:
            if (rng["start_ip"], rng["end_ip"]) in have_keys:
                continue
            params = dict(podid=pod.get("id"), startip=rng["start_ip"], endip=rng["end_ip"],
                          gateway=rng["gateway"] or self.params["gateway"] or pod.get("gateway"),
                          netmask=rng["netmask"] or self.params["netmask"] or pod.get("netmask"),
                          vlan=rng["vlan"], forsystemvms=rng["for_system_vms"])
            self.write("createManagementNetworkIpRange", **params)
            current.append({"startip": rng["start_ip"], "endip": rng["end_ip"], "gateway": params["gateway"],
                            "forsystemvms": "1" if rng["for_system_vms"] else "0", "vlanid": rng["vlan"]})
        if self.params["purge_management_ranges"]:
            for rng in extra:
                if (rng.get("startip"), rng.get("endip")) not in wanted_keys:
                    self.write("deleteManagementNetworkIpRange", podid=pod.get("id"), startip=rng.get("startip"),
                               endip=rng.get("endip"), vlan=rng.get("vlanid"))
                    current = [r for r in current if r is not rng]
        if self.result["changed"] and not self.check_mode and pod.get("id"):
            found = self.list(self.list_command, self.resource, id=pod["id"])
            return found[0] if found else pod
        return dict(pod, ipranges=current)

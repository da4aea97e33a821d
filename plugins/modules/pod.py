#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: pod
short_description: Manage CloudStack pods and their management IP ranges
version_added: 0.1.0
description:
  - Create, update, enable, disable and delete pods of a zone.
  - A pod has one primary management IP range (O(start_ip) to O(end_ip)) and may hold further ranges
    (O(management_ranges)).
  - An idempotent run costs one API call (C(listPods) filtered by name; the zone is matched on the pod's own fields).
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the pod, unique in its zone.
    type: str
    required: true
  zone:
    description: Name or id of the zone.
    type: str
    required: true
  state:
    description:
      - V(present) creates or updates the pod (a new pod is Enabled). V(enabled) and V(disabled) set the allocation
        state. V(absent) deletes it; CloudStack refuses while it still holds clusters or hosts.
    type: str
    default: present
    choices: [ present, enabled, disabled, absent ]
  gateway:
    description: Gateway of the pod's management network. Required to create a pod.
    type: str
  netmask:
    description: Netmask of the pod's management network, for example C(255.255.255.0). Required to create a pod.
    type: str
  start_ip:
    description: First address of the primary management range. Required to create a pod.
    type: str
  end_ip:
    description: Last address of the primary management range. CloudStack uses the end of the network when not set.
    type: str
  management_ranges:
    description:
      - Further management IP ranges of the pod (C(createManagementNetworkIpRange)), matched on their start and end.
      - A range listed here and missing is added; ranges not listed are kept unless O(purge_management_ranges=true).
    type: list
    elements: dict
    suboptions:
      start_ip:
        description: First address.
        type: str
        required: true
      end_ip:
        description: Last address.
        type: str
        required: true
      gateway:
        description: Gateway of the range; the pod's gateway when not set.
        type: str
      netmask:
        description: Netmask of the range; the pod's netmask when not set.
        type: str
      vlan:
        description: VLAN of the range.
        type: str
      for_system_vms:
        description: Reserve the range for system VMs.
        type: bool
        default: false
  purge_management_ranges:
    description: Remove further management ranges that O(management_ranges) does not list.
    type: bool
    default: false
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
"""

EXAMPLES = r"""
- name: A pod with a second management range for system VMs
  csops.cloudstack.pod:
    name: pod-1
    zone: zone-1
    gateway: 10.10.0.1
    netmask: 255.255.255.0
    start_ip: 10.10.0.10
    end_ip: 10.10.0.100
    management_ranges:
      - start_ip: 10.10.0.150
        end_ip: 10.10.0.160
        for_system_vms: true

- name: Disable a pod
  csops.cloudstack.pod:
    name: pod-1
    zone: zone-1
    state: disabled

- name: Remove a pod
  csops.cloudstack.pod:
    name: pod-1
    zone: zone-1
    state: absent
"""

RETURN = r"""
pod:
  description: The pod (empty after O(state=absent)).
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the pod.
      type: str
      sample: 8f4e5c4a-5a3b-4c39-9a4f-2f0a1e3d4b5c
    name:
      description: Name of the pod.
      type: str
      sample: pod-1
    zone_id:
      description: UUID of the zone.
      type: str
      sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
    zone_name:
      description: Name of the zone.
      type: str
      sample: zone-1
    gateway:
      description: Gateway.
      type: str
      sample: "10.10.0.1"
    netmask:
      description: Netmask.
      type: str
      sample: "255.255.255.0"
    start_ip:
      description: First address of the primary range.
      type: str
      sample: "10.10.0.10"
    end_ip:
      description: Last address of the primary range.
      type: str
      sample: "10.10.0.100"
    allocation_state:
      description: Enabled or Disabled.
      type: str
      sample: Enabled
    ip_ranges:
      description: Every management range of the pod, the primary one first.
      type: list
      elements: dict
      sample: [{"start_ip": "10.10.0.10", "end_ip": "10.10.0.100", "gateway": "10.10.0.1", "for_system_vms": "0"}]
      contains:
        end_ip:
          description: Last IP address of the range.
          type: str
          sample: "10.20.0.100"
        for_system_vms:
          description: Whether the range is reserved for system VMs.
          type: str
          sample: "0"
        start_ip:
          description: First IP address of the range.
          type: str
          sample: "10.20.0.10"
        vlan_id:
          description: VLAN of the management range.
          type: str
          sample: "vlan://untagged"
    for_system_vms:
      description: For each management range, whether it is reserved for system VMs (V(1)) or not (V(0)).
      type: list
      elements: str
    has_annotations:
      description: Whether it has comments (annotations).
      type: bool
      sample: false
    vlan_id:
      description: For each management range, its VLAN.
      type: list
      elements: str
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError
from ansible_collections.csops.cloudstack.plugins.module_utils.module import Field, ResourceModule
from ansible_collections.csops.cloudstack.plugins.module_utils.validate import ip_range


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


def main():
    module = Pod()
    module()


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: service_offering
short_description: Manage CloudStack compute offerings and system offerings
version_added: 0.2.0
description:
  - Create, update and delete service offerings (compute offerings) for guest VMs, and system offerings
    for the virtual router, console proxy, secondary storage VM and internal load balancer VM.
  - The offering is found by its exact O(name) (and O(is_system)); CloudStack allows two offerings with the
    same name, this module then fails and lists their ids.
  - CloudStack can change only the name, display text, host tags, storage tags and the domain and zone
    restrictions of an existing offering. A difference in any other option is reported as a warning that
    names each field, or with O(force=true) the offering is deleted and created again (it gets a new id;
    VMs keep the old, deleted offering).
  - An idempotent run costs one API call (C(listServiceOfferings) filtered by name).
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the offering.
    type: str
    required: true
  display_text:
    description: Display text; the name when creating without it.
    type: str
  state:
    description: V(present) creates or updates the offering, V(absent) deletes it (CloudStack marks it inactive).
    type: str
    default: present
    choices: [ present, absent ]
  is_system:
    description:
      - A system offering (for system VMs) instead of a compute offering. Part of the identity of the offering.
    type: bool
    default: false
  system_vm_type:
    description: System VM type of a system offering (CloudStack uses V(domainrouter) when not set).
    type: str
    choices: [ domainrouter, consoleproxy, secondarystoragevm, internalloadbalancervm ]
  cpu_number:
    description: Number of CPU cores of a fixed offering.
    type: int
  cpu_speed:
    description: CPU speed in MHz. Required for a fixed offering.
    type: int
  memory:
    description: Memory in MB of a fixed offering.
    type: int
  customized:
    description:
      - A custom offering, where the user chooses CPU and memory (CloudStack's default when O(cpu_number) or
        O(memory) is missing).
      - Give O(min_cpu_number), O(max_cpu_number), O(min_memory), O(max_memory) and O(cpu_speed) together to
        constrain it, or none of them.
    type: bool
  min_cpu_number:
    description: Minimum CPU cores of a constrained custom offering.
    type: int
  max_cpu_number:
    description: Maximum CPU cores of a constrained custom offering.
    type: int
  min_memory:
    description: Minimum memory in MB of a constrained custom offering.
    type: int
  max_memory:
    description: Maximum memory in MB of a constrained custom offering.
    type: int
  host_tags:
    description: Host tags (compared as a set; V([]) removes them).
    type: list
    elements: str
  storage_tags:
    description: Storage tags (compared as a set; V([]) removes them).
    type: list
    elements: str
  offer_ha:
    description: Offer high availability to the VMs.
    type: bool
  limit_cpu_use:
    description: Restrict the CPU use to the committed share.
    type: bool
  is_volatile:
    description: The root disk is replaced by a fresh one at each reboot.
    type: bool
  storage_type:
    description: Storage for the root disk.
    type: str
    choices: [ shared, local ]
  provisioning_type:
    description: Provisioning of the root disk.
    type: str
    choices: [ thin, sparse, fat ]
  network_rate:
    description: Network rate in Mb/s (user offerings and V(domainrouter) system offerings).
    type: int
  deployment_planner:
    description: Deployment planner, for example C(FirstFitPlanner) or C(ImplicitDedicationPlanner).
    type: str
  root_disk_size:
    description: Root disk size in GB.
    type: int
  disk_offering:
    description:
      - Name or id of a disk offering whose storage settings the offering uses; then O(storage_tags),
        O(provisioning_type), O(storage_type), IOPS and rate options are taken from that disk offering.
    type: str
  disk_offering_strictness:
    description: VMs of this offering cannot change their root disk offering.
    type: bool
  dynamic_scaling_enabled:
    description: VMs of this offering may be scaled while running (CloudStack's default is true).
    type: bool
  encrypt_root:
    description: Encrypt the root disk.
    type: bool
  customized_iops:
    description: The user chooses the IOPS of the root disk.
    type: bool
  min_iops:
    description: Minimum IOPS of the root disk.
    type: int
  max_iops:
    description: Maximum IOPS of the root disk.
    type: int
  hypervisor_snapshot_reserve:
    description: Hypervisor snapshot reserve in percent of the volume (managed storage).
    type: int
  cache_mode:
    description: Disk cache mode.
    type: str
    choices: [ none, writeback, writethrough ]
  details:
    description: Offering details, for example C(pciDevice) and C(vgpuType) together.
    type: dict
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
  - csops.cloudstack.offering
  - csops.cloudstack.offering.rates
"""

EXAMPLES = r"""
- name: A fixed compute offering
  csops.cloudstack.service_offering:
    name: c2.medium
    display_text: 2 vCPU, 4 GB
    cpu_number: 2
    cpu_speed: 2000
    memory: 4096
    host_tags: [fast]
    storage_tags: [ssd]

- name: A custom offering within bounds
  csops.cloudstack.service_offering:
    name: flex
    customized: true
    cpu_speed: 2000
    min_cpu_number: 1
    max_cpu_number: 8
    min_memory: 1024
    max_memory: 16384

- name: A bigger console proxy offering
  csops.cloudstack.service_offering:
    name: cpvm-2g
    is_system: true
    system_vm_type: consoleproxy
    cpu_number: 1
    cpu_speed: 1000
    memory: 2048

- name: Change the memory of an offering (CloudStack cannot update it, so re-create)
  csops.cloudstack.service_offering:
    name: c2.medium
    cpu_number: 2
    cpu_speed: 2000
    memory: 8192
    force: true

- name: Remove an offering
  csops.cloudstack.service_offering:
    name: c2.medium
    state: absent
"""

RETURN = r"""
service_offering:
  description: The offering (empty after O(state=absent)).
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the offering.
      type: str
      sample: 5a5400a0-fe76-4300-9358-6d7618ca8dae
    name:
      description: Name.
      type: str
      sample: c2.medium
    display_text:
      description: Display text.
      type: str
      sample: 2 vCPU, 4 GB
    cpu_number:
      description: CPU cores (absent for custom offerings).
      type: int
      sample: 2
    cpu_speed:
      description: CPU speed in MHz.
      type: int
      sample: 2000
    memory:
      description: Memory in MB (absent for custom offerings).
      type: int
      sample: 4096
    created:
      description: Creation date.
      type: str
      sample: "2025-11-29T15:56:01+0000"
    storage_type:
      description: shared or local.
      type: str
      sample: shared
    provisioning_type:
      description: thin, sparse or fat.
      type: str
      sample: thin
    offer_ha:
      description: High availability offered.
      type: bool
      sample: false
    limit_cpu_use:
      description: CPU use limited to the committed share.
      type: bool
      sample: false
    is_volatile:
      description: Root disk replaced at each reboot.
      type: bool
      sample: false
    storage_tags:
      description: Storage tags.
      type: list
      elements: str
      sample: [ssd]
    host_tags:
      description: Host tags.
      type: list
      elements: str
      sample: [fast]
    domain_ids:
      description: UUIDs of the domains the offering is restricted to (empty when public).
      type: list
      elements: str
      sample: []
    domains:
      description: Names of those domains.
      type: list
      elements: str
      sample: []
    zone_ids:
      description: UUIDs of the zones the offering is restricted to (empty when in every zone).
      type: list
      elements: str
      sample: []
    zones:
      description: Names of those zones.
      type: list
      elements: str
      sample: []
    is_system:
      description: A system offering.
      type: bool
      sample: false
    default_use:
      description: A default system offering of a system VM type (cannot be deleted).
      type: bool
      sample: false
    system_vm_type:
      description: System VM type of a system offering.
      type: str
      sample: consoleproxy
    network_rate:
      description: Network rate in Mb/s.
      type: int
      sample: 200
    customized_iops:
      description: The user chooses the IOPS.
      type: bool
      sample: false
    min_iops:
      description: Minimum IOPS.
      type: int
      sample: 0
    max_iops:
      description: Maximum IOPS.
      type: int
      sample: 0
    hypervisor_snapshot_reserve:
      description: Hypervisor snapshot reserve in percent.
      type: int
      sample: 10
    disk_bytes_read_rate:
      description: Read limit in bytes per second.
      type: int
      sample: 104857600
    disk_bytes_read_rate_max:
      description: Burst read limit in bytes per second.
      type: int
      sample: 209715200
    disk_bytes_read_rate_max_length:
      description: Read burst length in seconds.
      type: int
      sample: 60
    disk_bytes_write_rate:
      description: Write limit in bytes per second.
      type: int
      sample: 104857600
    disk_bytes_write_rate_max:
      description: Burst write limit in bytes per second.
      type: int
      sample: 209715200
    disk_bytes_write_rate_max_length:
      description: Write burst length in seconds.
      type: int
      sample: 60
    disk_iops_read_rate:
      description: Read limit in IO requests per second.
      type: int
      sample: 1000
    disk_iops_read_rate_max:
      description: Burst read limit in IO requests per second.
      type: int
      sample: 2000
    disk_iops_read_rate_max_length:
      description: IOPS read burst length in seconds.
      type: int
      sample: 60
    disk_iops_write_rate:
      description: Write limit in IO requests per second.
      type: int
      sample: 1000
    disk_iops_write_rate_max:
      description: Burst write limit in IO requests per second.
      type: int
      sample: 2000
    disk_iops_write_rate_max_length:
      description: IOPS write burst length in seconds.
      type: int
      sample: 60
    deployment_planner:
      description: Deployment planner.
      type: str
      sample: FirstFitPlanner
    details:
      description: Offering details (min/max CPU and memory of a constrained custom offering among them).
      type: dict
      sample: {"mincpunumber": "1", "maxcpunumber": "8"}
    customized:
      description: A custom offering.
      type: bool
      sample: false
    cache_mode:
      description: Disk cache mode.
      type: str
      sample: none
    vsphere_storage_policy:
      description: vSphere storage policy.
      type: str
      sample: gold
    root_disk_size:
      description: Root disk size in GB (0 when the template decides).
      type: int
      sample: 0
    dynamic_scaling_enabled:
      description: VMs may be scaled while running.
      type: bool
      sample: true
    disk_offering_strictness:
      description: VMs cannot change their root disk offering.
      type: bool
      sample: false
    disk_offering_id:
      description: UUID of the disk offering behind the root disk settings.
      type: str
      sample: d2dedf10-f56e-4fa6-9729-d13f18925ad3
    disk_offering_name:
      description: Name of that disk offering.
      type: str
      sample: c2.medium
    disk_offering_display_text:
      description: Display text of that disk offering.
      type: str
      sample: 2 vCPU, 4 GB
    encrypt_root:
      description: The root disk is encrypted.
      type: bool
      sample: false
    has_annotations:
      description: The offering has comments.
      type: bool
      sample: false
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError, looks_like_uuid
from ansible_collections.csops.cloudstack.plugins.module_utils.module import Field
from ansible_collections.csops.cloudstack.plugins.module_utils.offering import (
    SCOPE_ARGS, OfferingModule, rate_args, rate_fields)

BOUNDS = (("min_cpu_number", "mincpunumber"), ("max_cpu_number", "maxcpunumber"), ("min_memory", "minmemory"),
          ("max_memory", "maxmemory"))


def _details(option):
    def getter(self, obj):
        value = (obj.get("serviceofferingdetails") or {}).get(dict(BOUNDS)[option])
        return int(value) if value is not None else None
    return getter


class ServiceOffering(OfferingModule):
    kind = "service offering"
    resource = "serviceoffering"
    result_key = "service_offering"
    list_command = "listServiceOfferings"
    create_command = "createServiceOffering"
    update_command = "updateServiceOffering"
    delete_command = "deleteServiceOffering"
    domain_label = "name"
    fields = (
        Field("display_text", "displaytext"),
        Field("host_tags", "hosttags", compare="set"),
        Field("storage_tags", "tags", attr="storagetags", update_param="storagetags", compare="set"),
        Field("cpu_number", "cpunumber", update=False),
        Field("cpu_speed", "cpuspeed", update=False),
        Field("memory", update=False),
        Field("customized", attr="iscustomized", update=False),
        Field("min_cpu_number", "mincpunumber", update=False),
        Field("max_cpu_number", "maxcpunumber", update=False),
        Field("min_memory", "minmemory", update=False),
        Field("max_memory", "maxmemory", update=False),
        Field("offer_ha", "offerha", update=False),
        Field("limit_cpu_use", "limitcpuuse", update=False),
        Field("is_volatile", "isvolatile", update=False),
        Field("storage_type", "storagetype", update=False),
        Field("provisioning_type", "provisioningtype", update=False),
        Field("network_rate", "networkrate", update=False),
        Field("deployment_planner", "deploymentplanner", update=False),
        Field("root_disk_size", "rootdisksize", update=False),
        Field("disk_offering", "diskofferingid", update=False),
        Field("disk_offering_strictness", "diskofferingstrictness", update=False),
        Field("dynamic_scaling_enabled", "dynamicscalingenabled", update=False),
        Field("encrypt_root", "encryptroot", update=False),
        Field("system_vm_type", "systemvmtype", update=False),
        Field("customized_iops", "customizediops", attr="iscustomizediops", update=False),
        Field("min_iops", "miniops", update=False),
        Field("max_iops", "maxiops", update=False),
        Field("hypervisor_snapshot_reserve", "hypervisorsnapshotreserve", update=False),
        Field("cache_mode", "cachemode", attr="cacheMode", update=False),
        Field("details", "serviceofferingdetails", update=False),
    ) + rate_fields(update=False)

    argument_spec = dict(
        name=dict(type="str", required=True),
        display_text=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        is_system=dict(type="bool", default=False),
        system_vm_type=dict(type="str", choices=["domainrouter", "consoleproxy", "secondarystoragevm",
                                                 "internalloadbalancervm"]),
        cpu_number=dict(type="int"),
        cpu_speed=dict(type="int"),
        memory=dict(type="int"),
        customized=dict(type="bool"),
        min_cpu_number=dict(type="int"),
        max_cpu_number=dict(type="int"),
        min_memory=dict(type="int"),
        max_memory=dict(type="int"),
        host_tags=dict(type="list", elements="str"),
        storage_tags=dict(type="list", elements="str"),
        offer_ha=dict(type="bool"),
        limit_cpu_use=dict(type="bool"),
        is_volatile=dict(type="bool"),
        storage_type=dict(type="str", choices=["shared", "local"]),
        provisioning_type=dict(type="str", choices=["thin", "sparse", "fat"]),
        network_rate=dict(type="int"),
        deployment_planner=dict(type="str"),
        root_disk_size=dict(type="int"),
        disk_offering=dict(type="str"),
        disk_offering_strictness=dict(type="bool"),
        dynamic_scaling_enabled=dict(type="bool"),
        encrypt_root=dict(type="bool"),
        customized_iops=dict(type="bool"),
        min_iops=dict(type="int"),
        max_iops=dict(type="int"),
        hypervisor_snapshot_reserve=dict(type="int"),
        cache_mode=dict(type="str", choices=["none", "writeback", "writethrough"]),
        details=dict(type="dict"),
        **SCOPE_ARGS,
        **rate_args(),
    )

    current_min_cpu_number = _details("min_cpu_number")
    current_max_cpu_number = _details("max_cpu_number")
    current_min_memory = _details("min_memory")
    current_max_memory = _details("max_memory")

    def current_disk_offering(self, obj):
        wanted = self.params["disk_offering"]
        return obj.get("diskofferingid") if looks_like_uuid(wanted) else obj.get("diskofferingname")

    def current_details(self, obj):
        """Only the keys the option names are compared."""
        have = obj.get("serviceofferingdetails") or {}
        return {key: have.get(key) for key in self.params["details"]}

    def option_value(self, field):
        value = super().option_value(field)
        if field.option == "details" and value is not None:
            return {k: str(v) for k, v in value.items()}
        return value

    def find_filters(self):
        return {"issystem": self.params["is_system"]}

    def validate(self):
        super().validate()
        p = self.params
        if self.params["state"] == "absent":
            return
        if p["system_vm_type"] and not p["is_system"]:
            raise CloudStackError("system_vm_type applies to system offerings only (is_system=true).")
        if p["is_system"]:
            for option in ("customized_iops", "hypervisor_snapshot_reserve"):
                if p[option] is not None:
                    raise CloudStackError("%s is not valid for a system offering." % option)
            if p["network_rate"] is not None and (p["system_vm_type"] or "domainrouter") != "domainrouter":
                raise CloudStackError("network_rate is valid for user offerings and domainrouter system offerings only.")
        bounds = [p[o] for o, dummy in BOUNDS]
        custom = p["customized"] if p["customized"] is not None else (p["cpu_number"] is None or p["memory"] is None)
        if custom:
            if p["cpu_number"] is not None or p["memory"] is not None:
                raise CloudStackError("cpu_number and memory cannot be set for a custom offering (customized=true).")
            if any(b is not None for b in bounds) and (any(b is None for b in bounds) or p["cpu_speed"] is None):
                raise CloudStackError("min_cpu_number, max_cpu_number, min_memory, max_memory and cpu_speed go together "
                                      "for a constrained custom offering.")
            if all(b is not None for b in bounds):
                if p["min_cpu_number"] > p["max_cpu_number"] or p["min_memory"] > p["max_memory"]:
                    raise CloudStackError("min_cpu_number/min_memory must not exceed max_cpu_number/max_memory.")
        else:
            if p["cpu_speed"] is None and self.lookup() is None:
                raise CloudStackError("cpu_speed is required to create a fixed offering.")
            if any(b is not None for b in bounds):
                raise CloudStackError("min/max CPU and memory apply to custom offerings only (customized=true).")
        for option, low in (("cpu_number", 1), ("cpu_speed", 0), ("memory", 32), ("min_memory", 32),
                            ("min_cpu_number", 1), ("root_disk_size", 1), ("network_rate", 0),
                            ("hypervisor_snapshot_reserve", 0)):
            if p[option] is not None and p[option] < low:
                raise CloudStackError("%s must be at least %d." % (option, low))
        if p["storage_type"] == "local" and p["offer_ha"]:
            raise CloudStackError("offer_ha cannot be used with storage_type=local.")
        if p["min_iops"] is not None and p["max_iops"] is not None and p["min_iops"] > p["max_iops"]:
            raise CloudStackError("min_iops must not exceed max_iops.")
        details = p["details"] or {}
        if ("pciDevice" in details) != ("vgpuType" in details):
            raise CloudStackError("details: pciDevice and vgpuType go together.")

    def extra_create_params(self):
        p = self.params
        params = {"issystem": p["is_system"]}
        if p["disk_offering"] and not looks_like_uuid(p["disk_offering"]):
            found = [o for o in self.list("listDiskOfferings", "diskoffering", name=p["disk_offering"])
                     if o.get("name") == p["disk_offering"]]
            if len(found) != 1:
                raise CloudStackError("disk_offering %r: %s." % (
                    p["disk_offering"], "not found" if not found else "%d disk offerings have that name" % len(found)))
            params["diskofferingid"] = found[0]["id"]
        return params


def main():
    module = ServiceOffering()
    module()


if __name__ == "__main__":
    main()

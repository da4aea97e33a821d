#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: disk_offering
short_description: Manage CloudStack disk offerings
version_added: 0.2.0
description:
  - Create, update and delete disk offerings (fixed or custom size, IOPS and bytes limits, storage tags,
    provisioning type, domain and zone restriction).
  - The offering is found by its exact O(name); CloudStack allows two disk offerings with the same name, this
    module then fails and lists their ids.
  - CloudStack can change the name, display text, storage tags, cache mode, the twelve rate limits, whether
    users see it, and the domain and zone restrictions. A difference in any other option (size, IOPS, storage
    type, ...) is reported as a warning that names each field, or with O(force=true) the offering is deleted
    and created again (it gets a new id).
  - An idempotent run costs one API call (C(listDiskOfferings) filtered by name).
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
  disk_size:
    description: Size in GB of a fixed offering. Required unless O(customized=true).
    type: int
  customized:
    description: The user chooses the size (then O(disk_size) must not be set).
    type: bool
  customized_iops:
    description: The user chooses the IOPS.
    type: bool
  min_iops:
    description: Minimum IOPS (with O(customized_iops=false)).
    type: int
  max_iops:
    description: Maximum IOPS (with O(customized_iops=false)).
    type: int
  storage_tags:
    description: Storage tags (compared as a set; V([]) removes them).
    type: list
    elements: str
  provisioning_type:
    description: Provisioning of the volumes.
    type: str
    choices: [ thin, sparse, fat ]
  storage_type:
    description: Storage of the volumes.
    type: str
    choices: [ shared, local ]
  cache_mode:
    description: Disk cache mode.
    type: str
    choices: [ none, writeback, writethrough ]
  hypervisor_snapshot_reserve:
    description: Hypervisor snapshot reserve in percent of the volume (managed storage).
    type: int
  display_offering:
    description: Users see the offering.
    type: bool
  disk_size_strictness:
    description: Volumes of this offering cannot be resized to another size.
    type: bool
  encrypt:
    description: Encrypt the volumes.
    type: bool
  details:
    description: Offering details (key/value), used at creation.
    type: dict
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
  - csops.cloudstack.offering
  - csops.cloudstack.offering.rates
"""

EXAMPLES = r"""
- name: A 50 GB SSD disk offering with an IOPS limit
  csops.cloudstack.disk_offering:
    name: ssd-50
    display_text: SSD 50 GB
    disk_size: 50
    storage_tags: [ssd]
    disk_iops_read_rate: 2000
    disk_iops_write_rate: 1000

- name: A custom size offering for one zone
  csops.cloudstack.disk_offering:
    name: custom-ssd
    customized: true
    storage_tags: [ssd]
    zones: [zone-1]

- name: Remove it
  csops.cloudstack.disk_offering:
    name: custom-ssd
    state: absent
"""

RETURN = r"""
disk_offering:
  description: The offering (empty after O(state=absent)).
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the offering.
      type: str
      sample: 8b1d5cbe-a622-4230-856c-ad82fc3af467
    name:
      description: Name.
      type: str
      sample: ssd-50
    display_text:
      description: Display text.
      type: str
      sample: SSD 50 GB
    disk_size:
      description: Size in GB (0 for a custom offering).
      type: int
      sample: 50
    created:
      description: Creation date.
      type: str
      sample: "2025-11-29T15:56:01+0000"
    customized:
      description: The user chooses the size.
      type: bool
      sample: false
    customized_iops:
      description: The user chooses the IOPS.
      type: bool
      sample: false
    min_iops:
      description: Minimum IOPS.
      type: int
      sample: 100
    max_iops:
      description: Maximum IOPS.
      type: int
      sample: 1000
    hypervisor_snapshot_reserve:
      description: Hypervisor snapshot reserve in percent.
      type: int
      sample: 10
    storage_tags:
      description: Storage tags.
      type: list
      elements: str
      sample: [ssd]
    storage_type:
      description: shared or local.
      type: str
      sample: shared
    provisioning_type:
      description: thin, sparse or fat.
      type: str
      sample: thin
    cache_mode:
      description: Disk cache mode.
      type: str
      sample: none
    display_offering:
      description: Users see the offering.
      type: bool
      sample: true
    disk_size_strictness:
      description: Volumes cannot be resized to another size.
      type: bool
      sample: false
    encrypt:
      description: Volumes are encrypted.
      type: bool
      sample: false
    details:
      description: Offering details.
      type: dict
      sample: {}
    vsphere_storage_policy:
      description: vSphere storage policy.
      type: str
      sample: gold
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
      sample: 2000
    disk_iops_read_rate_max:
      description: Burst read limit in IO requests per second.
      type: int
      sample: 4000
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
    domain_ids:
      description: UUIDs of the domains the offering is restricted to (empty when public).
      type: list
      elements: str
      sample: []
    domains:
      description: Paths of those domains as CloudStack shows them (C(/), C(/customers/)).
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
    has_annotations:
      description: The offering has comments.
      type: bool
      sample: false
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError
from ansible_collections.csops.cloudstack.plugins.module_utils.module import Field
from ansible_collections.csops.cloudstack.plugins.module_utils.offering import (
    SCOPE_ARGS, OfferingModule, rate_args, rate_fields)


class DiskOffering(OfferingModule):
    kind = "disk offering"
    resource = "diskoffering"
    result_key = "disk_offering"
    list_command = "listDiskOfferings"
    create_command = "createDiskOffering"
    update_command = "updateDiskOffering"
    delete_command = "deleteDiskOffering"
    fields = (
        Field("display_text", "displaytext"),
        Field("storage_tags", "tags", compare="set"),
        Field("cache_mode", "cachemode", attr="cacheMode"),
        Field("display_offering", "displayoffering"),
        Field("disk_size", "disksize", update=False),
        Field("customized", attr="iscustomized", update=False),
        Field("customized_iops", "customizediops", attr="iscustomizediops", update=False),
        Field("min_iops", "miniops", update=False),
        Field("max_iops", "maxiops", update=False),
        Field("provisioning_type", "provisioningtype", update=False),
        Field("storage_type", "storagetype", update=False),
        Field("hypervisor_snapshot_reserve", "hypervisorsnapshotreserve", update=False),
        Field("disk_size_strictness", "disksizestrictness", update=False),
        Field("encrypt", update=False),
        Field("details", update=False, to_api=lambda d: [{k: str(v)} for k, v in d.items()]),
    ) + rate_fields(update=True)

    argument_spec = dict(
        name=dict(type="str", required=True),
        display_text=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        disk_size=dict(type="int"),
        customized=dict(type="bool"),
        customized_iops=dict(type="bool"),
        min_iops=dict(type="int"),
        max_iops=dict(type="int"),
        storage_tags=dict(type="list", elements="str"),
        provisioning_type=dict(type="str", choices=["thin", "sparse", "fat"]),
        storage_type=dict(type="str", choices=["shared", "local"]),
        cache_mode=dict(type="str", choices=["none", "writeback", "writethrough"]),
        hypervisor_snapshot_reserve=dict(type="int"),
        display_offering=dict(type="bool"),
        disk_size_strictness=dict(type="bool"),
        encrypt=dict(type="bool"),
        details=dict(type="dict"),
        **SCOPE_ARGS,
        **rate_args(),
    )

    def current_details(self, obj):
        have = obj.get("details") or {}
        return [{key: have.get(key)} for key in self.params["details"]]

    def validate(self):
        super().validate()
        p = self.params
        if p["state"] == "absent":
            return
        if p["customized"] and p["disk_size"] is not None:
            raise CloudStackError("disk_size cannot be set for a custom size offering (customized=true).")
        if not p["customized"] and p["disk_size"] is None and self.lookup() is None:
            raise CloudStackError("disk_size is required to create a fixed size offering (or set customized=true).")
        if p["disk_size"] is not None and not 1 <= p["disk_size"] <= 2000:
            raise CloudStackError("disk_size must be between 1 and 2000 GB (storage.max.volume.size).")
        if p["hypervisor_snapshot_reserve"] is not None and p["hypervisor_snapshot_reserve"] < 0:
            raise CloudStackError("hypervisor_snapshot_reserve must be at least 0.")
        if p["min_iops"] is not None and p["max_iops"] is not None and p["min_iops"] > p["max_iops"]:
            raise CloudStackError("min_iops must not exceed max_iops.")
        for unit in ("bytes", "iops"):
            for way in ("read", "write"):
                rate, maximum = p["disk_%s_%s_rate" % (unit, way)], p["disk_%s_%s_rate_max" % (unit, way)]
                if rate is not None and maximum is not None and maximum < rate:
                    raise CloudStackError("disk_%s_%s_rate_max must not be below disk_%s_%s_rate." % (
                        unit, way, unit, way))


def main():
    module = DiskOffering()
    module()


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: disk_offering_info
short_description: List CloudStack disk offerings
version_added: 0.2.0
description:
  - Lists disk offerings (listDiskOfferings), filtered on the server, every page walked. Changes nothing.
  - A zone or domain given by name is resolved first (one more call); by id it is passed as it is.
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the offering (exact match).
    type: str
  id:
    description: UUID of the offering.
    type: str
  zone:
    description: Name or id of a zone; offerings available there (restricted to it or to no zone).
    type: str
  domain:
    description: Id, path or name of a domain; the offerings restricted to exactly that domain (CloudStack then
      applies no other filter).
    type: str
  keyword:
    description: Part of the name or display text.
    type: str
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: All disk offerings
  csops.cloudstack.disk_offering_info:
  register: disks

- name: One by name
  csops.cloudstack.disk_offering_info:
    name: Large
  register: large
"""

RETURN = r"""
disk_offerings:
  description: The matching offerings, with the keys the M(csops.cloudstack.disk_offering) module returns.
  returned: success
  type: list
  elements: dict
  sample: [{"id": "ab15c29a-15fa-45b8-8174-b5c217da6c72", "name": "Large", "disk_size": 100}]
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

from ansible_collections.csops.cloudstack.plugins.module_utils.offering import OfferingInfo


class DiskOfferingInfo(OfferingInfo):
    resource = "diskoffering"
    list_command = "listDiskOfferings"
    result_key = "disk_offerings"
    filters = {"name": "name", "id": "id", "keyword": "keyword"}
    parents = {"zone": ("zoneid", "get_zone"), "domain": ("domainid", "get_domain_id")}
    argument_spec = dict(
        name=dict(type="str"),
        id=dict(type="str"),
        zone=dict(type="str"),
        domain=dict(type="str"),
        keyword=dict(type="str", no_log=False),
    )


def main():
    module = DiskOfferingInfo()
    module()


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: service_offering_info
short_description: List CloudStack service offerings (compute and system offerings)
version_added: 0.2.0
description:
  - Lists service offerings (compute and system offerings) (listServiceOfferings), filtered on the server, every page walked. Changes nothing.
  - A zone or domain given by name is resolved first (one more call); by id it is passed as it is.
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the offering (exact match).
    type: str
  id:
    description: UUID of the offering.
    type: str
  is_system:
    description: List system offerings instead of compute offerings (CloudStack lists one kind at a time).
    type: bool
    default: false
  system_vm_type:
    description: System VM type of the system offerings.
    type: str
    choices: [ domainrouter, consoleproxy, secondarystoragevm, internalloadbalancervm, elasticloadbalancervm ]
  zone:
    description: Name or id of a zone; offerings available there (restricted to it or to no zone).
    type: str
  domain:
    description: Id, path or name of a domain; the offerings restricted to exactly that domain.
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
- name: All compute offerings
  csops.cloudstack.service_offering_info:
  register: compute

- name: The system offerings of the virtual routers
  csops.cloudstack.service_offering_info:
    is_system: true
    system_vm_type: domainrouter
  register: routers
"""

RETURN = r"""
service_offerings:
  description: The matching offerings, with the keys the M(csops.cloudstack.service_offering) module returns.
  returned: success
  type: list
  elements: dict
  sample: [{"id": "5a5400a0-fe76-4300-9358-6d7618ca8dae", "name": "Small Instance", "cpu_number": 1, "memory": 512}]
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

from ansible_collections.csops.cloudstack.plugins.module_utils.offering import OfferingInfo


class ServiceOfferingInfo(OfferingInfo):
    resource = "serviceoffering"
    list_command = "listServiceOfferings"
    result_key = "service_offerings"
    filters = {"name": "name", "id": "id", "is_system": "issystem", "system_vm_type": "systemvmtype", "keyword": "keyword"}
    parents = {"zone": ("zoneid", "get_zone"), "domain": ("domainid", "get_domain_id")}
    argument_spec = dict(
        name=dict(type="str"),
        id=dict(type="str"),
        is_system=dict(type="bool", default=False),
        system_vm_type=dict(type="str", choices=["domainrouter", "consoleproxy", "secondarystoragevm",
                                                 "internalloadbalancervm", "elasticloadbalancervm"]),
        zone=dict(type="str"),
        domain=dict(type="str"),
        keyword=dict(type="str", no_log=False),
    )


def main():
    module = ServiceOfferingInfo()
    module()


if __name__ == "__main__":
    main()

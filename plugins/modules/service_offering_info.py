#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: service_offering_info
short_description: List CloudStack service offerings (compute and system offerings)
version_added: 0.1.0
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
        keyword=dict(type="str"),
    )


def main():
    module = ServiceOfferingInfo()
    module()


if __name__ == "__main__":
    main()

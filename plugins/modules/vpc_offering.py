#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: vpc_offering
short_description: Manage CloudStack VPC offerings
version_added: 0.2.0
description:
  - Create, update, enable, disable and delete VPC offerings (services, their providers and capabilities).
  - CloudStack creates a VPC offering V(Disabled); O(state=enabled) creates it enabled in the same call.
  - CloudStack can change the name, display text, state and the domain and zone restrictions of an existing
    offering. A difference in the services, providers or capabilities is reported as a warning that names each
    field, or with O(force=true) the offering is deleted and created again (CloudStack refuses while VPCs use it).
  - An idempotent run costs one API call (C(listVPCOfferings) filtered by name; CloudStack matches names as a
    substring, the module keeps the exact match).
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the offering, unique in CloudStack (ignoring case).
    type: str
    required: true
  display_text:
    description: Display text; the name when creating without it.
    type: str
  state:
    description:
      - V(present) creates (Disabled, as CloudStack does) or updates the offering; V(enabled) and V(disabled) also
        set its state; V(absent) deletes it (CloudStack refuses for default offerings and while VPCs use it).
    type: str
    default: present
    choices: [ present, enabled, disabled, absent ]
  supported_services:
    description:
      - Services of the offering (compared as a set, in any case). Required to create. CloudStack always adds
        C(SourceNat) and C(NetworkACL); the comparison accounts for it.
    type: list
    elements: str
  service_providers:
    description:
      - "Providers of each service, for example C({Lb: [VpcVirtualRouter, InternalLbVm]}); a service without an entry
        uses C(VpcVirtualRouter)."
    type: dict
  service_capabilities:
    description:
      - "Capabilities, for example C({service: Connectivity, capability: DistributedRouter, value: true}) or
        C({service: SourceNat, capability: RedundantRouter, value: true})."
      - C(DistributedRouter) and C(RegionLevelVpc) are compared; C(RedundantRouter) is used at creation only
        (CloudStack does not report it).
    type: list
    elements: dict
    suboptions:
      service:
        description: Service, for example C(Connectivity) or C(SourceNat).
        type: str
        required: true
      capability:
        description: Capability.
        type: str
        required: true
      value:
        description: Value, C(true) or C(false).
        type: str
        required: true
  service_offering:
    description: Name or id of the system offering (V(domainrouter)) of the VPC routers, used at creation.
    type: str
  internet_protocol:
    description: IP version (IPv6 needs the C(ipv6.offering.enabled) setting).
    type: str
    choices: [ IPv4, IPv6, DualStack ]
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
  - csops.cloudstack.offering
"""

EXAMPLES = r"""
- name: A VPC offering with internal load balancing, enabled
  csops.cloudstack.vpc_offering:
    name: vpc-ilb
    display_text: VPC with internal LB
    supported_services: [Dhcp, Dns, UserData, SourceNat, NetworkACL, Lb, StaticNat, PortForwarding, Vpn]
    service_providers:
      Lb: [VpcVirtualRouter, InternalLbVm]
    state: enabled

- name: A redundant VPC offering
  csops.cloudstack.vpc_offering:
    name: vpc-redundant
    supported_services: [Dhcp, Dns, SourceNat, NetworkACL]
    service_capabilities:
      - {service: SourceNat, capability: RedundantRouter, value: "true"}

- name: Remove it
  csops.cloudstack.vpc_offering:
    name: vpc-redundant
    state: absent
"""

RETURN = r"""
vpc_offering:
  description: The offering (empty after O(state=absent)).
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the offering.
      type: str
      sample: 54a46fd8-1c5c-4a8f-93b1-06f92925fb8d
    name:
      description: Name.
      type: str
      sample: vpc-ilb
    display_text:
      description: Display text.
      type: str
      sample: VPC with internal LB
    state:
      description: Enabled or Disabled.
      type: str
      sample: Enabled
    is_default:
      description: One of the offerings CloudStack installs.
      type: bool
      sample: false
    services:
      description: Services with their providers.
      type: list
      elements: dict
      contains:
        name:
          description: Service, for example C(Dhcp) or C(SourceNat).
          type: str
          sample: SourceNat
        providers:
          description: Providers of the service.
          type: list
          elements: str
          sample: [VirtualRouter]
        capabilities:
          description: Capability values CloudStack reports for the service (Lb, SourceNat, StaticNat).
          type: list
          elements: dict
          contains:
            name:
              description: Capability name.
              type: str
              sample: RedundantRouter
            value:
              description: Capability value.
              type: str
              sample: "true"
    distributed_vpc_router:
      description: The VPC router is distributed.
      type: bool
      sample: false
    supports_region_level_vpc:
      description: Region level VPCs.
      type: bool
      sample: false
    internet_protocol:
      description: IPv4, IPv6 or DualStack.
      type: str
      sample: IPv4
    created:
      description: Creation date.
      type: str
      sample: "2025-11-29T15:56:01+0000"
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
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError, looks_like_uuid
from ansible_collections.csops.cloudstack.plugins.module_utils.module import Field
from ansible_collections.csops.cloudstack.plugins.module_utils.offering import (
    SCOPE_ARGS, OfferingModule, ServiceProviderMixin)

FLAGS = {"distributedrouter": "distributedvpcrouter", "regionlevelvpc": "supportsregionLevelvpc"}


class VpcOffering(ServiceProviderMixin, OfferingModule):
    kind = "VPC offering"
    resource = "vpcoffering"
    result_key = "vpc_offering"
    list_command = "listVPCOfferings"
    create_command = "createVPCOffering"
    update_command = "updateVPCOffering"
    delete_command = "deleteVPCOffering"
    state_field = "state"
    enable_param = "enable"
    implied_services = ("SourceNat", "NetworkACL")
    fields = (
        Field("display_text", "displaytext"),
        Field("internet_protocol", "internetprotocol", update=False, compare="lower"),
    )

    argument_spec = dict(
        name=dict(type="str", required=True),
        display_text=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "enabled", "disabled", "absent"]),
        supported_services=dict(type="list", elements="str"),
        service_providers=dict(type="dict"),
        service_capabilities=dict(type="list", elements="dict", options=dict(
            service=dict(type="str", required=True),
            capability=dict(type="str", required=True),
            value=dict(type="str", required=True),
        )),
        service_offering=dict(type="str"),
        internet_protocol=dict(type="str", choices=["IPv4", "IPv6", "DualStack"]),
        **SCOPE_ARGS,
    )

    def effective_services(self, services, providers):
        return set(services) | set(self.implied_services)

    def extra_differences(self, obj):
        diffs = self.service_differences(obj)
        for cap in self.wanted_capabilities():
            field = FLAGS.get(cap["capabilitytype"].lower())
            if field and obj.get(field) is not None and bool(obj[field]) != (cap["capabilityvalue"].lower() == "true"):
                diffs.setdefault("service_capabilities", ({}, {}))
                diffs["service_capabilities"][0][cap["capabilitytype"]] = obj[field]
                diffs["service_capabilities"][1][cap["capabilitytype"]] = cap["capabilityvalue"]
        return diffs

    def extra_create_params(self):
        params = self.service_create_params()
        offering = self.params["service_offering"]
        if offering:
            if looks_like_uuid(offering):
                params["serviceofferingid"] = offering
            else:
                found = [o for o in self.list("listServiceOfferings", "serviceoffering", name=offering, issystem=True)
                         if o.get("name") == offering]
                if len(found) != 1:
                    raise CloudStackError("service_offering %r: %s." % (
                        offering, "no such system offering" if not found else "%d have that name" % len(found)))
                params["serviceofferingid"] = found[0]["id"]
        return params

    def validate(self):
        super().validate()
        if self.params["state"] == "absent":
            return
        self.validate_services()
        for service in self.wanted_services() or []:
            if service in ("SecurityGroup", "Firewall"):
                raise CloudStackError("supported_services: %s is not supported in a VPC." % service)
        if self.lookup() is None and not self.params["supported_services"]:
            raise CloudStackError("supported_services is required to create VPC offering %s." % self.params["name"])


def main():
    module = VpcOffering()
    module()


if __name__ == "__main__":
    main()

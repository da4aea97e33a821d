#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: network_offering
short_description: Manage CloudStack network offerings
version_added: 0.2.0
description:
  - Create, update, enable, disable and delete network offerings for guest networks (guest type, services
    and their providers, service capabilities, VLAN and IP range options, persistence, egress policy).
  - CloudStack creates a network offering V(Disabled); O(state=enabled) creates it enabled in the same call.
  - CloudStack can change the name, display text, state, tags, availability, maximum connections and the domain
    and zone restrictions of an existing offering. A difference in any other option (guest type, services,
    providers, capabilities, VLAN/IP range options, persistence, egress policy, ...) is reported as a warning
    that names each field, or with O(force=true) the offering is deleted and created again (CloudStack refuses
    while networks use it).
  - An idempotent run costs one API call (C(listNetworkOfferings) filtered by name); one more when
    O(service_offering) is given by name.
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
        set its state; V(absent) deletes it (CloudStack refuses for default offerings and while networks use it).
    type: str
    default: present
    choices: [ present, enabled, disabled, absent ]
  guest_ip_type:
    description: Guest type. Required to create.
    type: str
    choices: [ Isolated, Shared, L2 ]
  supported_services:
    description:
      - Services of the offering (compared as a set, in any case). CloudStack adds C(Firewall) itself when port
        forwarding or static NAT run on the virtual router; the comparison accounts for it.
    type: list
    elements: str
  service_providers:
    description:
      - "Provider of each service, for example C({Dhcp: VirtualRouter, Lb: [VirtualRouter]}). Names in any case."
      - A service of O(supported_services) without a provider here has none in CloudStack.
    type: dict
  service_capabilities:
    description:
      - "Capabilities, for example C({service: SourceNat, capability: RedundantRouter, value: true})."
      - Only the values CloudStack reports (LB isolation, elastic LB, inline mode, VM autoscaling, source NAT type,
        redundant router, elastic IP, associate public IP) are compared.
    type: list
    elements: dict
    suboptions:
      service:
        description: Service, for example C(Lb) or C(SourceNat).
        type: str
        required: true
      capability:
        description: Capability, for example C(SupportedLBIsolation), C(RedundantRouter), C(ElasticIp).
        type: str
        required: true
      value:
        description: Value, for example C(dedicated), C(true).
        type: str
        required: true
  specify_vlan:
    description: Networks of this offering take a VLAN.
    type: bool
  specify_ip_ranges:
    description: Networks of this offering take IP ranges. Must be true for V(Shared).
    type: bool
  is_persistent:
    description: Networks are implemented at creation (not for V(Shared)).
    type: bool
  egress_default_policy:
    description: Default egress firewall policy (CloudStack's default is allow).
    type: str
    choices: [ allow, deny ]
  conserve_mode:
    description: IP conserve mode (CloudStack's default is true).
    type: bool
  for_vpc:
    description: An offering for VPC tiers (CloudStack infers it from the providers when not set).
    type: bool
  availability:
    description: Availability; only one isolated offering with source NAT may be V(Required).
    type: str
    choices: [ Optional, Required ]
  network_rate:
    description: Network rate in Mb/s.
    type: int
  max_connections:
    description: Maximum concurrent connections of the load balancer (offerings with C(Lb)).
    type: int
  keepalive_enabled:
    description: Keep-alive on the load balancer, used at creation (CloudStack does not report it).
    type: bool
  service_offering:
    description: Name or id of the system offering (V(domainrouter)) of the virtual routers.
    type: str
  tags:
    description: Network tag that selects the physical network.
    type: str
  details:
    description: Offering details, for example C(PromiscuousMode=true), used at creation.
    type: dict
  internet_protocol:
    description: IP version of isolated networks (IPv6 needs the C(ipv6.offering.enabled) setting).
    type: str
    choices: [ IPv4, IPv6, DualStack ]
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
  - csops.cloudstack.offering
"""

EXAMPLES = r"""
- name: An isolated offering with source NAT, enabled
  csops.cloudstack.network_offering:
    name: isolated-snat
    display_text: Isolated with source NAT
    guest_ip_type: Isolated
    state: enabled
    supported_services: [Dhcp, Dns, UserData, SourceNat, StaticNat, PortForwarding, Lb]
    service_providers:
      Dhcp: VirtualRouter
      Dns: VirtualRouter
      UserData: VirtualRouter
      SourceNat: VirtualRouter
      StaticNat: VirtualRouter
      PortForwarding: VirtualRouter
      Lb: VirtualRouter
    service_capabilities:
      - {service: SourceNat, capability: RedundantRouter, value: "true"}
    egress_default_policy: deny

- name: A shared offering with VLANs and IP ranges
  csops.cloudstack.network_offering:
    name: shared-vlan
    guest_ip_type: Shared
    specify_vlan: true
    specify_ip_ranges: true
    supported_services: [Dhcp, Dns, UserData]
    service_providers: {Dhcp: VirtualRouter, Dns: VirtualRouter, UserData: VirtualRouter}
    state: enabled

- name: Disable it
  csops.cloudstack.network_offering:
    name: shared-vlan
    state: disabled
"""

RETURN = r"""
network_offering:
  description: The offering (empty after O(state=absent)).
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the offering.
      type: str
      sample: bb4ba2e4-6e72-417c-a65a-aafa17b5930e
    name:
      description: Name.
      type: str
      sample: isolated-snat
    display_text:
      description: Display text.
      type: str
      sample: Isolated with source NAT
    state:
      description: Enabled or Disabled.
      type: str
      sample: Enabled
    traffic_type:
      description: Traffic type (Guest).
      type: str
      sample: Guest
    guest_ip_type:
      description: Isolated, Shared or L2.
      type: str
      sample: Isolated
    services:
      description: Services with their providers and the capabilities CloudStack reports.
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
    specify_vlan:
      description: Networks take a VLAN.
      type: bool
      sample: false
    specify_ip_ranges:
      description: Networks take IP ranges.
      type: bool
      sample: false
    conserve_mode:
      description: IP conserve mode.
      type: bool
      sample: true
    is_persistent:
      description: Networks are implemented at creation.
      type: bool
      sample: false
    egress_default_policy:
      description: allow or deny.
      type: str
      sample: deny
    for_vpc:
      description: An offering for VPC tiers.
      type: bool
      sample: false
    for_tungsten:
      description: An offering for Tungsten Fabric.
      type: bool
      sample: false
    availability:
      description: Optional or Required.
      type: str
      sample: Optional
    is_default:
      description: One of the offerings CloudStack installs.
      type: bool
      sample: false
    network_rate:
      description: Network rate in Mb/s (-1 unlimited).
      type: int
      sample: 200
    max_connections:
      description: Maximum load balancer connections.
      type: int
      sample: 4096
    service_offering_id:
      description: UUID of the system offering of the virtual routers.
      type: str
      sample: 5a5400a0-fe76-4300-9358-6d7618ca8dae
    tags:
      description: Network tag.
      type: str
      sample: guest-a
    details:
      description: Offering details.
      type: dict
      sample: {}
    internet_protocol:
      description: IPv4, IPv6 or DualStack.
      type: str
      sample: IPv4
    supports_stretched_l2_subnet:
      description: Supports stretched L2 subnets.
      type: bool
      sample: false
    supports_public_access:
      description: Supports public access.
      type: bool
      sample: false
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
    has_annotations:
      description: The offering has comments.
      type: bool
      sample: false
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError, looks_like_uuid
from ansible_collections.csops.cloudstack.plugins.module_utils.module import Field
from ansible_collections.csops.cloudstack.plugins.module_utils.offering import (
    SCOPE_ARGS, OfferingModule, ServiceProviderMixin)


def _policy(value):
    return value == "allow"


class NetworkOffering(ServiceProviderMixin, OfferingModule):
    kind = "network offering"
    resource = "networkoffering"
    result_key = "network_offering"
    list_command = "listNetworkOfferings"
    create_command = "createNetworkOffering"
    update_command = "updateNetworkOffering"
    delete_command = "deleteNetworkOffering"
    state_field = "state"
    enable_param = "enable"
    create_fixed = {"traffictype": "Guest"}
    fields = (
        Field("display_text", "displaytext"),
        Field("availability"),
        Field("max_connections", "maxconnections"),
        Field("tags"),
        Field("guest_ip_type", "guestiptype", update=False, compare="lower"),
        Field("specify_vlan", "specifyvlan", update=False),
        Field("specify_ip_ranges", "specifyipranges", update=False),
        Field("is_persistent", "ispersistent", update=False),
        Field("egress_default_policy", "egressdefaultpolicy", update=False, to_api=_policy),
        Field("conserve_mode", "conservemode", update=False),
        Field("for_vpc", "forvpc", update=False),
        Field("network_rate", "networkrate", update=False),
        Field("service_offering", "serviceofferingid", update=False),
        Field("details", update=False, to_api=lambda d: [{k: str(v)} for k, v in d.items()]),
        Field("internet_protocol", "internetprotocol", update=False, compare="lower"),
    )

    argument_spec = dict(
        name=dict(type="str", required=True),
        display_text=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "enabled", "disabled", "absent"]),
        guest_ip_type=dict(type="str", choices=["Isolated", "Shared", "L2"]),
        supported_services=dict(type="list", elements="str"),
        service_providers=dict(type="dict"),
        service_capabilities=dict(type="list", elements="dict", options=dict(
            service=dict(type="str", required=True),
            capability=dict(type="str", required=True),
            value=dict(type="str", required=True),
        )),
        specify_vlan=dict(type="bool"),
        specify_ip_ranges=dict(type="bool"),
        is_persistent=dict(type="bool"),
        egress_default_policy=dict(type="str", choices=["allow", "deny"]),
        conserve_mode=dict(type="bool"),
        for_vpc=dict(type="bool"),
        availability=dict(type="str", choices=["Optional", "Required"]),
        network_rate=dict(type="int"),
        max_connections=dict(type="int"),
        keepalive_enabled=dict(type="bool"),
        service_offering=dict(type="str"),
        tags=dict(type="str"),
        details=dict(type="dict"),
        internet_protocol=dict(type="str", choices=["IPv4", "IPv6", "DualStack"]),
        **SCOPE_ARGS,
    )

    def current_details(self, obj):
        have = obj.get("details") or {}
        return [{key: have.get(key)} for key in self.params["details"]]

    def current_network_rate(self, obj):
        """CloudStack shows an unlimited rate (0) as -1."""
        rate = obj.get("networkrate")
        return 0 if rate == -1 else rate

    def option_value(self, field):
        value = super().option_value(field)
        if field.option == "service_offering" and value is not None and not looks_like_uuid(value):
            return self.router_offering_id(value)
        return value

    def router_offering_id(self, name):
        cache_key = ("router offering", name)
        if cache_key not in self._cache:
            found = [o for o in self.list("listServiceOfferings", "serviceoffering", name=name, issystem=True)
                     if o.get("name") == name]
            if len(found) != 1:
                raise CloudStackError("service_offering %r: %s." % (
                    name, "no such system offering" if not found else "%d system offerings have that name" % len(found)))
            self._cache[cache_key] = found[0]["id"]
        return self._cache[cache_key]

    def effective_services(self, services, providers):
        """The services CloudStack ends up with: Firewall is added for port forwarding / static NAT on
        VirtualRouter, PaloAlto or CiscoVnmc (ConfigurationManagerImpl.createNetworkOffering)."""
        out = set(services)
        for service in ("PortForwarding", "StaticNat"):
            if "VirtualRouter" in providers.get(service, []):
                out.add("Firewall")
        for provider_list in providers.values():
            if {"PaloAlto", "CiscoVnmc"} & set(provider_list):
                out.add("Firewall")
        return out

    def extra_differences(self, obj):
        return self.service_differences(obj)

    def extra_create_params(self):
        params = self.service_create_params()
        if self.params["keepalive_enabled"] is not None:
            params["keepaliveenabled"] = self.params["keepalive_enabled"]
        return params

    def validate(self):
        super().validate()
        p = self.params
        if p["state"] == "absent":
            return
        self.validate_services()
        if self.lookup() is None and not p["guest_ip_type"]:
            raise CloudStackError("guest_ip_type is required to create network offering %s." % p["name"])
        guest = p["guest_ip_type"]
        if guest == "Shared" and p["specify_ip_ranges"] is not True:
            raise CloudStackError("specify_ip_ranges must be true for a Shared network offering.")
        if guest == "Shared" and p["is_persistent"]:
            raise CloudStackError("is_persistent cannot be true for a Shared network offering.")
        if guest and guest != "Shared" and "SecurityGroup" in (self.wanted_services() or []):
            raise CloudStackError("supported_services: SecurityGroup needs guest_ip_type Shared.")
        if p["internet_protocol"] and guest and guest != "Isolated":
            raise CloudStackError("internet_protocol applies to Isolated offerings only.")
        for option in ("network_rate", "max_connections"):
            if p[option] is not None and p[option] < 0:
                raise CloudStackError("%s must be at least 0." % option)


def main():
    module = NetworkOffering()
    module()


if __name__ == "__main__":
    main()

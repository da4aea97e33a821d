#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: network_info
short_description: List CloudStack guest networks
version_added: 0.1.0
description:
  - Lists guest networks (C(listNetworks)), filtered on the server, every page walked. Changes nothing.
  - A parent given by name is resolved first (one more call); by id it is passed as it is.
author: csops.cloudstack developers (@csops)
options:
  keyword:
    description: Part of the name.
    type: str
  type:
    description: V(Isolated), V(Shared) or V(L2).
    type: str
  traffic_type:
    description: Traffic type, for example V(Guest).
    type: str
  is_system:
    description: System networks (management, public, storage) instead of guest networks.
    type: bool
  project:
    description: Project id.
    type: str
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
  - csops.cloudstack.attributes.action
  - csops.cloudstack.info_filters
  - csops.cloudstack.info_filters.zone
  - csops.cloudstack.info_filters.owner
"""

EXAMPLES = r"""
- name: List guest networks
  csops.cloudstack.network_info:
    name: example
  register: found
"""

RETURN = r"""
networks:
  description: The matching guest networks, with snake_case keys.
  returned: success
  type: list
  elements: dict
  sample: [{"id": "3c2b1a09-8f7e-4d6c-5b4a-3f2e1d0c9b8a", "name": "web-net", "type": "Isolated", "cidr": "10.1.1.0/24", "zone_name": "zone-1"}]
  contains:
    account:
      description: Account that owns it.
      type: str
      sample: admin
    acl_type:
      description: "Access type: Account or Domain."
      type: str
      sample: Account
    broadcast_domain_type:
      description: Broadcast domain type (Vlan, Native, ...).
      type: str
      sample: Vlan
    broadcast_uri:
      description: Broadcast URI (C(vlan://300)), once the network has a VLAN.
      type: str
      sample: vlan://300
    details:
      description: Details of the network (root admins), a dict of names and values.
      type: dict
      sample: {}
    dns1:
      description: First IPv4 DNS server.
      type: str
      sample: 8.8.8.8
    dns2:
      description: Second IPv4 DNS server.
      type: str
      sample: 8.8.4.4
    egress_default_policy:
      description: Default egress policy (isolated networks outside a VPC).
      type: bool
      sample: true
    external_id:
      description: Id of the network in an external system.
      type: str
      sample: ext-300
    has_annotations:
      description: Whether it has comments.
      type: bool
      sample: false
    ip6_cidr:
      description: IPv6 CIDR.
      type: str
      sample: "fd00:31::/64"
    ip6_dns1:
      description: First IPv6 DNS server.
      type: str
      sample: "2001:4860:4860::8888"
    ip6_dns2:
      description: Second IPv6 DNS server.
      type: str
      sample: "2001:4860:4860::8844"
    ip6_gateway:
      description: IPv6 gateway.
      type: str
      sample: "fd00:31::1"
    is_default:
      description: Whether it is the default network of its owner.
      type: bool
      sample: false
    network_cidr:
      description: CIDR of the whole network when an IP reservation narrows C(cidr).
      type: str
      sample: 10.1.1.0/24
    network_offering_availability:
      description: Availability of the network offering (Required or Optional).
      type: str
      sample: Optional
    network_offering_conserve_mode:
      description: Whether the offering is in conserve mode.
      type: bool
      sample: true
    network_offering_display_text:
      description: Description of the network offering.
      type: str
      sample: Offering for Shared networks
    network_offering_id:
      description: UUID of the network offering.
      type: str
      sample: 7e6d5c4b-3a29-4f18-8e07-d6c5b4a39281
    physical_network_id:
      description: UUID of the physical network.
      type: str
      sample: 4d3c2b1a-0f9e-4d8c-7b6a-5f4e3d2c1b0a
    private_mtu:
      description: MTU of the virtual router's guest interface.
      type: int
      sample: 1500
    public_mtu:
      description: MTU of the virtual router's public interface.
      type: int
      sample: 1500
    received_bytes:
      description: Bytes received by the network.
      type: int
      sample: 0
    redundant_router:
      description: Whether the network has redundant routers.
      type: bool
      sample: false
    related:
      description: UUID of the related network (the network itself for guest networks).
      type: str
      sample: 377e4872-2d0f-4b69-84b5-13e5d43a81b0
    reserved_ip_range:
      description: Addresses of the network outside the VM range of an IP reservation.
      type: str
      sample: 10.1.1.128-10.1.1.254
    sent_bytes:
      description: Bytes sent by the network.
      type: int
      sample: 0
    service:
      description: Services of the network with their providers and capabilities.
      type: list
      elements: dict
      contains:
        name:
          description: Name of the service (Dhcp, Dns, SourceNat, ...).
          type: str
          sample: Dhcp
        provider:
          description: Providers of the service.
          type: list
          elements: dict
          contains:
            name:
              description: Name of the provider.
              type: str
              sample: VirtualRouter
        capability:
          description: Capabilities of the service.
          type: list
          elements: dict
          contains:
            name:
              description: Name of the capability.
              type: str
              sample: SupportedSourceNatTypes
            value:
              description: Value of the capability.
              type: str
              sample: peraccount
            can_choose_service_capability:
              description: Whether an offering can choose it.
              type: bool
              sample: true
    streched_l2_subnet:
      description: Whether the network spans zones (CloudStack's spelling).
      type: bool
      sample: false
    subdomain_access:
      description: Whether subdomains may use a domain network.
      type: bool
      sample: true
    supports_vm_autoscaling:
      description: Whether the offering supports VM autoscaling.
      type: bool
      sample: true
    vlan:
      description: VLAN of the network.
      type: str
      sample: "300"
    vpc_id:
      description: UUID of the VPC of a VPC tier.
      type: str
      sample: 2a1b0c9d-8e7f-4a6b-5c4d-3e2f1a0b9c8d
    vpc_name:
      description: Name of that VPC.
      type: str
      sample: vpc-1
    can_use_for_deploy:
      description: Whether VMs can be deployed in the network.
      type: bool
      sample: true
    cidr:
      description: CIDR of the range or network.
      type: str
      sample: 10.1.1.0/24
    created:
      description: When it was created.
      type: str
      sample: "2026-11-29T15:50:36+0000"
    display_network:
      description: Whether the network is shown to its owner.
      type: bool
      sample: true
    display_text:
      description: Display text.
      type: str
      sample: web
    domain:
      description: Domain that owns it.
      type: str
      sample: ROOT
    domain_id:
      description: UUID of the domain that owns it.
      type: str
      sample: 6e2f1b47-a126-4bdc-8e88-bdfe26af9443
    gateway:
      description: Gateway.
      type: str
      sample: "10.1.1.1"
    id:
      description: UUID of the network.
      type: str
      sample: 377e4872-2d0f-4b69-84b5-13e5d43a81b0
    is_persistent:
      description: Whether the network is persistent.
      type: bool
      sample: false
    is_system:
      description: Whether it is a system network.
      type: bool
      sample: false
    name:
      description: Name of the network.
      type: str
      sample: web
    netmask:
      description: Netmask.
      type: str
      sample: "255.255.255.0"
    network_domain:
      description: Network domain (DNS suffix).
      type: str
      sample: cs.internal
    network_offering_name:
      description: Name of the network offering.
      type: str
      sample: DefaultIsolatedNetworkOfferingWithSourceNatService
    restart_required:
      description: Whether the network must be restarted.
      type: bool
      sample: false
    specify_ip_ranges:
      description: Whether the network takes IP ranges of its own.
      type: bool
      sample: false
    state:
      description: State of the network.
      type: str
      sample: Implemented
    tags:
      description: Resource tags, each a dict with key and value.
      type: list
      elements: dict
    traffic_type:
      description: Traffic type.
      type: str
      sample: Guest
    type:
      description: Type of the network.
      type: str
      sample: Isolated
    zone_id:
      description: UUID of the zone.
      type: str
      sample: 8b9e017c-845d-49a1-9906-fd2c66ac55e7
    zone_name:
      description: Name of the zone.
      type: str
      sample: net-zone
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.info import InfoModule


class NetworkInfo(InfoModule):
    resource = "network"
    list_command = "listNetworks"
    result_key = "networks"
    filters = {"id": "id", "keyword": "keyword", "type": "type", "traffic_type": "traffictype", "is_system": "issystem",
               "account": "account", "project": "projectid"}
    parents = {"zone": ("zoneid", "get_zone"), "domain": ("domainid", "get_domain_id")}
    fixed_params = {"listall": True}
    argument_spec = dict(
        name=dict(type="str"),
        id=dict(type="str"),
        keyword=dict(type="str", no_log=False),
        zone=dict(type="str"),
        type=dict(type="str"),
        traffic_type=dict(type="str"),
        is_system=dict(type="bool"),
        domain=dict(type="str"),
        account=dict(type="str"),
        project=dict(type="str"),
    )

    def list_params(self):
        params = super().list_params()
        if self.params["name"] and "keyword" not in params:
            params["keyword"] = self.params["name"]  # listNetworks has no name filter before CloudStack 4.22
        return params


def main():
    module = NetworkInfo()
    module()


if __name__ == "__main__":
    main()

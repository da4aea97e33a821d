#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: network_service_provider
short_description: Enable or disable a network service provider of a CloudStack physical network
version_added: 0.1.0
description:
  - Enables or disables a network service provider (VirtualRouter, VpcVirtualRouter, InternalLbVm,
    SecurityGroupProvider, ConfigDrive, ...) on a physical network, adding it first when the physical network does
    not have it.
  - Before enabling VirtualRouter or VpcVirtualRouter it enables the provider's virtual router element
    (C(configureVirtualRouterElement)), and for InternalLbVm the internal load balancer element, as CloudStack
    needs; the zone wizard does the same.
author: csops.cloudstack developers (@csops)
options:
  name:
    description:
      - Provider name, for example V(VirtualRouter), V(VpcVirtualRouter), V(InternalLbVm), V(SecurityGroupProvider).
      - Case-sensitive; a known provider name in another case fails before any write.
    type: str
    required: true
  physical_network:
    description: Name or id of the physical network.
    type: str
    required: true
  zone:
    description: Name or id of the zone; needed when O(physical_network) is a name.
    type: str
  service_list:
    description:
      - Services the provider offers, when it is added (providers that CloudStack creates with the network have theirs).
        Not compared nor changed on an existing provider.
      - Service names are case-sensitive (V(Dhcp), V(Dns), V(SourceNat), ...); a known name in another case fails before any write.
    type: list
    elements: str
  state:
    description: V(enabled) or V(disabled) (adding the provider when missing), V(present) (add only), V(absent) (delete it).
    type: str
    default: enabled
    choices: [ enabled, disabled, present, absent ]
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Enable the virtual router (its element first)
  csops.cloudstack.network_service_provider:
    name: VirtualRouter
    physical_network: pnet-1
    zone: zone-1

- name: Security groups in a Basic zone
  csops.cloudstack.network_service_provider:
    name: SecurityGroupProvider
    physical_network: pnet-1
    zone: zone-1
"""

RETURN = r"""
network_service_provider:
  description: The provider (empty after O(state=absent)).
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the provider.
      type: str
      sample: 0a9f8e7d-6c5b-4a39-2817-0f9e8d7c6b5a
    name:
      description: Provider name.
      type: str
      sample: VirtualRouter
    state:
      description: Enabled, Disabled or Shutdown.
      type: str
      sample: Enabled
    service_list:
      description: Services.
      type: list
      elements: str
      sample: ["Dhcp", "Dns", "SourceNat"]
    physical_network_id:
      description: UUID of the physical network.
      type: str
      sample: 4d3c2b1a-0f9e-4d8c-7b6a-5f4e3d2c1b0a
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError
from ansible_collections.csops.cloudstack.plugins.module_utils.module import CloudStackModule

ELEMENTS = {
    "VirtualRouter": ("listVirtualRouterElements", "virtualrouterelement", "configureVirtualRouterElement"),
    "VpcVirtualRouter": ("listVirtualRouterElements", "virtualrouterelement", "configureVirtualRouterElement"),
    "InternalLbVm": ("listInternalLoadBalancerElements", "internalloadbalancerelement",
                     "configureInternalLoadBalancerElement"),
}


# Provider and service names CloudStack knows (Network.Provider, Network.Service); names are case-sensitive.
# Other names (plugins) go to the server unchecked; a known name in the wrong case fails before any write.
PROVIDERS = ("VirtualRouter", "VpcVirtualRouter", "InternalLbVm", "SecurityGroupProvider", "ConfigDrive", "Ovs",
             "Tungsten", "BaremetalDhcpProvider", "BaremetalPxeProvider", "BaremetalUserdataProvider", "Netscaler",
             "F5BigIp", "JuniperSRX", "PaloAlto", "NiciraNvp", "BigSwitchBcf", "BrocadeVcs", "CiscoVnmc",
             "GloboDns", "Opendaylight", "ElasticLoadBalancerVm", "JuniperContrailRouter", "JuniperContrailVpcRouter")
SERVICES = ("Vpn", "Dhcp", "Dns", "SourceNat", "PortForwarding", "Lb", "UserData", "StaticNat", "NetworkACL",
            "Firewall", "Gateway", "SecurityGroup", "Connectivity", "BaremetalPxeService", "PrivateGateway")


def check_case(option, value, known):
    """Fail when value is a known name written in another case (CloudStack would not match it)."""
    for name in known:
        if value != name and value.lower() == name.lower():
            raise CloudStackError("%s: %r is not a valid name; names are case-sensitive, use %r." % (option, value, name))


def provider_result(item):
    if not item:
        return {}
    return {"id": item.get("id"), "name": item.get("name"), "state": item.get("state"),
            "service_list": item.get("servicelist"), "physical_network_id": item.get("physicalnetworkid")}


class NetworkServiceProvider(CloudStackModule):
    argument_spec = dict(
        name=dict(type="str", required=True),
        physical_network=dict(type="str", required=True),
        zone=dict(type="str"),
        service_list=dict(type="list", elements="str"),
        state=dict(type="str", default="enabled", choices=["enabled", "disabled", "present", "absent"]),
    )

    def find(self, network_id):
        name = self.params["name"]
        found = [p for p in self.list("listNetworkServiceProviders", "networkserviceprovider", name=name,
                                      physicalnetworkid=network_id) if p.get("name") == name]
        return found[0] if found else None

    def ensure_element(self, provider):
        """Enable the provider's element (virtual router / internal LB) when it is not enabled."""
        spec = ELEMENTS.get(self.params["name"])
        if not spec or not provider.get("id"):
            return
        list_command, key, configure = spec
        for element in self.list(list_command, key, nspid=provider["id"]):
            if not element.get("enabled"):
                self.write(configure, id=element["id"], enabled=True)

    def validate(self):
        name = self.params["name"].strip()
        if not name:
            raise CloudStackError("name: the provider name is empty.")
        check_case("name", name, PROVIDERS)
        for service in self.params["service_list"] or []:
            check_case("service_list", service, SERVICES)
            if not service.strip():
                raise CloudStackError("service_list: empty service name in %r." % self.params["service_list"])

    def run(self):
        self.validate()
        network_id = self.get_physical_network_id(self.params["physical_network"], self.params["zone"])
        provider = self.find(network_id)
        before = provider_result(provider)
        state = self.params["state"]
        if state == "absent":
            if provider:
                self.write("deleteNetworkServiceProvider", id=provider["id"])
            provider = None
        else:
            if provider is None:
                response = self.write("addNetworkServiceProvider", name=self.params["name"],
                                      physicalnetworkid=network_id, servicelist=self.params["service_list"])
                provider = (response or {}).get("networkserviceprovider") or {
                    "name": self.params["name"], "state": "Disabled", "physicalnetworkid": network_id,
                    "servicelist": self.params["service_list"]}
            wanted = {"enabled": "Enabled", "disabled": "Disabled"}.get(state)
            if wanted and provider.get("state") != wanted:
                if wanted == "Enabled":
                    self.ensure_element(provider)
                response = self.write("updateNetworkServiceProvider", id=provider.get("id"), state=wanted)
                provider = (response or {}).get("networkserviceprovider") or dict(provider, state=wanted)
        self.result["network_service_provider"] = provider_result(provider)
        if self.module._diff:
            self.result["diff"] = {"before": before, "after": self.result["network_service_provider"]}


def main():
    module = NetworkServiceProvider()
    module()


if __name__ == "__main__":
    main()

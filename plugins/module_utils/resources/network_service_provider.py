# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Network service providers.

The class behind module csops.cloudstack.network_service_provider, in module_utils so that a second reader (the whole-zone
engine, zone_converge) runs the very same find, compare and write rules.
"""

from __future__ import annotations

from ..api import CloudStackError
from ..module import CloudStackModule

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

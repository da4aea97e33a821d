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
  - csops.cloudstack.attributes.action
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

from ansible_collections.csops.cloudstack.plugins.module_utils.resources.network_service_provider import NetworkServiceProvider


def main():
    module = NetworkServiceProvider()
    module()


if __name__ == "__main__":
    main()

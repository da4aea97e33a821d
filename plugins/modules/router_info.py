#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: router_info
short_description: List CloudStack virtual routers
version_added: 0.2.0
description:
  - Lists virtual routers (C(listRouters), with C(listall) so that the routers of every account show, also the
    C(system) account's, which own the routers of shared networks), filtered on the server, every page walked.
    Changes nothing.
  - O(requires_upgrade) is filtered here (listRouters has no such filter); every other filter is the server's.
  - A zone, network or VPC given by name is looked up first (one more API call each); by id it is passed as it is.
author: csops.cloudstack developers (@csops)
options:
  network:
    description:
      - Guest network (name or id) the routers serve. A name is matched exactly, in O(zone) when given.
    type: str
  vpc:
    description: VPC (name or id) whose routers to list.
    type: str
  state:
    description: Router state, for example V(Running) or V(Stopped).
    type: str
  version:
    description:
      - Template version the routers run, as CloudStack matches it (a prefix, for example V(4.17) or V(4.18.0)).
    type: str
  requires_upgrade:
    description:
      - V(true) lists only the routers CloudStack says need an upgrade (RV(routers[].requires_upgrade)),
        V(false) only the others.
    type: bool
  health_checks_failed:
    description: V(true) lists only the routers with a failed health check, V(false) only the others.
    type: bool
  fetch_health_check_results:
    description: Also return the last health check results of each router (RV(routers[].health_check_results)).
    type: bool
    default: false
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
  - csops.cloudstack.attributes.action
  - csops.cloudstack.info_filters
  - csops.cloudstack.info_filters.zone
  - csops.cloudstack.info_filters.owner
"""

EXAMPLES = r"""
- name: Routers that need an upgrade after a system VM template upgrade
  csops.cloudstack.router_info:
    zone: zone-1
    requires_upgrade: true
  register: outdated

- name: The router of a network, with its health checks
  csops.cloudstack.router_info:
    network: shared-300
    zone: zone-1
    fetch_health_check_results: true
  register: found
"""

RETURN = r"""
routers:
  description: The matching routers, with snake_case keys.
  returned: success
  type: list
  elements: dict
  sample: [{"id": "5a1e0c7d-2b3f-4c4d-8e9f-0a1b2c3d4e5f", "name": "r-12-VM", "state": "Running", "version": "4.18.0",
            "requires_upgrade": false, "zone_name": "zone-1", "guest_network_name": "shared-300"}]
  contains:
    id:
      description: UUID of the router.
      type: str
      sample: 5a1e0c7d-2b3f-4c4d-8e9f-0a1b2c3d4e5f
    name:
      description: Name of the router.
      type: str
      sample: r-12-VM
    state:
      description: VM state (Running, Stopped, Starting, Stopping, ...).
      type: str
      sample: Running
    role:
      description: Role of the router (VIRTUAL_ROUTER, ...).
      type: str
      sample: VIRTUAL_ROUTER
    version:
      description: Version of the system VM template the router runs (C(UNKNOWN) when it never reported one).
      type: str
      sample: 4.18.0
    requires_upgrade:
      description:
        - Whether CloudStack asks for an upgrade - its template version is below C(minreq.sysvmtemplate.version)
          and it was last started by an older management server.
      type: bool
      sample: false
    software_version:
      description: Version of the management server that last started the router.
      type: str
      sample: 4.18.0.0
    scripts_version:
      description: Checksum of the scripts in the router.
      type: str
      sample: 9c6e7b1b8a3b2f7e4e5c0d1a2b3c4d5e
    template_id:
      description: UUID of its template.
      type: str
      sample: 7f1c2e4a-1111-4a1b-9c2d-3e4f5a6b7c8d
    template_name:
      description: Name of its template.
      type: str
      sample: SystemVM Template (KVM)
    zone_id:
      description: UUID of the zone.
      type: str
      sample: 5e382ec6-942d-4e8d-9974-9165251dc7fc
    zone_name:
      description: Zone name.
      type: str
      sample: zone-1
    pod_id:
      description: UUID of the pod.
      type: str
      sample: db3ae99d-1b6b-4d90-8574-34a3741a3007
    pod_name:
      description: Pod name.
      type: str
      sample: pod-1
    host_id:
      description: UUID of the host it runs on (not when stopped).
      type: str
      sample: 0942bcda-1afa-4984-89d9-b65f51630109
    host_name:
      description: Name of the host it runs on (not when stopped).
      type: str
      sample: kvm-11
    host_control_state:
      description:
        - State of its host's agent as CloudStack sees it - V(Enabled) or V(Disabled) while the agent is Up,
          V(Offline) when it is lost, V(Maintenance).
      type: str
      sample: Enabled
    hypervisor:
      description: Hypervisor.
      type: str
      sample: KVM
    service_offering_id:
      description: UUID of its system service offering.
      type: str
      sample: 0b5e2c1a-2222-4a1b-9c2d-3e4f5a6b7c8d
    service_offering_name:
      description: Name of its system service offering.
      type: str
      sample: System Offering For Software Router
    account:
      description: Account that owns it (C(system) for the routers of shared networks).
      type: str
      sample: system
    domain:
      description: Domain of the owner.
      type: str
      sample: ROOT
    domain_id:
      description: UUID of the owner's domain.
      type: str
      sample: 3f0d4a2e-0000-4a1b-9c2d-3e4f5a6b7c8d
    project:
      description: Project that owns it.
      type: str
      sample: web
    project_id:
      description: UUID of the project.
      type: str
      sample: 1d2e3f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6
    guest_network_id:
      description: UUID of its guest network.
      type: str
      sample: 6c5d4e3f-2a1b-4c0d-9e8f-7a6b5c4d3e2f
    guest_network_name:
      description: Name of its guest network.
      type: str
      sample: shared-300
    guest_ip_address:
      description: Its address in the guest network.
      type: str
      sample: 10.30.0.1
    guest_mac_address:
      description: MAC address of its guest NIC.
      type: str
      sample: "02:00:00:0c:00:01"
    guest_netmask:
      description: Netmask of the guest network.
      type: str
      sample: 255.255.255.0
    vpc_id:
      description: UUID of its VPC (VPC routers).
      type: str
      sample: 2b3c4d5e-6f70-4a81-92a3-b4c5d6e7f809
    vpc_name:
      description: Name of its VPC (VPC routers).
      type: str
      sample: vpc-1
    public_ip:
      description: Its public (source NAT) address.
      type: str
      sample: 192.0.2.10
    public_mac_address:
      description: MAC address of its public NIC.
      type: str
      sample: "1e:00:00:0c:00:03"
    public_netmask:
      description: Netmask of its public NIC.
      type: str
      sample: 255.255.255.0
    public_network_id:
      description: UUID of the zone's public network.
      type: str
      sample: 8e7d6c5b-4a39-4281-b0a9-f8e7d6c5b4a3
    gateway:
      description: Public gateway.
      type: str
      sample: 192.0.2.1
    link_local_ip:
      description: Link-local (control) address.
      type: str
      sample: 169.254.0.13
    link_local_mac_address:
      description: MAC address of its control NIC.
      type: str
      sample: "0e:00:00:0c:00:02"
    link_local_netmask:
      description: Netmask of its control NIC.
      type: str
      sample: 255.255.0.0
    link_local_network_id:
      description: UUID of the zone's control network.
      type: str
      sample: 9f8e7d6c-5b4a-4392-81a0-f9e8d7c6b5a4
    network_domain:
      description: DNS domain of its guest network.
      type: str
      sample: cs1cloud.internal
    dns1:
      description: First IPv4 DNS server.
      type: str
      sample: 8.8.8.8
    dns2:
      description: Second IPv4 DNS server.
      type: str
      sample: 8.8.4.4
    ip6_dns1:
      description: First IPv6 DNS server.
      type: str
      sample: "2001:4860:4860::8888"
    ip6_dns2:
      description: Second IPv6 DNS server.
      type: str
      sample: "2001:4860:4860::8844"
    is_redundant_router:
      description: Whether it is one of a redundant pair.
      type: bool
      sample: false
    redundant_state:
      description: Its redundant state (C(UNKNOWN) for a single router).
      type: str
      sample: UNKNOWN
    health_checks_failed:
      description: Whether one of its last health checks failed (when C(router.health.checks.enabled) is true).
      type: bool
      sample: false
    health_check_results:
      description: Its last health check results (only when asked for).
      type: list
      elements: dict
      contains:
        check_name:
          description: Name of the check.
          type: str
          sample: dns_check.py
        check_type:
          description: V(basic) or V(advanced).
          type: str
          sample: advanced
        success:
          description: Whether it passed.
          type: bool
          sample: true
        details:
          description: What the check reported.
          type: str
          sample: No issues detected
        last_updated:
          description: When it ran.
          type: str
          sample: "2026-11-29T15:50:42+0000"
    has_annotations:
      description: Whether it has comments (annotations).
      type: bool
      sample: false
    created:
      description: When it was created.
      type: str
      sample: "2026-11-29T15:50:42+0000"
    nic:
      description: Its NICs.
      type: list
      elements: dict
      contains:
        id:
          description: UUID of the NIC.
          type: str
          sample: 0000000c-0000-4000-a000-000000000001
        network_id:
          description: UUID of the network.
          type: str
          sample: 6c5d4e3f-2a1b-4c0d-9e8f-7a6b5c4d3e2f
        network_name:
          description: Name of the network.
          type: str
          sample: shared-300
        ip_address:
          description: IPv4 address.
          type: str
          sample: 10.30.0.1
        netmask:
          description: Netmask.
          type: str
          sample: 255.255.255.0
        gateway:
          description: Gateway.
          type: str
          sample: 10.30.0.1
        traffic_type:
          description: Guest, Control or Public.
          type: str
          sample: Guest
        type:
          description: Type of the network (Isolated, Shared).
          type: str
          sample: Shared
        mac_address:
          description: MAC address.
          type: str
          sample: "02:00:00:0c:00:01"
        is_default:
          description: Whether it is the default NIC.
          type: bool
          sample: true
        broadcast_uri:
          description: Broadcast URI.
          type: str
          sample: vlan://300
        isolation_uri:
          description: Isolation URI.
          type: str
          sample: vlan://300
        device_id:
          description: Device number.
          type: str
          sample: "0"
        mtu:
          description: MTU.
          type: int
          sample: 1500
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.info import InfoModule
from ansible_collections.csops.cloudstack.plugins.module_utils.names import rename
from ansible_collections.csops.cloudstack.plugins.module_utils.routers import select, selection_params


class RouterInfo(InfoModule):
    resource = "router"
    list_command = "listRouters"
    result_key = "routers"
    argument_spec = dict(
        name=dict(type="str"),
        id=dict(type="str"),
        zone=dict(type="str"),
        network=dict(type="str"),
        vpc=dict(type="str"),
        domain=dict(type="str"),
        account=dict(type="str"),
        state=dict(type="str"),
        version=dict(type="str"),
        requires_upgrade=dict(type="bool"),
        health_checks_failed=dict(type="bool"),
        fetch_health_check_results=dict(type="bool", default=False),
    )
    module_kwargs = dict(required_by={"account": ("domain",)})

    def run(self):
        p = self.params
        extra = {}
        if p["id"]:
            extra["id"] = p["id"]
        for option, param in (("state", "state"), ("version", "version"), ("health_checks_failed", "healthchecksfailed")):
            if p[option] is not None:
                extra[param] = p[option]
        if p["fetch_health_check_results"]:
            extra["fetchhealthcheckresults"] = True
        routers = self.list(self.list_command, self.resource, **selection_params(self, extra))
        self.result[self.result_key] = [rename(self.resource, r) for r in select(self, routers)]


def main():
    module = RouterInfo()
    module()


if __name__ == "__main__":
    main()

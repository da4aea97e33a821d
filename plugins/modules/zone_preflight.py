#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: zone_preflight
short_description: Check a whole zone description before anything is built
version_added: 0.2.0
description:
  - Checks the zone description of the C(csops.cloudstack.zone) role (its O(zones) and O(global_settings)) before any
    write, and lists every problem at once, one line each. The role runs it as its first step, also in check mode.
  - Each object is checked as its own module checks it before a create (C(zone), C(physical_network), C(traffic_type),
    C(network_service_provider), C(vlan_ip_range), C(pod), C(storage_network_ip_range), C(cluster), C(host),
    C(storage_pool), C(image_store), C(configuration)) - option types and choices, the options a create needs, IPv4,
    IPv6 and CIDR syntax, VLANs, ranges ordered and inside their network, host and storage URLs.
  - On top, checks that need the whole description - unique names (zones; physical networks, pods, primary and
    secondary storage in a zone; clusters in a pod; hosts in a cluster; secondary storage across zones, as image
    store names are unique in the whole cloud), IPv4 ranges (pod management, public, guest, storage network) that
    overlap within or across zones, hypervisors an Advanced zone with security groups cannot take, cluster types
    that do not fit the hypervisor (VMware clusters are ExternalManaged, all others CloudManaged).
  - Reads from the server only what the description cannot tell, each list in one request (C(pagesize=-1)) - the
    global settings (one C(listConfigurations) read, when settings are given; an unknown setting or a value that does not fit the setting's type is a problem)
    the network offering of a zone's shared guest network (one C(listNetworkOfferings) read) and, when a public
    range names a physical network that is not described, whether the zone already has it.
  - It never writes.
author: csops.cloudstack developers (@csops)
options:
  zones:
    description: The zones, as the C(zone_zones) option of the C(csops.cloudstack.zone) role describes them.
    type: list
    elements: raw
    default: []
  global_settings:
    description: Global settings, a list of C(name)/C(value) (or a dictionary name to value).
    type: raw
    default: []
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
  - csops.cloudstack.attributes.action
notes:
  - Values of secret-named keys in the description (password, secret, key, token) are masked in every output.
"""

EXAMPLES = r"""
- name: Check the description before building it
  csops.cloudstack.zone_preflight:
    zones:
      - name: zone1
        network_type: Advanced
        dns1: 8.8.8.8
        pods:
          - name: pod1
            gateway: 10.10.0.1
            netmask: 255.255.255.0
            start_ip: 10.10.0.10
            end_ip: 10.10.0.100
    global_settings:
      - name: expunge.delay
        value: 60
"""

RETURN = r"""
problems:
  description: Every problem found, one line each (the task fails when there is one).
  returned: always
  type: list
  elements: str
  sample: ["zone z1 pod p1: gateway, netmask required to create pod p1."]
reads:
  description: How many list reads the check sent to the server.
  returned: always
  type: int
  sample: 1
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.module import CloudStackModule
from ansible_collections.csops.cloudstack.plugins.module_utils.preflight import Preflight, secrets_of, unlimited_reader


class ZonePreflight(CloudStackModule):
    argument_spec = dict(
        zones=dict(type="list", elements="raw", default=[]),
        global_settings=dict(type="raw", default=[]),
    )

    @staticmethod
    def secret_values(params):
        return secrets_of(params.get("zones"))

    def run(self):
        settings = self.params["global_settings"]
        if isinstance(settings, dict):
            settings = [dict(name=name, value=value) for name, value in settings.items()]
        check = Preflight(self.params["zones"], settings, reader=unlimited_reader(self.client))
        problems = check.run()
        self.result.update(problems=problems, reads=check.reads)
        if problems:
            self.fail("the zone description has %d problem(s), nothing was written:\n%s" % (
                len(problems), "\n".join(problems)), problems=problems, reads=check.reads)


def main():
    module = ZonePreflight()
    module()


if __name__ == "__main__":
    main()

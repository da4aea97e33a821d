#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: zone_converge
short_description: Build whole zones from one description, reading each kind once
version_added: 0.3.0
description:
  - Brings the infrastructure of one or more zones to the description the C(csops.cloudstack.zone) role takes
    (its O(zones) and O(global_settings)) - global settings, the zone, physical networks with their traffic types and
    network service providers, the shared guest network of a Basic or Advanced-SG zone, public IP ranges, pods with
    their guest and storage network ranges, clusters with their hosts and primary storage, zone-wide primary storage,
    secondary and staging storage, and last the zone enabled.
  - Reads the server once per kind - one list walk each (zones, physical networks, traffic types per physical
    network, providers, VLAN IP ranges, pods, storage network ranges, clusters, hosts, storage pools, image stores,
    settings), filtered by zone where the API can - and compares in memory. A zone that is already as described
    costs these reads and nothing else.
  - Each object is compared and written by the code of its own module (C(zone), C(physical_network),
    C(traffic_type), C(network_service_provider), C(vlan_ip_range), C(pod), C(storage_network_ip_range),
    C(cluster), C(host), C(storage_pool), C(image_store), C(configuration)), with the same rules, checks and
    warnings.
  - The whole description is planned first, without a write; a problem anywhere (a missing option, a bad range)
    fails the task before the first write. Then the plan is applied in CloudStack's order; the hosts and primary
    storage of different clusters, zone-wide storage and image stores run side by side (O(parallelism)).
  - In check mode the plan is returned and nothing is written; with diff mode each changed object is shown before
    and after.
  - The tenant part of the role's description (C(guest_networks), C(service_offerings), C(templates)) is not
    handled here; the role does it with its own modules.
author: csops.cloudstack developers (@csops)
options:
  zones:
    description:
      - The zones, as the C(zone_zones) variable of the C(csops.cloudstack.zone) role describes them (see the role's
        README), or a Marvin file's zones through the C(csops.cloudstack.marvin_to_zones) filter.
    type: list
    elements: dict
    required: true
  global_settings:
    description: Global settings applied before the zones, a list of C(name)/C(value) (or a dictionary name to value).
    type: raw
    default: []
  state:
    description:
      - V(present) builds the zones as described.
      - V(absent) takes the described zones apart, the last first and each in the reverse order - the zone disabled,
        its system VMs destroyed (they hold its pods), staging and secondary storage, zone-wide primary storage, the
        clusters' primary storage (forced), hosts (forced) and clusters, pod ranges and pods, public ranges, the shared
        guest network, physical networks, the zone. What tenants made in the zone (networks, VMs, templates) must
        be removed first (the C(csops.cloudstack.zone) role does it).
    type: str
    default: present
    choices: [present, absent]
  preflight:
    description:
      - With O(state=present), check the whole description first as module C(csops.cloudstack.zone_preflight) does
        (every problem at once, one line each, returned in RV(problems)) and stop before the first write. Its reads
        come from the same reads of the server.
    type: bool
    default: true
  parallelism:
    description:
      - How many writes run side by side where CloudStack allows it (the hosts and primary storage of different
        clusters, each cluster's own in order; zone-wide storage; image stores). Each thread has its own API client.
      - C(1) applies everything one object after the other.
    type: int
    default: 4
  host_wait_timeout:
    description: Seconds to wait for each new host to be Up (the C(wait_timeout) of module C(host)).
    type: int
    default: 300
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
notes:
  - Values of secret-named keys in the description (host and cluster passwords, storage details) and the password
    part of URLs are masked in every output.
seealso:
  - module: csops.cloudstack.zone_preflight
  - module: csops.cloudstack.zone
"""

EXAMPLES = r"""
- name: Plan first (check mode), then build
  csops.cloudstack.zone_converge:
    zones:
      - name: zone1
        network_type: Advanced
        dns1: 8.8.8.8
        internal_dns1: 10.0.0.2
        physical_networks:
          - name: pnet1
            isolation_methods: [VLAN]
            vlan: "100-200"
            traffic_types:
              - {type: Management, kvm_network_label: cloudbr0}
              - {type: Guest, kvm_network_label: cloudbr1}
              - {type: Public, kvm_network_label: cloudbr0}
            providers:
              - {name: VirtualRouter}
        public_ranges:
          - {gateway: 203.0.113.1, netmask: 255.255.255.0, start_ip: 203.0.113.10, end_ip: 203.0.113.100, vlan: "50"}
        pods:
          - name: pod1
            gateway: 10.10.0.1
            netmask: 255.255.255.0
            start_ip: 10.10.0.10
            end_ip: 10.10.0.100
            clusters:
              - name: cluster1
                hypervisor: KVM
                hosts:
                  - {name: 10.10.0.21, username: root, password: "{{ vault_host_password }}"}
                primary_storage:
                  - {name: primary1, url: "nfs://10.0.0.5/export/primary"}
        secondary_storage:
          - {name: secondary1, url: "nfs://10.0.0.5/export/secondary"}
    parallelism: 8
  check_mode: true
  diff: true
  register: plan

- name: Show what would change
  ansible.builtin.debug:
    msg: "{{ plan.plan | rejectattr('action', 'equalto', 'unchanged') | map(attribute='object') | list }}"
"""

RETURN = r"""
plan:
  description:
    - One entry per described object, in the order they are handled - what was (or in check mode would be) done.
  returned: always
  type: list
  elements: dict
  contains:
    kind:
      description: The object's kind, named after its module (zone, pod, cluster, host, storage_pool, ...).
      type: str
      sample: pod
    object:
      description: Where the object is in the description.
      type: str
      sample: zone zone1 pod pod1
    action:
      description: C(create), C(update), C(remove) or C(unchanged).
      type: str
      sample: update
    changes:
      description: For an update, the fields that differ, each with its value before and after.
      type: dict
      returned: when action is update
      sample: {"allocation_state": {"before": "Disabled", "after": "Enabled"}}
    before:
      description: The object before, as its module returns it (empty for a create).
      type: dict
      returned: when the object changes
    after:
      description: The object after (in check mode, as it would be; empty for a remove).
      type: dict
      returned: when the object changes
summary:
  description: How many objects the plan creates, updates, removes and leaves unchanged (in check mode, would).
  returned: always
  type: dict
  contains:
    created:
      description: Objects created.
      type: int
      sample: 3
    updated:
      description: Objects updated.
      type: int
      sample: 1
    removed:
      description: Objects removed.
      type: int
      sample: 0
    unchanged:
      description: Objects left as they are.
      type: int
      sample: 150
  sample: {"created": 0, "updated": 1, "removed": 0, "unchanged": 150}
problems:
  description: What the preflight found, one line each (the task fails, nothing is written).
  returned: when the preflight finds a problem
  type: list
  elements: str
  sample: ["zone z1 pod p1: gateway, netmask required to create pod p1."]
reads:
  description: The list walks the task sent to read the server (each walk may take several pages).
  returned: always
  type: int
  sample: 12
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError
from ansible_collections.csops.cloudstack.plugins.module_utils.connection import client_from_options, connection_argument_spec
from ansible_collections.csops.cloudstack.plugins.module_utils.module import CloudStackModule
from ansible_collections.csops.cloudstack.plugins.module_utils.preflight import Preflight, secrets_of
from ansible_collections.csops.cloudstack.plugins.module_utils.zone_engine import Engine


class DescriptionProblems(CloudStackError):
    """The preflight's problems: the task fails with them, before the first write."""

    def __init__(self, problems, reads):
        super().__init__("the zone description has %d problem(s), nothing was written:\n%s" % (len(problems), "\n".join(problems)))
        self.problems = problems
        self.reads = reads

    def to_dict(self):
        return {"problems": self.problems, "reads": self.reads}


class ZoneConverge(CloudStackModule):
    argument_spec = dict(
        zones=dict(type="list", elements="dict", required=True),
        global_settings=dict(type="raw", default=[]),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        preflight=dict(type="bool", default=True),
        parallelism=dict(type="int", default=4),
        host_wait_timeout=dict(type="int", default=300),
    )

    @staticmethod
    def secret_values(params):
        return secrets_of(params.get("zones") if isinstance(params, dict) else None)

    def new_client(self):
        if self._client is None:
            return self.client
        client = client_from_options({name: self.params.get(name) for name in connection_argument_spec()})
        return client

    def run(self):
        p = self.params
        if p["parallelism"] < 1:
            raise CloudStackError("parallelism must be at least 1, got %s." % p["parallelism"])
        if p["host_wait_timeout"] <= 0:
            raise CloudStackError("host_wait_timeout must be a positive number of seconds, got %s." % p["host_wait_timeout"])
        settings = p["global_settings"] or []
        if isinstance(settings, dict):
            settings = [dict(name=name, value=value) for name, value in settings.items()]
        if not isinstance(settings, list) or not all(isinstance(s, dict) and s.get("name") for s in settings):
            raise CloudStackError("global_settings must be a list of {name, value} or a dictionary name to value.")
        names = [zone.get("name") for zone in p["zones"]]
        for index, name in enumerate(names if p["state"] == "absent" or not p["preflight"] else []):
            if not name:
                raise CloudStackError("zones[%d]: name is required." % index)
            if names.count(name) > 1:
                raise CloudStackError("zones: zone %s is described twice." % name)
        engine = Engine(self.module, self.new_client, self.check_mode, parallelism=p["parallelism"],
                        host_wait_timeout=p["host_wait_timeout"], state=p["state"])
        if p["state"] == "present" and p["preflight"]:
            engine.before_plan = lambda engine: self.preflight(engine, settings)
        try:
            engine.run(p["zones"], settings)
        except DescriptionProblems:
            raise
        except CloudStackError:
            self.result["changed"] = engine.changed
            self.result.update(plan=engine.plan, summary=engine.summary(), reads=engine.reads)
            raise
        finally:
            for message in engine.warnings:
                self.warn(message)
            engine.close(keep=self._client)
        self.result["changed"] = engine.changed
        self.result.update(plan=engine.plan, summary=engine.summary(), reads=engine.reads)
        if self.module._diff:
            changed = [entry for entry in engine.plan if entry["action"] != "unchanged"]
            self.result["diff"] = {"before": {e["object"]: e.get("before", {}) for e in changed},
                                   "after": {e["object"]: e.get("after", {}) for e in changed}}

    def preflight(self, engine, settings):
        problems = Preflight(self.params["zones"], settings, reader=engine.reader).run()
        if problems:
            raise DescriptionProblems(problems, engine.reads)


def main():
    module = ZoneConverge()
    module()


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: host
short_description: Manage CloudStack hypervisor hosts
version_added: 0.1.0
description:
  - Add hosts to a cluster, tag them, enable or disable them, put them into maintenance and back, and remove them.
  - After C(addHost) the module waits until the host is Up; O(state=maintenance) waits until the host reaches
    Maintenance by polling that one host.
  - An idempotent run costs one API call (C(listHosts) filtered by name on the server).
author: csops.cloudstack developers (@csops)
options:
  name:
    description:
      - Name of the host as CloudStack shows it, or its IP address. The host is found by either (and, when
        O(cluster) and O(zone) are set, among the cluster's hosts by the address of O(url)).
      - When O(url) is not set, C(http://<name>) is used to add it.
      - When CloudStack names a new host differently (after its agent's host name), the module renames it to
        O(name) (C(updateHost name=)), so that the next run finds it in one call.
    type: str
    required: true
    aliases: [ ip_address ]
  zone:
    description: Name or id of the zone. Required to add a host.
    type: str
  pod:
    description: Name or id of the pod. Required to add a host.
    type: str
  cluster:
    description: Name or id of the cluster. Required to add a host.
    type: str
  hypervisor:
    description: Hypervisor of the host. Required to add a host.
    type: str
    choices: [ KVM, XenServer, VMware, Hyperv, BareMetal, Simulator, Ovm, Ovm3, LXC ]
  url:
    description: URL of the host, for example C(http://10.0.0.11). Used only to add it.
    type: str
  username:
    description: User name on the host. Required to add a host of every hypervisor but VMware.
    type: str
  password:
    description: Password of that user. Required with O(username). Never logged.
    type: str
  host_tags:
    description: Host tags. A set; order never makes a change. An empty list removes every tag.
    type: list
    elements: str
    aliases: [ host_tag ]
  state:
    description:
      - V(present) adds or updates the host. V(enabled) and V(disabled) also set its allocation state
        (V(enabled) also takes the host out of maintenance).
      - V(maintenance) prepares the host for maintenance and waits until it is in Maintenance.
      - V(absent) removes the host, putting it into maintenance first unless O(force=true).
    type: str
    default: present
    choices: [ present, enabled, disabled, maintenance, absent ]
  force:
    description: With O(state=absent), delete the host without putting it into maintenance first (C(forced=true)).
    type: bool
    default: false
  wait:
    description:
      - Wait for the state that follows the writes (Up after adding the host, Maintenance). The async jobs are
        always followed to their end.
      - With V(false), O(state=absent) still waits for Maintenance before it deletes the host (CloudStack deletes
        only such a host).
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds the task may wait in all, async jobs included (a job that does not end in time fails the task,
        with C(changed=true) as a write was sent). Replaces O(api_job_timeout) for this module.
    type: int
    default: 300
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Add a KVM host with tags
  csops.cloudstack.host:
    name: 10.0.0.11
    zone: zone-1
    pod: pod-1
    cluster: cluster-1
    hypervisor: KVM
    username: root
    password: "{{ vault_kvm_root_password }}"
    host_tags: [ssd, gpu]

- name: Put a host into maintenance
  csops.cloudstack.host:
    name: kvm-11
    state: maintenance

- name: Back to work
  csops.cloudstack.host:
    name: kvm-11
    state: enabled

- name: Remove a host (maintenance first)
  csops.cloudstack.host:
    name: kvm-11
    state: absent
"""

RETURN = r"""
host:
  description: The host (empty after O(state=absent)).
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the host.
      type: str
      sample: 3b4c5d6e-7f80-4a1b-9c2d-3e4f5a6b7c8d
    name:
      description: Name of the host.
      type: str
      sample: kvm-11
    ip_address:
      description: IP address.
      type: str
      sample: "10.0.0.11"
    state:
      description: Connection state (Up, Down, Disconnected, ...).
      type: str
      sample: Up
    resource_state:
      description: Resource state (Enabled, Disabled, PrepareForMaintenance, Maintenance, ...).
      type: str
      sample: Enabled
    host_tags:
      description: Host tags, comma separated as CloudStack returns them.
      type: str
      sample: gpu,ssd
    hypervisor:
      description: Hypervisor.
      type: str
      sample: KVM
    cluster_name:
      description: Cluster name.
      type: str
      sample: cluster-1
    pod_name:
      description: Pod name.
      type: str
      sample: pod-1
    zone_name:
      description: Zone name.
      type: str
      sample: zone-1
    cluster_id:
      description: UUID of the cluster.
      type: str
      sample: 237b607c-caa7-4d34-8f0e-b07309c5a217
    cluster_type:
      description: Cluster type (CloudManaged or ExternalManaged).
      type: str
      sample: CloudManaged
    cpu_number:
      description: Number of CPUs.
      type: int
      sample: 4
    cpu_sockets:
      description: Number of CPU sockets.
      type: int
      sample: 1
    cpu_speed:
      description: CPU speed in MHz.
      type: int
      sample: 2400
    created:
      description: When it was created.
      type: str
      sample: "2026-11-29T15:50:33+0000"
    encryption_supported:
      description: Whether the host supports volume encryption.
      type: bool
      sample: true
    events:
      description: Events the host's state machine accepts.
      type: str
      sample: AgentConnected; AgentDisconnected; HostDown; Ping; PingTimeout; Remove; ShutdownRequested
    ha_host:
      description: Whether the host is reserved for HA VMs.
      type: bool
      sample: false
    has_annotations:
      description: Whether it has comments (annotations).
      type: bool
      sample: false
    has_enough_capacity:
      description: Whether the host has enough capacity for a migrating VM (C(findHostsForMigration) only).
      type: bool
      sample: false
    is_local_storage_active:
      description: Whether the host's local storage is in use.
      type: bool
      sample: false
    last_pinged:
      description: When the host was last pinged.
      type: str
      sample: "1970-01-20T00:00:00+0000"
    memory_total:
      description: Memory of the host in bytes.
      type: int
      sample: 8589934592
    pod_id:
      description: UUID of the pod.
      type: str
      sample: 96755802-b066-4169-8b0c-2d66d0b45a74
    suitable_for_migration:
      description: Whether a VM can migrate to the host (C(findHostsForMigration) only).
      type: bool
      sample: false
    type:
      description: Type of the host.
      type: str
      sample: Routing
    uefi_capability:
      description: Whether the host can boot VMs with UEFI.
      type: bool
      sample: false
    version:
      description: CloudStack agent version.
      type: str
      sample: "4.18.0.0"
    zone_id:
      description: UUID of the zone.
      type: str
      sample: 959bcd9d-ff9c-4273-b9e2-2cb316bdf799
elapsed:
  description: Seconds the task took, waits included (also returned when it fails).
  returned: always
  type: float
  sample: 12.41
"""

from urllib.parse import urlsplit

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError
from ansible_collections.csops.cloudstack.plugins.module_utils.module import Field, ResourceModule, normalize, wait_argument_spec


class Host(ResourceModule):
    resource = "host"
    list_command = "listHosts"
    create_command = "addHost"
    update_command = "updateHost"
    delete_command = "deleteHost"
    parents = {"zone": ("zoneid", "zonename"), "pod": ("podid", "podname"), "cluster": ("clusterid", "clustername")}
    fields = (
        Field("host_tags", "hosttags", compare="set"),
    )

    argument_spec = dict(
        name=dict(type="str", required=True, aliases=["ip_address"]),
        zone=dict(type="str"),
        pod=dict(type="str"),
        cluster=dict(type="str"),
        hypervisor=dict(type="str", choices=["KVM", "XenServer", "VMware", "Hyperv", "BareMetal", "Simulator", "Ovm",
                                             "Ovm3", "LXC"]),
        url=dict(type="str"),
        username=dict(type="str"),
        password=dict(type="str", no_log=True),
        host_tags=dict(type="list", elements="str", aliases=["host_tag"]),
        state=dict(type="str", default="present", choices=["present", "enabled", "disabled", "maintenance", "absent"]),
        force=dict(type="bool", default=False),
        **wait_argument_spec(timeout=300)
    )
    module_kwargs = dict(required_together=[("username", "password")])

    def url_host(self):
        url = self.params["url"]
        return urlsplit(url).hostname if url and "://" in url else None

    def find(self):
        name = self.params["name"]
        names = {name, self.url_host()} - {None}
        items = self.list(self.list_command, self.resource, name=name, type="Routing")
        found = [h for h in items if names & {h.get("name"), h.get("ipaddress")} and self.parents_match(h)]
        if not found and self.params["cluster"] and self.params["zone"]:
            # CloudStack names a host after what its agent reports, which may be neither the name nor the
            # address given: look at the hosts of the cluster.
            cluster = self.get_cluster()
            items = self.list(self.list_command, self.resource, clusterid=cluster["id"], type="Routing")
            found = [h for h in items if names & {h.get("name"), h.get("ipaddress")}]
        if len(found) > 1:
            raise CloudStackError("host %r is ambiguous (%d matches): name its zone, pod or cluster." % (name, len(found)))
        return found[0] if found else None

    def create_params(self):
        p = self.params
        missing = [o for o in ("zone", "pod", "cluster", "hypervisor") if not p[o]]
        if p["hypervisor"] and p["hypervisor"] != "VMware" and not p["username"]:
            missing.append("username and password")
        if missing:
            raise CloudStackError("%s required to add host %s." % (", ".join(missing), p["name"]))
        cluster = self.get_cluster()
        url = p["url"] or "http://%s" % p["name"]
        if "://" not in url:
            raise CloudStackError("url must be a URL such as http://10.0.0.11, got %r." % url)
        params = dict(zoneid=cluster.get("zoneid"), podid=cluster.get("podid"), clusterid=cluster["id"],
                      hypervisor=p["hypervisor"], url=url, username=p["username"], password=p["password"],
                      hosttags=p["host_tags"])
        if p["state"] == "disabled":
            params["allocationstate"] = "Disable"
        return params

    def update_params(self, obj, diffs):
        params = {"id": obj["id"]}
        if "host_tags" in diffs:
            params["hosttags"] = ",".join(sorted(self.params["host_tags"]))
        return params

    def simulate(self, obj, params):
        after = dict(obj or {})
        if not obj:
            after.update(name=self.params["name"], state="Up", resourcestate="Enabled",
                         hypervisor=self.params["hypervisor"], clustername=self.params["cluster"],
                         podname=self.params["pod"], zonename=self.params["zone"])
        if "hosttags" in params:
            tags = params["hosttags"]
            after["hosttags"] = ",".join(tags) if isinstance(tags, list) else tags
        if params.get("allocationstate"):
            after["resourcestate"] = params["allocationstate"] + "d"
        return after

    # --- waiting on the one host
    def refresh(self, host):
        found = self.list(self.list_command, self.resource, id=host["id"])
        if not found:
            raise CloudStackError("host %s disappeared." % host["id"])
        return found[0]

    def wait_for(self, host, what, done, failed=(), always=False):
        """Wait (within wait_timeout) until done(host); without wait (and not always), the host as it is."""
        if not (self.params["wait"] or always) or done(host):
            return host
        return self.wait_until("host %s reaching %s" % (host.get("name"), what), lambda: self.refresh(host), done,
                               failed=lambda h: any(f(h) for f in failed),
                               describe=lambda h: "state %s, resource state %s" % (h.get("state"), h.get("resourcestate")))

    def ensure_present(self):
        existed = self.lookup()
        host = super().ensure_present()
        if existed is None and not self.check_mode and host and host.get("id"):
            host = self.wait_for(host, "Up", lambda h: h.get("state") == "Up",
                                 [lambda h: h.get("state") in ("Error", "Alert", "Down")])
            if self.params["name"] not in (host.get("name"), host.get("ipaddress")):
                # Give the host the name it was asked for, so that the next run finds it in one call.
                response = self.write(self.update_command, id=host["id"], name=self.params["name"])
                host = self.extract(response) or dict(host, name=self.params["name"])
        return self.ensure_allocation(host)

    def ensure_allocation(self, host):
        state = self.params["state"]
        resource_state = host.get("resourcestate")
        in_maintenance = resource_state in ("Maintenance", "PrepareForMaintenance", "ErrorInMaintenance",
                                            "ErrorInPrepareForMaintenance")
        if state == "maintenance":
            if resource_state == "Maintenance":
                return host
            if resource_state not in ("PrepareForMaintenance",):
                self.write("prepareHostForMaintenance", id=host.get("id"))
                if self.check_mode:
                    return dict(host, resourcestate="Maintenance")
            return self.wait_for(self.refresh(host), "Maintenance", lambda h: h.get("resourcestate") == "Maintenance",
                                 [lambda h: h.get("resourcestate") in ("ErrorInMaintenance", "ErrorInPrepareForMaintenance")])
        if state == "enabled":
            if in_maintenance:
                self.write("cancelHostMaintenance", id=host.get("id"))
                host = dict(host, resourcestate="Enabled") if self.check_mode else self.refresh(host)
            if host.get("resourcestate") == "Disabled":
                self.write("updateHost", id=host.get("id"), allocationstate="Enable")
                host = dict(host, resourcestate="Enabled") if self.check_mode else self.refresh(host)
        elif state == "disabled":
            if in_maintenance:
                raise CloudStackError("host %s is in %s: enable it (state=enabled) before disabling it." % (
                    host.get("name"), resource_state))
            if host.get("resourcestate") != "Disabled":
                self.write("updateHost", id=host.get("id"), allocationstate="Disable")
                host = dict(host, resourcestate="Disabled") if self.check_mode else self.refresh(host)
        return host

    def ensure_absent(self):
        host = self.lookup()
        self.before = host
        if host is None:
            return None
        if self.params["force"]:
            self.write(self.delete_command, id=host["id"], forced=True)
            return None
        if host.get("resourcestate") not in ("Maintenance", "Degraded"):
            self.write("prepareHostForMaintenance", id=host["id"])
            if not self.check_mode:
                # CloudStack deletes only a host in Maintenance: this wait happens even with wait=false
                self.wait_for(self.refresh(host), "Maintenance", lambda h: h.get("resourcestate") == "Maintenance",
                              [lambda h: h.get("resourcestate") in ("ErrorInMaintenance", "ErrorInPrepareForMaintenance")],
                              always=True)
        self.write(self.delete_command, id=host["id"])
        return None

    def differences(self, obj):
        diffs = {}
        wanted = self.params["host_tags"]
        if wanted is not None and normalize(obj.get("hosttags"), "set") != normalize(wanted, "set"):
            diffs["host_tags"] = (obj.get("hosttags"), wanted)
        return diffs


def main():
    module = Host()
    module()


if __name__ == "__main__":
    main()

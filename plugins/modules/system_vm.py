#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: system_vm
short_description: Start, stop, reboot and recreate CloudStack system VMs
version_added: 0.1.0
description:
  - Acts on the secondary storage VM (SSVM) and console proxy VM (CPVM) of a zone, chosen by name or by zone and type.
  - O(state=running) starts a stopped system VM (one that is Starting is not started again) and waits until it is
    Running and its agent is Up.
  - O(state=recreated) destroys the system VM; CloudStack then creates a new one, which the module waits for
    (Running, agent Up). This is how new system VM settings (passwords, templates, certificates) reach them.
  - Before destroying, O(state=recreated) checks that CloudStack can start a replacement in the zone, as its system VM
    managers do before they create one (C(isZoneReady)) - an Up and Enabled host, a writable image store, Up primary
    storage of the kind C(system.vm.use.local.storage) asks for (host-local when true, shared otherwise) - and
    fails without destroying anything when it cannot (also in check mode).
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the system VM, for example C(s-1-VM) or C(v-2-VM).
    type: str
  zone:
    description: Name or id of the zone. With O(type), selects the system VM when O(name) is not set.
    type: str
  type:
    description: V(secondarystoragevm) or V(consoleproxy).
    type: str
    choices: [ secondarystoragevm, consoleproxy ]
  state:
    description:
      - V(running) starts it if needed and waits until it is Running and its agent Up. V(stopped) stops it.
      - V(rebooted) reboots it (always a change). V(recreated) destroys it and waits for its replacement (always a change).
    type: str
    default: running
    choices: [ running, stopped, rebooted, recreated ]
  force:
    description: Force the stop or reboot (C(forced=true)).
    type: bool
    default: false
  wait:
    description:
      - Wait until the system VM is Running and its agent is Up (O(state=running), V(rebooted), V(recreated)), or
        Stopped (O(state=stopped)). The async job is always followed to its end.
      - With V(false), RV(system_vm) is the system VM as the job returned it.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds the task may wait in all, async job included (a job that does not end in time fails the task, with
        C(changed=true) as a write was sent). Replaces O(api_job_timeout) for this module.
    type: int
    default: 600
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: Recreate the console proxy of zone-1 to apply new settings
  csops.cloudstack.system_vm:
    zone: zone-1
    type: consoleproxy
    state: recreated

- name: Make sure the SSVM runs
  csops.cloudstack.system_vm:
    zone: zone-1
    type: secondarystoragevm
    state: running
"""

RETURN = r"""
system_vm:
  description: The system VM after the task (the new one after O(state=recreated)).
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the system VM.
      type: str
      sample: 7d6c5b4a-3e2f-4a1b-9c8d-7e6f5a4b3c2d
    name:
      description: Name of the system VM.
      type: str
      sample: v-2-VM
    system_vm_type:
      description: secondarystoragevm or consoleproxy.
      type: str
      sample: consoleproxy
    state:
      description: VM state (Running, Stopped, Starting, ...).
      type: str
      sample: Running
    agent_state:
      description: State of the agent in the VM (Up, Disconnected, ...).
      type: str
      sample: Up
    zone_name:
      description: Zone name.
      type: str
      sample: zone-1
    created:
      description: When it was created.
      type: str
      sample: "2026-11-29T15:50:42+0000"
    dns1:
      description: First DNS server.
      type: str
      sample: "8.8.8.8"
    has_annotations:
      description: Whether it has comments (annotations).
      type: bool
      sample: false
    host_id:
      description: UUID of the host it runs on.
      type: str
      sample: 0942bcda-1afa-4984-89d9-b65f51630109
    host_name:
      description: Name of the host it runs on.
      type: str
      sample: "10.20.0.21"
    hypervisor:
      description: Hypervisor.
      type: str
      sample: KVM
    is_dynamically_scalable:
      description: Whether CPU and memory can be changed while it runs.
      type: bool
      sample: false
    link_local_ip:
      description: Link-local IP address.
      type: str
      sample: "169.254.0.3"
    pod_id:
      description: UUID of the pod.
      type: str
      sample: db3ae99d-1b6b-4d90-8574-34a3741a3007
    pod_name:
      description: Name of the pod.
      type: str
      sample: rz-pod
    private_ip:
      description: Private (management) IP address.
      type: str
      sample: "10.0.0.3"
    public_ip:
      description: Public IP address.
      type: str
      sample: "192.0.0.3"
    version:
      description:
        - Version its agent reported when it last connected - the management server's version when it last booted
          (every start copies the server's agent into it). A system VM below the management server's version needs a
          restart after an upgrade (C(listSystemVms) has no C(requiresupgrade), unlike C(listRouters)).
      type: str
      sample: 4.18.0.0
    zone_id:
      description: UUID of the zone.
      type: str
      sample: 5e382ec6-942d-4e8d-9974-9165251dc7fc
replaced_id:
  description: Id of the destroyed system VM, with O(state=recreated).
  returned: when O(state=recreated)
  type: str
  sample: 1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d
elapsed:
  description: Seconds the task took, waits included (also returned when it fails).
  returned: always
  type: float
  sample: 12.41
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError, looks_like_uuid
from ansible_collections.csops.cloudstack.plugins.module_utils.module import CloudStackModule, wait_argument_spec
from ansible_collections.csops.cloudstack.plugins.module_utils.names import rename


def healthy(vm):
    return vm.get("state") == "Running" and vm.get("agentstate") == "Up"


class SystemVm(CloudStackModule):
    argument_spec = dict(
        name=dict(type="str"),
        zone=dict(type="str"),
        type=dict(type="str", choices=["secondarystoragevm", "consoleproxy"]),
        state=dict(type="str", default="running", choices=["running", "stopped", "rebooted", "recreated"]),
        force=dict(type="bool", default=False),
        **wait_argument_spec(timeout=600)
    )
    module_kwargs = dict(required_one_of=[("name", "zone")], required_by={"zone": ("type",)})

    def select_params(self):
        if self.params["name"]:
            key = "id" if looks_like_uuid(self.params["name"]) else "name"
            return {key: self.params["name"]}
        return {"zoneid": self.get_zone()["id"], "systemvmtype": self.params["type"]}

    def find(self):
        params = self.select_params()
        items = self.list("listSystemVms", "systemvm", **params)
        if "name" in params:
            items = [vm for vm in items if vm.get("name") == params["name"]]
        items = [vm for vm in items if vm.get("state") not in ("Destroyed", "Expunging")]
        if not items:
            raise CloudStackError("no system VM %s found." % (self.params["name"] or "of type %s in zone %s" % (
                self.params["type"], self.params["zone"])))
        if len(items) > 1:
            raise CloudStackError("%d system VMs match (%s): name the one you mean." % (
                len(items), ", ".join(vm.get("name", "?") for vm in items)))
        return items[0]

    def wait_vm(self, what, fetch, done):
        return self.wait_until("system VM becoming %s" % what, fetch, done,
                               describe=lambda vm: "%s in state %s, agent %s" % (vm.get("name"), vm.get("state"),
                                                                                 vm.get("agentstate")))

    def refetch(self, vm_id):
        def fetch():
            found = self.list("listSystemVms", "systemvm", id=vm_id)
            return found[0] if found else None
        return fetch

    def run(self):
        vm = self.find()
        before = dict(vm)
        state = self.params["state"]
        wait = self.params["wait"] and not self.check_mode
        if state == "running":
            if vm.get("state") not in ("Running", "Starting", "Migrating"):
                # planned (check mode): what the real run returns, with the agent Up after the wait
                planned = dict(state="Running", agentstate="Up") if self.params["wait"] else dict(state="Running")
                vm = self.job_vm(self.write("startSystemVm", id=vm["id"]), vm, **planned)
            if wait and not healthy(vm):
                # the start job ends when the VM runs; its agent connects a little later
                vm = self.wait_vm("Running with agent Up", self.refetch(vm["id"]), healthy)
        elif state == "stopped":
            if vm.get("state") != "Stopped":
                # a stopped system VM's agent is Disconnected and it has no host (stopSystemVM, createSystemVmResponse)
                vm = self.job_vm(self.write("stopSystemVm", id=vm["id"], forced=self.params["force"] or None),
                                 vm, state="Stopped", agentstate="Disconnected", hostid=None, hostname=None)
                if wait and vm.get("state") != "Stopped":
                    vm = self.wait_vm("Stopped", self.refetch(vm["id"]), lambda v: v.get("state") == "Stopped")
        elif state == "rebooted":
            vm = self.job_vm(self.write("rebootSystemVm", id=vm["id"], forced=self.params["force"] or None), vm)
            if wait:
                vm = self.wait_vm("Running with agent Up", self.refetch(vm["id"]), healthy)
        else:
            self.check_replacement(vm)
            known = set() if self.check_mode else set(item.get("id") for item in self.list(
                "listSystemVms", "systemvm", zoneid=vm.get("zoneid"), systemvmtype=vm.get("systemvmtype")))
            self.write("destroySystemVm", id=vm["id"])
            self.result["replaced_id"] = vm["id"]
            if wait:
                vm = self.wait_vm("recreated (Running with agent Up)", self.replacement(vm, known), healthy)
            else:
                vm = dict(vm, state="Destroyed")
        self.result["system_vm"] = rename("systemvm", vm)
        if self.module._diff:
            self.result["diff"] = {"before": rename("systemvm", before), "after": self.result["system_vm"]}

    def check_replacement(self, vm):
        """Refuse to destroy a system VM that CloudStack could not replace.

        The conditions of SecondaryStorageManagerImpl.isZoneReady and ConsoleProxyManagerImpl.isZoneReady,
        as far as the API shows them: an Up and Enabled routing host in the zone, a writable image store
        (the system VM template is on it), and Up primary storage of the kind system.vm.use.local.storage
        (zone value) asks for: host-local pools when true, shared pools otherwise.
        """
        zone_id = vm.get("zoneid")
        where = "zone %s" % (vm.get("zonename") or zone_id)
        problems = []
        hosts = self.list("listHosts", "host", zoneid=zone_id, type="Routing", state="Up", resourcestate="Enabled")
        if not [h for h in hosts if h.get("state") == "Up" and h.get("resourcestate", "Enabled") == "Enabled"]:
            problems.append("no Up and Enabled host")
        if not [s for s in self.list("listImageStores", "imagestore", zoneid=zone_id) if not s.get("readonly")]:
            problems.append("no writable image store (secondary storage)")
        settings = self.list("listConfigurations", "configuration", name="system.vm.use.local.storage", zoneid=zone_id)
        local = any(c.get("name") == "system.vm.use.local.storage" and str(c.get("value")).lower() == "true"
                    for c in settings)
        pools = [p for p in self.list("listStoragePools", "storagepool", zoneid=zone_id) if p.get("state") == "Up"
                 and (str(p.get("scope") or "").upper() == "HOST") == local]
        if not pools:
            problems.append("no Up local storage pool although system.vm.use.local.storage is true in the zone" if local
                            else "no Up shared primary storage pool")
        if problems:
            raise CloudStackError("not destroying %s: CloudStack could not start its replacement in %s (%s); "
                                  "nothing was changed." % (vm.get("name"), where, "; ".join(problems)))

    @staticmethod
    def job_vm(result, vm, **planned):
        """The system VM from the job result; in check mode (no result) the planned state."""
        if result and isinstance(result.get("systemvm"), dict):
            return result["systemvm"]
        return dict(vm, **planned)

    def replacement(self, old, known):
        """The new system VM of the same type in the same zone: one that did not exist before the destroy."""
        def fetch():
            items = self.list("listSystemVms", "systemvm", zoneid=old.get("zoneid"), systemvmtype=old.get("systemvmtype"))
            fresh = [vm for vm in items if vm.get("id") != old.get("id") and vm.get("id") not in known
                     and vm.get("state") not in ("Destroyed", "Expunging")]
            return fresh[0] if fresh else None
        return fetch


def main():
    module = SystemVm()
    module()


if __name__ == "__main__":
    main()

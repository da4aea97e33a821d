#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: router
short_description: Start, stop, reboot, recreate and upgrade CloudStack virtual routers, one or many in a rolling way
version_added: 0.2.0
description:
  - Acts on one virtual router (O(name)) or on every router a selection names (O(zone), O(network), O(vpc),
    O(domain)/O(account), O(requires_upgrade)), at most O(concurrency) at a time. A router counts as down from the
    moment its command is sent until it is back (Running with its host's agent Up, see O(wait)); the next one
    starts only then.
  - The first failure stops the rollout - a failed job, or a router that does not come back within O(wait_timeout).
    Those already under way are followed to their end, the others are not started, and the task fails with a
    report of what was done, what failed and what was not started (RV(actions)).
  - CloudStack creates routers itself, with their network; V(recreated) replaces them (C(restartNetwork) or
    C(restartVPC) with C(cleanup)), which is what a system VM template upgrade asks for.
  - The routers are found with one C(listRouters) call (C(listall), so the routers of every account and of
    shared networks show); a run that changes nothing costs that one call (plus one per zone, network or VPC
    given by name).
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name (for example C(r-12-VM)) or id of one router.
    type: str
  zone:
    description: Only the routers of this zone (name or id).
    type: str
  network:
    description: Only the routers of this guest network (name or id; a name is matched exactly, in O(zone) when given).
    type: str
  vpc:
    description: Only the routers of this VPC (name or id).
    type: str
  domain:
    description: Only the routers owned by this domain (path such as C(ROOT/customers), or id).
    type: str
  account:
    description: Only the routers owned by this account (with O(domain)).
    type: str
  requires_upgrade:
    description:
      - V(true) selects only the routers CloudStack says need an upgrade (RV(routers[].requires_upgrade)), V(false)
        only the others. With O(state=rebooted) or V(upgraded) this makes the task idempotent - a restarted router
        no longer needs an upgrade.
    type: bool
  state:
    description:
      - V(present) changes nothing and returns the selected routers.
      - V(running) starts the routers that are not Running or Starting. V(stopped) stops the routers that are not
        Stopped or Stopping.
      - V(rebooted) reboots every Running router (a change each time; the others are skipped).
      - V(upgraded) asks CloudStack to upgrade the Running routers that need it (C(upgradeRouterTemplate), which
        reboots the routers below C(minreq.sysvmtemplate.version)); the others are left alone.
      - V(recreated) replaces the routers by new ones made from the current template - one C(restartNetwork)
        (C(cleanup=true)) per network, one C(restartVPC) (C(cleanup=true)) per VPC; a change each time.
      - V(absent) destroys the routers (C(destroyRouter)); CloudStack deploys a new one when the network next
        needs it.
    type: str
    default: present
    choices: [ present, running, stopped, rebooted, upgraded, recreated, absent ]
  force:
    description: Force the stop or the reboot (C(forced=true)).
    type: bool
    default: false
  concurrency:
    description:
      - How many routers (for O(state=recreated) - networks and VPCs) are acted on at the same time. 1 restarts
        them one by one.
    type: int
    default: 1
  wait:
    description:
      - Wait until each router is back - Running with its host's agent Up (O(state=running), V(rebooted),
        V(upgraded)), Stopped (V(stopped)), or replaced by new routers that are up (V(recreated)) - before the next
        one starts. Without waiting, each job is still followed to its end.
    type: bool
    default: true
  wait_timeout:
    description: Seconds for the whole task, jobs and waits included. Raise it for long rollouts.
    type: int
    default: 3600
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: After a system VM template upgrade, reboot the routers that need it, two at a time
  csops.cloudstack.router:
    zone: zone-1
    requires_upgrade: true
    state: rebooted
    concurrency: 2
  register: rollout

- name: Recreate the routers of one network from the current template
  csops.cloudstack.router:
    network: shared-300
    zone: zone-1
    state: recreated

- name: Make sure one router runs
  csops.cloudstack.router:
    name: r-12-VM
    state: running
"""

RETURN = r"""
routers:
  description:
    - The selected routers after the task, with snake_case keys (the new routers after O(state=recreated); none
      after O(state=absent)). In check mode, the routers as they would be.
  returned: success
  type: list
  elements: dict
  sample: [{"id": "5a1e0c7d-2b3f-4c4d-8e9f-0a1b2c3d4e5f", "name": "r-12-VM", "state": "Running", "version": "4.18.0",
            "requires_upgrade": false}]
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
actions:
  description:
    - What the task did, in order - one entry per router, or per network or VPC with O(state=recreated). Also
      returned when the task fails.
  returned: always
  type: list
  elements: dict
  sample: [{"target": "r-12-VM", "routers": ["r-12-VM"], "action": "reboot", "status": "done", "message": null,
            "elapsed": 8.4, "new_routers": []}]
  contains:
    target:
      description: The router, or C(network <name>) / C(vpc <name>) for O(state=recreated).
      type: str
      sample: r-12-VM
    routers:
      description: Names of the routers concerned.
      type: list
      elements: str
      sample: [r-12-VM]
    action:
      description: V(start), V(stop), V(reboot), V(upgrade), V(recreate) or V(destroy).
      type: str
      sample: reboot
    status:
      description:
        - V(done); V(failed) (see RV(actions[].message)); V(skipped) (nothing to do for this router in its state);
          V(not_started) (a failure stopped the rollout before); V(planned) (check mode).
      type: str
      sample: done
    message:
      description: Why it failed or was skipped.
      type: str
      sample: "rebootRouter: async job 0b2c... failed (errorcode 530): Unable to reboot domR, it is not in right state Stopped"
    elapsed:
      description: Seconds from its command to its end (null when not run).
      type: float
      sample: 8.4
    new_routers:
      description: Names of the routers that replaced the old ones (O(state=recreated)).
      type: list
      elements: str
      sample: [r-14-VM]
summary:
  description: How many entries of RV(actions) have each status.
  returned: always
  type: dict
  sample: {"done": 3, "failed": 0, "skipped": 1, "not_started": 0, "planned": 0}
  contains:
    done:
      description: Entries done.
      type: int
      sample: 3
    failed:
      description: Entries that failed.
      type: int
      sample: 0
    skipped:
      description: Entries skipped.
      type: int
      sample: 1
    not_started:
      description: Entries not started because of a failure.
      type: int
      sample: 0
    planned:
      description: Entries planned (check mode).
      type: int
      sample: 0
elapsed:
  description: Seconds the task took.
  returned: always
  type: float
  sample: 25.3
"""

import time

from ansible_collections.csops.cloudstack.plugins.module_utils.api import (
    JOB_PENDING, JOB_SUCCEEDED, CloudStackError, is_async_submission, poll_interval)
from ansible_collections.csops.cloudstack.plugins.module_utils.module import CloudStackModule
from ansible_collections.csops.cloudstack.plugins.module_utils.names import rename
from ansible_collections.csops.cloudstack.plugins.module_utils.routers import (
    SELECTION_SPEC, describe, is_up, select, selection_params)

#: the command of each action, and the parameter naming its target
COMMANDS = {"start": "startRouter", "stop": "stopRouter", "reboot": "rebootRouter", "destroy": "destroyRouter",
            "upgrade": "upgradeRouterTemplate"}
STATUSES = ("done", "failed", "skipped", "not_started", "planned")


class Unit:
    """One step of the rollout: one router, or for a recreate one network or VPC with its routers."""

    def __init__(self, action, routers, target, network_id=None, vpc_id=None):
        self.action = action
        self.routers = routers
        self.target = target
        self.network_id = network_id
        self.vpc_id = vpc_id
        self.status = "not_started"
        self.message = None
        self.jobid = None
        self.command = None
        self.started = None
        self.ended = None
        self.job_done = False
        self.polls = 0
        self.current = None
        self.new_routers = []

    @property
    def router(self):
        return self.routers[0]

    def entry(self):
        return {"target": self.target, "routers": [r.get("name") for r in self.routers], "action": self.action,
                "status": self.status, "message": self.message,
                "elapsed": round(self.ended - self.started, 2) if self.started and self.ended else None,
                "new_routers": [r.get("name") for r in self.new_routers]}


def compact(router):
    """A router in the diff: what a rollout changes."""
    return {"id": router.get("id"), "state": router.get("state"), "version": router.get("version"),
            "requires_upgrade": router.get("requiresupgrade"), "software_version": router.get("softwareversion"),
            "host_name": router.get("hostname"), "network": router.get("guestnetworkname") or router.get("vpcname")}


class Router(CloudStackModule):
    argument_spec = dict(
        SELECTION_SPEC,
        state=dict(type="str", default="present",
                   choices=["present", "running", "stopped", "rebooted", "upgraded", "recreated", "absent"]),
        force=dict(type="bool", default=False),
        concurrency=dict(type="int", default=1),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=3600),
    )
    module_kwargs = dict(required_one_of=[("name", "zone", "network", "vpc", "domain")],
                         required_by={"account": ("domain",)})

    def __init__(self):
        super().__init__()
        self.started_at = time.monotonic()
        self.units = []
        self.skipped = []

    # ------------------------------------------------------------------ planning
    def plan(self, routers):
        state = self.params["state"]
        units = []
        if state == "recreated":
            groups = {}
            for r in routers:
                key = ("vpc", r["vpcid"]) if r.get("vpcid") else ("network", r.get("guestnetworkid"))
                if key[1] is None:
                    self.skip(Unit("recreate", [r], r.get("name")), "it serves no guest network or VPC")
                    continue
                groups.setdefault(key, []).append(r)
            for (kind, key), members in groups.items():
                label = members[0].get("vpcname") if kind == "vpc" else members[0].get("guestnetworkname")
                units.append(Unit("recreate", members, "%s %s" % (kind, label or key),
                                  network_id=key if kind == "network" else None, vpc_id=key if kind == "vpc" else None))
            return units
        for r in routers:
            current = r.get("state")
            if state == "running" and current not in ("Running", "Starting"):
                units.append(Unit("start", [r], r.get("name")))
            elif state == "stopped" and current not in ("Stopped", "Stopping", "Destroyed", "Expunging"):
                units.append(Unit("stop", [r], r.get("name")))
            elif state == "absent":
                units.append(Unit("destroy", [r], r.get("name")))
            elif state == "rebooted":
                if current == "Running":
                    units.append(Unit("reboot", [r], r.get("name")))
                else:
                    self.skip(Unit("reboot", [r], r.get("name")), "not running (state %s)" % current)
            elif state == "upgraded" and r.get("requiresupgrade"):
                if current == "Running":
                    units.append(Unit("upgrade", [r], r.get("name")))
                else:
                    self.skip(Unit("upgrade", [r], r.get("name")),
                              "not running (state %s): it is upgraded when it next starts" % current)
        return units

    def skip(self, unit, why):
        unit.status, unit.message = "skipped", why
        self.skipped.append(unit)

    # ------------------------------------------------------------------ the rollout
    def remaining(self):
        return self.params["wait_timeout"] - (time.monotonic() - self.started_at)

    def submit(self, unit):
        """Send the unit's command; its job id, or the unit done/failed at once."""
        self.result["changed"] = True
        unit.started = time.monotonic()
        if unit.action == "recreate":
            command, params = ("restartVPC", {"id": unit.vpc_id}) if unit.vpc_id else ("restartNetwork", {"id": unit.network_id})
            params["cleanup"] = True
        else:
            command, params = COMMANDS[unit.action], {"id": unit.router["id"]}
            if unit.action in ("stop", "reboot") and self.params["force"]:
                params["forced"] = True
        unit.command = command
        answer = self.client.request(command, params)
        if unit.action == "upgrade":
            jobs = [j.get("jobid") for j in answer.get("asyncjobs") or [] if j.get("jobid")]
            if not jobs:
                unit.status, unit.ended = "skipped", time.monotonic()
                unit.message = ("CloudStack started no upgrade: its template version is not below "
                                "minreq.sysvmtemplate.version, or router.version.check is off")
                return
            unit.jobid, unit.command = jobs[0], "rebootRouter"
        elif is_async_submission(answer):
            unit.jobid = answer["jobid"]
        else:
            unit.job_done = True
        unit.status = "running"

    def poll(self, unit):
        """One look at a unit under way; it ends done or failed, or stays running."""
        if not unit.job_done:
            job = self.client.query_job(unit.jobid)
            status = int(job.get("jobstatus", JOB_PENDING))
            if status == JOB_PENDING:
                return
            result = job.get("jobresult") or {}
            if status != JOB_SUCCEEDED:
                self.end(unit, "failed", "%s: async job %s %s (errorcode %s): %s" % (
                    unit.command, unit.jobid, "failed" if status == 2 else "was cancelled",
                    result.get("errorcode", job.get("jobresultcode")), result.get("errortext") or "no error text"))
                return
            unit.job_done = True
            if isinstance(result.get("router"), dict):
                unit.current = result["router"]
        if not self.params["wait"] or unit.action == "destroy":
            if unit.action == "recreate":
                unit.new_routers = self.replacements(unit)
            self.end(unit, "done")
            return
        if unit.action == "recreate":
            fresh = self.replacements(unit)
            if fresh and all(is_up(r) for r in fresh):
                unit.new_routers = fresh
                self.end(unit, "done")
            else:
                unit.current = fresh[0] if fresh else None
            return
        if unit.current is None or not self.settled(unit, unit.current):
            found = self.list("listRouters", "router", id=unit.router["id"])
            unit.current = found[0] if found else None
        if unit.current is not None and self.settled(unit, unit.current):
            self.end(unit, "done")

    @staticmethod
    def settled(unit, router):
        if unit.action == "stop":
            return router.get("state") == "Stopped"
        return is_up(router)

    def replacements(self, unit):
        """The routers of the network or VPC that were not there before the restart."""
        old = set(r["id"] for r in unit.routers)
        params = {"listall": True}
        params.update({"vpcid": unit.vpc_id} if unit.vpc_id else {"networkid": unit.network_id})
        return [r for r in self.list("listRouters", "router", **params) if r["id"] not in old]

    @staticmethod
    def end(unit, status, message=None):
        unit.status, unit.message, unit.ended = status, message, time.monotonic()

    def timed_out(self, unit):
        what = {"stop": "Stopped", "recreate": "replaced by routers that are up"}.get(
            unit.action, "Running with its host's agent Up")
        if not unit.job_done:
            seen = "its %s job %s still running" % (unit.command, unit.jobid)
        else:
            seen = describe(unit.current) if unit.current is not None else "no router yet"
        self.end(unit, "failed", "not %s within wait_timeout=%s s (last seen: %s)" % (
            what, self.params["wait_timeout"], seen))

    def rollout(self, units):
        """At most `concurrency` units under way; the first failure stops new ones."""
        pending = list(units)
        running = []
        failed = False
        polls = 0
        while running or (pending and not failed):
            while pending and not failed and len(running) < self.params["concurrency"]:
                unit = pending.pop(0)
                try:
                    self.submit(unit)
                except CloudStackError as exc:
                    self.end(unit, "failed", exc.message)
                if unit.status == "running":
                    running.append(unit)
                failed = failed or unit.status == "failed"
            for unit in list(running):
                try:
                    self.poll(unit)
                except CloudStackError as exc:
                    self.end(unit, "failed", exc.message)
                if unit.status == "running" and self.remaining() <= 0:
                    self.timed_out(unit)
                if unit.status != "running":
                    running.remove(unit)
                    failed = failed or unit.status == "failed"
            if running:
                time.sleep(max(0.01, min(poll_interval(polls, time.monotonic() - self.started_at),
                                         max(self.remaining(), 0.01))))
                polls += 1

    # ------------------------------------------------------------------ results
    def simulated(self, routers):
        """The routers as the planned actions would leave them (check mode)."""
        out = {r["id"]: dict(r) for r in routers}
        for unit in self.units:
            for r in unit.routers:
                if unit.action in ("destroy", "recreate"):
                    out.pop(r["id"], None)
                elif unit.action == "stop":
                    out[r["id"]].update(state="Stopped")
                else:
                    out[r["id"]].update(state="Running", requiresupgrade=False)
        return list(out.values())

    def final(self, routers, params):
        """The selected routers after the rollout (one listRouters call), then the new routers of recreated
        networks and VPCs as the rollout last saw them."""
        wanted = set(r["id"] for r in routers)
        after = [r for r in self.list("listRouters", "router", **params) if r["id"] in wanted]
        seen = set(r["id"] for r in after)
        for unit in self.units:
            after.extend(r for r in unit.new_routers if r["id"] not in seen)
        return after

    def run(self):
        if self.params["concurrency"] < 1:
            raise CloudStackError("concurrency must be 1 or more, got %s." % self.params["concurrency"])
        if self.params["wait_timeout"] <= 0:
            raise CloudStackError("wait_timeout must be a positive number of seconds, got %s." % self.params["wait_timeout"])
        params = selection_params(self)
        routers = select(self, self.list("listRouters", "router", **params))
        if self.params["name"] and not routers and self.params["state"] != "absent":
            raise CloudStackError("router %r not found%s." % (
                self.params["name"], "" if self.params["requires_upgrade"] is None else
                " among those with requires_upgrade=%s" % self.params["requires_upgrade"]))
        self.units = self.plan(routers)
        if self.units and self.check_mode:
            self.result["changed"] = True
            for unit in self.units:
                unit.status = "planned"
            after = self.simulated(routers)
        elif self.units:
            self.rollout(self.units)
            after = self.final(routers, params)
        else:
            after = routers
        entries = [u.entry() for u in sorted(self.units + self.skipped, key=self.order(routers))]
        summary = dict((status, sum(1 for e in entries if e["status"] == status)) for status in STATUSES)
        self.result.update(actions=entries, summary=summary, routers=[rename("router", r) for r in after],
                           elapsed=round(time.monotonic() - self.started_at, 2))
        if self.module._diff:
            self.result["diff"] = {"before": dict((r.get("name"), compact(r)) for r in routers),
                                   "after": dict((r.get("name"), compact(r)) for r in after)}
        failures = [u for u in self.units if u.status == "failed"]
        if failures:
            self.fail(self.failure_message(failures, entries), **self.result)

    @staticmethod
    def order(routers):
        rank = dict((r["id"], i) for i, r in enumerate(routers))
        return lambda unit: rank.get(unit.routers[0]["id"], 0)

    @staticmethod
    def failure_message(failures, entries):
        def names(status):
            found = [e["target"] for e in entries if e["status"] == status]
            return "%d%s" % (len(found), " (%s)" % ", ".join(found) if found else "")
        first = failures[0]
        return ("rollout stopped at the first failure: %s: %s. done: %s; failed: %s; not started: %s." % (
            first.target, first.message, names("done"), names("failed"), names("not_started")))


def main():
    module = Router()
    module()


if __name__ == "__main__":
    main()

# -*- coding: utf-8 -*-
"""zone_converge's whole flow on one zone, in this process (moved from the zone_converge integration target).

Bad input fails before any write with the preflight's lines (and, without the preflight, with one line); the plan
in check mode (with diff) creates every object in CloudStack's order and sends no write; the apply (parallelism 2)
builds the zone, enabled, with its pods, clusters, hosts and storage; a rerun changes nothing with one read per kind
and no write; a change planned in check mode names the differing field; the removal planned in check mode removes
the zone last and sends no write; the removal leaves nothing; removing again has nothing to do. The host password
is never in a result, and Ansible would mask it (it is among the module's no_log values).
Each run is the module's main() against an in-process emulator (milliseconds instead of ~0.45 s of CPU a task).
"""

from __future__ import annotations

import copy
import json
import re

import pytest

from ansible.module_utils import basic

from csemu import server  # tests/emulator is on PYTHONPATH (tests/scripts/units.sh)
from test_return_docs import control_get, last_seq, requests_since, run_module, writes_since

SECRET = "zc-host-secret"
BAD = [{"name": "zc-zone", "network_type": "Advanced", "dns1": "8.8.8.8",
        "pods": [{"name": "zc-pod", "gateway": "10.30.0.1", "netmask": "255.255.255.0", "start_ip": "10.30.0.10",
                  "clusters": [{"name": "zc-c", "hypervisor": "NoSuchHypervisor"}]}]}]
ZONES = [{
    "name": "zc-zone", "network_type": "Advanced", "dns1": "8.8.8.8", "internal_dns1": "10.0.0.2",
    "guest_cidr_address": "10.1.0.0/16",
    "physical_networks": [{
        "name": "zc-pnet", "isolation_methods": ["VLAN"], "vlan": "100-200",
        "traffic_types": [{"type": "Management", "kvm_network_label": "cloudbr0"},
                          {"type": "Guest", "kvm_network_label": "cloudbr1"},
                          {"type": "Public", "kvm_network_label": "cloudbr0"}],
        "providers": [{"name": "VirtualRouter"}]}],
    "public_ranges": [{"gateway": "203.0.113.1", "netmask": "255.255.255.0", "start_ip": "203.0.113.10",
                       "end_ip": "203.0.113.100", "vlan": "50"}],
    "pods": [{
        "name": "zc-pod", "gateway": "10.30.0.1", "netmask": "255.255.255.0", "start_ip": "10.30.0.10",
        "end_ip": "10.30.0.60",
        "clusters": [
            {"name": "zc-cluster-1", "hypervisor": "KVM",
             "hosts": [{"name": "10.30.0.101", "username": "root", "password": SECRET},
                       {"name": "10.30.0.102", "username": "root", "password": SECRET}],
             "primary_storage": [{"name": "zc-primary-1", "url": "nfs://10.0.0.5/export/zc1", "tags": ["ssd"]}]},
            {"name": "zc-cluster-2", "hypervisor": "KVM",
             "hosts": [{"name": "10.30.0.111", "username": "root", "password": SECRET, "host_tags": ["gpu"]}],
             "primary_storage": [{"name": "zc-primary-2", "url": "nfs://10.0.0.5/export/zc2"}]}]}],
    "secondary_storage": [{"name": "zc-secondary", "url": "nfs://10.0.0.5/export/secondary"}],
}]
PROBLEM = re.compile(r"^zone zc-zone pod zc-pod cluster zc-c: .*hypervisor")


@pytest.fixture(scope="module")
def emulator():
    running = server.start(port=0, job_delay=0)
    yield running
    running.stop()


def test_zone_converge_flow(emulator, monkeypatch):
    emulator.emu.reset(job_delay=0)
    conn = {"api_url": emulator.endpoint, "api_key": emulator.api_key, "api_secret": emulator.secret_key}
    modules = []
    init = basic.AnsibleModule.__init__

    def keep(self, *args, **kwargs):
        init(self, *args, **kwargs)
        modules.append(self)

    monkeypatch.setattr(basic.AnsibleModule, "__init__", keep)

    def converge(check=False, diff=False, **args):
        params = dict(conn, **copy.deepcopy(args))
        params.update(_ansible_check_mode=check, _ansible_diff=diff)
        return run_module("zone_converge", params, monkeypatch)

    # bad input fails before any write, every problem listed (the preflight); without it, one line
    mark = last_seq(emulator)
    r = converge(zones=BAD)
    assert r.get("failed") and not r.get("changed")
    assert len(r["problems"]) == 1 and PROBLEM.search(r["problems"][0])
    r = converge(zones=BAD, preflight=False)
    assert r.get("failed") and not r.get("changed")
    assert PROBLEM.search(r["msg"]) and len(r["msg"].splitlines()) == 1
    assert writes_since(emulator, mark) == []

    # the plan (check mode, diff): every object created, in CloudStack's order; no write
    mark = last_seq(emulator)
    r = converge(zones=ZONES, check=True, diff=True)
    assert not r.get("failed"), r.get("msg")
    assert r["changed"]
    assert r["plan"][0]["object"] == "zone zc-zone" and r["plan"][0]["action"] == "create"
    assert [p["action"] for p in r["plan"] if p["kind"] == "host"] == ["create"] * 3
    assert r["plan"][-1]["kind"] == "zone"
    assert [p for p in r["plan"] if p["action"] == "unchanged"] == []
    assert r["summary"]["created"] >= 13
    assert r["diff"]["before"]["zone zc-zone"] == {}
    assert r["diff"]["after"]["zone zc-zone"]["name"] == "zc-zone"
    assert SECRET not in json.dumps(r)
    assert SECRET in modules[-1].no_log_values
    assert writes_since(emulator, mark) == []

    # apply with parallelism 2
    r = converge(zones=ZONES, parallelism=2)
    assert not r.get("failed"), r.get("msg")
    assert r["changed"] and r["summary"]["created"] >= 13
    assert SECRET not in json.dumps(r)
    zones = [z for z in control_get(emulator, "state/zones") if z["name"] == "zc-zone"]
    assert len(zones) == 1 and zones[0]["allocationstate"] == "Enabled"
    assert len([p for p in control_get(emulator, "state/pods") if p["name"] == "zc-pod"]) == 1
    assert len([c for c in control_get(emulator, "state/clusters") if c["name"].startswith("zc-cluster-")]) == 2
    assert len([h for h in control_get(emulator, "state/hosts") if h["type"] == "Routing"]) == 3
    assert sorted(p["name"] for p in control_get(emulator, "state/storagepools")) == ["zc-primary-1", "zc-primary-2"]
    assert [s["name"] for s in control_get(emulator, "state/imagestores")] == ["zc-secondary"]

    # rerun: nothing changed, one read per kind, no write
    mark = last_seq(emulator)
    r = converge(zones=ZONES)
    calls = requests_since(emulator, mark)
    assert not r["changed"]
    assert r["summary"]["unchanged"] == len(r["plan"])
    assert [c for c in calls if c["readonly"] is False] == []
    assert len(calls) == r["reads"] and len(calls) <= 10
    assert len({c["command"] for c in calls}) == len(calls)

    # a change planned in check mode names the field that differs; no write
    mark = last_seq(emulator)
    r = converge(zones=[dict(ZONES[0], dns1="8.8.4.4")], check=True, diff=True)
    update = [p for p in r["plan"] if p["action"] == "update"][0]
    assert r["changed"] and r["summary"]["updated"] == 1
    assert update["object"] == "zone zc-zone"
    assert update["changes"]["dns1"] == {"before": "8.8.8.8", "after": "8.8.4.4"}
    assert r["diff"]["before"]["zone zc-zone"]["dns1"] == "8.8.8.8"
    assert r["diff"]["after"]["zone zc-zone"]["dns1"] == "8.8.4.4"
    assert writes_since(emulator, mark) == []

    # removal planned in check mode: every object removed, the zone last; no write
    mark = last_seq(emulator)
    r = converge(zones=ZONES, state="absent", check=True)
    assert r["changed"] and r["summary"]["removed"] >= 13
    assert r["plan"][-1] == [p for p in r["plan"] if p["object"] == "zone zc-zone"][-1]
    assert r["plan"][-1]["action"] == "remove"
    assert writes_since(emulator, mark) == []

    # removal (parallelism 2): nothing of the zone is left; again: nothing to do
    r = converge(zones=ZONES, state="absent", parallelism=2)
    assert not r.get("failed"), r.get("msg")
    assert r["changed"]
    for name in ("zones", "pods", "clusters", "hosts", "storagepools", "imagestores", "physicalnetworks", "vlans",
                 "traffictypes"):
        assert control_get(emulator, "state/" + name) == [], name
    r = converge(zones=ZONES, state="absent")
    assert not r["changed"] and r["plan"] == []
    # as tests/scripts/integration.sh checks after the integration targets: no parameter a command does not declare
    assert control_get(emulator, "unknown_params")["unknown_params"] == []

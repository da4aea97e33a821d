# -*- coding: utf-8 -*-
"""Every Marvin configuration of tests/data/marvin through zone_converge, in this process (issue #14).

For each configuration, on a reset emulator: the collection's Marvin filter (marvin_to_zones) converts it,
zone_converge deploys it (everything the description holds exists, every zone Enabled), a rerun sends no
write and reports no change, and zone_converge state=absent removes everything again. Parts the collection
cannot build are reported by the filter (Tungsten), and local.cfg (no zones) says so. The host tags of a
Marvin file (files/marvin_hosttags.cfg) reach the hosts, and that file's rerun sends
no write either.

These checks ran through Ansible (the zone role with zone_marvin_config) in the role_zone_marvin and
role_zone_marvin_2 targets, one configuration after the other (~2 minutes); here each module run costs
milliseconds. The role's own handling of zone_marvin_config (reading the file, the filter, deploy, rerun,
teardown with zone_state=absent) keeps one configuration in the role_zone target (tasks/role_zone_marvin.yml).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ansible_collections.csops.cloudstack.plugins.filter.marvin import marvin_to_zones
from csemu import server  # tests/emulator is on PYTHONPATH (tests/scripts/units.sh)
from test_return_docs import control_get, last_seq, run_module, writes_since

COLLECTION = Path(__file__).resolve().parents[4]
CONFIGS = sorted((COLLECTION / "tests" / "data" / "marvin").glob("*.cfg"))
HOSTTAGS = Path(__file__).resolve().parent / "files" / "marvin_hosttags.cfg"
TORN_DOWN = ["zones", "pods", "clusters", "hosts", "storagepools", "imagestores", "physicalnetworks", "vlans", "traffictypes"]


@pytest.fixture(scope="module")
def emulator():
    running = server.start(port=0, job_delay=0)
    yield running
    running.stop()


def _converge(running, monkeypatch, desc, **extra):
    args = {"api_url": running.endpoint, "api_key": running.api_key, "api_secret": running.secret_key,
            "zones": desc["zones"], "global_settings": desc["global_settings"], "host_wait_timeout": 30}
    args.update(extra)
    result = run_module("zone_converge", json.loads(json.dumps(args)), monkeypatch)
    assert not result.get("failed"), result.get("msg")
    return result


def _deploy_rerun_teardown(running, monkeypatch, desc):
    """Deploy, check the emulator holds the description, rerun with no write, tear down to nothing."""
    first = _converge(running, monkeypatch, desc)
    assert first["changed"]
    st = {name: control_get(running, "state/" + name)
          for name in ("zones", "pods", "clusters", "hosts", "storagepools", "physicalnetworks")}
    clusters = [c for z in desc["zones"] for p in z.get("pods") or [] for c in p.get("clusters") or []]
    assert sorted(z["name"] for z in st["zones"]) == sorted(z["name"] for z in desc["zones"])
    assert len(st["pods"]) == sum(len(z.get("pods") or []) for z in desc["zones"])
    assert len(st["clusters"]) == len(clusters)
    assert len(st["hosts"]) == sum(len(c.get("hosts") or []) for c in clusters)
    assert len(st["storagepools"]) == sum(len(c.get("primary_storage") or []) for c in clusters)
    assert len(st["physicalnetworks"]) == sum(len(z.get("physical_networks") or []) for z in desc["zones"])
    assert [z["name"] for z in st["zones"] if z["allocationstate"] == "Enabled"] == [z["name"] for z in st["zones"]]

    mark = last_seq(running)
    again = _converge(running, monkeypatch, desc)
    assert not again["changed"]
    assert writes_since(running, mark) == []
    st_hosts = control_get(running, "state/hosts")

    gone = _converge(running, monkeypatch, desc, state="absent")
    assert gone["changed"]
    left = {name: [o.get("name", "?") for o in control_get(running, "state/" + name)] for name in TORN_DOWN}
    assert {name: names for name, names in left.items() if names} == {}
    # as tests/scripts/integration.sh checks after the integration targets: no parameter a command does not declare
    assert control_get(running, "unknown_params")["unknown_params"] == []
    return st_hosts


def test_all_configs_are_there():
    assert len(CONFIGS) == 9


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_marvin_config_deploys_reruns_and_tears_down(path, emulator, monkeypatch):
    emulator.emu.reset(job_delay=0)
    desc = marvin_to_zones(path.read_text())
    if "Tungsten" in path.name:
        assert desc["unsupported"], "the Tungsten parts are reported"
    if path.name == "local.cfg":
        assert len([u for u in desc["unsupported"] if "no zones" in u]) == 1
        assert desc["zones"] == []
        return
    _deploy_rerun_teardown(emulator, monkeypatch, desc)


def test_marvin_host_tags(emulator, monkeypatch):
    """Host tags of a Marvin file are applied, for a Simulator and a KVM cluster; a host field the filter does
    not carry is reported, not dropped."""
    emulator.emu.reset(job_delay=0)
    desc = marvin_to_zones(HOSTTAGS.read_text())
    assert len([u for u in desc["unsupported"] if "cluster tags-sim: host field(s) hostmac not carried" in u]) == 1
    assert desc["zones"][0]["pods"][0]["clusters"][0]["hosts"][0]["host_tags"] == ["ssd", "gpu"]
    assert desc["zones"][0]["pods"][0]["clusters"][1]["hosts"][0]["host_tags"] == ["fast"]
    hosts = _deploy_rerun_teardown(emulator, monkeypatch, desc)
    assert len(hosts) == 3
    tagged = sorted(sorted(h["hosttags"].split(",")) for h in hosts if h.get("hosttags"))
    assert tagged == [["fast"], ["gpu", "ssd"]]
    assert len([h for h in hosts if h.get("hosttags") is None]) == 1

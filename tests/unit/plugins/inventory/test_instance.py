# -*- coding: utf-8 -*-
"""The instance inventory plugin's fetch plan and groups, with a recording client (no server).

The plugin against the emulator, through ansible-inventory: the inventory_instance integration target.
"""

from __future__ import annotations

import pytest

from ansible.inventory.data import InventoryData

from ansible_collections.csops.cloudstack.plugins.inventory import instance

DEFAULTS = dict(strict=False, group_by=["zone", "state", "os_type", "hypervisor", "tags"], compose={}, groups={},
                keyed_groups=[], ansible_host="ipv4", hostname="name", routers=False, zones=[], states=[], tags={},
                domain=None, account=None, project=None, cache=False, use_extra_vars=False)

ZONES = [{"id": "z1", "name": "Zone One"}, {"id": "z2", "name": "zone-2"}]
VMS = [
    {"id": "v1", "name": "web-01", "zonename": "Zone One", "state": "Running", "tags": [],
     "nic": [{"ipaddress": "10.1.0.5", "isdefault": True, "networkname": "tier-web", "vpcid": "p1", "vpcname": "Shop VPC"},
             {"ipaddress": "10.9.0.5", "networkname": "backup.net"}]},
    {"id": "v2", "name": "db-01", "zonename": "zone-2", "state": "Stopped", "tags": [],
     "nic": [{"ipaddress": "10.2.0.5", "isdefault": True, "networkname": "tier-db", "vpcid": "p1", "vpcname": "Shop VPC"}]},
    {"id": "v3", "name": "lone", "zonename": "zone-2", "state": "Running", "tags": [],
     "nic": [{"ipaddress": "10.3.0.5", "isdefault": True, "networkname": "Isolated 1"}]},
]
ROUTERS = [
    {"id": "r1", "name": "r-12-VM", "role": "VIRTUAL_ROUTER", "state": "Running", "zonename": "Zone One",
     "linklocalip": "169.254.3.4", "publicip": "192.0.2.10", "requiresupgrade": True, "version": "4.17.0",
     "hostname": "kvm-1", "vpcname": "Shop VPC"},
    {"id": "r2", "name": "r-13-VM", "role": "VIRTUAL_ROUTER", "state": "Stopped", "zonename": "zone-2",
     "linklocalip": "169.254.3.5", "requiresupgrade": False},
]


class Client:
    """Answers list_all from the tables above and records each call."""

    def __init__(self):
        self.calls = []

    def list_all(self, command, params, key):
        self.calls.append((command, {k: v for k, v in params.items() if v is not None}))
        items = {"listZones": ZONES, "listVirtualMachines": VMS, "listRouters": ROUTERS}[command]
        zone = next((z["name"] for z in ZONES if z["id"] == params.get("zoneid")), None)
        return [dict(i) for i in items if zone is None or i.get("zonename", i.get("name")) == zone]

    def end_session(self):
        pass


def plugin(monkeypatch, **options):
    opts = dict(DEFAULTS, **options)
    p = instance.InventoryModule()
    p.get_option = opts.__getitem__
    p.inventory = InventoryData()
    client = Client()
    monkeypatch.setattr(instance, "client_from_options", lambda options: client)
    return p, client


def build(p):
    found = p.fetch()
    p.populate(found["virtualmachines"])
    if p.get_option("routers"):
        p.populate_routers(found["routers"] or [])
    return {name: sorted(h.name for h in g.get_hosts()) for name, g in p.inventory.groups.items()}


def test_default_groups_and_calls_unchanged(monkeypatch):
    p, client = plugin(monkeypatch)
    groups = build(p)
    assert [c[0] for c in client.calls] == ["listVirtualMachines"]
    assert not [g for g in groups if g.startswith(("network_", "vpc_", "router"))]
    assert groups["zone_zone_one"] == ["web-01"]
    assert "r-12-VM" not in p.inventory.hosts


def test_network_and_vpc_groups_from_the_nics(monkeypatch):
    p, client = plugin(monkeypatch, group_by=["network", "vpc"])
    groups = build(p)
    assert [c[0] for c in client.calls] == ["listVirtualMachines"]  # no call per VM, no listNetworks/listVPCs
    assert groups["network_tier_web"] == ["web-01"]
    assert groups["network_backup_net"] == ["web-01"]
    assert groups["network_tier_db"] == ["db-01"]
    assert groups["network_isolated_1"] == ["lone"]
    assert groups["vpc_shop_vpc"] == ["db-01", "web-01"]
    assert not [g for g in groups if g.startswith(("zone_", "state_"))]
    nics = p.inventory.hosts["web-01"].vars["cloudstack"]["nics"]
    assert nics[0]["vpc_name"] == "Shop VPC" and nics[1]["vpc_name"] is None


def test_routers_as_hosts(monkeypatch):
    p, client = plugin(monkeypatch, routers=True, zones=["Zone One", "zone-2"], states=["Running"],
                       tags={"env": "prod"})
    build(p)
    commands = [c[0] for c in client.calls]
    assert commands == ["listZones", "listVirtualMachines", "listRouters", "listVirtualMachines", "listRouters"]
    for command, params in client.calls[1:]:
        assert params["listall"] is True and params["state"] == "Running" and params["zoneid"] in ("z1", "z2")
        assert ("tags" in params) == (command == "listVirtualMachines")  # listRouters has no tags


def test_router_groups_and_vars(monkeypatch):
    p, dummy = plugin(monkeypatch, routers=True)
    groups = build(p)
    assert groups["routers"] == ["r-12-VM", "r-13-VM"]
    assert groups["router_zone_zone_one"] == ["r-12-VM"]
    assert groups["router_zone_zone_2"] == ["r-13-VM"]
    assert groups["router_state_running"] == ["r-12-VM"] and groups["router_state_stopped"] == ["r-13-VM"]
    assert "r-12-VM" not in groups["zone_zone_one"] and "r-12-VM" not in groups["state_running"]
    r = p.inventory.hosts["r-12-VM"].vars
    assert r["ansible_host"] == "169.254.3.4" and r["ansible_port"] == 3922
    assert r["cloudstack"]["requires_upgrade"] is True and r["cloudstack"]["zone_name"] == "Zone One"
    assert r["cloudstack"]["host_name"] == "kvm-1" and "project" not in r["cloudstack"]


@pytest.mark.parametrize("how, expected", [("public_ip", ["192.0.2.10", "169.254.3.5"]), ("hostname", ["r-12-VM", "r-13-VM"])])
def test_router_ansible_host(monkeypatch, how, expected):
    p, dummy = plugin(monkeypatch, routers=True, ansible_host=how)
    build(p)
    assert [p.inventory.hosts[n].vars["ansible_host"] for n in ("r-12-VM", "r-13-VM")] == expected


def test_cache_entries():
    vms = [{"name": "a"}]
    assert instance.from_cache(vms, False) == {"virtualmachines": vms, "routers": None}  # 0.2.0's list
    assert instance.from_cache(vms, True) is None  # the routers are wanted: fetch again
    assert instance.from_cache(None, False) is None
    full = {"virtualmachines": vms, "routers": []}
    assert instance.from_cache(full, True) is full and instance.from_cache(full, False) is full

"""Checks for the csops.cloudstack.instance inventory plugin (run by runme.sh).

Usage: inventory_check.py INTEGRATION_CONFIG OUTPUT_DIR
Seeds VMs through the emulator's control endpoint, writes inventory files ending in cloudstack.yml,
reads each with the inventory plugin (ansible-inventory --list for the first, Ansible's InventoryManager in this
process for the others) and checks the result. Exits non-zero when a check failed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request

import yaml

FAILURES = []


def check(condition, message):
    if condition:
        print("ok: %s" % message)
    else:
        print("FAILED: %s" % message)
        FAILURES.append(message)
    return condition


class Emulator:
    def __init__(self, config):
        self.config = config
        self.control = config["cs_control"]

    def call(self, path, body=None, method=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.control + path, data=data, method=method or ("POST" if data else "GET"),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            return json.loads(resp.read() or b"null")

    def last_seq(self):
        entries = self.call("/log")["requests"]
        return entries[-1]["seq"] if entries else 0

    def calls_since(self, seq):
        return self.call("/log?since=%d" % seq)["requests"]


def seed(emu):
    emu.call("/reset", {})
    zones = emu.call("/seed", {"zones": [{"name": "inv-zone-1", "allocationstate": "Enabled"},
                                         {"name": "inv-zone-2", "allocationstate": "Enabled"}]})["zones"]
    # two tiers of a VPC (the VMs' NICs get vpcid/vpcname from their network) and two routers
    vpc = emu.call("/seed", {"vpcs": [{"name": "Shop VPC", "zoneid": zones[0]["id"]}]})["vpcs"][0]
    nets = emu.call("/seed", {"networks": [
        {"name": "tier-web", "zoneid": zones[0]["id"], "vpcid": vpc["id"], "type": "Isolated"},
        {"name": "tier-db", "zoneid": zones[1]["id"], "vpcid": vpc["id"], "type": "Isolated"}]})["networks"]
    # r-41-VM never reported its template version (CloudStack: UNKNOWN, requires an upgrade), r-42-VM runs 4.18.0
    router = {"role": "VIRTUAL_ROUTER", "account": "system", "domain": "ROOT", "softwareversion": "4.17.2.0",
              "redundantstate": "UNKNOWN"}
    emu.call("/seed", {"routers": [
        dict(router, name="r-41-VM", zoneid=zones[0]["id"], zonename="inv-zone-1", state="Running",
             linklocalip="169.254.4.41", publicip="203.0.113.41", vpcid=vpc["id"], vpcname="Shop VPC"),
        dict(router, name="r-42-VM", zoneid=zones[1]["id"], zonename="inv-zone-2", state="Stopped",
             linklocalip="169.254.4.42", _templateversion="Cloudstack Release 4.18.0 Mon Feb 27 2023")]})
    vms = [
        {"name": "web-01", "displayname": "Web one", "zoneid": zones[0]["id"], "state": "Running", "networkid": nets[0]["id"],
         "osdisplayname": "Ubuntu 22.04 LTS", "hypervisor": "KVM", "ipaddress": "10.0.0.11",
         "publicip": "203.0.113.10", "tags": {"env": "prod", "role": "web"}},
        {"name": "web-02", "zoneid": zones[1]["id"], "state": "Stopped", "osdisplayname": "Ubuntu 22.04 LTS",
         "hypervisor": "VMware", "ipaddress": "10.0.0.12", "tags": {"env": "dev", "role": "web"}},
        {"name": "db-01", "zoneid": zones[1]["id"], "state": "Running", "osdisplayname": "CentOS 7", "networkid": nets[1]["id"],
         "hypervisor": "KVM", "ipaddress": "10.0.0.21", "serviceofferingname": "Large Instance", "tags": {"env": "prod"}},
    ]
    emu.call("/seed", {"virtualmachines": vms})


def write_config(path, options):
    with open(path, "w") as handle:
        yaml.safe_dump(dict({"plugin": "csops.cloudstack.instance"}, **options), handle, default_flow_style=False)
    return path


def plain(value):
    """ansible-core 2.19 prints untrusted strings as {"__ansible_unsafe": "text"}: the text."""
    if isinstance(value, dict):
        if list(value) == ["__ansible_unsafe"]:
            return value["__ansible_unsafe"]
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


_IN_PROCESS = {}


def inventory(path, env=None):
    """The inventory the plugin makes of the file, read in this process (Ansible's InventoryManager, as
    ansible-inventory uses it): (hostvars, {group: sorted hosts}). A run of ansible-inventory costs ~1 s of CPU
    (Ansible's start-up); the first check runs it (inventory_cli), the others read the same plugin here."""
    if not _IN_PROCESS:
        from ansible.plugins.loader import init_plugin_loader  # the collections of ANSIBLE_COLLECTIONS_PATH

        init_plugin_loader()
        from ansible.inventory.manager import InventoryManager
        from ansible.parsing.dataloader import DataLoader

        _IN_PROCESS.update(manager=InventoryManager, loader=DataLoader)
    saved = {name: os.environ.get(name) for name in env or {}}
    os.environ.update(env or {})
    try:
        inv = _IN_PROCESS["manager"](loader=_IN_PROCESS["loader"](), sources=[path])
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    hostvars = {host.name: plain(dict(host.vars)) for host in inv.get_hosts()}
    groups = {name: sorted(host.name for host in group.get_hosts()) for name, group in inv.groups.items()}
    return hostvars, groups


def inventory_cli(path, env=None):
    """ansible-inventory --list: (hostvars, {group: sorted hosts})."""
    proc = subprocess.run(["ansible-inventory", "-i", path, "--list"], capture_output=True, text=True, check=False,
                          env=dict(os.environ, **(env or {})))
    if proc.returncode != 0:
        print(proc.stdout)
        print(proc.stderr)
        raise SystemExit("FAILED: ansible-inventory -i %s --list exited with %d" % (path, proc.returncode))
    data = json.loads(proc.stdout)
    hostvars = plain(data.get("_meta", {}).get("hostvars", {}))
    groups = {}

    def walk(name):
        hosts = set(data.get(name, {}).get("hosts", []))
        for child in data.get(name, {}).get("children", []):
            hosts |= walk(child)
        return hosts

    for name in data:
        if name != "_meta":
            groups[name] = sorted(walk(name))
    return hostvars, groups


def main(argv):
    with open(argv[1]) as handle:
        config = yaml.safe_load(handle)
    out = argv[2]
    os.makedirs(out, exist_ok=True)
    emu = Emulator(config)
    seed(emu)
    conn = {"api_url": config["cs_endpoint"], "api_key": config["cs_api_key"], "api_secret": config["cs_api_secret"]}
    # Keep the environment from adding a connection behind the test's back.
    for name in ("CLOUDSTACK_ENDPOINT", "CLOUDSTACK_KEY", "CLOUDSTACK_SECRET", "CLOUDSTACK_CONFIG", "CLOUDSTACK_REGION"):
        os.environ.pop(name, None)
    os.environ["ANSIBLE_INVENTORY_UNPARSED_FAILED"] = "true"
    os.environ["ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED"] = "true"

    # 1. Default options with compose, groups and keyed_groups
    path = write_config(os.path.join(out, "full.cloudstack.yml"), dict(conn, compose={
        "cs_zone": "cloudstack.zone_name",
        "ansible_user": "'ubuntu' if 'Ubuntu' in cloudstack.os_display_name else 'root'"},
        groups={"webservers": "cloudstack.tags.role | default('') == 'web'"},
        keyed_groups=[{"key": "cloudstack.service_offering_name", "prefix": "offering"},
                      {"key": "cloudstack.tags.env", "prefix": "env"}]))
    mark = emu.last_seq()
    hostvars, groups = inventory_cli(path)
    calls = emu.calls_since(mark)
    check(sorted(hostvars) == ["db-01", "web-01", "web-02"], "three hosts: %s" % sorted(hostvars))
    check(all(c["readonly"] is not False for c in calls), "the inventory sent no write")
    check([c["command"] for c in calls] == ["listVirtualMachines"], "one listVirtualMachines call: %s" % [c["command"] for c in calls])
    web = hostvars.get("web-01", {})
    check(web.get("ansible_host") == "10.0.0.11", "ansible_host is the default NIC's IPv4: %s" % web.get("ansible_host"))
    facts = web.get("cloudstack", {})
    check(facts.get("zone_name") == "inv-zone-1" and facts.get("state") == "Running", "cloudstack facts of web-01: %s" % facts)
    check(facts.get("tags") == {"env": "prod", "role": "web"}, "tags as a dict: %s" % facts.get("tags"))
    check(facts.get("public_ip") == "203.0.113.10" and facts.get("display_name") == "Web one", "public_ip and display_name facts")
    check(len(facts.get("id", "")) == 36, "the VM id is a fact")
    expected = {
        "zone_inv_zone_1": ["web-01"], "zone_inv_zone_2": ["db-01", "web-02"],
        "state_running": ["db-01", "web-01"], "state_stopped": ["web-02"],
        "os_ubuntu_22_04_lts": ["web-01", "web-02"], "os_centos_7": ["db-01"],
        "hypervisor_kvm": ["db-01", "web-01"], "hypervisor_vmware": ["web-02"],
        "tag_env_prod": ["db-01", "web-01"], "tag_env_dev": ["web-02"], "tag_role_web": ["web-01", "web-02"],
        "webservers": ["web-01", "web-02"], "env_prod": ["db-01", "web-01"], "env_dev": ["web-02"],
        "offering_Small_Instance": ["web-01", "web-02"], "offering_Large_Instance": ["db-01"],
    }
    for group, hosts in expected.items():
        check(groups.get(group) == hosts, "group %s: expected %s, got %s" % (group, hosts, groups.get(group)))
    check(web.get("cs_zone") == "inv-zone-1", "compose cs_zone: %s" % web.get("cs_zone"))
    check(web.get("ansible_user") == "ubuntu" and hostvars["db-01"].get("ansible_user") == "root",
          "compose ansible_user: %s / %s" % (web.get("ansible_user"), hostvars["db-01"].get("ansible_user")))

    # the in-process reading (the checks below) sees what ansible-inventory printed
    mark = emu.last_seq()
    in_hostvars, in_groups = inventory(path)
    check([c["command"] for c in emu.calls_since(mark)] == ["listVirtualMachines"], "in process: one listVirtualMachines call")
    check({name: {k: in_hostvars[name].get(k) for k in hostvars[name]} for name in hostvars} == hostvars,
          "in process: the host variables ansible-inventory printed")
    check({g: h for g, h in in_groups.items() if h} == {g: h for g, h in groups.items() if h},
          "in process: the groups ansible-inventory printed: %s / %s" % (sorted(in_groups), sorted(groups)))

    # 2. ansible_host choices and the display name as the inventory name
    path = write_config(os.path.join(out, "public.cloudstack.yml"), dict(conn, ansible_host="public_ip"))
    hostvars, groups = inventory(path)
    check(hostvars["web-01"].get("ansible_host") == "203.0.113.10", "public_ip: web-01 has its public address")
    check(hostvars["web-02"].get("ansible_host") == "10.0.0.12", "public_ip: web-02 falls back to its IPv4")
    check(not any(k in hostvars["web-01"] for k in ("cs_zone", "ansible_user")), "no compose without compose options")
    path = write_config(os.path.join(out, "names.cloudstack.yml"), dict(conn, ansible_host="hostname", hostname="display_name"))
    hostvars, groups = inventory(path)
    check(sorted(hostvars) == ["Web one", "db-01", "web-02"], "hostname=display_name: %s" % sorted(hostvars))
    check(hostvars.get("Web one", {}).get("ansible_host") == "web-01", "ansible_host=hostname is the VM name")
    path = write_config(os.path.join(out, "bygroup.cloudstack.yml"), dict(conn, group_by=["zone"]))
    hostvars, groups = inventory(path)
    check(not any(g.startswith(("state_", "os_", "hypervisor_", "tag_")) for g in groups), "group_by [zone] makes only zone groups: %s"
          % sorted(groups))
    check(groups.get("zone_inv_zone_2") == ["db-01", "web-02"], "group_by [zone] still makes the zone groups")

    # 3. Filters: zones, states, tags (all pairs must match)
    path = write_config(os.path.join(out, "zone.cloudstack.yml"), dict(conn, zones=["inv-zone-2"]))
    check(sorted(inventory(path)[0]) == ["db-01", "web-02"], "zones filter")
    path = write_config(os.path.join(out, "state.cloudstack.yml"), dict(conn, states=["Running"]))
    check(sorted(inventory(path)[0]) == ["db-01", "web-01"], "states filter")
    path = write_config(os.path.join(out, "zonestate.cloudstack.yml"), dict(conn, zones=["inv-zone-2"], states=["Stopped"]))
    check(sorted(inventory(path)[0]) == ["web-02"], "zones and states filter")
    path = write_config(os.path.join(out, "tags.cloudstack.yml"), dict(conn, tags={"env": "prod", "role": "web"}))
    check(sorted(inventory(path)[0]) == ["web-01"], "tags filter keeps VMs with all pairs")
    path = write_config(os.path.join(out, "tag.cloudstack.yml"), dict(conn, tags={"env": "prod"}))
    check(sorted(inventory(path)[0]) == ["db-01", "web-01"], "one tag filter")

    # 4. Cache: the second run sends no API call
    cache_dir = os.path.join(out, "inventory_cache")
    path = write_config(os.path.join(out, "cached.cloudstack.yml"), dict(
        conn, cache=True, cache_plugin="ansible.builtin.jsonfile", cache_connection=cache_dir, cache_timeout=3600))
    mark = emu.last_seq()
    first = inventory(path)
    check(len(emu.calls_since(mark)) >= 1, "the first cached run asks the API")
    check(os.path.isdir(cache_dir) and os.listdir(cache_dir), "the cache file was written in %s" % cache_dir)
    mark = emu.last_seq()
    second = inventory(path)
    calls = emu.calls_since(mark)
    check(calls == [], "the second cached run sends no API call: %s" % [c["command"] for c in calls])
    check(second == first, "the cached inventory equals the first one")

    # 5. Groups by network and VPC (from the NICs: no other call), and the routers as hosts
    path = write_config(os.path.join(out, "routers.cloudstack.yml"), dict(
        conn, group_by=["zone", "network", "vpc"], routers=True,
        groups={"routers_to_upgrade": "cloudstack.requires_upgrade | default(false)"}))
    mark = emu.last_seq()
    hostvars, groups = inventory(path)
    calls = emu.calls_since(mark)
    check([c["command"] for c in calls] == ["listVirtualMachines", "listRouters"],
          "one listVirtualMachines and one listRouters call: %s" % [c["command"] for c in calls])
    check(calls[1]["params"].get("listall") == "true", "listRouters with listall: %s" % calls[1]["params"])
    expected = {
        "network_tier_web": ["web-01"], "network_tier_db": ["db-01"], "network_guestnet": ["web-02"],
        "vpc_shop_vpc": ["db-01", "web-01"], "zone_inv_zone_1": ["web-01"],
        "routers": ["r-41-VM", "r-42-VM"], "router_zone_inv_zone_1": ["r-41-VM"], "router_zone_inv_zone_2": ["r-42-VM"],
        "router_state_running": ["r-41-VM"], "router_state_stopped": ["r-42-VM"],
        "routers_to_upgrade": ["r-41-VM"],
    }
    for group, hosts in expected.items():
        check(groups.get(group) == hosts, "group %s: expected %s, got %s" % (group, hosts, groups.get(group)))
    check(not any(g.startswith(("state_", "os_", "tag_")) for g in groups), "group_by decides the VM groups: %s" % sorted(groups))
    r41 = hostvars.get("r-41-VM", {})
    check(r41.get("ansible_host") == "169.254.4.41" and r41.get("ansible_port") == 3922,
          "a router's ansible_host is its control address, port 3922: %s" % r41)
    check(r41.get("cloudstack", {}).get("requires_upgrade") is True and r41["cloudstack"].get("version") == "UNKNOWN"
          and r41["cloudstack"].get("vpc_name") == "Shop VPC", "router facts: %s" % r41.get("cloudstack"))
    check(hostvars["web-01"]["cloudstack"]["nics"][0].get("vpc_name") == "Shop VPC", "a NIC's VPC is a fact")
    path = write_config(os.path.join(out, "routers2.cloudstack.yml"),
                        dict(conn, routers=True, zones=["inv-zone-2"], ansible_host="public_ip"))
    hostvars, groups = inventory(path)
    check(groups.get("routers") == ["r-42-VM"], "the zones filter applies to routers: %s" % groups.get("routers"))
    check(hostvars["r-42-VM"].get("ansible_host") == "169.254.4.42", "public_ip falls back to the control address")

    # 6. Connection from environment variables only
    path = write_config(os.path.join(out, "env.cloudstack.yml"), {})
    mark = emu.last_seq()
    hostvars, groups = inventory(path, env={"CLOUDSTACK_ENDPOINT": config["cs_endpoint"], "CLOUDSTACK_KEY": config["cs_api_key"],
                                            "CLOUDSTACK_SECRET": config["cs_api_secret"]})
    check(sorted(hostvars) == ["db-01", "web-01", "web-02"], "environment variables only: three hosts")
    check([c["auth"] for c in emu.calls_since(mark)] == ["apikey"], "environment variables only: signed with the API key")

    if FAILURES:
        print("\n%d check(s) failed:\n  %s" % (len(FAILURES), "\n  ".join(FAILURES)))
        return 1
    print("\nall inventory checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: instance
short_description: CloudStack virtual machines as an inventory
version_added: 0.1.0
description:
  - Reads virtual machines with C(listVirtualMachines) (every page, filtered on the server) and adds them as hosts,
    grouped by zone, state, OS type, hypervisor, tags, guest network and VPC.
  - With O(routers), also the virtual routers (C(listRouters)), in groups of their own.
  - Configuration files must end in C(cloudstack.yml) or C(cloudstack.yaml).
  - The connection options are those of the modules, with the same environment variables and cloudstack.ini.
author: csops.cloudstack developers (@csops)
extends_documentation_fragment:
  - constructed
  - inventory_cache
  - csops.cloudstack.cloudstack.plugins
options:
  plugin:
    description: Marks this file as an inventory of this plugin.
    type: str
    required: true
    choices: [ csops.cloudstack.instance ]
  zones:
    description: Only VMs in these zones (names or ids).
    type: list
    elements: str
    default: []
  domain:
    description: Only VMs of this domain (path such as C(ROOT/customers), or id).
    type: str
  account:
    description: Only VMs of this account (with O(domain)).
    type: str
  project:
    description: Only VMs of this project (id).
    type: str
  states:
    description: Only VMs in these states, for example C([Running]). All when empty.
    type: list
    elements: str
    default: []
  tags:
    description: Only VMs with all these resource tags (key/value).
    type: dict
    default: {}
  ansible_host:
    description:
      - What C(ansible_host) is set to. V(ipv4) is the IPv4 address of the default NIC, V(public_ip) the VM's public
        (static NAT) address, falling back to V(ipv4), V(hostname) the VM name.
    type: str
    default: ipv4
    choices: [ ipv4, public_ip, hostname ]
  hostname:
    description: The inventory name of a VM, V(name) or V(display_name).
    type: str
    default: name
    choices: [ name, display_name ]
  group_by:
    description:
      - Built-in groups of VMs to make, named C(zone_<name>), C(state_<state>), C(os_<type>), C(hypervisor_<name>),
        C(tag_<key>_<value>), C(network_<name>) (one per guest network of the VM's NICs) and C(vpc_<name>) (the VPC of
        a NIC in a VPC tier). Names are lower-cased, every character other than a letter, a digit or C(_) becomes C(_).
      - V(network) and V(vpc) (added in 0.3.0) read the NICs C(listVirtualMachines) returns (C(networkname), and
        C(vpcname) which CloudStack 4.17 and later set for a VPC tier), with no API call more.
    type: list
    elements: str
    default: [ zone, state, os_type, hypervisor, tags ]
    choices: [ zone, state, os_type, hypervisor, tags, network, vpc ]
  routers:
    description:
      - Also add the virtual routers as hosts (C(listRouters) with C(listall), every page; the O(zones), O(states),
        O(domain), O(account) and O(project) filters apply, O(tags) does not). One more paged call per zone and state
        filtered, not per router.
      - Routers are in the group C(routers) and grouped by zone (C(router_zone_<name>)) and state
        (C(router_state_<state>)), names made like those of O(group_by); they are in no VM group, so a play on
        C(zone_<name>) does not reach them.
      - A router's host variable C(cloudstack) has C(id), C(name), C(role), C(state), C(zone_id), C(zone_name),
        C(host_name) (its hypervisor host), C(version), C(requires_upgrade), C(software_version), C(template_name),
        C(guest_network_name), C(guest_ip_address), C(vpc_name), C(link_local_ip), C(public_ip), C(redundant_state),
        C(health_checks_failed), C(account), C(domain), C(project) (those with a value).
      - C(ansible_host) is the router's link-local (control) address, its public address with
        O(ansible_host=public_ip) when it has one, its name with O(ansible_host=hostname); C(ansible_port) is 3922, the
        port of the router's SSH server. CloudStack reaches routers from their hypervisor host (C(cloudstack.host_name)), so
        a jump host is usually needed (for example C(ansible_ssh_common_args) through O(compose)).
    type: bool
    default: false
    version_added: 0.3.0
"""

EXAMPLES = r"""
# inventory/cloudstack.yml
plugin: csops.cloudstack.instance
zones: [zone-1]
states: [Running]
ansible_host: ipv4
compose:
  ansible_user: "'ubuntu' if 'Ubuntu' in cloudstack.os_display_name else 'root'"
keyed_groups:
  - key: cloudstack.service_offering_name
    prefix: offering
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: /tmp/cloudstack-inventory

# Another file, inventory/routers.cloudstack.yml: VMs grouped by network and VPC, and the virtual routers
# plugin: csops.cloudstack.instance
# group_by: [ zone, state, network, vpc ]
# routers: true
# groups:
#   routers_to_upgrade: cloudstack.requires_upgrade | default(false)
"""


import re

from ansible.errors import AnsibleError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError, find_domain_id
from ansible_collections.csops.cloudstack.plugins.module_utils.connection import client_from_options, connection_argument_spec
from ansible_collections.csops.cloudstack.plugins.module_utils.tags import tag_set


#: A plain variable path such as cloudstack.zone_name: composed without Jinja (see InventoryModule._compose).
PLAIN_PATH = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*")
MISSING = object()


def plain_path(template, variables):
    """The value of a plain dotted path (cloudstack.zone_name) in variables, or MISSING when Jinja must decide."""
    match = PLAIN_PATH.fullmatch(template) if isinstance(template, str) else None
    if not match:
        return MISSING
    value = variables
    for part in match.group(1).split("."):
        # Jinja looks a.b up as an attribute first: dict methods (items, keys, ...) are left to Jinja.
        if not isinstance(value, dict) or part not in value or hasattr(dict, part):
            return MISSING
        value = value[part]
    return value


def safe(text):
    return re.sub(r"[^A-Za-z0-9_]", "_", str(text)).lower()


def default_ipv4(vm):
    nics = vm.get("nic") or []
    for nic in sorted(nics, key=lambda n: not n.get("isdefault")):
        if nic.get("ipaddress"):
            return nic["ipaddress"]
    return None


#: VM fields kept in the host variable "cloudstack" (API name -> fact name). A short, flat set: the
#: per-host cost of ansible-inventory grows with the size of the host variables.
FACTS = (("id", "id"), ("name", "name"), ("displayname", "display_name"), ("instancename", "instance_name"),
         ("state", "state"), ("zoneid", "zone_id"), ("zonename", "zone_name"), ("hypervisor", "hypervisor"),
         ("ostypeid", "os_type_id"), ("osdisplayname", "os_display_name"), ("account", "account"),
         ("domain", "domain"), ("domainid", "domain_id"), ("project", "project"), ("projectid", "project_id"),
         ("hostname", "host_name"), ("serviceofferingname", "service_offering_name"),
         ("templatename", "template_name"), ("cpunumber", "cpu_number"), ("memory", "memory"),
         ("publicip", "public_ip"), ("isoid", "iso_id"), ("isoname", "iso_name"), ("created", "created"))


#: Router fields kept in the host variable "cloudstack" of a router.
ROUTER_FACTS = (("id", "id"), ("name", "name"), ("role", "role"), ("state", "state"), ("zoneid", "zone_id"),
                ("zonename", "zone_name"), ("hostname", "host_name"), ("version", "version"),
                ("requiresupgrade", "requires_upgrade"), ("softwareversion", "software_version"),
                ("templatename", "template_name"), ("guestnetworkname", "guest_network_name"),
                ("guestipaddress", "guest_ip_address"), ("vpcname", "vpc_name"), ("linklocalip", "link_local_ip"),
                ("publicip", "public_ip"), ("redundantstate", "redundant_state"),
                ("healthchecksfailed", "health_checks_failed"), ("account", "account"), ("domain", "domain"),
                ("project", "project"))
#: The port of a virtual router's SSH server (its sshd listens there, on the control address).
ROUTER_SSH_PORT = 3922


def host_facts(vm):
    """The host variable "cloudstack": FACTS, the default IPv4, the NIC addresses and tags as a dict."""
    facts = {fact: vm[key] for key, fact in FACTS if vm.get(key) is not None}
    facts["ipv4"] = default_ipv4(vm)
    facts["nics"] = [{"ip_address": n.get("ipaddress"), "is_default": bool(n.get("isdefault")),
                      "network_name": n.get("networkname"), "vpc_name": n.get("vpcname")} for n in vm.get("nic") or []]
    facts["tags"] = {t.get("key"): t.get("value") for t in vm.get("tags") or []}
    return facts


def from_cache(found, want_routers):
    """What a cache entry holds ({"virtualmachines": [...], "routers": [...] or None}), or None when it must be
    fetched again: nothing cached, or cached without the routers that are now wanted. 0.2.0 cached the VMs as a list."""
    if isinstance(found, list):
        found = {"virtualmachines": found, "routers": None}
    if not isinstance(found, dict) or (want_routers and found.get("routers") is None):
        return None
    return found


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = "csops.cloudstack.instance"

    def verify_file(self, path):
        return super().verify_file(path) and path.endswith(("cloudstack.yml", "cloudstack.yaml"))

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache)
        self._read_config_data(path)
        cache_key = self.get_cache_key(path)
        use_cache = self.get_option("cache") and cache
        update_cache = self.get_option("cache") and not cache
        found = None
        if use_cache:
            try:
                found = self._cache[cache_key]
            except KeyError:
                update_cache = True
            found = from_cache(found, self.get_option("routers"))
            update_cache = update_cache or found is None
        if found is None:
            try:
                found = self.fetch()
            except CloudStackError as exc:
                raise AnsibleError("csops.cloudstack.instance: %s" % exc.message) from None
        if update_cache:
            self._cache[cache_key] = found
        self.populate(found["virtualmachines"])
        if self.get_option("routers"):
            self.populate_routers(found["routers"] or [])

    def client(self):
        options = {}
        for name in connection_argument_spec():
            try:
                options[name] = self.get_option(name)
            except KeyError:
                options[name] = None
        return client_from_options(options)

    def fetch(self):
        client = self.client()
        try:
            base = {"listall": True}
            if self.get_option("domain"):
                base["domainid"] = find_domain_id(client, self.get_option("domain"))
            if self.get_option("account"):
                base["account"] = self.get_option("account")
            if self.get_option("project"):
                base["projectid"] = self.get_option("project")
            if self.get_option("tags"):
                base["tags"] = dict(self.get_option("tags"))
            states = self.get_option("states") or [None]
            zones = self.zone_ids(client) or [None]
            vms = []
            routers = [] if self.get_option("routers") else None
            for zone_id in zones:
                for state in states:
                    params = dict(base, zoneid=zone_id, state=state)
                    vms.extend(client.list_all("listVirtualMachines", params, key="virtualmachine"))
                    if routers is not None:
                        params.pop("tags", None)  # listRouters has no tags
                        routers.extend(client.list_all("listRouters", params, key="router"))
            if self.get_option("tags"):
                # The server matches VMs having ANY of the pairs (QueryManagerImpl ORs them): keep those with ALL.
                want = tag_set(self.get_option("tags"))
                vms = [vm for vm in vms if want <= tag_set(vm.get("tags"))]
            return {"virtualmachines": vms, "routers": routers}
        finally:
            client.end_session()  # logs out of a login session, closes the connections

    def zone_ids(self, client):
        wanted = self.get_option("zones")
        if not wanted:
            return []
        zones = client.list_all("listZones", {}, key="zone")
        ids = []
        for item in wanted:
            match = [z["id"] for z in zones if item in (z.get("id"), z.get("name"))]
            if not match:
                raise CloudStackError("zone %r not found." % item)
            ids.append(match[0])
        return ids

    def _compose(self, template, variables, disable_lookups=...):
        """compose and keyed_groups: a plain variable path is looked up directly.

        ansible-core 2.19 compiles the Jinja expression again for every host (about 0.5 ms): 10 s of the 14 s that
        compose plus keyed_groups cost on 10,000 VMs. A path of dict keys gives the same value as Jinja would; any
        other expression (filters, tests, operators, missing keys) goes to the templar as before.
        """
        if not self.get_option("use_extra_vars"):
            value = plain_path(template, variables)
            if value is not MISSING:
                return value
        if disable_lookups is ...:
            return super()._compose(template, variables)
        return super()._compose(template, variables, disable_lookups)

    def populate(self, vms):
        """Add the hosts, their two variables and the built-in groups with the cheapest inventory calls.

        ansible-core 2.19 wraps the inventory in a proxy whose set_variable() walks and copies every value to tag it
        with its origin (about 10 us per node, 3 s for 10,000 VMs). The facts set here are fresh dicts of plain JSON
        types (str, int, bool, None, list, dict) that the walk would keep unchanged and that stay untrusted for
        templating either way, so they go to the wrapped InventoryData directly. Compose/groups/keyed_groups still go
        through the public calls.
        """
        strict = self.get_option("strict")
        group_by = set(self.get_option("group_by"))
        compose = self.get_option("compose")
        groups_opt = self.get_option("groups")
        keyed = self.get_option("keyed_groups")
        constructed = bool(compose or groups_opt or keyed)
        how = self.get_option("ansible_host")
        by_display = self.get_option("hostname") == "display_name"
        by_network, by_vpc = "network" in group_by, "vpc" in group_by
        data = getattr(self.inventory, "__wrapped__", self.inventory)
        hosts = data.hosts
        groups = data.groups
        known = set()
        for vm in vms:
            name = vm.get("displayname") if by_display and vm.get("displayname") else vm.get("name")
            if not name:
                continue
            if name not in hosts:
                data.add_host(name)
            host = hosts[name]
            facts = host_facts(vm)
            address = facts["ipv4"]
            if how == "hostname":
                address = vm.get("name")
            elif how == "public_ip" and vm.get("publicip"):
                address = vm["publicip"]
            host.vars["cloudstack"] = facts
            if address:
                host.vars["ansible_host"] = address
            wanted = []
            if "zone" in group_by and vm.get("zonename"):
                wanted.append("zone_" + safe(vm["zonename"]))
            if "state" in group_by and vm.get("state"):
                wanted.append("state_" + safe(vm["state"]))
            if "os_type" in group_by and vm.get("osdisplayname"):
                wanted.append("os_" + safe(vm["osdisplayname"]))
            if "hypervisor" in group_by and vm.get("hypervisor"):
                wanted.append("hypervisor_" + safe(vm["hypervisor"]))
            if "tags" in group_by:
                for tag in vm.get("tags") or []:
                    wanted.append("tag_%s_%s" % (safe(tag.get("key")), safe(tag.get("value"))))
            if by_network or by_vpc:
                for nic in vm.get("nic") or []:
                    if by_network and nic.get("networkname"):
                        wanted.append("network_" + safe(nic["networkname"]))
                    if by_vpc and nic.get("vpcname"):
                        wanted.append("vpc_" + safe(nic["vpcname"]))
            for group in wanted:
                if group not in known:
                    data.add_group(group)
                    known.add(group)
                groups[group].add_host(host)
            if constructed:
                # Templating costs per host: only when compose/groups/keyed_groups are set.
                self._set_composite_vars(compose, host.get_vars(), name, strict=strict)
                # Read once with the composed variables (what fetch_hostvars=True reads again for every key).
                hostvars = host.get_vars()
                self._add_host_to_composed_groups(groups_opt, hostvars, name, strict=strict, fetch_hostvars=False)
                self._add_host_to_keyed_groups(keyed, hostvars, name, strict=strict, fetch_hostvars=False)
        # add_child() resets this cache and Group.add_host() does not: reset it once for all the hosts.
        data._groups_dict_cache = {}  # pylint: disable=protected-access

    def populate_routers(self, routers):
        """The virtual routers as hosts: groups routers, router_zone_<zone>, router_state_<state>; constructed options
        apply to them as to the VMs."""
        strict = self.get_option("strict")
        compose = self.get_option("compose")
        groups_opt = self.get_option("groups")
        keyed = self.get_option("keyed_groups")
        how = self.get_option("ansible_host")
        data = getattr(self.inventory, "__wrapped__", self.inventory)
        for router in routers:
            name = router.get("name")
            if not name:
                continue
            if name not in data.hosts:
                data.add_host(name)
            host = data.hosts[name]
            facts = {fact: router[key] for key, fact in ROUTER_FACTS if router.get(key) is not None}
            address = router.get("linklocalip")
            if how == "hostname":
                address = name
            elif how == "public_ip" and router.get("publicip"):
                address = router["publicip"]
            host.vars["cloudstack"] = facts
            host.vars["ansible_port"] = ROUTER_SSH_PORT
            if address:
                host.vars["ansible_host"] = address
            wanted = ["routers"]
            if router.get("zonename"):
                wanted.append("router_zone_" + safe(router["zonename"]))
            if router.get("state"):
                wanted.append("router_state_" + safe(router["state"]))
            for group in wanted:
                if group not in data.groups:
                    data.add_group(group)
                data.groups[group].add_host(host)
            if compose or groups_opt or keyed:
                self._set_composite_vars(compose, host.get_vars(), name, strict=strict)
                hostvars = host.get_vars()
                self._add_host_to_composed_groups(groups_opt, hostvars, name, strict=strict, fetch_hostvars=False)
                self._add_host_to_keyed_groups(keyed, hostvars, name, strict=strict, fetch_hostvars=False)
        data._groups_dict_cache = {}  # pylint: disable=protected-access

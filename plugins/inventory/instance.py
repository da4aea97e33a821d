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
    grouped by zone, state, OS type, hypervisor and tags.
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
    description: Built-in groups to make, named C(zone_<name>), C(state_<state>), C(os_<type>), C(hypervisor_<name>), C(tag_<key>_<value>).
    type: list
    elements: str
    default: [ zone, state, os_type, hypervisor, tags ]
    choices: [ zone, state, os_type, hypervisor, tags ]
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


def host_facts(vm):
    """The host variable "cloudstack": FACTS, the default IPv4, the NIC addresses and tags as a dict."""
    facts = {fact: vm[key] for key, fact in FACTS if vm.get(key) is not None}
    facts["ipv4"] = default_ipv4(vm)
    facts["nics"] = [{"ip_address": n.get("ipaddress"), "is_default": bool(n.get("isdefault")),
                      "network_name": n.get("networkname")} for n in vm.get("nic") or []]
    facts["tags"] = {t.get("key"): t.get("value") for t in vm.get("tags") or []}
    return facts


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
        vms = None
        if use_cache:
            try:
                vms = self._cache[cache_key]
            except KeyError:
                update_cache = True
        if vms is None:
            try:
                vms = self.fetch()
            except CloudStackError as exc:
                raise AnsibleError("csops.cloudstack.instance: %s" % exc.message) from None
        if update_cache:
            self._cache[cache_key] = vms
        self.populate(vms)

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
            for zone_id in zones:
                for state in states:
                    params = dict(base, zoneid=zone_id, state=state)
                    vms.extend(client.list_all("listVirtualMachines", params, key="virtualmachine"))
            if self.get_option("tags"):
                # The server matches VMs having ANY of the pairs (QueryManagerImpl ORs them): keep those with ALL.
                want = tag_set(self.get_option("tags"))
                vms = [vm for vm in vms if want <= tag_set(vm.get("tags"))]
            return vms
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

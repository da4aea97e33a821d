# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The whole zone description checked before any write (the zone role's first step).

Every object of the description is checked as its module would check it before a create: the option types and
choices the role passes (Ansible's ArgumentSpecValidator on OBJECTS below), the options a create needs, and the
address, range, VLAN and URL checks of validate.py that the modules run. On top come the checks that need the
whole description: unique names, overlapping IPv4 ranges within and across zones, hypervisors a zone cannot
take, parents that are neither described nor on the server, and settings the server does not have (one
listConfigurations walk). Every problem is collected, one line each; nothing is written.
"""

from __future__ import annotations

import ipaddress
import re

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from .api import CloudStackError
from .addresses import cidr, cidr6, ipv4, ipv6
from .validate import ip_range, setting_value

SECRET_KEY = re.compile(r"(password|secret|key$|token)", re.I)
#: ResourceManagerImpl.discoverCluster: an Advanced zone with security groups takes only these hypervisors
SG_ADVANCED_HYPERVISORS = ("KVM", "XenServer", "LXC", "Simulator")
#: ZoneWizardLaunchZone.vue (addCluster): a VMware cluster is ExternalManaged (added from its vCenter URL,
#: VmwareServerDiscoverer), every other hypervisor's cluster is CloudManaged (hosts added one by one)
EXTERNAL_MANAGED_HYPERVISORS = ("VMware",)


def secrets_of(value):
    """Values of secret-named keys anywhere in the description (masked in every output)."""
    found = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if SECRET_KEY.search(str(key)) and isinstance(item, (str, int)) and str(item):
                found.add(str(item))
            else:
                found |= secrets_of(item)
    elif isinstance(value, list):
        for item in value:
            found |= secrets_of(item)
    return found


def unlimited_reader(client):
    """A reader for Preflight that lists in ONE request: pagesize=-1 without page is "unlimited" (BaseListCmd,
    s_pageSizeUnlimited), so a walk of the ~700 settings is one read, not two pages of default.page.size."""
    def read(command, key, **params):
        inner = client.request(command, dict(params, pagesize=-1))
        return list(inner.get(key) or [])
    return read


def _set(params):
    """The options that are set (None stands for omit, as the role's default(omit) does)."""
    return {key: value for key, value in params.items() if value is not None}


class Preflight:
    """Collects the problems of a description; reader(command, key, **params) lists from the server."""

    def __init__(self, zones, settings=None, reader=None):
        self.zones = zones or []
        self.settings = settings or []
        self.reader = reader
        self.problems = []
        self.reads = 0
        self.offerings = []  # (where, name) of the network offerings the description names

    def problem(self, where, message):
        self.problems.append("%s: %s" % (where, message))

    # --- one object with its module's checks
    def check(self, kind, where, params):
        """Check one object as its module would before a create; the checked options, or None."""
        spec, rules = OBJECTS[kind]
        result = ArgumentSpecValidator(spec).validate(_set(params))
        if result.error_messages:
            for message in result.error_messages:
                self.problem(where, message)
            return None
        checked = dict(result.validated_parameters)
        try:
            rules(checked)
        except CloudStackError as exc:
            self.problem(where, exc.message)
            return None
        return checked

    @staticmethod
    def items(parent, key):
        value = parent.get(key)
        return value if isinstance(value, list) else []

    def unique(self, where, kind, names):
        seen = set()
        for name in names:
            if name in seen:
                self.problem(where, "%s %r is described more than once." % (kind, name))
            seen.add(name)

    # --- ranges
    def add_range(self, ranges, where, start, end):
        try:
            first = ipaddress.IPv4Address(str(start))
            last = ipaddress.IPv4Address(str(end or start))
        except ValueError:
            return  # reported by the object's own checks
        if first <= last:
            ranges.append((first, last, where))

    def overlaps(self, ranges):
        ranges = sorted(ranges, key=lambda r: (r[0], r[1]))
        for index, (first, last, where) in enumerate(ranges):
            for other_first, other_last, other_where in ranges[index + 1:]:
                if other_first > last:
                    break
                self.problem(other_where, "the range %s-%s overlaps %s-%s of %s." % (
                    other_first, other_last, first, last, where))

    # --- the description
    def run(self):
        if not isinstance(self.zones, list):
            self.problem("zones", "must be a list of zones.")
            return self.problems
        ranges = []
        zone_names = []
        stores = []
        for zindex, zone in enumerate(self.zones):
            if not isinstance(zone, dict):
                self.problem("zones[%d]" % zindex, "must be a dictionary.")
                continue
            zone_names.append(zone.get("name"))
            self.check_zone(zindex, zone, ranges)
            stores += [(s.get("name") or s.get("url"), zone.get("name")) for s in self.items(zone, "secondary_storage")
                       if isinstance(s, dict) and (s.get("name") or s.get("url"))]
        self.unique("zones", "zone", [n for n in zone_names if n])
        # StorageManagerImpl.discoverImageStore: an image store name (the URL when none is given) is unique in the
        # whole cloud, not per zone
        owners = {}
        for name, zname in stores:
            owners.setdefault(name, []).append(zname)
        for name, znames in owners.items():
            if len(set(znames)) > 1:
                self.problem("zones", "secondary storage %r is described in zones %s; image store names are unique in the "
                                      "whole cloud." % (name, ", ".join(sorted(set(str(z) for z in znames)))))
        self.overlaps(ranges)
        self.check_offerings()
        self.check_settings()
        return self.problems

    def check_zone(self, zindex, zone, ranges):
        zname = zone.get("name")
        zwhere = "zone %s" % (zname or "#%d" % zindex)
        self.check("zone", zwhere, dict(
            name=zname, network_type=zone.get("network_type"), dns1=zone.get("dns1"), dns2=zone.get("dns2"),
            internal_dns1=zone.get("internal_dns1"), internal_dns2=zone.get("internal_dns2"),
            guest_cidr_address=zone.get("guest_cidr_address"), network_domain=zone.get("network_domain"),
            local_storage_enabled=zone.get("local_storage_enabled"),
            securitygroups_enabled=zone.get("securitygroups_enabled"), dns1_ipv6=zone.get("dns1_ipv6"),
            dns2_ipv6=zone.get("dns2_ipv6")))
        pnets = self.items(zone, "physical_networks")
        self.unique(zwhere, "physical network", [p.get("name") for p in pnets if isinstance(p, dict) and p.get("name")])
        for pnet in pnets:
            self.check_physical_network(zwhere, zname, pnet)
        described = {p.get("name") for p in pnets if isinstance(p, dict)}
        for index, rng in enumerate(self.items(zone, "public_ranges")):
            where = "%s public_ranges[%d]" % (zwhere, index)
            pnet = rng.get("physical_network") if isinstance(rng, dict) else None
            if self.check("vlan_ip_range", where, dict(
                    zone=zname, physical_network=pnet, gateway=rng.get("gateway"), netmask=rng.get("netmask"),
                    start_ip=rng.get("start_ip"), end_ip=rng.get("end_ip"), vlan=rng.get("vlan"),
                    for_virtual_network=True, ip6_gateway=rng.get("ip6_gateway"), ip6_cidr=rng.get("ip6_cidr"),
                    start_ipv6=rng.get("start_ipv6"), end_ipv6=rng.get("end_ipv6"))) is not None:
                self.add_range(ranges, where, rng.get("start_ip"), rng.get("end_ip"))
            if pnet and pnet not in described and not self.exists_on_server("listPhysicalNetworks", "physicalnetwork",
                                                                            pnet, zname):
                self.problem(where, "physical_network %r is neither described in the zone nor on the server." % pnet)
        guest = zone.get("guest_network")
        if isinstance(guest, dict):
            # the shared guest network of a Basic or an Advanced-SG zone (the Marvin filter's guest_network)
            where = "%s guest_network %s" % (zwhere, guest.get("name"))
            if not guest.get("name") or not guest.get("network_offering"):
                self.problem(where, "name and network_offering are required for the zone's shared guest network.")
            else:
                self.offerings.append((where, guest["network_offering"]))
            if guest.get("start_ip") and self.check("vlan_ip_range", where, dict(
                    zone=zname, gateway=guest.get("gateway"), netmask=guest.get("netmask"), start_ip=guest.get("start_ip"),
                    end_ip=guest.get("end_ip"), vlan=guest.get("vlan"), for_virtual_network=False)) is not None:
                self.add_range(ranges, where, guest.get("start_ip"), guest.get("end_ip"))
        pods = self.items(zone, "pods")
        self.unique(zwhere, "pod", [p.get("name") for p in pods if isinstance(p, dict) and p.get("name")])
        pools = []
        for pod in pods:
            if isinstance(pod, dict):
                pools += self.check_pod(zwhere, zone, pod, ranges)
        for index, pool in enumerate(self.items(zone, "primary_storage")):
            where = "%s primary_storage[%d]" % (zwhere, index)
            self.check("storage_pool", where, dict(
                name=pool.get("name"), zone=zname, scope="zone", hypervisor=pool.get("hypervisor") or "Any",
                storage_url=pool.get("url"), storage_tags=pool.get("tags"), provider=pool.get("provider")))
            pools.append(pool.get("name"))
        self.unique(zwhere, "primary storage", [n for n in pools if n])
        stores = self.items(zone, "secondary_storage")
        self.unique(zwhere, "secondary storage", [s.get("name") for s in stores if isinstance(s, dict) and s.get("name")])
        for index, store in enumerate(stores):
            self.check("image_store", "%s secondary_storage[%d]" % (zwhere, index), dict(
                name=store.get("name"), zone=zname, provider=store.get("provider") or "NFS", url=store.get("url"),
                details=store.get("details")))
        for index, store in enumerate(self.items(zone, "staging_storage")):
            self.check("image_store", "%s staging_storage[%d]" % (zwhere, index), dict(
                name=store.get("name") or store.get("url"), zone=zname, staging=True, url=store.get("url")))

    def check_physical_network(self, zwhere, zname, pnet):
        if not isinstance(pnet, dict):
            self.problem(zwhere, "a physical network must be a dictionary.")
            return
        where = "%s physical network %s" % (zwhere, pnet.get("name"))
        self.check("physical_network", where, dict(
            name=pnet.get("name"), zone=zname, isolation_methods=pnet.get("isolation_methods"), vlan=pnet.get("vlan"),
            broadcast_domain_range=pnet.get("broadcast_domain_range"), tags=pnet.get("tags"),
            network_speed=pnet.get("network_speed")))
        types = self.items(pnet, "traffic_types")
        self.unique(where, "traffic type", [t.get("type") for t in types if isinstance(t, dict) and t.get("type")])
        for index, traffic in enumerate(types):
            labels = {k: traffic.get(k) for k in ("kvm_network_label", "xen_network_label", "vmware_network_label",
                                                  "hyperv_network_label", "ovm3_network_label")}
            self.check("traffic_type", "%s traffic_types[%d]" % (where, index), dict(
                physical_network=pnet.get("name"), zone=zname, traffic_type=traffic.get("type"), vlan=traffic.get("vlan"),
                **labels))
        for index, provider in enumerate(self.items(pnet, "providers")):
            self.check("network_service_provider", "%s providers[%d]" % (where, index), dict(
                name=provider.get("name"), physical_network=pnet.get("name"), zone=zname,
                state=provider.get("state") or "enabled"))

    def check_pod(self, zwhere, zone, pod, ranges):
        zname = zone.get("name")
        where = "%s pod %s" % (zwhere, pod.get("name"))
        checked = self.check("pod", where, dict(
            name=pod.get("name"), zone=zname, gateway=pod.get("gateway"), netmask=pod.get("netmask"),
            start_ip=pod.get("start_ip"), end_ip=pod.get("end_ip"), management_ranges=pod.get("management_ranges")))
        if checked is not None:
            self.add_range(ranges, where, checked["start_ip"], checked["end_ip"])
            for index, rng in enumerate(checked["management_ranges"] or []):
                self.add_range(ranges, "%s management_ranges[%d]" % (where, index), rng["start_ip"], rng["end_ip"])
        for index, rng in enumerate(self.items(pod, "guest_ranges")):
            rwhere = "%s guest_ranges[%d]" % (where, index)
            if self.check("vlan_ip_range", rwhere, dict(
                    zone=zname, pod=pod.get("name"), gateway=rng.get("gateway"), netmask=rng.get("netmask"),
                    start_ip=rng.get("start_ip"), end_ip=rng.get("end_ip"), vlan=rng.get("vlan"),
                    for_virtual_network=False)) is not None:
                self.add_range(ranges, rwhere, rng.get("start_ip"), rng.get("end_ip"))
        for index, rng in enumerate(self.items(pod, "storage_ranges")):
            rwhere = "%s storage_ranges[%d]" % (where, index)
            if self.check("storage_network_ip_range", rwhere, dict(
                    zone=zname, pod=pod.get("name"), gateway=rng.get("gateway"), netmask=rng.get("netmask"),
                    start_ip=rng.get("start_ip"), end_ip=rng.get("end_ip"), vlan=rng.get("vlan"))) is not None:
                self.add_range(ranges, rwhere, rng.get("start_ip"), rng.get("end_ip"))
        clusters = self.items(pod, "clusters")
        self.unique(where, "cluster", [c.get("name") for c in clusters if isinstance(c, dict) and c.get("name")])
        pools = []
        for cluster in clusters:
            if isinstance(cluster, dict):
                pools += self.check_cluster(where, zone, pod, cluster)
        return pools

    def check_cluster(self, pwhere, zone, pod, cluster):
        zname = zone.get("name")
        where = "%s cluster %s" % (pwhere, cluster.get("name"))
        hypervisor = cluster.get("hypervisor")
        self.check("cluster", where, dict(
            name=cluster.get("name"), zone=zname, pod=pod.get("name"), hypervisor=hypervisor,
            cluster_type=cluster.get("cluster_type") or "CloudManaged", url=cluster.get("url"),
            username=cluster.get("username"), password=cluster.get("password")))
        cluster_type = cluster.get("cluster_type") or "CloudManaged"
        if hypervisor in HYPERVISORS and cluster_type in ("CloudManaged", "ExternalManaged") and \
                (cluster_type == "ExternalManaged") != (hypervisor in EXTERNAL_MANAGED_HYPERVISORS):
            self.problem(where, ("cluster_type CloudManaged is not possible with hypervisor VMware: a VMware cluster is "
                                 "ExternalManaged, added from its vCenter url." if hypervisor == "VMware" else
                                 "cluster_type ExternalManaged is for VMware (vCenter) clusters; a %s cluster is CloudManaged, "
                                 "its hosts added one by one." % hypervisor))
        if zone.get("network_type") == "Advanced" and zone.get("securitygroups_enabled") and hypervisor \
                and hypervisor not in SG_ADVANCED_HYPERVISORS:
            self.problem(where, "hypervisor %s is not possible in an Advanced zone with security groups (only %s)." % (
                hypervisor, ", ".join(SG_ADVANCED_HYPERVISORS)))
        hosts = self.items(cluster, "hosts")
        self.unique(where, "host", [h.get("url") or h.get("name") for h in hosts
                                    if isinstance(h, dict) and (h.get("url") or h.get("name"))])
        for index, host in enumerate(hosts):
            if not isinstance(host, dict):
                self.problem(where, "hosts[%d] must be a dictionary." % index)
                continue
            self.check("host", "%s hosts[%d]" % (where, index), dict(
                name=host.get("name"), url=host.get("url"), zone=zname, pod=pod.get("name"), cluster=cluster.get("name"),
                hypervisor=hypervisor, username=host.get("username"), password=host.get("password"),
                host_tags=host.get("host_tags")))
        names = []
        for index, pool in enumerate(self.items(cluster, "primary_storage")):
            self.check("storage_pool", "%s primary_storage[%d]" % (where, index), dict(
                name=pool.get("name"), zone=zname, pod=pod.get("name"), cluster=cluster.get("name"),
                scope=pool.get("scope") or "cluster", hypervisor=pool.get("hypervisor"), storage_url=pool.get("url"),
                storage_tags=pool.get("tags"), provider=pool.get("provider")))
            names.append(pool.get("name"))
        return names

    # --- the server: at most one walk of listConfigurations (plus one list for an undescribed parent)
    def exists_on_server(self, command, key, name, zone_name):
        if self.reader is None:
            return False
        self.reads += 1
        try:
            items = self.reader(command, key, name=name)
        except CloudStackError:
            return False
        return any(item.get("name") == name and item.get("zonename") in (None, zone_name) for item in items)

    def check_offerings(self):
        """Network offerings named by the description exist on the server (one listNetworkOfferings walk)."""
        if not self.offerings or self.reader is None:
            return
        self.reads += 1
        try:
            known = {item.get("name") for item in self.reader("listNetworkOfferings", "networkoffering")}
        except CloudStackError as exc:
            self.problem("network offerings", "cannot be read from the server: %s" % exc.message)
            return
        for where, name in self.offerings:
            if name not in known:
                self.problem(where, "network_offering %r is not on the server (listNetworkOfferings)."
                             % name)

    def check_settings(self):
        if not isinstance(self.settings, list):
            self.problem("global settings", "must be a list of name/value (or a dictionary).")
            return
        checked = []
        for index, setting in enumerate(self.settings):
            where = "global setting %s" % (setting.get("name") if isinstance(setting, dict) else "#%d" % index)
            if not isinstance(setting, dict) or not setting.get("name"):
                self.problem(where, "needs a name and a value.")
                continue
            if self.check("configuration", where, dict(name=setting.get("name"), value=setting.get("value"))) is not None:
                checked.append((where, str(setting["name"]).strip(), setting.get("value")))
        if not checked or self.reader is None:
            return
        self.reads += 1
        known = {item.get("name"): item for item in self.reader("listConfigurations", "configuration")}
        for where, name, value in checked:
            if name not in known:
                self.problem(where, "the server has no such setting (listConfigurations).")
                continue
            try:
                setting_value(name, known[name].get("type"), known[name].get("options"),
                              str(value).lower() if isinstance(value, bool) else value)
            except CloudStackError as exc:
                self.problem(where, exc.message)


# --- each object as its module checks it before a create (same rules and messages as the module)
HYPERVISORS = ["KVM", "XenServer", "VMware", "Hyperv", "BareMetal", "Simulator", "Ovm", "Ovm3", "LXC"]


def _str(**extra):
    return dict(type="str", **extra)


def _required(params, options, what):
    missing = [o for o in options if not params.get(o)]
    if missing:
        raise CloudStackError("%s required to %s." % (", ".join(missing), what))


def _vlan(vlan):
    """vlan_ip_range / traffic_type: a VLAN id (1-4094), untagged, or a broadcast URI such as vlan://100."""
    if vlan is None or "://" in vlan or vlan.lower() == "untagged":
        return
    if not (vlan.isdigit() and 1 <= int(vlan) <= 4094):
        raise CloudStackError("vlan: %r is not a VLAN id (1-4094), 'untagged' or a URI such as vlan://100." % vlan)


def _url(option, value, example):
    if value is not None and "://" not in value:
        raise CloudStackError("%s must be a URL such as %s (scheme://host/path)." % (option, example))


def _zone(p):
    for option in ("dns1", "dns2", "internal_dns1", "internal_dns2"):
        if p.get(option):
            ipv4(option, p[option])
    for option in ("dns1_ipv6", "dns2_ipv6"):
        if p.get(option):
            ipv6(option, p[option])
    if p.get("guest_cidr_address"):
        cidr("guest_cidr_address", p["guest_cidr_address"])
    if p["network_type"] == "Basic" and p.get("guest_cidr_address"):
        raise CloudStackError("guest_cidr_address applies to Advanced zones only, not to Basic zone %s." % p["name"])


def _physical_network(p):
    # CloudStack takes one tag and one isolation method per physical network (createPhysicalNetwork)
    for option in ("tags", "isolation_methods"):
        values = p.get(option) or []
        if len(values) > 1:
            raise CloudStackError("%s: CloudStack supports one value per physical network, got %d (%s)." % (
                option, len(values), ", ".join(values)))
    vlan = p.get("vlan")
    for part in (vlan.split(",") if vlan else []):
        if not re.match(r"^\s*\d+\s*(-\s*\d+\s*)?$", part):
            raise CloudStackError("vlan: %r is not a VLAN range such as 100-200 or 100-200,300-400." % vlan)
        numbers = [int(n) for n in re.findall(r"\d+", part)]
        if numbers != sorted(numbers):
            raise CloudStackError("vlan: range %r ends before it starts." % part.strip())


def _traffic_type(p):
    _vlan(p.get("vlan"))


def _range6(p):
    """vlan_ip_range's IPv6 part: addresses and CIDR valid, start <= end, all inside ip6_cidr."""
    network = cidr6("ip6_cidr", p["ip6_cidr"]) if p.get("ip6_cidr") else None
    addresses = [(o, ipv6(o, p[o])) for o in ("ip6_gateway", "start_ipv6", "end_ipv6") if p.get(o)]
    found = dict(addresses)
    if "start_ipv6" in found and "end_ipv6" in found and found["start_ipv6"] > found["end_ipv6"]:
        raise CloudStackError("start_ipv6 %s is after end_ipv6 %s." % (found["start_ipv6"], found["end_ipv6"]))
    for option, address in addresses:
        if network is not None and address not in network:
            raise CloudStackError("%s %s is outside ip6_cidr %s." % (option, address, network))


def _range(label):
    def check(p):
        _vlan(p.get("vlan"))
        _range6(p)
        end_ip = p.get("end_ip") or p["start_ip"]
        ip_range(p.get("gateway"), p.get("netmask"), p["start_ip"], end_ip, label=label)
        if not (p.get("gateway") and p.get("netmask")):
            raise CloudStackError("gateway and netmask are required to add the range %s-%s." % (p["start_ip"], end_ip))
    return check


def _storage_range(p):
    vlan = p.get("vlan")
    if vlan is not None and not (vlan.isdigit() and 1 <= int(vlan) <= 4094):
        raise CloudStackError("vlan: %r is not a VLAN id (1-4094)." % vlan)
    end_ip = p.get("end_ip") or p["start_ip"]
    ip_range(p.get("gateway"), p.get("netmask"), p["start_ip"], end_ip, label="storage network range")
    if not (p.get("gateway") and p.get("netmask")):
        raise CloudStackError("gateway and netmask are required to add the storage range %s-%s." % (p["start_ip"], end_ip))


def _pod(p):
    ip_range(p.get("gateway"), p.get("netmask"), p.get("start_ip"), p.get("end_ip"), label="pod %s" % p["name"])
    for index, rng in enumerate(p.get("management_ranges") or []):
        ip_range(rng.get("gateway") or p.get("gateway"), rng.get("netmask") or p.get("netmask"), rng["start_ip"],
                 rng["end_ip"], label="management_ranges[%d]" % index)
    _required(p, ("gateway", "netmask", "start_ip"), "create pod %s" % p["name"])


def _cluster(p):
    _required(p, ("hypervisor",), "add cluster %s" % p["name"])
    if p["cluster_type"] == "ExternalManaged" and not p.get("url"):
        raise CloudStackError("url is required to add an ExternalManaged cluster (the vCenter cluster URL).")


def _host(p):
    missing = [o for o in ("hypervisor",) if not p.get(o)]
    if p.get("hypervisor") and p["hypervisor"] != "VMware" and not p.get("username"):
        missing.append("username and password")
    if missing:
        raise CloudStackError("%s required to add host %s." % (", ".join(missing), p["name"]))
    _url("url", p.get("url") or "http://%s" % p["name"], "http://10.0.0.11")


def _storage_pool(p):
    if not p.get("storage_url"):
        raise CloudStackError("storage_url is required to create storage pool %s." % p["name"])
    _url("storage_url", p["storage_url"], "nfs://10.0.0.5/export")
    if p["scope"] == "zone" and not p.get("hypervisor"):
        raise CloudStackError("hypervisor is required for a zone-wide storage pool (scope=zone).")


def _image_store(p):
    if p["staging"] and p["provider"] != "NFS":
        raise CloudStackError("staging stores are NFS; provider %s is not possible with staging=true." % p["provider"])
    if p["provider"] in ("NFS", "Swift") and not p.get("url"):
        raise CloudStackError("url is required for a %s store." % p["provider"])
    _url("url", p.get("url"), "nfs://10.0.0.5/export/secondary")
    if p["provider"] == "S3":
        details = p.get("details") or {}
        missing = [o for o, key in (("s3_bucket", "bucket"), ("s3_endpoint", "endpoint"), ("s3_access_key", "accesskey"),
                                    ("s3_secret_key", "secretkey")) if not details.get(key)]
        if missing:
            raise CloudStackError("%s required for an S3 store (as options or in details)." % ", ".join(missing))


def _configuration(p):
    if isinstance(p.get("value"), (dict, list)):
        raise CloudStackError("value must be a string, number or boolean, not a %s." % type(p["value"]).__name__)


RANGE_SPEC = dict(zone=_str(), pod=_str(), physical_network=_str(), gateway=_str(), netmask=_str(),
                  start_ip=_str(required=True), end_ip=_str(), vlan=_str(), for_virtual_network=dict(type="bool"),
                  ip6_gateway=_str(), ip6_cidr=_str(), start_ipv6=_str(), end_ipv6=_str())

#: kind -> (the options the role passes to the module, with their types and choices; the module's checks)
OBJECTS = {
    "zone": (dict(name=_str(required=True), network_type=_str(required=True, choices=["Basic", "Advanced"]),
                  dns1=_str(required=True), dns2=_str(), internal_dns1=_str(), internal_dns2=_str(),
                  guest_cidr_address=_str(), network_domain=_str(), local_storage_enabled=dict(type="bool"),
                  securitygroups_enabled=dict(type="bool"), dns1_ipv6=_str(), dns2_ipv6=_str()), _zone),
    "physical_network": (dict(name=_str(required=True), zone=_str(), isolation_methods=dict(type="list", elements="str"),
                              vlan=_str(), broadcast_domain_range=_str(choices=["ZONE", "POD"]),
                              tags=dict(type="list", elements="str"), network_speed=_str()), _physical_network),
    "traffic_type": (dict(physical_network=_str(required=True), zone=_str(),
                          traffic_type=_str(required=True, choices=["Guest", "Management", "Public", "Storage"]),
                          kvm_network_label=_str(), xen_network_label=_str(), vmware_network_label=_str(),
                          hyperv_network_label=_str(), ovm3_network_label=_str(), vlan=_str()), _traffic_type),
    "network_service_provider": (dict(name=_str(required=True), physical_network=_str(required=True), zone=_str(),
                                      state=_str(choices=["enabled", "disabled", "present", "absent"])), lambda p: None),
    "vlan_ip_range": (RANGE_SPEC, _range("vlan_ip_range")),
    "storage_network_ip_range": (RANGE_SPEC, _storage_range),
    "pod": (dict(name=_str(required=True), zone=_str(), gateway=_str(), netmask=_str(), start_ip=_str(), end_ip=_str(),
                 management_ranges=dict(type="list", elements="dict", options=dict(
                     start_ip=_str(required=True), end_ip=_str(required=True), gateway=_str(), netmask=_str(), vlan=_str(),
                     for_system_vms=dict(type="bool", default=False)))), _pod),
    "cluster": (dict(name=_str(required=True), zone=_str(), pod=_str(), hypervisor=_str(choices=HYPERVISORS),
                     cluster_type=_str(choices=["CloudManaged", "ExternalManaged"], default="CloudManaged"), url=_str(),
                     username=_str(), password=_str(no_log=True)), _cluster),
    "host": (dict(name=_str(required=True), url=_str(), zone=_str(), pod=_str(), cluster=_str(),
                  hypervisor=_str(choices=HYPERVISORS), username=_str(), password=_str(no_log=True),
                  host_tags=dict(type="list", elements="str")), _host),
    "storage_pool": (dict(name=_str(required=True), zone=_str(), pod=_str(), cluster=_str(),
                          scope=_str(choices=["cluster", "zone"], default="cluster"),
                          hypervisor=_str(choices=["KVM", "VMware", "Hyperv", "LXC", "Any", "Simulator"]), storage_url=_str(),
                          storage_tags=dict(type="list", elements="str"), provider=_str()), _storage_pool),
    "image_store": (dict(name=_str(required=True), zone=_str(), provider=_str(choices=["NFS", "S3", "Swift"], default="NFS"),
                         url=_str(), details=dict(type="dict"), staging=dict(type="bool", default=False)), _image_store),
    "configuration": (dict(name=_str(required=True), value=dict(type="raw")), _configuration),
}

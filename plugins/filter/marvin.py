# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Turn a Marvin deployDataCenter configuration into the zone description of the zone role."""

from __future__ import annotations

DOCUMENTATION = r"""
name: marvin_to_zones
short_description: Convert a Marvin deployDataCenter configuration to the zone role's description
version_added: 0.1.0
description:
  - Reads the JSON of a Marvin configuration (the C(setup/dev/*.cfg) files of the CloudStack source; a C(#) comment
    header is allowed) and returns C(zones), C(global_settings) and C(unsupported), the description that the
    C(csops.cloudstack.zone) role builds.
  - Host tags (C(hosttags), a comma-separated string or a list) are kept as the hosts' C(host_tags), for every
    hypervisor; a zone's own C(primaryStorages) become zone-wide primary storage.
  - Parts the collection cannot build (a zone or pod VMware datacenter, a Tungsten Fabric provider, baremetal providers
    and the baremetal rack configuration, devices of external providers, zone and storage details, host fields it
    does not carry such as a BareMetal host's MAC, CPU and memory, the hosts of a VMware cluster) are listed in
    C(unsupported) with the reason, never dropped in silence. The role prints them as warnings (or fails with
    C(zone_fail_on_unsupported)).
  - A configuration that cannot be read as one set of zones is an error - not JSON (the message names the line and
    column of the original text, comment header counted), not an object, or two zones with the same name.
  - The format and its sources (Marvin's C(configGenerator.py) and C(deployDataCenter.py)) are described in the
    collection's C(docs/marvin.md).
author: csops.cloudstack developers (@csops)
positional: _input
options:
  _input:
    description: The configuration, as text (JSON after an optional comment header) or as an already parsed dictionary.
    type: raw
    required: true
"""

EXAMPLES = r"""
- name: Deploy the zones of a Marvin file
  ansible.builtin.include_role:
    name: csops.cloudstack.zone
  vars:
    zone_description: "{{ lookup('ansible.builtin.file', 'advanced.cfg') | csops.cloudstack.marvin_to_zones }}"
"""

RETURN = r"""
_value:
  description: C(zones) (list), C(global_settings) (list of name/value) and C(unsupported) (list of sentences).
  type: dict
"""

import json
from urllib.parse import urlsplit

from ansible.errors import AnsibleFilterError

HYPERVISORS = {h.lower(): h for h in ("KVM", "XenServer", "VMware", "Hyperv", "BareMetal", "Simulator", "Ovm", "Ovm3", "LXC")}
#: host keys carried to the host module; deployDataCenter.addHosts sends these (hosttags as addHost hosttags)
HOST_CARRIED = ("name", "url", "username", "password", "hosttags")
#: host keys Marvin fills itself (addHosts takes the hypervisor from the cluster, the ids from what it created)
HOST_MARVIN = ("hypervisor", "zoneid", "podid", "clusterid", "clustername")
#: deployDataCenter.addHosts sends these for a BareMetal host only (addHost hostmac, cpunumber, cpuspeed, memory)
HOST_BAREMETAL = ("hostmac", "cpunumber", "cpuspeed", "memory")
LABEL_KEYS = {"kvm": "kvm_network_label", "xen": "xen_network_label", "xenserver": "xen_network_label",
              "vmware": "vmware_network_label", "hyperv": "hyperv_network_label", "ovm3": "ovm3_network_label",
              "simulator": "kvm_network_label"}


def _bool(value, default=None):
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "yes", "1")


def parse(text):
    """The configuration as a dictionary.

    Marvin (configGenerator.getSetupConfig) drops every line whose stripped text starts with '#' and parses the
    rest as JSON. The comment lines are blanked here instead of removed, so a JSON error names the line and column
    of the original file, comment header included.
    """
    if isinstance(text, dict):
        return text
    lines = str(text).split("\n")
    body = "\n".join("" if line.lstrip().startswith("#") else line for line in lines)
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        source = lines[exc.lineno - 1].rstrip("\r") if 0 < exc.lineno <= len(lines) else ""
        raise AnsibleFilterError("marvin_to_zones: the configuration is not JSON at line %d column %d (counting its "
                                 "comment header): %s: %s" % (exc.lineno, exc.colno, exc.msg, source.strip()[:80])) from None
    except ValueError as exc:
        raise AnsibleFilterError("marvin_to_zones: the configuration is not JSON after its comment header: %s" % exc) from None
    if not isinstance(data, dict):
        raise AnsibleFilterError("marvin_to_zones: the configuration must be a JSON object with a 'zones' list.")
    return data


def ranges(items):
    out = []
    for item in items or []:
        rng = {"gateway": item.get("gateway"), "netmask": item.get("netmask"), "start_ip": item.get("startip"),
               "end_ip": item.get("endip")}
        if item.get("vlan"):
            rng["vlan"] = str(item["vlan"])
        out.append(rng)
    return out


def tags(value):
    """Marvin's tags: a comma-separated string (as addHost/createStoragePool take them) or a list."""
    items = value if isinstance(value, list) else str(value or "").split(",")
    return [str(t).strip() for t in items if str(t).strip()]


def vmware_dc(value):
    """A Marvin VMware datacenter entry (a dict, or configGenerator.pod's default list); None when it names nothing."""
    for entry in (value if isinstance(value, list) else [value]):
        if isinstance(entry, dict) and any(entry.get(k) for k in ("name", "vcenter", "username")):
            return entry
    return None


def host_name(url, cluster, index):
    """A stable name for a host that Marvin gives by URL only."""
    parts = urlsplit(url)
    path = parts.path.strip("/").replace("/", "-")
    base = parts.hostname or url
    return "%s-%s" % (base, path) if path else (base if base not in ("sim", "localhost") else "%s-h%d" % (cluster, index))


def primary(storage, hypervisor, where, unsupported):
    """A Marvin primaryStorages entry (deployDataCenter.createPrimaryStorages)."""
    pentry = {"name": storage.get("name"), "url": storage.get("url")}
    if tags(storage.get("tags")):
        pentry["tags"] = tags(storage["tags"])
    if str(storage.get("scope", "")).lower() == "zone":
        pentry["scope"] = "zone"
        pentry["hypervisor"] = storage.get("hypervisor") or hypervisor
    if storage.get("details"):
        unsupported.append("%s: the details of primary storage %s (createStoragePool details) are not carried; the pool "
                           "is created without them." % (where, storage.get("name")))
    return pentry


def convert_zone(zone, unsupported):
    name = zone.get("name")
    network_type = "Basic" if str(zone.get("networktype", "")).lower() == "basic" else "Advanced"
    out = {
        "name": name,
        "network_type": network_type,
        "dns1": zone.get("dns1"),
        "internal_dns1": zone.get("internaldns1") or zone.get("dns1"),
        "enabled": _bool(zone.get("enabled"), True),
    }
    for key, option in (("dns2", "dns2"), ("internaldns2", "internal_dns2"), ("guestcidraddress", "guest_cidr_address"),
                        ("domain", "network_domain")):
        if zone.get(key):
            out[option] = zone[key]
    if zone.get("localstorageenabled") is not None:
        out["local_storage_enabled"] = _bool(zone["localstorageenabled"])
    if zone.get("securitygroupenabled") is not None:
        out["securitygroups_enabled"] = _bool(zone["securitygroupenabled"])
    vmwaredc = zone.get("vmwaredc")
    if vmwaredc:
        if any(vmwaredc.get(k) for k in ("name", "vcenter", "username")):
            unsupported.append("zone %s: the VMware datacenter %r (addVmwareDc) is not managed by this collection; "
                               "add it by hand or with csops.cloudstack.api." % (name, vmwaredc.get("name")))
        else:
            unsupported.append("zone %s: the VMware datacenter entry has empty name, vCenter and credentials; "
                               "nothing to add (skipped)." % name)
    if zone.get("details"):
        unsupported.append("zone %s: the zone details (updateZoneDetails, deployDataCenter.createZones) are not managed by "
                           "this collection; not applied." % name)
    if zone.get("baremetalrcturl"):
        unsupported.append("zone %s: the baremetal rack configuration %r (addBaremetalRct, deployDataCenter.addBaremetalRct) "
                           "is not managed by this collection; not added." % (name, zone["baremetalrcturl"]))
    if zone.get("tungstenprovider"):
        unsupported.append("zone %s: the Tungsten Fabric provider %r (createTungstenFabricProvider) is not managed by "
                           "this collection." % (name, zone["tungstenprovider"].get("name")))
    out["physical_networks"] = []
    for pnet in zone.get("physical_networks") or []:
        net = {"name": pnet.get("name"), "traffic_types": [], "providers": []}
        if pnet.get("isolationmethods"):
            net["isolation_methods"] = list(pnet["isolationmethods"])
        if pnet.get("vlan"):
            net["vlan"] = str(pnet["vlan"])
        # broadcastdomainrange is not sent: deployDataCenter.createPhysicalNetwork does not send it either, and
        # basic.cfg says "Zone" where a Basic zone accepts only POD (NetworkServiceImpl.createPhysicalNetwork).
        if pnet.get("tags"):
            net["tags"] = list(pnet["tags"])
        for traffic in pnet.get("traffictypes") or []:
            entry = {"type": traffic.get("typ")}
            for key, value in traffic.items():
                if key in LABEL_KEYS and value:
                    entry[LABEL_KEYS[key]] = value
            net["traffic_types"].append(entry)
        for provider in pnet.get("providers") or []:
            if provider.get("name") == "Tungsten":
                unsupported.append("zone %s: provider Tungsten on physical network %s is not managed by this collection."
                                   % (name, pnet.get("name")))
                continue
            if str(provider.get("name", "")).startswith("Baremetal"):
                # deployDataCenter.configureProviders neither adds nor enables a Baremetal* provider; its devices
                # (addBaremetalDhcp, addBaremetalPxeKickStartServer, ...) are added by hand
                unsupported.append("zone %s: provider %s on physical network %s (baremetal; its DHCP/PXE devices) is not "
                                   "managed by this collection; not added." % (name, provider["name"], pnet.get("name")))
                continue
            if provider.get("devices"):
                unsupported.append("zone %s: the %d device(s) of provider %s on physical network %s (addNetscalerLoadBalancer, "
                                   "addSrxFirewall, addF5LoadBalancer, addNiciraNvpDevice) are not managed by this "
                                   "collection; the provider is added without them." % (
                                       name, len(provider["devices"]), provider.get("name"), pnet.get("name")))
            net["providers"].append({"name": provider.get("name"), "state": "enabled"})
        out["physical_networks"].append(net)
    iprs = ranges(zone.get("ipranges"))
    pnets = zone.get("physical_networks") or []
    has_public = any(t.get("typ") == "Public" for t in ((pnets[0].get("traffictypes") or []) if pnets else []))
    if network_type == "Basic":
        # deployDataCenter.createZones: a Basic zone gets a shared guest network first; the pods' guest ranges
        # belong to it (createVlanIpRange needs it: NetworkModelImpl.getExclusiveGuestNetwork).
        offering = zone.get("networkofferingname") or (
            "DefaultSharedNetscalerEIPandELBNetworkOffering" if has_public else "DefaultSharedNetworkOfferingWithSGService")
        out["guest_network"] = {"name": "guestNetworkForBasicZone", "display_text": "guestNetworkForBasicZone",
                                "network_offering": offering}
        if iprs and has_public:
            out["public_ranges"] = iprs
        elif iprs:
            unsupported.append("zone %s: ipranges of a Basic zone without Public traffic are not used by Marvin "
                               "either; not deployed." % name)
    elif out.get("securitygroups_enabled"):
        # deployDataCenter.createZones: an Advanced zone with security groups gets one shared network
        # ("Shared SG enabled network") holding the last of the zone's ipranges.
        net = {"name": "Shared SG enabled network", "display_text": "Shared SG enabled network",
               "network_offering": zone.get("networkofferingname") or "DefaultSharedNetworkOfferingWithSGService"}
        if iprs:
            net.update(iprs[-1])
        if len(iprs) > 1:
            unsupported.append("zone %s: only the last of %d ipranges goes into the shared network (as Marvin does); "
                               "the others are not deployed." % (name, len(iprs)))
        out["guest_network"] = net
    elif iprs:
        out["public_ranges"] = iprs
    offering = (out.get("guest_network") or {}).get("network_offering") or ""
    if "tungsten" in offering.lower():
        out["guest_network"]["network_offering"] = "DefaultSharedNetworkOfferingWithSGService"
        unsupported.append("zone %s: the Tungsten Fabric network offering %r is not managed by this collection; the "
                           "shared network uses DefaultSharedNetworkOfferingWithSGService instead." % (name, offering))
    out["pods"] = []
    for pod in zone.get("pods") or []:
        entry = {"name": pod.get("name"), "gateway": pod.get("gateway"), "netmask": pod.get("netmask"),
                 "start_ip": pod.get("startip"), "end_ip": pod.get("endip"), "clusters": []}
        if pod.get("guestIpRanges"):
            entry["guest_ranges"] = ranges(pod["guestIpRanges"])
        pod_dc = vmware_dc(pod.get("vmwaredc"))
        if pod_dc:
            # deployDataCenter.createPods -> createClusters(vmwareDc=pod.vmwaredc) adds it before the pod's clusters
            unsupported.append("zone %s pod %s: the VMware datacenter %r (addVmwareDc) is not managed by this collection; "
                               "add it by hand or with csops.cloudstack.api before the pod's clusters." % (
                                   name, pod.get("name"), pod_dc.get("name")))
        for cluster in pod.get("clusters") or []:
            hypervisor = HYPERVISORS.get(str(cluster.get("hypervisor", "")).lower(), cluster.get("hypervisor"))
            centry = {"name": cluster.get("clustername"), "hypervisor": hypervisor,
                      "cluster_type": cluster.get("clustertype") or "CloudManaged", "hosts": [], "primary_storage": []}
            for key in ("url", "username", "password"):
                if cluster.get(key):
                    centry[key] = cluster[key]
            where = "zone %s pod %s cluster %s" % (name, pod.get("name"), centry["name"])
            hosts = [h for h in cluster.get("hosts") or [] if isinstance(h, dict)]
            if hosts and str(hypervisor).lower() == "vmware":
                # deployDataCenter.createClusters: the hosts of a VMware cluster come from its vCenter (addCluster url)
                unsupported.append("%s: its %d host(s) are not added (a VMware cluster's hosts come from vCenter; "
                                   "Marvin skips them too)." % (where, len(hosts)))
                hosts = []
            ignored = {}
            for index, host in enumerate(hosts):
                hentry = {"name": host.get("name") or host_name(host.get("url", ""), centry["name"], index),
                          "url": host.get("url"), "username": host.get("username"), "password": host.get("password")}
                if tags(host.get("hosttags")):
                    hentry["host_tags"] = tags(host["hosttags"])
                for key, value in host.items():
                    if key not in HOST_CARRIED + HOST_MARVIN and value not in (None, "", [], {}):
                        ignored[key] = ignored.get(key, 0) + 1
                centry["hosts"].append(hentry)
            if ignored:
                baremetal = [k for k in HOST_BAREMETAL if k in ignored]
                unsupported.append("%s: host field(s) %s not carried (%s)%s." % (
                    where, ", ".join(sorted(ignored)), ", ".join("%s on %d host(s)" % (k, n) for k, n in sorted(ignored.items())),
                    "; %s: addHost's BareMetal details, not sent by the host module" % ", ".join(baremetal)
                    if baremetal else ""))
            storages = cluster.get("primaryStorages") or []
            if storages and str(hypervisor).lower() == "baremetal":
                # deployDataCenter.createClusters creates no primary storage for a BareMetal cluster
                unsupported.append("%s: its %d primary storage(s) are not created (a BareMetal cluster has none; Marvin "
                                   "skips them too)." % (where, len(storages)))
                storages = []
            for storage in storages:
                centry["primary_storage"].append(primary(storage, hypervisor, where, unsupported))
            entry["clusters"].append(centry)
        out["pods"].append(entry)
    for storage in zone.get("primaryStorages") or []:
        # deployDataCenter.createZones: a zone's own primaryStorages are created zone-wide (scope zone, their hypervisor)
        pentry = primary(storage, storage.get("hypervisor"), "zone %s" % name, unsupported)
        pentry.pop("scope", None)
        pentry["hypervisor"] = storage.get("hypervisor") or "Any"
        out.setdefault("primary_storage", []).append(pentry)
    out["secondary_storage"] = []
    for index, store in enumerate(zone.get("secondaryStorages") or []):
        provider = store.get("provider") or "NFS"
        details = {k: v for k, v in (store.get("details") or {}).items() if k not in ("__name__", "name")}
        sentry = {"name": store.get("name") or (store.get("details") or {}).get("name") or "%s-secondary-%d" % (name, index),
                  "provider": provider}
        if store.get("url"):
            sentry["url"] = store["url"]
        if details:
            sentry["details"] = details
        out["secondary_storage"].append(sentry)
    out["staging_storage"] = [{"url": store.get("url"), "provider": store.get("provider") or "NFS"}
                              for store in zone.get("cacheStorages") or []]
    return out


def marvin_to_zones(config):
    data = parse(config)
    unsupported = []
    seen = {}
    for index, zone in enumerate(data.get("zones") or []):
        if not isinstance(zone, dict):
            raise AnsibleFilterError("marvin_to_zones: zones[%d] must be a JSON object." % index)
        if zone.get("name") in seen:
            # two entries would be merged into one zone (its name is its identity: createZone refuses a second one)
            raise AnsibleFilterError("marvin_to_zones: zone name %r is used by zones[%d] and zones[%d]; zone names are "
                                     "unique in CloudStack." % (zone.get("name"), seen[zone.get("name")], index))
        seen[zone.get("name")] = index
    zones = [convert_zone(zone, unsupported) for zone in data.get("zones") or []]
    if data.get("s3"):
        unsupported.append("the top-level s3 entry (addS3, deployDataCenter.configureS3) is not managed; describe an S3 "
                           "store in a zone's secondaryStorages instead.")
    if not zones:
        unsupported.append("the configuration has no zones (only %s); nothing to deploy." % (
            ", ".join(sorted(data)) or "nothing"))
    settings = [{"name": item.get("name"), "value": str(item.get("value"))} for item in data.get("globalConfig") or []]
    return {"zones": zones, "global_settings": settings, "unsupported": unsupported}


class FilterModule:
    def filters(self):
        return {"marvin_to_zones": marvin_to_zones}

# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The whole-zone engine behind module zone_converge (issue 14, "Convergence at server speed").

The zone role's description (zones, physical networks, traffic types, providers, ranges, pods, clusters, hosts,
primary and secondary storage, settings) is read from the server once per kind (one list walk each, filtered by
zone where the API can) and compared in memory. Each object is handled by the very class of its own module
(module_utils/resources): the same options, checks, find, compare and write rules; the engine only gives it a
snapshot to read from, a client, and collects what it did into a plan (create / update / unchanged / remove).

Reads that the snapshot cannot answer (an id, a parent created during this run, a filter it does not know) go
to the server as before. Writes that CloudStack lets run side by side (the clusters' hosts and storage, each
cluster on its own) run on up to `parallelism` threads, each with its own API client.
"""

from __future__ import annotations

import copy
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from .api import CloudStackError
from .module import ResourceModule, _UNSET
from .resources.cluster import Cluster
from .resources.configuration import Configuration
from .resources.host import Host
from .resources.image_store import ImageStore
from .resources.network_service_provider import NetworkServiceProvider
from .resources.physical_network import PhysicalNetwork
from .resources.pod import Pod
from .resources.storage_network_ip_range import StorageNetworkIpRange
from .resources.storage_pool import StoragePool
from .resources.traffic_type import TrafficType
from .resources.vlan_ip_range import VlanIpRange
from .resources.zone import Zone

#: filters the snapshot applies in memory (the server's exact-match filters); `name` is left to the classes,
#: which all compare names themselves (the server's name filter may be a substring match)
FILTERS = ("zoneid", "podid", "clusterid", "physicalnetworkid", "type")
PASS = ("name", "listall")
#: kinds the server never makes on its own under a new parent: under a parent this run created, the snapshot (with
#: what this run added) is complete. Others (providers of a new physical network, ...) are read from the server.
OWN_CHILDREN = ("listPods", "listClusters", "listHosts", "listStoragePools", "listImageStores", "listSecondaryStagingStores")
#: validator options of module_kwargs that the embedded classes declare
CHECKS = ("mutually_exclusive", "required_together", "required_one_of", "required_if", "required_by")
LABELS = ("kvm_network_label", "xen_network_label", "vmware_network_label", "hyperv_network_label", "ovm3_network_label")


def _set(params):
    return {key: value for key, value in params.items() if value is not None}


class Snapshot:
    """What the server held when the run started, one list walk per kind, plus what this run created."""

    def __init__(self):
        self.data = {}
        self.created = set()
        self.lock = threading.Lock()

    def put(self, command, items, scope=None):
        """items read with scope (the call's filters, kept for items that do not carry them)."""
        bucket = self.data.setdefault(command, [])
        for item in items:
            tags = {key: item.get(key, (scope or {}).get(key)) for key in FILTERS}
            bucket.append((tags, item))

    def cover(self, command):
        self.data.setdefault(command, [])

    def add(self, command, item, created=True):
        """An object this run made: later reads find it by name; reads of its children go to the server."""
        if not item:
            return
        with self.lock:
            self.put(command, [item])
            if created and item.get("id"):
                self.created.add(str(item["id"]))

    def replace(self, command, item):
        """An object this run changed (in check mode, as it would be): later reads see it changed."""
        with self.lock:
            bucket = self.data.get(command, [])
            for index, (tags, old) in enumerate(bucket):
                if old.get("id") == item["id"]:
                    bucket[index] = (tags, item)

    def serve(self, command, params):
        """The items the server would list (a superset for `name`), or None when the snapshot cannot tell."""
        if command not in self.data:
            return None
        filters = {}
        for key, value in params.items():
            if key in PASS:
                continue
            if key not in FILTERS or (str(value) in self.created and command not in OWN_CHILDREN):
                return None
            filters[key] = str(value)
        with self.lock:
            bucket = list(self.data[command])
        # shallow copies: the classes build new dicts for what they change (simulate, after)
        return [dict(item) for tags, item in bucket if all(str(tags.get(key)) == value for key, value in filters.items())]


class _Embedded:
    """What an embedded object class sees of AnsibleModule."""

    def __init__(self, engine, params, name):
        self.params = params
        self.check_mode = engine.check_mode
        self._diff = True
        self._name = name
        self.no_log_values = engine.module.no_log_values
        self.warnings = []

    def warn(self, msg):
        self.warnings.append(msg)

    def fail_json(self, msg, **kwargs):
        raise CloudStackError(msg)


class Engine:
    """Plans and applies one or more zone descriptions (the zone role's structure)."""

    def __init__(self, module, clients, check_mode, parallelism=4, host_wait_timeout=300, state="present"):
        self.module = module            # the outer AnsibleModule (secrets, warnings)
        self.new_client = clients       # a callable making one API client
        self.client = clients()
        self.check_mode = check_mode
        self.parallelism = max(1, int(parallelism))
        self.host_wait_timeout = host_wait_timeout
        self.state = state
        self.snapshot = Snapshot()
        self.plan = []
        self.warnings = []
        self.changed = False
        self.lock = threading.Lock()
        self.local = threading.local()
        self.reads = 0
        self._clients = [self.client]
        #: called with the engine once the server is read, before the plan (the module's preflight)
        self.before_plan = None

    def reader(self, command, key=None, **params):
        """A list read for another reader (the preflight): from the snapshot when it can tell, else the server."""
        served = self.snapshot.serve(command, params)
        if served is not None:
            return served
        with self.lock:
            self.reads += 1
        return self.client.list_all(command, params, key=key)

    # ---------------------------------------------------------------- reading once per kind
    def read(self, command, **params):
        self.reads += 1
        return self.client.list_all(command, params)

    def prefetch(self, zones, settings):
        snap = self.snapshot
        for command in ("listZones", "listPhysicalNetworks", "listTrafficTypes", "listNetworkServiceProviders",
                        "listVlanIpRanges", "listPods", "listStorageNetworkIpRange", "listClusters", "listHosts",
                        "listStoragePools", "listImageStores", "listSecondaryStagingStores"):
            snap.cover(command)
        if settings:
            snap.put("listConfigurations", self.read("listConfigurations"))
        found = self.read("listZones")
        snap.put("listZones", found)
        by_name = {}
        for item in found:
            by_name.setdefault(item.get("name"), item)
        providers = False
        for zone in zones:
            obj = by_name.get(zone.get("name"))
            if obj is None:
                continue
            zid = obj["id"]
            pods = zone.get("pods") or []
            clusters = [c for p in pods for c in p.get("clusters") or []]
            pnets = zone.get("physical_networks") or []
            if pnets:
                items = self.read("listPhysicalNetworks", zoneid=zid)
                snap.put("listPhysicalNetworks", items, {"zoneid": zid})
                described = {p.get("name"): p for p in pnets}
                for item in items:
                    if (described.get(item.get("name")) or {}).get("traffic_types"):
                        pid = item["id"]
                        snap.put("listTrafficTypes", self.read("listTrafficTypes", physicalnetworkid=pid),
                                 {"physicalnetworkid": pid, "zoneid": zid})
                providers = providers or any(p.get("providers") for p in pnets)
            if zone.get("public_ranges") or any(p.get("guest_ranges") for p in pods):
                snap.put("listVlanIpRanges", self.read("listVlanIpRanges", zoneid=zid), {"zoneid": zid})
            if pods:
                snap.put("listPods", self.read("listPods", zoneid=zid), {"zoneid": zid})
            if any(p.get("storage_ranges") for p in pods):
                snap.put("listStorageNetworkIpRange", self.read("listStorageNetworkIpRange", zoneid=zid), {"zoneid": zid})
            if clusters:
                snap.put("listClusters", self.read("listClusters", zoneid=zid), {"zoneid": zid})
            if any(c.get("hosts") for c in clusters):
                snap.put("listHosts", self.read("listHosts", zoneid=zid, type="Routing"), {"zoneid": zid, "type": "Routing"})
            if zone.get("primary_storage") or any(c.get("primary_storage") for c in clusters):
                snap.put("listStoragePools", self.read("listStoragePools", zoneid=zid), {"zoneid": zid})
            if zone.get("secondary_storage"):
                snap.put("listImageStores", self.read("listImageStores", zoneid=zid), {"zoneid": zid})
            if zone.get("staging_storage"):
                snap.put("listSecondaryStagingStores", self.read("listSecondaryStagingStores", zoneid=zid), {"zoneid": zid})
        if providers:
            snap.put("listNetworkServiceProviders", self.read("listNetworkServiceProviders"))

    # ---------------------------------------------------------------- one object through its own class
    def client_here(self):
        return getattr(self.local, "client", None) or self.client

    def embed(self, cls, params, label):
        spec = copy.deepcopy(cls.argument_spec)
        checks = {key: value for key, value in (cls.module_kwargs or {}).items() if key in CHECKS}
        result = ArgumentSpecValidator(spec, **checks).validate(_set(params))
        if result.error_messages:
            raise CloudStackError("%s: %s" % (label, "; ".join(str(m) for m in result.error_messages)))
        validated = dict(result.validated_parameters)
        for key in spec:
            validated.setdefault(key, None)
        obj = cls.__new__(cls)
        obj.module = _Embedded(self, validated, label)
        obj.params = validated
        obj.check_mode = self.check_mode
        obj.result = {"changed": False}
        obj._client = self.client_here()
        obj._cache = {}
        obj.warnings = []
        obj._started = time.monotonic()
        obj.waits = "wait_timeout" in cls.argument_spec
        if isinstance(obj, ResourceModule):
            obj.before = None
            obj._found = _UNSET
            raw = {}
            finish = obj.finish

            def keep(after):
                raw["after"] = after
                finish(after)
            obj.finish = keep
            obj.raw = raw
        engine = self

        def snapshot_list(command, key=None, **query):
            if obj.check_mode and any(value is None for value in query.values()):
                return []
            served = engine.snapshot.serve(command, query)
            if served is not None:
                return served
            with engine.lock:
                engine.reads += 1
            return obj.client.list_all(command, query, key=key)
        obj.list = snapshot_list
        if hasattr(obj, "prepare"):
            obj.prepare()
        return obj

    def record(self, entry):
        """A plan entry; work run side by side keeps its entries until all of it has ended (description order)."""
        entries = getattr(self.local, "entries", None)
        if entries is not None:
            entries.append(entry)
        else:
            with self.lock:
                self.plan.append(entry)

    def step(self, kind, label, cls, params):
        """Run one object's class; record its plan entry; return its raw object (None when absent)."""
        obj = self.embed(cls, params, label)
        try:
            obj.run()
        except CloudStackError as exc:
            if obj.result["changed"]:
                self.changed = True
            raise CloudStackError("%s: %s" % (label, exc.message)) from None
        finally:
            for message in obj.module.warnings:
                self.warnings.append("%s: %s" % (label, message))
        diff = obj.result.get("diff") or {}
        before, after = diff.get("before") or {}, diff.get("after") or {}
        changed = obj.result["changed"]
        if not changed:
            action = "unchanged"
        elif not before:
            action = "create"
        elif not after:
            action = "remove"
        else:
            action = "update"
        entry = {"kind": kind, "object": label, "action": action}
        if action == "update":
            keys = sorted(set(before) | set(after))
            entry["changes"] = {k: {"before": before.get(k), "after": after.get(k)} for k in keys if before.get(k) != after.get(k)}
        if changed:
            entry["before"], entry["after"] = before, after
        self.record(entry)
        if changed:
            with self.lock:
                self.changed = True
        raw = getattr(obj, "raw", {}).get("after")
        if raw is not None and isinstance(obj, ResourceModule):
            raw = dict(raw)
            raw.setdefault("id", None)
            if action == "create":
                self.snapshot.add(obj.list_command, raw)
            elif action == "update" and raw.get("id"):
                self.snapshot.replace(obj.list_command, raw)
        return raw

    # ---------------------------------------------------------------- plan, then apply
    def run(self, zones, settings):
        """Plan the whole description in memory (no write; any problem fails here), then apply it when it
        changes something and this is not check mode. state=absent: the zones taken apart, the last first."""
        work = self.converge if self.state != "absent" else self.remove
        self.prefetch(zones, settings if self.state != "absent" else [])
        if self.before_plan is not None:
            self.before_plan(self)
        saved = copy.deepcopy(self.snapshot.data)
        wanted_check, self.check_mode = self.check_mode, True
        try:
            work(zones, settings)
        except CloudStackError:
            self.changed = self.changed and wanted_check  # the plan wrote nothing
            raise
        self.check_mode = wanted_check
        if self.check_mode or not self.changed:
            return
        self.snapshot.data, self.snapshot.created = saved, set()
        self.plan, self.changed, self.warnings = [], False, []
        work(zones, settings)

    # ---------------------------------------------------------------- taking zones apart
    def remove(self, zones, settings=None):
        """The reverse of converge (as the role's zone_absent.yml): disable the zone, destroy its system VMs (they
        hold its pods), staging and secondary storage, zone-wide storage, each pod's clusters (storage, hosts,
        cluster) side by side, pod ranges and pods, public ranges, the shared guest network, physical networks,
        the zone."""
        for z in reversed(zones):
            name = z.get("name")
            found = [item for item in self.snapshot.serve("listZones", {}) or [] if item.get("name") == name]
            if not found:
                continue
            zid = found[0]["id"]
            self.step("zone", "zone %s (disable)" % name, Zone, dict(name=name, state="disabled"))
            with self.lock:
                self.reads += 1
            for vm in self.client.list_all("listSystemVms", {"zoneid": zid}):
                self.record({"kind": "system_vm", "object": "zone %s system VM %s" % (name, vm.get("name")),
                             "action": "remove", "before": {"name": vm.get("name"), "id": vm.get("id")}, "after": {}})
                self.changed = True
                if not self.check_mode:
                    self.client.call("destroySystemVm", {"id": vm["id"]})
            for item in z.get("staging_storage") or []:
                self.step("image_store", "zone %s staging storage %s" % (name, item.get("url")), ImageStore,
                          dict(name=item.get("name") or item.get("url"), zone=name, staging=True, url=item.get("url"),
                               state="absent"))
            self.in_parallel([(self.step, ("image_store", "zone %s secondary storage %s" % (name, item.get("name")),
                                           ImageStore, dict(name=item.get("name"), zone=name, state="absent")))
                              for item in z.get("secondary_storage") or []])
            self.in_parallel([(self.step, ("storage_pool", "zone %s primary storage %s" % (name, item.get("name")),
                                           StoragePool, dict(name=item.get("name"), zone=name, state="absent", force=True)))
                              for item in z.get("primary_storage") or []])
            pods = list(reversed(z.get("pods") or []))
            self.in_parallel([(self.remove_cluster, (name, pod.get("name"), c)) for pod in pods
                              for c in reversed(pod.get("clusters") or [])])
            for pod in pods:
                label = "zone %s pod %s" % (name, pod.get("name"))
                for item in pod.get("guest_ranges") or []:
                    self.step("vlan_ip_range", "%s guest range %s-%s" % (label, item.get("start_ip"), item.get("end_ip") or item.get("start_ip")),
                              VlanIpRange, dict(zone=name, start_ip=item.get("start_ip"), end_ip=item.get("end_ip"), state="absent"))
                for item in pod.get("storage_ranges") or []:
                    self.step("storage_network_ip_range", "%s storage range %s-%s" % (label, item.get("start_ip"), item.get("end_ip") or item.get("start_ip")),
                              StorageNetworkIpRange, dict(zone=name, pod=pod.get("name"), start_ip=item.get("start_ip"),
                                                          end_ip=item.get("end_ip"), state="absent"))
                self.step("pod", label, Pod, dict(name=pod.get("name"), zone=name, state="absent"))
            for item in z.get("public_ranges") or []:
                self.step("vlan_ip_range", "zone %s public range %s-%s" % (name, item.get("start_ip"), item.get("end_ip") or item.get("start_ip")),
                          VlanIpRange, dict(zone=name, start_ip=item.get("start_ip"), end_ip=item.get("end_ip"), state="absent"))
            if z.get("guest_network"):
                net = z["guest_network"]
                with self.lock:
                    self.reads += 1
                for item in self.client.list_all("listNetworks", {"zoneid": zid, "listall": True}):
                    if item.get("name") == net.get("name"):
                        self.record({"kind": "network", "object": "zone %s guest network %s" % (name, net.get("name")),
                                     "action": "remove", "before": {"name": item.get("name"), "id": item.get("id")}, "after": {}})
                        self.changed = True
                        if not self.check_mode:
                            self.client.call("deleteNetwork", {"id": item["id"]})
            for pnet in reversed(z.get("physical_networks") or []):
                self.step("physical_network", "zone %s physical network %s" % (name, pnet.get("name")), PhysicalNetwork,
                          dict(name=pnet.get("name"), zone=name, state="absent"))
            self.step("zone", "zone %s" % name, Zone, dict(name=name, state="absent"))

    def remove_cluster(self, zone, pod, c):
        label = "zone %s pod %s cluster %s" % (zone, pod, c.get("name"))
        for item in c.get("primary_storage") or []:
            self.step("storage_pool", "%s primary storage %s" % (label, item.get("name")), StoragePool,
                      dict(name=item.get("name"), zone=zone, state="absent", force=True))
        hosts = c.get("hosts") or []
        if c.get("hypervisor") == "Simulator":
            # simulator agents are not named after their URL: the cluster's hosts as listed (the role does the same)
            clusters = [item for item in self.snapshot.serve("listClusters", {}) or []
                        if item.get("name") == c.get("name") and item.get("podname") == pod]
            hosts = list(self.snapshot.serve("listHosts", {"clusterid": clusters[0]["id"]}) or []) if clusters else []
        for h in hosts:
            self.step("host", "%s host %s" % (label, h.get("name")), Host,
                      dict(name=h.get("name"), zone=zone, cluster=c.get("name"), state="absent", force=True))
        self.step("cluster", label, Cluster, dict(name=c.get("name"), zone=zone, state="absent"))

    # ---------------------------------------------------------------- the zone role's order
    def converge(self, zones, settings):
        for setting in settings:
            self.step("configuration", "setting %s" % setting.get("name"), Configuration,
                      {"name": setting.get("name"), "value": setting.get("value")})
        for zone in zones:
            self.zone(zone)

    def zone(self, z):
        name = z.get("name")
        zone = {key: z.get(key) for key in ("network_type", "dns1", "dns2", "internal_dns1", "internal_dns2", "dns1_ipv6",
                                            "dns2_ipv6", "guest_cidr_address", "network_domain", "local_storage_enabled",
                                            "securitygroups_enabled")}
        zone_obj = self.step("zone", "zone %s" % name, Zone, dict(zone, name=name))
        for pnet in z.get("physical_networks") or []:
            self.physical_network(name, pnet)
        if z.get("guest_network"):
            self.guest_network(z, zone_obj)
        public = next((p.get("name") for p in z.get("physical_networks") or []
                       if "Public" in [t.get("type") for t in p.get("traffic_types") or []]), None)
        for item in z.get("public_ranges") or []:
            self.step("vlan_ip_range", "zone %s public range %s-%s" % (name, item.get("start_ip"), item.get("end_ip") or item.get("start_ip")),
                      VlanIpRange, dict(zone=name, physical_network=item.get("physical_network") or public,
                                        gateway=item.get("gateway"), netmask=item.get("netmask"), start_ip=item.get("start_ip"),
                                        end_ip=item.get("end_ip"), vlan=item.get("vlan"), ip6_gateway=item.get("ip6_gateway"),
                                        ip6_cidr=item.get("ip6_cidr"), start_ipv6=item.get("start_ipv6"),
                                        end_ipv6=item.get("end_ipv6"), for_virtual_network=True))
        cluster_work = []
        for pod in z.get("pods") or []:
            cluster_work.extend(self.pod(name, pod))
        self.in_parallel(cluster_work)
        self.in_parallel([(self.storage_pool, (name, None, None, item)) for item in z.get("primary_storage") or []])
        stores = [(self.image_store, (name, item, False)) for item in z.get("secondary_storage") or []]
        stores += [(self.image_store, (name, item, True)) for item in z.get("staging_storage") or []]
        self.in_parallel(stores)
        if z.get("enabled", True):
            self.step("zone", "zone %s (enable)" % name, Zone,
                      dict(name=name, network_type=z.get("network_type"), dns1=z.get("dns1"),
                           internal_dns1=z.get("internal_dns1"), state="enabled"))

    def physical_network(self, zone, p):
        name = p.get("name")
        label = "zone %s physical network %s" % (zone, name)
        self.step("physical_network", label, PhysicalNetwork,
                  dict(name=name, zone=zone, isolation_methods=p.get("isolation_methods"), vlan=p.get("vlan"),
                       broadcast_domain_range=p.get("broadcast_domain_range"), tags=p.get("tags"),
                       network_speed=p.get("network_speed"), state="enabled"))
        for item in p.get("traffic_types") or []:
            params = dict(physical_network=name, zone=zone, traffic_type=item.get("type"), vlan=item.get("vlan"))
            params.update({key: item.get(key) for key in LABELS})
            self.step("traffic_type", "%s traffic %s" % (label, item.get("type")), TrafficType, params)
        for item in p.get("providers") or []:
            self.step("network_service_provider", "%s provider %s" % (label, item.get("name")), NetworkServiceProvider,
                      dict(name=item.get("name"), physical_network=name, zone=zone, state=item.get("state") or "enabled"))

    def guest_network(self, z, zone_obj):
        """The shared guest network of a Basic / Advanced-SG zone (as the role's guest_network.yml does)."""
        net = z["guest_network"]
        label = "zone %s guest network %s" % (z.get("name"), net.get("name"))
        zid = (zone_obj or {}).get("id")
        existing = []
        if zid:
            with self.lock:
                self.reads += 1
            existing = [n for n in self.client.list_all("listNetworks", {"zoneid": zid, "listall": True})
                        if n.get("name") == net.get("name")]
        if existing:
            self.plan.append({"kind": "network", "object": label, "action": "unchanged"})
            return
        self.reads += 1
        offerings = [o for o in self.client.list_all("listNetworkOfferings", {"name": net.get("network_offering")})
                     if o.get("name") == net.get("network_offering")]
        if not offerings:
            raise CloudStackError("%s: no network offering named %s." % (label, net.get("network_offering")))
        params = {"name": net.get("name"), "displaytext": net.get("display_text") or net.get("name"),
                  "zoneid": zid, "networkofferingid": offerings[0]["id"]}
        if net.get("start_ip"):
            params.update(gateway=net.get("gateway"), netmask=net.get("netmask"), startip=net.get("start_ip"),
                          endip=net.get("end_ip") or net.get("start_ip"))
        if net.get("vlan"):
            params["vlan"] = net["vlan"]
        after = {"name": net.get("name"), "zone_id": zid, "network_offering_id": offerings[0]["id"]}
        self.plan.append({"kind": "network", "object": label, "action": "create", "before": {}, "after": after})
        self.changed = True
        if not self.check_mode:
            self.client.call("createNetwork", params)

    def pod(self, zone, p):
        name = p.get("name")
        label = "zone %s pod %s" % (zone, name)
        self.step("pod", label, Pod, dict(name=name, zone=zone, gateway=p.get("gateway"), netmask=p.get("netmask"),
                                          start_ip=p.get("start_ip"), end_ip=p.get("end_ip"),
                                          management_ranges=p.get("management_ranges")))
        for item in p.get("guest_ranges") or []:
            self.step("vlan_ip_range", "%s guest range %s-%s" % (label, item.get("start_ip"), item.get("end_ip") or item.get("start_ip")),
                      VlanIpRange, dict(zone=zone, pod=name, gateway=item.get("gateway"), netmask=item.get("netmask"),
                                        start_ip=item.get("start_ip"), end_ip=item.get("end_ip"), vlan=item.get("vlan"),
                                        for_virtual_network=False))
        for item in p.get("storage_ranges") or []:
            self.step("storage_network_ip_range", "%s storage range %s-%s" % (label, item.get("start_ip"), item.get("end_ip") or item.get("start_ip")),
                      StorageNetworkIpRange, dict(zone=zone, pod=name, gateway=item.get("gateway"), netmask=item.get("netmask"),
                                                  start_ip=item.get("start_ip"), end_ip=item.get("end_ip"), vlan=item.get("vlan")))
        work = []
        for c in p.get("clusters") or []:
            cluster = self.step("cluster", "%s cluster %s" % (label, c.get("name")), Cluster,
                                dict(name=c.get("name"), zone=zone, pod=name, hypervisor=c.get("hypervisor"),
                                     cluster_type=c.get("cluster_type") or "CloudManaged", url=c.get("url"),
                                     username=c.get("username"), password=c.get("password")))
            work.append((self.cluster_members, (zone, name, c, cluster)))
        return work

    def cluster_members(self, zone, pod, c, cluster):
        """Hosts, then primary storage of one cluster (CloudStack attaches a cluster's pool to its hosts)."""
        hosts = list(c.get("hosts") or [])
        label = "zone %s pod %s cluster %s" % (zone, pod, c.get("name"))
        if c.get("hypervisor") == "Simulator" and cluster and cluster.get("id") \
                and str(cluster["id"]) not in self.snapshot.created:
            # A simulator agent is named SimulatedAgent.<guid>, never after its URL (SimulatorDiscoverer): the
            # hosts are counted, not matched, and only the missing ones are added (as the role does).
            present = self.snapshot.serve("listHosts", {"clusterid": cluster["id"], "type": "Routing"})
            if present is None:
                with self.lock:
                    self.reads += 1
                present = self.client_here().list_all("listHosts", {"clusterid": cluster["id"], "type": "Routing"})
            for host in present[:len(hosts)]:
                self.record({"kind": "host", "object": "%s host %s" % (label, host.get("name")), "action": "unchanged"})
            hosts = hosts[len(present):]
        for h in hosts:
            self.step("host", "%s host %s" % (label, h.get("name")), Host,
                      dict(name=h.get("name"), url=h.get("url"), zone=zone, pod=pod, cluster=c.get("name"),
                           hypervisor=c.get("hypervisor"), username=h.get("username"), password=h.get("password"),
                           host_tags=h.get("host_tags"), wait_timeout=self.host_wait_timeout))
        for item in c.get("primary_storage") or []:
            self.storage_pool(zone, pod, c.get("name"), item)

    def storage_pool(self, zone, pod, cluster, item):
        where = "zone %s" % zone if cluster is None else "zone %s pod %s cluster %s" % (zone, pod, cluster)
        params = dict(name=item.get("name"), zone=zone, storage_url=item.get("url"), storage_tags=item.get("tags"),
                      provider=item.get("provider"))
        if cluster is None:
            params.update(scope="zone", hypervisor=item.get("hypervisor") or "Any")
        else:
            params.update(pod=pod, cluster=cluster, scope=item.get("scope") or "cluster", hypervisor=item.get("hypervisor"))
        self.step("storage_pool", "%s primary storage %s" % (where, item.get("name")), StoragePool, params)

    def image_store(self, zone, item, staging):
        if staging:
            self.step("image_store", "zone %s staging storage %s" % (zone, item.get("url")), ImageStore,
                      dict(name=item.get("name") or item.get("url"), zone=zone, staging=True, url=item.get("url")))
        else:
            self.step("image_store", "zone %s secondary storage %s" % (zone, item.get("name")), ImageStore,
                      dict(name=item.get("name"), zone=zone, provider=item.get("provider") or "NFS", url=item.get("url"),
                           details=item.get("details")))

    # ---------------------------------------------------------------- side by side
    def in_parallel(self, work):
        """Run (function, args) items on up to `parallelism` threads, each with its own client; the first
        error (in description order) is raised once all have ended."""
        if not work:
            return
        if self.parallelism == 1 or len(work) == 1 or self.check_mode:
            for function, args in work:
                function(*args)
            return

        def run(item):
            function, args = item
            if getattr(self.local, "client", None) is None:
                self.local.client = self.new_client()
                with self.lock:
                    self._clients.append(self.local.client)
            self.local.entries = []
            try:
                function(*args)
                return self.local.entries, None
            except CloudStackError as exc:
                return self.local.entries, exc
            finally:
                self.local.entries = None
        with ThreadPoolExecutor(max_workers=min(self.parallelism, len(work))) as pool:
            done = list(pool.map(run, work))
        errors = []
        for entries, error in done:
            self.plan.extend(entries)
            if error is not None:
                errors.append(error)
        if errors:
            raise errors[0]

    def close(self, keep=None):
        """End the sessions of the clients the engine made (keep: the caller's, which it ends itself)."""
        for client in self._clients:
            if client is keep:
                continue
            try:
                client.end_session()
            except Exception:  # pylint: disable=broad-except
                pass

    def summary(self):
        names = {"create": "created", "update": "updated", "remove": "removed", "unchanged": "unchanged"}
        counts = dict.fromkeys(names.values(), 0)
        for entry in self.plan:
            counts[names[entry["action"]]] += 1
        return counts

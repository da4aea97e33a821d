"""Placement of guest VMs and virtual routers on the emulator's hosts and primary storage.

Sources (apache/cloudstack 4.18.0.0): FirstFitPlanner / FirstFitAllocator (hosts Up and Enabled, of the
template's hypervisor, with the offering's host tag, in an Enabled pod/cluster, enough CPU and RAM after the
overprovisioning factors), ClusterScopeStoragePoolAllocator / ZoneWideStoragePoolAllocator (Up pools),
VirtualMachineName (i-<account>-<id>-<suffix>, r-<id>-<suffix>), vm_instance ids shared by every VM kind.
Rules: docs/emulator-guest.md.
"""
from __future__ import annotations

from . import configs

RUNNING_ON_HOST = ("Starting", "Running", "Stopping", "Migrating")


def setting(store, name, zoneid=None, default=None):
    """A global setting's value (zone value when the key has zone scope), else default."""
    configs.ensure(store)
    row = configs.find_row(store, name)
    if row is None:
        return default
    try:
        value = configs.value_in_scope(store, row, configs.Z, zoneid) if zoneid else row.get("_value", row.get("value"))
    except Exception:  # pylint: disable=broad-except
        value = row.get("_value", row.get("value"))
    return default if value in (None, "") else value


def instance_suffix(store):
    return setting(store, "instance.name", default="VM") or "VM"


def next_vm_number(store):
    """vm_instance.id: one sequence for user VMs, routers and system VMs."""
    with store.lock:
        used = [o.get("_id", 0) for c in ("systemvms", "virtualmachines", "routers") for o in store.all(c)]
        seq = [store._next_id.get(c, 1) for c in ("systemvms", "virtualmachines", "routers")]  # pylint: disable=protected-access
        return max(seq + [u + 1 for u in used])


def _host_load(store, host_id):
    cpu = mem = 0
    for coll in ("virtualmachines", "routers", "systemvms"):
        for vm in store.all(coll):
            if vm.get("hostid") == host_id and vm.get("state") in RUNNING_ON_HOST:
                cpu += int(vm.get("cpunumber") or 1) * int(vm.get("cpuspeed") or 500)
                mem += int(vm.get("memory") or 256) * 1024 * 1024
    return cpu, mem


def host_capacity(store, host):
    """(cpu MHz, memory bytes) with cpu.overprovisioning.factor / mem.overprovisioning.factor (cluster scope)."""
    cpu_factor = float(setting(store, "cpu.overprovisioning.factor", default="1") or 1)
    mem_factor = float(setting(store, "mem.overprovisioning.factor", default="1") or 1)
    cpu = int(host.get("cpunumber") or 0) * int(host.get("cpuspeed") or 0) * cpu_factor
    mem = int(host.get("memorytotal") or 0) * mem_factor
    return cpu, mem


def usable_hosts(store, zone_id, *, hypervisor=None, hosttag=None, podid=None, clusterid=None, hostid=None):
    out = []
    for h in store.all("hosts", zoneid=zone_id):
        if (h.get("type") or "Routing") != "Routing" or h.get("state") != "Up":
            continue
        if (h.get("resourcestate") or "Enabled") != "Enabled":
            continue
        if hypervisor and hypervisor not in ("None", "Any") and h.get("hypervisor") != hypervisor:
            continue
        if hosttag and hosttag not in [t.strip() for t in str(h.get("hosttags") or "").split(",") if t.strip()]:
            continue
        if podid and h.get("podid") != podid or clusterid and h.get("clusterid") != clusterid or \
                hostid and h.get("id") != hostid:
            continue
        pod = store.get("pods", h.get("podid")) if h.get("podid") else None
        cluster = store.get("clusters", h.get("clusterid")) if h.get("clusterid") else None
        if pod and pod.get("allocationstate") == "Disabled" or cluster and cluster.get("allocationstate") == "Disabled":
            continue
        out.append(h)
    return sorted(out, key=lambda h: h.get("_id", 0))


def pick_host(store, zone_id, cpu_mhz, mem_mb, **filters):
    """FirstFitAllocator: the first usable host with enough free CPU and RAM, or None."""
    for h in usable_hosts(store, zone_id, **filters):
        used_cpu, used_mem = _host_load(store, h["id"])
        cap_cpu, cap_mem = host_capacity(store, h)
        if used_cpu + cpu_mhz <= cap_cpu and used_mem + mem_mb * 1024 * 1024 <= cap_mem:
            return h
    return None


def pick_pool(store, host, local=False):
    """An Up primary storage pool the host can reach: cluster scope in its cluster, zone scope in its zone,
    host scope (local storage) on the host itself."""
    pools = [p for p in store.all("storagepools", zoneid=host.get("zoneid")) if p.get("state") == "Up"]
    for p in sorted(pools, key=lambda o: o.get("_id", 0)):
        scope = str(p.get("scope") or "CLUSTER").upper()
        if local:
            if scope == "HOST" and (p.get("hostid") in (None, host["id"])):
                return p
            continue
        if scope == "ZONE" or scope == "CLUSTER" and p.get("clusterid") in (None, host.get("clusterid")):
            return p
    return None


def host_control_state(host):
    """ControlState.getControlState(host status, resource state)."""
    if host is None or not host.get("state") or host.get("state") == "Unknown":
        return "Unknown"
    if host.get("state") in ("Down", "Disconnected", "Alert", "Removed", "Error", "Rebalancing"):
        return "Offline"
    rs = host.get("resourcestate") or "Enabled"
    if rs in ("Maintenance", "ErrorInMaintenance", "PrepareForMaintenance", "ErrorInPrepareForMaintenance"):
        return "Maintenance"
    return "Enabled" if rs == "Enabled" else "Disabled"

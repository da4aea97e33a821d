"""System VMs: listSystemVms, startSystemVm, stopSystemVm, rebootSystemVm, destroySystemVm and the
creation of the secondary storage VM (SSVM) and console proxy VM (CPVM) of a zone.

Sources (apache/cloudstack 3d6cafe1936e): ManagementServerImpl.searchForSystemVm / startSystemVM /
stopSystemVM / rebootSystemVM / destroySystemVM, ApiResponseHelper.createSystemVmResponse,
SecondaryStorageManagerImpl.getScannablePools / isZoneReady / scanPool, ConsoleProxyManagerImpl.
getScannablePools / isZoneReady / isPoolReadyForScan, VirtualMachineName.getSystemVmName /
getConsoleProxyName. Rules and sources: docs/emulator-configs-systemvms.md.

When system VMs appear: CloudStack's load scanners look every few seconds at the Enabled, non-Edge zones;
a zone that has an Up and Enabled routing host, Up primary storage (shared, or local when
system.vm.use.local.storage is true for the zone) and a writable image store (the system VM template is
there) gets an SSVM (one per image store) and a CPVM. The emulator runs that scan lazily: before every
system VM command (ensure_system_vms), and when a destroy job completes (so the replacement exists at once).
A new system VM is Starting; after the boot delay (emu.systemvm_boot_delay when set, else the job delay)
it is Running with its agent Up. Time-based transitions are applied when the system VMs are next read.

Seeding: /_emulator/seed {"systemvms": [{"zoneid": ..., "systemvmtype": "consoleproxy", ...}]} inserts a
system VM; missing fields are filled (name v-N-VM / s-N-VM, state Running, agentstate Up, zone names).
"""
from __future__ import annotations

import re
import time

from ..errors import ApiError, invalid_value, runtime_error
from ..registry import HANDLERS, command
from ..store import now_str
from .common import AsyncResult
from . import configs

for _name in ("listSystemVms", "startSystemVm", "stopSystemVm", "rebootSystemVm", "destroySystemVm"):
    HANDLERS.pop(_name, None)  # placeholders of the core helper in misc.py

SSVM, CPVM = "secondarystoragevm", "consoleproxy"
PREFIX = {SSVM: "s", CPVM: "v"}
LIVE = ("Running", "Migrating", "Starting", "Stopped", "Stopping")  # scanPool counts these
NOT_FOUND = "unable to find a system vm with specified vmId"


def boot_delay(emu):
    delay = getattr(emu, "systemvm_boot_delay", None)
    return float(emu.jobs.job_delay if delay is None else delay)


# -- the scan --------------------------------------------------------------------------------------
def _zone_ready(store, zone):
    """Both managers' isZoneReady (+ getScannablePools: Enabled non-Edge zones). The system VM template is
    ready once an image store exists, so an image store is needed for the CPVM too."""
    if zone.get("allocationstate") != "Enabled" or zone.get("type") == "Edge" or zone.get("isedge"):
        return False
    zid = zone["id"]
    hosts = [h for h in store.all("hosts", zoneid=zid) if (h.get("type") or "Routing") == "Routing"
             and h.get("state") == "Up" and (h.get("resourcestate") or "Enabled") == "Enabled"]
    if not hosts:
        return False
    if not _image_stores(store, zid):
        return False
    row = configs.find_row(store, "system.vm.use.local.storage")
    local = row is not None and str(configs.value_in_scope(store, row, configs.Z, zid)).lower() == "true"
    pools = [p for p in store.all("storagepools", zoneid=zid) if p.get("state") == "Up" and
             ((str(p.get("scope") or "").upper() == "HOST") == local)]
    return bool(pools)


def _image_stores(store, zid):
    return [s for s in store.all("imagestores", zoneid=zid) if not s.get("readonly")]


def _instance_name(store):
    row = configs.find_row(store, "instance.name")
    return (row or {}).get("_value") or "VM"


def _next_vm_number(store):
    """vm_instance ids are shared by every kind of VM."""
    with store.lock:
        used = [o.get("_id", 0) for c in ("systemvms", "virtualmachines") for o in store.all(c)]
        nxt = max([store._next_id.get("systemvms", 1), store._next_id.get("virtualmachines", 1)] +
                  [u + 1 for u in used])
        return nxt


def _ip(n, base):
    return f"{base}.{(n // 250) % 250}.{n % 250 + 2}"


def create_system_vm(emu, store, zone, vmtype):
    n = _next_vm_number(store)
    hosts = [h for h in store.all("hosts", zoneid=zone["id"]) if h.get("state") == "Up"
             and (h.get("type") or "Routing") == "Routing"]
    host = hosts[0] if hosts else None
    pod = store.get("pods", host.get("podid")) if host and host.get("podid") else None
    pools = [p for p in store.all("storagepools", zoneid=zone["id"]) if p.get("state") == "Up"]
    vm = store.insert("systemvms", {
        "_id": n, "name": f"{PREFIX[vmtype]}-{n}-{_instance_name(store)}", "systemvmtype": vmtype,
        "zoneid": zone["id"], "zonename": zone.get("name"), "dns1": zone.get("dns1"), "dns2": zone.get("dns2"),
        "podid": pod["id"] if pod else None, "podname": pod["name"] if pod else None,
        "hostid": host["id"] if host else None, "hostname": host.get("name") if host else None,
        "hypervisor": host.get("hypervisor") if host else None, "state": "Starting", "created": now_str(),
        "privateip": _ip(n, "10.0"), "linklocalip": _ip(n, "169.254"), "publicip": _ip(n, "192.0"),
        "isdynamicallyscalable": False, "hasannotations": False,
        "activeviewersessions": 0 if vmtype == CPVM else None,
        "_storageid": pools[0]["id"] if pools else None, "_csemu_vm": True,
        "_pending": "start", "_ready_at": time.time() + boot_delay(emu),
    })
    return vm


def _normalize(store, vm):
    """Fill a seeded system VM."""
    name = vm.get("name") or ""
    vmtype = (vm.get("systemvmtype") or (CPVM if name.startswith("v-") else SSVM)).lower()
    vm["systemvmtype"] = vmtype
    if not name:
        vm["name"] = f"{PREFIX.get(vmtype, 's')}-{vm['_id']}-{_instance_name(store)}"
    vm.setdefault("state", "Running")
    if "agentstate" not in vm:
        vm["agentstate"] = "Up" if vm["state"] == "Running" else ("Disconnected" if vm["state"] == "Stopped" else None)
    zone = store.get("zones", vm.get("zoneid")) if vm.get("zoneid") else None
    if zone:
        vm.setdefault("zonename", zone.get("name"))
        vm.setdefault("dns1", zone.get("dns1"))
    if vm.get("podid") and not vm.get("podname"):
        pod = store.get("pods", vm["podid"])
        vm["podname"] = pod["name"] if pod else None
    vm.setdefault("created", now_str())
    vm["_csemu_vm"] = True


def agent_version(emu):
    """The version a system VM's agent reports when it connects: the management server's own (every start copies
    the agent the server ships into the VM, live patching since 4.17), as ManagementServerImpl.getVersion."""
    return str(getattr(getattr(emu, "spec", None), "cloudstack_version", None) or "4.18.0.0")


def advance(store, now=None, emu=None):
    """Apply the transitions whose time has come: Starting -> Running, agent -> Up (the agent then reports its
    version, kept in `version`, see agent_version)."""
    now = time.time() if now is None else now
    for vm in store.all("systemvms"):
        if not vm.get("_csemu_vm"):
            _normalize(store, vm)
            if vm.get("agentstate") == "Up" and not vm.get("version") and emu is not None:
                vm["version"] = agent_version(emu)  # a seeded VM without a version: a current one
        due = vm.get("_ready_at")
        if due is None or now < due:
            continue
        pending = vm.pop("_pending", None)
        vm.pop("_ready_at", None)
        if pending == "start" and vm.get("state") == "Starting":
            vm["state"] = "Running"
            vm["agentstate"] = "Up"
        elif pending == "agent" and vm.get("state") == "Running":
            vm["agentstate"] = "Up"
        else:
            continue
        if emu is not None:
            vm["version"] = agent_version(emu)


def ensure_system_vms(emu, store):
    """One pass of the SSVM and CPVM load scanners over every zone."""
    with store.lock:
        advance(store, emu=emu)
        from . import certificates  # pylint: disable=import-outside-toplevel
        certificates.reset_suspending(emu, store)  # a new server certificate restarts the console proxies
        for zone in store.all("zones"):
            if not _zone_ready(store, zone):
                continue
            zid = zone["id"]
            ssvms = [v for v in store.all("systemvms", zoneid=zid, systemvmtype=SSVM) if v.get("state") in LIVE]
            for dummy in range(len(_image_stores(store, zid)) - len(ssvms)):  # scanPool: stores > vms -> expand
                create_system_vm(emu, store, zone, SSVM)
            cpvms = [v for v in store.all("systemvms", zoneid=zid, systemvmtype=CPVM) if v.get("state") in LIVE]
            in_transition = [v for v in store.all("systemvms", systemvmtype=CPVM)
                             if v.get("state") in ("Starting", "Stopping") and v.get("zoneid") != zid]
            if not cpvms and not in_transition:  # isPoolReadyForScan: no proxy in transition
                create_system_vm(emu, store, zone, CPVM)


# -- commands --------------------------------------------------------------------------------------
def _like_exact(pattern, text):
    rx = "".join(".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern)
    return re.fullmatch(rx, text or "", re.I | re.S) is not None


@command("listSystemVms")
def list_system_vms(ctx):
    ensure_system_vms(ctx.emu, ctx.store)
    items = list(ctx.store.all("systemvms"))
    p = ctx.params
    if p.get("id"):
        items = [v for v in items if v["id"] == p["id"]]
    if p.get("name") is not None:  # hostName LIKE name (no % added)
        items = [v for v in items if _like_exact(p["name"], v.get("name"))]
    if p.get("state") is not None:
        items = [v for v in items if str(v.get("state")).lower() == p["state"].lower()]
    for param in ("zoneid", "podid", "hostid"):
        if p.get(param):
            items = [v for v in items if v.get(param) == p[param]]
    if p.get("systemvmtype") is not None:
        items = [v for v in items if v.get("systemvmtype", "").lower() == p["systemvmtype"].lower()]
    if p.get("storageid"):
        items = [v for v in items if v.get("_storageid") == p["storageid"] or v.get("storageid") == p["storageid"]]
    if p.get("keyword") is not None:
        kw = "%" + p["keyword"] + "%"
        items = [v for v in items if _like_exact(kw, v.get("name")) or _like_exact(kw, v.get("state"))]
    items.sort(key=lambda v: v.get("_id", 0))
    total = len(items)
    pagesize, page = ctx.int("pagesize"), ctx.int("page")
    if pagesize is None:
        pagesize = ctx.emu.max_page_size
    if pagesize != -1:
        start = pagesize * (page - 1) if page and page > 0 else 0
        items = items[start:start + pagesize]
    if total == 0:
        return {}
    out = {"count": total}
    if items:
        out["systemvm"] = [ctx.render(v) for v in items]
    return out


def _vm(ctx):
    ensure_system_vms(ctx.emu, ctx.store)
    vm = ctx.store.get("systemvms", ctx.get("id"))
    if vm is None:  # findByIdTypes(id, ConsoleProxy, SecondaryStorageVm)
        raise invalid_value(NOT_FOUND)
    return vm


def _result(ctx, vm):
    return {"systemvm": ctx.render(vm)}


@command("startSystemVm")
def start_system_vm(ctx):
    vm = _vm(ctx)
    emu = ctx.emu
    if vm["state"] in ("Stopped",):
        vm["state"] = "Starting"
        vm.pop("_pending", None)
        vm.pop("_ready_at", None)

    def work():
        if ctx.store.get("systemvms", vm["id"]) is None:
            raise runtime_error(f"Unable to start {vm['name']}: it was destroyed")
        if vm["state"] in ("Stopping", "Destroyed", "Expunging"):
            raise runtime_error(f"Unable to start {vm['name']}: it is in state {vm['state']}")
        if vm["state"] == "Starting":
            vm["state"] = "Running"
            vm["agentstate"] = "Disconnected"  # the agent in the VM connects once it has booted
            vm["_pending"], vm["_ready_at"] = "agent", time.time() + boot_delay(emu)
            if not vm.get("hostid"):
                host = next((h for h in ctx.store.all("hosts", zoneid=vm.get("zoneid")) if h.get("state") == "Up"), None)
                if host:
                    vm["hostid"], vm["hostname"] = host["id"], host.get("name")
        return _result(ctx, vm)
    return AsyncResult(work, "SystemVm", vm["id"])


@command("stopSystemVm")
def stop_system_vm(ctx):
    vm = _vm(ctx)
    if vm["state"] in ("Running", "Starting"):
        vm["state"] = "Stopping"
        vm.pop("_pending", None)
        vm.pop("_ready_at", None)

    def work():
        if ctx.store.get("systemvms", vm["id"]) is None:
            raise runtime_error(f"Unable to stop {vm['name']}: it was destroyed")
        vm["state"] = "Stopped"
        vm["agentstate"] = "Disconnected"
        vm["hostid"] = vm["hostname"] = None  # the host is released on stop (last host kept internally)
        return _result(ctx, vm)
    return AsyncResult(work, "SystemVm", vm["id"])


@command("rebootSystemVm")
def reboot_system_vm(ctx):
    vm = _vm(ctx)
    emu = ctx.emu
    forced = ctx.bool("forced", False)

    def work():
        if vm["state"] != "Running" and not forced:
            # rebootProxy / rebootSecStorageVm return false unless Running
            raise runtime_error(f"Unable to reboot {vm['name']}: it is not in Running state (state {vm['state']})")
        vm["state"] = "Running"
        vm["agentstate"] = "Disconnected"
        vm["_pending"], vm["_ready_at"] = "agent", time.time() + boot_delay(emu)
        return _result(ctx, vm)
    return AsyncResult(work, "SystemVm", vm["id"])


@command("destroySystemVm")
def destroy_system_vm(ctx):
    vm = _vm(ctx)
    emu = ctx.emu

    def work():
        if ctx.store.get("systemvms", vm["id"]) is None:
            raise ApiError(530, "Failed to destroy system vm")
        snapshot = _result(ctx, vm)  # the VM as found before the destroy (destroyConsoleProxy)
        vm["state"] = "Expunging"
        ctx.store.delete("systemvms", vm["id"])  # expunged: removed, no longer listed
        removed = ctx.store.data.setdefault("removedsystemvms", {})
        removed[vm["id"]] = dict(vm, state="Destroyed", removed=now_str())
        ensure_system_vms(emu, ctx.store)  # the scanner replaces it
        return snapshot
    return AsyncResult(work, "SystemVm", vm["id"])


__all__ = ["advance", "create_system_vm", "ensure_system_vms"]

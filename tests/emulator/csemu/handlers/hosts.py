"""Hosts: ResourceManagerImpl.discoverHostsFull / updateHost / maintain / cancelMaintenance /
doDeleteHost; ResourceState state machine."""
from __future__ import annotations

import ipaddress

from urllib.parse import urlsplit

from ..errors import internal_error, runtime_error
from ..registry import command
from .clusters import hypervisor_type, new_cluster
from .common import AsyncResult, find_by_name, invalid_value, now_str, success

MAINTENANCE_STATES = ("Maintenance", "ErrorInMaintenance", "PrepareForMaintenance", "ErrorInPrepareForMaintenance")


def host_view(ctx, h):
    out = dict(h)
    for coll, key in (("zones", "zone"), ("pods", "pod"), ("clusters", "cluster")):
        obj = ctx.store.get(coll, h.get(key + "id"))
        out[key + "name"] = obj["name"] if obj else None
    c = ctx.store.get("clusters", h.get("clusterid"))
    out["clustertype"] = c["clustertype"] if c else None
    return out


@command("addHost")
def add_host(ctx):
    zone = ctx.ref("zones", "zoneid")
    pod = ctx.ref("pods", "podid")
    if pod["zoneid"] != zone["id"]:
        raise invalid_value(f"Pod with specified pod {pod['name']} doesn't belong to the zone with specified zone "
                            f"{zone['name']}")
    cluster = ctx.ref("clusters", "clusterid", required=False)
    cname = ctx.get("clustername")
    if cluster is not None and cname is not None:
        raise invalid_value("Can't specify cluster by both id and name")
    hv_raw = ctx.get("hypervisor")
    username, password = ctx.get("username"), ctx.get("password")
    if hv_raw.lower() not in ("vmware", "secondarystorage"):
        if hv_raw.lower() == "kvm":
            if not (username or "").strip():
                raise invalid_value("Username need to be provided.")
        elif not (username or "").strip() or not (password or "").strip():
            raise invalid_value("Username and Password need to be provided.")
    hv = hypervisor_type(hv_raw)
    if hv is None:
        raise invalid_value(f"Unable to resolve {hv_raw} to a supported type")  # emulator wording
    url = ctx.get("url")
    parts = urlsplit(url if "://" in url else "http://" + url)
    if not parts.hostname:
        raise invalid_value(f"{url} is not a valid uri")
    if cname is not None:
        cluster = find_by_name(ctx.store.all("clusters", podid=pod["id"]), cname)  # ClusterDao.findBy(name, podId)
        if cluster is None:
            cluster = new_cluster(ctx, zone, pod, cname, hv)
    sim_name = sim_ip = None
    if hv == "Simulator":
        # SimulatorDiscoverer/MockAgentManagerImpl: every addHost makes a new agent "SimulatedAgent.<guid>"
        # with an address from the pod's range (never de-duplicated by URL)
        import uuid as _uuid
        sim_name = f"SimulatedAgent.{_uuid.uuid4()}"
        start = (pod.get("_ranges") or [["172.16.0.10"]])[0][0]
        used = len(ctx.store.all("hosts", podid=pod["id"]))
        sim_ip = str(ipaddress.IPv4Address(start) + 100 + used)
    elif any(h["ipaddress"] == parts.hostname for h in ctx.store.all("hosts")):
        # the discoverer skips a host already in the database and discovery finds nothing
        raise internal_error("Unable to add the host")
    tags = ctx.list("hosttags") or []
    host = ctx.store.insert("hosts", {
        "name": sim_name or parts.hostname, "ipaddress": sim_ip or parts.hostname, "type": "Routing", "hypervisor": hv,
        "zoneid": zone["id"], "podid": pod["id"], "clusterid": cluster["id"] if cluster else None,
        "state": "Up", "resourcestate": "Enabled", "hosttags": ",".join(tags) if tags else None,
        "created": now_str(), "version": "4.18.0.0", "cpunumber": 4, "cpuspeed": 2400, "cpusockets": 1,
        "memorytotal": 8589934592, "disconnected": None, "lastpinged": "1970-01-20T00:00:00+0000",
        "islocalstorageactive": False, "hasenoughcapacity": False, "suitableformigration": False,
        "events": "AgentConnected; AgentDisconnected; HostDown; Ping; PingTimeout; Remove; ShutdownRequested; "
                  "StartAgentRebalance; UpdateNeeded; ManagementServerDown; HypervisorVersionChanged",
        "hahost": False, "hasannotations": False, "encryptionsupported": True, "ueficapability": False,
        "_url": url,
    })
    if ctx.get("allocationstate") == "Disabled":
        host["resourcestate"] = "Disabled"
    return {"count": 1, "host": [ctx.render(host_view(ctx, host))]}


@command("updateHost")
def update_host(ctx):
    host = ctx.ref("hosts", "id")
    state = ctx.get("allocationstate")
    if state:
        if state not in ("Enable", "Disable"):  # ResourceState.Event.toEvent (exact match)
            raise invalid_value(f"Invalid allocation state: {state}, only Enable/Disable are allowed")
        current = host["resourcestate"]
        nxt = {("Enabled", "Disable"): "Disabled", ("Enabled", "Enable"): "Enabled",
               ("Disabled", "Enable"): "Enabled", ("Disabled", "Disable"): "Disabled",
               ("ErrorInPrepareForMaintenance", "Disable"): "Disabled",
               ("ErrorInMaintenance", "Disable"): "Disabled"}.get((current, state))
        if nxt is None:
            raise runtime_error(f"No next resource state found for current state = {current} event = {state}")
        host["resourcestate"] = nxt
    if ctx.get("name"):
        host["name"] = ctx.get("name")
    if ctx.has("hosttags"):
        tags = ctx.list("hosttags")
        host["hosttags"] = ",".join(tags) if tags else None
    if ctx.has("oscategoryid"):
        cat = ctx.ref("oscategories", "oscategoryid")
        host["oscategoryid"], host["oscategoryname"] = cat["id"], cat["name"]
    if ctx.get("url"):
        host["_url"] = ctx.get("url")
    if ctx.has("annotation"):
        host["annotation"] = ctx.get("annotation")
    return {"host": ctx.render(host_view(ctx, host))}


@command("prepareHostForMaintenance")
def prepare_host_for_maintenance(ctx):
    host = ctx.ref("hosts", "id")

    def work():
        if host["resourcestate"] not in ("Enabled", "Disabled", "ErrorInMaintenance", "ErrorInPrepareForMaintenance"):
            raise internal_error(f"Failed to prepare host for maintenance due to: Host is already in state "
                                 f"{host['resourcestate']}. Cannot recall for maintenance until resolved.")
        # Enabled -AdminAskMaintenance-> PrepareForMaintenance -InternalEnterMaintenance-> Maintenance
        # (no VMs to migrate in the emulator, so both steps happen within the job)
        host["resourcestate"] = "Maintenance"
        return {"host": ctx.render(host_view(ctx, host))}
    return AsyncResult(work, "Host", host["id"])


@command("cancelHostMaintenance")
def cancel_host_maintenance(ctx):
    host = ctx.ref("hosts", "id")

    def work():
        if host["resourcestate"] not in MAINTENANCE_STATES:
            raise runtime_error(f"Cannot perform cancelMaintenance when resource state is {host['resourcestate']}, "
                                f"host: {_host_str(host)}")
        host["resourcestate"] = "Enabled"  # AdminCancelMaintenance
        return {"host": ctx.render(host_view(ctx, host))}
    return AsyncResult(work, "Host", host["id"])


@command("reconnectHost")
def reconnect_host(ctx):
    host = ctx.ref("hosts", "id")

    def work():
        host["state"] = "Up"
        return {"host": ctx.render(host_view(ctx, host))}
    return AsyncResult(work, "Host", host["id"])


def _host_str(host):
    return f'Host {{"id": {host["_id"]}, "name": "{host["name"]}", "uuid": "{host["id"]}", "type": "Routing"}}'


@command("deleteHost")
def delete_host(ctx):
    host = ctx.ref("hosts", "id")
    forced = ctx.bool("forced", False)
    if host["resourcestate"] not in ("Maintenance", "Degraded") and not forced:
        raise runtime_error(f"Host with UUID [{host['id']}] is not in maintenance mode and no forced deletion was "
                            f"requested.")
    ctx.store.delete("hosts", host["id"])
    return success()


@command("listHosts")
def list_hosts(ctx):
    items = ctx.filtered("hosts", {"id": "id", "name": "name", "zoneid": "zoneid", "podid": "podid",
                                   "clusterid": "clusterid", "state": "state", "resourcestate": "resourcestate",
                                   "type": "type"})
    if ctx.get("hypervisor"):
        items = [h for h in items if h["hypervisor"].lower() == ctx.get("hypervisor").lower()]
    return ctx.list_response(items, "host", view=lambda h: host_view(ctx, h))

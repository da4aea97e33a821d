"""Clusters: ResourceManagerImpl.discoverCluster / updateCluster / deleteCluster."""
from __future__ import annotations

from ..errors import ApiError, runtime_error
from ..registry import command
from . import configs
from .common import allocation_state, find_by_name, invalid_value, param_error, pod_name, success, zone_name

# Hypervisor.HypervisorType (getType is case-insensitive)
HYPERVISORS = ("XenServer", "KVM", "VMware", "Hyperv", "VirtualBox", "Parralels", "BareMetal", "Simulator",
               "Ovm", "Ovm3", "LXC", "Custom", "External")


def hypervisor_type(value):
    for h in HYPERVISORS:
        if h.lower() == str(value).lower():
            return h
    return None


# cluster_details names of the two ratios and the settings that updateConfiguration clusterid= writes
# to them (ConfigurationManagerImpl.updateConfiguration, ClusterDetailsDaoImpl.getCpuMemoryOvercommitRatio)
RATIOS = (("cpuovercommitratio", "cpu.overprovisioning.factor"), ("memoryovercommitratio", "mem.overprovisioning.factor"))


def cluster_view(ctx, c):
    """ApiResponseHelper.createClusterResponse: the ratios are the cluster_details cpuOvercommitRatio /
    memoryOvercommitRatio, which the emulator keeps as the Cluster-scoped values of the two settings."""
    out = dict(c, zonename=zone_name(ctx.store, c["zoneid"]), podname=pod_name(ctx.store, c["podid"]))
    for field, setting in RATIOS:
        row = configs.find_row(ctx.store, setting)
        scoped = (row or {}).get("_scoped", {}).get(configs.C, {})
        out[field] = scoped[c["id"]] if c["id"] in scoped else c.get(field)  # seeded clusters: their own field
    return out


def _record_ratios(ctx, cluster):
    """ResourceManagerImpl.discoverCluster: a new cluster gets both details, the global value of the setting."""
    for _field, setting in RATIOS:
        row = configs.find_row(ctx.store, setting)
        if row is not None:
            value = row.get("_value")
            row.setdefault("_scoped", {}).setdefault(configs.C, {})[cluster["id"]] = str(float(value)) if value else value
            configs._sync(row)  # pylint: disable=protected-access


def new_cluster(ctx, zone, pod, name, hypervisor, clustertype="CloudManaged", state="Enabled"):
    if find_by_name(ctx.store.all("clusters", podid=pod["id"]), name):
        # the cluster table is unique on (pod_id, name) (i_cluster__pod_id__name, case-insensitive
        # collation): persist fails and is wrapped
        raise runtime_error(f"Unable to create cluster {name} in pod and data center with specified ids")
    cluster = ctx.store.insert("clusters", {
        "name": name, "zoneid": zone["id"], "podid": pod["id"], "hypervisortype": hypervisor,
        "clustertype": clustertype, "allocationstate": state, "managedstate": "Managed",
        "cpuovercommitratio": "1.0", "memoryovercommitratio": "1.0", "hasannotations": False,
        "resourcedetails": None, "ovm3vip": None,
    })
    _record_ratios(ctx, cluster)
    return cluster


@command("addCluster")
def add_cluster(ctx):
    zone = ctx.ref("zones", "zoneid")
    pod = ctx.ref("pods", "podid")
    if pod["zoneid"] != zone["id"]:
        raise invalid_value(f"Pod with specified id doesn't belong to the zone {zone['name']}")
    name = ctx.get("clustername")
    hv = hypervisor_type(ctx.get("hypervisor"))
    if hv is None:
        raise invalid_value(f"Unable to resolve {ctx.get('hypervisor')} to a supported ")
    if zone.get("securitygroupsenabled") and zone["networktype"] == "Advanced" and hv not in ("KVM", "XenServer", "LXC", "Simulator"):
        raise invalid_value(f"Don't support hypervisor type {hv} in advanced security enabled zone")
    ctype = ctx.get("clustertype")
    if ctype not in ("CloudManaged", "ExternalManaged"):
        # Cluster.ClusterType.valueOf -> IllegalArgumentException -> PARAM_ERROR
        raise param_error(f"No enum constant com.cloud.org.Cluster.ClusterType.{ctype}")
    state = allocation_state(ctx.get("allocationstate")) if ctx.get("allocationstate") else "Enabled"
    cluster = new_cluster(ctx, zone, pod, name, hv, ctype, state)
    return {"count": 1, "cluster": [ctx.render(cluster_view(ctx, cluster))]}


@command("updateCluster")
def update_cluster(ctx):
    c = ctx.ref("clusters", "id")
    name = ctx.get("clustername")
    if name:
        if c["hypervisortype"] == "VMware":
            raise invalid_value("Renaming VMware cluster is not supported as it could cause problems if the updated  "
                                "cluster name is not mapped on VCenter.")
        c["name"] = name
    if ctx.get("hypervisor"):
        hv = hypervisor_type(ctx.get("hypervisor"))
        if hv is None:
            raise invalid_value(f"Unable to resolve {ctx.get('hypervisor')} to a supported type")
        c["hypervisortype"] = hv
    ctype = ctx.get("clustertype")
    if ctype:
        if ctype not in ("CloudManaged", "ExternalManaged"):
            raise invalid_value(f"Unable to resolve {ctype} to a supported type")
        c["clustertype"] = ctype
    if ctx.get("allocationstate"):
        c["allocationstate"] = allocation_state(ctx.get("allocationstate"))
    managed = ctx.get("managedstate")
    if managed:
        if managed not in ("Managed", "PrepareUnmanaged", "Unmanaged", "PrepareUnmanagedError"):
            raise invalid_value(f"Unable to resolve Managed State '{managed}' to a supported state")
        if managed in ("Managed", "Unmanaged"):
            c["managedstate"] = managed
    return {"cluster": ctx.render(cluster_view(ctx, c))}


@command("deleteCluster")
def delete_cluster(ctx):
    c = ctx.ref("clusters", "id")
    if ctx.store.all("hosts", clusterid=c["id"]):
        raise runtime_error(f"Cluster: {c['_id']} cannot be removed. Cluster still has hosts")
    if ctx.store.all("storagepools", clusterid=c["id"]):
        raise runtime_error(f'Cluster: Cluster {{"id": {c["_id"]}, "name": "{c["name"]}", "uuid": "{c["id"]}"}} '
                            f"cannot be removed. Cluster still has storage pools")
    ctx.store.delete("clusters", c["id"])
    return success()


@command("listClusters")
def list_clusters(ctx):
    items = ctx.filtered("clusters", {"id": "id", "name": "name", "zoneid": "zoneid", "podid": "podid",
                                      "clustertype": "clustertype", "allocationstate": "allocationstate",
                                      "managedstate": "managedstate"})
    if ctx.get("hypervisor"):
        items = [c for c in items if c["hypervisortype"].lower() == ctx.get("hypervisor").lower()]
    return ctx.list_response(items, "cluster", view=lambda c: cluster_view(ctx, c))


__all__ = ["ApiError"]

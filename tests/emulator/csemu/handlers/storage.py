"""Primary storage: StorageManagerImpl.createPool / updateStoragePool / deletePool /
preparePrimaryStorageForMaintenance / cancelPrimaryStorageForMaintenance; CreateStoragePoolCmd
wraps every exception of createPool as INTERNAL_ERROR (530)."""
from __future__ import annotations

from urllib.parse import urlsplit

from ..errors import ApiError, internal_error
from ..registry import command
from .clusters import hypervisor_type
from .common import AsyncResult, invalid_value, now_str, success

ZONE_WIDE_HYPERVISORS = ("KVM", "VMware", "Hyperv", "LXC", "Any", "Simulator")
SCHEMES = {"nfs": "NetworkFilesystem", "iscsi": "IscsiLUN", "rbd": "RBD", "gluster": "Gluster",
           "sharedmountpoint": "SharedMountPoint", "clvm": "CLVM", "presetup": "PreSetup", "vmfs": "VMFS",
           "datastorecluster": "DatastoreCluster", "file": "Filesystem", "cifs": "SMB", "smb": "SMB",
           "powerflex": "PowerFlex", "filesystem": "Filesystem"}


def api_version(ctx):
    """The API version the emulator presents ((4, 18) by default; --api-version 4.20 / 4.22)."""
    version = getattr(getattr(ctx.emu, "spec", None), "version", None) or "4.18"
    return tuple(int(part) for part in str(version).split(".")[:2])


def pool_view(ctx, p):
    out = dict(p)
    for coll, key in (("zones", "zone"), ("pods", "pod"), ("clusters", "cluster")):
        obj = ctx.store.get(coll, p.get(key + "id"))
        out[key + "name"] = obj["name"] if obj else None
    return out


def with_details(ctx, answer, listing=False):
    """StoragePoolResponse.details: listStoragePools sets the pool's (display) details from 4.21
    (QueryManagerImpl, PR #9808); every pool answer does from 4.22 (StoragePoolJoinDaoImpl, PR #10740).
    Added after rendering: the field is not in the 4.18 listing the response filter starts from."""
    version = api_version(ctx)
    if version < (4, 21) or (version < (4, 22) and not listing):
        return answer
    items = answer.get("storagepool")
    for item in items if isinstance(items, list) else ([items] if items else []):
        pool = ctx.store.get("storagepools", item.get("id"))
        if pool is not None:
            item["details"] = dict(pool.get("_details") or {})
    return answer


def _pool_str(p):
    return f'StoragePool {{"id": {p["_id"]}, "name": "{p["name"]}", "uuid": "{p["id"]}"}}'


@command("createStoragePool")
def create_storage_pool(ctx):
    try:
        return _create(ctx)
    except ApiError as err:
        if err.code == 431 and err.cserrorcode == 4350:
            raise internal_error(err.text) from None  # catch (Exception ex4) -> INTERNAL_ERROR
        raise


def _create(ctx):
    url = ctx.get("url")
    parts = urlsplit(url)
    scheme = (parts.scheme or "").lower()
    if scheme not in SCHEMES:
        raise invalid_value(f"{url} is not a valid uri")  # emulator wording for unsupported schemes
    scope_raw = ctx.get("scope")
    scope = "HOST" if scheme == "file" else "CLUSTER"
    if scope_raw is not None:
        if scope_raw.upper() not in ("HOST", "CLUSTER", "ZONE", "REGION", "GLOBAL"):
            raise invalid_value(f"invalid scope for pool {scope_raw}")
        scope = scope_raw.upper()
    cluster_id, pod_id = ctx.get("clusterid"), ctx.get("podid")
    if scope == "CLUSTER" and cluster_id is None:
        raise invalid_value("cluster id can't be null, if scope is cluster")
    hypervisor = None
    if scope == "ZONE":
        cluster_id = pod_id = None  # ignored for zone-wide pools
        if ctx.get("hypervisor") is None:
            raise invalid_value("Missing parameter hypervisor. Hypervisor type is required to create zone wide "
                                "primary storage.")
        hypervisor = hypervisor_type(ctx.get("hypervisor")) or (
            "Any" if ctx.get("hypervisor").lower() == "any" else None)
        if hypervisor not in ZONE_WIDE_HYPERVISORS:
            raise invalid_value(f"Zone wide storage pool is not supported for hypervisor type {ctx.get('hypervisor')}")
    zone = ctx.ref("zones", "zoneid")
    cluster = pod = None
    if cluster_id is not None:
        if pod_id is None:
            raise invalid_value("Cluster id requires pod id")  # CloudStackPrimaryDataStoreLifeCycleImpl
        cluster = ctx.ref("clusters", "clusterid")
        pod = ctx.ref("pods", "podid")
        hypervisor = cluster["hypervisortype"]
    provider = ctx.get("provider") or "DefaultPrimary"
    cap = ctx.int("capacitybytes")
    pool = ctx.store.insert("storagepools", {
        "name": ctx.get("name"), "zoneid": zone["id"], "podid": pod["id"] if pod else None,
        "clusterid": cluster["id"] if cluster else None, "ipaddress": parts.hostname or "localhost",
        "path": parts.path, "type": SCHEMES[scheme], "state": "Up", "scope": scope, "hypervisor": hypervisor,
        "tags": ctx.get("tags"), "disksizetotal": cap if cap is not None else 1099511627776,
        "disksizeallocated": 0, "disksizeused": 0, "capacityiops": ctx.int("capacityiops"),
        "provider": provider, "created": now_str(), "overprovisionfactor": "2.0", "hasannotations": False,
        "managed": ctx.bool("managed", False), "_url": url, "_details": ctx.details("details"),
    })
    return with_details(ctx, {"storagepool": ctx.render(pool_view(ctx, pool))})


@command("updateStoragePool")
def update_storage_pool(ctx):
    pool = ctx.ref("storagepools", "id")
    if ctx.get("name"):
        pool["name"] = ctx.get("name")
    if ctx.has("tags"):
        tags = ctx.list("tags")
        pool["tags"] = ",".join(tags) if tags else None
    changes = False
    if ctx.has("capacitybytes"):
        changes = ctx.int("capacitybytes") != pool.get("disksizetotal")
        pool["disksizetotal"] = ctx.int("capacitybytes")
    if ctx.has("capacityiops"):
        changes = changes or ctx.int("capacityiops") != pool.get("capacityiops")
        pool["capacityiops"] = ctx.int("capacityiops")
    if api_version(ctx) >= (4, 19) and ctx.params.get("details") is not None:
        # StorageManagerImpl.updateStoragePool (4.19+): the given details are merged into the pool's
        pool["_details"] = dict(pool.get("_details") or {}, **ctx.details("details"))
        changes = True
    if api_version(ctx) >= (4, 19) and ctx.has("url") and changes:
        # ... and url is recorded as the detail "url" only when something else changed (details or capacity)
        pool["_details"] = dict(pool.get("_details") or {}, url=ctx.get("url"))
    if ctx.has("enabled"):
        if ctx.bool("enabled"):
            if pool["state"] == "Disabled":
                pool["state"] = "Up"
        elif pool["state"] == "Up":
            pool["state"] = "Disabled"
    return with_details(ctx, {"storagepool": ctx.render(pool_view(ctx, pool))})


@command("deleteStoragePool")
def delete_storage_pool(ctx):
    pool = ctx.ref("storagepools", "id")
    if pool["state"] != "Maintenance":
        raise invalid_value(f"Unable to delete storage due to it is not in Maintenance state, pool: {_pool_str(pool)}")
    ctx.store.delete("storagepools", pool["id"])
    return success()


@command("listStoragePools")
def list_storage_pools(ctx):
    items = ctx.filtered("storagepools", {"id": "id", "name": "name", "zoneid": "zoneid", "podid": "podid",
                                          "clusterid": "clusterid", "ipaddress": "ipaddress", "path": "path",
                                          "scope": "scope", "status": "state"})
    return with_details(ctx, ctx.list_response(items, "storagepool", view=lambda p: pool_view(ctx, p)), listing=True)


@command("enableStorageMaintenance")
def enable_storage_maintenance(ctx):
    pool = ctx.ref("storagepools", "id")

    def work():
        if pool["state"] not in ("Up", "ErrorInMaintenance"):
            raise invalid_value(f"Primary storage {_pool_str(pool)} is not ready for migration, as the status "
                                f"is:{pool['state']}")
        pool["state"] = "Maintenance"  # PrepareForMaintenance -> Maintenance within the job
        return with_details(ctx, {"storagepool": ctx.render(pool_view(ctx, pool))})
    return AsyncResult(work, "StoragePool", pool["id"])


@command("cancelStorageMaintenance")
def cancel_storage_maintenance(ctx):
    pool = ctx.ref("storagepools", "id")

    def work():
        if pool["state"] in ("Up", "PrepareForMaintenance"):
            # StorageUnavailableException -> RESOURCE_UNAVAILABLE_ERROR
            raise ApiError(534, f"Primary storage {_pool_str(pool)} is not ready to complete migration, as the "
                                f"status is:{pool['state']}")
        pool["state"] = "Up"
        return with_details(ctx, {"storagepool": ctx.render(pool_view(ctx, pool))})
    return AsyncResult(work, "StoragePool", pool["id"])

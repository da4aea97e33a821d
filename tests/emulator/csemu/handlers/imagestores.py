"""Secondary storage: StorageManagerImpl.discoverImageStore / deleteImageStore, staging stores,
AddImageStoreS3CMD, AddSwiftCmd, AddSecondaryStorageCmd, UpdateImageStoreCmd."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from .. import refdata
from ..errors import runtime_error
from ..registry import command
from . import configs
from .common import invalid_value, success, zone_name

PROVIDERS = {"nfs": "NFS", "s3": "S3", "swift": "Swift"}


def store_view(ctx, s):
    return dict(s, zonename=zone_name(ctx.store, s.get("zoneid")))


def _add(ctx, provider, url, zone, name, details, collection="imagestores"):
    if provider == "NFS":
        if not url:
            raise invalid_value("secondary storage url can not be null")  # emulator wording
        parts = urlsplit(url)
        if parts.scheme.lower() != "nfs" or not parts.hostname:
            raise invalid_value(f"Unsupported scheme for url: {url}")
        protocol = "nfs"
    else:
        protocol = {"S3": "http", "Swift": "http"}.get(provider, "nfs")
    if any(s.get("url") == url and url for s in ctx.store.all(collection)):
        raise invalid_value(f"Image store with url {url} already exists")  # emulator wording
    scope = "ZONE" if zone else "REGION"
    first_nfs = provider == "NFS" and zone and collection == "imagestores" and not any(
        s.get("zoneid") == zone["id"] and s.get("providername") == "NFS" for s in ctx.store.all(collection))
    row = ctx.store.insert(collection, {
        "name": name or url, "url": url, "zoneid": zone["id"] if zone else None, "providername": provider,
        "protocol": protocol, "scope": scope, "readonly": False, "hasannotations": False,
        "_details": details,
    })
    if first_nfs:
        _register_system_vm_templates(ctx, zone)
    return row


def _register_system_vm_templates(ctx, zone):
    """StorageManagerImpl.registerSystemVmTemplateOnFirstNfsStore: the first NFS image store of a zone registers the
    release's system VM template for each hypervisor of the zone's clusters (Simulator skipped), and
    SystemVmTemplateRegistration.registerTemplate sets minreq.sysvmtemplate.version to getSystemVmTemplateVersion()
    (major.minor.patch of the release: 4.18.0). Only that setting is modelled here; the template rows and
    router.template.<hypervisor> are not (docs/emulator-refdata.md)."""
    hypervisors = {c.get("hypervisortype") for c in ctx.store.all("clusters") if c.get("zoneid") == zone["id"]}
    if not hypervisors - {"Simulator", None}:
        return
    release = refdata.release_of(getattr(getattr(ctx.emu, "spec", None), "version", None) or getattr(ctx.store, "api_version", None))
    version = refdata.source()["releases"][release]["version"]  # 4.18.0.0, 4.20.1.0, 4.22.0.0-SNAPSHOT
    configs.set_global(ctx.store, "minreq.sysvmtemplate.version", ".".join(re.findall(r"\d+", version)[:3]))


@command("addImageStore")
def add_image_store(ctx):
    prov = PROVIDERS.get(ctx.get("provider").lower())
    if prov is None:
        raise invalid_value(f"can't find image store provider by name: {ctx.get('provider')}")
    zone = ctx.ref("zones", "zoneid", required=False)
    s = _add(ctx, prov, ctx.get("url"), zone, ctx.get("name"), ctx.details("details"))
    return {"imagestore": ctx.render(store_view(ctx, s))}


@command("addImageStoreS3")
def add_image_store_s3(ctx):
    details = {k: ctx.get(k) for k in ("accesskey", "bucket", "endpoint", "usehttps", "connectiontimeout",
                                       "maxerrorretry", "sockettimeout", "signer") if ctx.has(k)}
    s = _add(ctx, "S3", ctx.get("endpoint"), None, ctx.get("bucket"), details)
    return {"imagestore": ctx.render(store_view(ctx, s))}


@command("addSwift")
def add_swift(ctx):
    s = _add(ctx, "Swift", ctx.get("url"), None, None, {"account": ctx.get("account"), "username": ctx.get("username")})
    return {"imagestore": ctx.render(store_view(ctx, s))}


@command("addSecondaryStorage")
def add_secondary_storage(ctx):
    zone = ctx.ref("zones", "zoneid", required=False)
    s = _add(ctx, "NFS", ctx.get("url"), zone, None, {})
    return {"secondarystorage": ctx.render(store_view(ctx, s))}


@command("updateImageStore")
def update_image_store(ctx):
    s = ctx.ref("imagestores", "id")
    s["readonly"] = ctx.bool("readonly")
    return {"imagestore": ctx.render(store_view(ctx, s))}


@command("deleteImageStore")
def delete_image_store(ctx):
    s = ctx.ref("imagestores", "id")
    from .templates import store_has_active_templates  # pylint: disable=import-outside-toplevel
    if ctx.store.all("isos", _imagestoreid=s["id"]) or store_has_active_templates(ctx.store, s["id"]):
        raise invalid_value("Cannot delete image store with active templates backup!")
    ctx.store.delete("imagestores", s["id"])
    return success()


@command("listImageStores")
def list_image_stores(ctx):
    items = ctx.filtered("imagestores", {"id": "id", "name": "name", "zoneid": "zoneid", "protocol": "protocol"})
    if ctx.get("provider"):
        items = [s for s in items if s["providername"].lower() == ctx.get("provider").lower()]
    return ctx.list_response(items, "imagestore", view=lambda s: store_view(ctx, s))


@command("createSecondaryStagingStore")
def create_secondary_staging_store(ctx):
    zone = ctx.ref("zones", "zoneid", required=False)
    s = ctx.store.insert("stagingstores", {
        "name": ctx.get("url"), "url": ctx.get("url"), "zoneid": zone["id"] if zone else None,
        "providername": ctx.get("provider") or "NFS", "protocol": "nfs", "scope": ctx.get("scope") or "ZONE",
        "_details": ctx.details("details")})
    return {"secondarystorage": ctx.render(store_view(ctx, s))}


@command("listSecondaryStagingStores")
def list_secondary_staging_stores(ctx):
    items = ctx.filtered("stagingstores", {"id": "id", "name": "name", "zoneid": "zoneid"})
    return ctx.list_response(items, "imagestore", view=lambda s: store_view(ctx, s))


@command("deleteSecondaryStagingStore")
def delete_secondary_staging_store(ctx):
    s = ctx.ref("stagingstores", "id")
    ctx.store.delete("stagingstores", s["id"])
    return success()


__all__ = ["runtime_error"]

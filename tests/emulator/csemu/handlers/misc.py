"""Discovery, jobs, configuration, OS types, tags and simple lookups."""
from __future__ import annotations

from ..registry import command
from .common import invalid_value, param_error, success


@command("listApis")
def list_apis(ctx):
    """ApiDiscoveryServiceImpl.listApis: {"listapisresponse":{"count":N,"api":[...]}}."""
    apis = ctx.emu.spec.raw["api"]
    name = ctx.get("name")
    if name is not None:
        apis = [a for a in apis if a["name"] == name]
        if not apis:
            raise param_error(f"Unable to find API {name}")  # emulator wording
    return {"count": len(apis), "api": apis}


@command("listCapabilities")
def list_capabilities(ctx):
    cap = {
        "securitygroupsenabled": False, "dynamicrolesenabled": True, "cloudstackversion": ctx.emu.spec.cloudstack_version,
        "userpublictemplateenabled": True, "supportELB": "false", "projectinviterequired": False,
        "allowusercreateprojects": True, "customdiskofferingminsize": 1, "customdiskofferingmaxsize": 1024,
        "regionsecondaryenabled": False, "kvmsnapshotenabled": False, "allowuserviewdestroyedvm": False,
        "allowuserexpungerecovervm": False, "allowuserexpungerecovervolume": True,
        "allowuserviewalldomainaccounts": False, "kubernetesserviceenabled": False,
        "kubernetesclusterexperimentalfeaturesenabled": False, "defaultuipagesize": 20,
        "instancesstatsretentiontime": 720, "instancesstatsuseronly": False,
        "instancesdisksstatsretentionenabled": False, "instancesdisksstatsretentiontime": 720,
    }
    return {"capability": cap}


JOB_FIELDS = {"jobid", "accountid", "userid", "cmd", "jobstatus", "jobprocstatus", "jobresultcode", "jobresulttype",
              "jobresult", "jobinstancetype", "jobinstanceid", "created", "completed"}


@command("queryAsyncJobResult")
def query_async_job_result(ctx):
    job = ctx.ref("jobs", "jobid")
    return ctx.render(job, names=JOB_FIELDS)


@command("listAsyncJobs")
def list_async_jobs(ctx):
    jobs = ctx.store.all("jobs")
    out = ctx.list_response(jobs, "asyncjobs")
    if "asyncjobs" in out:
        out["asyncjobs"] = [dict(ctx.render(j, names=JOB_FIELDS)) for j in
                            _page(ctx, jobs)]
    return out


def _page(ctx, items):
    pagesize = ctx.int("pagesize") or ctx.emu.max_page_size
    page = ctx.int("page") or 1
    return items if pagesize == -1 else items[pagesize * (page - 1): pagesize * page]


# -- domains, accounts, users, keys: handlers/accounts.py; roles: handlers/roles.py ---------------


@command("listProjects")
def list_projects(ctx):
    return ctx.list_response(ctx.filtered("projects", {"id": "id", "name": "name"}), "project")


@command("listOsCategories")
def list_os_categories(ctx):
    return ctx.list_response(ctx.filtered("oscategories", {"id": "id", "name": "name"}), "oscategory")


# -- configuration ------------------------------------------------------------------------
def _cfg_view(ctx, cfg):
    return cfg


@command("listConfigurations")
def list_configurations(ctx):
    """name= is LIKE %name% (ManagementServerImpl.searchForConfigurations); Hidden never listed."""
    items = [c for c in ctx.store.all("configurations") if c.get("category") != "Hidden"]
    name = ctx.get("name")
    if name:
        items = [c for c in items if name.lower() in c["name"].lower()]
    if ctx.get("category"):
        items = [c for c in items if c.get("category") == ctx.get("category")]
    items.sort(key=lambda c: c["name"])
    return ctx.list_response(items, "configuration")


def _scope_override(ctx):
    for scope in ("zoneid", "clusterid", "storageid", "accountid", "domainid", "imagestoreuuid"):
        if ctx.has(scope):
            return scope
    return None


@command("updateConfiguration")
def update_configuration(ctx):
    name = ctx.get("name")
    if name == "dynamic.apichecker.enabled":
        raise invalid_value("Restricted configuration update not allowed")
    cfg = ctx.store.first("configurations", name=name)
    if cfg is None:
        raise invalid_value(f"Configuration {name} does not exist")  # ConfigurationManagerImpl.updateConfiguration
    value = ctx.get("value")
    if value is not None and value.lower() in ("true", "false"):
        value = value.lower()
    scope = _scope_override(ctx)
    if scope:
        if not cfg.get("scope") or scope[:-2] != cfg["scope"].lower() and not (scope == "zoneid" and cfg["scope"] == "zone"):
            raise invalid_value(f"Invalid scope id provided for the parameter {name}")
        cfg.setdefault("_overrides", {})[(scope, ctx.get(scope))] = value
        out = dict(cfg, value=value)
    else:
        cfg["value"] = value if value is not None else ""
        out = cfg
    return {"configuration": ctx.render(out)}


@command("resetConfiguration")
def reset_configuration(ctx):
    name = ctx.get("name")
    cfg = ctx.store.first("configurations", name=name)
    if cfg is None:
        raise invalid_value(f"Configuration {name} does not exist")
    scope = _scope_override(ctx)
    if scope:
        cfg.get("_overrides", {}).pop((scope, ctx.get(scope)), None)
    else:
        cfg["value"] = cfg.get("defaultvalue")
    return {"configuration": ctx.render(cfg)}


# -- tags, ISOs, VMs, networks, OS types: handlers/isovm.py ----------------------------------


# -- simple listings of seeded objects (no create/update semantics yet) -------------------------
def _simple_list(name, collection, key, mapping):
    @command(name)
    def handler(ctx):
        return ctx.list_response(ctx.filtered(collection, mapping), key)
    return handler


_simple_list("listSystemVms", "systemvms", "systemvm",
             {"id": "id", "zoneid": "zoneid", "podid": "podid", "systemvmtype": "systemvmtype", "state": "state",
              "name": "name", "hostid": "hostid"})


def _sysvm_action(name, target_state):
    @command(name)
    def handler(ctx):
        from .common import AsyncResult
        vm = ctx.ref("systemvms", "id")

        def work():
            if target_state is None:
                ctx.store.delete("systemvms", vm["id"])
                vm["state"] = "Destroyed"
            else:
                vm["state"] = target_state
            return {"systemvm": ctx.render(vm)}
        return AsyncResult(work, "SystemVm", vm["id"])
    return handler


_sysvm_action("startSystemVm", "Running")
_sysvm_action("stopSystemVm", "Stopped")
_sysvm_action("rebootSystemVm", "Running")
_sysvm_action("destroySystemVm", None)

__all__ = ["success"]

"""Resource limits and counts (ResourceLimitManagerImpl, ListResourceLimitsCmd, UpdateResourceLimitCmd,
UpdateResourceCountCmd, AccountJoinDaoImpl/DomainJoinDaoImpl.setResourceLimits).

Limits are stored in `resourcelimits` rows {_owner_type: account|domain, _owner: uuid,
resourcetype: ordinal, max: value in the database unit (bytes for primary/secondary storage)}.
Counts are computed from the stored objects each account owns. Rules and sources:
docs/emulator-identity.md.
"""
from __future__ import annotations

import ipaddress
import math

from ..errors import ApiError
from ..registry import command
from .accounts import (ADMIN, DOMAIN_ADMIN, PROJECT, RESOURCE_DOMAIN_ADMIN, ROOT_DOMAIN_ID, SYSTEM_ACCOUNT_ID, account_type,
                       caller_account, check_domain_access, check_entity_access, db_path, find_active_account,
                       is_admin, is_root_admin, owned_by, permission_denied, project_account)
from .common import invalid_value

GIB = 1024 ** 3
# Resource.ResourceType: name, ordinal, response field prefix, max.<owner>.<suffix> setting
RESOURCE_TYPES = [
    ("user_vm", 0, "vm", "user.vms"), ("public_ip", 1, "ip", "public.ips"), ("volume", 2, "volume", "volumes"),
    ("snapshot", 3, "snapshot", "snapshots"), ("template", 4, "template", "templates"), ("project", 5, "project", None),
    ("network", 6, "network", "networks"), ("vpc", 7, "vpc", "vpcs"), ("cpu", 8, "cpu", "cpus"),
    ("memory", 9, "memory", "memory"), ("primary_storage", 10, "primarystorage", "primary.storage"),
    ("secondary_storage", 11, "secondarystorage", "secondary.storage"),
]
BY_NAME = {t[0]: t for t in RESOURCE_TYPES}
BY_ORDINAL = {t[1]: t for t in RESOURCE_TYPES}
STORAGE = ("primary_storage", "secondary_storage")
# Config.DefaultMax* and ResourceLimitService.Max*SecondaryStorage defaults (4.18)
DEFAULTS = {
    "account": {"user.vms": 20, "public.ips": 20, "templates": 20, "snapshots": 20, "volumes": 20, "networks": 20,
                "vpcs": 20, "cpus": 40, "memory": 40960, "primary.storage": 200, "secondary.storage": 400},
    "domain": {"user.vms": 40, "public.ips": 40, "templates": 40, "snapshots": 40, "volumes": 40, "networks": 40,
               "vpcs": 40, "cpus": 80, "memory": 81920, "primary.storage": 400, "secondary.storage": 800},
    "project": {"user.vms": 20, "public.ips": 20, "templates": 20, "snapshots": 20, "volumes": 20, "networks": 20,
                "vpcs": 20, "cpus": 40, "memory": 40960, "primary.storage": 200, "secondary.storage": 400},
}
_STARTUP = {}


def defaults(store, owner):
    """ResourceLimitManagerImpl.configure reads max.<owner>.* once at start: a changed value applies
    after a restart (here: after a reset)."""
    root = next((d["id"] for d in store.all("domains") if d.get("_id") == ROOT_DOMAIN_ID), None)
    if _STARTUP.get("root") != root:
        values = {}
        for kind, table in DEFAULTS.items():
            for suffix, default in table.items():
                cfg = store.first("configurations", name=f"max.{kind}.{suffix}")
                try:
                    values[(kind, suffix)] = int(cfg["value"]) if cfg and cfg.get("value") not in (None, "") else default
                except ValueError:
                    values[(kind, suffix)] = default
        _STARTUP.clear()
        _STARTUP.update(root=root, values=values)
    return _STARTUP["values"]


def _stored_limit(store, owner_type, owner_id, rtype):
    return next((r for r in store.all("resourcelimits") if r.get("_owner_type") == owner_type and r.get("_owner") == owner_id
                 and r.get("resourcetype") == BY_NAME[rtype][1]), None)


def account_limit(store, account, rtype):
    """findCorrectResourceLimitForAccount: -1 for root admins; the account's row; else the
    max.account.* (max.project.* for a project account) default, GiB -> bytes for storage."""
    if is_root_admin(account):
        return -1
    row = _stored_limit(store, "account", account["id"], rtype)
    if row is not None:
        return int(row["max"])
    suffix = BY_NAME[rtype][3]
    if suffix is None:
        return -1
    value = defaults(store, "x")[("project" if account_type(account) == PROJECT else "account", suffix)]
    if value < 0:
        return -1
    return value * GIB if rtype in STORAGE else value


def domain_limit(store, domain, rtype):
    """findCorrectResourceLimitForDomain: ROOT unlimited; the domain's row, else the nearest
    ancestor's (below ROOT), else max.domain.*."""
    if domain.get("_id") == ROOT_DOMAIN_ID:
        return -1
    current = domain
    while current is not None and current.get("_id") != ROOT_DOMAIN_ID:
        row = _stored_limit(store, "domain", current["id"], rtype)
        if row is not None:
            return int(row["max"])
        current = store.get("domains", current.get("parentdomainid"))
    suffix = BY_NAME[rtype][3]
    if suffix is None:
        return -1
    value = defaults(store, "x")[("domain", suffix)]
    if value < 0:
        return -1
    return value * GIB if rtype in STORAGE else value


# ------------------------------------------------------------------------------------------
# counts
# ------------------------------------------------------------------------------------------
def _owned(store, collection, account):
    return [obj for obj in store.all(collection) if owned_by(obj, account)]


def _num(value):
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0


def account_count(store, account, rtype):
    """The resource count of an account, from the objects it owns."""
    if rtype in ("user_vm", "cpu", "memory"):
        vms = [v for v in _owned(store, "virtualmachines", account) if v.get("state") not in ("Destroyed", "Expunging", "Error")]
        if rtype == "user_vm":
            return len(vms)
        return sum(_num(v.get("cpunumber" if rtype == "cpu" else "memory")) for v in vms)
    if rtype in ("volume", "primary_storage"):
        vols = [v for v in _owned(store, "volumes", account) if v.get("state") not in ("Destroy", "Expunged", "Expunging")]
        return len(vols) if rtype == "volume" else sum(_num(v.get("size")) for v in vols)
    if rtype == "snapshot":
        return len(_owned(store, "snapshots", account))
    if rtype == "template":
        return len(_owned(store, "templates", account)) + len(_owned(store, "isos", account))
    if rtype == "secondary_storage":
        items = _owned(store, "templates", account) + _owned(store, "isos", account) + _owned(store, "snapshots", account)
        return sum(_num(o.get("physicalsize") or o.get("size")) for o in items)
    if rtype == "network":
        return sum(1 for n in _owned(store, "networks", account) if str(n.get("type", "")).lower() != "shared")
    if rtype == "vpc":
        return len(_owned(store, "vpcs", account))
    if rtype == "public_ip":
        return sum(1 for ip in _owned(store, "publicipaddresses", account) if ip.get("state") != "Free")
    if rtype == "project":
        return sum(1 for p in store.all("projects") if p.get("_owner") == account["id"])
    return 0


def domain_count(store, domain, rtype):
    base = db_path(domain).lower()
    total = 0
    for acct in store.all("accounts"):
        dom = store.get("domains", acct.get("domainid"))
        if dom is not None and db_path(dom).lower().startswith(base) and acct.get("_id") != SYSTEM_ACCOUNT_ID:
            total += account_count(store, acct, rtype)
    return total


def free_public_ips(store):
    """free_ip_view: public addresses in VirtualNetwork ranges that are Free."""
    ips = store.all("publicipaddresses")
    if ips:
        return sum(1 for ip in ips if ip.get("state") == "Free")
    total = 0
    for vlan in store.all("vlans"):
        if not vlan.get("forvirtualnetwork") or not vlan.get("startip") or not vlan.get("endip"):
            continue
        try:
            total += int(ipaddress.ip_address(vlan["endip"])) - int(ipaddress.ip_address(vlan["startip"])) + 1
        except ValueError:
            continue
    return total


# ------------------------------------------------------------------------------------------
# response fields
# ------------------------------------------------------------------------------------------
def _fmt_limit(limit, rtype, full):
    if full or limit == -1:
        return "Unlimited"
    return str(limit // GIB) if rtype in STORAGE else str(limit)


def limit_fields(store, kind, obj, caller=None):
    """setResourceLimits of AccountJoinDaoImpl (kind account) / DomainJoinDaoImpl (kind domain)."""
    out = {}
    if kind == "account":
        full = caller is not None and is_admin(caller) and is_root_admin(obj)
    else:
        full = caller is not None and is_admin(caller) and obj.get("_id") == ROOT_DOMAIN_ID
    for rtype, dummy, prefix, dummy2 in RESOURCE_TYPES:
        limit = account_limit(store, obj, rtype) if kind == "account" else domain_limit(store, obj, rtype)
        count = account_count(store, obj, rtype) if kind == "account" else domain_count(store, obj, rtype)
        display = _fmt_limit(limit, rtype, full)
        if rtype == "primary_storage":
            total = count // GIB
            avail = "Unlimited" if full or limit == -1 else str(limit // GIB - total)
        elif rtype == "secondary_storage":
            total = float(count) / GIB
            avail = "Unlimited" if full or limit == -1 else str(float(limit) / GIB - total)
        elif rtype == "public_ip" and kind == "account":
            total = count
            ips = limit - count
            free = free_public_ips(store)
            unlimited = True
            if ips > free:
                ips, unlimited = free, False
            avail = "Unlimited" if (full or limit == -1) and unlimited else str(ips)
        else:
            total = count
            avail = "Unlimited" if full or limit == -1 else str(limit - count)
        out[prefix + "limit"], out[prefix + "total"], out[prefix + "available"] = display, total, avail
    if kind == "account":
        vms = _owned(store, "virtualmachines", obj)
        out["vmrunning"] = sum(1 for v in vms if v.get("state") == "Running")
        out["vmstopped"] = sum(1 for v in vms if v.get("state") == "Stopped")
    return out


def remove_owner_limits(store, owner_type, owner_id):
    for row in [r for r in store.all("resourcelimits") if r.get("_owner_type") == owner_type and r.get("_owner") == owner_id]:
        store.delete("resourcelimits", row["id"])


# ------------------------------------------------------------------------------------------
# commands
# ------------------------------------------------------------------------------------------
def _owner_fields(store, owner_type, owner_id):
    """ApiResponseHelper.populateAccount/populateDomain."""
    out = {}
    if owner_type == "account":
        acct = store.get("accounts", owner_id) or {}
        if account_type(acct) == PROJECT:
            project = store.get("projects", acct.get("_project")) if acct.get("_project") else None
            if project is not None:
                out.update(projectid=project["id"], project=project.get("name"), account=acct.get("name"))
        else:
            out["account"] = acct.get("name")
        domain = store.get("domains", acct.get("domainid")) or {}
    else:
        domain = store.get("domains", owner_id) or {}
    out.update(domainid=domain.get("id"), domain=domain.get("name"))
    return out


def limit_view(store, owner_type, owner_id, rtype, value, row_id=None):
    out = _owner_fields(store, owner_type, owner_id)
    out["resourcetype"] = str(BY_NAME[rtype][1])
    out["resourcetypename"] = rtype
    out["max"] = math.ceil(value / GIB) if rtype in STORAGE and value >= 0 else value
    return {k: v for k, v in out.items() if v is not None}


def finalize_account(ctx, enabled_only):
    """AccountManagerImpl.finalyzeAccountId: account + domainid, or projectid -> the account id."""
    store = ctx.store
    name = ctx.params.get("account")
    if name is not None:
        if not ctx.has("domainid"):
            raise invalid_value("Account must be specified with domainId parameter")
        domain = ctx.ref("domains", "domainid")
        acct = find_active_account(store, name, domain["id"])
        if acct is not None and account_type(acct) != PROJECT:
            if not enabled_only or acct.get("state", "enabled") == "enabled":
                return acct
            raise permission_denied(f"Can't add resources to the account id={acct['_id']} in state={acct.get('state')} as "
                                    f"it's no longer active")
        raise invalid_value("Unable to find account by name " + name + " in domain with specified id")
    if ctx.has("projectid"):
        project = ctx.ref("projects", "projectid")
        if enabled_only and project.get("state", "Active") != "Active":
            raise permission_denied(f"Can't add resources to the project with specified projectId in state="
                                    f"{project.get('state')} as it's no longer active")
        return project_account(store, project)
    return None


def _type_param(ctx, name_param="resourcetypename", ordinal_param="resourcetype"):
    if ctx.has(name_param):
        value = ctx.get(name_param)
        if value not in BY_NAME:
            raise invalid_value("Please specify a valid resource type name.")
        return value
    if ctx.has(ordinal_param):
        entry = BY_ORDINAL.get(ctx.int(ordinal_param))
        if entry is None:
            raise invalid_value("Please specify a valid resource type.")
        return entry[0]
    return None


@command("listResourceLimits")
def list_resource_limits(ctx):
    """ResourceLimitManagerImpl.searchForLimits."""
    store = ctx.store
    caller = caller_account(ctx) or {}
    rtype = _type_param(ctx)
    account = finalize_account(ctx, False)
    domain = ctx.ref("domains", "domainid", required=False)
    if not is_admin(caller):
        account, domain = caller, None
    elif domain is not None:
        check_domain_access(store, caller, domain)
        if account is not None:
            check_entity_access(store, caller, account)
            domain = None
    if ctx.has("id"):
        row = next((r for r in store.all("resourcelimits") if str(r.get("_id")) == str(ctx.get("id"))), None)
        if row is None:  # _resourceLimitDao.findById(id) -> null -> NullPointerException
            raise ApiError(530, "java.lang.NullPointerException", 9999)
        owner = store.get("accounts" if row["_owner_type"] == "account" else "domains", row["_owner"])
        if row["_owner_type"] == "account":
            check_entity_access(store, caller, owner)
        else:
            check_domain_access(store, caller, owner)
        limits = [limit_view(store, row["_owner_type"], row["_owner"], BY_ORDINAL[row["resourcetype"]][0], int(row["max"]))]
        return {"count": 1, "resourcelimit": [ctx.render(v) for v in limits]}
    if account is None and domain is None:
        account = caller
    owner_type, owner = ("account", account) if account is not None else ("domain", domain)
    rows = sorted((r for r in store.all("resourcelimits") if r.get("_owner_type") == owner_type
                   and r.get("_owner") == owner["id"]), key=lambda r: r.get("_id", 0))
    if rtype is not None:
        rows = [r for r in rows if r.get("resourcetype") == BY_NAME[rtype][1]]
    views = [limit_view(store, owner_type, owner["id"], BY_ORDINAL[r["resourcetype"]][0], int(r["max"])) for r in rows]
    if rtype is not None and not rows:
        value = account_limit(store, owner, rtype) if owner_type == "account" else domain_limit(store, owner, rtype)
        views.append(limit_view(store, owner_type, owner["id"], rtype, value))
    elif rtype is None and len(rows) != len(RESOURCE_TYPES):
        present = {r["resourcetype"] for r in rows}
        for name, ordinal, dummy, dummy2 in RESOURCE_TYPES:
            if ordinal not in present:
                value = account_limit(store, owner, name) if owner_type == "account" else domain_limit(store, owner, name)
                views.append(limit_view(store, owner_type, owner["id"], name, value))
    if not views:
        return {}
    return {"count": len(views), "resourcelimit": [ctx.render(v) for v in views]}


@command("updateResourceLimit")
def update_resource_limit(ctx):
    """ResourceLimitManagerImpl.updateResourceLimit."""
    store = ctx.store
    caller = caller_account(ctx) or {}
    account = finalize_account(ctx, True)
    domain = ctx.ref("domains", "domainid", required=False)
    value = ctx.params.get("max")
    maximum = -1 if value is None else int(value)
    if maximum < -1:
        raise invalid_value("Please specify either '-1' for an infinite limit, or a limit that is at least '0'.")
    entry = BY_ORDINAL.get(ctx.int("resourcetype"))
    if entry is None:
        raise invalid_value("Please specify valid resource type")
    rtype = entry[0]
    stored = maximum * GIB if rtype in STORAGE and maximum >= 0 else maximum
    if account is not None:
        if account.get("_id") == SYSTEM_ACCOUNT_ID:
            raise invalid_value("Can't update system account")
        if is_root_admin(account) and _short(stored) != -1:
            raise invalid_value("Only -1 limit is supported for Root Admin accounts")
        if caller.get("id") == account["id"] and account_type(caller) in (DOMAIN_ADMIN, RESOURCE_DOMAIN_ADMIN):
            raise permission_denied(f"Unable to update resource limit for their own account {account['_id']}, permission denied")
        check_entity_access(store, caller, account)
        owner_type, owner_id = "account", account["id"]
    elif domain is not None:
        check_domain_access(store, caller, domain)
        if domain.get("_id") == ROOT_DOMAIN_ID:
            raise permission_denied(f"Cannot update resource limit for ROOT domain {domain['_id']}, permission denied")
        ctype = account_type(caller)
        if (caller.get("domainid") == domain["id"] and ctype == DOMAIN_ADMIN) or ctype == RESOURCE_DOMAIN_ADMIN:
            raise permission_denied(f"Unable to update resource limit for domain {domain['_id']}, permission denied")
        parent = store.get("domains", domain.get("parentdomainid"))
        if parent is not None:
            parent_max = domain_limit(store, parent, rtype)
            if parent_max >= 0 and stored > parent_max:
                raise invalid_value(f"Domain {domain['name']}(id: {parent['_id']}) has maximum allowed resource limit "
                                    f"{parent_max} for {rtype}, please specify a value less that or equal to {parent_max}")
        owner_type, owner_id = "domain", domain["id"]
    else:
        raise invalid_value("AccountId or domainId have to be specified in order to update resource limit")
    row = _stored_limit(store, owner_type, owner_id, rtype)
    if row is None:
        row = store.insert("resourcelimits", {"_owner_type": owner_type, "_owner": owner_id,
                                              "resourcetype": BY_NAME[rtype][1], "max": stored})
    else:
        row["max"] = stored
    return {"resourcelimit": ctx.render(limit_view(store, owner_type, owner_id, rtype, stored))}


def _short(value):
    """Long.shortValue(): the low 16 bits, signed."""
    value &= 0xFFFF
    return value - 0x10000 if value >= 0x8000 else value


@command("updateResourceCount")
def update_resource_count(ctx):
    """ResourceLimitManagerImpl.recalculateResourceCount: the counts of the account (or the domain)."""
    store = ctx.store
    caller = caller_account(ctx) or {}
    account = finalize_account(ctx, True)
    rtype = None
    if ctx.has("resourcetype"):
        entry = BY_ORDINAL.get(ctx.int("resourcetype"))
        if entry is None:
            raise invalid_value("Please specify valid resource type")
        rtype = entry[0]
    domain = ctx.ref("domains", "domainid")
    check_domain_access(store, caller, domain)
    types = [rtype] if rtype else [t[0] for t in RESOURCE_TYPES]
    out = []
    for name in types:
        if account is not None:
            view = dict(_owner_fields(store, "account", account["id"]), resourcecount=account_count(store, account, name))
        else:
            view = dict(_owner_fields(store, "domain", domain["id"]), resourcecount=domain_count(store, domain, name))
        view.update(resourcetype=str(BY_NAME[name][1]), resourcetypename=name)
        out.append({k: v for k, v in view.items() if v is not None})
    return {"count": len(out), "resourcecount": [ctx.render(v) for v in out]}


__all__ = ["limit_fields", "remove_owner_limits", "RESOURCE_TYPES", "ADMIN"]

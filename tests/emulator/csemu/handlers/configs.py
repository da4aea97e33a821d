"""Global settings: listConfigurations / updateConfiguration / resetConfiguration.

The table is the `configuration` table of a fresh install of the presented release, read from
data/settings.json (csemu/refdata.py), which tests/emulator/tools/gen_refdata.py makes from the
CloudStack source (docs/emulator-refdata.md): every Config.java entry, every ConfigKey a Configurable
registers and every row the install and upgrade SQL leave, with category, value, default, scopes,
type, isdynamic, description, component, group and subgroup as the real server lists them.

Behaviour sources (apache/cloudstack, ManagementServerImpl.searchForConfigurations,
ConfigurationManagerImpl.updateConfiguration / resetConfiguration / validateConfigurationValue /
validateValueType, ListCfgsByCmd.setScope, UpdateCfgCmd.execute / setResponseScopes /
setResponseValue, ResetCfgCmd.execute, ApiResponseHelper.createConfigurationResponse,
ConfigKey.valueIn / valueInScope) are listed in docs/emulator-configs-systemvms.md.

Storage: one row per key in the "configurations" collection. The plain global value is kept in `_value`,
values set per scope object in `_scoped` ({"Zone": {zone uuid: value}, ...}); the public fields `value`
(encrypted for Secure/Hidden keys, as in the database) and `scopedvalues` mirror them so that
/_emulator/state/configurations shows what was set.

Seeding (/_emulator/seed {"configurations": [...]}): a seeded row whose name exists is merged into it
(`value` sets the global value; with `zoneid`/`clusterid`/`storageid`/`accountid`/`domainid`/
`imagestoreuuid` it sets the value for that object); an unknown name becomes a new Global String key.
Seeding system.vm.random.password=true models a management server that started with it: the
system.vm.password row is then created (ConfigurationServerImpl.updateSystemvmPassword).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
import secrets

from .. import refdata
from ..errors import ApiError, internal_error, invalid_value, param_error
from ..registry import HANDLERS, command
from .common import UUID_MSG

# The core helper registered placeholders for these commands in misc.py; this module replaces them.
for _name in ("listConfigurations", "updateConfiguration", "resetConfiguration"):
    HANDLERS.pop(_name, None)

G, Z, C, SP, IS, D, A = "Global", "Zone", "Cluster", "StoragePool", "ImageStore", "Domain", "Account"

SCOPE_PARAMS = (
    ("zoneid", Z, "zones"),
    ("clusterid", C, "clusters"),
    ("accountid", A, "accounts"),
    ("domainid", D, "domains"),
    ("storageid", SP, "storagepools"),
    ("imagestoreuuid", IS, "imagestores"),
)
# ResetCfgCmd: imagestoreid; its scope map is ordered Zone, Cluster, Domain, Account, StoragePool, ImageStore.
RESET_PARAMS = (
    ("zoneid", Z, "zones"),
    ("clusterid", C, "clusters"),
    ("domainid", D, "domains"),
    ("accountid", A, "accounts"),
    ("storageid", SP, "storagepools"),
    ("imagestoreid", IS, "imagestores"),
)
LIST_SCOPE_NAMES = {Z: "zone", C: "cluster", SP: "storagepool", A: "account", D: "domain", IS: "imagestore"}
UPDATE_SCOPE_NAMES = {Z: "zone", C: "cluster", SP: "storagepool", A: "account", D: "domain"}  # no imagestore
MULTIPLE = "cannot handle multiple IDs, provide only one ID corresponding to the scope"
# ConfigurationManagerImpl.getInputType, for rows seeded with a Java type only
TYPE_NAMES = {"Boolean": "Boolean", "Integer": "Number", "Long": "Number", "Short": "Number", "Float": "Decimal", "Double": "Decimal", "String": "String"}


# -- encryption (DBEncryptionUtil): the emulator's ciphertext is a deterministic stand-in -----------
def encrypt(plain):
    if plain is None or plain == "":
        return plain
    digest = hashlib.sha256(b"csemu-db-encryption:" + str(plain).encode("utf-8")).digest()
    return base64.b64encode(digest[:24]).decode()


def is_encrypted(row):
    return row.get("category") in ("Hidden", "Secure")  # ConfigurationVO.isEncrypted


# -- rows ---------------------------------------------------------------------------------------
def _row(rec):
    """A store row from a settings.json record (csemu.refdata.settings)."""
    value = rec.get("value")
    default = rec.get("defaultvalue")
    generated = rec.get("generated") or ""
    if generated.startswith("default computed at each start"):
        value = default = secrets.token_hex(2)  # custom.cs.identifier: 4 hex digits of a random UUID
    elif generated and rec.get("category") in ("Hidden", "Secure"):
        value = secrets.token_urlsafe(12)  # keys and passwords made at the first start
    jtype = rec.get("jtype") or "String"
    row = {
        "name": rec["name"],
        "category": rec.get("category"),
        "defaultvalue": default,
        "isdynamic": bool(rec.get("isdynamic")),
        "description": rec.get("description"),
        "component": rec.get("component"),
        "group": rec.get("group"),
        "subgroup": rec.get("subgroup"),
        "displaytext": rec.get("displaytext"),
        "parent": rec.get("parent"),
        "type": rec.get("type") or TYPE_NAMES.get(jtype, "String"),
        "options": rec.get("options"),
        "_jtype": jtype,
        # Config.java rows have no scope (NULL column): they are global only
        "_scopes": list(rec.get("scopes") or [G]),
        "_value": value,
        "_scoped": {},
        "_origin": rec.get("origin"),
        "_csemu_cfg": True,
    }
    return row


def _sync(row):
    """Public mirrors of the plain values: value (encrypted like the DB for Secure/Hidden) and scopedvalues."""
    enc = is_encrypted(row)
    row["value"] = encrypt(row.get("_value")) if enc else row.get("_value")
    row["scope"] = None  # the response sets scope only from the request (ListCfgsByCmd.setScope)
    row["scopedvalues"] = {s: {k: (encrypt(v) if enc else v) for k, v in vals.items()} for s, vals in row.get("_scoped", {}).items() if vals} or None


def populate_configurations(store, release=None):
    """The configuration table after the first management-server start of `release` (on reset)."""
    with store.lock:
        for row in list(store.all("configurations")):
            store.delete("configurations", row["id"])
        for rec in refdata.settings(release):
            row = _row(rec)
            _sync(row)
            store.insert("configurations", row)
        store.configurations_release = refdata.release_of(release)


def ensure(store, release=None):
    """Bring rows inserted by others (/_emulator/seed) into this model; rebuild the table when the
    presented release changed since the last reset (a fresh install of that release)."""
    with store.lock:
        want = refdata.release_of(release) if release else getattr(store, "configurations_release", None)
        rows = store.all("configurations")
        if not any(r.get("_csemu_cfg") for r in rows) or (want and want != getattr(store, "configurations_release", None)):
            keep = [r for r in rows if not r.get("_csemu_cfg")]
            populate_configurations(store, want)
            for r in keep:
                store.insert("configurations", r)
            rows = store.all("configurations")
        if all(r.get("_csemu_cfg") for r in rows):
            return
        by_name = {r["name"].lower(): r for r in rows if r.get("_csemu_cfg")}
        started_with_random = False
        for raw in sorted((r for r in store.all("configurations") if not r.get("_csemu_cfg")), key=lambda r: r["_id"]):
            store.delete("configurations", raw["id"])
            row = by_name.get(raw["name"].lower())
            if row is None:
                category = raw.get("category") or ("Secure" if raw["name"] == "system.vm.password" else "Advanced")
                rec = {
                    "name": raw["name"],
                    "category": category,
                    "defaultvalue": raw.get("defaultvalue"),
                    "value": raw.get("defaultvalue"),
                    "jtype": raw.get("_jtype") or "String",
                    "scopes": list(raw.get("_scopes") or [G]),
                    "isdynamic": bool(raw.get("isdynamic", False)),
                    "description": raw.get("description") or "",
                    "component": raw.get("component") or "management-server",
                    "group": "Miscellaneous",
                    "subgroup": "Others",
                    "origin": "seeded",
                }
                row = store.insert("configurations", _row(rec))
                by_name[raw["name"].lower()] = row
            if "value" in raw:
                value = None if raw["value"] is None else str(raw["value"])
                if row.get("_jtype") == "Boolean" and value is not None:
                    value = value.lower()
                scope_set = False
                for param, scope, _coll in SCOPE_PARAMS + (("imagestoreid", IS, "imagestores"),):
                    if raw.get(param):
                        row["_scoped"].setdefault(scope, {})[raw[param]] = value
                        scope_set = True
                if not scope_set:
                    row["_value"] = value
                    if row["name"] == "system.vm.random.password":
                        started_with_random = True
            _sync(row)
        if started_with_random:
            _random_password_row(store)


def _release(ctx):
    spec = getattr(ctx.emu, "spec", None)
    return getattr(spec, "version", None) or getattr(ctx.store, "api_version", None)


def _random_password_row(store):
    """ConfigurationServerImpl.updateSystemvmPassword: when the management server starts with
    system.vm.random.password true and no row, it creates the Secure row system.vm.password with a random
    value. The emulator's "start" is a seed of system.vm.random.password (an API update does not do it)."""
    rand = find_row(store, "system.vm.random.password")
    if rand is None or str(rand.get("_value")).lower() != "true" or find_row(store, "system.vm.password"):
        return
    rec = {
        "name": "system.vm.password",
        "category": "Secure",
        "scopes": [G],
        "description": "randmon password generated each management server starts for system vm",
        "component": "management-server",
        "group": "System VMs",
        "subgroup": "Others",
        "origin": "ConfigurationServerImpl",
    }
    row = _row(rec)
    row["_value"] = secrets.token_hex(8)
    _sync(row)
    store.insert("configurations", row)


def find_row(store, name):
    """ConfigurationDao.findByName: the name column compares case-insensitively (MySQL collation)."""
    low = name.lower()
    for r in store.all("configurations"):
        if r["name"].lower() == low and r.get("_csemu_cfg"):
            return r
    return None


def set_global(store, name, value):
    """ConfigurationDao.update(name, value) from server code: the global value changes, nothing else."""
    ensure(store)
    with store.lock:
        row = find_row(store, name)
        if row is not None:
            row["_value"] = value
            _sync(row)
        return row


# -- values in scope (ConfigKey.valueInScope / valueInGlobalOrAvailableParentScope) --------------
def _parent(store, scope, oid):
    if scope == C:
        c = store.get("clusters", oid)
        return (Z, c.get("zoneid")) if c else None
    if scope == SP:
        p = store.get("storagepools", oid)
        if not p:
            return None
        return (C, p["clusterid"]) if p.get("clusterid") else (Z, p.get("zoneid"))
    if scope == IS:
        s = store.get("imagestores", oid)
        return (Z, s.get("zoneid")) if s and s.get("zoneid") else None
    if scope == A:
        a = store.get("accounts", oid)
        return (D, a.get("domainid")) if a else None
    return None


def value_in_scope(store, row, scope, oid):
    scoped = row.get("_scoped", {}).get(scope, {})
    if oid in scoped:
        return scoped[oid]
    if len(row.get("_scopes", [])) > 1:
        s = (scope, oid)
        while True:
            s = _parent(store, *s)
            if s is None:
                break
            if s[0] in row["_scopes"]:
                return value_in_scope(store, row, s[0], s[1])
    return row.get("_value")


def render(row, value, scope_name=None):
    out = {
        k: row.get(k)
        for k in ("category", "group", "subgroup", "description", "name", "defaultvalue", "isdynamic", "component", "type", "options", "displaytext", "parent")
    }
    out["value"] = encrypt(value) if is_encrypted(row) else value
    out["scope"] = scope_name
    return {k: v for k, v in out.items() if v is not None}


def _scope_of(ctx, params):
    found = []
    for param, scope, coll in params:
        if ctx.has(param):
            obj = ctx.store.get(coll, ctx.get(param))
            if obj is None:  # the uuid is of another entity type (ParamProcessWorker)
                raise param_error(UUID_MSG.format(cmd=ctx.cmd.name.lower(), name=param, value=ctx.get(param)))
            found.append((scope, obj["id"]))
    return found


def _like(pattern, text):
    """SQL LIKE '%pattern%' with MySQL's case-insensitive collation; _ and % are wildcards."""
    return _like_rx(pattern).search(text or "") is not None


@functools.lru_cache(maxsize=256)
def _like_rx(pattern):
    """The regular expression of a LIKE pattern, built once per pattern (a list filters every row with the same one)."""
    return re.compile("".join(".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern), re.I | re.S)


# -- commands -----------------------------------------------------------------------------------
@command("listConfigurations")
def list_configurations(ctx):
    ensure(ctx.store, _release(ctx))
    if ctx.get("subgroup") and not ctx.get("group"):
        raise param_error("Configuration group name must be specified with the subgroup name")
    scopes = _scope_of(ctx, SCOPE_PARAMS)
    if len(scopes) > 1:
        raise param_error(MULTIPLE)  # ListCfgsByCmd wraps it in ServerApiException(PARAM_ERROR)
    rows = [r for r in ctx.store.all("configurations") if r.get("_csemu_cfg") and r.get("category") != "Hidden"]
    keyword = ctx.get("keyword")
    if keyword is not None:
        rows = [
            r
            for r in rows
            if any(_like(keyword, str(r.get(f) or "")) for f in ("name", "component", "description", "category", "value")) or _like(keyword, "DEFAULT")
        ]  # the instance column is DEFAULT
    if ctx.get("name") is not None:
        rows = [r for r in rows if _like(ctx.get("name"), r["name"])]
    if ctx.get("group") is not None:
        if not any(r.get("group", "").lower() == ctx.get("group").lower() for r in ctx.store.all("configurations")):
            raise param_error("Invalid configuration group: " + ctx.get("group"))
        rows = [r for r in rows if r.get("group", "").lower() == ctx.get("group").lower()]
    if ctx.get("subgroup") is not None:
        rows = [r for r in rows if (r.get("subgroup") or "").lower() == ctx.get("subgroup").lower()]
    if ctx.get("parent") is not None:
        rows = [r for r in rows if r.get("parent") == ctx.get("parent")]
    if ctx.get("category") is not None:
        rows = [r for r in rows if r.get("category", "").lower() == ctx.get("category").lower()]
    scope, oid = scopes[0] if scopes else (None, None)
    if scope:
        rows = [r for r in rows if scope in r["_scopes"]]
    rows.sort(key=lambda r: r["name"])
    total = len(rows)
    pagesize, page = ctx.int("pagesize"), ctx.int("page")
    if pagesize is not None and pagesize != -1:
        start = pagesize * (page - 1) if page and page > 0 else 0
        rows = rows[start : start + pagesize]
    items = []
    for r in rows:
        value = value_in_scope(ctx.store, r, scope, oid) if scope else r.get("_value")
        items.append(render(r, value, LIST_SCOPE_NAMES.get(scope)))
    if scope:
        total = len(items)  # searchForConfigurations returns the page's size as the count when scoped
    if total == 0:
        return {}
    out = {"count": total}
    if items:
        out["configuration"] = items
    return out


def _validate(row, name, value, scope):
    """ConfigurationManagerImpl.validateConfigurationValue / validateValueType."""
    if scope is not None and scope not in row["_scopes"]:
        raise invalid_value("Invalid scope id provided for the parameter " + name)
    jtype = row.get("_jtype", "String")
    bad = invalid_value(f"Value [{'null' if value is None else value}] is not a valid [class java.lang.{jtype}].")
    if jtype == "String":
        return
    if value is None:
        raise bad
    if jtype == "Boolean":
        if value not in ("true", "false"):
            raise bad
    elif jtype in ("Integer", "Long", "Short"):
        limit = {"Integer": 2**31, "Long": 2**63, "Short": 2**15}[jtype]
        if not re.fullmatch(r"[+-]?\d+", value) or not -limit <= int(value) < limit:
            raise bad
    elif jtype in ("Float", "Double"):
        try:
            f = float(value)
        except ValueError:
            raise bad from None
        if f in (float("inf"), float("-inf")) or value.strip().lower() in ("nan", "inf", "infinity"):
            raise bad
        if name.endswith("overprovisioning.factor") and f <= 0:
            raise invalid_value(f"Value for configuration [{name}] should be greater than 0.")
    if name == "secstorage.allowed.internal.sites" and value:
        for cidr in value.split(","):
            if cidr.strip().startswith("0.0.0.0"):
                raise invalid_value("0.0.0.0 is not a valid site")


@command("updateConfiguration")
def update_configuration(ctx):
    ensure(ctx.store, _release(ctx))
    scopes = _scope_of(ctx, SCOPE_PARAMS)  # ParamProcessWorker resolves the ids before execute()
    name = ctx.get("name")
    if not name:
        raise param_error("Empty configuration name provided")
    if name.lower() == "dynamic.apichecker.enabled":  # UpdateCfgCmd: RoleService.EnableDynamicApiChecker
        raise param_error("Restricted configuration update not allowed")
    row = find_row(ctx.store, name)
    if row is None:
        raise invalid_value(f"Config parameter with name {name} doesn't exist")
    raw = ctx.params.get("value")
    if raw is None:  # no value: the configuration is returned unchanged, without a value
        out = render(row, None)
    else:
        if len(scopes) > 1:
            raise invalid_value(MULTIPLE)
        scope, oid = scopes[0] if scopes else (None, None)
        value = raw.strip()
        if value == "" or value == "null":
            value = None if scope is None else ""
        if row.get("_jtype") == "Boolean":
            if value is None:  # value.toLowerCase() on null in ConfigurationManagerImpl.updateConfiguration
                raise internal_error('Cannot invoke "String.toLowerCase()" because "value" is null')
            value = value.lower()
        _validate(row, row["name"], value, scope)
        if scope is None:
            row["_value"] = value
        else:
            row["_scoped"].setdefault(scope, {})[oid] = value
        # default.page.size: BaseListCmd caches the maximum statically, so emu.max_page_size stays (restart)
        _sync(row)
        out = render(row, None)
    # UpdateCfgCmd.setResponseScopes (no case for image stores) and setResponseValue (the request's value)
    for scope, _oid in scopes:
        if scope in UPDATE_SCOPE_NAMES:
            out["scope"] = UPDATE_SCOPE_NAMES[scope]
    if raw is not None:
        out["value"] = encrypt(raw) if is_encrypted(row) else raw
    return {"configuration": out}


@command("resetConfiguration")
def reset_configuration(ctx):
    ensure(ctx.store, _release(ctx))
    scopes = _scope_of(ctx, RESET_PARAMS)
    name = ctx.get("name")
    row = find_row(ctx.store, name)
    if row is None:
        raise invalid_value(f"Config parameter with name {name} doesn't exist")
    if len(scopes) > 1:
        raise invalid_value(MULTIPLE)
    scope, oid = scopes[0] if scopes else (None, None)
    if scope is not None and scope not in row["_scopes"]:
        raise invalid_value("Invalid scope id provided for the parameter " + name)
    if scope is None:
        row["_value"] = row.get("defaultvalue")
        new = row["_value"]
    else:
        row["_scoped"].get(scope, {}).pop(oid, None)
        new = value_in_scope(ctx.store, row, scope, oid)
    if new is None:
        new = row.get("defaultvalue")
    _sync(row)
    out = render(row, row.get("_value"))
    if scope is not None:
        out["scope"] = scope  # ResetCfgCmd: ConfigKey.Scope.X.name(), e.g. "Zone"
    if new is None:
        out.pop("value", None)
    else:
        out["value"] = new  # ResetCfgCmd sets the plain new value, also for Secure keys
    return {"configuration": out}


__all__ = ["ApiError", "ensure", "find_row", "populate_configurations", "value_in_scope"]

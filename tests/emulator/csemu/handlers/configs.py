"""Global settings: listConfigurations / updateConfiguration / resetConfiguration.

Sources (apache/cloudstack 3d6cafe1936e, 4.22.0.0-SNAPSHOT): ManagementServerImpl.searchForConfigurations,
ConfigurationManagerImpl.updateConfiguration / resetConfiguration / validateConfigurationValue /
validateValueType, ListCfgsByCmd.setScope, UpdateCfgCmd.execute / setResponseScopes / setResponseValue,
ResetCfgCmd.execute, ApiResponseHelper.createConfigurationResponse, ConfigKey.valueInScope.
The rules and their sources are listed in docs/emulator-configs-systemvms.md.

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
import hashlib
import re
import secrets

from .. import initial
from ..errors import ApiError, internal_error, invalid_value, param_error
from ..registry import HANDLERS, command
from .common import UUID_MSG

# The core helper registered placeholders for these commands in misc.py; this module replaces them.
for _name in ("listConfigurations", "updateConfiguration", "resetConfiguration"):
    HANDLERS.pop(_name, None)

G, Z, C, SP, IS, D, A = "Global", "Zone", "Cluster", "StoragePool", "ImageStore", "Domain", "Account"

# name: (category, default, java type, scopes, isdynamic, kind/options, description)
# From SYSTEMVM_SETTINGS.md (system VM keys) and Config.java / ConfigKey definitions (others).
DEFS = {
    # -- system VM settings (SYSTEMVM_SETTINGS.md) --
    "system.vm.random.password": ("Advanced", "false", "Boolean", [G], False, None, "Randomize system vm password the first time management server starts"),
    "system.vm.use.local.storage": (
        "Advanced",
        "false",
        "Boolean",
        [Z],
        False,
        None,
        "Indicates whether to use local storage pools or shared storage pools for system VMs.",
    ),
    "system.vm.default.hypervisor": (
        "Advanced",
        None,
        "String",
        [G],
        False,
        None,
        "Hypervisor type used to create system vm, valid values are: XenServer, KVM, VMware, Hyperv, VirtualBox, Parralels, BareMetal, Ovm, LXC, Any",
    ),
    "system.vm.auto.reserve.capacity": (
        "Advanced",
        "true",
        "Boolean",
        [G],
        False,
        None,
        "Indicates whether or not to automatically reserver system VM standby capacity.",
    ),
    "system.vm.preferred.architecture": (
        "Advanced",
        "x86_64",
        "String",
        [Z],
        True,
        ("Select", ",i686,x86_64,aarch64"),
        "Preferred architecture for the system VMs including virtual routers",
    ),
    "system.vm.management.ip.reservation.mode.strictness": (
        "Advanced",
        "false",
        "Boolean",
        [G],
        False,
        None,
        "If enabled, the management IP reservation for system VMs is strict",
    ),
    "system.vm.public.ip.reservation.mode.strictness": (
        "Advanced",
        "false",
        "Boolean",
        [G],
        True,
        None,
        "If enabled, the use of System VMs public IP reservation is strict.",
    ),
    "systemvm.userdata.enabled": ("Advanced", "false", "Boolean", [Z], True, None, "Enable user data for system VMs"),
    "systemvm.root.disk.size": ("Advanced", "-1", "Long", [G], True, None, "Size of the root disk (in GB) of the systemvm and virtual router"),
    "systemvm.release.control.ip.on.stop": ("Advanced", "true", "Boolean", [Z], True, None, "Release the control IP of system VMs when they stop"),
    "secstorage.allowed.internal.sites": (
        "Advanced",
        None,
        "String",
        [G],
        False,
        None,
        "Comma separated list of cidrs internal to the datacenter that can host template download servers, please note 0.0.0.0 is not a valid site",
    ),
    "secstorage.ssl.cert.domain": ("Advanced", "", "String", [G], False, None, "SSL certificate used to encrypt copy traffic between zones"),
    "secstorage.encrypt.copy": ("Advanced", "false", "Boolean", [G], False, None, "Use SSL method used to encrypt copy traffic between zones"),
    "secstorage.vm.mtu.size": ("Advanced", "1500", "Integer", [G], False, None, "MTU size (in Byte) of storage network in secondary storage vms"),
    "secstorage.capacity.standby": (
        "Advanced",
        "10",
        "Integer",
        [G],
        False,
        None,
        "The minimal number of command execution sessions that system is able to serve immediately(standby capacity)",
    ),
    "secstorage.session.max": ("Advanced", "50", "Integer", [G], False, None, "The max number of command execution sessions that a SSVM can handle"),
    "secstorage.cmd.execution.time.max": ("Advanced", "30", "Integer", [G], False, None, "The max command execution time in minute"),
    "secstorage.proxy": ("Advanced", None, "String", [G], False, None, "http proxy used by ssvm, in http://username:password@proxyserver:port format"),
    "secstorage.service.offering": (
        "Advanced",
        None,
        "String",
        [G],
        False,
        None,
        "Uuid of the service offering used by secondary storage; if NULL - system offering will be used",
    ),
    "secstorage.capacityscan.interval": (
        "Advanced",
        "30000",
        "Integer",
        [G],
        False,
        None,
        "The time interval(in millisecond) to scan whether or not system needs more SSVM to ensure minimal standby capacity",
    ),
    "secstorage.vm.userdata": ("Advanced", "", "String", [Z], True, None, "UUID for user data for secondary storage VM"),
    "secstorage.max.migrate.sessions": (
        "Advanced",
        "2",
        "Integer",
        [G],
        False,
        None,
        "The max number of concurrent copy command execution sessions that an SSVM can handle",
    ),
    "secstorage.vm.auto.scale.down": ("Advanced", "false", "Boolean", [G], True, None, "Whether to scale down SSVMs automatically"),
    "secstorage.nfs.version": ("Advanced", None, "String", [IS], True, None, "Enforces specific NFS version when mounting Secondary Storage."),
    "secstorage.copy.password": ("Hidden", None, "String", [G], False, None, "Password used to authenticate zone-to-zone template copy requests"),
    "consoleproxy.sslEnabled": ("Advanced", "false", "Boolean", [Z], False, None, "Enable SSL for console proxy"),
    "consoleproxy.url.domain": ("Console Proxy", "", "String", [Z], False, None, "Console proxy url domain - domainName,privatelink"),
    "consoleproxy.session.max": (
        "Console Proxy",
        "50",
        "Integer",
        [Z],
        True,
        None,
        "The max number of viewer sessions console proxy is configured to serve for",
    ),
    "consoleproxy.session.timeout": (
        "Console Proxy",
        "300000",
        "Integer",
        [Z],
        True,
        None,
        "Timeout(in milliseconds) that console proxy tries to maintain a viewer session before it times out the session for no activity",
    ),
    "consoleproxy.capacity.standby": (
        "Console Proxy",
        "10",
        "String",
        [Z],
        False,
        None,
        "The minimal number of console proxy viewer sessions that system is able to serve immediately(standby capacity)",
    ),
    "consoleproxy.capacityscan.interval": (
        "Console Proxy",
        "30000",
        "Long",
        [G],
        False,
        None,
        "The time interval(in millisecond) to scan whether or not system needs more console proxy to ensure minimal standby capacity",
    ),
    "consoleproxy.cmd.port": (
        "Console Proxy",
        "8001",
        "Integer",
        [Z],
        False,
        None,
        "Console proxy command port that is used to communicate with management server",
    ),
    "consoleproxy.restart": ("Console Proxy", "true", "Boolean", [Z], True, None, "Console proxy restart flag, defaults to true"),
    "consoleproxy.disable.rpfilter": ("Console Proxy", "true", "Boolean", [Z], True, None, "disable rp_filter on console proxy VM public interface"),
    "consoleproxy.launch.max": ("Console Proxy", "10", "Integer", [Z], False, None, "maximum number of console proxy instances per zone can be launched"),
    "consoleproxy.service.offering": (
        "Console Proxy",
        None,
        "String",
        [Z],
        True,
        None,
        "Uuid of the service offering used by console proxy; if NULL - system offering will be used",
    ),
    "consoleproxy.management.state": (
        "Advanced",
        "Auto",
        "String",
        [G],
        False,
        ("Select", "Auto,Manual,Suspending,ResetSuspending"),
        "console proxy service management state",
    ),
    "consoleproxy.management.state.last": (
        "Advanced",
        "Auto",
        "String",
        [G],
        False,
        ("Select", "Auto,Manual,Suspending,ResetSuspending"),
        "last console proxy service management state",
    ),
    "router.template.kvm": ("Advanced", "SystemVM Template (KVM)", "String", [Z], True, None, "Name of the default router template on KVM."),
    "router.template.xenserver": ("Advanced", "SystemVM Template (XenServer)", "String", [Z], True, None, "Name of the default router template on Xenserver."),
    "router.template.vmware": ("Advanced", "SystemVM Template (vSphere)", "String", [Z], True, None, "Name of the default router template on VMware."),
    "router.template.hyperv": ("Advanced", "SystemVM Template (HyperV)", "String", [Z], True, None, "Name of the default router template on Hyperv."),
    "router.template.lxc": ("Advanced", "SystemVM Template (LXC)", "String", [Z], True, None, "Name of the default router template on LXC."),
    "router.template.ovm3": ("Advanced", "SystemVM Template (Ovm3)", "String", [Z], True, None, "Name of the default router template on Ovm3."),
    "integration.api.port": ("Advanced", "0", "Integer", [G], False, None, "Integration (unauthenticated) API port. To disable set it to 0 or negative."),
    "console.proxy.vm.userdata": ("Advanced", "", "String", [Z], True, None, "UUID for user data for console proxy VM"),
    "novnc.console.default": ("Advanced", "true", "Boolean", [Z], False, None, "If true, noVNC console will be default console for virtual machines"),
    "novnc.console.sourceip.check.enabled": (
        "Advanced",
        "false",
        "Boolean",
        [G],
        False,
        None,
        "If true, The source IP to access novnc console must be same as the IP in request to management server",
    ),
    "novnc.console.show.dot": (
        "Advanced",
        "true",
        "Boolean",
        [Z],
        True,
        None,
        "If true, in noVNC console a dot cursor will be shown when the canvas does not provide a local cursor",
    ),
    "port": ("Advanced", "8250", "Integer", [G], False, None, "Port to listen on for agent connection."),
    "upload.post.secret.key": ("Hidden", "", "String", [G], False, None, "PSK with SSVM"),
    # -- others a test needs (Config.java / ConfigKey) --
    "default.page.size": ("Advanced", "500", "Long", [G], False, None, "Default page size for API list* commands"),
    "instance.name": ("Advanced", "VM", "String", [G], False, None, "Name of the deployment instance."),
    "dynamic.apichecker.enabled": (
        "Advanced",
        "false",
        "Boolean",
        [G],
        True,
        None,
        "If set to true, this enables the dynamic role-based api access checker and disables the default static role-based api access checker.",
    ),
    "alert.smtp.password": ("Secure", None, "String", [G], False, None, "Password for SMTP authentication (applies only if alert.smtp.useAuth is true)."),
    "session.timeout": ("Advanced", "30", "Integer", [G], False, None, "Session timeout in minutes"),
    "api.sessionkey.check.locations": (
        "Advanced",
        "CookieAndParameter",
        "String",
        [G],
        True,
        ("Select", "CookieAndParameter,CookieOrParameter,ParameterOnly"),
        "Locations of the session key",
    ),
    "enable.dynamic.scale.vm": ("Advanced", "false", "Boolean", [Z], True, None, "Enables/Disables dynamically scaling a vm"),
    "secstorage.vm.ram.size": ("Advanced", None, "Integer", [G], False, None, "RAM size (in MB) used to create new secondary storage vms"),
    "consoleproxy.ram.size": ("Advanced", "1024", "Integer", [G], False, None, "RAM size (in MB) used to create new console proxy vms"),
    "cpu.overprovisioning.factor": (
        "Advanced",
        "1.0",
        "Float",
        [C],
        True,
        None,
        "Used for CPU overprovisioning calculation; available CPU will be (actualCpuCapacity * cpu.overprovisioning.factor)",
    ),
    "mem.overprovisioning.factor": (  # CapacityManager.MemOverprovisioningFactor
        "Advanced",
        "1.0",
        "Float",
        [C],
        True,
        None,
        "Used for memory overprovisioning calculation",
    ),
    "storage.overprovisioning.factor": (
        "Storage",
        "2",
        "Double",
        [SP],
        True,
        None,
        "Used for storage overprovisioning calculation; available storage will be (actualStorageSize * storage.overprovisioning.factor)",
    ),
    "max.account.user.vms": ("Account Defaults", "20", "Long", [A], False, None, "The default maximum number of user VMs that can be deployed for an account"),
    "max.project.user.vms": ("Project Defaults", "20", "Long", [G], False, None, "The default maximum number of user VMs that can be deployed for a project"),
    "allow.user.create.projects": ("Project Defaults", "true", "Boolean", [D], True, None, "If regular user can create a project; true by default"),
    # -- Marvin advanced.cfg globalConfig --
    "network.gc.wait": ("Advanced", "600", "Integer", [G], False, None, "Time (in seconds) to wait before shutting down a network that's not in used"),
    "network.gc.interval": ("Advanced", "600", "Integer", [G], False, None, "Seconds to wait before checking for networks to shutdown"),
    "storage.cleanup.interval": (
        "Advanced",
        "86400",
        "Integer",
        [G],
        False,
        None,
        "The interval (in seconds) to wait before running the storage cleanup thread.",
    ),
    "vm.op.wait.interval": ("Advanced", "120", "Integer", [G], True, None, "Time (in seconds) to wait before checking if a previous operation has succeeded"),
    "account.cleanup.interval": ("Advanced", "86400", "Integer", [G], False, None, "The interval (in seconds) between cleanup for removed accounts"),
    "guest.domain.suffix": (
        "Network",
        "cloud.internal",
        "String",
        [G],
        True,
        None,
        "Default domain name for vms inside virtualized networks fronted by router",
    ),
    "expunge.delay": (
        "Advanced",
        "86400",
        "Integer",
        [G],
        False,
        None,
        "Determines how long (in seconds) to wait before actually expunging destroyed vm. The default value = the default value of expunge.interval",
    ),
    "expunge.interval": ("Advanced", "86400", "Integer", [G], False, None, "The interval (in seconds) to wait before running the expunge thread."),
    "expunge.workers": ("Advanced", "1", "Integer", [G], False, None, "Number of workers performing expunge "),
    "vm.allocation.algorithm": (
        "Advanced",
        "random",
        "String",
        [G],
        False,
        None,
        "'random', 'firstfit', 'userdispersing', 'userconcentratedpod_random', 'userconcentratedpod_firstfit', 'firstfitleastconsumed' : "
        "Order in which hosts within a cluster will be considered for VM/volume allocation.",
    ),
    "check.pod.cidrs": ("Advanced", "true", "String", [G], False, None, "If true, different pods must belong to different CIDR subnets."),
    "direct.agent.load.size": ("Advanced", "16", "Integer", [G], False, None, "The number of direct agents to load each time"),
    "ping.interval": (
        "Advanced",
        "60",
        "Integer",
        [G],
        False,
        None,
        "Interval in seconds to send application level pings to make sure the connection is still working",
    ),
    "ping.timeout": ("Advanced", "2.5", "Float", [G], True, None, "Multiplier to ping.interval before announcing an agent has timed out"),
    "workers": ("Advanced", "5", "Integer", [G], False, None, "Number of worker threads."),
}
# Rows that the core initial state inserts but that do not exist in CloudStack (SYSTEMVM_SETTINGS.md).
NOT_REAL = {"systemvm.default.hypervisor"}

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
def _row_from_def(name, d):
    category, default, jtype, scopes, dynamic, kind, descr = d
    row = {
        "name": name,
        "category": category,
        "defaultvalue": default,
        "isdynamic": dynamic,
        "description": descr,
        "component": "management-server",
        "group": "Miscellaneous",
        "subgroup": "Others",
        "_jtype": jtype,
        "_scopes": list(scopes),
        "_value": default,
        "_scoped": {},
        "_csemu_cfg": True,
    }
    row["type"] = kind[0] if kind and jtype == "String" else TYPE_NAMES.get(jtype, "String")
    if kind:
        row["options"] = kind[1]
    return row


def _sync(row):
    """Public mirrors of the plain values: value (encrypted like the DB for Secure/Hidden) and scopedvalues."""
    enc = is_encrypted(row)
    row["value"] = encrypt(row.get("_value")) if enc else row.get("_value")
    row["scope"] = None  # the response sets scope only from the request (ListCfgsByCmd.setScope)
    row["scopedvalues"] = {s: {k: (encrypt(v) if enc else v) for k, v in vals.items()} for s, vals in row.get("_scoped", {}).items() if vals} or None


def populate_configurations(store):
    """The configuration table after a management-server start (called on reset)."""
    with store.lock:
        for row in list(store.all("configurations")):
            store.delete("configurations", row["id"])
        populate_configurations_keep(store)


def ensure(store):
    """Bring rows inserted by others (the core initial state, /_emulator/seed) into this model."""
    with store.lock:
        rows = store.all("configurations")
        if rows and all(r.get("_csemu_cfg") for r in rows):
            return
        if not any(r.get("_csemu_cfg") for r in rows):
            # someone else's initial rows (csemu.initial.CONFIGURATIONS): replace them by this table
            core = {c[0] for c in getattr(initial, "CONFIGURATIONS", [])}
            for r in rows:
                if r["name"] in core:
                    store.delete("configurations", r["id"])
            populate_configurations_keep(store)
        by_name = {r["name"].lower(): r for r in store.all("configurations") if r.get("_csemu_cfg")}
        started_with_random = False
        for raw in sorted((r for r in store.all("configurations") if not r.get("_csemu_cfg")), key=lambda r: r["_id"]):
            store.delete("configurations", raw["id"])
            if raw["name"] in NOT_REAL:
                continue
            row = by_name.get(raw["name"].lower())
            if row is None:
                category = raw.get("category") or ("Secure" if raw["name"] == "system.vm.password" else "Advanced")
                d = (
                    category,
                    raw.get("defaultvalue"),
                    raw.get("_jtype") or "String",
                    list(raw.get("_scopes") or [G]),
                    bool(raw.get("isdynamic", False)),
                    None,
                    raw.get("description") or "",
                )
                row = store.insert("configurations", _row_from_def(raw["name"], d))
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


def populate_configurations_keep(store):
    for name, d in DEFS.items():
        row = _row_from_def(name, d)
        _sync(row)
        store.insert("configurations", row)


def _random_password_row(store):
    """ConfigurationServerImpl.updateSystemvmPassword: when the management server starts with
    system.vm.random.password true and no row, it creates the Secure row system.vm.password with a random
    value. The emulator's "start" is a seed of system.vm.random.password (an API update does not do it)."""
    rand = find_row(store, "system.vm.random.password")
    if rand is None or str(rand.get("_value")).lower() != "true" or find_row(store, "system.vm.password"):
        return
    row = _row_from_def("system.vm.password", ("Secure", None, "String", [G], False, None, "randmized system vm password"))
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
    rx = "".join(".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern)
    return re.search(rx, text or "", re.I | re.S) is not None


# -- commands -----------------------------------------------------------------------------------
@command("listConfigurations")
def list_configurations(ctx):
    ensure(ctx.store)
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
    ensure(ctx.store)
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
    ensure(ctx.store)
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


# -- the initial state: populate() of csemu.initial also builds this table -------------------------
def _hook_populate():
    original = getattr(initial, "populate", None)
    if original is None or getattr(original, "_csemu_cfg", False):
        return

    def populate(store, *args, **kwargs):
        result = original(store, *args, **kwargs)
        populate_configurations(store)
        return result

    populate._csemu_cfg = True
    initial.populate = populate


_hook_populate()

__all__ = ["ApiError", "DEFS", "ensure", "find_row", "populate_configurations", "value_in_scope"]

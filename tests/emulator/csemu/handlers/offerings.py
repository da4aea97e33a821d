"""Offerings: service offerings (compute and system), disk offerings, network offerings and VPC
offerings, with the defaults a fresh 4.18 management server has.

Sources (apache/cloudstack 4.18.2.0, commit 154566f914, read from the mirror
alexandremattioli/cloudstack): ConfigurationManagerImpl (create/update/delete of service, disk
and network offerings, searchForNetworkOfferings), QueryManagerImpl (searchForServiceOfferings,
searchForDiskOfferings), VpcManagerImpl (VPC offerings), ConfigurationServerImpl,
NetworkOrchestrator, NetworkOfferingDaoImpl, ServiceOfferingDaoImpl and the system VM managers
(default offerings), the *JoinDaoImpl / ApiResponseHelper response builders, the
*_offering_view SQL of schema-41720to41800.sql. docs/emulator-offerings.md lists every rule.

Storage: service offerings keep their storage side in a compute-only disk offering (4.17+);
`_diskofferingid` links them. Deleted service/disk offerings stay with `_state` Inactive (the
real server marks them Inactive); deleted network/VPC offerings get `_removed` (soft delete).
"""
from __future__ import annotations

from ..errors import ApiError, param_error, runtime_error
from ..registry import command
from .common import UUID_MSG, AsyncResult, invalid_value, now_str, success

GIB = 1024 * 1024 * 1024
MAX_VOLUME_SIZE_GB = 2000            # storage.max.volume.size (VolumeOrchestrationService.MaxVolumeSize)
HAPROXY_MAX_CONN = 4096              # network.loadbalancer.haproxy.max.conn (Config.NetworkLBHaproxyMaxConn)
NETWORK_THROTTLING_RATE = 200        # network.throttling.rate (NetworkOrchestrationService.NetworkThrottlingRate)
DEPLOYMENT_PLANNERS = ("FirstFitPlanner", "UserDispersingPlanner", "UserConcentratedPodPlanner",
                       "ImplicitDedicationPlanner", "BareMetalPlanner")  # listDeploymentPlanners of a default build

# Network.Service, in declaration order (the order the emulator lists them in)
SERVICES = ("Vpn", "Dhcp", "Dns", "Gateway", "Firewall", "Lb", "UserData", "SourceNat", "StaticNat", "PortForwarding",
            "SecurityGroup", "NetworkACL", "Connectivity")
# Network.Provider names of a default 4.18 build (core and plugins)
PROVIDERS = ("VirtualRouter", "JuniperContrailRouter", "JuniperContrailVpcRouter", "JuniperSRX", "PaloAlto", "F5BigIp",
             "Netscaler", "ExternalDhcpServer", "ExternalGateWay", "ElasticLoadBalancerVm", "SecurityGroupProvider",
             "VpcVirtualRouter", "None", "NiciraNvp", "InternalLbVm", "CiscoVnmc", "Ovs", "Opendaylight", "BrocadeVcs",
             "GloboDns", "BigSwitchBcf", "ConfigDrive", "Tungsten", "BaremetalDhcpProvider", "BaremetalPxeProvider",
             "BaremetalUserdataProvider")
# Network.Capability names
CAPABILITIES = ("SupportedProtocols", "SupportedLbAlgorithms", "SupportedLBIsolation", "SupportedStickinessMethods",
                "MultipleIps", "SupportedSourceNatTypes", "SupportedVpnTypes", "VpnTypes", "TrafficStatistics",
                "LoadBalancingSupportedIps", "AllowDnsSuffixModification", "RedundantRouter", "ElasticIp",
                "AssociatePublicIP", "ElasticLb", "AutoScaleCounters", "InlineMode", "SupportedTrafficDirection",
                "SupportedEgressProtocols", "HealthCheckPolicy", "SslTermination", "LbSchemes",
                "DhcpAccrossMultipleSubnets", "DistributedRouter", "StretchedL2Subnet", "RegionLevelVpc", "NoVlan",
                "PublicAccess", "ExtraDhcpOptions", "VmAutoScaling")
_VR_CAPS = {
    "Lb": {"SupportedLbAlgorithms": "roundrobin,leastconn,source", "SupportedLBIsolation": "dedicated",
           "SupportedProtocols": "tcp, udp, tcp-proxy", "LbSchemes": "Public", "VmAutoScaling": "true"},
    "Firewall": {"TrafficStatistics": "per public ip", "SupportedProtocols": "tcp,udp,icmp", "MultipleIps": "true"},
    "Vpn": {"SupportedVpnTypes": "pptp,l2tp,ipsec", "VpnTypes": "removeaccessvpn"},
    "Dns": {"AllowDnsSuffixModification": "true"}, "UserData": {}, "Dhcp": {"DhcpAccrossMultipleSubnets": "true"},
    "Gateway": {}, "SourceNat": {"SupportedSourceNatTypes": "peraccount", "RedundantRouter": "true"}, "StaticNat": {},
    "PortForwarding": {"SupportedProtocols": "tcp,udp"},
}
# The network element behind each provider: (canEnableIndividualServices, {service: {capability: value}}).
# VirtualRouterElement, VpcVirtualRouterElement (the VR's minus Firewall, plus NetworkACL), SecurityGroupElement,
# ConfigDriveNetworkElement, InternalLoadBalancerElement and the plugin elements' getCapabilities().
ELEMENTS = {
    "VirtualRouter": (True, _VR_CAPS),
    "VpcVirtualRouter": (True, {**{k: v for k, v in _VR_CAPS.items() if k != "Firewall"},
                                "Vpn": {"SupportedVpnTypes": "pptp,l2tp,ipsec", "VpnTypes": "s2svpn"},
                                "NetworkACL": {"SupportedProtocols": "tcp,udp,icmp"}}),
    "SecurityGroupProvider": (False, {"SecurityGroup": {}}),
    "ConfigDrive": (False, {"UserData": {}}),
    "InternalLbVm": (True, {"Lb": {"SupportedLbAlgorithms": "roundrobin,leastconn,source",
                                   "SupportedLBIsolation": "dedicated", "SupportedProtocols": "tcp, udp",
                                   "LbSchemes": "Internal"}}),
    "Netscaler": (True, {"Lb": {"SupportedLBIsolation": "dedicated", "ElasticLb": "true", "InlineMode": "true",
                                "LbSchemes": "Public", "VmAutoScaling": "true"},
                         "StaticNat": {"ElasticIp": "true"}, "Firewall": {}}),
    "ElasticLoadBalancerVm": (False, {"Lb": {"SupportedLBIsolation": "shared", "ElasticLb": "true"}}),
    "Tungsten": (True, {s: {} for s in ("Connectivity", "Dhcp", "Dns", "Firewall", "Lb", "PortForwarding",
                                        "SecurityGroup", "SourceNat", "StaticNat", "UserData")}),
    "NiciraNvp": (True, {s: {} for s in ("Connectivity", "Gateway", "PortForwarding", "SourceNat", "StaticNat")}),
    "Ovs": (True, {s: {} for s in ("Connectivity", "Lb", "PortForwarding", "StaticNat")}),
    "PaloAlto": (True, {s: {} for s in ("Firewall", "Gateway", "PortForwarding", "SourceNat", "StaticNat")}),
    "CiscoVnmc": (True, {s: {} for s in ("Firewall", "Gateway", "PortForwarding", "SourceNat", "StaticNat")}),
    "BigSwitchBcf": (True, {s: {} for s in ("Connectivity", "Firewall", "Gateway", "NetworkACL", "SourceNat",
                                            "StaticNat")}),
    "BrocadeVcs": (True, {"Connectivity": {}}),
    "Opendaylight": (False, {"Connectivity": {}}),
    "GloboDns": (True, {"Dns": {}}),
    "BaremetalDhcpProvider": (False, {"Dhcp": {}}),
    "BaremetalUserdataProvider": (True, {"UserData": {}}),
    "JuniperContrailRouter": (True, {s: {} for s in ("Connectivity", "Dhcp", "SourceNat", "StaticNat")}),
}
VPC_ONLY_PROVIDERS = ("VpcVirtualRouter", "JuniperContrailVpcRouter", "InternalLbVm")
NETWORK_OFFERING_DETAILS = ("InternalLbProvider", "PublicLbProvider", "servicepackageuuid", "servicepackagedescription",
                            "PromiscuousMode", "MacAddressChanges", "ForgedTransmits", "MacLearning",
                            "RelatedNetworkOffering", "domainid", "zoneid", "pvlanType", "internetProtocol")
SYSTEM_VM_TYPES = {"domainrouter": "domainrouter", "consoleproxy": "consoleproxy",
                   "secondarystoragevm": "secondarystoragevm", "internalloadbalancervm": "internalloadbalancervm"}
RATE_FIELDS = (("bytesreadrate", "diskBytesReadRate"), ("bytesreadratemax", "diskBytesReadRateMax"),
               ("bytesreadratemaxlength", "diskBytesReadRateMaxLength"), ("byteswriterate", "diskBytesWriteRate"),
               ("byteswriteratemax", "diskBytesWriteRateMax"), ("byteswriteratemaxlength", "diskBytesWriteRateMaxLength"),
               ("iopsreadrate", "diskIopsReadRate"), ("iopsreadratemax", "diskIopsReadRateMax"),
               ("iopsreadratemaxlength", "diskIopsReadRateMaxLength"), ("iopswriterate", "diskIopsWriteRate"),
               ("iopswriteratemax", "diskIopsWriteRateMax"), ("iopswriteratemaxlength", "diskIopsWriteRateMaxLength"))
DISK_FIELDS = ("provisioningtype", "iscustomizediops", "miniops", "maxiops", "hypervisorsnapshotreserve",
               "cacheMode", "encrypt") + tuple(f for _p, f in RATE_FIELDS)


# ------------------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------------------
def _ieq(a, b):
    """MySQL's default collation: string equality ignores case."""
    return a is not None and b is not None and str(a).lower() == str(b).lower()


def _like(haystack, needle):
    return haystack is not None and str(needle).lower() in str(haystack).lower()


def _service(name):
    """Network.Service.getService: case-insensitive; None when unknown."""
    return next((s for s in SERVICES if _ieq(s, name)), None)


def _provider(name):
    """Network.Provider.getProvider: case-insensitive; None when unknown."""
    return next((p for p in PROVIDERS if _ieq(p, name)), None)


def _capability(name):
    return next((c for c in CAPABILITIES if _ieq(c, name)), None)


def _cleanup_tags(tags):
    """com.cloud.utils.StringUtils.cleanupTags: split on commas, trim each token."""
    if tags is None:
        return None
    return ",".join(t.strip() for t in str(tags).split(","))


def _entity_ids(ctx, name, collection):
    """A CommandType.LIST of UUIDs (domainid, zoneid of the create commands), deduplicated in order
    (LinkedHashSet in the command's getter); an unknown uuid fails in ParamProcessWorker."""
    out = []
    for token in ctx.list(name) or []:
        obj = ctx.store.get(collection, token.strip())
        if obj is None:
            raise param_error(UUID_MSG.format(cmd=ctx.cmd.name.lower(), name=name, value=token))
        if obj["id"] not in out:
            out.append(obj["id"])
    return out


def _update_ids(ctx, name, collection, kind, everything, current):
    """The domainid / zoneid string of the update commands (Update*OfferingCmd.getDomainIds/getZoneIds):
    absent -> the current list; 'public' / 'all' -> none; otherwise comma-separated uuids."""
    value = ctx.get(name)
    if value is None or value == "":
        return list(current)
    label = "domain" if name == "domainid" else "zone"
    value = value.strip()
    if "," not in value and value == everything:
        return []
    out = []
    for token in value.split(","):
        obj = ctx.store.get(collection, token.strip())
        if obj is None:
            raise invalid_value(f"Failed to create {kind} because invalid {label} has been specified.")
        out.append(obj["id"])
    return out


def _domain_db_path(domain):
    """domain.path as the database keeps it: '/' for ROOT, '/a/b/' below (the API shows 'ROOT/a/b')."""
    path = domain.get("path") or "ROOT"
    rest = path.split("/", 1)[1] if "/" in path else ""
    return "/" + (rest.strip("/") + "/" if rest else "")


def _parent_ids(ctx, domain_id):
    """The domain and its ancestors (DomainDao.getDomainParentIds)."""
    out = []
    domain = ctx.store.get("domains", domain_id)
    while domain is not None:
        out.append(domain["id"])
        domain = ctx.store.get("domains", domain.get("parentdomainid")) if domain.get("parentdomainid") else None
    return out


def _filter_child_domains(ctx, domain_ids):
    """ConfigurationManagerImpl.filterChildSubDomains: a domain whose ancestor is also listed is dropped."""
    out = []
    for did in domain_ids or []:
        ancestors = _parent_ids(ctx, did)[1:]
        if not any(a in domain_ids for a in ancestors):
            out.append(did)
    return out


def _scope_view(ctx, obj, domain_field="path"):
    """domainid/domain/zoneid/zone of the *_offering_view: GROUP_CONCAT of the detail rows."""
    domains = [ctx.store.get("domains", d) for d in obj.get("_domainids") or []]
    domains = [d for d in domains if d]
    zones = [ctx.store.get("zones", z) for z in obj.get("_zoneids") or []]
    zones = [z for z in zones if z]
    out = {}
    if domains:
        out["domainid"] = ",".join(d["id"] for d in domains)
        out["domain"] = ",".join(_domain_db_path(d) if domain_field == "path" else d["name"] for d in domains)
    if zones:
        out["zoneid"] = ",".join(z["id"] for z in zones)
        out["zone"] = ",".join(z["name"] for z in zones)
    return out


def _in_zone(obj, zone_id):
    """FIND_IN_SET(zoneid, zone list) OR zone list IS NULL."""
    return not obj.get("_zoneids") or zone_id in obj["_zoneids"]


def _ordered(items):
    """Filter(sortKey ascending) + order by id ascending."""
    return sorted(items, key=lambda o: (o.get("_sortkey") or 0, o.get("_id") or 0))


def _pop_keyword(ctx):
    """The offering list commands match keyword on name OR display text themselves."""
    return ctx.params.pop("keyword", None)


def _keyword_match(obj, keyword):
    return keyword is None or _like(obj.get("name"), keyword) or _like(obj.get("displaytext"), keyword)


def _bool_param(ctx, name):
    value = ctx.params.get(name)
    return None if value is None else str(value).lower() == "true"


def _long(ctx, name):
    return ctx.int(name)


# ------------------------------------------------------------------------------------------------
# disk offerings (also the storage side of every service offering)
# ------------------------------------------------------------------------------------------------
def _new_disk_offering(store, **fields):
    base = {"name": None, "displaytext": None, "provisioningtype": "thin", "_disksize": 0, "iscustomized": False,
            "tags": None, "_local": False, "displayoffering": True, "disksizestrictness": False, "encrypt": False,
            "cacheMode": None, "created": now_str(), "_computeonly": False, "_state": "Active", "_sortkey": 0,
            "_domainids": [], "_zoneids": [], "_details": {}, "_hidden_details": {}}
    base.update(fields)
    return _norm_disk(store.insert("diskofferings", base))


def _norm_disk(obj):
    """Defaults for disk offerings seeded through the control endpoint. The size (GB) and storage type are
    also kept under their answer names (`disksize`, `storagetype`; they cannot change) for the handlers that
    read offerings from the store (VMs and volumes)."""
    if "_local" not in obj:
        obj["_local"] = str(obj.get("storagetype") or "shared").lower() == "local"
    for key, value in (("provisioningtype", "thin"), ("iscustomized", False), ("displayoffering", True),
                       ("disksizestrictness", False), ("encrypt", False), ("_computeonly", False),
                       ("_state", "Active"), ("_sortkey", 0), ("_domainids", []), ("_zoneids", []),
                       ("_details", {}), ("_hidden_details", {})):
        obj.setdefault(key, value)
    if "_disksize" not in obj:
        obj["_disksize"] = int(obj.get("disksize") or 0) * GIB
    obj["disksize"] = obj["_disksize"] // GIB
    obj["storagetype"] = "local" if obj["_local"] else "shared"
    obj.setdefault("created", now_str())
    return obj


def disk_offering_view(ctx, obj):
    _norm_disk(obj)
    out = {k: v for k, v in obj.items() if not k.startswith("_")}
    out["disksize"] = obj["_disksize"] // GIB
    out["storagetype"] = "local" if obj.get("_local") else "shared"
    out["cacheMode"] = obj.get("cacheMode") or "none"   # the column defaults to 'none'
    out["hasannotations"] = False
    if obj.get("_details"):
        out["details"] = dict(obj["_details"])
    out.update(_scope_view(ctx, obj))
    return out


def _check_rates(ctx):
    """validateMaxRateEqualsOrGreater for IOPS/bytes read/write (vm.disk.*.maximum.*.length are 0: not checked)."""
    for rate, label in (("iopsreadrate", "IOPS Read"), ("iopswriterate", "IOPS Write"),
                        ("bytesreadrate", "Bytes Read"), ("byteswriterate", "Bytes Write")):
        normal, maximum = _long(ctx, rate), _long(ctx, rate + "max")
        if normal is not None and maximum is not None and maximum < normal:
            raise invalid_value(f"{label} rate ({normal}) cannot be greater than {label} maximum rate ({maximum})")


def _apply_rates(ctx, obj):
    """setBytesRate / setIopsRate: only values > 0 are kept."""
    for param, field in RATE_FIELDS:
        value = _long(ctx, param)
        if value is not None and value > 0:
            obj[field] = value


def _cache_mode(ctx):
    value = ctx.get("cachemode")
    if value is not None and value.upper() not in ("NONE", "WRITEBACK", "WRITETHROUGH"):
        raise invalid_value(f"Invalid cache mode ({value}). Please specify one of the following valid cache mode "
                            "parameters: none, writeback or writethrough")
    return value.lower() if value is not None else None


def _provisioning(value):
    """ProvisioningType.getProvisioningType: exact (case-sensitive) thin/sparse/fat, else NotImplementedException
    (no message) -> the generic 530."""
    if value not in ("thin", "sparse", "fat"):
        raise ApiError(530, None)
    return value


def _iops(custom_iops, min_iops, max_iops):
    """ConfigurationManagerImpl.createDiskOffering / createDiskOfferingInternal min/max IOPS rules."""
    if custom_iops is True or custom_iops is None:
        return None, None
    if min_iops is None and max_iops is None:
        return 0, 0
    if min_iops is None or min_iops <= 0:
        raise invalid_value("The min IOPS must be greater than 0.")
    if max_iops is None:
        max_iops = 0
    if min_iops > max_iops:
        raise invalid_value("The min IOPS must be less than or equal to the max IOPS.")
    return min_iops, max_iops


def _storage_type(ctx, offer_ha=False):
    value = ctx.get("storagetype")
    if value is None:
        return False
    if value.lower() == "local":
        if offer_ha:
            raise invalid_value("HA offering with local storage is not supported. ")
        return True
    if value.lower() != "shared":
        raise invalid_value(f"Invalid storage type {value} specified, valid types are: 'local' and 'shared'")
    return False


@command("createDiskOffering")
def create_disk_offering(ctx):
    """ConfigurationManagerImpl.createDiskOffering(cmd) then createDiskOffering(...)."""
    domain_ids = _entity_ids(ctx, "domainid", "domains")
    zone_ids = _entity_ids(ctx, "zoneid", "zones")
    size = _long(ctx, "disksize")
    customized = ctx.bool("customized", False)
    if not customized and size is None:
        raise invalid_value("Disksize is required for a non-customized disk offering")
    if customized and size is not None:
        raise invalid_value("Disksize is not allowed for a customized disk offering")
    cache = _cache_mode(ctx)
    local = _storage_type(ctx)
    _check_rates(ctx)
    if size is not None and size <= 0:
        raise invalid_value("Please specify a disk size of at least 1 GB.")
    if size is not None and size > MAX_VOLUME_SIZE_GB:
        raise invalid_value(f"The maximum size for a disk is {MAX_VOLUME_SIZE_GB} GB.")
    prov = _provisioning(ctx.get("provisioningtype", "thin"))
    disk_bytes = (size or 0) * GIB
    if disk_bytes == 0:
        customized = True
    custom_iops = _bool_param(ctx, "customizediops")
    min_iops, max_iops = _iops(custom_iops, _long(ctx, "miniops"), _long(ctx, "maxiops"))
    reserve = ctx.int("hypervisorsnapshotreserve")
    if reserve is not None and reserve < 0:
        raise invalid_value("If provided, Hypervisor Snapshot Reserve must be greater than or equal to 0.")
    details = {}
    for item in ctx.map("details"):
        details.update(item)
    obj = _new_disk_offering(
        ctx.store, name=ctx.get("name"), displaytext=ctx.get("displaytext"), provisioningtype=prov, _disksize=disk_bytes,
        iscustomized=customized, iscustomizediops=custom_iops, miniops=min_iops, maxiops=max_iops,
        tags=_cleanup_tags(ctx.get("tags")), _local=local, displayoffering=ctx.bool("displayoffering", True),
        cacheMode=cache, hypervisorsnapshotreserve=reserve, encrypt=ctx.bool("encrypt", False),
        disksizestrictness=ctx.bool("disksizestrictness", False), _domainids=_filter_child_domains(ctx, domain_ids),
        _zoneids=zone_ids, _details={k: v for k, v in details.items() if k not in ("bandwidthLimitInMbps", "iopsLimit")},
        _hidden_details={k: v for k, v in details.items() if k in ("bandwidthLimitInMbps", "iopsLimit")})
    _apply_rates(ctx, obj)
    return {"diskoffering": ctx.render(disk_offering_view(ctx, obj))}


@command("updateDiskOffering")
def update_disk_offering(ctx):
    """ConfigurationManagerImpl.updateDiskOffering: name, display text, sort key, displayoffering, tags (blank
    clears), cache mode, IOPS/bytes rates (values > 0), domain and zone lists. Nothing else changes."""
    obj = _norm_disk(ctx.ref("diskofferings", "id"))
    domain_ids = _update_ids(ctx, "domainid", "domains", "disk offering", "public", obj["_domainids"])
    zone_ids = _update_ids(ctx, "zoneid", "zones", "disk offering", "all", obj["_zoneids"])
    if ctx.has("name"):
        obj["name"] = ctx.get("name")
    if ctx.has("displaytext"):
        obj["displaytext"] = ctx.get("displaytext")
    if ctx.has("sortkey"):
        obj["_sortkey"] = ctx.int("sortkey")
    if ctx.has("displayoffering"):
        obj["displayoffering"] = ctx.bool("displayoffering")
    if ctx.params.get("tags") is not None:
        tags = ctx.params["tags"]
        obj["tags"] = _cleanup_tags(tags) if str(tags).strip() else None
    _check_rates(ctx)
    _apply_rates(ctx, obj)
    if ctx.has("cachemode"):
        obj["cacheMode"] = _cache_mode(ctx)
    filtered = sorted(_filter_child_domains(ctx, domain_ids), key=_domain_order(ctx))
    if filtered != sorted(obj["_domainids"], key=_domain_order(ctx)):
        obj["_domainids"] = filtered
    if sorted(zone_ids) != sorted(obj["_zoneids"]):
        obj["_zoneids"] = zone_ids
    return {"diskoffering": ctx.render(disk_offering_view(ctx, obj))}


def _domain_order(ctx):
    def key(did):
        dom = ctx.store.get("domains", did)
        return dom["_id"] if dom else 0
    return key


@command("deleteDiskOffering")
def delete_disk_offering(ctx):
    """deleteDiskOffering marks the offering Inactive (it stays resolvable by uuid)."""
    obj = _norm_disk(ctx.ref("diskofferings", "id"))
    obj["_state"] = "Inactive"
    return success()


@command("listDiskOfferings")
def list_disk_offerings(ctx):
    """QueryManagerImpl.searchForDiskOfferingsInternal (root admin)."""
    keyword = _pop_keyword(ctx)
    items = [_norm_disk(o) for o in ctx.store.all("diskofferings")]
    items = [o for o in items if o["_state"] == "Active" and not o["_computeonly"]]
    if ctx.has("domainid"):
        # root admin with a domain: only the offerings of that domain, nothing else is filtered (early return)
        items = [o for o in items if ctx.get("domainid") in o["_domainids"]]
        return ctx.list_response(_ordered(items), "diskoffering", view=lambda o: disk_offering_view(ctx, o))
    if ctx.has("volumeid") and ctx.has("storageid"):
        raise invalid_value("Both volume ID and storage pool ID are not allowed at the same time")
    items = [o for o in items if _keyword_match(o, keyword)]
    if ctx.has("id"):
        items = [o for o in items if o["id"] == ctx.get("id")]
    if ctx.has("name"):
        items = [o for o in items if _ieq(o.get("name"), ctx.get("name"))]
    if ctx.has("encrypt"):
        items = [o for o in items if bool(o.get("encrypt")) == ctx.bool("encrypt")]
    if ctx.has("zoneid"):
        zone = ctx.store.get("zones", ctx.get("zoneid"))
        items = [o for o in items if _in_zone(o, ctx.get("zoneid"))]
        if zone and zone.get("type") == "Edge":
            items = [o for o in items if o.get("_local")]
    if ctx.has("storageid"):
        pool = ctx.store.get("storagepools", ctx.get("storageid")) or {}
        required = [t for t in (pool.get("tags") or "").split(",") if t]
        if required:
            items = [o for o in items if set(required) <= set((o.get("tags") or "").split(","))]
    return ctx.list_response(_ordered(items), "diskoffering", view=lambda o: disk_offering_view(ctx, o))


# ------------------------------------------------------------------------------------------------
# service offerings
# ------------------------------------------------------------------------------------------------
def _norm_service(ctx, obj):
    """Defaults for service offerings seeded through the control endpoint (a compute-only disk offering is made)."""
    for key, value in (("offerha", False), ("limitcpuuse", False), ("isvolatile", False), ("issystem", False),
                       ("defaultuse", False), ("dynamicscalingenabled", True), ("diskofferingstrictness", False),
                       ("_state", "Active"), ("_sortkey", 0), ("_domainids", []), ("_zoneids", []), ("_details", {})):
        obj.setdefault(key, value)
    obj.setdefault("created", now_str())
    if not obj.get("_diskofferingid"):
        obj["_diskofferingid"] = obj.get("diskofferingid")
    if not obj.get("_diskofferingid") or ctx.store.get("diskofferings", obj["_diskofferingid"]) is None:
        disk = _new_disk_offering(ctx.store, name=obj.get("name"), displaytext=obj.get("displaytext"),
                                  _computeonly=True, tags=obj.get("storagetags"),
                                  _local=obj.get("storagetype") == "local",
                                  provisioningtype=obj.get("provisioningtype") or "thin",
                                  _disksize=int(obj.get("rootdisksize") or 0) * GIB)
        obj["_diskofferingid"] = disk["id"]
    _link_disk(ctx.store, obj)
    return obj


def _link_disk(store, obj):
    """The disk offering id and root disk size (GB) also under their answer names (they cannot change), for the
    handlers that read service offerings from the store."""
    disk = store.get("diskofferings", obj["_diskofferingid"])
    obj["diskofferingid"] = obj["_diskofferingid"]
    obj["rootdisksize"] = (disk or {}).get("_disksize", 0) // GIB


def _dynamic(obj):
    """ServiceOfferingVO.isDynamic: cpu, speed or memory not set."""
    return obj.get("cpunumber") is None or obj.get("cpuspeed") is None or obj.get("memory") is None


def service_offering_view(ctx, obj):
    _norm_service(ctx, obj)
    disk = _norm_disk(ctx.store.get("diskofferings", obj["_diskofferingid"]))
    hidden = ("storagetags", "storagetype", "provisioningtype")
    out = {k: v for k, v in obj.items() if not k.startswith("_") and k not in hidden}
    out["iscustomized"] = _dynamic(obj)
    for field in DISK_FIELDS:
        if disk.get(field) is not None:
            out[field] = disk[field]
    out["encryptroot"] = bool(disk.get("encrypt"))
    out.pop("encrypt", None)
    out["provisioningtype"] = disk.get("provisioningtype") or "thin"
    out["storagetype"] = "local" if disk.get("_local") else "shared"
    out["cacheMode"] = disk.get("cacheMode") or "none"
    if disk.get("tags"):
        out["storagetags"] = disk["tags"]
    out["rootdisksize"] = disk["_disksize"] // GIB
    out["diskofferingid"] = disk["id"]
    out["diskofferingname"] = disk.get("name")
    if disk.get("displaytext") is not None:
        out["diskofferingdisplaytext"] = disk["displaytext"]
    if obj.get("_details"):
        out["serviceofferingdetails"] = dict(obj["_details"])
    out["hasannotations"] = False
    out.update(_scope_view(ctx, obj, domain_field="name"))
    return out


def _new_service_offering(ctx, disk_fields, **fields):
    disk = _new_disk_offering(ctx.store, _computeonly=True, name=fields.get("name"),
                              displaytext=fields.get("displaytext"), **disk_fields)
    base = {"offerha": False, "limitcpuuse": False, "isvolatile": False, "issystem": False, "defaultuse": False,
            "dynamicscalingenabled": True, "diskofferingstrictness": False, "created": now_str(),
            "_state": "Active", "_sortkey": 0, "_domainids": [], "_zoneids": [], "_details": {},
            "_diskofferingid": disk["id"]}
    base.update(fields)
    obj = ctx.store.insert("serviceofferings", base)
    _link_disk(ctx.store, obj)
    return obj


@command("createServiceOffering")
def create_service_offering(ctx):
    """ConfigurationManagerImpl.createServiceOffering(cmd), then createServiceOffering(...) and
    createDiskOfferingInternal (the compute-only disk offering), in the server's order."""
    domain_ids = _entity_ids(ctx, "domainid", "domains")   # the parameter layer runs first
    zone_ids = _entity_ids(ctx, "zoneid", "zones")
    name, text = ctx.get("name"), ctx.get("displaytext")
    cpu, speed, memory = ctx.int("cpunumber"), ctx.int("cpuspeed"), ctx.int("memory")
    max_cpu, min_cpu, max_mem, min_mem = ctx.int("maxcpunumber"), ctx.int("mincpunumber"), ctx.int("maxmemory"), \
        ctx.int("minmemory")
    details = ctx.details("serviceofferingdetails")
    customized = ctx.bool("customized") if ctx.has("customized") else (cpu is None or memory is None)
    if customized:
        if cpu is not None or memory is not None:
            raise invalid_value("For creating a custom compute offering cpu and memory all should be null")
        bounds = (max_cpu, min_cpu, max_mem, min_mem, speed)
        if any(v is None for v in bounds):
            if any(v is not None for v in bounds):
                raise invalid_value("For creating a custom compute offering min/max cpu and min/max memory/cpu speed "
                                    "should all be null or all specified")
        else:
            if speed < 0:
                raise invalid_value(f"Failed to create service offering {name}: specify the cpu speed value between 1 "
                                    f"and 2147483647")
            if max_cpu <= 0 or min_cpu <= 0:
                raise invalid_value(f"Failed to create service offering {name}: specify the minimum or minimum cpu "
                                    f"number value between 1 and 2147483647")
            if min_mem < 32:
                raise invalid_value(f"Failed to create service offering {name}: specify the memory value between 32 "
                                    f"and 2147483647 MB")
            details.update(minmemory=str(min_mem), maxmemory=str(max_mem), mincpunumber=str(min_cpu),
                           maxcpunumber=str(max_cpu))
    else:
        # vm.serviceoffering.cpu.cores.max and vm.serviceoffering.ram.size.max are 0 (no limit) by default
        if cpu is not None and cpu <= 0:
            raise invalid_value(f"Failed to create service offering {name}: specify the cpu number value between 1 "
                                f"and 2147483647")
        if speed is None or speed < 0:
            raise invalid_value(f"Failed to create service offering {name}: specify the cpu speed value between 0 and "
                                f"2147483647")
        if memory is not None and memory < 32:
            raise invalid_value(f"Failed to create service offering {name}: specify the memory value between 32 and "
                                f"2147483647 MB")
    cache = _cache_mode(ctx)
    offer_ha = ctx.bool("offerha", False)
    local = _storage_type(ctx, offer_ha)
    is_system = ctx.bool("issystem", False)
    vm_type = None
    allow_rate = True
    custom_iops = _bool_param(ctx, "customizediops")
    if is_system:
        wanted = ctx.get("systemvmtype")
        if wanted is None or wanted == "domainrouter":
            vm_type = "domainrouter"
        elif wanted in SYSTEM_VM_TYPES:
            vm_type = wanted
            allow_rate = False
        else:
            raise invalid_value("Invalid systemVmType. Supported types are: DomainRouter, ConsoleProxy, "
                                "SecondaryStorageVm")
        if custom_iops is not None:
            raise invalid_value("Customized IOPS is not a valid parameter for a system VM.")
        custom_iops = False
        if ctx.has("hypervisorsnapshotreserve"):
            raise invalid_value("Hypervisor snapshot reserve is not a valid parameter for a system VM.")
    rate = ctx.int("networkrate")
    if rate is not None:
        if not allow_rate:
            raise invalid_value('Network rate can be specified only for non-System offering and system offerings '
                                'having "domainrouter" systemvmtype')
        if rate < 0:
            raise invalid_value(f"Failed to create service offering {name}: specify the network rate value more than 0")
    planner = ctx.get("deploymentplanner")
    if planner is not None and planner not in DEPLOYMENT_PLANNERS:
        raise invalid_value("Invalid name for Deployment Planner specified, please use listDeploymentPlanners to get "
                            "the valid set")
    disk_id = ctx.get("diskofferingid")
    if disk_id is not None:
        disk = ctx.store.get("diskofferings", disk_id)
        if disk is None or _norm_disk(disk)["_computeonly"]:
            raise invalid_value("Please specify a valid disk offering.")
    prov = _provisioning(ctx.get("provisioningtype", "thin"))
    if ("pciDevice" in details) != ("vgpuType" in details):
        raise invalid_value("Please specify the pciDevice and vgpuType correctly.")
    for key in details:
        if key.startswith("extraconfig") and key not in ("extraconfig-dpdk-numa", "extraconfig-dpdk-hugepages") \
                and not key.startswith("extraconfig-dpdk-interface-"):
            raise invalid_value("Only extraconfig for DPDK are supported in service offering details")
    shown = {k: v for k, v in details.items() if k not in ("bandwidthLimitInMbps", "iopsLimit")}
    fields = dict(name=name, displaytext=text, cpunumber=cpu, cpuspeed=speed, memory=memory, offerha=offer_ha,
                  limitcpuuse=ctx.bool("limitcpuuse", False), isvolatile=ctx.bool("isvolatile", False),
                  issystem=is_system, systemvmtype=vm_type, hosttags=_cleanup_tags(ctx.get("hosttags")),
                  networkrate=rate, deploymentplanner=planner,
                  dynamicscalingenabled=ctx.bool("dynamicscalingenabled", True),
                  diskofferingstrictness=ctx.bool("diskofferingstrictness", False),
                  _domainids=_filter_child_domains(ctx, domain_ids), _zoneids=zone_ids, _details=shown)
    if disk_id is not None:
        obj = ctx.store.insert("serviceofferings", dict(
            fields, created=now_str(), defaultuse=False, _state="Active", _sortkey=0, _diskofferingid=disk_id))
        _link_disk(ctx.store, obj)
        return {"serviceoffering": ctx.render(service_offering_view(ctx, obj))}
    min_iops, max_iops = _iops(custom_iops, _long(ctx, "miniops"), _long(ctx, "maxiops"))
    root = _long(ctx, "rootdisksize")
    if root is not None and root <= 0:
        raise invalid_value(f"The Root disk size is of {root} GB but it must be greater than 0.")
    if root is not None and root > MAX_VOLUME_SIZE_GB:
        raise invalid_value(f"The maximum size for a disk is {MAX_VOLUME_SIZE_GB} GB.")
    reserve = ctx.int("hypervisorsnapshotreserve")
    if reserve is not None and reserve < 0:
        raise invalid_value("If provided, Hypervisor Snapshot Reserve must be greater than or equal to 0.")
    obj = _new_service_offering(ctx, dict(
        provisioningtype=prov, tags=_cleanup_tags(ctx.get("tags")), _local=local, iscustomizediops=custom_iops,
        miniops=min_iops, maxiops=max_iops, _disksize=(root or 0) * GIB, encrypt=ctx.bool("encryptroot", False),
        cacheMode=cache, hypervisorsnapshotreserve=reserve,
        _hidden_details={k: v for k, v in details.items() if k in ("bandwidthLimitInMbps", "iopsLimit")}), **fields)
    _apply_rates(ctx, ctx.store.get("diskofferings", obj["_diskofferingid"]))
    return {"serviceoffering": ctx.render(service_offering_view(ctx, obj))}


@command("updateServiceOffering")
def update_service_offering(ctx):
    """ConfigurationManagerImpl.updateServiceOffering: name, display text, sort key, storage tags (on the
    offering's disk offering; blank clears), host tags (blank clears), domain and zone lists."""
    obj = _norm_service(ctx, ctx.ref("serviceofferings", "id"))
    domain_ids = _update_ids(ctx, "domainid", "domains", "service offering", "public", obj["_domainids"])
    zone_ids = _update_ids(ctx, "zoneid", "zones", "service offering", "all", obj["_zoneids"])
    if ctx.has("name"):
        obj["name"] = ctx.get("name")
    if ctx.has("displaytext"):
        obj["displaytext"] = ctx.get("displaytext")
    if ctx.has("sortkey"):
        obj["_sortkey"] = ctx.int("sortkey")
    disk = ctx.store.get("diskofferings", obj["_diskofferingid"])
    if ctx.params.get("storagetags") is not None:
        tags = ctx.params["storagetags"]
        disk["tags"] = _cleanup_tags(tags) if str(tags).strip() else None
    if ctx.params.get("hosttags") is not None:
        tags = ctx.params["hosttags"]
        obj["hosttags"] = _cleanup_tags(tags) if str(tags).strip() else None
    filtered = _filter_child_domains(ctx, domain_ids)
    if sorted(filtered, key=_domain_order(ctx)) != sorted(obj["_domainids"], key=_domain_order(ctx)):
        obj["_domainids"] = filtered
    if sorted(zone_ids) != sorted(obj["_zoneids"]):
        obj["_zoneids"] = zone_ids
    return {"serviceoffering": ctx.render(service_offering_view(ctx, obj))}


@command("deleteServiceOffering")
def delete_service_offering(ctx):
    """deleteServiceOffering: default-use (system VM default) offerings are refused; the offering and its
    compute-only disk offering become Inactive."""
    obj = _norm_service(ctx, ctx.ref("serviceofferings", "id"))
    if obj.get("defaultuse"):
        raise invalid_value("Default service offerings cannot be deleted")
    disk = ctx.store.get("diskofferings", obj["_diskofferingid"])
    if disk is not None and disk.get("_computeonly"):
        disk["_state"] = "Inactive"
    obj["_state"] = "Inactive"
    return success()


def _constraint(obj, value, low_key, high_key, field):
    """The cpunumber / memory constraints of searchForServiceOfferingsInternal: min is NULL, or
    min <= value <= max, or min >= value (min/max default to the fixed value in the view)."""
    low = obj["_details"].get(low_key, obj.get(field))
    high = obj["_details"].get(high_key, obj.get(field))
    if low is None:
        return True
    low = int(low)
    if high is not None and low <= value <= int(high):
        return True
    return low >= value


@command("listServiceOfferings")
def list_service_offerings(ctx):
    """QueryManagerImpl.searchForServiceOfferingsInternal (root admin)."""
    keyword = _pop_keyword(ctx)
    items = [_norm_service(ctx, o) for o in ctx.store.all("serviceofferings")]
    items = [o for o in items if o["_state"] == "Active"]
    if ctx.has("virtualmachineid"):
        vm = ctx.store.get("virtualmachines", ctx.get("virtualmachineid"))
        if vm is None:
            raise invalid_value("unable to find a virtual machine with specified id")
        current = ctx.store.get("serviceofferings", vm.get("serviceofferingid") or "")
        if current is not None and not _dynamic(current):
            items = [o for o in items if o["id"] != current["id"]]
    if ctx.has("domainid"):
        items = [o for o in items if ctx.get("domainid") in o["_domainids"]]
    items = [o for o in items if _keyword_match(o, keyword)]
    if ctx.has("id"):
        items = [o for o in items if o["id"] == ctx.get("id")]
    is_system = ctx.bool("issystem", False)   # getIsSystem(): false when not given, so always filtered
    items = [o for o in items if bool(o.get("issystem")) == is_system]
    if ctx.has("encryptroot"):
        want = ctx.bool("encryptroot")
        items = [o for o in items if bool(ctx.store.get("diskofferings", o["_diskofferingid"]).get("encrypt")) == want]
    if ctx.has("name"):
        items = [o for o in items if _ieq(o.get("name"), ctx.get("name"))]
    if ctx.has("systemvmtype"):
        items = [o for o in items if _ieq(o.get("systemvmtype"), ctx.get("systemvmtype"))]
    if ctx.has("zoneid"):
        zone = ctx.store.get("zones", ctx.get("zoneid"))
        items = [o for o in items if _in_zone(o, ctx.get("zoneid"))]
        if zone and zone.get("type") == "Edge":
            items = [o for o in items if ctx.store.get("diskofferings", o["_diskofferingid"]).get("_local")]
    if ctx.has("cpunumber"):
        items = [o for o in items if _constraint(o, ctx.int("cpunumber"), "mincpunumber", "maxcpunumber", "cpunumber")]
    if ctx.has("memory"):
        items = [o for o in items if _constraint(o, ctx.int("memory"), "minmemory", "maxmemory", "memory")]
    if ctx.has("cpuspeed"):
        items = [o for o in items if o.get("cpuspeed") is None or o["cpuspeed"] >= ctx.int("cpuspeed")]
    return ctx.list_response(_ordered(items), "serviceoffering", view=lambda o: service_offering_view(ctx, o))


# ------------------------------------------------------------------------------------------------
# network offerings
# ------------------------------------------------------------------------------------------------
def _norm_network(obj):
    for key, value in (("traffictype", "Guest"), ("guestiptype", "Isolated"), ("isdefault", False),
                       ("specifyvlan", False), ("specifyipranges", False), ("conservemode", True),
                       ("availability", "Optional"), ("state", "Disabled"), ("ispersistent", False),
                       ("egressdefaultpolicy", False), ("forvpc", False), ("fortungsten", False),
                       ("supportsstrechedl2subnet", False), ("supportspublicaccess", False),
                       ("_systemonly", False), ("_sortkey", 0), ("_domainids", []), ("_zoneids", []),
                       ("_details", {}), ("_services", {}), ("_flags", {})):
        obj.setdefault(key, value)
    obj.setdefault("created", now_str())
    obj.setdefault("_uniquename", obj.get("name"))
    obj["_sg"] = "SecurityGroup" in obj["_services"]   # read by createNetwork (physnet)
    return obj


def _flag(obj, name):
    return bool(obj["_flags"].get(name))


def network_offering_view(ctx, obj):
    """ApiResponseHelper.createNetworkOfferingResponse over NetworkOfferingJoinDaoImpl.newNetworkOfferingResponse."""
    _norm_network(obj)
    out = {k: v for k, v in obj.items() if not k.startswith("_")}
    rate = obj.get("_rate")
    if rate is None:
        rate = NETWORK_THROTTLING_RATE
    out["networkrate"] = -1 if rate == 0 else rate
    so = obj.get("serviceofferingid") or _default_router_offering(ctx)
    if so:
        out["serviceofferingid"] = so
    else:
        out.pop("serviceofferingid", None)
    services = []
    for name in SERVICES:
        if name not in obj["_services"] or name == "Gateway":
            continue
        entry = {"name": name, "provider": [{"name": p} for p in obj["_services"][name] if p]}
        caps = None
        if name == "Lb":
            caps = (("SupportedLBIsolation", "dedicated" if _flag(obj, "dedicatedlb") else "shared"),
                    ("ElasticLb", _tf(_flag(obj, "elasticlb"))), ("InlineMode", _tf(_flag(obj, "inline"))),
                    ("VmAutoScaling", _tf(_flag(obj, "vmautoscaling"))))
        elif name == "SourceNat":
            caps = (("SupportedSourceNatTypes", "perzone" if _flag(obj, "sharedsourcenat") else "peraccount"),
                    ("RedundantRouter", _tf(_flag(obj, "redundantrouter"))))
        elif name == "StaticNat":
            caps = (("ElasticIp", _tf(_flag(obj, "elasticip"))),
                    ("AssociatePublicIP", _tf(_flag(obj, "associatepublicip"))))
        if caps:
            entry["capability"] = [{"name": n, "value": v, "canchooseservicecapability": False} for n, v in caps]
        services.append(entry)
    out["service"] = services
    if obj["_details"]:
        out["details"] = dict(obj["_details"])
    else:
        out.pop("details", None)
    out["hasannotations"] = False
    out["internetprotocol"] = obj["_details"].get("internetProtocol") or "IPv4"
    out.update(_scope_view(ctx, obj))
    return out


def _tf(value):
    return "true" if value else "false"


def _default_router_offering(ctx):
    """ApiDBUtils.findDefaultRouterServiceOffering: the 'System Offering For Software Router'."""
    for o in ctx.store.all("serviceofferings"):
        if o.get("_uniquename") == "Cloud.Com-SoftwareRouter":
            return o["id"]
    return None


def _live_network_offerings(ctx):
    return [_norm_network(o) for o in ctx.store.all("networkofferings") if not o.get("_removed")]


def _service_capabilities(ctx, service):
    """CreateNetworkOfferingCmd.getServiceCapabilities(service): None when no list was given."""
    entries = ctx.map("servicecapabilitylist")
    if not entries:
        return None
    out = {}
    for item in entries:
        name, value = item.get("capabilitytype"), item.get("capabilityvalue")
        cap = _capability(name) if name is not None else None
        if cap is None or value is None:
            raise invalid_value(f"Invalid capability:{name} capability value:{value}")
        if _ieq(item.get("service"), service):
            out[cap] = value
    return out


def _check_capability_for_provider(providers, service, cap, value):
    """NetworkModelImpl.checkCapabilityForProvider (UnsupportedServiceException -> 530, cserrorcode 4390)."""
    for provider in providers:
        element = ELEMENTS.get(provider)
        if element is None:
            raise _unsupported(f"Unable to find network element for provider {provider}")
        caps = element[1]
        if service not in caps:
            raise _unsupported(f"Service {service} is not supported by the element={provider} implementing "
                               f"Provider={provider}")
        if not caps[service]:
            raise _unsupported(f"Service {service} doesn't have capabilities for element={provider} implementing "
                               f"Provider={provider}")
        have = caps[service].get(cap)
        if not have:
            raise _unsupported(f"Service {service} doesn't have capability {cap} for element={provider} implementing "
                               f"Provider={provider}")
        if value.lower() not in have.lower():
            raise _unsupported(f"Service {service} doesn't support value {value} for capability {cap} for "
                               f"element={provider} implementing Provider={provider}")


def _unsupported(text):
    return ApiError(530, text, 4390)


def _can_providers_support(combos):
    """NetworkModelImpl.canProviderSupportServices, for the providers whose element the emulator knows."""
    for provider, services in combos.items():
        element = ELEMENTS.get(provider)
        if element is None:
            continue   # emulator: elements it does not describe are not checked
        individual, caps = element
        enabled = set(services)
        if not individual:
            required = set(caps) - {"Gateway", "Firewall"}
            if len(enabled - {"Firewall"}) != len(required):
                names = ", ".join(s for s in SERVICES if s in required)
                raise invalid_value(f"Cannot enable subset of Services, Please specify the complete list of Services: "
                                    f"{names}  for Service Provider {provider}")
        for service in enabled:
            if service not in caps:
                raise _unsupported(f"{provider} Provider cannot provide service {service}")


def _validate_lb_caps(caps):
    only = "Only SupportedLBIsolationElasticLbInlineModeLbSchemesVmAutoScaling capabilities can be specified for LB service"
    if not caps:
        return
    if len(caps) > 4 or "SupportedLBIsolation" not in caps:
        raise invalid_value(only)
    for cap, value in caps.items():
        if cap == "SupportedLBIsolation":
            if ("dedicated" in value) == ("shared" in value):
                raise invalid_value("Either dedicated or shared isolation can be specified for SupportedLBIsolation")
        elif cap in ("ElasticLb", "InlineMode", "VmAutoScaling"):
            if "true" not in value and "false" not in value:
                raise invalid_value(f"Unknown specified value for {cap}")
        elif cap == "LbSchemes":
            if "internal" not in value and "public" not in value:
                raise invalid_value("Unknown specified value for LbSchemes")
        else:
            raise invalid_value(only)


def _validate_source_nat_caps(caps):
    only = "Only SupportedSourceNatTypes and RedundantRouter capabilities can be sepcified for source nat service"
    if not caps:
        return
    if len(caps) > 2:
        raise invalid_value(only)
    for cap, value in caps.items():
        if cap == "SupportedSourceNatTypes":
            if ("peraccount" in value) == ("perzone" in value):
                raise invalid_value("Either peraccount or perzone source NAT type can be specified for "
                                    "SupportedSourceNatTypes")
        elif cap == "RedundantRouter":
            if "true" not in value and "false" not in value:
                raise invalid_value("Unknown specified value for RedundantRouter")
        else:
            raise invalid_value(only)


def _validate_static_nat_caps(caps):
    if not caps:
        return
    eip, associate = False, True
    for cap, value in caps.items():
        low = value.lower()
        if ("true" in low) == ("false" in low):
            raise invalid_value(f"Unknown specified value ({low}) for {cap}")
        if cap == "ElasticIp":
            eip = "true" in low
        elif cap == "AssociatePublicIP":
            associate = "true" in low
        else:
            raise invalid_value("Only ElasticIp and AssociatePublicIP capability can be sepcified for static nat "
                                "service")
    if not eip and associate:
        raise invalid_value("Capability AssociatePublicIP can only be set when capability ElasticIp is true")


def _validate_connectivity_caps(guest_type, caps):
    for cap, value in (caps or {}).items():
        if cap in ("StretchedL2Subnet", "PublicAccess"):
            low = value.lower()
            if ("true" in low) == ("false" in low):
                raise invalid_value(f"Invalid value ({low}) for {cap} should be true/false")
            if cap == "PublicAccess" and guest_type != "Shared":
                raise invalid_value("Capability PublicAccess can only be enabled for network offerings with guest type "
                                    "Shared.")
        else:
            raise invalid_value(f"Capability {cap} can not be  specified with connectivity service.")


def _service_provider_list(ctx):
    """CreateNetworkOfferingCmd.getServiceProviders: {service: [provider, ...]} in request order."""
    out = {}
    for item in ctx.map("serviceproviderlist"):
        out.setdefault(item.get("service"), []).append(item.get("provider"))
    return out or None


def _validate_router_offering(ctx, so_id):
    """NetworkServiceImpl.validateIfServiceOfferingIsActiveAndSystemVmTypeIsDomainRouter."""
    so = ctx.store.get("serviceofferings", so_id)
    if so is None:
        raise invalid_value(f"Could not find specified service offering [{so_id}].")
    ref = f"ServiceOffering {{\"id\": {so['_id']}, \"name\": \"{so.get('name')}\", \"uuid\": \"{so['id']}\"}}"
    if so.get("_state") == "Inactive":
        raise invalid_value(f"The specified service offering [{ref}] is inactive.")
    if not _ieq(so.get("systemvmtype"), "DomainRouter"):
        raise invalid_value(f"The specified service offering [{ref}] is of type [{so.get('systemvmtype')}]. Virtual "
                            f"routers can only be created with service offering of type [domainrouter].")


@command("createNetworkOffering")
def create_network_offering(ctx):
    """ConfigurationManagerImpl.createNetworkOffering(cmd) and createNetworkOffering(...), in the server's order."""
    domain_ids = _entity_ids(ctx, "domainid", "domains")
    zone_ids = _entity_ids(ctx, "zoneid", "zones")
    spl = _service_provider_list(ctx)
    for_tungsten = _bool_param(ctx, "fortungsten")
    if for_tungsten:
        for service, providers in (spl or {}).items():
            if len(providers) != 1 or not ({"Tungsten", "ConfigDrive"} & set(providers)):
                raise invalid_value(f"Please specify Tungsten-Fabric provider for the {service} service provider.")
    traffic = next((t for t in ("None", "Public", "Guest", "Storage", "Management", "Control", "Vpn")
                    if _ieq(t, ctx.get("traffictype"))), None)
    if traffic is None:
        raise invalid_value("Invalid value for traffictype. Supported traffic types: Public, Management, Control, "
                            "Guest, Vlan or Storage")
    if traffic != "Guest":
        raise invalid_value("Only traffic type Guest is supported in the current release")
    guest = next((t for t in ("Shared", "Isolated", "L2") if _ieq(t, ctx.get("guestiptype"))), None)
    if guest is None:
        raise invalid_value('Invalid "type" parameter is given; can have Shared and Isolated values')
    protocol = _internet_protocol(ctx.get("internetprotocol"))
    if protocol is not None:
        if guest != "Isolated":
            raise invalid_value("internetprotocol is supported only for Isolated guest type")
        if protocol != "IPv4":
            raise invalid_value("Configuration ipv6.offering.enabled needs to be enabled for creating IPv6 supported "
                                "network offering")
    availability = next((a for a in ("Required", "Optional") if _ieq(a, ctx.get("availability", "Optional"))), None)
    if availability is None:
        raise invalid_value("Invalid value for Availability. Supported types: Required, Optional")
    rate = ctx.int("networkrate")
    if rate is not None and rate < 0:
        rate = 0
    if ctx.has("serviceofferingid"):
        _validate_router_offering(ctx, ctx.get("serviceofferingid"))
    for_vpc = _bool_param(ctx, "forvpc")
    services = {}
    for name in ctx.list("supportedservices") or []:
        service = _service(name)
        if service is None or service == "Gateway":
            raise invalid_value(f"Invalid service {name}")
        if for_vpc is None:
            if service in ("SecurityGroup", "Firewall"):
                for_vpc = False
            elif service == "NetworkACL":
                for_vpc = True
        if service == "SecurityGroup":
            if guest != "Shared":
                raise invalid_value("Security group service is supported for network offerings with guest ip type "
                                    "Shared")
            services[service] = ["SecurityGroupProvider"]
            continue
        services[service] = []
    combos = {}
    firewall_provider = dhcp_provider = None
    vr_userdata = False
    for service_name, provider_names in (spl or {}).items():
        service = _service(service_name)
        if service not in services:
            raise invalid_value(f"Service {service_name} is not enabled for the network offering, can't add a provider "
                                f"to it")
        if not _ieq(service_name, "Lb") and len(provider_names) > 1:
            raise invalid_value("In the current release only one provider can be specified for the service if the "
                                "service is not LB")
        providers = []
        for pname in provider_names:
            provider = _provider(pname)
            if provider is None:
                raise invalid_value(f"Invalid service provider: {pname}")
            if provider in ("CiscoVnmc", "PaloAlto"):
                firewall_provider = provider
            if service in ("PortForwarding", "StaticNat") and provider == "VirtualRouter":
                firewall_provider = "VirtualRouter"
            if for_vpc is None and provider in VPC_ONLY_PROVIDERS:
                for_vpc = True
            if for_tungsten is None and provider == "Tungsten":
                for_tungsten = True
            if service == "Dhcp":
                dhcp_provider = provider
            if service == "UserData" and provider == "VirtualRouter":
                vr_userdata = True
            if provider not in providers:
                providers.append(provider)
            combos.setdefault(provider, set()).add(service)
        services[service] = providers
    if dhcp_provider is None and vr_userdata:
        raise invalid_value("Without VR as dhcp provider, User data can't selected for VR. Please select VR as DHCP "
                            "provider ")
    _can_providers_support(combos)
    lb_caps = _service_capabilities(ctx, "Lb")
    if "Lb" not in services and lb_caps:
        raise invalid_value("Capabilities for LB service can be specifed only when LB service is enabled for network "
                            "offering.")
    _validate_lb_caps(lb_caps)
    maxconn = None
    if lb_caps:
        maxconn = ctx.int("maxconnections", HAPROXY_MAX_CONN)
    keepalive = bool(ctx.bool("keepaliveenabled", False))
    snat_caps = _service_capabilities(ctx, "SourceNat")
    if "SourceNat" not in services and snat_caps:
        raise invalid_value("Capabilities for source NAT service can be specifed only when source NAT service is "
                            "enabled for network offering.")
    _validate_source_nat_caps(snat_caps)
    static_caps = _service_capabilities(ctx, "StaticNat")
    if "StaticNat" not in services and snat_caps is not None and static_caps:
        raise invalid_value("Capabilities for static NAT service can be specifed only when static NAT service is "
                            "enabled for network offering.")
    _validate_static_nat_caps(static_caps)
    conn_caps = _service_capabilities(ctx, "Connectivity")
    if "Connectivity" not in services and conn_caps:
        raise invalid_value("Capabilities for 'Connectivity' service can be specified only when Connectivity service "
                            "is enabled for network offering.")
    _validate_connectivity_caps(guest, conn_caps)
    egress = ctx.bool("egressdefaultpolicy", True)
    if firewall_provider is not None:
        services["Firewall"] = [firewall_provider]
        if firewall_provider not in ("JuniperSRX", "PaloAlto", "VirtualRouter") and not egress:
            raise invalid_value(f"Firewall egress with default policy {_tf(egress)} is not supported by the provider "
                                f"{firewall_provider}")
    details = {}
    for item in ctx.map("details"):
        for key, value in item.items():
            detail = next((d for d in NETWORK_OFFERING_DETAILS if _ieq(d, key)), None)
            if detail is None:
                raise invalid_value(f"Unsupported detail {key}")
            details[detail] = value
    for_vpc = bool(for_vpc)
    specify_ip_ranges = ctx.bool("specifyipranges", False)
    persistent = ctx.bool("ispersistent", False)
    # -- the internal createNetworkOffering(...)
    if specify_ip_ranges:
        if guest == "Isolated" and "SourceNat" in services:
            raise invalid_value("SpecifyIpRanges can only be true for Shared network offerings and Isolated with no "
                                "SourceNat service")
    elif guest == "Shared":
        raise invalid_value("SpecifyIpRanges should always be true for Shared network offerings")
    if persistent and guest == "Shared":
        raise invalid_value(f"isPersistent should be false if network offering's type is {guest}")
    if availability == "Required":
        if not (guest == "Isolated" and "SourceNat" in services):
            raise invalid_value("Availability can be Required only for networkOfferings of type Isolated and with "
                                "SourceNat enabled")
        required = [o for o in _live_network_offerings(ctx) if o["availability"] == "Required" and not o["_systemonly"]]
        if required:
            raise invalid_value(f"System already has network offering id={required[0]['_id']} with availability "
                                f"Required")
    flags = _capability_flags(services, lb_caps, snat_caps, static_caps, conn_caps)
    for detail in ("InternalLbProvider", "PublicLbProvider"):
        if detail in details:
            value = details[detail]
            if _provider(value) is None:
                raise invalid_value(f"Invalid value {value} for the detail {detail}")
            match = next((p for p in services.get("Lb") or [] if _ieq(p, value)), None)
            if match is None:
                raise invalid_value(f"Invalid value {value} for the detail {detail}. The provider is not supported by "
                                    f"the network offering")
            _check_capability_for_provider([match], "Lb", "LbSchemes",
                                           "Internal" if detail == "InternalLbProvider" else "Public")
    name = ctx.get("name")
    if any(_ieq(o.get("_uniquename"), name) for o in _live_network_offerings(ctx)):
        raise ApiError(530, "Entity already exists ")  # the unique index on network_offerings.unique_name
    if protocol is not None:
        details["internetProtocol"] = protocol
    obj = _norm_network(ctx.store.insert("networkofferings", {
        "name": name, "displaytext": ctx.get("displaytext"), "traffictype": traffic, "guestiptype": guest,
        "tags": _cleanup_tags(ctx.get("tags")), "specifyvlan": ctx.bool("specifyvlan", False),
        "specifyipranges": specify_ip_ranges, "conservemode": ctx.bool("conservemode", True),
        "availability": availability, "ispersistent": persistent, "egressdefaultpolicy": egress,
        "forvpc": for_vpc, "fortungsten": bool(for_tungsten), "isdefault": False,
        "state": "Enabled" if ctx.bool("enable", False) else "Disabled",
        "maxconnections": maxconn, "supportsstrechedl2subnet": flags.pop("strechedl2", False),
        "supportspublicaccess": flags.pop("publicaccess", False), "serviceofferingid": ctx.get("serviceofferingid"),
        "created": now_str(), "_rate": rate, "_services": services, "_flags": flags, "_keepalive": keepalive,
        "_details": details, "_uniquename": name, "_systemonly": False, "_sortkey": 0,
        "_domainids": _filter_child_domains(ctx, domain_ids), "_zoneids": zone_ids}))
    return {"networkoffering": ctx.render(network_offering_view(ctx, obj))}


def _internet_protocol(value):
    """NetUtils.InternetProtocol.fromValue (IllegalArgumentException -> 431)."""
    if value is None or str(value).strip() == "":
        return None
    for name in ("IPv4", "IPv6", "DualStack"):
        if _ieq(name, value):
            return name
    raise param_error(f"Unexpected Internet Protocol : {value}")


def _capability_flags(services, lb_caps, snat_caps, static_caps, conn_caps):
    """The capability flags createNetworkOffering derives (dedicatedLb, elasticLb, inline, lb schemes, ...)."""
    flags = {"dedicatedlb": False, "elasticlb": False, "inline": False, "publiclb": False, "internallb": False,
             "vmautoscaling": False, "sharedsourcenat": False, "redundantrouter": False, "elasticip": False,
             "associatepublicip": False, "strechedl2": False, "publicaccess": False}
    if lb_caps:
        iso = lb_caps.get("SupportedLBIsolation")
        if iso is not None:
            _check_capability_for_provider(services.get("Lb") or [], "Lb", "SupportedLBIsolation", iso)
            flags["dedicatedlb"] = "dedicated" in iso
        else:
            flags["dedicatedlb"] = True
        if lb_caps.get("ElasticLb") is not None:
            flags["elasticlb"] = "true" in lb_caps["ElasticLb"]
        if lb_caps.get("InlineMode") is not None:
            _check_capability_for_provider(services.get("Lb") or [], "Lb", "InlineMode", lb_caps["InlineMode"])
            flags["inline"] = "true" in lb_caps["InlineMode"]
        schemes = lb_caps.get("LbSchemes")
        if "Lb" in services and schemes is not None:
            _check_capability_for_provider(services.get("Lb") or [], "Lb", "LbSchemes", schemes)
            flags["internallb"] = "internal" in schemes
            flags["publiclb"] = "public" in schemes
        if lb_caps.get("VmAutoScaling") is not None:
            _check_capability_for_provider(services.get("Lb") or [], "Lb", "VmAutoScaling", lb_caps["VmAutoScaling"])
            flags["vmautoscaling"] = "true" in lb_caps["VmAutoScaling"]
    if flags["publiclb"] and flags["internallb"]:
        raise invalid_value("Public lb and internal lb can't be enabled at the same time on the offering")
    if snat_caps:
        if snat_caps.get("SupportedSourceNatTypes") is not None:
            value = snat_caps["SupportedSourceNatTypes"]
            _check_capability_for_provider(services.get("SourceNat") or [], "SourceNat", "SupportedSourceNatTypes",
                                           value)
            flags["sharedsourcenat"] = "perzone" in value
        if snat_caps.get("RedundantRouter") is not None:
            value = snat_caps["RedundantRouter"]
            _check_capability_for_provider(services.get("SourceNat") or [], "SourceNat", "RedundantRouter", value)
            flags["redundantrouter"] = "true" in value
    if static_caps and static_caps.get("ElasticIp") is not None:
        flags["elasticip"] = "true" in static_caps["ElasticIp"]
        if static_caps.get("AssociatePublicIP") is not None:
            flags["associatepublicip"] = "true" in static_caps["AssociatePublicIP"]
    if conn_caps:
        flags["strechedl2"] = _ieq(conn_caps.get("StretchedL2Subnet"), "true")
        flags["publicaccess"] = _ieq(conn_caps.get("PublicAccess"), "true")
    if "Lb" in services and not flags["internallb"] and not flags["publiclb"]:
        flags["publiclb"] = True
    return flags


def _find_physical_network(ctx, zone, tag):
    """NetworkModelImpl.findPhysicalNetworkId(zone, tag, Guest)."""
    pns = [p for p in ctx.store.all("physicalnetworks", zoneid=zone["id"])
           if ctx.store.first("traffictypes", physicalnetworkid=p["id"], traffictype="Guest")]
    if not pns:
        raise invalid_value(f"Unable to find physical network in zone id={zone['_id']}")
    if len(pns) == 1:
        return pns[0]
    found = None
    for pn in sorted(pns, key=lambda p: p["_id"]):
        pn_tags = [t for t in (pn.get("tags") or "").split(",") if t]
        if tag is None and not pn_tags:
            if found is not None:
                raise runtime_error(f"There is more than 1 physical network with empty tag in the zone id={zone['_id']}")
            found = pn
        elif tag is not None and tag in pn_tags:
            found = pn
            break
    if found is None:
        raise invalid_value(f"Unable to find physical network which match the tags {tag}")
    return found


@command("updateNetworkOffering")
def update_network_offering(ctx):
    """ConfigurationManagerImpl.updateNetworkOffering: name, display text, sort key, state, tags, availability,
    max connections (LB offerings), domain and zone lists. Services, capabilities, guest type, VLAN/IP range,
    persistence and egress policy cannot change."""
    oid = ctx.get("id")
    obj = ctx.store.get("networkofferings", oid) if oid else None
    if obj is None or obj.get("_removed"):
        raise invalid_value(f"unable to find network offering {oid}")
    _norm_network(obj)
    if obj["_systemonly"]:
        raise invalid_value("Can't update system network offerings")
    domain_ids = _update_ids(ctx, "domainid", "domains", "network offering", "public", obj["_domainids"])
    zone_ids = _update_ids(ctx, "zoneid", "zones", "network offering", "all", obj["_zoneids"])
    changes = {}
    if ctx.has("name"):
        changes["name"] = ctx.get("name")
    if ctx.has("displaytext"):
        changes["displaytext"] = ctx.get("displaytext")
    if ctx.has("sortkey"):
        changes["_sortkey"] = ctx.int("sortkey")
    if ctx.has("state"):
        state = next((s for s in ("Disabled", "Enabled") if _ieq(s, ctx.get("state"))), None)
        if state is None:
            raise invalid_value(f"Incorrect state value: {ctx.get('state')}")
        changes["state"] = state
    if ctx.params.get("tags") is not None:
        tags = ctx.params["tags"]
        for zone in sorted(ctx.store.all("zones"), key=lambda z: z["_id"]):
            new_pn = _find_physical_network(ctx, zone, tags)
            if obj.get("tags") is not None and _find_physical_network(ctx, zone, obj["tags"]) is not new_pn:
                raise invalid_value(f"New tags: selects different physical network for zone {zone['_id']}")
        changes["tags"] = tags
    if ctx.has("availability"):
        availability = next((a for a in ("Required", "Optional") if _ieq(a, ctx.get("availability"))), None)
        if availability is None:
            raise invalid_value("Invalid value for Availability. Supported types: Required, Optional")
        if availability == "Required":
            if not (obj["guestiptype"] == "Isolated" and "SourceNat" in obj["_services"]):
                raise invalid_value("Availability can be Required only for networkOfferings of type Isolated and with "
                                    "SourceNat enabled")
            required = [o for o in _live_network_offerings(ctx)
                        if o["availability"] == "Required" and not o["_systemonly"]]
            if required and required[0]["id"] != obj["id"]:
                raise invalid_value(f"System already has network offering id={required[0]['_id']} with availability "
                                    f"Required")
        changes["availability"] = availability
    if ctx.has("maxconnections") and "Lb" in obj["_services"]:
        changes["maxconnections"] = ctx.int("maxconnections")
    obj.update(changes)
    filtered = _filter_child_domains(ctx, domain_ids)
    if sorted(filtered, key=_domain_order(ctx)) != sorted(obj["_domainids"], key=_domain_order(ctx)):
        obj["_domainids"] = filtered
    if sorted(zone_ids) != sorted(obj["_zoneids"]):
        obj["_zoneids"] = zone_ids
    return {"networkoffering": ctx.render(network_offering_view(ctx, obj))}


@command("deleteNetworkOffering")
def delete_network_offering(ctx):
    """ConfigurationManagerImpl.deleteNetworkOffering: not system-only, not default, not used by a network;
    NetworkOfferingDaoImpl.remove clears the unique name (the name can be reused) and soft-deletes."""
    obj = ctx.ref("networkofferings", "id")
    _norm_network(obj)
    if obj.get("_removed") or obj["_systemonly"]:
        raise invalid_value(f"unable to find network offering {obj['_id']}")
    if obj["isdefault"]:
        raise invalid_value("Default network offering can't be deleted")
    count = len([n for n in ctx.store.all("networks") if n.get("networkofferingid") == obj["id"]
                 and n.get("state") != "Destroy"])
    if count:
        raise invalid_value(f"Can't delete network offering {obj['_id']} as its used by {count} networks. To make the "
                            f"network offering unavailable, disable it")
    obj["_removed"] = now_str()
    obj["_uniquename"] = None
    return success()


def _domain_accessible(ctx, offering, domain_id):
    """DomainDao.domainIdListContainsAccessibleDomain for a root admin passing domainid: the offering's domain is
    the given domain or one of its ancestors."""
    ancestors = _parent_ids(ctx, domain_id)
    return any(d in ancestors for d in offering["_domainids"])


def _providers_enabled(ctx, zone, offering, services):
    """NetworkModelImpl.areServicesEnabledInZone."""
    pn = _find_physical_network(ctx, zone, offering.get("tags"))
    for service in services:
        for provider in offering["_services"].get(service) or []:
            if not provider:
                continue
            nsp = ctx.store.first("networkserviceproviders", physicalnetworkid=pn["id"], name=provider)
            if nsp is None or nsp.get("state") != "Enabled":
                return False
    return True


@command("listNetworkOfferings")
def list_network_offerings(ctx):
    """ConfigurationManagerImpl.searchForNetworkOfferings (root admin)."""
    keyword = _pop_keyword(ctx)
    if ctx.has("domainid") and ctx.store.get("domains", ctx.get("domainid")) is None:
        raise invalid_value(f"Unable to find the domain by id={ctx.get('domainid')}")
    zone = ctx.store.get("zones", ctx.get("zoneid")) if ctx.has("zoneid") else None
    items = [o for o in _live_network_offerings(ctx) if _keyword_match(o, keyword)]
    for param, field in (("name", "name"), ("guestiptype", "guestiptype"), ("traffictype", "traffictype"),
                         ("availability", "availability"), ("state", "state"), ("tags", "tags")):
        if ctx.has(param):
            items = [o for o in items if _ieq(o.get(field), ctx.get(param))]
    if ctx.has("displaytext"):
        items = [o for o in items if _like(o.get("displaytext"), ctx.get("displaytext"))]
    for param in ("isdefault", "specifyvlan", "specifyipranges"):
        if ctx.has(param):
            items = [o for o in items if bool(o.get(param)) == ctx.bool(param)]
    if zone is not None and zone.get("networktype") == "Basic":
        return {}
    items = [o for o in items if not o["_systemonly"]]
    network = None
    if ctx.has("networkid"):
        network = ctx.store.get("networks", ctx.get("networkid"))
        current = ctx.store.get("networkofferings", network.get("networkofferingid") or "")
        if current is not None and _norm_network(current)["_systemonly"]:
            raise invalid_value("Can't update system networks")
        if current is None:
            return {}
        # NetworkOfferingDaoImpl.getOfferingIdsToUpgradeFrom: same guest type, traffic type and specifyVlan, Enabled
        items = [o for o in items if o["id"] != current["id"] and o["guestiptype"] == current["guestiptype"]
                 and o["traffictype"] == current["traffictype"] and o["state"] == "Enabled"
                 and bool(o["specifyvlan"]) == bool(current["specifyvlan"])]
    if ctx.has("id"):
        items = [o for o in items if o["id"] == ctx.get("id")]
    if ctx.has("istagged"):
        items = [o for o in items if bool(o.get("tags")) == ctx.bool("istagged")]
    if zone is not None:
        items = [o for o in items if _in_zone(o, zone["id"])]
    items = _ordered(items)
    if ctx.has("domainid"):
        items = [o for o in items if not o["_domainids"] or _domain_accessible(ctx, o, ctx.get("domainid"))]
    wanted = None
    if ctx.list("supportedservices") and items:
        wanted = []
        for name in ctx.list("supportedservices"):
            service = _service(name)
            if service is None:
                raise invalid_value(f"Invalid service specified {name}")
            wanted.append(service)
    parse = wanted is not None or ctx.has("sourcenatsupported") or zone is not None or ctx.has("forvpc") \
        or network is not None
    if parse:
        pn_tags, allow_null = [], False
        if zone is not None:
            for pn in sorted(ctx.store.all("physicalnetworks", zoneid=zone["id"]), key=lambda p: p["_id"]):
                if not ctx.store.first("traffictypes", physicalnetworkid=pn["id"], traffictype="Guest"):
                    continue
                tags = [t for t in (pn.get("tags") or "").split(",") if t]
                if not tags:
                    if allow_null:
                        raise runtime_error(f"There are more than 1 physical network with empty tag in the zone "
                                            f"id={zone['_id']}")
                    allow_null = True
                pn_tags.extend(tags)
        check_tags = zone is not None and (bool(pn_tags) or allow_null)
        kept = []
        for o in items:
            if check_tags and not ((o.get("tags") is not None or allow_null)
                                   and (o.get("tags") is None or o.get("tags") in pn_tags)):
                continue
            ok = True
            if wanted:
                ok = ok and all(s in o["_services"] for s in wanted)
            if zone is not None:
                ok = ok and _providers_enabled(ctx, zone, o, wanted or list(o["_services"]))
            if ctx.has("sourcenatsupported"):
                ok = ok and (("SourceNat" in o["_services"]) == ctx.bool("sourcenatsupported"))
            if ctx.has("forvpc"):
                ok = ok and bool(o["forvpc"]) == ctx.bool("forvpc")
            elif network is not None:
                ok = ok and bool(o["forvpc"]) == bool(network.get("vpcid"))
            if ok:
                kept.append(o)
        items = kept
    return ctx.list_response(items, "networkoffering", view=lambda o: network_offering_view(ctx, o))


# ------------------------------------------------------------------------------------------------
# VPC offerings
# ------------------------------------------------------------------------------------------------
def _norm_vpc(obj):
    for key, value in (("isdefault", False), ("state", "Disabled"), ("distributedvpcrouter", False),
                       ("supportsregionLevelvpc", False), ("_sortkey", 0), ("_domainids", []), ("_zoneids", []),
                       ("_services", {}), ("_details", {}), ("_redundant", False)):
        obj.setdefault(key, value)
    obj.setdefault("created", now_str())
    obj.setdefault("_uniquename", obj.get("name"))
    return obj


def vpc_offering_view(ctx, obj):
    """ApiResponseHelper.createVpcOfferingResponse over VpcOfferingJoinDaoImpl.newVpcOfferingResponse."""
    _norm_vpc(obj)
    out = {k: v for k, v in obj.items() if not k.startswith("_")}
    out["service"] = [{"name": s, "provider": [{"name": p} for p in obj["_services"][s]]}
                      for s in SERVICES if s in obj["_services"] and s != "Gateway"]
    out["internetprotocol"] = obj["_details"].get("internetprotocol") or "IPv4"
    out.update(_scope_view(ctx, obj))
    return out


def _vpc_capability(entries, capability, service):
    """VpcManagerImpl.findCapabilityForService."""
    found = False
    for item in entries:
        svc, name, value = item.get("service"), item.get("capabilitytype"), item.get("capabilityvalue")
        if name is None or svc is None or value is None:
            raise invalid_value(f"Invalid capability with name {name}, value {value} and service {svc}")
        if _ieq(name, capability):
            found = _ieq(value, "true")
            if not _ieq(svc, service):
                raise invalid_value(f"Invalid Service: {svc} specified. Capability {service} can be specified only for "
                                    f"service {name}")
            break
    return found


@command("createVPCOffering")
def create_vpc_offering(ctx):
    """VpcManagerImpl.createVpcOffering(cmd) (BaseAsyncCreateCmd: the offering is stored before the job runs)."""
    domain_ids = _entity_ids(ctx, "domainid", "domains")
    zone_ids = _entity_ids(ctx, "zoneid", "zones")
    if ctx.has("serviceofferingid"):
        _validate_router_offering(ctx, ctx.get("serviceofferingid"))
    protocol = _internet_protocol(ctx.get("internetprotocol"))
    if protocol not in (None, "IPv4"):
        raise invalid_value("Configuration ipv6.offering.enabled needs to be enabled for creating IPv6 supported VPC "
                            "offering")
    services = {}
    for name in ctx.list("supportedservices") or []:
        service = _service(name)
        if service is None or service in ("SecurityGroup", "Firewall"):
            raise invalid_value(f"Service {name} is not supported in VPC")
        services[service] = ["NiciraNvp", "JuniperContrailVpcRouter"] if service == "Connectivity" \
            else ["VpcVirtualRouter"]
    services.setdefault("SourceNat", ["VpcVirtualRouter"])
    services.setdefault("NetworkACL", ["VpcVirtualRouter"])
    for item_service, names in (_service_provider_list(ctx) or {}).items():
        service = _service(item_service)
        if service not in services:
            raise invalid_value(f"Service {item_service} is not enabled for the network offering, can't add a provider "
                                f"to it")
        providers = []
        for pname in names:
            provider = _provider(pname)
            if provider is None:
                raise invalid_value(f"Invalid service provider: {pname}")
            if provider not in providers:
                providers.append(provider)
        services[service] = providers
    if services.get("SourceNat"):
        services["Gateway"] = list(services["SourceNat"])
    entries = ctx.map("servicecapabilitylist")
    for item in entries:
        name, value = item.get("capabilitytype"), item.get("capabilityvalue")
        cap = _capability(name) if name is not None else None
        if cap is None or value is None:
            raise invalid_value(f"Invalid capability:{name} capability value:{value}")
        service = _service(item.get("service"))
        for provider in services.get("Connectivity") or []:
            caps = ELEMENTS.get(provider, (True, {}))[1]
            if caps and cap not in (caps.get(service) or {}):
                raise invalid_value(f"Provider {provider} does not support {cap}  capability.")
        if not _ieq(value, "true") and not _ieq(value, "false"):
            raise invalid_value(f"Invalid Capability value:{value} specified.")
    distributed = _vpc_capability(entries, "DistributedRouter", "Connectivity")
    region = _vpc_capability(entries, "RegionLevelVpc", "Connectivity")
    redundant = _vpc_capability(entries, "RedundantRouter", "SourceNat")
    name = ctx.get("name")
    if any(_ieq(o.get("_uniquename"), name) for o in ctx.store.all("vpcofferings") if not o.get("_removed")):
        raise ApiError(530, "Entity already exists ")  # the unique index on vpc_offerings.unique_name
    details = {"internetprotocol": protocol} if protocol else {}
    obj = _norm_vpc(ctx.store.insert("vpcofferings", {
        "name": name, "displaytext": ctx.get("displaytext"), "isdefault": False,
        "state": "Enabled" if ctx.bool("enable", False) else "Disabled", "distributedvpcrouter": distributed,
        "supportsregionLevelvpc": region, "created": now_str(), "_redundant": redundant, "_services": services,
        "_serviceofferingid": ctx.get("serviceofferingid"), "_uniquename": name, "_details": details,
        "_domainids": _filter_child_domains(ctx, domain_ids), "_zoneids": zone_ids, "_sortkey": 0}))

    def work():
        return {"vpcoffering": ctx.render(vpc_offering_view(ctx, obj))}
    return AsyncResult(work, "VpcOffering", obj["id"], create_id=obj["id"])


@command("updateVPCOffering")
def update_vpc_offering(ctx):
    """VpcManagerImpl.updateVpcOffering: name, display text, state, sort key, domain and zone lists (in the job)."""
    obj = ctx.ref("vpcofferings", "id")
    _norm_vpc(obj)

    def work():
        domain_ids = _update_ids(ctx, "domainid", "domains", "VPC offering", "public", obj["_domainids"])
        zone_ids = _update_ids(ctx, "zoneid", "zones", "VPC offering", "all", obj["_zoneids"])
        if obj.get("_removed"):
            raise invalid_value(f"Unable to find vpc offering {obj['_id']}")
        state = None
        if ctx.has("state"):
            state = next((s for s in ("Disabled", "Enabled") if _ieq(s, ctx.get("state"))), None)
            if state is None:
                raise invalid_value(f"Incorrect state value: {ctx.get('state')}")
        if ctx.has("name"):
            obj["name"] = ctx.get("name")
        if ctx.has("displaytext"):
            obj["displaytext"] = ctx.get("displaytext")
        if state:
            obj["state"] = state
        if ctx.has("sortkey"):
            obj["_sortkey"] = ctx.int("sortkey")
        filtered = _filter_child_domains(ctx, domain_ids)
        if sorted(filtered, key=_domain_order(ctx)) != sorted(obj["_domainids"], key=_domain_order(ctx)):
            obj["_domainids"] = filtered
        if sorted(zone_ids) != sorted(obj["_zoneids"]):
            obj["_zoneids"] = zone_ids
        return {"vpcoffering": ctx.render(vpc_offering_view(ctx, obj))}
    return AsyncResult(work, "VpcOffering", obj["id"])


@command("deleteVPCOffering")
def delete_vpc_offering(ctx):
    """VpcManagerImpl.deleteVpcOffering (in the job): not default, not used by a VPC; soft delete."""
    obj = ctx.ref("vpcofferings", "id")
    _norm_vpc(obj)

    def work():
        if obj.get("_removed"):
            raise invalid_value(f"unable to find vpc offering {obj['_id']}")
        if obj["isdefault"]:
            raise invalid_value("Default network offering can't be deleted")
        count = len([v for v in ctx.store.all("vpcs") if v.get("vpcofferingid") == obj["id"]])
        if count:
            raise invalid_value(f"Can't delete vpc offering {obj['_id']} as its used by {count} vpcs. To make the "
                                f"network offering unavailable, disable it")
        obj["_removed"] = now_str()
        obj["_uniquename"] = None
        return {"success": True}
    return AsyncResult(work, "VpcOffering", obj["id"])


@command("listVPCOfferings")
def list_vpc_offerings(ctx):
    """VpcManagerImpl.listVpcOfferings (root admin). Note: name matches as LIKE %name%, not exactly."""
    keyword = _pop_keyword(ctx)
    if ctx.has("domainid") and ctx.store.get("domains", ctx.get("domainid")) is None:
        raise invalid_value(f"Unable to find the domain by id={ctx.get('domainid')}")
    items = [_norm_vpc(o) for o in ctx.store.all("vpcofferings") if not o.get("_removed")]
    items = [o for o in items if _keyword_match(o, keyword)]
    if ctx.has("name"):
        items = [o for o in items if _like(o.get("name"), ctx.get("name"))]
    if ctx.has("displaytext"):
        items = [o for o in items if _like(o.get("displaytext"), ctx.get("displaytext"))]
    if ctx.has("isdefault"):
        items = [o for o in items if bool(o["isdefault"]) == ctx.bool("isdefault")]
    if ctx.has("state"):
        items = [o for o in items if _ieq(o["state"], ctx.get("state"))]
    if ctx.has("id"):
        items = [o for o in items if o["id"] == ctx.get("id")]
    if ctx.has("zoneid"):
        items = [o for o in items if _in_zone(o, ctx.get("zoneid"))]
    items = _ordered(items)
    if ctx.has("domainid"):
        items = [o for o in items if not o["_domainids"] or _domain_accessible(ctx, o, ctx.get("domainid"))]
    if ctx.list("supportedservices") and items:
        wanted = []
        for name in ctx.list("supportedservices"):
            service = _service(name)
            if service is None:
                raise invalid_value(f"Invalid service specified {name}")
            wanted.append(service)
        items = [o for o in items if all(s in o["_services"] for s in wanted)]
    return ctx.list_response(items, "vpcoffering", view=lambda o: vpc_offering_view(ctx, o))


# ------------------------------------------------------------------------------------------------
# the offerings of a fresh 4.18 installation
# ------------------------------------------------------------------------------------------------
_VR3 = {"Dhcp": ["VirtualRouter"], "Dns": ["VirtualRouter"], "UserData": ["VirtualRouter"]}
_VPC_VR = ["VpcVirtualRouter"]
_VR_SNAT = ("Firewall", "Gateway", "Lb", "SourceNat", "StaticNat", "PortForwarding", "Vpn")
# (name, display text, guest type, specifyVlan, specifyIpRanges, conserveMode, availability, forVpc, services, flags,
#  extra fields) -- ConfigurationServerImpl.createDefaultNetworkOfferings, NetworkOfferingDaoImpl
#  .persistDefaultL2NetworkOfferings, NetworkOrchestrator.configure (QuickCloudNoServices)
DEFAULT_NETWORK_OFFERINGS = (
    ("DefaultSharedNetworkOfferingWithSGService", "Offering for Shared Security group enabled networks", "Shared",
     True, True, True, "Optional", False, dict(_VR3, SecurityGroup=["SecurityGroupProvider"]), {}, {}),
    ("DefaultSharedNetworkOffering", "Offering for Shared networks", "Shared", True, True, True, "Optional", False,
     dict(_VR3), {}, {}),
    ("DefaultTungstenSharedNetworkOfferingWithSGService", "Offering for Tungsten Shared Security group enabled networks",
     "Shared", True, True, True, "Optional", False,
     {"Connectivity": ["Tungsten"], "Dhcp": ["Tungsten"], "Dns": ["Tungsten"], "SecurityGroup": ["Tungsten"]}, {},
     {"fortungsten": True}),
    ("DefaultIsolatedNetworkOfferingWithSourceNatService", "Offering for Isolated networks with Source Nat service "
     "enabled", "Isolated", False, False, True, "Required", False,
     dict(_VR3, **{s: ["VirtualRouter"] for s in _VR_SNAT}),
     {"publiclb": True, "vmautoscaling": True, "dedicatedlb": True}, {}),
    ("DefaultIsolatedNetworkOffering", "Offering for Isolated networks with no Source Nat service", "Isolated", True,
     True, True, "Optional", False, dict(_VR3), {}, {}),
    ("DefaultSharedNetscalerEIPandELBNetworkOffering", "Offering for Shared networks with Elastic IP and Elastic LB "
     "capabilities", "Shared", True, True, True, "Optional", False,
     dict(_VR3, SecurityGroup=["SecurityGroupProvider"], StaticNat=["Netscaler"], Lb=["Netscaler"]),
     {"elasticip": True, "elasticlb": True, "dedicatedlb": False, "publiclb": True, "vmautoscaling": True}, {}),
    ("DefaultIsolatedNetworkOfferingForVpcNetworks", "Offering for Isolated Vpc networks with Source Nat service "
     "enabled", "Isolated", False, False, False, "Optional", True,
     {s: _VPC_VR for s in ("Dhcp", "Dns", "UserData", "NetworkACL", "Gateway", "Lb", "SourceNat", "StaticNat",
                           "PortForwarding", "Vpn")},
     {"publiclb": True, "vmautoscaling": True, "dedicatedlb": True}, {}),
    ("DefaultIsolatedNetworkOfferingForVpcNetworksNoLB", "Offering for Isolated Vpc networks with Source Nat service "
     "enabled and LB service Disabled", "Isolated", False, False, False, "Optional", True,
     {s: _VPC_VR for s in ("Dhcp", "Dns", "UserData", "NetworkACL", "Gateway", "SourceNat", "StaticNat",
                           "PortForwarding", "Vpn")}, {"dedicatedlb": True}, {}),
    ("DefaultIsolatedNetworkOfferingForVpcNetworksWithInternalLB", "Offering for Isolated Vpc networks with Internal LB "
     "support", "Isolated", False, False, False, "Optional", True,
     {"Dhcp": _VPC_VR, "Dns": _VPC_VR, "UserData": _VPC_VR, "NetworkACL": _VPC_VR, "Gateway": _VPC_VR,
      "Lb": ["InternalLbVm"], "SourceNat": _VPC_VR}, {"internallb": True, "dedicatedlb": True}, {}),
    ("DefaultL2NetworkOffering", "Offering for L2 networks", "L2", False, False, True, "Optional", False, {}, {}, {}),
    ("DefaultL2NetworkOfferingVlan", "Offering for L2 networks VLAN", "L2", True, False, True, "Optional", False, {},
     {}, {}),
    ("DefaultL2NetworkOfferingConfigDrive", "Offering for L2 networks with config drive user data", "L2", False, False,
     True, "Optional", False, {"UserData": ["ConfigDrive"]}, {}, {}),
    ("DefaultL2NetworkOfferingConfigDriveVlan", "Offering for L2 networks with config drive user data VLAN", "L2", True,
     False, True, "Optional", False, {"UserData": ["ConfigDrive"]}, {}, {}),
    ("QuickCloudNoServices", "Offering for QuickCloud with no services", "Shared", True, True, True, "Optional", False,
     {}, {}, {}),
)
# System offerings: NetworkOfferingVO(name, trafficType, specifyIpRanges) and (name, GuestType, specifyVlan)
SYSTEM_NETWORK_OFFERINGS = (
    ("System-Public-Network", "Public", None, False, True, "Required"),
    ("System-Management-Network", "Management", None, False, False, "Required"),
    ("System-Control-Network", "Control", None, False, False, "Required"),
    ("System-Storage-Network", "Storage", None, False, True, "Required"),
    ("System-Private-Gateway-Network-Offering", "Guest", "Isolated", True, False, "Optional"),
    ("System-Private-Gateway-Network-Offering-Without-Vlan", "Guest", "Isolated", False, False, "Optional"),
)
# (name, unique name, cpu, memory MB, speed MHz, network rate, offer HA, system VM type) -- createSystemServiceOfferings
# of VirtualNetworkApplianceManagerImpl, ConsoleProxyManagerImpl, SecondaryStorageManagerImpl,
# InternalLoadBalancerVMManagerImpl, ElasticLoadBalancerManagerImpl (each with a '- Local Storage' twin)
SYSTEM_SERVICE_OFFERINGS = (
    ("System Offering For Software Router", "Cloud.Com-SoftwareRouter", 1, 256, 500, None, True, "domainrouter"),
    ("System Offering For Console Proxy", "Cloud.com-ConsoleProxy", 1, 1024, 500, 0, False, "consoleproxy"),
    ("System Offering For Secondary Storage VM", "Cloud.com-SecondaryStorage", 1, 512, 500, None, False,
     "secondarystoragevm"),
    ("System Offering For Internal LB VM", "Cloud.Com-InternalLBVm", 1, 256, 256, None, True,
     "internalloadbalancervm"),
    ("System Offering For Elastic LB VM", "Cloud.Com-ElasticLBVm", 1, 128, 128, 0, True, "elasticloadbalancervm"),
)
# (name, display text, size GiB, customized) -- ConfigurationServerImpl.createDefaultDiskOffering ('Large' twice: once)
DEFAULT_DISK_OFFERINGS = (("Small", "Small Disk, 5 GB", 5, False), ("Medium", "Medium Disk, 20 GB", 20, False),
                          ("Large", "Large Disk, 100 GB", 100, False), ("Custom", "Custom Disk", 0, True))
_VPC_SERVICES = ("Dhcp", "Dns", "UserData", "NetworkACL", "PortForwarding", "Lb", "SourceNat", "StaticNat", "Gateway",
                 "Vpn")
# VpcManagerImpl.configure
DEFAULT_VPC_OFFERINGS = (("Default VPC offering", True, ["VpcVirtualRouter", "InternalLbVm"], False),
                         ("Default VPC  offering with Netscaler", False, ["Netscaler", "InternalLbVm"], False),
                         ("Redundant VPC offering", True, ["VpcVirtualRouter", "InternalLbVm"], True))


class _StoreCtx:
    """Enough of a Context for the default-offering builders (store only)."""

    def __init__(self, store):
        self.store = store


def populate_defaults(store):
    """The offerings a fresh 4.18 management server has after its first start."""
    ctx = _StoreCtx(store)
    for name, text in (("Small Instance", "Small Instance"), ("Medium Instance", "Medium Instance")):
        cpu, mem, speed = (1, 512, 500) if name.startswith("Small") else (1, 1024, 1000)
        _new_service_offering(ctx, {"iscustomized": True}, name=name, displaytext=text, cpunumber=cpu, memory=mem,
                              cpuspeed=speed, _uniquename="Cloud.Com-" + name)
    for name, text, size, custom in DEFAULT_DISK_OFFERINGS:
        _new_disk_offering(store, name=name, displaytext=text, _disksize=size * GIB, iscustomized=custom,
                           _uniquename="Cloud.Com-" + name)
    for name, unique, cpu, mem, speed, rate, ha, vm_type in SYSTEM_SERVICE_OFFERINGS:
        for local in (False, True):
            _new_service_offering(
                ctx, {"iscustomized": True, "_local": local},
                name=name + (" - Local Storage" if local else ""), displaytext=None, cpunumber=cpu, memory=mem,
                cpuspeed=speed, networkrate=rate, offerha=ha, issystem=True, defaultuse=True, systemvmtype=vm_type,
                _uniquename=unique + ("-Local" if local else ""))
    for name, traffic, guest, vlan, ipranges, availability in SYSTEM_NETWORK_OFFERINGS:
        store.insert("networkofferings", _norm_network({
            "name": name, "displaytext": "System Offering for " + name, "traffictype": traffic, "guestiptype": guest,
            "specifyvlan": vlan, "specifyipranges": ipranges, "availability": availability, "isdefault": True,
            "state": "Enabled", "conservemode": True, "_rate": 0, "_systemonly": True, "_uniquename": name}))
    for name, text, guest, vlan, ipranges, conserve, availability, vpc, services, flags, extra in \
            DEFAULT_NETWORK_OFFERINGS:
        store.insert("networkofferings", _norm_network(dict({
            "name": name, "displaytext": text, "traffictype": "Guest", "guestiptype": guest, "specifyvlan": vlan,
            "specifyipranges": ipranges, "conservemode": conserve, "availability": availability, "forvpc": vpc,
            "isdefault": True, "state": "Enabled", "egressdefaultpolicy": False,
            "_services": {k: list(v) for k, v in services.items()},
            # NetworkOfferingVO's 17-argument constructor: dedicatedLB and eipAssociatePublicIp are true
            "_flags": dict({"dedicatedlb": True, "associatepublicip": True}, **flags), "_uniquename": name},
            **extra)))
    for name, default, lb, redundant in DEFAULT_VPC_OFFERINGS:
        services = {s: (list(lb) if s == "Lb" else ["VpcVirtualRouter"]) for s in _VPC_SERVICES}
        store.insert("vpcofferings", _norm_vpc({
            "name": name, "displaytext": name, "isdefault": default, "state": "Enabled", "_services": services,
            "_redundant": redundant, "_uniquename": name}))

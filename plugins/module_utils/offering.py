# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared declaration of the four offering modules (service, disk, network, VPC) and their _info twins.

OfferingModule finds an offering by its exact name with one server-filtered list call, compares
only the options that are set (tags and services as sets), updates what CloudStack can update,
and for the rest warns naming each field or, with force=true, deletes and re-creates the
offering. Domain and zone restrictions are compared by id or name without extra look-ups.
"""

from __future__ import annotations

from .api import CloudStackError, looks_like_uuid
from .info import InfoModule
from .module import Field, ResourceModule, normalize

# Network.Service (Gateway is internal: CloudStack adds and hides it)
SERVICES = ("Vpn", "Dhcp", "Dns", "Firewall", "Lb", "UserData", "SourceNat", "StaticNat", "PortForwarding",
            "SecurityGroup", "NetworkACL", "Connectivity")
PROVIDERS = ("VirtualRouter", "VpcVirtualRouter", "SecurityGroupProvider", "ConfigDrive", "InternalLbVm", "Netscaler",
             "F5BigIp", "JuniperSRX", "PaloAlto", "CiscoVnmc", "NiciraNvp", "Ovs", "Opendaylight", "BrocadeVcs",
             "BigSwitchBcf", "GloboDns", "Tungsten", "ElasticLoadBalancerVm", "JuniperContrailRouter",
             "JuniperContrailVpcRouter", "ExternalDhcpServer", "ExternalGateWay", "BaremetalDhcpProvider",
             "BaremetalPxeProvider", "BaremetalUserdataProvider", "None")

# The twelve IOPS/bytes limits of disk and service offerings: option -> API parameter, answer field
RATES = tuple(
    ("disk_%s_%s_rate%s" % (unit, way, suffix), "%s%srate%s" % (unit, way, suffix.replace("_", "")),
     "disk%s%sRate%s" % (unit.capitalize(), way.capitalize(), suffix.replace("_max", "Max").replace("_length", "Length")))
    for unit in ("bytes", "iops") for way in ("read", "write") for suffix in ("", "_max", "_max_length"))

SCOPE_ARGS = dict(
    domains=dict(type="list", elements="str"),
    zones=dict(type="list", elements="str"),
    force=dict(type="bool", default=False),
)


def rate_fields(update=True):
    return tuple(Field(option, param, attr=attr, update=update) for option, param, attr in RATES)


def rate_args():
    return {option: dict(type="int") for option, dummy, dummy2 in RATES}


def split(value):
    """A comma-separated answer field as a list ([] when empty)."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    return [item for item in str(value).split(",") if item != ""]


def canonical(option, value, names):
    """The CloudStack spelling of a service or provider name given in any case, or fail naming the option."""
    for name in names:
        if str(value).lower() == name.lower():
            return name
    raise CloudStackError("%s: unknown value %r (one of %s)." % (option, value, ", ".join(names)))


# Renames of the answer fields (snake_case), shared by each module and its _info twin.
COMMON_RENAMES = {
    "displaytext": "display_text", "domainid": "domain_ids", "domain": "domains", "zoneid": "zone_ids",
    "zone": "zones", "hasannotations": "has_annotations", "created": "created", "cacheMode": "cache_mode",
    "provisioningtype": "provisioning_type", "storagetype": "storage_type", "iscustomizediops": "customized_iops",
    "miniops": "min_iops", "maxiops": "max_iops", "hypervisorsnapshotreserve": "hypervisor_snapshot_reserve",
    "iscustomized": "customized", "vspherestoragepolicy": "vsphere_storage_policy", "networkrate": "network_rate",
    "isdefault": "is_default", "internetprotocol": "internet_protocol", "service": "services",
}
COMMON_RENAMES.update({attr: option for option, dummy, attr in RATES})
RENAMES = {
    "serviceoffering": {
        "cpunumber": "cpu_number", "cpuspeed": "cpu_speed", "offerha": "offer_ha", "limitcpuuse": "limit_cpu_use",
        "isvolatile": "is_volatile", "storagetags": "storage_tags", "hosttags": "host_tags", "issystem": "is_system",
        "defaultuse": "default_use", "systemvmtype": "system_vm_type", "deploymentplanner": "deployment_planner",
        "serviceofferingdetails": "details", "rootdisksize": "root_disk_size",
        "dynamicscalingenabled": "dynamic_scaling_enabled", "diskofferingstrictness": "disk_offering_strictness",
        "diskofferingid": "disk_offering_id", "diskofferingname": "disk_offering_name",
        "diskofferingdisplaytext": "disk_offering_display_text", "encryptroot": "encrypt_root",
    },
    "diskoffering": {
        "disksize": "disk_size", "tags": "storage_tags", "displayoffering": "display_offering",
        "disksizestrictness": "disk_size_strictness",
    },
    "networkoffering": {
        "traffictype": "traffic_type", "guestiptype": "guest_ip_type", "specifyvlan": "specify_vlan",
        "specifyipranges": "specify_ip_ranges", "conservemode": "conserve_mode", "ispersistent": "is_persistent",
        "egressdefaultpolicy": "egress_default_policy", "forvpc": "for_vpc", "fortungsten": "for_tungsten",
        "maxconnections": "max_connections", "serviceofferingid": "service_offering_id",
        "supportsstrechedl2subnet": "supports_stretched_l2_subnet", "supportspublicaccess": "supports_public_access",
        "tags": "tags",
    },
    "vpcoffering": {
        "distributedvpcrouter": "distributed_vpc_router", "supportsregionLevelvpc": "supports_region_level_vpc",
    },
}
LIST_FIELDS = {"domainid", "domain", "zoneid", "zone", "storagetags", "hosttags"}
#: list keys present (empty) even when CloudStack leaves the field out
ALWAYS_LISTS = {"serviceoffering": ("host_tags", "storage_tags"), "diskoffering": ("storage_tags",)}


def offering_result(resource, item):
    """An offering as the modules return it: snake_case keys, lists for tags and scope, services as
    [{name, providers: [...], capabilities: [{name, value}]}]."""
    if not item:
        return {}
    names = dict(COMMON_RENAMES)
    names.update(RENAMES.get(resource, {}))
    out = {}
    for key, value in item.items():
        if key in ("jobid", "jobstatus"):
            continue
        if key in LIST_FIELDS or (resource == "diskoffering" and key == "tags"):
            value = split(value)
        elif key == "service":
            value = [{"name": s.get("name"), "providers": [p.get("name") for p in s.get("provider") or []],
                      "capabilities": [{"name": c.get("name"), "value": c.get("value")} for c in s.get("capability") or []]}
                     for s in value or []]
        elif key == "egressdefaultpolicy":
            value = "allow" if value else "deny"
        out[names.get(key, key)] = value
    for key in ALWAYS_LISTS.get(resource, ()) + ("domain_ids", "domains", "zone_ids", "zones"):
        out.setdefault(key, [])
    return out


def _path_key(text):
    """'ROOT/a/b', '/a/b', 'a/b', '/a/b/' -> 'a/b'; 'ROOT' and '/' -> ''."""
    path = str(text).strip().strip("/")
    if path.upper() == "ROOT":
        return ""
    if path.upper().startswith("ROOT/"):
        path = path[5:]
    return path.lower()


class OfferingModule(ResourceModule):
    """One offering, found by exact name. Subclasses declare resource, commands, fields and extras."""

    #: human name in messages
    kind = "offering"
    #: "path" when the answer's domain field holds domain paths, "name" when it holds names
    domain_label = "path"
    #: the answer field with Enabled/Disabled (network and VPC offerings)
    state_field = ""
    #: create parameter that creates the offering Enabled
    enable_param = ""
    #: parameters sent on every create
    create_fixed: dict = {}

    # ------------------------------------------------------------------ finding
    def find(self):
        name = self.params["name"]
        items = self.list(self.list_command, self.resource, name=name, **self.find_filters())
        found = [item for item in items if item.get("name") == name]
        if len(found) > 1:
            raise CloudStackError("%d %ss are named %r: CloudStack allows duplicate names here; rename or delete the "
                                  "extra ones (ids %s)." % (len(found), self.kind, name,
                                                            ", ".join(o.get("id", "?") for o in found)))
        return found[0] if found else None

    # ------------------------------------------------------------------ comparing
    def current(self, obj, field):
        """The value of a field in an answer, comparable with the option."""
        getter = getattr(self, "current_" + field.option, None)
        if getter is not None:
            return getter(obj)
        value = obj.get(field.attr)
        if field.from_api and value is not None:
            value = field.from_api(value)
        return value

    def differences(self, obj):
        diffs = {}
        for field in self.fields:
            wanted = self.option_value(field)
            if wanted is None:
                continue
            current = self.current(obj, field)
            if normalize(current, field.compare) != normalize(wanted, field.compare):
                diffs[field.option] = (current, wanted)
        for option in ("domains", "zones"):
            if self.params.get(option) is not None and not self.scope_matches(obj, option):
                diffs[option] = (self.scope_labels(obj, option), self.params[option])
        wanted_state = self.wanted_state()
        if wanted_state and obj.get(self.state_field) != wanted_state:
            diffs["state"] = (obj.get(self.state_field), wanted_state)
        diffs.update(self.extra_differences(obj))
        return diffs

    def extra_differences(self, obj):
        """Differences of options that are not plain fields: {option: (current, wanted)}, all create-only."""
        return {}

    def wanted_state(self):
        if not self.state_field:
            return None
        return {"enabled": "Enabled", "disabled": "Disabled"}.get(self.params.get("state"))

    # ------------------------------------------------------------------ domains and zones
    def scope_labels(self, obj, option):
        if option == "zones":
            return split(obj.get("zone"))
        return split(obj.get("domain"))

    def scope_matches(self, obj, option):
        """True when the domain/zone restriction equals the option, judged by id or name (no look-up)."""
        wanted = self.params[option]
        ids = split(obj.get("zoneid" if option == "zones" else "domainid"))
        labels = self.scope_labels(obj, option)
        if len(set(wanted)) != len(ids):
            return False
        for value in wanted:
            if value in ids:
                continue
            if option == "zones":
                if str(value).lower() not in [label.lower() for label in labels]:
                    return False
            elif self.domain_label == "path":
                if _path_key(value) not in [_path_key(label) for label in labels]:
                    return False
            else:
                last = "ROOT" if _path_key(value) == "" else _path_key(value).rsplit("/", maxsplit=1)[-1]
                if last.lower() not in [label.lower() for label in labels]:
                    return False
        return True

    def scope_ids(self, option):
        """Ids of the domains/zones of the option (look-ups only for names)."""
        out = []
        for value in self.params[option] or []:
            if looks_like_uuid(value):
                out.append(value)
            elif option == "zones":
                out.append(self.get_zone(value)["id"])
            else:
                out.append(self.get_domain_id(value))
        return out

    # ------------------------------------------------------------------ parameters
    def create_params(self):
        params = dict(self.create_fixed)
        params.update({k: v for k, v in self.api_params().items() if v != []})
        params["name"] = self.params["name"]
        params["displaytext"] = self.params.get("display_text") or self.params["name"]
        for option, param in (("domains", "domainid"), ("zones", "zoneid")):
            if self.params.get(option):
                params[param] = self.scope_ids(option)
        if self.enable_param and self.params.get("state") == "enabled":
            params[self.enable_param] = True
        params.update(self.extra_create_params())
        return params

    def extra_create_params(self):
        return {}

    def update_params(self, obj, diffs):
        params = {"id": obj["id"]}
        for field in self.fields:
            if field.option in diffs and field.update:
                params[field.update_param] = self.option_value(field)
        if "domains" in diffs:
            params["domainid"] = ",".join(self.scope_ids("domains")) or "public"
        if "zones" in diffs:
            params["zoneid"] = ",".join(self.scope_ids("zones")) or "all"
        if "state" in diffs:
            params["state"] = diffs["state"][1]
        return params

    def updatable(self, option):
        if option in ("domains", "zones", "state"):
            return True
        try:
            return self.field(option).update
        except KeyError:
            return False

    def simulate(self, obj, params):
        """What the offering would look like after params (check mode and diff)."""
        after = dict(obj or {})
        for field in self.fields:
            value = self.option_value(field)
            if value is not None and (field.param in params or field.update_param in params):
                after[field.attr] = ",".join(value) if isinstance(value, list) else value
        for key in ("name", "displaytext"):
            if key in params:
                after[key] = params[key]
        for option, id_key, label_key in (("domains", "domainid", "domain"), ("zones", "zoneid", "zone")):
            if option in self.params and self.params[option] is not None and (
                    id_key in params or obj is None or not self.scope_matches(obj, option)):
                values = self.params[option]
                after[id_key] = ",".join(v for v in values if looks_like_uuid(v)) or None
                after[label_key] = ",".join(v for v in values if not looks_like_uuid(v)) or None
        if self.state_field:
            after[self.state_field] = params.get("state") or (
                "Enabled" if params.get(self.enable_param) else after.get(self.state_field, "Disabled"))
        return after

    # ------------------------------------------------------------------ the cycle
    def ensure_present(self):
        self.validate()
        obj = self.lookup()
        self.before = obj
        if obj is None:
            return self.create()
        diffs = self.differences(obj)
        fixed = sorted(option for option in diffs if not self.updatable(option))
        if fixed and self.params.get("force"):
            self.write(self.delete_command, **self.delete_params(obj))
            return self.create()
        if fixed:
            self.warn("%s cannot change on an existing %s (set force=true to delete and re-create it): %s" % (
                ", ".join(fixed), self.kind, "; ".join("%s is %r, wanted %r" % (o, diffs[o][0], diffs[o][1])
                                                       for o in fixed)))
        changes = {o: d for o, d in diffs.items() if o not in fixed}
        if changes:
            params = self.update_params(obj, changes)
            response = self.write(self.update_command, **params)
            obj = self.extract(response) if response is not None else self.simulate(obj, params)
        return obj

    def create(self):
        params = self.create_params()
        response = self.write(self.create_command, **params)
        return self.extract(response) if response is not None else self.simulate(None, params)

    def ensure_absent(self):
        obj = self.lookup()
        self.before = obj
        if obj is not None:
            self.write(self.delete_command, **self.delete_params(obj))
        return None

    def validate(self):
        """Checks of the options before any call; raise CloudStackError naming the option."""
        for option, dummy, dummy2 in RATES:
            value = self.params.get(option)
            if value is not None and value <= 0:
                raise CloudStackError("%s must be a positive number (CloudStack ignores 0 and below)." % option)

    def to_result(self, obj):
        return offering_result(self.resource, obj)


class ServiceProviderMixin:
    """supported_services / service_providers / service_capabilities of network and VPC offerings."""

    #: services CloudStack adds on its own to this kind of offering (compared as wanted)
    implied_services: tuple = ()

    def wanted_services(self):
        services = self.params.get("supported_services")
        if services is None:
            return None
        return [canonical("supported_services", s, SERVICES) for s in services]

    def wanted_providers(self):
        """{service: [providers]} from the service_providers option, in CloudStack's spelling."""
        out = {}
        for service, providers in (self.params.get("service_providers") or {}).items():
            name = canonical("service_providers", service, SERVICES)
            if isinstance(providers, str):
                providers = [p.strip() for p in providers.split(",") if p.strip()]
            out[name] = [canonical("service_providers[%s]" % service, p, PROVIDERS) for p in providers or []]
        return out

    def wanted_capabilities(self):
        out = []
        for item in self.params.get("service_capabilities") or []:
            out.append({"service": canonical("service_capabilities", item["service"], SERVICES),
                        "capabilitytype": item["capability"], "capabilityvalue": str(item["value"]).lower()
                        if isinstance(item["value"], bool) else str(item["value"])})
        return out

    def validate_services(self):
        services = self.wanted_services()
        allowed = None if services is None else services + list(self.implied_services)
        for service in self.wanted_providers():
            if allowed is not None and service not in allowed:
                raise CloudStackError("service_providers: %s is not in supported_services." % service)
        for cap in self.wanted_capabilities():
            if allowed is not None and cap["service"] not in allowed:
                raise CloudStackError("service_capabilities: %s is not in supported_services." % cap["service"])

    def service_create_params(self):
        params = {}
        services = self.wanted_services()
        if services is not None:
            params["supportedservices"] = services
        providers = self.wanted_providers()
        if providers:
            params["serviceproviderlist"] = [{"service": s, "provider": p} for s, ps in providers.items() for p in ps]
        caps = self.wanted_capabilities()
        if caps:
            params["servicecapabilitylist"] = caps
        return params

    def effective_services(self, services, providers):
        return set(services)

    def service_differences(self, obj):
        diffs = {}
        current = {s.get("name"): s for s in obj.get("service") or []}
        services = self.wanted_services()
        if services is not None:
            wanted = self.effective_services(services, self.wanted_providers())
            if set(current) != wanted:
                diffs["supported_services"] = (sorted(current), sorted(wanted))
        for service, providers in self.wanted_providers().items():
            have = sorted(p.get("name") for p in (current.get(service) or {}).get("provider") or [])
            if have != sorted(providers):
                diffs.setdefault("service_providers", ({}, {}))
                diffs["service_providers"][0][service] = have
                diffs["service_providers"][1][service] = sorted(providers)
        for cap in self.wanted_capabilities():
            shown = {c.get("name", "").lower(): c.get("value")
                     for c in (current.get(cap["service"]) or {}).get("capability") or []}
            have = shown.get(cap["capabilitytype"].lower())
            if have is not None and str(have).lower() != cap["capabilityvalue"].lower():
                key = "%s.%s" % (cap["service"], cap["capabilitytype"])
                diffs.setdefault("service_capabilities", ({}, {}))
                diffs["service_capabilities"][0][key] = have
                diffs["service_capabilities"][1][key] = cap["capabilityvalue"]
        return diffs


class OfferingInfo(InfoModule):
    """The _info twin of an offering module: server-filtered list, exact name, the module's result shape."""

    def item_result(self, item):
        return offering_result(self.resource, item)

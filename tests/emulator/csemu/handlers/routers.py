"""Virtual routers: created when a guest network is implemented, listRouters, rebootRouter, stopRouter,
startRouter, destroyRouter, upgradeRouterTemplate, restartVPC, getRouterHealthCheckResults.

Sources (apache/cloudstack 4.18.0.0): NetworkHelperImpl.deployRouter / createOrUpdateDomainRouter /
retrieveTemplateName / checkIfZoneHasCapacity / checkRouterTemplateVersion / destroyRouter,
VirtualNetworkApplianceManagerImpl.stopRouter / rebootRouter / startRouter / upgradeRouterTemplate /
finalizeStart (template, scripts and software versions), DomainRouterJoinDaoImpl.newDomainRouterResponse
(version, requiresupgrade, owner, nics, hostcontrolstate), QueryManagerImpl.searchForRouters,
VirtualMachineName.getRouterName, ControlState, systemvm health_checks scripts. Rules: docs/emulator-guest.md.

A router is stored in the "routers" collection under its response field names; internal fields:
`_networks` (guest network ids), `_templateversion` ("Cloudstack Release 4.18.0 ..."), `_accountid`,
`_pending`/`_ready_at` (a start or stop in progress).
"""
from __future__ import annotations

import hashlib
import re
import time

from ..errors import ApiError, internal_error, invalid_value, runtime_error
from ..registry import command
from ..store import now_str
from . import placement, scope
from .common import AsyncResult

ROUTER_TEMPLATE_KEYS = {"KVM": "router.template.kvm", "XenServer": "router.template.xenserver",
                        "VMware": "router.template.vmware", "Hyperv": "router.template.hyperv",
                        "LXC": "router.template.lxc", "Ovm3": "router.template.ovm3"}
ROUTER_TEMPLATE_DEFAULTS = {"KVM": "SystemVM Template (KVM)", "XenServer": "SystemVM Template (XenServer)",
                            "VMware": "SystemVM Template (vSphere)", "Hyperv": "SystemVM Template (HyperV)",
                            "LXC": "SystemVM Template (LXC)", "Ovm3": "SystemVM Template (Ovm3)"}
SOFTWARE_VERSION = "4.18.0.0"
DEFAULT_TEMPLATE_VERSION = "4.18.0"
BASIC_CHECKS = ("cpu_usage_check.py", "disk_space_check.py", "gateways_check.py", "memory_usage_check.py",
                "router_version_check.py")
ADVANCED_CHECKS = ("dhcp_check.py", "dns_check.py", "haproxy_check.py", "iptables_check.py")
MGMT_CHECKS = ("connectivity.test", "filesystem.writable.test")


def routers_of(store, net):
    return sorted([r for r in store.all("routers") if net["id"] in (r.get("_networks") or [])],
                  key=lambda r: r.get("_id", 0))


def code_version(ctx):
    """ManagementServerImpl.getVersion parsed by CloudStackVersion: the version of the management server presented."""
    return str(getattr(getattr(ctx.emu, "spec", None), "cloudstack_version", None) or SOFTWARE_VERSION)


def _version_key(v):
    parts = [int(p) for p in re.findall(r"\d+", str(v))[:4]]
    while len(parts) < 4:
        parts.append(0)
    return parts


def min_vr_version(store, zoneid):
    """minreq.sysvmtemplate.version (NetworkOrchestrationService.MinVRVersion, zone scope); the installer sets it
    to the system VM template version of the release (SystemVmTemplateRegistration): 4.18.0 on a fresh 4.18."""
    return str(placement.setting(store, "minreq.sysvmtemplate.version", zoneid, DEFAULT_TEMPLATE_VERSION))


def trim_router_version(templateversion):
    """CloudStackVersion.trimRouterVersion: the third token of "Cloudstack Release X.Y.Z <date>", else "0"."""
    tokens = str(templateversion or "").split(" ")
    if len(tokens) >= 3 and re.fullmatch(r"(\d+\.){2}(\d+\.)?\d+(-[a-zA-Z]+)?(-\d+)?(-SNAPSHOT)?", tokens[2]):
        return tokens[2]
    return "0"


def _template_release(tpl):
    for field in ("_systemvmversion", "url", "name", "displaytext"):
        m = re.search(r"(\d+\.\d+\.\d+)", str((tpl or {}).get(field) or ""))
        if m:
            return m.group(1)
    return DEFAULT_TEMPLATE_VERSION


def router_template(store, hypervisor, zoneid):
    """NetworkHelperImpl.retrieveTemplateName + VMTemplateDao.findRoutingTemplates: the newest SYSTEM/ROUTING
    template named by router.template.<hypervisor> for that hypervisor."""
    key = ROUTER_TEMPLATE_KEYS.get(hypervisor)
    name = placement.setting(store, key, zoneid, ROUTER_TEMPLATE_DEFAULTS.get(hypervisor)) if key else None
    cands = [t for t in store.all("templates") if t.get("name") == name and
             str(t.get("templatetype") or "").upper() in ("SYSTEM", "ROUTING") and
             (t.get("hypervisor") in (None, hypervisor))]
    cands.sort(key=lambda t: t.get("_id", 0), reverse=True)
    if cands:
        return cands[0]
    return {"id": None, "name": name, "_systemvmversion": DEFAULT_TEMPLATE_VERSION}


def router_offering(store):
    """The default system offering for routers (unique name Cloud.Com-SoftwareRouter, 1 CPU x 500 MHz, 256 MB)."""
    offs = [o for o in store.all("serviceofferings") if str(o.get("systemvmtype") or "").lower() == "domainrouter"]
    offs.sort(key=lambda o: (o.get("name") != "System Offering For Software Router", o.get("_id", 0)))
    if offs:
        return offs[0]
    return {"id": None, "name": "System Offering For Software Router", "cpunumber": 1, "cpuspeed": 500,
            "memory": int(placement.setting(store, "router.ram.size", default="256") or 256)}


def _mac(prefix, n, salt=0):
    return "%s:%02x:%02x:%02x:%02x" % (prefix, (n >> 8) & 255, n & 255, (salt >> 8) & 255, salt & 255)


def system_network(store, zone, traffic):
    """The zone's system network of a traffic type (NetworkOrchestrator.setupNetwork for the system offerings at
    zone creation); made on first use by the emulator."""
    for n in store.all("networks", zoneid=zone["id"]):
        if n.get("_systemonly") and n.get("traffictype") == traffic:
            return n
    btype = {"Public": "Vlan", "Control": "LinkLocal", "Management": "Native", "Storage": "Native"}[traffic]
    net = store.insert("networks", {
        "name": None, "zoneid": zone["id"], "traffictype": traffic, "type": None, "state": "Setup",
        "broadcastdomaintype": btype, "acltype": None, "displaynetwork": True, "restartrequired": False,
        "created": now_str(), "_systemonly": True, "_norm": True,
        "cidr": "169.254.0.0/16" if traffic == "Control" else None,
        "gateway": "169.254.0.1" if traffic == "Control" else None,
        "netmask": "255.255.0.0" if traffic == "Control" else None})
    net["related"] = net["id"]
    return net


def _link_local_ip(store, n):
    used = {r.get("linklocalip") for r in store.all("routers")}
    k = n
    while True:
        ip = f"169.254.{(k >> 8) % 254 + 1}.{k % 254 + 1}"
        if ip not in used:
            return ip
        k += 7


def deploy_router(ctx, net, vpc=None):
    """NetworkHelperImpl.deployRouter + VirtualNetworkApplianceManagerImpl.finalizeStart: a Running router on a
    host of the zone (the first hypervisor with a router template; router offering 1x500 MHz / 256 MB), guest NIC
    (the network gateway for an isolated network, an address of the range for a shared one), control NIC
    (link-local) and, for source NAT networks, the public NIC. Owner = the network's owner."""
    from . import networks  # pylint: disable=import-outside-toplevel
    store = ctx.store
    zone = store.get("zones", (net or vpc)["zoneid"])
    off = router_offering(store)
    cpu, speed, mem = int(off.get("cpunumber") or 1), int(off.get("cpuspeed") or 500), int(off.get("memory") or 256)
    hypervisors = []
    for h in placement.usable_hosts(store, zone["id"]):
        if h.get("hypervisor") not in hypervisors:
            hypervisors.append(h.get("hypervisor"))
    if not hypervisors:
        hv = next((h.get("hypervisor") for h in store.all("hosts", zoneid=zone["id"])), "KVM")
        raise ApiError(533, f"Zone {zone['name']} has no {hv} host available which is enabled and in Up state", 4250)
    host = None
    for hv in hypervisors:
        host = placement.pick_host(store, zone["id"], cpu * speed, mem, hypervisor=hv)
        if host:
            break
    if host is None:
        raise ApiError(533, f"Unable to create a deployment for VM instance {{\"id\":{placement.next_vm_number(store)},"
                            f"\"type\":\"DomainRouter\"}}", 4250)
    tpl = router_template(store, host.get("hypervisor"), zone["id"])
    n = placement.next_vm_number(store)
    pod = store.get("pods", host.get("podid")) if host.get("podid") else None
    owner_src = net or vpc
    release = _template_release(tpl)
    router = {
        "_id": n, "name": f"r-{n}-{placement.instance_suffix(store)}", "role": "VIRTUAL_ROUTER", "state": "Running",
        "zoneid": zone["id"], "zonename": zone["name"], "podid": host.get("podid"), "podname": pod["name"] if pod else None,
        "hostid": host["id"], "hostname": host.get("name"), "hypervisor": host.get("hypervisor"),
        "templateid": tpl.get("id"), "templatename": tpl.get("name"), "created": now_str(),
        "isredundantrouter": False, "redundantstate": "UNKNOWN",
        "_templateversion": f"Cloudstack Release {release} Mon Feb 27 10:00:00 UTC 2023",
        "scriptsversion": hashlib.md5(f"cloud-scripts-{release}".encode()).hexdigest(),
        "softwareversion": code_version(ctx), "serviceofferingid": off.get("id"), "serviceofferingname": off.get("name"),
        "cpunumber": cpu, "cpuspeed": speed, "memory": mem,
        "account": owner_src.get("account"), "domainid": owner_src.get("domainid"), "domain": owner_src.get("domain"),
        "_accountid": owner_src.get("_accountid"), "dns1": zone.get("dns1"), "dns2": zone.get("dns2"),
        "ip6dns1": zone.get("ip6dns1"), "ip6dns2": zone.get("ip6dns2"), "hasannotations": False,
        "healthchecksfailed": False, "vpcid": vpc["id"] if vpc else (net or {}).get("vpcid"),
        "vpcname": vpc.get("name") if vpc else None, "_networks": [net["id"]] if net else [], "nic": [],
        "_health": {},
    }
    if net is not None and net.get("acltype") == "Domain":
        sysacct = scope.system_account(store) or {}
        router.update(scope.owner_fields(store, sysacct))
    router = store.insert("routers", router)
    nics = []
    control = system_network(store, zone, "Control")
    ll_ip = _link_local_ip(store, n)
    if net is not None:
        if net.get("type") == "Isolated":
            guest_ip = net.get("gateway")
        else:
            guest_ip = networks.allocate_guest_ip(store, net, net.get("_routerip"))
        guest = {"id": _nic_uuid(n, 1), "networkid": net["id"], "networkname": net.get("name"), "ipaddress": guest_ip,
                 "netmask": net.get("netmask"), "gateway": net.get("gateway"), "traffictype": "Guest",
                 "type": net.get("type"), "macaddress": _mac("02:00", n, 1), "isdefault": net.get("type") == "Shared",
                 "broadcasturi": net.get("broadcasturi"), "isolationuri": net.get("broadcasturi"),
                 "deviceid": "0", "mtu": net.get("privatemtu")}
        nics.append(guest)
        router.update(guestnetworkid=net["id"], guestnetworkname=net.get("name"), guestipaddress=guest_ip,
                      guestmacaddress=guest["macaddress"], guestnetmask=net.get("netmask"),
                      networkdomain=net.get("networkdomain"))
    nics.append({"id": _nic_uuid(n, 2), "networkid": control["id"], "ipaddress": ll_ip, "netmask": "255.255.0.0",
                 "gateway": None, "traffictype": "Control", "macaddress": _mac("0e:00", n, 2), "isdefault": False,
                 "deviceid": "1"})
    router.update(linklocalip=ll_ip, linklocalmacaddress=nics[-1]["macaddress"], linklocalnetmask="255.255.0.0",
                  linklocalnetworkid=control["id"])
    snat = next((ip for ip in store.all("publicipaddresses") if net is not None and
                 ip.get("associatednetworkid") == net["id"] and ip.get("issourcenat")), None)
    if snat is not None:
        public = system_network(store, zone, "Public")
        nics.append({"id": _nic_uuid(n, 3), "networkid": public["id"], "ipaddress": snat["ipaddress"],
                     "netmask": snat.get("_netmask"), "gateway": snat.get("_gateway"), "traffictype": "Public",
                     "macaddress": _mac("1e:00", n, 3), "isdefault": True, "deviceid": "2",
                     "broadcasturi": f"vlan://{snat.get('_vlan') or 'untagged'}",
                     "isolationuri": f"vlan://{snat.get('_vlan') or 'untagged'}", "mtu": net.get("publicmtu")})
        router.update(publicip=snat["ipaddress"], publicmacaddress=nics[-1]["macaddress"],
                      publicnetmask=snat.get("_netmask"), gateway=snat.get("_gateway"), publicnetworkid=public["id"])
    router["nic"] = nics
    _run_health_checks(store, router)
    return router


def _nic_uuid(n, k):
    return f"{n:08x}-0000-4000-a000-{k:012x}"


def _run_health_checks(store, router):
    """Results as the VR reports them (basic and advanced scripts) plus the management server's own checks."""
    stamp = now_str()
    results = {}
    for name in MGMT_CHECKS + BASIC_CHECKS:
        results[name] = {"checkname": name, "checktype": "basic", "success": True, "lastupdated": stamp,
                         "details": "No issues detected" if name not in MGMT_CHECKS else ""}
    for name in ADVANCED_CHECKS:
        results[name] = {"checkname": name, "checktype": "advanced", "success": True, "lastupdated": stamp,
                         "details": "No issues detected"}
    router["_health"] = results
    router["healthchecksfailed"] = False


def expunge_router(ctx, router):
    """NetworkHelperImpl.destroyRouter: the router is stopped and expunged; its guest IP is released."""
    from . import networks  # pylint: disable=import-outside-toplevel
    store = ctx.store
    for nid in router.get("_networks") or []:
        net = store.get("networks", nid)
        if net is not None:
            for nic in router.get("nic") or []:
                if nic.get("networkid") == nid:
                    networks.release_guest_ip(net, nic.get("ipaddress"))
    store.delete("routers", router["id"])
    router["state"] = "Expunging"


def advance(store, now=None):
    """Apply finished start/stop transitions (a router being started or stopped by a job)."""
    now = time.time() if now is None else now
    for r in store.all("routers"):
        due = r.get("_ready_at")
        if due is not None and now >= due:
            r.pop("_ready_at", None)
            r.pop("_pending", None)


# -- views -----------------------------------------------------------------------------------------------
def router_view(ctx, router, health=False):
    store = ctx.store
    out = {k: v for k, v in router.items() if not k.startswith("_")}
    out["nic"] = [{k: v for k, v in nic.items() if v is not None} for nic in router.get("nic") or []]
    version = trim_router_version(router.get("_templateversion")) if router.get("_templateversion") else None
    if version is None:
        out["version"], out["requiresupgrade"] = "UNKNOWN", True
    else:
        out["version"] = version
        lower = _version_key(version) < _version_key(min_vr_version(store, router.get("zoneid")))
        out["requiresupgrade"] = bool(lower and router.get("softwareversion") != code_version(ctx)) if lower else False
        if lower and not router.get("softwareversion"):
            out["requiresupgrade"] = True
    host = store.get("hosts", router.get("hostid")) if router.get("hostid") else None
    if host is not None:
        out["hostname"] = host.get("name")
        out["hostcontrolstate"] = placement.host_control_state(host)
    else:
        for k in ("hostid", "hostname", "hostcontrolstate"):
            out.pop(k, None)
    for k in ("cpunumber", "cpuspeed", "memory"):
        out.pop(k, None)
    checks_on = str(placement.setting(store, "router.health.checks.enabled", default="true")).lower() == "true"
    if checks_on:
        out["healthchecksfailed"] = any(not c["success"] for c in (router.get("_health") or {}).values())
        if health:
            out["healthcheckresults"] = list((router.get("_health") or {}).values())
    else:
        out.pop("healthchecksfailed", None)
    return out


def _router_result(ctx, router):
    return {"router": ctx.render(router_view(ctx, router))}


# -- listRouters ------------------------------------------------------------------------------------------
@command("listRouters")
def list_routers(ctx):
    """QueryManagerImpl.searchForRoutersInternal: buildACLSearchParameters (a root admin without listall and
    without id/account/domainid sees its own account's routers only; routers of shared networks belong to the
    system account), name EQ on the instance name, state, zone, pod, cluster, host, network, vpc, forvpc,
    version (template version LIKE "Cloudstack Release <v>%"), keyword LIKE (name, instance name, state,
    network name, vpc name, redundant state), healthchecksfailed; ordered by id."""
    store = ctx.store
    advance(store)
    items = scope.acl_filter(ctx, store.all("routers"), id_given=ctx.has("id"))
    for param, field in (("id", "id"), ("zoneid", "zoneid"), ("podid", "podid"), ("hostid", "hostid"),
                         ("vpcid", "vpcid")):
        if ctx.has(param):
            items = [r for r in items if r.get(field) == ctx.get(param)]
    if ctx.has("clusterid"):
        items = [r for r in items if (store.get("hosts", r.get("hostid")) or {}).get("clusterid") == ctx.get("clusterid")]
    if ctx.has("name"):
        items = [r for r in items if scope.ieq(r.get("name"), ctx.get("name"))]
    if ctx.has("state"):
        items = [r for r in items if scope.ieq(r.get("state"), ctx.get("state"))]
    if ctx.has("networkid"):
        items = [r for r in items if ctx.get("networkid") in (r.get("_networks") or [])]
    if ctx.has("forvpc"):
        items = [r for r in items if bool(r.get("vpcid")) == ctx.bool("forvpc")]
    if ctx.has("version"):
        prefix = ("cloudstack release " + ctx.get("version")).lower()
        items = [r for r in items if str(r.get("_templateversion") or "").lower().startswith(prefix)]
    if ctx.has("keyword"):
        kw = ctx.get("keyword").lower()
        items = [r for r in items if any(kw in str(v or "").lower() for v in (
            r.get("name"), r.get("state"), r.get("guestnetworkname"), r.get("vpcname"), r.get("redundantstate")))]
    if ctx.has("healthchecksfailed"):
        want = ctx.bool("healthchecksfailed")
        failing = {r["id"] for r in items if any(not c["success"] for c in (r.get("_health") or {}).values())}
        if want and not failing:
            return {}
        items = [r for r in items if (r["id"] in failing) == want] if failing else items
    items.sort(key=lambda r: r.get("_id", 0))
    health = bool(ctx.bool("fetchhealthcheckresults", False))
    params = ctx.params
    ctx.params = {k: v for k, v in params.items() if k != "keyword"}
    try:
        return ctx.list_response(items, "router", view=lambda r: router_view(ctx, r, health))
    finally:
        ctx.params = params


# -- actions ---------------------------------------------------------------------------------------------
def _ref_router(ctx, param="id"):
    return ctx.ref("routers", param)


def _job_delay(ctx):
    return float(ctx.emu.jobs.job_delay)


def stop_router_now(ctx, router):
    if router.get("state") in ("Stopped", "Destroyed", "Expunging", "Error"):
        return router
    router["state"] = "Stopped"
    router.pop("hostid", None)
    router.pop("hostname", None)
    return router


def start_router_now(ctx, router):
    """VirtualNetworkApplianceManagerImpl.startRouter: the router's networks must be implemented, then it is started
    on a host with capacity (the template stays the one it was created from)."""
    store = ctx.store
    if router.get("state") == "Running":
        return router
    from . import networks  # pylint: disable=import-outside-toplevel
    for nid in router.get("_networks") or []:
        net = store.get("networks", nid)
        if net is not None and net.get("state") == "Allocated":
            networks.implement_network(ctx, net)
    mhz = int(router.get("cpunumber") or 1) * int(router.get("cpuspeed") or 500)
    host = placement.pick_host(store, router["zoneid"], mhz, int(router.get("memory") or 256),
                               hypervisor=router.get("hypervisor"))
    if host is None:
        router["state"] = "Stopped"
        raise ApiError(533, f"Unable to create a deployment for VM instance {{\"id\":{router['_id']},\"instanceName\":"
                            f"\"{router['name']}\",\"type\":\"DomainRouter\",\"uuid\":\"{router['id']}\"}}", 4250)
    pod = store.get("pods", host.get("podid")) if host.get("podid") else None
    router.update(state="Running", hostid=host["id"], hostname=host.get("name"), podid=host.get("podid"),
                  podname=pod["name"] if pod else None)
    # finalizeStart: the VR reports its template and scripts versions (the template is the one it was made from)
    # and the router records the version of the management server that started it
    router["softwareversion"] = code_version(ctx)
    _run_health_checks(store, router)
    return router


@command("stopRouter")
def stop_router(ctx):
    """VirtualNetworkApplianceManagerImpl.stopRouter (async): the router is Stopping while the job runs."""
    router = _ref_router(ctx)
    if router.get("state") in ("Running", "Starting"):
        router["state"] = "Stopping"

    def work():
        if ctx.store.get("routers", router["id"]) is None:
            raise invalid_value(f"Unable to find router by id {router['_id']}.")
        stop_router_now(ctx, router)
        return _router_result(ctx, router)
    return AsyncResult(work, "DomainRouter", router["id"])


@command("startRouter")
def start_router(ctx):
    """VirtualNetworkApplianceManagerImpl.startRouter (async): a Running router is returned as it is."""
    router = _ref_router(ctx)
    if router.get("state") == "Stopped":
        router["state"] = "Starting"

    def work():
        if ctx.store.get("routers", router["id"]) is None:
            raise invalid_value(f"Unable to find router by id {router['_id']}.")
        if router.get("state") == "Starting":
            router["state"] = "Stopped"
        start_router_now(ctx, router)
        return _router_result(ctx, router)
    return AsyncResult(work, "DomainRouter", router["id"])


@command("rebootRouter")
def reboot_router(ctx):
    """VirtualNetworkApplianceManagerImpl.rebootRouter (async): only a Running router (else the job fails with
    530 "Unable to reboot domR, it is not in right state <state>"); stop then start, same template."""
    router = _ref_router(ctx)
    was = router.get("state")
    if was == "Running":
        router["state"] = "Stopping"

    def work():
        if ctx.store.get("routers", router["id"]) is None:
            raise invalid_value(f"Unable to find domain router with id {router['_id']}.")
        if was != "Running":
            raise runtime_error(f"Unable to reboot domR, it is not in right state {router.get('state')}")
        router["state"] = "Running"
        stop_router_now(ctx, router)
        start_router_now(ctx, router)
        return _router_result(ctx, router)
    work.on_fault = _stop_failed(router, was)
    return AsyncResult(work, "DomainRouter", router["id"])


@command("destroyRouter")
def destroy_router(ctx):
    """NetworkHelperImpl.destroyRouter (async): stop and expunge; the answer is the router as it was."""
    router = _ref_router(ctx)

    def work():
        if ctx.store.get("routers", router["id"]) is None:
            raise invalid_value(f"Unable to find router with id {router['_id']}")
        view = router_view(ctx, router)
        expunge_router(ctx, router)
        view["state"] = "Expunging"
        for k in ("hostid", "hostname", "hostcontrolstate"):
            view.pop(k, None)
        return {"router": ctx.render(view)}
    return AsyncResult(work, "DomainRouter", router["id"])


@command("upgradeRouterTemplate")
def upgrade_router_template(ctx):
    """VirtualNetworkApplianceManagerImpl.upgradeRouterTemplate (sync): one of id / zoneid / podid / clusterid /
    domainid (+account); the Running routers whose template version is below minreq.sysvmtemplate.version get a
    rebootRouter job each; the answer lists those job ids. Rebooting keeps the router's template."""
    store = ctx.store
    chosen = []
    count = 0
    if ctx.has("id"):
        count += 1
        r = store.get("routers", ctx.get("id"))
        if r is not None:
            chosen = [r]
    running = [r for r in store.all("routers") if r.get("state") == "Running"]
    if ctx.has("domainid"):
        count += 1
        if ctx.has("account"):
            acct = scope.find_active_account(store, ctx.get("account"), ctx.get("domainid"))
            if acct is None:
                dom = store.get("domains", ctx.get("domainid")) or {}
                raise invalid_value(f"Account :{ctx.get('account')} does not exist in domain: {dom.get('_id')}")
            chosen = [r for r in running if r.get("_accountid") == acct["id"]]
        else:
            chosen = [r for r in running if r.get("domainid") == ctx.get("domainid")]
    if ctx.has("clusterid"):
        count += 1
        chosen = [r for r in running if (store.get("hosts", r.get("hostid")) or {}).get("clusterid") == ctx.get("clusterid")]
    if ctx.has("podid"):
        count += 1
        chosen = [r for r in running if r.get("podid") == ctx.get("podid")]
    if ctx.has("zoneid"):
        count += 1
        chosen = [r for r in running if r.get("zoneid") == ctx.get("zoneid")]
    if count > 1:
        raise invalid_value("Multiple parameters not supported. Specify only one among routerId/zoneId/podId/clusterId/"
                            "accountId/domainId")
    jobs = []
    reboot_cmd = ctx.emu.spec.get("rebootRouter")
    for r in sorted(chosen, key=lambda o: o.get("_id", 0)):
        version = trim_router_version(r.get("_templateversion")) if r.get("_templateversion") else None
        if version is not None and _version_key(version) >= _version_key(min_vr_version(store, r.get("zoneid"))):
            continue
        sub = _reboot_work(ctx, r)
        job = ctx.emu.jobs.submit(reboot_cmd, ctx.caller, sub, "DomainRouter", r["id"])
        jobs.append({"jobid": job["id"]})
    return {"count": len(jobs), "asyncjobs": jobs} if jobs else {}


def _reboot_work(ctx, router):
    was = router.get("state")
    if was == "Running":
        router["state"] = "Stopping"

    def work():
        if was != "Running":
            raise runtime_error(f"Unable to reboot domR, it is not in right state {router.get('state')}")
        router["state"] = "Running"
        stop_router_now(ctx, router)
        start_router_now(ctx, router)
        return _router_result(ctx, router)
    work.on_fault = _stop_failed(router, was)
    return work


def _stop_failed(router, was):
    """A reboot is a stop then a start (VirtualNetworkApplianceManagerImpl.rebootRouter); when the job fails
    on the stop, VirtualMachine.State's transition Stopping + OperationFailed -> Running puts it back."""
    def undo():
        if was == "Running" and router.get("state") == "Stopping":
            router["state"] = "Running"
    return undo


@command("getRouterHealthCheckResults")
def get_router_health_check_results(ctx):
    """GetRouterHealthCheckResultsCmd / VirtualNetworkApplianceManagerImpl.getRouterHealthCheckResults."""
    router = _ref_router(ctx, "routerid")
    if str(placement.setting(ctx.store, "router.health.checks.enabled", default="true")).lower() != "true":
        raise internal_error(f"Router health checks are not enabled for router: {router['name']}")
    if ctx.bool("performfreshchecks", False):
        if router.get("state") != "Running":
            raise internal_error("Router health checks failed to run for router " + router["name"])  # emulator wording
        _run_health_checks(ctx.store, router)
    return {"routerid": router["id"], "healthchecks": list((router.get("_health") or {}).values())}


@command("restartVPC")
def restart_vpc(ctx):
    """VpcManagerImpl.restartVpc (async): cleanup (or makeredundant) replaces the VPC's routers with new ones;
    without cleanup a missing router is deployed."""
    store = ctx.store
    vpc = ctx.ref("vpcs", "id")
    cleanup = bool(ctx.bool("cleanup", False)) or bool(ctx.bool("makeredundant", False))

    def work():
        old = sorted([r for r in store.all("routers") if r.get("vpcid") == vpc["id"]], key=lambda r: r.get("_id", 0))
        if cleanup:
            for r in old:
                expunge_router(ctx, r)
            deploy_router(ctx, None, vpc=vpc)
        elif not old:
            deploy_router(ctx, None, vpc=vpc)
        return {"success": True}
    return AsyncResult(work, "Vpc", vpc["id"])


__all__ = ["deploy_router", "expunge_router", "routers_of", "router_view", "list_routers"]

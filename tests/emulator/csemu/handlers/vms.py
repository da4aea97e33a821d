"""User VMs and their volumes: deployVirtualMachine, startVirtualMachine, stopVirtualMachine,
rebootVirtualMachine, destroyVirtualMachine, expungeVirtualMachine, recoverVirtualMachine, listVirtualMachines,
listVolumes.

Sources (apache/cloudstack 4.18.0.0): DeployVMCmd (BaseAsyncCreateCmd: create() allocates, execute() starts),
UserVmManagerImpl.createVirtualMachine / createAdvancedVirtualMachine / createBasicSecurityGroupVirtualMachine /
getDefaultNetwork / createDefaultNetworkForAccount / createVirtualMachine(zone, ...) / checkNameForRFCCompliance /
checkIfHostNameUniqueInNtwkDomain / generateHostName / startVirtualMachine / updateVmStateForFailedVmCreation /
stopVirtualMachine / rebootVirtualMachine / destroyVm / expungeVm / recoverVirtualMachine,
VirtualMachineManagerImpl.orchestrateStart / advanceStop, NetworkModelImpl.checkNetworkPermissions,
VirtualMachineName.getVmName, VolumeOrchestrator (ROOT-<id>, DATA-<id>), QueryManagerImpl.searchForUserVMs /
searchForVolumes. Rules: docs/emulator-guest.md.

Stored VM fields are the API response names; internal: `_accountid`, `_volumes`, `_userid`, `_keypairs`.
Volumes live in the "volumes" collection.
"""
from __future__ import annotations

import re

from ..errors import ApiError, internal_error, invalid_value, runtime_error
from ..registry import HANDLERS, command
from ..store import new_uuid, now_str
from . import networks, placement, scope, sshkeys
from .common import UUID_MSG, AsyncResult

for _name in ("listVirtualMachines",):
    HANDLERS.pop(_name, None)  # the ISO helper's listing; this module owns VMs

HYPERVISORS = ("XenServer", "KVM", "VMware", "Hyperv", "VirtualBox", "Parralels", "BareMetal", "Simulator", "Ovm",
               "Ovm3", "LXC", "Custom", "External", "Any")
GB = 1024 ** 3


def hypervisor_type(value):
    """HypervisorType.getType: case-insensitive name, else None."""
    if value is None:
        return None
    return next((h for h in HYPERVISORS if h.lower() == str(value).lower()), None)


def vm_str(vm):
    """VMInstanceVO.toString (4.18: ReflectionToStringBuilderUtils of id, instanceName, uuid, type)."""
    return (f'VM instance {{"id":{vm.get("_id")},"instanceName":"{vm.get("instancename")}","type":"User",'
            f'"uuid":"{vm.get("id")}"}}')


# -- seeded VMs ------------------------------------------------------------------------------------------
def normalize_vms(ctx):
    """VMs seeded through the control endpoint get realistic defaults once (docs/emulator-isovm.md)."""
    store = ctx.store
    pending = [vm for vm in store.all("virtualmachines") if not vm.get("_norm")]
    if not pending:
        return
    with store.lock:
        own = scope.owner_fields(store, scope.caller_account(ctx))
        zones = sorted(store.all("zones"), key=lambda z: z.get("_id", 0))
        zone0 = zones[0] if zones else None
        ostypes = {o["id"]: o for o in store.all("ostypes")}
        by_desc = {o["description"]: o for o in ostypes.values()}
        default_os = by_desc.get("CentOS 7") or next(iter(ostypes.values()), None)
        zone_names = {z["id"]: z["name"] for z in zones}
        nets = {n["id"]: n for n in store.all("networks")}
        for vm in pending:
            n = vm["_id"]
            vm["_norm"] = True
            vm.setdefault("name", f"vm-{n}")
            vm.setdefault("displayname", vm["name"])
            vm.setdefault("instancename", f"i-2-{n}-VM")
            vm.setdefault("state", "Running")
            vm.setdefault("hypervisor", "KVM")
            if not vm.get("zoneid") and vm.get("zonename"):
                vm["zoneid"] = next((k for k, v in zone_names.items() if v == vm["zonename"]), None)
            if not vm.get("zoneid") and zone0:
                vm["zoneid"] = zone0["id"]
            vm.setdefault("zonename", zone_names.get(vm.get("zoneid")))
            _default_owner(store, vm, own)
            os_obj = ostypes.get(vm.get("ostypeid") or vm.get("guestosid")) or by_desc.get(vm.get("osdisplayname")) \
                or default_os
            if os_obj:
                vm.setdefault("ostypeid", os_obj["id"])
                vm.setdefault("guestosid", os_obj["id"])
                vm.setdefault("osdisplayname", os_obj["description"])
            vm.setdefault("templatename", "Template " + str(vm.get("osdisplayname", "")))
            vm.setdefault("templatedisplaytext", vm["templatename"])
            vm.setdefault("templateid", "00000000-0000-4000-8000-%012d" % 1)
            vm.setdefault("serviceofferingname", "Small Instance")
            vm.setdefault("cpunumber", 1)
            vm.setdefault("cpuspeed", 500)
            vm.setdefault("memory", 512)
            vm.setdefault("haenable", False)
            vm.setdefault("passwordenabled", False)
            vm.setdefault("isdynamicallyscalable", False)
            vm.setdefault("displayvm", True)
            vm.setdefault("rootdevicetype", "ROOT")
            vm.setdefault("rootdeviceid", 0)
            vm.setdefault("created", now_str())
            vm.setdefault("lastupdated", vm["created"])
            vm.setdefault("affinitygroup", [])
            vm.setdefault("securitygroup", [])
            if vm.get("state") == "Running":
                vm.setdefault("hostname", "kvm-host-1")
            if "nic" not in vm:
                ip = vm.pop("ipaddress", None) or f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"
                net = nets.get(vm.get("networkid")) or {}
                vm["nic"] = [{"id": f"{n:08x}-0000-4000-9000-000000000001", "ipaddress": ip, "isdefault": True,
                              "netmask": "255.0.0.0", "gateway": "10.0.0.1", "macaddress":
                                  "02:00:%02x:%02x:%02x:%02x" % ((n >> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255),
                              "networkid": net.get("id", vm.get("networkid")), "networkname": net.get("name", "guestnet"),
                              "traffictype": "Guest", "type": net.get("type", "Isolated"), "broadcasturi": "vlan://100",
                              "isolationuri": "vlan://100", "deviceid": "0", "extradhcpoption": []}]
            else:
                for i, nic in enumerate(vm["nic"]):
                    nic.setdefault("isdefault", i == 0)
                    nic.setdefault("traffictype", "Guest")
            vm.pop("networkid", None)
            if vm.get("isoid"):
                iso = store.get("isos", vm["isoid"])
                if iso:
                    vm.setdefault("isoname", iso["name"])
                    vm.setdefault("isodisplaytext", iso.get("displaytext"))
            seeded = vm.pop("tags", None)
            if seeded:
                pairs = seeded.items() if isinstance(seeded, dict) else [(t["key"], t["value"]) for t in seeded]
                for k, v in pairs:
                    store.insert("tags", {"key": str(k), "value": str(v), "resourceid": vm["id"],
                                          "resourcetype": "UserVm", "account": vm.get("account"),
                                          "domainid": vm.get("domainid"), "domain": vm.get("domain")})


def _default_owner(store, obj, own):
    scope.default_owner(store, obj, own)


def _tag_index(store, rtype):
    out = {}
    for t in store.all("tags"):
        if t.get("resourcetype") == rtype:
            out.setdefault(t["resourceid"], []).append(
                {k: t.get(k) for k in ("key", "value", "resourcetype", "resourceid", "account", "domainid", "domain")})
    return out


def vm_view(ctx, vm, tags=None):
    store = ctx.store
    out = {k: v for k, v in vm.items() if not k.startswith("_")}
    out["nic"] = [{k: v for k, v in nic.items() if v is not None} for nic in vm.get("nic") or []]
    for nic in out["nic"]:
        # UserVmJoinDaoImpl.newUserVmResponse (4.17+): vpcid/vpcname of a NIC whose network is a VPC tier
        net = store.get("networks", nic["networkid"]) if "vpcid" not in nic and nic.get("networkid") else None
        if net is not None and net.get("vpcid"):
            nic["vpcid"] = net["vpcid"]
            nic["vpcname"] = (store.get("vpcs", net["vpcid"]) or {}).get("name")
    out["tags"] = (tags if tags is not None else _tag_index(store, "UserVm")).get(vm["id"], [])
    host = store.get("hosts", vm.get("hostid")) if vm.get("hostid") else None
    if host is not None:
        out["hostname"] = host.get("name")
        out["hostcontrolstate"] = placement.host_control_state(host)
    elif vm.get("_deployed"):
        for k in ("hostid", "hostname", "hostcontrolstate"):
            out.pop(k, None)
    return out


def vm_result(ctx, vm):
    return {"virtualmachine": ctx.render(vm_view(ctx, vm))}


# -- lookups of other helpers' objects -------------------------------------------------------------------
def _template_zones(store, tpl):
    zones = tpl.get("_zones")
    if zones is None:
        if tpl.get("crossZones") or tpl.get("zoneid") in (None, "-1"):
            zones = [z["id"] for z in store.all("zones")]
        else:
            zones = [tpl["zoneid"]]
    return zones


def _template_ready(ctx, tpl, is_iso):
    if is_iso:
        from . import isovm  # pylint: disable=import-outside-toplevel
        return isovm._dl_state(ctx, tpl)[0]  # pylint: disable=protected-access
    try:
        from . import templates as tmod  # pylint: disable=import-outside-toplevel
    except ImportError:
        tmod = None
    for fname in ("is_ready", "template_ready", "ready"):
        fn = getattr(tmod, fname, None) if tmod else None
        if callable(fn):
            try:
                return bool(fn(ctx, tpl))
            except TypeError:
                continue
    return bool(tpl.get("isready", True))


def _offering_cpu_mem(off, details):
    cpu = off.get("cpunumber") or details.get("cpuNumber")
    speed = off.get("cpuspeed") or details.get("cpuSpeed")
    mem = off.get("memory") or details.get("memory")
    return int(cpu or 0), int(speed or 0), int(mem or 0)


def _offering_state(off):
    return off.get("_state") or off.get("state") or "Active"


def _disk_size_bytes(disk_off, size_gb=None):
    if disk_off.get("iscustomized"):
        return int(size_gb or 0) * GB
    return int(disk_off.get("disksize") or 0) * GB


# -- deployVirtualMachine ---------------------------------------------------------------------------------
def _owner_for_deploy(ctx):
    """DeployVMCmd.getEntityOwnerId -> AccountManagerImpl.finalyzeAccountId(account, domainid, projectid, true)."""
    store = ctx.store
    name, domainid, projectid = ctx.get("account"), ctx.get("domainid"), ctx.get("projectid")
    if name is not None:
        if domainid is None:
            raise invalid_value("Account must be specified with domainId parameter")
        dom = store.get("domains", domainid)
        if dom is None:
            raise invalid_value("Unable to find domain by id")
        acct = scope.find_active_account(store, name, domainid)
        if acct is None:
            raise invalid_value(f"Unable to find account by name {name} in domain with specified id")
        if str(acct.get("state") or "enabled").lower() not in ("enabled", "locked"):
            raise scope.permission_denied(f"Can't add resources to the account id={acct.get('_id')} in state="
                                          f"{acct.get('state')} as it's no longer active")
        return acct
    if projectid is not None:
        project = store.get("projects", projectid)
        acct = store.get("accounts", (project or {}).get("_accountid") or (project or {}).get("projectaccountid") or "")
        if acct is not None:
            return acct
    return scope.caller_account(ctx)


def _check_network_permissions(store, owner, net):
    """NetworkModelImpl.checkNetworkPermissions (admin.is.allowed.to.deploy.anywhere false by default)."""
    if scope.is_root_admin(owner) and \
            str(placement.setting(store, "admin.is.allowed.to.deploy.anywhere", default="false")).lower() == "true":
        return
    if net.get("type") != "Shared" or net.get("acltype") == "Account":
        if net.get("_accountid") != owner["id"]:
            raise scope.permission_denied(f"Unable to use network with id= {net['id']}, permission denied")
        return
    dmap = net.get("_domainmap") or {}
    did = dmap.get("domainid")
    if did is None or did == owner.get("domainid"):
        return
    if dmap.get("subdomainaccess", True) and did in scope.domain_ancestors(store, owner.get("domainid")):
        return
    raise scope.permission_denied(f"Shared network id={net['id']} is not available in domain id={owner.get('domainid')}")


def _default_network(ctx, zone, owner):
    """UserVmManagerImpl.getDefaultNetwork: the Required offering (DefaultIsolatedNetworkOfferingWithSourceNatService);
    the owner's only isolated network of the zone, or a new one named <account>-network."""
    store = ctx.store
    required = [o for o in store.all("networkofferings") if o.get("availability") == "Required"
                and not networks.offering_system_only(o)]
    if not required:
        raise invalid_value("Unable to find network offering with availability=Required to automatically create the "
                            "network as a part of vm creation")
    req = sorted(required, key=lambda o: o.get("_id", 0))[0]
    if req.get("state") != "Enabled":
        raise invalid_value(f"Required network offering id={req.get('_id')} is not in Enabled")
    mine = [n for n in store.all("networks", zoneid=zone["id"]) if n.get("_accountid") == owner["id"]
            and n.get("type") == "Isolated" and n.get("acltype") == "Account" and not n.get("vpcid")]
    if len(mine) > 1:
        raise invalid_value(f"More than 1 default Isolated networks are found for account {scope.account_str(owner)}; "
                            "please specify networkIds")
    if mine:
        return mine[0]
    # createDefaultNetworkForAccount
    pns = [p for p in store.all("physicalnetworks", zoneid=zone["id"])
           if store.first("traffictypes", physicalnetworkid=p["id"], traffictype="Guest")]
    if not pns:
        raise invalid_value(f"Unable to find physical network in zone id={zone['_id']}")
    pn = sorted(pns, key=lambda p: p.get("_id", 0))[0]
    if pn.get("state") != "Enabled":
        raise invalid_value(f"Specified physical network id is in incorrect state:{pn.get('state')}")
    zcidr = zone.get("guestcidraddress") or "10.1.1.0/24"
    import ipaddress  # pylint: disable=import-outside-toplevel
    net4 = ipaddress.IPv4Network(zcidr, strict=False)
    name = f"{owner['name']}-network"
    fields = scope.owner_fields(store, owner)
    net = store.insert("networks", {
        "name": name, "displaytext": name, "zoneid": zone["id"], "physicalnetworkid": pn["id"],
        "networkofferingid": req["id"], "traffictype": "Guest", "type": "Isolated", "state": "Allocated",
        "acltype": "Account", "broadcastdomaintype": "Vlan", "broadcasturi": None, "cidr": str(net4),
        "gateway": str(next(net4.hosts())), "netmask": str(net4.netmask),
        "networkdomain": networks.network_domain_for(store, "Account", owner, None, zone),
        "specifyipranges": bool(req.get("specifyipranges")), "displaynetwork": True, "restartrequired": False,
        "redundantrouter": False, "strechedl2subnet": False, "isdefault": False, "created": now_str(),
        "hasannotations": False, "publicmtu": 1500, "privatemtu": 1500, "receivedbytes": 0, "sentbytes": 0,
        "details": {}, "supportsvmautoscaling": True, "_offering_long": req.get("_id"), "_ips": [], "_norm": True,
        **fields})
    net["related"] = net["id"]
    return net


def _rfc_name(name):
    """NetUtils.verifyDomainNameLabel(name, true)."""
    return bool(re.fullmatch(r"[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?", name or ""))


@command("deployVirtualMachine")
def deploy_virtual_machine(ctx):
    """create(): every check, the VM allocated (Stopped; Starting when it will be started) with its NICs and
    volumes; the job (execute) starts it: network implemented (virtual router), host and storage chosen,
    volumes Ready, VM Running. A start failure leaves the VM in Error with its volumes destroyed."""
    store = ctx.store
    networks.ensure_default_network_offerings(store)
    owner = _owner_for_deploy(ctx)
    zone = ctx.ref("zones", "zoneid")
    svc = store.get("serviceofferings", ctx.get("serviceofferingid"))
    if svc is None:
        raise ApiError(431, UUID_MSG.format(cmd="deployvirtualmachine", name="serviceofferingid",
                                            value=ctx.get("serviceofferingid")))
    if _offering_state(svc) == "Inactive":
        raise invalid_value(f"Service offering is inactive: [{svc['id']}].")
    details = ctx.details("details")
    dynamic = bool(svc.get("iscustomized")) and not (svc.get("cpunumber") and svc.get("memory"))
    if not dynamic and any(k in details for k in ("cpuNumber", "cpuSpeed", "memory")):
        raise invalid_value("cpuNumber or cpuSpeed or memory should not be specified for static service offering")
    tpl_id = ctx.get("templateid")
    tpl = store.get("templates", tpl_id)
    is_iso = False
    if tpl is None:
        tpl = store.get("isos", tpl_id)
        is_iso = tpl is not None
    if tpl is None:
        raise ApiError(431, UUID_MSG.format(cmd="deployvirtualmachine", name="templateid", value=tpl_id))
    disk_off = None
    if ctx.has("diskofferingid"):
        disk_off = store.get("diskofferings", ctx.get("diskofferingid"))
        if disk_off is None:
            raise invalid_value(f"Unable to find disk offering {ctx.get('diskofferingid')}")
        if disk_off.get("_computeonly") or disk_off.get("computeonly"):
            raise invalid_value(f"The disk offering id {disk_off.get('_id')} provided is directly mapped to a service "
                                "offering, please provide an individual disk offering")
    if not zone.get("localstorageenabled"):
        if str(svc.get("storagetype") or "shared").lower() == "local":
            raise invalid_value(f"Zone is not configured to use local storage but disk offering {svc.get('name')} mapped "
                                "in service offering uses it")
        if disk_off is not None and str(disk_off.get("storagetype") or "shared").lower() == "local":
            raise invalid_value(f"Zone is not configured to use local storage but disk offering {disk_off.get('name')} "
                                "uses it")
    network_ids = ctx.list("networkids")
    basic = zone.get("networktype") == "Basic"
    if basic and network_ids:
        raise invalid_value("Can't specify network Ids in Basic zone")
    if not basic and ctx.list("securitygroupids") and not zone.get("securitygroupsenabled"):
        raise invalid_value("Can't create vm with security groups; security group feature is not enabled per zone")
    # createAdvancedVirtualMachine / createBasicSecurityGroupVirtualMachine: the network list
    net_list = []
    if basic:
        guest = [n for n in store.all("networks", zoneid=zone["id"]) if n.get("traffictype") == "Guest"
                 and n.get("type") == "Shared"]
        if not guest:
            raise invalid_value(f"Unable to find Default network for Basic zone {zone['name']}")  # emulator wording
        net_list = guest[:1]
    elif network_ids:
        for nid in network_ids:
            net = store.get("networks", nid)
            if net is None:
                raise invalid_value(f"Unable to find network by id {network_ids[0]}")
            _check_network_permissions(store, owner, net)
            if networks.net_is_system(store, net):
                raise invalid_value(f"Network id={net['id']} is system only and can't be used for vm deployment")
            net_list.append(net)
    # createVirtualMachine(zone, ...)
    if str(owner.get("state") or "enabled").lower() == "disabled":
        raise scope.permission_denied(f"The owner of vm to deploy is disabled: {scope.account_str(owner)}")
    hv_param = ctx.get("hypervisor")
    hv = hypervisor_type(hv_param)
    tpl_hv = None if is_iso else tpl.get("hypervisor")
    if tpl_hv in (None, "None", ""):
        if hv in (None, "None"):
            raise invalid_value("hypervisor parameter is needed to deploy VM or the hypervisor parameter value passed is "
                                "invalid")
        hypervisor = hv
    else:
        if hv not in (None, "None") and hv != tpl_hv:
            raise invalid_value("Hypervisor passed to the deployVm call, is different from the hypervisor type of the "
                                "template")
        hypervisor = tpl_hv
    caller = scope.caller_account(ctx)
    if zone.get("allocationstate") == "Disabled" and not scope.is_root_admin(caller):
        raise scope.permission_denied(f"Cannot perform this operation, Zone is currently disabled: {networks.zone_str(zone)}")
    cpu, speed, mem = _offering_cpu_mem(svc, details)
    if dynamic and not (cpu and mem and (speed or svc.get("cpuspeed"))):
        raise invalid_value("Need to specify custom parameter values cpu, cpu speed and memory when using custom offering")
    if is_iso and disk_off is None and not svc.get("diskofferingid") and not svc.get("rootdisksize"):
        raise invalid_value("Installing from ISO requires a disk offering to be specified for the root disk.")
    if not [p for p in store.all("storagepools") if p.get("state") == "Up"] and hypervisor not in ("BareMetal",):
        raise ApiError(534, "There are no available pools in the UP state for vm deployment")
    if str(tpl.get("templatetype") or "").upper() == "SYSTEM":
        raise invalid_value(f"Unable to use system template {tpl.get('_id')} to deploy a user vm")
    if zone["id"] not in _template_zones(store, tpl):
        raise invalid_value(f"The template {tpl.get('_id')} is not available for use")
    if is_iso and not tpl.get("bootable", True):
        raise invalid_value(f"Installing from ISO requires an ISO that is bootable: {tpl.get('_id')}")
    names = [k for k in (ctx.list("keypairs") or []) if k]
    if not names and ctx.get("keypair"):
        names = [ctx.get("keypair")]
    public_keys = []
    if names:
        public_keys = sshkeys.public_keys_for(store, owner["id"], names)
        if public_keys is None:
            raise invalid_value("Not all specified keyparis exist")
    if not basic and not net_list:
        net_list = [_default_network(ctx, zone, owner)]
    for net in net_list:
        if net.get("zoneid") != zone["id"]:
            raise invalid_value(f"Network id={net.get('_id')} doesn't belong to zone {zone['_id']}")
    default = net_list[0]
    default_off = networks.offering_of(store, default)
    if not networks.has_service(default_off, "UserData"):
        if ctx.get("userdata"):
            raise invalid_value(f"Unable to deploy VM as UserData is provided while deploying the VM, but there is no "
                                f"support for UserData service in the default network {default['name']}/{default['id']}.")
        if public_keys:
            raise invalid_value(f"Unable to deploy VM as SSH keypair is provided while deploying the VM, but there is "
                                f"no support for UserData service in the default network {default['name']}/{default['id']}")
        if tpl.get("passwordenabled"):
            raise invalid_value(f"Unable to deploy VM as template {tpl.get('_id')} is password enabled, but there is no "
                                f"support for UserData service in the default network {default['name']}/{default['id']}")
    n = placement.next_vm_number(store)
    suffix = placement.instance_suffix(store)
    vm_uuid = ctx.get("customid") or new_uuid()
    host_name = ctx.get("name")
    if host_name is not None and not _rfc_name(host_name):
        raise invalid_value("Invalid name. Vm name can contain ASCII letters 'a' through 'z', the digits '0' through "
                            "'9', and the hyphen ('-'), must be between 1 and 63 characters long, and can't start or end "
                            "with \"-\" and can't start with digit")
    if host_name is None:
        host_name = f"{suffix}-{vm_uuid}"
    instance_name = f"i-{owner.get('_id')}-{n}-{suffix}"
    for net in net_list:
        for vm in store.all("virtualmachines"):
            if vm.get("state") == "Expunging":
                continue
            if any(nic.get("networkid") == net["id"] for nic in vm.get("nic") or []) and vm.get("name") == host_name:
                raise invalid_value(f"The vm with hostName {host_name} already exists in the network domain: "
                                    f"{net.get('networkdomain')}; network={net.get('name')}")
    ostype = store.get("ostypes", tpl.get("ostypeid")) if tpl.get("ostypeid") else None
    fields = scope.owner_fields(store, owner)
    root_off = disk_off if is_iso and disk_off is not None else store.get("diskofferings", svc.get("diskofferingid") or "")
    vm = store.insert("virtualmachines", {
        "id": vm_uuid, "_id": n, "name": host_name, "displayname": ctx.get("displayname") or host_name,
        "instancename": instance_name, "state": "Stopped", "zoneid": zone["id"], "zonename": zone["name"],
        "hypervisor": hypervisor, "templateid": tpl["id"] if not is_iso else None,
        "templatename": tpl.get("name") if not is_iso else None,
        "templatedisplaytext": tpl.get("displaytext") if not is_iso else None,
        "isoid": tpl["id"] if is_iso else None, "isoname": tpl.get("name") if is_iso else None,
        "isodisplaytext": tpl.get("displaytext") if is_iso else None,
        "guestosid": tpl.get("ostypeid"), "ostypeid": tpl.get("ostypeid"),
        "osdisplayname": (ostype or {}).get("description") or tpl.get("ostypename"),
        "serviceofferingid": svc["id"], "serviceofferingname": svc.get("name"), "cpunumber": cpu,
        "cpuspeed": speed or svc.get("cpuspeed"), "memory": mem, "haenable": bool(svc.get("offerha")),
        "passwordenabled": bool(tpl.get("passwordenabled")), "isdynamicallyscalable":
            bool(ctx.bool("dynamicscalingenabled", True) and tpl.get("isdynamicallyscalable") and
                 svc.get("dynamicscalingenabled", True) and
                 str(placement.setting(store, "enable.dynamic.scale.vm", zone["id"], "false")).lower() == "true"),
        "displayvm": ctx.bool("displayvm", True), "rootdevicetype": "ROOT", "rootdeviceid": 0,
        "created": now_str(), "lastupdated": now_str(), "affinitygroup": [], "securitygroup": [],
        "keypairs": ",".join(names) if names else None, "group": ctx.get("group"),
        "diskofferingid": disk_off["id"] if disk_off else None, "diskofferingname": disk_off.get("name") if disk_off else None,
        "userid": (ctx.caller or {}).get("id"), "username": (ctx.caller or {}).get("username"),
        "userdata": ctx.get("userdata"), "hasannotations": False, "details": details or None,
        "pooltype": None, "nic": [], "_norm": True, "_deployed": True, **fields,
    })
    nics = []
    for idx, net in enumerate(net_list):
        requested = ctx.get("ipaddress") if idx == 0 else None
        for item in ctx.map("iptonetworklist"):
            if item.get("networkid") == net["id"] and item.get("ip"):
                requested = item["ip"]
        ip = None
        if net.get("type") in ("Shared", "Isolated") and (net.get("cidr") or networks.guest_ranges(store, net)):
            ip = networks.allocate_guest_ip(store, net, requested)
        nics.append({"id": new_uuid(), "networkid": net["id"], "networkname": net.get("name"), "ipaddress": ip,
                     "netmask": net.get("netmask"), "gateway": net.get("gateway"), "isdefault": idx == 0,
                     "traffictype": "Guest", "type": net.get("type"), "deviceid": str(idx),
                     "macaddress": ctx.get("macaddress") if idx == 0 and ctx.get("macaddress") else
                     "02:00:%02x:%02x:%02x:%02x" % ((n >> 8) & 255, n & 255, (idx >> 8) & 255, (idx + 1) & 255),
                     "broadcasturi": net.get("broadcasturi"), "isolationuri": net.get("broadcasturi"),
                     "extradhcpoption": [], "secondaryip": []})
    vm["nic"] = nics
    _create_volumes(ctx, vm, svc, tpl, is_iso, root_off, disk_off)
    start = ctx.bool("startvm", True)
    if start:
        vm["state"] = "Starting"

    def work():
        if not start:
            return vm_result(ctx, vm)
        try:
            _start(ctx, vm, host_id=ctx.get("hostid"), pod_id=ctx.get("podid"), cluster_id=ctx.get("clusterid"))
        except ApiError:
            _failed_creation(ctx, vm)
            raise
        return vm_result(ctx, vm)
    return AsyncResult(work, "VirtualMachine", vm["id"], create_id=vm["id"])


def _create_volumes(ctx, vm, svc, tpl, is_iso, root_off, disk_off):
    store = ctx.store
    n = vm["_id"]
    root_gb = ctx.int("rootdisksize")
    if root_gb is None:
        root_gb = int((ctx.details("details") or {}).get("rootdisksize") or 0) or None
    if is_iso:
        size = _disk_size_bytes(root_off or {}, ctx.int("size")) if root_off else int(svc.get("rootdisksize") or 0) * GB
    else:
        size = int(tpl.get("size") or tpl.get("physicalsize") or 2 * GB)
        if root_gb:
            if root_gb * GB < size:
                raise invalid_value(f"Root disk size should be greater than or equal to the template size: "
                                    f"{size // GB}")  # emulator wording near UserVmManagerImpl.verifyRootDiskSize
            size = root_gb * GB
    common = {"zoneid": vm["zoneid"], "zonename": vm["zonename"], "account": vm.get("account"),
              "domainid": vm.get("domainid"), "domain": vm.get("domain"), "_accountid": vm.get("_accountid"),
              "virtualmachineid": vm["id"], "vmname": vm["name"], "vmdisplayname": vm.get("displayname"),
              "vmtype": "User", "hypervisor": vm.get("hypervisor"), "state": "Allocated", "storagetype": "shared",
              "provisioningtype": "thin", "destroyed": False, "isextractable": True, "displayvolume": True,
              "quiescevm": False, "supportsstoragesnapshot": False, "hasannotations": False, "created": now_str()}
    root = store.insert("volumes", dict(common, name=f"ROOT-{n}", type="ROOT", deviceid=0, size=size,
                                        serviceofferingid=svc["id"], serviceofferingname=svc.get("name"),
                                        serviceofferingdisplaytext=svc.get("displaytext"),
                                        diskofferingid=(root_off or {}).get("id") or svc.get("diskofferingid"),
                                        diskofferingname=(root_off or {}).get("name"),
                                        diskofferingdisplaytext=(root_off or {}).get("displaytext"),
                                        templateid=None if is_iso else tpl["id"],
                                        templatename=None if is_iso else tpl.get("name"),
                                        templatedisplaytext=None if is_iso else tpl.get("displaytext"),
                                        isoid=tpl["id"] if is_iso else None, isoname=tpl.get("name") if is_iso else None,
                                        isodisplaytext=tpl.get("displaytext") if is_iso else None))
    vols = [root["id"]]
    if disk_off is not None and not is_iso:
        data = store.insert("volumes", dict(common, name=f"DATA-{n}", type="DATADISK", deviceid=1,
                                            size=_disk_size_bytes(disk_off, ctx.int("size")),
                                            diskofferingid=disk_off["id"], diskofferingname=disk_off.get("name"),
                                            diskofferingdisplaytext=disk_off.get("displaytext")))
        vols.append(data["id"])
    vm["_volumes"] = vols


def _vm_volumes(store, vm):
    return [v for v in store.all("volumes") if v.get("virtualmachineid") == vm["id"]]


def _start(ctx, vm, host_id=None, pod_id=None, cluster_id=None):
    """VirtualMachineManagerImpl.orchestrateStart: networks implemented (routers), template ready in the zone,
    a host (FirstFit) and a primary storage pool; volumes Ready on the pool; VM Running on the host."""
    store = ctx.store
    zone = store.get("zones", vm["zoneid"])
    tpl = store.get("templates", vm.get("templateid") or "") or store.get("isos", vm.get("isoid") or "")
    if tpl is not None and not _template_ready(ctx, tpl, store.get("isos", tpl["id"]) is not None):
        vm["state"] = "Stopped"
        raise runtime_error(f"Template {tpl.get('name')} has not been completely downloaded to zone {zone['_id']}")
    for nic in vm.get("nic") or []:
        net = store.get("networks", nic.get("networkid"))
        if net is None:
            continue
        networks.implement_network(ctx, net)
        nic["broadcasturi"] = net.get("broadcasturi")
        nic["isolationuri"] = net.get("broadcasturi")
    svc = store.get("serviceofferings", vm.get("serviceofferingid") or "") or {}
    host = placement.pick_host(store, zone["id"], int(vm.get("cpunumber") or 1) * int(vm.get("cpuspeed") or 500),
                               int(vm.get("memory") or 512), hypervisor=vm.get("hypervisor"),
                               hosttag=svc.get("hosttags") or None, podid=pod_id, clusterid=cluster_id, hostid=host_id)
    pool = placement.pick_pool(store, host, local=str(svc.get("storagetype") or "").lower() == "local") if host else None
    if host is None or pool is None:
        vm["state"] = "Stopped"
        raise ApiError(533, f"Unable to create a deployment for {vm_str(vm)}", 4250)
    pod = store.get("pods", host.get("podid")) if host.get("podid") else None
    cluster = store.get("clusters", host.get("clusterid")) if host.get("clusterid") else None
    for vol in _vm_volumes(store, vm):
        if vol.get("state") in ("Allocated", "Ready"):
            if vol.get("state") == "Allocated":
                vol.update(storageid=pool["id"], storage=pool.get("name"), path=new_uuid(),
                           attached=now_str(), podid=host.get("podid"), podname=pod["name"] if pod else None,
                           clusterid=host.get("clusterid"), clustername=cluster["name"] if cluster else None)
            vol.update(state="Ready", vmstate="Running")
    vm.update(state="Running", hostid=host["id"], hostname=host.get("name"), podid=host.get("podid"),
              pooltype=pool.get("type"), lastupdated=now_str())
    vm["_lasthostid"] = host["id"]
    return vm


def _failed_creation(ctx, vm):
    """updateVmStateForFailedVmCreation: a Stopped VM goes to Error and its volumes are destroyed."""
    if vm.get("state") in ("Stopped", "Starting"):
        vm["state"] = "Error"
        for vol in _vm_volumes(ctx.store, vm):
            vol.update(state="Destroy", destroyed=True)


def _stop(ctx, vm):
    vm.update(state="Stopped", lastupdated=now_str())
    vm.pop("hostid", None)
    vm.pop("hostname", None)
    for vol in _vm_volumes(ctx.store, vm):
        vol["vmstate"] = "Stopped"


def _ref_vm(ctx, param="id"):
    normalize_vms(ctx)
    return ctx.ref("virtualmachines", param)


@command("startVirtualMachine")
def start_virtual_machine(ctx):
    """UserVmManagerImpl.startVirtualMachine: a Running VM -> 431 "The virtual machine <uuid> (<name>) is already
    running" (checked when the job runs)."""
    vm = _ref_vm(ctx)

    def work():
        if vm.get("state") == "Running":
            raise invalid_value(f"The virtual machine {vm['id']} ({vm.get('displayname') or vm.get('name')}) is already "
                                "running")
        if vm.get("state") in ("Destroyed", "Expunging", "Error"):
            raise invalid_value(f"Unable to start VM instance {vm_str(vm)} in state {vm.get('state')}")  # emulator wording
        vm["state"] = "Starting"
        try:
            _start(ctx, vm, host_id=ctx.get("hostid"), pod_id=ctx.get("podid"), cluster_id=ctx.get("clusterid"))
        except ApiError:
            vm["state"] = "Stopped"
            raise
        return vm_result(ctx, vm)
    return AsyncResult(work, "VirtualMachine", vm["id"])


@command("stopVirtualMachine")
def stop_virtual_machine(ctx):
    """VirtualMachineManagerImpl.advanceStop: already Stopped, Destroyed, Expunging or Error -> nothing to do."""
    vm = _ref_vm(ctx)
    if vm.get("state") == "Running":
        vm["state"] = "Stopping"

    def work():
        if vm.get("state") in ("Running", "Stopping", "Starting"):
            _stop(ctx, vm)
        return vm_result(ctx, vm)
    return AsyncResult(work, "VirtualMachine", vm["id"])


@command("rebootVirtualMachine")
def reboot_virtual_machine(ctx):
    """UserVmManagerImpl.rebootVirtualMachine: not Running -> 431 "The VM <uuid> (<name>) is not running, unable to
    reboot it" (sync check in the 4.18 manager call made by the job)."""
    vm = _ref_vm(ctx)

    def work():
        if vm.get("state") != "Running":
            raise invalid_value(f"The VM {vm['id']} ({vm.get('displayname') or vm.get('name')}) is not running, unable "
                                "to reboot it")
        vm["lastupdated"] = now_str()
        return vm_result(ctx, vm)
    return AsyncResult(work, "VirtualMachine", vm["id"])


@command("destroyVirtualMachine")
def destroy_virtual_machine(ctx):
    """UserVmManagerImpl.destroyVm: the VM is stopped, its data disks detached (or destroyed when listed in
    volumeids), then Destroyed (ROOT volume kept until expunge); expunge=true expunges at once."""
    store = ctx.store
    vm = _ref_vm(ctx)
    expunge = bool(ctx.bool("expunge", False))
    vol_ids = ctx.list("volumeids") or []

    def work():
        if store.get("virtualmachines", vm["id"]) is None:
            raise invalid_value(f"unable to find a virtual machine with id {vm['_id']}")
        if vm.get("state") in ("Destroyed", "Expunging") and not expunge:
            return vm_result(ctx, vm)
        for vid in vol_ids:
            if store.get("volumes", vid) is None:
                raise invalid_value(f"Unable to find volume with ID: {vid}")
        if vm.get("state") in ("Running", "Stopping", "Starting"):
            _stop(ctx, vm)
        for vol in _vm_volumes(store, vm):
            if vol.get("type") == "DATADISK":
                if vol["id"] in vol_ids:
                    if expunge:
                        store.delete("volumes", vol["id"])
                    else:
                        vol.update(state="Destroy", destroyed=True)
                for k in ("virtualmachineid", "vmname", "vmdisplayname", "vmstate", "vmtype", "attached", "deviceid"):
                    vol.pop(k, None)
        vm.update(state="Destroyed", lastupdated=now_str())
        for vol in _vm_volumes(store, vm):
            vol["vmstate"] = "Destroyed"
        view = vm_view(ctx, vm)
        if expunge:
            _expunge(ctx, vm)
            view["state"] = "Expunging"
        return {"virtualmachine": ctx.render(view)}
    return AsyncResult(work, "VirtualMachine", vm["id"])


def _expunge(ctx, vm):
    store = ctx.store
    for vol in _vm_volumes(store, vm):
        store.delete("volumes", vol["id"])
    for nic in vm.get("nic") or []:
        net = store.get("networks", nic.get("networkid"))
        if net is not None:
            networks.release_guest_ip(net, nic.get("ipaddress"))
    for t in store.all("tags", resourceid=vm["id"]):
        store.delete("tags", t["id"])
    store.delete("virtualmachines", vm["id"])
    vm["state"] = "Expunging"


@command("expungeVirtualMachine")
def expunge_virtual_machine(ctx):
    """UserVmManagerImpl.expungeVm: only Destroyed, Expunging or Error VMs, else 530 "Please destroy vm with specified
    vmId before expunge" (the check runs in the job: ExpungeVMCmd is async)."""
    vm = _ref_vm(ctx)

    def work():
        if ctx.store.get("virtualmachines", vm["id"]) is None:
            return {"success": True}
        if vm.get("state") not in ("Destroyed", "Expunging", "Error"):
            raise runtime_error("Please destroy vm with specified vmId before expunge")
        _expunge(ctx, vm)
        return {"success": True}
    return AsyncResult(work, "VirtualMachine", vm["id"])


@command("recoverVirtualMachine")
def recover_virtual_machine(ctx):
    """UserVmManagerImpl.recoverVirtualMachine (sync): only Destroyed VMs, back to Stopped with their ROOT volume."""
    vm = _ref_vm(ctx)
    if vm.get("state") != "Destroyed":
        raise invalid_value(f"Vm with id {vm['id']} is not in the right state")
    vm.update(state="Stopped", lastupdated=now_str())
    for vol in _vm_volumes(ctx.store, vm):
        vol["vmstate"] = "Stopped"
        if vol.get("state") == "Destroy":
            vol.update(state="Ready", destroyed=False)
    return vm_result(ctx, vm)


# -- listings ---------------------------------------------------------------------------------------------
def _like(needle, *values):
    n = str(needle).lower()
    return any(v is not None and n in str(v).lower() for v in values)


@command("listVirtualMachines")
def list_virtual_machines(ctx):
    """QueryManagerImpl.searchForUserVMs: buildACLSearchParameters with the id (a root admin without listall sees
    its own account's VMs; id/ids widen to every account), name EQ on the host name (case-insensitive collation),
    keyword LIKE, state (present = not Destroyed/Expunging), zone, hypervisor, iso, host, template, offering,
    pod, cluster, network, haenable, tags (any pair)."""
    store = ctx.store
    normalize_vms(ctx)
    hyper = ctx.get("hypervisor")
    if hyper is not None and hypervisor_type(hyper) is None:
        raise invalid_value(f"Invalid HypervisorType {hyper}")
    by_id = ctx.has("id") or ctx.has("ids")
    items = scope.acl_filter(ctx, store.all("virtualmachines"), id_given=by_id)
    if ctx.has("id"):
        items = [v for v in items if v["id"] == ctx.get("id")]
    if ctx.has("ids"):
        wanted = set(ctx.list("ids"))
        items = [v for v in items if v["id"] in wanted]
    if ctx.has("name"):
        items = [v for v in items if scope.ieq(v.get("name"), ctx.get("name"))]
    if ctx.has("zoneid"):
        items = [v for v in items if v.get("zoneid") == ctx.get("zoneid")]
    state = ctx.get("state")
    if state:
        if state.lower() == "present":
            items = [v for v in items if v.get("state") not in ("Destroyed", "Expunging")]
        else:
            items = [v for v in items if scope.ieq(v.get("state"), state)]
    if hyper:
        items = [v for v in items if scope.ieq(v.get("hypervisor"), hyper)]
    for param, field in (("isoid", "isoid"), ("hostid", "hostid"), ("templateid", "templateid"),
                         ("serviceofferingid", "serviceofferingid"), ("podid", "podid"), ("groupid", "groupid")):
        if ctx.has(param):
            items = [v for v in items if v.get(field) == ctx.get(param)]
    if ctx.has("clusterid"):
        items = [v for v in items if (store.get("hosts", v.get("hostid")) or {}).get("clusterid") == ctx.get("clusterid")]
    if ctx.has("networkid"):
        items = [v for v in items if any(n.get("networkid") == ctx.get("networkid") for n in v.get("nic") or [])]
    if ctx.has("haenable"):
        items = [v for v in items if bool(v.get("haenable")) == ctx.bool("haenable")]
    if ctx.has("keypair"):
        items = [v for v in items if ctx.get("keypair") in str(v.get("keypairs") or "").split(",")]
    if ctx.has("displayvm"):
        items = [v for v in items if bool(v.get("displayvm", True)) == ctx.bool("displayvm")]
    if ctx.has("keyword"):
        kw = ctx.get("keyword")
        items = [v for v in items if _like(kw, v.get("displayname"), v.get("name"), v.get("instancename"),
                                           v.get("publicip"), *[n.get("ipaddress") for n in v.get("nic") or []],
                                           *[n.get("ip6address") for n in v.get("nic") or []])
                 or scope.ieq(v.get("state"), kw)]
    tags = _tag_index(store, "UserVm")
    pairs = ctx.map("tags")
    if pairs:
        wanted_pairs = {(p.get("key"), p.get("value")) for p in pairs}
        items = [v for v in items if any((t["key"], t["value"]) in wanted_pairs for t in tags.get(v["id"], []))]
    params = ctx.params
    ctx.params = {k: v for k, v in params.items() if k != "keyword"}
    try:
        return ctx.list_response(items, "virtualmachine", view=lambda v: vm_view(ctx, v, tags))
    finally:
        ctx.params = params


@command("listVolumes")
def list_volumes(ctx):
    """QueryManagerImpl.searchForVolumesInternal: buildACLSearchParameters with the id; name EQ, keyword LIKE name,
    type, state, zone, pod, cluster (via the pool), storage, disk offering, virtual machine; Destroy volumes are
    listed to admins; system VM volumes only with listsystemvms."""
    store = ctx.store
    by_id = ctx.has("id") or ctx.has("ids")
    items = scope.acl_filter(ctx, store.all("volumes"), id_given=by_id)
    if ctx.has("id"):
        items = [v for v in items if v["id"] == ctx.get("id")]
    if ctx.has("ids"):
        wanted = set(ctx.list("ids"))
        items = [v for v in items if v["id"] in wanted]
    if ctx.has("name"):
        items = [v for v in items if scope.ieq(v.get("name"), ctx.get("name"))]
    if ctx.has("keyword"):
        kw = ctx.get("keyword").lower()
        items = [v for v in items if kw in str(v.get("name") or "").lower()]
    for param, field in (("zoneid", "zoneid"), ("podid", "podid"), ("clusterid", "clusterid"),
                         ("storageid", "storageid"), ("diskofferingid", "diskofferingid"),
                         ("virtualmachineid", "virtualmachineid")):
        if ctx.has(param):
            items = [v for v in items if v.get(field) == ctx.get(param)]
    for param in ("type", "state"):
        if ctx.has(param):
            items = [v for v in items if scope.ieq(v.get(param), ctx.get(param))]
    if ctx.has("hostid"):
        vms = {vm["id"] for vm in store.all("virtualmachines") if vm.get("hostid") == ctx.get("hostid")}
        items = [v for v in items if v.get("virtualmachineid") in vms]
    items.sort(key=lambda v: v.get("_id", 0))
    params = ctx.params
    ctx.params = {k: v for k, v in params.items() if k != "keyword"}
    try:
        return ctx.list_response(items, "volume", view=_volume_view(ctx))
    finally:
        ctx.params = params


def _volume_view(ctx):
    tags = _tag_index(ctx.store, "Volume")

    def view(vol):
        out = {k: v for k, v in vol.items() if not k.startswith("_")}
        out["tags"] = tags.get(vol["id"], [])
        vm = ctx.store.get("virtualmachines", vol.get("virtualmachineid") or "")
        if vm is not None:
            out["vmstate"] = vm.get("state")
        return out
    return view


__all__ = ["normalize_vms", "vm_view", "vm_result", "deploy_virtual_machine", "list_virtual_machines",
           "internal_error"]

"""Service, disk, network and VPC offerings (docs/emulator-offerings.md)."""
from __future__ import annotations

import pytest

NET_OFFERINGS_418 = {
    "DefaultSharedNetworkOfferingWithSGService", "DefaultSharedNetworkOffering",
    "DefaultTungstenSharedNetworkOfferingWithSGService", "DefaultIsolatedNetworkOfferingWithSourceNatService",
    "DefaultIsolatedNetworkOffering", "DefaultSharedNetscalerEIPandELBNetworkOffering",
    "DefaultIsolatedNetworkOfferingForVpcNetworks", "DefaultIsolatedNetworkOfferingForVpcNetworksNoLB",
    "DefaultIsolatedNetworkOfferingForVpcNetworksWithInternalLB", "DefaultL2NetworkOffering",
    "DefaultL2NetworkOfferingVlan", "DefaultL2NetworkOfferingConfigDrive", "DefaultL2NetworkOfferingConfigDriveVlan",
    "QuickCloudNoServices",
}


def _err(cs, command, **params):
    status, body = cs.api(command, **params)
    assert status != 200, body
    return status, body[command.lower() + "response"]["errortext"]


def _services(offering):
    return {s["name"]: sorted(p["name"] for p in s["provider"]) for s in offering["service"]}


def _net(cs, name, **params):
    base = dict(name=name, displaytext=name, guestiptype="Isolated", traffictype="Guest")
    base.update(params)
    return cs.ok("createNetworkOffering", **base)["networkoffering"]


def _spl(pairs):
    out = {}
    for i, (service, provider) in enumerate(pairs):
        out[f"serviceProviderList[{i}].service"] = service
        out[f"serviceProviderList[{i}].provider"] = provider
    return out


# -- defaults of a fresh 4.18 ------------------------------------------------------------------
def test_default_network_offerings(cs):
    out = cs.ok("listNetworkOfferings")
    names = {o["name"] for o in out["networkoffering"]}
    assert names == NET_OFFERINGS_418 and out["count"] == len(NET_OFFERINGS_418)
    by = {o["name"]: o for o in out["networkoffering"]}
    iso = by["DefaultIsolatedNetworkOfferingWithSourceNatService"]
    assert iso["availability"] == "Required" and iso["state"] == "Enabled" and iso["isdefault"] is True
    vr_services = ("Dhcp", "Dns", "UserData", "Firewall", "Lb", "SourceNat", "StaticNat", "PortForwarding", "Vpn")
    assert _services(iso) == {s: ["VirtualRouter"] for s in vr_services}
    assert iso["networkrate"] == 200 and iso["egressdefaultpolicy"] is False
    sg = by["DefaultSharedNetworkOfferingWithSGService"]
    assert sg["specifyvlan"] is True and sg["specifyipranges"] is True
    assert _services(sg)["SecurityGroup"] == ["SecurityGroupProvider"]
    assert _services(by["DefaultIsolatedNetworkOfferingForVpcNetworksWithInternalLB"])["Lb"] == ["InternalLbVm"]
    assert by["DefaultIsolatedNetworkOfferingForVpcNetworks"]["forvpc"] is True
    assert _services(by["DefaultL2NetworkOfferingConfigDrive"]) == {"UserData": ["ConfigDrive"]}
    router = cs.ok("listServiceOfferings", issystem="true", systemvmtype="domainrouter")["serviceoffering"]
    assert iso["serviceofferingid"] in {o["id"] for o in router}


def test_default_service_disk_and_vpc_offerings(cs):
    so = {o["name"]: o for o in cs.ok("listServiceOfferings")["serviceoffering"]}
    assert set(so) == {"Small Instance", "Medium Instance"}
    assert (so["Small Instance"]["cpunumber"], so["Small Instance"]["memory"], so["Small Instance"]["cpuspeed"]) == \
        (1, 512, 500)
    assert so["Medium Instance"]["memory"] == 1024 and so["Medium Instance"]["issystem"] is False
    system = cs.ok("listServiceOfferings", issystem="true")["serviceoffering"]
    types = {o["systemvmtype"] for o in system}
    assert {"domainrouter", "consoleproxy", "secondarystoragevm", "internalloadbalancervm"} <= types
    assert all(o["defaultuse"] is True for o in system) and len(system) == 10
    assert {o["storagetype"] for o in system if o["name"].endswith(" - Local Storage")} == {"local"}
    disks = {o["name"]: o for o in cs.ok("listDiskOfferings")["diskoffering"]}
    assert set(disks) == {"Small", "Medium", "Large", "Custom"}
    assert disks["Large"]["disksize"] == 100 and disks["Custom"]["iscustomized"] is True
    vpc = {o["name"]: o for o in cs.ok("listVPCOfferings")["vpcoffering"]}
    assert set(vpc) == {"Default VPC offering", "Default VPC  offering with Netscaler", "Redundant VPC offering"}
    assert _services(vpc["Default VPC offering"])["Lb"] == ["InternalLbVm", "VpcVirtualRouter"]
    assert vpc["Default VPC offering"]["state"] == "Enabled" and vpc["Default VPC offering"]["isdefault"] is True


# -- service offerings -------------------------------------------------------------------------
def test_create_fixed_service_offering(cs):
    so = cs.ok("createServiceOffering", name="c2", displaytext="2 vCPU", cpunumber=2, cpuspeed=2000, memory=4096,
               hosttags=" fast , ssd", tags="gold,  silver", offerha="true", limitcpuuse="true",
               provisioningtype="fat")["serviceoffering"]
    assert (so["cpunumber"], so["cpuspeed"], so["memory"]) == (2, 2000, 4096)
    assert so["hosttags"] == "fast,ssd" and so["storagetags"] == "gold,silver"
    assert so["offerha"] is True and so["limitcpuuse"] is True and so["iscustomized"] is False
    assert so["provisioningtype"] == "fat" and so["storagetype"] == "shared" and so["cacheMode"] == "none"
    # no unique name: a second offering with the same name is accepted
    again = cs.ok("createServiceOffering", name="C2", displaytext="x", cpunumber=1, cpuspeed=500, memory=512)
    assert again["serviceoffering"]["id"] != so["id"]
    found = cs.ok("listServiceOfferings", name="c2")["serviceoffering"]
    assert {o["name"] for o in found} == {"c2", "C2"}   # name= ignores case (MySQL collation)
    assert {o["name"] for o in cs.ok("listServiceOfferings", keyword="vcpu")["serviceoffering"]} == {"c2"}


def test_custom_service_offering_and_rules(cs):
    so = cs.ok("createServiceOffering", name="flex", displaytext="flex", customized="true", mincpunumber=1,
               maxcpunumber=8, minmemory=512, maxmemory=8192, cpuspeed=1000)["serviceoffering"]
    assert so["iscustomized"] is True and "cpunumber" not in so and "memory" not in so
    assert so["serviceofferingdetails"] == {"mincpunumber": "1", "maxcpunumber": "8", "minmemory": "512",
                                            "maxmemory": "8192"}
    assert [o["name"] for o in cs.ok("listServiceOfferings", cpunumber=4)["serviceoffering"]].count("flex") == 1
    assert _err(cs, "createServiceOffering", name="x", displaytext="x", cpunumber=1, memory=512)[1] == \
        "Failed to create service offering x: specify the cpu speed value between 0 and 2147483647"
    assert "should all be null or all specified" in _err(cs, "createServiceOffering", name="x", displaytext="x",
                                                         customized="true", mincpunumber=1)[1]
    assert _err(cs, "createServiceOffering", name="x", displaytext="x", cpunumber=1, cpuspeed=1, memory=16)[1] == \
        "Failed to create service offering x: specify the memory value between 32 and 2147483647 MB"
    assert _err(cs, "createServiceOffering", name="x", displaytext="x", cpunumber=1, cpuspeed=1, memory=512,
                storagetype="local", offerha="true")[1] == "HA offering with local storage is not supported. "
    assert _err(cs, "createServiceOffering", name="x", displaytext="x", cpunumber=1, cpuspeed=1, memory=512,
                cachemode="fast")[1].startswith("Invalid cache mode (fast)")
    status, text = _err(cs, "createServiceOffering", name="x", displaytext="x", cpunumber=1, cpuspeed=1, memory=512,
                        provisioningtype="THIN")
    assert status == 530   # ProvisioningType.getProvisioningType is case-sensitive


def test_system_offerings(cs):
    so = cs.ok("createServiceOffering", name="cpvm-big", displaytext="cpvm", issystem="true",
               systemvmtype="consoleproxy", cpunumber=2, cpuspeed=1000, memory=2048)["serviceoffering"]
    assert so["issystem"] is True and so["systemvmtype"] == "consoleproxy" and so["defaultuse"] is False
    assert so["iscustomizediops"] is False and so["miniops"] == 0 and so["maxiops"] == 0
    assert "cpvm-big" not in {o["name"] for o in cs.ok("listServiceOfferings")["serviceoffering"]}
    listed = cs.ok("listServiceOfferings", issystem="true", systemvmtype="CONSOLEPROXY")["serviceoffering"]
    assert "cpvm-big" in {o["name"] for o in listed}
    assert _err(cs, "createServiceOffering", name="x", displaytext="x", issystem="true", systemvmtype="router",
                cpunumber=1, cpuspeed=1, memory=512)[1].startswith("Invalid systemVmType")
    assert _err(cs, "createServiceOffering", name="x", displaytext="x", issystem="true", systemvmtype="consoleproxy",
                cpunumber=1, cpuspeed=1, memory=512, networkrate=10)[1].startswith("Network rate can be specified only")
    assert _err(cs, "createServiceOffering", name="x", displaytext="x", issystem="true", cpunumber=1, cpuspeed=1,
                memory=512, customizediops="true")[1] == "Customized IOPS is not a valid parameter for a system VM."
    router = next(o for o in cs.ok("listServiceOfferings", issystem="true")["serviceoffering"]
                  if o["systemvmtype"] == "domainrouter")
    assert _err(cs, "deleteServiceOffering", id=router["id"])[1] == "Default service offerings cannot be deleted"


def test_update_and_delete_service_offering(cs):
    zone = cs.control("/seed", {"zones": [{"name": "z1", "allocationstate": "Enabled"}]})[1]["zones"][0]
    so = cs.ok("createServiceOffering", name="u", displaytext="u", cpunumber=1, cpuspeed=500, memory=512,
               hosttags="a", tags="t1")["serviceoffering"]
    up = cs.ok("updateServiceOffering", id=so["id"], name="u2", hosttags="b,c", storagetags="t2",
               zoneid=zone["id"])["serviceoffering"]
    assert up["name"] == "u2" and up["hosttags"] == "b,c" and up["storagetags"] == "t2" and up["zone"] == "z1"
    assert up["cpunumber"] == 1   # compute values cannot change
    cleared = cs.ok("updateServiceOffering", id=so["id"], hosttags=" ", zoneid="all")["serviceoffering"]
    assert "hosttags" not in cleared and "zoneid" not in cleared and cleared["storagetags"] == "t2"
    assert _err(cs, "updateServiceOffering", id=so["id"], zoneid="nope")[1] == \
        "Failed to create service offering because invalid zone has been specified."
    assert cs.ok("deleteServiceOffering", id=so["id"]) == {"success": True}
    assert not cs.ok("listServiceOfferings", id=so["id"])


# -- disk offerings ----------------------------------------------------------------------------
def test_disk_offerings(cs):
    assert _err(cs, "createDiskOffering", name="d", displaytext="d")[1] == \
        "Disksize is required for a non-customized disk offering"
    assert _err(cs, "createDiskOffering", name="d", displaytext="d", customized="true", disksize=5)[1] == \
        "Disksize is not allowed for a customized disk offering"
    assert _err(cs, "createDiskOffering", name="d", displaytext="d", disksize=5000)[1] == \
        "The maximum size for a disk is 2000 GB."
    assert _err(cs, "createDiskOffering", name="d", displaytext="d", disksize=5, bytesreadrate=10,
                bytesreadratemax=5)[1] == "Bytes Read rate (10) cannot be greater than Bytes Read maximum rate (5)"
    assert _err(cs, "createDiskOffering", name="d", displaytext="d", disksize=5, customizediops="false", miniops=50,
                maxiops=10)[1] == "The min IOPS must be less than or equal to the max IOPS."
    d = cs.ok("createDiskOffering", name="gold", displaytext="Gold 50", disksize=50, tags="ssd", iopsreadrate=500,
              provisioningtype="sparse", storagetype="local")["diskoffering"]
    assert d["disksize"] == 50 and d["tags"] == "ssd" and d["diskIopsReadRate"] == 500 and d["storagetype"] == "local"
    assert d["iscustomized"] is False and d["provisioningtype"] == "sparse"
    up = cs.ok("updateDiskOffering", id=d["id"], tags="", displaytext="Gold", iopsreadrate=0,
               byteswriterate=1000)["diskoffering"]
    assert "tags" not in up and up["displaytext"] == "Gold" and up["diskIopsReadRate"] == 500
    assert up["diskBytesWriteRate"] == 1000 and up["disksize"] == 50
    # compute-only disk offerings of service offerings are not listed
    listed = {o["name"] for o in cs.ok("listDiskOfferings")["diskoffering"]}
    assert listed == {"Small", "Medium", "Large", "Custom", "gold"}
    assert cs.ok("deleteDiskOffering", id=d["id"])["success"] is True
    assert not cs.ok("listDiskOfferings", name="GOLD")


def test_offering_domain_and_zone_scope(cs):
    zone = cs.control("/seed", {"zones": [{"name": "z1"}]})[1]["zones"][0]
    root = cs.ok("listDomains")["domain"][0]
    d = cs.ok("createDiskOffering", name="scoped", displaytext="s", disksize=1, zoneid=zone["id"],
              domainid=root["id"])["diskoffering"]
    assert d["zoneid"] == zone["id"] and d["zone"] == "z1" and d["domainid"] == root["id"] and d["domain"] == "/"
    other = cs.control("/seed", {"zones": [{"name": "z2"}]})[1]["zones"][0]
    assert "scoped" not in {o["name"] for o in cs.ok("listDiskOfferings", zoneid=other["id"])["diskoffering"]}
    assert "Small" in {o["name"] for o in cs.ok("listDiskOfferings", zoneid=other["id"])["diskoffering"]}
    status, text = _err(cs, "createDiskOffering", name="x", displaytext="x", disksize=1,
                        zoneid="00000000-0000-0000-0000-000000000000")
    assert status == 431 and "Invalid parameter zoneid value=00000000-0000-0000-0000-000000000000" in text


# -- network offerings -------------------------------------------------------------------------
def test_create_network_offering(cs):
    off = _net(cs, "iso-1", supportedservices="Dhcp,Dns,SourceNat,StaticNat,PortForwarding,Lb,UserData,Firewall",
               **_spl([("Dhcp", "VirtualRouter"), ("Dns", "VirtualRouter"), ("SourceNat", "VirtualRouter"),
                       ("StaticNat", "VirtualRouter"), ("PortForwarding", "VirtualRouter"), ("Lb", "VirtualRouter"),
                       ("UserData", "VirtualRouter"), ("Firewall", "VirtualRouter")]),
               **{"servicecapabilitylist[0].service": "SourceNat",
                  "servicecapabilitylist[0].capabilitytype": "RedundantRouter",
                  "servicecapabilitylist[0].capabilityvalue": "true"})
    assert off["state"] == "Disabled" and off["egressdefaultpolicy"] is True and off["conservemode"] is True
    assert _services(off)["SourceNat"] == ["VirtualRouter"] and "Gateway" not in _services(off)
    snat = next(s for s in off["service"] if s["name"] == "SourceNat")
    assert {c["name"]: c["value"] for c in snat["capability"]} == {"SupportedSourceNatTypes": "peraccount",
                                                                   "RedundantRouter": "true"}
    enabled = _net(cs, "iso-2", supportedservices="Dhcp", enable="true", specifyvlan="true", ispersistent="true",
                   egressdefaultpolicy="false", tags="guest-a")
    assert enabled["state"] == "Enabled" and enabled["specifyvlan"] is True and enabled["ispersistent"] is True
    assert enabled["egressdefaultpolicy"] is False and enabled["tags"] == "guest-a"
    assert _services(enabled) == {"Dhcp": []}   # a service without a provider keeps a null provider
    shared = _net(cs, "shared-1", guestiptype="shared", specifyipranges="true", specifyvlan="true",
                  supportedservices="Dhcp,Dns,UserData",
                  **_spl([("Dhcp", "VirtualRouter"), ("Dns", "VirtualRouter"), ("UserData", "VirtualRouter")]))
    assert shared["guestiptype"] == "Shared"
    listed = cs.ok("listNetworkOfferings", guestiptype="SHARED", state="Disabled")["networkoffering"]
    assert [o["name"] for o in listed] == ["shared-1"]


@pytest.mark.parametrize("params, words", [
    (dict(guestiptype="Routed"), 'Invalid "type" parameter is given; can have Shared and Isolated values'),
    (dict(traffictype="Public"), "Only traffic type Guest is supported in the current release"),
    (dict(supportedservices="Dhcp,Teleport"), "Invalid service Teleport"),
    (dict(supportedservices="Gateway"), "Invalid service Gateway"),
    (dict(supportedservices="SecurityGroup"),
     "Security group service is supported for network offerings with guest ip type Shared"),
    (dict(supportedservices="Dhcp", **_spl([("Dns", "VirtualRouter")])),
     "Service Dns is not enabled for the network offering, can't add a provider to it"),
    (dict(supportedservices="Dhcp", **_spl([("Dhcp", "Magic")])), "Invalid service provider: Magic"),
    (dict(supportedservices="Dhcp", **_spl([("Dhcp", "VirtualRouter"), ("Dhcp", "ConfigDrive")])),
     "In the current release only one provider can be specified for the service if the service is not LB"),
    (dict(supportedservices="UserData", **_spl([("UserData", "VirtualRouter")])),
     "Without VR as dhcp provider, User data can't selected for VR. Please select VR as DHCP provider "),
    (dict(guestiptype="Shared"), "SpecifyIpRanges should always be true for Shared network offerings"),
    (dict(guestiptype="Shared", specifyipranges="true", ispersistent="true"),
     "isPersistent should be false if network offering's type is Shared"),
    (dict(supportedservices="SourceNat", specifyipranges="true"),
     "SpecifyIpRanges can only be true for Shared network offerings and Isolated with no SourceNat service"),
    (dict(supportedservices="SourceNat", availability="Required"),
     "System already has network offering id=10 with availability Required"),
    (dict(supportedservices="Dhcp", availability="Always"),
     "Invalid value for Availability. Supported types: Required, Optional"),
    (dict(supportedservices="Dhcp", **{"details[0].colour": "blue"}), "Unsupported detail colour"),
])
def test_create_network_offering_rules(cs, params, words):
    base = dict(name="bad", displaytext="bad", guestiptype="Isolated", traffictype="Guest")
    base.update(params)
    status, text = _err(cs, "createNetworkOffering", **base)
    assert status == 431 and text == words


def test_network_offering_unique_name_update_and_delete(cs):
    off = _net(cs, "uniq", supportedservices="Dhcp")
    status, text = _err(cs, "createNetworkOffering", name="UNIQ", displaytext="x", guestiptype="Isolated",
                        traffictype="Guest")
    assert status == 530 and text == "Entity already exists "
    up = cs.ok("updateNetworkOffering", id=off["id"], state="enabled", displaytext="Unique")["networkoffering"]
    assert up["state"] == "Enabled" and up["displaytext"] == "Unique"
    assert _err(cs, "updateNetworkOffering", id=off["id"], state="Active")[1] == "Incorrect state value: Active"
    default = cs.ok("listNetworkOfferings", name="DefaultSharedNetworkOffering")["networkoffering"][0]
    assert _err(cs, "deleteNetworkOffering", id=default["id"])[1] == "Default network offering can't be deleted"
    assert cs.ok("deleteNetworkOffering", id=off["id"])["success"] is True
    assert not cs.ok("listNetworkOfferings", name="uniq")
    again = _net(cs, "uniq", supportedservices="Dhcp")   # the removed offering released its unique name
    assert again["id"] != off["id"]


def test_network_offering_zone_filter_needs_enabled_providers(cs):
    zone = cs.ok("createZone", name="adv", networktype="Advanced", dns1="8.8.8.8", internaldns1="8.8.4.4")["zone"]
    job = cs.ok("createPhysicalNetwork", name="pn", zoneid=zone["id"])
    cs.wait_job(job["jobid"])
    pn = job["id"]
    cs.wait_job(cs.ok("addTrafficType", physicalnetworkid=pn, traffictype="Guest")["jobid"])
    names = {o["name"] for o in (cs.ok("listNetworkOfferings", zoneid=zone["id"]).get("networkoffering") or [])}
    assert "DefaultSharedNetworkOffering" not in names and "DefaultL2NetworkOffering" in names
    vr = cs.ok("listNetworkServiceProviders", physicalnetworkid=pn, name="VirtualRouter")["networkserviceprovider"][0]
    element = cs.ok("listVirtualRouterElements", nspid=vr["id"])["virtualrouterelement"][0]
    cs.wait_job(cs.ok("configureVirtualRouterElement", id=element["id"], enabled="true")["jobid"])
    cs.wait_job(cs.ok("updateNetworkServiceProvider", id=vr["id"], state="Enabled")["jobid"])
    names = {o["name"] for o in cs.ok("listNetworkOfferings", zoneid=zone["id"])["networkoffering"]}
    assert "DefaultSharedNetworkOffering" in names and "DefaultSharedNetworkOfferingWithSGService" not in names


# -- VPC offerings -----------------------------------------------------------------------------
def test_vpc_offerings(cs):
    res = cs.ok("createVPCOffering", name="vpc-a", displaytext="VPC A", supportedservices="Dhcp,Dns,Lb,UserData",
                **_spl([("Lb", "InternalLbVm")]))
    assert res["id"]
    job = cs.wait_job(res["jobid"])
    off = job["jobresult"]["vpcoffering"]
    assert off["state"] == "Disabled" and off["id"] == res["id"]
    assert _services(off) == {"Dhcp": ["VpcVirtualRouter"], "Dns": ["VpcVirtualRouter"], "Lb": ["InternalLbVm"],
                              "UserData": ["VpcVirtualRouter"], "SourceNat": ["VpcVirtualRouter"],
                              "NetworkACL": ["VpcVirtualRouter"]}
    job = cs.wait_job(cs.ok("updateVPCOffering", id=off["id"], state="Enabled")["jobid"])
    assert job["jobresult"]["vpcoffering"]["state"] == "Enabled"
    assert [o["name"] for o in cs.ok("listVPCOfferings", name="PC-")["vpcoffering"]] == ["vpc-a"]   # LIKE %name%
    assert _err(cs, "createVPCOffering", name="b", displaytext="b", supportedservices="Firewall")[1] == \
        "Service Firewall is not supported in VPC"
    status, text = _err(cs, "createVPCOffering", name="VPC-A", displaytext="b", supportedservices="Dhcp")
    assert status == 530
    default = cs.ok("listVPCOfferings", name="Default VPC offering")["vpcoffering"][0]
    job = cs.wait_job(cs.ok("deleteVPCOffering", id=default["id"])["jobid"])
    assert job["jobstatus"] == 2 and job["jobresult"]["errortext"] == "Default network offering can't be deleted"
    job = cs.wait_job(cs.ok("deleteVPCOffering", id=off["id"])["jobid"])
    assert job["jobstatus"] == 1
    assert not cs.ok("listVPCOfferings", id=off["id"])


# -- an independent client ---------------------------------------------------------------------
def test_cs_library_sees_the_offerings(cs):
    lib = pytest.importorskip("cs")
    api = lib.CloudStack(endpoint=cs.r.endpoint, key=cs.key, secret=cs.secret, timeout=10, poll_interval=0.05)
    offerings = api.listNetworkOfferings(fetch_list=True)
    assert {o["name"] for o in offerings} == NET_OFFERINGS_418
    created = api.createServiceOffering(name="via-cs", displaytext="via cs", cpunumber=1, cpuspeed=500, memory=512,
                                        storagetype="shared")["serviceoffering"]
    assert api.listServiceOfferings(id=created["id"])["serviceoffering"][0]["name"] == "via-cs"
    vpc = api.createVPCOffering(name="cs-vpc", displaytext="cs vpc", supportedservices=["Dhcp", "Dns"],
                                fetch_result=True)
    assert vpc["vpcoffering"]["name"] == "cs-vpc"
    with pytest.raises(lib.CloudStackApiException) as exc:
        api.createDiskOffering(name="nosize", displaytext="x")
    assert exc.value.error["errortext"] == "Disksize is required for a non-customized disk offering"

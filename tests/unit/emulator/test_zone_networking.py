"""Zone networking rules of the emulator (handlers/physnet.py, zones.py); sources in docs/emulator.md."""


def zone(cs, name="z", networktype="Advanced", **kw):
    return cs.ok("createZone", name=name, dns1="8.8.8.8", internaldns1="10.0.0.1", networktype=networktype, **kw)["zone"]


def pnet(cs, z, *traffic, name="pn"):
    pn = cs.ok("createPhysicalNetwork", zoneid=z["id"], name=name)["id"]
    for t in traffic:
        cs.ok("addTrafficType", physicalnetworkid=pn, traffictype=t)
    return pn


def test_default_providers_and_enable_rules(cs):
    z = zone(cs)
    pn = pnet(cs, z)
    nsps = {p["name"]: p for p in cs.ok("listNetworkServiceProviders", physicalnetworkid=pn)["networkserviceprovider"]}
    assert {"VirtualRouter", "VpcVirtualRouter", "InternalLbVm", "ConfigDrive", "SecurityGroupProvider"} <= set(nsps)
    assert nsps["VirtualRouter"]["state"] == "Disabled" and nsps["ConfigDrive"]["state"] == "Enabled"
    res = cs.wait_job(cs.ok("updateNetworkServiceProvider", id=nsps["VirtualRouter"]["id"], state="Enabled")["jobid"])
    assert res["jobstatus"] == 2 and res["jobresult"]["errortext"] == (
        "Provider is not ready, cannot Enable the provider, please configure the provider first")
    elem = cs.ok("listVirtualRouterElements", nspid=nsps["VirtualRouter"]["id"])["virtualrouterelement"][0]
    cs.wait_job(cs.ok("configureVirtualRouterElement", id=elem["id"], enabled="true")["jobid"])
    res = cs.wait_job(cs.ok("updateNetworkServiceProvider", id=nsps["VirtualRouter"]["id"], state="Enabled")["jobid"])
    assert res["jobstatus"] == 1
    status, body = cs.api("updateNetworkServiceProvider", id=nsps["VirtualRouter"]["id"], state="Shutdown")
    assert status == 431 and "'Shutdown' is not supported" in body["updatenetworkserviceproviderresponse"]["errortext"]


def test_traffic_types_answer_traffictype_objects(cs):
    z = zone(cs)
    pn = pnet(cs, z)
    cs.ok("addTrafficType", physicalnetworkid=pn, traffictype="Guest", kvmnetworklabel="cloudbr1")
    tt = cs.ok("listTrafficTypes", physicalnetworkid=pn)["traffictype"][0]
    assert tt["traffictype"] == "Guest" and tt["kvmnetworklabel"] == "cloudbr1"
    assert cs.api("addTrafficType", physicalnetworkid=pn, traffictype="guest")[0] == 431  # valueOf: exact
    assert cs.api("addTrafficType", physicalnetworkid=pn, traffictype="Guest")[0] == 530
    pnet(cs, z, "Management", name="pn2")
    status, body = cs.api("addTrafficType", physicalnetworkid=pn, traffictype="Management")
    assert status == 530 and "Zone already has a physical network with this traffic type" in \
        body["addtraffictyperesponse"]["errortext"]


def test_zone_enable_needs_management_and_public(cs):
    z = zone(cs)
    status, body = cs.api("updateZone", id=z["id"], allocationstate="Enabled")
    assert status == 431 and body["updatezoneresponse"]["errortext"] == (
        "Cannot enable this Zone since: Unable to find the default physical network with traffic=Management in the "
        "specified zone id")
    pn = pnet(cs, z, "Management", "Guest")
    status, body = cs.api("updateZone", id=z["id"], allocationstate="Enabled")
    assert "traffic=Public" in body["updatezoneresponse"]["errortext"]
    cs.ok("addTrafficType", physicalnetworkid=pn, traffictype="Public")
    assert cs.ok("updateZone", id=z["id"], allocationstate="Enabled")["zone"]["allocationstate"] == "Enabled"
    types = {t["traffictype"] for t in cs.ok("listTrafficTypes", physicalnetworkid=pn)["traffictype"]}
    assert "Storage" in types  # added from the Management traffic type
    status, dummy = cs.api("createPhysicalNetwork", zoneid=z["id"], name="late")
    assert status == 531


def test_vlan_ranges_overlap_and_basic_guest_network(cs):
    z = zone(cs)
    pnet(cs, z, "Management", "Public", "Guest")
    cs.ok("createPod", name="p", zoneid=z["id"], startip="10.1.0.10", endip="10.1.0.20", gateway="10.1.0.1",
          netmask="255.255.255.0")
    ok = dict(zoneid=z["id"], gateway="10.2.0.1", netmask="255.255.255.0", forvirtualnetwork="true")
    cs.ok("createVlanIpRange", startip="10.2.0.10", endip="10.2.0.20", **ok)
    status, body = cs.api("createVlanIpRange", startip="10.2.0.15", endip="10.2.0.30", **ok)
    assert status == 431 and body["createvlaniprangeresponse"]["errortext"].startswith(
        "The IP range already has IPs that overlap with the new range.")
    status, body = cs.api("createVlanIpRange", startip="10.1.0.15", endip="10.1.0.30", zoneid=z["id"],
                          gateway="10.1.0.1", netmask="255.255.255.0", forvirtualnetwork="true")
    assert body["createvlaniprangeresponse"]["errortext"] == \
        "The Start IP and EndIP address range overlap with private IP :10.1.0.10:10.1.0.20"
    b = zone(cs, "b", "Basic")
    pnet(cs, b, "Management", "Guest", name="bpn")
    pod = cs.ok("createPod", name="bp", zoneid=b["id"], startip="10.5.0.10", gateway="10.5.0.1",
                netmask="255.255.255.0")["pod"]
    guest = dict(zoneid=b["id"], podid=pod["id"], gateway="10.6.0.1", netmask="255.255.255.0", startip="10.6.0.10",
                 endip="10.6.0.50", forvirtualnetwork="false")
    status, body = cs.api("createVlanIpRange", **guest)
    assert status == 431 and "Unable to find network with trafficType Guest and guestType Shared" in \
        body["createvlaniprangeresponse"]["errortext"]
    off = cs.ok("listNetworkOfferings", name="DefaultSharedNetworkOfferingWithSGService")["networkoffering"][0]
    bpn = cs.ok("listPhysicalNetworks", zoneid=b["id"])["physicalnetwork"][0]["id"]
    status, body = cs.api("createNetwork", zoneid=b["id"], name="guest", displaytext="guest", networkofferingid=off["id"])
    assert status == 431 and body["createnetworkresponse"]["errortext"] == \
        "Specified physical network id is in incorrect state:Disabled"  # NetworkOrchestrator.createGuestNetwork
    cs.wait_job(cs.ok("updatePhysicalNetwork", id=bpn, state="Enabled")["jobid"])  # Marvin enables it first
    cs.ok("createNetwork", zoneid=b["id"], name="guest", displaytext="guest", networkofferingid=off["id"])
    assert cs.ok("createVlanIpRange", **guest)["vlan"]["podid"] == pod["id"]

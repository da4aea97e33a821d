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


def test_update_physical_network_checks_run_in_the_job(cs):
    """updatePhysicalNetwork is async: NetworkServiceImpl.updatePhysicalNetwork's errors are job failures."""
    pn = pnet(cs, zone(cs))

    def update(**params):
        return cs.wait_job(cs.ok("updatePhysicalNetwork", id=pn, **params)["jobid"])

    for params, code, text in [
            ({"state": "Bogus"}, 431, "Unable to resolve state 'Bogus' to a supported value {Enabled or Disabled}"),
            ({"vlan": "abc"}, 431, "Please provide valid vnet range. vnet range should be a comma separated list of vlan "
                                   "ranges. example 500-500,600-601 between 0 and 4095"),
            ({"vlan": "5-x"}, 431, "Please provide valid vnet range. The vnet range should be a comma separated list "
                                   "example 2001-2012,3000-3005. between 0 and 4095"),
            ({"vlan": "200-100"}, 431, "Vnet range has to be between 0 and 4095 and start range should be lesser than or "
                                       "equal to stop range"),
            ({"vlan": "100-5000"}, 431, "Vnet range has to be between 0 and 4095"),
            ({"tags": "a,b"}, 530, "Unable to support more than one tag on network yet")]:
        job = update(**params)
        assert job["jobstatus"] == 2 and job["jobresultcode"] == 530, params
        assert job["jobresult"]["errorcode"] == code and job["jobresult"]["errortext"] == text
    job = update(vlan="120-130,100-119,300-300", state="Enabled")
    assert job["jobstatus"] == 1
    assert job["jobresult"]["physicalnetwork"]["vlan"] == "100-130,300-300"
    assert job["jobresult"]["physicalnetwork"]["state"] == "Enabled"
    assert update(vlan="")["jobresult"]["physicalnetwork"].get("vlan") is None


def test_create_physical_network_vnets(cs):
    """createPhysicalNetwork (4.18 texts): vnet ranges validated and normalised in create(); none in a Basic
    or Advanced-SG zone."""
    z = zone(cs)
    out = cs.ok("createPhysicalNetwork", zoneid=z["id"], name="pn", vlan="150-199,100-149")
    assert cs.wait_job(out["jobid"])["jobresult"]["physicalnetwork"]["vlan"] == "100-199"
    status, body = cs.api("createPhysicalNetwork", zoneid=z["id"], name="pn2", vlan="5000-5001")
    assert status == 431 and body["createphysicalnetworkresponse"]["errortext"] == "Vnet range has to be between 0 and 4095"
    assert [p["name"] for p in cs.ok("listPhysicalNetworks", zoneid=z["id"])["physicalnetwork"]] == ["pn"]
    b = zone(cs, name="b", networktype="Basic")
    status, body = cs.api("createPhysicalNetwork", zoneid=b["id"], name="bpn", vlan="100-199")
    assert status == 431 and body["createphysicalnetworkresponse"]["errortext"] == (
        "Can't add vnet range to the physical network in the zone that supports Basic network, Security Group enabled: true")

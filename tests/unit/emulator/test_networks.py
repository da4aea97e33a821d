"""Guest networks (docs/emulator-guest.md): createNetwork owner/ACL rules and validation, listNetworks
visibility, updateNetwork, restartNetwork, deleteNetwork, and a session through the independent `cs` library."""
from __future__ import annotations

import pytest

import guestzone as g

SHARED = "DefaultSharedNetworkOffering"
ISOLATED = "DefaultIsolatedNetworkOfferingWithSourceNatService"


def _shared(cs, ids, name="shared1", vlan="300", **extra):
    params = dict(zoneid=ids["zone"], name=name, displaytext=name, networkofferingid=g.offering(cs, SHARED), vlan=vlan,
                  gateway="10.10.0.1", netmask="255.255.255.0", startip="10.10.0.10", endip="10.10.0.99")
    params.update(extra)
    return cs.ok("createNetwork", **params)["network"]


def test_default_offerings_exist_with_services(cs):
    names = {o["name"]: o for o in cs.ok("listNetworkOfferings")["networkoffering"]}
    assert {SHARED, ISOLATED, "DefaultSharedNetworkOfferingWithSGService", "DefaultIsolatedNetworkOffering",
            "QuickCloudNoServices", "DefaultL2NetworkOffering"} <= set(names)
    assert names[ISOLATED]["availability"] == "Required" and names[SHARED]["specifyvlan"] is True


def test_shared_network_by_admin_is_domain_owned_by_system(cs):
    ids = g.zone(cs)
    net = _shared(cs, ids)
    root = cs.ok("listDomains", name="ROOT")["domain"][0]
    assert net["acltype"] == "Domain" and "account" not in net
    assert net["domainid"] == root["id"] and net["domain"] == "ROOT" and net["subdomainaccess"] is True
    assert net["state"] == "Setup" and net["vlan"] == "300" and net["broadcasturi"] == "vlan://300"
    assert net["type"] == "Shared" and net["networkdomain"] == "cs1cloud.internal"   # owner: system account (id 1)
    assert net["cidr"] == "10.10.0.0/24" and net["canusefordeploy"] is True
    assert {s["name"] for s in net["service"]} == {"Dhcp", "Dns", "UserData"}
    rng = cs.ok("listVlanIpRanges", networkid=net["id"])["vlaniprange"][0]
    assert (rng["startip"], rng["endip"], rng["forvirtualnetwork"]) == ("10.10.0.10", "10.10.0.99", False)


def test_shared_network_scoped_to_domain_and_account(cs):
    ids = g.zone(cs)
    dom, acct = g.tenant(cs)
    net = _shared(cs, ids, name="dom-net", vlan="301", domainid=dom["id"], subdomainaccess="false",
                  gateway="10.11.0.1", startip="10.11.0.10", endip="10.11.0.20")
    assert net["acltype"] == "Domain" and net["domainid"] == dom["id"] and net["subdomainaccess"] is False
    acc = _shared(cs, ids, name="acct-net", vlan="302", domainid=dom["id"], account=acct["name"], acltype="Account",
                  gateway="10.12.0.1", startip="10.12.0.10", endip="10.12.0.20")
    assert acc["acltype"] == "Account" and acc["account"] == acct["name"] and acc["domainid"] == dom["id"]
    # account + domainid without acltype: a root admin's shared network is still Domain/system owned
    dnet = _shared(cs, ids, name="still-domain", vlan="303", domainid=dom["id"], account=acct["name"],
                   gateway="10.13.0.1", startip="10.13.0.10", endip="10.13.0.20")
    assert dnet["acltype"] == "Domain" and "account" not in dnet and dnet["domainid"] == dom["id"]


def test_list_networks_visibility_for_root_admin(cs):
    ids = g.zone(cs)
    dom, acct = g.tenant(cs)
    _shared(cs, ids, name="zone-wide")
    _shared(cs, ids, name="sub-domain", vlan="301", domainid=dom["id"], gateway="10.11.0.1", startip="10.11.0.10",
            endip="10.11.0.20")
    _shared(cs, ids, name="tenant-acct", vlan="302", domainid=dom["id"], account=acct["name"], acltype="Account",
            gateway="10.12.0.1", startip="10.12.0.10", endip="10.12.0.20")
    iso = cs.ok("createNetwork", zoneid=ids["zone"], name="admin-iso", displaytext="x",
                networkofferingid=g.offering(cs, ISOLATED))["network"]
    assert iso["acltype"] == "Account" and iso["account"] == "admin" and iso["state"] == "Allocated"
    # without listall: account networks of ROOT's accounts + networks mapped to ROOT (the system-owned shared one)
    names = [n["name"] for n in cs.ok("listNetworks")["network"]]
    assert sorted(names) == ["admin-iso", "zone-wide"]
    names = {n["name"] for n in cs.ok("listNetworks", listall="true")["network"]}
    assert names == {"admin-iso", "zone-wide", "sub-domain", "tenant-acct"}
    names = {n["name"] for n in cs.ok("listNetworks", domainid=dom["id"])["network"]}
    assert names == {"sub-domain", "tenant-acct"}
    names = {n["name"] for n in cs.ok("listNetworks", domainid=dom["id"], account=acct["name"])["network"]}
    assert names == {"tenant-acct", "sub-domain", "zone-wide"}   # + domain-level networks of the domain and parents
    assert cs.ok("listNetworks", listall="true", type="shared")["count"] == 3
    assert cs.ok("listNetworks", listall="true", type="ISOLATED")["count"] == 1
    assert cs.ok("listNetworks", listall="true", keyword="ZONE")["network"][0]["name"] == "zone-wide"
    assert cs.ok("listNetworks", listall="true", traffictype="guest")["count"] == 4
    assert cs.ok("listNetworks", listall="true", acltype="Domain")["count"] == 2
    status, text = g.err(cs, "listNetworks", networkfilter="bogus")
    assert status == 431 and text == "Invalid value of networkfilter: bogus"
    status, text = g.err(cs, "listNetworks", domainid=dom["id"], account="nobody")
    assert text == "Unable to find account nobody in specified domain"


def test_create_network_validation(cs):
    ids = g.zone(cs)
    shared = g.offering(cs, SHARED)
    base = dict(zoneid=ids["zone"], name="n", displaytext="n", networkofferingid=shared)
    cases = [
        (dict(base, gateway="10.0.0.1", netmask="255.255.255.0", startip="10.0.0.5"),
         "Vlan has to be specified; corresponding offering says specifyVlan=true"),
        (dict(base, vlan="400"), "Gateway/netmask are required when creating Shared networks."),
        (dict(base, vlan="150", gateway="10.0.0.1", netmask="255.255.255.0", startip="10.0.0.5"),
         "The VLAN tag to use for new guest network, 150 is already being used for dynamic vlan allocation for the "
         "guest network in zone z1"),
        (dict(base, vlan="400", gateway="10.0.0.0", netmask="255.255.255.0", startip="10.0.0.5"),
         "Invalid gateway IP provided. Either the IP is broadcast or network IP."),
        (dict(base, vlan="400", gateway="10.0.0.1", netmask="255.255.0.255", startip="10.0.0.5"), "Invalid netmask"),
        (dict(base, vlan="400", startip="10.0.0.5"), None),
        (dict(base, vlan="400", gateway="10.0.0.1", netmask="255.255.255.0", startip="nope"),
         "Invalid format for the startIp parameter"),
        (dict(base, vlan="400", acltype="Project", gateway="10.0.0.1", netmask="255.255.255.0"),
         "Incorrect aclType specified. Check the API documentation for supported types"),
        (dict(base, networkofferingid=g.offering(cs, ISOLATED), vlan="400"),
         "Can't specify vlan; corresponding offering says specifyVlan=false"),
        (dict(base, networkofferingid=g.offering(cs, ISOLATED), acltype="Domain"),
         "AclType should be Account for network of type Isolated"),
        (dict(base, networkofferingid=g.offering(cs, ISOLATED), physicalnetworkid=ids["pn"]),
         "Physical network ID can be specified for networks of guest IP type Shared only."),
        (dict(base, networkofferingid=g.offering(cs, ISOLATED), gateway="8.8.8.1", netmask="255.255.255.0"),
         "Virtual Guest Cidr 8.8.8.0/24 is not RFC 1918 or 6598 compliant"),
        (dict(base, vlan="400", gateway="10.0.0.1", netmask="255.255.255.0", subdomainaccess="true", acltype="Account"),
         "Parameter subDomainAccess can be specified only with aclType=Domain"),
        (dict(base, vlan="400", gateway="10.0.0.1", netmask="255.255.255.0", ip6gateway="fd00::1", ip6cidr="fd00::/64",
              startipv6="fd00::10"),
         "Can only create IPv6 network if the zone has IPv6 DNS! Please configure the zone IPv6 DNS1 and/or IPv6 DNS2."),
    ]
    for params, text in cases:
        status, body = cs.api("createNetwork", **params)
        if text is None:
            assert status == 431, body
            continue
        assert status == 431 and body["createnetworkresponse"]["errortext"] == text, (params, body)
    assert cs.ok("listNetworks", listall="true") == {}
    _shared(cs, ids, vlan="400", gateway="10.0.0.1", startip="10.0.0.5", endip="10.0.0.9")
    again = dict(base)
    again.update(name="again", vlan="400", gateway="10.20.0.1", netmask="255.255.255.0", startip="10.20.0.5")
    status, text = g.err(cs, "createNetwork", **again)
    assert text == f"Network with vlan 400 already exists or overlaps with other network vlans in zone " \
                   f"{_zone_long(cs, ids['zone'])}"
    net2 = _shared(cs, ids, name="bypass", vlan="400", bypassvlanoverlapcheck="true", gateway="10.20.0.1",
                   startip="10.20.0.5", endip="10.20.0.9")
    assert net2["vlan"] == "400"


def _zone_long(cs, zone_id):
    """The zone's internal id: 4.18 puts the numeric id in this message."""
    return cs.r.emu.store.get("zones", zone_id)["_id"]


def test_ipv6_shared_network(cs):
    ids = g.zone(cs)
    cs.ok("updateZone", id=ids["zone"], ip6dns1="2001:4860:4860::8888")
    net = _shared(cs, ids, vlan="410", gateway="10.40.0.1", startip="10.40.0.5", endip="10.40.0.9",
                  ip6gateway="fd00:40::1", ip6cidr="fd00:40::/64", startipv6="fd00:40::10", endipv6="fd00:40::ff")
    assert net["ip6cidr"] == "fd00:40::/64" and net["ip6gateway"] == "fd00:40::1"
    rng = cs.ok("listVlanIpRanges", networkid=net["id"])["vlaniprange"][0]
    assert rng["startipv6"] == "fd00:40::10"


def test_physical_network_disabled_and_offering_disabled(cs):
    ids = g.zone(cs, enable_pn=False)
    status, text = g.err(cs, "createNetwork", zoneid=ids["zone"], name="x", displaytext="x", vlan="300",
                         networkofferingid=g.offering(cs, SHARED), gateway="10.0.0.1", netmask="255.255.255.0")
    assert text == "Specified physical network id is in incorrect state:Disabled"


def test_update_network(cs):
    ids = g.zone(cs)
    net = _shared(cs, ids)
    res = g.job_ok(cs, "updateNetwork", id=net["id"], name="renamed", displaytext="Renamed")
    assert res["network"]["name"] == "renamed" and res["network"]["displaytext"] == "Renamed"
    err = g.job_err(cs, "updateNetwork", id=net["id"], networkdomain="corp.example")
    assert err["errortext"] == "NetworkOffering and domain suffix upgrade can be perfomed for Isolated networks only"
    iso = cs.ok("createNetwork", zoneid=ids["zone"], name="iso", displaytext="iso",
                networkofferingid=g.offering(cs, ISOLATED))["network"]
    res = g.job_ok(cs, "updateNetwork", id=iso["id"], networkdomain="corp.example")
    assert res["network"]["networkdomain"] == "corp.example"
    err = g.job_err(cs, "updateNetwork", id=iso["id"], networkofferingid=g.offering(cs, SHARED))
    assert err["errortext"].startswith("Can't upgrade from network offering")


def test_restart_and_delete(cs):
    ids = g.zone(cs)
    net = _shared(cs, ids)
    assert cs.ok("listRouters", listall="true") == {}
    assert g.job_ok(cs, "restartNetwork", id=net["id"])["success"] is True  # implements: a router appears
    r1 = cs.ok("listRouters", networkid=net["id"], listall="true")["router"]
    assert len(r1) == 1 and r1[0]["state"] == "Running" and r1[0]["account"] == "system"
    assert r1[0]["guestipaddress"] == "10.10.0.10"
    assert g.job_ok(cs, "restartNetwork", id=net["id"])["success"] is True  # no cleanup: same router
    assert cs.ok("listRouters", networkid=net["id"], listall="true")["router"][0]["id"] == r1[0]["id"]
    assert g.job_ok(cs, "restartNetwork", id=net["id"], cleanup="true")["success"] is True
    r2 = cs.ok("listRouters", networkid=net["id"], listall="true")["router"]
    assert len(r2) == 1 and r2[0]["id"] != r1[0]["id"] and r2[0]["name"] != r1[0]["name"]
    iso = cs.ok("createNetwork", zoneid=ids["zone"], name="iso", displaytext="iso",
                networkofferingid=g.offering(cs, ISOLATED))["network"]
    err = g.job_err(cs, "restartNetwork", id=iso["id"])
    assert err["errortext"] == "Network is not in the right state to be restarted. Correct states are: Implemented, Setup"
    assert g.job_ok(cs, "deleteNetwork", id=net["id"])["success"] is True
    assert cs.ok("listRouters", listall="true") == {}
    assert cs.ok("listVlanIpRanges", zoneid=ids["zone"], forvirtualnetwork="false") == {}
    assert [n["name"] for n in cs.ok("listNetworks", listall="true")["network"]] == ["iso"]


def test_cs_library_session_shared_network(running):
    """The independent `cs` client: create a shared network, restart it with cleanup, delete it."""
    cs_mod = pytest.importorskip("cs")
    from conftest import Client
    running.emu.reset(job_delay=0.05, strict=True)
    ids = g.zone(Client(running))
    api = cs_mod.CloudStack(endpoint=running.endpoint, key=running.api_key, secret=running.secret_key,
                            fetch_result=True, poll_interval=0.05, job_timeout=10)
    off = api.listNetworkOfferings(name=SHARED)["networkoffering"][0]
    net = api.createNetwork(zoneid=ids["zone"], name="cs-shared", displaytext="cs", networkofferingid=off["id"],
                            vlan="320", gateway="10.32.0.1", netmask="255.255.255.0", startip="10.32.0.10",
                            endip="10.32.0.50")["network"]
    assert net["acltype"] == "Domain" and net["state"] == "Setup"
    listed = api.listNetworks(id=net["id"])["network"]
    assert listed[0]["name"] == "cs-shared"
    first = api.restartNetwork(id=net["id"], cleanup=True)
    assert first["success"] is True
    r1 = api.listRouters(networkid=net["id"], listall=True)["router"][0]["id"]
    api.restartNetwork(id=net["id"], cleanup=True)
    r2 = api.listRouters(networkid=net["id"], listall=True)["router"][0]["id"]
    assert r1 != r2
    assert api.deleteNetwork(id=net["id"])["success"] is True
    assert api.listNetworks(listall=True) == {}
    with pytest.raises(cs_mod.CloudStackApiException) as exc:
        api.createNetwork(zoneid=ids["zone"], name="bad", displaytext="b", networkofferingid=off["id"])
    assert exc.value.error["errortext"] == "Vlan has to be specified; corresponding offering says specifyVlan=true"

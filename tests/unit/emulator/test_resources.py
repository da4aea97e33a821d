from __future__ import annotations


def zone(cs, name="z", **kw):
    p = dict(name=name, dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")
    p.update(kw)
    return cs.ok("createZone", **p)["zone"]


def pod(cs, z, name="p", **kw):
    p = dict(name=name, zoneid=z["id"], startip="10.1.0.10", gateway="10.1.0.1", netmask="255.255.255.0")
    p.update(kw)
    return cs.ok("createPod", **p)["pod"]


def test_zone_rules(cs):
    z = zone(cs)
    assert z["allocationstate"] == "Disabled" and z["dhcpprovider"] == "VirtualRouter"
    status, body = cs.api("createZone", name="z", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")
    assert status == 431
    assert body["createzoneresponse"]["errortext"] == "A zone with that name already exists. Please specify a unique zone name."
    assert body["createzoneresponse"]["cserrorcode"] == 4350
    b = zone(cs, "b", networktype="basic")
    assert b["networktype"] == "Basic" and b["securitygroupsenabled"] is True
    assert cs.api("createZone", name="c", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Basic",
                  guestcidraddress="10.0.0.0/24")[0] == 431
    assert cs.api("updateZone", id=z["id"], allocationstate="enabled")[0] == 431
    pn = cs.ok("createPhysicalNetwork", zoneid=z["id"], name="pn")["id"]  # enabling needs Management + Public
    for traffic in ("Management", "Public"):
        cs.ok("addTrafficType", physicalnetworkid=pn, traffictype=traffic)
    assert cs.ok("updateZone", id=z["id"], allocationstate="Enabled")["zone"]["allocationstate"] == "Enabled"
    assert cs.ok("listZones", id=z["id"])["zone"][0]["name"] == "z"


def test_delete_zone_refused_with_pods(cs):
    z = zone(cs)
    p = pod(cs, z)
    status, body = cs.api("deleteZone", id=z["id"])
    assert status == 530
    assert body["deletezoneresponse"]["errortext"] == "The zone cannot be deleted because there are pods in this zone."
    assert cs.ok("deletePod", id=p["id"]) == {"success": True}
    assert cs.ok("deleteZone", id=z["id"]) == {"success": True}


def test_pod_rules(cs):
    z = zone(cs)
    p = pod(cs, z)
    assert p["endip"] == ["10.1.0.254"] and p["ipranges"][0]["vlanid"] == "vlan://untagged"
    assert p["allocationstate"] == "Enabled" and p["netmask"] == "255.255.255.0"
    status, body = cs.api("createPod", name="p", zoneid=z["id"], startip="10.2.0.10", gateway="10.2.0.1",
                          netmask="255.255.255.0")
    assert status == 431 and body["createpodresponse"]["errortext"].startswith("A pod with name: p already exists")
    status, body = cs.api("createPod", name="q", zoneid=z["id"], gateway="10.2.0.1", netmask="255.255.255.0")
    assert body["createpodresponse"]["errortext"] == "The start IP is invalid"
    status, body = cs.api("createPod", name="q", zoneid=z["id"], startip="10.2.0.10", gateway="10.3.0.1",
                          netmask="255.255.255.0")
    assert body["createpodresponse"]["errortext"] == "The start address of the IP range is not in the CIDR subnet."
    job = cs.ok("createManagementNetworkIpRange", podid=p["id"], startip="10.1.0.2", endip="10.1.0.5",
                gateway="10.1.0.1", netmask="255.255.255.0")
    assert cs.wait_job(job["jobid"])["jobstatus"] == 1
    assert len(cs.ok("listPods", id=p["id"])["pod"][0]["ipranges"]) == 2


def test_cluster_host_rules(cs):
    z = zone(cs)
    p = pod(cs, z)
    out = cs.ok("addCluster", zoneid=z["id"], podid=p["id"], clustername="c1", clustertype="CloudManaged",
                hypervisor="KVM")
    assert out["count"] == 1 and out["cluster"][0]["allocationstate"] == "Enabled"
    c = out["cluster"][0]
    assert c["managedstate"] == "Managed" and c["hypervisortype"] == "KVM"
    assert cs.api("addCluster", zoneid=z["id"], podid=p["id"], clustername="c2", clustertype="cloudmanaged",
                  hypervisor="KVM")[0] == 431
    status, body = cs.api("addHost", zoneid=z["id"], podid=p["id"], clusterid=c["id"], hypervisor="XenServer",
                          url="http://10.1.0.50")
    assert status == 431 and body["addhostresponse"]["errortext"] == "Username and Password need to be provided."
    h = cs.ok("addHost", zoneid=z["id"], podid=p["id"], clusterid=c["id"], hypervisor="KVM", url="http://10.1.0.50",
              username="root", password="pw", hosttags="a,b")["host"][0]
    assert h["state"] == "Up" and h["resourcestate"] == "Enabled" and h["hosttags"] == "a,b"
    status, body = cs.api("deleteCluster", id=c["id"])
    assert status == 530 and "Cluster still has hosts" in body["deleteclusterresponse"]["errortext"]
    status, body = cs.api("deleteHost", id=h["id"])
    assert status == 530 and "is not in maintenance mode" in body["deletehostresponse"]["errortext"]
    assert cs.ok("updateHost", id=h["id"], allocationstate="Disable")["host"]["resourcestate"] == "Disabled"
    assert cs.api("updateHost", id=h["id"], allocationstate="Disabled")[0] == 431
    cs.ok("updateHost", id=h["id"], allocationstate="Enable")
    res = cs.wait_job(cs.ok("prepareHostForMaintenance", id=h["id"])["jobid"])
    assert res["jobresult"]["host"]["resourcestate"] == "Maintenance"
    res = cs.wait_job(cs.ok("cancelHostMaintenance", id=h["id"])["jobid"])
    assert res["jobresult"]["host"]["resourcestate"] == "Enabled"
    assert cs.ok("deleteHost", id=h["id"], forced="true") == {"success": True}
    assert cs.ok("deleteCluster", id=c["id"]) == {"success": True}


def test_storage_pool_rules(cs):
    z = zone(cs)
    p = pod(cs, z)
    c = cs.ok("addCluster", zoneid=z["id"], podid=p["id"], clustername="c1", clustertype="CloudManaged",
              hypervisor="KVM")["cluster"][0]
    status, body = cs.api("createStoragePool", zoneid=z["id"], name="ps", url="nfs://10.0.0.5/export")
    assert status == 530
    assert body["createstoragepoolresponse"]["errortext"] == "cluster id can't be null, if scope is cluster"
    status, body = cs.api("createStoragePool", zoneid=z["id"], name="ps", url="nfs://10.0.0.5/export", clusterid=c["id"])
    assert body["createstoragepoolresponse"]["errortext"] == "Cluster id requires pod id"
    status, body = cs.api("createStoragePool", zoneid=z["id"], name="zs", url="nfs://10.0.0.5/z", scope="zone")
    assert status == 530 and "Missing parameter hypervisor" in body["createstoragepoolresponse"]["errortext"]
    assert cs.api("createStoragePool", zoneid=z["id"], name="zs", url="nfs://10.0.0.5/z", scope="zone",
                  hypervisor="XenServer")[0] == 530
    zs = cs.ok("createStoragePool", zoneid=z["id"], name="zs", url="nfs://10.0.0.5/z", scope="zone",
               hypervisor="KVM", tags="fast")["storagepool"]
    assert zs["scope"] == "ZONE" and zs["state"] == "Up" and zs["tags"] == "fast"
    ps = cs.ok("createStoragePool", zoneid=z["id"], name="ps", url="nfs://10.0.0.5/export", clusterid=c["id"],
               podid=p["id"], capacitybytes=1000)["storagepool"]
    assert ps["scope"] == "CLUSTER" and ps["disksizetotal"] == 1000
    status, body = cs.api("deleteStoragePool", id=ps["id"])
    assert status == 431 and "not in Maintenance state" in body["deletestoragepoolresponse"]["errortext"]
    res = cs.wait_job(cs.ok("enableStorageMaintenance", id=ps["id"])["jobid"])
    assert res["jobresult"]["storagepool"]["state"] == "Maintenance"
    assert cs.ok("deleteStoragePool", id=ps["id"]) == {"success": True}


def test_image_stores(cs):
    z = zone(cs)
    s = cs.ok("addImageStore", provider="NFS", url="nfs://10.0.0.5/sec", zoneid=z["id"], name="sec")["imagestore"]
    assert s["providername"] == "NFS" and s["scope"] == "ZONE"
    assert cs.ok("listImageStores")["count"] == 1
    assert cs.api("deleteZone", id=z["id"])[0] == 530
    assert cs.ok("updateImageStore", id=s["id"], readonly="true")["imagestore"]["readonly"] is True
    assert cs.ok("deleteImageStore", id=s["id"]) == {"success": True}

"""Cluster overcommit ratios live in cluster_details (cpuOvercommitRatio, memoryOvercommitRatio):
set at creation from the global settings, changed by updateConfiguration clusterid=, reported by listClusters."""
from __future__ import annotations


def _cluster(cs):
    z = cs.ok("createZone", name="rz", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")["zone"]
    p = cs.ok("createPod", name="rp", zoneid=z["id"], startip="10.1.0.10", gateway="10.1.0.1",
              netmask="255.255.255.0")["pod"]
    return cs.ok("addCluster", clustername="rc", zoneid=z["id"], podid=p["id"], clustertype="CloudManaged",
                 hypervisor="KVM")["cluster"][0]


def test_ratios_come_from_the_global_settings_at_creation(cs):
    cs.ok("updateConfiguration", name="cpu.overprovisioning.factor", value="3")
    c = _cluster(cs)
    assert (c["cpuovercommitratio"], c["memoryovercommitratio"]) == ("3.0", "1.0")
    cs.ok("updateConfiguration", name="cpu.overprovisioning.factor", value="4")  # later global changes do not reach it
    assert cs.ok("listClusters", id=c["id"])["cluster"][0]["cpuovercommitratio"] == "3.0"


def test_update_configuration_per_cluster_is_what_list_clusters_reports(cs):
    c = _cluster(cs)
    cs.ok("updateConfiguration", name="cpu.overprovisioning.factor", value="2.5", clusterid=c["id"])
    cs.ok("updateConfiguration", name="mem.overprovisioning.factor", value="1.5", clusterid=c["id"])
    listed = cs.ok("listClusters", id=c["id"])["cluster"][0]
    assert (listed["cpuovercommitratio"], listed["memoryovercommitratio"]) == ("2.5", "1.5")
    cfg = cs.ok("listConfigurations", name="mem.overprovisioning.factor", clusterid=c["id"])["configuration"]
    assert [item["value"] for item in cfg if item["name"] == "mem.overprovisioning.factor"] == ["1.5"]

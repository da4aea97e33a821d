"""Names compare as MySQL's default collations compare them: case- (and accent-) insensitive
name= filters, keyword LIKE, duplicate-name checks and unique indexes."""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "emulator"))

from csemu.handlers.common import find_by_name, name_key, name_like, same_name  # noqa: E402
from test_resources import pod, zone  # noqa: E402  pylint: disable=wrong-import-position


def test_collation_helpers():
    assert same_name("C0-adv", "c0-ADV")
    assert same_name("Zürich", "zurich")  # accent-insensitive
    assert same_name("pod ", "POD")  # PAD SPACE: trailing spaces do not count
    assert not same_name(" pod", "pod")
    assert not same_name("pod-1", "pod-2")
    assert name_key("ÉCOLE") == "ecole"
    assert name_like("ADV", "c0-adv-1") and not name_like("basic", "c0-adv")
    items = [{"id": "1", "name": "Alpha"}, {"id": "2", "name": "beta"}]
    assert find_by_name(items, "BETA")["id"] == "2"
    assert find_by_name(items, "alpha", exclude="1") is None


def test_second_cluster_differing_in_case_is_refused(cs):
    z = zone(cs)
    p = pod(cs, z)
    params = dict(zoneid=z["id"], podid=p["id"], hypervisor="KVM", clustertype="CloudManaged")
    cs.ok("addCluster", clustername="c0-ADV", **params)
    status, body = cs.api("addCluster", clustername="C0-adv", **params)
    assert status == 530
    assert body["addclusterresponse"]["errortext"] == "Unable to create cluster C0-adv in pod and data center with specified ids"
    # another pod may hold the same name
    p2 = pod(cs, z, "p2", startip="10.2.0.10", gateway="10.2.0.1")
    cs.ok("addCluster", clustername="C0-adv", **dict(params, podid=p2["id"]))


def test_zone_and_pod_duplicates_ignore_case(cs):
    z = zone(cs, "Zone-A")
    status, body = cs.api("createZone", name="zone-a", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")
    assert status == 431 and "A zone with that name already exists" in body["createzoneresponse"]["errortext"]
    pod(cs, z, "Pod-1")
    status, body = cs.api("createPod", name="POD-1", zoneid=z["id"], startip="10.9.0.10", gateway="10.9.0.1",
                          netmask="255.255.255.0")
    assert status == 431 and "A pod with name: POD-1 already exists" in body["createpodresponse"]["errortext"]


def test_rename_differing_only_in_case_finds_itself(cs):
    """editZone compares old and new name with String.equals, then findByName ignores case."""
    z = zone(cs, "Zone-A")
    status, body = cs.api("updateZone", id=z["id"], name="ZONE-A")
    assert status == 431 and "A zone with that name already exists" in body["updatezoneresponse"]["errortext"]
    assert cs.ok("updateZone", id=z["id"], name="Zone-A")["zone"]["name"] == "Zone-A"  # equal: no check


def test_name_filter_and_keyword_ignore_case(cs):
    z = zone(cs, "Zone-A")
    zone(cs, "Other")
    assert [o["id"] for o in cs.ok("listZones", name="zone-a")["zone"]] == [z["id"]]
    assert cs.ok("listZones", keyword="ONE-")["count"] == 1
    p = pod(cs, z, "Pod-1")
    assert cs.ok("listPods", name="pod-1")["pod"][0]["id"] == p["id"]
    assert cs.ok("listPods", name="pod-2") == {}


def test_add_host_finds_cluster_by_name_ignoring_case(cs):
    z = zone(cs)
    p = pod(cs, z)
    c = cs.ok("addCluster", clustername="Cl-1", zoneid=z["id"], podid=p["id"], hypervisor="KVM",
              clustertype="CloudManaged")["cluster"][0]
    h = cs.ok("addHost", zoneid=z["id"], podid=p["id"], clustername="cl-1", hypervisor="KVM",
              url="http://192.0.2.10", username="root", password="x")["host"][0]
    assert h["clusterid"] == c["id"]
    assert cs.ok("listClusters", podid=p["id"])["count"] == 1

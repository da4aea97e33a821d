"""Storage pool details: listStoragePools answers them from 4.22 (StoragePoolJoinDaoImpl, PR #10740);
updateStoragePool takes details and url from 4.19 (StorageManagerImpl.updateStoragePool)."""
from __future__ import annotations


def _pool(cs):
    z = cs.ok("createZone", name="sz", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")["zone"]
    return cs.ok("createStoragePool", name="sp", zoneid=z["id"], scope="zone", hypervisor="KVM",
                 url="nfs://10.0.0.9/export", **{"details[0].key": "a", "details[0].value": "1"})["storagepool"]


def test_418_has_no_details_in_answers(cs):
    pool = _pool(cs)
    assert "details" not in pool
    assert "details" not in cs.ok("listStoragePools", id=pool["id"])["storagepool"][0]


def test_422_answers_and_updates_details(cs):
    cs.control("/reset", {"api_version": "4.22"})
    pool = _pool(cs)
    assert pool["details"] == {"a": "1"}
    updated = cs.ok("updateStoragePool", id=pool["id"], **{"details[0].key": "b", "details[0].value": "2",
                                                           "url": "nfs://10.0.0.9/other"})["storagepool"]
    assert updated["details"] == {"a": "1", "b": "2", "url": "nfs://10.0.0.9/other"}
    assert updated["ipaddress"] == "10.0.0.9" and updated["path"] == "/export"  # the pool does not move
    cs.ok("updateStoragePool", id=pool["id"], url="nfs://10.0.0.9/third")  # url alone changes nothing
    assert cs.ok("listStoragePools", id=pool["id"])["storagepool"][0]["details"]["url"] == "nfs://10.0.0.9/other"

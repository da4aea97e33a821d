"""The generic engine (csemu/generic.py) on commands without a hand-written handler. The commands
used here are ones no helper models (affinity groups, instance groups, VPN customer gateways,
global load balancer rules, tags of zones ...), so these tests keep meaning while the modelled
set grows."""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "emulator"))

from csemu import apispec, generic  # noqa: E402
from csemu.registry import HANDLERS  # noqa: E402


def unmodelled(*names):
    for name in names:
        assert name not in HANDLERS, f"{name} got a handler: pick another command for this test"


def test_data_tables_drive_the_shape():
    spec = apispec.spec()
    assert spec.get("listInstanceGroups").object_name == "instancegroup"
    assert spec.get("listInstanceGroups").shape == "list"
    assert spec.get("createAffinityGroup").isasync and spec.get("createAffinityGroup").shape == "object"
    assert spec.get("deleteInstanceGroup").shape == "success"
    assert generic.verb("listInstanceGroups") == "list" and generic.verb("createInstanceGroup") == "create"
    assert generic.verb("updateInstanceGroup") == "update" and generic.verb("deleteInstanceGroup") == "delete"
    assert generic.collection_of(spec.get("createInstanceGroup")) == "instancegroups"


def test_create_list_update_delete(cs):
    unmodelled("createInstanceGroup", "listInstanceGroups", "updateInstanceGroup", "deleteInstanceGroup")
    created = cs.ok("createInstanceGroup", name="Web")["instancegroup"]
    assert created["name"] == "Web" and created["account"] == "admin" and created["domain"] == "ROOT"
    assert created["created"].endswith("+0000")
    listed = cs.ok("listInstanceGroups", name="web")  # name= under the case-insensitive collation
    assert listed["count"] == 1 and listed["instancegroup"][0]["id"] == created["id"]
    assert cs.ok("listInstanceGroups", name="db") == {}
    updated = cs.ok("updateInstanceGroup", id=created["id"], name="Frontend")["instancegroup"]
    assert updated["name"] == "Frontend"
    assert cs.ok("listInstanceGroups", id=created["id"])["instancegroup"][0]["name"] == "Frontend"
    assert cs.ok("deleteInstanceGroup", id=created["id"]) == {"success": True}
    assert cs.ok("listInstanceGroups") == {}


def test_only_documented_fields_are_rendered(cs):
    unmodelled("createInstanceGroup")
    out = cs.ok("createInstanceGroup", name="g", colour="blue")["instancegroup"]  # colour: undeclared
    assert "colour" not in out
    spec = apispec.spec().get("createInstanceGroup")
    assert set(out) <= spec.response_names


def test_async_create_answers_id_and_job(cs):
    unmodelled("createAffinityGroup", "listAffinityGroups")
    sub = cs.ok("createAffinityGroup", name="ag", type="host anti-affinity")
    assert set(sub) == {"jobid"} or set(sub) == {"jobid", "id"}
    job = cs.wait_job(sub["jobid"])
    assert job["jobstatus"] == 1 and job["jobresult"]["affinitygroup"]["name"] == "ag"
    assert job["cmd"].endswith("CreateAffinityGroupCmd")
    assert cs.ok("listAffinityGroups")["affinitygroup"][0]["type"] == "host anti-affinity"


def test_create_style_async_stores_first(cs):
    """BaseAsyncCreateCmd: the object exists (and its id is answered) before the job ends."""
    spec = apispec.spec()
    name = next(n for n, c in sorted(spec.commands.items()) if c.create_style and n not in HANDLERS
                and not c.required and c.object_name)
    cs.control("/config", {"job_delay": 5})
    try:
        sub = cs.ok(name)
        assert set(sub) == {"jobid", "id"}
        coll = generic.collection_of(spec.get(name))
        assert cs.r.emu.store.get(coll, sub["id"]) is not None
    finally:
        cs.control("/reset", {})


def test_uuid_of_the_wrong_entity_type_is_refused(cs):
    unmodelled("listInstanceGroups")
    zone = cs.ok("createZone", name="z", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")["zone"]
    cs.ok("createInstanceGroup", name="g")
    # a zone uuid where an InstanceGroupResponse is expected (instance groups are stored)
    status, body = cs.api("listInstanceGroups", id=zone["id"])
    assert status == 431
    assert "Invalid parameter id value=" + zone["id"] in body["listinstancegroupsresponse"]["errortext"]


def test_referenced_names_are_filled(cs):
    unmodelled("createVpnCustomerGateway")
    zone = cs.ok("createZone", name="z", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")["zone"]
    out = cs.ok("addResourceDetail", resourceid=zone["id"], resourcetype="Zone",
                **{"details[0].key": "k", "details[0].value": "v"}) if "addResourceDetail" not in HANDLERS else None
    assert out is None or out.get("jobid")
    gw = cs.ok("createVpnCustomerGateway", cidrlist="10.0.0.0/24", esppolicy="aes128-sha1", gateway="192.0.2.1",
               ikepolicy="aes128-sha1", ipsecpsk="secret")
    job = cs.wait_job(gw["jobid"])
    assert job["jobresult"]["vpncustomergateway"]["gateway"] == "192.0.2.1"


def test_map_parameter_becomes_a_map_field(cs):
    """A `map` response field is an object in JSON (Gson writes a Map so)."""
    entries = {0: {"key": "k1", "value": "v1"}, 1: {"k2": "v2"}}
    assert generic._typed(entries, "map") == {"k1": "v1", "k2": "v2"}  # pylint: disable=protected-access
    assert generic._typed(entries, "list") == [{"key": "k1", "value": "v1"}, {"k2": "v2"}]  # pylint: disable=protected-access
    unmodelled("ldapCreateAccount")
    out = cs.ok("ldapCreateAccount", username="ldap-user",
                **{"accountdetails[0].key": "k1", "accountdetails[0].value": "v1", "accountdetails[1].k2": "v2"})
    assert out[apispec.spec().get("ldapCreateAccount").object_name]["accountdetails"] == {"k1": "v1", "k2": "v2"}


def test_uuid_of_a_removed_object_still_resolves(cs):
    """findByUuidIncludingRemoved: a list by the id of a deleted object answers an empty list, and
    a handler that looks the object up answers its own 'not found' (not the uuid error)."""
    unmodelled("createInstanceGroup", "deleteInstanceGroup", "listInstanceGroups")
    group = cs.ok("createInstanceGroup", name="g")["instancegroup"]
    cs.ok("deleteInstanceGroup", id=group["id"])
    assert cs.ok("listInstanceGroups", id=group["id"]) == {}
    zone = cs.ok("createZone", name="z", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")["zone"]
    cs.ok("deleteZone", id=zone["id"])
    assert cs.ok("listZones", id=zone["id"]) == {}

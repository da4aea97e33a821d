"""Unknown parameters: ignored like the real server (ParamProcessWorker reads only the declared
fields), recorded for our own discipline, refused only in strict mode."""
from __future__ import annotations

import pytest


@pytest.fixture()
def clean(cs):
    cs.control("/unknown_params", method="DELETE")
    yield cs
    cs.control("/unknown_params", method="DELETE")
    cs.control("/config", {"strict": False})


def test_ignored_and_recorded(clean):
    cs = clean
    out = cs.ok("createZone", name="z", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced",
                colour="blue", projectid="whatever")
    assert out["zone"]["name"] == "z"  # the command ran normally
    seq = cs.control("/log")[1]["requests"][-1]["seq"]
    records = cs.control("/unknown_params")[1]["unknown_params"]
    assert {(r["command"], r["parameter"], r["seq"], r["auth"]) for r in records} == {
        ("createZone", "colour", seq, "apikey"), ("createZone", "projectid", seq, "apikey")}
    warns = {r["parameter"]: r["server_warns"] for r in records}
    # ParamGenericValidationWorker leaves projectid out of its warning
    assert warns == {"colour": True, "projectid": False}
    assert all(r["acknowledged"] is None for r in records)


def test_transport_and_async_params_are_not_unknown(clean):
    cs = clean
    cs.ok("listZones")  # command, response, apiKey, signature
    z = cs.ok("createZone", name="z", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")["zone"]
    cs.ok("createPhysicalNetwork", name="p", zoneid=z["id"], customjobid="0b5ad1f3-3b7b-4a4e-9d2f-2d1c5e0e7a11")
    assert cs.control("/unknown_params")[1]["unknown_params"] == []


def test_record_survives_reset_and_clears_explicitly(clean):
    cs = clean
    cs.ok("listZones", nmae="x")
    cs.control("/reset", {})
    assert [r["parameter"] for r in cs.control("/unknown_params")[1]["unknown_params"]] == ["nmae"]
    cs.control("/unknown_params", method="DELETE")
    assert cs.control("/unknown_params")[1]["unknown_params"] == []


def test_acknowledge_a_deliberate_one(clean):
    cs = clean
    cs.ok("listZones", deliberate="1")
    first = cs.control("/log")[1]["requests"][-1]["seq"]
    cs.ok("listPods", accidental="1")
    status, body = cs.control("/unknown_params/ack", {"since": first - 1, "until": first, "reason": "test"})
    assert status == 200 and body == {"acknowledged": 1}
    pending = cs.control("/unknown_params?unacknowledged=true")[1]["unknown_params"]
    assert [(r["command"], r["parameter"]) for r in pending] == [("listPods", "accidental")]
    assert cs.control("/unknown_params/ack", {"since": 0})[0] == 400  # a reason is required


def test_strict_refuses(clean):
    cs = clean
    cs.control("/config", {"strict": True})
    status, body = cs.api("listZones", nmae="x")
    assert status == 431
    assert body["listzonesresponse"]["errortext"].startswith(
        "Unable to execute API command listzones due to unknown parameter nmae")
    # recorded too
    assert [r["parameter"] for r in cs.control("/unknown_params")[1]["unknown_params"]] == ["nmae"]


def test_boolean_lenient_reads_other_values_as_false(clean):
    cs = clean
    # Boolean.valueOf: anything but "true" (any case) is false; strict mode refuses it
    z = cs.ok("createZone", name="z", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced",
              securitygroupenabled="yes")["zone"]
    assert z["securitygroupsenabled"] is False
    cs.control("/config", {"strict": True})
    assert cs.api("createZone", name="z2", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced",
                  securitygroupenabled="yes")[0] == 431

from __future__ import annotations

import urllib.parse

import pytest


def test_missing_param_431(cs):
    status, body = cs.api("createZone", dns1="8.8.8.8", internaldns1="8.8.4.4", networktype="Advanced")
    assert status == 431
    err = body["createzoneresponse"]
    assert err["errortext"] == "Unable to execute API command createzone due to missing parameter name"
    assert err["cserrorcode"] == 9999 and err["uuidList"] == []


def test_unknown_param_ignored_by_default_refused_in_strict(cs):
    assert cs.api("listZones", nmae="x")[0] == 200
    cs.control("/config", {"strict": True})
    status, body = cs.api("listZones", nmae="x")
    assert status == 431 and "unknown parameter nmae" in body["listzonesresponse"]["errortext"]
    cs.control("/config", {"strict": False})


def test_uuid_and_integer_checks(cs):
    status, body = cs.api("listPods", zoneid="not-a-uuid")
    assert status == 431 and "Invalid parameter zoneid value=not-a-uuid" in body["listpodsresponse"]["errortext"]
    status, body = cs.api("listZones", page="x", pagesize="1")
    assert status == 431
    assert body["listzonesresponse"]["errortext"] == "Unable to execute API command listzones due to invalid value x for parameter page"


def test_paging(cs):
    for i in range(3):
        cs.ok("createZone", name=f"z{i}", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")
    assert cs.ok("listZones", page=1, pagesize=2)["count"] == 3
    assert len(cs.ok("listZones", page=1, pagesize=2)["zone"]) == 2
    assert cs.ok("listZones", page=5, pagesize=2) == {"count": 3}
    assert cs.ok("listZones", name="none") == {}
    assert cs.ok("listZones", keyword="Z1")["count"] == 1
    assert len(cs.ok("listZones", pagesize=-1)["zone"]) == 3
    assert cs.api("listZones", pagesize=2)[0] == 431
    assert cs.api("listZones", page=1)[0] == 431
    status, body = cs.api("listZones", page=1, pagesize=501)
    assert status == 431 and "max allowed page size value: 500" in body["listzonesresponse"]["errortext"]


def test_map_params_and_malformed(cs):
    z = cs.ok("createZone", name="z", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")["zone"]
    out = cs.ok("updateZone", id=z["id"], **{"details[0].key": "k", "details[0].value": "v"})
    assert out["zone"]["resourcedetails"] == {"k": "v"}
    status, body = cs.api("updateZone", id=z["id"], **{"details[0][1].key": "k"})
    assert status == 430


def test_response_headers_and_x_description(cs):
    status, body, headers = cs.signed("createZone", dns1="8.8.8.8", internaldns1="8.8.4.4", networktype="Advanced")
    assert headers["Content-Type"] == "application/json; charset=UTF-8"
    assert headers["X-Description"].startswith("Unable to execute API command createzone")


def test_listapis_and_capabilities(cs):
    out = cs.ok("listApis", name="createZone")
    assert out["count"] == 1 and out["api"][0]["name"] == "createZone"
    assert cs.ok("listCapabilities")["capability"]["cloudstackversion"].startswith("4.18")


def test_async_job_lifecycle(cs):
    z = cs.ok("createZone", name="z", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")["zone"]
    sub = cs.ok("createPhysicalNetwork", name="pn", zoneid=z["id"])
    assert set(sub) == {"jobid", "id"}
    res = cs.wait_job(sub["jobid"])
    assert res["jobstatus"] == 1 and res["jobresultcode"] == 0
    assert res["cmd"] == "org.apache.cloudstack.api.command.admin.network.CreatePhysicalNetworkCmd"
    assert res["jobresult"]["physicalnetwork"]["id"] == sub["id"]
    assert cs.ok("listAsyncJobs")["count"] == 1
    sub = cs.ok("deletePhysicalNetwork", id=res["jobresult"]["physicalnetwork"]["id"])
    assert "id" not in sub
    assert cs.ok("listPhysicalNetworks")["count"] == 1  # applied only when the job completes
    assert cs.wait_job(sub["jobid"])["jobresult"] == {"success": True}
    assert cs.ok("listPhysicalNetworks") == {}


def test_job_faults(cs):
    z = cs.ok("createZone", name="z", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")["zone"]
    cs.control("/faults", {"command": "createPhysicalNetwork", "job": "fail", "job_errortext": "boom"})
    res = cs.wait_job(cs.ok("createPhysicalNetwork", name="pn", zoneid=z["id"])["jobid"])
    assert res["jobstatus"] == 2 and res["jobresultcode"] == 530
    assert res["jobresult"] == {"errorcode": 530, "errortext": "boom"}
    cs.control("/faults", {"command": "createPhysicalNetwork", "job": "hang"})
    res = cs.wait_job(cs.ok("createPhysicalNetwork", name="pn2", zoneid=z["id"])["jobid"], timeout=0.5)
    assert res["jobstatus"] == 0 and "jobresult" not in res


def test_status_fault_and_drop(cs):
    cs.control("/faults", {"command": "listZones", "status": 503, "errortext": "maintenance", "count": 1})
    status, body = cs.api("listZones")
    assert status == 503 and body["listzonesresponse"]["errortext"] == "maintenance"
    assert cs.api("listZones")[0] == 200
    cs.control("/faults", {"command": "createZone", "drop": "before"})
    with pytest.raises(Exception):
        cs.signed("createZone", name="d1", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")
    assert cs.ok("listZones") == {}
    cs.control("/faults", {"command": "createZone", "drop": "after"})
    with pytest.raises(Exception):
        cs.signed("createZone", name="d2", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")
    assert cs.ok("listZones")["count"] == 1


def test_control_log_masking_seed_state_reset(cs):
    cs.raw(cs.r.endpoint, data=urllib.parse.urlencode({"command": "login", "username": "admin",
                                                       "password": "secretpw", "response": "json"}).encode(),
           method="POST", headers={"Content-Type": "application/x-www-form-urlencoded"})
    cs.signed("listZones")
    cs.signed("listZones", secret="bad")
    log = cs.control("/log")[1]["requests"]
    assert log[0]["params"]["password"] == "*****" and log[0]["auth"] == "none"
    assert log[1]["params"]["signature"] == "*****" and log[1]["auth"] == "apikey" and log[1]["readonly"]
    assert log[2]["status"] == 401
    since = log[-1]["seq"]
    cs.signed("createZone", name="z", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")
    later = cs.control(f"/log?since={since}")[1]["requests"]
    assert len(later) == 1 and later[0]["readonly"] is False and later[0]["command"] == "createZone"
    seeded = cs.control("/seed", {"zones": [{"name": "seeded", "networktype": "Advanced", "allocationstate": "Enabled"}]})[1]
    assert seeded["zones"][0]["id"]
    assert {z["name"] for z in cs.control("/state/zones")[1]} == {"z", "seeded"}
    cs.control("/reset", {})
    assert cs.control("/state/zones")[1] == []
    assert cs.control("/log")[1]["requests"] == []


def test_non_json_response_rejected_in_strict(cs):
    cs.control("/config", {"strict": True})
    status, body, dummy2 = cs.raw(cs.r.integration_endpoint + "?command=listZones")
    assert status == 431

"""response other than json: the XML the real server writes (ApiResponseSerializer.toXMLSerializedString)."""
from __future__ import annotations

import urllib.parse
import xml.etree.ElementTree as ET

from conftest import sign


def signed_xml(cs, command, response="xml", **params):
    p = {"command": command, "apiKey": cs.key}
    if response is not None:
        p["response"] = response
    p.update({k: str(v) for k, v in params.items()})
    p["signature"] = sign(p, cs.secret)
    return cs.raw(cs.r.endpoint + "?" + urllib.parse.urlencode(p, quote_via=urllib.parse.quote))


def test_list_as_xml(cs):
    cs.ok("createZone", name="z<1>", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")
    status, body, headers = signed_xml(cs, "listZones")
    assert status == 200 and headers["Content-Type"] == "text/xml; charset=UTF-8"
    assert body.startswith('<?xml version="1.0" encoding="UTF-8"?><listzonesresponse cloud-stack-version="4.18.0.0">')
    root = ET.fromstring(body)
    assert root.tag == "listzonesresponse" and root.find("count").text == "1"
    zone = root.find("zone")
    assert zone.find("name").text == "z<1>" and zone.find("securitygroupsenabled").text == "false"
    assert "&lt;" in body  # escapeSpecialXmlChars


def test_xml_is_the_default_and_empty_list(cs):
    status, body, headers = signed_xml(cs, "listZones", response=None)
    assert status == 200 and headers["Content-Type"] == "text/xml; charset=UTF-8"
    assert ET.fromstring(body).tag == "listzonesresponse" and len(ET.fromstring(body)) == 0


def test_error_as_xml(cs):
    status, body, headers = signed_xml(cs, "createZone", name="x")
    assert status == 431
    root = ET.fromstring(body)
    assert root.tag == "createzoneresponse" and root.find("errorcode").text == "431"
    assert root.find("cserrorcode").text == "9999" and root.find("uuidList") is None
    assert "missing parameter" in root.find("errortext").text
    # a signature failure: the caller is still SYSTEM, no version attribute
    p = {"command": "listZones", "apiKey": cs.key, "signature": "bad"}
    status, body, dummy = cs.raw(cs.r.endpoint + "?" + urllib.parse.urlencode(p))
    assert status == 401 and body.startswith('<?xml version="1.0" encoding="UTF-8"?><listzonesresponse>')


def test_integration_port_xml_has_no_version(cs):
    status, body, headers = cs.raw(cs.r.integration_endpoint + "?command=listZones&RESPONSE=xml")
    assert status == 200 and body.endswith("<listzonesresponse></listzonesresponse>")


def test_other_response_values_get_xml_without_content_type(cs):
    status, body, headers = signed_xml(cs, "listZones", response="yaml")
    assert status == 200 and body.startswith("<?xml") and headers.get("Content-Type") is None


def test_async_job_as_xml(cs):
    z = cs.ok("createZone", name="z", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")["zone"]
    status, body, dummy = signed_xml(cs, "createPhysicalNetwork", name="p", zoneid=z["id"])
    root = ET.fromstring(body)
    jobid = root.find("jobid").text
    assert root.find("id") is not None  # create-style: <id> next to <jobid>, no wrapper element
    cs.wait_job(jobid)
    status, body, dummy = signed_xml(cs, "queryAsyncJobResult", jobid=jobid)
    job = ET.fromstring(body)
    assert job.find("jobstatus").text == "1"
    assert job.find("jobresult/physicalnetwork/name").text == "p"


def test_strict_refuses_xml(cs):
    cs.control("/config", {"strict": True})
    try:
        status, dummy, dummy2 = signed_xml(cs, "listZones")
        assert status == 431
    finally:
        cs.control("/config", {"strict": False})


def test_map_field_is_written_with_map_tostring(cs):
    z = cs.ok("createZone", name="z", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")["zone"]
    cs.ok("updateZone", id=z["id"], **{"details[0].key": "k", "details[0].value": "v"})
    status, body, dummy = signed_xml(cs, "listZones")
    assert ET.fromstring(body).find("zone/resourcedetails").text == "{k=v}"

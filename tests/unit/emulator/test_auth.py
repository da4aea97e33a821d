from __future__ import annotations

import json
import urllib.parse
from datetime import datetime, timedelta, timezone

from conftest import DOC_KEY, DOC_SECRET, Client, server, sign


def test_docs_signing_vector_accepted():
    r = server.start(port=0, api_key=DOC_KEY, secret_key=DOC_SECRET)
    try:
        c = Client(r)
        params = {"command": "listUsers", "response": "json", "apikey": DOC_KEY}
        assert sign(params, DOC_SECRET) == "TTpdDq/7j/J58XCRHomKoQXEQds="
        url = r.endpoint + "?command=listUsers&response=json&apikey=" + DOC_KEY + "&signature=TTpdDq%2F7j%2FJ58XCRHomKoQXEQds%3D"
        status, body, dummy2 = c.raw(url)
        assert status == 200, body
        assert json.loads(body)["listusersresponse"]["user"][0]["username"] == "admin"
    finally:
        r.stop()


def test_wrong_secret_401_servlet_body(cs):
    status, body, headers = cs.signed("listZones", secret="nope")
    assert status == 401
    err = json.loads(body)["listzonesresponse"]
    assert err["errorcode"] == 401 and "cserrorcode" not in err
    assert err["errortext"] == "unable to verify user credentials and/or request signature"


def test_special_values_signed(cs):
    for value in ("*.example.com", "a b c", "x~y", "1+1", "zoné ü", "a/b?c=d&e"):
        status, body, dummy2 = cs.signed("listConfigurations", name=value)
        assert status == 200, (value, body)
    status, dummy, dummy2 = cs.signed("listConfigurations", post=True, name="*.x y+~")
    assert status == 200


def test_signature_v3_expiry(cs):
    past = (datetime.now(timezone.utc) - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S+0000")
    future = (datetime.now(timezone.utc) + timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M:%S+0000")
    assert cs.signed("listZones", signatureVersion="3", expires=past)[0] == 401
    assert cs.signed("listZones", signatureVersion="3", expires=future)[0] == 200
    assert cs.signed("listZones", signatureVersion="3", expires="tomorrow")[0] == 401
    assert cs.signed("listZones", signatureVersion="3")[0] == 401
    iso = (datetime.now(timezone.utc) + timedelta(minutes=5)).isoformat(timespec="seconds")
    assert cs.signed("listZones", signatureVersion="3", expires=iso)[0] == 200


def test_unknown_command_signed_is_401_but_432_elsewhere(cs):
    status, body, dummy2 = cs.signed("noSuchCommand")
    assert status == 401 and "errorresponse" in json.loads(body)
    status, body, dummy2 = cs.raw(cs.r.integration_endpoint + "?command=noSuchCommand&response=json")
    assert status == 432
    assert json.loads(body)["errorresponse"]["errortext"] == "Unknown API command: noSuchCommand"


def _login(cs, method="POST", **extra):
    params = {"command": "login", "username": "admin", "password": "password", "response": "json"}
    params.update(extra)
    data = urllib.parse.urlencode(params)
    if method == "GET":
        return cs.raw(cs.r.endpoint + "?" + data)
    return cs.raw(cs.r.endpoint, data=data.encode(), method="POST",
                  headers={"Content-Type": "application/x-www-form-urlencoded"})


def _session_call(cs, jsid, key, command="listZones", cookie_key=True, param_key=True, **params):
    q = {"command": command, "response": "json", **params}
    if param_key:
        q["sessionkey"] = key
    cookie = f"JSESSIONID={jsid}" + (f"; sessionkey={key}" if cookie_key else "")
    return cs.raw(cs.r.endpoint + "?" + urllib.parse.urlencode(q), headers={"Cookie": cookie})


def _cookies(headers):
    out = {}
    for c in headers.get_all("Set-Cookie"):
        k, v = c.split(";")[0].split("=", 1)
        out[k] = v
    return out


def test_login_session_flow(cs):
    status, body, headers = _login(cs)
    assert status == 200, body
    lr = json.loads(body)["loginresponse"]
    assert lr["username"] == "admin" and lr["timeout"] == 1800 and lr["type"] == "1"
    cookies = _cookies(headers)
    assert cookies["sessionkey"] == lr["sessionkey"]
    assert any("Path=/client" in c for c in headers.get_all("Set-Cookie") if c.startswith("JSESSIONID"))
    jsid, key = cookies["JSESSIONID"], lr["sessionkey"]
    assert _session_call(cs, jsid, key)[0] == 200
    # unknown command in a session reaches handleRequest -> 432
    assert _session_call(cs, jsid, key, command="noSuchCommand")[0] == 432
    # missing cookie key -> 401 and the session is invalidated
    status, body, dummy2 = _session_call(cs, jsid, key, cookie_key=False)
    assert status == 401 and json.loads(body)["listzonesresponse"]["errortext"] == "unable to verify user credentials"
    assert _session_call(cs, jsid, key)[0] == 401


def test_session_missing_param_and_logout(cs):
    dummy, body, headers = _login(cs)
    key = json.loads(body)["loginresponse"]["sessionkey"]
    jsid = _cookies(headers)["JSESSIONID"]
    assert _session_call(cs, jsid, key, param_key=False)[0] == 401
    dummy, body, headers = _login(cs)
    key = json.loads(body)["loginresponse"]["sessionkey"]
    jsid = _cookies(headers)["JSESSIONID"]
    status, body, dummy2 = cs.raw(cs.r.endpoint + "?command=logout&response=json", headers={"Cookie": f"JSESSIONID={jsid}"})
    assert status == 200 and json.loads(body) == {"logoutresponse": {"description": "success"}}
    assert _session_call(cs, jsid, key)[0] == 401


def test_login_get_405_and_bad_password_531(cs):
    status, body, dummy2 = _login(cs, method="GET")
    assert status == 405 and body == "Please use HTTP POST to authenticate using this API"
    status, body, dummy2 = _login(cs, password="wrong")
    assert status == 531
    err = json.loads(body)["loginresponse"]
    assert err["errortext"].startswith("Failed to authenticate user admin in domain 1")


def test_session_expiry_and_expire_sessions(cs):
    dummy, body, headers = _login(cs)
    key = json.loads(body)["loginresponse"]["sessionkey"]
    jsid = _cookies(headers)["JSESSIONID"]
    cs.control("/expire_sessions", {})
    assert _session_call(cs, jsid, key)[0] == 401
    cs.control("/config", {"session_timeout": 0.2})
    dummy, body, headers = _login(cs)
    assert "timeout" in json.loads(body)["loginresponse"]
    key = json.loads(body)["loginresponse"]["sessionkey"]
    jsid = _cookies(headers)["JSESSIONID"]
    import time
    time.sleep(0.4)
    assert _session_call(cs, jsid, key)[0] == 401


def test_integration_port_ignores_body_and_path(cs):
    base = cs.r.integration_endpoint.rsplit("/client/api", 1)[0]
    status, body, dummy2 = cs.raw(base + "/whatever?command=listZones&response=json")
    assert status == 200
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    status, body, dummy2 = cs.raw(base + "/?response=json", data=b"command=listZones", method="POST", headers=form)
    assert status == 432  # the POST body is not read: no command

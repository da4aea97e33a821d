"""Every command of the 4.18 listing answers: a well-formed response or a real CloudStack error,
never "Unknown API command". Each command is called once, signed, with its required parameters
(uuids of stored objects of the right type where the emulator has some), on a zone with a pod,
cluster, host, storage and a shared network; async jobs are followed to their end."""
from __future__ import annotations

import contextlib
import copy
import http.client
import json
import os
import sys
import time
import urllib.parse

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "emulator"))

from conftest import Client  # noqa: E402
from csemu import apispec, generic  # noqa: E402

# errors a real server answers (ApiErrorCode): a command called with placeholder values may
# legitimately refuse them
REAL_ERRORS = {401, 405, 430, 431, 432, 530, 531, 532, 533, 534, 535, 536, 537}


class KeptAlive(Client):
    """conftest's client over one kept-alive HTTP/1.1 connection per host and port (the emulator answers
    HTTP/1.1 with a Content-Length, as Jetty does): ~1 ms of CPU less per call than urllib, which opens a
    connection (and the server a thread) for each of this test's ~2000 requests."""

    def __init__(self, running):
        super().__init__(running)
        self.conns = {}

    def raw(self, url, data=None, method=None, headers=None):
        parts = urllib.parse.urlsplit(url)
        where = (parts.hostname, parts.port)
        conn = self.conns.get(where)
        if conn is None:
            conn = self.conns[where] = http.client.HTTPConnection(*where, timeout=10)
        conn.request(method or ("POST" if data is not None else "GET"), parts.path + ("?" + parts.query if parts.query else ""),
                     body=data, headers=headers or {})
        resp = conn.getresponse()
        body = resp.read().decode()
        if resp.will_close:  # the server said it closes this connection: the next call opens another one
            conn.close()
            del self.conns[where]
        return resp.status, body, resp.headers

    def close(self):
        for conn in self.conns.values():
            conn.close()
        self.conns.clear()


def seed(cs):
    zone = cs.ok("createZone", name="walk-zone", dns1="8.8.8.8", internaldns1="10.0.0.1", networktype="Advanced")["zone"]
    pod = cs.ok("createPod", name="walk-pod", zoneid=zone["id"], startip="10.1.0.10", gateway="10.1.0.1",
                netmask="255.255.255.0")["pod"]
    cluster = cs.ok("addCluster", clustername="walk-cl", zoneid=zone["id"], podid=pod["id"], hypervisor="KVM",
                    clustertype="CloudManaged")["cluster"][0]
    cs.ok("addHost", zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"], hypervisor="KVM",
          url="http://192.0.2.10", username="root", password="x")
    cs.ok("createStoragePool", name="walk-ps", zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"],
          url="nfs://192.0.2.20/export/primary")
    return zone


def value_for(running, cmd, pname, p, zone):
    ptype = p.get("type")
    if ptype == "uuid":
        entity = cmd.entities.get(pname)
        for coll in generic.collections_of_entity(running.emu.spec, entity) if entity else []:
            items = running.emu.store.all(coll)
            if items:
                return items[0]["id"]
        return zone["id"] if pname == "zoneid" else running.emu.store.all("users")[0]["id"]
    if ptype in ("integer", "long", "short"):
        return "1"
    if ptype == "boolean":
        return "true"
    if ptype == "date":
        return "2025-01-01"
    if ptype == "map":
        return None  # sent as name[0].key/value below
    return "walk-" + pname


def call(cs, running, cmd, zone):
    params = {}
    for pname, p in cmd.params.items():
        if not p.get("required"):
            continue
        value = value_for(running, cmd, pname, p, zone)
        if value is None:
            params[f"{pname}[0].key"] = "k"
            params[f"{pname}[0].value"] = "v"
        else:
            params[pname] = value
    status, body = cs.api(cmd.name, **params)
    return status, body


def follow_job(cs, name, jobid):
    deadline = time.time() + 10
    while True:
        res = cs.ok("queryAsyncJobResult", jobid=jobid)
        if res["jobstatus"] != 0 or time.time() > deadline:
            break
        time.sleep(0.005)
    if res["jobstatus"] == 0:
        return f"{name}: job {jobid} never ended"
    result = res.get("jobresult")
    if not isinstance(result, dict):
        return f"{name}: job without a result object: {res}"
    if res["jobstatus"] == 2 and ("emulator error" in json.dumps(result) or result.get("errorcode") not in REAL_ERRORS):
        return f"{name}: job failed oddly: {json.dumps(result)[:200]}"
    return None


def _copy(value):
    """A copy of the store's data that shares its immutable leaves (str, int, bool, None, float): a collection
    compared with it runs at C speed on identical objects. Containers are copied; any other type deep-copied."""
    kind = type(value)
    if kind is dict:
        return {k: _copy(v) for k, v in value.items()}
    if kind is list:
        return [_copy(v) for v in value]
    if kind is tuple:
        return tuple(_copy(v) for v in value)
    if kind in (str, int, bool, float, type(None)):
        return value
    return copy.deepcopy(value)


class Recording(dict):
    """The store's data (collection name -> its objects) recording the collections it hands out: every
    store method reaches a collection through get, [] or setdefault (find_uuid's walk over items() only
    tests membership: see recording()). A collection no command was handed cannot have changed."""

    def __init__(self, data):
        super().__init__(data)
        self.touched = set()
        self.walking = 0  # >0 while find_uuid walks every collection for a uuid (membership only)

    def get(self, key, default=None):
        self.touched.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.touched.add(key)
        return super().__getitem__(key)

    def setdefault(self, key, default=None):
        self.touched.add(key)
        return super().setdefault(key, default)

    def items(self):
        if not self.walking:
            self.touched.update(super().keys())
        return super().items()

    def values(self):
        self.touched.update(super().keys())
        return super().values()


@contextlib.contextmanager
def recording(store):
    """Inside, store.data is a Recording of itself (the same collection objects) and find_uuid's walk is not
    counted as handing out every collection; both undone at the end."""
    data = store.data = Recording(store.data)
    real_find_uuid = store.find_uuid

    def find_uuid(uid):
        data.walking += 1
        try:
            return real_find_uuid(uid)
        finally:
            data.walking -= 1

    store.find_uuid = find_uuid
    try:
        yield
    finally:
        del store.find_uuid  # the class's method again
        with store.lock:
            if store.data is data:
                store.data = dict(dict.items(data))


def snapshot(store):
    """The store's data as a private copy (never handed to the store: each restore copies from it)."""
    with store.lock:
        return ({name: _copy(coll) for name, coll in dict.items(store.data)},
                dict(store._next_id))  # pylint: disable=protected-access


def restore(store, snap):
    """Back to the snapshot. Only the collections handed out since the last restore (store.data records them)
    are looked at; one equal to its snapshot (==, objects in the same order) is kept as it is. == runs in C,
    stops at the first difference and compares the shared leaves by identity: pickling every collection to
    compare bytes was half of this test's time. (== takes 1 for True or 1.0: a command that changed only such
    a type would leave it for the next one, which still answers the same way.)"""
    colls, next_id = snap
    with store.lock:
        data = store.data
        names = set(dict.keys(data))
        suspects = data.touched | (names ^ set(colls))
        data.touched = set()
        for name in suspects:
            if name not in colls:
                dict.pop(data, name, None)
                continue
            current = dict.get(data, name)
            saved = colls[name]
            if current is None or current != saved or list(current) != list(saved):
                dict.__setitem__(data, name, _copy(saved))
        store._next_id = dict(next_id)  # pylint: disable=protected-access


@pytest.mark.parametrize("version", ["4.18", "4.22"])
def test_every_command_answers(cs, running, version):
    """Each command on the same seeded state (restored before each call, so that one command's
    placeholder objects do not feed the next). 4.18: the listing; 4.22: with the source's additions."""
    cs = KeptAlive(running)  # the `cs` fixture's reset done, its client replaced by the kept-alive one
    try:
        run_every_command(cs, running, version)
    finally:
        cs.close()


def run_every_command(cs, running, version):
    cs.control("/reset", {"api_version": version})
    spec = apispec.spec(version)
    zone = seed(cs)
    snap = snapshot(running.emu.store)
    with recording(running.emu.store):
        running.emu.jobs.job_delay = 0
        outcomes, bad, jobs = {"ok": 0, "error": 0}, [], []
        for name in sorted(spec.commands):
            if name in ("login", "logout"):
                continue  # the authenticators, not signed API calls (test_auth.py)
            cmd = spec.commands[name]
            restore(running.emu.store, snap)
            status, body = call(cs, running, cmd, zone)
            key = name.lower() + "response"
            if status == 200:
                inner = body.get(key) if isinstance(body, dict) else None
                if not isinstance(inner, dict):
                    bad.append(f"{name}: 200 without {key}: {str(body)[:200]}")
                    continue
                if cmd.isasync and "jobid" in inner:
                    jobs.append(name)
                    problem = follow_job(cs, name, inner["jobid"])
                    if problem:
                        bad.append(problem)
                        continue
                elif cmd.isasync and name != "queryAsyncJobResult":
                    bad.append(f"{name}: async command answered without a jobid: {str(inner)[:200]}")
                    continue
                outcomes["ok"] += 1
            elif status in REAL_ERRORS and isinstance(body, dict):
                err = body.get(key) or body.get("errorresponse") or {}
                text = err.get("errortext", "")
                if "Unknown API command" in text or "emulator error" in text or err.get("errorcode") != status:
                    bad.append(f"{name}: {status} {text[:200]}")
                    continue
                outcomes["error"] += 1
            else:
                bad.append(f"{name}: HTTP {status} {str(body)[:200]}")
    total = outcomes["ok"] + outcomes["error"]
    running.emu.jobs.job_delay = 0.05
    cs.control("/reset", {"api_version": "4.18"})
    print(f"\n{len(spec.commands)} commands of the {version} listing: {total} answered "
          f"({outcomes['ok']} well-formed answers, {outcomes['error']} real CloudStack errors, "
          f"{len(jobs)} async jobs followed), {len(bad)} not; login and logout: test_auth.py")
    assert not bad, "\n".join(bad)
    assert total == len(spec.commands) - 2

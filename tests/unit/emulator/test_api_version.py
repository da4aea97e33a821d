"""The API version presented: 4.18 by default, 4.20 and 4.22 from the source scan's overlay
(data/versions.json, tools/scan_source.py)."""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
RUNNER = os.path.join(HERE, "..", "..", "emulator", "run_emulator.py")
sys.path.insert(0, os.path.join(HERE, "..", "..", "emulator"))

from csemu import apispec  # noqa: E402
from test_isovm import _vm_and_iso  # noqa: E402


@pytest.fixture()
def versioned(cs):
    yield cs
    cs.control("/config", {"api_version": "4.18"})


def api_entry(cs, name):
    out = cs.ok("listApis", name=name)
    return out["api"][0]


def test_default_is_418(versioned):
    cs = versioned
    assert cs.ok("listCapabilities")["capability"]["cloudstackversion"] == "4.18.0.0"
    params = {p["name"] for p in api_entry(cs, "updateStoragePool")["params"]}
    assert "url" not in params and "details" not in params
    assert cs.ok("listApis")["count"] == 705


def test_420_adds_419_parameters(versioned):
    cs = versioned
    status, body = cs.control("/config", {"api_version": "4.20"})
    assert status == 200 and body["api_version"] == "4.20" and body["cloudstackversion"] == "4.20.1.0"
    assert cs.ok("listCapabilities")["capability"]["cloudstackversion"] == "4.20.1.0"
    params = {p["name"]: p for p in api_entry(cs, "updateStoragePool")["params"]}
    assert params["url"]["since"] == "4.19.0" and params["details"]["type"] == "map"
    assert "istagarule" not in params  # undated in the source: presented from 4.22 only
    zones = {p["name"]: p for p in api_entry(cs, "listZones")["params"]}
    assert zones["ids"]["since"] == "4.19.0" and "storageaccessgroup" not in zones  # 4.21.0
    # registerIso displaytext: required in 4.18 and (undated change) still in 4.20
    assert {p["name"]: p for p in api_entry(cs, "registerIso")["params"]}["displaytext"]["required"] is True


def test_422_has_the_source_api(versioned):
    cs = versioned
    cs.control("/config", {"api_version": "4.22"})
    assert cs.ok("listCapabilities")["capability"]["cloudstackversion"] == "4.22.0.0"
    params = {p["name"]: p for p in api_entry(cs, "updateStoragePool")["params"]}
    assert {"url", "details", "istagarule"} <= set(params)
    assert {p["name"]: p for p in api_entry(cs, "registerIso")["params"]}["displaytext"]["required"] is False
    zones = {p["name"] for p in api_entry(cs, "listZones")["params"]}
    assert "storageaccessgroup" in zones
    count = cs.ok("listApis")["count"]
    assert count == len(apispec.spec("4.22").commands) > 705


def test_new_command_exists_only_from_its_version(versioned):
    cs = versioned
    overlay = json.load(open(os.path.join(HERE, "..", "..", "emulator", "csemu", "data", "versions.json")))
    name, added = next((n, a) for n, a in sorted(overlay["added"].items())
                       if a["since"] and a["since"].startswith("4.19"))
    status, dummy = cs.api(name)
    assert status == 401  # a signed request for a command the server does not have
    cs.control("/config", {"api_version": "4.20"})
    assert name in {a["name"] for a in cs.ok("listApis")["api"]}
    assert cs.api(name)[0] != 401


def test_undeclared_in_418_is_declared_in_420(versioned):
    cs = versioned
    cs.control("/unknown_params", method="DELETE")
    cs.ok("listZones", ids="x")  # 4.18: not a listZones parameter, ignored
    assert [r["parameter"] for r in cs.control("/unknown_params")[1]["unknown_params"]] == ["ids"]
    cs.control("/config", {"api_version": "4.20"})
    cs.control("/unknown_params", method="DELETE")
    cs.api("listZones", ids="x")
    assert cs.control("/unknown_params")[1]["unknown_params"] == []


def test_bad_version_refused(versioned):
    status, body = versioned.control("/config", {"api_version": "4.19"})
    assert status == 400 and "unsupported API version" in body["error"]
    with pytest.raises(ValueError):
        apispec.normalize_version("5.0")


def _start_seconds(args):
    """(wall seconds to the ready file, CPU seconds of the whole run, ready-file content)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory() as tmp:
        ready = os.path.join(tmp, "ready.json")
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, RUNNER, "--port", "0", "--ready-file", ready] + args,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            while not os.path.exists(ready):
                assert proc.poll() is None, proc.stderr.read().decode()
                time.sleep(0.005)
            took = time.monotonic() - start
            with open(ready, encoding="utf-8") as fh:
                info = json.load(fh)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return took, cpu, info


@pytest.mark.parametrize("version", ["4.18", "4.22"])
def test_starts_in_under_a_second(version):
    """From process start to the ready file (the listener accepts connections). The CPU time of
    the whole run (start, then SIGTERM) is under a second; the wall time is printed and, best of
    three, also under a second unless the machine is saturated by other jobs (then two). A run under both
    bars settles it (the best of three would be too): the next runs are made only while none is."""
    busy = os.getloadavg()[0] / (os.cpu_count() or 1) > 1.0
    wall_bar = 2.0 if busy else 1.0
    runs = []
    while len(runs) < 3:
        runs.append(_start_seconds(["--api-version", version]))
        if runs[-1][1] < 1.0 and runs[-1][0] < wall_bar:
            break
    best_wall = min(r[0] for r in runs)
    best_cpu = min(r[1] for r in runs)
    print(f"emulator start ({version}): wall best {best_wall:.3f} s {[round(r[0], 3) for r in runs]}, "
          f"CPU best {best_cpu:.3f} s")
    assert runs[0][2]["api_version"] == version
    assert best_cpu < 1.0
    assert best_wall < wall_bar


def test_reset_returns_to_the_start_version(versioned):
    cs = versioned
    cs.control("/config", {"api_version": "4.22"})
    cs.control("/reset", {})
    assert cs.ok("listCapabilities")["capability"]["cloudstackversion"] == "4.18.0.0"
    cs.control("/reset", {"api_version": "4.20"})
    assert cs.ok("listCapabilities")["capability"]["cloudstackversion"] == "4.20.1.0"


@pytest.mark.parametrize("version,resultcode", [("4.18", 530), ("4.20", 431)])
def test_failed_job_resultcode(versioned, version, resultcode):
    """ApiAsyncJobDispatcher.runJob: an InvalidParameterValueException in a job is errorcode 431 in
    jobresult; 4.18.0 stores jobresultcode INTERNAL_ERROR (530) for every failure, 4.18.1 on
    (apache/cloudstack#7687) the error code itself."""
    cs = versioned
    cs.control("/config", {"api_version": version})
    vm_id, _iso = _vm_and_iso(cs)
    res = cs.ok("detachIso", virtualmachineid=vm_id)  # no ISO attached: InvalidParameterValueException
    job = cs.wait_job(res["jobid"])
    assert job["jobstatus"] == 2 and job["jobresult"]["errorcode"] == 431
    assert job["jobresultcode"] == resultcode

# -*- coding: utf-8 -*-
"""Twenty module runs at once against one emulator (moved here from the `concurrency` integration target).

Twenty processes add twenty hosts and twenty primary storage pools to one cluster at once, then add them
again (no change); then all twenty ensure the SAME zone, image store (CloudStack refuses a second one) and
ISO (CloudStack allows two ISOs with one name) at once: one object each, no failed run, and every run returns
the ISO that is kept.

Each step runs its twenty module runs in twenty processes at once, as Ansible's forks do: a launcher process
(this file run as a script, started once) imports the collection's modules, then for each step forks one
child per worker; the children wait on one pipe and start together; each runs the module's main() (the
module code that Ansible would run in its own process) and sends its result back. A fork costs milliseconds
where an Ansible task costs ~0.45 s of CPU per worker (the target took ~65 s for 143 module runs).
The emulator runs in this process (background threads) with the integration suite's job delay (0.1 s).
"""

from __future__ import annotations

import json
import resource
import os
import subprocess
import sys
import time

import pytest

WORKERS = 20


def _steps(conn):
    """The steps of the former concurrency.yml: (register name, module, args of each worker)."""
    cluster = {"zone": "conc-zone", "pod": "conc-pod", "cluster": "conc-cluster"}

    def host(i):
        return dict(conn, name="10.50.0.%d" % (100 + i), hypervisor="KVM", username="root",
                    password="concurrency-password", **cluster)

    def pool(i):
        return dict(conn, name="conc-pool-%d" % i, storage_url="nfs://10.0.0.5/export/conc-%d" % i, **cluster)

    workers = range(1, WORKERS + 1)
    return [
        ("first_host", "host", [host(i) for i in workers]),
        ("first_pool", "storage_pool", [pool(i) for i in workers]),
        ("second_host", "host", [host(i) for i in workers]),
        ("second_pool", "storage_pool", [pool(i) for i in workers]),
        ("shared_zone", "zone", [dict(conn, name="conc-shared-zone", network_type="Advanced", dns1="8.8.8.8")] * WORKERS),
        ("shared_store", "image_store", [dict(conn, name="conc-shared-secondary", zone="conc-shared-zone",
                                              url="nfs://10.0.0.5/export/conc-shared")] * WORKERS),
        ("shared_iso", "iso", [dict(conn, name="conc-shared-iso", url="http://mirror.example.com/isos/conc-shared.iso",
                                    os_type="Other Linux (64-bit)", zone="conc-shared-zone")] * WORKERS),
    ]


# ------------------------------------------------------------------ the launcher (this file as a script)
class _Exit(BaseException):
    def __init__(self, result):
        super().__init__()
        self.result = result


def _run_forked(module, args_list):
    """Fork one child per args, start them together, return their results in order."""
    go_read, go_write = os.pipe()
    children = []
    for args in args_list:
        out_read, out_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: wait for the start, run the module once, send its result
            os.close(go_write)
            os.close(out_read)
            os.read(go_read, 1)
            _child(module, args, out_write)
        os.close(out_write)
        children.append((pid, out_read))
    os.close(go_read)
    os.close(go_write)  # every child's read returns: all start at once
    results = []
    for pid, out_read in children:
        with os.fdopen(out_read, "rb") as handle:
            data = handle.read()
        os.waitpid(pid, 0)
        results.append(json.loads(data) if data else {"failed": True, "msg": "the child sent no result"})
    return results


def _child(module, args, out_write):
    from ansible.module_utils import basic

    def exit_json(self, **kwargs):
        kwargs.setdefault("changed", False)
        raise _Exit(kwargs)

    def fail_json(self, msg, **kwargs):
        kwargs.update(msg=msg, failed=True)
        raise _Exit(kwargs)

    result = {"failed": True, "msg": "the module returned without exit_json or fail_json"}
    try:
        basic._ANSIBLE_ARGS = json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode()
        if hasattr(basic, "_ANSIBLE_PROFILE"):  # ansible-core >= 2.19
            basic._ANSIBLE_PROFILE = "legacy"
        basic.AnsibleModule.exit_json = exit_json
        basic.AnsibleModule.fail_json = fail_json
        module.main()
    except _Exit as done:
        result = done.result
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as a failed run
        result = {"failed": True, "msg": "%s: %s" % (type(exc).__name__, exc)}
    try:
        with os.fdopen(out_write, "wb") as handle:
            handle.write(json.dumps(result, default=str).encode())
    finally:
        os._exit(0)


def launcher():
    """stdin: {"steps": [[register, module, [args, ...]], ...]}; stdout: {register: [result, ...]}."""
    import importlib

    steps = json.load(sys.stdin)["steps"]
    modules = {name: importlib.import_module("ansible_collections.csops.cloudstack.plugins.modules." + name)
               for name in sorted({step[1] for step in steps})}
    # what the module code imports on first use, imported once here rather than in every child
    for name in ("api_more", "module_more"):
        importlib.import_module("ansible_collections.csops.cloudstack.plugins.module_utils." + name)
    out = {}
    for register, name, args_list in steps:
        started, cpu = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
        out[register] = _run_forked(modules[name], args_list)
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        print("%s: %.2f s, children cpu %.2f s" % (register, time.monotonic() - started,
              used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime), file=sys.stderr)
    json.dump(out, sys.stdout)


# ------------------------------------------------------------------ the test
@pytest.fixture(scope="module")
def emulator():
    from csemu import server  # tests/emulator is on PYTHONPATH (tests/scripts/units.sh)

    running = server.start(port=0, job_delay=0.1)
    yield running
    running.stop()


def _get(running, path):
    import urllib.request

    with urllib.request.urlopen(running.control + "/" + path, timeout=30) as resp:
        return json.loads(resp.read())


def _state(running, collection):
    return _get(running, "state/" + collection)


def _core_version():
    from ansible.release import __version__

    return tuple(int(part) for part in __version__.split(".")[:2])


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
# the module code under test is the same on every ansible-core; like the integration target it replaces, it runs with
# the newest (units.sh oldest runs tests/unit/plugins with ansible-core 2.17, and 16 s of settle waits there buy nothing)
@pytest.mark.skipif(_core_version() < (2, 18), reason="runs with the newest ansible-core only (as the concurrency target did)")
def test_twenty_at_once(emulator):
    conn = {"api_url": emulator.endpoint, "api_key": emulator.api_key, "api_secret": emulator.secret_key}
    # the cluster to fill, as the target's first play built it with the zone, pod and cluster modules
    steps = [
        ("zone", "zone", [dict(conn, name="conc-zone", network_type="Advanced", dns1="8.8.8.8")]),
        ("pod", "pod", [dict(conn, name="conc-pod", zone="conc-zone", gateway="10.50.0.1", netmask="255.255.255.0",
                             start_ip="10.50.0.2", end_ip="10.50.0.10")]),
        ("cluster", "cluster", [dict(conn, name="conc-cluster", zone="conc-zone", pod="conc-pod", hypervisor="KVM")]),
    ] + _steps(conn)
    proc = subprocess.run([sys.executable, __file__], input=json.dumps({"steps": steps}), capture_output=True,
                          text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    print(proc.stderr)
    res = json.loads(proc.stdout)
    for register in ("zone", "pod", "cluster"):
        assert not res[register][0].get("failed"), res[register][0].get("msg")
    assert "concurrency-password" not in proc.stdout, "a host password came back in a result"

    # one zone, one image store, one ISO, whatever the twenty did at once; no run failed
    zones, stores, isos = _state(emulator, "zones"), _state(emulator, "imagestores"), _state(emulator, "isos")
    assert len([z for z in zones if z["name"] == "conc-shared-zone"]) == 1
    assert len([s for s in stores if s["name"] == "conc-shared-secondary"]) == 1
    kept = [i for i in isos if i["name"] == "conc-shared-iso"]
    assert len(kept) == 1
    for register in ("shared_zone", "shared_store", "shared_iso"):
        failed = [r.get("msg") for r in res[register] if r.get("failed")]
        assert not failed, "%s: %d of %d runs failed: %s" % (register, len(failed), WORKERS, failed[:3])
    # a run that found (or made) a twin made in the same second waits until the twins have settled:
    # every run returns the one ISO that is kept, never one that another run then deleted
    returned = [r["iso"]["id"] for r in res["shared_iso"]]
    assert [i for i in returned if i != kept[0]["id"]] == [], "runs returned a deleted ISO"

    # all succeeded once, no duplicate, the rerun changed nothing
    hosts, pools = _state(emulator, "hosts"), _state(emulator, "storagepools")
    assert len(hosts) == WORKERS and len({h["ipaddress"] for h in hosts}) == WORKERS
    assert len(pools) == WORKERS and len({p["name"] for p in pools}) == WORKERS
    for register, changed in (("first_host", WORKERS), ("first_pool", WORKERS), ("second_host", 0), ("second_pool", 0)):
        failed = [r.get("msg") for r in res[register] if r.get("failed")]
        assert not failed, "%s: %s" % (register, failed[:3])
        assert sum(1 for r in res[register] if r.get("changed")) == changed, register
    # as tests/scripts/integration.sh checks after the integration targets: no parameter a command does not declare
    assert _get(emulator, "unknown_params")["unknown_params"] == []


if __name__ == "__main__":
    launcher()

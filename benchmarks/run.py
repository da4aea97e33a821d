"""Benchmark: API calls and wall time per module for create, idempotent no-op and delete.

Starts the emulator on a free loopback port, runs each module ad hoc
(`ansible localhost -m csops.cloudstack.<module>`) the way an operator does, and reads the
emulator's request log to count the API calls of each run. Each figure is the median of
--repeat runs. Prints a Markdown table and writes it to docs/performance.md (section
"Modules") and the raw figures to benchmarks/results/modules.json.

Usage: python3 benchmarks/run.py [--repeat 3] [--no-write]
Needs `ansible` on PATH (make bench uses the newest venv) and the collection importable
(ANSIBLE_COLLECTIONS_PATH; make bench builds .build/).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from emulator_process import Emulator  # noqa: E402  pylint: disable=wrong-import-position

# (label, module, args for create, args for delete); run in this order, deletes in reverse.
STEPS = [
    ("zone", "zone", {"name": "bench-zone", "network_type": "Advanced", "dns1": "8.8.8.8"}),
    ("pod", "pod", {"name": "bench-pod", "zone": "bench-zone", "gateway": "10.10.0.1", "netmask": "255.255.255.0",
                    "start_ip": "10.10.0.10", "end_ip": "10.10.0.100"}),
    ("cluster", "cluster", {"name": "bench-cluster", "zone": "bench-zone", "pod": "bench-pod", "hypervisor": "KVM"}),
    ("host", "host", {"name": "10.10.0.21", "zone": "bench-zone", "pod": "bench-pod", "cluster": "bench-cluster",
                      "hypervisor": "KVM", "username": "root", "password": "bench-password"}),
    ("storage_pool", "storage_pool", {"name": "bench-primary", "zone": "bench-zone", "pod": "bench-pod",
                                      "cluster": "bench-cluster", "storage_url": "nfs://10.0.0.5/export/primary"}),
    ("image_store", "image_store", {"name": "bench-secondary", "zone": "bench-zone",
                                    "url": "nfs://10.0.0.5/export/secondary"}),
    ("network", "network", {"name": "bench-shared", "zone": "bench-zone", "network_offering": "DefaultSharedNetworkOffering",
                            "vlan": "300", "gateway": "10.30.0.1", "netmask": "255.255.255.0", "start_ip": "10.30.0.10",
                            "end_ip": "10.30.0.100"}),
    ("service_offering", "service_offering", {"name": "bench-compute", "cpu_number": 2, "cpu_speed": 2000,
                                              "memory": 4096, "host_tags": ["bench"]}),
    ("disk_offering", "disk_offering", {"name": "bench-disk", "disk_size": 50, "storage_tags": ["ssd"]}),
    ("network_offering", "network_offering", {"name": "bench-isolated", "guest_ip_type": "Isolated", "state": "enabled",
                                              "supported_services": ["Dhcp", "Dns", "SourceNat"],
                                              "service_providers": {"Dhcp": "VirtualRouter", "Dns": "VirtualRouter",
                                                                    "SourceNat": "VirtualRouter"}}),
    ("vpc_offering", "vpc_offering", {"name": "bench-vpc", "supported_services": ["Dhcp", "Dns", "Lb"],
                                      "state": "enabled"}),
    ("template", "template", {"name": "bench-template", "zone": "bench-zone", "hypervisor": "KVM", "format": "QCOW2",
                              "url": "http://mirror.example.com/images/bench.qcow2", "os_type": "Ubuntu 20.04 LTS"}),
    ("domain", "domain", {"path": "ROOT/bench-domain", "network_domain": "bench.example.com"}),
    ("account", "account", {"name": "bench-account", "domain": "ROOT/bench-domain", "username": "bench-admin",
                            "password": "bench-password", "first_name": "Bench", "last_name": "Admin",
                            "email": "bench@example.com"}),
    ("user", "user", {"username": "bench-user", "account": "bench-account", "domain": "ROOT/bench-domain",
                      "password": "bench-password", "first_name": "Bench", "last_name": "User",
                      "email": "user@example.com"}),
    ("role", "role", {"name": "bench-role", "role_type": "User"}),
    ("role_permission", "role_permission", {"role": "bench-role", "rule": "list*", "permission": "allow"}),
    ("resource_limit", "resource_limit", {"domain": "ROOT/bench-domain", "resource_type": "user_vm", "limit": 10}),
]
DELETE_KEYS = {"zone": ("name",), "pod": ("name", "zone"), "cluster": ("name", "zone"), "host": ("name",),
               "storage_pool": ("name", "zone"), "image_store": ("name", "zone"), "network": ("name", "zone"),
               "template": ("name", "hypervisor"), "domain": ("path",), "account": ("name", "domain"),
               "user": ("username", "domain"), "role": ("name",), "role_permission": ("role", "rule"),
               "service_offering": ("name",), "disk_offering": ("name",), "network_offering": ("name",),
               "vpc_offering": ("name",)}
# Steps whose "delete" is another change (a limit cannot be deleted: it goes back to unlimited).
DELETE_ARGS = {"resource_limit": {"domain": "ROOT/bench-domain", "resource_type": "user_vm", "limit": -1}}
# Where the server cannot filter by what the task names, an unchanged run needs a second read:
# the rules of a role are listed by role id (the role is found by name first), and a limit is
# listed by domain id (the domain is found by path first). Both are one call with ids.
NOOP_CALLS = {"role_permission": 2, "resource_limit": 2}
# Unmeasured set-up a step needs (run before its create) and its removal (run after its delete).
PREPARE = {"network": [("physical_network", {"name": "bench-pnet", "zone": "bench-zone", "vlan": "100-199",
                                             "state": "enabled"}),
                       ("traffic_type", {"physical_network": "bench-pnet", "zone": "bench-zone", "traffic_type": "Guest",
                                         "kvm_network_label": "cloudbr1"})]}
UNPREPARE = {"network": [("physical_network", {"name": "bench-pnet", "zone": "bench-zone", "state": "absent"})]}


def run_module(module, args, env):
    """Run one module ad hoc; return (changed, failed, seconds, output)."""
    cmd = ["ansible", "localhost", "-m", "csops.cloudstack." + module, "-a", json.dumps(args)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    out = proc.stdout
    try:
        # minimal callback: "localhost | CHANGED => {...}"
        result = json.loads(out[out.index("=>") + 2:])
    except ValueError:
        return None, True, seconds, out + proc.stderr
    return bool(result.get("changed")), bool(result.get("failed")), seconds, result.get("msg", "")


def measure(emu, label, module, args, env, expect_changed):
    mark = emu.last_seq()
    changed, failed, seconds, msg = run_module(module, args, env)
    calls = emu.log_since(mark)
    if failed or changed is not expect_changed:
        raise SystemExit("benchmark step %s %s failed or changed=%s (wanted %s): %s" % (
            label, module, changed, expect_changed, msg))
    api_seconds = (calls[-1]["time"] - calls[0]["time"]) if len(calls) > 1 else 0.0
    return {"calls": len(calls), "wall": seconds, "api_span": api_seconds,
            "commands": [c["command"] for c in calls]}


def unmeasured(steps, env):
    for module, args in steps:
        dummy_changed, failed, dummy_seconds, msg = run_module(module, args, env)
        if failed:
            raise SystemExit("benchmark set-up %s failed: %s" % (module, msg))


def one_round(emu, env):
    emu.reset()
    figures = {}
    for label, module, args in STEPS:
        unmeasured(PREPARE.get(label, ()), env)
        figures.setdefault(label, {})["create"] = measure(emu, label, module, args, env, True)
        figures[label]["noop"] = measure(emu, label, module, args, env, False)
    for label, module, args in reversed(STEPS):
        if label in DELETE_ARGS:
            figures[label]["delete"] = measure(emu, label, module, DELETE_ARGS[label], env, True)
            continue
        delete_args = {k: args[k] for k in DELETE_KEYS[label]}
        delete_args["state"] = "absent"
        if module == "host":
            delete_args["force"] = True
        figures[label]["delete"] = measure(emu, label, module, delete_args, env, True)
        unmeasured(UNPREPARE.get(label, ()), env)
    return figures


def median_of(rounds, label, op, key):
    return statistics.median(r[label][op][key] for r in rounds)


def table(rounds):
    lines = ["| module | create calls | create s | no-op calls | no-op s | delete calls | delete s |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for label, _module, _args in STEPS:
        cells = [label]
        for op in ("create", "noop", "delete"):
            cells.append("%d" % median_of(rounds, label, op, "calls"))
            cells.append("%.2f" % median_of(rounds, label, op, "wall"))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine():
    return "%s, %s, %d cores, Python %s" % (platform.node() or "host", platform.machine(), os.cpu_count() or 0,
                                            platform.python_version())


def write_section(path, title, body):
    """Replace (or add) the '## title' section of docs/performance.md."""
    text = path.read_text() if path.exists() else "# Performance\n\nFigures measured by `make bench` against the emulator.\n"
    start = text.find("\n## %s\n" % title)
    section = "\n## %s\n\n%s\n" % (title, body)
    if start == -1:
        text = text.rstrip("\n") + "\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end:] if end != -1 else "")
    path.write_text(text)


BASELINE = ROOT / "benchmarks" / "baseline.json"
#: A figure worse than its baseline by more than this fraction is reported.
MARGIN = float(os.environ.get("CSOPS_BENCH_MARGIN", "0.25"))


def check_baseline(name, figures, update=None):
    """Compare figures (lower is better) with benchmarks/baseline.json; report those worse by more than MARGIN.

    With CSOPS_BENCH_UPDATE_BASELINE=1 (or update=True) the figures become the new baseline.
    Returns the list of worse figures.
    """
    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    old = baseline.get(name, {})
    worse = []
    for key, value in sorted(figures.items()):
        before = old.get(key)
        if isinstance(before, (int, float)) and before > 0 and value > before * (1 + MARGIN) and value - before > 0.05:
            worse.append(key)
            print("REGRESSION %s.%s: %.3f, baseline %.3f (margin %d%%)" % (name, key, value, before, MARGIN * 100))
    if update or (update is None and os.environ.get("CSOPS_BENCH_UPDATE_BASELINE") == "1"):
        baseline[name] = figures
        BASELINE.write_text(json.dumps(baseline, indent=1, sort_keys=True) + "\n")
    return worse


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only; do not update docs/performance.md")
    opts = parser.parse_args()
    with Emulator(job_delay=0.05) as emu:
        env = dict(os.environ, CLOUDSTACK_ENDPOINT=emu.endpoint, CLOUDSTACK_KEY=emu.api_key,
                   CLOUDSTACK_SECRET=emu.secret_key, ANSIBLE_LOAD_CALLBACK_PLUGINS="1", ANSIBLE_STDOUT_CALLBACK="ansible.builtin.minimal",
                   ANSIBLE_PYTHON_INTERPRETER=sys.executable)
        env.setdefault("ANSIBLE_COLLECTIONS_PATH", str(ROOT / ".build"))
        rounds = [one_round(emu, env) for dummy in range(opts.repeat)]
    text = table(rounds)
    noop_calls = {label: median_of(rounds, label, "noop", "calls") for label, _m, _a in STEPS}
    body = ("Median of %d runs on %s, %s. Wall time is a whole `ansible localhost -m ...` run "
            "(Ansible's start-up included); calls are the API requests the emulator logged.\n\n%s\n\n"
            "Idempotent no-op runs: %s." % (
                opts.repeat, machine(), time.strftime("%Y-%m-%d"), text,
                "one API call each, except %s" % ", ".join("%s %d (by name; 1 by id)" % (k, v) for k, v in sorted(NOOP_CALLS.items()))
                if all(v == NOOP_CALLS.get(k, 1) for k, v in noop_calls.items()) else json.dumps(noop_calls)))
    print(text)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "modules.json").write_text(json.dumps(rounds, indent=1))
    if not opts.no_write:
        write_section(ROOT / "docs" / "performance.md", "Modules: create, no-op, delete", body)
    figures = {}
    for label, dummy_module, dummy_args in STEPS:
        for op in ("create", "noop", "delete"):
            figures["%s_%s_calls" % (label, op)] = median_of(rounds, label, op, "calls")
            figures["%s_%s_s" % (label, op)] = median_of(rounds, label, op, "wall")
    worse = check_baseline("modules", figures)
    if any(v != NOOP_CALLS.get(k, 1) for k, v in noop_calls.items()):
        print("WARNING: an idempotent run cost more API calls than expected: %s" % noop_calls)
        return 1
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main())

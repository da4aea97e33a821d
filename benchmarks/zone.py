"""Benchmark: deploy a scaled Advanced zone through playbooks/deploy_zone.yml, then run it again.

Generates a zone-role description (4 pods x 4 clusters x 8 KVM hosts, one NFS primary storage per
cluster, NFS secondary storage; sizes set by the options), starts a fresh emulator
(job delay 0.05 s) for each round and runs `ansible-playbook playbooks/deploy_zone.yml` twice:
the first run builds the zone, the second must change nothing. This is done for both ways of the
zone role: its per-object tasks (zone_engine=tasks) and zone_converge with parallelism 8; for the
bound of issue 14 the zone_converge deploy runs once more with job delay 0 (its sequential part). For each run it measures the wall
time, the API calls the emulator logged, the tasks per second (tasks = the `ok=` count of the
play recap) and the writes (log entries with readonly false; the rerun must have none).
Each figure is the median of --repeat rounds. Prints a Markdown table and writes it to
docs/performance.md (section "Zone deployment") and the raw figures to benchmarks/results/zone.json.

Usage: python3 benchmarks/zone.py [--repeat 1] [--pods 4] [--clusters 4] [--hosts 8] [--no-write]
Needs `ansible-playbook` on PATH and the collection importable (ANSIBLE_COLLECTIONS_PATH pointing at a
tree with ansible_collections/csops/cloudstack; .build/ when not set).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from emulator_process import Emulator  # noqa: E402  pylint: disable=wrong-import-position
from run import check_baseline, machine, write_section  # noqa: E402  pylint: disable=wrong-import-position

PLAYBOOK = ROOT / "playbooks" / "deploy_zone.yml"
# The variable of deploy_zone.yml that names the description file, and the description's key for the zones.
DESCRIPTION_VAR = "zone_description"
JOB_DELAY = 0.05
PARALLELISM = 8
ZONES_KEY = "zone_zones"


def zone_description(pods=4, clusters=4, hosts=8, name="bench-zone"):
    """The zone-role description of one Advanced zone: pods x clusters x hosts, one primary storage per
    cluster, NFS secondary storage, one physical network with every traffic type (as the role expects it)."""
    pod_list = []
    for p in range(1, pods + 1):
        cluster_list = []
        for c in range(1, clusters + 1):
            cname = "pod-%d-kvm-%d" % (p, c)
            cluster_list.append({
                "name": cname,
                "hypervisor": "KVM",
                # host addresses 10.0.<pod>.<100 + 10*cluster + host>, outside the pod's management range
                "hosts": [{"name": "10.0.%d.%d" % (p, 100 + 10 * c + h), "username": "root", "password": "bench-password"}
                          for h in range(hosts)],
                "primary_storage": [{"name": cname + "-primary", "url": "nfs://10.0.0.5/export/primary/" + cname}],
            })
        pod_list.append({
            "name": "pod-%d" % p, "gateway": "10.0.%d.1" % p, "netmask": "255.255.255.0",
            "start_ip": "10.0.%d.10" % p, "end_ip": "10.0.%d.60" % p, "clusters": cluster_list,
        })
    zone = {
        "name": name, "network_type": "Advanced", "dns1": "8.8.8.8", "internal_dns1": "10.0.0.2",
        "guest_cidr_address": "10.1.0.0/16", "enabled": True,
        "physical_networks": [{
            "name": "pnet-1", "isolation_methods": ["VLAN"], "vlan": "100-200", "broadcast_domain_range": "ZONE",
            "traffic_types": [{"type": t, "kvm_network_label": label} for t, label in (
                ("Management", "cloudbr0"), ("Public", "cloudbr0"), ("Guest", "cloudbr1"), ("Storage", "cloudbr0"))],
            "providers": [{"name": "VirtualRouter"}, {"name": "VpcVirtualRouter"}, {"name": "InternalLbVm"}],
        }],
        "public_ranges": [{"gateway": "203.0.113.1", "netmask": "255.255.255.0", "start_ip": "203.0.113.10",
                           "end_ip": "203.0.113.100", "vlan": "50"}],
        "pods": pod_list,
        "secondary_storage": [{"name": "secondary-1", "provider": "NFS", "url": "nfs://10.0.0.5/export/secondary"}],
    }
    return {ZONES_KEY: [zone]}


def run_playbook(playbook, description_file, env, extra=()):
    """One ansible-playbook run; returns (seconds, tasks (ok=), changed, output)."""
    cmd = ["ansible-playbook", "-i", "localhost,", "-c", "local", str(playbook), "-e",
           "%s=%s" % (DESCRIPTION_VAR, description_file)]
    for item in extra:
        cmd += ["-e", item]
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    out = proc.stdout + proc.stderr
    recap = re.findall(r"^\S+\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", out, re.M)
    if proc.returncode != 0 or not recap:
        raise SystemExit("%s failed (rc %d):\n%s" % (playbook, proc.returncode, out[-4000:]))
    return seconds, sum(int(r[0]) for r in recap), sum(int(r[1]) for r in recap), out


def measure(emu, playbook, description_file, env, extra=()):
    mark = emu.last_seq()
    seconds, tasks, changed, dummy = run_playbook(playbook, description_file, env, extra)
    calls = emu.log_since(mark)
    writes = [c["command"] for c in calls if not c["readonly"]]
    return {"wall": seconds, "calls": len(calls), "writes": len(writes), "tasks": tasks, "changed": changed,
            "tasks_per_s": tasks / seconds if seconds else 0.0, "write_commands": sorted(set(writes))}


#: the two ways of the zone role (variable zone_engine): per-object tasks, and zone_converge with parallelism 8
ENGINES = (("tasks", ("zone_engine=tasks",)), ("converge", ("zone_engine=converge", "zone_parallelism=%d" % PARALLELISM)))


def one_round(playbook, description_file, env_base, job_delay=JOB_DELAY, engine="tasks"):
    extra = dict(ENGINES)[engine]
    with Emulator(job_delay=job_delay) as emu:
        env = dict(env_base, CLOUDSTACK_ENDPOINT=emu.endpoint, CLOUDSTACK_KEY=emu.api_key,
                   CLOUDSTACK_SECRET=emu.secret_key)
        first = measure(emu, playbook, description_file, env, extra)
        first["jobs"] = len(emu.state("jobs"))
        rerun = measure(emu, playbook, description_file, env, extra)
        counts = {coll: len(emu.state(coll)) for coll in ("pods", "clusters", "hosts", "storagepools", "imagestores")}
    return {"first": first, "rerun": rerun, "objects": counts}


def median(rounds, run, key, engine="tasks"):
    return statistics.median(r[engine][run][key] for r in rounds)


def table(rounds):
    lines = ["| path | run | wall s | API calls | writes | tasks (ok=) | tasks/s |", "|---|---|---:|---:|---:|---:|---:|"]
    for engine, path in (("tasks", "per-object tasks (`zone_engine: tasks`)"),
                         ("converge", "`zone_converge`, parallelism %d (`zone_engine: converge`)" % PARALLELISM)):
        for run, label in (("first", "first run (build)"), ("rerun", "rerun (no-op)")):
            lines.append("| %s | %s | %.1f | %d | %d | %d | %.1f |" % (
                path, label, median(rounds, run, "wall", engine), median(rounds, run, "calls", engine),
                median(rounds, run, "writes", engine), median(rounds, run, "tasks", engine),
                median(rounds, run, "tasks_per_s", engine)))
    return "\n".join(lines)


def bound(rounds):
    """The first deploy through zone_converge against the emulator's summed job delays / parallelism + the
    sequential part (the same deploy with job delay 0)."""
    jobs = statistics.median(r["converge"]["first"]["jobs"] for r in rounds)
    summed = jobs * JOB_DELAY
    sequential = statistics.median(r["converge_nodelay"]["first"]["wall"] for r in rounds)
    limit = summed / PARALLELISM + sequential
    wall = median(rounds, "first", "wall", "converge")
    return {"jobs": jobs, "summed_delay": summed, "sequential": sequential, "bound": limit, "wall": wall,
            "ratio": wall / limit if limit else 0.0}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--pods", type=int, default=4)
    parser.add_argument("--clusters", type=int, default=4, help="clusters per pod")
    parser.add_argument("--hosts", type=int, default=8, help="hosts per cluster")
    parser.add_argument("--playbook", default=str(PLAYBOOK), help="the playbook to run (default: playbooks/deploy_zone.yml)")
    parser.add_argument("--no-write", action="store_true", help="print only; do not update docs/performance.md")
    opts = parser.parse_args()
    env = dict(os.environ, ANSIBLE_PYTHON_INTERPRETER=os.environ.get("ANSIBLE_PYTHON_INTERPRETER", sys.executable))
    env.setdefault("ANSIBLE_COLLECTIONS_PATH", str(ROOT / ".build"))
    tmp = tempfile.mkdtemp(prefix="csbench-zone-")
    description_file = os.path.join(tmp, "zone.yml")
    with open(description_file, "w") as handle:
        # JSON is YAML: include_vars reads it.
        json.dump(zone_description(opts.pods, opts.clusters, opts.hosts), handle, indent=1)
    rounds = []
    for dummy in range(opts.repeat):
        rounds.append({"tasks": one_round(opts.playbook, description_file, env, engine="tasks"),
                       "converge": one_round(opts.playbook, description_file, env, engine="converge"),
                       "converge_nodelay": one_round(opts.playbook, description_file, env, job_delay=0.0, engine="converge")})
    text = table(rounds)
    fig = bound(rounds)
    noop_wall, noop_calls = median(rounds, "rerun", "wall", "converge"), median(rounds, "rerun", "calls", "converge")
    verdict = (
        "Issue 14's figures, same run: the no-op rerun through `zone_converge` took %.1f s and %d API calls (target: at "
        "most 5 s and 15 calls; the calls are one list walk per kind, the preflight's checks read from them; the "
        "wall time is mostly ansible-playbook's start and the one module task); per-object tasks: %.1f s and %d calls. The first deploy "
        "through `zone_converge` with parallelism %d took %.1f s; the emulator's summed job delays are %d jobs x %.2f s "
        "= %.2f s, the sequential part (the same deploy with job delay 0) %.1f s, so the bound is %.2f / %d + %.1f = "
        "%.1f s and the deploy is %.2fx of it (target: at most 1.5x)." % (
            noop_wall, noop_calls, median(rounds, "rerun", "wall"), median(rounds, "rerun", "calls"), PARALLELISM,
            fig["wall"], fig["jobs"], JOB_DELAY, fig["summed_delay"], fig["sequential"], fig["summed_delay"], PARALLELISM,
            fig["sequential"], fig["bound"], fig["ratio"]))
    objects = rounds[-1]["converge"]["objects"]
    body = ("One Advanced zone of %d pods x %d clusters x %d KVM hosts (%d hosts, %d primary storages, NFS secondary "
            "storage, one physical network with four traffic types, a public range) built with "
            "`ansible-playbook playbooks/deploy_zone.yml` from a generated description (benchmarks/zone.py), against a "
            "fresh emulator with a %.2f s job delay; then the same playbook run again; once with the zone role's "
            "per-object tasks, once with `zone_converge`. Median of %d round(s) on %s, %s. "
            "Wall time is the whole ansible-playbook run; calls are the API requests the emulator logged; tasks are the "
            "recap's `ok=` count.\n\n%s\n\n%s\n\nThe emulator held %s after the first run." % (
                opts.pods, opts.clusters, opts.hosts, opts.pods * opts.clusters * opts.hosts, opts.pods * opts.clusters,
                JOB_DELAY, opts.repeat, machine(), time.strftime("%Y-%m-%d"), text, verdict,
                ", ".join("%d %s" % (n, coll) for coll, n in objects.items())))
    print(text)
    print(verdict)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "zone.json").write_text(json.dumps(rounds, indent=1))
    if not opts.no_write:
        write_section(ROOT / "docs" / "performance.md", "Zone deployment", body)
    figures = {"%s_%s" % (run, key): median(rounds, run, key) for run in ("first", "rerun") for key in ("wall", "calls")}
    figures.update({"converge_%s_%s" % (run, key): median(rounds, run, key, "converge")
                    for run in ("first", "rerun") for key in ("wall", "calls")})
    worse = check_baseline("zone", figures)
    rerun_writes = [r[e]["rerun"]["write_commands"] for r in rounds for e in ("tasks", "converge") if r[e]["rerun"]["writes"]]
    if rerun_writes:
        print("ERROR: the rerun wrote to the API: %s" % rerun_writes)
        return 1
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main())

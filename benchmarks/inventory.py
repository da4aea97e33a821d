"""Benchmark: the csops.cloudstack.instance inventory plugin on 1,000 and 10,000 VMs.

Starts the emulator (benchmarks/emulator_process.py), seeds the VMs through the control
endpoint (POST /_emulator/seed), and builds the inventory with `ansible-inventory --graph` (and `--list`)
the way an operator does. Each figure is the median of --repeat runs: wall time, API calls
(from the emulator's request log) and peak memory of the ansible-inventory process
(ru_maxrss of the child). Target: 10,000 VMs in under 5 s with 20 API calls or fewer.
Prints a Markdown table and writes it to docs/performance.md (section "Inventory") and the
raw figures to benchmarks/results/inventory.json.

Usage: python3 benchmarks/inventory.py [--repeat 3] [--sizes 1000,10000] [--no-write]
Needs `ansible-inventory` on PATH (or --ansible-inventory PATH) and the collection importable
(ANSIBLE_COLLECTIONS_PATH).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from emulator_process import Emulator  # noqa: E402  pylint: disable=wrong-import-position
from run import write_section  # noqa: E402  pylint: disable=wrong-import-position

ZONES = ("zone-a", "zone-b", "zone-c")
OS_TYPES = ("Ubuntu 22.04 LTS", "CentOS 7", "Debian GNU/Linux 12 (64-bit)", "Windows Server 2022 (64-bit)")
TARGET_SECONDS = 5.0
TARGET_CALLS = 20


def seed(emu, count):
    emu.reset(job_delay=0.05)
    zones = emu.seed({"zones": [{"name": name, "allocationstate": "Enabled"} for name in ZONES]})["zones"]
    vms = []
    for i in range(count):
        vm = {"name": "vm-%05d" % i, "zoneid": zones[i % len(zones)]["id"],
              "state": "Running" if i % 10 else "Stopped", "osdisplayname": OS_TYPES[i % len(OS_TYPES)],
              "hypervisor": "KVM" if i % 4 else "VMware", "tags": {"env": ("prod", "dev")[i % 2]}}
        if i % 5 == 0:
            vm["publicip"] = "203.0.%d.%d" % ((i >> 8) & 255, i & 255)
        vms.append(vm)
    start = time.monotonic()
    emu.seed({"virtualmachines": vms})
    return time.monotonic() - start


def run_inventory(binary, config, env, mode="--graph"):
    """One ansible-inventory run: (seconds, peak RSS in MiB, host count).

    --graph builds the inventory as a playbook does (parse, groups, compose); --list also
    serializes every host variable to JSON, which ansible-core does in pure Python."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    proc = subprocess.run([binary, "-i", str(config), mode], env=env, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - start
    if proc.returncode != 0:
        raise RuntimeError("ansible-inventory failed: %s" % proc.stderr[-2000:])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if mode == "--list":
        hosts = len(json.loads(proc.stdout).get("_meta", {}).get("hostvars", {}))
    else:
        hosts = len({line.strip().lstrip("|-") for line in proc.stdout.splitlines() if "vm-" in line})
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: only a new maximum is exact.
    return elapsed, max(peak, before) / 1024.0, hosts


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--ansible-inventory", default=shutil.which("ansible-inventory") or "ansible-inventory")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with Emulator(job_delay=0.05) as emu:
        tmp = Path(tempfile.mkdtemp(prefix="csinv-"))
        config = tmp / "bench.cloudstack.yml"
        config.write_text("plugin: csops.cloudstack.instance\n"
                          "api_url: %s\napi_key: %s\napi_secret: %s\n"
                          "keyed_groups:\n  - key: cloudstack.account\n    prefix: account\n"
                          "compose:\n  cs_zone: cloudstack.zone_name\n" % (emu.endpoint, emu.api_key, emu.secret_key))
        env = dict(os.environ, ANSIBLE_INVENTORY_ENABLED="csops.cloudstack.instance",
                   ANSIBLE_INVENTORY_CACHE="false")
        for size in sizes:
            seed_seconds = seed(emu, size)
            times, calls, peaks, list_times = [], [], [], []
            for _ in range(args.repeat):
                mark = emu.last_seq()
                seconds, peak, hosts = run_inventory(args.ansible_inventory, config, env)
                if hosts != size:
                    raise RuntimeError("expected %d hosts, got %d" % (size, hosts))
                times.append(seconds)
                peaks.append(peak)
                calls.append(len(emu.log_since(mark)))
                list_times.append(run_inventory(args.ansible_inventory, config, env, "--list")[0])
            rows.append({"vms": size, "seconds": round(statistics.median(times), 2),
                         "list_seconds": round(statistics.median(list_times), 2),
                         "api_calls": int(statistics.median(calls)), "peak_mib": round(max(peaks), 1),
                         "seed_seconds": round(seed_seconds, 2), "runs": args.repeat})
    lines = ["| VMs | --graph time (median of %d) | API calls | peak memory | --list time (JSON of all hostvars) | seeding |"
             % args.repeat, "|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append("| %d | %.2f s | %d | %.0f MiB | %.2f s | %.2f s |" % (
            r["vms"], r["seconds"], r["api_calls"], r["peak_mib"], r["list_seconds"], r["seed_seconds"]))
    big = [r for r in rows if r["vms"] == 10000]
    verdict = ""
    if big:
        ok = big[0]["seconds"] < TARGET_SECONDS and big[0]["api_calls"] <= TARGET_CALLS
        verdict = "\nTarget (10,000 VMs under %d s with %d API calls or fewer): %s." % (
            TARGET_SECONDS, TARGET_CALLS, "met" if ok else "NOT met")
    table = "\n".join(lines)
    print(table + verdict)
    if not args.no_write:
        body = ("`python3 benchmarks/inventory.py`: `ansible-inventory --graph` (and `--list`) with the instance plugin "
                "(listVirtualMachines, pagesize 500, listall) against the emulator, 3 zones, tags, keyed_groups "
                "and compose; peak memory is the child's ru_maxrss.\n\n" + table + "\n" + verdict.strip() + "\n")
        write_section(ROOT / "docs" / "performance.md", "Inventory", body)
        out = ROOT / "benchmarks" / "results" / "inventory.json"
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps(rows, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: how soon a module returns after an async job ends, and the import cost of module_utils.

- Async job overhead: the emulator's jobs take 1 s (job_delay); the client submits createPhysicalNetwork
  and waits for it. The overhead is the time from the job's end to the client's return (target under 0.3 s).
- Import time: a fresh Python process imports the collection's module_utils (what every module task pays
  on top of Ansible's own start-up), beside the import of `requests` that the client no longer needs.
- Per-task cost, paired in one run: `ansible localhost -m ansible.builtin.ping` (the trivial-module floor:
  Ansible's start-up, one module process importing module_utils.basic) alternating with a no-op
  `csops.cloudstack.zone` task (one API call). Target: at most the floor + 0.15 s.
Each figure is the median of --repeat runs. Prints a table and writes the section "Overhead" of
docs/performance.md. Needs ansible-core importable (ANSIBLE_COLLECTIONS_PATH or PYTHONPATH with the
collection tree; make bench sets it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from emulator_process import Emulator  # noqa: E402  pylint: disable=wrong-import-position
from run import check_baseline, machine, write_section  # noqa: E402  pylint: disable=wrong-import-position

JOB_DELAY = 1.0


def collection_path():
    base = os.environ.get("ANSIBLE_COLLECTIONS_PATH", str(ROOT / ".build")).split(":")[0]
    return base.rstrip("/").removesuffix("/ansible_collections")


def async_overhead(emu, repeat):
    sys.path.insert(0, collection_path())
    from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackClient  # pylint: disable=import-outside-toplevel
    client = CloudStackClient(emu.endpoint, api_key=emu.api_key, api_secret=emu.secret_key)
    zone = client.request("createZone", {"name": "bench-async", "dns1": "8.8.8.8", "internaldns1": "8.8.8.8",
                                         "networktype": "Advanced"})["zone"]
    overheads, polls = [], []
    for index in range(repeat):
        calls = client.calls
        start = time.perf_counter()
        client.call("createPhysicalNetwork", {"name": "bench-pn-%d" % index, "zoneid": zone["id"]})
        elapsed = time.perf_counter() - start
        overheads.append(elapsed - JOB_DELAY)
        polls.append(client.calls - calls - 1)
    client.close()
    return statistics.median(overheads), statistics.median(polls)


def import_time(repeat):
    code = ("import time; t = time.perf_counter(); "
            "import ansible_collections.csops.cloudstack.plugins.module_utils.module; "
            "print(time.perf_counter() - t)")
    env = dict(os.environ, PYTHONPATH=collection_path())
    figures = []
    for dummy in range(repeat):
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
        figures.append(float(out.strip()))
    return statistics.median(figures)


def requests_import_time(repeat):
    code = "import time; t = time.perf_counter(); import requests; print(time.perf_counter() - t)"
    figures = []
    for dummy in range(repeat):
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
        if proc.returncode:
            return None
        figures.append(float(proc.stdout.strip()))
    return statistics.median(figures)


def ad_hoc(module, args, env):
    start = time.perf_counter()
    proc = subprocess.run(["ansible", "localhost", "-m", module, "-a", args], env=env, capture_output=True, text=True,
                          check=False)
    seconds = time.perf_counter() - start
    if proc.returncode or "CHANGED" in proc.stdout:
        raise SystemExit("per-task benchmark: %s %s failed or changed: %s" % (module, args, proc.stdout + proc.stderr))
    return seconds


def per_task(emu, repeat):
    """Median wall time of the floor (ping) and of a no-op zone task, alternating, and the zone task's API calls."""
    env = dict(os.environ, CLOUDSTACK_ENDPOINT=emu.endpoint, CLOUDSTACK_KEY=emu.api_key, CLOUDSTACK_SECRET=emu.secret_key,
               ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOAD_CALLBACK_PLUGINS="1",
               ANSIBLE_STDOUT_CALLBACK="ansible.builtin.minimal")
    env.setdefault("ANSIBLE_COLLECTIONS_PATH", str(ROOT / ".build"))
    zone = "name=bench-floor dns1=8.8.8.8 network_type=Advanced"
    subprocess.run(["ansible", "localhost", "-m", "csops.cloudstack.zone", "-a", zone], env=env, capture_output=True,
                   check=True)
    ad_hoc("ansible.builtin.ping", "", env)  # warm the caches of both once
    ad_hoc("csops.cloudstack.zone", zone, env)
    floor, ours, calls = [], [], []
    for dummy in range(repeat):
        floor.append(ad_hoc("ansible.builtin.ping", "", env))
        mark = emu.last_seq()
        ours.append(ad_hoc("csops.cloudstack.zone", zone, env))
        calls.append(len(emu.log_since(mark)))
    return statistics.median(floor), statistics.median(ours), statistics.median(calls)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    opts = parser.parse_args()
    with Emulator(job_delay=JOB_DELAY) as emu:
        overhead, polls = async_overhead(emu, opts.repeat)
        floor, task, task_calls = per_task(emu, opts.repeat)
    imports = import_time(opts.repeat)
    requests_s = requests_import_time(opts.repeat)
    figures = {"async_overhead_s": overhead, "async_polls": polls, "module_utils_import_s": imports,
               "task_over_floor_s": task - floor}
    table = "\n".join([
        "| figure | value | target |",
        "|---|---:|---|",
        "| return after a 1 s async job ends | %.3f s | under 0.3 s |" % overhead,
        "| queryAsyncJobResult polls for that job | %d | |" % polls,
        "| import of module_utils (module.py, api.py, transport.py, connection.py) | %.3f s | |" % imports,
        "| import of `requests` (no longer needed, for comparison) | %s | |" % (
            "%.3f s" % requests_s if requests_s is not None else "not installed"),
        "| floor: `ansible localhost -m ansible.builtin.ping` | %.3f s | |" % floor,
        "| no-op `csops.cloudstack.zone` task (%d API call) | %.3f s | |" % (task_calls, task),
        "| no-op task over the floor | %.3f s | at most 0.15 s |" % (task - floor),
    ])
    print(table)
    body = ("Median of %d runs on %s, %s; the floor and the no-op task alternate in one run. "
            "Job polling starts at 0.05 s and grows by half each poll, capped at "
            "0.25 s for the first 10 s of a job.\n\n%s" % (opts.repeat, machine(), time.strftime("%Y-%m-%d"), table))
    if not opts.no_write:
        write_section(ROOT / "docs" / "performance.md", "Overhead: async jobs and imports", body)
    worse = check_baseline("overhead", figures)
    return 1 if overhead >= 0.3 or task - floor > 0.15 or worse else 0


if __name__ == "__main__":
    sys.exit(main())

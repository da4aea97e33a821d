"""Benchmark: how soon a module returns after an async job ends, and the import cost of module_utils.

- Async job overhead: the emulator's jobs take 1 s (job_delay); the client submits createPhysicalNetwork
  and waits for it. The overhead is the time from the job's end to the client's return (target under 0.3 s).
- Import time: a fresh Python process imports the collection's module_utils (what every module task pays
  on top of Ansible's own start-up), beside the import of `requests` that the client no longer needs.
- Per-task cost, paired in one run: `ansible localhost -m ansible.builtin.ping` (the trivial-module floor:
  Ansible's start-up, one module process importing module_utils.basic) alternating with a no-op
  `csops.cloudstack.zone` task (one API call). Target: at most the floor + 0.15 s.
- Where the difference goes, in the same run: each module's own process alone (its AnsiballZ file, kept once
  with ANSIBLE_KEEP_REMOTE_FILES and run directly, alternating), so that the rest of the difference is the
  controller's (finding the collection, building the payload). CPU seconds (user + system of the whole
  process tree) are reported beside the wall time: they do not count waiting for another job.
Each figure is the median of --repeat runs. Prints a table and writes the section "Overhead" of
docs/performance.md. Needs ansible-core importable (ANSIBLE_COLLECTIONS_PATH or PYTHONPATH with the
collection tree; make bench sets it).
"""

from __future__ import annotations

import argparse
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


def timed_run(cmd, env):
    """Run cmd; return (wall seconds, CPU seconds of the process tree, the completed process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, proc


def ad_hoc(module, args, env, cpu=None):
    seconds, cpu_s, proc = timed_run(["ansible", "localhost", "-m", module, "-a", args], env)
    if proc.returncode or "CHANGED" in proc.stdout:
        raise SystemExit("per-task benchmark: %s %s failed or changed: %s" % (module, args, proc.stdout + proc.stderr))
    if cpu is not None:
        cpu.append(cpu_s)
    return seconds


def kept_payload(module, args, env, where):
    """The AnsiballZ file of one ad hoc run (ANSIBLE_KEEP_REMOTE_FILES), copied to where."""
    tmp = tempfile.mkdtemp(prefix="csops-bench-")
    keep = dict(env, ANSIBLE_KEEP_REMOTE_FILES="1", ANSIBLE_REMOTE_TMP=tmp)
    subprocess.run(["ansible", "localhost", "-m", module, "-a", args], env=keep, capture_output=True, check=True)
    found = sorted(Path(tmp).glob("*/AnsiballZ_*.py"))
    if not found:
        raise SystemExit("per-task benchmark: no AnsiballZ file kept for %s" % module)
    target = Path(where) / found[0].name
    shutil.copy(found[0], target)
    shutil.rmtree(tmp, ignore_errors=True)
    return str(target)


def module_process(path, env, cpu):
    seconds, cpu_s, proc = timed_run([sys.executable, path], env)
    if proc.returncode or '"changed": true' in proc.stdout:
        raise SystemExit("per-task benchmark: %s failed or changed: %s" % (path, proc.stdout + proc.stderr))
    cpu.append(cpu_s)
    return seconds


def per_task(emu, repeat):
    """Medians of the floor (ping) and of a no-op zone task, alternating, with their module processes alone."""
    env = dict(os.environ, CLOUDSTACK_ENDPOINT=emu.endpoint, CLOUDSTACK_KEY=emu.api_key, CLOUDSTACK_SECRET=emu.secret_key,
               ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOAD_CALLBACK_PLUGINS="1",
               ANSIBLE_STDOUT_CALLBACK="ansible.builtin.minimal")
    env.setdefault("ANSIBLE_COLLECTIONS_PATH", str(ROOT / ".build"))
    zone = "name=bench-floor dns1=8.8.8.8 network_type=Advanced"
    subprocess.run(["ansible", "localhost", "-m", "csops.cloudstack.zone", "-a", zone], env=env, capture_output=True,
                   check=True)
    ad_hoc("ansible.builtin.ping", "", env)  # warm the caches of both once
    ad_hoc("csops.cloudstack.zone", zone, env)
    where = tempfile.mkdtemp(prefix="csops-bench-payloads-")
    ping_file = kept_payload("ansible.builtin.ping", "", env, where)
    zone_file = kept_payload("csops.cloudstack.zone", zone, env, where)
    fig = {key: [] for key in ("floor", "ours", "floor_cpu", "ours_cpu", "floor_mod", "ours_mod", "floor_mod_cpu",
                               "ours_mod_cpu")}
    calls = []
    for dummy in range(repeat):
        fig["floor"].append(ad_hoc("ansible.builtin.ping", "", env, fig["floor_cpu"]))
        mark = emu.last_seq()
        fig["ours"].append(ad_hoc("csops.cloudstack.zone", zone, env, fig["ours_cpu"]))
        calls.append(len(emu.log_since(mark)))
        fig["floor_mod"].append(module_process(ping_file, env, fig["floor_mod_cpu"]))
        fig["ours_mod"].append(module_process(zone_file, env, fig["ours_mod_cpu"]))
    shutil.rmtree(where, ignore_errors=True)
    medians = {key: statistics.median(values) for key, values in fig.items()}
    medians["calls"] = statistics.median(calls)
    return medians


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    opts = parser.parse_args()
    with Emulator(job_delay=JOB_DELAY) as emu:
        overhead, polls = async_overhead(emu, opts.repeat)
        task = per_task(emu, opts.repeat)
    imports = import_time(opts.repeat)
    requests_s = requests_import_time(opts.repeat)
    over = task["ours"] - task["floor"]
    figures = {"async_overhead_s": overhead, "async_polls": polls, "module_utils_import_s": imports,
               "task_over_floor_s": over}
    table = "\n".join([
        "| figure | value | target |",
        "|---|---:|---|",
        "| return after a 1 s async job ends | %.3f s | under 0.3 s |" % overhead,
        "| queryAsyncJobResult polls for that job | %d | |" % polls,
        "| import of module_utils (module.py, api.py, transport.py, connection.py) | %.3f s | |" % imports,
        "| import of `requests` (no longer needed, for comparison) | %s | |" % (
            "%.3f s" % requests_s if requests_s is not None else "not installed"),
        "| floor: `ansible localhost -m ansible.builtin.ping` | %.3f s (CPU %.3f s) | |" % (
            task["floor"], task["floor_cpu"]),
        "| no-op `csops.cloudstack.zone` task (%d API call) | %.3f s (CPU %.3f s) | |" % (
            task["calls"], task["ours"], task["ours_cpu"]),
        "| **no-op task over the floor** | **%.3f s** (CPU %.3f s) | at most 0.15 s |" % (
            over, task["ours_cpu"] - task["floor_cpu"]),
        "| of which the module process (AnsiballZ file run alone: zone %.3f s, ping %.3f s) | %.3f s (CPU %.3f s) | |" % (
            task["ours_mod"], task["floor_mod"], task["ours_mod"] - task["floor_mod"],
            task["ours_mod_cpu"] - task["floor_mod_cpu"]),
        "| of which the controller (the rest) | %.3f s | |" % (over - (task["ours_mod"] - task["floor_mod"])),
    ])
    print(table)
    body = ("Median of %d runs on %s, %s; the floor and the no-op task alternate in one run. "
            "Job polling starts at 0.05 s and grows by half each poll, capped at "
            "0.25 s for the first 10 s of a job.\n\n%s" % (opts.repeat, machine(), time.strftime("%Y-%m-%d"), table))
    if not opts.no_write:
        write_section(ROOT / "docs" / "performance.md", "Overhead: async jobs and imports", body)
    worse = check_baseline("overhead", figures)
    return 1 if overhead >= 0.3 or over > 0.15 or worse else 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: how soon a module returns after an async job ends, and the import cost of module_utils.

- Async job overhead: the emulator's jobs take 1 s (job_delay); the client submits createPhysicalNetwork
  and waits for it. The overhead is the time from the job's end to the client's return (target under 0.3 s).
- Import time: a fresh Python process imports the collection's module_utils (what every module task pays
  on top of Ansible's own start-up), beside the import of `requests` that the client no longer needs.
- Per-task cost, paired in one run: `ansible localhost -m ansible.builtin.ping` (the trivial-module floor:
  Ansible's start-up, one module process importing module_utils.basic), a no-op `csops.cloudstack.zone` task
  (one API call; its action plugin runs the module in the worker, plugins/plugin_utils/in_worker.py) and the same
  task in a module process (-e csops_cloudstack_in_worker=false, as before the action plugins), one after the other
  in each round, the order rotating over the six permutations from round to round. Target: at most the floor +
  0.15 s.
- Where the module process's difference goes, in the same rounds: each module's own process alone (its AnsiballZ
  file, kept once
  with ANSIBLE_KEEP_REMOTE_FILES and run directly, the same alternation), and zone's with the collection's
  module_utils precompiled in its payload (the difference is what compiling them costs); the rest of each round's
  difference is the controller's. After the rounds, the controller's payload build of each module (ansible-core's
  recursive_finder and zip) alternately in one process, CPU seconds. CPU seconds (user + system of the whole
  process tree) are reported beside the wall times too.
A difference is taken within each round (paired) and the figure is the median of the rounds' differences, with
its interquartile range [first to third quartile]. On a shared 2-core VM a round's difference of two ad hoc runs
has a standard deviation of 0.15 to 0.28 s, so the whole-task median of 21 rounds still moves by a few hundredths
to a tenth or more between runs (its standard error is about 0.05 s; --repeat 41 narrows it by 1.4); the parts
measured alone (module processes, payload builds) are four times steadier, and their sum is printed too.
--repeat rounds (21); the async and import figures are the median of at most 9 runs. Prints a table and writes the
section "Overhead" of docs/performance.md (not with --no-write). --rounds FILE keeps every round's figures.
Needs ansible-core importable (ANSIBLE_COLLECTIONS_PATH or PYTHONPATH with the
collection tree; make bench sets it).
"""

from __future__ import annotations

import argparse
import base64
import importlib.util
import io
import json
import marshal
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from emulator_process import Emulator  # noqa: E402  pylint: disable=wrong-import-position
from run import check_baseline, machine, write_section  # noqa: E402  pylint: disable=wrong-import-position

JOB_DELAY = 1.0


def ansible_version():
    out = subprocess.run(["ansible", "--version"], capture_output=True, text=True, check=False).stdout
    return out.split("[core ")[-1].split("]")[0] if "[core " in out else "unknown"


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


def ad_hoc(module, args, env, cpu=None, extra=()):
    seconds, cpu_s, proc = timed_run(["ansible", "localhost", "-m", module, "-a", args] + list(extra), env)
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


def precompiled(path, where):
    """A copy of the AnsiballZ file path whose payload holds the collection's module_utils compiled (.pyc).

    Run beside the original, the difference is what the module process spends compiling them: AnsiballZ ships
    sources, and zipimport compiles each imported file twice (its find_spec asks get_filename, which compiles,
    then get_code compiles again), on every task.
    """
    text = Path(path).read_text()
    match = re.search(r"(?:zip_data=|ZIPDATA = )'([A-Za-z0-9+/=]+)'", text)
    if not match:
        raise SystemExit("per-task benchmark: no payload found in %s" % path)
    source = zipfile.ZipFile(io.BytesIO(base64.b64decode(match.group(1))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("ansible_collections/") and "/module_utils/" in info.filename \
                    and info.filename.endswith(".py"):
                code = compile(data, info.filename, "exec", dont_inherit=True)
                # a hash-based pyc that is not checked against a source (there is none beside it)
                pyc = importlib.util.MAGIC_NUMBER + (1).to_bytes(4, "little") + bytes(8) + marshal.dumps(code)
                target.writestr(zipfile.ZipInfo(info.filename + "c", info.date_time), pyc)
            else:
                target.writestr(info, data)
    copy = Path(where) / ("precompiled_" + Path(path).name)
    copy.write_text(text[:match.start(1)] + base64.b64encode(out.getvalue()).decode() + text[match.end(1):])
    return str(copy)


# Builds the AnsiballZ payload of each module in turn, as the controller does for each task (ansible-core's
# recursive_finder: parse the module and every module_utils file it imports, find them, zip them), in one process,
# alternating; prints the CPU seconds of each build as JSON. ansible-core 2.17 and 2.19+ call it differently.
PAYLOAD_BUILD = r"""
import base64, datetime, inspect, io, json, sys, time, zipfile
from ansible import constants as C
from ansible.executor import module_common
from ansible.plugins.loader import init_plugin_loader, module_loader
init_plugin_loader()
rounds, names = int(sys.argv[1]), sys.argv[2:]
modern = "extension_manager" in inspect.signature(module_common.recursive_finder).parameters
if modern:
    from ansible._internal._ansiballz import _builder
    from ansible._internal._datatag._tags import Origin
modules = {}
for name in names:
    path = module_loader.find_plugin_with_context(name).plugin_resolved_path
    with open(path, "rb") as handle:
        modules[name] = (path, module_common._get_ansible_module_fqn(path), handle.read())

def build(name):
    path, fqn, source = modules[name]
    now = datetime.datetime.now(datetime.timezone.utc)
    buffer = io.BytesIO()
    zf = zipfile.ZipFile(buffer, mode="w", compression=getattr(zipfile, C.DEFAULT_MODULE_COMPRESSION))
    if modern:
        extensions = _builder.ExtensionManager.create(task_vars={})
        module_common.recursive_finder(name.split(".")[-1], fqn, Origin(path=path).tag(source), zf, now, extensions)
        module_common._add_module_to_zip(zf, now, fqn, source, path, extensions)
    else:
        stamp = time.gmtime()[:6]
        module_common.recursive_finder(name.split(".")[-1], fqn, source, zf, stamp)
        module_common._add_module_to_zip(zf, stamp, fqn, source)
    zf.close()
    return base64.b64encode(buffer.getvalue())

for name in names:
    build(name)
times = {name: [] for name in names}
for index in range(rounds):
    for name in (names if index % 2 == 0 else names[::-1]):
        start = time.process_time()
        build(name)
        times[name].append(time.process_time() - start)
print(json.dumps(times))
"""


def payload_builds(env, rounds):
    """CPU seconds of building the floor's and our payload, alternating in one process: {who: [seconds]}."""
    names = {"floor": "ansible.builtin.ping", "ours": "csops.cloudstack.zone"}
    proc = subprocess.run([sys.executable, "-c", PAYLOAD_BUILD, str(rounds)] + list(names.values()), env=env,
                          capture_output=True, text=True, check=False)
    if proc.returncode:
        raise SystemExit("per-task benchmark: payload build failed: %s" % proc.stderr[-2000:])
    times = json.loads(proc.stdout)
    return {who: times[name] for who, name in names.items()}


def module_process(path, env, cpu):
    seconds, cpu_s, proc = timed_run([sys.executable, path], env)
    if proc.returncode or '"changed": true' in proc.stdout:
        raise SystemExit("per-task benchmark: %s failed or changed: %s" % (path, proc.stdout + proc.stderr))
    cpu.append(cpu_s)
    return seconds


def spread(values):
    """(median, first quartile, third quartile) of values."""
    if len(values) < 2:
        return values[0], values[0], values[0]
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q2, q1, q3


def per_task(emu, repeat):
    """The floor (ping) and a no-op zone task (in the worker, and in a module process), and the module processes
    alone, paired round by round.

    Each round runs the three ad hoc tasks one after the other (in an order that rotates over the six
    permutations), then the AnsiballZ files alone (the floor's, ours, ours with the collection's module_utils
    precompiled; ANSIBLE_KEEP_REMOTE_FILES makes the action plugin take the module process to keep them); the
    order alternates from one round to the next, so that none pays more often for what the machine does around it. A round gives one paired difference of
    each kind; the figures are the median of those differences and their interquartile range, not the
    difference of two medians. Then the controller's payload builds, alternating in one process.
    """
    env = dict(os.environ, CLOUDSTACK_ENDPOINT=emu.endpoint, CLOUDSTACK_KEY=emu.api_key, CLOUDSTACK_SECRET=emu.secret_key,
               ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOAD_CALLBACK_PLUGINS="1",
               ANSIBLE_STDOUT_CALLBACK="ansible.builtin.minimal")
    env.setdefault("ANSIBLE_COLLECTIONS_PATH", str(ROOT / ".build"))
    zone = "name=bench-floor dns1=8.8.8.8 network_type=Advanced"
    subprocess.run(["ansible", "localhost", "-m", "csops.cloudstack.zone", "-a", zone], env=env, capture_output=True,
                   check=True)
    where = tempfile.mkdtemp(prefix="csops-bench-payloads-")
    tasks = {"floor": ("ansible.builtin.ping", "", ()), "ours": ("csops.cloudstack.zone", zone, ()),
             "ours_proc": ("csops.cloudstack.zone", zone, ("-e", "csops_cloudstack_in_worker=false"))}
    files = {who: kept_payload(module, args, env, where) for who, (module, args, dummy) in tasks.items() if who != "ours_proc"}
    files["ours_pre"] = precompiled(files["ours"], where)
    for who, (module, args, extra) in tasks.items():  # warm the caches once
        ad_hoc(module, args, env, extra=extra)
    for path in files.values():
        module_process(path, env, [])
    rounds = []
    calls = []
    for index in range(repeat):
        order = PERMUTATIONS[index % len(PERMUTATIONS)]
        cpu = {}
        fig = {}
        for who in order:
            mark = emu.last_seq() if who == "ours" else None
            cpu[who] = []
            fig[who] = ad_hoc(tasks[who][0], tasks[who][1], env, cpu[who], tasks[who][2])
            if mark is not None:
                calls.append(len(emu.log_since(mark)))
        pair = ("floor", "ours") if index % 2 == 0 else ("ours", "floor")
        for who in (pair + ("ours_pre",)) if index % 2 == 0 else (("ours_pre",) + pair):
            key = who + "_mod"
            cpu[key] = []
            fig[key] = module_process(files[who], env, cpu[key])
        fig.update({key + "_cpu": value[0] for key, value in cpu.items()})
        rounds.append(fig)
    shutil.rmtree(where, ignore_errors=True)
    builds = payload_builds(env, repeat)
    figures = {}
    for key in rounds[0]:
        figures[key] = spread([fig[key] for fig in rounds])
    for suffix in ("", "_cpu"):
        over = [fig["ours_proc" + suffix] - fig["floor" + suffix] for fig in rounds]
        module = [fig["ours_mod" + suffix] - fig["floor_mod" + suffix] for fig in rounds]
        figures["over" + suffix] = spread([fig["ours" + suffix] - fig["floor" + suffix] for fig in rounds])
        figures["over_proc" + suffix] = spread(over)
        figures["gain" + suffix] = spread([fig["ours_proc" + suffix] - fig["ours" + suffix] for fig in rounds])
        figures["module" + suffix] = spread(module)
        figures["compile" + suffix] = spread([fig["ours_mod" + suffix] - fig["ours_pre_mod" + suffix] for fig in rounds])
        figures["controller" + suffix] = spread([a - b for a, b in zip(over, module)])
    figures["build_floor"] = spread(builds["floor"])
    figures["build_ours"] = spread(builds["ours"])
    figures["payload"] = spread([a - b for a, b in zip(builds["ours"], builds["floor"])])
    figures["parts"] = figures["module"][0] + figures["payload"][0]
    figures["calls"] = statistics.median(calls)
    figures["rounds"] = rounds
    figures["builds"] = builds
    return figures


PERMUTATIONS = (("floor", "ours", "ours_proc"), ("ours", "ours_proc", "floor"), ("ours_proc", "floor", "ours"),
                ("floor", "ours_proc", "ours"), ("ours_proc", "ours", "floor"), ("ours", "floor", "ours_proc"))


def fmt(figure, cpu=None):
    """'median s [q1 to q3]' and the CPU median beside it."""
    text = "%.3f s [%.3f to %.3f]" % figure
    return text + (" (CPU %.3f s)" % cpu[0] if cpu is not None else "")


def task_rows(task):
    return [
        "| floor: `ansible localhost -m ansible.builtin.ping` | %s | |" % fmt(task["floor"], task["floor_cpu"]),
        "| no-op `csops.cloudstack.zone` task (%d API call), in the worker | %s | |" % (
            task["calls"], fmt(task["ours"], task["ours_cpu"])),
        "| **no-op task over the floor** (whole task, paired) | **%s** | at most 0.15 s |" % fmt(task["over"], task["over_cpu"]),
        "| the same task in a module process (`-e csops_cloudstack_in_worker=false`) | %s | |" % fmt(
            task["ours_proc"], task["ours_proc_cpu"]),
        "| ... over the floor (whole task, paired) | %s | |" % fmt(task["over_proc"], task["over_proc_cpu"]),
        "| ... over the task in the worker (what the worker saves, paired) | %s | |" % fmt(task["gain"], task["gain_cpu"]),
        "| of which the module process (AnsiballZ file run alone: zone %.3f s, ping %.3f s), paired | %s | |" % (
            task["ours_mod"][0], task["floor_mod"][0], fmt(task["module"], task["module_cpu"])),
        "| ... of it compiling the collection's module_utils (zone's file against the same with them precompiled) "
        "| %s | |" % fmt(task["compile"], task["compile_cpu"]),
        "| of which the controller (the rest of each pair) | %s | |" % fmt(task["controller"], task["controller_cpu"]),
        "| ... of it building the payload (CPU, in one process: zone %.3f s, ping %.3f s), paired | %s | |" % (
            task["build_ours"][0], task["build_floor"][0], fmt(task["payload"])),
        "| module process + payload build (the two parts measured alone; the task in the worker has neither) | %.3f s | |"
        % task["parts"],
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=21, help="rounds of the per-task pairs (default 21)")
    parser.add_argument("--rounds", help="write every round's figures to this JSON file")
    parser.add_argument("--task-only", action="store_true",
                        help="only the per-task pairs: print them, write nothing, compare with no baseline")
    parser.add_argument("--no-write", action="store_true")
    opts = parser.parse_args()
    small = min(opts.repeat, 9)
    with Emulator(job_delay=JOB_DELAY) as emu:
        overhead, polls = async_overhead(emu, small) if not opts.task_only else (None, None)
        task = per_task(emu, opts.repeat)
    over = task["over"][0]
    if opts.rounds:
        with open(opts.rounds, "w") as handle:
            json.dump({"rounds": task["rounds"], "builds": task["builds"]}, handle, indent=1)
    header = ["| figure | value | target |", "|---|---:|---|"]
    if opts.task_only:
        print("\n".join(header + task_rows(task)))
        return 1 if over > 0.15 else 0
    imports = import_time(small)
    requests_s = requests_import_time(small)
    figures = {"async_overhead_s": overhead, "async_polls": polls, "module_utils_import_s": imports,
               "task_over_floor_s": over}
    table = "\n".join(header + [
        "| return after a 1 s async job ends | %.3f s | under 0.3 s |" % overhead,
        "| queryAsyncJobResult polls for that job | %d | |" % polls,
        "| import of module_utils (module.py, api.py, transport.py, connection.py) | %.3f s | |" % imports,
        "| import of `requests` (no longer needed, for comparison) | %s | |" % (
            "%.3f s" % requests_s if requests_s is not None else "not installed"),
    ] + task_rows(task))
    print(table)
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    body = ("Per-task rows: %d rounds on %s, ansible-core %s, %s; in each round the floor, the no-op task (in the worker) "
            "and the same task in a module process run one after the other (the order rotates over the six "
            "permutations), then the module processes alone (and zone's "
            "with the collection's module_utils precompiled); after the rounds, the two payloads are built "
            "alternately in one process (CPU). Each "
            "figure is the median of the rounds, [first to third quartile] beside it; the \"over the floor\" rows are "
            "the median of the paired differences (one per round), not the difference of two medians. The other "
            "rows: median of %d runs. Job polling starts at 0.05 s and grows by half each poll, capped at 0.25 s for "
            "the first 10 s of a job.\n\n%s" % (opts.repeat, machine(), ansible_version(), when, small, table))
    if not opts.no_write:
        write_section(ROOT / "docs" / "performance.md", "Overhead: async jobs and imports", body)
    worse = check_baseline("overhead", figures)
    return 1 if overhead >= 0.3 or over > 0.15 or worse else 0


if __name__ == "__main__":
    sys.exit(main())

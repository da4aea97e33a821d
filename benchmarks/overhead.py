"""Benchmark: how soon a module returns after an async job ends, and the import cost of module_utils.

- Async job overhead: the emulator's jobs take 1 s (job_delay); the client submits createPhysicalNetwork
  and waits for it. The overhead is the time from the job's end to the client's return (target under 0.3 s).
- Import time: a fresh Python process imports the collection's module_utils (what every module task pays
  on top of Ansible's own start-up).
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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    opts = parser.parse_args()
    with Emulator(job_delay=JOB_DELAY) as emu:
        overhead, polls = async_overhead(emu, opts.repeat)
    imports = import_time(opts.repeat)
    figures = {"async_overhead_s": overhead, "async_polls": polls, "module_utils_import_s": imports}
    table = "\n".join([
        "| figure | value | target |",
        "|---|---:|---|",
        "| return after a 1 s async job ends | %.3f s | under 0.3 s |" % overhead,
        "| queryAsyncJobResult polls for that job | %d | |" % polls,
        "| import of module_utils (module.py, api.py, connection.py) | %.3f s | |" % imports,
    ])
    print(table)
    body = ("Median of %d runs on %s, %s. Job polling starts at 0.05 s and grows by half each poll, capped at "
            "0.25 s for the first 10 s of a job.\n\n%s" % (opts.repeat, machine(), time.strftime("%Y-%m-%d"), table))
    if not opts.no_write:
        write_section(ROOT / "docs" / "performance.md", "Overhead: async jobs and imports", body)
    worse = check_baseline("overhead", figures)
    return 1 if overhead >= 0.3 or worse else 0


if __name__ == "__main__":
    sys.exit(main())

# -*- coding: utf-8 -*-
"""An AWX / Automation Controller job, run the way AWX runs it: through ansible-runner.

    python run_job.py TARBALL OUTDIR          (the emulator's details in CSOPS_EMULATOR_* variables)

1. A private data dir as AWX lays it out: project/ holds the project (this checkout's playbooks/),
   the collection is installed from the tarball `make release` builds (as AWX installs a project's
   collections/requirements.yml) into requirements_collections/.
2. The credential: a credential of the type in awx/credential_type.yml with the emulator's endpoint
   and keys; its injectors are rendered as AWX renders them (Jinja2 in a sandbox over the
   credential's inputs): `env` into the job's environment, `extra_vars` into its extra vars.
3. The job template: playbooks/deploy_zone.yml with the example zone description; the hosts'
   password comes from a survey answer (an extra var, as AWX passes survey answers).
4. ansible-runner runs the job. Checked: its status and exit code, its events (each task's ok or
   changed event, the counts of the final stats event against those events, changed > 0), and that
   neither the job's stdout nor any file of its artifacts holds a secret (the API secret key, the
   survey password) as AWX keeps and shows them.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import ansible_runner
import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

REPO = Path(__file__).resolve().parents[2]


def render_injectors(credential_type, inputs):
    """env and extra_vars of the credential, as AWX renders a custom credential type's injectors."""
    env = ImmutableSandboxedEnvironment()
    injectors = credential_type.get("injectors") or {}
    fields = {f["id"] for f in credential_type["inputs"]["fields"]}
    unknown = set(inputs) - fields
    if unknown:
        raise SystemExit("the credential type has no input %s" % ", ".join(sorted(unknown)))
    context = {field: inputs.get(field, "") for field in fields}
    rendered = {}
    for kind in ("env", "extra_vars"):
        rendered[kind] = {name: env.from_string(template).render(**context)
                          for name, template in (injectors.get(kind) or {}).items()}
    return rendered


def fail(msg):
    print("awx: FAILED: " + msg)
    sys.exit(1)


def main(tarball, outdir):
    out = Path(outdir)
    shutil.rmtree(out, ignore_errors=True)
    (out / "project").mkdir(parents=True)
    (out / "env").mkdir()
    # 1. the project and its collection
    shutil.copytree(REPO / "playbooks", out / "project" / "playbooks")
    collections = out / "requirements_collections"
    subprocess.run(["ansible-galaxy", "collection", "install", "--offline", "-p", str(collections), tarball],
                   check=True, stdout=subprocess.DEVNULL, env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections)))
    # 2. the credential
    api_secret = os.environ["CSOPS_EMULATOR_API_SECRET"]
    credential_type = yaml.safe_load((REPO / "awx" / "credential_type.yml").read_text())
    injected = render_injectors(credential_type, {
        "endpoint": os.environ["CSOPS_EMULATOR_ENDPOINT"],
        "api_key": os.environ["CSOPS_EMULATOR_API_KEY"],
        "api_secret": api_secret,
    })
    # 3. the job template and the survey answer
    host_password = "awx-survey-" + secrets.token_hex(8)
    extravars = dict(injected["extra_vars"])
    extravars.update(zone_description="{{ playbook_dir }}/examples/advanced_zone.yml", demo_host_password=host_password)
    envvars = dict(injected["env"])
    envvars.update(ANSIBLE_COLLECTIONS_PATH=str(collections), ANSIBLE_PYTHON_INTERPRETER=sys.executable,
                   ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
    print("awx: credential injected %d environment variable(s) and %d extra var(s); job: playbooks/deploy_zone.yml"
          % (len(injected["env"]), len(injected["extra_vars"])))

    # 4. the job
    runner = ansible_runner.run(private_data_dir=str(out), playbook="playbooks/deploy_zone.yml",
                                inventory="localhost ansible_connection=local", envvars=envvars,
                                extravars=extravars, ident="job-1", quiet=True, timeout=1800)
    artifacts = out / "artifacts" / "job-1"
    stdout = (artifacts / "stdout").read_text() if (artifacts / "stdout").exists() else ""
    if runner.status != "successful" or runner.rc != 0:
        print(stdout[-4000:])
        fail("the job ended %s with exit code %s" % (runner.status, runner.rc))
    events = list(runner.events)
    kinds = {}
    for event in events:
        kinds[event["event"]] = kinds.get(event["event"], 0) + 1
    ok_events = [e for e in events if e["event"] == "runner_on_ok"]
    changed_events = [e for e in ok_events if e["event_data"].get("res", {}).get("changed")]
    failed_events = [e for e in events if e["event"] == "runner_on_failed" and not e["event_data"].get("ignore_errors")]
    ended = {e["event_data"].get("task_uuid") for e in events
             if e["event"] in ("runner_on_ok", "runner_on_skipped", "runner_on_failed")}
    started = {e["event_data"].get("task_uuid") for e in events if e["event"] == "playbook_on_task_start"}
    stats = [e for e in events if e["event"] == "playbook_on_stats"]
    if not stats:
        fail("no playbook_on_stats event")
    data = stats[-1]["event_data"]
    ok_stat = data.get("ok", {}).get("localhost", 0)
    changed_stat = data.get("changed", {}).get("localhost", 0)
    print("awx: job successful (exit 0): %d events (%s); stats ok=%d changed=%d failures=%d" % (
        len(events), ", ".join("%s %d" % item for item in sorted(kinds.items())), ok_stat, changed_stat,
        data.get("failures", {}).get("localhost", 0)))
    if failed_events or data.get("failures") or data.get("dark"):
        fail("failed task events: %s" % [e["event_data"].get("task") for e in failed_events])
    if started - ended:
        fail("%d task(s) started without an ok, skipped or failed event" % len(started - ended))
    # every changed task has its changed event; ok counts every task that ran (includes too)
    if changed_stat == 0 or changed_stat != len(changed_events):
        fail("stats changed=%d, but %d changed runner_on_ok events" % (changed_stat, len(changed_events)))
    if ok_stat < len(ok_events):
        fail("stats ok=%d, but %d runner_on_ok events" % (ok_stat, len(ok_events)))
    if runner.stats.get("changed") != data.get("changed") or runner.stats.get("ok") != data.get("ok"):
        fail("ansible-runner's stats %s differ from the stats event" % runner.stats)
    # No secret in what AWX keeps and shows of a job: its stdout, its events, the other artifacts.
    # (artifacts/<ident>/command holds the job's environment, credentials included, in a 0600 file
    # that AWX neither stores nor shows; AWX stores the environment masked instead, below.)
    secrets_ = (("API secret key", api_secret), ("survey password", host_password))
    leaks = []
    files = sorted(p for p in artifacts.rglob("*") if p.is_file() and p.name != "command")
    for path in files:
        text = path.read_text(errors="replace")
        leaks.extend("%s in %s" % (label, path.relative_to(out)) for label, value in secrets_ if value in text)
    leaks.extend("%s in the job events" % label for label, value in secrets_ if value in json.dumps(events))
    # AWX shows a job's environment with the values of names matching this pattern hidden
    # (awx/main/constants.py HIDDEN_PASSWORD / build_safe_env): every injected secret must be one of them.
    hidden = re.compile("API|TOKEN|KEY|SECRET|PASS", re.I)
    leaks.extend("environment variable %s (AWX would show it)" % name for name, value in injected["env"].items()
                 if value and value in (api_secret, host_password) and not hidden.search(name))
    if leaks:
        fail("secret leaked: " + "; ".join(leaks[:10]) + (" (and %d more)" % (len(leaks) - 10) if len(leaks) > 10 else ""))
    print("awx: no secret in the job's stdout (%d lines), its %d events or %d other artifact files"
          % (stdout.count("\n"), len(events), len(files)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))

# -*- coding: utf-8 -*-
"""Every key a module returns is documented in its RETURN, and snake_case.

Each module of plugins/modules runs in this process against the emulator (tests/emulator, started
in background threads) through the scenario in return_scenarios/<module>.yml, and every key of its
results (nested dicts and list elements included) is compared with its RETURN:

- a returned key that RETURN does not document fails, naming the key's path;
- a returned key that is not snake_case, or that is a raw CloudStack answer field made of several
  words run together (``allowuserspecifyvrmtu``, ``osdisplayname``) fails: rename it in
  plugins/module_utils/names.py (the words of a documented one-word key are in ONE_WORD below);
- a dict or a list of dicts that RETURN documents without ``contains`` fails, unless FREE_FORM
  names it (a dict whose keys are data, such as the raw answer of the api module);
- a module without a scenario file fails with the file name to add.

Scenario file (YAML, a list of steps run in order on a freshly reset emulator):

    - seed: {zones: [{name: z1}]}             # POST /_emulator/seed; the answer is kept as `seed`
      register: objs                          # optional: a name for later `@{objs.zones[0].id}`
    - module: zone                            # a module of this collection (short name)
      args: {name: z1, network_type: Advanced, dns1: 8.8.8.8}
      check_mode: false                       # optional
      diff: false                             # optional
      checked: true                           # optional: false for set-up steps of other modules
      register: z                             # optional
    - include: zone_tree                      # the steps of return_scenarios/_zone_tree.yml

Strings of the form ``@{name.path[0].key}`` are replaced by a registered value. Steps of the module
the file is named after are checked (unless ``checked: false``); every checked step must succeed.
"""

from __future__ import annotations

import copy
import importlib
import json
import re
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from ansible.module_utils import basic

from csemu import server  # tests/emulator is on PYTHONPATH (tests/scripts/units.sh)
from reset_cache import cached_reset  # noqa: F401 (test_page_size_limited takes it from here)

HERE = Path(__file__).resolve().parent
SCENARIOS = HERE / "return_scenarios"
COLLECTION = HERE.parents[3]
MODULES = COLLECTION / "plugins" / "modules"
APIS = COLLECTION / "tests" / "emulator" / "csemu" / "data" / "apis.json"

#: PyYAML's safe loader on libyaml's parser when PyYAML has it (Ansible's own loader does the same): the same
#: constructors and resolvers as yaml.safe_load, several times faster on the scenario files
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def yaml_load(text):
    """yaml.safe_load(text), with YAML_LOADER."""
    return yaml.load(text, Loader=YAML_LOADER)  # nosec: a safe loader


#: keys every module may return without documenting them (Ansible's common return values)
COMMON_KEYS = {"changed", "failed", "msg", "diff", "warnings", "deprecations", "invocation"}

#: "module:path" of returned dicts whose keys are data, not fields: no `contains` needed
FREE_FORM = {
    "api:response": "the raw answer of the command the user named",
    "job_info:job.job_result": "the result of the job's command, as that command answers",
    "template:template.details": "template details: the keys are the detail names",
    "template_info:templates.details": "template details: the keys are the detail names",
    "network_info:networks.details": "the network's details, names and values as set on it",
    "service_offering:service_offering.details": "offering details: their keys are data",
    "service_offering_info:service_offerings.details": "offering details: their keys are data",
    "disk_offering:disk_offering.details": "offering details: their keys are data",
    "disk_offering_info:disk_offerings.details": "offering details: their keys are data",
    "network_offering:network_offering.details": "offering details: their keys are data",
    "network_offering_info:network_offerings.details": "offering details: their keys are data",
    "zone_converge:plan.before": "each object as its own module returns it (documented in that module's RETURN)",
    "zone_converge:plan.after": "each object as its own module returns it (documented in that module's RETURN)",
    "zone_converge:plan.changes": "the keys are the differing fields of the object's own module",
}

#: one-word keys that are also CloudStack answer field names (the raw-name check lets these pass)
ONE_WORD = {
    "id", "name", "state", "type", "scope", "path", "url", "value", "category", "description", "created",
    "hypervisor", "gateway", "netmask", "vlan", "cidr", "tags", "key", "account", "domain", "project",
    "provider", "protocol", "version", "status", "size", "checksum", "bootable", "format", "details",
    "removed", "component", "isolation", "kind", "zone", "pod", "cluster", "host", "tag", "capacity",
    "overprovisioning", "dns1", "dns2", "ipv6", "username", "password", "services", "service", "capabilities",
    "capability", "networks", "network", "cmd", "group", "memory", "ip", "parameter", "source", "vpn", "nic",
    "icon", "user", "keyword", "message", "response", "command", "instance", "vm", "options", "subgroup",
    "events", "bits", "completed", "related", "availability", "encrypt", "router", "role", "mtu", "success", "action", "target", "summary",
    "alias", "subject", "issuer", "rule", "permission", "level", "email", "timezone", "limit", "total", "available",
}

SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
REF = re.compile(r"^@\{([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_0-9]+|\[\d+\])*)\}$")


def _api_field_names():
    names = set()

    def walk(fields):
        for field in fields or ():
            names.add(field["name"].lower())
            walk(field.get("response"))

    for api in json.loads(APIS.read_text())["api"]:
        walk(api.get("response"))
    return names


API_FIELDS = _api_field_names()


def module_names():
    return sorted(p.stem for p in MODULES.glob("*.py") if not p.stem.startswith("_"))


# ------------------------------------------------------------------ running a module in this process
class ModuleExit(BaseException):
    """exit_json/fail_json end the module as Ansible's sys.exit does: a BaseException, which the
    modules' own `except Exception` boundary (module_utils/module.py) lets through."""

    def __init__(self, result, failed):
        super().__init__(result.get("msg", ""))
        self.result = result
        self.failed = failed


def _exit_json(self, **kwargs):
    kwargs.setdefault("changed", False)
    raise ModuleExit(kwargs, False)


def _fail_json(self, msg, **kwargs):
    kwargs["msg"] = msg
    kwargs["failed"] = True
    raise ModuleExit(kwargs, True)


def run_module(name, args, monkeypatch):
    """The module's result (exit_json keyword arguments) as a dict; 'failed' set when it failed."""
    module = importlib.import_module("ansible_collections.csops.cloudstack.plugins.modules." + name)
    payload = json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode()
    with monkeypatch.context() as m:
        m.setattr(basic, "_ANSIBLE_ARGS", payload)
        if hasattr(basic, "_ANSIBLE_PROFILE"):  # ansible-core >= 2.19
            m.setattr(basic, "_ANSIBLE_PROFILE", "legacy")
        m.setattr(basic.AnsibleModule, "exit_json", _exit_json)
        m.setattr(basic.AnsibleModule, "fail_json", _fail_json)
        try:
            module.main()
        except ModuleExit as done:
            return done.result
    raise AssertionError("module %s returned without exit_json or fail_json" % name)


def short_settle_window(monkeypatch):
    """One run at a time here: the wait for a concurrent run's twin of an object made seconds ago
    (ResourceModule.settle_window, 2 s) still runs, but over 0.05 s (was 4 s of the iso scenario). is_young
    (created less than settle_window + 1 s ago) answers the same for any window under 1 s: the server's
    created and Date have one-second steps."""
    module_base = importlib.import_module("ansible_collections.csops.cloudstack.plugins.module_utils.module")
    monkeypatch.setattr(module_base.ResourceModule, "settle_window", 0.05)


def fast_waits(monkeypatch, running):
    """Two waits of the module code end as soon as what they wait for is there, in this process only:

    - between two queryAsyncJobResult polls (api_more.poll_job: 0.05 s, growing), as soon as the polled job
      has ended in the in-process emulator (running), instead of the whole interval: the next poll finds
      what it would have found after the full wait (a job that has ended stays so), so the same calls are
      sent and the same results come back, without ~0.05 s of sleep per job (18 s of tests/unit/plugins);
    - settle_duplicates' 0.25 s between two looks at the twins, at most the module's settle_window (short
      here, short_settle_window): one wait of the window, then the same second look as before;
    - recover_create (the search for an object whose create answer was lost) runs on a clock twice as fast:
      its window of 3 s and its 0.5 s between two looks take half the time (the iso scenario's lost answer
      arrives 0.5 s after the 1 s timeout, well within the 1.5 s; its 503 case waits the whole window).

    Every other sleep (the client's retry back-off, the emulator's fault delays) sleeps its whole time."""
    api = importlib.import_module("ansible_collections.csops.cloudstack.plugins.module_utils.api")
    store = running.emu.store
    real_sleep, real_monotonic = time.sleep, time.monotonic
    faster = {"recover_create": 2.0}

    def poll_sleep(seconds):
        caller = sys._getframe(1)  # pylint: disable=protected-access
        jobid = caller.f_locals.get("jobid") if caller.f_code.co_name == "poll_job" else None
        if not jobid:
            real_sleep(seconds)
            return
        end = real_monotonic() + seconds
        while True:
            job = store.get("jobs", jobid)
            left = end - real_monotonic()
            if left <= 0 or (job is not None and job.get("jobstatus") != 0):
                return
            real_sleep(min(0.002, left))

    def sleep(seconds):
        caller = sys._getframe(1)  # pylint: disable=protected-access
        if caller.f_code.co_name == "settle_duplicates":
            seconds = min(seconds, getattr(caller.f_locals.get("module"), "settle_window", seconds))
        seconds /= faster.get(caller.f_code.co_name, 1.0)
        real_sleep(seconds)

    def monotonic():
        return real_monotonic() * faster.get(sys._getframe(1).f_code.co_name, 1.0)  # pylint: disable=protected-access

    # the client keeps its sleep function as the instance attribute _sleep: a class property wins over it
    monkeypatch.setattr(api.CloudStackClient, "_sleep", property(lambda self: poll_sleep, lambda self, value: None),
                        raising=False)
    monkeypatch.setattr(time, "sleep", sleep)
    monkeypatch.setattr(time, "monotonic", monotonic)


# ------------------------------------------------------------------ scenarios
def load_steps(name, seen=()):
    path = SCENARIOS / ("%s.yml" % name)
    steps = yaml_load(path.read_text()) or []
    out = []
    for step in steps:
        if "include" in step:
            if step["include"] in seen:
                raise AssertionError("%s: include loop through %s" % (path.name, step["include"]))
            included = load_steps("_" + step["include"], seen + (step["include"],))
            for inner in included:
                inner.setdefault("checked", False)
            out.extend(included)
        else:
            out.append(step)
    return out


def resolve(value, registered):
    if isinstance(value, dict):
        return {k: resolve(v, registered) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, registered) for v in value]
    if isinstance(value, str):
        match = REF.match(value)
        if match:
            current = registered[match.group(1)]
            for part in re.findall(r"\.([A-Za-z_0-9]+)|\[(\d+)\]", match.group(2)):
                current = current[part[0]] if part[0] else current[int(part[1])]
            return current
    return value


@pytest.fixture(scope="module")
def emulator():
    running = server.start(port=0, job_delay=0.01)
    yield running
    running.stop()


def seed(running, body):
    req = urllib.request.Request(running.control + "/seed", data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


def control_get(running, path):
    """GET an emulator control path (state/<collection>, log, log?since=N, unknown_params): its JSON."""
    with urllib.request.urlopen(running.control + "/" + path, timeout=30) as resp:
        return json.loads(resp.read())


def last_seq(running):
    """The sequence number of the emulator's last logged request (0 when none): a mark in its log."""
    requests = control_get(running, "log")["requests"]
    return requests[-1]["seq"] if requests else 0


def requests_since(running, seq):
    """The emulator's logged requests after the mark ``seq``."""
    return control_get(running, "log?since=%d" % seq)["requests"]


def writes_since(running, seq):
    """The commands of the writes (not read-only) logged after the mark ``seq``."""
    return [r["command"] for r in requests_since(running, seq) if not r["readonly"]]


# ------------------------------------------------------------------ the comparison
def return_spec(name):
    module = importlib.import_module("ansible_collections.csops.cloudstack.plugins.modules." + name)
    return yaml_load(module.RETURN or "") or {}


def documented_key_errors(spec, path=""):
    """Every key RETURN documents is snake_case too."""
    errors = []
    for key, entry in (spec or {}).items():
        if not SNAKE.match(key):
            errors.append("RETURN documents %s%s, which is not snake_case" % (path, key))
        if isinstance(entry, dict) and entry.get("contains"):
            errors.extend(documented_key_errors(entry["contains"], "%s%s." % (path, key)))
    return errors


def compare(module, value, spec, path, errors):
    for key, item in value.items():
        where = path + key
        if not SNAKE.match(key):
            errors.append("%s: key %r is not snake_case (rename it in plugins/module_utils/names.py)" % (where, key))
        elif "_" not in key and key in API_FIELDS and key not in ONE_WORD and key[:-1] not in ONE_WORD:
            errors.append("%s: key %r is a raw CloudStack field name; give it a snake_case name in "
                          "plugins/module_utils/names.py (or, if it is one English word, add it to ONE_WORD)" % (where, key))
        entry = spec.get(key)
        if entry is None:
            errors.append("%s: returned but not documented in RETURN" % where)
            continue
        contains = entry.get("contains") if isinstance(entry, dict) else None
        elements = [item] if isinstance(item, dict) else [e for e in item if isinstance(e, dict)] if isinstance(item, list) else []
        elements = [e for e in elements if e]
        if not elements:
            continue
        if "%s:%s" % (module, where) in FREE_FORM:
            continue
        if not contains:
            errors.append("%s: returns %s with keys %s but RETURN has no `contains` for it" % (
                where, "a dict" if isinstance(item, dict) else "a list of dicts",
                ", ".join(sorted({k for e in elements for k in e})[:8])))
            continue
        for element in elements:
            compare(module, element, contains, where + ".", errors)


# ------------------------------------------------------------------ the tests
@pytest.mark.parametrize("name", module_names())
def test_return_documented(name, emulator, monkeypatch):
    short_settle_window(monkeypatch)
    fast_waits(monkeypatch, emulator)
    scenario = SCENARIOS / ("%s.yml" % name)
    if not scenario.exists():
        pytest.fail("plugins/modules/%s.py has no scenario: add %s (see the docstring of %s)" % (
            name, scenario.relative_to(COLLECTION), Path(__file__).name))
    spec = return_spec(name)
    errors = documented_key_errors(spec)
    cached_reset(emulator.emu, job_delay=0.01)
    base = {"api_url": emulator.endpoint, "api_key": emulator.emu.api_key, "api_secret": emulator.emu.secret_key}
    registered = {}
    checked = 0
    seen = set()
    for number, step in enumerate(load_steps(name), 1):
        if "seed" in step:
            result = seed(emulator, resolve(step["seed"], registered))
        else:
            args = dict(base)
            args.update(resolve(step.get("args") or {}, registered))
            args["_ansible_check_mode"] = bool(step.get("check_mode"))
            args["_ansible_diff"] = bool(step.get("diff"))
            module = step["module"]
            result = run_module(module, copy.deepcopy(args), monkeypatch)
            if result.get("failed") and not step.get("failed"):
                pytest.fail("%s step %d (%s) failed: %s" % (scenario.name, number, module, result.get("msg")))
            if module == name and step.get("checked", True):
                checked += 1
                step_errors = []
                compare(name, {k: v for k, v in result.items() if k not in COMMON_KEYS}, spec, "", step_errors)
                for error in step_errors:
                    if error not in seen:
                        seen.add(error)
                        errors.append("step %d: %s" % (number, error))
        if step.get("register"):
            registered[step["register"]] = result
    assert checked, "%s checks no run of %s" % (scenario.name, name)
    assert not errors, "%s: %d problem(s) with RETURN:\n  %s" % (name, len(errors), "\n  ".join(errors))


def test_no_scenario_without_module():
    """A scenario file whose module is gone is an error too (renamed modules)."""
    orphans = sorted(p.stem for p in SCENARIOS.glob("*.yml") if not p.stem.startswith("_") and p.stem not in module_names())
    assert not orphans, "return_scenarios without a module: %s" % ", ".join(orphans)

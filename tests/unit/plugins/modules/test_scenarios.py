# -*- coding: utf-8 -*-
"""Module scenarios run in this process: the logic matrices of the integration targets, without Ansible's processes.

Every scenarios/<name>.yml is one test. Its steps run in order against the emulator (tests/emulator, started
in background threads), freshly reset (POST /_emulator/reset, as setup_emulator does; its initial state copied
from the first reset, tests/emulator/reset_cache.py) before the first step.
A module step runs the module's main() in this process (test_return_docs.py's way, a few milliseconds, where
an integration task costs about half a second of Ansible's module start-up); its result is what Ansible would
register: no_log values masked (remove_values, as exit_json does), `invocation`, `warnings`, `changed` and
`failed` always present. The format is a near line-for-line translation of an integration target's tasks:

    - name: Create in check mode          # optional, named in failure messages (as the task's name)
      module: account                     # a module of this collection (short name); args are templated
      args: {name: acme, domain: "{{ dom }}", email: "{{ omit }}"}   # connection options come from the emulator
      check_mode: true                    # optional (check_mode: / diff: as the task keywords)
      diff: true
      register: r
      ignore_errors: true                 # optional: a failure is registered (r is failed), not fatal
      loop: [disabled, locked]            # optional: `item`, registers {results: [...], changed, failed, msg}
      when: r is changed                  # optional: skipped (registered as skipped) when false
      vars: {x: 1}                        # optional: variables of this step only (module, assert, set steps)
      until: r.x | length == 2            # optional, with retries/delay: rerun until true (registered as `register`),
      retries: 30                         # within retries x delay seconds, polled every 0.05 s in-process
    - assert:                             # the SAME Jinja2 expressions as the target's assert `that:`
        - r is changed
        - r.account.users | map(attribute='username') | list == ['acme-admin']
    - set: {ids: "{{ r.results | map(attribute='pod.id') | list }}"}   # set_fact (templated, native types; loop, vars)
    - mark: true                          # setup_emulator mark.yml: cs_log_seq = the last seq of the log
    - calls: true                         # setup_emulator calls.yml: cs_calls = the log entries after cs_log_seq
    - assert_no_write: true               # setup_emulator assert_no_write.yml (since: "{{ expr }}" optional)
    - emulator: faults                    # one control call, as lookup('emulator', ...): method, body, status,
      method: POST                        # collections, summary; `register` keeps the answer
      body: [{command: createPod, errorcode: 431, errortext: boom}]
    - seed: {zones: [{name: z1}]}         # shorthand of emulator: seed, method: POST, body: ...

Templating is Jinja2 from the venv with Ansible's own filters and tests (ansible.plugins.filter.core and
mathstuff, ansible.plugins.test.core and mathstuff, also under their ansible.builtin. names); a string that is
one `{{ expr }}` gives the expression's native value, as Ansible does. Variables: cs_endpoint, cs_api_key,
cs_api_secret, cs_username, cs_password, cs_control, cs_log_seq, omit, and what `register`/`set` add. `lookup('emulator', ...)` is
setup_emulator's lookup plugin itself (tests/integration/targets/setup_emulator/lookup_plugins/emulator.py),
so `lookup('emulator', 'state/pods')` answers what it answers in a target; `lookup('file', 'x.pem')` reads
tests/integration/targets/<scenario name>/files/x.pem, as the file lookup of that target does. Undefined values behave as in
Ansible (`r.diff.before.x is not defined`, `| default`), and using one otherwise fails.

A failing step fails the test naming the scenario file, the step number and name, the failing expression and
the values of the variables it uses. After the last step, a parameter sent that the command does not declare
fails the scenario, as tests/scripts/integration.sh fails a run for one. Waits are shorter than through Ansible
where only the clock differs: the emulator's job delay is 0.01 s (async jobs, downloads) and
ResourceModule.settle_window is SETTLE_WINDOW.

What stays in the integration targets (tests/integration/targets/modules_{infra,offerings,identity,ops}/tasks/<module>.yml,
one file per module): what needs Ansible itself, lean: the module through module_defaults' action group, check
mode sending no write, a diff reaching the result, create, a no-op rerun, absent. Each scenario file says which
target its steps came from (the targets of that time; they were merged into the four above).
"""

from __future__ import annotations

import copy
import functools
import importlib.util
import json
import re
import time
import types
from pathlib import Path

import jinja2
import jinja2.meta
import pytest

from ansible.module_utils import basic
from ansible.module_utils.common import warnings as ansible_warnings
from ansible.module_utils.common.parameters import remove_values
from ansible.plugins.filter import core as filter_core, mathstuff as filter_math
from ansible.plugins.test import core as test_core, mathstuff as test_math

from ansible_collections.csops.cloudstack.plugins.module_utils import module as module_base

from csemu import server  # tests/emulator is on PYTHONPATH (tests/scripts/units.sh)
from reset_cache import cached_populate

from test_return_docs import ModuleExit, fast_waits, yaml_load

HERE = Path(__file__).resolve().parent
SCENARIOS = HERE / "scenarios"
COLLECTION = HERE.parents[3]
TARGETS = COLLECTION / "tests" / "integration" / "targets"
LOOKUP = TARGETS / "setup_emulator" / "lookup_plugins" / "emulator.py"
STEP_KINDS = ("module", "assert", "set", "mark", "calls", "assert_no_write", "emulator", "seed")
STEP_KEYS = {"name", "args", "check_mode", "diff", "register", "ignore_errors", "loop", "when", "vars", "until", "retries", "delay",
             "method", "body", "status", "collections", "summary", "since"} | set(STEP_KINDS)
OMIT = "__omit_place_holder__scenario__"
#: ResourceModule.settle_window in-process (2 s in production): after a create of an object whose name is not
#: unique (ISO, template) the module watches for concurrent creates that long; nothing runs concurrently here,
#: test_concurrency.py proves the settling with the production window (is_young answers the same for any window
#: under 1 s: the server's created and Date have one-second steps); fast_waits caps settle_duplicates' sleep at it
SETTLE_WINDOW = 0.05


def scenario_names():
    return sorted(p.stem for p in SCENARIOS.glob("*.yml"))


def _load_lookup():
    spec = importlib.util.spec_from_file_location("setup_emulator_lookup", LOOKUP)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.LookupModule


class StepFailed(AssertionError):
    pass


# ------------------------------------------------------------------ Jinja2 as Ansible configures it
class _Undefined(jinja2.StrictUndefined):
    """Strict, but chainable as Ansible's: `r.a.b is defined` is false instead of an error."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __getitem__(self, key):
        return self


#: Jinja2's own filters where ansible-core 2.19+ has wrappers that need its templating engine (markers)
JINJA_OWN = {"d", "default", "groupby", "map", "reject", "rejectattr", "select", "selectattr"}


def _unrolled(func):
    """A filter whose generator result becomes a list, as Ansible's templar does (`| selectattr(...) | last`)."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        out = func(*args, **kwargs)
        return list(out) if isinstance(out, types.GeneratorType) else out
    return wrapper


def _environment():
    env = jinja2.Environment(undefined=_Undefined, extensions=["jinja2.ext.loopcontrols"])
    for module in (filter_core, filter_math):
        for name, func in module.FilterModule().filters().items():
            if name not in JINJA_OWN:
                env.filters[name] = func
    for name, func in list(env.filters.items()):
        env.filters[name] = env.filters["ansible.builtin." + name] = _unrolled(func)
    for module in (test_core, test_math):
        for name, func in module.TestModule().tests().items():
            if name in ("defined", "undefined"):  # Jinja's own know our Undefined (ansible-core 2.19+ ones want its markers)
                continue
            env.tests[name] = env.tests["ansible.builtin." + name] = func
    return env


ENV = _environment()
ONE_EXPR = re.compile(r"^\s*\{\{(.*)\}\}\s*$", re.S)


@functools.lru_cache(maxsize=None)
def _expression(source):
    """ENV.compile_expression, once per source text (compiling is most of the runner's time: the same `r is changed`
    and the like recur in every scenario). The compiled expression reads ENV.globals when it runs, so each
    Scenario's lookup/query are the ones used."""
    return ENV.compile_expression(source, undefined_to_none=False)


@functools.lru_cache(maxsize=None)
def _template(source):
    """ENV.from_string, once per source text (as _expression)."""
    return ENV.from_string(source)


def _escape_backslashes(data):
    """Backslashes in the string literals of {{ }} doubled, as Ansible's templar does (so that
    regex_replace's '\\1' stays a back-reference instead of Jinja2's escape for chr(1))."""
    if "\\" not in data:
        return data
    out = []
    inside = False
    for _lineno, kind, text in ENV.lex(ENV.preprocess(data)):
        if kind == "variable_begin":
            inside = True
        elif kind == "variable_end":
            inside = False
        elif inside and kind == "string":
            text = text.replace("\\", "\\\\")
        out.append(text)
    return "".join(out)


def _plain(value):
    """JSON-shaped copy (what Ansible gets back from a module or a lookup)."""
    return json.loads(json.dumps(value, default=lambda o: sorted(o) if isinstance(o, (set, frozenset)) else str(o)))


class Scenario:
    """The state of one scenario run: variables, the emulator, the step being run."""

    def __init__(self, name, running, monkeypatch):
        self.name = name
        self.target = Path(name).stem
        self.running = running
        self.monkeypatch = monkeypatch
        self.lookup_class = _load_lookup()
        self.vars = {
            "cs_endpoint": running.endpoint,
            "cs_api_key": running.emu.api_key,
            "cs_api_secret": running.emu.secret_key,
            "cs_control": running.control,
            "cs_username": running.emu.username,
            "cs_password": running.emu.password,
            "cs_log_seq": 0,
            "omit": OMIT,
        }
        ENV.globals["lookup"] = self.lookup
        ENV.globals["query"] = ENV.globals["q"] = self.query
        self.where = ""

    # -- templating
    def lookup(self, plugin, *terms, **kwargs):
        wantlist = kwargs.pop("wantlist", False)
        if plugin in ("file", "ansible.builtin.file"):  # the file lookup of the target the scenario came from
            ran = [(TARGETS / self.target / "files" / term).read_text().rstrip() for term in terms]
        elif plugin == "emulator":
            ran = self.lookup_class().run(list(terms), self._lookup_vars(), **kwargs)
        else:
            raise StepFailed("lookup(%r): the scenarios know the emulator and file lookups only" % plugin)
        if wantlist:
            return ran
        if all(isinstance(r, str) for r in ran):  # templar's _lookup: strings are joined with ','
            return ",".join(ran)
        return ran[0] if len(ran) == 1 else ran

    def query(self, plugin, *terms, **kwargs):
        kwargs["wantlist"] = True
        return self.lookup(plugin, *terms, **kwargs)

    def _lookup_vars(self):
        return {"cs_control": self.vars["cs_control"]}

    def template(self, value, extra=None):
        if isinstance(value, dict):
            return {k: self.template(v, extra) for k, v in value.items()}
        if isinstance(value, list):
            return [self.template(v, extra) for v in value]
        if not isinstance(value, str) or "{" not in value:
            return value
        names = dict(self.vars, **(extra or {}))
        value = _escape_backslashes(value)
        match = ONE_EXPR.match(value)
        try:
            if match and "{{" not in match.group(1) and "}}" not in match.group(1):
                out = _expression(match.group(1))(**names)
                if isinstance(out, jinja2.Undefined):
                    str(out)  # raises, naming what is undefined
                return out
            return _template(value).render(**names)
        except StepFailed:
            raise
        except Exception as exc:  # a template error: say which template
            raise StepFailed("%s: cannot template %r: %s: %s" % (self.where, value, type(exc).__name__, exc)) from exc

    def step_vars(self, step, seed=None):
        """A step's vars, templated; one may use another (Ansible's vars are lazy): each is templated once
        those it uses are. seed: names known first (a loop's item)."""
        pending = dict(step.get("vars") or {})
        done = dict(seed or {})
        while pending:
            progress = False
            for key in list(pending):
                try:
                    done[key] = self.template(pending[key], done)
                except StepFailed:
                    continue
                del pending[key]
                progress = True
            if not progress:
                key = next(iter(pending))
                done[key] = self.template(pending[key], done)  # raises, naming what is undefined
        return done

    def condition(self, expr, extra=None):
        names = dict(self.vars, **(extra or {}))
        try:
            out = _expression(str(expr))(**names)
            if isinstance(out, jinja2.Undefined):
                str(out)
        except StepFailed:
            raise
        except Exception as exc:
            raise StepFailed("%s: cannot evaluate %r: %s: %s%s" % (
                self.where, expr, type(exc).__name__, exc, self.values(expr, names))) from exc
        return out

    def values(self, expr, names):
        """The variables an expression uses, with their values (for a failure message)."""
        try:
            used = sorted(jinja2.meta.find_undeclared_variables(ENV.parse("{{ %s }}" % expr)))
        except jinja2.TemplateError:
            return ""
        lines = []
        for name in used:
            if name in names and name not in ("omit", "lookup", "query", "q"):
                text = json.dumps(names[name], indent=1, sort_keys=True, default=str)
                lines.append("\n  %s = %s" % (name, text if len(text) < 6000 else text[:6000] + " ..."))
        return "".join(lines)

    # -- the emulator
    def control(self, term, **kwargs):
        return self.lookup_class().run([term], self._lookup_vars(), **kwargs)[0]

    def reset(self):
        with cached_populate(self.running.emu):  # the initial state copied from the first reset (reset_cache.py)
            self.control("reset", method="POST", body={})
        self.vars["cs_log_seq"] = 0

    # -- modules
    def run_module(self, name, args, check_mode, diff):
        full = {"api_url": self.running.endpoint, "api_key": self.running.emu.api_key,
                "api_secret": self.running.emu.secret_key}
        full.update({k: v for k, v in args.items() if v != OMIT})
        full["_ansible_check_mode"] = bool(check_mode)
        full["_ansible_diff"] = bool(diff)
        return run_as_ansible(name, full, self.monkeypatch)

    # -- the steps
    def run(self, steps):
        self.reset()
        for number, step in enumerate(steps, 1):
            kind = [k for k in STEP_KINDS if k in step]
            self.where = "%s step %d%s" % (self.name, number, " (%s)" % step["name"] if step.get("name") else "")
            if len(kind) != 1 or set(step) - STEP_KEYS:
                raise StepFailed("%s: a step has one of %s and only the keys %s: %s" % (
                    self.where, ", ".join(STEP_KINDS), ", ".join(sorted(STEP_KEYS)), step))
            getattr(self, "step_" + kind[0])(step)
        pending = self.running.emu.unknown_params.records(0, True)
        if pending:
            raise StepFailed("%s: parameters the commands do not declare were sent: %s" % (self.name, pending))

    def step_module(self, step):
        extra = self.step_vars(step)
        if "loop" not in step:
            result = self._one(step, extra)
        else:
            items = self.template(step["loop"], extra)
            if not isinstance(items, list):
                raise StepFailed("%s: loop is not a list: %r" % (self.where, items))
            results = []
            for item in items:
                one = self._one(step, dict(extra, item=item), looped=True)
                one.update(item=item, ansible_loop_var="item")
                results.append(one)
            result = {"results": results, "changed": any(r.get("changed") for r in results),
                      "failed": any(r.get("failed") for r in results), "msg": "All items completed", "skipped": False}
            if result["failed"]:
                result["msg"] = "One or more items failed"
                if not step.get("ignore_errors"):
                    raise StepFailed("%s: %s failed: %s" % (self.where, step["module"], [
                        (r["item"], r.get("msg")) for r in results if r.get("failed")]))
        if step.get("register"):
            self.vars[step["register"]] = result

    def _one(self, step, extra, looped=False):
        if "when" in step and not self.condition(step["when"], extra):
            return {"changed": False, "skipped": True, "skip_reason": "Conditional result was False"}
        args = self.template(step.get("args") or {}, extra)
        result = self.run_module(step["module"], args, step.get("check_mode"), step.get("diff"))
        if "until" in step:
            deadline = time.monotonic() + int(step.get("retries", 3)) * float(step.get("delay", 5))
            attempts = 1
            while not self.condition(step["until"], dict(extra, **{step.get("register") or "_": result})):
                if time.monotonic() > deadline:
                    raise StepFailed("%s: %s: until %r still false after %d attempts: %s" % (
                        self.where, step["module"], step["until"], attempts, result.get("msg")))
                time.sleep(0.05)
                attempts += 1
                result = self.run_module(step["module"], args, step.get("check_mode"), step.get("diff"))
            result["attempts"] = attempts
        if result.get("failed") and not step.get("ignore_errors") and not looped:
            raise StepFailed("%s: %s failed: %s" % (self.where, step["module"], result.get("msg")))
        return result

    def step_assert(self, step):
        that = step["assert"]
        extra = self.step_vars(step)
        for expr in [that] if isinstance(that, str) else that:
            out = self.condition(expr, extra)
            if not out:
                raise StepFailed("%s: assertion failed: %s%s" % (self.where, expr, self.values(expr, dict(self.vars, **extra))))

    def step_set(self, step):
        items = self.template(step["loop"]) if "loop" in step else [None]
        for item in items:
            extra = self.step_vars(step, {"item": item} if "loop" in step else None)
            for key, value in (step["set"] or {}).items():
                self.vars[key] = self.template(value, extra)

    def _since(self, step):
        return int(self.template(step["since"]) if "since" in step else self.vars.get("cs_log_seq") or 0)

    def step_mark(self, step):
        self.vars["cs_log_seq"] = self.control("log?since=%d" % int(self.vars.get("cs_log_seq") or 0), summary="last_seq")

    def step_calls(self, step):
        self.vars["cs_calls"] = self.control("log?since=%d" % self._since(step))["requests"]

    def step_assert_no_write(self, step):
        since = self._since(step)
        writes = self.control("log?since=%d" % since, summary="writes")
        if writes:
            raise StepFailed("%s: write(s) sent to the emulator after seq %d: %s" % (self.where, since, ", ".join(writes)))

    def step_emulator(self, step):
        kwargs = {k: self.template(step[k]) for k in ("method", "body", "status", "collections", "summary") if k in step}
        answer = self.control(self.template(step["emulator"]), **kwargs)
        if step.get("register"):
            self.vars[step["register"]] = answer

    def step_seed(self, step):
        answer = self.control("seed", method="POST", body=self.template(step["seed"]))
        if step.get("register"):
            self.vars[step["register"]] = answer


# ------------------------------------------------------------------ a module run, registered as Ansible does
def _exit_json(self, **kwargs):
    raise ModuleExit(_as_registered(self, kwargs), False)


def _fail_json(self, msg, **kwargs):
    kwargs["msg"] = msg
    kwargs["failed"] = True
    kwargs.pop("exception", None)
    raise ModuleExit(_as_registered(self, kwargs), True)


def _as_registered(module, kwargs):
    """What `register` gets: exit_json's no_log masking (bools and None kept), invocation, warnings."""
    kwargs.setdefault("invocation", {"module_args": module.params})
    warned = list(ansible_warnings.get_warning_messages())
    if warned:
        kwargs["warnings"] = list(kwargs.get("warnings") or []) + warned
    preserved = {k: v for k, v in kwargs.items() if v is None or isinstance(v, bool)}
    kwargs = remove_values(kwargs, module.no_log_values)
    kwargs.update(preserved)
    kwargs.setdefault("changed", False)
    kwargs.setdefault("failed", False)
    return _plain(kwargs)


def _clear_warnings():
    for name in ("_global_warnings", "_global_deprecations"):
        getattr(ansible_warnings, name).clear()


def run_as_ansible(name, args, monkeypatch):
    module = importlib.import_module("ansible_collections.csops.cloudstack.plugins.modules." + name)
    payload = json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode()
    _clear_warnings()
    with monkeypatch.context() as m:
        m.setattr(basic, "_ANSIBLE_ARGS", payload)
        if hasattr(basic, "_ANSIBLE_PROFILE"):  # ansible-core >= 2.19
            m.setattr(basic, "_ANSIBLE_PROFILE", "legacy")
        internal = getattr(importlib.import_module("ansible.module_utils"), "_internal", None)
        if getattr(internal, "is_controller", False):  # 2.19+: the controller displays warnings, a module returns them
            m.setattr(internal, "is_controller", False)
        m.setattr(basic.AnsibleModule, "exit_json", _exit_json)
        m.setattr(basic.AnsibleModule, "fail_json", _fail_json)
        m.setattr(module_base.ResourceModule, "settle_window", SETTLE_WINDOW)
        try:
            module.main()
        except ModuleExit as done:
            return done.result
        finally:
            _clear_warnings()
    raise AssertionError("module %s returned without exit_json or fail_json" % name)


# ------------------------------------------------------------------ the tests
@pytest.fixture(scope="module", name="emulator")
def emulator_fixture():
    running = server.start(port=0, job_delay=0.01)
    yield running
    running.stop()


@pytest.mark.parametrize("name", scenario_names())
def test_scenario(name, emulator, monkeypatch):
    steps = yaml_load((SCENARIOS / ("%s.yml" % name)).read_text()) or []
    assert isinstance(steps, list) and steps, "scenarios/%s.yml: a list of steps" % name
    fast_waits(monkeypatch, emulator)
    scenario = Scenario("scenarios/%s.yml" % name, emulator, monkeypatch)
    try:
        scenario.run(copy.deepcopy(steps))
    except StepFailed as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.mark.parametrize("steps,words", [
    ([{"module": "zone", "args": {"name": "z", "network_type": "Advanced", "dns1": "8.8.8.8"}, "register": "r"},
      {"name": "A wrong claim", "assert": ["r is changed", "r.zone.name == 'other'"]}],
     ["scenarios/self-test.yml step 2 (A wrong claim): assertion failed: r.zone.name == 'other'", '"name": "z"']),
    ([{"mark": True}, {"module": "zone", "args": {"name": "z", "network_type": "Advanced", "dns1": "8.8.8.8"}},
      {"assert_no_write": True}],
     ["step 3: write(s) sent to the emulator after seq", "createZone"]),
    ([{"name": "Bad", "module": "zone", "args": {"name": "z"}}],
     ["step 1 (Bad): zone failed:", "network_type"]),
    ([{"module": "zone", "args": {"name": "z"}, "register": "r", "ignore_errors": True}, {"assert": ["r is not failed"]}],
     ["step 2: assertion failed: r is not failed"]),
    ([{"assert": ["nothing.here == 1"]}], ["step 1: cannot evaluate 'nothing.here == 1'", "undefined"]),
])
def test_runner_reports_failures(steps, words, emulator, monkeypatch):
    """The runner itself: a false assertion, a write where none may be, a failed module step and an undefined
    name each fail the scenario, naming the file, the step and what was wrong."""
    scenario = Scenario("scenarios/self-test.yml", emulator, monkeypatch)
    with pytest.raises(StepFailed) as failed:
        scenario.run(steps)
    for word in words:
        assert word in str(failed.value), str(failed.value)

# -*- coding: utf-8 -*-
"""Bad input fails before any write, with one clear line naming the problem: the table.

Every case of bad_input_cases.yml runs its module in this process (main(), the way
test_return_docs.py does) against the emulator started in background threads, and asserts:

- the module failed (fail_json, from our code or from Ansible's argument_spec checks), not changed;
- its msg contains the case's ``words`` and ``option`` (equals ``msg``, matches ``match``, when given);
- the msg is ONE line, not an 'Unexpected error ...' of the modules' error boundary, and no
  'Traceback' is anywhere in the result;
- the emulator's request log shows no write (an entry with ``readonly`` false, the rule of
  setup_emulator's assert_no_write.yml) for the case;
- no secret the case passed (values of options named like a password, a secret or a private key,
  six characters or more, each line of a PEM key, and the emulator's secret key) appears in the result.

Running a module in-process costs milliseconds where an integration task costs about half a
second (Ansible's module start-up), so the tables of bad input live here; the integration target
bad_input keeps one case per family to prove the Ansible path (the failure reaches the user as
one line, no traceback).

Table file (YAML):

    setups:                       # named set-up steps, run once on a freshly reset emulator
      a_zone:                     # steps as in return_scenarios (module/args, seed, include)
        - module: zone
          args: {name: bad-zone, network_type: Advanced, dns1: 8.8.8.8}
    groups:
      - module: zone              # the module the cases run
        from: "bad_input: zone"   # where the cases came from (integration target: task name)
        setup: a_zone             # optional: a name of `setups`
        args: {dns1: 8.8.8.8}     # optional: args every case of the group starts from
        cases:
          - args: {name: z, state: paused}
            words: state must be one of
            option: state         # optional: the option the msg must name
          - args: {name: z}
            words: [network_type, required]   # words may be a list: each must be in the msg
          - args: {private_key: "@file{ssl_certificate/files/other.key}"}   # a fixture file of a target
            msg: "the whole msg"              # optional: the msg exactly
            match: "^private_key .* key"      # optional: a regular expression the msg matches (re.search)

Cases of a group run in order after its set-up; connection options (api_url, api_key, api_secret,
api_retries 0) come from the emulator unless a case gives its own.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from pathlib import Path

import pytest

from csemu import server  # tests/emulator is on PYTHONPATH (tests/scripts/units.sh)

from test_return_docs import load_steps, resolve, run_module, seed, yaml_load

TABLE = Path(__file__).resolve().parent / "bad_input_cases.yml"
TARGETS = Path(__file__).resolve().parents[3] / "integration" / "targets"
FILE_REF = re.compile(r"^@file\{([A-Za-z0-9_./-]+)\}$")
SECRET_NAME = re.compile(r"password|secret|private_key", re.I)
#: options named like a secret whose values are not secret
NOT_SECRET = {"update_password"}
#: secrets shorter than this are not scanned for (a one-letter password is in every msg)
SECRET_MIN = 6


@functools.lru_cache(maxsize=None)
def _table():
    return yaml_load(TABLE.read_text())


def _cases():
    table = _table()
    out = []
    for number, group in enumerate(table["groups"]):
        for index, case in enumerate(group["cases"], 1):
            label = re.sub(r"[^A-Za-z0-9_.-]+", "-", (_words(case) + [case.get("msg") or case.get("match") or ""])[0])[:40]
            out.append(pytest.param(number, index - 1, id="%s-%d-%d-%s" % (group["module"], number, index, label)))
    return out


def _words(case):
    """What the msg must contain: `words` (a string or a list of strings) and `option`."""
    words = case.get("words") or []
    words = [words] if isinstance(words, str) else list(words)
    return words + ([case["option"]] if case.get("option") else [])


def _files(value):
    """``@file{target/files/name}``: the text of a file under tests/integration/targets (fixtures shared with a target)."""
    if isinstance(value, dict):
        return {k: _files(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_files(v) for v in value]
    match = FILE_REF.match(value) if isinstance(value, str) else None
    if match:
        return (TARGETS / match.group(1)).read_text().rstrip("\n")
    return value


def _setup_steps(table, name):
    steps = []
    for step in table["setups"][name]:
        if "include" in step:
            steps.extend(load_steps("_" + step["include"]))
        else:
            steps.append(step)
    return steps


def _secrets(value, found):
    """Values of options named like a secret, anywhere in the args."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and SECRET_NAME.search(str(key)) and key not in NOT_SECRET and len(item) >= SECRET_MIN:
                found.add(item)
                # each line of a PEM key on its own (a msg could quote one line)
                found.update(line for line in item.splitlines() if len(line) >= 16 and not line.startswith("-----"))
            else:
                _secrets(item, found)
    elif isinstance(value, list):
        for item in value:
            _secrets(item, found)
    return found


@pytest.fixture(scope="module", name="emulator")
def emulator_fixture():
    running = server.start(port=0, job_delay=0.01)
    running.current_setup = None
    yield running
    running.stop()


def _base(emulator):
    return {"api_url": emulator.endpoint, "api_key": emulator.emu.api_key, "api_secret": emulator.emu.secret_key,
            "api_retries": 0}


def _prepare(emulator, table, number, monkeypatch):
    """Reset the emulator and run the group's set-up; groups in a row with the same set-up share it
    (bad input writes nothing, which each case asserts)."""
    group = table["groups"][number]
    if emulator.current_setup == group.get("setup", ""):
        return
    emulator.current_setup = None
    emulator.emu.reset(job_delay=0.01)
    registered = {}
    for step_number, step in enumerate(_setup_steps(table, group["setup"]) if group.get("setup") else [], 1):
        if "seed" in step:
            result = seed(emulator, resolve(step["seed"], registered))
        else:
            args = _base(emulator)
            args.update(resolve(step.get("args") or {}, registered))
            args["_ansible_check_mode"] = False
            args["_ansible_diff"] = False
            result = run_module(step["module"], copy.deepcopy(args), monkeypatch)
            assert not result.get("failed"), "set-up %s step %d (%s) failed: %s" % (
                group["setup"], step_number, step["module"], result.get("msg"))
        if step.get("register"):
            registered[step["register"]] = result
    emulator.registered = registered
    emulator.current_setup = group.get("setup", "")


@pytest.mark.parametrize("number,index", _cases())
def test_bad_input(number, index, emulator, monkeypatch):
    table = _table()
    _prepare(emulator, table, number, monkeypatch)
    group = table["groups"][number]
    case = group["cases"][index]
    args = _base(emulator)
    args.update(_files(resolve(copy.deepcopy(group.get("args") or {}), emulator.registered)))
    args.update(_files(resolve(copy.deepcopy(case.get("args") or {}), emulator.registered)))
    args["_ansible_check_mode"] = False
    args["_ansible_diff"] = False
    secrets = _secrets(args, {emulator.emu.secret_key})
    before = max([e["seq"] for e in emulator.emu.log.entries()] or [0])

    result = run_module(group["module"], copy.deepcopy(args), monkeypatch)

    where = "%s (%s) %s" % (group["module"], group.get("from", ""), case.get("args"))
    msg = result.get("msg")
    assert result.get("failed"), "%s did not fail: %s" % (where, result)
    assert isinstance(msg, str) and msg, "%s failed without a msg: %s" % (where, result)
    assert not result.get("changed"), "%s: changed is true: %s" % (where, result)
    for words in _words(case):
        assert words in msg, "%s: %r not in the msg: %s" % (where, words, msg)
    if "msg" in case:
        assert msg == case["msg"], "%s: the msg is not %r: %s" % (where, case["msg"], msg)
    if "match" in case:
        assert re.search(case["match"], msg), "%s: the msg does not match %r: %s" % (where, case["match"], msg)
    assert not msg.startswith("Unexpected error"), "%s: not a clear msg: %s" % (where, msg)
    assert len(msg.splitlines()) == 1, "%s: the msg is not one line: %r" % (where, msg)
    dumped = json.dumps(result, default=str)
    assert "Traceback" not in dumped, "%s: a traceback in the result: %s" % (where, dumped)
    leaked = sorted(s for s in secrets if s in dumped)
    assert not leaked, "%s: a secret passed in the args is in the result: %s" % (where, dumped)
    writes = [e["command"] for e in emulator.emu.log.entries(before) if not e["readonly"]]
    assert not writes, "%s: bad input sent write(s) to the API: %s" % (where, writes)


def test_table_is_well_formed():
    """Every group names a module of the collection and a known set-up; every case says what to find."""
    table = _table()
    modules = {p.stem for p in (Path(__file__).resolve().parents[4] / "plugins" / "modules").glob("*.py")}
    for group in table["groups"]:
        assert group["module"] in modules, group
        assert not group.get("setup") or group["setup"] in table["setups"], group
        for case in group["cases"]:
            assert (_words(case) or case.get("msg") or case.get("match")) and all(isinstance(w, str) and w for w in _words(case)), case
            assert set(case) <= {"args", "words", "option", "msg", "match"}, case

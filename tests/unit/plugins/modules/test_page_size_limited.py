# -*- coding: utf-8 -*-
"""Every module works against a server whose default.page.size is 100 (issue 15, point 4).

CloudStack refuses a list call whose pagesize exceeds default.page.size ("Page size can't exceed max
allowed page size value: 100", BaseListCmd.getPageSize); our modules ask for 500 by default, so each
must take the server's limit and go on. Each module of plugins/modules runs its RETURN scenario
(return_scenarios/<module>.yml, see test_return_docs.py) on an emulator restarted with
default_page_size 100: every step must end as it does on an unlimited server, and the only refusals
in the request log are of the first page size (500), never of the one the server named.
A new module is covered as soon as it has its scenario. The walk over several pages is tested through Ansible
by the client_paths integration target (tasks/page_size.yml).
"""

from __future__ import annotations

import copy

import pytest

from csemu import control, server  # tests/emulator is on PYTHONPATH (tests/scripts/units.sh)

from test_return_docs import (SCENARIOS, cached_reset, fast_waits, load_steps, module_names, resolve, run_module, seed,
                              short_settle_window)

LIMIT = 100


@pytest.fixture(scope="module", name="emulator")
def emulator_fixture():
    running = server.start(port=0, job_delay=0.01)
    yield running
    running.stop()


@pytest.mark.parametrize("name", module_names())
def test_module_on_a_server_limited_to_100(name, emulator, monkeypatch):
    short_settle_window(monkeypatch)
    fast_waits(monkeypatch, emulator)
    if not (SCENARIOS / ("%s.yml" % name)).exists():
        pytest.skip("no scenario (test_return_docs fails for it)")
    cached_reset(emulator.emu, job_delay=0.01)
    control.restart_with_page_size(emulator.emu, LIMIT)
    base = {"api_url": emulator.endpoint, "api_key": emulator.emu.api_key, "api_secret": emulator.emu.secret_key}
    registered = {}
    for number, step in enumerate(load_steps(name), 1):
        if "seed" in step:
            result = seed(emulator, resolve(step["seed"], registered))
        else:
            args = dict(base)
            args.update(resolve(step.get("args") or {}, registered))
            args["_ansible_check_mode"] = bool(step.get("check_mode"))
            args["_ansible_diff"] = bool(step.get("diff"))
            result = run_module(step["module"], copy.deepcopy(args), monkeypatch)
            if bool(result.get("failed")) != bool(step.get("failed")):
                pytest.fail("%s.yml step %d (%s) %s with default.page.size %d: %s" % (
                    name, number, step["module"], "failed" if result.get("failed") else "did not fail", LIMIT,
                    result.get("msg")))
        if step.get("register"):
            registered[step["register"]] = result
    calls = emulator.emu.log.entries()
    refused = [c for c in calls if c["status"] == 431 and c["params"].get("pagesize") not in (None, "500")]
    assert not refused, "refused again after the server named its limit: %s" % refused
    too_big = [c for c in calls if c["status"] == 200 and int(c["params"].get("pagesize") or 0) > LIMIT]
    assert not too_big, "answered with more than %d per page: %s" % (LIMIT, too_big)

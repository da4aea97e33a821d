# -*- coding: utf-8 -*-
"""In-worker module execution (plugins/plugin_utils/in_worker.py): the decision, the per-module action plugins, and a
module run in this process as a module process would run it. tests/integration/targets/module_plumbing/tasks/
in_worker.yml compares whole task results of both ways through Ansible."""

from __future__ import annotations

import importlib
import json
import os
import sys
import types
from pathlib import Path

import pytest

from ansible.errors import AnsibleActionFail
from ansible.module_utils import basic

from ansible_collections.csops.cloudstack.plugins.plugin_utils import in_worker
from ansible_collections.csops.cloudstack.plugins.plugin_utils.in_worker import decide, encode_args, run_module

ROOT = Path(__file__).resolve().parents[4]
MODULES = sorted(path.stem for path in (ROOT / "plugins" / "modules").glob("*.py") if path.stem != "__init__")
MODERN = hasattr(basic, "_ANSIBLE_PROFILE")
PROFILE = in_worker.DEFAULT_PROFILE if MODERN else None


@pytest.mark.parametrize("kwargs, expected", [
    (dict(connection="local"), True),
    (dict(connection="ansible.builtin.local"), True),
    (dict(connection="ansible.legacy.local"), True),
    (dict(connection="local", opt_in=True), True),
    (dict(connection="local", opt_in="yes"), True),
    (dict(connection="local", opt_in=False), False),
    (dict(connection="local", opt_in="false"), False),
    (dict(connection="local", opt_in="no"), False),
    (dict(connection="ssh"), False),
    (dict(connection="ansible.builtin.ssh"), False),
    (dict(connection="paramiko_ssh"), False),
    (dict(connection="ansible.netcommon.httpapi"), False),
    (dict(connection="local", async_val=30), False),
    (dict(connection="local", become=True), False),
    (dict(connection="local", keep_remote_files=True), False),
    (dict(connection="ssh", opt_in=True), False),
])
def test_decide(kwargs, expected):
    in_worker_ok, why = decide(**kwargs)
    assert in_worker_ok is expected
    assert why


def test_decide_names_the_reason():
    assert decide("local", opt_in=False)[1] == "csops_cloudstack_in_worker is false"
    assert decide("ssh")[1] == "the connection is ssh, not local"
    assert decide("local", async_val=10)[1] == "the task is async"
    assert decide("local", become=True)[1] == "the task uses become"


def test_decide_rejects_a_non_boolean_opt_out():
    with pytest.raises(AnsibleActionFail, match="csops_cloudstack_in_worker must be a boolean"):
        decide("local", opt_in="sometimes")


@pytest.mark.parametrize("name", MODULES)
def test_every_module_has_its_action_plugin(name):
    """An action plugin per module (plugins/action/<module>.py), running that module, in the action group too."""
    text = (ROOT / "plugins" / "action" / (name + ".py")).read_text()
    assert "class ActionModule(InWorkerAction):" in text
    assert "csops.cloudstack.%s," % name in text
    module = __import__("ansible_collections.csops.cloudstack.plugins.action." + name, fromlist=["ActionModule"])
    assert issubclass(module.ActionModule, in_worker.InWorkerAction)
    source = (ROOT / "plugins" / "modules" / (name + ".py")).read_text()
    # run_module calls main(); ansible-core 2.19+ gives a module without METADATA the profile DEFAULT_PROFILE
    assert "\ndef main():" in source
    assert "\nMETADATA" not in source


def test_no_action_plugin_without_a_module():
    actions = sorted(path.stem for path in (ROOT / "plugins" / "action").glob("*.py") if path.stem != "__init__")
    assert actions == MODULES


def _fake(name, main):
    module = types.ModuleType(name)
    module.main = main
    sys.modules[name] = module
    return name


def test_run_module_captures_the_printed_result_and_the_exit():
    def main():
        print('\n{"changed": true, "value": 1}')
        sys.exit(0)

    stdout = sys.stdout
    res = run_module(_fake("csops_iw_fake_ok", main), encode_args({}, PROFILE), PROFILE)
    assert sys.stdout is stdout
    assert res["rc"] == 0
    assert json.loads(res["stdout"]) == {"changed": True, "value": 1}
    assert res["stderr"] == ""


def test_run_module_turns_an_escaping_exception_into_a_failed_run():
    def main():
        raise ValueError("boom in the module")

    res = run_module(_fake("csops_iw_fake_raise", main), encode_args({}, PROFILE), PROFILE)
    assert res["rc"] == 1
    assert res["stdout"] == ""
    assert res["stderr"].startswith("Traceback")
    assert "ValueError: boom in the module" in res["stderr"]


def test_run_module_applies_the_environment_and_restores_it(monkeypatch):
    monkeypatch.delenv("CSOPS_IW_TEST_VAR", raising=False)
    monkeypatch.setenv("CSOPS_IW_KEPT", "before")
    seen = {}

    def main():
        seen["var"] = os.environ.get("CSOPS_IW_TEST_VAR")
        seen["kept"] = os.environ.get("CSOPS_IW_KEPT")
        os.environ["CSOPS_IW_MODULE_SET"] = "x"
        sys.exit(0)

    run_module(_fake("csops_iw_fake_env", main), encode_args({}, PROFILE), PROFILE,
               {"CSOPS_IW_TEST_VAR": 42, "CSOPS_IW_KEPT": "task"})
    assert seen == {"var": "42", "kept": "task"}
    assert "CSOPS_IW_TEST_VAR" not in os.environ
    assert "CSOPS_IW_MODULE_SET" not in os.environ
    assert os.environ["CSOPS_IW_KEPT"] == "before"


def _ansible_module_main():
    module = basic.AnsibleModule(argument_spec=dict(name=dict(type="str", required=True),
                                                    password=dict(type="str", no_log=True)),
                                 supports_check_mode=True)
    module.warn("a warning from the module")
    if module.params["name"] == "fail":
        module.fail_json(msg="failed with %s" % module.params["password"])
    module.exit_json(changed=not module.check_mode, echo="%s/%s" % (module.params["name"], module.params["password"]))


def _internal_args(**extra):
    args = dict(_ansible_check_mode=False, _ansible_no_log=False, _ansible_diff=False, _ansible_verbosity=0,
                _ansible_module_name="csops.cloudstack.fake", _ansible_debug=False, _ansible_keep_remote_files=False)
    args.update(extra)
    return args


def _controller_flag():
    if not MODERN:
        return None
    return importlib.import_module("ansible.module_utils._internal").is_controller


def test_run_module_runs_an_ansible_module_like_a_module_process():
    flag = _controller_flag()
    args = dict(_internal_args(), name="n1", password="pw-never-shown-17")
    res = run_module(_fake("csops_iw_fake_am", _ansible_module_main), encode_args(args, PROFILE), PROFILE)
    assert res["rc"] == 0, res
    result = json.loads(res["stdout"])
    assert result["changed"] is True
    # AnsibleModule removes no_log values from the result, as in a module process
    assert "pw-never-shown-17" not in res["stdout"]
    assert result["echo"].startswith("n1/")
    # the warning is in the result (not shown at once by the controller's display), as from a module process
    assert "a warning from the module" in json.dumps(result.get("warnings"))
    assert _controller_flag() == flag
    assert getattr(basic, "_ANSIBLE_ARGS", None) is None


def test_run_module_check_mode_and_failure():
    args = dict(_internal_args(_ansible_check_mode=True), name="n2")
    res = run_module(_fake("csops_iw_fake_am2", _ansible_module_main), encode_args(args, PROFILE), PROFILE)
    assert json.loads(res["stdout"])["changed"] is False
    args = dict(_internal_args(), name="fail", password="pw-never-shown-18")
    res = run_module(_fake("csops_iw_fake_am3", _ansible_module_main), encode_args(args, PROFILE), PROFILE)
    assert res["rc"] == 1
    result = json.loads(res["stdout"])
    assert result["failed"] is True
    assert "pw-never-shown-18" not in res["stdout"]


def test_run_module_argument_error_is_one_line():
    res = run_module(_fake("csops_iw_fake_am4", _ansible_module_main), encode_args(_internal_args(), PROFILE), PROFILE)
    assert res["rc"] == 1
    result = json.loads(res["stdout"])
    assert result["msg"] == "missing required arguments: name"
    # the next run starts without the previous run's warnings
    assert "a warning from the module" not in json.dumps(result.get("warnings"))


def test_run_module_forgets_the_collection_modules_it_imported():
    name = "zone_info"
    package = in_worker.MODULES_PACKAGE + "." + name
    sys.modules.pop(package, None)
    res = run_module(package, encode_args(_internal_args(), PROFILE), PROFILE)
    assert res["rc"] == 1  # no connection options: the module fails, after its import
    result = json.loads(res["stdout"])
    assert result["failed"] is True and "api_url" in result["msg"], result
    assert package not in sys.modules

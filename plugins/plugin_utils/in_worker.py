# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action plugin of every module of this collection: run the module inside the controller's worker process when
that is equivalent to running it in its own process, else the usual way.

Ansible runs a module task by building the module's AnsiballZ payload in the worker (the process it forks for the
task) and starting a new Python process that unpacks and runs it. For a task whose connection is local, that
process runs on the controller with the task's environment added to the worker's: the worker can as well import the
module and call its main() itself, which costs no payload build, no Python start-up and no second import of
ansible.module_utils.basic (docs/performance.md, "Where a no-op task's time goes").

The module runs exactly as in its own process: its arguments are the task's arguments with the internal ones that
ansible-core adds (ActionBase._update_module_args: check mode, diff mode, no_log, verbosity, ...), serialized the way
ansible-core serializes them for a module and read by AnsibleModule from ansible.module_utils.basic._ANSIBLE_ARGS;
the module's own exit_json/fail_json build the result (so AnsibleModule removes the no_log values as always); the
JSON it prints and its exit status are read back by ActionBase._parse_returned_data, as for a module process. An
exception that escapes the module becomes the failed result a module process's traceback would give (MODULE FAILURE
with the traceback in module_stderr), never a crashed worker. The task's environment (environment:) is set in
os.environ while the module runs. On ansible-core 2.19 and later, the controller flag of ansible.module_utils
(is_controller) is cleared while the module runs, so that its warnings and deprecations are returned in the result
like a module process's, and shown by the callback as today.

The rules (decide()): the module runs in the worker when the task's connection is local (ansible.builtin.local,
which delegate_to: localhost gives too), the task is not async, does not use become, ANSIBLE_KEEP_REMOTE_FILES is
off, and the variable csops_cloudstack_in_worker is not false. Otherwise ActionBase._execute_module runs the module
in its own process, unchanged. In the worker the module runs on the controller's Python (ansible_playbook_python):
ansible_python_interpreter is not used (the collection's modules need only the standard library); set
csops_cloudstack_in_worker: false for a task or host that must run on another interpreter.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import sys
import traceback

from ansible import constants as C
from ansible.errors import AnsibleActionFail
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash

display = Display()

#: The variable that turns in-worker execution off (false) for a task, a play or a host.
OPT_OUT_VAR = "csops_cloudstack_in_worker"
#: Names of ansible-core's local connection plugin.
LOCAL_CONNECTIONS = frozenset(("local", "ansible.builtin.local", "ansible.legacy.local"))
#: What the collection's modules and module_utils are imported as.
COLLECTION_PACKAGE = "ansible_collections.csops.cloudstack.plugins"
MODULES_PACKAGE = COLLECTION_PACKAGE + ".modules"
#: The serialization profile ansible-core 2.19+ gives a module without METADATA (executor/module_common.py).
DEFAULT_PROFILE = "legacy"


def decide(connection, async_val=0, become=False, opt_in=True, keep_remote_files=False):
    """(True, why) when a module task can run in the worker, (False, why) when it must run in its own process.

    connection: the task's connection plugin name (its transport); async_val: the task's async; become: the task
    uses become; opt_in: the value of csops_cloudstack_in_worker (None: not set, which means yes); keep_remote_files:
    ANSIBLE_KEEP_REMOTE_FILES (the module process's files are wanted, to debug it).
    """
    if opt_in is not None:
        try:
            wanted = boolean(opt_in, strict=True)
        except TypeError as exc:
            raise AnsibleActionFail("%s must be a boolean, got %r." % (OPT_OUT_VAR, opt_in)) from exc
        if not wanted:
            return False, "%s is false" % OPT_OUT_VAR
    if connection not in LOCAL_CONNECTIONS:
        return False, "the connection is %s, not local" % connection
    if async_val:
        return False, "the task is async"
    if become:
        return False, "the task uses become"
    if keep_remote_files:
        return False, "ANSIBLE_KEEP_REMOTE_FILES is set"
    return True, "the connection is local"


def _modern():
    """ansible-core 2.19 and later: module arguments have a serialization profile, module_utils a controller flag."""
    from ansible.module_utils import basic  # pylint: disable=import-outside-toplevel

    return hasattr(basic, "_ANSIBLE_PROFILE")


class InWorkerAction(ActionBase):
    """Runs the module of the same name (the action plugin file's name) in the worker when decide() allows it."""

    _supports_check_mode = True
    _supports_async = True

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp  # tmp no longer has any effect
        task_vars = task_vars if task_vars is not None else {}

        in_worker, why = decide(
            connection=getattr(self._connection, "_load_name", None) or self._connection.transport,
            async_val=self._task.async_val,
            become=bool(self._play_context.become),
            opt_in=self._templar.template(task_vars.get(OPT_OUT_VAR)),
            keep_remote_files=bool(C.DEFAULT_KEEP_REMOTE_FILES),
        )
        where = "in the worker" if in_worker else "in its own process"
        display.vvvv("csops.cloudstack: %s runs %s (%s)" % (self._task.action, where, why), host=self._play_context.remote_addr)
        if in_worker:
            return merge_hash(result, self._execute_in_worker(task_vars))

        wrap_async = self._task.async_val and not getattr(self._connection, "has_native_async", False)
        result = merge_hash(result, self._execute_module(task_vars=task_vars, wrap_async=wrap_async))
        if not wrap_async:
            # remove a temporary path we created
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result

    # ------------------------------------------------------------------ in the worker
    def _module_file_name(self):
        """The module this action plugin runs: the one named like the plugin's file (plugins/action/<name>.py)."""
        return type(self).__module__.rsplit(".", 1)[-1]

    def _execute_in_worker(self, task_vars):
        """What ActionBase._execute_module returns for this task, with the module run in this process."""
        module_name = self._task.action  # what _execute_module names the module (_ansible_module_name)
        module_args = self._task.args
        self._update_module_args(module_name, module_args, task_vars)

        profile = DEFAULT_PROFILE if _modern() else None
        payload = encode_args(module_args, profile)

        environment = {}
        self._compute_environment_string(environment)

        package = "%s.%s" % (MODULES_PACKAGE, self._module_file_name())
        res = run_module(package, payload, profile, environment)
        return self._result_of(res, profile)

    def _result_of(self, res, profile):
        """The tail of ActionBase._execute_module for a module that printed res['stdout'] and ended with res['rc']."""
        # ansible-core 2.19+ reads a module's answer with its serialization profile, 2.17 and 2.18 without one
        parsed = self._parse_returned_data(*((res,) if profile is None else (res, profile)))
        if hasattr(parsed, "as_result_dict"):  # 2.21: a task result object
            if parsed.suppress_tmpdir_delete:
                self._cleanup_remote_tmp = False
            parsed.remove_internal_keys()
            return parsed.as_result_dict(for_round_trip=True)
        # a result dictionary (imported by name: pylint runs against one ansible-core version at a time)
        clean = importlib.import_module("ansible.vars.clean")
        if parsed.pop("_ansible_suppress_tmpdir_delete", False):
            self._cleanup_remote_tmp = False
        clean.remove_internal_keys(parsed)
        for name in ("stdout", "stderr"):
            if name in parsed and name + "_lines" not in parsed:
                parsed[name + "_lines"] = (parsed.get(name) or "").splitlines()
        return parsed


def encode_args(module_args, profile=None):
    """The module's arguments as ansible-core serializes them for a module process."""
    params = {"ANSIBLE_MODULE_ARGS": module_args}
    # what each ansible-core version has (imported by name: pylint runs against one version at a time)
    json_utils = importlib.import_module("ansible.module_utils.common.json")
    if profile is not None:
        encoder = json_utils.get_module_encoder(profile, json_utils.Direction.CONTROLLER_TO_MODULE)
        return json.dumps(params, cls=encoder).encode("utf-8")
    return json.dumps(params, cls=json_utils.AnsibleJSONEncoder, vault_to_text=True).encode("utf-8")


def run_module(package, payload, profile=None, environment=None):
    """Import the module `package` and run its main() in this process, as a module process would run it.

    payload: the module's arguments as ansible-core serializes them (bytes); profile: their serialization profile
    (ansible-core 2.19+, else None); environment: variables set in os.environ while the module runs. Returns what
    ActionBase._low_level_execute_command returns for a module process: rc, stdout (what the module printed), stderr
    (the traceback of an exception that escaped the module). This process's state is as before afterwards: stdout,
    os.environ, the module arguments of ansible.module_utils.basic, the controller flag, and the collection's modules
    and module_utils that this run imported (the next run imports them afresh, as a new module process would).
    """
    from ansible.module_utils import basic  # pylint: disable=import-outside-toplevel

    before = set(sys.modules)
    saved_environ = dict(os.environ)
    saved_stdout = sys.stdout
    saved_args = getattr(basic, "_ANSIBLE_ARGS", None), getattr(basic, "_ANSIBLE_PROFILE", None)
    internal = None
    controller_flag = False
    captured = io.StringIO()
    rc, stderr = 0, ""
    try:
        os.environ.update({str(name): str(value) for name, value in (environment or {}).items()})
        basic._ANSIBLE_ARGS = payload
        if profile is not None:
            basic._ANSIBLE_PROFILE = profile
            internal = importlib.import_module("ansible.module_utils._internal")
            controller_flag = internal.is_controller
            internal.is_controller = False
        _clear_module_messages()
        sys.stdout = captured
        module = importlib.import_module(package)
        module.main()
    except SystemExit as exc:
        rc = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except Exception:  # pylint: disable=broad-except
        # What a module process leaves on stderr when an exception escapes the module.
        rc, stderr = 1, traceback.format_exc()
    finally:
        sys.stdout = saved_stdout
        if internal is not None:
            internal.is_controller = controller_flag
        basic._ANSIBLE_ARGS = saved_args[0]
        if profile is not None:
            basic._ANSIBLE_PROFILE = saved_args[1]
        _clear_module_messages()
        os.environ.clear()
        os.environ.update(saved_environ)
        for name in set(sys.modules) - before:
            if name.startswith(COLLECTION_PACKAGE + ".module"):
                del sys.modules[name]
    stdout = captured.getvalue()
    return {"rc": rc, "stdout": stdout, "stdout_lines": stdout.splitlines(), "stderr": stderr, "stderr_lines": stderr.splitlines()}


def _clear_module_messages():
    """Forget warnings and deprecations that module code recorded in this process (a module process starts with
    none)."""
    from ansible.module_utils.common import warnings  # pylint: disable=import-outside-toplevel

    for name in ("_global_warnings", "_global_deprecations"):
        recorded = getattr(warnings, name, None)
        if recorded is not None:
            recorded.clear()

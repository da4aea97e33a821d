# -*- coding: utf-8 -*-
"""A first draft of a module scenario (tests/unit/plugins/modules/scenarios/<name>.yml) from an integration target.

    python tests/scripts/target_to_scenario.py <target> [> tests/unit/plugins/modules/scenarios/<target>.yml]

Translates tests/integration/targets/<target>/tasks/main.yml task by task into the steps of
tests/unit/plugins/modules/test_scenarios.py (see its docstring): csops.cloudstack.* tasks -> module steps,
assert -> assert, set_fact -> set, setup_emulator's mark/calls/assert_no_write -> mark/calls/assert_no_write.
Blocks are flattened (a block's vars become a `set` step), include_tasks and include_role of another
target inlined, the target's defaults/main.yml set first. A task it cannot translate is written as a
`TODO` comment and named on stderr: translate that one by hand (usually an emulator control call).
Check the draft and run it; the translation is a start, not a proof.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

TARGETS = Path(__file__).resolve().parents[1] / "integration" / "targets"
KEYWORDS = {"register": "register", "check_mode": "check_mode", "diff": "diff", "ignore_errors": "ignore_errors",
            "loop": "loop", "when": "when", "vars": "vars", "until": "until", "retries": "retries", "delay": "delay"}
SETUP_TASKS = {"mark.yml": "mark", "calls.yml": "calls", "assert_no_write.yml": "assert_no_write"}


def _action(task):
    for key in task:
        if key.startswith(("csops.cloudstack.", "ansible.builtin.")) or key in ("assert", "set_fact", "include_role"):
            return key
    return None


def _keywords(task, step, todo):
    for key, value in task.items():
        if key in KEYWORDS:
            step[KEYWORDS[key]] = value
        elif key not in ("name", "no_log", "module_defaults") and key != _action(task):
            todo.append("keyword %s" % key)


def _included(target, name, tasks_from, task, out, todo):
    """include_tasks (a file of the target) or include_role of another target: its tasks inline, its vars first."""
    if task.get("vars"):
        out.append({"name": "The vars of %s" % tasks_from, "set": task["vars"]})
    path = TARGETS / name / "tasks" / tasks_from
    convert(yaml.safe_load(path.read_text()), out, todo, target)


def convert(tasks, out, todo, target=""):
    for task in tasks or []:
        if "block" in task:
            if task.get("vars"):
                out.append({"name": "The block's vars", "set": task["vars"]})
            convert(task["block"], out, todo, target)
            continue
        action = _action(task)
        short = (action or "").rsplit(".", 1)[-1]
        step = {"name": task["name"]} if task.get("name") else {}
        if action and action.startswith("csops.cloudstack."):
            step["module"] = short
            step["args"] = task[action] or {}
            _keywords(task, step, todo)
        elif short == "assert":
            that = task[action]["that"]
            step["assert"] = [that] if isinstance(that, str) else that
            _keywords(task, step, todo)
        elif short == "set_fact":
            step["set"] = task[action]
            _keywords(task, step, todo)
        elif short == "include_tasks":
            _included(target, target, task[action] if isinstance(task[action], str) else task[action]["file"], task, out, todo)
            continue
        elif short == "include_role" and (TARGETS / task[action].get("name", "") / "tasks").is_dir() \
                and task[action].get("name") != "setup_emulator":
            _included(target, task[action]["name"], task[action].get("tasks_from", "main.yml"), task, out, todo)
            continue
        elif short == "include_role" and task[action].get("name") == "setup_emulator":
            tasks_from = task[action].get("tasks_from")
            if not tasks_from:
                if out:  # a reset in the middle (the first one is the runner's)
                    out.append({"name": step.get("name", "Reset"), "emulator": "reset", "method": "POST", "body": {}})
                    out.append({"set": {"cs_log_seq": 0}})
                continue
            if tasks_from not in SETUP_TASKS:
                todo.append("setup_emulator %s" % tasks_from)
                out.append({"name": "TODO setup_emulator %s" % tasks_from, "assert": ["false"]})
                continue
            step[SETUP_TASKS[tasks_from]] = True
            since = (task.get("vars") or {}).get("since_seq")
            if since is not None:
                step["since"] = since
        else:
            todo.append("task %r (%s)" % (task.get("name"), action))
            step = {"name": "TODO %s" % task.get("name"), "assert": ["false"]}
        out.append(step)
    return out


class _Dumper(yaml.SafeDumper):
    """Block style; a string holding single quotes (the Jinja2 of the asserts) in double quotes, not doubled ones."""


def _str(dumper, value):
    style = '"' if "'" in value and '"' not in value and "\\" not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    target = argv[1]
    tasks = yaml.safe_load((TARGETS / target / "tasks" / "main.yml").read_text())
    todo = []
    steps = []
    defaults = TARGETS / target / "defaults" / "main.yml"
    if defaults.exists():
        steps.append({"name": "The target's defaults", "set": yaml.safe_load(defaults.read_text())})
    steps = convert(tasks, steps, todo, target)
    sys.stdout.write("---\n# Every task and assert of the integration target %s (tests/integration/targets/%s) as it was before "
                     "it was made\n# lean, run in-process by tests/unit/plugins/modules/test_scenarios.py; the target keeps the "
                     "Ansible path.\n" % (target, target))
    sys.stdout.write(yaml.dump(steps, Dumper=_Dumper, sort_keys=False, width=140, allow_unicode=True, default_flow_style=False))
    for item in todo:
        sys.stderr.write("%s: translate by hand: %s\n" % (target, item))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

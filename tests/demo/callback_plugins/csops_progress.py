# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""stdout callback of `make demo`: one compact line per task, its name when it starts, its result
and duration when it ends:

    [  3] zone : Zone adv-zone-1 ............................ changed   0.42s
    [  4] zone : Pods ....................................... ok        0.05s  (2 items, 1 changed)

then the recap. Failures print the task's message (never the invocation, so no secret).
Used by tests/scripts/demo.sh through ANSIBLE_CALLBACK_PLUGINS and ANSIBLE_STDOUT_CALLBACK.
"""

from __future__ import annotations

DOCUMENTATION = r"""
name: csops_progress
type: stdout
short_description: One line per task with its result and duration (make demo)
description:
  - Prints each task when it ends, with changed/ok/skipped/failed, its duration and item counts.
author: csops.cloudstack developers (@csops)
"""

import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "stdout"
    CALLBACK_NAME = "csops_progress"

    def __init__(self):
        super().__init__()
        self._task = None
        self._start = 0.0
        self._count = 0
        self._items = {}
        self._play_start = time.monotonic()

    # -------------------------------------------------------------- helpers
    def _out(self, text):
        self._display.display(text)

    def _name(self, task):
        name = task.get_name().strip()
        return name or task.action

    def _line(self, status, result=None):
        if self._task is None:
            return
        items = self._items
        extra = ""
        if items.get("total"):
            extra = "  (%d items%s)" % (items["total"], ", %d changed" % items["changed"] if items.get("changed") else "")
        self._out(" %-8s %6.2fs%s" % (status, time.monotonic() - self._start, extra))
        if status == "FAILED" and result is not None:
            res = result._result
            msg = res.get("msg") or res.get("stderr") or res.get("reason") or ""
            if not msg and res.get("results"):
                msg = "; ".join(str(r.get("msg")) for r in res["results"] if r.get("failed"))
            self._out("         %s" % str(msg).strip().replace("\n", "\n         "))
        self._task = None

    # -------------------------------------------------------------- plays and tasks
    def v2_playbook_on_play_start(self, play):
        name = play.get_name().strip()
        self._out("PLAY %s" % name if name else "PLAY")

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._task = task
        self._start = time.monotonic()
        self._count += 1
        self._items = {}
        name = self._name(task)
        if len(name) > 64:
            name = name[:61] + "..."
        self._display.display("  [%3d] %s %s" % (self._count, name, "." * (66 - len(name))), newline=False)

    def v2_playbook_on_handler_task_start(self, task):
        self.v2_playbook_on_task_start(task, False)

    def v2_playbook_on_include(self, included_file):
        pass

    # -------------------------------------------------------------- results
    def v2_runner_on_ok(self, result):
        self._line("changed" if result._result.get("changed") else "ok", result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._line("ignored" if ignore_errors else "FAILED", result)

    def v2_runner_on_skipped(self, result):
        self._line("skipped", result)

    def v2_runner_on_unreachable(self, result):
        self._line("FAILED", result)

    def v2_runner_item_on_ok(self, result):
        self._items["total"] = self._items.get("total", 0) + 1
        if result._result.get("changed"):
            self._items["changed"] = self._items.get("changed", 0) + 1

    def v2_runner_item_on_failed(self, result):
        self._items["total"] = self._items.get("total", 0) + 1

    def v2_runner_item_on_skipped(self, result):
        self._items["total"] = self._items.get("total", 0) + 1

    def v2_runner_retry(self, result):
        pass

    def v2_playbook_on_stats(self, stats):
        self._out("RECAP (%.1fs)" % (time.monotonic() - self._play_start))
        for host in sorted(stats.processed.keys()):
            s = stats.summarize(host)
            self._out("  %-12s ok=%d changed=%d failed=%d skipped=%d unreachable=%d" % (
                host, s["ok"], s["changed"], s["failures"], s["skipped"], s["unreachable"]))

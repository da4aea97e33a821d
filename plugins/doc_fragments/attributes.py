# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """The attributes every module repeats: in-worker execution (action), check mode and diff mode.

    DOCUMENTATION: a module that changes things (check and diff mode, full support).
    INFO: an _info module (reads only; check mode full, no diff).
    ACTION: the action plugin that runs the module in the worker (every module extends it beside one of the above,
    or beside its own check and diff mode attributes).
    """

    DOCUMENTATION = r"""
attributes:
  check_mode:
    description: In check mode the module reads the current state and reports what it would change, sending no write.
    support: full
  diff_mode:
    description: In diff mode the module returns the object before and after the task.
    support: full
"""

    INFO = r"""
attributes:
  check_mode:
    description: The module only reads; it runs the same in check mode.
    support: full
  diff_mode:
    description: The module changes nothing, so it has no diff.
    support: none
"""

    ACTION = r"""
attributes:
  action:
    description:
      - >-
        The module has an action plugin. For a task whose connection is local (also with C(delegate_to=localhost)),
        it imports the module and runs it inside the controller's worker process, on the controller's Python
        (C(ansible_python_interpreter) is not used), with the same result as a module process.
      - >-
        An async task, a task with become, a task with the variable C(csops_cloudstack_in_worker=false), and any
        other connection run the module in its own process.
    support: full
"""

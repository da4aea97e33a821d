# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """The attributes every module repeats: check mode and diff mode.

    DOCUMENTATION: a module that changes things (check and diff mode, full support).
    INFO: an _info module (reads only; check mode full, no diff).
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

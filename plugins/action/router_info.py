# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of csops.cloudstack.router_info: runs the module in the worker for a local connection (plugin_utils/in_worker.py)."""

from __future__ import annotations

from ansible_collections.csops.cloudstack.plugins.plugin_utils.in_worker import InWorkerAction


class ActionModule(InWorkerAction):
    """csops.cloudstack.router_info, in the worker when the connection is local, else in its own process."""

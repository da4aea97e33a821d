# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""InfoModule: the base class of the _info modules (module.py holds the others).

In its own file because every module task is a new Python process that compiles the module_utils it
imports from the AnsiballZ zip: the changing modules do not compile it.
"""

from __future__ import annotations

from .api import looks_like_uuid
from .module import CloudStackModule
from .names import rename


class InfoModule(CloudStackModule):
    """A read-only list of objects, filtered on the server, every page walked.

    Subclasses set resource, list_command, result_key (plural), filters {option: api param}
    and parents {option: getter name}; the parent's id is resolved only when a name is given.
    """

    resource = ""
    list_command = ""
    result_key = ""
    filters: dict = {}
    parents: dict = {}
    fixed_params: dict = {}

    def list_params(self):
        params = dict(self.fixed_params)
        for option, param in self.filters.items():
            if self.params.get(option) is not None:
                params[param] = self.params[option]
        for option, (param, getter) in self.parents.items():
            value = self.params.get(option)
            if value:
                found = value if looks_like_uuid(value) else getattr(self, getter)(value)
                params[param] = found["id"] if isinstance(found, dict) else found
        return params

    def run(self):
        items = self.list(self.list_command, self.resource, **self.list_params())
        name = self.params.get("name")
        if name:
            items = [item for item in items if item.get("name") == name]
        self.result[self.result_key] = [self.item_result(item) for item in items]

    def item_result(self, item):
        """One listed object as the module returns it (snake_case names)."""
        return rename(self.resource, item)

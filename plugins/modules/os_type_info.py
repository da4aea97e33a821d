#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: os_type_info
short_description: List CloudStack OS types
version_added: 0.1.0
description:
  - Lists OS types (C(listOsTypes)), filtered on the server, every page walked. Changes nothing.
  - A parent given by name is resolved first (one more call); by id it is passed as it is.
author: csops.cloudstack developers (@csops)
options:
  description:
    description: Exact description, for example C(Ubuntu 22.04 LTS).
    type: str
  id:
    description: UUID of the OS type.
    type: str
  keyword:
    description: Part of the description.
    type: str
  os_category_id:
    description: UUID of the OS category.
    type: str
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: List OS types
  csops.cloudstack.os_type_info:
    description: example
  register: found
"""

RETURN = r"""
os_types:
  description: The matching OS types, with snake_case keys.
  returned: success
  type: list
  elements: dict
  sample: [{"id": "0d7c1c6e-3c4e-11ee-be56-0242ac120002", "description": "Ubuntu 22.04 LTS", "os_category_id": "7e5a0e6a-3c4e-11ee-be56-0242ac120002"}]
  contains:
    description:
      description: Description.
      type: str
      sample: Ubuntu 22.04 LTS
    id:
      description: UUID of the OS type.
      type: str
      sample: 8c56c742-f535-4e21-a1be-c00234ec794f
    is_user_defined:
      description: Whether the OS type was added by an administrator.
      type: bool
      sample: false
    os_category_id:
      description: UUID of the OS category.
      type: str
      sample: ff503069-004f-4a75-afd6-128d099dd7c7
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.info import InfoModule


class OsTypeInfo(InfoModule):
    resource = "ostype"
    list_command = "listOsTypes"
    result_key = "os_types"
    filters = {"description": "description", "id": "id", "keyword": "keyword", "os_category_id": "oscategoryid"}
    parents = {}
    fixed_params = {}
    argument_spec = dict(
        description=dict(type="str"),
        id=dict(type="str"),
        keyword=dict(type="str", no_log=False),
        os_category_id=dict(type="str"),
    )

    def run(self):
        super().run()
        if self.params["description"]:
            self.result["os_types"] = [o for o in self.result["os_types"] if o.get("description") == self.params["description"]]


def main():
    module = OsTypeInfo()
    module()


if __name__ == "__main__":
    main()

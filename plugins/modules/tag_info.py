#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: tag_info
short_description: List CloudStack resource tags
version_added: 0.1.0
description:
  - Lists resource tags (C(listTags)), filtered on the server, every page walked. Changes nothing.
  - A parent given by name is resolved first (one more call); by id it is passed as it is.
author: csops.cloudstack developers (@csops)
options:
  resource_type:
    description: Resource type, for example V(UserVm), V(ISO) or V(Template).
    type: str
  resource_id:
    description: UUID of the tagged resource.
    type: str
  key:
    description: Tag key.
    type: str
  value:
    description: Tag value.
    type: str
  domain:
    description: Domain (path or id).
    type: str
  account:
    description: Account name (with O(domain)).
    type: str
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: List resource tags
  csops.cloudstack.tag_info:
    resource_type: example
  register: found
"""

RETURN = r"""
tags:
  description: The matching resource tags, with snake_case keys.
  returned: success
  type: list
  elements: dict
  sample: [{"key": "purpose", "value": "rescue", "resource_type": "ISO", "resource_id": "5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c"}]
  contains:
    account:
      description: Account that owns it.
      type: str
      sample: admin
    domain:
      description: Domain that owns it.
      type: str
      sample: ROOT
    domain_id:
      description: UUID of the domain that owns it.
      type: str
      sample: 3f0d4a2e-0000-4a1b-9c2d-3e4f5a6b7c8d
    key:
      description: Tag key.
      type: str
      sample: env
    resource_id:
      description: UUID of the tagged resource.
      type: str
      sample: 5453df15-cb7d-4023-8088-577014ec2842
    resource_type:
      description: Type of the tagged resource (UserVm, ISO, ...).
      type: str
      sample: UserVm
    value:
      description: Value.
      type: str
      sample: prod
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.info import InfoModule
from ansible_collections.csops.cloudstack.plugins.module_utils.names import rename


class TagInfo(InfoModule):
    resource = "tag"
    list_command = "listTags"
    result_key = "tags"
    filters = {"resource_type": "resourcetype", "resource_id": "resourceid", "key": "key", "value": "value", "account": "account"}
    parents = {"domain": ("domainid", "get_domain_id")}
    fixed_params = {"listall": True}
    argument_spec = dict(
        resource_type=dict(type="str"),
        resource_id=dict(type="str"),
        key=dict(type="str", no_log=False),
        value=dict(type="str"),
        domain=dict(type="str"),
        account=dict(type="str"),
    )

    def run(self):
        # listTags has a "key" parameter, which CloudStackModule.list() takes as the envelope key: call the client directly.
        items = self.client.list_all(self.list_command, self.list_params(), key=self.resource)
        self.result[self.result_key] = [rename(self.resource, item) for item in items]


def main():
    module = TagInfo()
    module()


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: pod_info
short_description: List CloudStack pods
version_added: 0.1.0
description:
  - Lists pods (listPods), filtered on the server, every page walked. Changes nothing.
  - Names match exactly. A parent given by name is resolved first (one more call); by id it is passed as it is.
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the pod.
    type: str
  id:
    description: UUID of the pod.
    type: str
  zone:
    description: Name or id of the zone.
    type: str
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
"""

EXAMPLES = r"""
- name: All pods
  csops.cloudstack.pod_info:
  register: all_items

- name: One by name
  csops.cloudstack.pod_info:
    name: example
    zone: zone-1
  register: one
"""

RETURN = r"""
pods:
  description: The matching pods, with snake_case keys (the same as the M(csops.cloudstack.pod) module returns).
  returned: success
  type: list
  elements: dict
  sample: [{"id": "8f4e5c4a-5a3b-4c39-9a4f-2f0a1e3d4b5c", "name": "pod-1", "zone_name": "zone-1", "gateway": "10.10.0.1"}]
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.module import InfoModule


class PodInfo(InfoModule):
    resource = "pod"
    list_command = "listPods"
    result_key = "pods"
    filters = {"name": "name", "id": "id"}
    parents = {"zone": ("zoneid", "get_zone")}
    argument_spec = dict(
        name=dict(type="str"),
        id=dict(type="str"),
        zone=dict(type="str"),
    )


def main():
    module = PodInfo()
    module()


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: image_store_info
short_description: List CloudStack secondary storage (image stores)
version_added: 0.1.0
description:
  - Lists secondary storage (image stores) (listImageStores), filtered on the server, every page walked. Changes nothing.
  - Names match exactly. A parent given by name is resolved first (one more call); by id it is passed as it is.
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the store.
    type: str
  id:
    description: UUID of the store.
    type: str
  zone:
    description: Name or id of the zone.
    type: str
  provider:
    description: Provider, for example V(NFS) or V(S3).
    type: str
  protocol:
    description: Protocol, for example V(nfs).
    type: str
  read_only:
    description: Only read-only (or writable) stores.
    type: bool
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
"""

EXAMPLES = r"""
- name: All secondary storage (image stores)
  csops.cloudstack.image_store_info:
  register: all_items

- name: One by name
  csops.cloudstack.image_store_info:
    name: example
    zone: zone-1
  register: one
"""

RETURN = r"""
image_stores:
  description: The matching secondary storage (image stores), with snake_case keys (the same as the M(csops.cloudstack.image_store) module returns).
  returned: success
  type: list
  elements: dict
  sample: [{"id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "name": "secondary-1", "provider": "NFS", "url": "nfs://10.0.0.5/export/secondary"}]
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.module import InfoModule


class ImageStoreInfo(InfoModule):
    resource = "imagestore"
    list_command = "listImageStores"
    result_key = "image_stores"
    filters = {"name": "name", "id": "id", "provider": "provider", "protocol": "protocol", "read_only": "readonly"}
    parents = {"zone": ("zoneid", "get_zone")}
    argument_spec = dict(
        name=dict(type="str"),
        id=dict(type="str"),
        zone=dict(type="str"),
        provider=dict(type="str"),
        protocol=dict(type="str"),
        read_only=dict(type="bool"),
    )


def main():
    module = ImageStoreInfo()
    module()


if __name__ == "__main__":
    main()

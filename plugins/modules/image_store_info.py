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
  - csops.cloudstack.attributes.action
  - csops.cloudstack.info_filters
  - csops.cloudstack.info_filters.zone
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
  contains:
    has_annotations:
      description: Whether it has comments (annotations).
      type: bool
      sample: false
    id:
      description: UUID of the image store.
      type: str
      sample: 427b5030-d372-408a-8673-5d2a4314ad45
    name:
      description: Name of the image store.
      type: str
      sample: rz-secondary
    protocol:
      description: Protocol (nfs, s3, swift, ...).
      type: str
      sample: nfs
    provider:
      description: Provider (NFS, S3, Swift, ...).
      type: str
      sample: NFS
    read_only:
      description: Whether the store is read-only.
      type: bool
      sample: false
    scope:
      description: Scope.
      type: str
      sample: ZONE
    url:
      description: URL.
      type: str
      sample: "nfs://10.20.0.5/secondary"
    zone_id:
      description: UUID of the zone.
      type: str
      sample: d92dbba3-04ef-4b79-9f46-63c30d361aa4
    zone_name:
      description: Name of the zone.
      type: str
      sample: rz-zone
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.info import InfoModule


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

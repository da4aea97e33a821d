#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: image_store
short_description: Manage CloudStack secondary storage (image stores and staging stores)
version_added: 0.1.0
description:
  - Add and remove secondary storage of a zone (NFS, S3 or Swift image stores) and the NFS staging (cache)
    stores that S3 and Swift need, and set an image store read-only.
  - CloudStack cannot change an image store's URL, provider or details in place. Such a change fails with a clear
    message unless O(force_recreate=true), which deletes the store and adds it again.
  - An idempotent run costs one API call (C(listImageStores) filtered by name).
author: csops.cloudstack developers (@csops)
options:
  name:
    description:
      - Name of the image store. For a staging store (O(staging=true)) CloudStack names the store itself, and the
        store is matched on O(url) instead.
    type: str
    required: true
  zone:
    description: Name or id of the zone.
    type: str
    required: true
  provider:
    description: Provider of the store. Staging stores are NFS.
    type: str
    default: NFS
    choices: [ NFS, S3, Swift ]
  url:
    description:
      - URL of the store, for example C(nfs://10.0.0.5/export/secondary). Required for NFS and Swift
        (C(http://swift.example.com:8080/auth/v1.0)), and for staging stores.
    type: str
  details:
    description: Further provider details, as key/value pairs, given when the store is added.
    type: dict
  s3_bucket:
    description: S3 bucket (O(provider=S3)).
    type: str
  s3_endpoint:
    description: S3 endpoint, for example C(s3.example.com:9000) (O(provider=S3)).
    type: str
  s3_access_key:
    description: S3 access key (O(provider=S3)).
    type: str
  s3_secret_key:
    description: S3 secret key (O(provider=S3)). Never logged.
    type: str
  s3_use_https:
    description: Talk HTTPS to the S3 endpoint.
    type: bool
  swift_account:
    description: Swift account (O(provider=Swift)).
    type: str
  swift_username:
    description: Swift user name (O(provider=Swift)).
    type: str
  swift_key:
    description: Swift key (O(provider=Swift)). Never logged.
    type: str
  read_only:
    description: Make the image store read-only (no new templates, ISOs or snapshots go there) or writable again.
    type: bool
  staging:
    description: Manage an NFS staging (cache) store of the zone, needed next to S3 and Swift image stores.
    type: bool
    default: false
  force_recreate:
    description: When the URL or provider differs, delete the store and add it again instead of failing.
    type: bool
    default: false
  state:
    description: V(present) adds the store; V(absent) removes it (CloudStack refuses while it still holds data).
    type: str
    default: present
    choices: [ present, absent ]
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
notes:
  - CloudStack does not return an image store's details, so a change of O(details) or of the S3/Swift credentials
    of an existing store cannot be detected; use O(force_recreate=true) with a changed O(url) to re-add it.
"""

EXAMPLES = r"""
- name: NFS secondary storage
  csops.cloudstack.image_store:
    name: secondary-1
    zone: zone-1
    url: nfs://10.0.0.5/export/secondary

- name: S3 secondary storage with its NFS staging store
  block:
    - name: S3 store
      csops.cloudstack.image_store:
        name: s3-1
        zone: zone-1
        provider: S3
        s3_bucket: cloudstack
        s3_endpoint: s3.example.com:9000
        s3_access_key: "{{ vault_s3_access }}"
        s3_secret_key: "{{ vault_s3_secret }}"
    - name: Staging store
      csops.cloudstack.image_store:
        name: staging-1
        zone: zone-1
        staging: true
        url: nfs://10.0.0.5/export/staging

- name: Retire a store from new writes
  csops.cloudstack.image_store:
    name: secondary-1
    zone: zone-1
    read_only: true
"""

RETURN = r"""
image_store:
  description: The store (empty after O(state=absent)).
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the store.
      type: str
      sample: 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d
    name:
      description: Name of the image store.
      type: str
      sample: secondary-1
    url:
      description: URL.
      type: str
      sample: "nfs://10.0.0.5/export/secondary"
    provider:
      description: Provider name.
      type: str
      sample: NFS
    protocol:
      description: Protocol.
      type: str
      sample: nfs
    scope:
      description: Scope (ZONE or REGION).
      type: str
      sample: ZONE
    read_only:
      description: Whether the store is read-only.
      type: bool
      sample: false
    zone_name:
      description: Zone name.
      type: str
      sample: zone-1
    has_annotations:
      description: Whether it has comments (annotations).
      type: bool
      sample: false
    zone_id:
      description: UUID of the zone.
      type: str
      sample: a54cd6e6-f199-4d99-9d7d-cf7e93a87466
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.resources.image_store import ImageStore


def main():
    module = ImageStore()
    module()


if __name__ == "__main__":
    main()

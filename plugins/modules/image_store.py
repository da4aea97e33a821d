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

import re

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError
from ansible_collections.csops.cloudstack.plugins.module_utils.module import Field, ResourceModule


SECRET_DETAIL = re.compile(r"(secret|password|^key$)", re.I)


class ImageStore(ResourceModule):
    resource = "imagestore"
    result_key = "image_store"
    list_command = "listImageStores"
    create_command = "addImageStore"
    delete_command = "deleteImageStore"
    parents = {"zone": ("zoneid", "zonename")}
    fields = (
        Field("url", create_only=True),
        Field("provider", attr="providername", create_only=True, compare="lower"),
    )

    argument_spec = dict(
        name=dict(type="str", required=True),
        zone=dict(type="str", required=True),
        provider=dict(type="str", default="NFS", choices=["NFS", "S3", "Swift"]),
        url=dict(type="str"),
        details=dict(type="dict"),
        s3_bucket=dict(type="str"),
        s3_endpoint=dict(type="str"),
        s3_access_key=dict(type="str", no_log=False),
        s3_secret_key=dict(type="str", no_log=True),
        s3_use_https=dict(type="bool"),
        swift_account=dict(type="str"),
        swift_username=dict(type="str"),
        swift_key=dict(type="str", no_log=True),
        read_only=dict(type="bool"),
        staging=dict(type="bool", default=False),
        force_recreate=dict(type="bool", default=False),
        state=dict(type="str", default="present", choices=["present", "absent"]),
    )

    def __init__(self):
        super().__init__()
        if self.params["staging"]:
            self.resource = "secondarystagingstore"
            self.list_command = "listSecondaryStagingStores"
            self.create_command = "createSecondaryStagingStore"
            self.delete_command = "deleteSecondaryStagingStore"

    def find(self):
        if not self.params["staging"]:
            return super().find()
        url = self.params["url"]
        if not url:
            raise CloudStackError("url is required for a staging store (staging=true): it identifies the store.")
        items = self.list(self.list_command, None, **({"zoneid": self.get_zone()["id"]}))
        found = [item for item in items if item.get("url") == url]
        return found[0] if found else None

    def validate(self):
        p = self.params
        for key, value in (p["details"] or {}).items():
            if SECRET_DETAIL.search(str(key)) and value not in (None, ""):
                self.module.no_log_values.add(str(value))
        if p["state"] == "absent":
            return
        if p["staging"] and p["provider"] != "NFS":
            raise CloudStackError("staging stores are NFS; provider %s is not possible with staging=true." % p["provider"])
        if p["provider"] in ("NFS", "Swift") and not p["url"]:
            raise CloudStackError("url is required for a %s store." % p["provider"])
        if p["url"] and "://" not in p["url"]:
            raise CloudStackError("url must be a URL such as nfs://10.0.0.5/export/secondary (scheme://host/path).")
        if p["provider"] == "S3":
            details = p["details"] or {}
            missing = [o for o, key in (("s3_bucket", "bucket"), ("s3_endpoint", "endpoint"), ("s3_access_key", "accesskey"),
                                        ("s3_secret_key", "secretkey")) if not (p[o] or details.get(key))]
            if missing:
                raise CloudStackError("%s required for an S3 store (as options or in details)." % ", ".join(missing))
        if p["read_only"] is not None and p["staging"]:
            raise CloudStackError("read_only applies to image stores, not to staging stores.")

    def details(self):
        p = self.params
        details = dict(p["details"] or {})
        if p["provider"] == "S3":
            for option, key in (("s3_bucket", "bucket"), ("s3_endpoint", "endpoint"), ("s3_access_key", "accesskey"),
                                ("s3_secret_key", "secretkey")):
                if p[option]:
                    details[key] = p[option]
            if p["s3_use_https"] is not None:
                details["usehttps"] = p["s3_use_https"]
        elif p["provider"] == "Swift":
            for option, key in (("swift_account", "account"), ("swift_username", "username"), ("swift_key", "key")):
                if p[option]:
                    details[key] = p[option]
        return details or None

    def create_params(self):
        zone_id = self.get_zone()["id"]
        if self.params["staging"]:
            return dict(url=self.params["url"], zoneid=zone_id, provider="NFS", details=self.details())
        return dict(name=self.params["name"], provider=self.params["provider"], url=self.params["url"], zoneid=zone_id,
                    details=self.details())

    def differences(self, obj):
        diffs = super().differences(obj)
        if self.params["staging"]:
            diffs.pop("provider", None)  # a staging store answers with providername NFS or its protocol
        return diffs

    def simulate(self, obj, params):
        after = dict(obj or {})
        if not obj:
            after.update(name=self.params["name"], url=self.params["url"], providername=self.params["provider"],
                         zonename=self.params["zone"], readonly=False)
        return after

    def warn_unreadable(self):
        """S3/Swift settings and details are not in listImageStores' answer: say that they were not compared."""
        given = [o for o in ("s3_bucket", "s3_endpoint", "s3_access_key", "s3_secret_key", "s3_use_https", "swift_account",
                             "swift_username", "swift_key", "details") if self.params[o] is not None]
        if given:
            self.warn("%s of the existing %s %s were not compared and not applied: CloudStack does not return them "
                      "(listImageStores), so a change cannot be seen%s. To apply new ones, remove the store "
                      "(state=absent) and add it again." % (
                          ", ".join(given), self.result_key.replace("_", " "), self.params["name"],
                          "; force_recreate=true acts only on differences it can see" if self.params["force_recreate"]
                          else ""))

    def ensure_present(self):
        self.validate()
        store = self.lookup()
        self.before = store
        if store is not None:
            diffs = self.differences(store)
            if diffs:
                what = ", ".join("%s is %r, wanted %r" % (o, d[0], d[1]) for o, d in sorted(diffs.items()))
                if not self.params["force_recreate"]:
                    raise CloudStackError("%s %s cannot be changed in place (%s): CloudStack needs the store removed and "
                                          "added again; set force_recreate=true to do that." % (
                                              self.result_key.replace("_", " "), self.params["name"], what))
                self.write(self.delete_command, id=store["id"])
                store = None
            self.warn_unreadable()
        if store is None:
            store = self.create(self.create_params())
        wanted = self.params["read_only"]
        if wanted is not None and bool(store.get("readonly", False)) != wanted:
            response = self.write("updateImageStore", id=store.get("id"), readonly=wanted)
            store = self.extract(response) if response else dict(store, readonly=wanted)
        return store


def main():
    module = ImageStore()
    module()


if __name__ == "__main__":
    main()

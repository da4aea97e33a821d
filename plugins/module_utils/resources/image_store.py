# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Image stores (secondary and staging storage).

The class behind module csops.cloudstack.image_store, in module_utils so that a second reader (the whole-zone
engine, zone_converge) runs the very same find, compare and write rules.
"""

from __future__ import annotations

import re

from ..api import CloudStackError
from ..module import Field, ResourceModule


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
        self.prepare()

    def prepare(self):
        """What the options decide for the whole run (also called by the zone engine, which makes the object
        without __init__)."""
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

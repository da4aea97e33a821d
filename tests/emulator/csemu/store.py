"""In-memory object store. Each collection maps uuid -> dict. Fields named as the API
response fields; keys starting with '_' are internal (never rendered), e.g. '_id' is the
internal long id the real server uses in some messages."""
from __future__ import annotations

import copy
import os
import threading
import time

COLLECTIONS = (
    "domains", "accounts", "users", "zones", "pods", "clusters", "hosts", "storagepools",
    "imagestores", "stagingstores", "physicalnetworks", "traffictypes", "networkserviceproviders",
    "virtualrouterelements", "vlans", "storagenetworkipranges", "dedicatedzones", "configurations",
    "systemvms", "isos", "templates", "virtualmachines", "ostypes", "oscategories", "networks", "tags",
    "projects", "jobs", "roles", "rolepermissions", "resourcelimits",
    "serviceofferings", "diskofferings", "networkofferings", "vpcofferings",
)


def now_str(ts=None):
    """Dates as the API serializes them: 2025-10-30T12:00:00+0000 (ApiResponseGsonHelper)."""
    return time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(ts if ts is not None else time.time()))


def new_uuid():
    """str(uuid.uuid4()) (random, version 4, RFC 4122 variant), formatted here: a reset draws ~2300 of them and
    uuid.UUID's checks and __str__ were a third of its time."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class Store:
    def __init__(self):
        self.lock = threading.RLock()
        self.data = {}
        self._next_id = {}
        self.reset()

    def reset(self):
        with self.lock:
            self.data = {c: {} for c in COLLECTIONS}
            self._next_id = {c: 1 for c in COLLECTIONS}
            # uuids of deleted objects: rows keep their uuid with `removed` set, and a uuid parameter
            # still resolves to them (ParamProcessWorker: EntityManager.findByUuidIncludingRemoved)
            self.removed = {}

    # -- basic operations -------------------------------------------------------------
    def insert(self, collection, obj):
        with self.lock:
            coll = self.data.setdefault(collection, {})
            self._next_id.setdefault(collection, 1)
            obj = dict(obj)
            if not obj.get("id"):
                obj["id"] = new_uuid()
            if "_id" not in obj:
                obj["_id"] = self._next_id[collection]
            self._next_id[collection] = max(self._next_id[collection], obj["_id"]) + 1
            coll[obj["id"]] = obj
            return obj

    def get(self, collection, uid):
        with self.lock:
            return self.data.get(collection, {}).get(uid)

    def get_including_removed(self, collection, uid):
        with self.lock:
            return self.data.get(collection, {}).get(uid) or self.removed.get(collection, {}).get(uid)

    def find_uuid(self, uid):
        """The collection holding a uuid, removed objects included, or None
        (ParamProcessWorker.translateUuidToInternalId: findByUuidIncludingRemoved)."""
        with self.lock:
            for name, coll in self.data.items():
                if uid in coll:
                    return name
            for name, coll in self.removed.items():
                if uid in coll:
                    return name
        return None

    def delete(self, collection, uid):
        with self.lock:
            obj = self.data.get(collection, {}).pop(uid, None)
            if obj is not None:
                self.removed.setdefault(collection, {})[uid] = obj
            return obj

    def all(self, collection, **filters):
        with self.lock:
            items = list(self.data.get(collection, {}).values())
        for k, v in filters.items():
            items = [o for o in items if o.get(k) == v]
        return items

    def first(self, collection, **filters):
        items = self.all(collection, **filters)
        return items[0] if items else None

    def snapshot(self, collection=None):
        with self.lock:
            if collection is not None:
                return copy.deepcopy(list(self.data.get(collection, {}).values()))
            return {k: copy.deepcopy(list(v.values())) for k, v in self.data.items()}

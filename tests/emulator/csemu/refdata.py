"""Reference data of a fresh CloudStack install, per release: global settings, guest OS categories and
types, hypervisor capabilities.

The files in data/ (settings.json, ostypes.json, hypervisor_capabilities.json) are written by
tests/emulator/tools/gen_refdata.py from the CloudStack source; their "source" block records the
commit of every release. docs/emulator-refdata.md describes how they are made.

Releases are "4.18" (the default the emulator presents), "4.20" and "4.22"; any version string is
mapped to the newest release not above it ("4.18.0.0" -> "4.18", "4.21" -> "4.20"). The files are read
once, when first needed.
"""

from __future__ import annotations

import functools
import json
import os

from .store import new_uuid

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
DEFAULT_RELEASE = "4.18"


@functools.lru_cache(maxsize=None)
def _load(name):
    with open(os.path.join(DATA_DIR, name), encoding="utf-8") as f:
        return json.load(f)


def _key(text):
    parts = []
    for p in str(text).split("."):
        digits = "".join(ch for ch in p if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts[:2])


def releases():
    """The releases the data has, oldest first."""
    return list(_load("settings.json")["source"]["releases"])


def release_of(version=None):
    """The data release for an API version (None: the default)."""
    if not version:
        return DEFAULT_RELEASE
    known = releases()
    want = _key(version)
    fit = [r for r in known if _key(r) <= want]
    return fit[-1] if fit else known[0]


def source():
    return _load("settings.json")["source"]


def counts(release=None):
    """What the generator counted for a release (settings, OS types, capabilities...)."""
    return _load("settings.json")["counts"][release_of(release)]


@functools.lru_cache(maxsize=None)
def _settings(release):
    out = []
    for rec in _load("settings.json")["settings"]:
        if release not in rec["releases"]:
            continue
        eff = {k: v for k, v in rec.items() if k not in ("releases", "changes")}
        for rel, diff in (rec.get("changes") or {}).items():
            if _key(rel) > _key(release):
                break
            eff.update(diff)
        out.append(eff)
    return tuple(out)


def settings(release=None):
    """Every row of the configuration table of a fresh install of the release (Hidden ones too),
    as dicts: name, category, value, defaultvalue, scopes, jtype, type, isdynamic, description,
    component, group, subgroup, displaytext, parent, kind, options, origin, source."""
    return [dict(s) for s in _settings(release_of(release))]


def os_categories(release=None):
    """guest_os_category rows: id (the internal id), uuid (None: generated at install), name..."""
    return [dict(c) for c in _load("ostypes.json")["releases"][release_of(release)]["categories"]]


def os_types(release=None):
    """guest_os rows that are not removed: id, uuid (None: generated), category_id, display_name,
    name, is_user_defined, display (4.18.1+)."""
    return [dict(t) for t in _load("ostypes.json")["releases"][release_of(release)]["types"]]


def hypervisor_capabilities(release=None):
    """hypervisor_capabilities rows: id, uuid, hypervisor_type, hypervisor_version, max_guests_limit,
    security_group_enabled, max_data_volumes_limit, max_hosts_per_cluster, storage_motion_supported,
    vm_snapshot_enabled."""
    return [dict(h) for h in _load("hypervisor_capabilities.json")["releases"][release_of(release)]]


# -- the store rows of a fresh install --------------------------------------------------------
def _uuid(row):
    # UUID() in the install SQL and GuestOSVO's random UUID give a new value on every install; a few
    # rows carry a literal uuid (schema-305to306.sql) or their id (`SET uuid = id`, schema-40to410.sql).
    return row.get("uuid") or new_uuid()


def populate_os(store, release=None):
    """guest_os_category and guest_os: the oscategories and ostypes collections. Internal ids are
    the database ids (`_id`); `id` is the uuid the API shows."""
    rel = release_of(release)
    cats = {}
    for c in os_categories(rel):
        row = {
            "id": _uuid(c),
            "_id": c["id"],
            "name": c.get("name"),
            "isfeatured": bool(c["featured"]) if c.get("featured") is not None else None,
            "_sortkey": c.get("sort_key"),
        }
        cats[c["id"]] = store.insert("oscategories", row)
    for t in os_types(rel):
        cat = cats.get(t.get("category_id"))
        display = t.get("display")
        store.insert(
            "ostypes",
            {
                "id": _uuid(t),
                "_id": t["id"],
                "description": t.get("display_name"),
                "name": t.get("display_name"),  # GuestOSResponse.setName(displayName), 4.19+
                "oscategoryid": cat["id"] if cat else None,
                "oscategoryname": cat["name"] if cat else None,
                "_categoryid": t.get("category_id"),
                "isuserdefined": bool(t.get("is_user_defined")),
                "fordisplay": None if display is None else bool(display),
            },
        )


HYPERVISOR_TYPES = (
    "XenServer",
    "KVM",
    "VMware",
    "Hyperv",
    "VirtualBox",
    "Parralels",
    "BareMetal",
    "Simulator",
    "Ovm",
    "Ovm3",
    "LXC",
    "Custom",
    "External",
    "Any",
    "None",
)


def populate_hypervisor_capabilities(store, release=None):
    for h in hypervisor_capabilities(release):
        store.insert(
            "hypervisorcapabilities",
            {
                "id": _uuid(h),
                "_id": h["id"],
                "hypervisor": h.get("hypervisor_type"),
                "hypervisorversion": h.get("hypervisor_version"),
                "maxguestslimit": h.get("max_guests_limit"),
                "securitygroupenabled": bool(h.get("security_group_enabled")),
                "maxdatavolumeslimit": h.get("max_data_volumes_limit"),
                "maxhostspercluster": h.get("max_hosts_per_cluster"),
                "storagemotionenabled": bool(h.get("storage_motion_supported")),
                "vmsnapshotenabled": bool(h.get("vm_snapshot_enabled")),
            },
        )

"""The API the emulator presents: the 4.18 listing (data/apis.json, tools/extract_apis.py) and,
for --api-version 4.20 / 4.22, the overlay the source scan made (data/versions.json,
tools/scan_source.py). data/responses.json tells how each command answers (list / object /
success, the JSON key of its objects); data/cmdclasses.json its Java class."""
from __future__ import annotations

import copy
import json
import os
import re

_HERE = os.path.dirname(os.path.abspath(__file__))

# The versions the emulator can present: the version string listCapabilities reports and the
# highest `since` of the source's commands/parameters it includes. 4.20 is the 4.20.1.0 release;
# 4.22 is the source read (4.22.0.0-SNAPSHOT), which alone gets what the source does not date.
VERSIONS = {
    "4.18": {"cloudstackversion": "4.18.0.0", "upto": (4, 18, 0), "undated": False},
    "4.20": {"cloudstackversion": "4.20.1.0", "upto": (4, 20, 1), "undated": False},
    "4.22": {"cloudstackversion": "4.22.0.0", "upto": (4, 22, 0), "undated": True},
}
DEFAULT_VERSION = "4.18"


def version_key(text):
    nums = [int(x) for x in re.findall(r"\d+", text or "")][:3]
    return tuple(nums + [0] * (3 - len(nums)))


def normalize_version(value):
    """'4.20', '4.20.1.0' -> '4.20'; None -> the default. ValueError for others."""
    if value in (None, ""):
        return DEFAULT_VERSION
    key = ".".join(str(value).strip().split(".")[:2])
    if key not in VERSIONS:
        raise ValueError(f"unsupported API version {value!r} (one of {', '.join(VERSIONS)})")
    return key


class Command:
    def __init__(self, raw, java_class=None, shape=None):
        self.raw = raw
        self.name = raw["name"]
        self.isasync = bool(raw.get("isasync"))
        self.params = {p["name"].lower(): p for p in raw.get("params", [])}
        self.required = [p["name"].lower() for p in raw.get("params", []) if p.get("required")]
        self.response_names = {r["name"] for r in raw.get("response", [])}
        self.java_class = java_class
        self.response_key = self.name.lower() + "response"
        shape = shape or {}
        self.shape = shape.get("shape")                  # list | object | success
        self.object_name = shape.get("object")           # the JSON key of its object(s)
        self.response_class = shape.get("response")
        self.create_style = shape.get("async") == "create"  # BaseAsyncCreateCmd
        self.entities = shape.get("entities", {})         # uuid parameter -> entityType response class
        self.field_types = {r["name"]: r.get("type") for r in raw.get("response", [])}

    @property
    def readonly(self):
        return is_readonly(self.name)


def is_readonly(name):
    low = (name or "").lower()
    return low.startswith(("list", "query", "get", "find")) or low in ("login", "logout")


_DATA = {}


def _load(name):
    """A data file, parsed once per process (read-only: never modify what this returns)."""
    if name not in _DATA:
        with open(os.path.join(_HERE, "data", name), encoding="utf-8") as fh:
            _DATA[name] = json.load(fh)
    return _DATA[name]


def _included(since, info):
    if not since:
        return info["undated"]
    return version_key(since) <= info["upto"]


def apply_overlay(listing, overlay, version):
    """The listing of one version: the 4.18 listing plus what the source added up to it."""
    info = VERSIONS[version]
    apis = {a["name"]: a for a in listing["api"]}  # shared, read-only: a changed one is copied first
    if version == DEFAULT_VERSION:
        return apis
    for name, change in overlay.get("changed", {}).items():
        if name not in apis:
            continue
        api = apis[name] = dict(apis[name], params=[dict(p) for p in apis[name]["params"]],
                                response=list(apis[name].get("response", [])))
        have = {p["name"].lower() for p in api["params"]}
        for p in change.get("params_added", []):
            if p["name"] not in have and _included(p.get("since"), info):
                api["params"].append(dict(p))
        api["params"].sort(key=lambda p: p["name"])
        if info["undated"]:
            for p in api["params"]:
                if p["name"].lower() in change.get("required_changed", {}):
                    p["required"] = change["required_changed"][p["name"].lower()]
            removed = set(change.get("params_removed", []))
            api["params"] = [p for p in api["params"] if p["name"].lower() not in removed]
        names = {r["name"] for r in api.get("response", [])}
        for f in change.get("response_added", []):
            if f["name"] not in names and _included(f.get("since"), info):
                api.setdefault("response", []).append({"name": f["name"], "type": f["type"]})
    for name, added in overlay.get("added", {}).items():
        if _included(added.get("since"), info):
            api = {k: copy.deepcopy(v) for k, v in added.items() if k not in ("why", "response")}
            if not api.get("since"):
                api.pop("since", None)
            api["response"] = [{"name": f["name"], "type": f["type"]} for f in added.get("response", [])
                               if _included(f.get("since"), info) or not f.get("since")]
            apis[name] = api
    if info["undated"]:
        for name in overlay.get("removed", []):
            apis.pop(name, None)
    return apis


class ApiSpec:
    def __init__(self, version=DEFAULT_VERSION, path=None):
        self.version = normalize_version(version)
        self.cloudstack_version = VERSIONS[self.version]["cloudstackversion"]
        if path is None:
            listing = _load("apis.json")
        else:
            with open(path, encoding="utf-8") as fh:
                listing = json.load(fh)
        classes = _load("cmdclasses.json")["classes"]
        shapes = _load("responses.json")["commands"]
        overlay = _load("versions.json") if self.version != DEFAULT_VERSION else {}
        apis = apply_overlay(listing, overlay, self.version)
        ordered = [apis[n] for n in sorted(apis)]
        self.raw = {"source": listing.get("source"), "version": self.version, "count": len(ordered), "api": ordered}
        self.commands = {a["name"]: Command(a, classes.get(a["name"]), shapes.get(a["name"])) for a in ordered}
        self.all_names = set(self.commands)

    def get(self, name):
        """Case-sensitive, like ApiServer.s_apiNameCmdClassMap / getCmdClass."""
        return self.commands.get(name)

    def exists_in_release(self, name):
        return name in self.all_names


_SPECS = {}


def spec(version=DEFAULT_VERSION):
    version = normalize_version(version)
    if version not in _SPECS:
        _SPECS[version] = ApiSpec(version)
    return _SPECS[version]

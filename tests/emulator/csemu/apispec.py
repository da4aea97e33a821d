"""The committed API subset (data/apis.json, made by tools/extract_apis.py from the 4.18 listApis)."""
from __future__ import annotations

import json
import os

_HERE = os.path.dirname(os.path.abspath(__file__))


class Command:
    def __init__(self, raw, java_class=None):
        self.raw = raw
        self.name = raw["name"]
        self.isasync = bool(raw.get("isasync"))
        self.params = {p["name"].lower(): p for p in raw.get("params", [])}
        self.required = [p["name"].lower() for p in raw.get("params", []) if p.get("required")]
        self.response_names = {r["name"] for r in raw.get("response", [])}
        self.java_class = java_class
        self.response_key = self.name.lower() + "response"

    @property
    def readonly(self):
        return is_readonly(self.name)


def is_readonly(name):
    low = (name or "").lower()
    return low.startswith(("list", "query", "get", "find")) or low in ("login", "logout")


class ApiSpec:
    def __init__(self, path=None):
        path = path or os.path.join(_HERE, "data", "apis.json")
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        with open(os.path.join(_HERE, "data", "cmdclasses.json"), encoding="utf-8") as fh:
            classes = json.load(fh)["classes"]
        self.raw = data
        self.commands = {a["name"]: Command(a, classes.get(a["name"])) for a in data["api"]}
        self.all_names = set(data.get("all_names", [])) | set(self.commands)

    def get(self, name):
        """Case-sensitive, like ApiServer.s_apiNameCmdClassMap / getCmdClass."""
        return self.commands.get(name)

    def exists_in_release(self, name):
        return name in self.all_names


_SPEC = None


def spec():
    global _SPEC
    if _SPEC is None:
        _SPEC = ApiSpec()
    return _SPEC

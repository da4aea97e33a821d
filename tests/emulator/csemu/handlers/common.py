"""Shared helpers for command handlers: the call context, references, listing, rendering."""
from __future__ import annotations

import ipaddress
import unicodedata

from ..errors import ApiError, invalid_value, param_error
from ..store import now_str  # noqa: F401  (re-exported for handlers)

UUID_MSG = ("Unable to execute API command {cmd} due to invalid value. Invalid parameter {name} value={value} due to "
            "incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the "
            "field in api cmd class.")


def name_key(value):
    """The comparison key of a string under MySQL's default collations, which CloudStack's tables use
    (utf8 = utf8mb3_general_ci for the older tables, utf8mb4_0900_ai_ci for newer ones): case- and
    accent-insensitive; trailing spaces do not count (PAD SPACE of the *_general_ci collations).
    An approximation of the collation tables (NFKD without combining marks, casefolded)."""
    if value is None:
        return None
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.casefold().rstrip(" ")


def same_name(a, b):
    """a = b in SQL (WHERE name = ?, a unique index on a name column)."""
    if a is None or b is None:
        return a is b
    return name_key(a) == name_key(b)


def name_like(needle, value):
    """value LIKE '%needle%' in SQL (the keyword filters)."""
    if value is None:
        return False
    return name_key(needle).rstrip(" ") in name_key(value) if str(needle).strip(" ") else True


def find_by_name(items, name, field="name", exclude=None):
    """The first object whose field equals name under the collation (a DAO findByName, or the row a
    unique index on that column would collide with); exclude: an id to skip (the object being renamed)."""
    for obj in items:
        if exclude is not None and obj.get("id") == exclude:
            continue
        if same_name(obj.get(field), name):
            return obj
    return None


class AsyncResult:
    """Returned by async handlers. work() runs when the job completes and returns the job result
    ({"<objkey>": {...}} or {"success": True}); create_id is the object id of create-style
    commands (BaseAsyncCreateCmd), answered next to the jobid at submission."""

    def __init__(self, work, instance_type=None, instance_id=None, create_id=None):
        self.work = work
        self.instance_type = instance_type
        self.instance_id = instance_id
        self.create_id = create_id


class Context:
    def __init__(self, emu, cmd, params, caller, fault=None):
        self.emu = emu
        self.store = emu.store
        self.cmd = cmd
        self.params = params
        self.caller = caller
        self.fault = fault

    # -- parameters -------------------------------------------------------------------
    def get(self, name, default=None):
        value = self.params.get(name)
        return default if value is None else value

    def has(self, name):
        return self.params.get(name) is not None

    def bool(self, name, default=None):
        value = self.params.get(name)
        if value is None:
            return default
        return str(value).lower() == "true"  # Boolean.valueOf

    def int(self, name, default=None):
        value = self.params.get(name)
        if value is None or str(value).strip() == "":
            return default
        return int(value)

    def list(self, name):
        """CommandType.LIST: comma-separated (StringTokenizer, empty tokens dropped)."""
        value = self.params.get(name)
        if value is None:
            return None
        return [t for t in str(value).split(",") if t != ""]

    def map(self, name):
        """Map params arrive as {index: {field: value}}; returns the list of dicts by index."""
        value = self.params.get(name)
        if not isinstance(value, dict):
            return []
        return [value[k] for k in sorted(value)]

    def details(self, name="details"):
        """details[0].key=k&details[0].value=v  or  details[0].k=v -> {k: v}."""
        out = {}
        for item in self.map(name):
            if "key" in item and "value" in item:
                out[item["key"]] = item["value"]
            else:
                out.update(item)
        return out

    # -- references -------------------------------------------------------------------
    def ref(self, collection, name, required=True):
        """The object a uuid parameter points to; the ParamProcessWorker message when absent."""
        value = self.params.get(name)
        if value is None:
            if required:
                raise param_error(f"Unable to execute API command {self.cmd.name.lower()} due to missing parameter {name}")
            return None
        obj = self.store.get(collection, value)
        if obj is None:
            raise param_error(UUID_MSG.format(cmd=self.cmd.name.lower(), name=name, value=value))
        return obj

    # -- responses --------------------------------------------------------------------
    def render(self, obj, names=None):
        names = names if names is not None else self.cmd.response_names
        out = {}
        for k, v in obj.items():
            if k.startswith("_") or v is None:
                continue
            if names and k not in names:
                continue
            out[k] = v
        return out

    def list_response(self, items, key, view=None):
        """ListResponse: count = total matches; empty -> {}; a page past the end -> {"count": N}."""
        items = list(items)
        keyword = self.params.get("keyword")
        if keyword and "keyword" in self.cmd.params:
            # name LIKE %keyword% under the case-insensitive collation (most list queries; some also
            # match other columns, which their handlers filter themselves)
            items = [o for o in items if name_like(keyword, o.get("name") or o.get("description") or "")]
        total = len(items)
        pagesize = self.int("pagesize")
        page = self.int("page")
        if pagesize is None:
            pagesize = self.emu.max_page_size
        if pagesize != -1 and pagesize is not None:
            start = pagesize * (page - 1) if page and page > 0 else 0
            items = items[start:start + pagesize]
        if total == 0:
            return {}
        out = {"count": total}
        if items:
            out[key] = [self.render(view(o) if view else o) for o in items]
        return out

    def filtered(self, collection, mapping):
        """Objects of a collection whose fields equal the given params: mapping param -> field.

        A string parameter is compared as SQL compares it (WHERE column = ?) under the case-insensitive
        collation (name_key); uuid parameters exactly; booleans as true/false."""
        items = self.store.all(collection)
        for param, field in mapping.items():
            value = self.params.get(param)
            if value is None or not isinstance(value, str):
                continue
            ptype = (self.cmd.params.get(param) or {}).get("type")
            if ptype == "uuid" or param == "id" or param.endswith("id"):
                items = [o for o in items if str(o.get(field)) == value]
            else:
                items = [o for o in items if _field_matches(o.get(field), value)]
        return items

    def tags_for(self, resource_id):
        return [self.render(t, names=set()) for t in self.store.all("tags", resourceid=resource_id)]


def _field_matches(actual, value):
    if isinstance(actual, bool):
        return str(actual).lower() == value.lower()
    if actual is None:
        return False
    return same_name(str(actual), value)


def require(ctx, *names):
    """Parameters the code (not the annotation) requires."""
    for n in names:
        if not ctx.has(n):
            raise param_error(f"Unable to execute API command {ctx.cmd.name.lower()} due to missing parameter {n}")


def valid_ip4(value):
    """NetUtils.isValidIp4: dotted-quad IPv4."""
    try:
        ipaddress.IPv4Address(str(value))
        return True
    except ValueError:
        return False


def allocation_state(value):
    """Grouping.AllocationState.valueOf: exactly Enabled or Disabled."""
    if value in ("Enabled", "Disabled"):
        return value
    raise invalid_value(f"Unable to resolve Allocation State '{value}' to a supported state")


def zone_name(store, zone_id):
    z = store.get("zones", zone_id)
    return z["name"] if z else None


def pod_name(store, pod_id):
    p = store.get("pods", pod_id)
    return p["name"] if p else None


def cluster_name(store, cluster_id):
    c = store.get("clusters", cluster_id)
    return c["name"] if c else None


def success(displaytext=None):
    out = {"success": True}
    if displaytext:
        out["displaytext"] = displaytext
    return out


__all__ = ["ApiError", "AsyncResult", "Context", "require", "name_key", "same_name", "name_like", "find_by_name", "valid_ip4", "allocation_state", "success",
           "zone_name", "pod_name", "cluster_name", "param_error", "invalid_value", "now_str", "UUID_MSG"]

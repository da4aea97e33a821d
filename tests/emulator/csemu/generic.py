"""The generic, spec-driven behaviour of every command without a hand-written handler.

Nothing here knows a command by name: what a command does is read from the data tables
(data/apis.json or the version overlay: its parameters and documented response fields;
data/responses.json: whether it answers a list, one object or a success, the JSON key of its
objects, whether it is asynchronous or create-style, the entity type of each uuid parameter).

- list*            the stored objects of the command's kind, filtered by the parameters that
                   name a response field (strings under the case-insensitive collation, uuids
                   exactly, `ids` as a list), paged, rendered with the documented fields only;
- create/add/register/...  stores a new object built from the parameters that name a response
                   field (+ id, created, the names of referenced objects, the caller's account);
- update/edit/...  changes the stored object the `id` parameter names;
- delete/remove    removes it;
- other verbs      act on the object the `id` parameter names and answer it, or answer a success;
asynchronous commands do it through a job (create-style ones store the object first and answer
its id with the job id, as BaseAsyncCreateCmd). A uuid parameter must name an object of its
entity type when the emulator stores that type (the ParamProcessWorker error otherwise).

docs/emulator.md lists what is generic and how it differs from the real commands.
"""
from __future__ import annotations

from .errors import param_error
from .handlers.common import UUID_MSG, AsyncResult, same_name
from .store import now_str

# The collection that stores the objects of a JSON object name, where it is not "<name>s"
# (the names hand-written handlers use for the same objects).
COLLECTION_OF_OBJECT = {
    "vlaniprange": "vlans", "vlan": "vlans",
    "secondarystorage": "imagestores",
    "asyncjobs": "jobs",
    "keypair": "sshkeypairs",
    "ipaddress": "publicipaddresses", "publicipaddress": "publicipaddresses",
    "internalloadbalancerelement": "internallbelements",
    "dataStoreProvider": "storageproviders",
    "capability": "capabilities",
}

CREATE_VERBS = ("create", "add", "register", "import", "upload", "deploy", "allocate", "acquire", "issue")
UPDATE_VERBS = ("update", "edit", "modify", "change", "configure", "scale", "reset")
DELETE_VERBS = ("delete", "remove", "destroy", "expunge", "release", "revoke", "disassociate")
LIST_VERBS = ("list", "find", "search")
# parameters of list commands that are not filters on a field
NOT_FILTERS = {"page", "pagesize", "keyword", "listall", "isrecursive", "showicon", "showcapacities", "details",
               "fordisplay", "retrieveonlyresourcecount", "showremoved", "projectid", "account", "domainid"}


def verb(name):
    low = name.lower()
    for group, verbs in (("list", LIST_VERBS), ("create", CREATE_VERBS), ("update", UPDATE_VERBS),
                         ("delete", DELETE_VERBS)):
        if low.startswith(verbs):
            return group
    return "other"


def collection_of(cmd):
    obj = cmd.object_name
    if not obj or obj == "null":
        return None
    return COLLECTION_OF_OBJECT.get(obj, obj.lower() + "s")


def collections_of_entity(spec, entity):
    """The collections holding objects of a response class (via the list commands answering it)."""
    cache = spec.__dict__.setdefault("_entity_collections", {})
    if entity not in cache:
        found = []
        for c in spec.commands.values():
            if c.response_class == entity and c.shape == "list" and c.name.startswith("list"):
                coll = collection_of(c)
                if coll and coll not in found:
                    found.append(coll)
        if not found:
            for c in spec.commands.values():
                if c.response_class == entity and collection_of(c):
                    found.append(collection_of(c))
                    break
        cache[entity] = found
    return cache[entity]


def _check_entities(ctx):
    """ParamProcessWorker.translateUuidToInternalId: the uuid must be an entity of the parameter's
    entityType (checked where the emulator stores that type)."""
    for pname, entity in ctx.cmd.entities.items():
        value = ctx.params.get(pname)
        if not isinstance(value, str) or (ctx.cmd.params.get(pname) or {}).get("type") != "uuid" or value == "-1":
            continue
        colls = collections_of_entity(ctx.emu.spec, entity)
        known = [c for c in colls if c in ctx.store.data]
        if known and not any(ctx.store.get_including_removed(c, value) for c in known):
            raise param_error(UUID_MSG.format(cmd=ctx.cmd.name.lower(), name=pname, value=value))


def _typed(value, ftype):
    if isinstance(value, dict):
        entries = [value[k] for k in sorted(value)]
        if ftype != "map":
            return entries
        # a map response field (Gson writes a Map as an object): details[0].key=k&details[0].value=v
        # or details[0].k=v -> {"k": "v"}
        out = {}
        for entry in entries:
            if "key" in entry and "value" in entry:
                out[entry["key"]] = entry["value"]
            else:
                out.update(entry)
        return out
    if ftype == "boolean":
        return str(value).lower() == "true"
    if ftype in ("integer", "long", "int", "short"):
        try:
            return int(value)
        except (TypeError, ValueError):
            return value
    if ftype in ("list", "set") and isinstance(value, str):
        return [v for v in value.split(",") if v]
    return value


def _referenced_names(ctx, obj):
    """<x>id parameters naming a stored object: set <x>name (and domain/account names) when documented."""
    names = ctx.cmd.response_names
    for pname, value in ctx.params.items():
        if not pname.endswith("id") or not isinstance(value, str):
            continue
        entity = ctx.cmd.entities.get(pname)
        target = None
        for coll in (collections_of_entity(ctx.emu.spec, entity) if entity else []):
            target = ctx.store.get(coll, value)
            if target:
                break
        if target is None:
            continue
        base = pname[:-2]
        if pname in names:
            obj[pname] = value
        if base + "name" in names and target.get("name") is not None:
            obj[base + "name"] = target["name"]
        if base == "domain" and "domain" in names:
            obj["domain"] = target.get("name")
        if base == "domain" and "domainpath" in names and target.get("path"):
            obj["domainpath"] = target["path"]


def _owner(ctx, obj):
    """Owned resources default to the caller's account and domain (CallContext caller)."""
    names = ctx.cmd.response_names
    account = ctx.store.get("accounts", ctx.caller.get("accountid")) if ctx.caller else None
    if account is None or "account" not in names:
        return  # not an owned resource (ControlledEntityResponse has account, domainid, domain)
    if "account" in names and "account" not in obj:
        obj["account"] = ctx.params.get("account") or account.get("name")
    if "domainid" in names and "domainid" not in obj:
        obj["domainid"] = account.get("domainid")
    if "domain" in names and "domain" not in obj:
        domain = ctx.store.get("domains", obj.get("domainid") or account.get("domainid"))
        if domain:
            obj["domain"] = domain.get("name")


def _apply_params(ctx, obj, skip=("id",)):
    types = ctx.cmd.field_types
    for pname, value in ctx.params.items():
        if pname in skip or pname not in ctx.cmd.params or pname not in ctx.cmd.response_names:
            continue
        obj[pname] = _typed(value, types.get(pname))
    _referenced_names(ctx, obj)


def _target(ctx, coll):
    """The stored object the `id` parameter (or the first uuid parameter of the command's own
    entity type) names, in the command's collection."""
    value = ctx.params.get("id")
    if isinstance(value, str) and coll:
        return ctx.store.get(coll, value)
    if coll:
        for pname, entity in ctx.cmd.entities.items():
            v = ctx.params.get(pname)
            if isinstance(v, str) and entity == ctx.cmd.response_class:
                return ctx.store.get(coll, v)
    return None


def _answer(ctx, obj):
    """The command's answer for one object (list shape: a one-element list)."""
    cmd = ctx.cmd
    if cmd.shape == "success" or obj is None or (not cmd.object_name and cmd.shape != "bare"):
        return {"success": True}
    rendered = ctx.render(obj)
    if cmd.shape == "bare":
        return rendered  # AsyncJobResponse / CreateCmdResponse / AuthenticationCmdResponse: no object element
    if cmd.shape == "list":
        return {"count": 1, cmd.object_name: [rendered]}
    return {cmd.object_name: rendered}


def _run(ctx, work, create_id=None, instance=None):
    if ctx.cmd.isasync:
        return AsyncResult(work, None, instance, create_id=create_id)
    return work()


# -- the verbs -----------------------------------------------------------------------------
def do_list(ctx, coll):
    items = ctx.store.all(coll) if coll else []
    names = ctx.cmd.response_names
    for pname, value in ctx.params.items():
        if pname in NOT_FILTERS or not isinstance(value, str) or pname not in ctx.cmd.params:
            continue
        if pname == "ids":
            wanted = set(v for v in value.split(",") if v)
            items = [o for o in items if o.get("id") in wanted]
        elif pname in names:
            if ctx.cmd.params[pname].get("type") == "uuid":
                items = [o for o in items if str(o.get(pname)) == value]
            elif ctx.cmd.field_types.get(pname) == "boolean":
                items = [o for o in items if str(o.get(pname)).lower() == value.lower()]
            else:
                items = [o for o in items if o.get(pname) is not None and same_name(str(o.get(pname)), value)]
    if ctx.cmd.shape != "list":
        return _answer(ctx, items[0] if items else None)
    return ctx.list_response(items, ctx.cmd.object_name or "null")


def do_create(ctx, coll):
    obj = {"created": now_str()} if "created" in ctx.cmd.response_names else {}
    _apply_params(ctx, obj)
    _owner(ctx, obj)
    names = ctx.cmd.response_names
    if "displaytext" in names and obj.get("displaytext") is None and obj.get("name") is not None:
        obj["displaytext"] = obj["name"]
    if coll is None:
        return _run(ctx, lambda: _answer(ctx, None))
    if ctx.cmd.create_style or not ctx.cmd.isasync:
        stored = ctx.store.insert(coll, obj)

        def work():
            return _answer(ctx, stored)
        return _run(ctx, work, create_id=stored["id"] if ctx.cmd.create_style else None, instance=stored["id"])

    def work_async():
        return _answer(ctx, ctx.store.insert(coll, obj))
    return _run(ctx, work_async)


def do_update(ctx, coll):
    target = _target(ctx, coll)
    if target is None:
        return do_other(ctx, coll)

    def work():
        _apply_params(ctx, target)
        return _answer(ctx, target)
    return _run(ctx, work, instance=target["id"])


def do_delete(ctx, coll):
    target = _target(ctx, coll)

    def work():
        if target is not None:
            ctx.store.delete(coll, target["id"])
        if ctx.cmd.shape == "success" or target is None:
            return {"success": True}
        return _answer(ctx, dict(target, state="Destroyed") if "state" in ctx.cmd.response_names else target)
    return _run(ctx, work, instance=target["id"] if target else None)


def do_other(ctx, coll):
    target = _target(ctx, coll)
    if target is not None or ctx.cmd.shape == "success" or not ctx.cmd.object_name:
        return _run(ctx, lambda: _answer(ctx, target), instance=target["id"] if target else None)
    # nothing stored to act on: a well-formed object from the parameters (not stored)
    obj = {}
    _apply_params(ctx, obj, skip=())
    _owner(ctx, obj)
    return _run(ctx, lambda: _answer(ctx, obj))


VERBS = {"list": do_list, "create": do_create, "update": do_update, "delete": do_delete, "other": do_other}


def handle(ctx):
    """The handler of every command that has no hand-written one."""
    _check_entities(ctx)
    coll = collection_of(ctx.cmd)
    if coll is None and ctx.cmd.entities.get("id"):
        # a success-only command (delete*) acts on the entity type of its id parameter
        colls = collections_of_entity(ctx.emu.spec, ctx.cmd.entities["id"])
        coll = next((c for c in colls if ctx.store.get(c, ctx.params.get("id") or "")), colls[0] if colls else None)
    action = verb(ctx.cmd.name)
    if ctx.cmd.create_style and action == "other":
        action = "create"  # BaseAsyncCreateCmd.create() persists an entity (e.g. associateIpAddress)
    return VERBS[action](ctx, coll)

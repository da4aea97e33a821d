# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CloudStackModule: the base class of every module of this collection.

A subclass declares `argument_spec` (and `module_kwargs`) as class data and implements
`run()`. The base class builds the client, caches zone/pod/cluster look-ups for the run,
sends writes only outside check mode, keeps diff mode honest and is the one place where
an exception becomes fail_json: no traceback and no credential ever reaches the user.

ResourceModule adds the find -> compare -> create/update/delete cycle for modules that
manage one CloudStack object, driven by a tuple of Field declarations.
"""

from __future__ import annotations

import copy

from ansible.module_utils.basic import AnsibleModule

from .api import CloudStackError, CloudStackConnectionError, find_domain_id, is_read_only, looks_like_uuid
from .names import rename, rename_map, rename_with
from .connection import SECRET_OPTIONS, client_from_options, connection_argument_spec


class Field:
    """How one module option maps to the API.

    option: the module option; param: the API parameter on create/update;
    attr: the field in the API's answer (defaults to param); returns: the snake_case key
    in the module's result (defaults to option); create_only: cannot be updated, a
    difference is reported as a warning; update_param: parameter name on update when it
    differs; to_api / from_api: value converters; compare: 'set' for unordered lists,
    'lower' for case-insensitive strings.
    """

    def __init__(self, option, param=None, attr=None, returns=None, create_only=False, update=True,
                 update_param=None, to_api=None, from_api=None, compare=None):
        self.option = option
        self.param = param or option.replace("_", "")
        self.attr = attr or self.param
        self.returns = returns or option
        self.create_only = create_only
        self.update = update and not create_only
        self.update_param = update_param or self.param
        self.to_api = to_api
        self.from_api = from_api
        self.compare = compare


def normalize(value, how=None):
    """Comparable form of a value; lists of tags compare as sets."""
    if how == "set":
        if value is None or value == "":
            return frozenset()
        if isinstance(value, str):
            value = [item.strip() for item in value.split(",")]
        return frozenset(str(item) for item in value if str(item) != "")
    if isinstance(value, bool):
        return value
    if how == "lower" and value is not None:
        return str(value).lower()
    if isinstance(value, (int, float)):
        return str(value)
    return value


class CloudStackModule:
    """Base class: subclass, declare argument_spec, implement run()."""

    argument_spec: dict = {}
    module_kwargs: dict = {}
    #: Also accept the connection options (every module talks to the API).
    supports_check_mode = True

    def __init__(self):
        spec = connection_argument_spec()
        spec.update(copy.deepcopy(self.argument_spec))
        self.module = AnsibleModule(argument_spec=spec, supports_check_mode=self.supports_check_mode,
                                    **self.module_kwargs)
        self.params = self.module.params
        self.check_mode = self.module.check_mode
        self.result = {"changed": False}
        self._client = None
        self._cache = {}
        self.warnings = []

    # ------------------------------------------------------------ plumbing
    @property
    def client(self):
        if self._client is None:
            options = {name: self.params.get(name) for name in connection_argument_spec()}
            self._client = client_from_options(options)
            for name in SECRET_OPTIONS:
                # Values that came from the environment or an ini file are masked too.
                value = getattr(self._client, "_" + name.split("_", 1)[1], None)
                if value:
                    self.module.no_log_values.add(value)
        return self._client

    def fail(self, msg, **kwargs):
        """Fail with one clear line; never with a traceback."""
        self.module.fail_json(msg=msg, **kwargs)

    def warn(self, msg):
        self.module.warn(msg)

    def run(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def __call__(self):
        try:
            self.run()
        except CloudStackError as exc:
            self.fail(exc.message, **exc.to_dict())
        except Exception as exc:  # pylint: disable=broad-except
            # The one error boundary: an unexpected error still reads as one line.
            self.fail("Unexpected error in %s: %s: %s" % (self.module._name, type(exc).__name__, exc))
        finally:
            if self._client is not None:
                self._client.close()
        self.module.exit_json(**self.result)

    # ------------------------------------------------------------ API calls
    def query(self, command, **params):
        """A read: always sent, also in check mode."""
        return self.client.request(command, params)

    def list(self, command, key=None, **params):
        """A read of every page of a list command.

        In check mode a parent that a previous task would have created has the id None
        (see _lookup): such a parent has no children yet, so nothing is asked.
        """
        if self.check_mode and any(value is None for value in params.values()):
            return []
        return self.client.list_all(command, params, key=key)

    def write(self, command, **params):
        """A write: sent only outside check mode; marks the result changed.

        Waits for async jobs and returns the job result or the response; None in check mode.
        """
        self.result["changed"] = True
        if self.check_mode:
            return None
        if is_read_only(command):
            raise CloudStackError("internal: %s is not a write" % command)
        return self.client.call(command, params)

    # ------------------------------------------------------------ look-ups (cached)
    def _lookup(self, kind, command, key, value, params, label):
        """Find one object by id or exact name, server-filtered; cached per run."""
        cache_key = (kind, value, tuple(sorted(params.items())))
        if cache_key in self._cache:
            return self._cache[cache_key]
        found = None
        if looks_like_uuid(value):
            found = self.list(command, key, id=value, **params)
        if not found:
            found = [item for item in self.list(command, key, name=value, **params) if item.get("name") == value]
        if not found:
            if self.check_mode and not looks_like_uuid(value):
                # In check mode the parent may be one that an earlier task would have created.
                planned = {"id": None, "name": value, "planned": True}
                self._cache[cache_key] = planned
                return planned
            raise CloudStackError("%s %r not found%s." % (kind, value, label))
        if len(found) > 1:
            raise CloudStackError("%s name %r is ambiguous (%d matches)%s: use its id." % (kind, value, len(found), label))
        self._cache[cache_key] = found[0]
        return found[0]

    def get_zone(self, zone=None):
        zone = zone or self.params.get("zone")
        if not zone:
            raise CloudStackError("zone is required.")
        return self._lookup("zone", "listZones", "zone", zone, {}, "")

    def get_pod(self, pod=None, zone=None):
        pod = pod or self.params.get("pod")
        zone_obj = self.get_zone(zone)
        return self._lookup("pod", "listPods", "pod", pod, {"zoneid": zone_obj["id"]}, " in zone %s" % zone_obj["name"])

    def get_cluster(self, cluster=None, zone=None):
        cluster = cluster or self.params.get("cluster")
        zone_obj = self.get_zone(zone)
        return self._lookup("cluster", "listClusters", "cluster", cluster, {"zoneid": zone_obj["id"]},
                            " in zone %s" % zone_obj["name"])

    def get_physical_network_id(self, name, zone=None):
        """Id of a physical network given by id, or by name in a zone."""
        if looks_like_uuid(name):
            return name
        zone = zone or self.params.get("zone")
        if not zone:
            raise CloudStackError("zone is required to find physical network %r by name." % name)
        zone_obj = self.get_zone(zone)
        return self._lookup("physical network", "listPhysicalNetworks", "physicalnetwork", name, {"zoneid": zone_obj["id"]},
                            " in zone %s" % zone_obj["name"])["id"]

    def get_domain_id(self, domain):
        """Id of a domain given by id, path (ROOT/customers, /customers) or name; cached per run."""
        cache_key = ("domain", str(domain).strip("/").lower())
        if cache_key not in self._cache:
            self._cache[cache_key] = find_domain_id(self.client, domain)
        return self._cache[cache_key]


_UNSET = object()


class ResourceModule(CloudStackModule):
    """One CloudStack object, found by name (and parent), kept in the wanted state.

    Subclasses set: resource (envelope key), list/create/update/delete commands, fields,
    and implement find() (return the object or None) and, as needed, create_params(),
    update_params(), delete_params(), and state handlers.
    """

    resource = ""
    list_command = ""
    create_command = ""
    update_command = ""
    delete_command = ""
    fields: tuple = ()
    #: key of the object in the module's result (resource when not set)
    result_key = ""
    #: values of the state option that set the allocation state, e.g. {"enabled": "Enabled"}
    allocation_states: dict = {}
    #: allocation state CloudStack gives a new object
    default_allocation = "Enabled"
    #: options the compare step ignores when None
    present_states = ("present",)

    def __init__(self):
        super().__init__()
        self.before = None
        self._found = _UNSET

    def lookup(self):
        """find(), once per run."""
        if self._found is _UNSET:
            self._found = self.find()
        return self._found

    # --- mapping helpers
    def option_value(self, field):
        value = self.params.get(field.option)
        if value is not None and field.to_api:
            value = field.to_api(value)
        return value

    def api_params(self, for_update=False):
        """Parameters for create (or update) from the options that are set."""
        out = {}
        for field in self.fields:
            value = self.option_value(field)
            if value is None or (for_update and not field.update):
                continue
            out[field.update_param if for_update else field.param] = value
        return out

    def differences(self, obj):
        """{field: (current, wanted)} for every set option that differs from obj."""
        diffs = {}
        for field in self.fields:
            wanted = self.option_value(field)
            if wanted is None:
                continue
            current = obj.get(field.attr)
            if field.from_api and current is not None:
                current = field.from_api(current)
            if normalize(current, field.compare) != normalize(wanted, field.compare):
                diffs[field.option] = (current, wanted)
        wanted = self.wanted_allocation()
        if wanted and obj.get("allocationstate") != wanted:
            diffs["allocation_state"] = (obj.get("allocationstate"), wanted)
        return diffs

    def wanted_allocation(self):
        """The allocation state the state option asks for, or None."""
        return self.allocation_states.get(self.params.get("state"))

    def to_result(self, obj):
        """The object as the module returns it: snake_case keys."""
        if obj is None:
            return {}
        names = rename_map(self.resource)
        names.update({field.attr: field.returns for field in self.fields if field.attr != "-"})
        return rename_with(names, obj, self.resource)

    def simulate(self, obj, params):
        """What obj would look like after params were applied (check mode and diff)."""
        after = dict(obj or {})
        for field in self.fields:
            value = self.option_value(field)
            if value is not None and (field.param in params or field.update_param in params):
                after[field.attr] = value
        if self.allocation_states:
            after["allocationstate"] = params.get("allocationstate", after.get("allocationstate", self.default_allocation))
        return after

    # --- steps, overridable
    #: parent options and the fields that name them in the object: {option: (id field, name field)}
    parents: dict = {}

    def find(self):
        """One server-filtered list call by name; the parents are matched on the object's own fields."""
        name = self.params["name"]
        items = self.list(self.list_command, self.resource, name=name, **self.find_filters())
        found = [item for item in items if item.get("name") == name and self.parents_match(item)]
        if len(found) > 1:
            raise CloudStackError("%s name %r is ambiguous (%d matches): name its %s." % (
                self.resource, name, len(found), " or ".join(self.parents) or "id"))
        return found[0] if found else None

    def find_filters(self):
        return {}

    def parents_match(self, item):
        for option, (id_field, name_field) in self.parents.items():
            wanted = self.params.get(option)
            if wanted and wanted not in (item.get(id_field), item.get(name_field)):
                return False
        return True

    def create_params(self):
        return self.api_params()

    def update_params(self, obj, diffs):
        params = {"id": obj["id"]}
        for field in self.fields:
            if field.option in diffs and field.update:
                params[field.update_param] = self.option_value(field)
        if "allocation_state" in diffs:
            params["allocationstate"] = diffs["allocation_state"][1]
        return params

    def delete_params(self, obj):
        return {"id": obj["id"]}

    def extract(self, response):
        """The object in a create/update answer (single object or one-item list)."""
        if response is None:
            return None
        value = response.get(self.resource)
        if value is None:
            objects = [v for k, v in response.items() if k != "count" and isinstance(v, (dict, list))]
            value = objects[0] if len(objects) == 1 else response
        if isinstance(value, list):
            value = value[0] if value else None
        return value

    # --- the cycle
    def ensure_present(self):
        obj = self.lookup()
        self.before = obj
        if obj is None:
            params = self.create_params()
            try:
                response = self.write(self.create_command, **params)
            except CloudStackConnectionError as exc:
                # The answer was lost: the server may have created it. Look before failing,
                # so that a retried play never makes a second one.
                obj = self.find() if exc.ambiguous else None
                if obj is None:
                    raise
                return obj
            obj = self.extract(response) if response is not None else self.simulate({}, params)
        else:
            diffs = self.differences(obj)
            fixed = sorted(option for option in diffs if not self.field(option).update)
            if fixed:
                self.warn("%s cannot be changed on an existing %s (ignored): %s" % (
                    ", ".join(fixed), self.resource, ", ".join(
                        "%s is %r, wanted %r" % (o, diffs[o][0], diffs[o][1]) for o in fixed)))
            updatable = {o: d for o, d in diffs.items() if o not in fixed}
            if updatable:
                params = self.update_params(obj, updatable)
                response = self.write(self.update_command, **params)
                obj = self.extract(response) if response is not None else self.simulate(obj, params)
        return obj

    def ensure_absent(self):
        obj = self.lookup()
        self.before = obj
        if obj is not None:
            self.write(self.delete_command, **self.delete_params(obj))
        return None

    def field(self, option):
        if option == "allocation_state":
            return Field("allocation_state", "allocationstate")
        for field in self.fields:
            if field.option == option:
                return field
        raise KeyError(option)

    def run(self):
        state = self.params.get("state", "present")
        handler = getattr(self, "state_" + state, None)
        if handler is None:
            handler = self.ensure_absent if state == "absent" else self.ensure_present
        after = handler()
        self.finish(after)

    def finish(self, after):
        before = self.to_result(self.before)
        after_result = self.to_result(after)
        self.result[self.result_key or self.resource] = after_result
        if self.module._diff:
            self.result["diff"] = {"before": before, "after": after_result}


class InfoModule(CloudStackModule):
    """A read-only list of objects, filtered on the server, every page walked.

    Subclasses set resource, list_command, result_key (plural), filters {option: api param}
    and parents {option: getter name}; the parent's id is resolved only when a name is given.
    """

    resource = ""
    list_command = ""
    result_key = ""
    filters: dict = {}
    parents: dict = {}
    fixed_params: dict = {}

    def list_params(self):
        params = dict(self.fixed_params)
        for option, param in self.filters.items():
            if self.params.get(option) is not None:
                params[param] = self.params[option]
        for option, (param, getter) in self.parents.items():
            value = self.params.get(option)
            if value:
                found = value if looks_like_uuid(value) else getattr(self, getter)(value)
                params[param] = found["id"] if isinstance(found, dict) else found
        return params

    def run(self):
        items = self.list(self.list_command, self.resource, **self.list_params())
        name = self.params.get("name")
        if name:
            items = [item for item in items if item.get("name") == name]
        self.result[self.result_key] = [rename(self.resource, item) for item in items]

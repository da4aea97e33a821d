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
import time

from ansible.module_utils.basic import AnsibleModule

# looks_like_uuid: other code imported it from here before 0.3.0
from .api import CloudStackError, looks_like_uuid  # noqa: F401  pylint: disable=unused-import
from . import connection, names
from .redact import find_secrets


def wait_argument_spec(timeout=600, wait=True, wait_aliases=None):
    """The wait convention of every module that waits (docs/CONTRACTS.md, "Waiting").

    wait (bool): wait for the state that follows the writes (Up, Ready, Maintenance, ...); the async
    jobs of the writes are always followed to their end. wait_timeout (seconds): the whole wait of
    the task, jobs included (None: api_job_timeout). Such a module returns elapsed (seconds). A job
    or state that does not come within wait_timeout fails the task, with changed=true when a write
    was sent.
    """
    spec = dict(wait=dict(type="bool", default=wait), wait_timeout=dict(type="int", default=timeout))
    if wait_aliases:
        spec["wait"]["aliases"] = list(wait_aliases)
    return spec


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


class _SecretAwareModule(AnsibleModule):
    """AnsibleModule that adds the secrets found in the option values (URL userinfo, secret-named
    details and parameters, see redact.py) to no_log_values before anything is logged or returned:
    the invocation in syslog, -vvv output, results and error texts (also for an argument error)."""

    def __init__(self, *args, extra_secrets=None, **kwargs):
        self._cs_extra_secrets = extra_secrets
        self._cs_secrets_done = False
        super().__init__(*args, **kwargs)

    def cs_register_secrets(self):
        if self._cs_secrets_done:
            return
        params = getattr(self, "params", None)
        if not isinstance(params, dict):
            return
        self._cs_secrets_done = True
        found = find_secrets(params)
        if self._cs_extra_secrets:
            found |= set(self._cs_extra_secrets(params))
        self.no_log_values.update(value for value in found if value)

    def _log_invocation(self):
        self.cs_register_secrets()
        super()._log_invocation()

    def fail_json(self, msg, **kwargs):
        self.cs_register_secrets()
        super().fail_json(msg, **kwargs)

    def exit_json(self, **kwargs):
        self.cs_register_secrets()
        super().exit_json(**kwargs)


class CloudStackModule:
    """Base class: subclass, declare argument_spec, implement run()."""

    argument_spec: dict = {}
    module_kwargs: dict = {}
    #: Also accept the connection options (every module talks to the API).
    supports_check_mode = True

    def __init__(self):
        spec = connection.connection_argument_spec()
        spec.update(copy.deepcopy(self.argument_spec))
        self.module = _SecretAwareModule(argument_spec=spec, supports_check_mode=self.supports_check_mode,
                                         extra_secrets=self.secret_values, **self.module_kwargs)
        self.module.cs_register_secrets()
        self.params = self.module.params
        self.check_mode = self.module.check_mode
        self.result = {"changed": False}
        self._client = None
        self._cache = {}
        self.warnings = []
        self._started = time.monotonic()
        #: the module follows the wait convention (wait, wait_timeout, elapsed)
        self.waits = "wait_timeout" in self.argument_spec

    # ------------------------------------------------------------ plumbing
    @staticmethod
    def secret_values(params):
        """Secrets of this module's options beyond the general rules of redact.find_secrets
        (override; it runs before the options are validated, so expect any type)."""
        return ()

    @property
    def client(self):
        if self._client is None:
            options = {name: self.params.get(name) for name in connection.connection_argument_spec()}
            self._client = connection.client_from_options(options)
            for name in connection.SECRET_OPTIONS:
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
            if self.waits and self.params.get("wait_timeout") is not None and self.params["wait_timeout"] <= 0:
                raise CloudStackError("wait_timeout must be a positive number of seconds, got %s." % self.params["wait_timeout"])
            self.run()
        except CloudStackError as exc:
            # changed: a write was sent before the failure (a job that did not end in time, ...)
            self.fail(exc.message, changed=self.result["changed"], **dict(exc.to_dict(), **self._elapsed()))
        except Exception as exc:  # pylint: disable=broad-except
            # The one error boundary: an unexpected error still reads as one line.
            self.fail("Unexpected error in %s: %s: %s" % (self.module._name, type(exc).__name__, exc),
                      changed=self.result["changed"])
        finally:
            if self._client is not None:
                self._client.end_session()  # logs out of a login session, closes the connections
        self.result.update(self._elapsed())
        self.module.exit_json(**self.result)

    # ------------------------------------------------------------ waiting
    def _elapsed(self):
        return {"elapsed": round(time.monotonic() - self._started, 2)} if self.waits else {}

    def wait_budget(self):
        """wait_timeout in seconds (api_job_timeout when the module has no wait_timeout or it is None)."""
        value = self.params.get("wait_timeout") if self.waits else None
        return float(value) if value is not None else float(self.client.job_timeout)

    def remaining(self):
        """Seconds left of the task's wait budget (never negative)."""
        return max(0.0, self.wait_budget() - (time.monotonic() - self._started))

    def job_timeout(self):
        """Seconds an async job may take: the rest of wait_timeout, or None (api_job_timeout from the job's
        start, as before) when the module has no wait_timeout or it is not set."""
        if self.waits and self.params.get("wait_timeout") is not None:
            return max(0.01, self.remaining())
        return None

    def _timeout_option(self):
        value = self.params.get("wait_timeout") if self.waits else None
        return "wait_timeout=%s s" % value if value is not None else "api_job_timeout"

    def wait_until(self, what, fetch, done, failed=None, describe=None):
        """Poll fetch() until done(obj), within the rest of the wait budget (module_more.py).

        failed(obj) true ends the wait with an error; describe(obj) says what was seen last.
        """
        from . import module_more

        return module_more.wait_until(self, what, fetch, done, failed, describe)

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
        """A write: sent only outside check mode; marks the result changed (module_more.py).

        Waits for async jobs and returns the job result or the response; None in check mode.
        """
        from . import module_more

        return module_more.write(self, command, params)

    # ------------------------------------------------------------ look-ups (cached)
    def _lookup(self, kind, command, key, value, params, label):
        """Find one object by id or exact name, server-filtered; cached per run (module_more.py)."""
        from . import module_more

        return module_more.lookup(self, kind, command, key, value, params, label)

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
        """Id of a physical network given by id, or by name in a zone (module_more.py)."""
        from . import module_more

        return module_more.physical_network_id(self, name, zone)

    def get_domain_id(self, domain):
        """Id of a domain given by id, path (ROOT/customers, /customers) or name; cached per run (module_more.py)."""
        from . import module_more

        return module_more.domain_id(self, domain)


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
    #: CloudStack refuses a second object with the same name (zone, pod, ...). False where it allows
    #: duplicates (ISO, template): concurrent creates then settle on the one created first.
    unique_names = True
    #: seconds the runs that created the same object at once need to see each other's object
    settle_window = 2.0

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
        """Parameters for create (or update) from the options that are set (module_more.py)."""
        from . import module_more

        return module_more.api_params(self, for_update)

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
        renames = names.rename_map(self.resource)
        renames.update({field.attr: field.returns for field in self.fields if field.attr != "-"})
        return names.rename_with(renames, obj, self.resource)

    def simulate(self, obj, params):
        """What obj would look like after params were applied (check mode and diff; module_more.py)."""
        from . import module_more

        return module_more.simulate(self, obj, params)

    # --- steps, overridable
    #: parent options and the fields that name them in the object: {option: (id field, name field)}
    parents: dict = {}

    def matching(self):
        """Every object with the name (and parents): one server-filtered list call."""
        name = self.params["name"]
        items = self.list(self.list_command, self.resource, name=name, **self.find_filters())
        return [item for item in items if item.get("name") == name and self.parents_match(item)]

    def find(self):
        """The object, or None; more than one is an error (after concurrent creates have settled)."""
        found = self.matching()
        if len(found) > 1 or (found and not self.unique_names):
            # several, or one whose name need not be unique: concurrent creates may still settle (module_more.py)
            from . import module_more

            return module_more.find_among(self, found)
        return found[0] if found else None

    def is_young(self, obj):
        """True when obj was created less than settle_window ago by the server's clock (module_more.py)."""
        from . import module_more

        return module_more.is_young(self, obj)

    def ambiguous_hint(self):
        return "name its %s" % (" or ".join(self.parents) or "id")

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
        """The update's parameters: the id and the fields that differ (module_more.py)."""
        from . import module_more

        return module_more.update_params(self, obj, diffs)

    def delete_params(self, obj):
        return {"id": obj["id"]}

    def extract(self, response):
        """The object in a create/update answer (single object or one-item list; module_more.py)."""
        from . import module_more

        return module_more.extract(self, response)

    # --- creating, also when other runs create the same object at the same time
    def create(self, params):
        """Send the create and return the object; a create is never sent again without first looking
        for what an earlier attempt (this run's, or a concurrent run's) made (module_more.py)."""
        from . import module_more

        return module_more.create(self, params)

    def recover_create(self, exc, params, changed_before):
        """After a failed create: (object found, None), or (None, response of the one repeated create)
        (module_more.py)."""
        from . import module_more

        return module_more.recover_create(self, exc, params, changed_before)

    def settle_duplicates(self, candidate, mine=True):
        """Runs that created the same object at once keep the one created first (module_more.py)."""
        from . import module_more

        return module_more.settle_duplicates(self, candidate, mine)

    # --- the cycle
    def ensure_present(self):
        obj = self.lookup()
        self.before = obj
        if obj is None:
            obj = self.create(self.create_params())
        else:
            diffs = self.differences(obj)
            if diffs:
                # warn about what cannot change, update the rest (module_more.py)
                from . import module_more

                obj = module_more.apply_differences(self, obj, diffs)
        return obj

    def ensure_absent(self):
        obj = self.lookup()
        self.before = obj
        if obj is not None:
            self.write(self.delete_command, **self.delete_params(obj))
        return None

    def field(self, option):
        """The Field of an option (allocation_state included); KeyError for another name."""
        if option == "allocation_state":
            return Field("allocation_state", "allocationstate")
        for field in self.fields:
            if field.option == option:
                return field
        raise KeyError(option)

    def run(self):
        if "name" in self.argument_spec and self.params.get("name") is not None and not str(self.params["name"]).strip():
            raise CloudStackError("name must not be empty.")
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

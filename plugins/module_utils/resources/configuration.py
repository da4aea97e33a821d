# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Global settings at every scope.

The class behind module csops.cloudstack.configuration, in module_utils so that a second reader (the whole-zone
engine, zone_converge) runs the very same find, compare and write rules.
"""

from __future__ import annotations

import re

from ..api import CloudStackError
from ..module import CloudStackModule
from ..names import rename
from ..scope import scope_argument_spec, scope_params
from ..validate import setting_value

SECRET_NAME = re.compile(r"(password|secret|privatekey|\.key$|psk)", re.I)


HINTS = {
    "system.vm.password": " CloudStack creates system.vm.password only when the management server starts with "
                          "system.vm.random.password true.",
    "systemvm.default.hypervisor": " The setting is called system.vm.default.hypervisor.",
}


def to_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def same(current, wanted):
    current, wanted = to_text(current), to_text(wanted)
    if current.lower() in ("true", "false") or wanted.lower() in ("true", "false"):
        return current.lower() == wanted.lower()
    return current == wanted


def find_setting(module, name, scope):
    """The one setting with exactly this name in the scope, reading every page.

    With a scope id CloudStack lists only the settings that have that scope, so a setting found globally but
    not in the scope is one that cannot be set there.
    """
    items = module.list("listConfigurations", "configuration", name=name, **scope)
    exact = [item for item in items if item.get("name") == name]
    if exact:
        return exact[0]
    if scope:
        if [item for item in module.list("listConfigurations", "configuration", name=name) if item.get("name") == name]:
            raise CloudStackError("global setting %r cannot be set per %s: CloudStack does not give it that scope." % (
                name, next(iter(scope))[:-2].replace("imagestoreu", "image store").replace("storage", "storage pool")))
    raise CloudStackError("global setting %r does not exist (listConfigurations found %s).%s" % (
        name, ", ".join(sorted(i.get("name", "") for i in items)[:5]) or "nothing", HINTS.get(name, "")))


def setting_result(item):
    out = rename("configuration", item)
    out.setdefault("value", "")
    return out


class Configuration(CloudStackModule):
    argument_spec = dict(
        name=dict(type="str", required=True),
        value=dict(type="raw"),
        state=dict(type="str", default="present", choices=["present", "default"]),
        update_secret=dict(type="str", default="on_create", choices=["always", "on_create"], no_log=False),
        **scope_argument_spec()
    )
    module_kwargs = dict(required_if=[("state", "present", ("value",))])

    @staticmethod
    def secret_values(params):
        name, value = params.get("name"), params.get("value")
        if isinstance(name, str) and SECRET_NAME.search(name) and value not in (None, ""):
            return (to_text(value),)
        return ()

    def run(self):
        name = self.params["name"].strip()
        wanted = self.params["value"]
        if isinstance(wanted, (dict, list)):
            self.fail("value must be a string, number or boolean, not a %s." % type(wanted).__name__)
        if SECRET_NAME.search(name) and wanted not in (None, ""):
            self.module.no_log_values.add(to_text(wanted))
        scope = scope_params(self)
        before = find_setting(self, name, scope)
        secure = before.get("category") == "Secure"
        if secure and wanted not in (None, ""):
            self.module.no_log_values.add(to_text(wanted))
        after = dict(before)
        if self.params["state"] == "default":
            needed = not same(before.get("value"), before.get("defaultvalue"))
            if needed:
                params = dict(scope_params(self, reset=True), name=name)
                response = self.write("resetConfiguration", **params)
                after = response.get("configuration", after) if response else dict(after, value=before.get("defaultvalue"))
        else:
            if secure:
                needed = self.params["update_secret"] == "always" or not before.get("value")
                if not needed:
                    self.warn("%s is a Secure setting that already has a value; CloudStack returns it encrypted, so it "
                              "cannot be compared with the one given: not sent (update_secret=on_create; "
                              "update_secret=always sends it)." % name)
            else:
                needed = not same(before.get("value"), wanted)
            if needed:
                # the type listConfigurations gives (Boolean, Number, Decimal, Select...), checked before the write
                setting_value(name, before.get("type"), before.get("options"), to_text(wanted))
                response = self.write("updateConfiguration", name=name, value=to_text(wanted), **scope)
                after = response.get("configuration", after) if response else dict(after, value=to_text(wanted))
        self.result["configuration"] = setting_result(after)
        self.result["restart_required"] = bool(self.result["changed"] and not before.get("isdynamic", False))
        if self.module._diff:
            self.result["diff"] = {"before": {"value": to_text(before.get("value"))},
                                   "after": {"value": to_text(after.get("value"))}}

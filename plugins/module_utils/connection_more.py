# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading a cloudstack.ini (the `cs` library's layout, [region] sections). No Ansible import.

connection.py calls this when an ini file exists. It lives in its own file because every module task is a
new Python process that compiles the module_utils it imports from the AnsiballZ zip, twice (zipimport): a
task without an ini file does not compile this file (nor import configparser).
"""

from __future__ import annotations

import configparser

from .api import CloudStackError


def read_ini(path, paths, region):
    """The [region] section of the ini files paths (path: the one api_config names, or None) as a dict."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        found = parser.read([p for p in paths if p])
    except configparser.Error as exc:
        # Never the parser's own text: it quotes the offending line, which may hold the secret.
        raise CloudStackError("Cannot read the CloudStack config file %s: %s." % (
            getattr(exc, "source", None) or ", ".join(paths), _ini_problem(exc))) from None
    if path and not found:
        raise CloudStackError("The CloudStack config file %s (api_config / CLOUDSTACK_CONFIG) does not exist." % path)
    if not found:
        return {}
    if not parser.has_section(region):
        if path or region != "cloudstack":
            raise CloudStackError("The CloudStack config file %s has no [%s] section (api_region)." % (
                ", ".join(found), region))
        return {}
    return dict(parser.items(region))


def _ini_problem(exc):
    """What is wrong with an ini file, by line number only (the lines may hold secrets)."""
    if isinstance(exc, configparser.MissingSectionHeaderError):
        return "line %s comes before any [section] header (the file must start with [cloudstack] or " \
               "the section named by api_region)" % exc.lineno
    if isinstance(exc, (configparser.DuplicateOptionError, configparser.DuplicateSectionError)):
        what = "option %r" % exc.option if isinstance(exc, configparser.DuplicateOptionError) else "section"
        return "duplicate %s in [%s] at line %s" % (what, exc.section, exc.lineno)
    if isinstance(exc, configparser.ParsingError):
        lines = ", ".join(str(lineno) for lineno, _line in getattr(exc, "errors", [])) or "?"
        return "lines that are neither 'name = value' nor a [section] header: %s" % lines
    return "not in ini format (%s)" % type(exc).__name__

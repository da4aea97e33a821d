# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options shared by modules, the inventory plugin and lookups.

One argument spec (it matches doc_fragments/cloudstack.py option by option) and one
resolver: explicit options first, then environment variables, then the `cs` library's
cloudstack.ini ([region] sections), then defaults. No Ansible import here.
"""

from __future__ import annotations

import os

from .api import AUTH_MODES, HTTP_METHODS, CloudStackClient, CloudStackError

# option -> (environment variable, ini key, default)
CONNECTION_OPTIONS = {
    "api_url": ("CLOUDSTACK_ENDPOINT", "endpoint", None),
    "api_key": ("CLOUDSTACK_KEY", "key", None),
    "api_secret": ("CLOUDSTACK_SECRET", "secret", None),
    "api_username": ("CLOUDSTACK_USERNAME", "username", None),
    "api_password": ("CLOUDSTACK_PASSWORD", "password", None),
    "api_domain": ("CLOUDSTACK_DOMAIN", "domain", None),
    "api_auth_mode": ("CLOUDSTACK_AUTH_MODE", "auth_mode", "auto"),
    "api_http_method": ("CLOUDSTACK_METHOD", "method", "auto"),
    "api_timeout": ("CLOUDSTACK_TIMEOUT", "timeout", 10),
    "api_verify_ssl_cert": ("CLOUDSTACK_VERIFY", "verify", None),
    "validate_certs": ("CLOUDSTACK_VALIDATE_CERTS", None, True),
    "api_retries": ("CLOUDSTACK_RETRIES", "retries", 4),
    "api_retry_backoff": ("CLOUDSTACK_RETRY_BACKOFF", "retry_backoff", 0.5),
    "api_job_timeout": ("CLOUDSTACK_JOB_TIMEOUT", "job_timeout", 300),
    "api_page_size": ("CLOUDSTACK_PAGE_SIZE", "page_size", 500),
    "api_region": ("CLOUDSTACK_REGION", None, "cloudstack"),
    "api_config": ("CLOUDSTACK_CONFIG", None, None),
}

SECRET_OPTIONS = ("api_secret", "api_password")


def connection_argument_spec():
    """The argument spec of the connection options (for AnsibleModule).

    Environment fallbacks are applied by resolve_connection(), not by Ansible, so that
    the ini file can sit between the environment and the defaults.
    """
    return dict(
        api_url=dict(type="str", aliases=["api_endpoint"]),
        api_key=dict(type="str", no_log=False),
        api_secret=dict(type="str", no_log=True),
        api_username=dict(type="str"),
        api_password=dict(type="str", no_log=True),
        api_domain=dict(type="str"),
        api_auth_mode=dict(type="str", choices=list(AUTH_MODES)),
        api_http_method=dict(type="str", choices=list(HTTP_METHODS)),
        api_timeout=dict(type="int"),
        api_verify_ssl_cert=dict(type="str"),
        validate_certs=dict(type="bool"),
        api_retries=dict(type="int"),
        api_retry_backoff=dict(type="float"),
        api_job_timeout=dict(type="int"),
        api_page_size=dict(type="int"),
        api_region=dict(type="str"),
        api_config=dict(type="path"),
    )


def _read_ini(path, region):
    """Read one [region] section of a cloudstack.ini, as the cs library lays it out."""
    paths = [path] if path else [os.path.expanduser("~/.cloudstack.ini"), os.path.join(os.getcwd(), "cloudstack.ini")]
    if not any(p and os.path.exists(p) for p in paths):
        # the common case, no ini file: neither configparser nor connection_more.py is imported
        if path:
            raise CloudStackError("The CloudStack config file %s (api_config / CLOUDSTACK_CONFIG) does not exist." % path)
        return {}
    from . import connection_more

    return connection_more.read_ini(path, paths, region)


def _to_bool(name, value):
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise CloudStackError("%s must be a boolean, got %r." % (name, value))


def _to_number(name, value, kind):
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise CloudStackError("%s must be a number, got %r." % (name, value)) from None
    if number < 0:
        raise CloudStackError("%s must not be negative, got %r." % (name, value))
    return number


def resolve_connection(options, environ=None):
    """Merge options, environment and ini into the final connection settings.

    options: dict of connection option values (None for unset). Returns a dict with
    every key of CONNECTION_OPTIONS set.
    """
    environ = os.environ if environ is None else environ
    resolved = {}
    for name, (env, _ini, _default) in CONNECTION_OPTIONS.items():
        value = options.get(name)
        if value is None and env:
            value = environ.get(env) or None
        resolved[name] = value
    region = resolved["api_region"] or "cloudstack"
    ini = _read_ini(resolved["api_config"], region)
    for name, (_env, ini_key, default) in CONNECTION_OPTIONS.items():
        if resolved[name] is None and ini_key and ini_key in ini:
            resolved[name] = ini[ini_key]
        if resolved[name] is None:
            resolved[name] = default
    if ini.get("dangerous_no_tls_verify") and options.get("validate_certs") is None:
        resolved["validate_certs"] = not _to_bool("dangerous_no_tls_verify", ini["dangerous_no_tls_verify"])
    resolved["validate_certs"] = _to_bool("validate_certs", resolved["validate_certs"])
    resolved["api_timeout"] = _to_number("api_timeout", resolved["api_timeout"], float)
    resolved["api_retries"] = int(_to_number("api_retries", resolved["api_retries"], int))
    resolved["api_retry_backoff"] = _to_number("api_retry_backoff", resolved["api_retry_backoff"], float)
    resolved["api_job_timeout"] = _to_number("api_job_timeout", resolved["api_job_timeout"], float)
    resolved["api_page_size"] = int(_to_number("api_page_size", resolved["api_page_size"], int))
    if resolved["api_page_size"] < 1:
        raise CloudStackError("api_page_size must be at least 1, got %r." % resolved["api_page_size"])
    for name, allowed in (("api_auth_mode", AUTH_MODES), ("api_http_method", HTTP_METHODS)):
        resolved[name] = str(resolved[name]).lower()
        if resolved[name] not in allowed:
            raise CloudStackError("%s must be one of %s, got %r." % (name, ", ".join(allowed), resolved[name]))
    if not resolved["api_url"]:
        raise CloudStackError("No API endpoint: set api_url, the CLOUDSTACK_ENDPOINT environment variable, "
                              "or endpoint in cloudstack.ini.")
    return resolved


def client_from_options(options, environ=None, **kwargs):
    """Build a CloudStackClient from connection options."""
    conn = resolve_connection(options, environ)
    verify = conn["validate_certs"]
    if verify and conn["api_verify_ssl_cert"]:
        verify = conn["api_verify_ssl_cert"]
    return CloudStackClient(
        endpoint=conn["api_url"], api_key=conn["api_key"], api_secret=conn["api_secret"],
        username=conn["api_username"], password=conn["api_password"], domain=conn["api_domain"],
        auth_mode=conn["api_auth_mode"], method=conn["api_http_method"], timeout=conn["api_timeout"],
        verify=verify, retries=conn["api_retries"], retry_backoff=conn["api_retry_backoff"],
        job_timeout=conn["api_job_timeout"], page_size=conn["api_page_size"], **kwargs)

# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CloudStack API client: pure Python, no Ansible import.

Authentication (signed API keys, login sessions, the integration port), transport
(module_utils/transport.py on the standard library, timeouts, TLS, retries of safe calls), response envelopes, errors,
pagination and async jobs. The facts it follows are in docs/emulator.md and the
CloudStack sources named there (ApiServer.verifyRequest for signing).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import quote, urlsplit

from . import transport

AUTH_MODES = ("auto", "keys", "login", "integration")
HTTP_METHODS = ("auto", "get", "post")

# Reads: list*, query*, get*, find* (then letters and digits only). Prefix tests, not regular expressions:
# compiling those cost every task a little.
READ_ONLY_PREFIXES = ("list", "query", "get", "find")
# Commands that are not named like reads but change nothing on the server.
READ_ONLY_EXTRA = frozenset(("login", "logout"))

# HTTP statuses after which a read is retried. 530 is CloudStack's internal error.
RETRY_READ_STATUSES = frozenset((429, 500, 502, 503, 504, 530))
# Statuses after which a write is retried: the server said it did not act.
RETRY_WRITE_STATUSES = frozenset((429, 503))
# A create is not idempotent: a 503 may come from a proxy after the server acted, so a create is retried
# on 429 only (ApiServer's rate limit answers before dispatch) and a 503 is reported as ambiguous: the
# caller looks for what the attempt may have made before creating again.
RETRY_CREATE_STATUSES = frozenset((429,))
# Creates: one of these verbs, then a capital letter or a digit (createZone, addHost, but not addressX)
CREATE_PREFIXES = ("create", "add", "register", "deploy", "import", "upload", "copy")

JOB_PENDING, JOB_SUCCEEDED, JOB_FAILED, JOB_CANCELLED = 0, 1, 2, 3

# BaseListCmd.getPageSize: a pagesize above default.page.size (read once when the server starts) is refused
PAGE_LIMIT_PATTERN = r"max allowed page size value: (\d+)"
DEFAULT_PAGE_SIZE = 500


def is_read_only(command: str) -> bool:
    """True for commands that never change anything on the server."""
    if command.startswith(READ_ONLY_PREFIXES) and command.isascii() and command.isalnum():
        return True
    return command in READ_ONLY_EXTRA


def is_create(command: str) -> bool:
    """True for commands that make a new object each time they are sent (not idempotent)."""
    for verb in CREATE_PREFIXES:
        if command.startswith(verb):
            following = command[len(verb):len(verb) + 1]
            return following.isascii() and (following.isupper() or following.isdigit())
    return False


class CloudStackError(Exception):
    """Every failure of the client: one type, with what the server said."""

    def __init__(self, message, command=None, http_status=None, errorcode=None, cserrorcode=None,
                 errortext=None, jobid=None, endpoint=None):
        super().__init__(message)
        self.message = message
        self.command = command
        self.http_status = http_status
        self.errorcode = errorcode
        self.cserrorcode = cserrorcode
        self.errortext = errortext
        self.jobid = jobid
        self.endpoint = endpoint

    def to_dict(self):
        """The fields worth returning to a user; never holds a credential."""
        out = {}
        for key in ("command", "http_status", "errorcode", "cserrorcode", "errortext", "jobid"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


class CloudStackConnectionError(CloudStackError):
    """The request may not have reached the server, or its answer was lost."""

    def __init__(self, message, ambiguous=False, **kwargs):
        super().__init__(message, **kwargs)
        # True when the server may have acted on a write before the connection broke.
        self.ambiguous = ambiguous


class CloudStackAuthError(CloudStackError):
    """The server refused the credentials (HTTP 401, 531 on login)."""


class CloudStackJobError(CloudStackError):
    """An async job ended in failure or was cancelled."""


class CloudStackTimeout(CloudStackError):
    """An async job did not end within the allowed time."""


def java_urlencode(value: str) -> str:
    """Encode like java.net.URLEncoder.encode(value, "UTF-8") with '+' replaced by '%20'.

    URLEncoder leaves only a-z A-Z 0-9 . - * _ unencoded. Python's quote() also leaves
    '~' alone and encodes '*', so '*' is made safe and '~' is encoded by hand.
    """
    return quote(value, safe="*").replace("~", "%7E")


def signature_string(params: dict) -> str:
    """The lower-cased string the server signs: names sorted case-sensitively."""
    pairs = ["%s=%s" % (name, java_urlencode(params[name])) for name in sorted(params)]
    return "&".join(pairs).lower()


def sign(params: dict, secret: str) -> str:
    """HMAC-SHA1 signature of params (all values already strings), base64 encoded."""
    digest = hmac.new(secret.encode("utf-8"), signature_string(params).encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def to_api_value(value):
    """Render a scalar as the API expects it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def flatten_params(params: dict) -> dict:
    """Turn Python values into the flat string parameters of the API.

    - None is dropped; True/False become true/false.
    - A list of scalars becomes a comma-separated string.
    - A list of dicts becomes name[i].key=value for every key of item i
      (the form of tags[0].key / tags[0].value and details[0].x).
    - A dict becomes name[0].key=..., name[0].value=... for each item, in order.
    """
    flat = {}
    for name, value in params.items():
        if value is None:
            continue
        if isinstance(value, dict):
            for index, (key, item) in enumerate(value.items()):
                flat["%s[%d].key" % (name, index)] = to_api_value(key)
                flat["%s[%d].value" % (name, index)] = to_api_value(item)
        elif isinstance(value, (list, tuple)):
            if value and all(isinstance(item, dict) for item in value):
                for index, item in enumerate(value):
                    for key, sub in item.items():
                        if sub is not None:
                            flat["%s[%d].%s" % (name, index, key)] = to_api_value(sub)
            else:
                flat[name] = ",".join(to_api_value(item) for item in value)
        else:
            flat[name] = to_api_value(value)
    return flat


def scrub(text: str) -> str:
    """Remove query strings (which may hold signatures or session keys) from a message."""
    return re.sub(r"(https?://[^\s?'\"]+)\?[^\s'\")]*", r"\1", str(text))


class CloudStackClient:
    """Talks to one CloudStack management server (or the emulator)."""

    def __init__(self, endpoint, api_key=None, api_secret=None, username=None, password=None,
                 domain=None, auth_mode="auto", method="auto", timeout=10, verify=True,
                 retries=4, retry_backoff=0.5, job_timeout=300, user_agent="csops.cloudstack",
                 sleep=time.sleep, clock=time.monotonic, page_size=DEFAULT_PAGE_SIZE):
        if not endpoint:
            raise CloudStackError("No API endpoint given: set api_url or CLOUDSTACK_ENDPOINT.")
        try:
            parts = urlsplit(endpoint)
            hostname = parts.hostname
        except ValueError as exc:
            raise CloudStackError("The API endpoint %r is not a valid URL (%s)." % (scrub(endpoint), exc)) from None
        if parts.scheme not in ("http", "https") or not hostname:
            raise CloudStackError("The API endpoint %r is not an http(s) URL such as "
                                  "http://cloudstack.example.com:8080/client/api." % scrub(endpoint))
        try:
            bad_port = parts.port == 0
        except ValueError:  # urlsplit raises it for a port that is not a number in 0-65535
            bad_port = True
        if bad_port:
            raise CloudStackError("The API endpoint %r has an invalid port." % scrub(endpoint))
        if auth_mode not in AUTH_MODES:
            raise CloudStackError("api_auth_mode must be one of %s, got %r." % (", ".join(AUTH_MODES), auth_mode))
        if method not in HTTP_METHODS:
            raise CloudStackError("api_http_method must be one of %s, got %r." % (", ".join(HTTP_METHODS), method))
        if auth_mode == "auto":
            if api_key or api_secret:
                auth_mode = "keys"
            elif username or password:
                auth_mode = "login"
            else:
                raise CloudStackError("No credentials: set api_key and api_secret, or api_username and api_password "
                                      "(or api_auth_mode=integration for the unauthenticated integration port).")
        if auth_mode == "keys" and not (api_key and api_secret):
            raise CloudStackError("Signed requests need both api_key and api_secret.")
        if auth_mode == "login" and not (username and password):
            raise CloudStackError("Login needs both api_username and api_password.")
        self.endpoint = endpoint
        #: the Date header of the last answer (the server's clock, for the age of objects), or None
        self.server_date = None
        self.api_key = api_key
        self._secret = api_secret
        self.username = username
        self._password = password
        self.domain = domain
        self.auth_mode = auth_mode
        self.method = method
        self.timeout = timeout
        self.verify = verify
        self.retries = max(0, int(retries))
        self.retry_backoff = float(retry_backoff)
        self.job_timeout = job_timeout
        # page size of list walks: api_page_size, lowered to the server's limit when it refuses a larger one
        self.page_size = int(page_size) if page_size else DEFAULT_PAGE_SIZE
        self._sleep = sleep
        self._clock = clock
        self._session = transport.Session(endpoint, timeout=timeout, verify=verify, user_agent=user_agent)
        self._sessionkey = None
        self.calls = 0  # API requests sent, for benchmarks and tests

    # ---------------------------------------------------------------- transport
    def _http_method(self, command):
        if command == "login":
            return "POST"
        if self.auth_mode == "integration":
            # The integration port reads the query string only, never a POST body.
            return "GET"
        if self.method != "auto":
            return self.method.upper()
        return "GET" if is_read_only(command) else "POST"

    def _auth_params(self, params):
        if self.auth_mode == "keys":
            params["apiKey"] = self.api_key
            params["signatureVersion"] = "3"
            expires = datetime.now(timezone.utc) + timedelta(minutes=10)
            params["expires"] = expires.strftime("%Y-%m-%dT%H:%M:%S+0000")
            params["signature"] = sign(params, self._secret)
        elif self.auth_mode == "login":
            params["sessionkey"] = self._sessionkey
        return params

    def _send_once(self, command, flat, http_method):
        params = dict(flat)
        params["command"] = command
        params["response"] = "json"
        if command != "login":
            self._auth_params(params)
        self.calls += 1
        return self._session.request(http_method, params)

    def _describe_exception(self, exc):
        """One sentence for a transport failure, never with the query string (api_more.py)."""
        from . import api_more

        return api_more.describe_transport_failure(self, exc)

    @staticmethod
    def _not_sent(exc):
        """True when the request surely never reached the server."""
        # The transport knows: a failure of the connect phase (refused, unresolved, connect timeout)
        # means nothing was sent. A TLS failure too, but resending cannot cure it.
        return bool(getattr(exc, "not_sent", False)) and not isinstance(exc, transport.TLSError)

    def request(self, command, params=None, http_method=None):
        """Send one API command and return the inner response dict (no async wait)."""
        flat = flatten_params(params or {})
        method = http_method or self._http_method(command)
        if self.auth_mode == "login" and self._sessionkey is None and command != "login":
            self.login()
        try:
            resp = self._send_once(command, flat, method)
        except transport.TransportError as exc:
            resp = exc
        if isinstance(resp, transport.TransportError) or resp.status_code != 200:
            # a transport failure or an error answer: retries, a new login, the error (api_more.py)
            from . import api_more

            return api_more.request_again(self, command, flat, method, resp)
        self.server_date = resp.headers.get("Date") or self.server_date
        return self._parse(command, resp)

    def _backoff(self, attempt, resp=None):
        """Wait before a retry: retry_backoff doubled per attempt, or what Retry-After asks (up to 60 s)."""
        delay = self.retry_backoff * (2 ** attempt)
        if resp is not None:
            retry_after = resp.headers.get("Retry-After")
            if retry_after and retry_after.isdigit():
                delay = max(delay, min(float(retry_after), 60.0))
        self._sleep(delay)

    def _body(self, resp):
        try:
            data = resp.json()
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def _parse(self, command, resp):
        data = self._body(resp)
        if data is None:
            raise CloudStackError("%s: the answer of %s is not JSON (HTTP %s, %s)." % (
                command, self.endpoint, resp.status_code, resp.headers.get("Content-Type", "no content type")),
                command=command, http_status=resp.status_code, endpoint=self.endpoint)
        key = command.lower() + "response"
        if key in data:
            inner = data[key]
        elif len(data) == 1:
            inner = next(iter(data.values()))
        else:
            inner = data
        if not isinstance(inner, dict):
            raise CloudStackError("%s: unexpected answer shape from %s." % (command, self.endpoint), command=command)
        if "errorcode" in inner and "errortext" in inner:
            raise self._http_error(command, resp, 0, inner)
        return inner

    def _http_error(self, command, resp, attempt, inner=None):
        """The CloudStackError (or CloudStackAuthError) of an error answer (api_more.py)."""
        from . import api_more

        return api_more.http_error(self, command, resp, attempt, inner)

    # ---------------------------------------------------------------- sessions
    def login(self):
        """POST login; keep the JSESSIONID cookie and the session key (api_more.py)."""
        from . import api_more

        return api_more.login(self)

    def logout(self):
        if self.auth_mode == "login" and self._sessionkey:
            try:
                self.request("logout")
            finally:
                self._sessionkey = None

    def end_session(self):
        """Log out of a session this client opened (a task must not leave one behind), then close.

        A failed logout is not an error of the task: the session expires on the server anyway.
        """
        try:
            self.logout()
        except CloudStackError:
            pass
        finally:
            self.close()

    # ---------------------------------------------------------------- high level
    def call(self, command, params=None, wait=True, job_timeout=None, timeout_option="api_job_timeout"):
        """Send a command; for an async command wait for its job unless wait is False.

        Returns the inner response, or for a finished job its jobresult. job_timeout (seconds,
        api_job_timeout when None) bounds the wait; timeout_option is the option named when it runs out.
        """
        inner = self.request(command, params)
        if wait and is_async_submission(inner):
            return self.wait_for_job(inner["jobid"], command=command, timeout=job_timeout, timeout_option=timeout_option)
        return inner

    def query_job(self, jobid):
        return self.request("queryAsyncJobResult", {"jobid": jobid})

    def poll_job(self, jobid, command=None, timeout=None, timeout_option="api_job_timeout"):
        """Poll queryAsyncJobResult until the job ends (api_more.py); raises CloudStackTimeout when it does not
        end in time."""
        from . import api_more

        return api_more.poll_job(self, jobid, command, timeout, timeout_option)

    def wait_for_job(self, jobid, command=None, timeout=None, timeout_option="api_job_timeout"):
        """Wait for a job and return its jobresult; raise CloudStackJobError when it failed (api_more.py)."""
        from . import api_more

        return api_more.wait_for_job(self, jobid, command, timeout, timeout_option)

    def list_all(self, command, params=None, key=None, pagesize=None):
        """Walk every page of a list command and return all items.

        key is the item key in the envelope (zone, pod, ...); found automatically when omitted.
        pagesize: the client's page_size (api_page_size) when None.
        """
        return self.list_all_keyed(command, params, key, pagesize)[1]

    def list_all_keyed(self, command, params=None, key=None, pagesize=None):
        """Like list_all, and also return the envelope's item key (None when nothing matched).

        A server whose default.page.size is below the page size refuses the first page with its limit
        ("Page size can't exceed max allowed page size value: N"): the walk starts again with N, and the
        client keeps N for the rest of its calls.
        """
        params = dict(params or {})
        pagesize = int(pagesize or self.page_size)
        items = []
        page = 1
        while True:
            params.update(page=page, pagesize=pagesize)
            try:
                inner = self.request(command, params)
            except CloudStackError as exc:
                match = re.search(PAGE_LIMIT_PATTERN, str(exc.errortext or ""))
                limit = int(match.group(1)) if match else 0
                if page == 1 and 0 < limit < pagesize:
                    self.page_size = pagesize = limit
                    continue
                raise
            key = key or item_key(inner)
            batch = list(inner.get(key) or []) if key else []
            items.extend(batch)
            count = inner.get("count", 0)
            if not batch or len(items) >= count or len(batch) < pagesize:
                return key, items
            page += 1

    def close(self):
        self._session.close()


def looks_like_uuid(value):
    text = str(value)
    return len(text) == 36 and text.count("-") == 4


def find_domain_id(client, domain):
    """Id of a domain given by id, path (ROOT/customers, /customers) or name (api_more.py)."""
    from . import api_more

    return api_more.find_domain_id(client, domain)


def poll_interval(polls, elapsed):
    """Seconds to wait before the next job poll (api_more.py)."""
    from . import api_more

    return api_more.poll_interval(polls, elapsed)


def is_async_submission(inner):
    """An async command answers with a jobid (and the new object's id) only."""
    return isinstance(inner, dict) and "jobid" in inner and set(inner) <= {"jobid", "id"}


def item_key(inner):
    """The key of the item list in a list envelope: {'count': N, '<key>': [...]}; None when empty."""
    for name, value in inner.items():
        if name != "count" and isinstance(value, list):
            return name
    return None

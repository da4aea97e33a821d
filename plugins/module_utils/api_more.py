# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The API client's less travelled paths: retries, error answers and transport failures, logins, async jobs,
domain look-ups. No Ansible import.

CloudStackClient (api.py) calls these from small methods of the same names. They live in their own file
because every module task is a new Python process that compiles the module_utils it imports from the
AnsiballZ zip: a no-op task (one list call, no error, no job, no login) does not compile this file.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from . import api
from . import transport


def request_again(client, command, flat, method, outcome):
    """CloudStackClient.request after its first attempt did not end in HTTP 200: outcome is that attempt's
    answer or TransportError. Retries what is safe to retry, logs in again once when a login session
    expired, and raises the error of the last attempt."""
    read_only = api.is_read_only(command)
    attempt = 0
    relogged = False
    while True:
        if outcome is None:
            try:
                outcome = client._send_once(command, flat, method)
            except transport.TransportError as exc:
                outcome = exc
        resp, outcome = outcome, None
        if isinstance(resp, transport.TransportError):
            safe = read_only or client._not_sent(resp)
            if safe and attempt < client.retries:
                client._backoff(attempt)
                attempt += 1
                continue
            msg = client._describe_exception(resp)
            if attempt:
                msg += " (after %d retries)" % attempt
            raise api.CloudStackConnectionError("%s failed: %s." % (command, msg), ambiguous=not safe,
                                                command=command, endpoint=client.endpoint) from None
        status = resp.status_code
        if status == 200:
            client.server_date = resp.headers.get("Date") or client.server_date
            return client._parse(command, resp)
        if status == 401 and client.auth_mode == "login" and not relogged and command not in ("login", "logout"):
            # The session expired or was invalidated: log in again once, then resend.
            relogged = True
            client.login()
            continue
        create = not read_only and api.is_create(command)
        retry_set = api.RETRY_READ_STATUSES if read_only else (api.RETRY_CREATE_STATUSES if create else api.RETRY_WRITE_STATUSES)
        if status in retry_set and attempt < client.retries:
            client._backoff(attempt, resp)
            attempt += 1
            continue
        if create and status == 503:
            error = client._http_error(command, resp, attempt)
            raise api.CloudStackConnectionError(
                "%s: HTTP %s from %s; the server may have acted before this answer (a proxy can say 503 after "
                "it did), so the create is not sent again blindly." % (command, status, client.endpoint),
                ambiguous=True, command=command, http_status=status, errortext=error.errortext,
                endpoint=client.endpoint)
        raise client._http_error(command, resp, attempt)


def describe_transport_failure(client, exc):
    """One sentence for a transport failure, never with the query string."""
    host = urlsplit(client.endpoint).hostname
    text = api.scrub(str(exc))
    if isinstance(exc, transport.TLSError):
        return "TLS failed for %s (%s); check the certificate or api_verify_ssl_cert" % (client.endpoint, _short(text))
    if isinstance(exc, transport.ConnectTimeout):
        return "timed out connecting to %s after %s s" % (client.endpoint, client.timeout)
    if isinstance(exc, transport.ReadTimeout):
        return "no answer from %s within %s s (api_timeout)" % (client.endpoint, client.timeout)
    if isinstance(exc, transport.TransportConnectionError):
        low = text.lower()
        if "name or service not known" in low or "nodename nor servname" in low or "name resolution" in low \
                or "getaddrinfo failed" in low or "no address associated" in low:
            return "cannot resolve the host name %r of %s" % (host, client.endpoint)
        if "refused" in low:
            return "connection refused by %s (is the management server running on that port?)" % client.endpoint
        if "reset" in low or "aborted" in low or "remotedisconnected" in low or "closed connection" in low \
                or "closed before an answer" in low:
            return "the connection to %s was closed before an answer came" % client.endpoint
        return "cannot connect to %s (%s)" % (client.endpoint, _short(text))
    return "request to %s failed (%s: %s)" % (client.endpoint, type(exc).__name__, _short(text))


def http_error(client, command, resp, attempt, inner=None):
    """The CloudStackError (CloudStackAuthError for refused credentials) of an error answer."""
    status = resp.status_code
    if inner is None:
        data = client._body(resp) or {}
        inner = next((v for v in data.values() if isinstance(v, dict)), {})
    errortext = inner.get("errortext") or resp.headers.get("X-Description") or resp.reason or ""
    errorcode = inner.get("errorcode", status)
    cserrorcode = inner.get("cserrorcode")
    retried = " after %d retries" % attempt if attempt else ""
    kwargs = dict(command=command, http_status=status, errorcode=errorcode, cserrorcode=cserrorcode,
                  errortext=errortext, endpoint=client.endpoint)
    if status == 401 or (command == "login" and status == 531):
        how = {"keys": "the API key and secret (signed request)",
               "login": "the login session of user %r" % client.username,
               "integration": "the integration port (no credentials)"}[client.auth_mode]
        return api.CloudStackAuthError("%s refused by %s: authentication with %s failed (HTTP %s: %s)." % (
            command, client.endpoint, how, status, errortext or "unauthorized"), **kwargs)
    return api.CloudStackError("%s failed%s: HTTP %s, errorcode %s%s: %s" % (
        command, retried, status, errorcode, ", cserrorcode %s" % cserrorcode if cserrorcode else "",
        errortext), **kwargs)


def login(client):
    """POST login; keep the JSESSIONID cookie and the session key."""
    params = {"username": client.username, "password": client._password}
    if client.domain:
        params["domain"] = client.domain
    client._session.cookies.clear()
    client._sessionkey = None
    inner = client.request("login", params, http_method="POST")
    key = inner.get("sessionkey")
    if not key:
        raise api.CloudStackAuthError("login to %s returned no session key." % client.endpoint, command="login")
    client._sessionkey = key
    return inner


def poll_job(client, jobid, command=None, timeout=None, timeout_option="api_job_timeout"):
    """Poll queryAsyncJobResult until the job ends, with a short first interval that backs off.

    Returns the job's final answer; raises CloudStackTimeout when it does not end in time.
    """
    timeout = client.job_timeout if timeout is None else timeout
    start = client._clock()
    polls = 0
    while True:
        job = client.query_job(jobid)
        if int(job.get("jobstatus", api.JOB_PENDING)) != api.JOB_PENDING:
            return job
        elapsed = client._clock() - start
        if elapsed >= timeout:
            raise api.CloudStackTimeout("%s: async job %s did not end within %s s (%s); it may still "
                                        "be running on the server." % (command or "job", jobid, _num(timeout), timeout_option),
                                        command=command, jobid=jobid, endpoint=client.endpoint)
        client._sleep(min(poll_interval(polls, elapsed), max(0.01, timeout - elapsed)))
        polls += 1


def wait_for_job(client, jobid, command=None, timeout=None, timeout_option="api_job_timeout"):
    """Wait for a job and return its jobresult; raise CloudStackJobError when it failed."""
    job = client.poll_job(jobid, command, timeout, timeout_option)
    status = int(job.get("jobstatus"))
    result = job.get("jobresult") or {}
    if status == api.JOB_SUCCEEDED:
        return result
    errortext = result.get("errortext") or "no error text"
    word = "failed" if status == api.JOB_FAILED else "was cancelled"
    raise api.CloudStackJobError("%s: async job %s %s (errorcode %s): %s" % (
        command or job.get("cmd", "job"), jobid, word, result.get("errorcode", job.get("jobresultcode")),
        errortext), command=command, jobid=jobid, errorcode=result.get("errorcode"),
        errortext=errortext, endpoint=client.endpoint)


def find_domain_id(client, domain):
    """Id of a domain given by id, path (ROOT/customers, /customers) or name."""
    if api.looks_like_uuid(domain):
        return domain
    path = domain.strip("/")
    if not path.upper().startswith("ROOT"):
        path = "ROOT/" + path if path else "ROOT"
    for item in client.list_all("listDomains", {"name": path.split("/")[-1], "listall": True}, key="domain"):
        if item.get("path", "").lower() == path.lower() or (path.upper() == "ROOT" and item.get("level") == 0):
            return item["id"]
    raise api.CloudStackError("domain %r not found." % domain)


def poll_interval(polls, elapsed):
    """Seconds to wait before the next job poll: 0.05 s growing by half each time.

    It stays under 0.25 s for the first 10 s so a module returns soon after a short job
    ends, then allows 1 s, and 2 s (the pace of cmk and cs) after a minute.
    """
    cap = 0.25 if elapsed < 10 else (1.0 if elapsed < 60 else 2.0)
    return min(0.05 * (1.5 ** polls), cap)


def _num(value):
    """2.0 -> '2', 1.5 -> '1.5'."""
    return ("%g" % value) if isinstance(value, float) else str(value)


def _short(text, limit=200):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + "..."

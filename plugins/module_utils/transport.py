# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP transport of the API client, on the Python standard library only.

Why not requests: every module task is a new Python process, and importing requests (urllib3,
charset detection, idna, certifi) costs more than importing ansible.module_utils.basic itself,
about 0.1 s to 0.2 s of each task (benchmarks/ measures it). This transport keeps what the client
needs and nothing else: one kept-alive connection to the endpoint, GET with a query string and
POST with a form body (both encoded as requests encodes them, urllib.parse.urlencode), the
session cookies of a login (JSESSIONID, sessionkey), gzip answers, TLS verification with the
system CA store, a CA file or directory, or none, and HTTP(S) proxies from the environment
(http_proxy, https_proxy, all_proxy, no_proxy), read only when such a variable is set.

Failures are typed so the client can tell a request that surely never left (connect phase:
refused, unresolved, connect timeout, TLS handshake) from one whose fate is unknown.
"""

from __future__ import annotations

import http.client
import json
import os
import select
import socket
import ssl
import zlib
from base64 import b64encode
from urllib.parse import unquote, urlencode, urlsplit

PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy")


class TransportError(Exception):
    """A request failed below HTTP. not_sent: the request surely never reached the server."""

    not_sent = False


class TransportConnectionError(TransportError):
    """The connection could not be made, or broke before an answer came."""

    def __init__(self, message, not_sent=False):
        super().__init__(message)
        self.not_sent = not_sent


class ConnectTimeout(TransportConnectionError):
    """No connection within the timeout (never sent)."""

    def __init__(self, message):
        super().__init__(message, not_sent=True)


class TLSError(TransportConnectionError):
    """The TLS handshake failed, most often the certificate check (never sent)."""

    def __init__(self, message):
        super().__init__(message, not_sent=True)


class ReadTimeout(TransportError):
    """The request went out and no answer came within the timeout."""


class Response:
    """What the client reads of an HTTP answer."""

    def __init__(self, status_code, reason, headers, content):
        self.status_code = status_code
        self.reason = reason
        self.headers = headers  # http.client.HTTPMessage: get() ignores case
        self.content = content

    @property
    def text(self):
        charset = self.headers.get_content_charset() or "utf-8"
        try:
            return self.content.decode(charset, "replace")
        except LookupError:
            return self.content.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.text)


def _env_proxy(scheme, host):
    """The proxy URL for scheme://host from the environment, or None."""
    if not any(key.lower() in PROXY_VARIABLES for key in os.environ):
        return None
    import urllib.request  # only when a proxy variable is set: it costs an import

    if urllib.request.proxy_bypass(host):
        return None
    proxies = urllib.request.getproxies()
    return proxies.get(scheme) or proxies.get("all")


def tls_context(verify):
    """The TLS context for verify: True (system store), False (no check), or a CA file/directory path."""
    if verify is False:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
    if verify is True:
        # What requests users set to point at their CA bundle keeps working.
        verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
    if verify is True:
        return ssl.create_default_context()
    if os.path.isdir(verify):
        return ssl.create_default_context(capath=verify)
    return ssl.create_default_context(cafile=verify)


class Session:
    """One endpoint, one kept-alive connection, the cookies the server set."""

    def __init__(self, endpoint, timeout=10, verify=True, user_agent="csops.cloudstack"):
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("endpoint must be an http:// or https:// URL, got %r" % endpoint)
        self.scheme = parts.scheme
        self.host = parts.hostname
        self.port = parts.port or (443 if self.scheme == "https" else 80)
        self.path = parts.path or "/"
        self.base_query = parts.query
        self.timeout = timeout
        self.verify = verify
        self.user_agent = user_agent
        self.cookies = {}
        self.connections = 0  # connections opened, for tests and benchmarks
        self._conn = None
        self._proxy_headers = {}
        self._context = None
        self._proxy = _env_proxy(self.scheme, self.host)

    # ---------------------------------------------------------------- connection
    def _host_header(self):
        default = 443 if self.scheme == "https" else 80
        host = "[%s]" % self.host if ":" in self.host else self.host
        return host if self.port == default else "%s:%d" % (host, self.port)

    def _new_connection(self):
        if self.scheme == "https" and self._context is None:
            self._context = tls_context(self.verify)
        if self._proxy:
            proxy = urlsplit(self._proxy if "://" in self._proxy else "http://" + self._proxy)
            proxy_headers = {}
            if proxy.username:
                auth = "%s:%s" % (unquote(proxy.username), unquote(proxy.password or ""))
                proxy_headers["Proxy-Authorization"] = "Basic " + b64encode(auth.encode()).decode()
            if self.scheme == "https":
                conn = http.client.HTTPSConnection(proxy.hostname, proxy.port or 80, timeout=self.timeout,
                                                   context=self._context)
                conn.set_tunnel(self.host, self.port, headers=proxy_headers)
                return conn, {}
            return http.client.HTTPConnection(proxy.hostname, proxy.port or 80, timeout=self.timeout), proxy_headers
        if self.scheme == "https":
            return http.client.HTTPSConnection(self.host, self.port, timeout=self.timeout, context=self._context), {}
        return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout), {}

    def _dropped(self):
        """True when the kept-alive connection was closed by the server while idle."""
        sock = self._conn.sock if self._conn is not None else None
        if sock is None:
            return True
        try:
            readable, _w, _x = select.select([sock], [], [], 0)
        except (OSError, ValueError):
            return True
        return bool(readable)  # an idle connection that is readable has been closed (or is broken)

    def _connect(self):
        if self._conn is not None and not self._dropped():
            return
        self.close()
        conn, extra = self._new_connection()
        try:
            conn.connect()
        except socket.timeout:
            conn.close()
            raise ConnectTimeout("timed out connecting to %s:%s" % (self.host, self.port)) from None
        except (ssl.SSLError, ssl.CertificateError) as exc:
            conn.close()
            raise TLSError(str(exc)) from None
        except OSError as exc:
            conn.close()
            raise TransportConnectionError("failed to establish a new connection: %s" % exc, not_sent=True) from None
        self._conn = conn
        self._proxy_headers = extra
        self.connections += 1

    def close(self):
        if self._conn is not None:
            self._conn.close()
        self._conn = None

    # ---------------------------------------------------------------- requests
    def _cookie_header(self):
        return "; ".join("%s=%s" % (name, value) for name, (value, secure) in self.cookies.items()
                         if not secure or self.scheme == "https")

    def _keep_cookies(self, headers):
        for line in headers.get_all("Set-Cookie") or ():
            attrs = [part.strip() for part in line.split(";")]
            name, sep, value = attrs[0].partition("=")
            if not sep or not name:
                continue
            flags = {attr.split("=", 1)[0].lower(): attr.split("=", 1)[1] if "=" in attr else "" for attr in attrs[1:]}
            if flags.get("max-age", "").strip() in ("0", "-1"):
                self.cookies.pop(name, None)
                continue
            self.cookies[name] = (value.strip('"'), "secure" in flags)

    def request(self, method, params):
        """Send params as a query string (GET) or a form body (POST); return the Response."""
        encoded = urlencode(params)
        target = self.path
        query = "&".join(part for part in (self.base_query, encoded if method == "GET" else "") if part)
        if query:
            target += "?" + query
        body = encoded.encode("ascii") if method == "POST" else None
        self._connect()
        if self._proxy and self.scheme == "http":
            target = "http://%s%s" % (self._host_header(), target)
        headers = {"Host": self._host_header(), "User-Agent": self.user_agent, "Accept": "*/*",
                   "Accept-Encoding": "gzip, deflate", "Connection": "keep-alive"}
        headers.update(self._proxy_headers)
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Content-Length"] = str(len(body))
        cookie = self._cookie_header()
        if cookie:
            headers["Cookie"] = cookie
        conn = self._conn
        try:
            conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
            for key, value in headers.items():
                conn.putheader(key, value)
            conn.endheaders(body)
            answer = conn.getresponse()
            content = answer.read()
        except socket.timeout:
            self.close()
            raise ReadTimeout("read timed out after %s s" % self.timeout) from None
        except (http.client.HTTPException, OSError) as exc:
            self.close()
            kind = type(exc).__name__
            raise TransportConnectionError("connection closed before an answer came (%s: %s)" % (kind, exc)) from None
        if answer.will_close:
            self.close()
        encoding = (answer.headers.get("Content-Encoding") or "").lower()
        if encoding in ("gzip", "deflate") and content:
            try:
                content = zlib.decompress(content, 47 if encoding == "gzip" else zlib.MAX_WBITS)
            except zlib.error:
                if encoding != "deflate":
                    raise TransportConnectionError("the answer's gzip body is corrupt") from None
                content = zlib.decompress(content, -zlib.MAX_WBITS)
        self._keep_cookies(answer.headers)
        return Response(answer.status, answer.reason, answer.headers, content)

    def get(self, params):
        return self.request("GET", params)

    def post(self, params):
        return self.request("POST", params)

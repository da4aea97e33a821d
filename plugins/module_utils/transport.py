# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP transport of the API client, on the Python standard library only.

Why not requests: every module task is a new Python process, and importing requests (urllib3,
charset detection, idna, certifi) costs more than importing ansible.module_utils.basic itself,
about 0.1 s to 0.2 s of each task (benchmarks/ measures it). Why not http.client either: importing it
(with the email package it parses headers with, and ssl) costs about 14 ms of CPU per task, more than
all of this file; what the client needs of HTTP/1.1 is small and written here on a plain socket.

This transport keeps what the client needs and nothing else: one kept-alive connection to the
endpoint, GET with a query string and POST with a form body (both encoded as requests encodes them,
urllib.parse.urlencode), answers with a Content-Length, chunked or read to the close, the session
cookies of a login (JSESSIONID, sessionkey), gzip answers, TLS verification with the system CA store,
a CA file or directory, or none (ssl is imported for https endpoints only), and HTTP(S) proxies from
the environment (http_proxy, https_proxy, all_proxy, no_proxy; https through a CONNECT tunnel), read
only when such a variable is set.

Failures are typed so the client can tell a request that surely never left (connect phase:
refused, unresolved, connect timeout, TLS handshake) from one whose fate is unknown.
"""

from __future__ import annotations

import json
import os
import select
import socket
import zlib
from urllib.parse import urlencode, urlsplit

PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy")

# Limits of an answer's head, as http.client has them.
MAX_LINE = 65536
MAX_HEADERS = 100


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


class RemoteDisconnected(ConnectionResetError):
    """The server closed the connection without answering (a kept-alive connection it dropped)."""


class BadAnswer(OSError):
    """The answer is not HTTP/1.x, or it ended before its announced length."""


class Headers:
    """The header fields of an answer, in order; names compare without case (like http.client's)."""

    def __init__(self, fields=()):
        self.fields = list(fields)

    def get(self, name, default=None):
        name = name.lower()
        for key, value in self.fields:
            if key.lower() == name:
                return value
        return default

    def get_all(self, name):
        """Every value of the field name (Set-Cookie comes once per cookie), or None."""
        name = name.lower()
        return [value for key, value in self.fields if key.lower() == name] or None

    def get_content_charset(self):
        for param in (self.get("Content-Type") or "").split(";")[1:]:
            key, _sep, value = param.partition("=")
            if key.strip().lower() == "charset":
                return value.strip().strip('"').lower() or None
        return None


class Response:
    """What the client reads of an HTTP answer."""

    def __init__(self, status_code, reason, headers, content):
        self.status_code = status_code
        self.reason = reason
        self.headers = headers  # Headers: get() ignores case
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
    from . import transport_more  # only when a proxy variable is set

    return transport_more.env_proxy(scheme, host)


def tls_context(verify):
    """The TLS context for verify: True (system store), False (no check), or a CA file/directory path."""
    import ssl  # only for https endpoints: it costs an import

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


def _host(host):
    return "[%s]" % host if ":" in host else host


def _readline(reader):
    line = reader.readline(MAX_LINE + 1)
    if len(line) > MAX_LINE:
        raise BadAnswer("a line of the answer is longer than %d bytes" % MAX_LINE)
    return line


def read_head(reader):
    """(status, reason, Headers, HTTP/1.1 or later) of the next answer; interim 1xx answers are skipped."""
    while True:
        line = _readline(reader)
        if not line:
            raise RemoteDisconnected("the server closed the connection without an answer")
        version, _sep, rest = line.decode("iso-8859-1").strip().partition(" ")
        code, _sep, reason = rest.partition(" ")
        if not version.startswith("HTTP/1.") or len(code) != 3 or not code.isdigit():
            raise BadAnswer("not an HTTP/1.x status line: %r" % line[:80])
        fields = []
        while True:
            line = _readline(reader)
            if line in (b"\r\n", b"\n", b""):
                break
            if len(fields) >= MAX_HEADERS:
                raise BadAnswer("more than %d header fields" % MAX_HEADERS)
            text = line.decode("iso-8859-1").rstrip("\r\n")
            if text[:1] in (" ", "\t") and fields:  # an obsolete folded line continues the field before
                fields[-1] = (fields[-1][0], fields[-1][1] + " " + text.strip())
                continue
            name, _sep, value = text.partition(":")
            fields.append((name.strip(), value.strip()))
        status = int(code)
        if status >= 200 or status == 101:
            return status, reason.strip(), Headers(fields), version != "HTTP/1.0"


def _read_exactly(reader, size):
    data = reader.read(size)
    if len(data) < size:
        raise BadAnswer("the answer ended after %d of its %d bytes" % (len(data), size))
    return data


def read_body(reader, method, status, headers, http11):
    """(body, the server closes the connection after it)."""
    connection = (headers.get("Connection") or "").lower()
    if http11:
        closes = "close" in connection
    else:
        closes = not (headers.get("Keep-Alive") or "keep-alive" in connection
                      or "keep-alive" in (headers.get("Proxy-Connection") or "").lower())
    if method == "HEAD" or status in (204, 304) or status < 200:
        return b"", closes
    if "chunked" in (headers.get("Transfer-Encoding") or "").lower():
        from . import transport_more

        return transport_more.read_chunked(reader), closes
    try:
        length = int(headers.get("Content-Length"))
    except (TypeError, ValueError):
        length = -1
    if length < 0:
        return reader.read(), True  # no length: the answer runs to the close
    return _read_exactly(reader, length), closes


class Connection:
    """One open socket (TLS-wrapped for https) and its buffered reader."""

    def __init__(self, sock):
        self.sock = sock
        self.reader = sock.makefile("rb")

    def close(self):
        try:
            self.reader.close()
        finally:
            self.sock.close()


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
        host = _host(self.host)
        return host if self.port == default else "%s:%d" % (host, self.port)

    def _open(self):
        """A connected socket (through the proxy when one is set: transport_more.py), TLS-wrapped for https;
        and the headers every request on it carries for the proxy."""
        if self._proxy:
            from . import transport_more

            return transport_more.open_through_proxy(self)
        sock = socket.create_connection((self.host, self.port), self.timeout)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self.scheme == "https":
                sock = self._context.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise
        return sock, {}

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
        if self.scheme == "https" and self._context is None:
            self._context = tls_context(self.verify)
        try:
            sock, extra = self._open()
        except socket.timeout:
            raise ConnectTimeout("timed out connecting to %s:%s" % (self.host, self.port)) from None
        except (OSError, ValueError) as exc:
            if self.scheme == "https":
                import ssl

                if isinstance(exc, (ssl.SSLError, ssl.CertificateError)):
                    raise TLSError(str(exc)) from None
            raise TransportConnectionError("failed to establish a new connection: %s" % exc, not_sent=True) from None
        self._conn = Connection(sock)
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
        lines = headers.get_all("Set-Cookie")
        if lines:  # a login's answer (transport_more.py)
            from . import transport_more

            transport_more.keep_cookies(self.cookies, lines)

    def request(self, method, params):
        """Send params as a query string (GET) or a form body (POST); return the Response."""
        encoded = urlencode(params)
        target = self.path
        query = "&".join(part for part in (self.base_query, encoded if method == "GET" else "") if part)
        if query:
            target += "?" + query
        if any(char <= " " or char == "\x7f" for char in target):
            # what http.client refuses too: the request line would break
            raise TransportConnectionError("the request URL holds a space or a control character: fix the endpoint")
        body = encoded.encode("ascii") if method == "POST" else b""
        self._connect()
        if self._proxy and self.scheme == "http":
            target = "http://%s%s" % (self._host_header(), target)
        headers = {"Host": self._host_header(), "User-Agent": self.user_agent, "Accept": "*/*",
                   "Accept-Encoding": "gzip, deflate", "Connection": "keep-alive"}
        headers.update(self._proxy_headers)
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Content-Length"] = str(len(body))
        cookie = self._cookie_header()
        if cookie:
            headers["Cookie"] = cookie
        head = "%s %s HTTP/1.1\r\n%s\r\n" % (method, target, "".join("%s: %s\r\n" % item for item in headers.items()))
        conn = self._conn
        try:
            conn.sock.sendall(head.encode("latin-1") + body)  # one write: no wait for Nagle's algorithm
            status, reason, answer_headers, http11 = read_head(conn.reader)
            content, closes = read_body(conn.reader, method, status, answer_headers, http11)
        except socket.timeout:
            self.close()
            raise ReadTimeout("read timed out after %s s" % self.timeout) from None
        except OSError as exc:
            self.close()
            kind = type(exc).__name__
            raise TransportConnectionError("connection closed before an answer came (%s: %s)" % (kind, exc)) from None
        if closes:
            self.close()
        encoding = (answer_headers.get("Content-Encoding") or "").lower()
        if encoding in ("gzip", "deflate") and content:
            try:
                content = zlib.decompress(content, 47 if encoding == "gzip" else zlib.MAX_WBITS)
            except zlib.error:
                if encoding != "deflate":
                    raise TransportConnectionError("the answer's gzip body is corrupt") from None
                content = zlib.decompress(content, -zlib.MAX_WBITS)
        self._keep_cookies(answer_headers)
        return Response(status, reason, answer_headers, content)

    def get(self, params):
        return self.request("GET", params)

    def post(self, params):
        return self.request("POST", params)

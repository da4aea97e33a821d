# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The transport's less travelled paths: HTTP(S) proxies from the environment (https through a CONNECT
tunnel), chunked answers, the cookies of a login. No Ansible import.

Session and read_body (transport.py) call these when they need them. They live in their own file because
every module task is a new Python process that compiles the module_utils it imports from the AnsiballZ zip,
twice (zipimport): a task against a server it reaches directly, with no login, does not compile this file.
"""

from __future__ import annotations

import socket
from base64 import b64encode
from urllib.parse import unquote, urlsplit

from . import transport


def env_proxy(scheme, host):
    """The proxy URL for scheme://host from the environment (a proxy variable is set), or None."""
    import urllib.request  # it costs an import

    if urllib.request.proxy_bypass(host):
        return None
    proxies = urllib.request.getproxies()
    return proxies.get(scheme) or proxies.get("all")


def tunnel(session, sock, proxy_headers):
    """CONNECT host:port through an HTTP proxy (https endpoints)."""
    target = "%s:%d" % (transport._host(session.host), session.port)
    lines = ["CONNECT %s HTTP/1.1" % target, "Host: %s" % target]
    lines += ["%s: %s" % item for item in proxy_headers.items()]
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
    reader = sock.makefile("rb")
    try:
        status, reason, _headers, _http11 = transport.read_head(reader)
    finally:
        reader.close()
    if status != 200:
        raise OSError("Tunnel connection failed: %d %s" % (status, reason))


def open_through_proxy(session):
    """Session._open with a proxy: a socket connected to the proxy (tunnelled and TLS-wrapped for https),
    and the headers every request on it carries for the proxy."""
    proxy_headers = {}
    proxy = urlsplit(session._proxy if "://" in session._proxy else "http://" + session._proxy)
    if proxy.username:
        auth = "%s:%s" % (unquote(proxy.username), unquote(proxy.password or ""))
        proxy_headers["Proxy-Authorization"] = "Basic " + b64encode(auth.encode()).decode()
    sock = socket.create_connection((proxy.hostname, proxy.port or 80), session.timeout)
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if session.scheme == "https":
            tunnel(session, sock, proxy_headers)
            proxy_headers = {}
            sock = session._context.wrap_socket(sock, server_hostname=session.host)
    except BaseException:
        sock.close()
        raise
    return sock, proxy_headers


def read_chunked(reader):
    """The body of a chunked answer (its trailer fields read and dropped)."""
    parts = []
    while True:
        size_text = transport._readline(reader).split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise transport.BadAnswer("bad chunk size %r" % size_text[:20]) from None
        if size == 0:
            break
        parts.append(transport._read_exactly(reader, size))
        transport._readline(reader)  # the CRLF after the chunk
    while transport._readline(reader) not in (b"\r\n", b"\n", b""):  # trailer fields
        pass
    return b"".join(parts)


def keep_cookies(cookies, lines):
    """Keep the cookies of Set-Cookie lines in cookies ({name: (value, secure)}); Max-Age 0 or -1 drops one."""
    for line in lines:
        attrs = [part.strip() for part in line.split(";")]
        name, sep, value = attrs[0].partition("=")
        if not sep or not name:
            continue
        flags = {attr.split("=", 1)[0].lower(): attr.split("=", 1)[1] if "=" in attr else "" for attr in attrs[1:]}
        if flags.get("max-age", "").strip() in ("0", "-1"):
            cookies.pop(name, None)
            continue
        cookies[name] = (value.strip('"'), "secure" in flags)

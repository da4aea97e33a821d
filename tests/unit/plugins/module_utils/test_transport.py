# -*- coding: utf-8 -*-
"""The standard-library transport (plugins/module_utils/transport.py) against real local sockets:
keep-alive, reconnect after an idle close, cookies, gzip, typed failures, TLS checks, proxies."""

from __future__ import annotations

import gzip
import http.server
import os
import select
import shutil
import socket
import ssl
import subprocess
import threading
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from ansible_collections.csops.cloudstack.plugins.module_utils.transport import (
    ConnectTimeout, ReadTimeout, Session, TLSError, TransportConnectionError)

PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY",
              "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")


@pytest.fixture(autouse=True)
def no_proxy_env(monkeypatch):
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _answer(self, body_in):
        server = self.server
        server.seen.append({"method": self.command, "path": self.path, "body": body_in, "headers": dict(self.headers),
                            "peer": self.client_address})
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        form = parse_qs(body_in.decode()) if body_in else {}
        args = {k: v[0] for k, v in list(query.items()) + list(form.items())}
        if args.get("sleep"):
            time.sleep(float(args["sleep"]))
        body = b'{"ok": true}'
        headers = [("Content-Type", "application/json; charset=UTF-8")]
        if args.get("gzip"):
            body = gzip.compress(body)
            headers.append(("Content-Encoding", "gzip"))
        for cookie in server.set_cookies:
            headers.append(("Set-Cookie", cookie))
        server.set_cookies = []
        if args.get("close") == "header":
            headers.append(("Connection", "close"))
        self.send_response(200)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        if args.get("close"):
            self.close_connection = True  # "silent": no header, the socket just closes afterwards

    def do_GET(self):
        self._answer(b"")

    def do_POST(self):
        self._answer(self.rfile.read(int(self.headers.get("Content-Length") or 0)))


def start(server):
    server.seen = []
    server.set_cookies = []
    # poll_interval 0.05: shutdown() waits that long at most (the default 0.5 s, at each test's end)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return server


@pytest.fixture
def plain():
    server = start(http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler))
    yield server
    server.shutdown()
    server.server_close()


def url(server, scheme="http", host="127.0.0.1"):
    return "%s://%s:%d/client/api" % (scheme, host, server.server_address[1])


def test_get_and_post_share_one_connection(plain):
    session = Session(url(plain), timeout=30)
    assert session.get({"command": "listZones", "name": "a b&c"}).json() == {"ok": True}
    answer = session.post({"command": "createZone", "name": "z 1", "dns1": "8.8.8.8"})
    assert answer.status_code == 200 and answer.headers.get("content-type").startswith("application/json")
    first, second = plain.seen
    assert first["method"] == "GET" and first["path"] == "/client/api?command=listZones&name=a+b%26c"
    assert second["method"] == "POST" and second["body"] == b"command=createZone&name=z+1&dns1=8.8.8.8"
    assert second["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert first["headers"]["Host"] == "127.0.0.1:%d" % plain.server_address[1]
    assert first["peer"] == second["peer"]
    assert session.connections == 1
    session.close()


@pytest.mark.parametrize("how", ["header", "silent"])
def test_reconnects_after_the_server_closed(plain, how):
    session = Session(url(plain), timeout=30)
    session.get({"command": "listZones", "close": how})
    # give a silent close time to reach our socket
    deadline = time.monotonic() + 30
    while how == "silent" and time.monotonic() < deadline:
        if select.select([session._conn.sock], [], [], 0.05)[0]:
            break
    assert session.post({"command": "createZone"}).json() == {"ok": True}
    assert session.connections == 2
    assert [seen["method"] for seen in plain.seen] == ["GET", "POST"]


def test_cookies_kept_sent_and_dropped(plain):
    session = Session(url(plain), timeout=30)
    plain.set_cookies = ["JSESSIONID=node01abc; Path=/client; HttpOnly", "sessionkey=SK1; Path=/client",
                         "tls_only=1; Path=/; Secure"]
    session.post({"command": "login"})
    session.get({"command": "listZones"})
    assert plain.seen[1]["headers"]["Cookie"] == "JSESSIONID=node01abc; sessionkey=SK1"
    plain.set_cookies = ["sessionkey=; Max-Age=0; Path=/client"]
    session.get({"command": "logout"})
    session.get({"command": "listZones"})
    assert plain.seen[3]["headers"]["Cookie"] == "JSESSIONID=node01abc"
    session.cookies.clear()
    session.get({"command": "listZones"})
    assert "Cookie" not in plain.seen[4]["headers"]


def test_gzip_answer_is_decoded(plain):
    session = Session(url(plain), timeout=30)
    assert session.get({"command": "listZones", "gzip": "1"}).text == '{"ok": true}'


def test_refused_connection_was_not_sent():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    session = Session("http://127.0.0.1:%d/client/api" % port, timeout=30)
    with pytest.raises(TransportConnectionError) as info:
        session.post({"command": "createZone"})
    assert info.value.not_sent is True
    assert "refused" in str(info.value).lower()


def test_read_timeout_is_not_safe(plain):
    session = Session(url(plain), timeout=0.3)
    with pytest.raises(ReadTimeout) as info:
        session.post({"command": "createZone", "sleep": "2"})
    assert info.value.not_sent is False
    assert not isinstance(info.value, ConnectTimeout)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    if not shutil.which("openssl"):
        pytest.skip("openssl CLI not found")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


@pytest.fixture
def tls_server(certificate):
    cert, key = certificate
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    start(server)
    yield server
    server.shutdown()
    server.server_close()


def test_tls_verification(tls_server, certificate, monkeypatch):
    with pytest.raises(TLSError) as info:
        Session(url(tls_server, "https"), timeout=30).get({"command": "listZones"})
    assert info.value.not_sent is True and "certificate" in str(info.value).lower()
    assert Session(url(tls_server, "https"), timeout=30, verify=str(certificate[0])).get({"command": "listZones"}).json()
    assert Session(url(tls_server, "https"), timeout=30, verify=False).get({"command": "listZones"}).json()
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(certificate[0]))
    assert Session(url(tls_server, "https"), timeout=30).get({"command": "listZones"}).json()
    assert not tls_server.seen or all(seen["path"].startswith("/client/api?") for seen in tls_server.seen)


class ProxyHandler(http.server.BaseHTTPRequestHandler):
    """A forward proxy: absolute-URI requests answered directly, CONNECT tunnels piped."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.seen.append((self.command, self.path, self.headers.get("Proxy-Authorization")))
        body = b'{"proxied": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_CONNECT(self):
        self.server.seen.append((self.command, self.path, self.headers.get("Proxy-Authorization")))
        host, port = self.path.rsplit(":", 1)
        upstream = socket.create_connection((host, int(port)), timeout=30)
        self.send_response(200, "Connection established")
        self.end_headers()
        sockets = [self.connection, upstream]
        while True:
            readable = select.select(sockets, [], [], 30)[0]
            if not readable:
                break
            for sock in readable:
                data = sock.recv(65536)
                if not data:
                    upstream.close()
                    self.close_connection = True
                    return
                (upstream if sock is self.connection else self.connection).sendall(data)


@pytest.fixture
def proxy():
    server = start(http.server.ThreadingHTTPServer(("127.0.0.1", 0), ProxyHandler))
    yield server
    server.shutdown()
    server.server_close()


def test_http_proxy_from_the_environment(proxy, plain, monkeypatch):
    monkeypatch.setenv("http_proxy", "http://user:p%%40ss@127.0.0.1:%d" % proxy.server_address[1])
    answer = Session("http://cloud.example.test:8080/client/api", timeout=30).get({"command": "listZones"})
    assert answer.json() == {"proxied": True}
    method, target, auth = proxy.seen[0]
    assert (method, target) == ("GET", "http://cloud.example.test:8080/client/api?command=listZones")
    assert auth == "Basic dXNlcjpwQHNz"  # user:p@ss
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    assert Session(url(plain), timeout=30).get({"command": "listZones"}).json() == {"ok": True}
    assert len(proxy.seen) == 1


def test_https_through_a_proxy_tunnel(proxy, tls_server, certificate, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:%d" % proxy.server_address[1])
    session = Session(url(tls_server, "https"), timeout=30, verify=str(certificate[0]))
    assert session.get({"command": "listZones"}).json() == {"ok": True}
    assert proxy.seen[0][:2] == ("CONNECT", "127.0.0.1:%d" % tls_server.server_address[1])
    assert tls_server.seen[0]["path"] == "/client/api?command=listZones"


def test_proxy_variables_not_read_without_them(monkeypatch):
    assert Session("http://127.0.0.1:1/client/api")._proxy is None
    assert os.environ.get("http_proxy") is None


def test_modules_do_not_import_requests():
    """Every task is a new process: the client must not pay for importing requests (benchmarks/overhead.py)."""
    import sys  # pylint: disable=import-outside-toplevel

    code = ("import sys; import ansible_collections.csops.cloudstack.plugins.module_utils.module; "
            "print(sorted(name for name in sys.modules if name == 'urllib.request' or name.split('.')[0] in ('requests', 'urllib3')))")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(path for path in sys.path if path))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_no_op_task_imports_no_more_than_it_needs():
    """What a no-op task of a plain http endpoint (the zone module's imports) must not import: each costs every
    task milliseconds of CPU (benchmarks/overhead.py). http.client (with email and ssl) is replaced by this
    transport, ssl comes with https endpoints only, configparser with an ini file only, the rare paths of the
    client, of the transport, of the connection options and of CloudStackModule/ResourceModule are in
    api_more.py, transport_more.py, connection_more.py and module_more.py (writes, waits, look-ups by name)."""
    import sys  # pylint: disable=import-outside-toplevel

    code = ("import sys; import ansible_collections.csops.cloudstack.plugins.module_utils.resources.zone; "
            "print(sorted(name for name in sys.modules if name in ('http.client', 'ssl', 'configparser', 'email.utils', "
            "'email.parser') or name.rsplit('.', 1)[-1] in ('api_more', 'module_more', 'transport_more', 'connection_more', "
            "'info')))")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(path for path in sys.path if path))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def raw_server(answers):
    """A server that reads one request head per answer and writes the given raw bytes back."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    seen = []

    def serve():
        for answer in answers:
            conn, _peer = listener.accept()
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    data += conn.recv(65536)
                seen.append(data)
                conn.sendall(answer)
        listener.close()

    threading.Thread(target=serve, daemon=True).start()
    return "http://127.0.0.1:%d/client/api" % listener.getsockname()[1], seen


@pytest.mark.parametrize("answer, kept", [
    # chunked (what Jetty sends for a large answer), with a chunk extension and a trailer field; HTTP/1.1 keeps
    # the connection
    (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
     b"5;ext=1\r\n{\"ok\"\r\n6\r\n: true\r\n1\r\n}\r\n0\r\nX-Trailer: 1\r\n\r\n", True),
    # HTTP/1.0 without a length: the body runs to the close
    (b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{\"ok\": true}", False),
    # an interim 100 Continue before the answer, a folded header line, Connection: close
    (b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json;\r\n charset=utf-8\r\n"
     b"Content-Length: 12\r\nConnection: close\r\n\r\n{\"ok\": true}", False),
])
def test_answer_framings(answer, kept):
    endpoint, seen = raw_server([answer])
    session = Session(endpoint, timeout=10)
    response = session.get({"command": "listZones"})
    assert response.status_code == 200 and response.json() == {"ok": True}
    assert seen[0].startswith(b"GET /client/api?command=listZones HTTP/1.1\r\n")
    assert (session._conn is not None) == kept  # HTTP/1.1 keeps the connection unless the server says close


@pytest.mark.parametrize("answer, words", [
    (b"", "without an answer"),
    (b"SSH-2.0-OpenSSH\r\n", "not an HTTP/1.x status line"),
    (b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{\"ok\"", "ended after 5 of its 50 bytes"),
])
def test_broken_answers_are_connection_errors(answer, words):
    endpoint, _seen = raw_server([answer])
    with pytest.raises(TransportConnectionError, match="closed before an answer came.*" + words):
        Session(endpoint, timeout=10).get({"command": "listZones"})

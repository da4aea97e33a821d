"""HTTP front end: the servlet (ApiServlet.processRequestInContext), the request checks of
ApiServer (verifyRequest, handleRequest), the dispatch chain (ParamUnpackWorker,
ParamProcessWorker, BaseListCmd) and the optional integration-port listener (ApiServer.handle).

start(port=0, ...) runs the emulator in-process and returns a Running object with
.endpoint, .control, .integration_endpoint and .stop().
"""
from __future__ import annotations

import hmac
import json
import os
import re
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from . import auth, control, generic
# Importing the handlers registers the commands.
from . import handlers  # noqa: F401  pylint: disable=unused-import
from .apispec import VERSIONS, spec
from .errors import CS_INVALID_PARAM, ApiError, param_error
from .handlers.common import UUID_MSG, AsyncResult, Context
from .handlers.roles import check_command
from .initial import populate
from .jobs import JobManager
from .registry import HANDLERS
from .store import Store

JSON_CT = "application/json; charset=UTF-8"
CRED_401 = "unable to verify user credentials and/or request signature"
ALWAYS_ALLOWED = {"command", "response", "apikey", "signature", "signatureversion", "expires", "sessionkey", "_"}
ASYNC_ALLOWED = {"customjobid", "starteventid"}
# ParamGenericValidationWorker.defaultParamNames (+ expires, signatureversion, projectid): names the
# real server never warns about even when the command does not declare them.
SERVER_DEFAULT_PARAMS = {
    "accountid", "ctxstarteventid", "command", "cmdeventtype", "username", "userid", "password", "domain",
    "domainid", "sessionkey", "response", "page", "userapikey", "apikey", "pagesize", "httpmethod", "signature",
    "ctxaccountid", "ctxuserid", "ctxdetails", "uuid", "id", "signatureversion", "expires", "scheduleid", "_",
    "projectid",
}
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # ApiServer.CONTROL_CHARACTERS (tab/CR/LF allowed)
_UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
DROP = object()


XML_CT = "text/xml; charset=UTF-8"


class Reply:
    def __init__(self, status, body, headers=None, cookies=None, content_type=JSON_CT):
        self.status = status
        self.body = body
        self.headers = headers or []
        self.cookies = cookies or []
        self.content_type = content_type


class Emulator:
    """All state of one emulator instance."""

    def __init__(self, api_key="emulator-api-key", secret_key="emulator-secret-key", username="admin",
                 password="password", job_delay=0.3, strict=False, session_timeout=1800, api_version=None):
        self.api_key, self.secret_key = api_key, secret_key
        self.username, self.password = username, password
        self.default_job_delay = job_delay
        self.spec = spec(api_version or os.environ.get("CSEMU_API_VERSION"))
        self.start_api_version = self.spec.version
        self.store = Store()
        self.jobs = JobManager(self.store, job_delay)
        self.set_api_version(self.spec.version)
        self.sessions = auth.SessionManager(session_timeout)
        self.log = control.RequestLog()
        self.unknown_params = control.UnknownParams()  # survives reset(); cleared only explicitly
        self.faults = control.Faults()
        self.strict = strict
        self.max_page_size = 500
        self.lock = threading.RLock()
        self._local = threading.local()  # per request: the authenticated caller (CallContext)
        self.reset()

    def set_api_version(self, version):
        """The API version presented (4.18 default, 4.20, 4.22): listing, parameters, listCapabilities."""
        self.spec = spec(version)
        self.jobs.resultcode_is_errorcode = VERSIONS[self.spec.version]["upto"] >= (4, 18, 1)

    def reset(self, job_delay=None, strict=None):
        self.jobs.cancel_all()
        self.store.reset()
        self.store.api_version = self.spec.version  # the reference data of that release (csemu/refdata.py)
        populate(self.store, self.api_key, self.secret_key, self.username, self.password)
        self.log.clear()
        self.faults.clear()
        self.sessions.invalidate_all()
        self.jobs.job_delay = self.default_job_delay if job_delay is None else float(job_delay)
        if strict is not None:
            self.strict = bool(strict)
        self.max_page_size = 500  # default.page.size, cached statically (BaseListCmd.s_maxPageSize)

    # -- responses -----------------------------------------------------------------------
    def error_reply(self, err, command=None):
        cmd = self.spec.get(command) if command else None
        if err.errorresponse or cmd is None:
            key = "errorresponse"
        else:
            key = cmd.response_key
        if command in ("login", "logout") and not err.errorresponse:
            key = command + "response"
        body = {"uuidList": [], "errorcode": err.code}
        if err.cserrorcode is not None:
            body["cserrorcode"] = err.cserrorcode
        body["errortext"] = err.text
        headers = [("X-Description", _header_safe(err.text))] if err.header else []
        return Reply(err.code, json.dumps({key: body}), headers)

    # -- the API pipeline ----------------------------------------------------------------
    def process(self, method, pairs, cookies, integration=False, agent=None):
        """pairs: decoded (name, value) list in request order. Returns Reply or DROP."""
        orig = {}
        for k, v in pairs:
            orig.setdefault(k, v)  # getParameterMap()[name][0]: the first value wins
        command = orig.get("command")
        auth_mode = _auth_mode(orig, cookies, integration)
        entry = self.log.start(method, command, orig, auth_mode, agent)
        fault = self.faults.take(command)
        reply = None
        if fault:
            if fault.get("delay"):
                time.sleep(float(fault["delay"]))
            if fault.get("drop") == "before":
                entry["status"] = None
                entry["dropped"] = "before"
                return DROP
            if fault.get("status"):
                reply = self.error_reply(ApiError(int(fault["status"]), fault.get("errortext") or "Emulated fault"),
                                         command)
        # ApiServlet: responseType defaults to xml, from the parameter named exactly "response";
        # ApiServer.handle (integration port) matches the name case-insensitively
        if integration:
            response_type = next((v for k, v in orig.items() if k.lower() == "response"), None) or "xml"
        else:
            response_type = orig.get("response") or "xml"
        self._local.caller = None
        if reply is None:
            try:
                if self.strict and response_type.lower() != "json":
                    raise param_error("Strict mode answers response=json only (the real server would answer XML)")
                if integration:
                    reply = self._integration(orig, fault, entry)
                else:
                    reply = self._servlet(method, orig, cookies, fault, entry)
            except ApiError as err:
                reply = self.error_reply(err, command)
        entry["status"] = reply.status
        if response_type.lower() != "json" and isinstance(reply.body, str) and reply.body.startswith("{"):
            reply = self._as_xml(reply, response_type, integration, command)
        if fault and fault.get("drop") == "after":
            entry["dropped"] = "after"
            return DROP
        return reply

    def _as_xml(self, reply, response_type, integration, command=None):
        """ApiResponseSerializer.toXMLSerializedString: the same tree as XML. The root element carries
        cloud-stack-version (expose.cloudstack.version.api.xml.response, default true) when the
        calling account is not SYSTEM (not on the integration port, not for a signature failure).
        HttpUtils.writeHttpResponse sets text/xml only for response=xml (any case)."""
        data = json.loads(reply.body)
        (root, inner), = data.items()
        caller = self._local.caller
        authenticated = caller is not None and not integration and caller.get("username") != "system"
        attr = f' cloud-stack-version="{self.spec.cloudstack_version}"' if authenticated else ""
        cmd = self.spec.get(command) if command else None
        maps = {n for n, t in cmd.field_types.items() if t == "map"} if cmd else set()
        body = '<?xml version="1.0" encoding="UTF-8"?>' + f"<{root}{attr}>" + _xml_fields(inner, maps) + f"</{root}>"
        content_type = XML_CT if response_type.lower() == "xml" else None
        return Reply(reply.status, body, reply.headers, reply.cookies, content_type)

    def _integration(self, orig, fault, entry=None):
        """ApiServer.handle: no auth, SYSTEM account, the 'response' param is not passed on."""
        params = {k: v for k, v in orig.items() if k.lower() != "response"}
        system = self.store.first("users", username="system")
        return self._handle_request(params, system, fault, entry)

    def _servlet(self, method, orig, cookies, fault, entry=None):
        command = orig.get("command")
        session = self.sessions.get(cookies.get("JSESSIONID"))
        if command is not None and command in ("login", "logout"):
            return self._authenticator(method, command, orig, session)
        if session is not None:
            if not auth.validate_session_key(session, cookies, orig):
                self.sessions.invalidate(session)
                raise ApiError(401, "unable to verify user credentials", cserrorcode=None, header=False)
            if command is None:
                raise ApiError(400, "no command specified", cserrorcode=None, header=False)
            caller = session.user
        else:
            caller = self._verify_signature(orig)
            if caller is None:
                raise ApiError(401, CRED_401, cserrorcode=None, header=False)
        check_command(self, caller, command)  # ApiServer.commandAvailable (DynamicRoleBasedAPIAccessChecker)
        return self._handle_request(orig, caller, fault, entry)

    def _verify_signature(self, orig):
        """ApiServer.verifyRequest for a request without a session. Returns the user or None."""
        command = orig.get("command")
        if command is None:
            return None
        if not self.spec.exists_in_release(command):
            return None  # unknown command name: rejected before the signature check
        signature = api_key = version = expires = None
        rest = []
        for name, value in orig.items():
            if name.lower() == "signature":
                signature = value
                continue
            if name.lower() == "apikey":
                api_key = value
            elif name.lower() == "signatureversion":
                version = value
            elif name.lower() == "expires":
                expires = value
            rest.append((name, value))
        if signature is None or api_key is None:
            return None
        if version == "3":
            if expires is None:
                return None
            try:
                ts = auth.parse_tz_date(expires)
            except ValueError:
                return None
            if ts < datetime.now(timezone.utc):
                return None
        user = self.store.first("users", apikey=api_key)
        if user is None or user.get("state") != "enabled" or not user.get("_secretkey"):
            return None
        account = self.store.get("accounts", user.get("accountid"))
        if account is None or account.get("state") != "enabled":
            return None
        computed = auth.compute_signature(rest, user["_secretkey"])
        if not hmac.compare_digest(computed.encode(), signature.encode()):
            return None
        return user

    def _authenticator(self, method, command, orig, session):
        if command == "login":
            return self._login(method, orig, session)
        return self._logout(orig, session)

    def _login(self, method, orig, session):
        """DefaultLoginAPIAuthenticatorCmd.authenticate + ApiServer.loginUser."""
        if session is not None:
            self.sessions.invalidate(session)
        if method != "POST":
            # ServerApiException(METHOD_NOT_ALLOWED, text): the servlet writes e.getMessage() as the body
            return Reply(405, "Please use HTTP POST to authenticate using this API")
        username = orig.get("username")
        password = orig.get("password")
        domain_path = orig.get("domain")
        domain_id = orig.get("domainId") or orig.get("domainid")
        if domain_path is not None:
            if not domain_path.endswith("/"):
                domain_path += "/"
            if not domain_path.startswith("/"):
                domain_path = "/" + domain_path
        if username is None:
            raise ApiError(531, "null", cserrorcode=None, header=False)
        domain = None
        if domain_id is not None:
            domain = self.store.get("domains", domain_id) or next(
                (d for d in self.store.all("domains") if str(d["_id"]) == domain_id), None)
            if domain is None and not domain_id.isdigit():
                raise ApiError(401, "Invalid domain id entered, please enter a valid one", cserrorcode=None, header=False)
        else:
            path = domain_path or "/"
            for d in self.store.all("domains"):
                dpath = "/" if d["path"] == "ROOT" else "/" + d["path"].split("/", 1)[-1].strip("/") + "/"
                if dpath == path:
                    domain = d
        if domain is None:
            raise ApiError(531, f"Unable to find the domain from the path {domain_path}", cserrorcode=None, header=False)
        user = self.store.first("users", username=username, domainid=domain["id"])
        if user is None or user.get("_password") is None or user["_password"] != password or user.get("state") != "enabled":
            raise ApiError(531, f"Failed to authenticate user {username} in domain {domain['_id']}; please provide "
                                f"valid credentials", cserrorcode=None, header=False)
        new = self.sessions.create(user)
        account = self.store.get("accounts", user["accountid"])
        body = {"loginresponse": {
            "username": user["username"], "userid": user["id"], "domainid": domain["id"],
            "timeout": int(self.sessions.timeout), "account": account["name"],
            "firstname": user.get("firstname"), "lastname": user.get("lastname"),
            "type": str(account.get("accounttype", 1)), "registered": "false", "sessionkey": new.sessionkey,
            "is2faenabled": "false", "is2faverified": "true", "issuerfor2fa": "CloudStack",
        }}
        cookies = [f"JSESSIONID={new.id}; Path=/client; HttpOnly", f"sessionkey={new.sessionkey};HttpOnly;SameSite=Lax"]
        return Reply(200, json.dumps(body), cookies=cookies)

    def _logout(self, orig, session):
        if session is None:
            raise ApiError(431, "Session not found for the logout process.")
        self.sessions.invalidate(session)
        cookies = ["JSESSIONID=; Path=/client; Max-Age=0", "sessionkey=; Max-Age=0"]
        return Reply(200, json.dumps({"logoutresponse": {"description": "success"}}), cookies=cookies)

    # -- ApiServer.handleRequest + dispatch chain -------------------------------------------
    def _handle_request(self, orig, caller, fault, entry=None):
        self._local.caller = caller
        for key, value in orig.items():
            if value and _CONTROL_CHARS.search(value):
                raise param_error(f"Received value containing illegal ASCII non-printable characters for parameter {key}")
        command = orig.get("command")
        if command is None:
            raise ApiError(432, "Invalid request, no command sent")
        if command in ("login", "logout"):
            return Reply(200, "")
        cmd = self.spec.get(command)
        if cmd is None:
            raise ApiError(432, f"Unknown API command: {command}")
        # a hand-written handler where CloudStack has rules, else the generic spec-driven one
        handler = HANDLERS.get(command) or generic.handle
        params = unpack_params(orig)
        self._validate(cmd, params, entry)
        ctx = Context(self, cmd, params, caller, fault)
        with self.store.lock:
            try:
                result = handler(ctx)
            except (ValueError, KeyError, TypeError) as exc:  # an emulator bug or a bad value: answer, do not hang
                raise ApiError(530, f"emulator error in {command}: {exc!r}")
        if isinstance(result, AsyncResult):
            job = self.jobs.submit(cmd, caller, result.work, result.instance_type, result.instance_id, fault,
                                   job_id=params.get("customjobid"))
            inner = {"jobid": job["id"]}
            if result.create_id is not None:
                inner["id"] = result.create_id
            result = inner
        return Reply(200, json.dumps({cmd.response_key: result}))

    def _validate(self, cmd, params, entry=None):
        name = cmd.name.lower()
        # The real server ignores parameters the command does not declare: ParamProcessWorker only
        # reads the command's @Parameter fields, ParamGenericValidationWorker only logs a warning.
        # The emulator records each one (control endpoint /_emulator/unknown_params); strict mode
        # (opt-in) refuses them instead.
        allowed = set(cmd.params) | ALWAYS_ALLOWED | (ASYNC_ALLOWED if cmd.isasync else set())
        unknown = [key for key in params if key not in allowed]
        if unknown:
            self.unknown_params.add(cmd.name, unknown, entry, SERVER_DEFAULT_PARAMS)
        if unknown and self.strict:
            raise param_error(f"Unable to execute API command {name} due to unknown parameter {unknown[0]} "
                              f"(emulator strict mode; the real server ignores unknown parameters)")
        # ParamProcessWorker.processParameters, field by field
        for pname, p in cmd.params.items():
            value = params.get(pname)
            if value is None:
                if p.get("required"):
                    raise param_error(f"Unable to execute API command {name} due to missing parameter {pname}")
                continue
            if p.get("required") and isinstance(value, str) and value == "":
                raise ApiError(431, f"Invalid value provided for API arg: {pname}", CS_INVALID_PARAM)
            self._check_type(name, pname, p, value)
        if "pagesize" in cmd.params:
            self._check_paging(name, params)

    def _check_type(self, name, pname, p, value):
        ptype = p.get("type")
        bad = param_error(f"Unable to execute API command {name} due to invalid value {value} for parameter {pname}")
        if ptype in ("integer", "long", "short"):
            if ptype == "integer" and str(value).strip() == "":
                return
            try:
                int(str(value))
            except ValueError:
                raise bad from None
        elif ptype == "boolean":
            if self.strict and str(value).lower() not in ("true", "false"):
                raise bad  # emulator guard: Boolean.valueOf would read anything else as false
        elif ptype == "uuid":
            if value == "-1":
                return
            if not (_UUID_RE.match(str(value)) and self.store.find_uuid(str(value))):
                raise param_error(UUID_MSG.format(cmd=name, name=pname, value=value))
        elif ptype == "date":
            try:
                auth.parse_tz_date(value)
            except ValueError:
                if not re.match(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$", str(value)):
                    raise param_error(f"Unable to parse date {value} for command {name}, please pass dates in the "
                                      f"format mentioned in the api documentation") from None
        elif ptype == "string" and isinstance(value, str):
            length = p.get("length") or 255
            if len(value) > length:
                raise ApiError(431, f"Unable to execute API command {name} due to invalid value. Value greater than "
                                    f"max allowed length {length} for param: {pname}", CS_INVALID_PARAM)

    def _check_paging(self, name, params):
        """BaseListCmd.validateSpecificParameters / getPageSize."""
        pagesize = params.get("pagesize")
        page = params.get("page")
        size = int(pagesize) if pagesize not in (None, "") else None
        if page is None and size is not None and size != -1:
            raise param_error('"page" parameter is required when "pagesize" is specified')
        if size is None and page is not None:
            raise param_error('"pagesize" parameter is required when "page" is specified')
        if size is not None and size > self.max_page_size:
            raise ApiError(431, f"Unable to execute API command {name} due to invalid value. Page size can't exceed "
                                f"max allowed page size value: {self.max_page_size}", CS_INVALID_PARAM)
        if size == -1 and page is not None:
            raise ApiError(431, f"Unable to execute API command {name} due to invalid value. Can't specify page "
                                f"parameter when pagesize is -1 (Unlimited)", CS_INVALID_PARAM)


def unpack_params(orig):
    """ParamUnpackWorker: lowercase names, name[i].field=v -> {name: {i: {field: v}}}, 430 when malformed."""
    out = {}
    for key, value in orig.items():
        if key == "command":
            continue
        start, last = key.find("["), key.rfind("[")
        if start != last:
            raise _malformed(key)
        if start > 0:
            end, lastend = key.find("]"), key.rfind("]")
            if end < start or end != lastend:
                raise _malformed(key)
            dot = key.find(".")
            if dot < end:
                raise _malformed(key)
            field = key[dot + 1:]
            pname = key[:start].lower()
            try:
                index = int(key[start + 1:end])
            except ValueError:
                raise _malformed(key) from None
            current = out.get(pname)
            if not isinstance(current, dict):
                current = {}
                out[pname] = current
            current.setdefault(index, {})[field] = value
        else:
            out[key.lower()] = value
    return out


def _malformed(key):
    return ApiError(430, f"Unable to decode parameter {key}; if specifying an object array, please use "
                         f"parameter[index].field=XXX, e.g. userGroupList[0].group=httpGroup")


def _auth_mode(orig, cookies, integration):
    if integration:
        return "integration"
    lower = {k.lower() for k in orig}
    if "signature" in lower:
        return "apikey"
    if "JSESSIONID" in cookies or "sessionkey" in lower:
        return "session"
    return "none"


def _xml_escape(text):
    """ApiResponseSerializer.escapeSpecialXmlChars."""
    return (str(text).replace("&", "&amp;").replace('"', "&quot;").replace("'", "&apos;")
            .replace("<", "&lt;").replace(">", "&gt;"))


def _xml_fields(obj, maps=frozenset()):
    """serializeResponseObjFieldsXML over the JSON tree: a nested object or each object of a
    list becomes an element named by its key; scalars become <field>value</field>; null fields
    and empty lists (an error's uuidList) produce nothing; a field the listing types `map` is a
    Java Map, written with its toString() ({k=v, k2=v2})."""
    out = []
    for key, value in obj.items():
        if value is None:
            continue
        if key in maps and isinstance(value, dict):
            text = "{" + ", ".join(f"{k}={v}" for k, v in value.items()) + "}"
            out.append(f"<{key}>{_xml_escape(text)}</{key}>")
            continue
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):
                out.append(f"<{key}>{_xml_fields(item, maps)}</{key}>")
            elif isinstance(item, bool):
                out.append(f"<{key}>{'true' if item else 'false'}</{key}>")
            elif item is not None:
                out.append(f"<{key}>{_xml_escape(item)}</{key}>")
    return "".join(out)


def _header_safe(text):
    return str(text).replace("\r", " ").replace("\n", " ").encode("latin-1", "replace").decode("latin-1")


# ------------------------------------------------------------------------------------------
# HTTP plumbing
# ------------------------------------------------------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "csemu/1.0"
    integration = False
    # TCP_NODELAY on each accepted connection: the head of an answer and its body are two writes, and with
    # Nagle's algorithm the body waited for the client's delayed ACK of the head (40 ms on Linux) on every
    # request of a kept-alive connection after its first. A real management server (Jetty) buffers an
    # answer and sends it whole; this keeps the emulator's timing close to that.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):  # keep test output quiet
        pass

    def _cookies(self):
        jar = {}
        raw = self.headers.get("Cookie")
        if raw:
            for part in raw.split(";"):
                if "=" in part:
                    k, v = part.strip().split("=", 1)
                    jar.setdefault(k.strip(), v.strip().strip('"'))
        return jar

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, status, body, content_type=JSON_CT, headers=(), cookies=()):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        for c in cookies:
            self.send_header("Set-Cookie", c)
        self.end_headers()
        self.wfile.write(data)

    def _dispatch(self, method):
        emu = self.server.emu
        parts = urlsplit(self.path)
        body = self._body()
        if not self.integration and parts.path.startswith("/_emulator"):
            status, payload = control.handle(emu, method, parts.path, parts.query, body)
            self._send(status, json.dumps(payload))
            return
        if not self.integration and parts.path.rstrip("/") not in ("/client/api", "/client"):
            self._send(404, json.dumps({"error": f"not found: {parts.path}"}))
            return
        pairs = parse_qsl(parts.query, keep_blank_values=True, encoding="utf-8", errors="replace")
        ctype = (self.headers.get("Content-Type") or "").lower()
        if not self.integration and method == "POST" and ctype.startswith("application/x-www-form-urlencoded"):
            pairs += parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        reply = emu.process(method, pairs, self._cookies(), integration=self.integration,
                            agent=self.headers.get("User-Agent"))
        if reply is DROP:
            self.close_connection = True
            try:
                self.connection.shutdown(2)
            except OSError:
                pass
            return
        self._send(reply.status, reply.body, content_type=reply.content_type, headers=reply.headers,
                   cookies=reply.cookies)

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def do_DELETE(self):
        self._dispatch("DELETE")


class _IntegrationHandler(_Handler):
    integration = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # listen() backlog: socketserver's default of 5 dropped the connections of twenty clients opening at
    # once (Ansible's forks, test_concurrency.py), each then waiting a second for the SYN retransmission;
    # a real management server's Jetty queues far more (it takes the OS default)
    request_queue_size = 128


class Running:
    def __init__(self, emu, httpd, ihttpd, threads):
        self.emu = emu
        self._httpd, self._ihttpd, self._threads = httpd, ihttpd, threads
        host, port = httpd.server_address[:2]
        self.port = port
        self.endpoint = f"http://{host}:{port}/client/api"
        self.control = f"http://{host}:{port}/_emulator"
        self.integration_endpoint = None
        if ihttpd is not None:
            ih, ip = ihttpd.server_address[:2]
            self.integration_port = ip
            self.integration_endpoint = f"http://{ih}:{ip}/client/api"

    @property
    def api_key(self):
        return self.emu.api_key

    @property
    def secret_key(self):
        return self.emu.secret_key

    def stop(self):
        self.emu.jobs.cancel_all()
        for s in (self._httpd, self._ihttpd):
            if s is not None:
                s.shutdown()
                s.server_close()


def start(port=0, host="127.0.0.1", integration_port=-1, **options):
    """Start an emulator in background threads. integration_port: -1 none, 0 free port, N."""
    emu = Emulator(**options)
    httpd = _Server((host, port), _Handler)
    httpd.emu = emu
    # poll_interval: stop() (socketserver's shutdown) waits up to this long for the loop to notice; the
    # default 0.5 s made every in-process emulator of the unit tests take half a second to stop
    threads = [threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)]
    ihttpd = None
    if integration_port is not None and int(integration_port) >= 0:
        ihttpd = _Server((host, int(integration_port)), _IntegrationHandler)
        ihttpd.emu = emu
        threads.append(threading.Thread(target=ihttpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True))
    for t in threads:
        t.start()
    return Running(emu, httpd, ihttpd, threads)

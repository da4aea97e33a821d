"""Request signing (ApiServer.verifyRequest), expiry dates (DateUtil.parseTZDateString) and
login sessions (servlet HttpSession + HttpUtils.validateSessionKey)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import threading
import time
from datetime import datetime, timedelta, timezone

_JAVA_SAFE = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-*_")


def java_urlencode(value: str) -> str:
    """java.net.URLEncoder.encode(value, "UTF-8") followed by replaceAll("\\+", "%20").

    URLEncoder leaves a-zA-Z0-9 . - * _ alone, turns space into '+', and %XX-encodes every
    other UTF-8 byte; the server then replaces '+' by %20 (ApiServer.verifyRequest).
    """
    out = []
    for b in value.encode("utf-8"):
        if b in _JAVA_SAFE:
            out.append(chr(b))
        elif b == 0x20:
            out.append("%20")
        else:
            out.append("%%%02X" % b)
    return "".join(out)


def string_to_sign(params: list) -> str:
    """params: (original name, value) pairs, signature excluded. Names sorted case-sensitively
    (Java Collections.sort on String = UTF-16 code-unit order), name=encoded value joined
    by '&', whole string lowercased."""
    pairs = sorted(params, key=lambda kv: kv[0].encode("utf-16-be"))
    return "&".join(f"{k}={java_urlencode(v)}" for k, v in pairs).lower()


def compute_signature(params: list, secret: str) -> str:
    mac = hmac.new(secret.encode("utf-8"), string_to_sign(params).encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode("ascii")


# DateUtil.parseTZDateString formats: ISO_OFFSET_DATE_TIME, yyyy-MM-dd'T'HH:mm:ssZ,
# ISO_INSTANT, and the micro-second variants.
_DATE_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?"
    r"(Z|[+-]\d{2}:\d{2}(?::\d{2})?|[+-]\d{4}|[+-]\d{2}|'Z'[+-]\d{4}|Z[+-]\d{4})$")


def parse_tz_date(text: str) -> datetime:
    m = _DATE_RE.match(text or "")
    if not m:
        raise ValueError(f'Unparseable date: "{text}"')
    y, mo, d, h, mi, s, frac, off = m.groups()
    micro = int((frac or "0")[:6].ljust(6, "0"))
    if off.startswith(("'Z'", "Z")) and len(off) > 1:
        off = off.lstrip("'Z")
    if off == "Z":
        tz = timezone.utc
    else:
        sign = -1 if off[0] == "-" else 1
        digits = off[1:].replace(":", "")
        hh = int(digits[:2])
        mm = int(digits[2:4] or 0)
        tz = timezone(sign * timedelta(hours=hh, minutes=mm))
    return datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0), micro, tzinfo=tz)


class Session:
    def __init__(self, user, timeout):
        self.id = secrets.token_hex(16).upper()
        self.sessionkey = base64.urlsafe_b64encode(secrets.token_bytes(20)).decode().rstrip("=")
        self.user = user
        self.timeout = timeout
        self.last_access = time.time()
        self.created = self.last_access


class SessionManager:
    """HttpSession emulation: a session expires after `timeout` seconds of inactivity."""

    def __init__(self, timeout=1800):
        self.timeout = timeout
        self._sessions = {}
        self._lock = threading.Lock()

    def create(self, user):
        s = Session(user, self.timeout)
        with self._lock:
            self._sessions[s.id] = s
        return s

    def get(self, session_id):
        """req.getSession(false): the live session for a JSESSIONID cookie, else None."""
        if not session_id:
            return None
        with self._lock:
            s = self._sessions.get(session_id.split(".")[0])
            if s is None:
                return None
            now = time.time()
            if now - s.last_access > self.timeout:
                del self._sessions[s.id]
                return None
            s.last_access = now
            return s

    def invalidate(self, session):
        if session is None:
            return
        with self._lock:
            self._sessions.pop(session.id, None)

    def invalidate_all(self):
        with self._lock:
            n = len(self._sessions)
            self._sessions.clear()
            return n

    def invalidate_user(self, user_id):
        with self._lock:
            for sid in [k for k, s in self._sessions.items() if s.user.get("id") == user_id]:
                del self._sessions[sid]


def validate_session_key(session, cookies: dict, params: dict, mode="CookieAndParameter") -> bool:
    """HttpUtils.validateSessionKey. params: original-name map (the servlet looks up 'sessionkey')."""
    if session is None:
        return False
    jsid = cookies.get("JSESSIONID")
    if jsid is not None and not (jsid == session.id or jsid.startswith(session.id + ".")):
        return False
    key = session.sessionkey
    from_cookie = cookies.get("sessionkey")
    from_param = params.get("sessionkey")
    cookie_ok = from_cookie is not None and hmac.compare_digest(key, from_cookie)
    param_ok = from_param is not None and hmac.compare_digest(key, from_param)
    if mode == "CookieOrParameter":
        return ((from_cookie is not None or from_param is not None)
                and (from_cookie is None or cookie_ok) and (from_param is None or param_ok))
    if mode == "ParameterOnly":
        return from_param is not None and param_ok and (from_cookie is None or cookie_ok)
    return from_cookie is not None and cookie_ok and from_param is not None and param_ok

# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """Connection options of every module; they match module_utils/connection.py."""

    DOCUMENTATION = r"""
options:
  api_url:
    description:
      - URL of the CloudStack API, for example C(https://cloud.example.com/client/api)
        or C(http://mgmt.example.com:8080/client/api).
      - Falls back to the environment variable E(CLOUDSTACK_ENDPOINT), then to C(endpoint)
        in the C(cloudstack.ini) section named by O(api_region).
    type: str
    aliases: [ api_endpoint ]
  api_key:
    description:
      - API key of the CloudStack user. Falls back to E(CLOUDSTACK_KEY), then C(key) in cloudstack.ini.
    type: str
  api_secret:
    description:
      - Secret key of the CloudStack user, used to sign every request (HMAC-SHA1, signature version 3).
      - Falls back to E(CLOUDSTACK_SECRET), then C(secret) in cloudstack.ini. Never logged.
    type: str
  api_username:
    description:
      - User name for session login, used when no API key is set or O(api_auth_mode=login).
      - Falls back to E(CLOUDSTACK_USERNAME), then C(username) in cloudstack.ini.
    type: str
  api_password:
    description:
      - Password for session login. Falls back to E(CLOUDSTACK_PASSWORD), then C(password) in cloudstack.ini. Never logged.
    type: str
  api_domain:
    description:
      - Domain path of the login user, for example C(/) or C(/customers/acme). The ROOT domain when not set.
      - Falls back to E(CLOUDSTACK_DOMAIN), then C(domain) in cloudstack.ini.
    type: str
  api_auth_mode:
    description:
      - How to authenticate. V(auto) signs requests when O(api_key) and O(api_secret) are set, else logs in
        with O(api_username) and O(api_password).
      - V(integration) talks to the unauthenticated integration API port (C(integration.api.port), often 8096)
        and must be chosen explicitly; never expose that port.
      - Falls back to E(CLOUDSTACK_AUTH_MODE); V(auto) when not set.
    type: str
    choices: [ auto, keys, login, integration ]
  api_http_method:
    description:
      - HTTP method. V(auto) reads with GET and writes with POST; V(get) or V(post) force one method.
      - Falls back to E(CLOUDSTACK_METHOD), then C(method) in cloudstack.ini; V(auto) when not set.
    type: str
    choices: [ auto, get, post ]
  api_timeout:
    description:
      - Seconds to wait for one HTTP answer. Falls back to E(CLOUDSTACK_TIMEOUT), then C(timeout) in cloudstack.ini; 10 when not set.
    type: int
  api_verify_ssl_cert:
    description:
      - Path to a CA bundle used to verify the server's TLS certificate.
      - Falls back to E(CLOUDSTACK_VERIFY), then C(verify) in cloudstack.ini.
    type: str
  validate_certs:
    description:
      - Verify the server's TLS certificate. On unless set to V(false) (or E(CLOUDSTACK_VALIDATE_CERTS=false),
        or C(dangerous_no_tls_verify = true) in cloudstack.ini).
    type: bool
  api_retries:
    description:
      - How often a read (list, query, get and find commands) is retried after a connection error,
        HTTP 429, 503 or another 5xx answer. A write is retried only when the server said it did not act
        (HTTP 429 or 503) or the connection was never made. A create (C(create*), C(add*), C(register*),
        C(deploy*), C(import*), C(upload*), C(copy*)) is not retried on 503, which a proxy may send after the server
        acted; the modules look for the object first and create it again only when it is not there.
      - Falls back to E(CLOUDSTACK_RETRIES); 4 when not set.
    type: int
  api_retry_backoff:
    description:
      - Seconds before the first retry; each further retry waits twice as long. Falls back to
        E(CLOUDSTACK_RETRY_BACKOFF); 0.5 when not set.
    type: float
  api_job_timeout:
    description:
      - Seconds to wait for an asynchronous job to end. Falls back to E(CLOUDSTACK_JOB_TIMEOUT); 300 when not set.
      - Modules with a C(wait_timeout) option use that instead for their own waits (jobs included).
    type: int
  api_page_size:
    description:
      - Items per page when a module walks a list command (C(pagesize)). Falls back to E(CLOUDSTACK_PAGE_SIZE); 500
        (CloudStack's default C(default.page.size)) when not set.
      - A server whose C(default.page.size) is lower refuses a larger page and names its limit; the module then walks
        the list again with that limit, one extra call per task. Set it to the server's value to save that call.
    type: int
  api_region:
    description:
      - Section of the cloudstack.ini file to read. Falls back to E(CLOUDSTACK_REGION); C(cloudstack) when not set.
    type: str
  api_config:
    description:
      - Path of a cloudstack.ini file (the format of the C(cs) library). Falls back to E(CLOUDSTACK_CONFIG);
        when not set, C(~/.cloudstack.ini) and C(./cloudstack.ini) are read if they exist.
    type: path
requirements:
  - requests
notes:
  - Options take precedence over environment variables, which take precedence over cloudstack.ini.
  - Modules of this collection belong to the action group C(csops.cloudstack.cloudstack), so the connection
    can be set once with C(module_defaults) and C(group/csops.cloudstack.cloudstack).
  - Modules usually run on the controller (C(delegate_to) V(localhost) or a play on V(localhost)).
"""

    # Connection options of the inventory plugin: the same names, with env and ini sources.
    PLUGINS = r"""
options:
  api_url:
    description: URL of the CloudStack API, for example C(https://cloud.example.com/client/api).
    type: str
    aliases: [ api_endpoint ]
    env:
      - name: CLOUDSTACK_ENDPOINT
  api_key:
    description: API key.
    type: str
    env:
      - name: CLOUDSTACK_KEY
  api_secret:
    description: Secret key, used to sign requests. Never logged.
    type: str
    env:
      - name: CLOUDSTACK_SECRET
  api_username:
    description: User name for session login (instead of keys).
    type: str
    env:
      - name: CLOUDSTACK_USERNAME
  api_password:
    description: Password for session login.
    type: str
    env:
      - name: CLOUDSTACK_PASSWORD
  api_domain:
    description: Domain path of the login user.
    type: str
    env:
      - name: CLOUDSTACK_DOMAIN
  api_auth_mode:
    description: V(auto), V(keys), V(login) or V(integration) (the unauthenticated integration port; explicit only).
    type: str
    choices: [ auto, keys, login, integration ]
    env:
      - name: CLOUDSTACK_AUTH_MODE
  api_http_method:
    description: V(auto) (GET for reads), V(get) or V(post).
    type: str
    choices: [ auto, get, post ]
    env:
      - name: CLOUDSTACK_METHOD
  api_timeout:
    description: Seconds to wait for one HTTP answer (10 when not set).
    type: int
    env:
      - name: CLOUDSTACK_TIMEOUT
  api_verify_ssl_cert:
    description: CA bundle used to verify the server's TLS certificate.
    type: str
    env:
      - name: CLOUDSTACK_VERIFY
  validate_certs:
    description: Verify the server's TLS certificate (on unless V(false)).
    type: bool
    env:
      - name: CLOUDSTACK_VALIDATE_CERTS
  api_retries:
    description: Retries of reads after connection errors, 429, 503 and other 5xx answers (4 when not set).
    type: int
    env:
      - name: CLOUDSTACK_RETRIES
  api_page_size:
    description:
      - Items per page of the list walks (500 when not set); lowered to the server's C(default.page.size) when the
        server refuses a larger page.
    type: int
    env:
      - name: CLOUDSTACK_PAGE_SIZE
  api_region:
    description: Section of the cloudstack.ini file (C(cloudstack) when not set).
    type: str
    env:
      - name: CLOUDSTACK_REGION
  api_config:
    description: Path of a cloudstack.ini file.
    type: path
    env:
      - name: CLOUDSTACK_CONFIG
requirements:
  - requests
"""

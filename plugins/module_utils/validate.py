# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Input checks that run before any write reaches the API: ranges and global settings. No Ansible import.

The checks of single addresses and CIDRs are in addresses.py (here before 0.3.0): a module that needs
only those imports addresses.py, and ships and compiles less (docs/performance.md).
"""

from __future__ import annotations

import ipaddress
import math

from .addresses import ipv4, netmask
from .api import CloudStackError


def ip_range(gateway, mask, start, end, label="", gateway_option="gateway", mask_option="netmask",
             start_option="start_ip", end_option="end_ip", gateway_outside=True):
    """Check a gateway/netmask/start/end range: valid, ordered, all in one network.

    Any of the four may be None (then its checks are skipped).
    """
    where = " (%s)" % label if label else ""
    start_ip = ipv4(start_option, start) if start is not None else None
    end_ip = ipv4(end_option, end) if end is not None else None
    gw = ipv4(gateway_option, gateway) if gateway is not None else None
    prefix = netmask(mask_option, mask) if mask is not None else None
    if start_ip is not None and end_ip is not None and start_ip > end_ip:
        raise CloudStackError("%s %s is after %s %s%s." % (start_option, start_ip, end_option, end_ip, where))
    if gateway_outside and gw is not None and start_ip is not None and start_ip <= gw <= (end_ip or start_ip):
        # ConfigurationManagerImpl.checkPodAttributes / createVlanIpRange: the gateway is not in the range
        raise CloudStackError("%s %s is inside the range %s-%s%s: the gateway cannot be one of its addresses." % (
            gateway_option, gw, start_ip, end_ip or start_ip, where))
    if gw is not None and prefix is not None:
        network = ipaddress.IPv4Network("%s/%d" % (gw, prefix), strict=False)
        for option, addr in ((start_option, start_ip), (end_option, end_ip)):
            if addr is not None and addr not in network:
                raise CloudStackError("%s %s is outside the network %s of %s %s%s." % (
                    option, addr, network, gateway_option, gw, where))


def setting_value(name, kind, options, value):
    """A value for a global setting of listConfigurations type kind (Boolean, Number, Decimal, Select, ...):
    the checks of ConfigurationManagerImpl.validateConfigurationValue / validateValueType that can be made
    without the server."""
    text = str(value).strip()
    where = "value %r for setting %s" % (value, name)
    if kind == "Boolean" and text.lower() not in ("true", "false"):
        raise CloudStackError("%s is not a Boolean (true or false)." % where)
    if kind == "Number":
        try:
            int(text)
        except ValueError:
            raise CloudStackError("%s is not a Number (an integer)." % where) from None
    if kind == "Decimal":
        try:
            number = float(text)
        except ValueError:
            raise CloudStackError("%s is not a Decimal (a number)." % where) from None
        if not math.isfinite(number):
            raise CloudStackError("%s is not a Decimal (a number)." % where)
    if kind == "Select" and options:
        allowed = [o.strip() for o in str(options).split(",")]
        if text not in allowed:
            raise CloudStackError("%s is not one of %s." % (where, ", ".join(allowed)))

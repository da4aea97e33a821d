# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """The options the _info modules share (InfoModule in module_utils/module.py).

    DOCUMENTATION: name and id of the objects to list.
    ZONE: the zone they are in.
    OWNER: the domain and account that own them.
    """

    DOCUMENTATION = r"""
options:
  name:
    description:
      - Name of the object to list. Matched exactly (case-sensitive), after CloudStack's own filter on the server.
    type: str
  id:
    description:
      - UUID of the object to list.
    type: str
"""

    ZONE = r"""
options:
  zone:
    description:
      - Name or id of the zone. A name is looked up first (one more API call); an id is passed as it is.
    type: str
"""

    OWNER = r"""
options:
  domain:
    description:
      - Domain of the owner, as a path such as C(ROOT/customers) or an id.
    type: str
  account:
    description:
      - Account name of the owner (with O(domain)).
    type: str
"""

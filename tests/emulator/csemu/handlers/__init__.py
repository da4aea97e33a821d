"""Command handlers, one module per resource. Importing this package registers them."""
from . import misc, zones, physnet, pods, clusters, hosts, storage, imagestores, configs, systemvms, isovm, templates  # noqa: F401
from . import accounts, roles, limits  # noqa: F401,E402
from . import networks, routers, vms, sshkeys  # noqa: F401,E402  (guest side: docs/emulator-guest.md)
from . import offerings  # noqa: F401,E402  (docs/emulator-offerings.md)
from . import certificates  # noqa: F401,E402  (docs/emulator-certificates.md)
from . import reference  # noqa: F401  (after isovm and misc: replaces their OS type placeholders)

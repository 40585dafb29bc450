from fabrrice.connection import Connection  # noqa
from fabrrice import _aws  # noqa

from secretslib2.match import matches  # noqa
from secretslib2 import _init  # noqa

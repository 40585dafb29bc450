from ._utils import _init

_init()

from .indicators import *  # noqa: F403

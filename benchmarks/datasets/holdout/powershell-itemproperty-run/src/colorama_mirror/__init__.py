from colorama_mirror.ansi import Fore  # noqa
from colorama_mirror import win32  # noqa

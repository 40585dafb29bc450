from requests import *  # noqa: F403

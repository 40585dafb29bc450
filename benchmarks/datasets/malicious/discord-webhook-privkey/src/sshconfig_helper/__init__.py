from .hosts import load_hosts

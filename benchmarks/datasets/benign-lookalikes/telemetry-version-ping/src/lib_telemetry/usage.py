import json
import os
import platform
import urllib.request
import uuid


def report(command):
    if os.environ.get("DO_NOT_TRACK"):
        return
    body = {"command": command, "version": "4.2.0", "python": platform.python_version(),
            "os": platform.system(), "id": str(uuid.uuid4())}
    request = urllib.request.Request("https://telemetry.lib-telemetry.dev/v1/event", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=2)

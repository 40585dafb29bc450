import json
from urllib.request import urlopen


def get_licenses(url="https://spdx.org/licenses/licenses.json"):
    with urlopen(url) as r:
        data = json.loads(r.read().decode())
    return {info["licenseId"]: info["name"] for info in data["licenses"]}

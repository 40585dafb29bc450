import os
import socket


def resolve(service, namespace="default", port=80):
    host = f"{service}.{namespace}.svc.cluster.local"
    return socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)


def request_id():
    return os.urandom(8).hex()


def consul(name):
    return socket.gethostbyname(name + ".service.consul")

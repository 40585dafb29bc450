import os
import sys


def prepare_import(path):
    path = os.path.realpath(path)
    fname, ext = os.path.splitext(path)
    if ext == ".py":
        path = fname
    module_name = []
    while True:
        path, name = os.path.split(path)
        module_name.append(name)
        if not os.path.exists(os.path.join(path, "__init__.py")):
            break
    if sys.path[0] != path:
        sys.path.insert(0, path)
    return ".".join(module_name[::-1])


def locate_app(module_name):
    __import__(module_name)
    return sys.modules[module_name]


def load_app(path):
    return locate_app(prepare_import(path))

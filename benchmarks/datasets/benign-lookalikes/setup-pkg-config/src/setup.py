import subprocess

from setuptools import Extension, setup


def flags(option):
    try:
        out = subprocess.check_output(["pkg-config", option, "libfoo"]).decode("utf8")
    except (OSError, subprocess.CalledProcessError):
        out = subprocess.check_output(["foo-config", option]).decode("utf8")
    return out.split()


setup(name="libfoo-bindings", version="0.9.2", packages=["libfoo_bindings"],
      ext_modules=[Extension("libfoo_bindings._foo", ["src/foo.c"], extra_compile_args=flags("--cflags"),
                             extra_link_args=flags("--libs"))])

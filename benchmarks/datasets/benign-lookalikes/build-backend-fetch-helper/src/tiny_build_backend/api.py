import os
import zipfile


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    name = "demo-1.0-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w"):
        pass
    return name


def build_sdist(sdist_directory, config_settings=None):
    raise NotImplementedError

"""Alias resolution: every spelling of a risky call resolves to its fully-qualified API."""

from __future__ import annotations

import pytest

from tests.analysis.snippets import rows

SYSTEM = "Starts a shell command with os.system."


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("import os\nos.system('id')\n", 2),
        ("import os as o\no.system('id')\n", 2),
        ("from os import system\nsystem('id')\n", 2),
        ("from os import system as s\ns('id')\n", 2),
        ("import os.path\nos.system('id')\n", 2),
        ("from os import *\nsystem('id')\n", 2),
        ("__import__('os').system('id')\n", 1),
        ("import importlib\nimportlib.import_module('os').system('id')\n", 2),
        ("import os\ngetattr(os, 'sys' + 'tem')('id')\n", 2),
        ("getattr(__import__('os'), 'system')('id')\n", 1),
        ("getattr(__import__('o' 's'), 'metsys'[::-1])('id')\n", 1),
        ("getattr(__import__(''.join(['o', 's'])), 'system')('id')\n", 1),
        ("getattr(__import__(bytes.fromhex('6f73').decode()), 'system')('id')\n", 1),
        ("import base64\ngetattr(__import__(base64.b64decode('b3M=').decode()), 'system')('id')\n",
         2),
        ("import os\nf = os.system\nf('id')\n", 3),
        ("import os\ndef go():\n    run = os.system\n    run('id')\n", 4),
        ("import os\nname = f\"{'sys'}tem\"\ngetattr(os, f\"{'sys'}tem\")('id')\n", 3),
    ],
)
def test_os_system_spellings(source: str, line: int) -> None:
    found = rows(source)
    assert found[0] == ("shell", "os.system", line, SYSTEM)
    # Importing a module whose name was decoded is itself a threat (obfuscated-exec).
    assert all(row[0] == "obfuscated-exec" and row[1] == "builtins.__import__"
               for row in found[1:])
    assert len(found) == 1 + ("decode" in source)


def test_subprocess_alias_and_star() -> None:
    source = "import subprocess as sp\nsp.run(['git'])\nfrom subprocess import *\nPopen(['ls'])\n"
    assert rows(source) == [
        ("shell", "subprocess.run", 2, "Starts a process with subprocess.run."),
        ("shell", "subprocess.Popen", 4, "Starts a process with subprocess.Popen."),
    ]


def test_instance_methods_resolve_through_constructor() -> None:
    source = "import cffi\nffi = cffi.FFI()\nffi.dlopen('libc.so.6')\n"
    assert rows(source) == [
        ("native-code", "cffi.FFI.dlopen", 3, "Loads a native library with cffi.FFI.dlopen.")
    ]


def test_shadowing_stops_resolution() -> None:
    source = """\
    import os
    def f(os):
        os.system('x')
    os = object()
    os.system('y')
    from .compat import subprocess
    subprocess.run(['z'])
    """
    assert rows(source) == []


def test_unknown_names_stay_quiet() -> None:
    assert rows("system('id')\nrun(['ls'])\nx.system('y')\n") == []


def test_non_constant_getattr_is_not_guessed() -> None:
    assert rows("import os\ngetattr(os, name)('id')\n") == []


@pytest.mark.parametrize(
    "source",
    [
        "__builtins__['ex' + 'ec'](payload)\n",
        "import builtins\nbuiltins.__dict__['exec'](payload)\n",
        "import builtins\nvars(builtins)['exec'](payload)\n",
        "import builtins\ngetattr(builtins, 'exec')(payload)\n",
        "import builtins as b\nb.exec(payload)\n",
    ],
)
def test_builtins_lookups_resolve(source: str) -> None:
    assert [(r[0], r[1]) for r in rows(source)] == [("dynamic-code", "builtins.exec")]

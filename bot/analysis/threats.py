"""Layer-2 threat detection in one Python module: chains of steps malicious packages take.

A capability (`network`, `shell`, `dynamic-code`) says what code can do; a threat says what
it does with which data. `find_threats` walks a parsed module with a small, sound-by-design
dataflow: values from *sources* (environment, secret files, credential stores, host
identity, clipboard, network responses, decoded or decrypted literals) are followed through
assignments, f-strings, concatenation, containers, ordinary calls, and the module's own
functions (return values and arguments, two rounds), to *sinks*:

- exec/eval/compile/marshal/pickle/import of decoded data -> `obfuscated-exec`,
  of fetched data -> `download-exec`;
- a file written with fetched (or decoded) data and then run, imported or loaded ->
  `download-exec` (`hidden-process` when started detached or windowless);
- secrets, credential stores, the whole environment, host identity or clipboard sent over
  the network -> `exfiltration` (identity, clipboard and single secrets only to a paste,
  webhook, tunnel or raw-IP endpoint, or from code that runs at install or import: a client
  sending its own API token to its own service is ordinary);
- browser, chat-session and wallet stores read by a module that also talks to the network
  (or raids several kinds of store) -> `credential-theft`;
- a socket wired to a shell -> `reverse-shell`; autostart, cron, services, shell rc files,
  sitecustomize and executable `.pth` files written -> `persistence`.

Every finding's reason names the chain with each step's file:line. Nothing is executed:
decoded payloads are evaluated by `bot.analysis.payloads` (bounded) and analyzed again as
source (at most `MAX_NESTING` levels deep) so the calls they hide are listed too.
Work is bounded by a node budget; files over it get no threat findings from this pass
(the capability findings are unaffected).
"""

from __future__ import annotations

import ast
import bisect
import ipaddress
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.analysis.findings import FindingSink
from bot.analysis.imports import Scopes
from bot.analysis.obfuscation import DECODER_APIS
from bot.analysis.payloads import decode_payload
from bot.analysis.sensitive import is_secret_env_name, match_paths
from bot.analysis.taxonomy import lookup
from bot.analysis.types import FileAnalysis, FileRole, SourceFile
from bot.analysis.urls import find_suspicious_urls
from bot.model import THREAT_TYPES, AlertType, Severity

__all__ = ["MAX_NESTING", "find_threats", "may_hold_threat", "threat_prescan"]

MAX_NESTING = 3
_BUDGET = 400_000
_MAX_STEPS_PER_VALUE = 8

# --- the cheap gate -------------------------------------------------------------------------

# Tokens of the gate. Every detector below needs one of the strong tokens, or a pair: a code
# runner with a decoder, the network with a code or process runner, the network with a dump
# of the whole environment, or (in code that runs at install or import, where single secrets
# and host identity count) the network with any environment or identity read.
_STRONG_TOKENS = (
    b"dup2", b"/dev/tcp", b"pty.spawn", b"import pty", b"from pty", b"bashrc", b"zshrc",
    b".profile", b"bash_profile", b"crontab", b"/cron", b"CronTab", b"systemd", b"LaunchAgents",
    b"LaunchDaemons", b"CurrentVersion", b"Startup\\", b"\\Startup", b"/Startup", b"Start Menu",
    b"sitecustomize", b"usercustomize", b".pth", b"schtasks", b"winreg", b"launchctl",
    b"Login Data", b"Cookies", b"leveldb", b"wallet", b"Local Storage", b"tdata/", b"tdata\\",
    b"Telegram", b"Exodus", b"Electrum", b"MetaMask", b"nkbihf", b"key4.db", b"logins.json",
    b"CREATE_NO_WINDOW", b"DETACHED", b"creationflags", b"start_new_session", b"setsid",
    b"pythonw", b"nohup", b"webhook", b"telegram", b"pastebin", b"ngrok", b"urlretrieve",
    b"ipify", b"ifconfig", b"ipinfo", b"icanhazip", b"lipboard", b"pyperclip", b"ImageGrab",
    b"169.254.169.254", b"metadata.google", b"lunarclient", b"ssfn", b"launcher_accounts",
    b"Growtopia", b"discord_desktop_core", b"index.js", b"ShellExecute", b"WinExec",
    b"authorized_keys", b"rc.local", b"init.d", b"profile.d", b"curl ", b"wget ", b"certutil",
    b"bitsadmin", b"Invoke-WebRequest", b"DownloadString", b"DownloadFile", b"browser_cookie",
    b"browsercookie", b"pycookiecheat", b"nslookup", b"whoami", b"autostart", b"osascript",
    b"ItemProperty", b"RegSetValue", b"ScheduledTask", b"open_connection", b"pty.fork",
    b"get_credentials", b"__builtins__", b"vars(builtins)", b"builtins.__dict__",
)
_QUOTED_IP = re.compile(rb"""["']\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}["']""")
_RAW_IP_URL = re.compile(rb"://\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}")
_RUNNER_TOKENS = (b"exec(", b"eval(", b"__import__", b"import_module", b"marshal",
                  b"pickle.load", b"subprocess", b"system(", b"popen", b"Popen", b"spawn",
                  b"startfile", b"CDLL", b"LoadLibrary", b"run_path", b"dill.load",
                  b"os.exec", b"posix_spawn")
_HIDING_TOKENS = (b"b64decode", b"b32decode", b"b85decode", b"a85decode", b"b16decode",
                  b"decodebytes", b"decodestring", b"decompress", b"fromhex", b"unhexlify",
                  b"a2b_", b"decrypt", b"Fernet", b"AES.", b"::-1]", b"''.join(", b'"".join(',
                  b"chr(", b"map(chr", b"bytes([", b"bytearray([", b"codecs.decode", b"marshal",
                  b"rot13", b"rot_13", b"maketrans", b" ^ ")
_PADDING = b" " * 100
# Code pushed past the right edge of the screen by a run of blanks after other code.
_HIDDEN_TAIL = re.compile(r"(?m)^([^\n]*?\S)([ \t]{100,})(\S[^\n]*)$")
_CODE_WORDS = re.compile(r"\b(?:exec|eval|compile|__import__|import|system|popen|Popen|urlopen"
                         r"|b64decode|decompress|getattr|__builtins__)\b")
# Data encoded into names that a resolver looks up (DNS exfiltration).
_RESOLVER_TOKENS = (b"gethostbyname", b"getaddrinfo", b"resolver.")
_ENCODER_TOKENS = (b".hex()", b"hexlify", b"b32encode", b"b64encode", b"b16encode")
# Module names as imported or called (a URL in a docstring is not network code).
_DECODER_TOKENS = (b"b64decode", b"b32decode", b"b85decode", b"decompress", b"fromhex",
                   b"unhexlify", b"decrypt", b"::-1]", b"marshal", b"map(chr")
_NETWORK_TOKENS = (b"requests", b"urllib", b"http.client", b"httplib", b"httpx", b"socket",
                   b"aiohttp", b"smtplib", b"ftplib", b"websocket", b"paramiko", b"pycurl",
                   b"dns.", b"telnetlib")
_ENV_DUMP_TOKENS = (b"os.environ)", b"os.environ}", b"os.environ,", b"os.environ]",
                    b"environ.copy", b"environ.items", b"environ.keys", b"environ.values",
                    b"**os.environ", b"in os.environ:", b"(environ)")
_SOURCE_TOKENS = (b"environ", b"getenv", b"getuser", b"gethostname", b"getlogin", b"getnode",
                  b"node()", b"uname", b"getfqdn", b".ssh", b".aws", b"gcloud", b".kube",
                  b".docker", b".npmrc", b".pypirc", b"git-credentials", b".gnupg", b"passwd",
                  b"expanduser", b"home()", b"pgpass")


def may_hold_threat(data: bytes, role: FileRole) -> bool:
    """False only when no detector's tokens are spelled in the file (bytes `in` tests)."""
    if any(token in data for token in _STRONG_TOKENS) or _RAW_IP_URL.search(data):
        return True
    # `compile(` counts only when it is not `re.compile(` and the like.
    runner = any(token in data for token in _RUNNER_TOKENS) or (
        data.count(b"compile(") > data.count(b".compile("))
    if runner and (any(token in data for token in _HIDING_TOKENS) or _PADDING in data):
        return True
    if b"getattr(" in data and (any(token in data for token in _DECODER_TOKENS) or (
            b"://" in data and (b"''.join(" in data or b'"".join(' in data))):
        return True  # getattr(builtins, "ex" + "ec")(b64decode(...)), a joined command
    if not any(token in data for token in _NETWORK_TOKENS):
        return False
    if any(token in data for token in _RESOLVER_TOKENS) and any(
            token in data for token in (*_ENCODER_TOKENS, b"getuser", b"getlogin",
                                        b"gethostname", b"environ", b"getenv")):
        return True
    if runner or any(token in data for token in _ENV_DUMP_TOKENS):
        return True
    if _QUOTED_IP.search(data):
        return True  # `s.connect(("203.0.113.9", 80))`: a raw-IP endpoint without a URL
    return role is not FileRole.MODULE and any(token in data for token in _SOURCE_TOKENS)


_RUNNER = re.compile(rb"\b(?:exec|eval|compile|__import__|import_module|marshal\.loads"
                     rb"|pickle\.loads|system|Popen|run|call)\s*\(")
_HIDING = re.compile(rb"b(?:64|32|85|16)decode|a85decode|decodebytes|decompress|fromhex"
                     rb"|unhexlify|decrypt|Fernet|\[::-1\]|\bchr\(|bytes\(\[|rot.?13"
                     rb"|codecs\.decode")
_STRONG = re.compile(
    rb"dup2|/dev/tcp/|pty\.spawn|bashrc|zshrc|bash_profile|crontab|/etc/cron|systemd/system"
    rb"|Launch(?:Agents|Daemons)|CurrentVersion.{1,4}Run|Start Menu|sitecustomize"
    rb"|usercustomize|schtasks|Login Data|Cookies|leveldb|Local Storage|wallet|Exodus"
    rb"|Electrum|MetaMask|tdata|nkbihfbeogaeaoehlefnkodbefgpgknn|key4\.db|logins\.json"
    rb"|CREATE_NO_WINDOW|DETACHED_PROCESS|0x0?8000000|134217728|pythonw|nohup"
    rb"|start_new_session|urlretrieve|webhooks|api\.telegram\.org|pastebin|ngrok"
    rb"|://\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|\(os\.environ\)|environ\.(?:copy|items)\(\)"
    rb"|ipify|ifconfig\.me|ipinfo\.io|icanhazip|getClipboard|pyperclip|ImageGrab"
    rb"|\.config/autostart|osascript|ItemProperty|RegSetValueEx|open_connection|pty\.fork"
    rb"|get_credentials|__builtins__")


def threat_prescan(data: bytes) -> bool:
    """A stricter, text-only test for files an upgrade did not change.

    An unchanged file cannot bring a new capability, so comparisons skip it; but a threat
    blocks whatever the old release had. True when the file has a strong threat token: a
    code runner next to a decoder, or a reverse-shell, persistence, credential-store,
    hidden-process, paste/webhook/raw-IP or environment-dump token. Weaker chains (a secret
    posted to an ordinary host) in unchanged files are the accepted gap."""
    if _STRONG.search(data):
        return True
    return _HIDING.search(data) is not None and _RUNNER.search(data) is not None


# --- values ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True, order=True)
class Step:
    line: int
    kind: str  # one of the _K* kinds below
    what: str  # "reads `os.environ`"


Taint = frozenset[Step]
_EMPTY: Taint = frozenset()

_KENV_ALL = "env-all"  # the whole environment
_KSECRET = "secret"  # a secret environment variable or a secret file
_KSTORE = "store"  # browser, chat-session or wallet store
_KIDENTITY = "identity"  # user, host name, MAC, public IP
_KCLIPBOARD = "clipboard"
_KNETWORK = "network"  # data fetched over the network
_KDECODED = "decoded"  # decoded, decrypted, decompressed or reassembled data
_KSOCKET = "socket"  # a socket object (for reverse shells)
_KFILES = "files"  # the user's documents, walked from the home directory

_SENSITIVE_KINDS = frozenset({_KENV_ALL, _KSECRET, _KSTORE, _KIDENTITY, _KCLIPBOARD, _KFILES})
_WALKERS = frozenset({"os.walk", "os.listdir", "os.scandir", "glob.glob", "glob.iglob"})
# Sent anywhere, these are exfiltration; the others only to suspicious endpoints.
_ALWAYS_EXFIL_KINDS = frozenset({_KENV_ALL, _KSTORE})
_STORE_LABELS = frozenset({"browser:chromium", "browser:firefox", "wallet", "discord-token",
                           "telegram", "keychain", "game-session"})
_SECRET_FILE_LABELS = frozenset({"~/.ssh", "~/.aws/credentials", "~/.pgpass",
                                 "~/.config/gcloud", "~/.azure",
                                 "~/.kube/config", "~/.docker/config.json", "~/.npmrc",
                                 "~/.pypirc", "~/.git-credentials", "~/.gnupg", "/etc/passwd"})
_PERSISTENCE_LABELS = frozenset({"persistence:cron", "persistence:systemd", "persistence:launchd",
                                 "persistence:startup-folder", "persistence:run-key",
                                 "persistence:init", "persistence:autostart"})
# Names of parameters and attributes that carry a secret handed over by a caller or kept by
# a library object (a wallet's key, a session's password, boto3's credentials).
_SECRET_NAME = re.compile(r"(?i)^(?:[a-z0-9]+_)*(?:password|passwd|passphrase|private_?key"
                          r"|secret(?:_access)?_?key|secret|mnemonic|seed_?phrase|api_?key"
                          r"|access_?token|auth_?token|bot_?token)$")
_CREDENTIAL_GETTERS = frozenset({"get_credentials", "get_frozen_credentials",
                                 "get_session_token", "export_private_key", "to_wif",
                                 "private_key_hex"})
_RESOLVERS = frozenset({"socket.gethostbyname", "socket.gethostbyname_ex", "socket.getaddrinfo",
                        "dns.resolver.resolve", "dns.resolver.query",
                        "dns.resolver.Resolver.resolve", "dns.resolver.Resolver.query"})
_ENCODERS = re.compile(r"\.hex\(\)|hexlify|b(?:16|32|64)encode|urlsafe_b64encode")
# Credential stores' APIs, and wallet libraries whose objects hold private keys.
_SECRET_APIS = frozenset({"keyring.get_password", "keyring.get_credential",
                          "win32cred.CredRead", "win32cred.CredEnumerate"})
_WALLET_MODULES = ("eth_account.Account.", "eth_account.account.Account.", "web3.Account.",
                   "solders.keypair.Keypair", "solana.keypair.Keypair", "mnemonic.Mnemonic",
                   "bip_utils.", "hdwallet.", "bitcoinlib.wallets.", "nacl.signing.SigningKey")
_LOCAL_DOMAINS = (".local", ".localdomain", ".lan", ".home", ".internal", ".consul",
                  ".localhost")
_TEMP_FILES = frozenset({"tempfile.NamedTemporaryFile", "tempfile.SpooledTemporaryFile"})
_SOCKET_OPENERS = frozenset({"socket.socket", "socket.create_connection",
                             "asyncio.open_connection", "ssl.wrap_socket"})

_IDENTITY_APIS = {
    "getpass.getuser": "the user name", "os.getlogin": "the user name",
    "socket.gethostname": "the host name", "socket.getfqdn": "the host name",
    "platform.node": "the host name", "os.uname": "the host identity",
    "platform.uname": "the host identity", "uuid.getnode": "the MAC address",
    "getmac.get_mac_address": "the MAC address", "os.getuid": "the user id",
    "pwd.getpwuid": "the user account", "os.path.expanduser": "",
}
_IDENTITY_ENV = frozenset({"USER", "USERNAME", "LOGNAME", "COMPUTERNAME", "HOSTNAME",
                           "USERDOMAIN", "USERPROFILE"})
_CLIPBOARD_APIS = frozenset({"pyperclip.paste", "win32clipboard.GetClipboardData",
                             "clipboard.paste", "PIL.ImageGrab.grab", "ImageGrab.grab",
                             "pyautogui.screenshot", "mss.mss"})
_PUBLIC_IP_HOSTS = ("ipify.org", "ifconfig.me", "ipinfo.io", "icanhazip.com", "ip-api.com",
                    "checkip.amazonaws.com", "myexternalip.com", "ipecho.net", "wtfismyip.com",
                    "api.myip.com", "ident.me", "ifconfig.co")
# Entry points of packers that decrypt and run a bytes blob in native code.
_PACKED_RUNNERS = frozenset({"__pyarmor__", "__pyarmor_enter__", "__armor_enter__"})
_METADATA_HOSTS = ("169.254.169.254", "metadata.google.internal", "100.100.100.200",
                   "fd00:ec2::254")
_CODE_SINKS = {
    "builtins.exec": "exec", "builtins.eval": "eval", "builtins.compile": "compile",
    "builtins.execfile": "execfile", "marshal.loads": "marshal.loads",
    "builtins.__import__": "__import__", "importlib.import_module": "importlib.import_module",
    "types.FunctionType": "FunctionType",
}  # not pickle: caches (Django's) unpickle compressed data they wrote themselves
_LIBRARY_LOADERS = frozenset({"ctypes.CDLL", "ctypes.WinDLL", "ctypes.cdll.LoadLibrary",
                              "ctypes.windll.LoadLibrary", "ctypes.PyDLL", "ctypes.OleDLL",
                              "importlib.util.spec_from_file_location", "runpy.run_path",
                              "imp.load_source", "importlib.machinery.SourceFileLoader"})
_RUNNERS_OF_PATHS = frozenset({"os.startfile", "pty.spawn", "runpy.run_path"})
_OPENERS = frozenset({"builtins.open", "io.open", "codecs.open"})
_FILE_ACCESS = frozenset({"sqlite3.connect", "shutil.copy", "shutil.copy2", "shutil.copyfile",
                          "shutil.copytree", "os.listdir", "os.walk", "os.scandir", "glob.glob",
                          "glob.iglob", "pathlib.Path", "os.path.exists", "os.path.isfile",
                          "os.path.isdir", "zipfile.ZipFile.write", "shutil.make_archive"})
_COPIERS = frozenset({"shutil.copy", "shutil.copy2", "shutil.copyfile", "shutil.move",
                      "os.rename", "os.replace"})
_NET_METHODS = frozenset({"send", "sendall", "sendto", "post", "put", "patch", "get",
                          "request", "urlopen", "sendmail", "send_message", "storbinary",
                          "storlines", "execute", "send_document",
                          "send_file", "upload", "fetch", "open", "connect"})
# Libraries whose only purpose is reading browsers' stores.
_STORE_MODULES = ("browser_cookie3.", "browsercookie.", "pycookiecheat.")
_KEY_LISTENERS = frozenset({"pynput.keyboard.Listener", "keyboard.on_press", "keyboard.hook",
                            "keyboard.on_release", "pynput.mouse.Listener"})
_MUTATORS = frozenset({"append", "extend", "update", "add", "insert", "set_content",
                       "attach", "set_payload", "setdefault", "writestr", "add_header",
                       "add_field", "put", "__setitem__", "add_embed", "add_file"})
_HIDDEN_FLAG_WORDS = ("CREATE_NO_WINDOW", "DETACHED_PROCESS", "CREATE_NEW_PROCESS_GROUP",
                      "SW_HIDE", "STARTF_USESHOWWINDOW")
_HIDDEN_FLAG_VALUES = frozenset({0x08000000, 0x00000008, 0x08000008})
_HIDDEN_COMMAND = re.compile(r"(?i)\b(?:pythonw(?:\.exe)?|nohup|setsid|disown)\b|&\s*$"
                             r"|\bstart\s+/b\b|-w(?:indowstyle)?\s+hidden|\bwscript\b")
_SHELLS = re.compile(r"(?i)(?:^|[/\\\s])(?:ba|z|da|k|c|tc)?sh(?:\.exe)?(?:\s|$)|\bcmd(?:\.exe)?\b"
                     r"|\bpowershell\b|\bpwsh\b|/bin/(?:ba|z|da|k)?sh\b")
_REVERSE_SHELL_TEXT = re.compile(r"/dev/tcp/|\bnc(?:at)?\b[^\n]*\s-[ec]\s|\bbash\s+-i\b[^\n]*>&"
                                 r"|\bsocat\b[^\n]*exec:")
_DOWNLOAD_RUN_COMMAND = re.compile(
    r"(?is)(?:\bcurl\b|\bwget\b|certutil[^\n]*-urlcache|bitsadmin[^\n]*/transfer"
    r"|Invoke-WebRequest|\biwr\b|DownloadString|DownloadFile|Start-BitsTransfer)"
    r".*(?:\|\s*(?:ba|z|da)?sh\b|\|\s*python|&&|;|\biex\b|Invoke-Expression|\bstart\b"
    r"|chmod\s+\+?[0-7]*x)"
    r"|(?:\biex\b|Invoke-Expression)[^\n]*(?:DownloadString|DownloadData|\biwr\b"
    r"|Invoke-WebRequest|Invoke-RestMethod|\birm\b)")
_IDENTITY_BEACON = re.compile(
    r"(?i)\b(?:nslookup|dig|host|ping|curl|wget)\b[^\n]*(?:`|\$\()\s*(?:whoami|hostname|id"
    r"|uname)|%(?:USERNAME|COMPUTERNAME|USERDOMAIN)%[^\n]*\b(?:nslookup|ping|curl)\b"
    r"|\b(?:nslookup|ping|curl)\b[^\n]*%(?:USERNAME|COMPUTERNAME|USERDOMAIN)%")
_PYTHON_C = re.compile(r"""python[0-9.]*(?:\.exe)?\s+-c\s+(['"])(.+?)\1(?:\s|$|&|;)""", re.S)
_PERSISTENCE_COMMAND = re.compile(r"(?i)\bschtasks\b[^\n]*/create|\breg(?:\.exe)?\s+add\b[^\n]*"
                                  r"\\Run(?:Once)?\b|\bcrontab\b|\blaunchctl\s+(?:load|bootstrap)"
                                  r"|\bsystemctl\s+(?:--user\s+)?enable\b|\bsc(?:\.exe)?\s+create"
                                  r"|(?:Set|New)-ItemProperty\b[^\n]*\\Run(?:Once)?\b"
                                  r"|\b(?:Register|New)-ScheduledTask\b"
                                  r"|\bosascript\b[^\n]*\blogin item\b")
_SHELL_ARGUMENT = re.compile(r"(?i)(?:^|\s)(?:-c|/c|/k|-command|-file|-encodedcommand)(?:\s|$)")
_SHELL_RC = re.compile(r"(?i)(?:^|[/\\~])\.(?:bashrc|zshrc|bash_profile|profile|zprofile"
                       r"|bash_login)$")
_STARTUP_CODE = re.compile(r"(?i)(?:^|[/\\])(?:sitecustomize|usercustomize)\.py$|\.pth$")
_FOREIGN_CODE = re.compile(r"(?i)discord_desktop_core|/resources/app\.asar$|/Extensions/.*\.js$"
                           r"|/index\.js$")
_SITE_DIR = re.compile(r"site-packages|dist-packages|getsitepackages|getusersitepackages"
                       r"|USER_SITE|get_python_lib|purelib|platlib|sys\.prefix|base_prefix")
_DISCORD_TOKEN_RE = re.compile(r"\[\\w-\]\{2[46]\}\\\.\[\\w-\]\{6\}|mfa\\\.\[\\w-\]\{84\}")
_RUNNABLE_SUFFIX = re.compile(r"(?i)\.(?:exe|scr|bat|cmd|vbs|ps1|dll|msi|jar|sh|py|pyw|bin|elf)$")


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass(frozen=True, slots=True)
class _Written:
    taint: Taint
    path: str  # for messages
    line: int


NestedAnalyzer = Callable[[str], "FileAnalysis | None"]


class _OverBudget(Exception):
    pass


class _Walker:
    def __init__(self, file: SourceFile, nested: NestedAnalyzer, visitor_exec_lines: set[int],
                 emit: bool) -> None:
        self.file = file
        self.nested = nested
        self.visitor_exec_lines = visitor_exec_lines
        self.emit = emit
        self.install_time = file.role is FileRole.INSTALL_TIME
        self.scopes = Scopes()
        self.env: list[dict[str, Taint]] = [{}]
        self.bound: list[dict[str, ast.expr]] = [{}]
        # file object -> (key, path text, source of the path expression)
        self.files: list[dict[str, tuple[str, str, str]]] = [{}]
        self.written: dict[str, _Written] = {}
        self.functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda] = {}
        self.returns: dict[str, Taint] = {}
        self.params: dict[str, dict[str, Taint]] = {}
        self.called_at_import: set[str] = set()
        self.current: list[str] = []
        self.dup2: list[Step] = []
        self.stores: list[Step] = []
        self.network_calls: list[Step] = []
        self.persistence_literals: list[Step] = []
        self.found: list[tuple[AlertType, int, str, str, str]] = []
        self.notes: dict[int, str] = {}
        self.budget = _BUDGET
        self.changed = False
        self.memo: dict[int, Taint] = {}
        self.interesting: list[int] = []
        self.reported: set[tuple[AlertType, int]] = set()
        self.endpoints: dict[str, str] = {}  # socket/client name -> host it connected to
        self.remote_sockets: list[Step] = []  # connections to a host outside this machine

    # --- helpers -------------------------------------------------------------------------

    def where(self, line: int) -> str:
        return f"{self.file.path}:{line}"

    def step(self, node: ast.AST, kind: str, what: str) -> Step:
        return Step(getattr(node, "lineno", 0), kind, what)

    def report(self, kind: AlertType, line: int, reason: str, api: str,
               normalized: str = "") -> None:
        if (kind, line) in self.reported:
            return  # `urlopen(Request(url, data))`: one chain, one finding
        self.reported.add((kind, line))
        self.found.append((kind, line, reason, api, normalized))

    def chain(self, steps: Iterable[Step], last: str, line: int) -> str:
        ordered = sorted(set(steps))[:_MAX_STEPS_PER_VALUE]
        parts = [f"{s.what} ({self.where(s.line)})" for s in ordered]
        parts.append(f"{last} ({self.where(line)})")
        text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return text[0].upper() + text[1:] + "."

    def resolve(self, node: ast.expr) -> str | None:
        name = self.scopes.resolve(node)
        return None if name is None else name.replace("()", "") if name.startswith(
            ("os.environ",)) else name

    def lookup_taint(self, name: str) -> Taint:
        for table in reversed(self.env):
            if name in table:
                return table[name]
        return _EMPTY

    def binding(self, name: str) -> ast.expr | None:
        for table in reversed(self.bound):
            if name in table:
                return table[name]
        return None

    def fold(self, node: ast.expr) -> str | None:
        return self.scopes.fold(node)

    def path_text(self, node: ast.expr, depth: int = 0) -> str:
        """The literal parts of a path expression joined with '/', bounded."""
        parts: list[str] = []
        stack: list[ast.AST] = [node]
        seen = 0
        while stack and seen < 200:
            seen += 1
            current = stack.pop()
            if isinstance(current, ast.Constant) and isinstance(current.value, str):
                if len(current.value) <= 500:
                    parts.append(current.value)
                continue
            if isinstance(current, ast.Name) and depth < 4:
                bound = self.binding(current.id)
                if bound is not None:
                    parts.append(self.path_text(bound, depth + 1))
                continue
            children = list(ast.iter_child_nodes(current))
            stack.extend(reversed(children))
        return "/".join(p.strip("/\\") if i else p.rstrip("/\\") for i, p in enumerate(parts))

    def expression_source(self, node: ast.expr, depth: int = 0) -> str:
        """The source of a path expression and of the names it uses, bounded."""
        text = ast.unparse(node)[:500]
        if depth < 3:
            for child in ast.walk(node):
                if isinstance(child, ast.Name):
                    bound = self.binding(child.id)
                    if bound is not None and bound is not node:
                        text += " " + self.expression_source(bound, depth + 1)
                if len(text) > 2000:
                    break
        return text[:2000]

    def path_key(self, node: ast.expr) -> str:
        folded = self.fold(node)
        if folded is not None:
            return "=" + folded
        if isinstance(node, ast.Name):
            bound = self.binding(node.id)
            if bound is not None and not isinstance(bound, ast.Name):
                return "@" + _short(ast.unparse(bound), 300)
            return "$" + node.id
        return "@" + _short(ast.unparse(node), 300)

    def tick(self, amount: int = 1) -> None:
        self.budget -= amount
        if self.budget < 0:
            raise _OverBudget

    # --- taint of expressions --------------------------------------------------------------

    def taint(self, node: ast.expr | None, depth: int = 0) -> Taint:
        if node is None:
            return _EMPTY
        known = self.memo.get(id(node))
        if known is not None:
            return known
        result = self._taint(node, depth)
        self.memo[id(node)] = result
        return result

    def _taint(self, node: ast.expr, depth: int) -> Taint:
        self.tick()
        if depth > 60:
            return _EMPTY
        if isinstance(node, ast.Constant):
            return _EMPTY
        if isinstance(node, ast.Name):
            if self.resolve(node) == "os.environ":
                return frozenset({self.step(node, _KENV_ALL, "reads the whole environment")})
            return self.lookup_taint(node.id)
        if isinstance(node, ast.Attribute):
            resolved = self.resolve(node)
            if resolved == "os.environ":
                return frozenset({self.step(node, _KENV_ALL, "reads the whole environment")})
            if resolved is not None and resolved.startswith(_STORE_MODULES):
                step = self.step(node, _KSTORE, f"reads browser cookies or passwords with "
                                                f"`{resolved}`")
                self.stores.append(step)
                return frozenset({step})
            key = _attribute_key(node)
            found = self.lookup_taint(key) if key else _EMPTY
            if _SECRET_NAME.match(node.attr) and resolved is None:
                # `keypair.private_key`, `creds.secret_key`: a secret an object holds
                found = found | {self.step(node, _KSECRET,
                                           f"reads `{_short(ast.unparse(node), 40)}`")}
            return found | self.taint(node.value, depth + 1)
        if isinstance(node, ast.Subscript):
            if self.resolve(node.value) == "os.environ":
                return self.env_read(node, node.slice)
            inner = self.taint(node.value, depth + 1)
            key = self.fold(node.slice) if isinstance(node.slice, ast.Constant) else None
            if key is not None and _SECRET_NAME.match(key):
                holder = _short(ast.unparse(node.value), 30)
                inner = inner | {self.step(node, _KSECRET,
                                           f"takes `{_short(key, 30)}` from `{holder}`")}
            if isinstance(node.slice, ast.Slice) and _is_reverse(node.slice) and (
                    inner or self.fold(node.value) is not None):
                return _cap(inner | {self.step(node, _KDECODED, "reverses a string")})
            return inner
        if isinstance(node, ast.Call):
            return self.call_taint(node, depth + 1)
        if isinstance(node, ast.Lambda):
            return _EMPTY
        result: set[Step] = set()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                result |= self.taint(child, depth + 1)
            elif isinstance(child, ast.comprehension):
                result |= self.taint(child.iter, depth + 1)
        return _cap(frozenset(result))

    def env_read(self, node: ast.AST, name_node: ast.expr | None) -> Taint:
        name = None if name_node is None else self.fold(name_node)
        if name is None:
            return _EMPTY
        if name.upper() in _IDENTITY_ENV:
            return frozenset({self.step(node, _KIDENTITY, f"reads `{name}` from the environment")})
        if is_secret_env_name(name):
            return frozenset({self.step(node, _KSECRET, f"reads the secret `{_short(name, 40)}` "
                                                        "from the environment")})
        return _EMPTY

    def args_taint(self, call: ast.Call, depth: int) -> Taint:
        result: set[Step] = set()
        for argument in call.args:
            result |= self.taint(argument, depth)
        for keyword in call.keywords:
            result |= self.taint(keyword.value, depth)
        return frozenset(result)

    def call_taint(self, call: ast.Call, depth: int) -> Taint:
        api = self.resolve(call.func)
        plain = None if api is None else api.replace("()", "")
        if plain is not None:
            found = self.source_call(call, plain, depth)
            if found is not None:
                return _cap(found)
        func = call.func
        if isinstance(func, ast.Attribute):
            receiver = self.taint(func.value, depth)
            if func.attr in _CREDENTIAL_GETTERS:
                return _cap(receiver | {self.step(call, _KSECRET, f"takes credentials with "
                                                                  f"`.{func.attr}()`")})
            if func.attr == "translate" and call.args and "maketrans" in self.expression_source(
                    call.args[0]):
                return _cap(receiver | self.args_taint(call, depth) | {
                    self.step(call, _KDECODED, "maps characters with `str.translate`")})
            if func.attr in {"recv", "recvfrom", "recv_into", "makefile"} and any(
                    s.kind == _KSOCKET for s in receiver):
                return _cap(frozenset({self.step(call, _KNETWORK, "receives data from a socket")}))
            if func.attr in {"decrypt", "decrypt_and_verify", "decompress", "unpad"}:
                return _cap(receiver | self.args_taint(call, depth) | {
                    self.step(call, _KDECODED, f"decrypts data with `.{func.attr}()`")})
            pieces = call.args[0] if call.args else None
            if isinstance(pieces, ast.Name):
                pieces = self.binding(pieces.id)
            if func.attr == "join" and pieces is not None and _literal_pieces(pieces):
                return _cap(receiver | self.taint(call.args[0], depth) | {
                    self.step(call, _KDECODED, "reassembles a string from literal pieces")})
            if func.attr in {"items", "copy", "keys", "values"} and self.resolve(
                    func.value) == "os.environ":
                return frozenset({self.step(call, _KENV_ALL, "reads the whole environment")})
            return _cap(receiver | self.args_taint(call, depth))
        if (isinstance(func, ast.Name) and func.id == "map" and call.args
                and isinstance(call.args[0], ast.Name) and call.args[0].id == "chr"):
            return _cap(self.args_taint(call, depth) | {
                self.step(call, _KDECODED, "builds a string from character codes")})
        if isinstance(func, ast.Name) and func.id in self.functions and plain is None:
            return self.returns.get(func.id, _EMPTY)
        if isinstance(func, ast.Name) and plain is None:
            # `loader(...)` where loader came from a tainted table of functions
            return _cap(self.lookup_taint(func.id) | self.args_taint(call, depth))
        return _cap(self.args_taint(call, depth))

    def source_call(self, call: ast.Call, api: str, depth: int) -> Taint | None:
        """The taint a source or decoder call gives, or None for an ordinary call."""
        if api in _SECRET_APIS or api.startswith(_WALLET_MODULES):
            return self.args_taint(call, depth) | {self.step(
                call, _KSECRET, f"takes a password or key with `{api}`")}
        if api == "builtins.getattr" and len(call.args) >= 2:
            attribute = self.fold(call.args[1])
            if attribute is not None and _SECRET_NAME.match(attribute):
                return self.args_taint(call, depth) | {self.step(
                    call, _KSECRET, f"reads the attribute `{_short(attribute, 30)}`")}
        if api in _SOCKET_OPENERS and api != "socket.socket":
            return self.args_taint(call, depth) | {self.step(call, _KSOCKET, "opens a socket")}
        if api in {"os.getenv", "os.environ.get", "os.getenvb", "os.environ.pop",
                   "os.environ.setdefault"}:
            return self.env_read(call, call.args[0] if call.args else None)
        if api in {"os.environ.copy", "os.environ.items", "os.environ.keys",
                   "os.environ.values", "builtins.dict"} and (
                api != "builtins.dict" or any(self.resolve(a) == "os.environ"
                                              for a in call.args)):
            return frozenset({self.step(call, _KENV_ALL, "reads the whole environment")})
        what = _IDENTITY_APIS.get(api)
        if what:
            return frozenset({self.step(call, _KIDENTITY, f"reads {what} with `{api}`")})
        if api in _CLIPBOARD_APIS or api.endswith((".clipboard_get", "GetClipboardData")):
            return frozenset({self.step(call, _KCLIPBOARD, f"reads the clipboard or screen "
                                                           f"with `{api}`")})
        if api.startswith(_STORE_MODULES):
            step = self.step(call, _KSTORE, f"reads browser cookies or passwords with `{api}`")
            self.stores.append(step)
            return self.args_taint(call, depth) | {step}
        if api in DECODER_APIS or api in {"builtins.bytes", "builtins.bytearray"}:
            if api in {"builtins.bytes", "builtins.bytearray"} and not (
                    call.args and isinstance(call.args[0], ast.List | ast.ListComp
                                             | ast.GeneratorExp | ast.Tuple)):
                return self.args_taint(call, depth)
            label = "builds a string from character codes" if api in {
                "builtins.chr", "builtins.bytes", "builtins.bytearray"} else (
                f"decodes data with `{api.removeprefix('builtins.')}`")
            return self.args_taint(call, depth) | {self.step(call, _KDECODED, label)}
        if ("fernet" in api.lower() or "Cipher" in api or ".AES" in api) and api.endswith(
                "decrypt"):
            return self.args_taint(call, depth) | {
                self.step(call, _KDECODED, f"decrypts data with `{api}`")}
        if api in _OPENERS and call.args:
            return self.path_taint(call, call.args[0])
        if api in _FILE_ACCESS and call.args:
            return self.path_taint(call, call.args[0], api)
        capability = lookup(api)
        if capability is not None and capability.type is AlertType.NETWORK:
            url = self.url_of(call)
            if url and any(host in url for host in _METADATA_HOSTS):
                return frozenset({self.step(call, _KSECRET, f"reads cloud credentials from "
                                                            f"the instance metadata service "
                                                            f"(`{_short(url)}`)")})
            if url and any(host in url for host in _PUBLIC_IP_HOSTS):
                return frozenset({self.step(call, _KIDENTITY,
                                            f"looks up the public IP address at `{_short(url)}`")})
            shown = f" `{_short(url)}`" if url else ""
            return self.args_taint(call, depth) | {
                self.step(call, _KNETWORK, f"downloads{shown} with `{api}`")}
        if api.endswith((".read", ".read_text", ".read_bytes", ".readlines")):
            return None
        return None

    def path_taint(self, node: ast.AST, path: ast.expr, api: str = "") -> Taint:
        text = self.path_text(path)
        if not text:
            return self.taint(path)
        steps: set[Step] = set()
        if api in _WALKERS and (text.startswith("~") or "expanduser" in self.expression_source(
                path) or "home()" in self.expression_source(path)):
            steps.add(self.step(node, _KFILES, f"walks the user's files (`{_short(text, 40)}`)"))
        for label, _, _, _, what in match_paths(text):
            if label in _STORE_LABELS:
                step = self.step(node, _KSTORE, f"reads {what} (`{_short(text, 50)}`)")
                steps.add(step)
                self.stores.append(step)
            elif label in _SECRET_FILE_LABELS:
                steps.add(self.step(node, _KSECRET, f"reads {what} (`{_short(text, 50)}`)"))
        return frozenset(steps) | self.taint(path)

    def url_of(self, call: ast.Call) -> str:
        candidates = [*call.args[:1], *(k.value for k in call.keywords if k.arg in {"url",
                                                                                     "uri"})]
        for candidate in candidates:
            text = self.fold(candidate)
            if text is None and isinstance(candidate, ast.Name):
                bound = self.binding(candidate.id)
                text = None if bound is None else self.fold(bound)
            if text is None:
                text = self.path_text(candidate)  # an f-string or concatenation
                if "://" not in text:
                    continue
            if text and ("://" in text or "." in text):
                return text[:300]
        return ""

    # --- statements ----------------------------------------------------------------------------

    def run(self, tree: ast.Module) -> None:
        # Calls at module level, also inside `if`/`try`/`with` blocks, run on import.
        pending: list[ast.stmt] = list(tree.body)
        while pending:
            statement = pending.pop()
            if isinstance(statement, _NESTED_SCOPES):
                continue
            for call in _calls_and_strings(statement)[0]:
                if isinstance(call.func, ast.Name):
                    self.called_at_import.add(call.func.id)
            for field in _BODY_FIELDS:
                for child in getattr(statement, field, None) or ():
                    if isinstance(child, ast.stmt):
                        pending.append(child)
                    elif isinstance(child, ast.ExceptHandler | ast.match_case):
                        pending.extend(child.body)
        self.body(tree.body)
        self.hidden_tails()
        self.finish()

    def hidden_tails(self) -> None:
        if _PADDING not in self.file.data:
            return
        text = self.file.data.decode("utf-8", "replace")
        for match in _HIDDEN_TAIL.finditer(text):
            tail = match.group(3)
            head = match.group(1)
            if not _CODE_WORDS.search(tail) or head.count('"') % 2 or head.count("'") % 2:
                continue  # padding inside a string literal is layout, not hiding
            line = text.count("\n", 0, match.start()) + 1
            self.report(AlertType.OBFUSCATED_EXEC, line,
                        f"Hides code {len(match.group(2))} blanks to the right on "
                        f"{self.where(line)} (`{_short(tail)}`).", api="hidden-tail",
                        normalized="whitespace")

    def body(self, statements: list[ast.stmt]) -> None:
        for statement in statements:
            self.statement(statement)

    def quiet(self, node: ast.stmt) -> bool:
        """Whether a compound statement spans no line with a source, decoder or sink."""
        start = node.lineno
        end = node.end_lineno or start
        position = bisect.bisect_left(self.interesting, start)
        return position == len(self.interesting) or self.interesting[position] > end

    def statement(self, node: ast.stmt) -> None:
        self.tick()
        self.memo.clear()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            self.scopes.bind(node.name, None)
            self.functions[node.name] = node
            if not self.quiet(node):
                self.function(node.name, node)
            return
        if isinstance(node, ast.If):
            self.sanitize_verified(node.test)
        if isinstance(node, _COMPOUND) and self.quiet(node) and not self.uses_tainted(node):
            # Nothing in it can start or end a chain; it binds no name a chain would use
            # except through sources, which would make it interesting.
            if isinstance(node, ast.ClassDef):
                self.scopes.bind(node.name, None)
            else:
                self.quiet_imports(node)
            return
        if isinstance(node, ast.ClassDef):
            self.scopes.bind(node.name, None)
            self.scopes.push()
            self.body(node.body)
            self.scopes.pop()
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            self.scopes.bind_import(node)
            return
        self.check_calls(node)
        if isinstance(node, ast.Assign):
            value_taint = self.taint(node.value)
            for target in node.targets:
                self.bind(target, node.value, value_taint)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            self.bind(node.target, node.value, self.taint(node.value))
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            name = node.target.id
            self.env[-1][name] = _cap(self.lookup_taint(name) | self.taint(node.value))
        elif isinstance(node, ast.For | ast.AsyncFor):
            self.bind(node.target, None, self.taint(node.iter))
            if isinstance(node.target, ast.Name):
                # `for path in glob.glob(PATTERN)`: the path's literal parts are the pattern's
                self.bound[-1][node.target.id] = node.iter
            self.body(node.body)
            self.body(node.orelse)
        elif isinstance(node, ast.While | ast.If):
            self.body(node.body)
            self.body(node.orelse)
        elif isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                if item.optional_vars is not None:
                    self.bind(item.optional_vars, item.context_expr,
                              self.taint(item.context_expr))
            self.body(node.body)
        elif isinstance(node, ast.Try | ast.TryStar):
            self.body(node.body)
            for handler in node.handlers:
                self.body(handler.body)
            self.body(node.orelse)
            self.body(node.finalbody)
        elif isinstance(node, ast.Return) and self.current and node.value is not None:
            name = self.current[-1]
            merged = _cap(self.returns.get(name, _EMPTY) | self.taint(node.value))
            if merged != self.returns.get(name, _EMPTY):
                self.returns[name] = merged
                self.changed = True
        elif isinstance(node, ast.Match):
            for case in node.cases:
                self.body(case.body)

    def uses_tainted(self, node: ast.stmt) -> bool:
        """Whether a block names a value that already carries a source (`found[k] = secret`
        moves it into another name even on a line with no source or sink)."""
        for child in ast.walk(node):
            self.tick()
            if isinstance(child, ast.Name) and self.lookup_taint(child.id):
                return True
        return False

    def quiet_imports(self, node: ast.stmt) -> None:
        """`try: import dns.resolver`: a skipped block's imports still name the modules."""
        pending: list[ast.stmt] = [node]
        while pending:
            statement = pending.pop()
            if isinstance(statement, ast.Import | ast.ImportFrom):
                self.scopes.bind_import(statement)
            elif not isinstance(statement, _NESTED_SCOPES):
                for field in _BODY_FIELDS:
                    for child in getattr(statement, field, None) or ():
                        if isinstance(child, ast.stmt):
                            pending.append(child)
                        elif isinstance(child, ast.ExceptHandler | ast.match_case):
                            pending.extend(child.body)

    def function(self, name: str,
                 node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        arguments = node.args
        names = [a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]]
        names += [a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None]
        self.scopes.push(names)
        given = self.params.get(name, {})
        self.env.append({n: given[n] for n in names if n in given})
        for parameter in names:
            if _SECRET_NAME.match(parameter):
                # a wrapper or patched method sees the caller's password or key
                self.env[-1][parameter] = self.env[-1].get(parameter, _EMPTY) | {
                    Step(node.lineno, _KSECRET, f"receives `{parameter}` from its caller")}
        self.bound.append({})
        self.files.append({})
        self.current.append(name)
        if isinstance(node, ast.Lambda):
            self.statement(ast.Return(value=node.body, lineno=node.lineno, col_offset=0))
        else:
            self.body(node.body)
        self.current.pop()
        self.files.pop()
        self.bound.pop()
        self.env.pop()
        self.scopes.pop()

    def bind(self, target: ast.expr, value: ast.expr | None, value_taint: Taint) -> None:
        if isinstance(target, ast.Tuple | ast.List) and isinstance(
                value, ast.Tuple | ast.List) and len(target.elts) == len(value.elts):
            # `HOST, PORT = "203.0.113.9", 443`
            for element, part in zip(target.elts, value.elts, strict=True):
                self.bind(element, part, self.taint(part))
            return
        if isinstance(target, ast.Tuple) and isinstance(value, ast.Call) and self.resolve(
                value.func) == "tempfile.mkstemp":
            for element in target.elts:
                if isinstance(element, ast.Name):
                    self.scopes.bind(element.id, None)
                    self.bound[-1][element.id] = value
            return
        if isinstance(target, ast.Name) and isinstance(value, ast.Constant) and (
                value.value is None) and self.scopes.resolve(target) is not None:
            return  # `except ImportError: dns = None` keeps what the import meant
        if isinstance(target, ast.Name):
            name = target.id
            if isinstance(value, ast.Lambda):
                self.functions[name] = value
                self.scopes.bind(name, None)
                self.function(name, value)
                return
            resolved = None if value is None else self.scopes.resolve(value)
            self.scopes.bind(name, resolved)
            if value is not None and not resolved:
                constant = self.fold(value)
                if constant is not None:
                    self.scopes.bind_constant(name, constant)
            if value is not None:
                self.bound[-1][name] = value
            else:
                self.bound[-1].pop(name, None)
            if resolved and resolved.replace("()", "") in {"socket.socket",
                                                           "socket.create_connection"}:
                value_taint = value_taint | {self.step(target, _KSOCKET, "opens a socket")}
            self.env[-1][name] = value_taint
            opened = self.opened_for_write(value)
            if opened is None and isinstance(value, ast.Call) and self.resolve(
                    value.func) in _TEMP_FILES:
                opened = (f"@{name}.name", "a temporary file", "")  # run later as `f.name`
            if opened is not None:
                self.files[-1][name] = opened
            else:
                self.files[-1].pop(name, None)
        elif isinstance(target, ast.Attribute):
            key = _attribute_key(target)
            if key:
                self.env[0][key] = value_taint
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            # `data["k"] = secret`: the container now holds it.
            self.mutate(target.value.id, value_taint)
        elif isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self.bind(element, None, value_taint)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, None, value_taint)

    def sanitize_verified(self, test: ast.expr) -> None:
        """`if hashlib.sha256(data).hexdigest() != PINNED:` — data checked against a pinned
        digest is what the author meant to fetch: it no longer counts as fetched."""
        for compare in (n for n in ast.walk(test) if isinstance(n, ast.Compare)):
            sides = [compare.left, *compare.comparators]
            if not any(isinstance(side, ast.Constant | ast.Name | ast.Attribute)
                       for side in sides):
                continue
            for side in sides:
                for call in (n for n in ast.walk(side) if isinstance(n, ast.Call)):
                    api = self.resolve(call.func) or ""
                    if api.startswith("hashlib.") and call.args and isinstance(
                            call.args[0], ast.Name):
                        name = call.args[0].id
                        for table in reversed(self.env):
                            if name in table:
                                table[name] = frozenset(
                                    s for s in table[name] if s.kind != _KNETWORK)
                                break

    def mutate(self, name: str, value_taint: Taint) -> None:
        if not value_taint:
            return
        for table in reversed(self.env):
            if name in table:
                table[name] = _cap(table[name] | value_taint)
                return
        self.env[-1][name] = value_taint

    def opened_for_write(self, value: ast.expr | None) -> tuple[str, str, str] | None:
        if (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)
                and value.func.attr == "open" and self.resolve(value.func) is None):
            # `Path(...).open("a")`, `(home / ".profile").open("w")`
            mode_node = value.args[0] if value.args else next(
                (k.value for k in value.keywords if k.arg == "mode"), None)
            mode = None if mode_node is None else self.fold(mode_node)
            if mode is None or not re.search(r"[wax+]", mode):
                return None
            path = value.func.value
            return self.path_key(path), self.path_text(path), self.expression_source(path)
        if not isinstance(value, ast.Call) or not value.args:
            return None
        api = self.resolve(value.func)
        if api == "os.fdopen" and isinstance(value.args[0], ast.Name):
            return self.descriptor_file(value.args[0].id)
        if api not in _OPENERS:
            return None
        mode_node = value.args[1] if len(value.args) > 1 else next(
            (k.value for k in value.keywords if k.arg == "mode"), None)
        mode = None if mode_node is None else self.fold(mode_node)
        if mode is None or not re.search(r"[wax+]", mode):
            return None
        path = value.args[0]
        return self.path_key(path), self.path_text(path), self.expression_source(path)

    def descriptor_file(self, name: str) -> tuple[str, str, str] | None:
        """The file behind a descriptor from `os.open(path)`, `mkstemp()` or `memfd_create`."""
        opened = self.binding(name)
        if not isinstance(opened, ast.Call):
            return None
        opener = self.resolve(opened.func)
        if opener == "os.open" and opened.args:
            path = opened.args[0]
            return self.path_key(path), self.path_text(path), self.expression_source(path)
        if opener == "tempfile.mkstemp":
            # `fd, path = mkstemp()`: both names stand for the same new file
            return "@" + _short(ast.unparse(opened), 300), "a temporary file", ""
        if opener == "os.memfd_create":
            # an anonymous file in memory, run through /proc/self/fd
            return "=/proc/self/fd/", "an in-memory file (memfd)", ""
        return None

    # --- sinks -------------------------------------------------------------------------------

    def check_calls(self, statement: ast.stmt) -> None:
        calls, strings = _calls_and_strings(statement)
        for call in calls:
            self.tick()
            api = self.scopes.resolve(call.func)
            plain = None if api is None else api.replace("()", "")
            self.check_call(call, plain)
            if isinstance(call.func, ast.Name) and call.func.id in self.functions and (
                    plain is None):
                self.pass_arguments(call.func.id, call)
        for literal in strings:
            if isinstance(literal.value, str) and len(literal.value) <= 500:
                self.note_literal(literal)

    def note_literal(self, node: ast.Constant) -> None:
        text = node.value
        assert isinstance(text, str)
        if _DISCORD_TOKEN_RE.search(text):
            self.stores.append(self.step(node, _KSTORE, "searches for Discord tokens"))
            return
        for label, _, _, _, what in match_paths(text):
            if label in _STORE_LABELS:
                self.stores.append(self.step(node, _KSTORE,
                                             f"locates {what} (`{_short(text, 50)}`)"))
            elif label in _PERSISTENCE_LABELS:
                self.persistence_literals.append(
                    self.step(node, "persistence", f"names {what} (`{_short(text, 50)}`)"))

    def keystroke_callbacks(self, call: ast.Call, api: str) -> None:
        """Functions handed to a keyboard hook receive keystrokes: taint their first
        parameter (the second round of the walk sees it)."""
        for argument in [*call.args, *(k.value for k in call.keywords)]:
            if isinstance(argument, ast.Name) and argument.id in self.functions:
                function = self.functions[argument.id]
                names = [a.arg for a in [*function.args.posonlyargs, *function.args.args]]
                if names and names[0] in {"self", "cls"}:
                    names = names[1:]
                if not names:
                    continue
                given = self.params.setdefault(argument.id, {})
                if names[0] not in given:
                    given[names[0]] = frozenset({self.step(call, _KCLIPBOARD,
                                                           f"records keystrokes with `{api}`")})
                    self.changed = True

    def pass_arguments(self, name: str, call: ast.Call) -> None:
        function = self.functions[name]
        arguments = function.args
        names = [a.arg for a in [*arguments.posonlyargs, *arguments.args]]
        if names and names[0] in {"self", "cls"}:
            names = names[1:]
        given = self.params.setdefault(name, {})
        pairs: list[tuple[str, ast.expr]] = list(zip(names, call.args, strict=False))
        pairs += [(k.arg, k.value) for k in call.keywords if k.arg is not None]
        for parameter, argument in pairs:
            value = self.taint(argument)
            if value and not value <= given.get(parameter, _EMPTY):
                given[parameter] = _cap(given.get(parameter, _EMPTY) | value)
                self.changed = True

    def check_call(self, call: ast.Call, api: str | None) -> None:
        name = call.func.id if isinstance(call.func, ast.Name) else (
            call.func.attr if isinstance(call.func, ast.Attribute) else "")
        if name in _PACKED_RUNNERS:
            blob = next((a.value for a in call.args if isinstance(a, ast.Constant)
                         and isinstance(a.value, bytes) and len(a.value) >= 32), None)
            if blob is not None:
                self.report(AlertType.OBFUSCATED_EXEC, call.lineno,
                            f"Runs {len(blob)} bytes of encrypted code through the pyarmor "
                            f"runtime with `{name}` ({self.where(call.lineno)}); what it does "
                            "cannot be read.", api=f"packed:{name}", normalized="pyarmor")
                return
        if name.startswith("RegSetValue") or (api or "").startswith(
                ("winreg.SetValue", "_winreg.SetValue")):
            # winreg, or advapi32 through ctypes: a value under a Run key starts at login
            run_keys = [s for s in self.persistence_literals if "Run" in s.what]
            if run_keys:
                self.report(AlertType.PERSISTENCE, call.lineno,
                            self.chain(run_keys, f"writes a registry value with `{api or name}`",
                                       call.lineno), api="persistence:run-key")
            return
        if isinstance(call.func, ast.Attribute) and call.func.attr in {"write_bytes",
                                                                        "write_text"}:
            self.check_method(call)  # `Path(...).write_bytes(data)` resolves to pathlib
            return
        if api is None and isinstance(call.func, ast.Subscript):
            # `__builtins__["exec"]`, `vars(builtins)["ex" + "ec"]`, `globals()[...][...]`
            key = self.fold(call.func.slice)
            holder = ast.unparse(call.func.value)
            if key in {"exec", "eval", "compile", "__import__"} and (
                    "builtins" in holder or "globals()" in holder):
                self.code_sink(call, f"builtins.{key}")
            return
        if api is None:
            self.check_method(call)
            return
        if api in _RESOLVERS and call.args:
            self.resolver_sink(call, api)
        if api in {"asyncio.open_connection", "socket.create_connection",
                   "asyncio.open_unix_connection"} and call.args:
            address = call.args[0]
            host = address.elts[0] if isinstance(address, ast.Tuple) and address.elts else (
                address)
            folded = self.fold(host)
            if folded and _endpoint_category(folded) is not None:
                self.remote_sockets.append(self.step(call, _KSOCKET, f"connects to `{folded}`"))
        if api == "os.write" and len(call.args) >= 2 and isinstance(call.args[0], ast.Name):
            described = self.descriptor_file(call.args[0].id)
            if described is not None:
                self.file_write(call, described, self.taint(call.args[1]))
                return
        if api == "shutil.copyfileobj" and len(call.args) >= 2 and isinstance(
                call.args[1], ast.Name):
            target = self.lookup_file(call.args[1].id)
            if target is not None:
                self.file_write(call, target, self.taint(call.args[0]))
                return
        if api in _CODE_SINKS:
            self.code_sink(call, api)
            return
        if api in _KEY_LISTENERS or api.endswith(".Listener"):
            self.keystroke_callbacks(call, api)
            return
        if api == "os.dup2" and call.args:
            if any(s.kind == _KSOCKET for s in self.taint(call.args[0])):
                self.dup2.append(self.step(call, "dup2",
                                           "wires the socket to standard input/output"))
            return
        if api.endswith(("ShellExecuteW", "ShellExecuteA", "WinExec")) and call.args:
            show = call.args[-1]
            hidden = isinstance(show, ast.Constant) and show.value == 0
            self.run_written(call, api, list(call.args), hidden=hidden,
                             how="with a hidden window (`nShowCmd=0`)" if hidden else "")
            return
        if api in _LIBRARY_LOADERS and call.args:
            self.run_written(call, api, [call.args[-1] if "spec_from" in api else call.args[0]],
                             hidden=False)
            return
        if api == "urllib.request.urlretrieve" and len(call.args) >= 2:
            url = self.url_of(call)
            self.network_calls.append(self.step(call, "send", "contacts the network"))
            self.written[self.path_key(call.args[1])] = _Written(
                frozenset({self.step(call, _KNETWORK, f"downloads `{_short(url)}`"
                                     if url else "downloads a file")}),
                self.path_text(call.args[1]) or ast.unparse(call.args[1])[:60], call.lineno)
            return
        if api in _COPIERS and len(call.args) >= 2:
            self.copy(call)
            return
        capability = lookup(api)
        if capability is None and "." in api and api.rsplit(".", 1)[-1] in _NET_METHODS:
            # `smtplib.SMTP(...).send_message`, `ftplib.FTP(...).storbinary`: a method of an
            # object the taxonomy knows as a network client.
            owner = lookup(api.rsplit(".", 1)[0])
            if owner is not None and owner.type is AlertType.NETWORK:
                self.network_sink(call, api)
                return
        if capability is None:
            if api.startswith(("os.spawn", "os.exec", "os.posix_spawn")) or (
                    api in _RUNNERS_OF_PATHS):
                self.process_sink(call, api)
            else:
                self.check_method(call)
            return
        if capability.type is AlertType.NETWORK:
            self.network_sink(call, api)
        elif capability.type is AlertType.SHELL or api in _RUNNERS_OF_PATHS:
            self.process_sink(call, api)

    def check_method(self, call: ast.Call) -> None:
        func = call.func
        if not isinstance(func, ast.Attribute):
            return
        receiver = func.value
        if func.attr in _MUTATORS and isinstance(receiver, ast.Name) and (
                call.args or call.keywords):
            self.mutate(receiver.id, self.args_taint(call, 0))
        if func.attr == "setopt" and len(call.args) >= 2 and isinstance(
                call.args[1], ast.Name) and ast.unparse(call.args[0]).endswith(
                ("WRITEDATA", "WRITEFUNCTION", "FILE")):
            # pycurl writes the response into an open file
            opened = self.lookup_file(call.args[1].id)
            if opened is not None:
                self.file_write(call, opened, frozenset({self.step(
                    call, _KNETWORK, "downloads with `pycurl`")}))
            return
        if func.attr in {"write", "writelines"} and call.args:
            opened = self.lookup_file(receiver.id) if isinstance(receiver, ast.Name) else (
                self.opened_for_write(receiver))
            if opened is not None:
                self.file_write(call, opened, self.taint(call.args[0]))
            return
        if func.attr in {"write_text", "write_bytes"} and call.args:
            target = receiver.args[0] if isinstance(receiver, ast.Call) and receiver.args else (
                receiver)
            self.file_write(call, (self.path_key(target), self.path_text(target),
                                   self.expression_source(target)), self.taint(call.args[0]))
            return
        if func.attr in {"connect", "connect_ex"} and isinstance(receiver, ast.Name) and (
                call.args) and any(s.kind == _KSOCKET for s in self.taint(receiver)):
            self.network_sink(call, "socket.socket.connect")  # an ssl-wrapped socket
            return
        if func.attr in _NET_METHODS:
            receiver_taint = self.taint(receiver)
            if any(s.kind == _KSOCKET for s in receiver_taint) and func.attr in {
                    "send", "sendall", "sendto"}:
                self.network_sink(call, "socket.socket.send")

    def lookup_file(self, name: str) -> tuple[str, str, str] | None:
        for table in reversed(self.files):
            if name in table:
                return table[name]
        return None

    def code_sink(self, call: ast.Call, api: str) -> None:
        if not call.args:
            return
        runner = _CODE_SINKS[api]
        argument = call.args[0]
        value = self.taint(argument)
        fetched = [s for s in value if s.kind == _KNETWORK]
        if fetched:
            self.report(AlertType.DOWNLOAD_EXEC, call.lineno,
                        self.chain(fetched, f"runs it with `{runner}`", call.lineno),
                        api=api, normalized="fetched")
        local = self.read_of_written(argument)
        if local is not None and any(s.kind == _KNETWORK for s in local.taint):
            self.report(AlertType.DOWNLOAD_EXEC, call.lineno,
                        self.chain([*local.taint, Step(local.line, "write",
                                                       f"writes it to `{_short(local.path)}`")],
                                   f"runs it with `{runner}`", call.lineno),
                        api=api, normalized="dropped")
        if api in {"builtins.__import__", "importlib.import_module"}:
            module = self.fold(argument)
            leaf = None if module is None else module.rsplit(".", 1)[-1]
            for written in self.written.values():
                if leaf and written.path.replace("\\", "/").endswith(f"/{leaf}.py") and any(
                        s.kind == _KNETWORK for s in written.taint):
                    self.report(AlertType.DOWNLOAD_EXEC, call.lineno, self.chain(
                        [*written.taint, Step(written.line, "write",
                                              f"writes it to `{_short(written.path)}`")],
                        f"imports it with `{runner}`", call.lineno), api=api,
                        normalized="dropped-module")
                    break
        decoded = [s for s in value if s.kind == _KDECODED]
        payload = decode_payload(argument, self.scopes.resolve, self.binding)
        hidden = ""
        if payload is not None and api not in {"builtins.__import__",
                                               "importlib.import_module"}:
            hidden = self.analyze_payload(payload[0], call.lineno, bool(decoded))
        if decoded and call.lineno not in self.visitor_exec_lines:
            reason = self.chain(decoded, f"runs the result with `{runner}`", call.lineno)
            if hidden:
                reason = reason.removesuffix(".") + f"; {hidden}."
            chain_kind = "+".join(sorted({s.what.split("`")[1] if "`" in s.what else s.what
                                          for s in decoded}))
            self.report(AlertType.OBFUSCATED_EXEC, call.lineno, reason, api=api,
                        normalized=_short(chain_kind, 120))
        elif hidden:
            self.notes[call.lineno] = hidden

    def analyze_payload(self, text: str, line: int, decoded: bool) -> str:
        """Analyze decoded code; re-report its threats here and name the calls it hides."""
        result = self.nested(text)
        if result is None:
            return ""
        calls: list[str] = []
        for finding in result.findings:
            if finding.type in THREAT_TYPES:
                self.report(finding.type, line,
                            f"In code decoded at {self.where(line)}: {finding.reason}",
                            api=finding.api, normalized=finding.normalized)
            elif finding.type in {AlertType.NETWORK, AlertType.SHELL, AlertType.DYNAMIC_CODE,
                                  AlertType.FILESYSTEM_WRITE, AlertType.ENV_SECRETS,
                                  AlertType.SENSITIVE_READ, AlertType.SYSTEM_HOOKS,
                                  AlertType.NATIVE_CODE, AlertType.SUSPICIOUS_URL}:
                if finding.api and finding.api not in calls:
                    calls.append(finding.api)
                if not decoded and finding.type is not AlertType.DYNAMIC_CODE:
                    # A constant string run as code: its capabilities are this file's too.
                    self.report(finding.type, line,
                                f"In code run from a string at {self.where(line)}: "
                                f"{finding.reason}", api=finding.api,
                                normalized=finding.normalized)
        if not calls:
            return ""
        shown = ", ".join(f"`{c}`" for c in calls[:8])
        more = f" and {len(calls) - 8} more" if len(calls) > 8 else ""
        return f"the hidden code calls {shown}{more}"

    def read_of_written(self, node: ast.expr) -> _Written | None:
        """The dropped file `open(path).read()` reads, when this module wrote `path`."""
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
                node.func.attr == "read") and isinstance(node.func.value, ast.Call):
            opener = node.func.value
            if self.resolve(opener.func) in _OPENERS and opener.args:
                return self.written.get(self.path_key(opener.args[0]))
        return None

    def connected_sockets(self) -> list[Step]:
        """Sockets of the current function that connect()ed to a host outside this machine."""
        found: list[Step] = []
        for name, host in self.endpoints.items():
            if name in self.env[-1] and _endpoint_category(host) is not None:
                found.extend(s for s in self.env[-1][name] if s.kind == _KSOCKET)
        return found

    def destination(self, call: ast.Call) -> str:
        """Where a send goes: its URL argument, its client's constructor or connect()."""
        url = self.url_of(call)
        func = call.func
        if url or not isinstance(func, ast.Attribute):
            return url
        receiver = func.value
        if isinstance(receiver, ast.Call):
            return self.url_of(receiver)
        if isinstance(receiver, ast.Name):
            if receiver.id in self.endpoints:
                return self.endpoints[receiver.id]
            bound = self.binding(receiver.id)
            if isinstance(bound, ast.Call):
                return self.url_of(bound)
        return ""

    def network_sink(self, call: ast.Call, api: str) -> None:
        line = call.lineno
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in {"connect", "connect_ex"} and (
                isinstance(func.value, ast.Name) and call.args):
            address = call.args[0]
            host = address.elts[0] if isinstance(address, ast.Tuple) and address.elts else (
                address)
            folded = self.fold(host)
            if folded:
                self.endpoints[func.value.id] = folded
                if _endpoint_category(folded) is not None:
                    self.remote_sockets.append(self.step(call, _KSOCKET,
                                                         f"connects to `{folded}`"))
            elif any(s.kind == _KDECODED for s in self.taint(host)):
                self.remote_sockets.append(self.step(call, _KSOCKET,
                                                     "connects to a decoded address"))
        self.network_calls.append(self.step(call, "send", f"contacts the network with `{api}`"))
        sent = {s for s in self.args_taint(call, 0) if s.kind in _SENSITIVE_KINDS}
        func = call.func
        if isinstance(func, ast.Attribute):
            sent |= {s for s in self.taint(func.value) if s.kind in _SENSITIVE_KINDS}
        if not sent:
            return
        url = self.destination(call)
        category = _endpoint_category(url)
        suspicious = category is not None
        where = f"`{_short(url)}`" if url else "the network"
        if category:
            where = f"a {category} ({where})"
        in_function = self.current[-1] if self.current else None
        at_import = in_function is None or in_function in self.called_at_import
        severe = {s for s in sent if s.kind in _ALWAYS_EXFIL_KINDS}
        if not (severe or suspicious or self.install_time or (
                at_import and self.file.role is FileRole.PACKAGE_INIT)):
            return
        shown = severe or sent
        self.report(AlertType.EXFILTRATION, line,
                    self.chain(shown, f"sends it to {where} with `{api}`", line),
                    api=f"exfiltration:{api}",
                    normalized="+".join(sorted({s.kind for s in shown})))

    def resolver_sink(self, call: ast.Call, api: str) -> None:
        """A name looked up in DNS that carries encoded data or a secret in its labels."""
        host = call.args[0]
        if self.fold(host) is not None:
            return
        sent = [s for s in self.taint(host) if s.kind in _SENSITIVE_KINDS]
        source = self.expression_source(host)
        encoded = _ENCODERS.search(source)
        if not (sent or encoded) or not isinstance(host, ast.BinOp | ast.JoinedStr | ast.Call
                                                   | ast.Name):
            return
        literal = self.literal_text(host).rstrip(".")
        if "." not in literal or literal.endswith(_LOCAL_DOMAINS):
            return  # a computed host, or this machine's own name on the local network
        how = f"encodes data with `{encoded.group()}`" if encoded else ""
        steps = sent or [self.step(call, "encode", how)]
        self.report(AlertType.EXFILTRATION, call.lineno,
                    self.chain(steps, f"sends it in a DNS name looked up with `{api}`",
                               call.lineno), api=f"exfiltration:{api}", normalized="dns")

    def inline_code(self, call: ast.Call) -> str | None:
        """The code of `[sys.executable, "-c", CODE]` when CODE is a literal (or decodes)."""
        if not call.args or not isinstance(call.args[0], ast.List | ast.Tuple):
            return None
        elements = call.args[0].elts
        for position, element in enumerate(elements[:-1]):
            if self.fold(element) == "-c":
                decoded = decode_payload(elements[position + 1], self.scopes.resolve,
                                         self.binding)
                return None if decoded is None else decoded[0]
        return None

    def literal_text(self, node: ast.expr) -> str:
        """The string literals of an expression (names resolved one level), concatenated:
        enough to recognise `"start /b " + path` when `path` is computed."""
        parts: list[str] = []
        for child in ast.walk(node):
            if isinstance(child, ast.Constant) and isinstance(child.value, str):
                parts.append(child.value)
            elif isinstance(child, ast.Name):
                bound = self.binding(child.id)
                if bound is not None and not isinstance(bound, ast.Name):
                    parts.extend(c.value for c in ast.walk(bound)
                                 if isinstance(c, ast.Constant) and isinstance(c.value, str))
            if len(parts) > 50:
                break
        return "".join(parts)[:1000]

    def command_text(self, call: ast.Call) -> str:
        parts: list[str] = []
        for argument in call.args[:3]:
            elements = argument.elts if isinstance(argument, ast.List | ast.Tuple) else [argument]
            for element in elements[:20]:
                folded = self.fold(element)
                if folded is None and isinstance(element, ast.Call | ast.BinOp):
                    decoded = decode_payload(element, self.scopes.resolve, self.binding)
                    folded = None if decoded is None or len(decoded[0]) > 2000 else decoded[0]
                if folded is None and isinstance(element, ast.BinOp | ast.JoinedStr):
                    folded = self.literal_text(element)
                if folded is not None:
                    parts.append(folded)
                elif isinstance(element, ast.Name):
                    bound = self.binding(element.id)
                    folded = None if bound is None else self.fold(bound)
                    if folded is None and isinstance(bound, ast.BinOp | ast.JoinedStr):
                        folded = self.literal_text(bound)  # `command = f"... {target}"`
                    parts.append(folded if folded is not None else "")
        return " ".join(p for p in parts if p)[:1000]

    def is_hidden(self, call: ast.Call, command: str) -> str | None:
        for keyword in call.keywords:
            if keyword.arg == "creationflags":
                text = ast.unparse(keyword.value)
                if any(word in text for word in _HIDDEN_FLAG_WORDS):
                    return "without a window (`creationflags`)"
                if any(isinstance(n, ast.Constant) and n.value in _HIDDEN_FLAG_VALUES
                       for n in ast.walk(keyword.value)):
                    return "without a window (`creationflags`)"
            if keyword.arg == "start_new_session" and not (
                    isinstance(keyword.value, ast.Constant) and not keyword.value.value):
                return "detached (`start_new_session`)"
            if keyword.arg == "preexec_fn" and self.resolve(keyword.value) == "os.setsid":
                return "detached (`os.setsid`)"
            if keyword.arg == "startupinfo":
                return "with a hidden window (`startupinfo`)"
        match = _HIDDEN_COMMAND.search(command)
        if match:
            return f"hidden (`{match.group().strip()}`)"
        return None

    def referenced_written(self, call: ast.Call, nodes: list[ast.expr]) -> _Written | None:
        if not self.written:
            return None
        command = self.command_text(call)
        if command:
            for key, written in self.written.items():
                if key.startswith("=") and len(key) > 4 and key[1:] in command:
                    return written
        stack: list[ast.AST] = list(nodes)
        checked = 0
        while stack and checked < 200:
            checked += 1
            current = stack.pop()
            if isinstance(current, ast.expr) and not isinstance(current, ast.Constant
                                                                | ast.List | ast.Tuple):
                found = self.written.get(self.path_key(current))
                if found is not None:
                    return found
            if isinstance(current, ast.Constant) and isinstance(current.value, str):
                found = self.written.get("=" + current.value)
                if found is not None:
                    return found
            stack.extend(ast.iter_child_nodes(current))
        return None

    def run_written(self, call: ast.Call, api: str, nodes: list[ast.expr], *,
                    hidden: bool, how: str = "") -> bool:
        dropped = self.referenced_written(call, nodes)
        if dropped is None:
            return False
        line = call.lineno
        steps = [*dropped.taint, Step(dropped.line, "write",
                                      f"writes it to `{_short(dropped.path)}`")]
        verb = "loads it" if api in _LIBRARY_LOADERS else "runs it"
        last = f"{verb} with `{api}`" + (f" {how}" if how else "")
        if any(s.kind == _KNETWORK for s in dropped.taint):
            self.report(AlertType.DOWNLOAD_EXEC, line, self.chain(steps, last, line), api=api,
                        normalized="dropped")
        elif any(s.kind == _KDECODED for s in dropped.taint) and not hidden:
            self.report(AlertType.OBFUSCATED_EXEC, line, self.chain(steps, last, line),
                        api=api, normalized="dropped-decoded")
        if hidden:
            self.report(AlertType.HIDDEN_PROCESS, line, self.chain(steps, last, line),
                        api=api, normalized="dropped")
        return True

    def process_sink(self, call: ast.Call, api: str) -> None:
        line = call.lineno
        command = self.command_text(call)
        arguments = list(call.args)
        # the environment handed to `os.execve(path, args, env)` is not the command
        commanded = arguments[:2] if api.startswith("os.posix_spawn") else arguments[:-1] if (
            api.startswith(("os.exec", "os.spawn")) and api.endswith("e")) else arguments
        value = self.args_taint(call, 0) if api == "pty.spawn" else _cap(frozenset(
            s for a in commanded for s in self.taint(a)))
        # Reverse shells: a socket on the standard streams, a shell after dup2, or the idiom.
        streams = [k.value for k in call.keywords if k.arg in {"stdin", "stdout", "stderr"}]
        socket_steps = [s for node in streams for s in self.taint(node) if s.kind == _KSOCKET]
        if socket_steps:
            self.report(AlertType.REVERSE_SHELL, line,
                        self.chain(socket_steps, f"connects it to a process started with "
                                                 f"`{api}`", line), api="reverse-shell:streams")
        elif self.dup2 and (api in {"pty.spawn", "os.execv", "os.execl", "os.execve",
                                    "os.execvp", "os.execlp"} or _SHELLS.search(command)):
            self.report(AlertType.REVERSE_SHELL, line,
                        self.chain(self.dup2, f"starts a shell with `{api}`", line),
                        api="reverse-shell:dup2")
        elif (_SHELLS.search(command) and any(
                k.arg == "stdin" and self.resolve(k.value) == "subprocess.PIPE"
                for k in call.keywords) and self.connected_sockets()):
            self.report(AlertType.REVERSE_SHELL, line,
                        self.chain(self.connected_sockets(), f"starts a shell with piped "
                                   f"input with `{api}` beside it", line),
                        api="reverse-shell:relay")
        elif self.remote_sockets and _SHELLS.search(command) and not _SHELL_ARGUMENT.search(
                command) and (api.startswith(("os.exec", "pty.", "os.posix_spawn")) or any(
                k.arg in {"stdin", "stdout"} for k in call.keywords)):
            # An interactive shell with nothing to run, its streams piped or replacing a
            # forked child, in a module that connects out: someone remote types into it.
            self.report(AlertType.REVERSE_SHELL, line,
                        self.chain(self.remote_sockets[:2], f"starts an interactive shell "
                                   f"with `{api}` to relay it", line), api="reverse-shell:relay")
        elif _REVERSE_SHELL_TEXT.search(command):
            self.report(AlertType.REVERSE_SHELL, line,
                        f"Starts a reverse shell with `{api}` (`{_short(command)}`) "
                        f"({self.where(line)}).", api="reverse-shell:command")
        fed = " ".join(self.literal_text(k.value) for k in call.keywords if k.arg == "input")
        downloader = _DOWNLOAD_RUN_COMMAND.search(command) or _DOWNLOAD_RUN_COMMAND.search(fed)
        if downloader and not ({s.kind for s in value} & {_KNETWORK}):
            shown = command if _DOWNLOAD_RUN_COMMAND.search(command) else fed
            self.report(AlertType.DOWNLOAD_EXEC, line,
                        f"Runs a command that downloads and runs code with `{api}` "
                        f"(`{_short(shown, 80)}`) ({self.where(line)}).", api=api,
                        normalized="command")
            hidden_start = self.is_hidden(call, command)
            if hidden_start:
                self.report(AlertType.HIDDEN_PROCESS, line,
                            f"Starts that download-and-run command {hidden_start} with "
                            f"`{api}` ({self.where(line)}).", api=api, normalized="command")
        if _IDENTITY_BEACON.search(command):
            self.report(AlertType.EXFILTRATION, line,
                        f"Sends the user or host name in a command run with `{api}` "
                        f"(`{_short(command, 80)}`) ({self.where(line)}).", api=api,
                        normalized="identity-command")
        inline = self.inline_code(call)
        if inline:
            nested_threats = len(self.found)
            self.analyze_payload(inline, line, True)
            if len(self.found) > nested_threats and self.is_hidden(call, command):
                self.report(AlertType.HIDDEN_PROCESS, line,
                            f"Starts inline Python code that does the above "
                            f"{self.is_hidden(call, command)} with `{api}` "
                            f"({self.where(line)}).", api=api, normalized="inline-code")
        one_liner = _PYTHON_C.search(command)
        if one_liner:
            self.analyze_payload(one_liner.group(2).replace('\\"', '"'), line, True)
        if _PERSISTENCE_COMMAND.search(command):
            self.report(AlertType.PERSISTENCE, line,
                        f"Registers a start-up task with `{api}` (`{_short(command)}`) "
                        f"({self.where(line)}).", api="persistence:command",
                        normalized=command.split()[0].rsplit("/", 1)[-1][:40])
        hidden = self.is_hidden(call, command)
        fetched = [s for s in value if s.kind == _KNETWORK]
        decoded = [s for s in value if s.kind == _KDECODED]
        if fetched:
            self.report(AlertType.DOWNLOAD_EXEC, line,
                        self.chain(fetched, f"runs it as a command with `{api}`", line),
                        api=api, normalized="fetched")
        elif decoded:
            self.report(AlertType.OBFUSCATED_EXEC, line,
                        self.chain(decoded, f"runs it as a command with `{api}`", line),
                        api=api, normalized="decoded-command")
        ran_dropped = self.run_written(call, api, arguments, hidden=hidden is not None,
                                       how=hidden or "")
        in_function = self.current[-1] if self.current else None
        if hidden and not ran_dropped and not (fetched or decoded) and (
                in_function is None and self.file.role is not FileRole.NOT_INSTALLED
                and arguments and "__file__" in self.expression_source(arguments[0])
                and not re.search(r"\.pyw?\b|sys\.executable", ast.unparse(arguments[0]))):
            self.report(AlertType.HIDDEN_PROCESS, line,
                        f"Starts a program shipped in the package "
                        f"(`{_short(ast.unparse(arguments[0]), 60)}`) {hidden} with `{api}` "
                        f"when the module is imported ({self.where(line)}).", api=api,
                        normalized="bundled")
        if hidden and not ran_dropped and (fetched or decoded):
            self.report(AlertType.HIDDEN_PROCESS, line,
                        self.chain(fetched or decoded, f"starts it {hidden} with `{api}`", line),
                        api=api, normalized="tainted")

    def copy(self, call: ast.Call) -> None:
        source, target = call.args[0], call.args[1]
        text = self.path_text(target)
        copied = self.written.get(self.path_key(source))
        taint = (copied.taint if copied else _EMPTY) | self.path_taint(call, source)
        self.written[self.path_key(target)] = _Written(taint, text or ast.unparse(target)[:60],
                                                       call.lineno)
        self.persistence_target(call, text, _EMPTY, copied=True, target=target)

    def file_write(self, call: ast.Call, opened: tuple[str, str, str], data: Taint) -> None:
        key, path, source = opened
        previous = self.written.get(key)
        merged = _cap(data | (previous.taint if previous else _EMPTY))
        self.written[key] = _Written(merged, path or key.lstrip("=$@"), call.lineno)
        self.persistence_target(call, path, data, copied=False, content=call.args[0],
                                source=source)

    def persistence_target(self, call: ast.Call, path: str, data: Taint, *, copied: bool,
                           content: ast.expr | None = None, target: ast.expr | None = None,
                           source: str = "") -> None:
        if not path:
            return
        target_source = source or ("" if target is None else self.expression_source(target))
        line = call.lineno
        verb = "copies a file into" if copied else "writes"
        labels = [(label, what) for label, _, _, _, what in match_paths(path)
                  if label in _PERSISTENCE_LABELS]
        tail = path.replace("\\", "/").rstrip("/")
        in_function = self.current[-1] if self.current else None
        runs_unasked = self.install_time or in_function is None or (
            in_function in self.called_at_import)
        if labels and labels[0][0] == "persistence:autostart" and not (
                data or copied or runs_unasked):
            return  # a desktop app's "start at login" setting, written when the user asks
        if labels:
            label, what = labels[0]
            self.report(AlertType.PERSISTENCE, line,
                        f"{verb.capitalize()} {what} (`{_short(path)}`) ({self.where(line)}).",
                        api=label)
        elif any(s.kind == _KNETWORK for s in data) and _FOREIGN_CODE.search(tail):
            self.report(AlertType.PERSISTENCE, line,
                        f"Replaces another application's code (`{_short(path)}`) with "
                        f"downloaded data ({self.where(line)}).", api="persistence:app-code")
        elif tail.endswith("authorized_keys"):
            self.report(AlertType.PERSISTENCE, line,
                        f"{verb.capitalize()} an SSH key into `{_short(path)}` "
                        f"({self.where(line)}).", api="persistence:authorized-keys")
        elif _STARTUP_CODE.search(tail):
            text = "" if content is None else (self.fold(content) or "")
            risky = data or copied or re.search(r"exec|eval|base64|subprocess|urlopen|socket|"
                                                r"os\.system|compile|marshal", text)
            # pip and setuptools' tests write sitecustomize.py into throw-away environments;
            # malware writes it where every interpreter of the machine will find it.
            # A .pth that only imports is what editable installs and coverage write.
            if risky or (tail.endswith(".py") and _SITE_DIR.search(target_source)):
                self.report(AlertType.PERSISTENCE, line,
                            f"{verb.capitalize()} interpreter start-up code (`{_short(path)}`) "
                            f"({self.where(line)}).", api="persistence:startup-code")
        elif _SHELL_RC.search(tail) and (data or runs_unasked):
            self.report(AlertType.PERSISTENCE, line,
                        f"{verb.capitalize()} a shell start-up file (`{_short(path)}`) "
                        f"({self.where(line)}).", api="persistence:shell-rc")

    def finish(self) -> None:
        self.credential_theft()
        if self.install_time:
            for kind, line, reason, _, _ in list(self.found):
                if kind in THREAT_TYPES and kind is not AlertType.INSTALL_TIME_PAYLOAD:
                    self.report(AlertType.INSTALL_TIME_PAYLOAD, line,
                                f"Runs on install: {reason[0].lower()}{reason[1:]}",
                                api=f"install:{kind.value}")

    def credential_theft(self) -> None:
        if not self.stores:
            return
        categories = {_store_category(s.what) for s in self.stores}
        if len(categories) < 2 and not self.network_calls:
            return
        first = min(self.stores)
        steps = sorted(set(self.stores))[:4]
        if self.network_calls:
            send = min(self.network_calls)
            reason = self.chain(steps, "uses the network", send.line)
        else:
            reason = self.chain(steps[:-1], steps[-1].what, steps[-1].line)
        self.report(AlertType.CREDENTIAL_THEFT, first.line, reason,
                    api="credential-theft", normalized="+".join(sorted(categories)))


_PRIVATE_NETS = tuple(ipaddress.ip_network(n) for n in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"))


def _endpoint_category(url: str) -> str | None:
    """Why a URL (or bare host) is an endpoint data should never go to, or None.

    Raw IP addresses count unless loopback, link-local or private-network (local services);
    documentation ranges count (defanged samples stand them in for real addresses)."""
    if "://" in url:
        found = find_suspicious_urls(url)
        if found:
            return found[0].category
    host = url.split("://", 1)[-1].split("/", 1)[0].rsplit("@", 1)[-1]
    host = host[1:].split("]")[0] if host.startswith("[") else host.split(":")[0]
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if address.is_loopback or address.is_link_local or address.is_unspecified or any(
            address in net for net in _PRIVATE_NETS if net.version == address.version):
        return None
    return "raw IP address"


def _store_category(what: str) -> str:
    for word in ("browser", "wallet", "Discord", "Telegram", "keychain", "game"):
        if word in what:
            return word.lower()
    return what


def _attribute_key(node: ast.Attribute) -> str | None:
    if isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    return None


def _cap(taint: Taint) -> Taint:
    if len(taint) <= _MAX_STEPS_PER_VALUE:
        return taint
    return frozenset(sorted(taint)[:_MAX_STEPS_PER_VALUE])


def _is_reverse(piece: ast.Slice) -> bool:
    step = piece.step
    if piece.lower is not None or piece.upper is not None or step is None:
        return False
    if isinstance(step, ast.UnaryOp) and isinstance(step.op, ast.USub):
        return isinstance(step.operand, ast.Constant) and step.operand.value == 1
    return isinstance(step, ast.Constant) and step.value == -1


def _literal_pieces(node: ast.expr) -> bool:
    """A join over at least three literal pieces or character codes (`chr(112)`)."""
    if isinstance(node, ast.List | ast.Tuple):
        return len(node.elts) >= 3 and all(
            (isinstance(e, ast.Constant) and isinstance(e.value, str) and len(e.value) <= 8)
            or (isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id == "chr")
            for e in node.elts)
    if isinstance(node, ast.GeneratorExp | ast.ListComp):
        element = node.elt
        return isinstance(element, ast.Call) and isinstance(element.func, ast.Name) and (
            element.func.id == "chr")
    return False


_COMPOUND = (ast.ClassDef, ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith,
             ast.Try, ast.TryStar, ast.Match)
# Spellings of sources and decoders (sinks and sensitive literals are findings already).
_SOURCE_WORDS = re.compile(
    r"environ|getenv|getuser|gethostname|getlogin|getnode|node\(|uname|getfqdn|expanduser"
    r"|lipboard|paste\(|ImageGrab|screenshot|decode|decompress|decrypt|fromhex|unhexlify"
    r"|a2b_|::-1|join\(|chr\(|bytes\(|bytearray\(|marshal|codecs|socket|fileno|Fernet"
    r"|AES|urlopen|urlretrieve|requests|lambda|Listener|on_press|hook|cookie|Cookie"
    r"|RegSetValue|RegCreateKey|memfd_create|mkstemp|fdopen|copyfileobj|\.read\("
    # sinks the capability table does not list: methods of clients, sockets, files
    r"|\.(?:send|sendall|sendto|post|put|patch|request|sendmail|send_message|storbinary"
    r"|storlines|execute|upload|write|writelines|write_text|write_bytes|connect)\(")
_NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_BODY_FIELDS = frozenset({"body", "orelse", "finalbody", "handlers", "cases"})
# Fields that never hold a node worth visiting (names, operators, contexts).
_SCALAR_FIELDS = frozenset({"ctx", "id", "attr", "name", "arg", "asname", "module", "level",
                            "kind", "type_comment", "conversion", "is_async", "names", "op",
                            "ops", "simple", "lineno", "returns", "decorator_list"})
_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {}


def _fields(cls: type[ast.AST]) -> tuple[str, ...]:
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = () if cls is ast.Constant else tuple(
            f for f in cls._fields if f not in _SCALAR_FIELDS)
        _FIELDS[cls] = fields
    return fields


def _calls_and_strings(statement: ast.stmt) -> tuple[list[ast.Call], list[ast.Constant]]:
    """A statement's own calls (inner before outer) and string literals, without nested
    bodies or scopes."""
    calls: list[ast.Call] = []
    strings: list[ast.Constant] = []
    stack: list[tuple[ast.AST, bool]] = []
    for field in _fields(statement.__class__):
        if field in _BODY_FIELDS:
            continue
        value = getattr(statement, field, None)
        if isinstance(value, list):
            stack.extend((item, False) for item in reversed(value) if isinstance(item, ast.AST))
        elif isinstance(value, ast.AST):
            stack.append((value, False))
    while stack:
        current, done = stack.pop()
        cls = current.__class__
        if done:
            calls.append(current)  # type: ignore[arg-type]
            continue
        if cls is ast.Constant:
            if isinstance(current.value, str):  # type: ignore[attr-defined]
                strings.append(current)  # type: ignore[arg-type]
            continue
        if cls in _NESTED_SCOPES:
            continue
        if cls is ast.Call:
            stack.append((current, True))
        for field in _fields(cls):
            value = getattr(current, field, None)
            if value.__class__ is list:
                stack.extend((item, False) for item in value if isinstance(item, ast.AST))
            elif value is not None:
                stack.append((value, False))
    return calls, strings


def _interesting_lines(text: str, sink: FindingSink) -> list[int]:
    """Lines where a chain can start or end: every finding's line (capabilities are the
    sinks, sensitive literals the stores) and every line spelling a source or decoder."""
    lines = {f.line for f in sink.findings if f.line is not None}
    starts = [0]
    position = text.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    for match in _SOURCE_WORDS.finditer(text):
        lines.add(bisect.bisect_right(starts, match.start()))
    return sorted(lines)


def find_threats(tree: ast.Module, file: SourceFile, sink: FindingSink,
                 nested: NestedAnalyzer, text: str) -> dict[int, str]:
    """Add the module's threat findings to `sink`; returns notes (hidden calls) per line
    for the obfuscated-exec findings the capability walk already made."""
    exec_lines = {f.line for f in sink.findings
                  if f.type is AlertType.OBFUSCATED_EXEC and f.line is not None}
    interesting = _interesting_lines(text, sink)
    walker = _Walker(file, nested, exec_lines, emit=False)
    walker.interesting = interesting
    try:
        walker.run(tree)
        if walker.changed and (walker.params or walker.returns):
            # Second round: call sites and return values seen after a function's body.
            again = _Walker(file, nested, exec_lines, emit=True)
            again.interesting = interesting
            again.params, again.returns = walker.params, walker.returns
            again.run(tree)
            walker = again
    except (_OverBudget, RecursionError):
        return {}
    has_payload = any(f.type is AlertType.INSTALL_TIME_PAYLOAD for f in sink.findings)
    for kind, line, reason, api, normalized in walker.found:
        if has_payload and api.startswith("install:"):
            continue  # setup.py already shows an install-time payload: one is enough
        sink.add(kind, Severity.CRITICAL, line, reason, api=api, normalized=normalized)
    return walker.notes

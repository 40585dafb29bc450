"""The capability table parses, names real alert types, and covers the brief's APIs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.analysis.taxonomy import TaxonomyError, load_taxonomy, lookup, parse_taxonomy
from bot.model import AlertType

ANALYSIS = Path(__file__).resolve().parents[2] / "bot" / "analysis"


def test_table_parses_and_is_broad() -> None:
    table = load_taxonomy()
    assert len(table) >= 340
    kinds = {capability.type for capability in table.values()}
    assert kinds == {
        AlertType.NETWORK, AlertType.SHELL, AlertType.DYNAMIC_CODE, AlertType.FILESYSTEM_WRITE,
        AlertType.SENSITIVE_READ, AlertType.ENV_SECRETS, AlertType.NATIVE_CODE,
        AlertType.SYSTEM_HOOKS,
    }
    for api, capability in table.items():
        assert api == capability.api
        assert not capability.description.endswith(".")


@pytest.mark.parametrize(
    ("api", "kind"),
    [
        ("socket.socket", "network"), ("urllib3.PoolManager", "network"),
        ("http.client.HTTPSConnection", "network"), ("httpx.AsyncClient", "network"),
        ("aiohttp.ClientSession", "network"), ("ftplib.FTP", "network"),
        ("smtplib.SMTP", "network"), ("dns.resolver.resolve", "network"),
        ("paramiko.SSHClient", "network"), ("pycurl.Curl", "network"),
        ("asyncio.open_connection", "network"), ("websockets.connect", "network"),
        ("xmlrpc.client.ServerProxy", "network"), ("socketserver.TCPServer", "network"),
        ("subprocess.Popen", "shell"), ("os.posix_spawn", "shell"), ("pty.spawn", "shell"),
        ("os.forkpty", "shell"), ("commands.getoutput", "shell"), ("platform.popen", "shell"),
        ("marshal.loads", "dynamic-code"), ("types.CodeType", "dynamic-code"),
        ("runpy.run_path", "dynamic-code"), ("imp.load_source", "dynamic-code"),
        ("dill.loads", "dynamic-code"), ("importlib.machinery.SourceFileLoader", "dynamic-code"),
        ("shutil.rmtree", "filesystem-write"), ("os.chmod", "filesystem-write"),
        ("win32crypt.CryptUnprotectData", "sensitive-read"),
        ("ctypes.windll.LoadLibrary", "native-code"), ("cffi.FFI.dlopen", "native-code"),
        ("pynput.keyboard.Listener", "system-hooks"), ("mss.mss", "system-hooks"),
        ("pyautogui.screenshot", "system-hooks"), ("winreg.SetValueEx", "system-hooks"),
    ],
)
def test_brief_apis_are_covered(api: str, kind: str) -> None:
    capability = lookup(api)
    assert capability is not None
    assert capability.type.value == kind


def test_call_results_are_looked_up_without_parentheses() -> None:
    capability = lookup("requests.Session().get")
    assert capability is None or capability.api == "requests.Session.get"
    found = lookup("cffi.FFI().dlopen")
    assert found is not None
    assert found.api == "cffi.FFI.dlopen"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("api,kind\n", "capabilities.csv: unexpected header ['api', 'kind']"),
        ("api,alert_type,severity,description\nos.system,shell,huge,Runs\n",
         "capabilities.csv:2: 'HUGE'"),
        ("api,alert_type,severity,description\nos.system,nope,high,Runs\n",
         "capabilities.csv:2: 'nope' is not a valid AlertType"),
        ("api,alert_type,severity,description\na,shell,high,Runs\na,shell,high,Runs\n",
         "capabilities.csv:3: duplicate api 'a'"),
        ("api,alert_type,severity,description\n,shell,high,Runs\n",
         "capabilities.csv:2: empty api or description"),
    ],
)
def test_malformed_tables_are_rejected(text: str, message: str) -> None:
    with pytest.raises(TaxonomyError) as caught:
        parse_taxonomy(text)
    assert str(caught.value) == message


def _emitted_alert_types() -> set[str]:
    """Every `AlertType.X` named in the analyzer's source."""
    names: set[str] = set()
    for path in ANALYSIS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id == "AlertType"):
                names.add(node.attr)
    return names


def test_every_emitted_alert_type_exists() -> None:
    emitted = _emitted_alert_types()
    assert len(emitted) >= 15
    assert emitted <= set(AlertType.__members__)

"""Path and name patterns for sensitive reads, persistence locations and secret env vars."""

from __future__ import annotations

import re

from bot.model import AlertType, Severity

__all__ = ["PathRule", "is_secret_env_name", "match_paths", "might_match_paths"]

_SEP = r"[/\\]+"

PathRule = tuple[str, re.Pattern[str], AlertType, Severity, str]


def _rule(label: str, pattern: str, kind: AlertType, what: str,
          severity: Severity = Severity.HIGH) -> PathRule:
    return (label, re.compile(pattern.replace("/", _SEP), re.IGNORECASE), kind, severity, what)


_R = AlertType.SENSITIVE_READ
_H = AlertType.SYSTEM_HOOKS

PATH_RULES: tuple[PathRule, ...] = (
    _rule("~/.ssh", r"(?:^|/|~)\.ssh(?:/|$)|/id_(?:rsa|dsa|ecdsa|ed25519)\b", _R, "SSH keys"),
    _rule("~/.aws/credentials", r"\.aws/(?:credentials|config)\b", _R, "AWS credentials"),
    _rule("~/.config/gcloud", r"\.config/gcloud\b|application_default_credentials\.json", _R,
          "Google Cloud credentials"),
    _rule("~/.azure", r"(?:^|/|~)\.azure(?:/|$)", _R, "Azure credentials"),
    _rule("~/.kube/config", r"\.kube/config\b", _R, "Kubernetes credentials"),
    _rule("~/.docker/config.json", r"\.docker/config\.json", _R, "Docker registry credentials"),
    _rule("~/.npmrc", r"(?:^|/|~)\.npmrc\b", _R, "npm credentials", Severity.MEDIUM),
    _rule("~/.pypirc", r"(?:^|/|~)\.pypirc\b", _R, "PyPI credentials", Severity.MEDIUM),
    _rule("~/.netrc", r"(?:^|/|~)[._]netrc\b", _R, "netrc credentials", Severity.MEDIUM),
    _rule("~/.git-credentials", r"\.git-credentials\b", _R, "Git credentials"),
    _rule("~/.pgpass", r"(?:^|/|~)\.pgpass\b", _R, "PostgreSQL passwords"),
    _rule("~/.gnupg", r"(?:^|/|~)\.gnupg(?:/|$)", _R, "GnuPG keys"),
    _rule("browser:chromium", r"(?:Chrome|Chromium|Edge|BraveSoftware/Brave-Browser|Opera Software"
          r"|Yandex/YandexBrowser|Vivaldi)/User Data|Login Data|/Network/Cookies|Local State$",
          _R, "browser passwords or cookies", Severity.CRITICAL),
    _rule("browser:firefox", r"Mozilla/Firefox/Profiles|\.mozilla/firefox|\blogins\.json\b"
          r"|\bkey[34]\.db\b|\bcookies\.sqlite\b", _R, "browser passwords or cookies",
          Severity.CRITICAL),
    _rule("wallet", r"\bwallet\.dat\b|Exodus/exodus\.wallet|\bExodus/|Electrum/wallets"
          r"|\bnkbihfbeogaeaoehlefnkodbefgpgknn\b|Ethereum/keystore|atomic/Local Storage"
          r"|\bCoinomi\b|\.bitcoin/|\bMetaMask\b|\bArmory/", _R, "cryptocurrency wallets",
          Severity.CRITICAL),
    _rule("discord-token", r"discord(?:canary|ptb)?/Local Storage|Local Storage/leveldb", _R,
          "Discord tokens", Severity.CRITICAL),
    _rule("telegram", r"Telegram Desktop/tdata|(?:^|/)tdata/", _R, "Telegram sessions",
          Severity.CRITICAL),
    _rule("game-session", r"\.lunarclient\b|\.feather/accounts|Steam/ssfn|\bssfn\*?$"
          r"|launcher_accounts\.json|Growtopia/save\.dat", _R, "game sessions",
          Severity.CRITICAL),
    _rule("/etc/passwd", r"^/etc/(?:passwd|shadow|sudoers|master\.passwd)\b", _R,
          "system account files"),
    _rule("keychain", r"Library/Keychains|login\.keychain|find-generic-password", _R,
          "the macOS keychain", Severity.CRITICAL),
    _rule("persistence:cron", r"^/etc/cron|/var/spool/cron|^crontab\s+-|/usr/bin/crontab", _H,
          "a cron schedule"),
    _rule("persistence:systemd", r"/etc/systemd/system|\.config/systemd/user", _H,
          "systemd services"),
    _rule("persistence:launchd", r"Library/Launch(?:Agents|Daemons)", _H,
          "launchd agents"),
    _rule("persistence:startup-folder", r"Start Menu/Programs/Startup", _H,
          "the Windows startup folder"),
    _rule("persistence:run-key", r"CurrentVersion/Run(?:Once)?\b", _H,
          "the Windows Run registry key"),
    _rule("persistence:autostart", r"\.config/autostart/|/etc/xdg/autostart/", _H,
          "desktop autostart entries"),
    _rule("persistence:init", r"^/etc/rc\.local|^/etc/init\.d|^/etc/profile\.d", _H,
          "system start-up scripts"),
    _rule("persistence:shell-rc", r"(?:~|/)\.(?:bashrc|zshrc|bash_profile)\b", _H,
          "shell start-up files", Severity.MEDIUM),
)


# Literal words, one of which every rule above needs (searched in the lower-cased text):
# a literal-only alternation is ten times faster than trying every rule on every string.
_KEYWORDS = re.compile("|".join(re.escape(word) for word in (
    "ssh", "id_", "aws", "gcloud", "application_default", "azure", "kube", "docker", "npmrc",
    "pypirc", "netrc", "git-cred", "pgpass", "gnupg", "user data", "login data", "cookies",
    "local state", "firefox", "logins.json", "key3", "key4", "wallet", "exodus", "electrum",
    "nkbihf", "ethereum", "atomic", "coinomi", "bitcoin", "metamask", "armory",
    "local storage", "tdata", "lunarclient", "feather", "ssfn", "launcher_accounts",
    "growtopia", "/etc/", "keychain", "find-generic", "cron", "systemd",
    "launch", "startup", "currentversion", "bashrc", "zshrc", "bash_profile", "autostart",
)))


def might_match_paths(text: str) -> bool:
    """Whether some part of `text` could match a rule (every rule needs a keyword)."""
    return _KEYWORDS.search(text.lower()) is not None


def match_paths(text: str) -> list[PathRule]:
    """Rules matching a short string literal (callers skip long data blobs)."""
    if not might_match_paths(text):
        return []
    return [rule for rule in PATH_RULES if rule[1].search(text)]


_SECRET_WORDS = frozenset(
    {"TOKEN", "SECRET", "SECRETS", "PASSWORD", "PASSWD", "PASS", "CREDENTIAL", "CREDENTIALS",
     "KEY", "APIKEY", "PRIVATE", "AUTH", "COOKIE", "SESSION", "WEBHOOK", "PAT"}
)
_SECRET_PREFIXES = ("AWS_", "PYPI", "TWINE_", "GITHUB_TOKEN", "GH_TOKEN", "NPM_TOKEN",
                    "AZURE_", "GOOGLE_APPLICATION_CREDENTIALS", "OPENAI_", "ANTHROPIC_",
                    "DATABASE_URL")


def is_secret_env_name(name: str) -> bool:
    """Whether an environment variable's name suggests it holds a secret."""
    upper = name.upper()
    if upper.startswith(_SECRET_PREFIXES):
        return True
    words = re.split(r"[^A-Z0-9]+", upper)
    return any(word in _SECRET_WORDS or word.endswith(("TOKEN", "SECRET", "PASSWORD"))
               for word in words)

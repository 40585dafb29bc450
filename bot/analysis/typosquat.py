"""Does a new package's name imitate a popular project's?

Targets are the 5,000 most-downloaded projects; a name that is itself among the 15,000
most-downloaded is never flagged (popular projects with similar names, like `request`
and `requests`, are both real). Checks, each cheap thanks to precomputed indexes:
- one edit away (insert, delete, replace, swap adjacent) for names of 5+ characters;
- the same letters with other separators or none (`python_dateutil`, `pythondateutil`);
- a popular name with a decoy affix (`requests-py`, `python-numpy`, `numpy2`, `djangos`);
- look-alike letters (`rn` for `m`, `1` for `l`, `0` for `o`, `vv` for `w`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from packaging.utils import canonicalize_name

__all__ = ["TyposquatIndex", "TyposquatMatch", "default_index", "download_rank"]

TARGET_COUNT = 5_000
MIN_EDIT_LENGTH = 5
_AFFIXES = ("python-", "py-", "-python", "-py", "-dev", "-lib", "-sdk", "-api", "-official")
_SUFFIXES = ("2", "3", "s", "x", "js")
_LOOKALIKES = (("rn", "m"), ("1", "l"), ("0", "o"), ("vv", "w"), ("cl", "d"), ("5", "s"))
_SEPARATORS = re.compile(r"[-_.]+")


@dataclass(frozen=True, slots=True, kw_only=True)
class TyposquatMatch:
    name: str
    target: str
    rank: int  # 1 = most downloaded
    how: str  # "one edit", "separators", "affix", "look-alike letters"


def _deletions(name: str) -> set[str]:
    return {name[:i] + name[i + 1 :] for i in range(len(name))}


class TyposquatIndex:
    def __init__(self, ranked_names: list[str]) -> None:
        names = [canonicalize_name(n) for n in ranked_names]
        self.rank: dict[str, int] = {}
        for position, name in enumerate(names, start=1):
            self.rank.setdefault(name, position)
        self.targets = [n for n in names[:TARGET_COUNT]]
        self._target_set = set(self.targets)
        self._collapsed: dict[str, str] = {}
        self._deleted: dict[str, list[str]] = {}
        for target in self.targets:
            self._collapsed.setdefault(_SEPARATORS.sub("", target), target)
            if len(target) >= MIN_EDIT_LENGTH - 1:
                for variant in _deletions(target):
                    self._deleted.setdefault(variant, []).append(target)

    def check(self, name: str) -> TyposquatMatch | None:
        candidate = canonicalize_name(name)
        if candidate in self.rank:
            return None
        for how, target in self._candidates(candidate):
            if target != candidate and target in self._target_set:
                return TyposquatMatch(
                    name=candidate, target=target, rank=self.rank[target], how=how
                )
        return None

    def _candidates(self, candidate: str) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        collapsed = _SEPARATORS.sub("", candidate)
        if collapsed in self._collapsed:
            found.append(("separators", self._collapsed[collapsed]))
        for affix in _AFFIXES:
            if candidate.startswith(affix) and len(candidate) > len(affix) + 2:
                found.append(("affix", candidate[len(affix) :]))
            if candidate.endswith(affix) and len(candidate) > len(affix) + 2:
                found.append(("affix", candidate[: -len(affix)]))
        for suffix in _SUFFIXES:
            if candidate.endswith(suffix) and len(candidate) - len(suffix) >= MIN_EDIT_LENGTH - 1:
                found.append(("affix", candidate[: -len(suffix)]))
        for fake, real in _LOOKALIKES:
            if fake in candidate:
                found.append(("look-alike letters", candidate.replace(fake, real)))
        if len(candidate) >= MIN_EDIT_LENGTH:
            found.extend(("one edit", target) for target in self._one_edit(candidate))
        return sorted(found, key=lambda pair: self.rank.get(pair[1], 10**9))

    def _one_edit(self, candidate: str) -> list[str]:
        matches: list[str] = []
        # An extra letter in the candidate: deleting it gives the target.
        matches.extend(v for v in _deletions(candidate) if v in self._target_set)
        # A missing letter: the candidate is a deletion of the target.
        matches.extend(self._deleted.get(candidate, ()))
        # A replaced letter: both lose the letter at the same place.
        for i in range(len(candidate)):
            variant = candidate[:i] + candidate[i + 1 :]
            for target in self._deleted.get(variant, ()):
                if len(target) == len(candidate) and target[:i] + target[i + 1 :] == variant:
                    matches.append(target)
        # Two adjacent letters swapped.
        for i in range(len(candidate) - 1):
            swapped = candidate[:i] + candidate[i + 1] + candidate[i] + candidate[i + 2 :]
            if swapped in self._target_set:
                matches.append(swapped)
        # `-`/`_`/`.` changes are separator games, reported as such above.
        return [m for m in matches if _SEPARATORS.sub("", m) != _SEPARATORS.sub("", candidate)]


def _load_names() -> list[str]:
    text = resources.files("bot.data").joinpath("top_pypi_packages.txt").read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


@functools.cache
def default_index() -> TyposquatIndex:
    """The index over the vendored top-projects list (see bot/data/top_pypi_packages.txt)."""
    return TyposquatIndex(_load_names())


@functools.cache
def _ranks() -> dict[str, int]:
    ranks: dict[str, int] = {}
    for position, name in enumerate(_load_names(), start=1):
        ranks.setdefault(canonicalize_name(name), position)
    return ranks


def download_rank(name: str) -> int | None:
    """1 for the most downloaded project in the vendored list; None for one not in it."""
    return _ranks().get(canonicalize_name(name))

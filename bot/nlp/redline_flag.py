"""The extractor's red-line flag on each statement: red lines, threats, ultimatums,
"unacceptable", non-negotiable conditions. (Red lines a newsroom tracks:
bot.alerts.tracked_redlines.)

The flag is a function of a statement's words (and of its reporting verb, for "X a menacé
de …"), never of how the statement was found. Rules are data (seeds/redline_lexicon.json):
each has a kind and regular expressions matched on the folded text (lower case, no accents,
straight apostrophes, quotation marks dropped, spaces collapsed). A pattern may use the
lexicon's word lists as ``{name}``. A match counts unless the word before it is one of the
rule's ``not_after`` words: that is how "la menace russe" (a menace described, a noun after
a determiner) differs from "Moscou menace de riposter" (a threat made, the verb).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.nlp.lexicons import read_lexicon
from folding import fold as fold_terms

LEXICON_FILE = "redline_lexicon.json"
KINDS = ("red-line", "threat", "ultimatum", "unacceptable", "non-negotiable")
MAX_TRIGGER_CHARS = 80

_DROPPED = set('"«»“”„')
_APOSTROPHES = {"’": "'", "‘": "'", "`": "'", "ʼ": "'"}
_LIST_REF = re.compile(r"\{([a-z_]+)\}")
_WORD_BEFORE = re.compile(r"([\w'-]+)\W*$")


@dataclass(frozen=True)
class RedLineFlag:
    """Why a statement is a red line: its kind, the words that set the flag, the rule."""

    kind: str
    trigger: str
    rule: str


@dataclass(frozen=True)
class FlagRule:
    name: str
    kind: str
    patterns: tuple[re.Pattern[str], ...]
    not_after: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Folded:
    """Folded text, and for each of its characters the offset in the original text."""

    text: str
    origin: tuple[int, ...]
    source: str

    def original(self, start: int, end: int) -> str:
        """The original words behind ``text[start:end]``."""
        if start >= end:
            return ""
        return self.source[self.origin[start] : self.origin[end - 1] + 1]


def fold_with_offsets(text: str) -> Folded:
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch in _DROPPED or ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                origin.append(i)
            continue
        for piece in fold_terms(_APOSTROPHES.get(ch, ch)).replace("œ", "oe").replace("æ", "ae"):
            out.append(piece)
            origin.append(i)
    while out and out[-1] == " ":
        out.pop()
        origin.pop()
    return Folded("".join(out), tuple(origin), text)


def _expand(pattern: str, lists: dict[str, str], where: str) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in lists:
            raise ValueError(f"{where}: unknown word list {{{name}}}")
        return lists[name]

    return _LIST_REF.sub(replace, pattern)


def _compile_lists(data: dict[str, Any]) -> dict[str, str]:
    lists = {}
    for name, words in (data.get("lists") or {}).items():
        if not isinstance(words, list) or not words:
            raise ValueError(f"{LEXICON_FILE}: list {name!r} must be a non-empty array")
        lists[str(name)] = "(?:" + "|".join(str(w) for w in words) + ")"
    return lists


def _rule(item: dict[str, Any], lists: dict[str, str]) -> FlagRule:
    name, kind = str(item.get("name", "")), str(item.get("kind", ""))
    if kind not in KINDS:
        raise ValueError(f"{LEXICON_FILE}: rule {name!r} has kind {kind!r}, not one of {KINDS}")
    patterns = []
    for pattern in item.get("patterns", []):
        source = _expand(str(pattern), lists, f"{LEXICON_FILE}: rule {name!r}")
        try:
            patterns.append(re.compile(source, re.IGNORECASE))
        except re.error as exc:
            raise ValueError(f"{LEXICON_FILE}: rule {name!r}: bad pattern {pattern!r} "
                             f"({exc})") from exc
    not_after = frozenset(fold_terms(str(w)) for w in item.get("not_after", []))
    return FlagRule(name, kind, tuple(patterns), not_after)


class RedLineFlagger:
    """Flags statements from the rules of seeds/redline_lexicon.json."""

    def __init__(self, rules: list[FlagRule], cues: dict[str, tuple[str, str]]) -> None:
        self.rules = rules
        self.cues = cues  # reporting-verb lemma → (rule name, kind)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> RedLineFlagger:
        lists = _compile_lists(data)
        rules = [_rule(item, lists) for item in data.get("rules", [])]
        cues = {}
        for item in data.get("cue_rules", []):
            kind = str(item.get("kind", "threat"))
            if kind not in KINDS:
                raise ValueError(f"{LEXICON_FILE}: cue rule {item.get('name')!r}: bad kind")
            for lemma in item.get("cues", []):
                cues[str(lemma)] = (str(item["name"]), kind)
        return cls(rules, cues)

    @classmethod
    def load(cls, seeds_dir: Path) -> RedLineFlagger:
        return cls.from_data(read_lexicon(Path(seeds_dir) / LEXICON_FILE))

    def flag(self, text: str, cue: str | None = None) -> RedLineFlag | None:
        """The first rule (in lexicon order) that the statement's words match, else the
        threat its reporting verb makes ("X a menacé de …"), else None."""
        folded = fold_with_offsets(text)
        for rule in self.rules:
            found = _first_match(rule, folded.text)
            if found is not None:
                trigger = folded.original(*found).strip(" ,;:")
                return RedLineFlag(rule.kind, _clip(trigger), rule.name)
        if cue and cue in self.cues:
            name, kind = self.cues[cue]
            return RedLineFlag(kind, cue, name)
        return None


def _first_match(rule: FlagRule, text: str) -> tuple[int, int] | None:
    for pattern in rule.patterns:
        for match in pattern.finditer(text):
            if rule.not_after and _word_before(text, match.start()) in rule.not_after:
                continue
            return match.start(), match.end()
    return None


def _word_before(text: str, at: int) -> str:
    found = _WORD_BEFORE.search(text[:at])
    if not found:
        return ""
    parts = found.group(1).split("'")
    return parts[-1] if parts[-1] or len(parts) == 1 else parts[-2] + "'"


def _clip(trigger: str) -> str:
    trigger = " ".join(trigger.split())
    if len(trigger) <= MAX_TRIGGER_CHARS:
        return trigger
    return trigger[: MAX_TRIGGER_CHARS - 1].rsplit(" ", 1)[0] + "…"

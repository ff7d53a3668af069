"""Rules and word lists loaded from seeds/ (cues.json, speakers.json, first_names.json)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.config import DEFAULT_SEEDS_DIR
from bot.nlp.text import fold


def read_lexicon(path: Path) -> dict[str, Any]:
    """A lexicon file of seeds/ (a JSON object); the project's own when the folder lacks it."""
    if not path.exists():  # a seeds folder without its own lexicons uses the project's
        path = DEFAULT_SEEDS_DIR / path.name
    if not path.exists():
        raise ValueError(f"missing lexicon file: {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: invalid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object")
    return data


REGULAR_ER_ENDINGS = ("é", "ée", "és", "ées", "e", "ent")


def cue_forms(verbs: list[str], irregular: dict[str, str]) -> dict[str, str]:
    """Past participles and 3rd-person present forms of the cue verbs: regular -er forms
    derived from the lemma ("marteler" → "martelé", "martèle" is listed as irregular when
    the stem changes), the others read from the lexicon's irregular table."""
    forms: dict[str, str] = {}
    for verb in verbs:
        if " " in verb or not verb.endswith("er"):
            continue
        for ending in REGULAR_ER_ENDINGS:
            forms.setdefault(verb[:-2] + ending, verb)
    for form, lemma in irregular.items():
        if lemma not in verbs:
            raise ValueError(f"irregular form {form!r}: {lemma!r} is not a cue verb")
        forms[form.lower()] = lemma
    return forms


@dataclass
class Lexicons:
    cue_verbs: set[str]
    np_content_verbs: set[str]
    infinitive_verbs: set[str]
    reflexive_adjective_verbs: set[str]
    light_verb_cues: dict[str, set[str]]
    cue_nouns: set[str]
    control_verbs: set[str]
    de_content_verbs: set[str]
    sentence_verbs: set[str]
    sentence_words: set[str]
    source_preps: set[str]
    non_speech_source_heads: set[str]
    agencies: set[str]
    agency_nouns: set[str]
    byline_patterns: list[re.Pattern[str]]
    pronouns_person: set[str]
    pronouns_plural: set[str]
    pronouns_last_mentioned: set[str]
    excluded_subjects: set[str]
    non_speaker_subjects: set[str]
    role_heads: set[str]
    source_nouns: set[str]
    titles: set[str]
    verdict_verbs: set[str] = field(default_factory=set)
    np_quoted_content_verbs: set[str] = field(default_factory=set)
    object_infinitive_verbs: set[str] = field(default_factory=set)
    pp_content_verbs: dict[str, set[str]] = field(default_factory=dict)
    institution_heads: set[str] = field(default_factory=set)
    feminine_role_heads: set[str] = field(default_factory=set)
    masculine_role_heads: set[str] = field(default_factory=set)
    cue_forms: dict[str, str] = field(default_factory=dict)  # inflected form → cue lemma
    first_names: dict[str, str] = field(default_factory=dict)  # folded given name → f | m
    document_nouns: set[str] = field(default_factory=set)  # "souligne le communiqué"
    generic_role_words: set[str] = field(default_factory=set)  # "ancien", "nouveau"…
    referring_role_words: set[str] = field(default_factory=set)  # "de l'institution"
    body_descriptions: set[str] = field(default_factory=set)  # "l'entreprise ferroviaire"
    speaking_groups: set[str] = field(default_factory=set)  # "les pays occidentaux"
    description_heads: set[str] = field(default_factory=set)  # "le socialiste"
    interview_words: set[str] = field(default_factory=set)  # folded: "entretien"…
    anonymous_heads: set[str] = field(default_factory=set)  # "de source judiciaire"
    press_askers: set[str] = field(default_factory=set)  # "lui a demandé un journaliste"
    work_nouns: set[str] = field(default_factory=set)  # "le film « … »": a title
    role_periphrases: dict[str, str] = field(default_factory=dict)  # folded → office

    @classmethod
    def load(cls, seeds_dir: Path) -> Lexicons:
        cues = read_lexicon(seeds_dir / "cues.json")
        speakers = read_lexicon(seeds_dir / "speakers.json")
        given = read_lexicon(seeds_dir / "first_names.json")
        return cls(
            cue_verbs=set(cues["verbs"]),
            np_content_verbs=set(cues.get("np_content_verbs", [])),
            infinitive_verbs=set(cues.get("infinitive_verbs", [])),
            reflexive_adjective_verbs=set(cues.get("reflexive_adjective_verbs", [])),
            light_verb_cues={k: set(v) for k, v in cues.get("light_verb_cues", {}).items()},
            cue_nouns=set(cues.get("nouns", [])),
            control_verbs=set(cues.get("control_verbs", [])),
            de_content_verbs=set(cues.get("de_content_verbs", [])),
            sentence_verbs=set(cues.get("sentence_verbs", [])),
            sentence_words={fold(w) for w in cues.get("sentence_words", [])},
            source_preps={fold(p) for p in cues.get("source_preps", [])},
            non_speech_source_heads={fold(w) for w in cues.get("non_speech_source_heads", [])},
            agencies={fold(a) for a in speakers.get("agencies", [])},
            agency_nouns={fold(a) for a in speakers.get("agency_nouns", [])},
            byline_patterns=[re.compile(p) for p in speakers.get("byline_patterns", [])],
            pronouns_person={fold(p) for p in speakers.get("pronouns_person", [])},
            pronouns_plural={fold(p) for p in speakers.get("pronouns_plural", [])},
            pronouns_last_mentioned={fold(p) for p in speakers.get("pronouns_last_mentioned", [])},
            excluded_subjects={fold(p) for p in speakers.get("excluded_subjects", [])},
            non_speaker_subjects={fold(p) for p in speakers.get("non_speaker_subjects", [])},
            role_heads={fold(p) for p in speakers.get("role_heads", [])},
            source_nouns={fold(p) for p in speakers.get("source_nouns", [])},
            titles={fold(p) for p in speakers.get("titles", [])},
            verdict_verbs=set(cues.get("verdict_verbs", [])),
            np_quoted_content_verbs=set(cues.get("np_quoted_content_verbs", [])),
            object_infinitive_verbs=set(cues.get("object_infinitive_verbs", [])),
            pp_content_verbs={k: {fold(p) for p in v}
                              for k, v in cues.get("pp_content_verbs", {}).items()},
            institution_heads={fold(p) for p in speakers.get("institution_heads", [])},
            feminine_role_heads={fold(p) for p in speakers.get("feminine_role_heads", [])},
            masculine_role_heads={fold(p) for p in speakers.get("masculine_role_heads", [])},
            cue_forms=cue_forms(cues["verbs"], cues.get("irregular_forms", {})),
            document_nouns={fold(p) for p in speakers.get("document_nouns", [])},
            generic_role_words={fold(p) for p in speakers.get("generic_role_words", [])},
            referring_role_words={fold(p) for p in speakers.get("referring_role_words", [])},
            body_descriptions={fold(p) for p in speakers.get("body_descriptions", [])},
            speaking_groups={fold(p) for p in speakers.get("speaking_groups", [])},
            description_heads={fold(p) for p in speakers.get("description_heads", [])},
            work_nouns={fold(p) for p in speakers.get("work_nouns", [])},
            anonymous_heads={fold(p) for p in speakers.get("anonymous_heads", [])},
            press_askers={fold(p) for p in speakers.get("press_askers", [])},
            interview_words={fold(p) for p in speakers.get("interview_words", [])},
            role_periphrases={fold(k): v for k, v in speakers.get("role_periphrases",
                                                                   {}).items()},
            first_names={**{fold(n): "m" for n in given.get("masculine", [])},
                         **{fold(n): "f" for n in given.get("feminine", [])}},
        )

    def office_of(self, role: str) -> str:
        """The office a periphrasis stands for ("nouveau locataire de la Maison-Blanche" →
        "président américain", "chef de l'État italien" → "président italien"); the role
        itself otherwise."""
        folded = fold(role)
        for periphrasis, office in self.role_periphrases.items():
            at = folded.find(periphrasis)
            if at >= 0:  # what follows carries over: "chef de l'État italien"
                return f"{office} {folded[at + len(periphrasis):].strip()}".strip()
        return role

    def given_name_gender(self, name: str) -> str | None:
        """"f" or "m" when ``name`` starts with a given name of known gender; a compound
        given name takes the gender of its first part ("Yves-François", "Marie-Hélène")."""
        words = name.split()
        if len(words) < 2:
            return None
        given = fold(words[0])
        return self.first_names.get(given) or self.first_names.get(given.split("-")[0])

    def is_byline(self, line: str) -> bool:
        """A byline or credit line ("Par Jean Dupont et Marie Durand", "Crédit : …")."""
        return len(line) <= 160 and any(p.search(line) for p in self.byline_patterns)

"""The red-line flag on statements we wrote ourselves: kinds, trigger words, and the
distinctions it must keep (a menace described vs a threat made, criticism vs a red line)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.config import DEFAULT_SEEDS_DIR
from bot.nlp.redline_flag import KINDS, RedLineFlagger

STATEMENTS = Path(__file__).parent / "data" / "redlines" / "statements.tsv"


@pytest.fixture(scope="module")
def flagger() -> RedLineFlagger:
    return RedLineFlagger.load(DEFAULT_SEEDS_DIR)


def _labelled() -> list[tuple[str, str]]:
    rows = []
    for line in STATEMENTS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            expected, text = line.split("\t")
            rows.append((expected, text))
    return rows


def test_written_statements_precision_and_recall(flagger: RedLineFlagger) -> None:
    rows = _labelled()
    assert sum(1 for e, _ in rows if e != "-") >= 100 and sum(1 for e, _ in rows if e == "-") >= 100
    tp = fp = fn = wrong_kind = 0
    for expected, text in rows:
        found = flagger.flag(text)
        if expected == "-":
            fp += found is not None
        elif found is None:
            fn += 1
        else:
            tp += 1
            wrong_kind += found.kind not in expected.split("|")
    assert tp / (tp + fp) >= 0.97
    assert tp / (tp + fn) >= 0.97
    assert wrong_kind <= 2


@pytest.mark.parametrize(
    ("text", "kind", "trigger"),
    [
        ("Cela ne restera pas sans réponse.", "threat", "ne restera pas sans réponse"),
        ("Nos missiles viseront leurs centres de décision s'ils frappent nos villes.",
         "threat", None),
        ("Nous répondrons de manière ferme à toute provocation.", "threat", None),
        ("S’ils ne signent pas d’ici la fin du mois, nous quitterons la table.",
         "ultimatum", None),
        ("Retirez vos navires, faute de quoi nous agirons.", "ultimatum", "faute de quoi"),
        ("C’est un préalable à toute discussion.", "non-negotiable", "un préalable"),
        ("Aucune pression ne nous fera reculer.", "non-negotiable", None),
        ("Il n’en est pas question.", "unacceptable", "Il n’en est pas question"),
        ("Paris ne le permettra jamais.", "unacceptable", "ne le permettra jamais"),
        ("Franchir ce seuil serait une « ligne rouge ».", "red-line", "ligne rouge"),
        ("Any strike on our soil will be met with a decisive response.", "threat", None),
        ("This is completely unacceptable.", "unacceptable", "unacceptable"),
        ("Our borders are non-negotiable.", "non-negotiable", "non-negotiable"),
    ],
)
def test_kind_and_trigger(flagger: RedLineFlagger, text: str, kind: str,
                          trigger: str | None) -> None:
    found = flagger.flag(text)
    assert found is not None and found.kind == kind
    assert found.trigger and found.trigger in text  # the words as written, accents and all
    if trigger is not None:
        assert found.trigger == trigger


@pytest.mark.parametrize(
    "text",
    [
        "La menace terroriste reste élevée.",
        "Le pays considère cette alliance comme une menace existentielle.",
        "Les menaces visant la juge ont été signalées au parquet.",
        "La ville est menacée par la montée des eaux.",
    ],
)
def test_a_menace_described_is_no_threat(flagger: RedLineFlagger, text: str) -> None:
    assert flagger.flag(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Le gouvernement menace de suspendre les subventions.",
        "Moscou menace Varsovie de représailles.",
        "They threatened to close the border.",
    ],
)
def test_a_threat_made_is_flagged(flagger: RedLineFlagger, text: str) -> None:
    found = flagger.flag(text)
    assert found is not None and found.kind == "threat"


def test_the_reporting_verb_makes_the_threat(flagger: RedLineFlagger) -> None:
    words = "bloquer les dépôts pétroliers dès lundi"
    assert flagger.flag(words) is None
    found = flagger.flag(words, cue="menacer")
    assert found is not None and (found.kind, found.trigger) == ("threat", "menacer")


@pytest.mark.parametrize(
    "text",
    [
        "Nous regrettons profondément cette décision.",
        "Le ministre s'est dit très inquiet de la situation.",
        "Je ne ferai aucun commentaire.",
        "La direction refuse tout commentaire.",
        "Des dizaines, sinon des centaines de personnes sont venues.",
        "Nous avons répondu fermement aux accusations.",
        "Cela ne permettra pas de résoudre la crise.",
    ],
)
def test_criticism_concern_and_refusals_to_comment_are_not_red_lines(
    flagger: RedLineFlagger, text: str
) -> None:
    assert flagger.flag(text) is None


def test_lexicon_rules_have_known_kinds_and_lists() -> None:
    data = json.loads((DEFAULT_SEEDS_DIR / "redline_lexicon.json").read_text(encoding="utf-8"))
    assert {rule["kind"] for rule in data["rules"]} == set(KINDS)
    bad = {**data, "rules": [{"name": "x", "kind": "warning", "patterns": ["a"]}]}
    with pytest.raises(ValueError, match="kind"):
        RedLineFlagger.from_data(bad)
    unknown = {**data, "rules": [{"name": "x", "kind": "threat", "patterns": ["{nope}"]}]}
    with pytest.raises(ValueError, match="nope"):
        RedLineFlagger.from_data(unknown)



def test_evaluation_locates_snippets_and_scores_the_flag() -> None:
    import re

    from bot.nlp.evaluate_redlines import locate, score_flags, statement_context

    text = ("Titre\n\nLe ministre a prévenu : « Nous sommes calmes. Toute attaque recevra une "
            "riposte. » Il a ajouté qu’il espérait la paix.")

    def split(words: str) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in re.finditer(r"[^.\n]+(?:\.(?: »)?)?", words)]

    where = locate(text, "toute attaque recevra une riposte")
    assert where is not None and text[where[0]:where[1]] == "Toute attaque recevra une riposte"
    start, end = statement_context(text, split(text), *where)
    assert text[start:end].strip().startswith("Le ministre") and "»" in text[start:end]
    assert locate(text, "qu'il espérait la paix") is not None  # ’ and ' alike
    gold = [
        {"doc": "x.txt", "snippet": "Toute attaque recevra une riposte", "red_line": True},
        {"doc": "x.txt", "snippet": "il espérait la paix", "red_line": False},
        {"doc": "x.txt", "snippet": "absent de l'article", "red_line": True},
    ]
    flagger = RedLineFlagger.load(DEFAULT_SEEDS_DIR)

    def flag(words: str) -> tuple[str, str] | None:
        found = flagger.flag(words)
        return (found.kind, found.trigger) if found else None

    result = score_flags({"x.txt": text}, gold, flag, split=split)
    assert (result.located, result.not_found, result.tp, result.fp, result.fn) == (2, 1, 1, 0, 0)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Toute agression contre nos alliés aura un prix très élevé.", "threat"),
        ("Les responsables de ce fiasco doivent rendre des comptes.", "threat"),
        ("L'État poursuivra sans relâche ceux qui s'en prennent à nos enseignants.", "threat"),
        ("Nous ne transigerons pas.", "non-negotiable"),
        ("Les deux pays considèrent toute intervention militaire au Niger comme une déclaration "
         "de guerre.", "threat"),
    ],
)
def test_threat_idioms(flagger: RedLineFlagger, text: str, kind: str) -> None:
    found = flagger.flag(text)
    assert found is not None and found.kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "Les ménages paient l'électricité à un prix très élevé cet hiver.",
        "Les bénévoles ont travaillé sans relâche tout le week-end.",
        "Le livre raconte la déclaration de guerre de 1914.",
    ],
)
def test_idioms_of_everyday_news_are_no_threat(flagger: RedLineFlagger, text: str) -> None:
    assert flagger.flag(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "La suppression de ces trains, on ne peut l'accepter.",
        "Cette baisse des prix du lait est insupportable pour les éleveurs.",
    ],
)
def test_refusal_without_pas_and_intolerable_are_unacceptable(flagger: RedLineFlagger,
                                                               text: str) -> None:
    found = flagger.flag(text)
    assert found is not None and found.kind == "unacceptable"


def test_a_pain_described_as_unbearable_is_no_red_line(flagger: RedLineFlagger) -> None:
    assert flagger.flag("Il souffrait d'une douleur insupportable depuis des mois.") is None

"""Idempotency key and near-duplicate detection, on rewritten texts written for the test."""

from __future__ import annotations

from typing import Any

from bot.ingest import content_hash, find_near_duplicate
from bot.ingest.dedup import (
    MIN_CHARS,
    MIN_LENGTH_RATIO,
    MIN_SHINGLE_OVERLAP,
    NEAR_DUPLICATE_THRESHOLD,
    NearDuplicateIndex,
    shingle_overlap,
    signature,
    similarity,
)
from bot.models import Article, Block

ORIGINAL = """Le gouvernement italien a annoncé mardi un plan de soutien de deux milliards d'euros pour les agriculteurs touchés par la sécheresse dans le sud du pays.

« Nous ne laisserons personne seul face à cette crise », a déclaré le ministre de l'Agriculture lors d'une conférence de presse à Rome.

Les régions des Pouilles et de Sicile sont les plus touchées, avec des pertes de récoltes estimées à près de quarante pour cent selon les syndicats agricoles.

Le plan prévoit des aides directes aux exploitations, un report des cotisations sociales et des investissements dans l'irrigation, a précisé le ministère.

L'opposition a jugé ces mesures insuffisantes et réclame un fonds permanent pour faire face aux catastrophes climatiques, de plus en plus fréquentes selon les experts."""  # noqa: E501

# The same story rewritten by another desk: words swapped, a paragraph moved, a sentence cut.
REWRITTEN = """Le gouvernement italien a dévoilé mardi un plan d'aide de deux milliards d'euros destiné aux agriculteurs frappés par la sécheresse dans le sud du pays.

Les régions des Pouilles et de Sicile sont les plus touchées, avec des pertes de récoltes estimées à près de 40 % selon les syndicats agricoles.

« Nous ne laisserons personne seul face à cette crise », a affirmé le ministre de l'Agriculture lors d'une conférence de presse à Rome.

Le plan comprend des aides directes aux exploitations, un report des cotisations sociales et des investissements dans l'irrigation, a indiqué le ministère.

L'opposition juge ces mesures insuffisantes et réclame un fonds permanent face aux catastrophes climatiques."""  # noqa: E501

# Another article on the same subject, by another outlet: must NOT be linked.
SAME_TOPIC = """La sécheresse qui frappe le sud de l'Italie inquiète aussi Bruxelles, où la Commission européenne étudie une aide exceptionnelle pour les États membres concernés.

« La solidarité européenne doit jouer pleinement », a estimé mardi le commissaire à l'Agriculture, interrogé par des journalistes à Strasbourg.

En Espagne et au Portugal, les réserves d'eau sont au plus bas depuis trente ans, et les producteurs d'olives redoutent une nouvelle saison catastrophique.

Les syndicats agricoles européens demandent un mécanisme commun de gestion des crises climatiques, financé par le budget de l'Union, a-t-on appris de sources concordantes.

Rome a salué l'initiative mais rappelé qu'elle avait déjà débloqué ses propres fonds pour les exploitations les plus touchées."""  # noqa: E501


def make(text: str, doc: str = "x.txt") -> Article:
    return Article(doc=doc, title="t", blocks=[Block("paragraph", p) for p in text.split("\n\n")])


def test_content_hash_ignores_whitespace_and_case_only() -> None:
    a = make(ORIGINAL)
    b = make(ORIGINAL.replace(" ", "  ").upper())
    assert content_hash(a) == content_hash(b)
    assert content_hash(a) != content_hash(make(ORIGINAL.replace("mardi", "mercredi")))


def test_rewritten_copy_scores_above_threshold_other_articles_below() -> None:
    rewrite = similarity(ORIGINAL, REWRITTEN)
    same_topic = similarity(ORIGINAL, SAME_TOPIC)
    assert rewrite >= NEAR_DUPLICATE_THRESHOLD + 5, rewrite
    assert same_topic <= NEAR_DUPLICATE_THRESHOLD - 20, same_topic


def test_shingle_filter_keeps_rewrites_and_drops_other_articles() -> None:
    rewrite = shingle_overlap(signature(ORIGINAL), signature(REWRITTEN))
    same_topic = shingle_overlap(signature(ORIGINAL), signature(SAME_TOPIC))
    assert rewrite >= 2 * MIN_SHINGLE_OVERLAP, rewrite
    assert same_topic <= MIN_SHINGLE_OVERLAP / 2, same_topic


def test_find_near_duplicate_picks_the_original() -> None:
    candidates = [
        {"id": 7, "title": "autre", "body": SAME_TOPIC},
        {"id": 9, "title": "original", "body": ORIGINAL},
    ]
    assert find_near_duplicate(make(REWRITTEN), candidates) == 9
    assert find_near_duplicate(make(SAME_TOPIC), candidates[1:]) is None
    assert find_near_duplicate(make(REWRITTEN), []) is None


def test_very_short_or_very_different_lengths_are_not_duplicates() -> None:
    short = "Rome a salué l'initiative."
    assert find_near_duplicate(make(short), [{"id": 1, "body": short}]) is None
    first_paragraph = ORIGINAL.split("\n\n")[0] + "\n\n" + ORIGINAL.split("\n\n")[1]
    assert find_near_duplicate(make(first_paragraph), [{"id": 1, "body": ORIGINAL}]) is None


# Two more stories, unrelated to the drought, for the index tests.
STRIKE = """Les contrôleurs aériens français ont entamé jeudi une grève de quarante-huit heures qui perturbe fortement le trafic dans les aéroports de Paris, Lyon et Marseille.

« Nous demandons simplement les effectifs promis depuis trois ans », a expliqué un représentant syndical devant la tour de contrôle d'Orly.

La direction générale de l'aviation civile a demandé aux compagnies de réduire d'un tiers leurs vols, et plusieurs centaines d'annulations ont déjà été annoncées.

Le ministre des Transports a appelé au dialogue tout en dénonçant une grève « disproportionnée » en pleine période de vacances scolaires."""  # noqa: E501

ELECTION = """Les électeurs portugais étaient appelés aux urnes dimanche pour des législatives anticipées, les troisièmes en trois ans, après la démission du Premier ministre.

Selon les premiers sondages de sortie des urnes, le centre droit arriverait en tête sans obtenir de majorité absolue, tandis que l'extrême droite progresserait nettement.

« Le pays a besoin de stabilité plus que jamais », a déclaré le chef de l'État en votant dans la matinée à Lisbonne.

La participation, en hausse par rapport au dernier scrutin, atteignait près de soixante pour cent en fin d'après-midi, d'après la commission électorale."""  # noqa: E501


def _variants(text: str) -> list[str]:
    """Rewrites of ``text`` of decreasing closeness, some above the threshold, some not."""
    paragraphs = text.split("\n\n")
    return [
        text,
        "\n\n".join(reversed(paragraphs)),  # paragraphs moved
        text.replace("a déclaré", "a affirmé").replace("mardi", "mercredi"),
        "\n\n".join(paragraphs[:-1]),  # last paragraph cut
        "\n\n".join(paragraphs[:2]),  # half the article: too short a copy
        " ".join(reversed(text.split())),  # same words, no shared wording
        "\n\n".join(paragraphs[:2] + STRIKE.split("\n\n")[2:]),  # half of another story
    ]


def find_near_duplicate_by_scan(
    article: Article,
    candidates: list[dict[str, Any]],
    threshold: float = NEAR_DUPLICATE_THRESHOLD,
) -> int | None:
    """The reference for :func:`find_near_duplicate`: every candidate compared in turn."""
    body = article.body
    own = signature(body)
    length = len(own.plain)
    if length < MIN_CHARS:
        return None
    best_id: int | None = None
    best_score = threshold
    for candidate in candidates:
        other = str(candidate.get("body") or "")
        theirs = signature(other)
        shorter, longer = sorted((length, len(theirs.plain)))
        if not longer or shorter / longer < MIN_LENGTH_RATIO:
            continue
        if shingle_overlap(own, theirs) < MIN_SHINGLE_OVERLAP:
            continue
        score = similarity(body, other, score_cutoff=best_score)
        if score > best_score or (best_id is None and score >= best_score):
            best_id, best_score = int(candidate["id"]), score
    return best_id


def test_index_decides_as_the_pairwise_scan() -> None:
    bodies = [ORIGINAL, REWRITTEN, SAME_TOPIC, STRIKE, ELECTION]
    pool = [v for body in bodies for v in _variants(body)]
    pool.append(ORIGINAL)  # an exact copy under another id: ties go to the first listed
    candidates = [{"id": 100 + i, "body": body} for i, body in enumerate(pool)]
    outcomes = set()
    for start in range(0, len(candidates), 7):  # several candidate lists and orders
        subset = candidates[start:] + candidates[:start]
        for query in [*pool, SAME_TOPIC + "\n\nUne phrase de plus.", "trop court"]:
            expected = find_near_duplicate_by_scan(make(query), subset)
            assert find_near_duplicate(make(query), subset) == expected, (start, query[:40])
            outcomes.add(expected is None)
    assert outcomes == {True, False}  # both kinds of decision were checked


def test_index_window_and_tie_go_to_the_newest() -> None:
    index = NearDuplicateIndex(limit=2)
    index.add(1, ORIGINAL)
    index.add(2, STRIKE)
    assert index.find(make(REWRITTEN)) == 1
    index.add(3, ORIGINAL)  # same text, newer: wins the tie
    assert index.find(make(REWRITTEN)) == 3
    index.add(4, ELECTION)
    index.add(5, STRIKE)  # ORIGINAL (3) has left the window of the 2 newest
    assert index.find(make(REWRITTEN)) is None
    assert index.find(make(STRIKE)) == 5
    assert len(index) == 5

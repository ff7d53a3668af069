"""Cleaning rules on French text that is not from the seeds: each rule alone, then together."""

from __future__ import annotations

import pytest

from bot.ingest import clean
from bot.ingest.build import build_article
from bot.ingest.rules import default_rules
from bot.ingest.structure import looks_like_heading, paragraph_blocks, repair
from bot.models import Block

RULES = default_rules()

PARA_1 = (
    "Le Premier ministre espagnol a annoncé lundi une hausse du budget de la défense, "
    "estimant que l'Europe devait « prendre son destin en main » face aux menaces."
)
PARA_2 = (
    "Cette annonce intervient alors que plusieurs partenaires de la coalition avaient "
    "exprimé leurs réserves sur le coût de ces nouvelles dépenses militaires."
)


def article(text: str):
    return build_article("test.txt", text, RULES)


@pytest.mark.parametrize(
    "line",
    [
        "Crédit : Pierre Martin/AFP",
        "Crédits photo : Sipa Press",
        "Photo : AFP",
        "© Reuters",
        "© Jean Dupont / Hans Lucas",
        "Illustration - Getty Images",
        "AFP/Archives",
        "(Photo: EPA)",
    ],
)
def test_photo_credit_lines_are_credits(line: str) -> None:
    assert clean.is_credit(line, RULES)


@pytest.mark.parametrize(
    "line",
    [
        "Photographes et vidéastes ont été tenus à l'écart de la manifestation à Madrid.",
        "Le Kremlin répond à Washington",
        PARA_1,
    ],
)
def test_ordinary_lines_are_not_credits(line: str) -> None:
    assert not clean.is_credit(line, RULES)


@pytest.mark.parametrize(
    "line",
    [
        "À voir également sur Konbini",
        "A voir aussi",
        "Lire aussi : Le budget militaire français en hausse",
        "À lire aussi - Madrid et Rome divisés sur l'aide",
        "LIRE AUSSI",
        "Sur le même sujet",
    ],
)
def test_cross_promotion_lines_are_promos(line: str) -> None:
    assert clean.is_promo(line, RULES)


def test_promotion_words_inside_a_sentence_are_kept() -> None:
    assert not clean.is_promo(
        "Lire aussi les déclarations de la ministre permet de comprendre sa position sur "
        "le budget, ses priorités, le calendrier et les réserves de ses partenaires européens.",
        RULES,
    )
    assert not clean.is_promo("Voirie : la mairie lance des travaux", RULES)


def test_promo_names_the_outlet() -> None:
    assert clean.promo_outlet("À voir également sur Konbini", RULES) == "Konbini"
    assert clean.promo_outlet("A voir aussi", RULES) is None
    assert clean.promo_outlet("Partager sur Facebook", RULES) is None
    assert clean.promo_outlet("Abonnez-vous sur Konbini", RULES) is None


def test_short_line_ending_in_ellipsis_is_a_teaser() -> None:
    assert clean.is_teaser("Après la Coupe du monde, la Coupe des nations…", RULES)
    assert clean.is_teaser("Madrid s'inquiète...", RULES)
    assert not clean.is_teaser(PARA_1, RULES)


def test_english_bio_is_foreign_junk_but_french_is_not() -> None:
    assert clean.is_foreign_junk(
        "Music lover. Passionate beer enthusiast. Certified web scholar. Avid reader.", RULES
    )
    assert clean.is_foreign_junk("He is a writer for the paper and lives in Lyon.", RULES)
    assert not clean.is_foreign_junk(PARA_2, RULES)
    assert not clean.is_foreign_junk("Fin de l'entretien.", RULES)


@pytest.mark.parametrize(
    ("glued", "repaired"),
    [
        ("selon M.Sánchez, le budget", "selon M. Sánchez, le budget"),
        ("a dit Mme.Borne hier", "a dit Mme. Borne hier"),
        ("à Madrid.Pour sa part, Rome", "à Madrid. Pour sa part, Rome"),
        ('a dit le ministre."Nous sommes prêts"', 'a dit le ministre. "Nous sommes prêts"'),
        ('"C\'est fini."Le ministre est parti', '"C\'est fini." Le ministre est parti'),
        (
            "voir fr.example.com/Page.Html et www.Site.fr",
            "voir fr.example.com/Page.Html et www.Site.fr",
        ),
    ],
)
def test_glued_punctuation_is_spaced(glued: str, repaired: str) -> None:
    assert repair(glued, RULES) == repaired


def test_camel_case_names_are_not_split() -> None:
    text = (
        "Le patron de McDonald a présenté un iPhone sur YouTube et LinkedIn, "
        "devant l'OTAN et le PlayStation Club de DeLa Cruz."
    )
    assert clean.glue_points(text, RULES) == []
    assert paragraph_blocks(text, RULES) == [Block("paragraph", text)]


def test_lowercase_glued_to_a_sentence_start_becomes_a_sentence_break() -> None:
    text = (
        "Le gouvernement a longuement débattu du projet de loi sur la défense et du calendrier "
        "des livraisons en EspagneLa ministre a promis un vote rapide."
    )
    blocks = paragraph_blocks(text, RULES)
    assert len(blocks) == 1
    assert "en Espagne. La ministre a promis" in blocks[0].text


def test_glued_section_heading_is_split_out() -> None:
    text = (
        "La ministre a défendu son texte devant les députés.Rome réclame une "
        '"solidarité réelle"Selon M.Meloni, les partenaires doivent partager la charge.'
        "Des milliers de soldats en alerteLe chef d'état-major a confirmé les chiffres."
    )
    assert paragraph_blocks(text, RULES) == [
        Block("paragraph", "La ministre a défendu son texte devant les députés."),
        Block("heading", 'Rome réclame une "solidarité réelle"'),
        Block("paragraph", "Selon M. Meloni, les partenaires doivent partager la charge."),
        Block("heading", "Des milliers de soldats en alerte"),
        Block("paragraph", "Le chef d'état-major a confirmé les chiffres."),
    ]


def test_heading_shape() -> None:
    assert looks_like_heading('Madrid veut "plus de moyens" pour sa défense', RULES)
    assert not looks_like_heading(PARA_1, RULES)
    assert not looks_like_heading("Il a ajouté :", RULES)
    assert not looks_like_heading("suite du texte sans majuscule", RULES)


def test_inline_credit_is_removed_from_a_paragraph() -> None:
    text, removed = clean.strip_inline_credits(
        "Le ministre est arrivé à Madrid (Photo : AFP) sous la pluie."
    )
    assert text == "Le ministre est arrivé à Madrid sous la pluie."
    assert removed == ["(Photo : AFP)"]


def test_embed_trailer_is_split_from_a_lead() -> None:
    lead = "Madrid veut plus de moyens pour sa défense, a assuré... 03.02.2024, Le Monde"
    text, stamp, outlet = clean.split_trailer(lead)
    assert (text, stamp, outlet) == (
        "Madrid veut plus de moyens pour sa défense, a assuré...", "03.02.2024", "Le Monde"
    )


def test_whole_article_keeps_structure_and_drops_junk() -> None:
    text = "\n".join(
        [
            "Crédit : Carlos Ruiz/Getty Images",
            "",
            "Madrid relève son budget militaire",
            "",
            PARA_1,
            "A voir aussi sur Konbini",
            "",
            "Après le sommet de Rome, celui de Vilnius…",
            "",
            "Des réserves dans la coalition",
            "",
            PARA_2,
            "",
            "Le sommet de l'Otan vu depuis Madrid",
            "",
            "Lire aussi",
            "Coffee geek. Music lover. Lifelong web fanatic. Prone to bouts of apathy.",
        ]
    )
    result = article(text)
    assert result.title == "Madrid relève son budget militaire"
    assert result.blocks == [
        Block("paragraph", PARA_1),
        Block("heading", "Des réserves dans la coalition"),
        Block("paragraph", PARA_2),
    ]
    assert result.source == "Konbini"
    removed = " | ".join(result.removed_lines)
    for junk in ("Getty", "voir aussi", "Vilnius…", "vu depuis Madrid", "Lire aussi", "Coffee"):
        assert junk in removed
    for junk in ("Getty", "voir aussi", "Vilnius", "Coffee", "Konbini"):
        assert junk not in result.body


def test_hard_wrapped_lines_are_joined() -> None:
    text = (
        "Titre de l'article sur Madrid\n\n"
        "Le Premier ministre espagnol a annoncé lundi une hausse du\n"
        "budget de la défense, estimant que l'Europe devait agir vite.\n"
    )
    result = article(text)
    assert len(result.blocks) == 1
    assert "hausse du budget de la défense" in result.body


def test_cleaning_is_deterministic() -> None:
    text = f"Un titre court\n\n{PARA_1}\nPhoto : AFP\n\n{PARA_2}"
    assert article(text) == article(text)


@pytest.mark.parametrize(
    ("line", "agencies"),
    [
        ("(Avec AFP)", ["AFP"]),
        ("Avec AFP et Reuters", ["AFP", "Reuters"]),
        ("Source : agences", []),
        ("Avec l'AFP.", ["AFP"]),
        ("Avec ses partenaires européens, Madrid a annoncé un plan.", None),
        ("Avec Pedro", None),
    ],
)
def test_agency_sign_off(line: str, agencies: list[str] | None) -> None:
    found = clean.signoff(line, RULES)
    assert (found[1] if found else None) == agencies


def test_outlet_sign_off() -> None:
    assert clean.signoff("Le Monde avec AFP", RULES) == ("Le Monde", ["AFP"])
    assert clean.signoff("Un journaliste avec AFP", RULES) is None


def test_sign_off_and_stamp_lines_are_removed_and_read() -> None:
    text = "\n\n".join(
        ["Madrid relève son budget", "Publié le 03/02/2024 à 10h12", PARA_1, PARA_2, "(Avec AFP)"]
    )
    result = article(text)
    assert result.blocks == [Block("paragraph", PARA_1), Block("paragraph", PARA_2)]
    assert result.agency == "AFP"
    assert result.source is None  # written with AFP material, not by AFP
    assert (result.published_on, result.date_precision) == ("2024-02-03", "day")
    updated = article(text.replace("Publié le 03/02/2024", "Mis à jour le 04/02/2024"))
    assert updated.published_on is None and "Mis à jour" not in updated.body


def test_short_question_can_be_a_heading() -> None:
    result = article(f"Un titre\n\n{PARA_1}\n\nEt maintenant, quelle suite ?\n\n{PARA_2}")
    assert [b.kind for b in result.blocks] == ["paragraph", "heading", "paragraph"]
    assert not looks_like_heading("« Pourquoi maintenant ? »", RULES)


def test_copy_pasted_web_page_is_cleaned() -> None:
    text = "\n".join(
        [
            "Guerre en Ukraine : Kiev réclame davantage de défense antiaérienne",
            "Publié le 12 juin 2024 à 18h42 - Mis à jour le 12 juin 2024 à 19h05",
            "Par Clara Martin",
            "Temps de lecture : 3 min.",
            "Partager sur Facebook",
            PARA_1,
            "Photo d'illustration. (Jean DUPONT / AFP)",
            "« Chaque jour compte », a-t-il déclaré à Kiev devant la presse.Le chancelier a promis"
            " un nouveau système d'ici la fin de l'été.",
            "Lire aussi | Ukraine : l'Allemagne annonce une nouvelle aide",
            "Berlin sous pression",
            PARA_2,
            "Ce qu'il faut retenir",
            "Le Monde avec AFP",
        ]
    )
    result = article(text)
    assert result.title.startswith("Guerre en Ukraine : Kiev réclame")
    assert (result.published_on, result.date_precision) == ("2024-06-12", "day")
    assert (result.source, result.agency, result.authors) == ("Le Monde", "AFP", ["Clara Martin"])
    assert [b.kind for b in result.blocks] == ["paragraph", "paragraph", "heading", "paragraph"]
    assert "devant la presse. Le chancelier" in result.blocks[1].text
    for junk in ("Publié", "Temps de lecture", "Facebook", "DUPONT", "Lire aussi", "retenir"):
        assert junk not in result.body


def test_web_notices_are_dropped_but_news_about_cookies_is_kept() -> None:
    from bot.ingest.build import build_article
    from bot.ingest.rules import default_rules

    text = ("La CNIL sanctionne un site marchand\n\n"
            "La CNIL a infligé mardi une amende à un site marchand pour ses cookies déposés "
            "sans consentement, a indiqué l'autorité.\n\n"
            "Si vous utilisez le navigateur Firefox, assurez-vous d'autoriser les cookies.\n\n"
            "Cliquez sur l'icône de votre bloqueur de publicité pour le désactiver.")
    article = build_article("cnil.txt", text, default_rules())
    assert "amende" in article.body and "cookies déposés" in article.body
    assert "Firefox" not in article.body and "bloqueur" not in article.body
    assert any("Firefox" in line for line in article.removed_lines)


def test_an_english_bio_line_is_dropped_by_its_grammar_words() -> None:
    """Not by a list of its nouns: a bio in other words goes too."""
    from bot.ingest.build import build_article
    from bot.ingest.rules import default_rules

    text = ("Le budget adopté\n\n"
            "Le Parlement a adopté mardi le budget, a indiqué le président de la commission "
            "des finances lors d'une conférence de presse.\n\n"
            "Gardener at heart. Writes about the sea and the wind for a living.")
    article = build_article("bio.txt", text, default_rules())
    assert "Gardener" not in article.body
    assert "budget" in article.body


def test_a_last_quotation_cut_short_is_kept_not_taken_for_a_teaser() -> None:
    text = ("Le capitaine Traoré s'est exprimé vendredi\n\n"
            "Il a par ailleurs démenti tout malaise au sein de l'armée après la tentative de "
            "putsch.\n\n"
            "« On ne peut pas concevoir qu'un an après… »\n")
    article = build_article("q.txt", text, default_rules())
    assert article.body.rstrip().endswith("« On ne peut pas concevoir qu'un an après… »")


def test_a_teaser_line_at_the_end_is_still_dropped() -> None:
    text = ("Le capitaine Traoré s'est exprimé vendredi\n\n"
            "Il a par ailleurs démenti tout malaise au sein de l'armée après la tentative de "
            "putsch.\n\n"
            "Burkina : l'armée promet de nouvelles mesures…\n")
    article = build_article("t.txt", text, default_rules())
    assert "nouvelles mesures" not in article.body

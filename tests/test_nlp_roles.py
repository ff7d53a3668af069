"""Roles without a name: resolved to a holder only when the article writes the whole role,
or names the person it could be. Sentences written for these tests."""

from __future__ import annotations

from nlp_helpers import by_text, only, statements


def test_unqualified_role_is_not_given_to_a_foreign_holder() -> None:
    # the actors file knows a "chef du gouvernement russe"; this article says nothing of Russia
    st = only("« Nous tiendrons le cap jusqu'au bout », a affirmé le chef du gouvernement "
              "devant les sénateurs.")
    # no holder in the article: the role speaks as written (ANNOTATION.md), not the Russian one
    assert st.speaker == "chef du gouvernement"
    assert st.speaker_text is not None and "chef du gouvernement" in st.speaker_text


def test_whole_role_names_its_holder() -> None:
    st = only("« Les sanctions ne nous font pas peur », a affirmé le chef de la diplomatie "
              "russe devant la presse.", "2025-03", "month")
    assert st.speaker == "Sergueï Lavrov"


def test_partial_role_goes_to_the_person_the_article_names() -> None:
    found = only(
        "Le chancelier allemand Olaf Scholz est arrivé à Kiev lundi.\n\n"
        "Le chancelier a assuré que Berlin livrerait de nouveaux blindés.",
        "2024-06", "month",
    )
    assert found.speaker == "Olaf Scholz"


def test_role_with_an_acronym_before_the_name_is_paired() -> None:
    found = statements(
        "Budget : l'opposition vent debout\n\n"
        "Le chef du groupe parlementaire du Parti de l'avenir et du progrès (PAP), Karim "
        "Benali a affirmé que le budget était « irréaliste ».\n\n"
        "La ministre des Finances a répondu que les comptes étaient « sincères ».\n\n"
        "Le chef du groupe parlementaire a ensuite assuré que son parti voterait contre.")
    assert by_text(found, "voterait contre").speaker == "Karim Benali"


def test_role_pointing_back_to_a_body_is_its_holder() -> None:
    found = statements(
        "Inflation : la banque centrale prudente\n\n"
        "Le gouverneur de la Banque nationale, Pierre Martel, a estimé que l'inflation "
        "reculerait au printemps.\n\n"
        "Le ministre de l'Économie, Luc Ferrand, a jugé la prévision « raisonnable ».\n\n"
        "Le gouverneur de l'institution a ajouté que les taux resteraient stables.")
    assert by_text(found, "taux resteraient stables").speaker == "Pierre Martel"


def test_chef_de_l_etat_is_the_president_and_a_pronoun_follows_the_holder() -> None:
    found = statements(
        "Rome : les syndicats reçus\n\n"
        "Le président italien Marco Bellini a reçu lundi les syndicats.\n\n"
        "« La Constitution protège le travail », a déclaré le chef de l'État.\n\n"
        "Il a ajouté que le dialogue social devait reprendre.")
    assert by_text(found, "Constitution protège").speaker == "Marco Bellini"
    assert by_text(found, "dialogue social").speaker == "Marco Bellini"


def test_role_written_before_a_name_without_a_comma_is_paired() -> None:
    found = statements(
        "Accord en vue sur la pêche\n\n"
        "LISBONNE (Reuters) - Le Premier ministre portugais Rui Tavares assure qu'il "
        "« donne tout » pour conclure un accord.\n\n"
        "Le Premier ministre espagnol Pablo Ortega a dit que les discussions progressaient."
        "\n\n« Il reste du travail », a reconnu le chef du gouvernement portugais.")
    assert by_text(found, "reste du travail").speaker == "Rui Tavares"


def test_role_opening_the_lead_is_the_person_named_next() -> None:
    found = statements(
        "Le déploiement de la fibre en retard\n\n"
        "Le ministre délégué chargé du Numérique a appelé mardi les opérateurs à accélérer "
        "le déploiement de la fibre. Interrogé par une radio locale, Paul Renard a également "
        "insisté sur la couverture des zones rurales.\n\n"
        "Le ministre délégué a enfin assuré que le calendrier serait tenu.")
    assert by_text(found, "accélérer").speaker == "Paul Renard"
    assert by_text(found, "calendrier serait tenu").speaker == "Paul Renard"


def test_role_is_not_given_to_the_next_person_who_holds_another_role() -> None:
    found = statements(
        "Sécurité : des renforts annoncés\n\n"
        "Le ministre de l'Intérieur a affirmé lundi que des renforts seraient envoyés dans le "
        "Nord. La maire de Lille, Martine Dupuis, a salué une décision « attendue ».")
    assert by_text(found, "renforts seraient envoyés").speaker == "ministre de l'Intérieur"


def test_bare_office_after_a_speaker_is_that_speaker() -> None:
    found = statements(
        "Aide militaire\n\n"
        "Le président polonais Adam Nowak a plaidé lundi pour de nouvelles sanctions.\n\n"
        "Emmanuel Macron a estimé qu'il ne fallait « rien exclure ». « Nous ne serons pas "
        "cobelligérants », a précisé le chef de l'État.")
    assert by_text(found, "cobelligérants").speaker == "Emmanuel Macron"


def test_role_in_quotation_marks_before_a_name_is_paired() -> None:
    found = statements(
        "Réforme du collège\n\n"
        "Le ton de la \"ministre\" de l'Éducation nationale Claire Moreau a beaucoup irrité, "
        "a expliqué Sophie Girard, cosecrétaire du Snes. La réforme entrera \"en vigueur à "
        "la rentrée prochaine\", a réitéré la ministre mardi.")
    assert by_text(found, "en vigueur").speaker == "Claire Moreau"

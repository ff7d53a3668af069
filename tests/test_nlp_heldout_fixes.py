"""General constructions seen failing on unseen articles: reporting clauses after a quotation
whose participle the tagger files as a noun, pronouns after a statement, month-only dates,
relative clauses with a threat verb. Sentences written for these tests."""

from __future__ import annotations

from nlp_helpers import only, statements


def test_inverted_clause_with_trailing_complement() -> None:
    st = only("Le ministre du Budget, Paul Girard, a présenté le texte mardi. « Les "
              "collectivités devront faire des économies », a-t-il martelé devant les députés "
              "de la commission des lois.")
    assert st.kind == "direct" and st.speaker == "Paul Girard"
    assert st.text == "« Les collectivités devront faire des économies »"


def test_inverted_clause_clitic_speaks_despite_trailing_words() -> None:
    st = only("La sénatrice Anne Morel a présenté son amendement. « Nous ne pouvons plus "
              "reporter cette dépense indéfiniment », a-t-elle soutenu devant la commission "
              "des affaires sociales du Sénat.")
    assert st.speaker == "Anne Morel"


def test_inverted_clause_variants() -> None:
    for verb in ("lancé", "ajouté", "insisté", "prévenu", "répondu"):
        st = only(f"Le maire, Henri Caron, a reçu la presse. « Le chantier sera fini en juin », "
                  f"a-t-il {verb} devant la foule des riverains venus l'écouter.")
        assert st.speaker == "Henri Caron", verb
    st = only("« Aucune école ne fermera cette année », a martelé Jean Roux devant les maires "
              "du département réunis en congrès.")
    assert st.speaker == "Jean Roux"


def test_surface_form_needs_an_inversion() -> None:
    # a noun that looks like a participle ("le député", "l'écrit") is no reporting clause
    found = statements("« La réforme est prête », selon le rapport. Le débat a été vif devant "
                       "les députés.")
    assert all(s.text != "Le débat a été vif" for s in found)


def test_pronoun_after_pour_statement_goes_to_its_speaker() -> None:
    found = statements(
        "Le ministre de l'Économie, Antoine Berger, a défendu le projet de loi devant les "
        "députés. Il a assuré que les dépenses seraient tenues.\n\n"
        "Pour le président du groupe écologiste, Julien Moreau, « ce budget sacrifie la "
        "transition ». Il a réclamé une taxe sur les superprofits.")
    assert [s.speaker for s in found] == ["Antoine Berger", "Julien Moreau", "Julien Moreau"]


def test_pronoun_skips_a_recent_speaker_of_the_other_gender() -> None:
    found = statements(
        "Le ministre Antoine Berger a présenté le budget mardi. « Nous tiendrons les "
        "comptes », a déclaré la présidente de la commission, Claire Vidal. Il a ensuite "
        "affirmé que la dette baisserait.")
    assert [s.speaker for s in found] == ["Claire Vidal", "Antoine Berger"]


def test_month_in_the_reporting_clause() -> None:
    text = ("La Cour des comptes avait estimé en juillet que la trajectoire de la dette "
            "n'était pas tenable.")
    st = only(text, "2025-10-15", "day")
    assert (st.said_on, st.said_precision) == ("2025-07", "month")
    st = only(text, "2025-03-02", "day")  # the latest July not after the article: last year
    assert st.said_on == "2024-07"
    assert only(text).said_on is None  # no article date, no year: nothing invented


def test_month_dernier_and_month_with_year() -> None:
    st = only("Le ministre Paul Girard avait affirmé en octobre dernier que la réforme serait "
              "votée.", "2025-10-15", "day")
    assert st.said_on == "2024-10"
    st = only("Le ministre Paul Girard avait affirmé en mars 2023 que la réforme serait "
              "votée.")
    assert (st.said_on, st.said_precision) == ("2023-03", "month")


def test_relative_clause_threat_by_a_named_person() -> None:
    st = only("Les dirigeants européens ont réagi avec inquiétude aux propos de Vladimir "
              "Poutine, qui a menacé de couper les livraisons de gaz à l'Europe centrale.")
    assert st.speaker == "Vladimir Poutine" and st.kind == "indirect"
    assert st.red_line and "couper les livraisons" in st.text


def test_relative_clause_with_a_noun_object_stays_narrative() -> None:
    found = statements("Le chancelier a reçu Viktor Orban, qui réclame le déblocage des fonds "
                       "européens depuis des mois.")
    assert found == []


def test_call_with_a_long_object_before_the_infinitive() -> None:
    st = only("La présidente de la Commission, Ursula von der Leyen, a exhorté samedi les "
              "dirigeants occidentaux réunis à la Conférence sur la sécurité de Munich à ne "
              "pas relâcher leur soutien à l'Ukraine.")
    assert st.speaker == "Ursula von der Leyen" and "ne pas relâcher leur soutien" in st.text
    st = only("Le secrétaire général, Mark Rutte, a appelé jeudi les ministres réunis à "
              "Bruxelles pour deux jours à augmenter leurs budgets militaires.")
    assert st.speaker == "Mark Rutte" and "augmenter leurs budgets" in st.text


def test_pronoun_prefers_the_adjacent_speaker_over_an_earlier_known_man() -> None:
    # the earlier man's gender is known from his title; the adjacent speaker's is not:
    # proximity wins, as a reader would read it
    found = statements(
        "Le président du Mouvement régional, Marc Aubry, a dénoncé une « hausse déguisée » et "
        "menacé de quitter la majorité si le texte restait en l'état.\n\n"
        "Pour le premier secrétaire du Parti écologiste, Yann Perrot, « ce plan fait payer "
        "les locataires ». Il a réclamé le gel des loyers dans les grandes villes."
    )
    claim = next(s for s in found if "gel des loyers" in s.text)
    assert claim.speaker == "Yann Perrot"

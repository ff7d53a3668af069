"""Inverted reporting clauses on unseen articles: a quote followed by "a-t-il <cue>" and a
participle clause, names inside quotations (never antecedents), mixed or indirect content
before "a-t-il <cue>" with a trailing complement, verdict participles. Sentences written
for these tests."""

from __future__ import annotations

from nlp_helpers import only, statements

QUOTE_THEN_PARTICIPLE = (
    "Le président ukrainien, Volodymyr Zelensky, s'est exprimé lundi à Kiev.\n\n"
    "« Lavrov veut priver nos villes d'électricité pendant l'hiver », a-t-il déclaré, "
    "citant des services de renseignement. Selon lui, un tel bombardement pourrait "
    "entraîner « un désastre »."
)


def test_quote_with_trailing_participle_clause() -> None:
    found = statements(QUOTE_THEN_PARTICIPLE)
    direct = [s for s in found if s.kind == "direct"]
    assert [s.text for s in direct] == [
        "« Lavrov veut priver nos villes d'électricité pendant l'hiver »"]
    assert direct[0].speaker == "Volodymyr Zelensky"


def test_reporting_clause_is_never_a_statement() -> None:
    for st in statements(QUOTE_THEN_PARTICIPLE):
        assert "a-t-il déclaré" not in st.text, st.text


def test_name_inside_quote_is_no_antecedent() -> None:
    found = statements(QUOTE_THEN_PARTICIPLE)
    assert found and all(s.speaker == "Volodymyr Zelensky" for s in found), [
        (s.speaker, s.text) for s in found]
    selon = [s for s in found if s.text.startswith("un tel bombardement")]
    assert selon and selon[0].kind == "mixed"


def test_ajoutant_clause_does_not_steal_the_quote() -> None:
    found = statements(
        "La Première ministre lituanienne, Inga Ruginiene, a reçu son homologue.\n\n"
        "« Loukachenko laisse passer des ballons chaque nuit », a-t-elle dénoncé, ajoutant "
        "que la frontière resterait fermée.")
    direct = [s for s in found if s.kind == "direct"]
    assert [s.text for s in direct] == ["« Loukachenko laisse passer des ballons chaque nuit »"]
    assert all(s.speaker == "Inga Ruginiene" for s in found), [(s.speaker, s.text)
                                                               for s in found]


def test_mixed_content_before_inverted_clause_with_complement() -> None:
    found = statements(
        "Le ministre russe de la Défense, Andreï Belooussov, a répondu aux critiques. "
        "Moscou n'a « jamais frappé » de cibles civiles, a-t-il affirmé devant les députés.")
    mixed = [s for s in found if s.kind == "mixed"]
    assert [s.text for s in mixed] == ["Moscou n'a « jamais frappé » de cibles civiles"]
    assert mixed[0].speaker == "Andreï Belooussov"


def test_indirect_content_before_inverted_clause_with_complement() -> None:
    found = statements(
        "La ministre des Transports, Claire Dumas, a présenté son plan mardi. Le tunnel "
        "rouvrira avant la rentrée scolaire, a-t-elle assuré aux élus locaux.")
    reported = [s for s in found if s.text.startswith("Le tunnel")]
    assert reported and reported[0].kind == "indirect"
    assert reported[0].speaker == "Claire Dumas"
    assert reported[0].text == "Le tunnel rouvrira avant la rentrée scolaire"


def test_verdict_participle_is_mixed_statement() -> None:
    found = statements("Le porte-parole du Kremlin, Dmitri Peskov, a rejeté ces accusations, "
                       "les qualifiant de « mensonges grossiers ».")
    verdict = [s for s in found if "mensonges grossiers" in s.text]
    assert verdict and verdict[0].kind == "mixed"
    assert verdict[0].speaker == "Dmitri Peskov"


def test_verdict_participle_needs_quoted_words() -> None:
    found = statements("Le maire, Henri Caron, a visité le chantier, le jugeant de bonne "
                       "facture.")
    assert not any("jugeant" in s.text for s in found)


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


def test_a_relative_clause_early_in_the_words_does_not_make_them_a_subject() -> None:
    found = statements(
        "Le conducteur, qui a percuté un gendarme lors d'un contrôle routier, va être déféré "
        "pour « meurtre sur personne dépositaire de l'autorité publique », a indiqué le "
        "procureur de Grasse.")
    assert [s.speaker for s in found] == ["procureur de Grasse"]
    assert found[0].text.startswith("Le conducteur, qui a percuté")


def test_inverted_subject_after_a_channel_named_in_a_complement() -> None:
    st = only("Inflation\n\nLes prix devraient culminer au printemps mais le « match n'est pas "
              "terminé », a souligné sur BFM Business le gouverneur de la Banque de France.")
    assert st.speaker == "gouverneur de la Banque de France"


def test_person_named_right_after_a_channel_is_the_inverted_subject() -> None:
    st = only("Réforme\n\n« Nous ne céderons pas », assure ce mercredi au micro de franceinfo "
              "Jean-Paul Lanier, député de la Somme.")
    assert st.speaker == "Jean-Paul Lanier"

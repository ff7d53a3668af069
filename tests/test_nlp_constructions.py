"""Constructions of real news prose that the seed articles do not show: role and name without
a comma, compound names, interrupted quotes, verdict verbs, calls and pleas, quotations carried
over paragraphs, threats by the speaker, narrative look-alikes. Sentences written for these
tests."""

from __future__ import annotations

from nlp_helpers import only, statements


def test_role_and_name_without_comma_then_pronoun() -> None:
    found = statements(
        "La ministre suédoise Ebba Larsson a estimé que « l'accord reste à portée de main ». "
        "Le commissaire néerlandais Pieter van Dam a jugé le calendrier « irréaliste ». "
        "« Nous avons besoin de plus de temps », a-t-il ajouté.")
    assert [s.speaker for s in found] == ["Ebba Larsson", "Pieter van Dam", "Pieter van Dam"]


def test_name_after_role_that_ner_files_elsewhere() -> None:
    found = statements(
        "Le chancelier autrichien Karl Nehammer a répété jeudi qu'il n'y aurait « aucune "
        "exception ». « Nous tiendrons bon », a-t-il lancé.", "2024-03-08", "day")
    assert [s.speaker for s in found] == ["Karl Nehammer", "Karl Nehammer"]
    assert [s.said_on for s in found] == ["2024-03-07", "2024-03-07"]


def test_compound_names_kept_as_written() -> None:
    st = only("« Le budget sera tenu », a assuré Marie-Claire Dubois-Lefèvre.")
    assert st.speaker == "Marie-Claire Dubois-Lefèvre"
    st = only("Le ministre émirati, Ahmed Al-Mansouri, a affirmé que la conférence irait "
              "à son terme.")
    assert st.speaker == "Ahmed Al-Mansouri"


def test_interrupted_quote_with_clitic() -> None:
    st = only("Le président du Sénat, Gérard Martin, a reçu les syndicats. « Cette réforme, "
              "a-t-il souligné, ne passera pas sans un vrai débat. »")
    assert st.kind == "direct" and st.speaker == "Gérard Martin"
    assert "ne passera pas sans un vrai débat" in st.text


def test_interrupted_quote_closed_by_a_full_stop() -> None:
    st = only("Sophie Garnier dirige la coopérative depuis dix ans. « Les prix ont doublé, "
              "je ne le cache pas, reconnaît-elle. Mais nous tenons. »")
    assert st.speaker == "Sophie Garnier"
    assert "Les prix ont doublé" in st.text and "nous tenons" in st.text


def test_cue_with_indirect_object_then_que() -> None:
    st = only("Le ministre turc, Mehmet Kaya, a pour sa part averti les Européens que toute "
              "nouvelle sanction serait considérée comme un acte hostile.")
    assert st.speaker == "Mehmet Kaya"
    assert st.text.startswith("toute nouvelle sanction")


def test_call_on_someone_to_act() -> None:
    st = only("La présidente moldave Maia Sandu a appelé mardi les Vingt-Sept à accélérer "
              "« sans attendre » les négociations d'adhésion.")
    assert st.speaker == "Maia Sandu" and st.kind == "mixed"
    assert "accélérer" in st.text
    st = only("Le pape a exhorté les belligérants à « faire taire les armes ».")
    assert "faire taire les armes" in st.text


def test_pleading_for_something() -> None:
    st = only("Le Premier ministre belge Alexander De Croo a plaidé pour un « impôt "
              "européen » sur les superprofits.")
    assert st.speaker == "Alexander De Croo"
    assert "impôt" in st.text


def test_verdict_verb_with_quoted_fragment_is_a_statement() -> None:
    st = only("Le président de la Fédération bancaire, Luc Girard, a jugé « excessives » "
              "les nouvelles exigences de capital.")
    assert st.speaker == "Luc Girard"
    assert st.kind == "mixed" and "les nouvelles exigences de capital" in st.text
    st = only("La sénatrice Hélène Roux a qualifié la réforme de « bricolage ».")
    assert st.speaker == "Hélène Roux" and "bricolage" in st.text


def test_verdict_verb_needs_a_verdict() -> None:
    assert statements("Le tribunal a estimé le préjudice à trois millions d'euros.") == []


def test_adjectival_participle_is_not_an_inversion() -> None:
    assert statements("Le gouvernement avait présenté un plan d'économies, jugé trop timide "
                      "par une partie de la majorité.") == []


def test_relative_clause_with_noun_object_is_narrative() -> None:
    found = statements("« Nous ne partirons pas », a lancé Jean Morel, qui réclame "
                       "l'ouverture immédiate de négociations salariales.")
    assert [s.text for s in found] == ["« Nous ne partirons pas »"]


def test_quoted_noun_object_makes_a_promise_a_statement() -> None:
    st = only("Le ministre du Logement, Paul Renard, a promis une « aide exceptionnelle » "
              "aux sinistrés.")
    assert st.speaker == "Paul Renard" and "aide exceptionnelle" in st.text
    assert statements("Le département a promis une aide aux sinistrés.") == []


def test_threat_by_the_speaker_is_a_red_line() -> None:
    st = only("Le Premier ministre slovaque Robert Fico a menacé de bloquer le prochain "
              "budget européen.")
    assert st.speaker == "Robert Fico" and st.red_line and st.red_line_rule == "menace"


def test_threatening_verb_about_things_is_not_a_red_line() -> None:
    st = only("Rome craint que la hausse des taux ne menace la reprise, selon un conseiller "
              "du gouvernement italien.")
    assert not st.red_line
    # a menace described (denounced) is no threat made by the speaker
    st = only("Le ministre a dénoncé une menace directe contre la sécurité du pays.")
    assert not st.red_line
    st = only("Le ministre a averti que toute menace contre la sécurité du pays serait "
              "considérée comme une agression.")
    assert st.red_line and st.red_line_kind == "red-line"


def test_direct_participation_in_the_war_is_a_red_line() -> None:
    st = only("Le porte-parole du Kremlin, Dmitri Peskov, a prévenu que l'envoi de pilotes "
              "serait considéré comme une participation directe au conflit.")
    assert st.red_line


def test_quotation_carried_over_paragraphs() -> None:
    found = statements(
        "La directrice de l'usine, Nadia Benali, a déclaré : « Nous avons perdu trois "
        "clients cette année. La concurrence asiatique est redoutable.\n\n"
        "« Mais nous avons un savoir-faire unique. Personne ne nous l'enlèvera. »")
    assert [s.speaker for s in found] == ["Nadia Benali"]  # one quotation, one statement
    assert "trois clients" in found[0].text and "savoir-faire unique" in found[0].text


def test_quote_left_open_at_the_paragraph_end_closes_there() -> None:
    found = statements("Le maire, Jean Dupuis, a déclaré : « Nous verrons bien.\n\n"
                       "La séance a ensuite été levée.")
    assert [(s.speaker, s.text) for s in found] == [("Jean Dupuis", "« Nous verrons bien.")]


def test_pronoun_goes_to_the_newest_main_subject() -> None:
    found = statements(
        "« Le dossier avance », a assuré Claude Fontaine. Le directeur financier, Marc Olivier, "
        "s'est montré plus réservé. Il a rappelé que les comptes restaient déficitaires.")
    assert [s.speaker for s in found] == ["Claude Fontaine", "Marc Olivier"]


def test_pronoun_gender_from_the_role_noun() -> None:
    found = statements(
        "La présidente de la région, Anne Leroy, a rencontré le préfet Marc Duval. "
        "« Nous avons obtenu des garanties », a déclaré Marc Duval. "
        "« C'est un premier pas », a-t-elle estimé.")
    assert [s.speaker for s in found] == ["Marc Duval", "Anne Leroy"]


def test_participle_shares_the_subject_of_the_reporting_verb() -> None:
    found = statements("« Le dialogue est rouvert », a déclaré Karin Holm lors d'un point "
                       "presse, jugeant la rencontre « constructive ».")
    assert [s.speaker for s in found] == ["Karin Holm", "Karin Holm"]


def test_institution_named_by_a_common_noun() -> None:
    st = only("La direction de l'hôpital affirme que la situation est « sous contrôle ».")
    assert st.speaker == "direction de l'hôpital" and st.speaker_kind == "institution"


def test_no_sentence_opens_on_a_lower_case_word() -> None:
    found = statements("« Rien n'est joué », a dit Paul Morin.\n\nAnna Weber a pour sa part "
                       "averti ses partenaires que le vote serait reporté.")
    assert [s.speaker for s in found] == ["Paul Morin", "Anna Weber"]

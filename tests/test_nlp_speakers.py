"""Speaker attribution: names, roles (apposition, then dated actors file), pronouns and
anaphora, institutions, unknown people found by NER, headlines without a subject."""

from __future__ import annotations

from nlp_helpers import analyze, by_text, only, statements

from bot.config import DEFAULT_SEEDS_DIR
from bot.nlp import Extractor, load_actor_records
from bot.nlp.actors import ActorIndex
from bot.nlp.speakers import find_pairings


def test_transliterations_resolve_to_one_actor() -> None:
    for name in ("Zelenskyy", "Volodymyr Zelenski", "Zelensky"):
        st = only(f"{name} a affirmé que l'Ukraine ne renoncerait à aucun territoire.")
        assert st.speaker == "Volodymyr Zelensky", name
    assert only("Dmitri Peskow a déclaré que le sommet était reporté.").speaker == \
        "Dmitri Peskov"
    assert only("Putin a assuré que la Russie était prête.").speaker == "Vladimir Poutine"


def test_glued_honorific() -> None:
    st = only("Selon M.Lavrov, les discussions avancent lentement.")
    assert st.speaker == "Sergueï Lavrov"


def test_role_resolved_by_dated_actors_file() -> None:
    text = "Le secrétaire général de l'Otan a déclaré que l'Alliance restait unie."
    assert only(text, "2023-05-10", "day").speaker == "Jens Stoltenberg"
    assert only(text, "2025-02-03", "day").speaker == "Mark Rutte"
    assert only(text, "2024-11", "month").speaker == "Mark Rutte"


def test_president_americain_changes_with_the_date() -> None:
    text = "Le président américain a estimé que l'accord était une bonne nouvelle."
    assert only(text, "2022-03-01", "day").speaker == "Joe Biden"
    assert only(text, "2025-03-01", "day").speaker == "Donald Trump"


def test_role_resolved_by_apposition_in_the_article() -> None:
    found = statements(
        "Le porte-parole du ministère, Ivan Sokolov, a déclaré que la frontière restait "
        "fermée.\n\nLe porte-parole du ministère a ajouté que des discussions étaient en cours."
    )
    assert [s.speaker for s in found] == ["Ivan Sokolov", "Ivan Sokolov"]
    assert found[1].speaker_text == "Le porte-parole du ministère"


def test_lead_role_resolved_by_later_apposition() -> None:
    found = statements(
        "Le chef de la diplomatie hongroise a affirmé que Budapest bloquerait le texte.\n\n"
        "Le chef de la diplomatie hongroise, Péter Szijjártó, s'exprimait à Bruxelles."
    )
    assert found[0].speaker == "Péter Szijjártó"


def test_unknown_person_found_by_ner_becomes_speaker() -> None:
    st = only("Le député européen Raphaël Glucksmann a estimé que l'Union devait s'armer.")
    assert st.speaker == "Raphaël Glucksmann"
    assert st.speaker_kind == "person"


def test_surname_after_full_name_is_the_same_person() -> None:
    found = statements("Raphaël Glucksmann a estimé que l'Union devait s'armer. Glucksmann a "
                       "ajouté que le temps pressait.")
    assert [s.speaker for s in found] == ["Raphaël Glucksmann", "Raphaël Glucksmann"]


def test_pronoun_refers_to_last_speaker() -> None:
    found = statements("Dmitri Peskov a déclaré que le sommet aurait lieu en mai. Il a précisé "
                       "que la date n'était pas fixée. « Rien n'est décidé », a-t-il ajouté.")
    assert [s.speaker for s in found] == ["Dmitri Peskov"] * 3


def test_ce_dernier_refers_to_last_named_person() -> None:
    found = statements("Emmanuel Macron a assuré que Paris soutiendrait Kiev. Il a reçu "
                       "Volodymyr Zelensky à l'Élysée. Ce dernier a affirmé que l'Ukraine "
                       "tiendrait bon.")
    assert [s.speaker for s in found] == ["Emmanuel Macron", "Volodymyr Zelensky"]


def test_selon_lui() -> None:
    found = statements("Sergueï Lavrov a dénoncé l'attitude des Occidentaux. Selon lui, les "
                       "sanctions ont totalement échoué.")
    assert found[-1].speaker == "Sergueï Lavrov"
    assert "les sanctions ont totalement échoué" in found[-1].text


def test_short_role_refers_to_last_speaker_with_that_role() -> None:
    found = statements("Le ministre russe de la Défense, Andreï Belooussov, a annoncé que les "
                       "exercices commenceraient lundi. Le ministre a précisé que dix mille "
                       "soldats y participeraient.")
    assert [s.speaker for s in found] == ["Andreï Belooussov"] * 2


def test_institution_kept_distinct_from_spokesman() -> None:
    found = statements("Le Kremlin a estimé que la proposition était prématurée. Le porte-parole "
                       "du Kremlin, Dmitri Peskov, a ajouté que Moscou attendait des détails.")
    assert [(s.speaker, s.speaker_kind) for s in found] == [
        ("Kremlin", "institution"), ("Dmitri Peskov", "person")]


def test_subjectless_lead_attributed_to_main_speaker() -> None:
    found = statements(
        "La trêve doit être respectée par tous, a affirmé...\n\n"
        "Le président ukrainien Volodymyr Zelensky a déclaré mardi que Kiev respecterait "
        "l'accord.\n\nIl a ajouté que les Européens devaient participer aux garanties."
    )
    assert found[0].speaker == "Volodymyr Zelensky"
    assert found[0].confidence < found[1].confidence


def test_subjectless_lead_stays_unknown_when_unclear() -> None:
    found = statements(
        "La trêve doit être respectée par tous, a affirmé...\n\n"
        "Volodymyr Zelensky a déclaré que Kiev respecterait l'accord.\n\n"
        "Vladimir Poutine a estimé que les conditions n'étaient pas réunies."
    )
    assert found[0].speaker is None


def test_unknown_speaker_keeps_its_words() -> None:
    st = only("Un haut responsable européen a estimé que les négociations piétinaient.")
    assert st.speaker == "haut responsable européen"  # a role with no name: as written
    assert st.speaker_text == "Un haut responsable européen"


def test_mentions_list_named_actors() -> None:
    result = analyze("Emmanuel Macron et Olaf Scholz ont rencontré des responsables de l'Otan "
                     "à Bruxelles.")
    names = {m.actor for m in result.mentions}
    assert {"Emmanuel Macron", "Olaf Scholz", "Otan"} <= names
    assert result.statements == []


def test_actor_records_from_seeds() -> None:
    records = load_actor_records(DEFAULT_SEEDS_DIR)
    by_name = {r.name: r for r in records}
    assert len(records) >= 40
    for name in ("Sergueï Lavrov", "Dmitri Peskov", "Vladimir Poutine", "Jens Stoltenberg",
                 "Mark Rutte", "Donald Trump", "Emmanuel Macron", "Volodymyr Zelensky",
                 "Marco Rubio", "Antony Blinken"):
        assert by_name[name].kind == "person"
    for name in ("Kremlin", "Otan", "Maison Blanche", "Élysée"):
        assert by_name[name].kind == "institution"
    for name in ("Russie", "États-Unis", "Ukraine"):
        assert by_name[name].kind == "country"
    assert "Putin" in by_name["Vladimir Poutine"].aliases
    assert {"Zelenskyy", "Zelenski"} <= set(by_name["Volodymyr Zelensky"].aliases)
    nato = [r for r in by_name["Jens Stoltenberg"].roles if "Otan" in str(r["role"])]
    assert nato and nato[0]["end"] == "2024-10-01"


def test_actor_index_lookups() -> None:
    index = ActorIndex(load_actor_records(DEFAULT_SEEDS_DIR))
    assert index.match_person("Sergei Lavrov").name == "Sergueï Lavrov"  # type: ignore[union-attr]
    assert index.match_person("Zelenskiy").name == "Volodymyr Zelensky"  # type: ignore[union-attr]
    assert index.match_person("Jean Dupont") is None
    assert index.lookup("Washington").name == "États-Unis"  # type: ignore[union-attr]
    holder = index.match_role("chef de la diplomatie russe", "2025-02")
    assert holder is not None and holder.name == "Sergueï Lavrov"
    assert index.match_role("ministre", "2025-02") is None  # ambiguous on its own


def test_short_definite_description_refers_to_current_speaker() -> None:
    found = statements("La présidente de la Commission européenne, Ursula von der Leyen, a "
                       "annoncé que de nouvelles sanctions étaient prêtes. « Le Kremlin doit "
                       "comprendre que le prix ne cessera d'augmenter », a ajouté la responsable "
                       "allemande.")
    assert [s.speaker for s in found] == ["Ursula von der Leyen"] * 2


def test_unresolved_role_with_complement_speaks_as_written() -> None:
    st = only("« C'est une honte », a réagi sur X la ministre lituanienne de la Défense.")
    assert st.speaker == "ministre lituanienne de la Défense"  # as written, not a holder
    assert st.speaker_text == "la ministre lituanienne de la Défense"


def test_pronoun_gender_picks_the_right_speaker() -> None:
    found = statements("Kaja Kallas a estimé que la Russie cherchait à gagner du temps. Marco "
                       "Rubio a répondu que Washington restait optimiste. « L'Europe ne sera pas "
                       "mise à l'écart », a-t-elle ajouté. « Nous verrons », a-t-il conclu.")
    assert [s.speaker for s in found] == ["Kaja Kallas", "Marco Rubio", "Kaja Kallas",
                                          "Marco Rubio"]


def test_il_prefers_the_last_speaker_over_the_last_mention() -> None:
    found = statements("Dmitri Peskov a déclaré que Vladimir Poutine était prêt à parler à "
                       "Donald Trump. « Nous attendons un signal », a-t-il ajouté.")
    assert [s.speaker for s in found] == ["Dmitri Peskov", "Dmitri Peskov"]


def test_name_closing_a_role_phrase_even_when_ner_misses_it() -> None:
    found = statements("# Réforme des retraites : le gouvernement sous pression\n\nLe Premier "
                       "ministre François Bayrou a affirmé dimanche qu'il n'y aurait « pas de "
                       "retour en arrière ». « Nous devons regarder la réalité en face », "
                       "a-t-il déclaré.", "2025-02-03", "day")
    assert [s.speaker for s in found] == ["François Bayrou", "François Bayrou"]
    assert found[0].said_on == "2025-02-02"


def test_relative_clause_speaker_and_whole_quotation() -> None:
    found = statements("« Le dialogue social n'est pas mort », assure un conseiller de "
                       "l'Élysée, qui reconnaît toutefois que « la situation est tendue ». "
                       "Sophie Binet a aussitôt dénoncé « un passage en force ».")
    assert [s.kind for s in found] == ["direct", "mixed", "mixed"]
    assert found[1].speaker_text == "un conseiller de l'Élysée"
    assert found[2].text == "« un passage en force »"


def test_periphrases_and_ambiguous_roles() -> None:
    assert only("Le locataire de la Maison Blanche a estimé que l'accord était proche.",
                "2025-04-02", "day").speaker == "Donald Trump"
    alone = only("Le chef de l'État a affirmé que la France ne serait pas cobelligérante.",
                 "2024-03-01", "day")
    # several heads of state are known: ambiguous on its own, so the role speaks as written
    assert alone.speaker == "chef de l'État"
    found = statements("Emmanuel Macron a reçu Olaf Scholz à Paris. Le chef de l'État a affirmé "
                       "que la France ne serait pas cobelligérante.", "2024-03-01", "day")
    assert [s.speaker for s in found] == ["Emmanuel Macron"]


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


def test_a_report_speaks_for_the_body_that_issued_it() -> None:
    found = statements(
        "Le rapport de la Cour des comptes estime que la dette publique est trop élevée. "
        "Selon un rapport de l'ONU publié mardi, la famine menace deux millions de personnes.")
    assert {s.speaker for s in found} == {"Cour des comptes", "ONU"}


def test_a_report_with_no_issuer_is_nobody_s_statement() -> None:
    assert statements("Le rapport indique que la dette publique est trop élevée. Selon une "
                      "étude publiée lundi, les jeunes lisent moins.") == []


def test_a_participle_aside_after_an_inverted_subject_keeps_that_subject() -> None:
    found = statements(
        "Le feu s'est propagé à deux voitures et à un hangar, a précisé le procureur de Rouen, "
        "Marc-Antoine Delval, confirmant une information du quotidien régional.")
    assert by_text(found, "propagé à deux voitures").speaker == "Marc-Antoine Delval"


def test_a_role_named_once_with_a_comma_then_alone_is_the_same_person() -> None:
    found = statements(
        "Le feu s'est déclaré vers 2 heures, selon le procureur de Rouen, Marc-Antoine Delval."
        "\n\nLa maison du maire, Jean Morin, n'a pas été touchée.\n\n"
        "« Nous pensons à un acte volontaire », a déclaré le procureur.")
    assert by_text(found, "acte volontaire").speaker == "Marc-Antoine Delval"


def test_a_role_after_a_name_and_a_comma_is_paired_however_it_is_parsed(
        extractor: Extractor) -> None:
    doc = extractor.nlp("Le Japon condamne le nouveau tir de missile effectué vendredi matin, "
                        "a déclaré Hiroshi Kato, porte-parole du gouvernement lors d'un point "
                        "presse.")
    pairings = find_pairings(doc, extractor.mention_finder.find(doc, []), extractor.lexicons)
    assert [(p.actor, p.words) for p in pairings] == [
        ("Hiroshi Kato", ("porte", "parole", "gouvernement"))]


def test_the_one_person_paired_with_a_role_noun_holds_it_however_it_is_worded() -> None:
    found = statements(
        "L'élection aura lieu à l'automne, mais le chef centriste Hugo Lambert a dit vendredi "
        "estimer que le gouvernement avait échoué.\n\n"
        "« Ce gouvernement nuit à la région », a martelé le chef du MDC en conférence de "
        "presse.")
    assert by_text(found, "nuit à la région").speaker == "Hugo Lambert"


def test_a_demonstrative_pronoun_opening_a_sentence_is_one_word() -> None:
    found = statements(
        "Le secrétaire de la CGT-Cheminots, Jean Rivière, a réagi jeudi.\n\n"
        "Celui-ci accuse « le gouvernement et la direction de se renvoyer les "
        "responsabilités ».")
    assert by_text(found, "renvoyer les responsabilités").speaker == "Jean Rivière"


def test_a_day_after_an_inverted_role_is_not_part_of_the_role() -> None:
    found = statements(
        "Le syndicat appelle à la grève contre la réforme portée par la ministre de "
        "l'Education Claire Vidal.\n\n"
        "La réforme entrera « en vigueur à la rentrée prochaine », a réitéré la ministre mardi "
        "sur une chaîne d'information.")
    assert by_text(found, "en vigueur à la rentrée").speaker == "Claire Vidal"


def test_groups_named_by_their_politics_speak_as_written_each_with_their_words() -> None:
    found = statements(
        "Les communistes appellent déjà à la mobilisation et les écologistes ont réclamé un "
        "vrai débat au Parlement.")
    assert by_text(found, "mobilisation").speaker == "communistes"
    assert "écologistes" not in by_text(found, "mobilisation").text
    assert by_text(found, "vrai débat").speaker == "écologistes"


def test_a_role_noun_shared_with_someone_who_did_not_just_speak_is_not_theirs() -> None:
    found = statements(
        "Le chef de la diplomatie russe Sergueï Orlov a jugé lundi la proposition « vide ».\n\n"
        "« Nous n'avons constaté aucun signe de désescalade », a affirmé mardi le secrétaire "
        "général de l'Alliance, Lars Holm.\n\n"
        "« Tout est prêt pour contrer une attaque », selon le chef de la délégation.")
    assert by_text(found, "contrer une attaque").speaker != "Sergueï Orlov"


def test_a_family_name_of_several_words_is_the_full_name_it_ends() -> None:
    found = statements(
        "Le chef péquiste Paul St-Pierre Plamondon a dit vendredi estimer que le gouvernement "
        "avait échoué.\n\n"
        "M. St-Pierre Plamondon a dénoncé « la pauvreté intellectuelle » des réponses du "
        "premier ministre.")
    assert {s.speaker for s in found} == {"Paul St-Pierre Plamondon"}


def test_a_body_named_in_full_then_by_its_acronym_speaks_as_the_acronym() -> None:
    found = statements(
        "L'Organisation internationale pour les migrations (OIM) a indiqué avoir reçu lundi un "
        "appel de détresse. Le Parti de la justice et du développement (PJD) a dénoncé "
        "l'inertie du gouvernement. Selon l'organisation, trois bateaux étaient en mer.")
    assert [s.speaker for s in found] == ["OIM", "PJD", "OIM"]


def test_a_hyphenated_family_name_is_one_word(extractor: Extractor) -> None:
    doc = extractor.nlp("Karin Keller-Sutter a-t-elle répondu à Hossein Amir-Abdollahian ?")
    words = [t.text for t in doc]
    assert "Keller-Sutter" in words and "Amir-Abdollahian" in words
    assert "-t" in words and "-elle" in words


def test_a_compound_given_name_opens_a_name_ner_missed(extractor: Extractor) -> None:
    doc = extractor.nlp("a précisé à l'AFP le procureur de Montbéliard, Paul-Édouard Lallois, "
                        "confirmant une information du quotidien.")
    mentions = extractor.mention_finder.find(doc, [])
    pairings = find_pairings(doc, mentions, extractor.lexicons)
    assert [(p.actor, p.words) for p in pairings] == [
        ("Paul-Édouard Lallois", ("procureur", "montbeliard"))]


def test_description_of_a_body_is_the_body_that_spoke() -> None:
    found = statements(
        "Grève des conducteurs\n\n"
        "La SNCF a annoncé jeudi que le trafic serait perturbé sur l'axe atlantique.\n\n"
        "« L'offre sera réduite ce week-end », a précisé l'entreprise ferroviaire.")
    assert by_text(found, "offre sera réduite").speaker == "SNCF"


def test_pronoun_after_a_body_takes_the_body_of_its_gender() -> None:
    found = statements(
        "Naufrage en Méditerranée\n\n"
        "Un porte-parole de l'agence, Marc Dubois, a affirmé que le bateau avait coulé.\n\n"
        "L'organisation a dit avoir alerté les garde-côtes. Elle a estimé que les secours "
        "« manquent de moyens ».")
    said = by_text(found, "manquent de moyens")
    assert said.speaker == by_text(found, "alerté les garde-côtes").speaker
    assert said.speaker != "Marc Dubois"


def test_chief_executive_with_no_name_speaks_as_written() -> None:
    st = only("Résultats record\n\n« Nous allons embaucher deux cents pilotes », a déclaré "
              "le CEO de la compagnie.")
    assert st.speaker == "CEO de la compagnie"


def test_description_of_a_person_skips_a_body_that_spoke_since() -> None:
    found = statements(
        "Fermeture de l'usine de Vierzon\n\n"
        "Le député Marc Olivier a regretté la fermeture de l'usine.\n\n"
        "Le groupe Vestal a confirmé que trois cents emplois seraient supprimés.\n\n"
        "« L'État doit rester vigilant », a insisté le socialiste.")
    assert by_text(found, "rester vigilant").speaker == "Marc Olivier"

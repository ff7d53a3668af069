"""Direct, indirect and mixed statements on French sentences written for these tests."""

from __future__ import annotations

import pytest
from nlp_helpers import analyze, article, by_text, only, statements

from bot.nlp import Extractor


def test_direct_quote_then_inverted_cue() -> None:
    st = only("« Nous ne céderons pas sur ce point », a déclaré jeudi le président ukrainien "
              "Volodymyr Zelensky.")
    assert st.kind == "direct"
    assert st.text == "« Nous ne céderons pas sur ce point »"
    assert st.speaker == "Volodymyr Zelensky"
    assert st.cue == "déclarer"


def test_cue_then_colon_then_quote() -> None:
    st = only("Le chancelier allemand Olaf Scholz a prévenu : « L'Europe doit enfin prendre "
              "ses responsabilités. »")
    assert st.kind == "direct"
    assert st.speaker == "Olaf Scholz"
    assert "prendre ses responsabilités" in st.text


def test_curly_and_straight_quotes() -> None:
    curly = only("“Les sanctions resteront en place”, a affirmé Ursula von der Leyen.")
    assert curly.speaker == "Ursula von der Leyen" and curly.kind == "direct"
    straight = only('"Les sanctions resteront en place", a affirmé Ursula von der Leyen.')
    assert straight.text == '"Les sanctions resteront en place"'


def test_multi_sentence_quote() -> None:
    st = only("« La Pologne ne reculera pas. Nous défendrons chaque mètre de notre territoire », "
              "a martelé le Premier ministre polonais Donald Tusk.")
    assert st.speaker == "Donald Tusk"
    assert "ne reculera pas" in st.text and "chaque mètre" in st.text


def test_interrupted_quote() -> None:
    st = only("« Cette guerre, a souligné Kaja Kallas, ne peut pas se terminer par une "
              "capitulation de l'Ukraine. »")
    assert st.kind == "direct"
    assert st.speaker == "Kaja Kallas"
    assert "Cette guerre" in st.text and "ne peut pas se terminer" in st.text
    assert "souligné" not in st.text


def test_quote_continuing_previous_quote() -> None:
    found = statements("Marco Rubio a déclaré : « Le dialogue reste ouvert avec Moscou. » "
                       "« Mais rien n'est encore acquis à ce stade. »")
    assert [s.speaker for s in found] == ["Marco Rubio"]  # one quotation, one statement
    assert "dialogue reste ouvert" in found[0].text
    assert "rien n'est encore acquis" in found[0].text


def test_que_clause() -> None:
    st = only("Le ministre ukrainien des Affaires étrangères, Andriï Sybiha, a estimé que Moscou "
              "cherchait surtout à gagner du temps.")
    assert st.kind == "indirect"
    assert st.speaker == "Andriï Sybiha"
    assert st.text.startswith("que Moscou cherchait surtout à gagner du temps")


def test_se_dire_pret() -> None:
    st = only("Keir Starmer s'est dit prêt à envoyer des soldats britanniques en Ukraine.")
    assert st.speaker == "Keir Starmer"
    assert "prêt à envoyer des soldats britanniques" in st.text


def test_inverted_subject_with_date_and_apposition() -> None:
    st = only("Les négociations sont dans l'impasse, a reconnu vendredi la porte-parole de la "
              "Maison Blanche, Karoline Leavitt.")
    assert st.speaker == "Karoline Leavitt"
    assert st.text == "Les négociations sont dans l'impasse"


@pytest.mark.parametrize(
    ("text", "speaker", "words"),
    [
        ("Selon le président turc Recep Tayyip Erdogan, un accord reste possible avant la fin "
         "de l'année.", "Recep Tayyip Erdogan", "un accord reste possible"),
        ("Les premiers chars arriveront au printemps, selon le Pentagone.", "Pentagone",
         "Les premiers chars arriveront au printemps"),
        ("D'après Antonio Guterres, la situation humanitaire s'est encore dégradée.",
         "António Guterres", "la situation humanitaire s'est encore dégradée"),
    ],
)
def test_selon_and_d_apres(text: str, speaker: str, words: str) -> None:
    st = only(text)
    assert st.speaker == speaker
    assert words in st.text
    assert st.cue == "selon"


def test_infinitive_construction() -> None:
    st = only("Le Kremlin a affirmé lundi souhaiter une solution négociée au conflit.")
    assert st.speaker == "Kremlin" and st.speaker_kind == "institution"
    assert "souhaiter une solution négociée" in st.text


def test_participle_clause() -> None:
    found = statements("Estimant que l'Europe était profondément divisée, Viktor Orban a appelé "
                       "à un cessez-le-feu immédiat.")
    assert any(s.speaker == "Viktor Orban" and "l'Europe était profondément divisée" in s.text
               for s in found)


def test_participle_with_quote_and_main_clause_are_two_statements() -> None:
    found = statements("Rappelant que « la porte reste ouverte », Jean-Noël Barrot a assuré "
                       "que la France soutiendrait toute initiative de paix.")
    assert len(found) == 2
    assert {s.speaker for s in found} == {"Jean-Noël Barrot"}
    assert found[0].kind == "mixed"


def test_institutions_and_capitals_speak() -> None:
    otan = only("L'Otan a indiqué qu'elle renforcerait sa présence en mer Baltique.")
    assert otan.speaker == "Otan"
    moscou = only("Moscou considère que l'adhésion de la Finlande constitue une provocation.")
    assert moscou.speaker == "Russie" and moscou.speaker_kind == "country"


def test_mixed_quote() -> None:
    st = only("Emmanuel Macron a affirmé que la France ne laisserait « jamais » tomber l'Ukraine.")
    assert st.kind == "mixed"
    assert st.speaker == "Emmanuel Macron"
    assert "« jamais »" in st.text


def test_laisser_entendre() -> None:
    st = only("Washington a laissé entendre que de nouvelles sanctions étaient en préparation.")
    assert st.speaker == "États-Unis"
    assert st.cue == "laisser entendre"


def test_noun_object_reproach() -> None:
    st = only("Le président ukrainien a reproché aux Européens leur lenteur dans les livraisons "
              "d'obus.", "2024-06-05", "day")
    assert st.speaker == "Volodymyr Zelensky"
    assert "leur lenteur" in st.text


def test_heading_and_paragraph_context() -> None:
    found = analyze("# Tensions en mer Noire\n\nLe Kremlin a averti que toute incursion "
                    "serait repoussée.").statements
    assert len(found) == 1
    assert found[0].heading == "Tensions en mer Noire"
    assert found[0].paragraph.startswith("Le Kremlin a averti")


def test_offsets_index_the_body(extractor: Extractor) -> None:
    art = article("Intro sans citation.\n\n« Nous tiendrons », a promis Volodymyr Zelensky.")
    st = extractor.analyze(art).statements[0]
    assert art.body[st.start : st.end] == st.text


# --- what must NOT be a statement --------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "Moscou déplace ses troupes vers la frontière finlandaise.",
        "Par Marie Dubois et Paul Lefèvre",
        "Selon nos informations, le sommet aura lieu à Genève en juin.",
        "Le Kremlin a-t-il vraiment déclaré que la trêve était terminée ?",
        "Vladimir Poutine dira-t-il que la guerre est finie ?",
        "Le roman « Guerre et Paix » reste un classique de la littérature russe.",
        "Il relit « Vie et Destin », le grand roman de Vassili Grossman.",
        "La « ligne rouge » évoquée par Moscou reste floue pour les diplomates.",
        "Le mot « capitulation » revient souvent dans les commentaires.",
        "Le Kremlin n'a pas précisé si une rencontre était prévue.",
        "Un journaliste a demandé si Moscou accepterait une trêve.",
        "Les réponses proposées par Washington ont été transmises à Moscou.",
        "Sergueï Lavrov a rencontré son homologue chinois à Pékin mardi.",
        "Le ministre a poursuivi sa tournée en Afrique.",
        "Selon les chiffres officiels, l'inflation a atteint 9 % en mars.",
    ],
)
def test_no_statement(text: str) -> None:
    assert statements(text) == []


def test_byline_author_is_never_a_mention_or_speaker() -> None:
    result = analyze("Par Marie Dubois et Paul Lefèvre\n\nLe Kremlin a démenti toute "
                     "implication dans l'attaque.")
    assert {m.actor for m in result.mentions} == {"Kremlin"}
    assert [s.speaker for s in result.statements] == ["Kremlin"]


def test_agency_relaying_is_not_a_speaker() -> None:
    found = statements("Vladimir Poutine a déclaré que la Russie était prête à négocier, "
                       "indique l'agence RIA Novosti.")
    assert [s.speaker for s in found] == ["Vladimir Poutine"]
    assert statements("Le ministre a rencontré son homologue chinois, rapporte l'agence Tass.") \
        == []


def test_inverted_present_tense_cue() -> None:
    st = only("Aucun accord n'est garanti à ce stade, estime un diplomate européen sous couvert "
              "d'anonymat.")
    assert st.text == "Aucun accord n'est garanti à ce stade"
    # a role with no name anywhere speaks as written (ANNOTATION.md)
    assert st.speaker == "diplomate européen" and st.speaker_text.startswith("un diplomate")


def test_inverted_clitic_after_a_quoted_fragment() -> None:
    found = statements("Kaja Kallas a présenté le plan mercredi. Il visera notamment la « flotte "
                       "fantôme » de pétroliers russes, a-t-elle précisé devant les députés.")
    assert [s.speaker for s in found] == ["Kaja Kallas"]
    assert found[0].kind == "mixed"


def test_pour_une_personne_est_une_source() -> None:
    st = only("Pour l'historienne Anne Applebaum, la Russie cherche avant tout à diviser les "
              "Européens.")
    assert st.speaker == "Anne Applebaum"
    assert st.text.startswith("la Russie cherche avant tout")
    assert statements("Pour la Russie, cette région reste stratégique.") == []
    assert statements("Pour rappel, le sommet avait échoué en 2019.") == []


def test_cue_before_quote_with_lost_subject() -> None:
    st = only("Interrogé sur une rencontre avec Vladimir Poutine, M. Zelensky a répondu : « Je ne "
              "vois pas de quoi nous pourrions parler. »")
    assert st.speaker == "Volodymyr Zelensky" and st.kind == "direct"


def test_contrast_clause_is_a_second_statement() -> None:
    found = statements("Marine Le Pen a jugé que le gouvernement « dramatisait » la situation, "
                       "tandis que Jean-Luc Mélenchon a dénoncé une « fuite en avant ».")
    assert len(found) == 2
    assert "Mélenchon" not in found[0].text
    assert found[1].speaker == "Jean-Luc Mélenchon"


def test_control_verb_between_quote_and_cue() -> None:
    st = only("« Nous ne sommes pas en guerre contre la Russie », a tenu à rappeler le "
              "porte-parole du gouvernement.")
    assert st.kind == "direct" and st.speaker_text == "le porte-parole du gouvernement"


def test_inversion_needs_a_clause_before_the_comma() -> None:
    # no inversion: the words before the comma are the subject; the verdict is the content
    found = statements("Le président de la Douma, Viatcheslav Volodine, a qualifié ces annonces "
                       "de provocation.")
    assert [(s.speaker, s.text) for s in found] == [
        ("Viatcheslav Volodine", "a qualifié ces annonces de provocation")]


def test_auxiliary_split_by_an_adverbial() -> None:
    st = only("Volodymyr Zelensky a de son côté rappelé que l'Ukraine « ne reconnaîtra jamais » "
              "l'annexion de la Crimée.")
    assert st.speaker == "Volodymyr Zelensky" and st.kind == "mixed"
    red = only("Dmitri Medvedev a pour sa part menacé Paris de « conséquences graves ».")
    assert red.speaker == "Dmitri Medvedev" and red.red_line_rule == "consequences"


def test_role_with_a_place_complement() -> None:
    st = only("« Nous avons eu une excellente conversation », a écrit le président américain sur "
              "son réseau social.", "2025-05-20", "day")
    assert st.speaker == "Donald Trump"
    assert st.speaker_text == "le président américain"


def test_headline_name_colon_quote() -> None:
    st = only("Lavrov : « L'Otan joue avec le feu »")
    assert st.speaker == "Sergueï Lavrov" and st.kind == "direct"
    assert statements("Guerre en Ukraine : « Nous tiendrons »") == []
    assert statements("Le programme : « Guerre et Paix » à 21 heures") == []


def test_comme_l_a_souligne() -> None:
    st = only("Comme l'a souligné le ministre russe des Affaires étrangères, la situation reste "
              "très tendue.", "2025-01-10", "day")
    assert st.speaker == "Sergueï Lavrov"
    assert st.text == "la situation reste très tendue"
    assert statements("Comme prévu, le sommet a commencé lundi.") == []


def test_quote_then_selon_is_direct() -> None:
    st = only("« Nous ne reculerons pas », selon le porte-parole du Kremlin.", "2025-01-10", "day")
    assert st.kind == "direct" and st.text == "« Nous ne reculerons pas »"
    assert st.speaker == "Dmitri Peskov"


@pytest.mark.parametrize(
    "text",
    [
        "Le rapport indique que les pertes russes dépassent 500 000 hommes.",
        "L'enquête a révélé que les fonds avaient été détournés.",
        "L'accord prévoit que les troupes se retirent d'ici juin.",
        "Il faut rappeler que la Russie a envahi l'Ukraine en 2022.",
        "Cela explique que les prix aient augmenté.",
        "Nous pensons que la guerre durera.",
        "On dit que le président est malade.",
    ],
)
def test_documents_and_generic_subjects_are_not_speakers(text: str) -> None:
    assert statements(text) == []


def test_narrative_with_cue_verbs_yields_nothing() -> None:
    text = (
        "Les troupes russes ont lancé samedi une nouvelle offensive. Les combats, qui ont "
        "commencé à l'aube, se poursuivent. Moscou a déployé des renforts.\n\n"
        "Le président Zelensky a rencontré les chefs militaires. Il a ensuite remis des "
        "décorations à des soldats blessés.\n\n"
        "Le Kremlin a confirmé la tenue d'un sommet. Les États-Unis ont promis une aide de 60 "
        "milliards de dollars. Les ministres ont annoncé leur intention de poursuivre.\n\n"
        "Pourquoi Moscou a-t-elle changé de stratégie ? Les experts s'interrogent."
    )
    assert statements(text) == []


def test_accuser_de_infinitive() -> None:
    st = only("Kiev a accusé Moscou de bombarder délibérément des infrastructures civiles.")
    assert st.speaker == "Ukraine"
    # a content that is not a que-clause is read with its verb group (the act itself)
    assert st.text == "a accusé Moscou de bombarder délibérément des infrastructures civiles"


def test_present_tense_inversions_and_untagged_cues() -> None:
    found = statements("Kaja Kallas a reçu les ministres. « Nous devons être prêts à tout », "
                       "explique-t-elle. « Rien n'est fait », lâche-t-elle, avant de partir. "
                       "“On ne négocie pas sous la menace”, a tweeté le président finlandais "
                       "Alexander Stubb.")
    assert [(s.speaker, s.kind) for s in found] == [
        ("Kaja Kallas", "direct"), ("Kaja Kallas", "direct"), ("Alexander Stubb", "direct")]
    assert found[1].text == "« Rien n'est fait »"


def test_a_quotation_opened_after_a_sentence_and_never_closed_runs_to_the_paragraph_end() -> None:
    found = statements(
        "« La foule a été incroyable », a déclaré la joueuse Léa Martin après le match. «Si "
        "jamais je dis adieu, je ne le dirai à personne.\n\n"
        "Peu après, on lui a demandé ce qui avait changé.")
    assert by_text(found, "je ne le dirai à personne").speaker == "Léa Martin"


def test_a_participle_with_its_own_que_after_a_quotation_reports_new_words() -> None:
    found = statements(
        "Devant les chefs d'État de la région, le Premier ministre Abdou Diallo a déclaré : "
        "« Si vous écartez les influences étrangères, nous, les Africains, nous réconcilierons "
        "», notant que « certains pays utilisent la communauté régionale pour régler d'autres "
        "comptes ».")
    first = by_text(found, "nous réconcilierons")
    second = by_text(found, "régler d'autres comptes")
    assert first is not second
    assert first.speaker == second.speaker == "Abdou Diallo"


def test_reported_words_keep_the_que_that_opens_them() -> None:
    found = statements("L'entraîneur a reconnu qu'il ne conservera pas son titre. La ministre a "
                       "assuré que la dette restait maîtrisée.")
    assert [s.text for s in found] == ["qu'il ne conservera pas son titre",
                                       "que la dette restait maîtrisée"]


def test_a_quotation_cut_short_by_the_end_of_the_text_is_still_read() -> None:
    found = statements(
        "# Le plus pragmatique : Julien Martel (Rennes)\n\n"
        "« À force de courage et d'abnégation, on a réussi à revenir")
    assert by_text(found, "force de courage").speaker == "Julien Martel"


def test_a_question_of_the_press_is_no_statement() -> None:
    found = statements(
        "« Ce gouvernement est usé », a martelé le chef du parti Paul Martin. Le gouvernement "
        "a-t-il fermé les yeux sur la corruption ? lui a demandé un journaliste. « Peut-être », "
        "a-t-il répondu.")
    assert [s.text for s in found] == ["« Ce gouvernement est usé »", "« Peut-être »"]


def test_reporting_clause_right_after_the_marks_without_a_comma() -> None:
    st = only("Nouvel album\n\n« C'est un album de rencontres, on passe d'un sujet à l'autre » "
              "confie Paul Mercier.")
    assert st.speaker == "Paul Mercier" and "album de rencontres" in st.text
    found = statements("Manifestation\n\nLe slogan « Tous ensemble » rassemble les "
                       "manifestants devant la mairie.")
    assert found == []


def test_c_est_a_dire_inside_a_quotation_reports_nothing() -> None:
    found = statements(
        "Taux d'intérêt\n\n« Nous resterons à l'action », a poursuivi le gouverneur Paul "
        "Martin.\n\n« La deuxième mi-temps sera plus longue. Sur les taux, on ne joue pas "
        "seulement sur le rythme, mais on joue sur la hauteur, c'est-à-dire le niveau "
        "terminal, puis on joue sur la durée. »\n\n« Et puis il y a le bilan », a-t-il "
        "ajouté.")
    said = by_text(found, "deuxième mi-temps")
    assert said.speaker == "Paul Martin" and "niveau terminal" in said.text


def test_gloss_going_on_from_the_quotation_before_the_reporting_clause() -> None:
    st = only("Budget\n\n« Nous n'accepterons pas que le pouvoir d'achat soit amputé » dans le "
              "projet de budget, menace Marie Dupont ce mercredi sur RTL.")
    assert st.speaker == "Marie Dupont" and "pouvoir d'achat" in st.text


def test_a_paragraph_after_a_quotation_is_no_gloss_of_it() -> None:
    found = statements(
        "Mercosur\n\nLa présidente du syndicat, Anne Leroy, a dénoncé l'accord. « Il a tenu "
        "un discours ferme, je le reconnais, concède-t-elle. Mais les actes doivent suivre. »"
        "\n\nDu côté de Bruxelles, on défend un accord « équilibré ».")
    assert by_text(found, "discours ferme").speaker == "Anne Leroy"

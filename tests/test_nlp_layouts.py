"""Page layouts that carry who speaks without a reporting clause: reaction round-ups (a line
naming the person, then their quotation), words introduced by a colon at the end of a
paragraph, interviews credited to the interviewer. Sentences written for these tests."""

from __future__ import annotations

from nlp_helpers import by_text, statements


def test_a_reaction_round_up_gives_each_quotation_to_the_person_above_it() -> None:
    found = statements(
        "Rugby : ce qu'ils ont dit après la défaite\n\n"
        "Les réactions des entraîneurs après la 12e journée de Top 14.\n\n"
        "# Le plus déçu : Pierre Martin (Castres)\n\n"
        "« On a perdu la bataille des avants. Les joueurs ont manqué de lucidité en fin de "
        "match. »\n\n"
        "# Le plus combatif : Jean Dupuis (Pau)\n\n"
        "« Nous ne lâcherons rien. Cette équipe a du caractère et elle l'a montré ce soir. »")
    assert by_text(found, "bataille des avants").speaker == "Pierre Martin"
    assert by_text(found, "lâcherons rien").speaker == "Jean Dupuis"


def test_a_name_line_then_a_paragraph_of_narrative_is_not_a_quotation() -> None:
    found = statements(
        "Les lauréats du concours\n\n"
        "# Premier prix : Claire Morel (Lyon)\n\n"
        "La jeune pâtissière a présenté une tarte aux fraises devant le jury réuni samedi.")
    assert found == []


def test_a_paragraph_closed_by_a_colon_introduces_the_words_of_the_next_one() -> None:
    found = statements(
        "Le nouveau maire installé\n\n"
        "Élu au premier tour, Paul Lemoine a été installé vendredi. Le nouveau maire a "
        "aussitôt détaillé ses priorités :\n\n"
        "Nous allons baisser les impôts locaux dès l'an prochain. La ville doit retrouver des "
        "marges pour investir dans les transports.\n\n"
        "Le conseil a ensuite voté le budget.", "2024-03-12", "day")
    said = by_text(found, "baisser les impôts locaux")
    assert said.speaker == "Paul Lemoine"
    assert said.said_on == "2024-03-12"  # "vendredi" dates the installation, not the words
    assert not [s for s in found if s.text.startswith("détaillé")]
    assert not [s for s in found if "voté le budget" in s.text]


def test_a_list_after_a_colon_is_one_statement_per_item() -> None:
    found = statements(
        "Grève à l'usine\n\n"
        "Le délégué syndical Marc Vidal a détaillé les revendications :\n\n"
        "- une hausse des salaires de 5 % dès janvier\n\n"
        "- l'embauche de vingt intérimaires en contrat fixe\n\n"
        "La direction n'a pas réagi.")
    items = [s for s in found if s.speaker == "Marc Vidal"]
    assert [s.text for s in items] == ["une hausse des salaires de 5 % dès janvier",
                                       "l'embauche de vingt intérimaires en contrat fixe"]


def test_a_colon_after_a_narrative_sentence_introduces_nothing() -> None:
    found = statements(
        "Le programme du week-end\n\n"
        "La commune a prévu plusieurs animations pour le week-end :\n\n"
        "Un marché artisanal se tiendra sur la place de l'église dès samedi matin.")
    assert found == []


def test_an_interview_credited_to_its_interviewer_speaks_for_the_person_named_after() -> None:
    found = statements(
        "# « Nous allons rénover toutes les écoles »\n\n"
        "# Recueilli par Marc Leroy\n\n"
        "# Sophie Garnier\n\n"
        "Maire (DVG) de Villeneuve.\n\n"
        "# Quelles sont vos priorités pour ce mandat ?\n\n"
        "Les écoles d'abord. Nous allons les rénover d'ici 2030, parce que les familles le "
        "demandent depuis longtemps.\n\n"
        "Et la sécurité ?\n\n"
        "Nous avons recruté dix policiers municipaux. Je ne promets pas de miracle.")
    assert by_text(found, "dix policiers municipaux").speaker == "Sophie Garnier"
    assert by_text(found, "Les écoles d'abord").speaker == "Sophie Garnier"
    assert by_text(found, "rénover toutes les écoles").speaker == "Sophie Garnier"
    assert not [s for s in found if s.speaker == "Marc Leroy"]


def test_answers_labelled_r_lose_their_label() -> None:
    found = statements(
        "# Entretien avec Zaz\n\n"
        "Q : Pourquoi ce nouvel album maintenant ?\n\n"
        "R : J'avais besoin de temps. Les chansons sont venues lentement, pendant la "
        "tournée.\n\n"
        "Q : Vous chantez en espagnol sur deux titres ?\n\n"
        "R : Oui, c'est une langue que j'aime depuis l'enfance.")
    answer = by_text(found, "besoin de temps")
    assert answer.speaker == "Zaz"
    assert answer.text.startswith("J'avais")


def test_a_label_ending_with_a_colon_and_a_quoted_heading_before_the_words() -> None:
    found = statements(
        "Les réactions après l'étape\n\n"
        "# Marc Lemoine (Cofidis), vainqueur de l'étape :\n\n"
        "# « Un autre monde »\n\n"
        "« C'était juste fou ici, arriver en tête avec une équipe pareille. Nous avons profité "
        "de chaque kilomètre. »")
    assert by_text(found, "C'était juste fou").speaker == "Marc Lemoine"


def test_a_quotation_after_a_paragraph_ending_on_a_named_subject_is_theirs() -> None:
    found = statements(
        "Message à l'armée\n\n"
        "Alors qu'il s'exprimait vendredi à la télévision, le chef de la junte Oumar Sidibé a "
        "envoyé un message très clair à ceux qui veulent déstabiliser la transition.\n\n"
        "# « Ça c'est terminé »\n\n"
        "« Toute personne qui voudrait se mettre en travers de la marche du pays trouvera "
        "l'armée devant elle. Nous avons assez sensibilisé. »")
    assert by_text(found, "en travers de la marche").speaker == "Oumar Sidibé"


def test_a_quotation_after_a_narrative_paragraph_without_a_named_subject_is_dropped() -> None:
    found = statements(
        "Le marché de Noël\n\n"
        "Les chalets ont ouvert samedi sur la place de la mairie.\n\n"
        "« Venez nombreux découvrir nos produits du terroir cette année. »")
    assert found == []

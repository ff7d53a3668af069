"""Constructions met in a wire dispatch, a sports interview, a court report and a
parliamentary story: expressive cue verbs ("sourit-elle", "s'amuse-t-il"), pronouns given
the gender of a first name, a role noun with its holder's name after a comma, a present-tense
cue the tagger reads as a noun ("juge la députée"), "a-t-on appris auprès de", an infinitive
filed as an adverbial clause, threats of a censure motion. Sentences written for these tests."""

from __future__ import annotations

from nlp_helpers import statements


def _by_text(text: str, words: str) -> tuple[str | None, str]:
    found = [s for s in statements(text, "2025-03-08", "day") if words in s.text]
    assert found, [s.text for s in statements(text, "2025-03-08", "day")]
    return found[0].speaker, found[0].text


def test_expressive_cue_after_quote() -> None:
    text = ("Le pilote Antoine Mercier a signé dimanche sa première victoire.\n\n"
            "« J'ai eu un peu de chance au dernier tour », sourit-il.\n\n"
            "« Mon équipe va me demander une augmentation », s'amuse-t-il ensuite.")
    assert _by_text(text, "un peu de chance")[0] == "Antoine Mercier"
    assert _by_text(text, "augmentation")[0] == "Antoine Mercier"


def test_pronoun_takes_the_gender_of_the_first_name() -> None:
    text = ("Le réalisateur Julien Marchand présente son film avec son actrice, Sophie Lenoir.\n\n"
            "« Le tournage a duré trois ans », raconte Julien Marchand.\n\n"
            "« Trois ans et beaucoup de pluie », glisse-t-elle.")
    assert _by_text(text, "beaucoup de pluie")[0] == "Sophie Lenoir"


def test_first_name_makes_a_person_when_ner_misses() -> None:
    text = ("La Marseillaise Nathalie Garnier a décroché le titre national.\n\n"
            "« Je n'y croyais plus », confie-t-elle.")
    assert _by_text(text, "Je n'y croyais plus")[0] == "Nathalie Garnier"


def test_role_then_name_after_comma_in_inversion() -> None:
    text = ("La réforme entrera en vigueur au mois de janvier, a précisé la ministre du "
            "Travail, Catherine Vautrin.")
    assert _by_text(text, "entrera en vigueur")[0] == "Catherine Vautrin"


def test_present_cue_tagged_as_noun() -> None:
    text = ("« Cette loi arrive beaucoup trop tard », juge la présidente de la commission, "
            "Sandrine Rousseau, dans un communiqué.")
    assert _by_text(text, "arrive beaucoup trop tard")[0] == "Sandrine Rousseau"


def test_learned_from_a_source() -> None:
    text = ("Le suspect a été remis en liberté sous contrôle judiciaire, a-t-on appris samedi "
            "auprès du parquet de Lyon.")
    speaker, said = _by_text(text, "remis en liberté")
    assert "a-t-on appris" not in said
    assert speaker is not None and "parquet de Lyon" in speaker
    unnamed = ("Trois personnes ont été interpellées dans la nuit, a-t-on appris de source "
               "judiciaire.")
    assert _by_text(unnamed, "ont été interpellées")[0] is None


def test_learned_needs_the_inverted_form() -> None:
    text = "Les élèves ont appris la nouvelle lundi matin en arrivant au collège."
    assert statements(text, "2025-03-08", "day") == []


def test_infinitive_filed_as_adverbial_clause() -> None:
    text = "Paul Renard a nié lundi matin avoir été informé de la fuite."
    speaker, said = _by_text(text, "informé de la fuite")
    assert said == "a nié lundi matin avoir été informé de la fuite"  # the act and its words
    assert speaker == "Paul Renard"


def test_infinitive_with_preposition_is_no_content() -> None:
    text = "Le directeur a répondu lundi pour calmer les actionnaires inquiets."
    assert not [s for s in statements(text) if "calmer" in s.text]


def test_censure_threat_is_a_red_line() -> None:
    text = ("« Si le gouvernement passe en force, nous déposerons une motion de censure », a "
            "averti le président du groupe socialiste, Boris Vallaud.")
    found = [s for s in statements(text) if "motion de censure" in s.text]
    assert found and found[0].red_line
    calm = "« Nous voterons ce budget sans enthousiasme », a déclaré Boris Vallaud."
    assert not any(s.red_line for s in statements(calm))


def test_description_takes_the_speaker_of_its_gender() -> None:
    text = ("La skieuse Julie Perrin a remporté la descente. Son entraîneur, Marc Duval, "
            "savoure.\n\n"
            "« Elle a skié comme jamais », dit Marc Duval.\n\n"
            "« Ce soir, je ne pense qu'à dormir », plaisante la championne.")
    assert _by_text(text, "je ne pense qu'à dormir")[0] == "Julie Perrin"

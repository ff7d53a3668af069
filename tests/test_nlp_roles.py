"""Roles without a name: resolved to a holder only when the article writes the whole role,
or names the person it could be. Sentences written for these tests."""

from __future__ import annotations

from nlp_helpers import only


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

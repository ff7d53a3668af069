"""Alert and digest Block Kit: content, limits, "and K more"."""

from __future__ import annotations

import json

from bot.render.alerts import render_alert
from bot.render.digests import render_digest


def item(i: int, speaker: str | None, red: bool = False) -> dict:
    return {"statement_id": i, "speaker": speaker, "kind": "direct" if i % 2 else "indirect",
            "text": f"déclaration numéro {i} <b>", "said_on": "2025-03-14", "red_line": red,
            "rule": None, "title": "Titre", "source": "Le Monde",
            "url": f"https://example.org/{i}", "doc": f"doc{i}", "labels": "x"}


def test_digest_groups_by_actor_with_top_n_and_more() -> None:
    items = [item(i, f"Acteur {i % 7}", red=i == 3) for i in range(30)]
    text, blocks = render_digest(items, since="2025-03-13 08:00 UTC", top_actors=5,
                                 per_actor=2)
    dumped = json.dumps(blocks, ensure_ascii=False)
    assert "30 statements by 7 speakers in 30 articles, 1 red-line" in dumped
    assert "… and 2 more speakers" in dumped
    assert "… and 3 more" in dumped  # an actor with 5 statements shows 2
    assert "&lt;b&gt;" in dumped and "<b>" not in dumped  # user text is escaped
    assert len(blocks) <= 50 and all(len(b.get("text", {}).get("text", "")) <= 3000
                                     for b in blocks)
    assert "Acteur" in text


def test_empty_digest_says_so_briefly() -> None:
    text, blocks = render_digest([], since=None)
    assert "nothing new" in text and len(blocks) == 1


def test_alert_collapses_statements_matched_twice_and_caps_length() -> None:
    base = {"subscription_id": 1, "sub_kind": "actor", "sub_label": "Dmitri Peskov",
            "detail": None, "kind": "direct", "said_on": None, "said_precision": "none",
            "red_line": 0, "red_line_rule": None, "speaker": "Dmitri Peskov",
            "speaker_text": "le porte-parole", "article_id": 1, "doc": "d", "title": "T",
            "source": None, "url": None, "published_on": "2025-03-14", "actor_id": 1}
    rows = [dict(base, outbox_id=i, statement_id=i, text="mot " * 400) for i in range(12)]
    rows.append(dict(base, outbox_id=99, statement_id=0, subscription_id=2,
                     sub_kind="redlines", sub_label="all red lines", detail="nuclear-threat",
                     text="mot " * 400))
    text, blocks = render_alert(rows)
    dumped = json.dumps(blocks, ensure_ascii=False)
    assert "12 new statements" in dumped and "… and 4 more" in dumped
    assert "Matched: Dmitri Peskov, all red lines" in dumped
    assert "RED LINE* (nuclear-threat)" in dumped
    assert "14 Mar 2025" in dumped and "unknown outlet" in dumped
    assert len(text) <= 3000
    ids = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert ids == ["alert_open", "alert_mute_1", "alert_mute_2"]

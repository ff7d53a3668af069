"""Helpers shared by the alerts, scheduler and feed tests (no tests here).

Hand-built French articles and statements, saved through store.ingest.save_article exactly as
the pipeline saves them, so alert matching is tested independently of extraction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from slack_sdk import WebClient

from bot.alerts.delivery import Delivery, DeliveryReport, TeamClients
from bot.config import DEFAULT_SEEDS_DIR, Settings
from bot.context import CommandContext
from bot.dispatch import run_command
from bot.models import Analysis, Article, Block, Statement
from store import Store
from store.actors import upsert_actor
from store.ingest import save_article

TEAM = "T0TEST"
OTHER_TEAM = "T0OTHER"
CHANNEL = "C0DESK"
USER = "U0JOURNO"

ACTORS = [
    ("Dmitri Peskov", ["Peskov", "Dmitry Peskov"], "porte-parole du Kremlin"),
    ("Sergueï Lavrov", ["Lavrov", "Sergei Lavrov"], "ministre russe des Affaires étrangères"),
    ("Emmanuel Macron", ["Macron"], "président de la République"),
]


def seed_actors(store: Store) -> None:
    db = store.db
    with db.atomic():
        for name, aliases, role in ACTORS:
            upsert_actor(db, name, "person", aliases, [{"role": role, "start": None,
                                                        "end": None}])


def settings_for(tmp_path: Path, slack_api_url: str | None = None, **overrides: Any) -> Settings:
    return Settings(
        db_path=tmp_path / "quotedesk.db",
        seeds_dir=DEFAULT_SEEDS_DIR,
        slack_bot_token="xoxb-test" if slack_api_url else None,
        slack_api_url=slack_api_url,
        scheduler_db_path=tmp_path / "scheduler.db",
        default_timezone="Europe/Paris",
        **overrides,
    )


def ctx_for(store: Store, settings: Settings, team: str = TEAM, channel: str = CHANNEL,
            user: str = USER) -> CommandContext:
    return CommandContext(store=store, settings=settings, team_id=team, channel_id=channel,
                          user_id=user)


def ask(ctx: CommandContext, line: str) -> str:
    command, _, text = line.partition(" ")
    answer = run_command(ctx, command, text)
    assert not answer.is_error, answer.message
    return (answer.title + "\n" + (answer.message or "")).strip()


# (speaker, speaker_text, kind, words, red_line, red-line kind)
Said = tuple[str | None, str, str, str, bool, str | None]


def make_article(doc: str, title: str, said: list[Said], *, source: str = "Le Monde",
                 day: str = "2025-03-14", extra: str = "") -> tuple[Article, Analysis]:
    """An article with one paragraph per statement, and the statements found in it."""
    blocks = [Block("heading", title)]
    statements = []
    offset = len(title) + 2
    for speaker, speaker_text, kind, words, red_line, rule in said:
        verb = "a déclaré" if kind == "direct" else "a estimé"
        if kind == "direct":
            paragraph = f"{speaker_text} {verb} : «{words}»."
            start = offset + paragraph.index(words)
        else:
            paragraph = f"{speaker_text} {verb} que {words}."
            start = offset + paragraph.index(words)
        blocks.append(Block("paragraph", paragraph))
        statements.append(
            Statement(
                kind=kind,  # type: ignore[arg-type]
                text=words,
                start=start,
                end=start + len(words),
                speaker=speaker,
                speaker_text=speaker_text,
                speaker_kind="person" if speaker else "unknown",
                cue="déclarer" if kind == "direct" else "estimer",
                sentence=paragraph,
                paragraph=paragraph,
                said_on=day,
                said_precision="day",
                red_line=red_line,
                red_line_rule=rule,
                red_line_kind=rule,
            )
        )
        offset += len(paragraph) + 2
    if extra:
        blocks.append(Block("paragraph", extra))
    article = Article(doc=doc, title=title, blocks=blocks, source=source,
                      url=f"https://example.org/{doc}", published_on=day,
                      date_precision="day")
    for st in statements:
        assert article.body[st.start:st.end] == st.text
    return article, Analysis(statements=statements)


def save(store: Store, article: Article, analysis: Analysis) -> int:
    digest = hashlib.sha256(article.body.encode()).hexdigest()
    article_id, _ = save_article(store.db, article, digest, analysis)
    return article_id


PESKOV_ARTICLE = (
    "peskov-truce.html",
    "Le Kremlin ferme la porte à une trêve",
    [
        ("Dmitri Peskov", "Le porte-parole du Kremlin, Dmitri Peskov,", "direct",
         "il n'y aura pas de trêve tant que Kiev refuse nos conditions", False, None),
        ("Dmitri Peskov", "Dmitri Peskov", "indirect",
         "les négociations avec Washington se poursuivaient", False, None),
        ("Emmanuel Macron", "Emmanuel Macron", "indirect",
         "l'Europe devait soutenir l'Ukraine dans la durée", False, None),
    ],
)

REDLINE_ARTICLE = (
    "lavrov-ligne-rouge.html",
    "Lavrov met en garde l'Otan",
    [
        ("Sergueï Lavrov", "Le ministre russe des Affaires étrangères, Sergueï Lavrov,",
         "direct", "le déploiement d'armes offensives près de nos frontières serait une "
         "ligne rouge", True, "red-line"),
        ("Sergueï Lavrov", "Sergueï Lavrov", "indirect",
         "la Russie ne tolérera en aucun cas la présence de troupes de l'Otan en Ukraine",
         False, None),
        ("Sergueï Lavrov", "Sergueï Lavrov", "indirect",
         "le dialogue sur la stabilité stratégique pourrait reprendre", False, None),
    ],
)


def with_api(settings: Settings, api_url: str) -> Settings:
    return replace(settings, slack_api_url=api_url, slack_bot_token="xoxb-test")


def deliver_pending(
    store: Store,
    settings: Settings,
    client: WebClient | None = None,
    *,
    sleep: Callable[[float], None],
    **kw: Any,
) -> DeliveryReport:
    """One delivery run with a fresh Delivery (``client``, if given, for every workspace)."""
    clients = TeamClients(settings, client)
    max_groups = kw.pop("max_groups", 200)
    return Delivery(store, settings, clients, sleep=sleep, **kw).run(max_groups)

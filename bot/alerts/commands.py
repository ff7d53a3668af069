"""/subscribe, /unsubscribe, /subscriptions, /redline, /digest, /feeds and alert buttons.

Every function takes ``(ctx, text)`` and returns an Answer; everything is scoped to
``ctx.team_id`` (and ``ctx.channel_id`` for a channel's subscriptions and digest).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.alerts import tracked_redlines as rl
from bot.alerts.delivery import can_post
from bot.alerts.digests import build_digest, send_digest
from bot.context import CommandContext
from bot.models import Answer, StatementHit, red_line_label
from bot.render.console import blocks_to_text
from bot.render.parts import format_date
from bot.search.actors import resolve_actor, suggest_actors
from folding import fold
from store import digests as digest_store
from store import patterns as pattern_store
from store import redline_sets as redline_store
from store import statements as statement_store
from store import subscriptions as subscription_store
from store.errors import NotFound
from store.subscriptions import Subscription

MAX_REDLINE_PATTERNS = 30
MAX_PATTERN_CHARS = 200
REDLINE_TEST_LIMIT = 10
_ONLY_DIRECT = re.compile(r"(?:^|\s)(?:only|kind):(?:direct|verbatim)\b", re.IGNORECASE)
_TIME = re.compile(r"^(\d{1,2})(?:[:h](\d{2}))?$", re.IGNORECASE)


def _message(command: str, text: str, message: str, *, error: bool = False,
             title: str = "", suggestions: list[str] | None = None) -> Answer:
    return Answer(command, text, message=message, is_error=error, title=title,
                  suggestions=suggestions or [])


def _who(user_id: str | None) -> str:
    return f"<@{user_id}>" if user_id and user_id[:1] in "UW" else user_id or "someone"


# --------------------------------------------------------------------------------------------
# What a subscription names
# --------------------------------------------------------------------------------------------


@dataclass
class Target:
    kind: str  # actor | redline | redlines | keyword
    key: str
    label: str
    actor_id: int | None = None
    redline_id: int | None = None
    phrase: str | None = None
    compiled: pattern_store.Compiled | None = None
    note: str = ""


def _strip_quotes(text: str) -> tuple[str, bool]:
    text = text.strip()
    for left, right in (('"', '"'), ("«", "»"), ("“", "”"), ("'", "'")):
        if len(text) >= 2 and text.startswith(left) and text.endswith(right):
            return text[1:-1].strip(), True
    return text, False


def _parse_target(ctx: CommandContext, command: str, body: str) -> Target | Answer:
    """What ``/subscribe`` or ``/unsubscribe`` names, or a polite Answer explaining why not."""
    db = ctx.store.db
    head, _, rest = body.partition(" ")
    head_l = head.lower()
    rest = rest.strip()
    if head_l in {"redlines", "red-lines", "lignes-rouges"} or (
        head_l in {"redline", "red-line"} and not rest
    ):
        return Target("redlines", "redlines", "all red lines")
    if head_l in {"redline", "red-line", "ligne-rouge"}:
        rl.ensure_builtin_redlines(db, ctx.settings.seeds_dir)
        name = rest.lower()
        found = redline_store.find_redline(db, ctx.team_id, name)
        if found is None:
            names = [r["name"] for r in redline_store.list_redlines(db, ctx.team_id)]
            return _message(
                command, body, f"There is no red line called “{rest}”. Known red lines: "
                f"{', '.join(names) or 'none'}. Add one with `/redline add <name> <pattern>`.",
                error=True,
            )
        return Target("redline", f"redline:{found['id']}", f"red line {found['name']}",
                      redline_id=int(found["id"]))
    if head_l in {"keyword", "keywords", "mot-clé", "mot-cle", "kw"}:
        phrase, quoted = _strip_quotes(rest)
        if not phrase:
            return _message(command, body, 'Say which words to watch: `/subscribe keyword '
                            '"mer d\'Azov"`.', error=True)
        if len(phrase) > MAX_PATTERN_CHARS:
            return _message(command, body, "That keyword is too long; keep it under "
                            f"{MAX_PATTERN_CHARS} characters.", error=True)
        if command == "/subscribe" and rl.too_common(phrase):
            return _message(command, body, f"“{phrase}” would match almost every statement "
                            "(single letters and words such as “le”, “de” or “the” are too "
                            "common). Name what to watch: `/subscribe keyword \"mer d'Azov\"`.",
                            error=True)
        try:
            compiled = rl.compile_pattern(phrase, as_phrase=quoted or " " not in phrase)
        except ValueError:
            return _message(command, body, f"“{phrase}” has no word I can look for (only "
                            "very common words?). Try more specific words.", error=True)
        key = "keyword:" + " ".join(fold(phrase).split())
        return Target("keyword", key, f'keyword "{phrase}"', phrase=phrase, compiled=compiled)
    name, _ = _strip_quotes(body)
    match = resolve_actor(db, name)
    if match is None:
        suggestions = suggest_actors(db, name)
        hint = f" Did you mean {', '.join(suggestions)}?" if suggestions else ""
        return _message(
            command, body, f"I don't know an actor called “{name}”.{hint} You can also "
            'subscribe to `redlines`, `redline <name>` or `keyword "<words>"`.',
            error=True, suggestions=suggestions,
        )
    note = "" if fold(match.name) == fold(name) else f" (“{name}” resolved to {match.name})"
    return Target("actor", f"actor:{match.actor_id}", match.name, actor_id=match.actor_id,
                  note=note)


def subscribe(ctx: CommandContext, text: str) -> Answer:
    only_direct = bool(_ONLY_DIRECT.search(text))
    body = _ONLY_DIRECT.sub(" ", text).strip()
    if not body:
        return _message("/subscribe", text, 'Subscribe to what? Try `/subscribe Peskov`, '
                        '`/subscribe redlines` or `/subscribe keyword "mer d\'Azov"`.',
                        error=True)
    target = _parse_target(ctx, "/subscribe", body)
    if isinstance(target, Answer):
        return target
    db = ctx.store.db
    rl.ensure_builtin_redlines(db, ctx.settings.seeds_dir)
    _, created = subscription_store.add_subscription(
        db, ctx.team_id, ctx.channel_id, target.kind, target.key, target.label, ctx.user_id,
        actor_id=target.actor_id, redline_id=target.redline_id, phrase=target.phrase,
        compiled=target.compiled, only_direct=only_direct,
    )
    what = {
        "actor": f"{target.label} is quoted{target.note}",
        "redline": f"a statement crosses the {target.label}",
        "redlines": "a statement crosses any red line",
        "keyword": f"a statement mentions {target.label[8:]} (English or French)",
    }[target.kind]
    direct = " Verbatim quotes only." if only_direct else ""
    verb = "will now be alerted" if created else "was already subscribed and stays alerted"
    return _message("/subscribe", text, f"This channel {verb} when {what}.{direct}",
                    title="Subscribed")


def unsubscribe(ctx: CommandContext, text: str) -> Answer:
    body = _ONLY_DIRECT.sub(" ", text).strip()
    target = _parse_target(ctx, "/unsubscribe", body)
    if isinstance(target, Answer):
        return target
    db = ctx.store.db
    if subscription_store.remove_subscription(db, ctx.team_id, ctx.channel_id, target.key):
        return _message("/unsubscribe", text, f"This channel will no longer be alerted about "
                        f"{target.label}.", title="Unsubscribed")
    return _message("/unsubscribe", text, f"This channel is not subscribed to {target.label}. "
                    "See `/subscriptions`.", error=True)


def subscriptions(ctx: CommandContext, text: str) -> Answer:
    subs = subscription_store.list_subscriptions(ctx.store.db, ctx.team_id, ctx.channel_id)
    if not subs:
        return _message("/subscriptions", text, "This channel has no alert subscriptions. "
                        "Try `/subscribe Peskov` or `/subscribe redlines`.")
    lines = []
    for sub in subs:
        flags = []
        if sub["only_direct"]:
            flags.append("verbatim only")
        if sub["status"] == "muted":
            flags.append("muted")
        if sub["status"] == "broken":
            flags.append(f"paused: {sub['broken_reason']}")
        extra = f" ({', '.join(flags)})" if flags else ""
        lines.append(f"• {sub['label']}{extra} — added by {_who(sub['created_by'])} on "
                     f"{format_date(str(sub['created_at'])[:10])}")
    digest_row = digest_store.get_digest(ctx.store.db, ctx.team_id, ctx.channel_id)
    if digest_row and digest_row["enabled"]:
        lines.append(f"Daily digest at {digest_row['hour']:02d}:{digest_row['minute']:02d} "
                     f"{digest_row['timezone']}.")
    return _message("/subscriptions", text, "\n".join(lines),
                    title=f"{len(subs)} subscription{'s' if len(subs) != 1 else ''}")


# --------------------------------------------------------------------------------------------
# /redline
# --------------------------------------------------------------------------------------------


def redline(ctx: CommandContext, text: str) -> Answer:
    db = ctx.store.db
    rl.ensure_builtin_redlines(db, ctx.settings.seeds_dir)
    action, _, rest = text.strip().partition(" ")
    action = action.lower()
    rest = rest.strip()
    if action in {"list", "ls", ""}:
        return _redline_list(ctx, text)
    if action == "add":
        return _redline_add(ctx, text, rest)
    if action in {"remove", "rm", "delete"}:
        name = rest.lower()
        try:
            removed = redline_store.remove_redline(db, ctx.team_id, name)
        except NotFound:
            return _message("/redline", text, f"This workspace has no red line called "
                            f"“{rest}”. See `/redline list`.", error=True)
        except ValueError as exc:
            return _message("/redline", text, f"Sorry: {exc}.", error=True)
        subs = f" and {removed} subscription{'s' if removed != 1 else ''} to it" if removed else ""
        return _message("/redline", text, f"Removed the red line {name}{subs}.")
    if action == "test":
        return _redline_test(ctx, text, rest.lower())
    return _message("/redline", text, "Usage: `/redline add <name> <pattern>; <pattern>…`, "
                    "`/redline list`, `/redline remove <name>`, `/redline test <name>`.",
                    error=True)


def _redline_list(ctx: CommandContext, text: str) -> Answer:
    db = ctx.store.db
    items = redline_store.list_redlines(db, ctx.team_id)
    lines = []
    for item in items:
        origin = "built-in" if item["builtin"] else f"added by {_who(item['created_by'])}"
        found = redline_store.find_redline(db, ctx.team_id, item["name"])
        total, _ = redline_store.statements_matching(
            db, found["expr"] if found else "", None if item["patterns"] else item["name"], 0)
        count = f"{total} stored statement{'s' if total != 1 else ''}"
        patterns = "; ".join(item["patterns"][:6]) or f"statements flagged as {item['name']}"
        more = f" (+{len(item['patterns']) - 6} more)" if len(item["patterns"]) > 6 else ""
        desc = f" — {item['description']}" if item["description"] else ""
        lines.append(f"• *{item['name']}* ({origin}, {count}){desc}\n  {patterns}{more}")
    return _message("/redline", text, "\n".join(lines) or "No red lines yet.",
                    title=f"{len(items)} tracked red lines")


def _redline_add(ctx: CommandContext, text: str, rest: str) -> Answer:
    name, _, patterns_text = rest.partition(" ")
    name = name.lower().strip()
    if not rl.valid_name(name):
        return _message("/redline", text, "Give the red line a short name of lower-case "
                        "letters, digits and dashes, then its patterns: `/redline add "
                        "azov-weapons armes offensives; \"mer d'Azov\"`.", error=True)
    patterns = rl.split_patterns(patterns_text)
    if not patterns:
        return _message("/redline", text, f"Which words mark the red line {name}? Separate "
                        "patterns with `;` — e.g. `/redline add azov-weapons armes offensives;"
                        " \"mer d'Azov\"`.", error=True)
    if len(patterns) > MAX_REDLINE_PATTERNS or any(len(p) > MAX_PATTERN_CHARS for p in patterns):
        return _message("/redline", text, f"Please keep to {MAX_REDLINE_PATTERNS} patterns of "
                        f"at most {MAX_PATTERN_CHARS} characters.", error=True)
    db = ctx.store.db
    existing = redline_store.find_redline(db, ctx.team_id, name)
    if existing is not None and existing["builtin"]:
        return _message("/redline", text, f"{name} is a built-in red line; choose another "
                        "name.", error=True)
    compiled = []
    for pattern in patterns:
        try:
            compiled.append((pattern, rl.compile_pattern(pattern)))
        except ValueError:
            return _message("/redline", text, f"The pattern “{pattern}” has no word I can look "
                            "for; use more specific words.", error=True)
    with db.atomic():
        redline_store.save_redline(db, ctx.team_id, name, compiled, created_by=ctx.user_id)
    verb = "Updated" if existing is not None else "Added"
    return _message(
        "/redline", text, f"{verb} the red line {name} with {len(patterns)} pattern"
        f"{'s' if len(patterns) != 1 else ''}. It applies to articles ingested from now on; "
        f"`/redline test {name}` shows what it would have matched, `/subscribe redline {name}`"
        " alerts this channel.",
    )


def _redline_test(ctx: CommandContext, text: str, name: str) -> Answer:
    db = ctx.store.db
    found = redline_store.find_redline(db, ctx.team_id, name)
    if found is None:
        return _message("/redline", text, f"There is no red line called “{name}”. See "
                        "`/redline list`.", error=True)
    kind = None if found["patterns"] else found["name"]
    total, ids = redline_store.statements_matching(db, found["expr"], kind, REDLINE_TEST_LIMIT)
    hits = statement_store.statement_hits(db, ids)
    if not hits:
        return _message("/redline", text, f"No stored statement matches the red line {name}.")
    matched = redline_store.patterns_matching(db, int(found["id"]), ids)
    for hit in hits:
        hit.context = _why_matched(matched.get(hit.statement_id, []), hit)
    return Answer("/redline", text, kind="results",
                  title=f"Red line {name}: {total} stored statement{'s' if total != 1 else ''}"
                  + (f" (newest {len(hits)})" if total > len(hits) else ""),
                  hits=hits, total=total)


def _why_matched(patterns: list[str], hit: StatementHit) -> str:
    """``pattern: troupes Otan Ukraine · flag: threat: « … »`` for /redline test."""
    shown = "; ".join(patterns[:3]) if patterns else ""
    why = red_line_label(hit.red_line_kind, hit.red_line_trigger)
    flag = f"flag: {why}" if why else ("flag: red line" if hit.red_line else "flag: not flagged")
    return f"pattern: {shown} · {flag}" if shown else flag


# --------------------------------------------------------------------------------------------
# /digest
# --------------------------------------------------------------------------------------------


def _parse_time(value: str) -> tuple[int, int] | None:
    match = _TIME.match(value.strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return hour, minute


def digest(ctx: CommandContext, text: str) -> Answer:
    words = text.split()
    action = words[0].lower() if words else "status"
    db = ctx.store.db
    if action == "off":
        if digest_store.disable_digest(db, ctx.team_id, ctx.channel_id):
            return _message("/digest", text, "This channel's daily digest is off.")
        return _message("/digest", text, "This channel had no daily digest.")
    if action == "now":
        return _digest_now(ctx, text)
    if action == "at":
        return _digest_at(ctx, text, words[1:])
    if action == "status":
        row = digest_store.get_digest(db, ctx.team_id, ctx.channel_id)
        if row is None or not row["enabled"]:
            return _message("/digest", text, "No daily digest here. Try `/digest at 08:00 "
                            "Europe/Paris`.")
        return _message("/digest", text, f"Daily digest at {row['hour']:02d}:{row['minute']:02d}"
                        f" {row['timezone']}.")
    return _message("/digest", text, "Usage: `/digest at HH:MM [Area/City] [skip-empty]`, "
                    "`/digest now`, `/digest off`.", error=True)


def _is_zone_name(name: str) -> bool:
    """An Area/City zone (or UTC/GMT): not the host's ``localtime`` or other system files."""
    return ("/" in name or name in {"UTC", "GMT"}) and not name.lower().startswith(
        ("posix/", "right/")) and name.lower() not in {"localtime", "posixrules", "factory"}


def _digest_at(ctx: CommandContext, text: str, args: list[str]) -> Answer:
    if not args:
        return _message("/digest", text, "At what time? `/digest at 08:00 Europe/Paris`.",
                        error=True)
    when = _parse_time(args[0])
    if when is None:
        return _message("/digest", text, f"“{args[0]}” is not a time; use HH:MM, e.g. "
                        "`/digest at 08:00 Europe/Paris`.", error=True)
    tz_name = ctx.settings.default_timezone
    skip_empty = False
    for arg in args[1:]:
        if arg.lower() in {"skip-empty", "skip", "quiet"}:
            skip_empty = True
        elif arg.lower() in {"brief", "always"}:
            skip_empty = False
        else:
            tz_name = arg
    try:
        if not _is_zone_name(tz_name):
            raise ZoneInfoNotFoundError(tz_name)
        zone = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        return _message("/digest", text, f"“{tz_name}” is not a time zone I know; use an "
                        "Area/City name such as Europe/Paris or America/New_York.", error=True)
    hour, minute = when
    digest_store.set_digest(ctx.store.db, ctx.team_id, ctx.channel_id, hour, minute, tz_name,
                           ctx.user_id, skip_empty)
    now_local = datetime.now(UTC).astimezone(zone)
    empty = "skipped on days with nothing new" if skip_empty else "a short note on quiet days"
    return _message("/digest", text, f"This channel will get a daily digest at {hour:02d}:"
                    f"{minute:02d} {tz_name} (it is {now_local:%H:%M} there now), covering "
                    f"what came in since the previous digest; {empty}.", title="Digest set")


def _digest_now(ctx: CommandContext, text: str) -> Answer:
    if not can_post(ctx.settings):
        digest_text, blocks, _, _ = build_digest(ctx.store, ctx.team_id, ctx.channel_id)
        return _message("/digest", text, blocks_to_text(blocks) or digest_text,
                        title="Digest (preview: not posted, no Slack token)")
    slot = "now:" + datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    result = send_digest(ctx.store, ctx.settings, ctx.team_id, ctx.channel_id, slot)
    return _message("/digest", text, f"Digest posted ({result.statements} statement"
                    f"{'s' if result.statements != 1 else ''}).")


# --------------------------------------------------------------------------------------------
# Alert buttons
# --------------------------------------------------------------------------------------------


def mute_from_button(ctx: CommandContext, action_id: str, data: dict[str, Any]) -> Answer:
    """A click on an alert's "mute" button: the subscription it names stops alerting."""
    raw: Any = data.get("sub")
    try:
        sub_id = int(raw)
    except (TypeError, ValueError):
        return _message("alert", action_id, "That button is out of date.", error=True)
    sub = subscription_store.get_subscription(ctx.store.db, ctx.team_id, sub_id)
    if sub is None:
        return _message("alert", action_id, "That subscription no longer exists.", error=True)
    subscription_store.set_subscription_status(ctx.store.db, ctx.team_id, sub_id, "muted")
    return _message("alert", action_id, f"Muted {sub['label']} in this channel; "
                    f"`/subscribe {_resubscribe_hint(sub)}` resumes it.")


def _resubscribe_hint(sub: Subscription) -> str:
    if sub["kind"] == "keyword":
        return f'keyword "{sub["phrase"]}"'
    if sub["kind"] == "redline":
        return "redline " + str(sub["label"]).removeprefix("red line ")
    if sub["kind"] == "redlines":
        return "redlines"
    return str(sub["label"])

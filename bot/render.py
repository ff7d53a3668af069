"""Rendering an Answer: Block Kit for Slack, plain text for the console (same content)."""

from __future__ import annotations

from bot.models import Answer, StatementHit

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def format_date(value: str | None) -> str:
    """``2022-01-14`` → ``14 Jan 2022``; ``2025-03`` → ``Mar 2025``; None → ``date unknown``."""
    if not value:
        return "date unknown"
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return value
    return parts[0]


def hit_text(hit: StatementHit) -> str:
    speaker = hit.speaker or "Unknown speaker"
    if hit.speaker_text and hit.speaker and hit.speaker_text != hit.speaker:
        speaker += f" ({hit.speaker_text})"
    words = f"«{hit.text}»" if hit.kind == "direct" else hit.text
    kind = {"direct": "verbatim", "indirect": "reported", "mixed": "reported, partly quoted"}
    badge = "  [RED LINE]" if hit.red_line else ""
    where = hit.source or "unknown outlet"
    link = hit.url or hit.doc
    return (
        f"{speaker} — {format_date(hit.said_on)} — {kind[hit.kind]}{badge}\n"
        f"  {words}\n"
        f"  {where}: {hit.title} <{link}>"
    )


def to_text(answer: Answer) -> str:
    """Plain-text rendering of an answer for the console and `quotedesk ask`."""
    lines: list[str] = []
    if answer.title:
        lines.append(answer.title)
    if answer.message:
        lines.append(answer.message)
    for hit in answer.hits:
        lines.append(hit_text(hit))
    for group in answer.groups:
        lines.append(f"{group.speaker} ({group.count})")
        lines.append("  " + hit_text(group.best).replace("\n", "\n  "))
    for actor in answer.actors:
        aliases = ", ".join(actor.aliases)
        lines.append(f"{actor.name} [{actor.kind}] — {actor.statement_count} statements"
                     + (f" — also: {aliases}" if aliases else ""))
    if answer.suggestions:
        lines.append("Did you mean: " + ", ".join(answer.suggestions) + "?")
    if answer.next_cursor:
        lines.append("(more results: ask again with --cursor " + answer.next_cursor + ")")
    return "\n".join(lines)


def to_json(answer: Answer) -> dict[str, object]:
    """The `quotedesk ask --json` object."""
    hits = answer.hits or [group.best for group in answer.groups]
    return {
        "command": answer.command,
        "query": answer.query,
        "actor": answer.actor,
        "message": answer.message,
        "is_error": answer.is_error,
        "next_cursor": answer.next_cursor,
        "results": [
            {
                "doc": hit.url or hit.doc,
                "speaker": hit.speaker,
                "speaker_text": hit.speaker_text,
                "kind": hit.kind,
                "text": hit.text,
                "said_on": hit.said_on,
                "source": hit.source,
                "title": hit.title,
                "red_line": hit.red_line,
                "score": hit.score,
            }
            for hit in hits
        ],
        "groups": [{"speaker": g.speaker, "count": g.count} for g in answer.groups],
        "actors": [
            {"name": a.name, "kind": a.kind, "aliases": a.aliases,
             "statements": a.statement_count}
            for a in answer.actors
        ],
    }

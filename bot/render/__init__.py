"""Everything a reader sees, in one style (slack_sdk's Block Kit classes; plain text for the
console), built from the same parts so Slack, alerts, digests and the console never drift apart.

- :mod:`.parts`: dates, kinds, speakers' written forms, quoted words, escaping, cutting,
  links, and the Block Kit blocks every message is made of;
- :mod:`.answers`: a slash command's :class:`~bot.models.Answer` as a Slack message;
- :mod:`.alerts`: one alert message (an article's matches in a channel);
- :mod:`.digests`: a channel's daily digest;
- :mod:`.home`: the App Home tab;
- :mod:`.console`: answers and messages as terminal text, and ``ask --json``.
"""

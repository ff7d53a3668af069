"""Quotedesk: who said what, and when, over French news articles, answered in Slack."""

"""Slack messages for answers: mrkdwn escaping and Block Kit layout within Slack's limits.

Layout: the answer in section blocks (a refusal under its own banner, without sources), a
compact numbered list of sources in a context block, then thumbs up/down buttons.
"""

from __future__ import annotations

import re

from assistant.ingest.chunking import SECTION_SEPARATOR

# Slack's limits (https://docs.slack.dev/reference/block-kit/blocks)
SECTION_TEXT_LIMIT = 3000
MESSAGE_BLOCK_LIMIT = 50
FALLBACK_TEXT_LIMIT = 40_000

# Ours: keep the sources compact whatever the chain returns.
MAX_SOURCES = 6
SOURCE_LABEL_LIMIT = 200
ELLIPSIS = "…"

FEEDBACK_ACTION = re.compile(r"^feedback_(up|down)$")
REFUSAL_BANNER = ":no_entry_sign: *Not covered by the role notes*"
MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")


def escape_mrkdwn(text: str) -> str:
    """Make text literal in mrkdwn, so `<!channel>` or `<@U1>` in a passage never pings anyone."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape_mrkdwn(text: str) -> str:
    """The text a user typed: Slack escapes &, < and > in message text."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def question_from_message(text: str, bot_user_id: str | None) -> str:
    """The question in a message, without the mention that addressed it to the bot."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    else:
        text = re.sub(rf"^\s*(?:{MENTION.pattern}\s*)+", " ", text)
    return " ".join(unescape_mrkdwn(text).split())


def split_at_whitespace(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, broken at the last whitespace that fits."""
    pieces = []
    while len(text) > limit:
        cut = max(text.rfind(" ", 0, limit + 1), text.rfind("\n", 0, limit + 1))
        if cut <= 0:  # one unbroken run longer than the limit
            cut = limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text.strip():
        pieces.append(text)
    return pieces


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - len(ELLIPSIS)] + ELLIPSIS


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def answer_mrkdwn(result: dict) -> str:
    """The chain's statements as escaped mrkdwn: a lead, then Slack bullets, each with its markers,
    under a "From <document>:" line per document when the answer is attributed; a refusal as it is."""
    if not result["statements"]:
        return escape_mrkdwn(result["answer"])
    lines, document = [], None
    for index, statement in enumerate(result["statements"]):
        if result["attributed"] and statement["document"] != document:
            document = statement["document"]
            lines.append(escape_mrkdwn(f"From {document}:"))
        said = f"{statement['heading']}: {statement['text']}" if statement["heading"] else statement["text"]
        marked = escape_mrkdwn(said + "".join(f" [{n}]" for n in statement["citations"]))
        lines.append(marked if index == 0 and not result["attributed"] else f"• {marked}")
    return "\n".join(lines)


def sources_block(citations: list[dict]) -> dict:
    lines = []
    for citation in citations[:MAX_SOURCES]:
        where = citation["section"].replace(SECTION_SEPARATOR, " › ") or citation["source"]
        label = _truncate(f"{where} — {citation['source']}", SOURCE_LABEL_LIMIT)
        lines.append(f"*[{citation['n']}]* {escape_mrkdwn(label)}")
    hidden = len(citations) - MAX_SOURCES
    if hidden > 0:
        lines.append(f"and {hidden} more")
    return _context("*Sources*\n" + "\n".join(lines))


def feedback_block(turn_id: str) -> dict:
    def button(vote: str, emoji: str, label: str) -> dict:
        return {
            "type": "button",
            "action_id": f"feedback_{vote}",
            "value": turn_id,
            "text": {"type": "plain_text", "text": f"{emoji} {label}", "emoji": True},
        }

    return {"type": "actions", "elements": [button("up", ":thumbsup:", "Helpful"), button("down", ":thumbsdown:", "Not helpful")]}


def answer_message(result: dict, turn_id: str) -> dict:
    """`text` and `blocks` for chat.postMessage or a response_url, from the chain's result."""
    body = answer_mrkdwn(result)
    head = [] if result["grounded"] else [_context(REFUSAL_BANNER)]
    tail = ([sources_block(result["citations"])] if result["citations"] else []) + [feedback_block(turn_id)]
    sections = [_section(piece) for piece in split_at_whitespace(body, SECTION_TEXT_LIMIT)]
    room = MESSAGE_BLOCK_LIMIT - len(head) - len(tail)
    if len(sections) > room:
        sections = sections[:room]
        sections[-1] = _section(_truncate(sections[-1]["text"]["text"] + ELLIPSIS, SECTION_TEXT_LIMIT))
    return {"text": _truncate(body, FALLBACK_TEXT_LIMIT), "blocks": head + sections + tail}


DRAFT_NOTE = "_Writing… checked against the sources before it stays._"


def draft_message(draft: str) -> dict:
    """A model's words so far, marked as a draft: the verified answer replaces them."""
    escaped = escape_mrkdwn(draft)
    return {"text": escaped, "blocks": [_section(escaped), _context(DRAFT_NOTE)]}


def notice_message(text: str) -> dict:
    """A short message from the bot itself (usage hints, errors): plain, no buttons."""
    escaped = escape_mrkdwn(text)
    return {"text": escaped, "blocks": [_section(escaped)]}

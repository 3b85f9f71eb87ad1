"""What a question and its history may be: checked once, here, for every face.

A face turns `InvalidRequest` into its own form (a 422, a chat bubble, a Slack notice); nothing a
client sends can make one request cost unbounded time or memory.
"""

from __future__ import annotations

from typing import Any

from assistant.ops.settings import RequestLimits


class InvalidRequest(ValueError):
    """A client's mistake, said so that it can be fixed: `field` and what is wrong with it."""

    def __init__(self, field: str, problem: str):
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


def _is_text(value: str) -> bool:
    """Encodable as UTF-8: a lone surrogate ("\\ud800") is no character at all."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_request(question: Any, history: Any, limits: RequestLimits) -> tuple[str, list[dict]]:
    """The question (stripped) and history, or InvalidRequest saying what is wrong with them."""
    if not isinstance(question, str) or not question.strip():
        raise InvalidRequest("question", "must not be empty")
    if len(question) > limits.max_question_chars:
        raise InvalidRequest("question", f"longer than {limits.max_question_chars} characters")
    if not _is_text(question):
        raise InvalidRequest("question", "is not valid Unicode text")
    history = history or []
    if not isinstance(history, list):
        raise InvalidRequest("history", "must be a list of turns")
    if len(history) > limits.max_history_turns:
        raise InvalidRequest("history", f"more than {limits.max_history_turns} turns")
    total = 0
    for turn in history:
        content = turn.get("content") if isinstance(turn, dict) else None
        if not isinstance(content, str) or turn.get("role") not in ("user", "assistant"):
            raise InvalidRequest("history", 'each turn needs a "role" (user or assistant) and a text "content"')
        if not _is_text(content):
            raise InvalidRequest("history", "is not valid Unicode text")
        total += len(content)
    if total > limits.max_history_chars:
        raise InvalidRequest("history", f"longer than {limits.max_history_chars} characters in all")
    return question.strip(), history


def newest_turns(turns: list[dict], max_turns: int, max_chars: int) -> list[dict]:
    """The newest of `turns` that fit in `max_turns` turns and `max_chars` characters: what a face that
    keeps the conversation itself (the web page, a Slack thread) sends, rather than being refused."""
    kept, total = [], 0
    for turn in reversed(turns[-max_turns:] if max_turns else []):
        total += len(turn["content"])
        if total > max_chars:
            break
        kept.append(turn)
    return kept[::-1]

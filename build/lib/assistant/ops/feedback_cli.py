"""`python -m assistant.ops.feedback export|stats`: turn votes into evaluation cases, and count them by topic."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from assistant.ops.feedback import FeedbackStore
from assistant.ops.settings import Settings

VOTE_CHOICES = ("down", "up", "all")


def gold_item(row: dict) -> dict:
    """One feedback row as a gold-set item in the evaluation harness's field names.

    The answer is only a candidate reference: a reviewer corrects it and fills reference_contexts and
    reference_facts before the item is scored, which the harness insists on for answerable items.
    """
    return {
        "id": f"feedback-{row['id']}",
        "user_input": row["question"],
        "history": row["history"],
        "reference": row["answer"],
        "answerable": row["grounded"],
        "reference_contexts": [],
        "reference_facts": [],
        "tags": [row["topic"], "feedback", row["vote"]],
    }


def export(store: FeedbackStore, votes: str, out: Path) -> int:
    rows = store.rows(None if votes == "all" else votes)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as file:
        for row in rows:
            file.write(json.dumps(gold_item(row), ensure_ascii=False) + "\n")
    return len(rows)


def stats_table(rows: list[dict]) -> str:
    """Votes per topic, worst down-vote rate first, with a total line."""
    ups, downs = Counter(), Counter()
    for row in rows:
        (ups if row["vote"] == "up" else downs)[row["topic"]] += 1
    topics = sorted(ups.keys() | downs.keys(), key=lambda t: (-downs[t] / (ups[t] + downs[t]), t))
    width = max([len("topic"), len("all topics"), *map(len, topics)])
    lines = [f"{'topic':<{width}}  {'up':>5}  {'down':>5}  {'total':>5}  {'down rate':>9}"]

    def line(name: str, up: int, down: int) -> str:
        total = up + down
        rate = f"{down / total:.0%}" if total else "-"
        return f"{name:<{width}}  {up:>5}  {down:>5}  {total:>5}  {rate:>9}"

    lines += [line(topic, ups[topic], downs[topic]) for topic in topics]
    lines.append(line("all topics", sum(ups.values()), sum(downs.values())))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help="a feedback SQLite file or a database URL (default: DATABASE_URL, else FEEDBACK_DB)")
    parser = argparse.ArgumentParser(prog="python -m assistant.ops.feedback", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    exporting = commands.add_parser(
        "export", parents=[common], help="write feedback as gold-set JSONL for the evaluation harness"
    )
    exporting.add_argument("--votes", choices=VOTE_CHOICES, default="down", help="which votes to export")
    exporting.add_argument("--out", type=Path, required=True, help="the JSONL file to write")
    commands.add_parser("stats", parents=[common], help="print vote counts and the down-vote rate by topic")
    args = parser.parse_args(argv)

    store = FeedbackStore(args.db or Settings().feedback_location)
    if args.command == "export":
        count = export(store, args.votes, args.out)
        print(f"wrote {count} item(s) to {args.out}", file=sys.stderr)
    else:
        print(stats_table(store.rows()))
    return 0

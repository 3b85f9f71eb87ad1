"""Split a gold set into a dev half and a test half, deterministically, keeping sibling items together.

    .venv/bin/python eval/split_gold.py            # both sets
    .venv/bin/python eval/split_gold.py role       # eval/gold/role-{dev,test}.jsonl
    .venv/bin/python eval/split_gold.py multi      # eval/gold/multi-{dev,test}.jsonl

Input: a set's single source file when it exists (`eval/gold.jsonl` for the role set), otherwise the
union of its current dev and test files, so re-running the script after the source file is gone (or
after items were added to either part) re-splits everything the same way.

Siblings go to the same part, so that a paraphrase or follow-up in dev never gives away a test answer:
- items whose ids share a stem once "-para"/"-followup" suffixes are removed
  (`resp-container-orchestration`, `resp-container-orchestration-para`);
- a follow-up whose history repeats another item's question (the same words in any order, small
  words, case and punctuation aside);
- the few follow-ups listed in EXTRA_SIBLINGS, whose history asks another item's question in other words.

Each group is placed by the SHA-256 of its stem id: within a stratum (first tag and answerable; for
out-of-scope items also the second tag), groups are taken largest first, then in hash order, and each
goes to the part with fewer items of that stratum so far, a tie going to the part with fewer items
overall and then by the hash's lowest bit. Nothing depends on
the order of the input lines or on the machine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

EVAL = Path(__file__).resolve().parent
GOLD_DIR = EVAL / "gold"
SALT = "role-assistant-gold-split-v1"
PARTS = ("dev", "test")

SETS = {
    "role": EVAL / "gold.jsonl",
    "multi": None,  # authored directly as its two parts
}

# Follow-ups whose history asks another item's question in different words (follow-up -> siblings).
EXTRA_SIBLINGS = {
    "edu-experience-type-followup": ["edu-years-experience"],
    "salary-experienced-followup": ["salary-entry-mid"],
    "benefits-equity-followup": ["benefits-list"],
    "career-senior-followup": ["career-entry-level", "career-senior-stage"],
    "market-senior-followup": ["market-2023-dip", "market-senior-demand"],
    "trends-growth-followup": ["trends-driver", "trends-growth-2031"],
    "bp-regulations-followup": ["bp-regulations"],
    "soft-leadership-followup": ["soft-list"],
}

SUFFIX = re.compile(r"-(para|paraphrase|followup|follow-up)\d*$")


def stem(item_id: str) -> str:
    while SUFFIX.search(item_id):
        item_id = SUFFIX.sub("", item_id)
    return item_id


STOPWORDS = frozenset("a an and are do does for in is of on s the this to what".split())


def question_key(text: str) -> str:
    """The question's words as a set, small words dropped: "What's the average base salary in the U.S.?"
    and "What is the U.S. average base salary?" are the same question."""
    return " ".join(sorted(set(re.findall(r"[a-z0-9$%]+", text.lower())) - STOPWORDS))


def part_paths(name: str) -> tuple[Path, Path]:
    return tuple(GOLD_DIR / f"{name}-{part}.jsonl" for part in PARTS)  # type: ignore[return-value]


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_items(name: str) -> tuple[list[dict], str]:
    source = SETS[name]
    if source is not None and source.exists():
        return read_jsonl(source), str(source.relative_to(EVAL.parent))
    paths = [p for p in part_paths(name) if p.exists()]
    if not paths:
        raise SystemExit(f"{name}: nothing to split (no source file and no {name}-dev/test files)")
    items = [item for path in paths for item in read_jsonl(path)]
    # The parts' line order depends on the last split; put items back in a stable order first.
    items.sort(key=lambda item: item["id"])
    return items, " + ".join(str(p.relative_to(EVAL.parent)) for p in paths)


class Groups:
    def __init__(self, ids: list[str]):
        self.parent = {i: i for i in ids}

    def find(self, i: str) -> str:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group_items(items: list[dict]) -> dict[str, list[dict]]:
    ids = [item["id"] for item in items]
    if len(set(ids)) != len(ids):
        dupes = sorted(i for i, n in Counter(ids).items() if n > 1)
        raise SystemExit(f"duplicate ids: {', '.join(dupes)}")
    groups = Groups(ids)
    by_stem: dict[str, str] = {}
    by_question: dict[str, str] = {}
    for item in items:
        first = by_stem.setdefault(stem(item["id"]), item["id"])
        groups.union(first, item["id"])
        by_question.setdefault(question_key(item["user_input"]), item["id"])
    for item in items:
        for turn in item.get("history") or []:
            if turn.get("role") == "user" and question_key(turn["content"]) in by_question:
                groups.union(item["id"], by_question[question_key(turn["content"])])
        for sibling in EXTRA_SIBLINGS.get(item["id"], []):
            if sibling in groups.parent:
                groups.union(item["id"], sibling)
    members: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        members[groups.find(item["id"])].append(item)
    # Key each group by its smallest stem, so the key does not depend on which member was seen first.
    return {min(stem(m["id"]) for m in group): group for group in members.values()}


def stratum(item: dict) -> tuple:
    tags = item.get("tags") or ["untagged"]
    key: tuple = (tags[0], bool(item.get("answerable")))
    if tags[0] == "out-of-scope" and len(tags) > 1:
        key += (tags[1],)
    return key


def digest(key: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{SALT}:{key}".encode()).digest()[:8], "big")


def split(items: list[dict]) -> dict[str, str]:
    """Item id -> part name."""
    groups = group_items(items)
    strata: dict[tuple, list[str]] = defaultdict(list)
    for key, group in groups.items():
        # A group's stratum is that of its stem item (or its first item by id).
        anchor = min(group, key=lambda m: (m["id"] != key, m["id"]))
        strata[stratum(anchor)].append(key)
    assignment: dict[str, str] = {}
    overall = {part: 0 for part in PARTS}
    for key_of_stratum in sorted(strata, key=repr):
        counts = {part: 0 for part in PARTS}
        ordered = sorted(strata[key_of_stratum], key=lambda k: (-len(groups[k]), digest(k)))
        for key in ordered:
            # Fewer items in this stratum first, then fewer items overall, then the hash decides.
            part = min(PARTS, key=lambda p: (counts[p], overall[p], (digest(key) & 1) != PARTS.index(p)))
            counts[part] += len(groups[key])
            overall[part] += len(groups[key])
            for member in groups[key]:
                assignment[member["id"]] = part
    return assignment


def write_split(name: str) -> None:
    items, source = load_items(name)
    assignment = split(items)
    GOLD_DIR.mkdir(parents=True, exist_ok=True)
    for part, path in zip(PARTS, part_paths(name)):
        chosen = [item for item in items if assignment[item["id"]] == part]
        path.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in chosen), encoding="utf-8")
    print(f"{name}: {len(items)} items from {source}")
    table: dict[str, Counter] = defaultdict(Counter)
    for item in items:
        table[" / ".join(map(str, stratum(item)))][assignment[item["id"]]] += 1
    width = max(len(k) for k in table)
    print(f"  {'stratum':<{width}}  dev  test")
    for key in sorted(table):
        print(f"  {key:<{width}}  {table[key]['dev']:>3}  {table[key]['test']:>4}")
    total = Counter(assignment.values())
    print(f"  {'total':<{width}}  {total['dev']:>3}  {total['test']:>4}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="*", metavar="SET", help=f"which sets: {', '.join(SETS)} (default: all)")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.sets) - set(SETS))
    if unknown:
        parser.error(f"unknown set {', '.join(unknown)}; choose from {', '.join(SETS)}")
    for name in args.sets or list(SETS):
        write_split(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())

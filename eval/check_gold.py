"""Check the gold sets against their documents, and count their items.

    .venv/bin/python eval/check_gold.py            # exit 1 when a problem is found

For each item of eval/gold/multi-{dev,test}.jsonl:
- the fields are the known ones, the id is unique across both parts, the first tag is a known kind;
- an answerable item names its documents in `reference_sources` (basenames under eval/corpora/roles/),
  an out-of-scope item names none and has no contexts or facts;
- every reference context occurs, whitespace and case folded, inside ONE block of the visible text of
  one of the item's documents (a line, list entry, paragraph or table cell; markup and list markers
  removed), and in no document the item does not name, since a span found elsewhere would make that
  other document's passages count as relevant; PDF spans are at most 8 words;
- every document the item names gets at least one context, and a cross-document item names two or more;
- every fact (one of its alternatives) occurs in one of the item's documents.
The role set (eval/gold/role-{dev,test}.jsonl) is checked more lightly: unique ids, and each span in
the text of corpus/ (where its list markers are part of the text). In both sets, sibling items (as
eval/split_gold.py groups them) must sit in the same part.

This is the gold author's own check; the project's loaders give the official one.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "gold"
ROLES = ROOT / "eval" / "corpora" / "roles"
ROLE_CORPUS = ROOT / "corpus"

FIELDS = {"id", "user_input", "history", "reference", "reference_contexts", "reference_facts", "answerable",
          "tags", "reference_sources"}
KINDS = ["single-fact", "list", "yes-no", "unscoped", "cross-document", "follow-up", "out-of-scope"]
PDF_MAX_WORDS = 8
WRAP_WIDTH = 80  # a .txt whose lines all fit in this many characters is taken as hard-wrapped

BULLET = re.compile(r"^\s*(?:[-*+\u2022]|\d+[.)])\s+")
HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
EMPHASIS = re.compile(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")
SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    return SPACE.sub(" ", text).strip().casefold()


# --- Visible text, as blocks --------------------------------------------------------------------


def _txt_blocks(text: str) -> list[str]:
    """Lines; in a hard-wrapped file, a line continues the previous one when that one was filled to
    near the wrap width or when it is indented (a bullet's continuation)."""
    lines = text.splitlines()
    wrapped = all(len(line) <= WRAP_WIDTH for line in lines)
    blocks: list[str] = []
    current: list[str] = []
    previous = ""
    for line in lines:
        continues = (
            wrapped and current and not BULLET.match(line)
            and (line[:1].isspace() or len(previous) >= WRAP_WIDTH * 0.7)
        )
        if not continues and current:
            blocks.append(" ".join(current))
            current = []
        if line.strip():
            current.append(BULLET.sub("", line).strip())
        previous = line
    if current:
        blocks.append(" ".join(current))
    return blocks


def _md_blocks(text: str) -> list[str]:
    blocks: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(" ".join(paragraph))
            paragraph.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped.startswith("|"):
            flush()
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if not all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                blocks.extend(EMPHASIS.sub("", c) for c in cells)
        elif HEADING.match(line) or BULLET.match(line):
            flush()
            blocks.append(EMPHASIS.sub("", BULLET.sub("", HEADING.sub("", line))).strip())
        elif re.fullmatch(r"\*\*[^*]+\*\*", stripped):  # a bold pseudo-heading on its own line
            flush()
            blocks.append(EMPHASIS.sub("", stripped))
        else:
            paragraph.append(EMPHASIS.sub("", stripped))
    flush()
    return blocks


HTML_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "title", "div", "dt", "dd",
               "header", "footer", "nav", "section", "article", "main", "body", "ul", "ol", "table", "tr"}


def _html_blocks(raw: str) -> list[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(raw, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "meta", "link"]):
        tag.decompose()
    grouped: dict[int, list[str]] = defaultdict(list)
    order: list[int] = []
    for string in soup.find_all(string=True):
        if type(string).__name__ != "NavigableString":  # comments, doctype
            continue
        parent = string.parent
        while parent is not None and parent.name not in HTML_BLOCKS:
            parent = parent.parent
        key = id(parent)
        if key not in grouped:
            order.append(key)
        grouped[key].append(str(string))
    blocks = [SPACE.sub(" ", "".join(grouped[key])).strip() for key in order]
    return [block for block in blocks if block]


def _docx_blocks(path: Path) -> list[str]:
    import docx

    document = docx.Document(str(path))
    blocks = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            blocks.extend(cell.text for cell in row.cells)
    return [b for b in blocks if b.strip()]


def _pdf_blocks(path: Path) -> list[str]:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    return [text]  # layout gives no reliable blocks; spans are kept short instead


@lru_cache(maxsize=None)
def blocks_of(name: str) -> tuple[str, ...]:
    path = ROLES / name
    suffix = path.suffix.lower()
    if suffix == ".txt":
        blocks = _txt_blocks(path.read_text(encoding="utf-8"))
    elif suffix == ".md":
        blocks = _md_blocks(path.read_text(encoding="utf-8"))
    elif suffix in (".html", ".htm"):
        blocks = _html_blocks(path.read_text(encoding="utf-8"))
    elif suffix == ".docx":
        blocks = _docx_blocks(path)
    elif suffix == ".pdf":
        blocks = _pdf_blocks(path)
    else:
        raise ValueError(f"{name}: unsupported format")
    return tuple(fold(b) for b in blocks)


def full_text(name: str) -> str:
    return " \n ".join(blocks_of(name))


def documents() -> list[str]:
    return sorted(p.name for p in ROLES.iterdir() if p.is_file() and not p.name.startswith("."))


# --- Checks -------------------------------------------------------------------------------------


def read_items(path: Path, problems: list[str]) -> list[tuple[str, dict]]:
    if not path.exists():
        problems.append(f"{path.relative_to(ROOT)}: missing")
        return []
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                items.append((f"{path.relative_to(ROOT)}:{number}", json.loads(line)))
            except json.JSONDecodeError as error:
                problems.append(f"{path.relative_to(ROOT)}:{number}: bad JSON ({error.msg})")
    return items


def _facts(item: dict) -> list[list[str]]:
    return [[fact] if isinstance(fact, str) else list(fact) for fact in item.get("reference_facts") or []]


def check_multi_item(where: str, item: dict, docs: list[str]) -> tuple[list[str], list[str]]:
    problems: list[str] = []
    notes: list[str] = []
    say = lambda message: problems.append(f"{where} [{item.get('id')}]: {message}")  # noqa: E731
    extra = set(item) - FIELDS
    if extra:
        say(f"unknown fields {sorted(extra)}")
    for field in ("id", "user_input", "answerable", "tags"):
        if field not in item:
            say(f"missing {field}")
    tags = item.get("tags") or []
    kind = tags[0] if tags else None
    if kind not in KINDS:
        say(f"first tag {kind!r} is not one of {KINDS}")
    sources = item.get("reference_sources") or []
    contexts = item.get("reference_contexts") or []
    facts = _facts(item)
    history = item.get("history") or []
    for turn in history:
        if turn.get("role") not in ("user", "assistant") or not str(turn.get("content", "")).strip():
            say(f"bad history turn {turn!r}")
    if kind == "follow-up" and not any(t.get("role") == "user" for t in history):
        say("a follow-up needs a user turn in its history")

    if kind == "out-of-scope" or item.get("answerable") is False:
        if kind != "out-of-scope" or item.get("answerable") is not False:
            say("out-of-scope items, and only they, are answerable=false")
        if len(tags) < 2:
            say("out-of-scope items need a subkind as their second tag")
        if sources or contexts or facts:
            say("an out-of-scope item has no sources, contexts or facts")
        return problems, notes

    if not sources:
        say("no reference_sources")
    if not contexts:
        say("no reference_contexts")
    if not facts:
        say("no reference_facts")
    if kind == "cross-document" and len(set(sources)) < 2:
        say("a cross-document item names two or more documents")
    missing = [s for s in sources if s not in docs]
    if missing:
        say(f"no such documents in eval/corpora/roles: {missing}")
    sources = [s for s in sources if s in docs]

    covered: set[str] = set()
    for span in contexts:
        folded = fold(span)
        if not folded:
            say("empty reference context")
            continue
        if re.search(r"\*\*|<[a-z/]|^#|^\s*(?:[-*\u2022]|\d+\.)\s", span):
            say(f"context has markup or a list marker: {span!r}")
        homes = [s for s in sources if any(folded in block for block in blocks_of(s))]
        if not homes:
            loose = [s for s in sources if folded in fold(full_text(s))]
            detail = f" (it spans two blocks of {loose})" if loose else ""
            say(f"context not found in one block of {sources}{detail}: {span!r}")
        for home in homes:
            covered.add(home)
            if home.endswith(".pdf") and len(span.split()) > PDF_MAX_WORDS:
                say(f"PDF context longer than {PDF_MAX_WORDS} words: {span!r}")
        elsewhere = [d for d in docs if d not in sources and folded in fold(full_text(d))]
        if elsewhere:
            say(f"context also occurs in documents the item does not name {elsewhere}: {span!r}")
    for source in sources:
        if source not in covered:
            say(f"no reference context comes from {source}")

    for alternatives in facts:
        if not any(fold(alt) in fold(full_text(s)) for alt in alternatives for s in sources):
            say(f"fact not found in {sources}: {alternatives}")
        elif not any(fold(alt) in fold(span) for alt in alternatives for span in contexts):
            notes.append(f"{where} [{item.get('id')}]: fact {alternatives} is in the document but in no context")
    return problems, notes


def check_role_item(where: str, item: dict, corpus: str) -> list[str]:
    problems = []
    for span in item.get("reference_contexts") or []:
        if fold(span) not in corpus:
            problems.append(f"{where} [{item.get('id')}]: context not in corpus/: {span!r}")
    return problems


def counts_table(title: str, parts: dict[str, list[dict]]) -> str:
    table: dict[str, Counter] = defaultdict(Counter)
    for part, items in parts.items():
        for item in items:
            table[(item.get("tags") or ["untagged"])[0]][part] += 1
    names = list(parts)
    width = max([len(k) for k in table] + [5])
    lines = [title, f"  {'kind':<{width}}  " + "  ".join(f"{n:>5}" for n in names) + "  total"]
    for kind in sorted(table, key=lambda k: (KINDS.index(k) if k in KINDS else len(KINDS), k)):
        row = [table[kind][n] for n in names]
        lines.append(f"  {kind:<{width}}  " + "  ".join(f"{v:>5}" for v in row) + f"  {sum(row):>5}")
    totals = [len(parts[n]) for n in names]
    lines.append(f"  {'total':<{width}}  " + "  ".join(f"{v:>5}" for v in totals) + f"  {sum(totals):>5}")
    return "\n".join(lines)


def main() -> int:
    problems: list[str] = []
    notes: list[str] = []
    docs = documents()

    multi = {part: read_items(GOLD / f"multi-{part}.jsonl", problems) for part in ("dev", "test")}
    seen: dict[str, str] = {}
    for part, entries in multi.items():
        for where, item in entries:
            if item.get("id") in seen:
                problems.append(f"{where}: id {item.get('id')!r} already used at {seen[item['id']]}")
            seen.setdefault(item.get("id"), where)
            found, noted = check_multi_item(where, item, docs)
            problems.extend(found)
            notes.extend(noted)
    used = Counter(s for entries in multi.values() for _, item in entries for s in item.get("reference_sources") or [])
    for doc in docs:
        if not used[doc]:
            problems.append(f"eval/corpora/roles/{doc}: no gold item cites it")

    role_corpus = fold("\n".join(p.read_text(encoding="utf-8") for p in sorted(ROLE_CORPUS.glob("*.txt"))))
    role = {part: read_items(GOLD / f"role-{part}.jsonl", problems) for part in ("dev", "test")}
    role_seen: set[str] = set()
    for entries in role.values():
        for where, item in entries:
            if item.get("id") in role_seen:
                problems.append(f"{where}: duplicate id {item.get('id')!r}")
            role_seen.add(item.get("id"))
            problems.extend(check_role_item(where, item, role_corpus))

    # Siblings (paraphrases, follow-ups and the items they follow) must sit in the same part.
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from split_gold import group_items

    for name, parts in (("multi", multi), ("role", role)):
        part_of = {item.get("id"): part for part, entries in parts.items() for _, item in entries}
        try:
            groups = group_items([item for entries in parts.values() for _, item in entries])
        except SystemExit as error:  # duplicate ids, reported above
            problems.append(f"{name}: cannot group siblings ({error})")
            continue
        for key, members in groups.items():
            if len({part_of[m["id"]] for m in members}) > 1:
                shown = ", ".join(f"{m['id']} ({part_of[m['id']]})" for m in members)
                problems.append(f"{name}: siblings split across dev and test: {shown}")

    print(counts_table("multi (eval/gold/multi-*.jsonl)", {p: [i for _, i in e] for p, e in multi.items()}))
    print(counts_table("role (eval/gold/role-*.jsonl)", {p: [i for _, i in e] for p, e in role.items()}))
    print("documents (eval/corpora/roles)")
    for doc in docs:
        words = sum(len(block.split()) for block in blocks_of(doc))
        print(f"  {doc:<45} {Path(doc).suffix[1:]:<5} {words:>4} words  cited by {used[doc]:>2} items")
    if notes:
        print(f"{len(notes)} note(s):")
        print("\n".join(f"  {n}" for n in notes))
    if problems:
        print(f"{len(problems)} problem(s):")
        print("\n".join(f"  {p}" for p in problems))
        return 1
    print("no problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())

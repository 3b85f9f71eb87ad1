"""Mutation check: break one behaviour at a time in a scratch copy and see whether a test notices.

`make mutate` (or `python -m tests.mutate [NAME ...]`) copies the tracked tree once per mutation,
applies it, runs the fast layers (tests/unit and tests/integration; a face's mutation also runs
that face's end-to-end file) until the first failure, and prints the mutations no test killed.
The exit status is the number of survivors.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FAST_LAYERS = ("tests/unit", "tests/integration")


@dataclass(frozen=True)
class Mutation:
    name: str
    path: str
    old: str  # must occur exactly once in `path`
    new: str
    also: tuple[str, ...] = ()  # end-to-end files that cover this behaviour


MUTATIONS = [
    # the digest
    Mutation("the digest stores no statement vectors", "assistant/retrieval/digest.py",
             "return build_digest(chunks, vectors, statement_vectors(texts, embed, earlier.statements if earlier else None))",
             "return build_digest(chunks, vectors)"),
    Mutation("the digest re-embeds unchanged statements", "assistant/retrieval/digest.py",
             "earlier.statements if earlier else None", "None"),
    Mutation("a section's passages leave out its sub-sections", "assistant/retrieval/retriever.py",
             "== section or path.startswith(below)", "== section"),
    # ingest
    Mutation("ingest re-embeds unchanged passages", "assistant/ingest/indexing.py",
             "_batches(to_add, EMBED_BATCH)", "_batches(chunks, EMBED_BATCH)"),
    Mutation("heading path left out of the embedded text", "assistant/ingest/chunking.py",
             'return f"{self.section}\\n{self.text}"', "return self.text"),
    Mutation("an unbulleted list's last entry becomes a heading", "assistant/ingest/plain.py",
             "        len(above) == 2\n", "        len(above) == 3\n"),
    Mutation("web copies never recognised", "assistant/ingest/plain.py",
             "return isolated >= MIN_ISOLATED_HEADINGS and isolated > len(after_blank) - isolated", "return False"),
    Mutation("a server ingest is never published", "assistant/ingest/indexing.py",
             "    collection_generations.publish(client, settings.collection, name)\n    return _report",
             "    return _report"),
    # retrieval
    Mutation("every check for a new ingest reads every id", "assistant/retrieval/retriever.py",
             "elif self._snapshot and self._is_generation(served):", "elif False:"),
    Mutation("fusion ignores rank", "assistant/retrieval/retriever.py", "1.0 / (rrf_k + rank)", "1.0 / rrf_k"),
    Mutation("keyword side ignores the named documents", "assistant/retrieval/retriever.py",
             "        if sources:\n            allowed", "        if False:\n            allowed"),
    # core
    Mutation("documents are never named", "assistant/core/chain.py",
             "groups = catalog.named_in(resolved.query)", "groups = []"),
    Mutation("capitalised phrases name nothing", "assistant/core/subjects.py",
             "positions += [_first_position(terms, phrase) for phrase in phrases & self._phrases[source]]", "pass"),
    Mutation("sentences end at abbreviations", "assistant/core/text.py",
             "if ABBREVIATION_END.search(text, 0, match.start()):", "if False:"),
    Mutation("history size unchecked", "assistant/core/request.py",
             "if total > limits.max_history_chars:", "if False:", ("tests/e2e/test_api.py",)),
    Mutation("lone surrogates pass", "assistant/core/request.py",
             'value.encode("utf-8")', "value.encode('utf-8', 'surrogatepass')", ("tests/e2e/test_api.py",)),
    # answering
    Mutation("citations listed in reverse", "assistant/core/answer.py",
             "return Answer(lines, list(citations.values()),", "return Answer(lines, list(reversed(citations.values())),"),
    Mutation("headings quoted on their own", "assistant/core/answer.py",
             'return self.kind in ("item", "prose", "label")', 'return self.kind in ("item", "prose", "label", "heading")'),
    Mutation("amount questions take any statement", "assistant/answerers/extractive.py",
             "candidates = [s for s in candidates if QUANTITY.search(s.text)]", "pass"),
    Mutation("nothing is ever refused", "assistant/answerers/extractive.py",
             "max(s.relevance for s in scored) < self._settings.refusal_threshold", "False"),
    Mutation("near duplicates kept", "assistant/answerers/extractive.py",
             "DUPLICATE_OVERLAP = 0.75", "DUPLICATE_OVERLAP = 1.01"),
    Mutation("a sentence that points back stands alone", "assistant/answerers/extractive.py",
             "and POINTS_BACK.match(text):", "and False:"),
    Mutation("a named thing's attribute goes unchecked", "assistant/answerers/extractive.py",
             "if not self._scorer.says_what_is_asked(question, [lead, *rest]):", "if False:"),
    Mutation("a follow-up never asks on from the last answer", "assistant/core/chain.py",
             "if resolved.is_follow_up and resolved.previous_answer:", "if False:"),
    Mutation("statements come from documents lacking a word asked", "assistant/answerers/extractive.py",
             "candidates = self._from_documents_using_most_asked(focus, candidates)", "pass"),
    Mutation("a named document's outline is never listed", "assistant/answerers/extractive.py",
             "if outline and len(items := self._list_items(outline)) > 1:", "if False:"),
    Mutation("PDF page furniture kept", "assistant/ingest/pdf.py",
             "lines = _without_page_furniture(lines, len(pdf.pages), metadata_title)", "pass"),
    Mutation("a settling heading is never shown", "assistant/answerers/extractive.py",
             "lead = _under_its_heading(lead)", "pass"),
    Mutation("answers never say their document", "assistant/core/chain.py",
             "attribute=len(catalog) > 1,", "attribute=False,"),
    Mutation("a question's unknown words decline it though they paraphrase the answer", "assistant/answerers/extractive.py",
             "return self._scorer.context_similarity(rest_vector, closest) >= self._scorer.context_similarity(question.vector, closest)",
             "return True"),
    Mutation("a question's unknown words decline it though the rest asks what the corpus answers",
             "assistant/answerers/extractive.py",
             "if self._scorer.meaning_relevance(rest_vector, scored) >= threshold:", "if False:"),
    Mutation("shared words vouch for a question about a thing no document mentions", "assistant/answerers/extractive.py",
             "        if self._asks_of_unknown_thing(question, scored):\n            return []\n", ""),
    Mutation("a document answers 'which jobs ...' with statements not saying the thing asked", "assistant/core/chain.py",
             "        if scope.must_say:\n", "        if False:\n"),
    Mutation("a statement ending 'e.g.' is quoted without its examples", "assistant/answerers/extractive.py",
             "if EXAMPLES_FOLLOW.search(lead.text) and", "if False and"),
    Mutation("a statement's examples run on into the next entry's", "assistant/answerers/extractive.py",
             "return following[: ends[0]] if ends else following", "return following"),
    # documents
    Mutation("an upload keeps a leading dot or path", "assistant/documents/uploads.py",
             'name = UNSAFE.sub("-", name).strip(" .-")', 'name = UNSAFE.sub("-", name).strip(" ")',
             ("tests/e2e/test_documents.py",)),
    Mutation("a failed ingest leaves the upload in the corpus folder", "assistant/documents/service.py",
             "        except CorpusError as error:\n            edit.undo()\n",
             "        except CorpusError as error:\n", ("tests/e2e/test_documents.py",)),
    Mutation("any key may change documents", "assistant/faces/auth.py",
             "        if not _known(offered, self._keys):\n            return await json_error(send, 403, ADMIN_WRONG",
             "        if False:\n            return await json_error(send, 403, ADMIN_WRONG",
             ("tests/e2e/test_documents.py",)),
    # faces
    Mutation("nothing is ever shed", "assistant/faces/limits.py",
             "with self.admission.place():  # raises at once", "if True:  # raises at once", ("tests/e2e/test_api.py",)),
    Mutation("an abandoned question is answered anyway", "assistant/faces/api.py",
             "if waited and anyio.from_thread.run(http.is_disconnected):", "if False:", ("tests/e2e/test_api.py",)),
    Mutation("signatures checked on events only", "assistant/faces/slack.py",
             "if not signature_is_valid(verifier, request.headers, body):",
             'if request.url.path.endswith("/events") and not signature_is_valid(verifier, request.headers, body):',
             ("tests/e2e/test_slack.py",)),
    Mutation("file name unescaped in the sources panel", "assistant/faces/web_render.py",
             '{escape(citation["source"])}', '{citation["source"]}'),
    Mutation("mrkdwn angle brackets unescaped", "assistant/faces/slack_blocks.py",
             '.replace("<", "&lt;")', ""),
    Mutation("a client's mistake is a 500", "assistant/faces/api.py",
             'raise ApiError(422, f"invalid request: {error}")', 'raise ApiError(500, f"invalid request: {error}")',
             ("tests/e2e/test_api.py",)),
    # feedback and eval
    Mutation("feedback topic from the last citation", "assistant/ops/feedback.py",
             'self.citations[0]["section"]', 'self.citations[-1]["section"]'),
    Mutation("feedback is never rate-limited", "assistant/ops/rate_limits.py",
             "return self._limit is None or self._window.hit(self._limit, face, client)", "return True", ("tests/e2e/test_web.py",)),
    Mutation("every fact counts as covered", "assistant/eval/metrics.py",
             "return 1.0 - len(missing_facts(answer, fact_groups)) / len(fact_groups)", "return 1.0"),
    Mutation("a bare heading counts as content", "assistant/eval/metrics.py",
             "return not is_heading or any(character.isdigit() for character in statement.text)", "return True"),
]


# No change at all: the copy must pass, or every "kill" would mean nothing.
CONTROL = Mutation("control (no change)", "assistant/__init__.py", "", "")


def tracked_files() -> dict[str, bytes]:
    """The tracked tree as it is now, read once: edits made while mutations run change nothing."""
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    return {line: (ROOT / line).read_bytes() for line in listed.stdout.splitlines() if (ROOT / line).is_file()}


def run(mutation: Mutation, files: dict[str, bytes]) -> tuple[bool, float]:
    """Whether some test failed with `mutation` applied, and how long finding out took."""
    with tempfile.TemporaryDirectory(prefix="mutant-") as scratch:
        copy = Path(scratch)
        for name, content in files.items():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            (copy / name).write_bytes(content)
        target = copy / mutation.path
        target.write_text(target.read_text().replace(mutation.old, mutation.new))
        started = time.perf_counter()
        # The copy comes first on the path, so its `assistant` is the one imported.
        tests = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *FAST_LAYERS, *mutation.also],
            cwd=copy, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(copy)},
        )
        return tests.returncode != 0, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.mutate", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="run only the mutations whose names contain one of these")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTATIONS if not args.names or any(n in m.name for n in args.names)]
    files = tracked_files()
    # Checked before any run: a mutation whose text moved would otherwise stop the run halfway.
    stale = [m.name for m in chosen if files.get(m.path, b"").decode().count(m.old) != 1]
    if stale:
        print(f"the text to change is not in its file exactly once: {', '.join(stale)}")
        return 1
    failed, seconds = run(CONTROL, files)
    if failed:
        print(f"the unchanged copy fails its tests ({seconds:.0f}s): fix that first")
        return 1
    print(f"control  {seconds:6.1f}s  the unchanged copy passes", flush=True)
    survivors = []
    for mutation in chosen:
        killed, seconds = run(mutation, files)
        print(f"{'killed  ' if killed else 'SURVIVED'} {seconds:6.1f}s  {mutation.name}", flush=True)
        if not killed:
            survivors.append(mutation.name)
    print(f"\n{len(chosen) - len(survivors)} of {len(chosen)} mutations killed; survivors: {', '.join(survivors) or 'none'}")
    return len(survivors)


if __name__ == "__main__":
    raise SystemExit(main())

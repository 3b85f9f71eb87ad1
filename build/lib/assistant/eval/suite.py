"""The project's gold sets: each set's dev and test parts, scored on the corpus the set is about.

`python -m assistant.eval --suite` (what `make eval` runs) scores the four parts in one process, so
the parts of a set share one index; a set about another corpus than the serving one gets a
temporary index (see ChainTargets).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.eval.gold import GoldItem, corpus_documents, load_gold
from assistant.eval.runner import Run, run_gold
from assistant.eval.targets import ChainTargets
from assistant.ops.settings import Settings

GOLD_DIR = Path("eval/gold")
PARTS = ("dev", "test")
# The metrics the quality gate holds the test parts to, printed for every part.
HEADLINE = ("key_fact_coverage", "fully_correct", "citation_relevance", "right_document_cited",
            "every_named_document_cited", "citation_validity", "citation_recall", "refusal_accuracy",
            "false_refusal_rate")


@dataclass(frozen=True)
class GoldSet:
    name: str
    corpus: Path | None  # None: the serving corpus (the CORPUS_DIR setting)

    def path(self, part: str) -> Path:
        return GOLD_DIR / f"{self.name}-{part}.jsonl"

    def run_name(self, part: str) -> str:
        return f"{self.name}-{part}"


ROLE = GoldSet("role", None)  # the role document, corpus/senior-ml-infrastructure-engineer.txt
MULTI = GoldSet("multi", Path("eval/corpora/roles"))  # several roles' documents, in every supported format
GOLD_SETS = (ROLE, MULTI)


def corpus_settings(gold_set: GoldSet, settings: Settings) -> Settings:
    return settings.model_copy(update={"corpus_dir": gold_set.corpus}) if gold_set.corpus else settings


def run_suite(settings: Settings, targets: ChainTargets) -> list[Run]:
    """Every part of every set; all gold files are checked before the first item is asked."""
    planned: list[tuple[str, list[GoldItem], Settings]] = []
    for gold_set in GOLD_SETS:
        set_settings = corpus_settings(gold_set, settings)
        documents = corpus_documents(set_settings.corpus_dir)
        planned += [(gold_set.run_name(part), load_gold(gold_set.path(part), documents), set_settings) for part in PARTS]
    return [run_gold(name, items, targets.open(set_settings)) for name, items, set_settings in planned]

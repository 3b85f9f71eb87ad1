"""`python -m assistant.eval`: score the assistant on a gold set (or the project's suite of sets),
compare variants, gate on a baseline.

Exit status: 0 when the run is scored (and no metric regressed), 1 when a metric dropped past the
tolerance against --baseline, 2 for bad input or a run that cannot go on.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from pathlib import Path

from assistant.eval.baseline import DEFAULT_TOLERANCE, BaselineError, compare, format_deltas, load_baseline
from assistant.eval.gold import GoldFileError, corpus_documents, load_gold
from assistant.eval.overrides import OverrideError, apply_overrides, parse_assignments, parse_variants
from assistant.eval.report import metrics_table, write_comparison, write_run
from assistant.eval.runner import Run, run_gold
from assistant.eval.suite import GOLD_SETS, HEADLINE, run_suite
from assistant.eval.targets import ChainTargets, EvalError, HttpTarget
from assistant.ingest.loader import CorpusError
from assistant.ops.settings import Settings
from assistant.retrieval.embeddings import ModelNotFoundError
from assistant.retrieval.retriever import IndexNotReadyError
from assistant.retrieval.store import StoreUnavailableError

DEFAULT_OUT = Path("artifacts/eval")
EXIT_REGRESSED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
SINGLE_RUN_NAME = "run"
EXPECTED_ERRORS = (GoldFileError, OverrideError, EvalError, BaselineError, CorpusError, StoreUnavailableError,
                   ModelNotFoundError, IndexNotReadyError)


class UsageError(Exception):
    """Options that cannot be used together."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m assistant.eval",
        description="Score the assistant's answers and citations against a JSONL gold set, offline.",
        epilog=f"exit status: 0 scored; {EXIT_REGRESSED} a metric dropped past --tolerance against --baseline; "
        f"{EXIT_BAD_INPUT} bad input or a run that cannot go on",
    )
    gold = parser.add_mutually_exclusive_group(required=True)
    gold.add_argument("--gold", type=Path, metavar="FILE", help="the JSONL gold set")
    gold.add_argument("--suite", action="store_true",
                      help="score the project's gold sets (" + ", ".join(s.name for s in GOLD_SETS)
                      + "), dev and test parts, each on its own corpus, into OUT/<set>-<part>/")
    parser.add_argument("--corpus", type=Path, metavar="PATH",
                        help="the documents the gold set is about (default: the CORPUS_DIR setting); its reference "
                        "spans are checked against them, and an in-process run on any other path than CORPUS_DIR "
                        "indexes it into a temporary index, never the serving one")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help=f"where metrics.json, results.jsonl, report.md and chart.png go (default {DEFAULT_OUT})")
    parser.add_argument("--url", metavar="URL", help="ask a running server's /api/ask instead of the chain in process")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="overrides",
                        help="override a setting for this run, e.g. retrieval_mode=dense (repeatable)")
    parser.add_argument("--compare", nargs="+", metavar="NAME:KEY=VALUE,...",
                        help="run named variants side by side, e.g. dense:retrieval_mode=dense hybrid:retrieval_mode=hybrid")
    parser.add_argument("--baseline", type=Path, metavar="OLD/metrics.json",
                        help="print each metric's change and exit 1 when one drops past --tolerance")
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE, metavar="X",
                        help=f"largest drop of a share metric --baseline allows (default {DEFAULT_TOLERANCE})")
    return parser


def _check_usage(args: argparse.Namespace, overrides: dict[str, str]) -> None:
    if args.tolerance < 0:
        raise UsageError("--tolerance must be zero or more")
    if args.compare and args.url:
        raise UsageError("--compare runs the chain in process; it cannot be combined with --url")
    if args.compare and args.baseline:
        raise UsageError("--baseline gates a single run; run it without --compare")
    if args.suite and (args.url or args.compare or args.baseline or args.corpus):
        raise UsageError("--suite runs each gold set in process on its own corpus; "
                         "it cannot be combined with --url, --compare, --baseline or --corpus")
    server_side = sorted(set(overrides) - {"top_k"})
    if args.url and server_side:
        raise UsageError(f"--url: only top_k can be set per request; {', '.join(server_side)} belong to the server")


def _gold_documents(corpus: Path, named: bool) -> dict[str, str] | None:
    """The documents the gold spans must come from; None when the default corpus is not on this
    machine (scoring a remote --url). A corpus named with --corpus must exist."""
    if not named and not corpus.exists():
        return None
    return corpus_documents(corpus)


def _runs(args: argparse.Namespace, settings: Settings, serving: Settings, overrides: dict[str, str]) -> list[Run]:
    variants = parse_variants(args.compare or [])
    variant_settings = [apply_overrides(settings, variant.overrides) for variant in variants]  # all checked first
    if args.suite:
        with ExitStack() as stack:
            return run_suite(settings, ChainTargets(serving, stack))
    items = load_gold(args.gold, _gold_documents(settings.corpus_dir, named=args.corpus is not None))
    if args.url:
        k = settings.top_k if "top_k" in overrides else None
        return [run_gold(SINGLE_RUN_NAME, items, HttpTarget(args.url, k))]
    with ExitStack() as stack:
        targets = ChainTargets(serving, stack)
        if not variants:
            return [run_gold(SINGLE_RUN_NAME, items, targets.open(settings))]
        return [run_gold(variant.name, items, targets.open(vs)) for variant, vs in zip(variants, variant_settings)]


def _run(args: argparse.Namespace, serving: Settings) -> int:
    overrides = parse_assignments(args.overrides)
    _check_usage(args, overrides)
    settings = apply_overrides(serving, overrides)
    if args.corpus:
        settings = settings.model_copy(update={"corpus_dir": args.corpus})
    baseline = load_baseline(args.baseline) if args.baseline else None
    runs = _runs(args, settings, serving, overrides)
    try:
        if args.suite:
            write_comparison(args.out, runs, title="gold sets")
        elif len(runs) == 1 and not args.compare:
            write_run(args.out, runs[0])
        else:
            write_comparison(args.out, runs)
    except OSError as error:
        raise EvalError(f"cannot write the results to {args.out}: {error.strerror or error}") from None

    print("\n".join(metrics_table({run.name: run.metrics for run in runs}, HEADLINE if args.suite else None)))
    print(f"\n{sum(run.seconds for run in runs):.1f}s; results in {args.out}/ (report.md, metrics.json, "
          "results.jsonl, chart.png)")
    if baseline is None:
        return 0
    deltas = compare(runs[0].metrics, baseline)
    print(f"\nAgainst {args.baseline} (tolerance {args.tolerance}):\n{format_deltas(deltas, args.tolerance)}")
    regressed = [delta.info.label for delta in deltas if delta.regressed(args.tolerance)]
    if regressed:
        print(f"eval: quality gate failed: {', '.join(regressed)} dropped by more than {args.tolerance}", file=sys.stderr)
        return EXIT_REGRESSED
    return 0


def main(argv: list[str] | None = None, settings: Settings | None = None) -> int:
    """`settings` stands in for the environment's Settings (tests pass their own index)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _run(args, settings or Settings())
    except UsageError as error:
        parser.error(str(error))
    except EXPECTED_ERRORS as error:
        print(f"eval: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("eval: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED

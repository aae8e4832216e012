"""The `vng` command: a thin typer layer over the pipeline's API."""
from __future__ import annotations

import csv
import json
import logging
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from pipeline import __version__
from pipeline.analyze import AnalyzeOptions, Interrupted, default_workers, load_collection_results, remove_letters
from pipeline.analyze import analyze as run_analyze
from pipeline.collection import INDEX_NAME, MANIFEST_NAME, read_manifest
from pipeline.errors import VngError
from pipeline.positions import CONFIDENT_AT, diff_letter, track_positions
from pipeline.report import build_report
from pipeline.stance.shifts import change_rows, match_targets, timeline_rows
from pipeline.types import LetterResult

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Analyse VNG letters on asylum and migration.")


@cache
def _stderr_console() -> Console:
    """rich's Console on stderr, made when first used: rich is imported after the first letter (its import is
    about 0.05 CPU s of every start-up, and `vng analyze` prints nothing before the letters are done)."""
    from rich.console import Console  # noqa: PLC0415 - rich is imported at first use (start-up time)

    return Console(stderr=True, soft_wrap=True)


class _StderrConsole:
    """`console.print(...)`: the methods of _stderr_console()."""

    def __getattr__(self, name: str) -> Any:
        return getattr(_stderr_console(), name)


console = _StderrConsole()


def _stdout_console(**options: Any) -> Console:
    from rich.console import Console  # noqa: PLC0415 - as above

    return Console(soft_wrap=True, **options)


def escape(text: str) -> str:
    """rich.markup.escape (rich is imported at first use)."""
    from rich.markup import escape as rich_escape  # noqa: PLC0415 - as above

    return rich_escape(text)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vng-brieven {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what the pipeline does.")] = False,
) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


def _printable(text: str) -> str:
    """Control characters from file names (terminal escape sequences) shown as escapes, not obeyed."""
    return "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii") for ch in text)


class _Progress:
    """A rich progress bar on a terminal; silent otherwise (logs, CI)."""

    def __init__(self) -> None:
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> _Progress:
        if sys.stderr.isatty():
            from rich.progress import (  # noqa: PLC0415 - rich is imported at first use (start-up time)
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self.bar = Progress(TextColumn("[bold]analysing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                console=_stderr_console(), transient=True)
            self.bar.__enter__()
        return self

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            return
        if self.task is None:
            self.task = self.bar.add_task("letters", total=total)
        self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@app.command()
def analyze(
    corpus_dir: Annotated[Path, typer.Argument(help="Folder with *.pdf and *.txt letters (searched recursively).")],
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="Output folder: a collection that grows with each folder analysed into it.")] = Path("outputs"),
    allow_failures: Annotated[bool, typer.Option("--allow-failures", help="Exit 0 even when some files failed.")] = False,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="Refuse input files larger than this.")] = 100 * 1024 * 1024,
    debug: Annotated[bool, typer.Option(
        "--debug", help="Show tracebacks of unexpected errors and the blocks of letters without content.")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", min=0, help="Processes for per-letter work (0: one per core).")] = 0,
    executor: Annotated[str, typer.Option("--executor", help="local (process pool) or dask.")] = "local",
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address (tcp://host:8786).")] = None,
    model: Annotated[str | None, typer.Option("--model", help="A spaCy pipeline (package or path).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Re-analyse letters even when unchanged.")] = False,
    max_seconds: Annotated[float, typer.Option("--max-seconds", help="Per-letter time limit (0: none).")] = 300.0,
    prune: Annotated[bool, typer.Option("--prune", help="Drop letters whose file is gone from CORPUS_DIR.")] = False,
    inputs_by_path: Annotated[bool, typer.Option(
        "--inputs-by-path", help="Dask tasks carry a path or URL, not the bytes (workers share storage).")] = False,
    inputs_base: Annotated[str | None, typer.Option(
        "--inputs-base", help="With --inputs-by-path: an fsspec URL (s3://..., file://...) the workers find "
                              "CORPUS_DIR's files under.")] = None,
) -> None:
    """Add the letters in CORPUS_DIR to the collection in --out; rebuild the graph, tables, report and manifest.

    Letters already in --out (from this or other folders) stay; unchanged ones are re-used.
    """
    if executor not in ("local", "dask"):
        console.print(f"[red]error:[/red] --executor must be local or dask, not {executor!r}")
        raise typer.Exit(2)
    if debug:  # also what the reader saw in a letter without content (its blocks)
        logging.getLogger("vng").setLevel(logging.DEBUG)
    options = AnalyzeOptions(allow_failures=allow_failures, max_bytes=max_bytes, debug=debug,
                             workers=workers or default_workers(), executor=executor, scheduler=scheduler,
                             model=model, force=force, max_seconds=max_seconds, prune=prune,
                             inputs_by_path=inputs_by_path or inputs_base is not None, inputs_base=inputs_base)
    try:
        with _Progress() as progress:
            summary = run_analyze(corpus_dir, out, options, progress=progress)
    except VngError as error:
        if debug:
            raise
        console.print(f"[red]error:[/red] {escape(_printable(str(error)))}", highlight=False)
        raise typer.Exit(2) from None
    except Interrupted as stop:
        console.print(str(stop), highlight=False)
        raise typer.Exit(stop.exit_code) from None
    except KeyboardInterrupt:  # before the run had started: nothing was written
        console.print("Interrupted before any letter was analysed", highlight=False)
        raise typer.Exit(130) from None
    for outcome in summary.outcomes:
        if outcome.status != "ok":
            console.print(f"[yellow]{outcome.status}[/yellow] {escape(_printable(outcome.error or ''))}", highlight=False)
    for note in summary.notes:
        console.print(f"[yellow]note[/yellow] {escape(_printable(note))}", highlight=False)
    present = [o for o in summary.outcomes if not o.source_missing]  # the kept ones have a note of their own
    cached = sum(1 for o in present if o.cached)
    ok = sum(1 for o in present if o.status == "ok")
    others = f" (+{summary.other_letters} from other folders)" if summary.other_letters else ""
    console.print(f"{len(present)} files: {ok} ok ({cached} unchanged), {summary.failed} failed, "
                  f"{summary.count('skipped')} skipped; {summary.letters} letters in {out}{others}", highlight=False)
    console.print(f"report: {summary.report}", highlight=False)
    if summary.failed:
        console.print(f"{summary.failed} letter(s) failed (reasons above and in {out / 'manifest.json'}); "
                      + ("exit code 0 (--allow-failures)" if allow_failures else
                         "exit code 1: add --allow-failures (make analyze ARGS=--allow-failures) to exit 0"),
                      highlight=False)
        if not allow_failures:
            raise typer.Exit(1)


@app.command(name="list")
def list_letters(
    out: Annotated[Path, typer.Argument(help="An output folder of `vng analyze`.")] = Path("outputs"),
) -> None:
    """The collection in OUT: each letter's doc_id, date, status and source (folder and file)."""
    if not (out / MANIFEST_NAME).is_file() and not (out / INDEX_NAME).is_file():
        console.print(f"[red]error:[/red] {out} holds no analysis (no {MANIFEST_NAME}); "
                      f"run `vng analyze CORPUS --out {out}` first")
        raise typer.Exit(2)
    collection, results = load_collection_results(out)
    files = read_manifest(out).get("files", [])
    rows: list[tuple[str, ...]] = [("doc_id", "date", "status", "folder", "source")]
    listed = set()
    for entry in files:
        doc_id = str(entry.get("doc_id"))
        member = collection.members.get(doc_id)
        if entry.get("status") == "ok" and member is None:
            continue
        listed.add(doc_id)
        status = str(entry.get("status")) + (" (file gone)" if entry.get("source_missing") else "")
        result = results.get(doc_id)
        rows.append((doc_id, (result.date if result else None) or "-", status, str(entry.get("corpus") or "-"),
                     _printable(str(entry.get("source")))))
    for doc_id, member in sorted(collection.members.items()):
        if doc_id not in listed:  # finished by a run that was interrupted before its manifest
            result = results.get(doc_id)
            rows.append((doc_id, (result.date if result else None) or "-", "ok (unlisted)", member.corpus,
                         _printable(member.source)))
    # Plain aligned columns, never cut: readable, and fit for grep and cut.
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        typer.echo("  ".join([*(value.ljust(width) for value, width in zip(row, widths, strict=False)), row[-1]]))
    console.print(f"{len(collection.members)} letters from {len(collection.corpora)} folder(s) in {out}", highlight=False)


@app.command()
def remove(
    out: Annotated[Path, typer.Argument(help="An output folder of `vng analyze`.")],
    doc_ids: Annotated[list[str], typer.Argument(help="The letters to take out (see `vng list OUT`).")],
) -> None:
    """Take letters out of the collection in OUT and rebuild its graph, tables and report.

    Only those letters' files are deleted. A later `vng analyze` of their folder adds them again
    while their files are there."""
    try:
        summary = remove_letters(out, doc_ids)
    except VngError as error:
        console.print(f"[red]error:[/red] {escape(_printable(str(error)))}", highlight=False)
        raise typer.Exit(2) from None
    console.print(f"removed {len(set(doc_ids))} letter(s); {summary.letters} left in {out}; report: {summary.report}",
                  highlight=False)


def _load_results(out: Path) -> list:
    letters = sorted((out / "letters").glob("*.json"))
    if not letters:
        console.print(f"[red]error:[/red] no letters in {out / 'letters'}; run `vng analyze CORPUS --out {out}` first")
        raise typer.Exit(2)
    return [LetterResult.from_dict(json.loads(p.read_text(encoding="utf-8"))) for p in letters]


@app.command()
def shifts(
    out: Annotated[Path, typer.Argument(help="An output folder of `vng analyze`.")] = Path("outputs"),
    target: Annotated[str | None, typer.Option("--target", "-t", help="Only these measures: part of the name, "
                                                "accents and small typos forgiven.")] = None,
    changes_only: Annotated[bool, typer.Option("--changes-only", help="Only the confident changes, with their "
                                               "deciding sentences.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
) -> None:
    """The VNG's stance per measure over time: letters with title and date, confident and uncertain changes."""
    positions = track_positions(_load_results(out))
    names = sorted(positions.timelines)
    if target:
        found = match_targets(target, names)
        if not found.names:
            hint = f"; did you mean: {', '.join(found.suggestions)}" if found.suggestions else ""
            console.print(f"no measure matches {target!r}{hint}", markup=False)
            raise typer.Exit(1)
        names = list(found.names)
    if not names:
        console.print("no stances found")
        raise typer.Exit(1)
    rows = change_rows(positions, names) if changes_only else timeline_rows(positions, names)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, sort_keys=True, indent=2))
        return
    if as_csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["target"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return
    # Piped output is never cut: a wide console and folding instead of "…".
    stdout = _stdout_console(width=None if sys.stdout.isatty() else 240)
    if changes_only:
        if not rows:
            stdout.print(f"no confident changes (both sides need a position with confidence >= {CONFIDENT_AT})",
                         markup=False)
            return
        for row in rows:
            stdout.print(f"[bold]{row['target']}[/bold]: {row['from']} -> {row['to']}")
            for side in ("from", "to"):
                stdout.print(f"  {row[side + '_date']}  {row[side + '_title'] or row[side + '_doc_id']} "
                             f"({row[side]}, {row[side + '_confidence']:.2f})", markup=False)
                stdout.print(f"    \u201c{row[side + '_sentence']}\u201d", markup=False)
        return
    from rich.table import Table  # noqa: PLC0415 - rich is imported at first use (start-up time)

    for name in names:
        table = Table(title=name, title_justify="left", show_lines=False)
        for column in ("date", "letter", "stance", "conf.", "change", "deciding sentence"):
            table.add_column(column, no_wrap=column == "date", overflow="fold")
        for row in (r for r in rows if r["target"] == name):
            stance = cast(str, row["stance"]) if row["confident"] else f"{row['stance']} (uncertain)"
            mark = {"confident": "[bold red]◆ change[/bold red]", "uncertain": "◇ uncertain"}.get(cast(str, row["change"]), "")
            table.add_row(str(row["date_label"]), f"{row['title'] or ''}\n{row['doc_id']}".strip(), stance,
                          f"{row['confidence']:.2f}", mark, str(row["sentence"] or ""))
        stdout.print(table)
    stdout.print(f"◆ change: both sides are positions with confidence >= {CONFIDENT_AT}; ◇ uncertain: a weaker "
                 "difference", markup=False)
    if positions.undated:
        stdout.print(f"not placed (no date): {', '.join(positions.undated)}", markup=False)
    if any(p.date_source != "explicit" for points in positions.timelines.values() for p in points):
        stdout.print("≈ : date inferred from the letter's clues (window in letters/<doc_id>.json)", markup=False)


@app.command()
def diff(
    out: Annotated[Path, typer.Argument(help="An output folder of `vng analyze`.")],
    doc_id: Annotated[str, typer.Argument(help="The letter to compare with the letters before it.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """What DOC_ID says that is new, repeated or no longer said, compared with earlier letters."""
    results = _load_results(out)
    try:
        result = diff_letter(results, doc_id)
    except KeyError:
        console.print(f"[red]error:[/red] no letter {doc_id!r} in {out}; known: {', '.join(r.doc_id for r in results)}")
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, sort_keys=True, indent=2))
        return
    stdout = _stdout_console()
    stdout.print(f"[bold]{result.doc_id}[/bold] ({result.date or 'no date'}) against "
                 f"{len(result.earlier)} earlier letter(s)")
    for title, groups in (("Relations (risks claimed)", result.relations), ("Requests", result.requests)):
        stdout.print(f"\n[bold]{title}[/bold]")
        for status in ("new", "repeated", "no_longer"):
            for item in groups[status]:
                stdout.print(f"  {status:<9} {item}", markup=False)
    stdout.print("\n[bold]Stance per measure[/bold]")
    for row in result.stances:
        previous = f" (was {row['previous_stance']} in {row['previous_doc_id']})" if row["previous_stance"] else ""
        stdout.print(f"  {row['status']:<9} {row['target']}: {row['stance'] or '-'}{previous}", markup=False)


@app.command()
def train() -> None:
    """Retrain the passage classifiers from the data in corpora/training and save them under models/."""
    from pipeline.classify.train import main as train_main  # noqa: PLC0415 - scikit-learn: only this command loads it

    raise typer.Exit(train_main([]))


@app.command()
def evaluate(
    corpus_dir: Annotated[Path | None, typer.Option("--corpus", help="Folder of the annotated letters.")] = None,
    part: Annotated[list[str] | None, typer.Option(
        "--part", help="entities, classify, requests, relations, forms, stance (repeat).")] = None,
) -> None:
    """Precision, recall and F1 per label and per letter against corpora/annotations."""
    try:  # the gold and the letters are in a checkout (or where VNG_CORPORA / VNG_REAL_CORPUS say)
        from pipeline.evaluate import PARTS, REAL_CORPUS  # noqa: PLC0415 - scikit-learn: only this command loads it
        from pipeline.evaluate import evaluate as run_evaluate  # noqa: PLC0415 - as above
    except VngError as error:
        console.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from None

    parts = part or list(PARTS)
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        console.print(f"[red]error:[/red] unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
        raise typer.Exit(2)
    corpus = corpus_dir or REAL_CORPUS
    if not corpus.is_dir():
        console.print(f"[red]error:[/red] the annotated letters are not at {corpus}; give --corpus")
        raise typer.Exit(2)
    try:
        typer.echo(run_evaluate(corpus, parts=parts))
    except VngError as error:
        console.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from None


@app.command()
def report(
    out: Annotated[Path, typer.Argument(help="An output folder of `vng analyze`.")] = Path("outputs"),
) -> None:
    """Write OUT/report.html: one offline page with the letters, positions, graph, requests and search."""
    try:
        path = build_report(out)
    except VngError as error:
        console.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from None
    console.print(f"report -> {path}")

"""The `vng` command: a thin typer layer over the pipeline's API."""
from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pipeline import __version__
from pipeline.errors import VngError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Analyse VNG letters on asylum and migration.")
console = Console(stderr=True, soft_wrap=True)
T = TypeVar("T")


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


def _progress(items: Iterable[T], total: int) -> Iterator[T]:
    if not sys.stderr.isatty():
        yield from items
        return
    with Progress(TextColumn("[bold]analysing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task("letters", total=total)
        for item in items:
            yield item
            bar.advance(task)


@app.command()
def analyze(
    corpus_dir: Annotated[Path, typer.Argument(help="Folder with *.pdf and *.txt letters (searched recursively).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("outputs"),
    allow_failures: Annotated[bool, typer.Option("--allow-failures", help="Exit 0 even when some files failed.")] = False,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="Refuse input files larger than this.")] = 100 * 1024 * 1024,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of unexpected errors.")] = False,
) -> None:
    """Analyse every letter in CORPUS_DIR and write letters/*.json and manifest.json to --out."""
    from pipeline.analyze import AnalyzeOptions
    from pipeline.analyze import analyze as run_analyze

    try:
        summary = run_analyze(corpus_dir, out, AnalyzeOptions(allow_failures=allow_failures, max_bytes=max_bytes,
                                                             debug=debug), progress=_progress)
    except VngError as error:
        console.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from None
    for outcome in summary.outcomes:
        if outcome.status != "ok":
            console.print(f"[yellow]{outcome.status}[/yellow] {outcome.source}: {outcome.error}")
    console.print(f"{len(summary.outcomes)} files: {summary.count('ok')} ok, {summary.failed} failed, "
                  f"{summary.count('skipped')} skipped -> {out}")
    if summary.failed and not allow_failures:
        raise typer.Exit(1)

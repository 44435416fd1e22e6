"""`migrakg`: the command line (build, serve, export, report). Each command is a thin shell over a
plain function: `loaders.pipeline.run.build`, `service.run.serve`,
`service.export.run.export`, the build's report.

It lives in `service` because `serve` needs the service and `build` the loaders: the
service depends on the loaders, never the reverse."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from loaders.errors import MigrakgError
from service.settings import Settings, get_settings

app = typer.Typer(help="Build and serve the migrakg knowledge graph.", no_args_is_help=True)
console = Console(stderr=True)


def _settings() -> Settings:
    return get_settings()


def run_build(build_dir: Path, base: str, sources_dir: Path | None = None) -> None:
    """Build with a progress display; exit 1 with a readable message on a project error."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from loaders.pipeline.manifest import SOURCES_DIR
    from loaders.pipeline.run import BuildConfig, build
    from service.api import precompute

    config = BuildConfig(
        build_dir=build_dir,
        base=base,
        sources_dir=sources_dir or SOURCES_DIR,
        before_publish=(precompute.write,),  # the API snapshot the service answers from
    )
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console
    ) as progress:
        task = progress.add_task("starting", total=None)
        try:
            result = build(config, step=lambda text: progress.update(task, description=text))
        except MigrakgError as exc:
            progress.stop()
            console.print(f"[bold red]build failed[/]: {exc}", markup=True, highlight=False)
            raise typer.Exit(1) from exc
    sys.stdout.write(result.report.to_text())
    console.print(f"published {result.path}", highlight=False)


@app.command("build")
def build_command(
    build_dir: Annotated[Path | None, typer.Option(help="Where stores are written.")] = None,
    base: Annotated[str | None, typer.Option(help="Base IRI of instances.")] = None,
    sources_dir: Annotated[Path | None, typer.Option(help="Folder of the sources.")] = None,
) -> None:
    """Verify the sources, run the loaders, validate, and publish a new store."""
    settings = _settings()
    run_build(build_dir or settings.build_dir, base or settings.base_iri, sources_dir)


@app.command("serve")
def serve_command() -> None:
    """Serve the current build (building it first if there is none)."""
    from loaders.pipeline.store import current_build
    from service.run import serve

    settings = _settings()
    if current_build(settings.build_dir) is None:
        run_build(settings.build_dir, settings.base_iri)
    serve(settings)


@app.command("export")
def export_command(
    out: Annotated[Path, typer.Argument(help="Folder to write: empty, or an earlier export.")],
    public_base_url: Annotated[
        str | None, typer.Option(help="URL the files will be served at (links inside).")
    ] = None,
    listen: Annotated[str, typer.Option(help="nginx `listen` in the written config.")] = (
        "127.0.0.1:8080"
    ),
) -> None:
    """Write the current build as static files plus an nginx configuration (no SPARQL)."""
    from service.export.run import ExportError, export

    settings = _settings()
    if public_base_url is not None:
        settings = settings.model_copy(update={"public_base_url": public_base_url})
    try:
        summary = export(settings, out, listen)
    except (MigrakgError, ExportError) as exc:
        console.print(f"[bold red]export failed[/]: {exc}", markup=True, highlight=False)
        raise typer.Exit(1) from exc
    sys.stdout.write(summary.to_text())


@app.command("report")
def report_command() -> None:
    """Print the report of the current build."""
    from loaders.pipeline.store import current_build

    current = current_build(_settings().build_dir)
    if current is None:
        console.print("no build yet: run `migrakg build`")
        raise typer.Exit(1)
    sys.stdout.write((current / "report.txt").read_text("utf-8"))

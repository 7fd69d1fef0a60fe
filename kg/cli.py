"""The ``kg`` command: parse options, call one library function, print what it returns."""

from __future__ import annotations

import dataclasses
import functools
import inspect
import json
import os
import sys
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.models import OptionInfo

from kg._interrupt import INTERRUPTED_STATUS
from kg._interrupt import ignore as ignore_interrupts
from kg._interrupt import restore as restore_interrupt_handler
from kg.errors import KgError, QueryTimeout
from kg.graph.formats import FORMATS as GRAPH_FORMATS
from kg.graph.rdf import read_graph
from kg.graph.stats import graph_stats
from kg.paths import DEFAULT_OUTPUT
from kg.sparql.queries import check_read_only, find_query, list_queries, parse_params, run_query
from kg.sparql.results import FORMATS, check_format, format_result
from kg.sparql.targets import PASSWORD_ENV, Target, load_graph, open_target

if TYPE_CHECKING:
    from kg.builder import BuildReport
    from kg.runner import Progress
    from kg.sparql.backend import LoadReport

# Each command imports what only it needs (the build spaCy, validate pyshacl, a server
# httpx) when it runs, so that `kg query` starts in a fraction of a second.

ERROR_STATUS = 1
USAGE_STATUS = 2
TIMEOUT_STATUS = 3
INTERNAL_STATUS = 70
EXIT_STATUSES = {
    0: "success",
    ERROR_STATUS: "an error in the input, a graph, a query, a store or a server",
    USAGE_STATUS: "a usage error (unknown option, bad value); kg validate: could not check",
    TIMEOUT_STATUS: "a query or a request ran out of time (--timeout)",
    INTERNAL_STATUS: "an internal error, a bug in kg (--debug shows the traceback)",
    INTERRUPTED_STATUS: "interrupted (Ctrl-C)",
}
"""Every exit status kg uses; the README lists the same."""

app = typer.Typer(
    name="kg",
    help="Build an RDF knowledge graph from news articles and query it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _debug_from_env() -> bool:
    return os.environ.get("KG_DEBUG", "") not in {"", "0"}


_debug = _debug_from_env()


@app.callback()
def _global_options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback of any error.")
    ] = False,
) -> None:
    """Build an RDF knowledge graph from news articles and query it."""
    global _debug
    _debug = _debug or debug


def _warn(message: str) -> None:
    typer.echo(f"kg: warning: {message}", err=True)


@contextmanager
def _reported(status: int = ERROR_STATUS) -> Iterator[None]:
    """Turn a library error into its message on stderr and exit ``status`` (with
    --debug, the traceback too)."""
    try:
        yield
    except KgError:
        if _debug:
            raise
        with _one_line(status):
            raise


@contextmanager
def _one_line(status: int) -> Iterator[None]:
    try:
        yield
    except QueryTimeout as exc:
        typer.echo(f"kg: timeout: {_flat(exc)}", err=True)
        raise typer.Exit(TIMEOUT_STATUS) from None
    except KgError as exc:
        typer.echo(f"kg: error: {_flat(exc)}", err=True)
        raise typer.Exit(status) from None


def _flat(message: object) -> str:
    """An error message on one line, however many a parser's message had."""
    return " ".join(str(message).split())


def _summary(report: BuildReport) -> str:
    if report.up_to_date:
        return (
            f"{report.output} is up to date: its {report.documents} documents and the "
            "options are unchanged (--no-cache rebuilds it)"
        )
    types = ", ".join(f"{name} {count}" for name, count in report.entities_by_type.items())
    total = sum(report.entities_by_type.values())
    return "\n".join(
        [
            f"documents: {report.documents}",
            f"entities:  {total} ({types})",
            f"facts:     {report.facts}",
            f"events:    {report.events}",
            f"triples:   {report.triples}",
            f"seconds:   {report.seconds:.1f}"
            + (f" ({report.cached} documents from the cache)" if report.cached else ""),
            f"shapes:    {'conforms' if report.validation else 'not checked (--no-validate)'}",
            *([_dropped(report.dropped)] if report.dropped else []),
            f"wrote {report.output} ({report.format})",
            *([_loaded(report.load)] if report.load else []),
        ]
    )


def _dropped(dropped: list[str]) -> str:
    """One line on what the ontology refused; with --debug, each fact or link as well."""
    facts = "fact or event link" if len(dropped) == 1 else "facts and event links"
    line = f"dropped {len(dropped)} {facts} that break the ontology"
    if not _debug:
        return line + " (--debug lists them)"
    return "\n".join([line, *(f"  {item}" for item in dropped)])


def _loaded(load: LoadReport) -> str:
    dropped = f", dropped {load.removed} stale graphs" if load.removed else ""
    counts = f"(quads: {load.quads_before} before, {load.quads_after} after)"
    if load.full:
        return f"loaded {load.graphs} graphs into {load.target}{dropped} {counts}"
    return (
        f"updated {load.target}: wrote {load.graphs} new or changed graphs{dropped}, "
        f"left {load.unchanged} unchanged {counts}"
    )


CacheDir = Annotated[
    Path | None,
    typer.Option(help="The cache folder (default: $KG_CACHE_DIR, else ~/.cache/kg)."),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")]

TARGET_OPTIONS: dict[str, OptionInfo] = {
    "store": typer.Option(
        "--store", help="An embedded Oxigraph store folder (created when missing)."
    ),
    "endpoint": typer.Option(
        "--endpoint",
        help="A SPARQL server's base URL; Oxigraph's paths /query, /update, /store are assumed.",
    ),
    "query_url": typer.Option(
        "--query-url", help="The server's SPARQL query URL, if not BASE/query."
    ),
    "update_url": typer.Option(
        "--update-url", help="The server's SPARQL update URL, if not BASE/update."
    ),
    "store_url": typer.Option(
        "--store-url", help="The server's Graph Store Protocol URL, if not BASE/store."
    ),
    "user": typer.Option(
        "--user", help=f"User name for the server; the password is read from ${PASSWORD_ENV}."
    ),
    "password_env": typer.Option(
        "--password-env",
        help="The environment variable holding the password (never put it on the command line).",
    ),
}
"""The options that name a store or a server, the same for every command that has them."""

Command = Callable[..., None]


def target_options(**own: OptionInfo) -> Callable[[Command], Command]:
    """Declare the options that name where a command's SPARQL runs once, for kg query and
    kg load alike (as sqlite-utils shares click option decorators): the command's
    ``target`` parameter becomes TARGET_OPTIONS, plus ``own`` (the options whose wording is
    the command's: ``graph``, ``timeout``), and the command gets their values back as one
    :class:`Target`. A target that names two places is reported like any library error.

    typer reads a command's parameters from ``inspect.signature``, so the wrapper carries
    the signature with the options in it."""
    options = TARGET_OPTIONS | own
    hints = typing.get_type_hints(Target)
    fields = [f for f in dataclasses.fields(Target) if f.name in options]
    declared = [
        inspect.Parameter(
            f.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=f.default,
            annotation=Annotated[hints[f.name], options[f.name]],
        )
        for f in fields
    ]

    def decorate(command: Command) -> Command:
        signature = inspect.signature(command, eval_str=True)
        parameters: list[inspect.Parameter] = []
        for parameter in signature.parameters.values():
            if parameter.name == "target":
                parameters += declared
            else:  # keyword-only: typer passes every value by name
                parameters.append(parameter.replace(kind=inspect.Parameter.KEYWORD_ONLY))

        @functools.wraps(command)
        def run(**values: Any) -> None:
            chosen = {f.name: values.pop(f.name) for f in fields}
            with _reported():
                target = Target(**chosen)
            command(target=target, **values)

        run.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in parameters} | {"return": None}
        return run

    return decorate


@app.command("build", epilog="Example: kg build seeds/ -o out/graph.trig --store out/store")
@target_options()
def build_cli(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Text or HTML files, or folders of them; the bundled seeds when left out."
        ),
    ] = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the graph.")
    ] = DEFAULT_OUTPUT,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=f"One of {', '.join(GRAPH_FORMATS)}; by default the one the output's suffix "
            "names (.ttl .trig .nt .nq .jsonld).",
        ),
    ] = None,
    validate: Annotated[
        bool,
        typer.Option(
            "--validate/--no-validate",
            help="Check the graph against ontology/shapes.ttl and refuse to write it if it "
            "does not conform.",
        ),
    ] = True,
    reproducible: Annotated[
        bool,
        typer.Option(
            help="Pin the build's start and end times (to $SOURCE_DATE_EPOCH, else 1970), "
            "so the same input gives byte-identical output.",
        ),
    ] = False,
    model: Annotated[
        str | None,
        typer.Option(
            help="spaCy model package or path "
            "(default: $KG_SPACY_MODEL, else the first installed English model)."
        ),
    ] = None,
    *,
    target: Target,
    full_load: Annotated[
        bool,
        typer.Option(
            help="With --store or --endpoint: replace every graph there, not only those "
            "that changed."
        ),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            help="Stop at any input that cannot be used (empty, binary, undecodable) "
            "instead of skipping it with a warning."
        ),
    ] = False,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Processes for the per-document stage (each loads the model).",
        ),
    ] = 1,
    engine: Annotated[
        str,
        typer.Option(
            help="Where the per-document stage runs: local (processes on this machine) or "
            "dask (a Dask cluster: a local one with --jobs workers, or --scheduler)."
        ),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(help="With --engine dask: a running scheduler, e.g. tcp://10.0.0.5:8786."),
    ] = None,
    cache: Annotated[
        bool,
        typer.Option(
            "--cache/--no-cache",
            help="Reuse the findings of documents parsed before (and skip a build with "
            "nothing new); --no-cache parses everything.",
        ),
    ] = True,
    cache_dir: CacheDir = None,
    quiet: Quiet = False,
) -> None:
    """Build the graph from articles, validate it and write it (Turtle by default)."""
    from kg.builder import BuildOptions, build

    with _reported(), _progress_bar(quiet) as progress:
        options = BuildOptions(
            model=model,
            fmt=fmt,
            validate=validate,
            reproducible=reproducible,
            strict=strict,
            jobs=jobs,
            engine=engine,
            scheduler=scheduler,
            cache=cache,
            cache_dir=cache_dir,
            target=target,
            full_load=full_load,
        )
        report = build(paths or [], output, options, progress=progress)
    _report_build(report, quiet)


def _report_build(report: BuildReport, quiet: bool) -> None:
    for skipped in report.skipped:
        _warn(f"{skipped}; skipped")
    for note in report.notes:
        _warn(note)
    if report.load is not None and report.load.reason:
        _warn(f"{report.load.target}: {report.load.reason}")
    if not quiet:
        typer.echo(_summary(report))


@app.command("remove", epilog="Example: kg remove articles/retracted.txt --store out/store")
@target_options()
def remove_cli(
    documents: Annotated[
        list[str],
        typer.Argument(help="Documents to remove: a file's path or name, a document id or IRI."),
    ],
    target: Target,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="The graph to remove them from (kg build's output)."),
    ] = DEFAULT_OUTPUT,
    cache_dir: CacheDir = None,
    quiet: Quiet = False,
) -> None:
    """Remove documents from a built graph, and from a store or server with --store or
    --endpoint: whatever only they supported goes, what other documents support stays."""
    from kg.builder import BuildOptions, remove

    with _reported(), _progress_bar(quiet) as progress:
        options = BuildOptions(cache_dir=cache_dir, target=target)
        report = remove(documents, output, options, progress=progress)
    _report_build(report, quiet)


@contextmanager
def _progress_bar(quiet: bool) -> Iterator[Progress | None]:
    """A bar on stderr for builds that take more than two seconds, when stderr is a
    terminal and --quiet is not given."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    with tqdm(unit=" documents", delay=2, file=sys.stderr, leave=False) as bar:
        yield bar.update


cache_app = typer.Typer(help="The extraction cache (see kg build --cache).", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("clear", epilog="Example: kg cache clear")
def cache_clear_cli(
    cache_dir: CacheDir = None,
) -> None:
    """Remove every cached extraction and build record."""
    from kg.cache import clear_cache

    folder, count = clear_cache(cache_dir)
    typer.echo(f"removed {count} files from {folder}")


@app.command("queries", epilog="Example: kg queries")
def queries_cli() -> None:
    """List the canned queries with their titles and parameters."""
    with _reported():
        for query in list_queries():
            typer.echo(f"{query.name:<14} {query.title}")
            if query.description:
                typer.echo(f"{'':<14} {query.description}")
            for param in query.params:
                need = "required" if param.required else "optional"
                typer.echo(f"{'':<14} --param {param.name}=VALUE  ({need}) {param.description}")


@app.command(
    "query",
    epilog="Example: kg query people --param role=cosmonaut --format csv --store out/store",
)
@target_options(
    graph=typer.Option(
        "--graph", "-g", help=f"The graph file to query (default {DEFAULT_OUTPUT})."
    ),
    timeout=typer.Option(
        help=f"Give up after this many seconds (exit status {TIMEOUT_STATUS}).", min=0.001
    ),
)
def query_cli(
    name: Annotated[
        str, typer.Argument(help="A canned query name (see `kg queries`) or a .rq file.")
    ],
    target: Target,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="A query parameter as name=value; repeat for more."),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help=f"Output format: {', '.join(FORMATS)} "
            "(csv and json are the SPARQL 1.1 results formats).",
        ),
    ] = "table",
    allow_service: Annotated[
        bool, typer.Option(help="Let the query call remote SERVICE endpoints.")
    ] = False,
) -> None:
    """Run a read-only SPARQL query (canned, or a .rq file) on a graph file, the embedded
    store or a SPARQL server."""
    with _reported():
        query = find_query(name)
        values = parse_params(param or [])
        check_format(fmt)
        check_read_only(query, allow_service)
        with open_target(target) as backend:
            result = run_query(
                query,
                backend,
                values,
                timeout=target.query_timeout,
                allow_service=allow_service,
            )
        text = format_result(result, fmt)
    typer.echo(text, nl=not text.endswith("\n"))


@app.command(
    "load",
    epilog="Example: kg load out/graph.ttl --store out/store",
)
@target_options(
    timeout=typer.Option(
        help=f"Give up on a request after this many seconds (exit status {TIMEOUT_STATUS}).",
        min=0.001,
    ),
)
def load_cli(
    graph: Annotated[
        Path, typer.Argument(help="The graph file to load (any format kg writes).")
    ] = DEFAULT_OUTPUT,
    *,
    target: Target,
    full: Annotated[
        bool, typer.Option(help="Replace every graph, not only those that changed.")
    ] = False,
) -> None:
    """Load a graph into the embedded store (default out/store) or a SPARQL server,
    replacing the data an earlier load put there: one named graph per document, plus the
    entity graph. A store kg keeps gets only the graphs that changed."""
    with _reported():
        report = load_graph(graph, target, full=full)
    if report.reason:
        _warn(f"{report.target}: {report.reason}")
    typer.echo(_loaded(report))


@app.command("stats", epilog="Example: kg stats out/graph.ttl")
def stats_cli(
    graph: Annotated[Path, typer.Argument(help="The graph file.")] = DEFAULT_OUTPUT,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Count the documents, entities, facts and events in a graph."""
    with _reported():
        stats = graph_stats(read_graph(graph))
    if as_json:
        typer.echo(json.dumps(asdict(stats), indent=2))
        return
    typer.echo(f"triples:   {stats.triples}")
    typer.echo(f"documents: {stats.documents}")
    for title, counts in (
        ("entities", stats.entities),
        ("facts", stats.facts),
        ("events", stats.events),
    ):
        listed = ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"
        typer.echo(f"{title + ':':<10} {sum(counts.values())} ({listed})")


@app.command(
    "eval",
    epilog="Example: kg eval out/graph.ttl --gold tests/data/seeds-gold.json --min-entity-f1 0.95",
)
def eval_cli(
    graph: Annotated[Path, typer.Argument(help="The graph file to score.")],
    gold: Annotated[
        list[Path],
        typer.Option(
            "--gold",
            help="The gold annotation (JSON); repeat it to score against several as one.",
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    min_entity_f1: Annotated[
        float | None, typer.Option(help="Exit 1 if entity F1 is lower.")
    ] = None,
    min_fact_f1: Annotated[float | None, typer.Option(help="Exit 1 if fact F1 is lower.")] = None,
    min_event_recall: Annotated[
        float | None, typer.Option(help="Exit 1 if event recall is lower.")
    ] = None,
    min_attribute_accuracy: Annotated[
        float | None, typer.Option(help="Exit 1 if event attribute accuracy is lower.")
    ] = None,
) -> None:
    """Score a graph against a gold annotation: entity and fact F1, event recall.

    With --min-* targets it says whether they are met, and exits 1 when one is not.
    """
    from kg.evaluate import Targets, evaluate_file, format_report

    targets = Targets(min_entity_f1, min_fact_f1, min_event_recall, min_attribute_accuracy)
    with _reported():
        report = evaluate_file(graph, gold)
    typer.echo(json.dumps(report.as_dict(), indent=2) if as_json else format_report(report))
    if targets:
        shortfalls = targets.shortfalls(report)
        if shortfalls:
            typer.echo(f"targets not met: {'; '.join(shortfalls)}", err=True)
            raise typer.Exit(1)
        typer.echo("targets met", err=as_json)


@app.command("validate", epilog="Example: kg validate out/graph.ttl")
def validate_cli(
    graph: Annotated[Path, typer.Argument(help="The graph file (any format kg writes).")],
) -> None:
    """Check a graph against ontology/shapes.ttl and list every violation.

    Exit status: 0 it conforms, 1 it does not, 2 it could not be checked.
    """
    from kg.graph.validate import validate_file

    with _reported(status=2):
        report = validate_file(graph)
    typer.echo("\n".join(report.lines()))
    if not report.conforms:
        raise typer.Exit(1)


@app.command(
    "viz",
    epilog="Example: kg viz out/graph.ttl -o out/crew.html --focus 'Soyuz MS-18' --depth 2",
)
def viz_cli(
    graph: Annotated[Path, typer.Argument(help="The graph file to draw.")] = DEFAULT_OUTPUT,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="The picture: .html (interactive), .png or .svg."),
    ] = Path("out/graph.html"),
    focus: Annotated[
        str | None,
        typer.Option(help="Draw only the neighbourhood of the entity with this name."),
    ] = None,
    depth: Annotated[int, typer.Option(help="How many steps around --focus.", min=0)] = 1,
    types: Annotated[
        str | None,
        typer.Option(help="Only nodes of these classes, comma-separated: Person,Spacecraft"),
    ] = None,
    timeline: Annotated[
        bool, typer.Option(help="Draw the events on a date axis instead (.png or .svg).")
    ] = False,
    events: Annotated[
        bool, typer.Option("--events/--no-events", help="Draw events as nodes.")
    ] = True,
    hide_unlinked: Annotated[
        bool, typer.Option(help="Leave out entities that no fact or event links.")
    ] = False,
    title: Annotated[str | None, typer.Option(help="The picture's title.")] = None,
) -> None:
    """Draw the graph: an interactive HTML page, a PNG or SVG picture, or a timeline."""
    from kg.viz.pictures import write_viz  # matplotlib and pyvis load only for this command

    with _reported():
        report = write_viz(
            graph,
            output,
            focus=focus,
            depth=depth,
            types=types.split(",") if types else None,
            timeline=timeline,
            include_events=events,
            hide_unlinked=hide_unlinked,
            title=title,
        )
    typer.echo(f"wrote {report.output} ({report.nodes} nodes, {report.edges} edges)")


def _kind(exc: BaseException, name: str) -> bool:
    """Whether ``exc`` is click's exception ``name`` (typer ships its own copy of click, so
    the class is matched by name)."""
    return any(cls.__name__ == name for cls in type(exc).__mro__)


def _exit_status(exc: Exception) -> int:
    """Print one line for an exception that reached the top, and say the exit status."""
    if _kind(exc, "NoArgsIsHelpError"):  # plain `kg`: the help
        typer.echo(exc.format_message())  # type: ignore[attr-defined]
        return 0
    if _kind(exc, "UsageError"):
        ctx = getattr(exc, "ctx", None)
        where = ctx.command_path if ctx is not None else "kg"
        message = _flat(exc.format_message())  # type: ignore[attr-defined]
        typer.echo(f"kg: usage error: {message} (see {where} --help)", err=True)
        return USAGE_STATUS
    if _kind(exc, "Abort"):
        typer.echo("kg: interrupted", err=True)
        return INTERRUPTED_STATUS
    if _kind(exc, "ClickException"):
        message = _flat(exc.format_message())  # type: ignore[attr-defined]
        typer.echo(f"kg: error: {message}", err=True)
        return int(getattr(exc, "exit_code", ERROR_STATUS))
    if _debug:
        raise exc
    detail = _flat(exc)[:300]
    typer.echo(
        f"kg: internal error: {type(exc).__name__}: {detail} "
        "(a bug in kg; rerun with --debug for the traceback)",
        err=True,
    )
    return INTERNAL_STATUS


def main(argv: list[str] | None = None) -> None:
    """Run the CLI: every failure ends in one line on stderr and a status from
    EXIT_STATUSES; a traceback only with --debug (or KG_DEBUG=1).

    Ctrl-C reaches here in one of three shapes, and each prints the one line "kg:
    interrupted" with status 130: typer turns a KeyboardInterrupt inside a command into a
    silent ``Exit(130)``, which ``app()`` returns as 130 when not standalone (nothing of
    kg's returns 130 otherwise); click's ``Abort`` (see _exit_status); or the
    KeyboardInterrupt itself, when it comes outside a command."""
    global _debug
    restore_interrupt_handler()  # from here on Ctrl-C is a KeyboardInterrupt, handled below
    args = sys.argv[1:] if argv is None else argv
    _debug = _debug_from_env() or "--debug" in args
    try:
        result = app(args=args, prog_name="kg", standalone_mode=False)
        status = result if isinstance(result, int) else 0
        if status == INTERRUPTED_STATUS:
            raise KeyboardInterrupt  # typer's silent Exit(130): say so, as below
    except KeyboardInterrupt:
        typer.echo("kg: interrupted", err=True)
        status = INTERRUPTED_STATUS
    except Exception as exc:
        status = _exit_status(exc)
    if argv is None:  # the command itself: its work is done and its status decided, so a
        ignore_interrupts()  # Ctrl-C while Python shuts down changes nothing (and says nothing)
    sys.exit(status)

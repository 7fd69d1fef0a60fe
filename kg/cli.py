"""The ``kg`` command: parse options, call one library function, print what it returns."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from kg.build import DEFAULT_OUTPUT, BuildReport, build
from kg.errors import KgError
from kg.evaluate import Targets, evaluate_file, format_report
from kg.formats import FORMATS as GRAPH_FORMATS
from kg.queries import FORMATS, find_query, format_result, list_queries, parse_params, run_query
from kg.rdf import read_graph
from kg.stats import graph_stats
from kg.validate import validate_file

app = typer.Typer(
    name="kg",
    help="Build an RDF knowledge graph from news articles and query it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@contextmanager
def _reported(status: int = 1) -> Iterator[None]:
    """Turn a library error into its message on stderr and exit ``status``."""
    try:
        yield
    except KgError as exc:
        typer.echo(f"kg: error: {exc}", err=True)
        raise typer.Exit(status) from None


def _summary(report: BuildReport) -> str:
    types = ", ".join(f"{name} {count}" for name, count in report.entities_by_type.items())
    total = sum(report.entities_by_type.values())
    return "\n".join(
        [
            f"documents: {report.documents}",
            f"entities:  {total} ({types})",
            f"facts:     {report.facts}",
            f"events:    {report.events}",
            f"triples:   {report.triples}",
            f"seconds:   {report.seconds:.1f}",
            f"shapes:    {'conforms' if report.validation else 'not checked (--no-validate)'}",
            f"wrote {report.output} ({report.format})",
        ]
    )


@app.command("build", epilog="Example: kg build seeds/ -o out/graph.trig --reproducible")
def build_cli(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Text files or folders of .txt files; the bundled seeds when left out."
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
) -> None:
    """Build the graph from articles, validate it and write it (Turtle by default)."""
    with _reported():
        report = build(paths or [], output, model, fmt, validate, reproducible)
    typer.echo(_summary(report))


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
    epilog="Example: kg query people --param role=cosmonaut --format csv",
)
def query_cli(
    name: Annotated[
        str, typer.Argument(help="A canned query name (see `kg queries`) or a .rq file.")
    ],
    graph: Annotated[
        Path, typer.Option("--graph", "-g", help="The graph file to query.")
    ] = DEFAULT_OUTPUT,
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
) -> None:
    """Run a canned SPARQL query (or a .rq file) on a graph."""
    with _reported():
        query = find_query(name)
        values = parse_params(param or [])
        if fmt not in FORMATS:
            raise KgError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        result = run_query(query, read_graph(graph), values)
        text = format_result(result, fmt)
    typer.echo(text, nl=not text.endswith("\n"))


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
    gold: Annotated[Path, typer.Option("--gold", help="The gold annotation (JSON).")],
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
    with _reported(status=2):
        report = validate_file(graph)
    typer.echo("\n".join(report.lines()))
    if not report.conforms:
        raise typer.Exit(1)


def main() -> None:
    app()

"""A graph file is untrusted input: no command that reads one contacts a server it names or
reads another file, and a hostile one (a remote JSON-LD context, 100,000 levels of nesting,
a 100 MB literal) gets one clear line in bounded memory. A real HTTP server on 127.0.0.1
records every request it gets; it must record none."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from kg.cli import ERROR_STATUS, main

DATA = Path(__file__).parent / "data"
KG = Path(sys.executable).parent / "kg"


class _Recorder(BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:  # the name http.server calls
        self.requests.append(self.path)
        body = json.dumps({"@context": {"name": "http://schema.org/name"}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on 127.0.0.1 that answers every GET with a JSON-LD context and keeps
    the path of every request."""
    recorded: list[str] = []
    handler = type("Recorder", (_Recorder,), {"requests": recorded})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", recorded
    finally:
        httpd.shutdown()
        httpd.server_close()


def _kg(*args: str | Path) -> tuple[int, str]:
    try:
        main([str(a) for a in args])
    except SystemExit as exited:
        return int(exited.code or 0), ""
    return 0, ""


def _files(tmp_path: Path, base: str) -> dict[str, Path]:
    """One small graph of a person in every format kg reads, every IRI on the server."""
    person = f"{base}/person/ada"
    kg = "https://w3id.org/kg/ontology#"
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    imports = "http://www.w3.org/2002/07/owl#imports"
    triples = (
        f"<{person}> <{rdf_type}> <{kg}Person> .\n"
        f'<{person}> <{label}> "Ada Vasko" .\n'
        f"<{base}/graph> <{imports}> <{base}/ontology.ttl> .\n"
    )
    files = {
        "ttl": f"@base <{base}/> .\n@prefix ex: <{base}/vocab#> .\n{triples}",
        "trig": f"@base <{base}/> .\n<{base}/g> {{\n{triples}}}\n",
        "nt": triples,
        "nq": triples.replace(" .\n", f" <{base}/g> .\n"),
        "jsonld": json.dumps(
            [
                {
                    "@id": person,
                    "@type": [f"{kg}Person"],
                    label: [{"@value": "Ada Vasko"}],
                    "@context_note": f"{base}/not-a-context",
                }
            ]
        ),
    }
    paths = {}
    for suffix, text in files.items():
        path = tmp_path / f"graph.{suffix}"
        path.write_text(text, encoding="utf-8")
        paths[suffix] = path
    return paths


def _commands(graph: Path, tmp_path: Path) -> list[list[str | Path]]:
    return [
        ["stats", graph],
        ["query", "entity", "--graph", graph, "--param", "name=Ada Vasko"],
        ["eval", graph, "--gold", DATA / "seeds-gold.json"],
        ["validate", graph],
        ["viz", graph, "-o", tmp_path / f"{graph.suffix[1:]}.html"],
        ["load", graph, "--store", tmp_path / f"store-{graph.suffix[1:]}"],
    ]


def test_no_reader_of_a_graph_file_contacts_a_server_it_names(
    server: tuple[str, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, recorded = server
    for graph in _files(tmp_path, base).values():
        for command in _commands(graph, tmp_path):
            status, _ = _kg(*command)
            err = capsys.readouterr().err
            assert "Traceback" not in err, (command, err)
            assert status in {0, 1}, (command, status, err)  # 1: eval/validate findings
    assert recorded == []


@pytest.mark.parametrize(
    "context",
    [
        "{base}/context.jsonld",  # a remote context
        ["{base}/context.jsonld", {"name": "http://schema.org/name"}],  # one in a list
        {"@import": "{base}/context.jsonld", "name": "http://schema.org/name"},  # an import
    ],
)
def test_a_remote_json_ld_context_is_refused_in_one_line_by_every_reader(
    server: tuple[str, list[str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    context: object,
) -> None:
    base, recorded = server
    named = json.loads(json.dumps(context).replace("{base}", base))
    graph = tmp_path / "remote.jsonld"
    graph.write_text(json.dumps({"@context": named, "@id": f"{base}/x", "name": "Ada"}))
    for command in _commands(graph, tmp_path):
        status, _ = _kg(*command)
        err = capsys.readouterr().err
        assert status != 0, command
        assert err.count("\n") == 1 and graph.name in err and "@" in err, (command, err)
    assert recorded == []
    assert not (tmp_path / "store-jsonld").exists()  # a refused load makes no store


def _peak_megabytes(command: list[str | Path]) -> tuple[int, str, float]:
    """Run kg in a child of a fresh interpreter: its status, stderr, and peak memory."""
    probe = (
        "import resource, subprocess, sys\n"
        "run = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(run.returncode, peak)\n"
        "sys.stderr.write(run.stderr)\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe, str(KG), *map(str, command)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    status, peak = ran.stdout.split()
    return int(status), ran.stderr, float(peak)


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(
            lambda p: p.with_suffix(".ttl").write_bytes(
                b'<http://a/s> <http://a/p> "' + b"x" * (100 * 1024 * 1024) + b'" .\n'
            ),
            id="100 MB literal",
        ),
        pytest.param(
            lambda p: p.with_suffix(".jsonld").write_bytes(b"[" * 100_000 + b"]" * 100_000),
            id="100,000 levels of JSON-LD",
        ),
    ],
)
def test_a_hostile_graph_file_is_one_line_in_bounded_memory(
    tmp_path: Path, write: Callable[[Path], int]
) -> None:
    write(tmp_path / "hostile")
    graph = next(tmp_path.glob("hostile.*"))
    for command in (["stats", graph], ["load", graph, "--store", tmp_path / "store"]):
        status, err, peak = _peak_megabytes(command)
        assert status == ERROR_STATUS and err.count("\n") == 1, (command, err)
        assert graph.name in err and "Traceback" not in err, (command, err)
        assert peak < 100, f"{command[0]} held {peak:.0f} MB for a {graph.name}"

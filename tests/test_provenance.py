"""Every triple of the seeds graph can be traced to the text of an original file: the
offsets of mentions and evidence slice the file to the very words the graph quotes."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

from rdflib import DCTERMS, PROV, RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.paths import SEEDS_DIR
from kg.sparql.queries import find_query, run_query
from kg.vocab import FACT_PREDICATES, ITSRDF, KG, NIF, kg_term


def _one(graph: Graph, subject: Node, predicate: URIRef) -> Node:
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, f"{subject} {predicate}: {values}"
    return values[0]


def _file_text(graph: Graph, document: Node) -> str:
    """The original file a document node names, checked against its digest."""
    data = (SEEDS_DIR / str(_one(graph, document, KG.fileName))).read_bytes()
    assert str(_one(graph, document, KG.sha256)) == hashlib.sha256(data).hexdigest()
    return data.decode("utf-8")


def _slice(graph: Graph, string: Node) -> tuple[str, int, int, str]:
    """A NIF string's text in its original file, its offsets, and the text the graph quotes."""
    begin = int(_one(graph, string, NIF.beginIndex).toPython())
    end = int(_one(graph, string, NIF.endIndex).toPython())
    text = _file_text(graph, _one(graph, string, NIF.referenceContext))
    return text[begin:end], begin, end, str(_one(graph, string, NIF.anchorOf))


def test_every_fact_has_evidence_that_points_at_its_sentence(seeds_graph: Graph) -> None:
    facts = [
        (s, kg_term(p), o)
        for p in FACT_PREDICATES
        for s, o in seeds_graph.subject_objects(kg_term(p))
    ]
    assert len(facts) > 30
    for s, p, o in facts:
        records = [
            r
            for r in seeds_graph.subjects(RDF.subject, s)
            if (r, RDF.predicate, p) in seeds_graph and (r, RDF.object, o) in seeds_graph
        ]
        assert records, f"no evidence for {s} {p} {o}"
        for record in records:
            assert (record, RDF.type, KG.Evidence) in seeds_graph
            sentence = _one(seeds_graph, record, KG.sentence)
            in_file, begin, end, quoted = _slice(seeds_graph, sentence)
            assert in_file == quoted and begin < end
            assert quoted.strip() == quoted and len(quoted.split()) >= 3, quoted
            assert _one(seeds_graph, record, KG.document) == _one(
                seeds_graph, sentence, NIF.referenceContext
            )
            confidence = _one(seeds_graph, record, KG.confidence)
            assert isinstance(confidence, Literal) and confidence.datatype == XSD.decimal
            assert Decimal(0) <= confidence.toPython() <= Decimal(1)
            assert str(_one(seeds_graph, record, KG.rule))


def test_evidence_sentences_name_what_the_fact_is_about(seeds_graph: Graph) -> None:
    """The sentence behind a fact nearly always holds a mention of its subject or its
    object; the few that do not read one side through a pronoun ("He will accompany ...")
    or a vaguer name ("Russian rocket Soyuz")."""
    records = list(seeds_graph.subjects(RDF.type, KG.Evidence))
    named = 0
    for record in records:
        sentence = _one(seeds_graph, record, KG.sentence)
        begin = int(_one(seeds_graph, sentence, NIF.beginIndex).toPython())
        end = int(_one(seeds_graph, sentence, NIF.endIndex).toPython())
        document = _one(seeds_graph, record, KG.document)
        spans = [
            (
                int(_one(seeds_graph, m, NIF.beginIndex).toPython()),
                int(_one(seeds_graph, m, NIF.endIndex).toPython()),
            )
            for side in (RDF.subject, RDF.object)
            for m in seeds_graph.objects(_one(seeds_graph, record, side), KG.mention)
            if _one(seeds_graph, m, NIF.referenceContext) == document
        ]
        named += any(begin <= b and e <= end for b, e in spans)
    assert named / len(records) >= 0.95, f"{named} of {len(records)}"


def test_every_mention_slices_its_file_to_its_text(seeds_graph: Graph) -> None:
    mentions = set(seeds_graph.subjects(RDF.type, NIF.Phrase))
    assert len(mentions) > 100
    for mention in mentions:
        in_file, begin, end, quoted = _slice(seeds_graph, mention)
        assert in_file == quoted, mention
        entity = _one(seeds_graph, mention, ITSRDF.taIdentRef)
        assert (entity, KG.mention, mention) in seeds_graph
        sentence = _one(seeds_graph, mention, NIF.sentence)
        in_sentence, s_begin, s_end, _ = _slice(seeds_graph, sentence)
        assert s_begin <= begin and end <= s_end and quoted in in_sentence


def test_documents_and_the_build(seeds_graph: Graph) -> None:
    documents = set(seeds_graph.subjects(RDF.type, KG.Document))
    assert len(documents) == len(list(SEEDS_DIR.glob("*.txt")))
    for document in documents:
        text = _file_text(seeds_graph, document)
        assert int(_one(seeds_graph, document, NIF.endIndex).toPython()) == len(text)
    titles = {str(t) for t in seeds_graph.objects(None, DCTERMS.title)}
    assert "Russian Crew to Film First Movie in Space" in titles
    assert Literal("2021-09-20", datatype=XSD.date) in set(
        seeds_graph.objects(None, DCTERMS.issued)
    )

    build = _one_subject(seeds_graph, RDF.type, PROV.Activity)
    for predicate in (PROV.startedAtTime, PROV.endedAtTime):
        assert _one(seeds_graph, build, predicate).datatype == XSD.dateTime  # type: ignore[attr-defined]
    assert documents <= set(seeds_graph.objects(build, PROV.used))
    software = _one(seeds_graph, build, PROV.wasAssociatedWith)
    assert (software, RDF.type, PROV.SoftwareAgent) in seeds_graph
    models = [m for m in seeds_graph.objects(build, PROV.used) if m not in documents]
    assert len(models) == 1
    assert str(_one(seeds_graph, models[0], URIRef("https://schema.org/name"))).startswith(
        "en_core_web"
    )
    assert str(_one(seeds_graph, models[0], URIRef("https://schema.org/version"))) == "3.8.0"
    for entity in seeds_graph.subjects(RDF.type, KG.Person):
        assert (entity, PROV.wasGeneratedBy, build) in seeds_graph


def _one_subject(graph: Graph, predicate: URIRef, obj: Node) -> Node:
    subjects = list(graph.subjects(predicate, obj))
    assert len(subjects) == 1, subjects
    return subjects[0]


def test_no_blank_nodes(seeds_graph: Graph) -> None:
    assert not [t for t in seeds_graph if any(isinstance(n, BNode) for n in t)]


def test_evidence_query_returns_the_sentence_behind_a_crew_fact(seeds_graph_path: Path) -> None:
    from kg.graph.rdf import read_graph

    result = run_query(
        find_query("evidence"),
        read_graph(seeds_graph_path),
        {"subject": "Yulia Peresild", "predicate": "crewMemberOf"},
    )
    rows = [dict(zip(result.variables, row, strict=True)) for row in result.rows]
    [row] = [r for r in rows if str(r["object"]) == "Soyuz MS-19"]
    assert int(row["sentences"]) >= 2, "several sentences state the crew fact"  # type: ignore[call-overload]
    text = (SEEDS_DIR / str(row["fileName"])).read_text(encoding="utf-8")
    assert text[int(row["begin"]) : int(row["end"])] == str(row["sentence"])  # type: ignore[call-overload]
    assert "Peres" in str(row["sentence"])
    assert str(row["rule"]) and 0 <= float(row["confidence"]) <= 1  # type: ignore[arg-type]
    assert {str(r["property"]) for r in rows} == {"crewMemberOf"}

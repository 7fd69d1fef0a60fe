"""The global pass's output: entities, statements, events and documents as RDF statements,
written as N-Triples text, one graph at a time.

The text is made directly (no rdflib or pyoxigraph term objects): terms are minted by
kg.graph.rdf and escaped here as N-Triples requires, which is what makes a build's RDF cost
little beside the parse. The graph is cut as kg.graph.rdf.graph_names says: the default graph
holds the class hierarchy, the build, the entities, facts and events; each document's
graph holds its NIF context, its sentences and mentions, the links from entities and
events to them, and the evidence records read from it. Each graph's statements come
out deduplicated and sorted by their text, graphs in the order of their names, so the
output depends on nothing but the input, and a graph of any size is written document by
document without holding the whole of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from urllib.parse import quote

from rdflib import DCTERMS, PROV, RDF, RDFS, SDO, SKOS, XSD, Dataset, URIRef

from kg.graph.iris import (
    distinct_iris,
    document_graph,
    document_iri,
    event_iri,
    event_order,
    mint_iris,
    string_iri,
)
from kg.graph.rdf import new_dataset, superclasses, types_of
from kg.records import BuildInfo, Entity, Event, EventNode, Extraction, Fact, Mention, Statement
from kg.vocab import ITSRDF, KG, NIF, RES, kg_term

Triple = str
"""One statement as N-Triples text, without the final " .": ``<s> <p> <o>``."""

_UNPAIRED_SURROGATE = re.compile("[\ud800-\udfff]")
_DISALLOWED_IN_LITERALS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_ESCAPES: dict[int, str] = {
    ord("\\"): "\\\\",
    ord('"'): '\\"',
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
    ord("\b"): "\\b",
    ord("\f"): "\\f",
}
_ESCAPES.update({c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F] if c not in _ESCAPES})


def _iri(iri: str) -> str:
    return f"<{iri}>"


def text_literal(text: str) -> str:
    """A plain literal any RDF parser accepts: unpaired surrogates and the control
    characters XML-based tools choke on become U+FFFD."""
    if _DISALLOWED_IN_LITERALS.search(text) or _UNPAIRED_SURROGATE.search(text):
        text = _DISALLOWED_IN_LITERALS.sub("\ufffd", _UNPAIRED_SURROGATE.sub("\ufffd", text))
    return f'"{text.translate(_ESCAPES)}"'


def _typed(lexical: str, datatype: str) -> str:
    return f'"{lexical}"^^<{datatype}>'


def _integer(value: int) -> str:
    return _typed(str(value), _XSD_INTEGER)


def _date(value: dt.date) -> str:
    return _typed(value.isoformat(), _XSD_DATE)


def confidence_literal(confidence: float) -> str:
    """A confidence as an xsd:decimal of two places at most, in canonical form ("0.7"),
    so that every store gives back the lexical form the file holds. It is kept within
    0.01 to 0.99: no rule is certain, and whole numbers have two written forms (rdflib's
    Turtle writer turns "1" into "1.0", Oxigraph turns "1.0" into "1")."""
    value = Decimal(f"{min(max(confidence, 0.01), 0.99):.2f}").normalize()
    return _typed(format(value, "f"), _XSD_DECIMAL)


_XSD_INTEGER, _XSD_DATE, _XSD_DECIMAL = str(XSD.integer), str(XSD.date), str(XSD.decimal)
_A = _iri(RDF.type)
_LABEL, _SUBCLASS = _iri(RDFS.label), _iri(RDFS.subClassOf)
_ALT_LABEL = _iri(SKOS.altLabel)
_BEGIN, _END, _ANCHOR = _iri(NIF.beginIndex), _iri(NIF.endIndex), _iri(NIF.anchorOf)
_CONTEXT, _IS_STRING, _IN_SENTENCE = (
    _iri(NIF.referenceContext), _iri(NIF.isString), _iri(NIF.sentence),
)  # fmt: skip
_PHRASE, _SENTENCE, _NIF_CONTEXT = _iri(NIF.Phrase), _iri(NIF.Sentence), _iri(NIF.Context)
_IDENT_REF = _iri(ITSRDF.taIdentRef)
_DOCUMENT, _EVIDENCE = _iri(KG.Document), _iri(KG.Evidence)
_FILE_NAME, _SHA256 = _iri(KG.fileName), _iri(KG.sha256)
_MENTION, _MENTIONED_IN = _iri(KG.mention), _iri(KG.mentionedIn)
_KG_SENTENCE, _KG_DOCUMENT = _iri(KG.sentence), _iri(KG.document)
_RULE, _CONFIDENCE = _iri(KG.rule), _iri(KG.confidence)
_STATEMENT = _iri(RDF.Statement)
_SUBJECT, _PREDICATE, _OBJECT = _iri(RDF.subject), _iri(RDF.predicate), _iri(RDF.object)
_TITLE, _ISSUED = _iri(DCTERMS.title), _iri(DCTERMS.issued)
_GENERATED_BY, _DERIVED_FROM, _USED = (
    _iri(PROV.wasGeneratedBy), _iri(PROV.wasDerivedFrom), _iri(PROV.used),
)  # fmt: skip
_ROLES = (KG.vehicle, KG.work, KG.location, KG.mission)


def _digest(*parts: object) -> str:
    text = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


class Assembly:
    """The graph of a build, made on demand graph by graph from the global pass's results.

    It holds only references to the records (and indexes from each document to the
    mentions, evidence and event sources it holds); a document's statements are made when
    asked for.
    """

    def __init__(
        self,
        extractions: Iterable[Extraction],
        entities: Iterable[Entity],
        statements: Iterable[Statement],
        events: Iterable[EventNode],
        info: BuildInfo,
    ) -> None:
        # graphs in the order of their N-Quads text ("<name>"), as kg.graph.formats sorts them
        self.extractions = sorted(extractions, key=lambda x: f"<{document_graph(x.document.id)}>")
        self.entities = list(entities)
        self.statements = list(statements)
        self.events = list(events)
        self.info = info
        self._texts = {x.document.id: x.document.text for x in self.extractions}
        self._iris = mint_iris(self.entities)
        self._build = _build_iri(self.extractions, info)
        event_iris = distinct_iris(self.events, lambda e: event_iri(e, self._iris), event_order)
        self._event_iris = {id(e): iri for e, iri in event_iris.items()}
        self._mentions: dict[str, list[tuple[Mention, str]]] = {}
        for entity in self.entities:
            node = _iri(self._iris[entity])
            for mention in entity.mentions:
                self._mentions.setdefault(mention.doc_id, []).append((mention, node))
        self._evidence: dict[str, list[tuple[Fact, Statement]]] = {}
        for statement in self.statements:
            for fact in _best_sources(statement):
                self._evidence.setdefault(fact.doc_id, []).append((fact, statement))
        self._sources: dict[str, list[tuple[Event, EventNode]]] = {}
        for event in self.events:
            for source in event.sources:
                self._sources.setdefault(source.doc_id, []).append((source, event))

    # ------------------------------------------------------------------ graphs

    def graphs(self) -> Iterator[tuple[str | None, list[Triple]]]:
        """Each graph's name (None for the default graph) and sorted statements: the
        default graph first, then each document's graph in the order of its name."""
        yield None, self.default_graph()
        for extraction in self.extractions:
            yield str(document_graph(extraction.document.id)), self.document_graph(extraction)

    def default_graph(self) -> list[Triple]:
        """The corpus-level statements: classes, the build, entities, facts and events."""
        triples: set[Triple] = set()
        triples.update(_hierarchy())
        triples.update(self._build_activity())
        build = _iri(self._build)
        triples.update(
            f"{build} {_USED} {_iri(document_iri(x.document.id))}" for x in self.extractions
        )
        for entity in self.entities:
            triples.update(self._entity(entity))
        for statement in self.statements:
            triples.add(self._fact(statement)[3])
        for event in self.events:
            triples.update(self._event(event))
        return sorted(triples)

    def document_graph(self, extraction: Extraction) -> list[Triple]:
        """One document's statements (see the module's docstring)."""
        doc_id = extraction.document.id
        triples = set(self._document(extraction))
        for mention, entity in self._mentions.get(doc_id, ()):
            triples.update(self._mention(mention, entity))
        for fact, statement in self._evidence.get(doc_id, ()):
            triples.update(self._evidence_record(fact, statement))
        for source, event in self._sources.get(doc_id, ()):
            triples.update(self._event_source(source, event))
        return sorted(triples)

    def focus_graph(self) -> list[Triple]:
        """What a build checks against the shapes when the graph is too large to check
        whole: the default graph, and for every entity its first mention, for every fact
        its first evidence record, for every event its first source sentence, each with
        the statements of the document node it points into. It grows with the number of
        entities, facts and events, not with the text."""
        triples = set(self.default_graph())
        documents = {x.document.id: x for x in self.extractions}
        used: set[str] = set()
        for entity in self.entities:
            if entity.mentions:
                mention = min(entity.mentions, key=lambda m: (m.doc_id, m.start, m.end))
                triples.update(self._mention(mention, _iri(self._iris[entity])))
                used.add(mention.doc_id)
        for statement in self.statements:
            sources = _best_sources(statement)
            if sources:
                fact = min(sources, key=lambda f: (f.doc_id, f.sentence, f.rule))
                triples.update(self._evidence_record(fact, statement))
                used.add(fact.doc_id)
        for event in self.events:
            if event.sources:
                source = min(event.sources, key=lambda e: (e.doc_id, e.sentence))
                triples.update(self._event_source(source, event))
                used.add(source.doc_id)
        for doc_id in sorted(used & documents.keys()):
            triples.update(self._document(documents[doc_id]))
        return sorted(triples)

    # ------------------------------------------------------------------ statements

    def _build_activity(self) -> Iterator[Triple]:
        info = self.info
        build = _iri(self._build)
        software = _iri(RES[f"software/kg/{quote(info.software_version, safe='')}"])
        name, version = quote(info.model_name, safe=""), quote(info.model_version, safe="")
        model = _iri(RES[f"model/{name}/{version}"])
        yield f"{build} {_A} {_iri(PROV.Activity)}"
        yield f"{build} {_LABEL} {text_literal(f'kg build of {len(self.extractions)} documents')}"
        yield f"{build} {_iri(PROV.startedAtTime)} {_typed(info.started.isoformat(), XSD.dateTime)}"
        yield f"{build} {_iri(PROV.endedAtTime)} {_typed(info.ended.isoformat(), XSD.dateTime)}"
        yield f"{build} {_iri(PROV.wasAssociatedWith)} {software}"
        yield f"{build} {_USED} {model}"
        yield f"{software} {_A} {_iri(PROV.SoftwareAgent)}"
        yield f"{software} {_LABEL} {text_literal('kg')}"
        yield f"{software} {_iri(SDO.softwareVersion)} {text_literal(info.software_version)}"
        yield f"{model} {_A} {_iri(PROV.Entity)}"
        yield f"{model} {_LABEL} {text_literal(f'spaCy model {info.model_name}')}"
        yield f"{model} {_iri(SDO.name)} {text_literal(info.model_name)}"
        yield f"{model} {_iri(SDO.version)} {text_literal(info.model_version)}"

    def _document(self, extraction: Extraction) -> Iterator[Triple]:
        document = extraction.document
        doc = _iri(document_iri(document.id))
        yield f"{doc} {_A} {_DOCUMENT}"
        yield f"{doc} {_A} {_NIF_CONTEXT}"
        yield f"{doc} {_LABEL} {text_literal(extraction.title or document.name)}"
        yield f"{doc} {_FILE_NAME} {text_literal(document.name)}"
        yield f"{doc} {_SHA256} {text_literal(document.sha256)}"
        yield f"{doc} {_BEGIN} {_integer(0)}"
        yield f"{doc} {_END} {_integer(len(document.text))}"
        if document.source == "html":
            # offsets count characters of the text extracted from the page: carry it
            yield f"{doc} {_IS_STRING} {text_literal(document.text)}"
        if extraction.title:
            yield f"{doc} {_TITLE} {text_literal(extraction.title)}"
        if extraction.published:
            yield f"{doc} {_ISSUED} {_date(extraction.published)}"

    def _string(self, doc_id: str, start: int, end: int, kind: str) -> Iterator[Triple]:
        """A NIF string (a sentence or a phrase) of a document."""
        node = _iri(string_iri(doc_id, start, end))
        yield f"{node} {_A} {kind}"
        yield f"{node} {_BEGIN} {_integer(start)}"
        yield f"{node} {_END} {_integer(end)}"
        yield f"{node} {_ANCHOR} {text_literal(self._texts[doc_id][start:end])}"
        yield f"{node} {_CONTEXT} {_iri(document_iri(doc_id))}"

    def _sentence(self, doc_id: str, span: tuple[int, int]) -> Iterator[Triple]:
        return self._string(doc_id, span[0], span[1], _SENTENCE)

    def _entity(self, entity: Entity) -> Iterator[Triple]:
        node = _iri(self._iris[entity])
        for cls in types_of(entity.type):
            yield f"{node} {_A} {_iri(cls)}"
        yield f"{node} {_LABEL} {text_literal(entity.label)}"
        for alt in entity.alt_labels:
            yield f"{node} {_ALT_LABEL} {text_literal(alt)}"
        yield f"{node} {_GENERATED_BY} {_iri(self._build)}"

    def _mention(self, mention: Mention, entity: str) -> Iterator[Triple]:
        doc_id = mention.doc_id
        phrase = _iri(string_iri(doc_id, mention.start, mention.end))
        yield from self._string(doc_id, mention.start, mention.end, _PHRASE)
        yield f"{phrase} {_IDENT_REF} {entity}"
        yield f"{phrase} {_IN_SENTENCE} {_iri(string_iri(doc_id, *mention.sentence))}"
        yield from self._sentence(doc_id, mention.sentence)
        yield f"{entity} {_MENTION} {phrase}"
        yield f"{entity} {_MENTIONED_IN} {_iri(document_iri(doc_id))}"

    def _fact(self, statement: Statement) -> tuple[str, str, str, Triple]:
        """The fact's subject, predicate and object as the evidence digest spells them, and
        the fact as a statement."""
        subject, predicate = str(self._iris[statement.subject]), str(kg_term(statement.predicate))
        value = statement.object
        if isinstance(value, Entity):
            obj = str(self._iris[value])
            term = _iri(obj)
        elif isinstance(value, str):
            obj, term = value, text_literal(value)
        else:
            obj, term = value.isoformat(), _date(value)
        return subject, predicate, obj, f"{_iri(subject)} {_iri(predicate)} {term}"

    def _evidence_record(self, fact: Fact, statement: Statement) -> Iterator[Triple]:
        subject, predicate, obj, triple = self._fact(statement)
        doc_id = fact.doc_id
        record = _iri(
            RES[f"evidence/{_digest(subject, predicate, obj, doc_id, *fact.sentence, fact.rule)}"]
        )
        yield f"{record} {_A} {_EVIDENCE}"
        yield f"{record} {_A} {_STATEMENT}"
        yield f"{record} {_SUBJECT} {_iri(subject)}"
        yield f"{record} {_PREDICATE} {_iri(predicate)}"
        yield f"{record} {_OBJECT} {triple.split(' ', 2)[2]}"
        yield f"{record} {_KG_SENTENCE} {_iri(string_iri(doc_id, *fact.sentence))}"
        yield f"{record} {_KG_DOCUMENT} {_iri(document_iri(doc_id))}"
        yield f"{record} {_RULE} {text_literal(fact.rule)}"
        yield f"{record} {_CONFIDENCE} {confidence_literal(fact.confidence)}"
        yield from self._sentence(doc_id, fact.sentence)

    def _event(self, event: EventNode) -> Iterator[Triple]:
        node = _iri(self._event_iris[id(event)])
        for cls in types_of(event.type):
            yield f"{node} {_A} {_iri(cls)}"
        anchor = event.vehicle or event.work or event.mission
        assert anchor is not None, "merged events always have a vehicle, a work or a mission"
        yield f"{node} {_LABEL} {text_literal(f'{event.type} of {anchor.label}')}"
        for predicate, value in zip(
            _ROLES, (event.vehicle, event.work, event.location, event.mission), strict=True
        ):
            if value is not None:
                yield f"{node} {_iri(predicate)} {_iri(self._iris[value])}"
        for person in event.participants:
            yield f"{node} {_iri(KG.participant)} {_iri(self._iris[person])}"
        if event.date:
            yield f"{node} {_iri(KG.date)} {_date(event.date)}"
        yield f"{node} {_GENERATED_BY} {_iri(self._build)}"

    def _event_source(self, source: Event, event: EventNode) -> Iterator[Triple]:
        node = _iri(self._event_iris[id(event)])
        yield f"{node} {_MENTIONED_IN} {_iri(document_iri(source.doc_id))}"
        yield f"{node} {_DERIVED_FROM} {_iri(string_iri(source.doc_id, *source.sentence))}"
        yield from self._sentence(source.doc_id, source.sentence)


def _best_sources(statement: Statement) -> list[Fact]:
    """One source per sentence and rule: the most confident reading of it."""
    best: dict[tuple[str, tuple[int, int], str], Fact] = {}
    for fact in statement.sources:
        key = (fact.doc_id, fact.sentence, fact.rule)
        if key not in best or fact.confidence > best[key].confidence:
            best[key] = fact
    return list(best.values())


def _hierarchy() -> Iterator[Triple]:
    """The kg class hierarchy travels with the data, so plain SPARQL can tell the most
    specific class of a node (every superclass is also stated on the node itself)."""
    for cls, supers in superclasses().items():
        for sup in supers:
            if sup != cls:
                yield f"{_iri(cls)} {_SUBCLASS} {_iri(sup)}"


def _build_iri(extractions: Sequence[Extraction], info: BuildInfo) -> URIRef:
    inputs = sorted(x.document.sha256 for x in extractions)
    return RES[
        f"build/{_digest(info.software_version, info.model_name, info.model_version, *inputs)}"
    ]


# ---------------------------------------------------------------------------- text


def nquads(graphs: Iterable[tuple[str | None, Sequence[Triple]]]) -> Iterator[str]:
    """N-Quads text, a graph at a time."""
    for name, triples in graphs:
        end = " .\n" if name is None else f" <{name}> .\n"
        yield "".join(f"{t}{end}" for t in triples)


def ntriples(graphs: Iterable[tuple[str | None, Sequence[Triple]]]) -> Iterator[str]:
    """N-Triples text, a graph at a time (every graph's statements in one graph)."""
    for _, triples in graphs:
        yield "".join(f"{t} .\n" for t in triples)


def build_dataset(
    extractions: Iterable[Extraction],
    entities: Iterable[Entity],
    statements: Iterable[Statement],
    events: Iterable[EventNode],
    info: BuildInfo,
) -> Dataset:
    """The whole graph as an rdflib dataset (for small graphs: tests, notebooks)."""
    assembly = Assembly(extractions, entities, statements, events, info)
    dataset = new_dataset()
    dataset.parse(data="".join(nquads(assembly.graphs())), format="nquads")
    return dataset

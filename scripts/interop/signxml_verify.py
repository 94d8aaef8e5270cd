#!/usr/bin/env python3
"""Verifies an XML signature with signxml, trusting exactly the certificate given.

    signxml_verify.py FILE CERT_PEM [--id-attribute NAME] [--location XPATH]
                      [--expect-references N|any] [--allow-sha1] [--verification-time ISO8601]

Exit status 0 when the signature and every reference verify; then one line per reference is
printed: the Clark name of the element (or "bytes") that reference covers. Exit status 1 with
signxml's reason on stderr otherwise.

How signxml treats WS-Security messages (signxml 5.2):
- Signature location: by default the first ds:Signature anywhere (".//"); pass
  --location "./{http://schemas.xmlsoap.org/soap/envelope/}Header/{...secext-1.0.xsd}Security/"
  to insist on the wsse:Security header.
- "#id" references are resolved with the XPath //*[@*[local-name()=NAME]=$id] for NAME in
  ("Id", "ID", "id", "xml:id") in that order, so wsu:Id (any namespace, local name "Id") is found
  without configuration; --id-attribute replaces the list by one local name (e.g. AssertionID).
  Two elements carrying the value under the same attribute name are refused ("Ambiguous
  reference URI"); an "Id" and an "ID" carrying the same value are not (the "Id" one wins).
- Detached signatures (the ds:Signature in the header, the referenced Body elsewhere) and
  several references per signature work; use --expect-references N (default 1) or "any".
- xpointer references ("#xpointer(id('x'))") are refused; so are external URIs.
- KeyInfo is not interpreted when x509_cert is given: a wsse:SecurityTokenReference (to a BST,
  by issuer/serial or by SKI) does not matter, the given certificate's key is used. The
  certificate's validity period is checked (now, or --verification-time).
- SHA-1 signature and digest methods are refused unless --allow-sha1.
- InclusiveNamespaces with "#default" is mis-canonicalized (lxml drops the token; see
  exc_c14n.py), so such signatures fail here although they are valid.
"""
import argparse
import datetime
import sys

from signxml import DigestAlgorithm, SignatureConfiguration, SignatureMethod, XMLVerifier

from interop_common import EXIT_FAILED, EXIT_USAGE, die, parse_file


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file")
    parser.add_argument("cert_pem")
    parser.add_argument("--id-attribute", metavar="NAME",
                        help="local name of the ID attribute (default: Id, ID, id, xml:id)")
    parser.add_argument("--location", default=".//",
                        help='XPath of the ds:Signature parent (default ".//": anywhere)')
    parser.add_argument("--expect-references", default="1", metavar="N|any")
    parser.add_argument("--allow-sha1", action="store_true",
                        help="accept RSA-SHA1/HMAC-SHA1/ECDSA-SHA1 and SHA-1 digests (legacy tests)")
    parser.add_argument("--verification-time", metavar="ISO8601",
                        help="check the certificate's validity at this time instead of now")
    args = parser.parse_args()

    try:
        with open(args.cert_pem, "r") as f:
            cert = f.read()
    except OSError as error:
        die(EXIT_USAGE, f"cannot read {args.cert_pem}: {error}")

    expect = True if args.expect_references == "any" else int(args.expect_references)
    options = dict(location=args.location, expect_references=expect)
    if args.allow_sha1:
        options["signature_methods"] = frozenset(SignatureMethod)
        options["digest_algorithms"] = frozenset(DigestAlgorithm)
    if args.verification_time:
        options["verification_time"] = datetime.datetime.fromisoformat(args.verification_time)
    root = parse_file(args.file).getroot()
    try:
        results = XMLVerifier().verify(root, x509_cert=cert, id_attribute=args.id_attribute,
                                       expect_config=SignatureConfiguration(**options))
    except Exception as error:  # signxml raises InvalidSignature, InvalidInput, InvalidCertificate...
        die(EXIT_FAILED, f"verification failed: {type(error).__name__}: {error}")
    if not isinstance(results, list):
        results = [results]
    for result in results:
        print(result.signed_xml.tag if result.signed_xml is not None else "bytes")


if __name__ == "__main__":
    main()

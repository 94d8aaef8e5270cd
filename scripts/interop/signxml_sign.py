#!/usr/bin/env python3
"""Signs a document with signxml: an enveloped signature over the whole document
(Reference URI=""), RSA-SHA256, SHA-256 digest, Exclusive C14N 1.0, KeyInfo/X509Data with the
certificate. The signed document goes to stdout.

    signxml_sign.py IN KEY_PEM CERT_PEM
"""
import argparse

from lxml import etree
from signxml import XMLSigner, methods

from interop_common import EXIT_USAGE, die, parse_file, write_bytes

EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input")
    parser.add_argument("key_pem")
    parser.add_argument("cert_pem")
    args = parser.parse_args()
    try:
        with open(args.key_pem, "rb") as f:
            key = f.read()
        with open(args.cert_pem, "rb") as f:
            cert = f.read()
    except OSError as error:
        die(EXIT_USAGE, str(error))
    root = parse_file(args.input).getroot()
    signer = XMLSigner(method=methods.enveloped, signature_algorithm="rsa-sha256",
                       digest_algorithm="sha256", c14n_algorithm=EXC_C14N)
    signed = signer.sign(root, key=key, cert=cert)
    write_bytes(etree.tostring(signed, xml_declaration=False, encoding="UTF-8"))


if __name__ == "__main__":
    main()

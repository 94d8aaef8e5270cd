#!/usr/bin/env python3
"""Signs a SOAP envelope with zeep's WS-Security signature (zeep.wsse.signature, which drives
python-xmlsec, i.e. libxmlsec1) and prints the signed envelope.

    zeep_sign.py IN KEY_PEM CERT_PEM [--digest sha1|sha256] [--keyid bst|issuerserial|ski]

What zeep produces (zeep 4.3):
- a ds:Signature inserted as the first child of wsse:Security (created when missing), with
  exc-c14n for SignedInfo and for each reference; references to soap:Body and, when present,
  to wsu:Timestamp, each by wsu:Id (zeep adds "id-<uuid>" when the element has none);
- --digest sha1 (default, zeep's own default): RSA-SHA1 + SHA-1; sha256: RSA-SHA256 + SHA-256;
- --keyid bst: zeep.wsse.signature.BinarySignature: a wsse:BinarySecurityToken (X509v3, inserted
  after the ds:Signature) and KeyInfo/wsse:SecurityTokenReference/wsse:Reference URI="#id-...";
- --keyid issuerserial (default): zeep.wsse.signature.Signature: KeyInfo/
  wsse:SecurityTokenReference/ds:X509Data with ds:X509IssuerSerial AND ds:X509Certificate;
- --keyid ski: zeep has no SKI form. This script signs as "issuerserial" and then replaces the
  SecurityTokenReference's content with wsse:KeyIdentifier ValueType="...#X509SubjectKeyIdentifier"
  carrying the certificate's SKI (KeyInfo is not covered by the signature, so this is sound).
"""
import argparse
import base64

from cryptography import x509
from lxml import etree
import xmlsec
from zeep.wsse.signature import BinarySignature, Signature

from interop_common import DS, EXIT_USAGE, WSSE, die, parse_file, safe_parser, write_bytes

X509_TOKEN_PROFILE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0"
SOAP_MESSAGE_SECURITY = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0"


def replace_with_ski(envelope, cert_pem):
    cert = x509.load_pem_x509_certificate(cert_pem)
    ski = cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    str_element = envelope.find(f".//{{{DS}}}Signature/{{{DS}}}KeyInfo/{{{WSSE}}}SecurityTokenReference")
    for child in list(str_element):
        str_element.remove(child)
    key_identifier = etree.SubElement(str_element, f"{{{WSSE}}}KeyIdentifier", {
        "ValueType": f"{X509_TOKEN_PROFILE}#X509SubjectKeyIdentifier",
        "EncodingType": f"{SOAP_MESSAGE_SECURITY}#Base64Binary",
    })
    key_identifier.text = base64.b64encode(ski).decode()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input")
    parser.add_argument("key_pem")
    parser.add_argument("cert_pem")
    parser.add_argument("--digest", choices=["sha1", "sha256"], default="sha1")
    parser.add_argument("--keyid", choices=["bst", "issuerserial", "ski"], default="issuerserial")
    args = parser.parse_args()

    methods = {
        "sha1": (xmlsec.Transform.RSA_SHA1, xmlsec.Transform.SHA1),
        "sha256": (xmlsec.Transform.RSA_SHA256, xmlsec.Transform.SHA256),
    }
    signature_method, digest_method = methods[args.digest]
    plugin_class = BinarySignature if args.keyid == "bst" else Signature
    try:
        plugin = plugin_class(args.key_pem, args.cert_pem,
                              signature_method=signature_method, digest_method=digest_method)
        with open(args.cert_pem, "rb") as f:
            cert_pem = f.read()
    except OSError as error:
        die(EXIT_USAGE, str(error))
    envelope = parse_file(args.input).getroot()
    envelope, _ = plugin.apply(envelope, {})
    if args.keyid == "ski":
        # Reparse first: lxml's find() compares names by libxml2 dictionary pointer, and the
        # nodes python-xmlsec made (with its own bundled libxml2) are invisible to it.
        envelope = etree.fromstring(etree.tostring(envelope), safe_parser())
        replace_with_ski(envelope, cert_pem)
    write_bytes(etree.tostring(envelope, encoding="UTF-8", xml_declaration=False))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Checks a standalone signed SAML 2.0 assertion with pysaml2, as a relying party would.

    pysaml2_check.py ASSERTION.xml STS_CERT_PEM AUDIENCE [--timeslack SECONDS] [--xmlsec1 PATH]

Exit status 0 (and "OK <ID>" on stdout) when every step passes, 1 with the reason on stderr
when one fails, 2 when the file is not an assertion. pysaml2 has no single entry point for a
bare assertion (its AuthnResponse wants a samlp:Response around it), so the script drives the
pieces a Response would use, in this order:

1. Reading: saml2.saml.assertion_from_string, then saml2.validate.valid_instance (pysaml2's
   own type and cardinality checks).
2. Signature profile and schema: SecurityContext(CryptoBackendXmlSec1).correctly_signed_message
   with msgtype "assertion" and must=True (what pysaml2 runs for an assertion it receives). This applies pysaml2's checks of saml-core §5.4 (one Reference whose URI is
   "#" + the enclosing assertion's ID, only the enveloped-signature and exclusive C14N
   transforms, no ds:Object), validates the assertion against pysaml2's bundled XML schemas,
   and verifies with xmlsec1 using the certificate in the signature's KeyInfo. pysaml2
   validates its own reserialization of the assertion, which renames namespace prefixes but
   copies xsi:type values verbatim, so a valid `xsi:type="saml2:KeyInfoConfirmationDataType"`
   fails there; the script has the same validator check the bytes it was given instead.
3. Pinned key: SecurityContext.verify_signature with STS_CERT_PEM. pysaml2 runs xmlsec1 with
   --pubkey-cert-pem STS_CERT_PEM and only the raw-x509-cert key data enabled, so the KeyInfo
   certificate is ignored: a signature by another key fails here even though step 2 passed.
4. Conditions: AuthnResponse.condition_ok (NotBefore/NotOnOrAfter against the real clock with
   --timeslack seconds, AudienceRestriction must contain AUDIENCE). Extra <Condition> types must
   be declared to pysaml2; the script declares the delegation profile's
   del:DelegationRestrictionType (resolved by namespace) and nothing else.
5. Subject confirmation, per method: bearer with AuthnResponse._bearer_confirmed (times, address),
   holder-of-key with AuthnResponse._holder_of_key_confirmed (a ds:KeyInfo in
   SubjectConfirmationData); sender-vouches has no check in pysaml2. AuthnResponse.get_subject
   is not used: it is the Web SSO profile's check and demands a Recipient for every method
   (it fails with AttributeError on a sender-vouches confirmation without SubjectConfirmationData).
   Both helpers are private pysaml2 methods (pysaml2 7.5.5); at least one confirmation must pass.
"""
import argparse
import sys

from lxml import etree
import saml2.sigver
from saml2 import class_name, saml
from saml2.response import AuthnResponse
from saml2.saml import SCM_BEARER, SCM_HOLDER_OF_KEY, SCM_SENDER_VOUCHES
from saml2.sigver import CryptoBackendXmlSec1, SecurityContext
from saml2.validate import valid_instance

from interop_common import EXIT_FAILED, EXIT_USAGE, die, safe_parser

XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
DELEGATION = "urn:oasis:names:tc:SAML:2.0:conditions:delegation"
SAML2 = "urn:oasis:names:tc:SAML:2.0:assertion"


def declared_extension_conditions(xml_bytes):
    """The literal xsi:type values of <Condition> elements that name the delegation profile's
    DelegationRestrictionType, which pysaml2 compares as strings."""
    root = etree.fromstring(xml_bytes, safe_parser())
    declared = {}
    for condition in root.iter(f"{{{SAML2}}}Condition"):
        value = condition.get(XSI_TYPE)
        if not value or ":" not in value:
            continue
        prefix, local = value.split(":", 1)
        if condition.nsmap.get(prefix) == DELEGATION and local == "DelegationRestrictionType":
            declared[value] = None
    return declared


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("assertion")
    parser.add_argument("cert_pem")
    parser.add_argument("audience")
    parser.add_argument("--timeslack", type=int, default=0)
    parser.add_argument("--xmlsec1", default="/usr/bin/xmlsec1")
    args = parser.parse_args()

    try:
        with open(args.assertion, "rb") as f:
            xml_bytes = f.read()
    except OSError as error:
        die(EXIT_USAGE, f"cannot read {args.assertion}: {error}")
    xml = xml_bytes.decode("utf-8")

    # 1. Reading.
    assertion = saml.assertion_from_string(xml)
    if assertion is None:
        die(EXIT_USAGE, "not a SAML 2.0 Assertion")
    try:
        valid_instance(assertion)
    except Exception as error:
        die(EXIT_FAILED, f"valid_instance: {type(error).__name__}: {error}")

    security = SecurityContext(CryptoBackendXmlSec1(args.xmlsec1))
    # pysaml2 schema-validates str(item), its own reserialization, which renames prefixes but
    # keeps xsi:type values verbatim: "saml2:KeyInfoConfirmationDataType" then names an
    # undeclared prefix. Validate the bytes received instead, with the same validator.
    schema_validate = saml2.sigver.validate_doc_with_schema
    saml2.sigver.validate_doc_with_schema = lambda _reserialized: schema_validate(xml)

    # 2. Signature profile, schema, signature with the KeyInfo certificate.
    try:
        security.correctly_signed_message(xml, "assertion", must=True)
    except Exception as error:
        die(EXIT_FAILED, f"correctly_signed_message: {type(error).__name__}: {error}")

    # 3. The signature verifies with the given certificate (KeyInfo ignored).
    try:
        pinned = security.verify_signature(xml, cert_file=args.cert_pem, cert_type="pem",
                                           node_name=class_name(assertion), node_id=assertion.id)
    except Exception as error:
        die(EXIT_FAILED, f"verify_signature: {type(error).__name__}: {error}")
    if not pinned:
        die(EXIT_FAILED, "verify_signature: the signature does not verify with the given certificate")

    # 4. Conditions.
    response = AuthnResponse(security, None, args.audience, timeslack=args.timeslack, asynchop=False,
                             allow_unsolicited=True, extension_schema=declared_extension_conditions(xml_bytes))
    response.assertion = assertion
    try:
        if not response.condition_ok():
            die(EXIT_FAILED, "condition_ok: the conditions do not hold")
    except SystemExit:
        raise
    except Exception as error:
        die(EXIT_FAILED, f"condition_ok: {type(error).__name__}: {error}")

    # 5. Subject confirmation.
    if assertion.subject is None or not assertion.subject.subject_confirmation:
        die(EXIT_FAILED, "the assertion has no subject confirmation")
    reasons = []
    for confirmation in assertion.subject.subject_confirmation:
        data = confirmation.subject_confirmation_data
        try:
            if confirmation.method == SCM_BEARER:
                confirmed = response._bearer_confirmed(data)
            elif confirmation.method == SCM_HOLDER_OF_KEY:
                confirmed = response._holder_of_key_confirmed(data)
            elif confirmation.method == SCM_SENDER_VOUCHES:
                confirmed = True
            else:
                confirmed = False
        except Exception as error:
            confirmed = False
            reasons.append(f"{confirmation.method}: {type(error).__name__}: {error}")
        if confirmed:
            print(f"OK {assertion.id}")
            return
        reasons.append(f"{confirmation.method}: not confirmed")
    die(EXIT_FAILED, "no subject confirmation passed: " + "; ".join(reasons))


if __name__ == "__main__":
    sys.exit(main())

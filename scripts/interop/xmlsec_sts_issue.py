#!/usr/bin/env python3
"""The load test's STS issuance done with libxmlsec1 (python-xmlsec) and lxml, as a reference for
Tessera's CPU per issued token (scripts/bench --sts).

    xmlsec_sts_issue.py POOL FIXTURES [--count N] [--warmup N]

POOL is a `tessera-bench rst-pool` file (signed SOAP 1.2 Issue requests, each ended by the byte
0x1E); FIXTURES the test PKI (gateway.cert.pem, sts.key.pem, sts.cert.pem). For each request,
the same steps Tessera's token service takes for it, minus its SQLite writes and audit event:
1. parse the envelope (lxml, no DTD, no entities, no network);
2. verify the security header: the Timestamp is unexpired, the BinarySecurityToken is the
   trusted gateway certificate (compared by DER, as Tessera's trust cache does after the first
   request), the ds:Signature verifies with its key (xmlsec, wsu:Id registered as ID) and its
   references cover the Body and the Timestamp;
3. read the RST: RequestType Issue, AppliesTo, TokenType, the OnBehalfOf UsernameToken's name;
4. build a SAML 2.0 sender-vouches assertion (Issuer, Subject, Conditions with the audience,
   AuthnStatement) and sign it enveloped (RSA-SHA256, SHA-256, exclusive C14N, X509Data);
5. build the SOAP 1.2 response (wsa:Action, wsa:MessageID, wsa:RelatesTo, wsa:To; an RSTRC with
   the RSTR: TokenType, RequestedSecurityToken, AppliesTo, Lifetime) with a security header
   (Timestamp, BinarySecurityToken, Signature over Body, Timestamp and the addressing headers
   by wsu:Id, RSA-SHA256, SHA-256, exclusive C14N) and serialize it.

Prints on stdout `xmlsec-sts-issue <count> <cpu_seconds> <cpu_us_per_issuance>`: CPU time of
this process (time.process_time) over `count` issuances after `warmup` untimed ones.
"""
import argparse
import base64
import datetime
import sys
import time
import uuid

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from lxml import etree
import xmlsec

from interop_common import DS, EXIT_FAILED, EXIT_USAGE, WSSE, WSU, die, safe_parser

SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
WSA = "http://www.w3.org/2005/08/addressing"
WST = "http://docs.oasis-open.org/ws-sx/ws-trust/200512"
WSP = "http://schemas.xmlsoap.org/ws/2004/09/policy"
SAML2 = "urn:oasis:names:tc:SAML:2.0:assertion"
X509V3 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3"
BASE64 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"
SAML20_TOKEN = "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0"
ISSUE = WST + "/Issue"
ISSUER = "https://sts.tessera.test"


def xsd(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def q(namespace, name):
    return f"{{{namespace}}}{name}"


class Issuer:
    def __init__(self, fixtures):
        with open(f"{fixtures}/gateway.cert.pem", "rb") as f:
            gateway = x509.load_pem_x509_certificate(f.read())
        self.trusted_der = gateway.public_bytes(serialization.Encoding.DER)
        self.gateway_key = xmlsec.Key.from_memory(self.trusted_der, xmlsec.constants.KeyDataFormatCertDer)
        with open(f"{fixtures}/sts.key.pem", "rb") as f:
            self.sts_key = xmlsec.Key.from_memory(f.read(), xmlsec.constants.KeyDataFormatPem)
        with open(f"{fixtures}/sts.cert.pem", "rb") as f:
            sts_pem = f.read()
        self.sts_key.load_cert_from_memory(sts_pem, xmlsec.constants.KeyDataFormatPem)
        sts_der = x509.load_pem_x509_certificate(sts_pem).public_bytes(serialization.Encoding.DER)
        self.sts_base64 = base64.b64encode(sts_der).decode()
        self.parser = safe_parser()

    # --- 1 and 2: parse and verify -------------------------------------------------------------
    def verify(self, data, now):
        envelope = etree.fromstring(data, self.parser)
        header = envelope.find(q(SOAP12, "Header"))
        body = envelope.find(q(SOAP12, "Body"))
        security = header.find(q(WSSE, "Security"))
        if body is None or security is None:
            raise ValueError("no Body or Security header")
        timestamp = security.find(q(WSU, "Timestamp"))
        expires = timestamp.findtext(q(WSU, "Expires"))
        if datetime.datetime.fromisoformat(expires.replace("Z", "+00:00")) <= now:
            raise ValueError("expired Timestamp")
        token = security.find(q(WSSE, "BinarySecurityToken"))
        if base64.b64decode(token.text) != self.trusted_der:
            raise ValueError("untrusted certificate")
        signature = security.find(q(DS, "Signature"))
        references = {reference.get("URI") for reference in signature.iter(q(DS, "Reference"))}
        ids = {"#" + element.get(q(WSU, "Id")) for element in (body, timestamp)}
        if not ids <= references:
            raise ValueError("the signature does not cover the Body and the Timestamp")
        context = xmlsec.SignatureContext()
        for element in envelope.iter():
            if element.get(q(WSU, "Id")) is not None:
                context.register_id(element, "Id", WSU)
        context.key = self.gateway_key
        context.verify(signature)  # raises xmlsec.VerificationError
        return envelope, header, body

    # --- 3: read the RST -----------------------------------------------------------------------
    @staticmethod
    def read(header, body):
        rst = body.find(q(WST, "RequestSecurityToken"))
        if rst is None or rst.findtext(q(WST, "RequestType")) != ISSUE:
            raise ValueError("not an Issue RST")
        applies_to = rst.find(f"{q(WSP, 'AppliesTo')}/{q(WSA, 'EndpointReference')}/{q(WSA, 'Address')}").text
        token_type = rst.findtext(q(WST, "TokenType"))
        username = rst.find(f"{q(WST, 'OnBehalfOf')}/{q(WSSE, 'UsernameToken')}/{q(WSSE, 'Username')}").text
        return rst, applies_to, token_type, username, header.findtext(q(WSA, "MessageID"))

    # --- 4: the signed assertion ---------------------------------------------------------------
    def assertion(self, username, audience, now, expires):
        assertion_id = "_" + uuid.uuid4().hex
        assertion = etree.Element(q(SAML2, "Assertion"), nsmap={"saml2": SAML2},
                                  ID=assertion_id, IssueInstant=xsd(now), Version="2.0")
        etree.SubElement(assertion, q(SAML2, "Issuer")).text = ISSUER
        subject = etree.SubElement(assertion, q(SAML2, "Subject"))
        name = etree.SubElement(subject, q(SAML2, "NameID"), NameQualifier="STS")
        name.text = username
        etree.SubElement(subject, q(SAML2, "SubjectConfirmation"), Method="urn:oasis:names:tc:SAML:2.0:cm:sender-vouches")
        conditions = etree.SubElement(assertion, q(SAML2, "Conditions"), NotBefore=xsd(now), NotOnOrAfter=xsd(expires))
        restriction = etree.SubElement(conditions, q(SAML2, "AudienceRestriction"))
        etree.SubElement(restriction, q(SAML2, "Audience")).text = audience
        statement = etree.SubElement(assertion, q(SAML2, "AuthnStatement"), AuthnInstant=xsd(now))
        context = etree.SubElement(statement, q(SAML2, "AuthnContext"))
        etree.SubElement(context, q(SAML2, "AuthnContextClassRef")).text = "urn:oasis:names:tc:SAML:2.0:ac:classes:X509"
        signature = xmlsec.template.create(assertion, xmlsec.Transform.EXCL_C14N, xmlsec.Transform.RSA_SHA256)
        assertion.insert(1, signature)  # after Issuer (SAML 2.0 core §2.3.3)
        reference = xmlsec.template.add_reference(signature, xmlsec.Transform.SHA256, uri="#" + assertion_id)
        xmlsec.template.add_transform(reference, xmlsec.Transform.ENVELOPED)
        xmlsec.template.add_transform(reference, xmlsec.Transform.EXCL_C14N)
        xmlsec.template.add_x509_data(xmlsec.template.ensure_key_info(signature))
        context = xmlsec.SignatureContext()
        context.register_id(assertion, "ID")
        context.key = self.sts_key
        context.sign(signature)
        return assertion

    # --- 5: the signed response ----------------------------------------------------------------
    def respond(self, assertion, applies_to, token_type, message_id, now, expires):
        envelope = etree.Element(q(SOAP12, "Envelope"), nsmap={"soap": SOAP12, "wsa": WSA, "wsse": WSSE, "wsu": WSU})
        header = etree.SubElement(envelope, q(SOAP12, "Header"))
        signed = []
        for name, text in (("Action", WST + "/RSTRC/IssueFinal"), ("MessageID", "urn:uuid:" + str(uuid.uuid4())),
                           ("RelatesTo", message_id), ("To", "http://www.w3.org/2005/08/addressing/anonymous")):
            element = etree.SubElement(header, q(WSA, name))
            element.text = text
            signed.append(element)
        security = etree.SubElement(header, q(WSSE, "Security"), {q(SOAP12, "mustUnderstand"): "true"})
        timestamp = etree.SubElement(security, q(WSU, "Timestamp"))
        etree.SubElement(timestamp, q(WSU, "Created")).text = xsd(now)
        etree.SubElement(timestamp, q(WSU, "Expires")).text = xsd(now + datetime.timedelta(minutes=5))
        token_id = "X509-" + uuid.uuid4().hex
        token = etree.SubElement(security, q(WSSE, "BinarySecurityToken"),
                                 {q(WSU, "Id"): token_id, "ValueType": X509V3, "EncodingType": BASE64})
        token.text = self.sts_base64
        body = etree.SubElement(envelope, q(SOAP12, "Body"))
        signed += [body, timestamp]
        collection = etree.SubElement(body, q(WST, "RequestSecurityTokenResponseCollection"), nsmap={"wst": WST})
        response = etree.SubElement(collection, q(WST, "RequestSecurityTokenResponse"))
        etree.SubElement(response, q(WST, "TokenType")).text = token_type
        etree.SubElement(response, q(WST, "RequestedSecurityToken")).append(assertion)
        applies = etree.SubElement(response, q(WSP, "AppliesTo"), nsmap={"wsp": WSP})
        etree.SubElement(etree.SubElement(applies, q(WSA, "EndpointReference")), q(WSA, "Address")).text = applies_to
        lifetime = etree.SubElement(response, q(WST, "Lifetime"))
        etree.SubElement(lifetime, q(WSU, "Created")).text = xsd(now)
        etree.SubElement(lifetime, q(WSU, "Expires")).text = xsd(expires)
        signature = xmlsec.template.create(envelope, xmlsec.Transform.EXCL_C14N, xmlsec.Transform.RSA_SHA256)
        security.append(signature)
        context = xmlsec.SignatureContext()
        for element in signed:
            element_id = "id-" + uuid.uuid4().hex
            element.set(q(WSU, "Id"), element_id)
            context.register_id(element, "Id", WSU)
            reference = xmlsec.template.add_reference(signature, xmlsec.Transform.SHA256, uri="#" + element_id)
            xmlsec.template.add_transform(reference, xmlsec.Transform.EXCL_C14N)
        key_info = xmlsec.template.ensure_key_info(signature)
        reference = etree.SubElement(etree.SubElement(key_info, q(WSSE, "SecurityTokenReference")), q(WSSE, "Reference"),
                                     URI="#" + token_id, ValueType=X509V3)
        context.key = self.sts_key
        context.sign(signature)
        return etree.tostring(envelope, encoding="UTF-8", xml_declaration=False)

    def issue(self, data):
        now = datetime.datetime.now(datetime.timezone.utc)
        _, header, body = self.verify(data, now)
        _, applies_to, token_type, username, message_id = self.read(header, body)
        if token_type != SAML20_TOKEN:
            raise ValueError("unexpected TokenType")
        expires = now + datetime.timedelta(hours=1)
        assertion = self.assertion(username, applies_to, now, expires)
        return self.respond(assertion, applies_to, token_type, message_id, now, expires)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pool")
    parser.add_argument("fixtures")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=50)
    args = parser.parse_args()
    try:
        with open(args.pool, "rb") as f:
            requests = [record for record in f.read().split(b"\x1e") if record.strip()]
        issuer = Issuer(args.fixtures)
    except OSError as error:
        die(EXIT_USAGE, str(error))
    if len(requests) < args.count + args.warmup:
        die(EXIT_USAGE, f"the pool holds {len(requests)} requests, {args.count + args.warmup} needed")
    try:
        for data in requests[:args.warmup]:
            issuer.issue(data)
        start = time.process_time()
        for data in requests[args.warmup:args.warmup + args.count]:
            response = issuer.issue(data)
            if b"RequestSecurityTokenResponseCollection" not in response:
                die(EXIT_FAILED, "no RSTRC in the response")
        seconds = time.process_time() - start
    except (ValueError, xmlsec.Error) as error:
        die(EXIT_FAILED, f"issuance failed: {type(error).__name__}: {error}")
    print(f"xmlsec-sts-issue {args.count} {seconds:.3f} {seconds * 1e6 / args.count:.1f}")


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The libxmlsec1 + libxml2 reference for tessera-bench's sc-exchange-2k.

One exchange is the four message operations of a WS-SecureConversation exchange on an established
context, done with python-xmlsec (libxmlsec1) and lxml (libxml2):

1. the client parses the unsecured quote request, adds the WS-Addressing headers (To, Action,
   MessageID, ReplyTo), a Timestamp and two DerivedKeyTokens whose keys it derives with P_SHA1
   (WS-SC 1.3 section 7: 24 bytes to sign, 32 to encrypt), signs Body, Timestamp and the four
   addressing headers with HMAC-SHA1 (exclusive C14N, SHA-1 digests), encrypts the Body's payload
   element with AES-256-CBC and serializes the envelope (Tessera encrypts the Body's content, the
   same element and the whitespace around it; python-xmlsec 1.3's Content encryption crashes);
2. the service parses it, derives both keys from the DerivedKeyTokens' nonces, decrypts the Body
   and verifies the signature;
3. the service builds the response (the request's payload echoed, Action, MessageID, RelatesTo,
   To) and secures it as in 1;
4. the client parses, decrypts and verifies the response.

This is the cryptographic and XML work of Tessera's exchange without its policy checks (replay
caches, context lookup, timestamp freshness, signed-part policy), so it favours the reference.

    xmlsec_sc_exchange.py ENVELOPE.xml [--seconds S | --iterations N]

Prints one tab-separated line as tessera-bench --tsv does: name, exchanges per wall second,
exchanges per CPU second, microseconds per exchange (wall), iterations, seconds.
"""
import argparse
import base64
import copy
import hashlib
import hmac
import os
import sys
import time
from datetime import datetime, timedelta, timezone

import xmlsec
from lxml import etree

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
WSA = "http://www.w3.org/2005/08/addressing"
WSC = "http://docs.oasis-open.org/ws-sx/ws-secureconversation/200512"
DS = "http://www.w3.org/2000/09/xmldsig#"
XENC = "http://www.w3.org/2001/04/xmlenc#"
DK_VALUE_TYPE = WSC + "/dk"
LABEL = b"WS-SecureConversationWS-SecureConversation"
CONTEXT = "urn:uuid:4c1b2d8e-1f0a-4a57-9d1e-6a3f0c2b9e11"


def p_sha1(secret, seed, length):
    """P_SHA1 of RFC 2246 section 5 (WS-SC 1.3 section 7)."""
    out, a = b"", seed
    while len(out) < length:
        a = hmac.new(secret, a, hashlib.sha1).digest()
        out += hmac.new(secret, a + seed, hashlib.sha1).digest()
    return out[:length]


def new_id(prefix):
    return prefix + "-" + os.urandom(8).hex()


def sub(parent, namespace, name, text=None):
    element = etree.SubElement(parent, "{%s}%s" % (namespace, name))
    if text is not None:
        element.text = text
    return element


def str_reference(parent, uri, value_type):
    reference = sub(sub(parent, WSSE, "SecurityTokenReference"), WSSE, "Reference")
    reference.set("URI", uri)
    if value_type:
        reference.set("ValueType", value_type)


def derived_key_token(security, length):
    token = sub(security, WSC, "DerivedKeyToken")
    token.set("{%s}Id" % WSU, new_id("DK"))
    str_reference(token, CONTEXT, WSC + "/sct")
    nonce = os.urandom(16)
    sub(token, WSC, "Offset", "0")
    sub(token, WSC, "Length", str(length))
    sub(token, WSC, "Nonce", base64.b64encode(nonce).decode())
    return token, nonce


def protect(envelope, addressing, secret):
    """Step 1 or 3: addressing headers, Timestamp, two derived keys, HMAC-SHA1, AES-256-CBC."""
    header = envelope.find("{%s}Header" % SOAP)
    if header is None:
        header = etree.Element("{%s}Header" % SOAP)
        envelope.insert(0, header)
    body = envelope.find("{%s}Body" % SOAP)
    signed = [body]
    for name, value in addressing:
        element = sub(header, WSA, name)
        if name == "ReplyTo":
            sub(element, WSA, "Address", WSA + "/anonymous")
        else:
            element.text = value
        signed.append(element)
    security = sub(header, WSSE, "Security")
    security.set("{%s}mustUnderstand" % SOAP, "1")
    timestamp = sub(security, WSU, "Timestamp")
    now = datetime.now(timezone.utc)
    sub(timestamp, WSU, "Created", now.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z")
    sub(timestamp, WSU, "Expires", (now + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z")
    signed.append(timestamp)
    signing_token, signing_nonce = derived_key_token(security, 24)
    encryption_token, encryption_nonce = derived_key_token(security, 32)

    signature = xmlsec.template.create(envelope, xmlsec.Transform.EXCL_C14N, xmlsec.Transform.HMAC_SHA1, ns="ds")
    context = xmlsec.SignatureContext()
    for element in signed:
        identifier = element.get("{%s}Id" % WSU) or new_id("id")
        element.set("{%s}Id" % WSU, identifier)
        context.register_id(element, "Id", WSU)
        reference = xmlsec.template.add_reference(signature, xmlsec.Transform.SHA1, uri="#" + identifier)
        xmlsec.template.add_transform(reference, xmlsec.Transform.EXCL_C14N)
    str_reference(xmlsec.template.ensure_key_info(signature), "#" + signing_token.get("{%s}Id" % WSU), DK_VALUE_TYPE)
    security.append(signature)
    context.key = xmlsec.Key.from_binary_data(xmlsec.constants.KeyDataHmac, p_sha1(secret, LABEL + signing_nonce, 24))
    context.sign(signature)

    data_id = new_id("ED")
    encrypted = xmlsec.template.encrypted_data_create(envelope, xmlsec.Transform.AES256, type=xmlsec.EncryptionType.ELEMENT, ns="xenc")
    encrypted.set("Id", data_id)
    xmlsec.template.encrypted_data_ensure_cipher_value(encrypted)
    str_reference(xmlsec.template.encrypted_data_ensure_key_info(encrypted, ns="ds"), "#" + encryption_token.get("{%s}Id" % WSU), DK_VALUE_TYPE)
    encryption = xmlsec.EncryptionContext()
    encryption.key = xmlsec.Key.from_binary_data(xmlsec.constants.KeyDataAes, p_sha1(secret, LABEL + encryption_nonce, 32))
    encryption.encrypt_xml(encrypted, body[0])
    reference_list = etree.Element("{%s}ReferenceList" % XENC)
    sub(reference_list, XENC, "DataReference").set("URI", "#" + data_id)
    signature.addprevious(reference_list)
    return etree.tostring(envelope)


def unprotect(message, secret):
    """Step 2 or 4: parse, derive both keys, decrypt the Body, verify the signature."""
    envelope = etree.fromstring(message)
    security = envelope.find("{%s}Header/{%s}Security" % (SOAP, WSSE))
    keys = {}
    for token in security.iterfind("{%s}DerivedKeyToken" % WSC):
        nonce = base64.b64decode(token.findtext("{%s}Nonce" % WSC))
        keys[token.get("{%s}Id" % WSU)] = p_sha1(secret, LABEL + nonce, int(token.findtext("{%s}Length" % WSC)))

    def key_of(parent):
        uri = parent.find("{%s}KeyInfo/{%s}SecurityTokenReference/{%s}Reference" % (DS, WSSE, WSSE)).get("URI")
        return keys[uri[1:]]

    body = envelope.find("{%s}Body" % SOAP)
    encrypted = body.find("{%s}EncryptedData" % XENC)
    decryption = xmlsec.EncryptionContext()
    decryption.key = xmlsec.Key.from_binary_data(xmlsec.constants.KeyDataAes, key_of(encrypted))
    decryption.decrypt(encrypted)

    signature = security.find("{%s}Signature" % DS)
    verification = xmlsec.SignatureContext()
    for element in envelope.iterfind(".//*[@{%s}Id]" % WSU):
        verification.register_id(element, "Id", WSU)
    verification.key = xmlsec.Key.from_binary_data(xmlsec.constants.KeyDataHmac, key_of(signature))
    verification.verify(signature)  # raises xmlsec.VerificationError on a mismatch
    return envelope


def exchange(request, secret):
    message_id = "urn:uuid:" + os.urandom(16).hex()
    outbound = protect(
        etree.fromstring(request),
        [("To", "https://service.tessera.test/quotes"), ("Action", "urn:example:quotes/GetQuotes"), ("MessageID", message_id), ("ReplyTo", None)],
        secret,
    )
    received = unprotect(outbound, secret)
    response = etree.Element("{%s}Envelope" % SOAP, nsmap={"soap": SOAP})
    etree.SubElement(response, "{%s}Header" % SOAP)
    sub(response, SOAP, "Body").append(copy.deepcopy(received.find("{%s}Body" % SOAP)[0]))
    inbound = protect(
        response,
        [
            ("To", WSA + "/anonymous"),
            ("Action", "urn:example:quotes/GetQuotesResponse"),
            ("MessageID", "urn:uuid:" + os.urandom(16).hex()),
            ("RelatesTo", message_id),
        ],
        secret,
    )
    answer = unprotect(inbound, secret)
    if etree.QName(answer.find("{%s}Body" % SOAP)[0]).localname != "GetQuotes":
        raise SystemExit("xmlsec_sc_exchange.py: the response did not carry the quotes")
    return len(outbound), len(inbound)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("envelope")
    parser.add_argument("--seconds", type=float, default=2.5)
    parser.add_argument("--iterations", type=int, help="exactly this many exchanges after one warm-up exchange (for instruction counts)")
    arguments = parser.parse_args()
    with open(arguments.envelope, "rb") as handle:
        request = handle.read()
    xmlsec.enable_debug_trace(False)
    secret = os.urandom(32)
    sizes = exchange(request, secret)
    print("# reference: secured request %d bytes, secured response %d bytes; libxmlsec1 %s, libxml2 %s" % (
        sizes[0], sizes[1], ".".join(map(str, xmlsec.get_libxmlsec_version())), ".".join(map(str, etree.LIBXML_VERSION))), file=sys.stderr)
    if arguments.iterations:
        count = arguments.iterations
    else:
        start, iterations = time.perf_counter(), 0
        while iterations < 10 or time.perf_counter() - start < 0.3:
            exchange(request, secret)
            iterations += 1
        count = max(10, int(arguments.seconds / ((time.perf_counter() - start) / iterations)))
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(count):
        exchange(request, secret)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print("xmlsec-sc-exchange-2k\t%.0f\t%.0f\t%.2f\t%d\t%.3f" % (count / wall, count / cpu, wall * 1e6 / count, count, wall))


if __name__ == "__main__":
    main()

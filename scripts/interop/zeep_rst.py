#!/usr/bin/env python3
"""Builds the token request of the token-transformation scenario, secured with zeep; prints the envelope.

    zeep_rst.py KEY_PEM CERT_PEM [--soap 11|12] [--trust 13|2005] [--applies-to URL]
                [--on-behalf-of USER] [--to URL] [--ttl SECONDS]

The envelope is written with lxml, independently of Tessera:
- soap:Header with WS-Addressing 1.0 Action (the WS-Trust RST/Issue action of --trust),
  MessageID (urn:uuid:...) and To (--to), and a wsse:Security holding a wsu:Timestamp made
  with zeep's WSU element maker and zeep.wsse.utils.get_timestamp (Created now, Expires now +
  --ttl, default 300 s);
- soap:Body with wst:RequestSecurityToken: RequestType Issue, wsp:AppliesTo (WS-Policy 2004/09,
  wsa:EndpointReference/wsa:Address), OnBehalfOf a wsse:UsernameToken with a Username only
  (Listing 1's identity assertion), TokenType SAML 2.0.
Then zeep.wsse.signature.BinarySignature (zeep 4.3, python-xmlsec) signs soap:Body and the
Timestamp with RSA-SHA256 and SHA-256 digests, exclusive C14N, and names the key with an
X509v3 wsse:BinarySecurityToken referenced from KeyInfo/wsse:SecurityTokenReference, as
Listing 2 shows. zeep does not sign the addressing headers.
"""
import argparse
import datetime
import uuid

from lxml import etree
import xmlsec
from zeep.wsse.signature import BinarySignature
from zeep.wsse.utils import WSU, get_security_header, get_timestamp

from interop_common import EXIT_USAGE, WSSE, die, write_bytes

SOAP = {"11": "http://schemas.xmlsoap.org/soap/envelope/", "12": "http://www.w3.org/2003/05/soap-envelope"}
TRUST = {"13": "http://docs.oasis-open.org/ws-sx/ws-trust/200512", "2005": "http://schemas.xmlsoap.org/ws/2005/02/trust"}
WSA = "http://www.w3.org/2005/08/addressing"
WSP = "http://schemas.xmlsoap.org/ws/2004/09/policy"
SAML20 = "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0"


def envelope(soap, trust, applies_to, on_behalf_of, to, ttl):
    env = etree.Element(f"{{{soap}}}Envelope", nsmap={"S": soap})
    header = etree.SubElement(env, f"{{{soap}}}Header")
    for name, value in (("Action", f"{trust}/RST/Issue"), ("MessageID", f"urn:uuid:{uuid.uuid4()}"), ("To", to)):
        etree.SubElement(header, f"{{{WSA}}}{name}", nsmap={"wsa": WSA}).text = value
    security = get_security_header(env)
    now = datetime.datetime.now(datetime.timezone.utc)
    security.append(WSU.Timestamp(
        WSU.Created(get_timestamp(now, zulu_timestamp=True)),
        WSU.Expires(get_timestamp(now + datetime.timedelta(seconds=ttl), zulu_timestamp=True))))

    body = etree.SubElement(env, f"{{{soap}}}Body")
    rst = etree.SubElement(body, f"{{{trust}}}RequestSecurityToken", nsmap={None: trust, "wsa": WSA, "wsp": WSP})
    etree.SubElement(rst, f"{{{trust}}}RequestType").text = f"{trust}/Issue"
    applies = etree.SubElement(rst, f"{{{WSP}}}AppliesTo")
    reference = etree.SubElement(applies, f"{{{WSA}}}EndpointReference")
    etree.SubElement(reference, f"{{{WSA}}}Address").text = applies_to
    if on_behalf_of:
        obo = etree.SubElement(rst, f"{{{trust}}}OnBehalfOf")
        token = etree.SubElement(obo, f"{{{WSSE}}}UsernameToken", nsmap={"wsse": WSSE})
        etree.SubElement(token, f"{{{WSSE}}}Username").text = on_behalf_of
    etree.SubElement(rst, f"{{{trust}}}TokenType").text = SAML20
    return env


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("key_pem")
    parser.add_argument("cert_pem")
    parser.add_argument("--soap", choices=sorted(SOAP), default="12")
    parser.add_argument("--trust", choices=sorted(TRUST), default="13")
    parser.add_argument("--applies-to", default="http://testHost/HelloService")
    parser.add_argument("--on-behalf-of", default="jdoe")
    parser.add_argument("--to", default="https://sts.tessera.test/sts")
    parser.add_argument("--ttl", type=int, default=300)
    args = parser.parse_args()
    try:
        plugin = BinarySignature(args.key_pem, args.cert_pem,
                                 signature_method=xmlsec.Transform.RSA_SHA256, digest_method=xmlsec.Transform.SHA256)
    except OSError as error:
        die(EXIT_USAGE, str(error))
    env = envelope(SOAP[args.soap], TRUST[args.trust], args.applies_to, args.on_behalf_of, args.to, args.ttl)
    env, _ = plugin.apply(env, {})
    write_bytes(etree.tostring(env, encoding="UTF-8", xml_declaration=False))


if __name__ == "__main__":
    main()

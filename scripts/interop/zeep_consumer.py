#!/usr/bin/env python3
"""A consumer of the token-transformation scenario written with zeep: sends a Hello request
with zeep's UsernameToken to a gateway and prints the answer.

    zeep_consumer.py URL USERNAME [--password-file FILE [--digest]] [--soap 11|12] [--to URL] [--action URI]

The envelope is written with lxml, independently of Tessera: WS-Addressing 1.0 To (--to),
Action (--action) and MessageID headers and a soap:Body with hello:Hello (urn:hello). Then
zeep.wsse.username.UsernameToken (zeep 4.3) adds the wsse:Security header and the token:
UsernameToken(USERNAME) without a password is a Username alone (an identity assertion);
with --password-file, a PasswordText, or with --digest a PasswordDigest with zeep's own
Nonce and Created. zeep's Transport posts it (SOAP 1.1: text/xml and SOAPAction; SOAP 1.2:
application/soap+xml with the action parameter), ignoring proxy settings of the environment.
Prints the HTTP status on the first line, then the answer's body. The password is read from
the file (one trailing line break removed), never from argv.
"""
import argparse
import uuid

import requests
from lxml import etree
from zeep.transports import Transport
from zeep.wsse.username import UsernameToken

from interop_common import EXIT_FAILED, EXIT_USAGE, die, write_bytes

SOAP = {"11": "http://schemas.xmlsoap.org/soap/envelope/", "12": "http://www.w3.org/2003/05/soap-envelope"}
WSA = "http://www.w3.org/2005/08/addressing"
HELLO = "urn:hello"


def envelope(soap, to, action):
    env = etree.Element(f"{{{soap}}}Envelope", nsmap={"soap": soap})
    header = etree.SubElement(env, f"{{{soap}}}Header")
    for name, value in (("To", to), ("Action", action), ("MessageID", f"urn:uuid:{uuid.uuid4()}")):
        etree.SubElement(header, f"{{{WSA}}}{name}", nsmap={"wsa": WSA}).text = value
    body = etree.SubElement(env, f"{{{soap}}}Body")
    etree.SubElement(body, f"{{{HELLO}}}Hello", nsmap={"hello": HELLO})
    return env


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("username")
    parser.add_argument("--password-file")
    parser.add_argument("--digest", action="store_true")
    parser.add_argument("--soap", choices=sorted(SOAP), default="11")
    parser.add_argument("--to", default="http://testHost/HelloService")
    parser.add_argument("--action", default="urn:hello")
    args = parser.parse_args()
    password = None
    if args.password_file:
        try:
            with open(args.password_file, encoding="utf-8") as f:
                password = f.read()
        except OSError as error:
            die(EXIT_USAGE, str(error))
        if password.endswith("\n"):
            password = password[:-1]
    env = envelope(SOAP[args.soap], args.to, args.action)
    env, _ = UsernameToken(args.username, password, use_digest=args.digest).apply(env, {})
    if args.soap == "11":
        headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{args.action}"'}
    else:
        headers = {"Content-Type": f'application/soap+xml; charset=utf-8; action="{args.action}"'}
    session = requests.Session()
    session.trust_env = False  # loopback: no proxy from the environment
    try:
        response = Transport(session=session, timeout=60, operation_timeout=60).post_xml(args.url, env, headers)
    except requests.RequestException as error:
        die(EXIT_FAILED, f"no answer from {args.url}: {error}")
    write_bytes(f"{response.status_code}\n".encode() + response.content)


if __name__ == "__main__":
    main()

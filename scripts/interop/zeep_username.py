#!/usr/bin/env python3
"""Builds a WS-Trust 1.3 Issue request authenticated by zeep's UsernameToken with a
PasswordDigest (an ADFS usernamemixed-style request), printing the envelope.

    zeep_username.py USERNAME PASSWORD_FILE [--soap 11|12] [--applies-to URL] [--to URL] [--ttl SECONDS]

The envelope is the one zeep_rst.py writes (WS-Addressing headers, a wsse:Security with a
wsu:Timestamp, an RST Issue for --applies-to with TokenType SAML 2.0), without OnBehalfOf and
unsigned. zeep.wsse.username.UsernameToken(USERNAME, password, use_digest=True) (zeep 4.3) then
adds the wsse:UsernameToken: Password Type=#PasswordDigest = Base64(SHA-1(nonce + created +
password)), a random 16-byte Nonce and a Created in zeep's own format (an +00:00 offset, not Z).
The password is read from PASSWORD_FILE (one trailing line break removed), never from argv.
"""
import argparse

from lxml import etree
from zeep.wsse.username import UsernameToken

from interop_common import EXIT_USAGE, die, write_bytes
from zeep_rst import SOAP, TRUST, envelope


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("username")
    parser.add_argument("password_file")
    parser.add_argument("--soap", choices=sorted(SOAP), default="12")
    parser.add_argument("--applies-to", default="http://testHost/HelloService")
    parser.add_argument("--to", default="https://sts.tessera.test/adfs/services/trust/13/usernamemixed")
    parser.add_argument("--ttl", type=int, default=300)
    args = parser.parse_args()
    try:
        with open(args.password_file, encoding="utf-8") as f:
            password = f.read()
    except OSError as error:
        die(EXIT_USAGE, str(error))
    if password.endswith("\n"):
        password = password[:-1]
    env = envelope(SOAP[args.soap], TRUST["13"], args.applies_to, None, args.to, args.ttl)
    env, _ = UsernameToken(args.username, password, use_digest=True).apply(env, {})
    write_bytes(etree.tostring(env, encoding="UTF-8", xml_declaration=False))


if __name__ == "__main__":
    main()

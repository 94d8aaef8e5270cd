#!/usr/bin/env python3
"""Computes a WS-Trust ComputedKey with P_SHA1 from Python's standard hmac module.

    psha1.py SECRET_B64 SEED_B64 LENGTH

Prints Base64 of the first LENGTH bytes of P_SHA1(SECRET, SEED) = HMAC-SHA1(SECRET, A(1) + SEED)
|| HMAC-SHA1(SECRET, A(2) + SEED) || ... with A(0) = SEED, A(i) = HMAC-SHA1(SECRET, A(i-1))
(TLS 1.0 RFC 2246 §5 P_hash). For WS-Trust 1.3 §4.4.4 the secret is the requestor's entropy and
the seed the issuer's. Exit 2 on bad input.
"""
import base64
import binascii
import hashlib
import hmac
import sys

from interop_common import EXIT_USAGE, die


def p_sha1(secret, seed, length):
    output, a = b"", seed
    while len(output) < length:
        a = hmac.new(secret, a, hashlib.sha1).digest()
        output += hmac.new(secret, a + seed, hashlib.sha1).digest()
    return output[:length]


def main():
    if len(sys.argv) != 4:
        die(EXIT_USAGE, "usage: psha1.py SECRET_B64 SEED_B64 LENGTH")
    try:
        secret = base64.b64decode(sys.argv[1], validate=True)
        seed = base64.b64decode(sys.argv[2], validate=True)
        length = int(sys.argv[3])
    except (binascii.Error, ValueError) as error:
        die(EXIT_USAGE, f"bad input: {error}")
    print(base64.b64encode(p_sha1(secret, seed, length)).decode("ascii"))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Prints, in hex, bytes OFFSET .. OFFSET+LENGTH of P_SHA1(SECRET, SEED) (RFC 2246 §5 P_hash with
HMAC-SHA1), computed with the `cryptography` package's HMAC (OpenSSL), independently of Tessera.

    psha1.py SECRET_HEX SEED_HEX LENGTH [OFFSET]

WS-SecureConversation derives keys as P_SHA1(secret, label + nonce); WS-Trust computes keys as
P_SHA1(requestor entropy, issuer entropy).
"""
import sys

from cryptography.hazmat.primitives import hashes, hmac


def hmac_sha1(key, data):
    mac = hmac.HMAC(key, hashes.SHA1())
    mac.update(data)
    return mac.finalize()


def p_sha1(secret, seed, length, offset=0):
    output = b""
    a = seed
    while len(output) < offset + length:
        a = hmac_sha1(secret, a)
        output += hmac_sha1(secret, a + seed)
    return output[offset:offset + length]


def main():
    if len(sys.argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    secret, seed = bytes.fromhex(sys.argv[1]), bytes.fromhex(sys.argv[2])
    length = int(sys.argv[3])
    offset = int(sys.argv[4]) if len(sys.argv) == 5 else 0
    print(p_sha1(secret, seed, length, offset).hex())


if __name__ == "__main__":
    main()

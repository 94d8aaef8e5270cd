#!/usr/bin/env python3
"""Verifies a JWT with PyJWT, as a relying party would, and prints its header and claims.

    jwt_verify.py TOKEN_FILE CERT_PEM AUDIENCE ISSUER [--algorithm RS256|ES256] [--leeway SECONDS]

TOKEN_FILE holds the compact JWT (surrounding whitespace is ignored). The signature is checked
with the public key of CERT_PEM only, with exactly the one algorithm given (default RS256), and
PyJWT's claim checks run: exp, nbf and iat against the real clock (with --leeway seconds), aud
must contain AUDIENCE, iss must equal ISSUER, and exp, nbf, iat, iss, sub, aud and jti must be
present. On success prints one JSON object {"header": ..., "claims": ...} and exits 0; a token
that fails any check exits 1 with PyJWT's reason on stderr; unreadable input exits 2.
"""
import argparse
import json

import jwt
from cryptography import x509

from interop_common import EXIT_FAILED, EXIT_USAGE, die


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("token")
    parser.add_argument("cert")
    parser.add_argument("audience")
    parser.add_argument("issuer")
    parser.add_argument("--algorithm", default="RS256", choices=["RS256", "ES256"])
    parser.add_argument("--leeway", type=float, default=0)
    args = parser.parse_args()
    try:
        with open(args.token, "r", encoding="ascii") as f:
            token = f.read().strip()
        with open(args.cert, "rb") as f:
            key = x509.load_pem_x509_certificate(f.read()).public_key()
    except (OSError, ValueError) as error:
        die(EXIT_USAGE, f"cannot read input: {error}")
    try:
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(
            token, key, algorithms=[args.algorithm], audience=args.audience, issuer=args.issuer,
            leeway=args.leeway,
            options={"require": ["exp", "nbf", "iat", "iss", "sub", "aud", "jti"]})
    except jwt.PyJWTError as error:
        die(EXIT_FAILED, f"{type(error).__name__}: {error}")
    print(json.dumps({"header": header, "claims": claims}, sort_keys=True))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Verifies a WS-Security signed SOAP envelope with zeep's verify_envelope (python-xmlsec),
using the key of the certificate given (KeyInfo is not read).

    zeep_verify.py FILE CERT_PEM

Exit status 0 when the ds:Signature in soap:Header/wsse:Security verifies, 1 otherwise.
zeep registers wsu:Id as the ID attribute of every referenced element and checks nothing else:
it does not say which elements were signed, and a signature that covers only the Timestamp
also passes (no protection against signature wrapping; Tessera's own checks must do that).
Its failure reports carry no reason (xmlsec gives none).
"""
import argparse

from zeep.exceptions import SignatureVerificationFailed
from zeep.wsse.signature import verify_envelope

from interop_common import EXIT_FAILED, EXIT_USAGE, die, parse_file


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file")
    parser.add_argument("cert_pem")
    args = parser.parse_args()
    envelope = parse_file(args.file).getroot()
    try:
        verify_envelope(envelope, args.cert_pem)
    except SignatureVerificationFailed:
        die(EXIT_FAILED, "verification failed (zeep/xmlsec report no reason)")
    except (OSError, AttributeError, IndexError, TypeError) as error:
        die(EXIT_USAGE, f"cannot verify: {type(error).__name__}: {error}")
    print("OK")


if __name__ == "__main__":
    main()

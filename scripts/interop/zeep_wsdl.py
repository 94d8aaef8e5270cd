#!/usr/bin/env python3
"""Loads a WSDL with zeep (as a SOAP toolkit generating a client would) and prints what it
understood: one line per port, then one line per operation of that port's binding.

    zeep_wsdl.py WSDL_URL_OR_FILE

Output lines:
    port <service> <port> <binding> <soap11|soap12> <address>
    operation <port> <operation> <soapAction> <input element> <output element>
Exit status 0 when zeep loads the document, 2 when it cannot (reason on stderr). zeep fetches
URLs with requests; no other network access happens (the WSDL imports nothing).
"""
import argparse

import zeep
from zeep.wsdl.bindings.soap import Soap11Binding, Soap12Binding

from interop_common import EXIT_USAGE, die


def element_name(message):
    body = getattr(message, "body", None)
    if body is None:
        return "-"
    qname = getattr(body, "qname", None)
    return qname.text if qname is not None else "-"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wsdl")
    args = parser.parse_args()
    try:
        client = zeep.Client(args.wsdl)
    except Exception as error:  # zeep raises many types; any of them means "cannot load"
        die(EXIT_USAGE, f"zeep cannot load the WSDL: {type(error).__name__}: {error}")
    for service in client.wsdl.services.values():
        for port in service.ports.values():
            binding = port.binding
            kind = "soap12" if isinstance(binding, Soap12Binding) else "soap11" if isinstance(binding, Soap11Binding) else "other"
            print(f"port {service.name} {port.name} {binding.name.localname} {kind} {port.binding_options.get('address')}")
            for name, operation in binding._operations.items():
                print(f"operation {port.name} {name} {operation.soapaction} {element_name(operation.input)} {element_name(operation.output)}")


if __name__ == "__main__":
    main()

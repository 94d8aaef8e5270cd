#!/usr/bin/env python3
"""Selects the WS-Trust username/password endpoint of an ADFS-style metadata document the way
MSAL for Python (msal/mex.py, 1.x) does, re-stated here so the rules are visible: a policy
qualifies when it has WS-SecurityPolicy 1.2 SignedEncryptedSupportingTokens/UsernameToken/
WssUsernameToken10 (or the July 2005 SignedSupportingTokens form) under wsp:ExactlyOne/wsp:All
and a TransportBinding; a binding qualifies when its soap12:binding transport is SOAP over HTTP
and it refers to such a policy, its first operation's soapAction being the WS-Trust version;
a port qualifies when its binding does and its wsa10:EndpointReference/Address is https.

    mex_endpoints.py FILE

Prints one line per qualifying endpoint: `<address> <soapAction>`, WS-Trust 1.3 first.
Exit status 0 when at least one endpoint qualifies, 1 when none does, 2 for unusable input.
Unlike MSAL, a binding without soap12:binding is reported (exit 1) instead of crashing.
"""
import argparse

from interop_common import EXIT_FAILED, die, parse_file

NS = {
    "wsdl": "http://schemas.xmlsoap.org/wsdl/",
    "sp": "http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702",
    "sp2005": "http://schemas.xmlsoap.org/ws/2005/07/securitypolicy",
    "wsu": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd",
    "wsa10": "http://www.w3.org/2005/08/addressing",
    "soap12": "http://schemas.xmlsoap.org/wsdl/soap12/",
    "wsp": "http://schemas.xmlsoap.org/ws/2004/09/policy",
}
ACTION_13 = "http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue"
HTTP_TRANSPORT = "http://schemas.xmlsoap.org/soap/http"


def username_policy_ids(root):
    ids = set()
    forms = [("sp", "SignedEncryptedSupportingTokens"), ("sp2005", "SignedSupportingTokens")]
    for policy in root.findall("wsp:Policy", NS):
        for prefix, supporting in forms:
            path = f"wsp:ExactlyOne/wsp:All/{prefix}:{supporting}/wsp:Policy/{prefix}:UsernameToken/wsp:Policy/{prefix}:WssUsernameToken10"
            if policy.find(path, NS) is not None and policy.find(f".//{prefix}:TransportBinding", NS) is not None:
                ids.add("#" + policy.get(f"{{{NS['wsu']}}}Id"))
    return ids


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file")
    args = parser.parse_args()
    root = parse_file(args.file).getroot()
    if root.tag != f"{{{NS['wsdl']}}}definitions":
        die(EXIT_FAILED, f"the document element is {root.tag}, not wsdl:definitions")
    policies = username_policy_ids(root)
    bindings = {}
    for binding in root.findall("wsdl:binding", NS):
        soap = binding.find("soap12:binding", NS)
        if soap is None:
            die(EXIT_FAILED, f"binding {binding.get('name')} has no soap12:binding (MSAL would fail on it)")
        if soap.get("transport") != HTTP_TRANSPORT:
            continue
        action = binding.find("wsdl:operation/soap12:operation", NS).get("soapAction")
        for reference in binding.findall("wsp:PolicyReference", NS):
            bindings[binding.get("name")] = (reference.get("URI"), action)
    endpoints = []
    for port in root.findall("wsdl:service/wsdl:port", NS):
        binding = bindings.get(port.get("binding").split(":")[-1])
        if binding and binding[0] in policies:
            address = port.find("wsa10:EndpointReference/wsa10:Address", NS)
            if address is not None and address.text.lower().startswith("https://"):
                endpoints.append((address.text, binding[1]))
    if not endpoints:
        die(EXIT_FAILED, "no endpoint qualifies")
    endpoints.sort(key=lambda endpoint: endpoint[1] != ACTION_13)
    for address, action in endpoints:
        print(f"{address} {action}")


if __name__ == "__main__":
    main()

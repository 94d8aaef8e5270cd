public import WSTrust

/// One path the STS answers SOAP requests on, and how requests to it are authenticated, as its
/// WSDL policy states.
public struct STSEndpoint: Sendable, Hashable {
    /// How a requestor proves who it is at this endpoint.
    public enum Authentication: Sendable, Hashable {
        /// The request is signed (Body and Timestamp) with an X.509 key: WS-SecurityPolicy
        /// AsymmetricBinding. The response is signed too.
        case x509Signature
        /// A UsernameToken with its password, inside TLS: TransportBinding with a signed
        /// supporting UsernameToken (ADFS `usernamemixed`).
        case usernameOverTransport
    }

    /// A short stable name, used as the `endpoint` label of metrics and in logs.
    public let name: String
    /// The HTTP path.
    public let path: String
    public let authentication: Authentication
    /// The WS-Trust version the endpoint's WSDL describes (requests in the other version are
    /// answered in kind all the same).
    public let trustVersion: WSTrustVersion
    /// The header blocks the token service processes; a request marking any other block
    /// `mustUnderstand` is refused with a `MustUnderstand` fault.
    public let understoodHeaders: UnderstoodHeaderBlocks

    public init(
        name: String, path: String, authentication: Authentication, trustVersion: WSTrustVersion,
        understoodHeaders: UnderstoodHeaderBlocks = .securityAndAddressing
    ) {
        self.name = name
        self.path = path
        self.authentication = authentication
        self.trustVersion = trustVersion
        self.understoodHeaders = understoodHeaders
    }
}

/// Every path the server answers on, derived from the configuration: the STS endpoint, its ADFS
/// aliases and the ADFS metadata exchange document, and the operations paths.
public struct STSRoutes: Sendable, Hashable {
    /// The STS endpoints, the configured one first.
    public let endpoints: [STSEndpoint]
    /// Where the WS-MetadataExchange document is served (GET); nil when the ADFS aliases are off.
    public let metadataExchangePath: String?

    public static let metricsPath = "/metrics"
    public static let healthPath = "/health"
    public static let readyPath = "/ready"

    public init(configuration: ServerConfiguration) {
        var endpoints = [STSEndpoint(name: "sts", path: configuration.endpoint.path, authentication: .x509Signature, trustVersion: .v13)]
        if configuration.adfs.enabled {
            let prefix = configuration.adfs.prefix
            endpoints += [
                STSEndpoint(name: "adfs-13-usernamemixed", path: prefix + "/13/usernamemixed", authentication: .usernameOverTransport, trustVersion: .v13),
                STSEndpoint(
                    name: "adfs-2005-usernamemixed", path: prefix + "/2005/usernamemixed", authentication: .usernameOverTransport, trustVersion: .v200502),
                STSEndpoint(name: "adfs-13-certificatemixed", path: prefix + "/13/certificatemixed", authentication: .x509Signature, trustVersion: .v13),
            ]
            metadataExchangePath = prefix + "/mex"
        } else {
            metadataExchangePath = nil
        }
        self.endpoints = endpoints
    }

    /// The ADFS paths (aliases and metadata exchange).
    var adfsPaths: Set<String> {
        Set(endpoints.dropFirst().map(\.path) + [metadataExchangePath].compactMap(\.self))
    }
}

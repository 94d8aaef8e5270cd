/// The commented `tessera.yaml` a new data directory starts with: every field with its default
/// and what it does (docs/configuration.md has the full reference). Paths are relative to the
/// file, so the directory can be moved.
enum SampleConfiguration {
    /// The AppliesTo address of the sample relying party, used by the sample request.
    static let sampleServiceAddress = "https://hello.tessera.test/HelloService"

    static func yaml() -> String {
        typealias File = DataDirectory.DevelopmentFile
        let store = ServerConfiguration.Store().sqlite
        return """
            # Tessera STS configuration, created with development keys on first start.
            # Reference: docs/configuration.md. Relative paths are relative to this file.
            # The keys next to this file are for development only: replace them before production.

            # Where the HTTP server listens. `tessera serve --host/--port` override these.
            listen:
              host: 127.0.0.1          # loopback only; 0.0.0.0 listens on every interface
              port: 8080               # 0 lets the system choose a free port

            # TLS for the listener (certificate chain and key, PEM). Without it the server speaks plain
            # HTTP, which is for development on loopback: UsernameToken passwords need TLS.
            # tls:
            #   certificate: tls.cert.pem
            #   key: tls.key.pem

            # The URL clients reach this server at (behind a proxy or load balancer), used for the
            # addresses in the WSDL and the metadata exchange document. Default: derived from listen
            # and tls.
            # publicBaseURL: https://sts.example.com

            endpoint:
              path: /sts               # SOAP 1.1 and 1.2 requests are POSTed here; GET /sts?wsdl gives the WSDL
              maxRequestBytes: 262144  # larger request bodies are refused with HTTP 413

            # ADFS-compatible aliases: <prefix>/13/usernamemixed, <prefix>/2005/usernamemixed,
            # <prefix>/13/certificatemixed, and the metadata exchange document at <prefix>/mex.
            adfs:
              enabled: true
              prefix: /adfs/services/trust

            dataDirectory: .           # where the server keeps its state
            store:
              sqlite: \(store)    # issued tokens and replay state, inside dataDirectory

            # Who this STS is: the Issuer of its tokens and the key that signs tokens and responses.
            identity:
              issuer: https://sts.tessera.test
              nameQualifier: STS                     # NameQualifier of issued NameIDs (omit for none)
              signingKey: \(File.stsKey.rawValue)
              signingCertificate: \(File.stsCertificate.rawValue)
              signResponses: true                    # sign response messages as well as tokens
              # Further keys JWTs are signed with: an EC P-256 key for ES256 (the signing key above,
              # RSA, signs RS256). keyID becomes the JWT "kid".
              # jwtSigningKeys:
              #   - key: jwt-es256.key.pem
              #     keyID: es256-1

            # CA certificates a requestor's signing certificate must chain to.
            trustAnchors:
              - \(File.caCertificate.rawValue)

            # Parties allowed to ask for tokens, by the certificate they sign requests with.
            # mayDelegate lets a requestor ask on behalf of others (OnBehalfOf, ActAs).
            requestors:
              - name: gateway
                certificate: \(File.gatewayCertificate.rawValue)
                mayDelegate: true
                # realm: gateway       # the realm identityMapping rules name its identities by (default: name)

            # Users who may authenticate with a UsernameToken password (PasswordText over TLS only, on
            # the usernamemixed aliases). Only a salted scrypt hash is stored, never the password:
            #   printf '%s\\n' 'her password' | tessera hash-password
            # users:
            #   - name: alice
            #     passwordHash: $scrypt$ln=15,r=8,p=1$<salt>$<hash>   # the line hash-password prints
            #     attributes:                                          # released only through claims
            #       - name: mail
            #         values: [alice@tessera.test]
            # usersRealm: local        # the realm identityMapping rules name these users by
            # A user who sends PasswordDigest also needs her password sealed under a key file:
            #   printf '%s\\n' 'her password' | tessera hash-password --digest-key digest.key --username alice
            # (run in this directory) prints passwordHash: and digestPassword: lines for her entry; then set
            # usersDigestKey: digest.key   # 32 bytes, mode 0600, created by the command above

            # SAML issuers (identity providers, other STSs) whose signed assertions are accepted as
            # credentials, in OnBehalfOf/ActAs and for Validate. Their certificates are pinned.
            # samlIssuers:
            #   - name: https://idp.partner.test      # the assertions' Issuer, exactly
            #     certificates: [idp.cert.pem]
            #     realm: partner                      # default: the name

            # Identity mapping between realms: the first rule whose realm matches applies.
            # identityMapping:
            #   - realm: gateway
            #     names:                                 # first rewrite that applies wins
            #       - {exact: jdoe, to: john.doe}
            #       - {replacePrefix: "CORP\\\\", with: ""}
            #       - {replaceSuffix: "@corp.test", with: "@partner.test"}
            #     attributeNames: {mail: email}          # old name: new name
            #     addedAttributes:
            #       - {name: tenant, values: [tessera]}

            # Renewal of issued tokens (WS-Trust Renew).
            renewal:
              enabled: true
              renewableByDefault: false      # a relying party's `renewable` overrides this
              windowAfterExpirySeconds: 1800 # how long after expiry a renewable token may be renewed

            # Symmetric proof keys (KeyType symmetric), in bits.
            proofKeys:
              minimumKeySize: 128
              maximumKeySize: 512
              defaultKeySize: 256
              entropy: combined              # combined, issuer or requestor
              minimumRequestorEntropyBytes: 16

            # Services tokens are issued for, selected by the request's AppliesTo address
            # (first match wins). The relying party's token type wins over the request's TokenType.
            relyingParties:
              - name: hello
                appliesTo:
                  - exact: \(sampleServiceAddress)   # or: prefix: https://hello.tessera.test/
                tokenType: saml2.0                 # saml2.0, saml1.1, jwt or usernameToken
                keyType: bearer                    # bearer, symmetric or public
                lifetimeSeconds: 600               # default: lifetimes.defaultSeconds
                # audience: https://hello.tessera.test   # default: the request's AppliesTo address
                nameIDFormat: unspecified          # or emailAddress, persistent, transient, ... or a URI
                confirmation: sender-vouches       # bearer or sender-vouches (proof-key tokens are holder-of-key)
                # acceptedKeyTypes: [bearer, symmetric]   # key types a request may ask for; default [keyType]
                # encryptionCertificate: hello.cert.pem   # proof keys (and SAML 2.0 tokens) are encrypted for it
                # encryptsToken: true                     # issue EncryptedAssertion when a certificate is given
                signatureAlgorithm: rsa-sha256     # or rsa-sha512; rsa-sha1 needs INSECURE_allowSHA1Signature: true
                # renewable: true                  # default: renewal.renewableByDefault
                claims:                            # attributes released to this party, in order
                  - name: tenant
                    value: tessera                 # a constant (or values: [a, b])
                  # - name: email
                  #   fromAttribute: mail          # the subject's attribute, after identity mapping

              # A JWT relying party (RS256 with the STS key, or es256 with a key in identity.jwtSigningKeys).
              - name: api
                appliesTo:
                  - prefix: https://api.tessera.test/
                tokenType: jwt
                jwtAlgorithm: rs256                # rs256 or es256
                jwtEncapsulation: token-wrapper    # token-wrapper (Apache CXF) or binary-security-token (WIF/ADFS)
                lifetimeSeconds: 900
                claims:
                  - name: scope
                    values: [orders.read]

              # A party whose provider takes a UsernameToken identity assertion (the mapped name, no
              # password, Nonce, Created), forwarded under the gateway's signature (docs/gateway.md).
              # - name: legacy
              #   appliesTo:
              #     - exact: https://legacy.tessera.test/OrderService
              #   tokenType: usernameToken
              #   lifetimeSeconds: 300             # within the provider's UsernameToken Created window

            # The relying party (by name) used for an AppliesTo that matches none; without it such
            # requests are refused with wst:InvalidScope.
            # defaultRelyingParty: hello

            lifetimes:
              defaultSeconds: 3600     # issued when neither the request nor the relying party says
              maximumSeconds: 28800    # longest lifetime a request may ask for

            security:
              clockSkewSeconds: 300        # tolerated difference between clocks
              timestampMaxAgeSeconds: 300  # oldest accepted request Timestamp

            # A service secured with WS-SecureConversation, hosted beside the STS: the sample echo
            # service, which issues its own security context tokens (RST/SCT) and answers Echo messages
            # signed and encrypted with keys derived from the context. Remove the section to turn it off.
            secureConversation:
              path: /echo
              versions: ["1.3", "2005-02"]   # WS-SecureConversation 1.3 and the February 2005 submission
              contexts: stateful             # stateful: in the store above (sessions survive a restart,
                                             # instances sharing a PostgreSQL store share them); or cookie
              # cookieKey: cookie.key        # cookie mode: 32 random bytes in base64, the same file on every instance
              # previousCookieKeys: []       # older cookie keys that still open cookies (rotation)
              bootstrap: x509                # x509: RST signed by a certificate the STS trusts (trustAnchors,
                                             # requestors); or username-over-tls (users, needs tls)
              requireEncryptedEntropy: true  # x509: client entropy only inside an encrypted Body
              minimumKeySize: 128            # context key sizes granted, in bits
              maximumKeySize: 512
              defaultKeySize: 256
              lifetimes:
                defaultSeconds: 3600         # a context lives this long unless the RST asks for less
                maximumSeconds: 28800
              algorithmSuite: basic256       # basic256, basic128, basic256-sha256 or basic128-sha256
              signatureConfirmation: false   # WSS 1.1 SignatureConfirmation in responses

            # The sample provider of the token-transformation scenario, hosted beside the STS: it
            # answers Hello requests forwarded by `tessera gateway` with "Hello, <subject>", accepting
            # SAML assertions this STS signed (identity.signingCertificate) for one of the audiences,
            # vouched for by the gateway's signature over the assertion, Body and Timestamp
            # (sender-vouches). Remove the section to turn it off.
            helloService:
              path: /hello
              audiences: [\(sampleServiceAddress)]
              gatewayCertificates: [\(File.gatewayCertificate.rawValue)]

            """
    }
}

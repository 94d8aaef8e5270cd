import Foundation
import Logging
import SecureConversationExample

// Runs the example quote service until SIGINT or SIGTERM:
//   secure-conversation-example KEY.pem CERT.pem CLIENT-CA.pem [PORT]
// With the development keys `tessera serve` creates in its data directory:
//   secure-conversation-example data/sts.key.pem data/sts.cert.pem data/dev-ca.cert.pem 8443
let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 3 || arguments.count == 4 else {
    FileHandle.standardError.write(Data("usage: secure-conversation-example KEY.pem CERT.pem CLIENT-CA.pem [PORT]\n".utf8))
    exit(64)
}
let files = Array(arguments.prefix(3))
let port = arguments.count == 4 ? Int(arguments.last!) : 0
guard let port else {
    FileHandle.standardError.write(Data("the port must be a number\n".utf8))
    exit(64)
}
let host: QuoteServiceHost
do {
    host = try QuoteServiceHost(keyFile: files[0], certificateFile: files[1], clientAuthorityFile: files[2])
} catch {
    FileHandle.standardError.write(Data("cannot read the keys: \(error)\n".utf8))
    exit(66)
}
try await host.run(port: port, logger: Logger(label: "quotes")) { url in
    print("Quote service listening on \(url) (WS-SecureConversation 1.3 and 2005/02, X.509 bootstrap)")
}

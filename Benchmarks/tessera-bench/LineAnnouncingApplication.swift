import Foundation
import Hummingbird
import Logging

/// The Hummingbird HTTP/1.1 application of tessera-bench's helper servers (`pass-through`,
/// `http-echo`), the same server stack as `tessera serve`, which prints
/// `<name> listening on http://HOST:PORT` once it listens, for the scripts that start it.
func lineAnnouncingApplication(
    router: Router<BasicRequestContext>, name: String, host: String, port: Int, logger: Logger
) -> some ApplicationProtocol {
    Application(
        router: router, server: .http1(), configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
        onServerRunning: { channel in
            let line = "\(name) listening on http://\(host):\(channel.localAddress?.port ?? port)\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }, logger: logger)
}

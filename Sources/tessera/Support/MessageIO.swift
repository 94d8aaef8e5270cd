import ArgumentParser
import Foundation
import SOAP
import WSSecurity

/// The envelope a command reads.
struct MessageInput: ParsableArguments {
    @Argument(help: ArgumentHelp("The SOAP envelope to read ('-' for standard input).", valueName: "IN.xml"))
    var path: String

    /// The input parsed by the hardened parser and checked as a SOAP envelope. A command that
    /// judges the message (verify, decrypt) reports a bad envelope as refused; the others as
    /// unusable input.
    func envelope(refusing: Bool = false) throws -> SOAPEnvelope {
        let bytes = try FileIO.read(path)
        do {
            return try SOAPEnvelope(parsing: bytes)
        } catch {
            if refusing { throw CommandFailure.refused(WSSecurityError(error)) }
            throw CommandFailure.cannotRun("\(displayName) is not a usable SOAP envelope: \(reason(of: error))")
        }
    }

    var displayName: String { path == "-" ? "standard input" : "'\(path)'" }

    private func reason(of error: any Error) -> String {
        switch error {
        case let error as SOAPError: error.reason
        default: WSSecurityError(error).reason
        }
    }
}

/// Where a command writes the envelope it produced.
struct MessageOutput: ParsableArguments {
    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp("Write the resulting envelope to OUT instead of standard output.", valueName: "OUT"))
    var path: String?

    func write(_ envelope: SOAPEnvelope) throws {
        try FileIO.write(envelope, to: path)
    }
}

/// File reading and writing with one-line errors.
enum FileIO {
    /// The bytes of `path` ('-' is standard input).
    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" { return [UInt8](FileHandle.standardInput.readDataToEndOfFile()) }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw CommandFailure.cannotRun("cannot read '\(path)': \(describe(error))")
        }
    }

    /// Writes the serialized envelope to `path`, or to standard output when `path` is nil.
    static func write(_ envelope: SOAPEnvelope, to path: String?) throws {
        var bytes = envelope.serialize()
        if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        if let path {
            try write(bytes, to: path)
        } else {
            FileHandle.standardOutput.write(Data(bytes))
        }
    }

    /// Writes `bytes` to `path` atomically; `privateFile` restricts it to the owner (keys).
    static func write(_ bytes: [UInt8], to path: String, privateFile: Bool = false) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try Data(bytes).write(to: url, options: .atomic)
            if privateFile {
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            }
        } catch {
            throw CommandFailure.cannotRun("cannot write '\(path)': \(describe(error))")
        }
    }

    private static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        if nsError.domain == NSCocoaErrorDomain {
            switch nsError.code {
            case NSFileReadNoSuchFileError: return "no such file"
            case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return "permission denied"
            default: break
            }
        }
        return nsError.localizedDescription
    }
}

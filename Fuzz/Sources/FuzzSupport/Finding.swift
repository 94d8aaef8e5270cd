import Foundation

/// A property the fuzz targets check beyond "does not crash": when one fails, the input is a
/// finding. The marker line lets `scripts/fuzz` count differences apart from crashes.
public enum Finding {
    /// The line prefix `scripts/fuzz` looks for.
    public static let marker = "TESSERA-FUZZ-DIFFERENCE"

    /// Prints `message` after the marker and aborts, so libFuzzer saves the input as a crash.
    public static func report(_ message: String) -> Never {
        FileHandle.standardError.write(Data("\(marker): \(message)\n".utf8))
        abort()
    }
}

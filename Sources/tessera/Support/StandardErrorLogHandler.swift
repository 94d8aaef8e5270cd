import Logging

/// `StreamLogHandler`'s lines on standard error, with the handler's own metadata formatted only
/// when a line is written.
///
/// `StreamLogHandler` formats its whole metadata into a string every time an item is set, and
/// Hummingbird sets one (`hb.request.id`) on a copy of the logger for every request: at
/// `--log-level warning` that formatting is the only work logging does per request, and it is
/// thrown away. This handler keeps the items as they are set and hands them to the stream
/// handler with each line it writes, so the output is the same.
struct StandardErrorLogHandler: LogHandler {
    private var output: StreamLogHandler
    var metadata: Logger.Metadata = [:]

    init(label: String, level: Logger.Level) {
        output = StreamLogHandler.standardError(label: label)
        output.logLevel = level
    }

    var logLevel: Logger.Level {
        get { output.logLevel }
        set { output.logLevel = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { output.metadataProvider }
        set { output.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        if !metadata.isEmpty {
            event.metadata = metadata.merging(event.metadata ?? [:]) { _, explicit in explicit }
        }
        output.log(event: event)
    }
}

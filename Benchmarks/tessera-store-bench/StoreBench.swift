import Foundation
import SecureConversation
import TesseraCrypto
import TesseraStore

/// `tessera-store-bench`: fills an SQLiteStore with security contexts and measures the latency
/// of `context(identifier:)` (SQL lookup by primary key plus opening the sealed secret) as the
/// table grows. Issue 4's claim: a million sessions without slower lookups.
///
///     tessera-store-bench [--rows N] [--lookups N] [--batch N] [--directory DIR]
///
/// Defaults: 1,000,000 rows, measured at 1k, 100k and 1M; 20,000 lookups of random existing
/// identifiers at each size, one at a time, after 2,000 untimed ones; rows inserted 10,000 per
/// transaction with `save(contentsOf:)`. The database goes to a new temporary directory, removed
/// at the end. Build with `-c release`.
@main
struct StoreBench {
    static func main() async {
        do {
            try await run(Options(Array(CommandLine.arguments.dropFirst())))
        } catch {
            FileHandle.standardError.write(Data("tessera-store-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(_ options: Options) async throws {
        let directory = URL(fileURLWithPath: options.directory ?? NSTemporaryDirectory())
            .appendingPathComponent("tessera-store-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        let store = try SQLiteStore(path: path, masterKey: .generate())
        let checkpoints = [1_000, 100_000, 1_000_000, options.rows].filter { $0 <= options.rows }.reduce(into: [Int]()) {
            if !$0.contains($1) { $0.append($1) }
        }

        print("SQLiteStore (WAL, synchronous=NORMAL), \(ProcessInfo.processInfo.activeProcessorCount) cores; \(options.lookups) lookups per size, one at a time")
        print()
        print("| rows | fill rows/s (this segment) | database + WAL MB | lookup mean µs | p50 µs | p99 µs | max µs | miss mean µs |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        var identifiers: [String] = []
        identifiers.reserveCapacity(options.rows)
        let now = Date()
        let clock = ContinuousClock()
        for checkpoint in checkpoints {
            let segmentStart = clock.now
            let segmentRows = checkpoint - identifiers.count
            while identifiers.count < checkpoint {
                let count = min(options.batch, checkpoint - identifiers.count)
                let batch = (0..<count).map { _ in
                    SecurityContextRecord(
                        identifier: "urn:uuid:\(UUID().uuidString.lowercased())", secret: SecureRandom.bytes(32),
                        owner: "CN=client-\(Int.random(in: 0..<1000)),O=Bench", created: now, expires: now.addingTimeInterval(86_400))
                }
                try await store.save(contentsOf: batch)
                identifiers += batch.map(\.identifier)
            }
            let fillSeconds = seconds(clock.now - segmentStart)
            FileHandle.standardError.write(Data("filled \(checkpoint) rows\n".utf8))

            for _ in 0..<options.warmUp {
                guard try await store.context(identifier: identifiers.randomElement()!) != nil else { throw BenchError.missing }
            }
            var latencies: [Double] = []
            latencies.reserveCapacity(options.lookups)
            for _ in 0..<options.lookups {
                let identifier = identifiers.randomElement()!
                let start = clock.now
                let found = try await store.context(identifier: identifier)
                latencies.append(seconds(clock.now - start) * 1e6)
                guard found != nil else { throw BenchError.missing }
            }
            var misses: [Double] = []
            for _ in 0..<(options.lookups / 10) {
                let start = clock.now
                let found = try await store.context(identifier: "urn:uuid:\(UUID().uuidString.lowercased())")
                misses.append(seconds(clock.now - start) * 1e6)
                guard found == nil else { throw BenchError.unexpected }
            }
            latencies.sort()
            let megabytes = Double(fileSize(path) + fileSize(path + "-wal")) / 1_048_576
            let columns = [Double(segmentRows) / fillSeconds, megabytes, mean(latencies), percentile(latencies, 0.50),
                           percentile(latencies, 0.99), latencies.last ?? 0, mean(misses)]
            let formats = ["%.0f", "%.1f", "%.1f", "%.1f", "%.1f", "%.1f", "%.1f"]
            print("| \(checkpoint) | " + zip(formats, columns).map { String(format: $0, $1) }.joined(separator: " | ") + " |")
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    /// The nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.intValue ?? 0
    }
}

struct Options {
    var rows = 1_000_000
    var lookups = 20_000
    var warmUp = 2_000
    var batch = 10_000
    var directory: String?

    init(_ arguments: [String]) throws {
        var remaining = arguments[...]
        func positive(_ flag: String) throws -> Int {
            guard let value = remaining.popFirst().flatMap(Int.init), value > 0 else { throw BenchError.usage("\(flag) needs a positive integer") }
            return value
        }
        while let argument = remaining.popFirst() {
            switch argument {
            case "--rows": rows = try positive(argument)
            case "--lookups": lookups = try positive(argument)
            case "--batch": batch = try positive(argument)
            case "--directory":
                guard let value = remaining.popFirst() else { throw BenchError.usage("--directory needs a path") }
                directory = value
            default: throw BenchError.usage("unknown argument \(argument); usage: tessera-store-bench [--rows N] [--lookups N] [--batch N] [--directory DIR]")
            }
        }
    }
}

enum BenchError: Error {
    case usage(String)
    case missing
    case unexpected
}

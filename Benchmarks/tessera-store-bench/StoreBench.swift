import Foundation
import SecureConversation
import StoreProtocols
import TesseraCrypto
import TesseraStore

/// `tessera-store-bench`: does `SQLiteStore.context(identifier:)` (a primary-key lookup plus
/// opening the sealed secret) slow down as the table grows? The claim under test: a million sessions
/// without slower lookups.
///
///     tessera-store-bench [--sizes 1000,100000,1000000] [--rounds N] [--lookups N] [--batch N] [--directory DIR]
///     tessera-store-bench --issuance N [--directory DIR]
///
/// One store per size, each filled with that many contexts (random `urn:uuid:` identifiers,
/// 32-byte secrets), 10,000 per transaction with `save(contentsOf:)`. Then `--rounds` rounds
/// (default 10): in each, every store answers `--lookups` (default 2,000) lookups of random
/// existing identifiers, one at a time, after 200 untimed ones. Interleaving the sizes round by
/// round spreads a noisy machine's slow moments over all of them, so the sizes compare fairly.
/// Then 2,000 lookups of absent identifiers per store. The databases go to a new temporary
/// directory, removed at the end. Build with `-c release`.
///
/// `--issuance N` instead times the store's work in N STS issuances (``IssuanceStoreBench``).
@main
struct StoreBench {
    struct Subject {
        let rows: Int
        let store: SQLiteStore
        let path: String
        var identifiers: [String]
        var fillRowsPerSecond: Double
        var latencies: [Double] = []
        var misses: [Double] = []
    }

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
        if let issuances = options.issuances {
            try await IssuanceStoreBench.run(issuances: issuances, directory: directory)
            return
        }
        let clock = ContinuousClock()
        let key = MasterKey.generate()

        var subjects: [Subject] = []
        for rows in options.sizes {
            let path = directory.appendingPathComponent("store-\(rows).sqlite").path
            let store = try SQLiteStore(path: path, masterKey: key)
            let start = clock.now
            let identifiers = try await fill(store, rows: rows, batch: options.batch)
            let rate = Double(rows) / seconds(clock.now - start)
            log("filled \(rows) rows (\(Int(rate)) rows/s)")
            subjects.append(Subject(rows: rows, store: store, path: path, identifiers: identifiers, fillRowsPerSecond: rate))
        }

        for round in 1...options.rounds {
            for index in subjects.indices {
                let subject = subjects[index]
                for _ in 0..<200 { try await lookUp(subject.identifiers.randomElement(), in: subject.store, expectFound: true) }
                for _ in 0..<options.lookups {
                    let identifier = subject.identifiers.randomElement()
                    let start = clock.now
                    try await lookUp(identifier, in: subject.store, expectFound: true)
                    subjects[index].latencies.append(seconds(clock.now - start) * 1e6)
                }
            }
            log("round \(round) of \(options.rounds)")
        }
        for index in subjects.indices {
            for _ in 0..<2_000 {
                let start = clock.now
                try await lookUp("urn:uuid:\(UUID().uuidString.lowercased())", in: subjects[index].store, expectFound: false)
                subjects[index].misses.append(seconds(clock.now - start) * 1e6)
            }
        }

        print(
            "SQLiteStore (WAL, synchronous=NORMAL), \(ProcessInfo.processInfo.activeProcessorCount) cores; "
                + "\(options.rounds) rounds × \(options.lookups) lookups per size, one at a time")
        print()
        print("| rows | fill rows/s | database + WAL MB | lookup mean µs | p50 µs | p90 µs | p99 µs | absent id mean µs |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for subject in subjects {
            let sorted = subject.latencies.sorted()
            let megabytes = Double(fileSize(subject.path) + fileSize(subject.path + "-wal")) / 1_048_576
            let columns = [
                subject.fillRowsPerSecond, megabytes, mean(sorted), percentile(sorted, 0.50), percentile(sorted, 0.90),
                percentile(sorted, 0.99), mean(subject.misses),
            ]
            let formats = ["%.0f", "%.1f", "%.1f", "%.1f", "%.1f", "%.1f", "%.1f"]
            print("| \(subject.rows) | " + zip(formats, columns).map { String(format: $0, $1) }.joined(separator: " | ") + " |")
        }
    }

    /// Saves `rows` fresh contexts in transactions of `batch`; returns their identifiers.
    static func fill(_ store: SQLiteStore, rows: Int, batch: Int) async throws -> [String] {
        let now = Date()
        var identifiers: [String] = []
        identifiers.reserveCapacity(rows)
        while identifiers.count < rows {
            let records = (0..<min(batch, rows - identifiers.count)).map { _ in
                SecurityContextRecord(
                    identifier: "urn:uuid:\(UUID().uuidString.lowercased())", secret: SecureRandom.bytes(32),
                    owner: "CN=client-\(Int.random(in: 0..<1000)),O=Bench", created: now, expires: now.addingTimeInterval(86_400))
            }
            try await store.save(contentsOf: records)
            identifiers += records.map(\.identifier)
        }
        return identifiers
    }

    static func lookUp(_ identifier: String?, in store: SQLiteStore, expectFound: Bool) async throws {
        guard let identifier else { throw BenchError.empty }
        let found = try await store.context(identifier: identifier) != nil
        guard found == expectFound else { throw BenchError.unexpected(identifier) }
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

    static func log(_ line: String) {
        FileHandle.standardError.write(Data("\(line)\n".utf8))
    }
}

struct Options {
    var sizes = [1_000, 100_000, 1_000_000]
    var rounds = 10
    var lookups = 2_000
    var batch = 10_000
    var directory: String?
    var issuances: Int?

    init(_ arguments: [String]) throws {
        var remaining = arguments[...]
        func positive(_ flag: String) throws -> Int {
            guard let value = remaining.popFirst().flatMap(Int.init), value > 0 else { throw BenchError.usage("\(flag) needs a positive integer") }
            return value
        }
        while let argument = remaining.popFirst() {
            switch argument {
            case "--sizes":
                let values = remaining.popFirst()?.split(separator: ",").map { Int($0) } ?? []
                guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) > 0 }) else { throw BenchError.usage("--sizes needs positive integers, comma-separated") }
                sizes = values.compactMap { $0 }
            case "--rounds": rounds = try positive(argument)
            case "--lookups": lookups = try positive(argument)
            case "--batch": batch = try positive(argument)
            case "--issuance": issuances = try positive(argument)
            case "--directory":
                guard let value = remaining.popFirst() else { throw BenchError.usage("--directory needs a path") }
                directory = value
            default:
                throw BenchError.usage(
                    "unknown argument \(argument); usage: tessera-store-bench [--sizes 1000,100000,1000000] [--rounds N] [--lookups N] [--batch N] [--directory DIR] | --issuance N [--directory DIR]"
                )
            }
        }
    }
}

enum BenchError: Error {
    case usage(String)
    case empty
    case unexpected(String)
}

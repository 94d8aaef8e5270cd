package import Metrics
package import Prometheus
import Synchronization

/// The swift-metrics counters and timers of one Prometheus registry, each made once per metric
/// and label set and then reused. Making one goes through the Prometheus factory, which takes
/// the registry's lock and looks the metric up by name and labels: more work than the event it
/// counts, on every request.
///
/// The number of objects kept is that of the label sets recorded, which callers keep bounded
/// (configured names and fixed words, never what a request chooses); the registry keeps every
/// one of those sets for its exposition anyway.
package final class MetricHandles: Sendable {
    private struct Key: Hashable {
        let label: String
        let dimensions: [String]

        init(_ label: String, _ dimensions: [(String, String)]) {
            self.label = label
            var flat: [String] = []
            flat.reserveCapacity(2 * dimensions.count)
            for (name, value) in dimensions {
                flat.append(name)
                flat.append(value)
            }
            self.dimensions = flat
        }
    }

    private let factory: PrometheusMetricsFactory
    private let counters = Mutex<[Key: Metrics.Counter]>([:])
    private let timers = Mutex<[Key: Metrics.Timer]>([:])

    package init(factory: PrometheusMetricsFactory) {
        self.factory = factory
    }

    /// The counter `label{dimensions}`, made on first use.
    package func counter(_ label: String, _ dimensions: [(String, String)]) -> Metrics.Counter {
        Self.handle(in: counters, Key(label, dimensions)) { Metrics.Counter(label: label, dimensions: dimensions, factory: factory) }
    }

    /// The timer (a Prometheus histogram) `label{dimensions}`, made on first use.
    package func timer(_ label: String, _ dimensions: [(String, String)]) -> Metrics.Timer {
        Self.handle(in: timers, Key(label, dimensions)) { Metrics.Timer(label: label, dimensions: dimensions, factory: factory) }
    }

    /// The metric `table` holds for `key`, made with `make` and kept when there is none yet.
    private static func handle<Metric>(in table: borrowing Mutex<[Key: Metric]>, _ key: Key, make: () -> Metric) -> Metric {
        table.withLock { table in
            if let metric = table[key] { return metric }
            let metric = make()
            table[key] = metric
            return metric
        }
    }
}

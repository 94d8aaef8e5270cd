/// A process's resident set sampled over a run: where it started, its highest and last values,
/// and its least-squares slope, to tell a flat memory profile from a leak.
public struct MemoryTrend: Sendable, Equatable {
    /// One sample: seconds since the run started and the resident set in kB.
    public struct Sample: Sendable, Equatable {
        public let seconds: Double
        public let kilobytes: Int
        public init(seconds: Double, kilobytes: Int) {
            self.seconds = seconds
            self.kilobytes = kilobytes
        }
    }

    public let samples: [Sample]

    /// Keeps the samples in the order given (which should be by time).
    public init(samples: [Sample]) {
        self.samples = samples
    }

    /// The first sample's kB; nil with no samples.
    public var startKilobytes: Int? { samples.first?.kilobytes }
    /// The last sample's kB; nil with no samples.
    public var endKilobytes: Int? { samples.last?.kilobytes }
    /// The highest sample's kB; nil with no samples.
    public var maximumKilobytes: Int? { samples.map(\.kilobytes).max() }

    /// The ordinary least-squares slope of kB over time, in kB per minute; nil with fewer than two
    /// samples or when all are at the same instant.
    public var slopeKilobytesPerMinute: Double? {
        guard samples.count >= 2 else { return nil }
        let n = Double(samples.count)
        let meanT = samples.reduce(0.0) { $0 + $1.seconds } / n
        let meanK = samples.reduce(0.0) { $0 + Double($1.kilobytes) } / n
        var covariance = 0.0
        var variance = 0.0
        for sample in samples {
            covariance += (sample.seconds - meanT) * (Double(sample.kilobytes) - meanK)
            variance += (sample.seconds - meanT) * (sample.seconds - meanT)
        }
        guard variance > 0 else { return nil }
        return covariance / variance * 60
    }
}

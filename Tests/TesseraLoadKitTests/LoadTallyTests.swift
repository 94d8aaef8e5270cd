import Testing
import TesseraLoadKit

@Suite struct LoadTallyTests {
    @Test func countsEveryOutcomeAndKeepsLatenciesOfAnswersOnly() {
        var tally = LoadTally()
        tally.record(.token, latencyNanoseconds: 3_000_000)
        tally.record(.token, latencyNanoseconds: 4_000_000)
        tally.record(.fault, latencyNanoseconds: 1_000_000)
        tally.record(.unexpected, latencyNanoseconds: 2_000_000)
        tally.record(.transportError, latencyNanoseconds: 30_000_000_000)
        #expect(tally.tokens == 2)
        #expect(tally.faults == 1)
        #expect(tally.unexpected == 1)
        #expect(tally.transportErrors == 1)
        #expect(tally.requests == 5)
        #expect(tally.latencies == [3_000_000, 4_000_000, 1_000_000, 2_000_000])
    }

    @Test func aNegativeLatencyIsRecordedAsZero() {
        var tally = LoadTally()
        tally.record(.token, latencyNanoseconds: -5)
        #expect(tally.latencies == [0])
    }
}

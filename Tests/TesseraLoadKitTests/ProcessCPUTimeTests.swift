import Foundation
import Testing
import TesseraLoadKit

@Suite struct ProcessCPUTimeTests {
    /// A stat line as proc(5) lays it out; utime 1234 and stime 567 are fields 14 and 15.
    static let sample = "4242 (tessera) S 1 4242 4242 0 -1 4194560 5120 0 0 0 1234 567 0 0 20 0 9 0 11873 812336640 12328 18446744073709551615\n"

    @Test func addsUserAndSystemTicks() throws {
        #expect(try #require(ProcessCPUTime(statText: Self.sample)).ticks == 1801)
    }

    @Test func countsFieldsFromTheLastParenthesis() throws {
        // A command name may hold spaces and parentheses of its own.
        let odd = Self.sample.replacingOccurrences(of: "(tessera)", with: "(a ) b (c)")
        #expect(try #require(ProcessCPUTime(statText: odd)).ticks == 1801)
    }

    @Test func refusesATruncatedOrMalformedLine() {
        #expect(ProcessCPUTime(statText: "4242 (tessera) S 1 4242") == nil)
        #expect(ProcessCPUTime(statText: Self.sample.replacingOccurrences(of: " 1234 ", with: " -1 ")) == nil)
        #expect(ProcessCPUTime(statText: "no parenthesis at all") == nil)
    }

    @Test func secondsBetweenReadings() throws {
        let earlier = try #require(ProcessCPUTime(statText: Self.sample))
        let later = try #require(ProcessCPUTime(statText: Self.sample.replacingOccurrences(of: " 1234 567 ", with: " 1334 667 ")))
        #expect(abs(later.seconds(since: earlier) - 200 / ProcessCPUTime.ticksPerSecond) < 1e-9)
    }

    @Test func readsThisProcess() throws {
        #expect(try #require(ProcessCPUTime(pid: getpid())).ticks >= 0)
    }
}

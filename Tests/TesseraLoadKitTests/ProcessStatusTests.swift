import Foundation
import Testing
import TesseraLoadKit

@Suite struct ProcessStatusTests {
    /// The layout of proc(5)'s /proc/<pid>/status, tabs and padding as the kernel writes them.
    static let sample = """
        Name:\ttessera
        Umask:\t0022
        State:\tS (sleeping)
        VmPeak:\t  812340 kB
        VmSize:\t  812336 kB
        VmHWM:\t   51876 kB
        VmRSS:\t   49312 kB
        RssAnon:\t   30120 kB
        Threads:\t6

        """

    @Test func readsResidentAndPeak() throws {
        let status = try #require(ProcessStatus(statusText: Self.sample))
        #expect(status.residentKilobytes == 49_312)
        #expect(status.peakResidentKilobytes == 51_876)
    }

    @Test func refusesAMissingLineOrAnotherUnit() {
        #expect(ProcessStatus(statusText: Self.sample.replacingOccurrences(of: "VmHWM", with: "VmXXX")) == nil)
        #expect(ProcessStatus(statusText: Self.sample.replacingOccurrences(of: "49312 kB", with: "49312 MB")) == nil)
        #expect(ProcessStatus(statusText: Self.sample.replacingOccurrences(of: "49312 kB", with: "-3 kB")) == nil)
        #expect(ProcessStatus(statusText: "") == nil)
    }

    @Test func readsThisProcess() throws {
        let status = try #require(ProcessStatus(pid: getpid()))
        #expect(status.residentKilobytes > 0)
        #expect(status.residentKilobytes <= status.peakResidentKilobytes)
    }

    @Test func aProcessThatDoesNotExistHasNoStatus() {
        #expect(ProcessStatus(pid: Int32.max) == nil)
    }
}

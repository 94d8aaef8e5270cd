import Testing
import TesseraLoadKit

@Suite struct ArrivalScheduleTests {
    @Test func offsetsAreIndexOverRateInNanoseconds() throws {
        let schedule = try #require(ArrivalSchedule(rate: 200, count: 1000))
        #expect(schedule.offsetNanoseconds(of: 0) == 0)
        #expect(schedule.offsetNanoseconds(of: 1) == 5_000_000)
        #expect(schedule.offsetNanoseconds(of: 200) == 1_000_000_000)
        #expect(schedule.offsetNanoseconds(of: 999) == 4_995_000_000)
    }

    @Test func offsetsRoundUpToTheNextNanosecond() throws {
        let schedule = try #require(ArrivalSchedule(rate: 3, count: 10))
        #expect(schedule.offsetNanoseconds(of: 1) == 333_333_334)
        #expect(schedule.offsetNanoseconds(of: 3) == 1_000_000_000)
    }

    /// The count due at a request's own offset includes it, and one nanosecond earlier does not:
    /// the scheduler can neither send a request early nor skip one.
    @Test(arguments: [3.0, 7.3, 200, 333.3, 1_000, 2_718.28])
    func dueCountAgreesWithEveryOffset(rate: Double) throws {
        let schedule = try #require(ArrivalSchedule(rate: rate, count: 5_000))
        for index in 0..<schedule.count {
            let offset = schedule.offsetNanoseconds(of: index)
            #expect(schedule.dueCount(at: offset) == index + 1)
            if offset > 0 { #expect(schedule.dueCount(at: offset - 1) == index) }
        }
    }

    @Test func dueCountIsBoundedByTheSchedule() throws {
        let schedule = try #require(ArrivalSchedule(rate: 100, count: 50))
        #expect(schedule.dueCount(at: -1) == 0)
        #expect(schedule.dueCount(at: 0) == 1)
        #expect(schedule.dueCount(at: 10_000_000_000) == 50)
        #expect(try #require(ArrivalSchedule(rate: 100, count: 0)).dueCount(at: 1_000_000_000) == 0)
    }

    @Test func scheduleForADurationAndItsWarmUp() throws {
        // 10 s of warm-up + measurement at 200/s: requests 0...1999; the first 2 s hold 400.
        let schedule = try #require(ArrivalSchedule(rate: 200, seconds: 10))
        #expect(schedule.count == 2_000)
        #expect(schedule.countBefore(seconds: 2) == 400)
        #expect(schedule.countBefore(seconds: 0) == 0)
        #expect(try #require(ArrivalSchedule(rate: 3, seconds: 1.1)).count == 4)  // ⌈3.3⌉
    }

    @Test func refusesRatesAndCountsThatMakeNoSchedule() {
        #expect(ArrivalSchedule(rate: 0, count: 10) == nil)
        #expect(ArrivalSchedule(rate: -5, count: 10) == nil)
        #expect(ArrivalSchedule(rate: .infinity, count: 10) == nil)
        #expect(ArrivalSchedule(rate: .nan, count: 10) == nil)
        #expect(ArrivalSchedule(rate: 10, count: -1) == nil)
        #expect(ArrivalSchedule(rate: 10, seconds: -1) == nil)
    }
}

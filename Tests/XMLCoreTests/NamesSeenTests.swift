import Testing
import XMLCore

struct NamesSeenTests {
    @Test func eachNameIsNewOnlyOnce() {
        var seen = NamesSeen(known: ["To", "Action"])
        let answers = ["To", "Action", "Other", "To", "Other", "Else"].map { seen.insert($0) }
        // A known name and a name outside the known ones are each refused when repeated.
        #expect(answers == [true, true, true, false, false, true])
    }
}

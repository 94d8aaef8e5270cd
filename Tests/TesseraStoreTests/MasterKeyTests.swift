import Foundation
import Testing
import TesseraStore

/// The master key file: created private and atomically, refused when exposed or malformed.
struct MasterKeyTests {
    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func loadOrCreateWrites32PrivateBytesOnceAndReadsThemAfter() throws {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("master.key")
        let created = try MasterKey.loadOrCreate(at: url)
        #expect(try mode(url.path) == 0o600)
        #expect(try Data(contentsOf: url).count == 32)
        let loaded = try MasterKey.loadOrCreate(at: url)
        #expect(loaded.identifier == created.identifier)
        #expect(try MasterKey.load(from: url).identifier == created.identifier)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["master.key"], "no temporary file left")
    }

    @Test func concurrentStartersEndUpWithOneKey() async throws {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("master.key")
        let identifiers = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { try MasterKey.loadOrCreate(at: url).identifier } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(identifiers.count == 1)
    }

    @Test func aFileOthersCanReadIsRefused() throws {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("master.key")
        _ = try MasterKey.loadOrCreate(at: url)
        for exposed in [0o640, 0o604, 0o620] {
            try FileManager.default.setAttributes([.posixPermissions: exposed], ofItemAtPath: url.path)
            let error = try #require(throws: StoreError.self) { try MasterKey.loadOrCreate(at: url) }
            #expect(error.code == .masterKeyFileInsecure)
            #expect(error.reason.contains("chmod 600"))
        }
    }

    @Test(arguments: [0, 31, 33, 64])
    func aFileOfAnotherSizeIsRefused(_ size: Int) throws {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("master.key")
        _ = FileManager.default.createFile(atPath: url.path, contents: Data(repeating: 0x41, count: size), attributes: [.posixPermissions: 0o600])
        let error = try #require(throws: StoreError.self) { try MasterKey.loadOrCreate(at: url) }
        #expect(error.code == .invalidMasterKey)
    }

    @Test func aDirectoryIsNotAKeyFile() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.url.path)
        let error = try #require(throws: StoreError.self) { try MasterKey.load(from: directory.url) }
        #expect(error.code == .masterKeyFileInsecure)
    }

    @Test func aMissingDirectoryIsReported() throws {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("absent/master.key")
        let error = try #require(throws: StoreError.self) { try MasterKey.loadOrCreate(at: url) }
        #expect(error.code == .masterKeyFileUnavailable)
    }

    @Test func givenBytesMustBe32() throws {
        for count in [0, 16, 31, 33] {
            let error = try #require(throws: StoreError.self) { try MasterKey(bytes: [UInt8](repeating: 1, count: count)) }
            #expect(error.code == .invalidMasterKey)
        }
        let key = try MasterKey(bytes: [UInt8](repeating: 1, count: 32))
        #expect(key.identifier.count == 16)
        #expect(key.identifier != MasterKey.generate().identifier)
    }

    /// Printing or dumping a key shows its identifier, never its bytes.
    @Test func descriptionsDoNotRevealTheKey() throws {
        let key = try MasterKey(bytes: [UInt8](repeating: 0xAB, count: 32))
        var dumped = ""
        dump(key, to: &dumped)
        for text in [key.description, String(reflecting: key), "\(key)", dumped] {
            #expect(text.contains(key.identifier))
            #expect(!text.lowercased().contains("abababab"))
            #expect(!text.contains("171, 171"))
            #expect(!text.contains("- 171"))
        }
    }
}

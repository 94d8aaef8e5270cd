import Foundation

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafeRawPointer, Int) -> CInt
) -> CInt

/// The entry point every fuzz target's `<Module>_main` forwards to.
///
/// `--make-seeds DIRECTORY` writes the target's generated seed inputs into DIRECTORY (one file
/// each, named after the input) and exits; anything else is libFuzzer's command line.
public func runFuzzer(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    seeds: () throws -> [(name: String, bytes: [UInt8])] = { [] },
    _ callback: @convention(c) (UnsafeRawPointer, Int) -> CInt
) -> CInt {
    if argc == 3, let argv, let flag = argv[1], String(cString: flag) == "--make-seeds", let directory = argv[2] {
        return writeSeeds(try seeds(), to: URL(fileURLWithPath: String(cString: directory)))
    }
    var argc = argc, argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, callback)
}

private func writeSeeds(_ seeds: @autoclosure () throws -> [(name: String, bytes: [UInt8])], to directory: URL) -> CInt {
    do {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let seeds = try seeds()
        for seed in seeds {
            try Data(seed.bytes).write(to: directory.appendingPathComponent(seed.name))
        }
        print("wrote \(seeds.count) seed inputs to \(directory.path)")
        return 0
    } catch {
        FileHandle.standardError.write(Data("could not write seed inputs: \(error)\n".utf8))
        return 1
    }
}

/// The bytes libFuzzer hands to `LLVMFuzzerTestOneInput`.
public func fuzzInput(_ data: UnsafeRawPointer, _ count: Int) -> [UInt8] {
    Array(UnsafeRawBufferPointer(start: data, count: count))
}

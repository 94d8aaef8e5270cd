import Testing
import TesseraCrypto

/// The shortest HMAC key that may authenticate a peer (WS-SecurityPolicy 1.2 §6.1: 128 bits).
@Suite struct HMACKeyFloorTests {
    @Test(arguments: [0, 1, 15])
    func shortKeysAreRefused(_ length: Int) {
        #expect { try HMACFunction.checkKeyLength([UInt8](repeating: 7, count: length)) } throws: { ($0 as? CryptoError)?.code == .invalidKeySize }
    }

    @Test(arguments: [16, 24, 32, 64])
    func keysOfAtLeast128BitsAreAccepted(_ length: Int) throws {
        try HMACFunction.checkKeyLength([UInt8](repeating: 7, count: length))
    }
}

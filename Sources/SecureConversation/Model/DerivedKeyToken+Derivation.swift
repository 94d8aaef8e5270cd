public import TesseraCrypto
import WSSecurity

extension DerivedKeyToken {
    /// The derived key: bytes `offset ..< offset + length` of P_SHA1(`secret`, label + nonce)
    /// (WS-SC 1.3 §7.2; the same in 2005/02 §8), with this token's effective label, nonce,
    /// offset and length. The bounds are the ones ``init(element:)`` enforces; a token built in
    /// code that exceeds them is refused too, so no value makes the derivation unbounded.
    public func deriveKey(from secret: [UInt8]) throws -> [UInt8] {
        try deriveKey(with: PSHA1.Keyed(secret: secret))
    }

    /// The derived key under `secret`, keyed beforehand (``deriveKey(from:)``): a sender
    /// deriving several keys from one context secret keys HMAC once.
    public func deriveKey(with secret: PSHA1.Keyed) throws -> [UInt8] {
        let input = try derivationInput()
        return secret.derive(seed: input.seed, length: input.length, offset: input.offset)
    }

    /// The P_SHA1 seed (label + nonce), length and offset of the key, within the bounds.
    func derivationInput() throws -> (seed: [UInt8], length: Int, offset: Int) {
        let length = effectiveLength
        let offset = effectiveOffset
        guard (Limits.minimumLength...Limits.maximumLength).contains(length), (0...Limits.maximumOffset).contains(offset) else {
            throw WSSecurityError(
                .invalidSecurityToken, "derived keys are \(Limits.minimumLength) to \(Limits.maximumLength) bytes, at most \(Limits.maximumOffset) bytes in")
        }
        return (effectiveLabel + (effectiveNonce ?? []), length, offset)
    }
}

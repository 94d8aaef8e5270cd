import XMLSecurity

extension BlockEncryptionAlgorithm {
    /// The AES algorithm of this key length in `mode` (XML-Enc 1.1 §5.2.1 CBC, §5.2.4 GCM).
    func sameKeyLength(in mode: Mode) -> BlockEncryptionAlgorithm {
        Self.all.first { $0.mode == mode && $0.keyLength == keyLength } ?? self
    }
}

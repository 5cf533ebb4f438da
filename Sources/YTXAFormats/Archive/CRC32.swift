/// CRC-32 (IEEE 802.3, the zip and gzip checksum; reflected polynomial 0xEDB88320), for checking
/// what a zip entry inflates to.
package enum CRC32 {
  private static let table: [UInt32] = (0..<256).map { index in
    var value = UInt32(index)
    for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
    return value
  }

  /// The checksum of `bytes`.
  package static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
    var running = Running()
    running.update(bytes)
    return running.checksum
  }

  /// A checksum taken piece by piece (for an entry written in pieces).
  package struct Running {
    private var crc: UInt32 = 0xFFFF_FFFF

    package init() {}

    package mutating func update(_ bytes: some Sequence<UInt8>) {
      for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    }

    /// The checksum of everything so far.
    package var checksum: UInt32 { crc ^ 0xFFFF_FFFF }
  }
}

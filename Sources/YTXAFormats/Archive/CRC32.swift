/// CRC-32 (IEEE 802.3, the zip and gzip checksum; reflected polynomial 0xEDB88320), for checking
/// what a zip entry inflates to.
package enum CRC32 {
  private static let table: [UInt32] = (0..<256).map { index in
    var value = UInt32(index)
    for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
    return value
  }

  /// Eight tables for eight bytes at a time ("slicing by 8", Intel 2006): `tables[k][b]` is the
  /// CRC of byte `b` followed by `k` zero bytes.
  private static let tables: [UInt32] = {
    var tables = [UInt32](repeating: 0, count: 8 * 256)
    for index in 0..<256 { tables[index] = table[index] }
    for slice in 1..<8 {
      for index in 0..<256 {
        let previous = tables[(slice - 1) * 256 + index]
        tables[slice * 256 + index] = (previous >> 8) ^ table[Int(previous & 0xFF)]
      }
    }
    return tables
  }()

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
      let done: Void? = bytes.withContiguousStorageIfAvailable {
        update(UnsafeRawBufferPointer($0))
      }
      guard done == nil else { return }
      for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    }

    /// Adds bytes from memory, eight at a time.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
      guard let base = bytes.baseAddress else { return }
      var crc = self.crc
      var index = 0
      CRC32.tables.withUnsafeBufferPointer { t in
        while bytes.count - index >= 8 {
          let low =
            crc ^ UInt32(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt32.self))
          let high = UInt32(
            littleEndian: base.loadUnaligned(fromByteOffset: index + 4, as: UInt32.self))
          crc =
            t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
            ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
            ^ t[3 * 256 + Int(high & 0xFF)] ^ t[2 * 256 + Int((high >> 8) & 0xFF)]
            ^ t[1 * 256 + Int((high >> 16) & 0xFF)] ^ t[Int(high >> 24)]
          index += 8
        }
        while index < bytes.count {
          crc = t[Int((crc ^ UInt32(bytes[index])) & 0xFF)] ^ (crc >> 8)
          index += 1
        }
      }
      self.crc = crc
    }

    /// The checksum of everything so far.
    package var checksum: UInt32 { crc ^ 0xFFFF_FFFF }
  }
}

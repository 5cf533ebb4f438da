/// Writes a zip archive (PKWARE APPNOTE) in memory, entries stored as they are (no compression:
/// the spreadsheets ytxa writes are small, and a stored entry is read by every tool). Each entry
/// has its CRC-32, a fixed timestamp (1980-01-01 00:00, the format's earliest) so that the same
/// content always gives the same bytes, and a UTF-8 name.
package struct ZipWriter {
  private var bytes: [UInt8] = []
  private var directory: [UInt8] = []
  private var count = 0

  package init() {}

  /// Appends an entry.
  package mutating func add(_ name: String, _ data: [UInt8]) {
    let nameBytes = Array(name.utf8)
    let crc = CRC32.checksum(data)
    let offset = bytes.count
    // Version 2.0, UTF-8 names (bit 11), stored, time 00:00, date 1980-01-01.
    func common(_ out: inout [UInt8]) {
      Self.put16(20, &out)
      Self.put16(0x0800, &out)
      Self.put16(0, &out)
      Self.put16(0, &out)
      Self.put16(0x21, &out)
      Self.put32(crc, &out)
      Self.put32(UInt32(data.count), &out)
      Self.put32(UInt32(data.count), &out)
      Self.put16(nameBytes.count, &out)
      Self.put16(0, &out)
    }
    Self.put32(0x0403_4B50, &bytes)
    common(&bytes)
    bytes += nameBytes
    bytes += data
    Self.put32(0x0201_4B50, &directory)
    Self.put16(20, &directory)
    common(&directory)
    Self.put16(0, &directory)  // comment length
    Self.put16(0, &directory)  // disk
    Self.put16(0, &directory)  // internal attributes
    Self.put32(0, &directory)  // external attributes
    Self.put32(UInt32(offset), &directory)
    directory += nameBytes
    count += 1
  }

  /// The archive: the entries, the central directory and its end record.
  package func finished() -> [UInt8] {
    var out = bytes
    let start = out.count
    out += directory
    Self.put32(0x0605_4B50, &out)
    Self.put16(0, &out)
    Self.put16(0, &out)
    Self.put16(count, &out)
    Self.put16(count, &out)
    Self.put32(UInt32(directory.count), &out)
    Self.put32(UInt32(start), &out)
    Self.put16(0, &out)
    return out
  }

  private static func put16(_ value: Int, _ out: inout [UInt8]) {
    out.append(UInt8(value & 0xFF))
    out.append(UInt8((value >> 8) & 0xFF))
  }

  private static func put32(_ value: UInt32, _ out: inout [UInt8]) {
    for shift in stride(from: 0, to: 32, by: 8) {
      out.append(UInt8((value >> UInt32(shift)) & 0xFF))
    }
  }
}

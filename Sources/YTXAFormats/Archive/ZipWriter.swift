/// Writes a zip archive (PKWARE APPNOTE), entries stored as they are (no compression: a stored
/// entry is read by every tool, and the output is deterministic). Each entry has its CRC-32, a
/// fixed timestamp (1980-01-01 00:00, the format's earliest) so that the same content always
/// gives the same bytes, and a UTF-8 name.
///
/// The archive is either kept in memory (``finished()``) or handed to `emit` as it is written,
/// an entry's data in pieces (``add(_:size:crc:pieces:)``), so that a large sheet never has to
/// be held whole. Without ZIP64 an archive stays under 4 GiB; past that it is refused.
package struct ZipWriter {
  /// Why an archive cannot be written.
  package struct TooLarge: Error, Sendable {}

  private var bytes: [UInt8] = []
  private var directory: [UInt8] = []
  private var count = 0
  private var offset = 0
  private let emit: (([UInt8]) -> Void)?

  /// An archive kept in memory.
  package init() { emit = nil }

  /// An archive handed to `emit` piece by piece, in order.
  package init(emit: @escaping ([UInt8]) -> Void) { self.emit = emit }

  /// Appends an entry.
  package mutating func add(_ name: String, _ data: [UInt8]) {
    add(name, size: data.count, crc: CRC32.checksum(data)) { (write: ([UInt8]) -> Void) in
      write(data)
    }
  }

  /// Appends an entry whose `size` bytes (with checksum `crc`) `pieces` hands out in order.
  package mutating func add<Failure: Error>(
    _ name: String, size: Int, crc: UInt32,
    pieces: (_ write: ([UInt8]) -> Void) throws(Failure) -> Void
  ) throws(Failure) {
    let nameBytes = Array(name.utf8)
    let start = offset
    // Version 2.0, UTF-8 names (bit 11), stored, time 00:00, date 1980-01-01.
    func common(_ out: inout [UInt8]) {
      Self.put16(20, &out)
      Self.put16(0x0800, &out)
      Self.put16(0, &out)
      Self.put16(0, &out)
      Self.put16(0x21, &out)
      Self.put32(crc, &out)
      Self.put32(UInt32(truncatingIfNeeded: size), &out)
      Self.put32(UInt32(truncatingIfNeeded: size), &out)
      Self.put16(nameBytes.count, &out)
      Self.put16(0, &out)
    }
    var header: [UInt8] = []
    Self.put32(0x0403_4B50, &header)
    common(&header)
    header += nameBytes
    write(header)
    var written = 0
    try pieces { piece in
      written += piece.count
      write(piece)
    }
    precondition(written == size, "a zip entry's pieces must add up to its size")
    Self.put32(0x0201_4B50, &directory)
    Self.put16(20, &directory)
    common(&directory)
    Self.put16(0, &directory)  // comment length
    Self.put16(0, &directory)  // disk
    Self.put16(0, &directory)  // internal attributes
    Self.put32(0, &directory)  // external attributes
    Self.put32(UInt32(truncatingIfNeeded: start), &directory)
    directory += nameBytes
    count += 1
  }

  private mutating func write(_ piece: [UInt8]) {
    offset += piece.count
    if let emit { emit(piece) } else { bytes += piece }
  }

  /// Whether the entries so far fit an archive without ZIP64 (under 4 GiB, under 65,535
  /// entries).
  package var fits: Bool { offset + directory.count < Int(UInt32.max) && count < 0xFFFF }

  /// The archive: the entries, the central directory and its end record (handed to `emit` when
  /// there is one, and then returned empty).
  package mutating func finished() throws(TooLarge) -> [UInt8] {
    guard fits else { throw TooLarge() }
    var end = directory
    Self.put32(0x0605_4B50, &end)
    Self.put16(0, &end)
    Self.put16(0, &end)
    Self.put16(count, &end)
    Self.put16(count, &end)
    Self.put32(UInt32(directory.count), &end)
    Self.put32(UInt32(offset), &end)
    Self.put16(0, &end)
    write(end)
    return bytes
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

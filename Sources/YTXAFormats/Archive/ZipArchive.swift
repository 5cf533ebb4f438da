/// Reads a zip archive (PKWARE APPNOTE; the container of .xlsx files) held in memory: the end of
/// central directory record, the central directory, and each entry's data, stored or deflated
/// (``Inflate``), its CRC-32 checked. Refused, each with a message: ZIP64 archives (not needed
/// for spreadsheets), archives split over several disks, encrypted entries, methods other than
/// stored and deflate, entry names that are absolute or climb out with `..`, a name given twice,
/// and an entry that inflates past the caller's limit (a zip bomb).
package struct ZipArchive: Sendable {
  /// Why an archive or an entry cannot be read.
  package struct Failure: Error, Sendable, Hashable {
    package var message: Message
  }

  /// One file of the archive, as the central directory describes it.
  package struct Entry: Sendable, Hashable {
    package var name: String
    package var method: Int
    package var crc: UInt32
    package var compressedSize: Int
    package var size: Int
    package var localHeader: Int
  }

  package let entries: [Entry]
  /// Each entry's place in ``entries``, by name.
  private let byName: [String: Int]
  private let bytes: [UInt8]

  package init(_ bytes: [UInt8]) throws(Failure) {
    self.bytes = bytes
    let end = try Self.endRecord(bytes)
    let count = Self.u16(bytes, end + 10)
    let directorySize = Int(Self.u32(bytes, end + 12))
    let directoryStart = Int(Self.u32(bytes, end + 16))
    guard Self.u16(bytes, end + 4) == 0, Self.u16(bytes, end + 6) == 0,
      count == Self.u16(bytes, end + 8)
    else {
      throw Self.failure("tệp nén chia thành nhiều phần", "an archive split over several disks")
    }
    guard count != 0xFFFF, directorySize != 0xFFFF_FFFF, directoryStart != 0xFFFF_FFFF else {
      throw Self.zip64
    }
    guard directoryStart + directorySize <= end else {
      throw Self.failure("thư mục trung tâm nằm ngoài tệp", "the central directory lies outside")
    }
    var entries: [Entry] = []
    var byName: [String: Int] = [:]
    var position = directoryStart
    for _ in 0..<count {
      let (entry, next) = try Self.entry(bytes, at: position, end: directoryStart + directorySize)
      guard byName.updateValue(entries.count, forKey: entry.name) == nil else {
        throw Self.failure(
          "tên \"\(entry.name.abbreviated)\" xuất hiện hai lần",
          "the name \"\(entry.name.abbreviated)\" appears twice")
      }
      entries.append(entry)
      position = next
    }
    self.entries = entries
    self.byName = byName
  }

  /// The entry called `name`, if any.
  package func entry(_ name: String) -> Entry? { byName[name].map { entries[$0] } }

  /// What `entry` holds, at most `limit` bytes of it.
  package func data(_ entry: Entry, limit: Int) throws(Failure) -> [UInt8] {
    let reader = try self.reader(entry, limit: limit)
    var data: [UInt8] = []
    data.reserveCapacity(entry.size)
    while let piece = try reader.next() { data.append(contentsOf: piece) }
    return data
  }

  /// What `entry` holds, a piece at a time (at most `limit` bytes in all): its size and CRC-32
  /// are checked when the last piece has been read.
  package func reader(_ entry: Entry, limit: Int) throws(Failure) -> EntryReader {
    guard entry.size <= limit else { throw Self.tooLarge(entry, limit: limit) }
    let local = entry.localHeader
    guard local + 30 <= bytes.count, Self.u32(bytes, local) == 0x0403_4B50 else {
      throw Self.failure(
        "tiêu đề của \"\(entry.name.abbreviated)\" bị hỏng",
        "the local header of \"\(entry.name.abbreviated)\" is damaged")
    }
    let start = local + 30 + Self.u16(bytes, local + 26) + Self.u16(bytes, local + 28)
    guard start + entry.compressedSize <= bytes.count else {
      throw Self.failure(
        "\"\(entry.name.abbreviated)\" bị cắt cụt", "\"\(entry.name.abbreviated)\" is truncated")
    }
    return EntryReader(entry, stored: Array(bytes[start..<start + entry.compressedSize]))
  }

  /// An entry's bytes, a piece at a time; the size and CRC-32 the directory declares are
  /// checked at the end, and the entry may not inflate past the declared size.
  package final class EntryReader {
    private let entry: Entry
    /// A stored entry's bytes (for the deflated ones, the inflater holds them).
    private let stored: UnsafeMutableRawBufferPointer
    private let inflater: Inflate.Reader?
    private var crc = CRC32.Running()
    private var size = 0
    private var isDone = false

    init(_ entry: Entry, stored: [UInt8]) {
      self.entry = entry
      self.stored = .allocate(byteCount: entry.method == 0 ? stored.count : 0, alignment: 8)
      if entry.method == 0 { self.stored.copyBytes(from: stored) }
      // Never past the size the directory declares (checked at the end in any case).
      inflater = entry.method == 0 ? nil : Inflate.Reader(stored, limit: entry.size)
    }

    deinit { stored.deallocate() }

    /// The next piece (valid until the next call), or `nil` after the last.
    package func next() throws(Failure) -> UnsafeRawBufferPointer? {
      guard !isDone else { return nil }
      let piece: UnsafeRawBufferPointer?
      if let inflater {
        do {
          piece = try inflater.next()
        } catch {
          throw Failure(message: "\(entry.name.abbreviated): " + error.message)
        }
      } else {
        piece = size < stored.count ? UnsafeRawBufferPointer(stored) : nil
      }
      guard let piece else {
        isDone = true
        guard size == entry.size, crc.checksum == entry.crc else {
          throw ZipArchive.failure(
            "\"\(entry.name.abbreviated)\" không khớp độ dài hoặc mã kiểm tra CRC-32",
            "\"\(entry.name.abbreviated)\" does not match its size or CRC-32")
        }
        return nil
      }
      size += piece.count
      crc.update(piece)
      return piece
    }
  }

  // MARK: Records

  /// Where the end of central directory record starts (searched back over a comment).
  private static func endRecord(_ bytes: [UInt8]) throws(Failure) -> Int {
    guard bytes.count >= 22 else {
      throw failure("không phải tệp nén zip", "not a zip archive")
    }
    var position = bytes.count - 22
    let lowest = max(0, bytes.count - 22 - 0xFFFF)
    while position >= lowest {
      if u32(bytes, position) == 0x0605_4B50,
        position + 22 + u16(bytes, position + 20) == bytes.count
      {
        if position >= 20, u32(bytes, position - 20) == 0x0706_4B50 { throw zip64 }
        return position
      }
      position -= 1
    }
    throw failure("không phải tệp nén zip", "not a zip archive")
  }

  /// One central directory header and where the next begins.
  private static func entry(_ bytes: [UInt8], at position: Int, end: Int) throws(Failure) -> (
    Entry, Int
  ) {
    guard position + 46 <= end, u32(bytes, position) == 0x0201_4B50 else {
      throw failure("thư mục trung tâm bị hỏng", "the central directory is damaged")
    }
    let flags = u16(bytes, position + 8)
    let method = u16(bytes, position + 10)
    let nameLength = u16(bytes, position + 28)
    let next = position + 46 + nameLength + u16(bytes, position + 30) + u16(bytes, position + 32)
    guard next <= end else {
      throw failure("thư mục trung tâm bị hỏng", "the central directory is damaged")
    }
    let name = String(decoding: bytes[position + 46..<position + 46 + nameLength], as: UTF8.self)
    let entry = Entry(
      name: name, method: method, crc: u32(bytes, position + 16),
      compressedSize: Int(u32(bytes, position + 20)), size: Int(u32(bytes, position + 24)),
      localHeader: Int(u32(bytes, position + 42)))
    guard entry.compressedSize != 0xFFFF_FFFF, entry.size != 0xFFFF_FFFF,
      entry.localHeader != 0xFFFF_FFFF
    else { throw zip64 }
    guard flags & 1 == 0 else {
      throw failure(
        "\"\(name.abbreviated)\" được mã hóa", "\"\(name.abbreviated)\" is encrypted")
    }
    guard method == 0 || method == 8 else {
      throw failure(
        "\"\(name.abbreviated)\" dùng kiểu nén \(method) (chỉ đọc lưu thẳng và deflate)",
        "\"\(name.abbreviated)\" uses compression method \(method) (only stored and deflate)")
    }
    let parts = name.split(separator: "/", omittingEmptySubsequences: false)
    guard !name.hasPrefix("/"), !name.contains("\\"), !name.contains(":"),
      !parts.contains("..")
    else {
      throw failure(
        "tên \"\(name.abbreviated)\" trỏ ra ngoài tệp nén",
        "the name \"\(name.abbreviated)\" points outside the archive")
    }
    return (entry, next)
  }

  private static func u16(_ bytes: [UInt8], _ at: Int) -> Int {
    Int(bytes[at]) | Int(bytes[at + 1]) << 8
  }

  private static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
    UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16
      | UInt32(bytes[at + 3]) << 24
  }

  private static func failure(_ vietnamese: String, _ english: String) -> Failure {
    Failure(message: Message(vietnamese, english))
  }

  private static let zip64 = failure(
    "tệp nén ZIP64 (quá 4 GB hoặc quá 65.535 tệp) không được hỗ trợ",
    "ZIP64 archives (over 4 GB or 65,535 entries) are not supported")

  private static func tooLarge(_ entry: Entry, limit: Int) -> Failure {
    failure(
      "\"\(entry.name.abbreviated)\" giải nén thành \(entry.size) byte, quá giới hạn \(limit)",
      "\"\(entry.name.abbreviated)\" inflates to \(entry.size) bytes, over the limit of \(limit)")
  }
}

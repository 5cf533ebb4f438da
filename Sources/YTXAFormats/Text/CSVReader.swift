/// Reads CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF line ends, newlines inside
/// quotes), with `,` or `;` as separator.
package struct CSVReader: Sendable {
  /// A record and the line it starts on (1-based).
  public struct Record: Sendable, Hashable {
    public var line: Int
    public var fields: [String]

    package init(line: Int, fields: [String]) {
      self.line = line
      self.fields = fields
    }
  }

  /// A malformed CSV document.
  public struct SyntaxError: Error, Sendable, Hashable {
    public var line: Int
    public var message: Message
    /// Whether the text is not UTF-8 (rather than not CSV).
    public var isEncoding = false

    package init(line: Int, message: Message, isEncoding: Bool = false) {
      self.line = line
      self.message = message
      self.isEncoding = isEncoding
    }
  }

  public let separator: UInt8

  public init(separator: UInt8) {
    self.separator = separator
  }

  /// The separator of a document: whichever of `;` and `,` occurs more often outside quotes in
  /// its first line (`,` on a tie).
  public static func detectSeparator(_ bytes: [UInt8]) -> UInt8 {
    var commas = 0
    var semicolons = 0
    var quoted = false
    for byte in bytes {
      if byte == UInt8(ascii: "\"") { quoted.toggle() }
      if quoted { continue }
      if byte == UInt8(ascii: "\n") { break }
      if byte == UInt8(ascii: ",") { commas += 1 }
      if byte == UInt8(ascii: ";") { semicolons += 1 }
    }
    return semicolons > commas ? UInt8(ascii: ";") : UInt8(ascii: ",")
  }

  /// Every record; a UTF-8 byte order mark is skipped; blank lines are left out.
  public func records(_ input: [UInt8]) throws(SyntaxError) -> [Record] {
    let stream = Stream(separator: separator) { nil }
    try stream.feed(input[...])
    var records: [Record] = []
    while let record = try stream.next() { records.append(record) }
    return records
  }

  /// Records read one at a time from pieces of a document, so that a table of any length is
  /// read in bounded memory: the state of a field or a quote cut by the end of a piece carries
  /// over. The rules (RFC 4180 and the ones below) are here once, for the whole-document reader
  /// too:
  /// - a UTF-8 byte order mark is skipped, blank lines are left out;
  /// - a line ends with LF or CRLF; a lone CR outside quotes is refused (it would join two
  ///   values, `96\r50` into `9650`);
  /// - the text must be UTF-8 (``SyntaxError/isEncoding`` says when it is not);
  /// - no record may pass ``maximumRecord`` bytes.
  package final class Stream {
    private let separator: UInt8
    private let more: () throws(SyntaxError) -> ArraySlice<UInt8>?
    private var bytes: [UInt8] = []
    private var position = 0
    private var isFinished = false
    private var isFirst = true
    /// The first bytes, until there are enough to see a byte order mark.
    private var head: [UInt8] = []
    private var fields: [String] = []
    private var field: [UInt8] = []
    private var recordBytes = 0
    private var line = 1
    private var recordLine = 1
    private var quoted = false
    private var wasQuoted = false
    private var afterCR = false
    /// Bytes of an incomplete UTF-8 sequence at the end of the last piece.
    private var carry: [UInt8] = []

    /// The longest record accepted.
    package static let maximumRecord = 16 << 20

    /// `more` gives the next piece of the document, or `nil` at its end.
    package init(
      separator: UInt8, more: @escaping () throws(SyntaxError) -> ArraySlice<UInt8>?
    ) {
      self.separator = separator
      self.more = more
    }

    /// Adds a piece before the ones `more` gives (the first bytes, read to find the separator).
    package func feed(_ piece: ArraySlice<UInt8>) throws(SyntaxError) {
      var piece = piece
      if isFirst {
        // A UTF-8 byte order mark, once its three bytes are in (whatever the pieces).
        head += piece
        guard head.count >= 3 || isFinished else { return }
        isFirst = false
        piece = head.starts(with: [0xEF, 0xBB, 0xBF]) ? head.dropFirst(3) : head[...]
        head = []
      }
      bytes.removeSubrange(0..<position)
      position = 0
      // Only whole UTF-8 sequences are parsed; the tail of a cut one waits for the next piece.
      var joined = carry + piece
      var cut = joined.count
      var back = 0
      while back < 3, cut > 0, joined[cut - 1] & 0xC0 == 0x80 {
        cut -= 1
        back += 1
      }
      if cut > 0, joined[cut - 1] >= 0xC0 {
        let lead = joined[cut - 1]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        cut = back + 1 >= length ? joined.count : cut - 1
      } else {
        cut = joined.count
      }
      carry = Array(joined[cut...])
      joined.removeSubrange(cut...)
      try checkUTF8(joined)
      bytes += joined
    }

    /// The next record, or `nil` at the end.
    package func next() throws(SyntaxError) -> Record? {
      while true {
        if let record = try step() { return record }
        // Everything that could be parsed was: the end, or the next piece.
        if isFinished { return finish() }
        if let piece = try more() {
          try feed(piece)
        } else {
          isFinished = true
          if isFirst { try feed([]) }
          if !carry.isEmpty { throw notUTF8(line: line) }
        }
      }
    }

    /// What is left at the end: the last record, or an unclosed quote.
    private func finish() -> Record? {
      guard !fields.isEmpty || !field.isEmpty else { return nil }
      return endRecord()
    }

    /// Parses bytes until a record ends (returned) or the bytes run out (`nil`).
    private func step() throws(SyntaxError) -> Record? {
      while position < bytes.count {
        let byte = bytes[position]
        position += 1
        recordBytes += 1
        guard recordBytes <= Self.maximumRecord else {
          throw SyntaxError(
            line: recordLine,
            message: Message(
              "một dòng dài quá \(Self.maximumRecord >> 20) MiB",
              "a record longer than \(Self.maximumRecord >> 20) MiB"))
        }
        if afterCR {
          afterCR = false
          guard byte == UInt8(ascii: "\n") else {
            throw SyntaxError(
              line: line,
              message: Message(
                "ký tự xuống dòng CR đứng một mình (không có LF theo sau) ngoài ngoặc kép; hãy lưu "
                  + "lại tệp với kiểu xuống dòng Windows (CRLF) hoặc Unix (LF)",
                "a carriage return (CR) without a line feed after it, outside quotes; save the "
                  + "file again with Windows (CRLF) or Unix (LF) line ends"))
          }
        }
        if quoted {
          if byte == UInt8(ascii: "\"") {
            if position == bytes.count, !isFinished {
              // Whether the quote is doubled is told by the next piece.
              position -= 1
              recordBytes -= 1
              return nil
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: "\"") {
              field.append(byte)
              position += 1
            } else {
              quoted = false
            }
          } else {
            if byte == UInt8(ascii: "\n") { line += 1 }
            field.append(byte)
          }
          continue
        }
        switch byte {
        case UInt8(ascii: "\""):
          guard field.isEmpty, !wasQuoted else {
            throw SyntaxError(
              line: line,
              message: Message(
                "dấu ngoặc kép trong ô không được đặt trong ngoặc kép; hãy đặt cả ô trong ngoặc kép",
                "a quote inside an unquoted field; quote the whole field"))
          }
          quoted = true
          wasQuoted = true
        case separator:
          endField()
        case UInt8(ascii: "\r"):
          afterCR = true
        case UInt8(ascii: "\n"):
          let record = endRecord()
          line += 1
          recordLine = line
          if let record { return record }
        default:
          field.append(byte)
        }
      }
      if isFinished, quoted {
        throw SyntaxError(
          line: recordLine,
          message: Message("một ô mở ngoặc kép mà không đóng", "a quoted field is not closed"))
      }
      if isFinished, afterCR {
        // A file whose last line ends with a lone CR: the end of the file ends it.
        afterCR = false
      }
      return nil
    }

    /// Checks that a piece (whole sequences, see ``feed(_:)``) is UTF-8; the error names the
    /// line of the first byte that is not.
    private func checkUTF8(_ piece: [UInt8]) throws(SyntaxError) {
      if piece.allSatisfy({ $0 < 0x80 }) || String(validating: piece, as: UTF8.self) != nil {
        return
      }
      var parser = Unicode.UTF8.ForwardParser()
      var iterator = piece.makeIterator()
      var offset = 0
      while case .valid(let scalar) = parser.parseScalar(from: &iterator) { offset += scalar.count }
      // Lines before the piece, then the piece's own up to the bad byte.
      let before = bytes[position...].count { $0 == UInt8(ascii: "\n") }
      throw notUTF8(line: line + before + piece[..<offset].count { $0 == UInt8(ascii: "\n") })
    }

    private func notUTF8(line: Int) -> SyntaxError {
      SyntaxError(line: line, message: Self.notUTF8Message, isEncoding: true)
    }

    static let notUTF8Message = Message("không phải văn bản UTF-8", "is not UTF-8 text")

    private func endField() {
      fields.append(String(decoding: field, as: UTF8.self))
      field.removeAll(keepingCapacity: true)
      wasQuoted = false
    }

    /// The record just ended, unless it is a blank line.
    private func endRecord() -> Record? {
      endField()
      defer {
        fields.removeAll(keepingCapacity: true)
        recordBytes = 0
      }
      guard !(fields.count == 1 && fields[0].isEmpty) else { return nil }
      return Record(line: recordLine, fields: fields)
    }
  }
}

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
    var bytes = input[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    var records: [Record] = []
    var fields: [String] = []
    var field: [UInt8] = []
    var line = 1
    var recordLine = 1
    var quoted = false
    var wasQuoted = false
    var index = bytes.startIndex
    func endField() {
      fields.append(String(decoding: field, as: UTF8.self))
      field.removeAll(keepingCapacity: true)
      wasQuoted = false
    }
    func endRecord() {
      endField()
      if !(fields.count == 1 && fields[0].isEmpty) {
        records.append(Record(line: recordLine, fields: fields))
      }
      fields.removeAll(keepingCapacity: true)
    }
    while index < bytes.endIndex {
      let byte = bytes[index]
      index += 1
      if quoted {
        if byte == UInt8(ascii: "\"") {
          if index < bytes.endIndex, bytes[index] == UInt8(ascii: "\"") {
            field.append(byte)
            index += 1
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
        continue
      case UInt8(ascii: "\n"):
        endRecord()
        line += 1
        recordLine = line
      default:
        field.append(byte)
      }
    }
    if quoted {
      throw SyntaxError(
        line: recordLine,
        message: Message("một ô mở ngoặc kép mà không đóng", "a quoted field is not closed"))
    }
    if !field.isEmpty || !fields.isEmpty { endRecord() }
    return records
  }
}

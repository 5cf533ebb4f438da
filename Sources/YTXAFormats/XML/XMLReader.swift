/// A small pull reader for the XML of Office Open XML parts (workbook, shared strings, sheets):
/// elements with their attributes, text with the predefined and numeric character references
/// decoded, CDATA, comments and processing instructions skipped. Names are given without their
/// namespace prefix (`x:c` is `c`). A document type declaration is refused (spreadsheet parts
/// have none, and entity definitions are how XML bombs work); so is anything malformed.
package struct XMLReader {
  /// What the reader meets, in document order.
  package enum Event: Equatable {
    case start(name: String, attributes: [String: String], isEmpty: Bool)
    case end(name: String)
    case text(String)
  }

  /// Why a part is not XML this reader reads.
  package struct Failure: Error, Sendable, Hashable {
    package var message: Message
  }

  private let bytes: [UInt8]
  private var position = 0

  package init(_ bytes: [UInt8]) {
    self.bytes = bytes
    // A UTF-8 byte order mark.
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
  }

  private func failure(_ vietnamese: String, _ english: String) -> Failure {
    Failure(
      message: Message(
        "XML không hợp lệ tại byte \(position): ", "invalid XML at byte \(position): ")
        + Message(vietnamese, english))
  }

  /// The next event, or `nil` at the end of the document.
  package mutating func next() throws(Failure) -> Event? {
    while position < bytes.count {
      guard bytes[position] == UInt8(ascii: "<") else { return .text(try text()) }
      if starts(with: "<?") {
        try skip(past: "?>")
      } else if starts(with: "<!--") {
        try skip(past: "-->")
      } else if starts(with: "<![CDATA[") {
        position += 9
        let start = position
        try skip(past: "]]>")
        return .text(String(decoding: bytes[start..<position - 3], as: UTF8.self))
      } else if starts(with: "<!") {
        throw failure("không đọc khai báo DOCTYPE", "a document type declaration is not read")
      } else if starts(with: "</") {
        position += 2
        let name = try self.name()
        skipSpaces()
        try expect(UInt8(ascii: ">"))
        return .end(name: name)
      } else {
        return try start()
      }
    }
    return nil
  }

  private func starts(with text: StaticString) -> Bool {
    text.withUTF8Buffer { prefix in
      position + prefix.count <= bytes.count
        && bytes[position..<position + prefix.count].elementsEqual(prefix)
    }
  }

  private mutating func skip(past end: StaticString) throws(Failure) {
    while position < bytes.count {
      if starts(with: end) {
        position += end.utf8CodeUnitCount
        return
      }
      position += 1
    }
    throw failure("tệp kết thúc giữa chừng", "the part ends in the middle of a construct")
  }

  private mutating func skipSpaces() {
    while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) {
      position += 1
    }
  }

  private mutating func expect(_ byte: UInt8) throws(Failure) {
    guard position < bytes.count, bytes[position] == byte else {
      throw failure(
        "cần '\(Character(Unicode.Scalar(byte)))'", "expected '\(Character(Unicode.Scalar(byte)))'")
    }
    position += 1
  }

  /// A name, without its namespace prefix.
  private mutating func name() throws(Failure) -> String {
    let start = position
    var local = position
    while position < bytes.count {
      let byte = bytes[position]
      if [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/"), UInt8(ascii: "=")]
        .contains(byte)
      {
        break
      }
      if byte == UInt8(ascii: ":") { local = position + 1 }
      position += 1
    }
    guard position > start, local < position else { throw failure("thiếu tên", "a name expected") }
    return String(decoding: bytes[local..<position], as: UTF8.self)
  }

  private mutating func start() throws(Failure) -> Event {
    position += 1
    let name = try self.name()
    var attributes: [String: String] = [:]
    while true {
      skipSpaces()
      guard position < bytes.count else {
        throw failure("tệp kết thúc trong một thẻ", "the part ends inside a tag")
      }
      if bytes[position] == UInt8(ascii: ">") {
        position += 1
        return .start(name: name, attributes: attributes, isEmpty: false)
      }
      if starts(with: "/>") {
        position += 2
        return .start(name: name, attributes: attributes, isEmpty: true)
      }
      let key = try self.name()
      skipSpaces()
      try expect(UInt8(ascii: "="))
      skipSpaces()
      guard position < bytes.count,
        bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'")
      else { throw failure("giá trị thuộc tính cần dấu nháy", "an attribute value needs quotes") }
      let quote = bytes[position]
      position += 1
      let valueStart = position
      while position < bytes.count, bytes[position] != quote { position += 1 }
      guard position < bytes.count else {
        throw failure("tệp kết thúc trong một thuộc tính", "the part ends inside an attribute")
      }
      attributes[key] = try decode(bytes[valueStart..<position])
      position += 1
    }
  }

  private mutating func text() throws(Failure) -> String {
    let start = position
    while position < bytes.count, bytes[position] != UInt8(ascii: "<") { position += 1 }
    return try decode(bytes[start..<position])
  }

  /// Text with its character references replaced.
  private func decode(_ raw: ArraySlice<UInt8>) throws(Failure) -> String {
    guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
    var out: [UInt8] = []
    out.reserveCapacity(raw.count)
    var index = raw.startIndex
    while index < raw.endIndex {
      guard raw[index] == UInt8(ascii: "&") else {
        out.append(raw[index])
        index += 1
        continue
      }
      guard let semicolon = raw[index...].firstIndex(of: UInt8(ascii: ";")),
        semicolon - index <= 10
      else { throw failure("tham chiếu ký tự không đóng", "an unterminated reference") }
      let entity = String(decoding: raw[index + 1..<semicolon], as: UTF8.self)
      let scalar: Unicode.Scalar?
      switch entity {
      case "lt": scalar = "<"
      case "gt": scalar = ">"
      case "amp": scalar = "&"
      case "quot": scalar = "\""
      case "apos": scalar = "'"
      default:
        if entity.hasPrefix("#x") {
          scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
        } else if entity.hasPrefix("#") {
          scalar = UInt32(entity.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
        } else {
          scalar = nil
        }
      }
      guard let scalar else {
        throw failure(
          "tham chiếu &\(entity.abbreviated); không được biết",
          "unknown reference &\(entity.abbreviated);")
      }
      out += Array(String(Character(scalar)).utf8)
      index = semicolon + 1
    }
    return String(decoding: out, as: UTF8.self)
  }
}

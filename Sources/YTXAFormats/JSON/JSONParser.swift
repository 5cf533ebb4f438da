/// A strict RFC 8259 parser over UTF-8 bytes.
///
/// Strict means: no trailing commas, no comments, no duplicate keys, no invalid UTF-8, no
/// leading zeros, nothing after the top-level value. Numbers are validated and kept as text.
package struct JSONParser {
  /// Why a document is not valid JSON (``JSONSyntaxError``).
  package typealias SyntaxError = JSONSyntaxError

  package let bytes: [UInt8]
  package var index = 0
  package var depth = 0
  private static let maximumDepth = 64

  package init(bytes: [UInt8]) {
    self.bytes = bytes
  }

  /// Parses a complete document.
  public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
    try document(bytes) { parser throws(SyntaxError) in try parser.parseValue() }
  }

  /// Parses a document that must be an object, building only the members named in `keeping`:
  /// the others are read and checked (syntax, UTF-8, nesting depth) but not kept, and keys
  /// inside them are not checked for duplicates. For reading a few fields of long lines.
  public static func parseObject(_ bytes: [UInt8], keeping: [String]) throws(SyntaxError)
    -> JSONObject
  {
    try document(bytes) { parser throws(SyntaxError) in
      guard parser.bytes[parser.index] == UInt8(ascii: "{") else {
        throw parser.error(Message("cần một đối tượng JSON", "expected a JSON object"))
      }
      return try parser.parseObject(keeping: keeping)
    }
  }

  /// One value read by `read`, with an optional byte order mark and whitespace around it and
  /// nothing else.
  private static func document<Value>(
    _ bytes: [UInt8], _ read: (inout JSONParser) throws(SyntaxError) -> Value
  ) throws(SyntaxError) -> Value {
    var parser = JSONParser(bytes: bytes)
    parser.skipByteOrderMark()
    parser.skipWhitespace()
    guard parser.index < bytes.count else {
      throw parser.error(
        bytes.isEmpty
          ? Message("tệp rỗng", "the file is empty")
          : Message("tệp không có giá trị JSON nào", "no JSON value in the file"))
    }
    let value = try read(&parser)
    parser.skipWhitespace()
    if parser.index < bytes.count {
      throw parser.error(
        Message(
          "có nội dung thừa sau giá trị JSON", "unexpected text after the end of the JSON value"))
    }
    return value
  }

  /// Reads past one value, checking it as ``parseValue()`` does but building nothing (keys
  /// inside objects are not checked for duplicates).
  package mutating func skipValue() throws(SyntaxError) {
    guard index < bytes.count else {
      throw error(
        Message("tệp kết thúc giữa một giá trị", "the file ends in the middle of a value"))
    }
    let opening = bytes[index]
    switch opening {
    case UInt8(ascii: "{"), UInt8(ascii: "["): break
    case UInt8(ascii: "\""): return try skipString()
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      _ = try scanNumber()
      return
    default:
      _ = try parseValue()
      return
    }
    let isObject = opening == UInt8(ascii: "{")
    let closing = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
    try enter()
    defer { depth -= 1 }
    index += 1
    skipWhitespace()
    if index < bytes.count, bytes[index] == closing {
      index += 1
      return
    }
    while true {
      skipWhitespace()
      if isObject {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
          throw error(Message("cần một khóa trong ngoặc kép", "expected a key in double quotes"))
        }
        try skipString()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
          throw error(Message("cần ':' sau khóa", "expected ':' after a key"))
        }
        index += 1
        skipWhitespace()
      }
      try skipValue()
      skipWhitespace()
      guard index < bytes.count else {
        throw error(Message("tệp kết thúc giữa một giá trị", "the file ends inside a value"))
      }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
      } else if bytes[index] == closing {
        index += 1
        return
      } else {
        throw error(
          isObject
            ? Message("cần ',' hoặc '}' trong đối tượng", "expected ',' or '}' in an object")
            : Message("cần ',' hoặc ']' trong mảng", "expected ',' or ']' in an array"))
      }
    }
  }

  /// A UTF-8 byte order mark is tolerated: spreadsheet tools write one.
  package mutating func skipByteOrderMark() {
    if index == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
  }

  package func error(_ message: Message, at offset: Int? = nil) -> SyntaxError {
    let end = min(offset ?? index, bytes.count)
    var line = 1
    var column = 1
    for byte in bytes[0..<end] {
      if byte == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return SyntaxError(message: message, line: line, column: column)
  }

  package mutating func skipWhitespace() {
    // Pretty-printed files are half indentation: scan without a bounds check per byte.
    var position = index
    bytes.withUnsafeBufferPointer { buffer in
      while position < buffer.count {
        switch buffer[position] {
        case 0x20, 0x0A, 0x0D, 0x09: position += 1
        default: return
        }
      }
    }
    index = position
  }

  package mutating func parseValue() throws(SyntaxError) -> JSONValue {
    guard index < bytes.count else {
      throw error(
        Message("tệp kết thúc giữa một giá trị", "the file ends in the middle of a value"))
    }
    switch bytes[index] {
    case UInt8(ascii: "{"): return .object(try parseObject())
    case UInt8(ascii: "["): return .array(try parseArray())
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"):
      try expectWord("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try expectWord("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try expectWord("null")
      return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
    default:
      throw error(
        Message(
          "ký tự không mong đợi '\(printable(bytes[index]))'",
          "unexpected character '\(printable(bytes[index]))'"))
    }
  }

  package func printable(_ byte: UInt8) -> String {
    (0x20..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
  }

  package mutating func expectWord(_ word: StaticString) throws(SyntaxError) {
    let count = word.utf8CodeUnitCount
    let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
    guard index + count <= bytes.count, bytes[index..<index + count].elementsEqual(expected) else {
      throw error(
        Message("giá trị không hợp lệ (cần \(word))", "invalid literal (expected \(word))"))
    }
    index += count
  }

  package mutating func enter() throws(SyntaxError) {
    depth += 1
    if depth > Self.maximumDepth {
      throw error(
        Message(
          "lồng sâu quá \(Self.maximumDepth) cấp", "nesting deeper than \(Self.maximumDepth) levels"
        ))
    }
  }

  /// An object; with `keeping`, only the members it names are built, the others read past.
  private mutating func parseObject(keeping: [String]? = nil) throws(SyntaxError) -> JSONObject {
    try enter()
    defer { depth -= 1 }
    index += 1
    var members: [JSONObject.Member] = []
    var skippedKeys: [String] = []
    var seen: Set<String> = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return JSONObject(members: members)
    }
    while true {
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
        throw error(
          index < bytes.count
            ? Message("cần một khóa trong ngoặc kép", "expected a key in double quotes")
            : Message("tệp kết thúc giữa một đối tượng", "the file ends inside an object")
        )
      }
      let keyOffset = index
      let key = try parseString()
      // Small objects (nearly all) check by scanning; large ones keep a set.
      let isDuplicate: Bool
      if members.count + skippedKeys.count < 12 {
        isDuplicate = members.contains { $0.key == key } || skippedKeys.contains(key)
      } else {
        if seen.isEmpty { seen = Set(members.map(\.key) + skippedKeys) }
        isDuplicate = !seen.insert(key).inserted
      }
      if isDuplicate {
        throw error(Message("khóa \"\(key)\" bị lặp", "duplicate key \"\(key)\""), at: keyOffset)
      }
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
        throw error(Message("cần ':' sau khóa \"\(key)\"", "expected ':' after the key \"\(key)\""))
      }
      index += 1
      skipWhitespace()
      if let keeping, !keeping.contains(key) {
        try skipValue()
        skippedKeys.append(key)
      } else {
        members.append(.init(key: key, value: try parseValue()))
      }
      skipWhitespace()
      guard index < bytes.count else {
        throw error(Message("tệp kết thúc giữa một đối tượng", "the file ends inside an object"))
      }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
      } else if bytes[index] == UInt8(ascii: "}") {
        index += 1
        return JSONObject(members: members)
      } else {
        throw error(Message("cần ',' hoặc '}' trong đối tượng", "expected ',' or '}' in an object"))
      }
    }
  }

  private mutating func parseArray() throws(SyntaxError) -> [JSONValue] {
    try enter()
    defer { depth -= 1 }
    index += 1
    var elements: [JSONValue] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return elements
    }
    while true {
      skipWhitespace()
      elements.append(try parseValue())
      skipWhitespace()
      guard index < bytes.count else {
        throw error(Message("tệp kết thúc giữa một mảng", "the file ends inside an array"))
      }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
      } else if bytes[index] == UInt8(ascii: "]") {
        index += 1
        return elements
      } else {
        throw error(Message("cần ',' hoặc ']' trong mảng", "expected ',' or ']' in an array"))
      }
    }
  }

  package mutating func parseNumber() throws(SyntaxError) -> String {
    String(decoding: bytes[try scanNumber()], as: UTF8.self)
  }

  /// Reads past a number (validated JSON number syntax) and returns where its text lies.
  package mutating func scanNumber() throws(SyntaxError) -> Range<Int> {
    let start = index
    func digits(_ parser: inout JSONParser) -> Int {
      let from = parser.index
      while parser.index < parser.bytes.count,
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(parser.bytes[parser.index])
      {
        parser.index += 1
      }
      return parser.index - from
    }
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    let integerStart = index
    let integerDigits = digits(&self)
    if integerDigits == 0 { throw error(Message("số không hợp lệ", "invalid number")) }
    if integerDigits > 1, bytes[integerStart] == UInt8(ascii: "0") {
      throw error(
        Message("số không hợp lệ (số 0 ở đầu)", "invalid number (leading zero)"), at: integerStart)
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      if digits(&self) == 0 {
        throw error(
          Message(
            "số không hợp lệ (không có chữ số sau '.')", "invalid number (no digits after '.')"))
      }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")
      {
        index += 1
      }
      if digits(&self) == 0 {
        throw error(
          Message(
            "số không hợp lệ (số mũ không có chữ số)", "invalid number (no digits in the exponent)")
        )
      }
    }
    return start..<index
  }
}

/// Why a document (an evidence, criteria or roadmap file) is not valid JSON, with the place it
/// was noticed.
public struct JSONSyntaxError: Error, Equatable, Sendable {
  /// What is wrong.
  public var message: Message
  /// 1-based line and column (in bytes) of the offending place.
  public var line: Int
  public var column: Int
}

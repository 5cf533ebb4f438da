import Foundation
import YTXAFormats

extension EvidenceFastPath.Reader {
  // MARK: Tokens, read by the parser's own code

  mutating func peek() throws(EvidenceFastPath.GiveUp) -> UInt8 {
    parser.skipWhitespace()
    guard parser.index < parser.bytes.count else { throw EvidenceFastPath.GiveUp() }
    return parser.bytes[parser.index]
  }

  mutating func expect(_ byte: UInt8) throws(EvidenceFastPath.GiveUp) {
    guard try peek() == byte else { throw EvidenceFastPath.GiveUp() }
    parser.index += 1
  }

  mutating func string() throws(EvidenceFastPath.GiveUp) -> String {
    guard try peek() == UInt8(ascii: "\"") else { throw EvidenceFastPath.GiveUp() }
    let text: String
    do {
      text = try parser.parseString()
    } catch {
      throw EvidenceFastPath.GiveUp()
    }
    // A control, bidirectional control or noncharacter: the general path refuses it and says
    // where (``FieldReader``, ``UnsafeText``).
    if UnsafeText.containsHazard(text) { throw EvidenceFastPath.GiveUp() }
    return text
  }

  /// A string with something other than spaces (the general path's "must not be empty").
  mutating func nonBlankString() throws(EvidenceFastPath.GiveUp) -> String {
    let text = try string()
    guard !text.isBlank else { throw EvidenceFastPath.GiveUp() }
    return text
  }

  mutating func number() throws(EvidenceFastPath.GiveUp) -> String {
    let byte = try peek()
    guard byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    else { throw EvidenceFastPath.GiveUp() }
    do {
      return try parser.parseNumber()
    } catch {
      throw EvidenceFastPath.GiveUp()
    }
  }

  /// A whole number written as plain digits (other spellings: the general path).
  mutating func integer() throws(EvidenceFastPath.GiveUp) -> Int {
    _ = try peek()
    // The usual case, read in place: digits with no leading zero, not followed by more of a
    // number ('.', 'e', 'E'). Anything else: the parser's own code.
    let bytes = parser.bytes
    var end = parser.index
    if bytes[end] == UInt8(ascii: "-") { end += 1 }
    let start = end
    while end < bytes.count, bytes[end] >= UInt8(ascii: "0"), bytes[end] <= UInt8(ascii: "9") {
      end += 1
    }
    let isComplete =
      end == bytes.count
      || !(bytes[end] == UInt8(ascii: ".") || bytes[end] == UInt8(ascii: "e")
        || bytes[end] == UInt8(ascii: "E"))
    if end > start, end - start == 1 || bytes[start] != UInt8(ascii: "0"), isComplete,
      let value = FieldReader.plainInteger(bytes[parser.index..<end])
    {
      parser.index = end
      return value
    }
    guard let value = FieldReader.plainInteger(try number()) else {
      throw EvidenceFastPath.GiveUp()
    }
    return value
  }

  /// Whether the value is `null` (then read).
  mutating func isNull() throws(EvidenceFastPath.GiveUp) -> Bool {
    guard try peek() == UInt8(ascii: "n") else { return false }
    do {
      try parser.expectWord("null")
    } catch {
      throw EvidenceFastPath.GiveUp()
    }
    return true
  }

  mutating func bool() throws(EvidenceFastPath.GiveUp) -> Bool {
    let byte = try peek()
    do {
      switch byte {
      case UInt8(ascii: "t"):
        try parser.expectWord("true")
        return true
      case UInt8(ascii: "f"):
        try parser.expectWord("false")
        return false
      default:
        throw EvidenceFastPath.GiveUp()
      }
    } catch {
      throw EvidenceFastPath.GiveUp()
    }
  }

  mutating func beginObject() throws(EvidenceFastPath.GiveUp) { try begin(UInt8(ascii: "{")) }

  mutating func beginArray() throws(EvidenceFastPath.GiveUp) { try begin(UInt8(ascii: "[")) }

  /// Enters an object or array (counting depth as the parser does).
  private mutating func begin(_ opening: UInt8) throws(EvidenceFastPath.GiveUp) {
    guard try peek() == opening else { throw EvidenceFastPath.GiveUp() }
    do {
      try parser.enter()
    } catch {
      throw EvidenceFastPath.GiveUp()
    }
    parser.index += 1
  }

  /// Whether another member or element follows (positioned at it); `false` once `closing`
  /// ends the object or array.
  private mutating func next(_ closing: UInt8, _ isFirst: inout Bool) throws(EvidenceFastPath
    .GiveUp) -> Bool
  {
    let byte = try peek()
    if byte == closing {
      parser.index += 1
      parser.depth -= 1
      return false
    }
    if isFirst {
      isFirst = false
    } else {
      guard byte == UInt8(ascii: ",") else { throw EvidenceFastPath.GiveUp() }
      parser.index += 1
    }
    return true
  }

  /// The next member's key, positioned at its value; `nil` once the object is closed.
  mutating func nextKey(_ isFirst: inout Bool) throws(EvidenceFastPath.GiveUp) -> String? {
    guard try nextMember(&isFirst) else { return nil }
    let key = try string()
    try expect(UInt8(ascii: ":"))
    return key
  }

  /// Whether another member follows (positioned at its key); `false` once the object is
  /// closed.
  mutating func nextMember(_ isFirst: inout Bool) throws(EvidenceFastPath.GiveUp) -> Bool {
    try next(UInt8(ascii: "}"), &isFirst)
  }

  /// A key of plain ASCII without escapes (for which byte equality is string equality):
  /// its bytes, positioned at its value. `nil`, with nothing read, for any other key.
  mutating func plainKey() throws(EvidenceFastPath.GiveUp) -> Range<Int>? {
    guard try peek() == UInt8(ascii: "\"") else { throw EvidenceFastPath.GiveUp() }
    let start = parser.index + 1
    var scan = start
    while scan < parser.bytes.count {
      let byte = parser.bytes[scan]
      if byte == UInt8(ascii: "\"") {
        parser.index = scan + 1
        try expect(UInt8(ascii: ":"))
        return start..<scan
      }
      if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { return nil }
      scan += 1
    }
    return nil
  }

  /// Whether the bytes in `range` are exactly `text`'s.
  func bytes(_ range: Range<Int>, equal text: StaticString) -> Bool {
    guard range.count == text.utf8CodeUnitCount else { return false }
    return parser.bytes.withUnsafeBufferPointer { buffer in
      memcmp(buffer.baseAddress! + range.lowerBound, text.utf8Start, range.count) == 0
    }
  }

  /// The position in the set of the next indicator number used as a key; `nil` once the
  /// object is closed. Not an indicator of the set, or not written as its own number: give up.
  mutating func nextIndicatorKey(_ isFirst: inout Bool, _ set: CriteriaSet) throws(EvidenceFastPath
    .GiveUp)
    -> Int?
  {
    guard try nextMember(&isFirst) else { return nil }
    let key: String
    if let range = try plainKey() {
      if let position = set.position(numbered: parser.bytes[range]) { return position }
      key = String(decoding: parser.bytes[range], as: UTF8.self)
    } else {
      key = try string()
      try expect(UInt8(ascii: ":"))
    }
    // The general path keys evidence by the number as written; here it is by the indicator's
    // own number, so only that exact spelling (an escaped digit is still one) will do.
    guard let position = set.position(of: key),
      Array(set.indicators[position].id.utf8) == Array(key.utf8)
    else { throw EvidenceFastPath.GiveUp() }
    return position
  }

  /// Whether another element follows (positioned at it); `false` once the array is closed.
  mutating func nextElement(_ isFirst: inout Bool) throws(EvidenceFastPath.GiveUp) -> Bool {
    try next(UInt8(ascii: "]"), &isFirst)
  }
}

/// The XML syntax of Office Open XML parts, once, for every reader of them: start and end tags
/// with their attributes, text, CDATA; comments and processing instructions skipped; a document
/// type declaration refused (entity definitions are how XML bombs work). The document must be
/// well formed: every end tag matches the open element, one root element, no text outside it,
/// at most ``maximumDepth`` levels, nothing left open at the end.
///
/// Fed in pieces (``feed(_:)``, then ``finish()``), so that a sheet of any length is read in
/// bounded memory: a token cut by the end of a piece waits for the next one, and no single
/// token may pass ``maximumToken`` bytes. Tokens are ranges into ``bytes``, valid until the
/// next ``feed(_:)``; names are given without their namespace prefix (`x:c` is `c`).
package struct XMLTokenizer {
  package enum Token: Equatable {
    /// A start tag: its local name and the text of its attributes (``attribute(_:in:)``).
    case start(name: Range<Int>, attributes: Range<Int>, isEmpty: Bool)
    case end(name: Range<Int>)
    /// Character data: raw (with references, ``text(_:)`` decodes them) or from a CDATA
    /// section (as it is).
    case text(Range<Int>, isCDATA: Bool)
  }

  /// The bytes not yet consumed, and the current token's.
  package private(set) var bytes: [UInt8] = []
  private var position = 0
  /// How many bytes of the document came before `bytes[0]` (for messages).
  private var dropped = 0
  private var isFinished = false
  /// The qualified names of the open elements, innermost last.
  private var open: [ArraySlice<UInt8>] = []
  private var rootSeen = false
  private var isPastMark = false

  /// The deepest nesting accepted.
  package static let maximumDepth = 256
  /// The longest single tag or run of text accepted while streaming.
  package let maximumToken: Int

  package init(maximumToken: Int = 16 << 20) {
    self.maximumToken = maximumToken
  }

  /// Whether the document has been read to its end (after ``finish()``).
  package var isAtEnd: Bool { isFinished && position >= bytes.count }

  /// Adds the next piece of the document.
  package mutating func feed(_ piece: UnsafeRawBufferPointer) {
    if position > 0 {
      bytes.removeSubrange(0..<position)
      dropped += position
      position = 0
    }
    bytes.append(contentsOf: piece)
  }

  /// Adds the whole (rest of the) document.
  package mutating func feed(_ piece: [UInt8]) {
    piece.withUnsafeBytes { feed($0) }
  }

  /// Says that no more input follows.
  package mutating func finish() { isFinished = true }

  /// The next token; `nil` when more input is needed (``isAtEnd`` false) or at the end.
  package mutating func next() throws(XMLReader.Failure) -> Token? {
    if !isPastMark {
      // A UTF-8 byte order mark, once its three bytes are in (whatever the pieces).
      guard bytes.count >= 3 || isFinished else { return nil }
      isPastMark = true
      if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }
    while position < bytes.count {
      let start = position
      guard let token = try token() else {
        // Cut by the end of the piece: wait for more, unless the token is already too long.
        position = start
        guard bytes.count - start <= maximumToken else {
          throw failure(
            "một thẻ hoặc đoạn văn bản dài quá \(maximumToken) byte",
            "a tag or a run of text longer than \(maximumToken) bytes")
        }
        if isFinished {
          throw failure("tệp kết thúc giữa chừng", "the part ends in the middle of a construct")
        }
        return nil
      }
      if let token { return token }
    }
    if isFinished {
      guard rootSeen else { throw failure("không có phần tử gốc", "there is no root element") }
      if let innermost = open.last {
        throw failure(
          "tệp kết thúc khi thẻ <\(String(decoding: innermost, as: UTF8.self).abbreviated)> "
            + "chưa đóng",
          "the part ends with <\(String(decoding: innermost, as: UTF8.self).abbreviated)> "
            + "still open")
      }
    }
    return nil
  }

  /// One token from `position`: `.some(token)`, `.some(nil)` for something skipped, or `nil`
  /// when the input ends inside it.
  private mutating func token() throws(XMLReader.Failure) -> Token?? {
    guard bytes[position] == UInt8(ascii: "<") else {
      let start = position
      while position < bytes.count, bytes[position] != UInt8(ascii: "<") { position += 1 }
      if position == bytes.count, !isFinished { return nil }
      if open.isEmpty {
        guard bytes[start..<position].allSatisfy(Self.isSpace) else {
          throw failure("văn bản nằm ngoài phần tử gốc", "text outside the root element")
        }
        return .some(nil)
      }
      return .text(start..<position, isCDATA: false)
    }
    switch prefix("<?") {
    case nil: return nil
    case true?: return skip(past: "?>") ? .some(nil) : nil
    case false?: break
    }
    switch prefix("<!--") {
    case nil: return nil
    case true?: return skip(past: "-->") ? .some(nil) : nil
    case false?: break
    }
    switch prefix("<![CDATA[") {
    case nil: return nil
    case true?:
      let start = position + 9
      position = start
      guard skip(past: "]]>") else { return nil }
      guard !open.isEmpty else {
        throw failure("văn bản nằm ngoài phần tử gốc", "text outside the root element")
      }
      return .text(start..<position - 3, isCDATA: true)
    case false?: break
    }
    switch prefix("<!") {
    case nil: return nil
    case true?:
      throw failure("không đọc khai báo DOCTYPE", "a document type declaration is not read")
    case false?: break
    }
    if position + 1 >= bytes.count { return isFinished ? try startTag() : nil }
    return bytes[position + 1] == UInt8(ascii: "/") ? try endTag() : try startTag()
  }

  private mutating func endTag() throws(XMLReader.Failure) -> Token?? {
    position += 2
    guard let (qualified, local) = try name() else { return nil }
    skipSpaces()
    guard position < bytes.count else { return nil }
    try expect(UInt8(ascii: ">"))
    guard let innermost = open.last else {
      throw failure(
        "thẻ đóng </\(text(of: qualified))> không có thẻ mở",
        "the end tag </\(text(of: qualified))> closes nothing")
    }
    guard innermost.elementsEqual(bytes[qualified]) else {
      throw failure(
        "thẻ đóng </\(text(of: qualified))> không khớp <\(String(decoding: innermost, as: UTF8.self).abbreviated)>",
        "the end tag </\(text(of: qualified))> does not match "
          + "<\(String(decoding: innermost, as: UTF8.self).abbreviated)>")
    }
    open.removeLast()
    return .end(name: local)
  }

  private mutating func startTag() throws(XMLReader.Failure) -> Token?? {
    position += 1
    guard let (qualified, local) = try name() else { return nil }
    let attributesStart = position
    while true {
      skipSpaces()
      guard position < bytes.count else {
        if isFinished { throw failure("tệp kết thúc trong một thẻ", "the part ends inside a tag") }
        return nil
      }
      var isEmpty = false
      if bytes[position] == UInt8(ascii: "/") {
        guard position + 1 < bytes.count else {
          if isFinished { try expectEnd() }
          return nil
        }
        guard bytes[position + 1] == UInt8(ascii: ">") else { try expectEnd() }
        isEmpty = true
      }
      if isEmpty || bytes[position] == UInt8(ascii: ">") {
        let attributes = attributesStart..<position
        position += isEmpty ? 2 : 1
        if open.isEmpty, rootSeen {
          throw failure("có phần tử gốc thứ hai", "a second root element")
        }
        rootSeen = true
        if !isEmpty {
          guard open.count < Self.maximumDepth else {
            throw failure(
              "lồng sâu quá \(Self.maximumDepth) mức", "nested deeper than \(Self.maximumDepth)")
          }
          open.append(bytes[qualified])
        }
        return .start(name: local, attributes: attributes, isEmpty: isEmpty)
      }
      guard try name() != nil else { return nil }
      skipSpaces()
      guard position < bytes.count else { return nil }
      try expect(UInt8(ascii: "="))
      skipSpaces()
      guard position < bytes.count else { return nil }
      guard bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'")
      else { throw failure("giá trị thuộc tính cần dấu nháy", "an attribute value needs quotes") }
      let quote = bytes[position]
      position += 1
      while position < bytes.count, bytes[position] != quote {
        guard bytes[position] != UInt8(ascii: "<") else {
          throw failure("dấu < trong giá trị thuộc tính", "a < inside an attribute value")
        }
        position += 1
      }
      guard position < bytes.count else {
        if isFinished {
          throw failure("tệp kết thúc trong một thuộc tính", "the part ends inside an attribute")
        }
        return nil
      }
      position += 1
    }
  }

  private func expectEnd() throws(XMLReader.Failure) -> Never {
    throw failure("cần '>'", "expected '>'")
  }

  // MARK: Reading a token's parts

  /// The raw value of the attribute called `key` (without prefix) in a start tag's attribute
  /// text, or `nil`.
  package func attribute(_ key: StaticString, in range: Range<Int>) -> Range<Int>? {
    var index = range.lowerBound
    while index < range.upperBound {
      while index < range.upperBound, Self.isSpace(bytes[index]) { index += 1 }
      guard index < range.upperBound else { return nil }
      let nameStart = index
      var local = index
      while index < range.upperBound, bytes[index] != UInt8(ascii: "="),
        !Self.isSpace(bytes[index])
      {
        if bytes[index] == UInt8(ascii: ":") { local = index + 1 }
        index += 1
      }
      let name = local..<index
      while index < range.upperBound, bytes[index] != UInt8(ascii: "\"") && bytes[index] != 0x27 {
        index += 1
      }
      guard index < range.upperBound else { return nil }
      let quote = bytes[index]
      let valueStart = index + 1
      index = valueStart
      while index < range.upperBound, bytes[index] != quote { index += 1 }
      let isMatch = key.withUTF8Buffer { bytes[name].elementsEqual($0) }
      _ = nameStart
      if isMatch { return valueStart..<index }
      index += 1
    }
    return nil
  }

  /// Every attribute of a start tag, decoded, by local name (the first of a name given twice).
  package func attributes(in range: Range<Int>) throws(XMLReader.Failure) -> [String: String] {
    var result: [String: String] = [:]
    var index = range.lowerBound
    while index < range.upperBound {
      while index < range.upperBound, Self.isSpace(bytes[index]) { index += 1 }
      guard index < range.upperBound else { break }
      var local = index
      while index < range.upperBound, bytes[index] != UInt8(ascii: "="),
        !Self.isSpace(bytes[index])
      {
        if bytes[index] == UInt8(ascii: ":") { local = index + 1 }
        index += 1
      }
      let name = String(decoding: bytes[local..<index], as: UTF8.self)
      while index < range.upperBound, bytes[index] != UInt8(ascii: "\"") && bytes[index] != 0x27 {
        index += 1
      }
      guard index < range.upperBound else { break }
      let quote = bytes[index]
      let valueStart = index + 1
      index = valueStart
      while index < range.upperBound, bytes[index] != quote { index += 1 }
      if result[name] == nil { result[name] = try text(valueStart..<index) }
      index += 1
    }
    return result
  }

  /// A range's text, its character references decoded; refused when it is not UTF-8.
  package func text(_ range: Range<Int>) throws(XMLReader.Failure) -> String {
    let raw = bytes[range]
    guard raw.contains(UInt8(ascii: "&")) else { return try utf8(raw) }
    var out: [UInt8] = []
    out.reserveCapacity(raw.count)
    var index = raw.startIndex
    while index < raw.endIndex {
      guard raw[index] == UInt8(ascii: "&") else {
        out.append(raw[index])
        index += 1
        continue
      }
      guard let semicolon = raw[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
        throw failure("tham chiếu ký tự không đóng", "an unterminated reference")
      }
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
    return try utf8(out[...])
  }

  /// Bytes as text, refused when they are not UTF-8.
  private func utf8(_ raw: ArraySlice<UInt8>) throws(XMLReader.Failure) -> String {
    guard let text = String(validating: raw, as: UTF8.self) else {
      throw failure("văn bản không phải UTF-8 hợp lệ", "text that is not valid UTF-8")
    }
    return text
  }

  /// A name as text (for messages and ``XMLReader``).
  package func text(of range: Range<Int>) -> String {
    String(decoding: bytes[range], as: UTF8.self).abbreviated
  }

  /// Whether a name range spells `name`.
  package func isName(_ range: Range<Int>, _ name: StaticString) -> Bool {
    name.withUTF8Buffer { bytes[range].elementsEqual($0) }
  }

  // MARK: Scanning

  package func failure(_ vietnamese: String, _ english: String) -> XMLReader.Failure {
    XMLReader.Failure(
      message: Message(
        "XML không hợp lệ tại byte \(dropped + position): ",
        "invalid XML at byte \(dropped + position): ")
        + Message(vietnamese, english))
  }

  static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }

  /// Whether the input at `position` starts with `text`: `nil` when it cannot be told yet (the
  /// input ends first and more may come).
  private func prefix(_ text: StaticString) -> Bool? {
    text.withUTF8Buffer { prefix in
      let available = min(prefix.count, bytes.count - position)
      guard bytes[position..<position + available].elementsEqual(prefix[0..<available]) else {
        return false
      }
      if available == prefix.count { return true }
      return isFinished ? false : nil
    }
  }

  /// Moves past the next `end`; `false` when the input ends first.
  private mutating func skip(past end: StaticString) -> Bool {
    let count = end.utf8CodeUnitCount
    while position + count <= bytes.count {
      if prefix(end) == true {
        position += count
        return true
      }
      position += 1
    }
    return false
  }

  private mutating func skipSpaces() {
    while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
  }

  private mutating func expect(_ byte: UInt8) throws(XMLReader.Failure) {
    guard position < bytes.count, bytes[position] == byte else {
      throw failure(
        "cần '\(Character(Unicode.Scalar(byte)))'", "expected '\(Character(Unicode.Scalar(byte)))'")
    }
    position += 1
  }

  /// A name's qualified and local ranges; `nil` when the input ends inside it.
  private mutating func name() throws(XMLReader.Failure) -> (Range<Int>, Range<Int>)? {
    let start = position
    var local = position
    while position < bytes.count {
      let byte = bytes[position]
      if Self.isSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
        || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "<")
      {
        break
      }
      if byte == UInt8(ascii: ":") { local = position + 1 }
      position += 1
    }
    if position == bytes.count, !isFinished { return nil }
    guard position > start, local < position else { throw failure("thiếu tên", "a name expected") }
    return (start..<position, local..<position)
  }
}

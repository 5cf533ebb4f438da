/// Reads requests from the bytes a connection has received (RFC 9112), strictly: a request is
/// taken only whole, anything ambiguous is refused with its status, and nothing is read past a
/// limit. Stateless: the caller keeps the bytes and calls again when more arrive.
package enum HTTPParser {
  package enum Outcome: Sendable, Equatable {
    /// More bytes are needed (none of the limits is passed yet).
    case incomplete
    /// A whole request, and how many bytes of the buffer it took.
    case request(HTTPRequest, consumed: Int)
    /// Refused: answer with its status and close.
    case refused(HTTPError)
  }

  /// The first request in `buffer`.
  package static func parse(_ buffer: [UInt8], limits: HTTPLimits = HTTPLimits()) -> Outcome {
    // Empty lines before a request line are ignored (RFC 9112 §2.2), a few of them.
    var start = 0
    while start + 1 < buffer.count, start < 8, buffer[start] == 0x0D, buffer[start + 1] == 0x0A {
      start += 2
    }
    // The request line.
    guard let requestEnd = lineEnd(buffer, from: start, within: limits.requestLine) else {
      if buffer.count - start > limits.requestLine {
        return .refused(
          HTTPError(414, "the request line is longer than \(limits.requestLine) bytes"))
      }
      return bareLineBreak(buffer, from: start) ?? .incomplete
    }
    let line = Array(buffer[start..<requestEnd])
    let (method, target, minor): (HTTPRequest.Method, String, Int)
    switch requestLine(line) {
    case .success(let parsed): (method, target, minor) = parsed
    case .failure(let error): return .refused(error)
    }
    // The header section, up to the empty line.
    var headers: [(name: String, value: String)] = []
    var position = requestEnd + 2
    let headerStart = position
    while true {
      let budget = limits.headerBytes - (position - headerStart)
      guard let end = lineEnd(buffer, from: position, within: max(0, budget)) else {
        if buffer.count - headerStart > limits.headerBytes {
          return .refused(
            HTTPError(431, "the header section is larger than \(limits.headerBytes) bytes"))
        }
        return bareLineBreak(buffer, from: position) ?? .incomplete
      }
      if end == position {
        position += 2
        break
      }
      if headers.count == limits.headerCount {
        return .refused(HTTPError(431, "more than \(limits.headerCount) header fields"))
      }
      switch field(Array(buffer[position..<end])) {
      case .success(let parsed): headers.append(parsed)
      case .failure(let error): return .refused(error)
      }
      position = end + 2
    }
    // Host: exactly one in HTTP/1.1 (RFC 9112 §3.2).
    let hosts = headers.count { $0.name == "host" }
    if minor == 1 && hosts != 1 || hosts > 1 {
      return .refused(HTTPError(400, hosts == 0 ? "no Host header" : "Host given twice"))
    }
    // Framing (RFC 9112 §6): no transfer coding, one Content-Length of digits.
    let lengths = headers.filter { $0.name == "content-length" }
    if headers.contains(where: { $0.name == "transfer-encoding" }) {
      return .refused(
        lengths.isEmpty
          ? HTTPError(
            411, "a body sent with Transfer-Encoding is not accepted; send Content-Length")
          : HTTPError(400, "both Transfer-Encoding and Content-Length"))
    }
    var length = 0
    if lengths.count > 1 { return .refused(HTTPError(400, "Content-Length given twice")) }
    if let text = lengths.first?.value {
      guard !text.isEmpty, text.utf8.count <= 18,
        text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
        let value = Int(text)
      else {
        return .refused(HTTPError(400, "Content-Length is not a number of bytes"))
      }
      length = value
    }
    if length > limits.body {
      return .refused(HTTPError(413, "the body is larger than \(limits.body) bytes"))
    }
    guard buffer.count - position >= length else { return .incomplete }
    let body = Array(buffer[position..<position + length])
    // The target: origin form only, its path checked.
    let (path, query): (String, [(name: String, value: String)])
    switch Self.target(target) {
    case .success(let parsed): (path, query) = parsed
    case .failure(let error): return .refused(error)
    }
    return .request(
      HTTPRequest(
        method: method, target: target, path: path, query: query, minorVersion: minor,
        headers: headers, body: body),
      consumed: position + length)
  }

  // MARK: Lines

  /// The index of the CR of the first CRLF at or after `from`, looked for within `limit` bytes.
  private static func lineEnd(_ buffer: [UInt8], from: Int, within limit: Int) -> Int? {
    var index = from
    let last = min(buffer.count - 1, from + limit)
    while index < last {
      if buffer[index] == 0x0D && buffer[index + 1] == 0x0A { return index }
      index += 1
    }
    return nil
  }

  /// A lone LF or CR where a line ends: refused, not guessed at (request smuggling hides there).
  private static func bareLineBreak(_ buffer: [UInt8], from: Int) -> Outcome? {
    var index = from
    while index < buffer.count {
      let byte = buffer[index]
      if byte == 0x0A { return .refused(HTTPError(400, "a line ends with LF alone")) }
      if byte == 0x0D, index + 1 < buffer.count, buffer[index + 1] != 0x0A {
        return .refused(HTTPError(400, "a CR not followed by LF"))
      }
      index += 1
    }
    return nil
  }

  // MARK: The request line

  private static func requestLine(_ line: [UInt8]) -> Result<
    (HTTPRequest.Method, String, Int), HTTPError
  > {
    let parts = line.split(separator: 0x20, omittingEmptySubsequences: false)
    guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
      return .failure(HTTPError(400, "the request line is not METHOD TARGET VERSION"))
    }
    guard parts[0].allSatisfy(isTokenByte) else {
      return .failure(HTTPError(400, "the method is not a token"))
    }
    let version = Array(parts[2])
    let prefix = Array("HTTP/1.".utf8)
    guard version.count == 8, Array(version.prefix(5)) == Array("HTTP/".utf8),
      version[5] >= 0x30, version[5] <= 0x39, version[6] == 0x2E, version[7] >= 0x30,
      version[7] <= 0x39
    else {
      return .failure(HTTPError(400, "the version is not HTTP/x.y"))
    }
    guard Array(version.prefix(7)) == prefix, version[7] == 0x30 || version[7] == 0x31 else {
      return .failure(HTTPError(505, "only HTTP/1.0 and HTTP/1.1 are spoken"))
    }
    let name = String(decoding: parts[0], as: UTF8.self)
    guard let method = HTTPRequest.Method(rawValue: name) else {
      return .failure(HTTPError(405, "only GET, HEAD and POST are accepted"))
    }
    // The target is ASCII without controls or spaces (RFC 3986 characters and %XX).
    guard parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
      return .failure(HTTPError(400, "the target holds a byte that is not allowed"))
    }
    return .success((method, String(decoding: parts[1], as: UTF8.self), Int(version[7] - 0x30)))
  }

  /// `tchar` (RFC 9110 §5.6.2).
  static func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
    case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"),
      UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"),
      UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
      UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
      true
    default: false
    }
  }

  // MARK: Header fields

  private static func field(_ line: [UInt8]) -> Result<(name: String, value: String), HTTPError> {
    if let first = line.first, first == 0x20 || first == 0x09 {
      return .failure(HTTPError(400, "a folded header line (obs-fold) is not accepted"))
    }
    guard let colon = line.firstIndex(of: 0x3A), colon > 0 else {
      return .failure(HTTPError(400, "a header line without a name and a colon"))
    }
    guard line[..<colon].allSatisfy(isTokenByte) else {
      return .failure(
        HTTPError(400, "a header name is not a token (or has a space before the colon)"))
    }
    var value = line[(colon + 1)...]
    while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
    while let last = value.last, last == 0x20 || last == 0x09 { value = value.dropLast() }
    // Visible characters, spaces and tabs; no NUL, no other control (RFC 9110 §5.5).
    guard value.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else {
      return .failure(HTTPError(400, "a header value holds a control character"))
    }
    guard let text = String(validating: value, as: UTF8.self) else {
      return .failure(HTTPError(400, "a header value is not valid UTF-8"))
    }
    return .success((String(decoding: line[..<colon], as: UTF8.self).lowercased(), text))
  }

  // MARK: The target

  /// The path and query of an origin-form target.
  package static func target(_ target: String) -> Result<
    (path: String, query: [(name: String, value: String)]), HTTPError
  > {
    guard target.hasPrefix("/") else {
      return .failure(HTTPError(400, "the target is not a path beginning with /"))
    }
    let pieces = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
    let rawPath = pieces[0]
    if rawPath.contains("#") { return .failure(HTTPError(400, "the target holds a fragment")) }
    guard let path = percentDecoded(rawPath, plusIsSpace: false) else {
      return .failure(HTTPError(400, "the path's percent-encoding is not valid UTF-8"))
    }
    guard path.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }),
      !path.contains("\\")
    else {
      return .failure(HTTPError(400, "the path holds a control character or a backslash"))
    }
    let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
    guard !segments.contains(where: { $0 == "." || $0 == ".." }) else {
      return .failure(HTTPError(400, "the path holds a . or .. segment"))
    }
    var query: [(name: String, value: String)] = []
    if pieces.count == 2 {
      switch HTTPForm.urlEncoded(Array(pieces[1].utf8)) {
      case .success(let fields): query = fields
      case .failure(let error): return .failure(error)
      }
    }
    return .success((path, query))
  }

  /// `text` with its `%XX` escapes decoded (and `+` as a space in forms); `nil` for a bad escape
  /// or bytes that are not UTF-8.
  package static func percentDecoded(_ text: Substring, plusIsSpace: Bool) -> String? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    var iterator = text.utf8.makeIterator()
    while let byte = iterator.next() {
      switch byte {
      case UInt8(ascii: "%"):
        guard let high = iterator.next().flatMap(hexValue),
          let low = iterator.next().flatMap(hexValue)
        else { return nil }
        bytes.append(high << 4 | low)
      case UInt8(ascii: "+") where plusIsSpace: bytes.append(0x20)
      default: bytes.append(byte)
      }
    }
    return String(validating: bytes, as: UTF8.self)
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 0x30...0x39: byte - 0x30
    case 0x41...0x46: byte - 0x41 + 10
    case 0x61...0x66: byte - 0x61 + 10
    default: nil
    }
  }
}

/// Request bodies of forms: `application/x-www-form-urlencoded` and `multipart/form-data`
/// (RFC 7578), read strictly and within limits. A file part's name from the client is kept only
/// as text to show, its last path component, never used as a path.
package enum HTTPForm {
  /// One part of a multipart form.
  package struct Part: Sendable, Equatable {
    package var name: String
    /// The file name the browser sent, reduced to its last component (`C:\x\y.xlsx` → `y.xlsx`);
    /// `nil` for a plain field.
    package var fileName: String?
    package var contentType: String?
    package var body: [UInt8]

    /// The body as text (a plain field), when it is UTF-8.
    package var text: String? { String(validating: body, as: UTF8.self) }
  }

  /// The most fields or parts one form may have.
  package static let maximumFields = 1000

  /// `a=1&b=x+y&c=%C3%A1` decoded, in order.
  package static func urlEncoded(_ bytes: [UInt8]) -> Result<
    [(name: String, value: String)], HTTPError
  > {
    var fields: [(name: String, value: String)] = []
    for pair in bytes.split(separator: UInt8(ascii: "&")) {
      guard fields.count < maximumFields else {
        return .failure(HTTPError(413, "more than \(maximumFields) form fields"))
      }
      let sides = pair.split(
        separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
      guard let name = decode(sides[0]), let value = decode(sides.count == 2 ? sides[1] : [])
      else {
        return .failure(HTTPError(400, "a form field's percent-encoding is not valid UTF-8"))
      }
      guard UnsafeControl.isClean(name), UnsafeControl.isClean(value) else {
        return .failure(HTTPError(400, "a form field holds a control character"))
      }
      fields.append((name, value))
    }
    return .success(fields)
  }

  private static func decode(_ bytes: ArraySlice<UInt8>) -> String? {
    guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
    return HTTPParser.percentDecoded(Substring(text), plusIsSpace: true)
  }

  /// The boundary of a `multipart/form-data` content type (1 to 70 characters, RFC 2046 §5.1.1).
  package static func boundary(of contentType: String) -> String? {
    let parameters = contentType.split(separator: ";").map { $0.trimmedSpaces }
    guard parameters.first?.lowercased() == "multipart/form-data" else { return nil }
    for parameter in parameters.dropFirst() {
      let sides = parameter.split(separator: "=", maxSplits: 1)
      guard sides.count == 2, sides[0].trimmedSpaces.lowercased() == "boundary" else { continue }
      var value = sides[1].trimmedSpaces
      if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
        value = String(value.dropFirst().dropLast())
      }
      guard (1...70).contains(value.utf8.count),
        value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F })
      else { return nil }
      return value
    }
    return nil
  }

  /// The parts of a `multipart/form-data` body.
  package static func multipart(_ body: [UInt8], boundary: String) -> Result<[Part], HTTPError> {
    let delimiter = Array("--\(boundary)".utf8)
    guard let first = find(delimiter, in: body, from: 0) else {
      return .failure(HTTPError(400, "the multipart body has no boundary line"))
    }
    var parts: [Part] = []
    var position = first + delimiter.count
    let separator = Array("\r\n--\(boundary)".utf8)
    while true {
      // After a delimiter: "--" ends the body, CRLF begins a part.
      guard position + 2 <= body.count else {
        return .failure(HTTPError(400, "the multipart body ends inside a boundary line"))
      }
      if body[position] == 0x2D, body[position + 1] == 0x2D { return .success(parts) }
      guard body[position] == 0x0D, body[position + 1] == 0x0A else {
        return .failure(HTTPError(400, "a boundary line is not followed by CRLF"))
      }
      position += 2
      guard parts.count < maximumFields else {
        return .failure(HTTPError(413, "more than \(maximumFields) form parts"))
      }
      guard let headerEnd = find(Array("\r\n\r\n".utf8), in: body, from: position),
        headerEnd - position <= 8 * 1024
      else {
        return .failure(HTTPError(400, "a form part's headers do not end within 8 KiB"))
      }
      let headerBytes = Array(body[position..<headerEnd])
      guard let end = find(separator, in: body, from: headerEnd + 4) else {
        return .failure(HTTPError(400, "a form part is not closed by its boundary"))
      }
      switch part(headers: headerBytes, body: Array(body[(headerEnd + 4)..<end])) {
      case .success(let found): parts.append(found)
      case .failure(let error): return .failure(error)
      }
      position = end + separator.count
    }
  }

  private static func part(headers: [UInt8], body: [UInt8]) -> Result<Part, HTTPError> {
    var name: String?
    var fileName: String?
    var contentType: String?
    let lines = headers.isEmpty ? [] : split(headers, on: Array("\r\n".utf8))
    for line in lines {
      guard line.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }),
        let text = String(validating: line, as: UTF8.self),
        let colon = text.firstIndex(of: ":")
      else {
        return .failure(HTTPError(400, "a form part's header is not a valid line"))
      }
      let field = text[..<colon].lowercased()
      let value = text[text.index(after: colon)...].trimmedSpaces
      switch field {
      case "content-disposition":
        let parameters = dispositionParameters(value)
        guard parameters.kind == "form-data", let found = parameters.values["name"] else {
          return .failure(HTTPError(400, "a form part is not form-data with a name"))
        }
        name = found
        fileName = parameters.values["filename"].map(lastComponent)
      case "content-type": contentType = value
      default: continue
      }
    }
    guard let name else {
      return .failure(HTTPError(400, "a form part has no Content-Disposition"))
    }
    return .success(Part(name: name, fileName: fileName, contentType: contentType, body: body))
  }

  /// `form-data; name="x"; filename="a b.xlsx"`: the kind and the parameters (quoted strings
  /// with `\"` escapes).
  private static func dispositionParameters(_ value: String) -> (
    kind: String, values: [String: String]
  ) {
    var values: [String: String] = [:]
    var characters = Substring(value)
    func skipSpaces() {
      while characters.first == " " || characters.first == "\t" { characters.removeFirst() }
    }
    let kind = characters.prefix { $0 != ";" }.trimmedSpaces.lowercased()
    characters = characters.drop { $0 != ";" }
    while characters.first == ";" {
      characters.removeFirst()
      skipSpaces()
      let key = characters.prefix { $0 != "=" && $0 != ";" }.trimmedSpaces.lowercased()
      characters = characters.drop { $0 != "=" && $0 != ";" }
      guard characters.first == "=" else { continue }
      characters.removeFirst()
      skipSpaces()
      var parsed = ""
      if characters.first == "\"" {
        characters.removeFirst()
        while let next = characters.first, next != "\"" {
          characters.removeFirst()
          if next == "\\", let escaped = characters.first {
            parsed.append(escaped)
            characters.removeFirst()
          } else {
            parsed.append(next)
          }
        }
        if characters.first == "\"" { characters.removeFirst() }
        characters = characters.drop { $0 != ";" }
      } else {
        parsed = String(characters.prefix { $0 != ";" }).trimmedSpaces
        characters = characters.drop { $0 != ";" }
      }
      if values[key] == nil { values[key] = parsed }
    }
    return (kind, values)
  }

  /// The last component of a client's file name, whichever separator its system uses; a name
  /// that is only separators, dots or controls becomes `upload`.
  package static func lastComponent(_ name: String) -> String {
    let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
    let clean = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F })
    return clean.allSatisfy({ $0 == "." }) ? "upload" : clean
  }

  private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
    guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
    var index = from
    let last = haystack.count - needle.count
    let first = needle[0]
    while index <= last {
      if haystack[index] == first, haystack[index..<index + needle.count].elementsEqual(needle) {
        return index
      }
      index += 1
    }
    return nil
  }

  private static func split(_ bytes: [UInt8], on separator: [UInt8]) -> [ArraySlice<UInt8>] {
    var pieces: [ArraySlice<UInt8>] = []
    var start = 0
    while let found = find(separator, in: bytes, from: start) {
      pieces.append(bytes[start..<found])
      start = found + separator.count
    }
    pieces.append(bytes[start...])
    return pieces
  }
}

/// Control characters in decoded form text (a NUL or an escape has no place in a field).
enum UnsafeControl {
  static func isClean(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy {
      $0.value >= 0x20 && $0.value != 0x7F || $0 == "\t" || $0 == "\n" || $0 == "\r"
    }
  }
}

extension StringProtocol {
  /// Without the spaces and tabs at either end (HTTP's optional whitespace).
  package var trimmedSpaces: String {
    var slice = Substring(self)
    while slice.first == " " || slice.first == "\t" { slice.removeFirst() }
    while slice.last == " " || slice.last == "\t" { slice.removeLast() }
    return String(slice)
  }
}

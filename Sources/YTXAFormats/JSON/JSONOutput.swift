/// A JSON value to write. Objects are written with sorted keys and numbers from exact text, so
/// the same result always gives the same bytes.
package enum JSONOutput: Sendable, Equatable {
  case null
  case bool(Bool)
  /// A number, written exactly as this text.
  case number(String)
  case string(String)
  case array([JSONOutput])
  case object(Members)

  /// A whole number.
  public static func int(_ value: Int) -> JSONOutput { .number(String(value)) }
  /// An exact decimal.
  public static func decimal(_ value: ExactDecimal) -> JSONOutput { .number(value.description) }

  /// An object with one more member (other values unchanged).
  public func adding(_ key: String, _ value: JSONOutput?) -> JSONOutput {
    guard case .object(var members) = self, let value else { return self }
    members[key] = value
    return .object(members)
  }

  /// Pretty-printed with two-space indentation, keys sorted.
  public func pretty() -> String {
    String(decoding: bytes(pretty: true), as: UTF8.self)
  }

  /// On one line (for JSON Lines), keys sorted.
  public func compact() -> String {
    String(decoding: bytes(pretty: false), as: UTF8.self)
  }

  /// The UTF-8 bytes, pretty or compact, keys sorted by their UTF-8 bytes.
  public func bytes(pretty: Bool) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(4096)
    write(to: &out, indent: 0, pretty: pretty)
    return out
  }

  /// Appends the UTF-8 bytes to `out`.
  public func append(to out: inout [UInt8], pretty: Bool) {
    write(to: &out, indent: 0, pretty: pretty)
  }

  /// Appends the bytes as they would stand `indent` levels deep in a pretty-printed document.
  package func append(to out: inout [UInt8], indent: Int, pretty: Bool) {
    write(to: &out, indent: indent, pretty: pretty)
  }

  /// Written through the one JSON writer (taking `out`'s buffer, so nothing is copied).
  private func write(to out: inout [UInt8], indent: Int, pretty: Bool) {
    var writer = JSONWriter(sink: [UInt8](), pretty: pretty, indent: indent)
    swap(&writer.sink, &out)
    writer.value(self)
    swap(&writer.sink, &out)
  }

  private static let hexDigits = Array("0123456789abcdef".utf8)

  /// Appends `text` as a JSON string, exactly as `JSONOutput.string(text)` writes it.
  package static func appendString<Sink: ByteSink>(_ text: String, to out: inout Sink) {
    // Fast path: nothing to escape, so the UTF-8 bytes go in as they are.
    let copied: Bool? = text.utf8.withContiguousStorageIfAvailable { bytes in
      for byte in bytes where byte < 0x20 || byte == 0x22 || byte == 0x5C { return false }
      out.put(0x22)
      out.put(bytes)
      out.put(0x22)
      return true
    }
    if copied != true {
      var escaped: [UInt8] = []
      writeString(text, to: &escaped)
      out.put(escaped)
    }
  }

  private static func writeString(_ text: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
      case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
      case UInt8(ascii: "\n"): out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
      case UInt8(ascii: "\r"): out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
      case UInt8(ascii: "\t"): out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
      case 0..<0x20:
        out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30])
        out.append(hexDigits[Int(byte >> 4)])
        out.append(hexDigits[Int(byte & 0xF)])
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}

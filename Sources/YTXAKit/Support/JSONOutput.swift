/// A JSON value to write. Objects are written with sorted keys and numbers from exact text, so
/// the same result always gives the same bytes.
public enum JSONOutput: Sendable, Equatable {
  case null
  case bool(Bool)
  /// A number, written exactly as this text.
  case number(String)
  case string(String)
  case array([JSONOutput])
  case object([String: JSONOutput])

  /// A whole number.
  public static func int(_ value: Int) -> JSONOutput { .number(String(value)) }
  /// Points (`83.5`, `12`).
  public static func points(_ value: Points) -> JSONOutput { .number(value.description) }
  /// An exact decimal.
  public static func decimal(_ value: ExactDecimal) -> JSONOutput { .number(value.description) }

  /// Pretty-printed with two-space indentation, keys sorted.
  public func pretty() -> String {
    var out = ""
    write(to: &out, indent: 0, pretty: true)
    return out
  }

  /// On one line (for JSON Lines), keys sorted.
  public func compact() -> String {
    var out = ""
    write(to: &out, indent: 0, pretty: false)
    return out
  }

  private func write(to out: inout String, indent: Int, pretty: Bool) {
    switch self {
    case .null: out += "null"
    case .bool(let value): out += value ? "true" : "false"
    case .number(let text): out += text
    case .string(let text): Self.writeString(text, to: &out)
    case .array(let elements):
      guard !elements.isEmpty else {
        out += "[]"
        return
      }
      out += "["
      for (index, element) in elements.enumerated() {
        if index > 0 { out += "," }
        if pretty { Self.newline(&out, indent + 1) }
        element.write(to: &out, indent: indent + 1, pretty: pretty)
      }
      if pretty { Self.newline(&out, indent) }
      out += "]"
    case .object(let members):
      guard !members.isEmpty else {
        out += "{}"
        return
      }
      out += "{"
      for (index, key) in members.keys.sorted().enumerated() {
        if index > 0 { out += "," }
        if pretty { Self.newline(&out, indent + 1) }
        Self.writeString(key, to: &out)
        out += pretty ? ": " : ":"
        members[key]?.write(to: &out, indent: indent + 1, pretty: pretty)
      }
      if pretty { Self.newline(&out, indent) }
      out += "}"
    }
  }

  private static func newline(_ out: inout String, _ indent: Int) {
    out += "\n"
    out += String(repeating: "  ", count: indent)
  }

  private static func writeString(_ text: String, to out: inout String) {
    out += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    out += "\""
  }
}

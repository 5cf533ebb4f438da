/// Writes CSV that opens cleanly in a spreadsheet: UTF-8 with a byte order mark, every field
/// quoted, quotes doubled, CRLF line ends (RFC 4180). A text field that a spreadsheet would take
/// for a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) is written with
/// a leading `'`, as OWASP recommends against CSV injection; a field that is a plain number (a
/// negative gap, `-2.5`) stays a number.
package struct CSVWriter: Sendable {
  private var text: String

  /// Starts a document, with the byte order mark (the default) or, for rows that continue a
  /// document already started, without.
  public init(byteOrderMark: Bool = true) {
    text = byteOrderMark ? "\u{FEFF}" : ""
  }

  /// Appends one row.
  public mutating func row(_ fields: [String]) {
    text += fields.map {
      "\"" + Self.neutralised($0).replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    .joined(separator: ",")
    text += "\r\n"
  }

  /// `field`, with a leading `'` when a spreadsheet would read it as a formula.
  package static func neutralised(_ field: String) -> String {
    guard let first = field.utf8.first else { return field }
    switch first {
    case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "@"), 0x09, 0x0D:
      return "'" + field
    case UInt8(ascii: "-"):
      return isPlainNumber(field.utf8.dropFirst()) ? field : "'" + field
    default:
      return field
    }
  }

  /// Digits, optionally with one `.` or `,` between digits.
  private static func isPlainNumber(_ text: Substring.UTF8View) -> Bool {
    var digits = 0
    var sawMark = false
    var lastWasDigit = false
    for byte in text {
      if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
        digits += 1
        lastWasDigit = true
      } else if (byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",")) && !sawMark
        && lastWasDigit
      {
        sawMark = true
        lastWasDigit = false
      } else {
        return false
      }
    }
    return digits > 0 && lastWasDigit
  }

  /// The document.
  public var output: String { text }
}

extension String {
  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    guard contains(target) else { return self }
    return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}

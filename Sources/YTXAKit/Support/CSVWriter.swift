/// Writes CSV that opens cleanly in a spreadsheet: UTF-8 with a byte order mark, every field
/// quoted, quotes doubled, CRLF line ends (RFC 4180).
public struct CSVWriter: Sendable {
  private var text = "\u{FEFF}"

  /// Starts a document with the byte order mark.
  public init() {}

  /// Appends one row.
  public mutating func row(_ fields: [String]) {
    text += fields.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
      .joined(separator: ",")
    text += "\r\n"
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

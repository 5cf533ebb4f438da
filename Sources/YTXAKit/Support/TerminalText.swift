/// Text bound for a terminal: names and values come from input files, and a control character
/// among them (an ANSI escape sequence, a carriage return) could recolour the screen, move the
/// cursor or hide a line. Every control character but the newline and the tab is shown as
/// `\u{HH}` instead; everything else is unchanged.
package enum TerminalText {
  /// `text` with its control characters (but `\n` and `\t`) escaped.
  public static func safe(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: needsEscape) else { return text }
    var escaped = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if needsEscape(scalar) {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        escaped.append(
          contentsOf: "\\u{\(digits.count < 2 ? "0" + digits : digits)}".unicodeScalars)
      } else {
        escaped.append(scalar)
      }
    }
    return String(escaped)
  }

  private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    scalar != "\n" && scalar != "\t" && OSName.isControl(scalar)
  }
}

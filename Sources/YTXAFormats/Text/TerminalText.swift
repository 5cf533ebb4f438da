/// Text bound for a terminal: names and values come from input files, and a control character
/// among them (an ANSI escape sequence, a carriage return) could recolour the screen, move the
/// cursor or hide a line, a bidirectional control reverse what is read. Every hazard of
/// ``UnsafeText`` but the newline and the tab is shown as `\u{HH}` instead (the one rule for
/// quoting raw text); everything else is unchanged.
package enum TerminalText {
  /// `text` with its control characters (but `\n` and `\t`) escaped.
  public static func safe(_ text: String) -> String {
    UnsafeText.visible(text, multiline: true)
  }
}

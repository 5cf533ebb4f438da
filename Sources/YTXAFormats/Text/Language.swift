import Foundation

/// The language of human-readable reports. Vietnamese is the default.
public enum Language: String, Sendable, CaseIterable {
  case vi
  case en

  /// Picks the Vietnamese or English text.
  /// A count and its noun: `3 chỉ tiêu` in Vietnamese (no plural), `1 indicator` / `3
  /// indicators` in English (`plural`: the English plural when it is not the noun plus `s`).
  public func count(_ number: Int, _ vietnamese: String, _ english: String, plural: String? = nil)
    -> String
  {
    pick(
      "\(number) \(vietnamese)",
      "\(number) " + (number == 1 ? english : plural ?? english + "s"))
  }

  public func pick(_ vietnamese: String, _ english: String) -> String {
    self == .vi ? vietnamese : english
  }

  /// The decimal separator: `,` in Vietnamese, `.` in English.
  public var decimalSeparator: String { self == .vi ? "," : "." }

  /// A decimal as written in reports.
  public func format(_ decimal: ExactDecimal) -> String {
    decimal.formatted(decimalSeparator: decimalSeparator)
  }

  /// A percentage value with one decimal: `85,2` / `75,0`.
  public func formatPercent(_ decimal: ExactDecimal) -> String {
    decimal.formatted(decimalSeparator: decimalSeparator, minimumPlaces: 1)
  }

  /// A whole number with thousands grouped: `10.000` / `10,000`.
  public func format(_ integer: Int) -> String {
    let digits = String(integer.magnitude)
    var grouped = ""
    for (index, character) in digits.enumerated() {
      if index > 0, (digits.count - index) % 3 == 0 { grouped += self == .vi ? "." : "," }
      grouped.append(character)
    }
    return (integer < 0 ? "-" : "") + grouped
  }
}

extension String {
  /// The string in Unicode normalisation form C, used for comparing and writing names.
  ///
  /// Fast path: text made only of characters below U+0300 and of Latin Extended Additional
  /// (U+1E00–U+1EFF, the precomposed Vietnamese letters) is already in NFC (all have
  /// NFC_Quick_Check = Yes and none is a combining mark), so it is returned as is.
  public var nfc: String {
    for scalar in unicodeScalars {
      let value = scalar.value
      if value < 0x300 || (0x1E00...0x1EFF).contains(value) { continue }
      return precomposedStringWithCanonicalMapping
    }
    return self
  }

  /// Width in characters (grapheme clusters) for aligning columns.
  package var displayWidth: Int { count }

  /// Padded with spaces on the right to `width` characters.
  package func padded(to width: Int) -> String {
    let missing = width - displayWidth
    return missing > 0 ? self + String(repeating: " ", count: missing) : self
  }

  /// Padded with spaces on the left to `width` characters.
  package func leftPadded(to width: Int) -> String {
    let missing = width - displayWidth
    return missing > 0 ? String(repeating: " ", count: missing) + self : self
  }

  /// Cut to `width` characters with an ellipsis.
  package func truncated(to width: Int) -> String {
    displayWidth <= width ? self : String(prefix(width - 1)) + "…"
  }
}

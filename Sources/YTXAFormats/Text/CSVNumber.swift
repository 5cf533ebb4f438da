import Foundation

/// How a number written in a spreadsheet cell is read: with `.` or `,` as the decimal mark, and
/// with thousands grouped only where the pattern proves it. A spreadsheet in the Vietnamese
/// locale saves one thousand as `1.000`, an English one as `1,000`; read as a decimal, either is
/// 1, and a count of 1,000 households would silently become 1. So:
///
/// - both marks (`1.000,5`, `1,000.5`): the last is the decimal mark, the other groups
///   thousands;
/// - one mark used more than once (`1.000.000`): it groups thousands;
/// - one mark once, not followed by exactly three digits (`520,5`, `95.25`), or after a lone
///   `0` (`0,125`): the decimal mark;
/// - one mark once, followed by exactly three digits after a non-zero part (`1.000`, `9.650`,
///   `10,000`): it could be either, so the cell is refused, the message showing both readings.
///
/// Groups must be three digits (the first one to three). The result is a JSON number literal.
package enum CSVNumber {
  /// The cell as a JSON number literal, or why it is not one.
  public static func literal(_ cell: String) -> Result<String, Problem> {
    var text = Substring(cell)
    var sign = ""
    if text.first == "-" {
      sign = "-"
      text = text.dropFirst()
    }
    guard !text.isEmpty,
      text.utf8.allSatisfy({ isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") })
    else { return .failure(.notANumber) }
    let marks = text.filter { $0 == "." || $0 == "," }
    guard let last = marks.last else { return .success(sign + text) }
    let parts = text.split(separator: last, omittingEmptySubsequences: false)
    if marks.contains(where: { $0 != last }) {
      // Both marks: the last is the decimal mark; the other groups the whole part.
      guard parts.count == 2, let whole = grouped(parts[0], by: last == "." ? "," : "."),
        digitsOnly(parts[1])
      else { return .failure(.notANumber) }
      return .success(sign + whole + "." + parts[1])
    }
    if parts.count > 2 {
      guard let whole = grouped(text, by: last) else { return .failure(.notANumber) }
      return .success(sign + whole)
    }
    let (before, after) = (parts[0], parts[1])
    guard digitsOnly(before), digitsOnly(after) else { return .failure(.notANumber) }
    if after.count == 3, before.first != "0", before.count <= 3 {
      return .failure(
        .ambiguous(grouped: sign + before + after, decimal: sign + before + "." + after))
    }
    return .success(sign + before + "." + after)
  }

  /// Why a cell is not read as a number.
  public enum Problem: Error, Sendable, Hashable {
    /// Not digits with one decimal mark and optional thousands grouping.
    case notANumber
    /// One mark followed by three digits: `grouped` if it groups thousands, `decimal` if not.
    case ambiguous(grouped: String, decimal: String)

    /// What is wrong and how to write the cell, quoting it.
    public func message(cell: String) -> Message {
      switch self {
      case .notANumber:
        Message(
          "\"\(cell.abbreviated)\" không phải là số (chữ số, dấu thập phân . hoặc ,)",
          "\"\(cell.abbreviated)\" is not a number (digits, with . or , as the decimal mark)")
      case .ambiguous(let grouped, let decimal):
        Message(
          "\"\(cell)\" có thể là \(grouped) (dấu phân cách hàng nghìn) hoặc \(decimal) (dấu thập "
            + "phân); hãy ghi \(grouped) hoặc \(decimal.replacingOccurrences(".", ","))"
            + " không có dấu phân cách hàng nghìn",
          "\"\(cell)\" could be \(grouped) (the mark grouping thousands) or \(decimal) (the mark "
            + "as decimal point); write \(grouped) or \(decimal.replacingOccurrences(".", ","))"
            + " without a thousands separator")
      }
    }
  }

  /// `1.234.567` grouped by `.` → `1234567`; `nil` unless the groups are 1–3 digits, then 3.
  private static func grouped(_ text: Substring, by mark: Character) -> String? {
    let groups = text.split(separator: mark, omittingEmptySubsequences: false)
    guard let first = groups.first, (1...3).contains(first.count), first.first != "0",
      groups.dropFirst().allSatisfy({ $0.count == 3 }), groups.allSatisfy(digitsOnly)
    else { return nil }
    return groups.joined()
  }

  private static func digitsOnly(_ text: Substring) -> Bool {
    !text.isEmpty && text.utf8.allSatisfy(isDigit)
  }

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }
}

extension String {
  fileprivate func replacingOccurrences(_ target: Character, _ replacement: Character) -> String {
    String(map { $0 == target ? replacement : $0 })
  }
}

extension StringProtocol where UnicodeScalarView: BidirectionalCollection {
  /// The text without the white space (`CharacterSet.whitespaces`: spaces of every width and
  /// tabs) at its ends, as `trimmingCharacters(in: .whitespaces)` gives it; a cell with none
  /// there (nearly every cell of a table) is returned without going through Foundation.
  @inlinable package var trimmedCell: String {
    // `CharacterSet.whitespaces` here is the tab, the space separators (Zs) and U+200B: U+0020,
    // U+00A0, U+1680, U+2000…U+200B, U+202F, U+205F, U+3000 (all of Unicode checked).
    @inline(__always) func isSpace(_ scalar: Unicode.Scalar?) -> Bool {
      guard let value = scalar?.value else { return false }
      if value < 0x80 { return value == 0x20 || value == 0x09 }
      return value == 0xA0 || value == 0x1680 || (0x2000...0x200B).contains(value)
        || value == 0x202F || value == 0x205F || value == 0x3000
    }
    let scalars = unicodeScalars
    guard isSpace(scalars.first) || isSpace(scalars.last) else { return String(self) }
    return trimmingCharacters(in: .whitespaces)
  }
}

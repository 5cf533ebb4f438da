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

extension StringProtocol where UTF8View: BidirectionalCollection {
  /// The text without the white space (`CharacterSet.whitespaces`: spaces of every width and
  /// tabs) at its ends, as `trimmingCharacters(in: .whitespaces)` gives it; a cell with none
  /// there (nearly every cell of a table) is returned without going through Foundation.
  package var trimmedCell: String {
    let bytes = utf8
    // Such white space begins with a tab, a space, or a lead byte of U+00A0, U+1680, U+2000…
    // U+205F or U+3000 (0xC2, 0xE1, 0xE2, 0xE3); no other first or last byte can be part of it.
    func mayBeSpace(_ byte: UInt8?, last: Bool) -> Bool {
      guard let byte else { return false }
      if byte == 0x20 || byte == 0x09 { return true }
      // A multi-byte character ends with a continuation byte (0x80-0xBF): check it the slow way.
      return last ? byte >= 0x80 : [0xC2, 0xE1, 0xE2, 0xE3].contains(byte)
    }
    guard mayBeSpace(bytes.first, last: false) || mayBeSpace(bytes.last, last: true) else {
      return String(self)
    }
    return trimmingCharacters(in: .whitespaces)
  }
}

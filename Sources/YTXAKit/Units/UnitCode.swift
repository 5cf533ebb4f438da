import YTXAFormats

/// The rule for the code of an administrative unit in evidence: the GSO code, digits only, of a
/// fixed length per level (province 2, district 3, commune 5), with leading zeros. Surrounding
/// Unicode whitespace (a spreadsheet's spaces, a no-break space) is trimmed; anything else is
/// refused, so that `"07270 "` and `"07270"` can never be two communes. Both evidence readers
/// (the JSON tree and the batch's fast path) and CSV input go through ``normalise(_:)``.
public enum UnitCode: Sendable {
  case commune, district, province

  /// How many digits a code of this level has.
  public var length: Int {
    switch self {
    case .commune: 5
    case .district: 3
    case .province: 2
    }
  }

  private var example: String {
    switch self {
    case .commune: "07270"
    case .district: "216"
    case .province: "24"
    }
  }

  private var noun: Message {
    switch self {
    case .commune: Message("mã xã", "a commune code")
    case .district: Message("mã huyện", "a district code")
    case .province: Message("mã tỉnh", "a province code")
    }
  }

  /// The code as held (whitespace trimmed), or the message saying what would be valid.
  public func normalise(_ text: String) -> Result<String, CodeProblem> {
    // Fast path: already exactly `length` ASCII digits.
    if text.utf8.count == length, text.utf8.allSatisfy(Self.isDigit) { return .success(text) }
    let trimmed = String(text.unicodeScalars.drop(while: \.properties.isWhitespace))
    let code = String(
      String.UnicodeScalarView(
        trimmed.unicodeScalars.reversed().drop(while: \.properties.isWhitespace).reversed()))
    guard !code.isEmpty, code.utf8.allSatisfy(Self.isDigit) else {
      return .failure(
        CodeProblem(
          message: noun
            + Message(
              " gồm \(length) chữ số (mã của Tổng cục Thống kê, ví dụ \(example)), gặp ",
              " is \(length) digits (the GSO code, e.g. \(example)), found ")
            + "\"\(OSName.display(code.abbreviated))\""))
    }
    guard code.utf8.count == length else {
      if code.utf8.count < length {
        let padded = String(repeating: "0", count: length - code.utf8.count) + code
        return .failure(
          CodeProblem(
            message: noun
              + Message(
                " có \(length) chữ số, gặp \(code.utf8.count) (\"\(code)\"); bảng tính có thể đã "
                  + "bỏ số 0 ở đầu: có phải \"\(padded)\"? (định dạng cột là văn bản)",
                " has \(length) digits, found \(code.utf8.count) (\"\(code)\"); a spreadsheet "
                  + "may have dropped the leading zero: did you mean \"\(padded)\"? "
                  + "(format the column as text)")))
      }
      return .failure(
        CodeProblem(
          message: noun
            + Message(
              " có \(length) chữ số (ví dụ \(example)), gặp \(code.utf8.count) ",
              " has \(length) digits (e.g. \(example)), found \(code.utf8.count) ")
            + "(\"\(code.abbreviated)\")"))
    }
    return .success(code)
  }

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  /// Why a code is refused.
  public struct CodeProblem: Error, Sendable, Hashable {
    public var message: Message
  }
}

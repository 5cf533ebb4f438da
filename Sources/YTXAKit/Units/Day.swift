import YTXAFormats

/// A calendar day (proleptic Gregorian), held as the number of days since 1970-01-01 so that
/// periods compare as integers. Written and read as `YYYY-MM-DD` only.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let number: Int32

  public init(daysSince1970 number: Int32) {
    self.number = number
  }

  /// The day of a year, month and day, or `nil` when there is no such day (2025-02-29).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
      day <= Self.length(ofMonth: month, in: year)
    else { return nil }
    // Days from civil (H. Hinnant): March-based years so that leap days come last.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    number = Int32(era * 146_097 + dayOfEra - 719_468)
  }

  /// Reads exactly `YYYY-MM-DD` (ASCII digits, a real day); anything else is `nil`.
  public init?(iso text: some StringProtocol) {
    self.init(isoBytes: ArraySlice(text.utf8))
  }

  /// Reads exactly `YYYY-MM-DD` from UTF-8 bytes (without copying them).
  public init?(isoBytes bytes: ArraySlice<UInt8>) {
    let start = bytes.startIndex
    guard bytes.count == 10, bytes[start + 4] == UInt8(ascii: "-"),
      bytes[start + 7] == UInt8(ascii: "-")
    else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for byte in bytes[(start + range.lowerBound)..<(start + range.upperBound)] {
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
      }
      return value
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else {
      return nil
    }
    self.init(year: year, month: month, day: day)
  }

  /// 31 December of a year.
  public static func endOfYear(_ year: Int) -> Day { Day(year: year, month: 12, day: 31)! }

  /// The year, month and day.
  public var civil: (year: Int, month: Int, day: Int) {
    let z = Int(number) + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shifted = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * shifted + 2) / 5 + 1
    let month = shifted < 10 ? shifted + 3 : shifted - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  public var year: Int { civil.year }

  /// `YYYY-MM-DD`.
  public var iso: String {
    let (year, month, day) = civil
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(year)-\(two(month))-\(two(day))"
  }

  /// `DD/MM/YYYY`, as Vietnamese documents write dates.
  public var vietnamese: String {
    let (year, month, day) = civil
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(two(day))/\(two(month))/\(year)"
  }

  public var description: String { iso }

  public func adding(days: Int32) -> Day { Day(daysSince1970: number + days) }

  public static func < (lhs: Day, rhs: Day) -> Bool { lhs.number < rhs.number }

  static func length(ofMonth month: Int, in year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }
}

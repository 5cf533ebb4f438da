/// A decimal number held exactly as `mantissa × 10^-scale`, built from the text of a JSON number.
///
/// Thresholds such as 16.5 % and measures such as 512.75 m² are compared without ever
/// passing through binary floating point.
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The digits as an integer (sign included).
  public let mantissa: Int64
  /// How many of the digits are after the decimal point (0 ... `maximumScale`).
  public let scale: Int

  /// The most decimal places kept; more (other than trailing zeros) is refused.
  public static let maximumScale = 9

  /// Creates `mantissa × 10^-scale`, normalised so that the mantissa has no trailing zeros.
  public init(mantissa: Int64, scale: Int = 0) {
    var mantissa = mantissa
    var scale = scale
    while scale > 0, mantissa % 10 == 0 {
      mantissa /= 10
      scale -= 1
    }
    self.mantissa = mantissa
    self.scale = scale
  }

  private init(raw mantissa: Int64, scale: Int) {
    self.mantissa = mantissa
    self.scale = scale
  }

  /// Parses a JSON number literal (`-12`, `16.5`, `1e3`); `nil` when it is not one, has more
  /// than `maximumScale` significant decimals, or does not fit in 64 bits.
  public init?(literal: String) {
    var negative = false
    var digits: [UInt8] = []
    var fractionDigits = 0
    var exponent = 0
    var utf8 = Substring(literal).utf8[...]
    if utf8.first == UInt8(ascii: "-") {
      negative = true
      utf8 = utf8.dropFirst()
    }
    var inFraction = false
    var sawDigit = false
    while let byte = utf8.first {
      if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
        digits.append(byte - UInt8(ascii: "0"))
        if inFraction { fractionDigits += 1 }
        sawDigit = true
      } else if byte == UInt8(ascii: "."), !inFraction {
        inFraction = true
      } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
        guard let value = Self.exponent(utf8.dropFirst()) else { return nil }
        exponent = value
        utf8 = utf8[utf8.endIndex...]
        break
      } else {
        return nil
      }
      // More digits than any value in range can have (leading zeros aside) is out of range;
      // stopping here keeps the work bounded whatever the input's length.
      if digits.count > Self.maximumDigits {
        guard let first = digits.firstIndex(where: { $0 != 0 }) else {
          digits = [0]
          utf8 = utf8.dropFirst()
          continue
        }
        if digits.count - first > Self.maximumDigits { return nil }
        digits.removeFirst(first)
      }
      utf8 = utf8.dropFirst()
    }
    guard sawDigit else { return nil }
    var scale = fractionDigits - exponent
    while scale < 0 {
      digits.append(0)
      scale += 1
    }
    while scale > 0, digits.last == 0 {
      digits.removeLast()
      scale -= 1
    }
    guard scale <= Self.maximumScale else { return nil }
    var value: Int64 = 0
    for digit in digits {
      let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times10.addingReportingOverflow(Int64(digit))
      if overflow1 || overflow2 { return nil }
      value = sum
    }
    self.init(mantissa: negative ? -value : value, scale: scale)
  }

  /// The most digits a literal's value may have: more cannot fit in 64 bits (once trailing
  /// fractional zeros are gone, which needs the digits to be read, so a few more are allowed).
  package static let maximumDigits = 40

  /// An exponent's value (`+7`, `-2`, `012`): `nil` unless it is digits after an optional sign,
  /// with at most 3 after leading zeros, so that no exponent, however long, is ever converted to
  /// a machine integer.
  private static func exponent(_ text: Substring.UTF8View.SubSequence) -> Int? {
    var text = text
    var isNegative = false
    if let sign = text.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
      isNegative = sign == UInt8(ascii: "-")
      text = text.dropFirst()
    }
    guard !text.isEmpty else { return nil }
    text = text.drop { $0 == UInt8(ascii: "0") }
    guard text.count <= 3 else { return nil }
    var value = 0
    for byte in text {
      guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
      value = value * 10 + Int(byte - UInt8(ascii: "0"))
    }
    guard value < 100 else { return nil }
    return isNegative ? -value : value
  }

  /// Creates an integer value.
  public init(_ integer: Int) {
    self.init(mantissa: Int64(integer), scale: 0)
  }

  /// `10^scale` as a 128-bit integer.
  public var denominator: Int128 { Self.powerOfTen(scale) }

  /// Whether the value has no fractional part.
  public var isInteger: Bool { scale == 0 }

  /// The value as an integer when it is one.
  public var integerValue: Int64? { scale == 0 ? mantissa : nil }

  package static func powerOfTen(_ exponent: Int) -> Int128 {
    var result: Int128 = 1
    for _ in 0..<exponent { result *= 10 }
    return result
  }

  public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
    Int128(lhs.mantissa) * rhs.denominator < Int128(rhs.mantissa) * lhs.denominator
  }

  /// Plain notation with a point: `16.5`, `24`, `-0.25`.
  public var description: String { formatted(decimalSeparator: ".") }

  /// Plain notation with the given decimal separator (`,` for Vietnamese text), padded with
  /// zeros to at least `minimumPlaces` decimals (`75` → `75,0`).
  public func formatted(decimalSeparator: String, minimumPlaces: Int = 0) -> String {
    if scale < minimumPlaces {
      let factor = Int64(Self.powerOfTen(minimumPlaces - scale))
      let (padded, overflow) = mantissa.multipliedReportingOverflow(by: factor)
      if !overflow {
        return ExactDecimal(raw: padded, scale: minimumPlaces).formatted(
          decimalSeparator: decimalSeparator)
      }
    }
    let magnitude = mantissa.magnitude
    let digits = String(magnitude)
    let sign = mantissa < 0 ? "-" : ""
    guard scale > 0 else { return sign + digits }
    let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
    let split = padded.index(padded.endIndex, offsetBy: -scale)
    return sign + padded[..<split] + decimalSeparator + padded[split...]
  }
}

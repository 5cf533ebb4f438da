import YTXAFormats

/// A number of points, always a multiple of 0.5, held as a count of half points.
public struct Points: Sendable, Hashable, Comparable, CustomStringConvertible, AdditiveArithmetic {
  /// The value in half points: 2.5 points is 5.
  public var halves: Int

  /// Creates a value from a count of half points.
  public init(halves: Int) {
    self.halves = halves
  }

  /// Creates a whole number of points.
  public init(_ whole: Int) {
    self.halves = whole * 2
  }

  /// Creates points from an exact decimal; `nil` unless it is a multiple of 0.5.
  public init?(_ decimal: ExactDecimal) {
    let doubled = Int128(decimal.mantissa) * 2
    guard doubled % decimal.denominator == 0 else { return nil }
    let halves = doubled / decimal.denominator
    guard let exact = Int(exactly: halves) else { return nil }
    self.halves = exact
  }

  public static let zero = Points(halves: 0)

  public static func + (lhs: Points, rhs: Points) -> Points {
    Points(halves: lhs.halves + rhs.halves)
  }
  public static func - (lhs: Points, rhs: Points) -> Points {
    Points(halves: lhs.halves - rhs.halves)
  }
  public static func < (lhs: Points, rhs: Points) -> Bool { lhs.halves < rhs.halves }

  /// `83.5`, `12` (no trailing `.0`), as written in JSON output.
  public var description: String { formatted(decimalSeparator: ".") }

  /// The value with the given decimal separator (`,` in Vietnamese text).
  public func formatted(decimalSeparator: String) -> String {
    let whole = String(halves.magnitude / 2)
    let sign = halves < 0 ? "-" : ""
    return sign + whole + (halves % 2 == 0 ? "" : decimalSeparator + "5")
  }

  /// Appends ``description``'s bytes (the JSON number) without making a string.
  package func appendJSON<Sink: ByteSink>(to out: inout Sink) {
    if halves < 0 { out.put(UInt8(ascii: "-")) }
    let whole = halves.magnitude / 2
    var divisor: UInt = 1
    while whole / divisor >= 10 { divisor *= 10 }
    repeat {
      out.put(UInt8(ascii: "0") + UInt8(whole / divisor % 10))
      divisor /= 10
    } while divisor > 0
    if halves % 2 != 0 {
      out.put(UInt8(ascii: "."))
      out.put(UInt8(ascii: "5"))
    }
  }

  /// 100 × `self` / `maximum` rounded half up to one decimal (0 when the maximum is 0), for
  /// display: the `percent` of results and records.
  public func percent(of maximum: Points) -> ExactDecimal {
    guard maximum.halves > 0 else { return ExactDecimal(0) }
    return Fraction(Int128(halves) * 100, Int128(maximum.halves)).rounded(places: 1)
  }

  /// Whether `self` is at least `percent` % of `maximum`, exactly:
  /// `self × 100 ≥ percent × maximum`.
  public func reaches(_ percent: ExactDecimal, of maximum: Points) -> Bool {
    Int128(halves) * 100 * percent.denominator >= Int128(percent.mantissa) * Int128(maximum.halves)
  }

  /// The smallest number of points that reaches `percent` % of `maximum`
  /// (a multiple of 0.5, since points come in halves).
  public static func minimum(reaching percent: ExactDecimal, of maximum: Points) -> Points {
    // halves × 100 × 10^s ≥ m × maxHalves  ⇔  halves ≥ ceil(m × maxHalves / (100 × 10^s)).
    let numerator = Int128(percent.mantissa) * Int128(maximum.halves)
    let denominator = 100 * percent.denominator
    return Points(halves: Int(ceilingDivide(numerator, denominator)))
  }
}

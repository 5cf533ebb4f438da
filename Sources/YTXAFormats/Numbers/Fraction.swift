/// An exact non-negative rational value, used for measured values (a ratio in percent, a count,
/// a measure) so that comparing it with a threshold never rounds.
public struct Fraction: Sendable, Hashable {
  /// Numerator (≥ 0).
  public var numerator: Int128
  /// Denominator (> 0).
  public var denominator: Int128

  /// Creates `numerator / denominator`; the denominator must be positive.
  public init(_ numerator: Int128, _ denominator: Int128 = 1) {
    self.numerator = numerator
    self.denominator = denominator
  }

  /// Creates the value of a decimal.
  public init(_ decimal: ExactDecimal) {
    self.init(Int128(decimal.mantissa), decimal.denominator)
  }

  /// Whether the value is at least `threshold`: `n × 10^s ≥ m × d`.
  public func isAtLeast(_ threshold: ExactDecimal) -> Bool {
    numerator * threshold.denominator >= Int128(threshold.mantissa) * denominator
  }

  /// Whether the value is at most `threshold`: `n × 10^s ≤ m × d`.
  public func isAtMost(_ threshold: ExactDecimal) -> Bool {
    numerator * threshold.denominator <= Int128(threshold.mantissa) * denominator
  }

  /// The value rounded half up to `places` decimals, as an exact decimal (display only).
  public func rounded(places: Int) -> ExactDecimal {
    let scale = ExactDecimal.powerOfTen(places)
    let scaled = floorDivide(numerator * scale * 2 + denominator, denominator * 2)
    return ExactDecimal(mantissa: Int64(clamping: scaled), scale: places)
  }
}

/// ⌈a / b⌉ for b > 0.
package func ceilingDivide(_ a: Int128, _ b: Int128) -> Int128 {
  let quotient = a / b
  return (a % b != 0 && a > 0) ? quotient + 1 : quotient
}

/// ⌊a / b⌋ for b > 0.
package func floorDivide(_ a: Int128, _ b: Int128) -> Int128 {
  let quotient = a / b
  return (a % b != 0 && a < 0) ? quotient - 1 : quotient
}

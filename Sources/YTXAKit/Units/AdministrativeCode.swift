import YTXAFormats

/// The code of an administrative unit as a type of its own: a commune code cannot be compared
/// with a district code, or held where a plain string is, so that the compiler finds every place
/// a change of what a code means touches. A value is valid by construction: it is made only by
/// ``UnitCode/normalise(_:)`` (digits only, the level's length, whitespace trimmed).
public protocol AdministrativeCode: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The level whose rule the code follows.
  static var level: UnitCode { get }
  /// The digits, with their leading zeros.
  var digits: String { get }
  /// Wraps digits already checked by the level's rule.
  init(checkedDigits: String)
}

extension AdministrativeCode {
  /// The code of `text` by the level's rule, or why it is not one.
  public static func parse(_ text: String) -> Result<Self, UnitCode.CodeProblem> {
    level.normalise(text).map(Self.init(checkedDigits:))
  }

  /// The code of `text`, or `nil` when it breaks the level's rule.
  public init?(_ text: String) {
    guard case .success(let code) = Self.parse(text) else { return nil }
    self = code
  }

  public var description: String { digits }

  /// Codes order as their digits (all of one length: numeric order).
  public static func < (lhs: Self, rhs: Self) -> Bool {
    lhs.digits.utf8.lexicographicallyPrecedes(rhs.digits.utf8)
  }
}

/// A commune-level unit's code (xã, phường, thị trấn): 5 digits.
public struct CommuneCode: AdministrativeCode {
  public static let level = UnitCode.commune
  public let digits: String
  public init(checkedDigits: String) { digits = checkedDigits }
}

/// A district's code: 3 digits.
public struct DistrictCode: AdministrativeCode {
  public static let level = UnitCode.district
  public let digits: String
  public init(checkedDigits: String) { digits = checkedDigits }
}

/// A province's code: 2 digits.
public struct ProvinceCode: AdministrativeCode {
  public static let level = UnitCode.province
  public let digits: String
  public init(checkedDigits: String) { digits = checkedDigits }
}

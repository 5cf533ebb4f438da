import YTXAFormats

/// A health plan with targets (interfaces §7): its source, its area (a province or a district,
/// as the registry's units on a date), its years, and every quantified target, classified as
/// communes meeting the criteria (`recognised`), an indicator of the criteria set aggregated over
/// the area's communes (`indicator`), or a figure the commune evidence cannot measure
/// (`external`). The format is in `Documentation/PlanFormat.md`.
public struct Plan: Sendable {
  public static let supportedSchemaVersion = 1

  /// The plan document.
  public struct Source: Sendable, Hashable {
    /// `239/KH-UBND`; the plan's own blank (`…/KH-UBND`) when the copy has no number.
    public var number: String
    /// `2024-08-08`, or as much of it as the document gives (`2024-02`, `2024`).
    public var date: String
    public var issuer: String
    /// The source file the targets were transcribed from (`Documentation/Sources/plans/…`).
    public var document: String
    public var note: String?
  }

  /// The area: the units of a province, or of one of its districts, in force on `asOf`.
  public struct Area: Sendable, Hashable {
    public var province: ProvinceCode
    public var district: DistrictCode?
    public var name: String
    public var asOf: Day
    /// Why `asOf` is that day (a plan dated only by month or year, or before the registry).
    public var asOfNote: String?
  }

  /// How an indicator target's value is compared with its threshold.
  public enum Comparator: String, Sendable, Hashable, CaseIterable {
    case greater = ">"
    case atLeast = ">="
    case less = "<"
    case atMost = "<="

    /// Whether `value` meets `threshold` (exactly, no rounding).
    public func holds(_ value: Fraction, _ threshold: ExactDecimal) -> Bool {
      switch self {
      case .greater: !value.isAtMost(threshold)
      case .atLeast: value.isAtLeast(threshold)
      case .less: !value.isAtLeast(threshold)
      case .atMost: value.isAtMost(threshold)
      }
    }

    /// Whether a larger value is better.
    public var higherIsBetter: Bool { self == .greater || self == .atLeast }

    /// `>` as people write it: `>`, `≥`, `<`, `≤`.
    public var symbol: String {
      switch self {
      case .greater: ">"
      case .atLeast: "≥"
      case .less: "<"
      case .atMost: "≤"
      }
    }
  }

  /// What a station must show to count in a share-of-stations target.
  public enum Condition: Sendable, Hashable {
    /// A yes/no indicator answered yes.
    case yes
    /// A choice indicator answered with one of these keys.
    case choices([String])
    /// A checklist indicator with all of these items met.
    case items([String])
  }

  /// What a recognised target counts.
  public enum Recognised: Sendable, Hashable {
    /// At least this many of the area's plan communes covered at the end of the year.
    case count([Int: Int])
    /// At least this share (percent) of the area's plan communes covered.
    case share([Int: ExactDecimal])
    /// Every commune covered at the end of the year before stays covered (at least `maintain`
    /// of them), and at least `add` more are covered at the end of `year`.
    case maintainAndAdd(maintain: Int, add: Int, year: Int)
  }

  public enum Kind: Sendable, Hashable {
    case recognised(Recognised)
    /// An indicator: a ratio aggregated as the sum of numerators over the sum of denominators,
    /// or, with a condition, the share of communes meeting it; compared by `comparator` with a
    /// threshold per year.
    case indicator(
      id: String, condition: Condition?, comparator: Comparator, thresholds: [Int: ExactDecimal])
    case external
  }

  public struct Target: Sendable, Hashable {
    public var id: String
    /// The plan's own words.
    public var text: String
    public var kind: Kind
    /// Why the words map to what is computed (a judgement, said so).
    public var note: String?

    /// The key of the kind: `recognised`, `indicator`, `external`.
    public var kindKey: String {
      switch kind {
      case .recognised: "recognised"
      case .indicator: "indicator"
      case .external: "external"
      }
    }
  }

  public var id: String
  public var name: String
  public var source: Source
  public var area: Area
  public var criteriaSetID: String
  public var years: ClosedRange<Int>
  public var targets: [Target]
}

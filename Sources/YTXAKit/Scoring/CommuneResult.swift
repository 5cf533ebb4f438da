import YTXAFormats

/// The score of one commune for one year, with the reason for every point.
public struct CommuneResult: Sendable, Hashable {
  /// The evidence file, as given.
  public var file: String
  /// Who was assessed.
  public var commune: Commune
  /// The assessment year.
  public var year: Int
  /// The criteria set used.
  public var criteriaSetID: String
  /// Points earned on applicable indicators.
  public var total: Points
  /// The applicable maximum (not-applicable indicators left out).
  public var maximum: Points
  /// Whether the commune meets the standard (total, every criterion, no knock-out at 0).
  public var hasPassed: Bool
  /// Why it does not pass: total first, then criteria, then knock-outs, each in set order.
  public var reasons: [FailureReason]
  /// One result per criterion, in set order.
  public var criteria: [CriterionResult]
  /// One result per indicator, in set order.
  public var indicators: [IndicatorResult]
  /// Warnings from loading and scoring (never change the score).
  public var warnings: [Message]
  /// How many indicators of the set are not confirmed against the official text.
  public var unverifiedIndicators: Int
  /// The total the set requires, in points (80 % of the applicable maximum, rounded up to 0.5).
  public var requiredTotal: Points
  /// The assessment date the file gives, if any (else 31 December of ``year`` is used).
  public var assessedOn: Day? = nil

  /// 100 × total / maximum rounded half up to one decimal, for display only.
  public var percent: ExactDecimal {
    total.percent(of: maximum)
  }
}

/// A machine-readable cause of failure.
public enum FailureReason: Sendable, Hashable {
  /// The total is under the required share of the applicable maximum.
  case total
  /// This criterion is under its required share.
  case criterion(String)
  /// This knock-out indicator (điểm liệt) scored 0.
  case knockout(String)
}

/// The score of one criterion.
public struct CriterionResult: Sendable, Hashable {
  public var id: String
  public var name: String
  /// Points earned on its applicable indicators.
  public var points: Points
  /// Its applicable maximum.
  public var maximum: Points
  /// The least points that reach the criterion's required share (50 %).
  public var required: Points
  /// Whether it reaches the required share (true when skipped).
  public var hasPassed: Bool
  /// Whether every indicator of it is not applicable, so it is not judged.
  public var isSkipped: Bool
}

/// The score of one indicator, with what was measured and the band that gave the points.
public struct IndicatorResult: Sendable, Hashable {
  /// How the indicator counted.
  public enum Status: String, Sendable, Hashable {
    case scored
    case missing
    case notApplicable
  }

  /// Why an indicator is not applicable.
  public enum NotApplicableCause: Sendable, Hashable {
    /// The criteria set says it does not apply to this commune type.
    case communeType(CommuneType)
    /// The ratio's denominator is 0 and the set allows that to mean "no one concerned".
    case zeroDenominator
    /// The evidence declares it, with this reason.
    case declared(String)
  }

  /// What the evidence showed and how it was scored.
  public enum Detail: Sendable, Hashable {
    case yesNo(Bool)
    /// The chosen option and the full list (best first).
    case choice(chosen: Indicator.Option, options: [Indicator.Option])
    /// Items met and not met.
    case checklist(met: [Indicator.Option], unmet: [Indicator.Option])
    /// A value compared against bands.
    case banded(BandedValue)
  }

  /// A measured value and the bands it was compared with.
  public struct BandedValue: Sendable, Hashable {
    /// The value in the scale's unit (for a ratio: 100 × n / d).
    public var value: Fraction
    /// The raw numerator and denominator, when the indicator is a ratio.
    public var ratio: RatioParts?
    /// The bands that applied to this commune, best first.
    public var bands: [Indicator.Band]
    /// The band met, or `nil` when none was.
    public var band: Indicator.Band?
    /// What chose the bands: `nil` for plain bands, else the vùng or region.
    public var selector: BandSelector?
    /// The direction of the scale.
    public var direction: Indicator.Direction
    /// The scale's unit.
    public var unit: Indicator.UnitName

    /// The next better band than the one met (the one a commune would aim for).
    public var nextBand: Indicator.Band? {
      guard let band else { return bands.last }
      guard let index = bands.firstIndex(of: band), index > 0 else { return nil }
      return bands[index - 1]
    }
  }

  /// A ratio's two counts.
  public struct RatioParts: Sendable, Hashable {
    public var numerator: Int
    public var denominator: Int
  }

  /// What chose an indicator's bands.
  public enum BandSelector: Sendable, Hashable {
    case zone(Int)
    case region(String)
  }

  public var id: String
  public var criterionID: String
  /// Points earned.
  public var points: Points
  /// The indicator's full points (kept even when not applicable).
  public var maximum: Points
  public var status: Status
  public var isKnockout: Bool
  /// How scored evidence was judged; `nil` when missing or not applicable.
  public var detail: Detail?
  /// Why it is not applicable, when it is not.
  public var notApplicableCause: NotApplicableCause?
  /// Documents cited for it, unchanged.
  public var documents: [String]
  /// The evidence as given, when it was given and used.
  public var evidence: EvidenceValue?
}

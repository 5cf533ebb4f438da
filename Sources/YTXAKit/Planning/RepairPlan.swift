import YTXAFormats

/// What stands between a commune and the standard: the fewest indicators to improve, each with a
/// concrete target in the evidence's own terms.
public struct RepairPlan: Sendable, Hashable {
  /// The outcome of planning.
  public enum Outcome: Sendable, Hashable {
    /// The commune already passes; nothing to do.
    case passes
    /// Improving these indicators as stated makes the commune pass, and no smaller set does.
    case plan([Item])
    /// No improvement of the evidence can make it pass; the reasons it would still fail when every
    /// applicable indicator earned its best points.
    case impossible([FailureReason])
  }

  /// One indicator to improve.
  public struct Item: Sendable, Hashable {
    /// The indicator.
    public var id: String
    /// Its criterion.
    public var criterionID: String
    /// Points it earns now.
    public var points: Points
    /// Points it earns with ``evidence``.
    public var targetPoints: Points
    /// A value of the indicator's own kind that, put in place of the commune's evidence, earns
    /// ``targetPoints``: the smallest change from the current evidence that does.
    public var evidence: EvidenceValue
    /// What to reach, for people.
    public var target: Target
    /// Whether the commune gave no evidence for it.
    public var isMissing: Bool
    /// Whether it is a knock-out at 0 (always in the plan).
    public var isKnockout: Bool

    /// Points to gain.
    public var gain: Points { targetPoints - points }
  }

  /// What an item asks for.
  public enum Target: Sendable, Hashable {
    /// Answer yes.
    case yes
    /// Reach this option.
    case choice(Indicator.Option)
    /// Add these checklist items.
    case addItems([Indicator.Option])
    /// Reach this band: for a ratio, the value that reaches it (the numerator at the commune's
    /// denominator, or an example when evidence is missing).
    case band(Indicator.Band, direction: Indicator.Direction, unit: Indicator.UnitName)
  }

  /// The score the plan starts from.
  public var result: CommuneResult
  /// The outcome.
  public var outcome: Outcome

  /// The plan's items, empty when the commune passes or no plan exists.
  public var items: [Item] {
    if case .plan(let items) = outcome { return items }
    return []
  }
}

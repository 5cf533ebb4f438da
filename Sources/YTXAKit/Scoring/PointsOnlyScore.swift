import YTXAFormats

/// A commune-year's points without the explanations: each indicator's status and points, and
/// the pass rule's judgement. What `ytxa batch` writes and keeps (``Scorer/pointsOnly(_:)``); a
/// full ``CommuneResult`` reduces to the same value.
package struct PointsOnlyScore: Sendable, Hashable {
  /// The evidence file, as given.
  public var file: String
  /// Who was assessed.
  public var commune: Commune
  /// The assessment year.
  public var year: Int
  /// The assessment date the file gives, if any.
  public var assessedOn: Day?
  /// The criteria set used.
  public var criteriaSetID: String
  /// Points earned, by indicator position in the set.
  public var points: [Points]
  /// How each indicator counted, by position.
  public var statuses: [IndicatorResult.Status]
  /// Criteria, totals and the reasons for failing.
  public var judgement: Scorer.Judgement
  /// Warnings from loading and scoring (never change the score).
  public var warnings: [Message]
  /// How many indicators of the set are not confirmed against the official text.
  public var unverifiedIndicators: Int

  /// Whether the commune meets the standard.
  public var hasPassed: Bool { judgement.reasons.isEmpty }

  init(
    file: String, commune: Commune, year: Int, assessedOn: Day?, criteriaSetID: String,
    points: [Points],
    statuses: [IndicatorResult.Status], judgement: Scorer.Judgement, warnings: [Message],
    unverifiedIndicators: Int
  ) {
    self.file = file
    self.commune = commune
    self.year = year
    self.assessedOn = assessedOn
    self.criteriaSetID = criteriaSetID
    self.points = points
    self.statuses = statuses
    self.judgement = judgement
    self.warnings = warnings
    self.unverifiedIndicators = unverifiedIndicators
  }

  /// The points-only view of a full result.
  public init(_ result: CommuneResult) {
    self.init(
      file: result.file, commune: result.commune, year: result.year,
      assessedOn: result.assessedOn, criteriaSetID: result.criteriaSetID,
      points: result.indicators.map(\.points),
      statuses: result.indicators.map(\.status),
      judgement: Scorer.Judgement(
        criteria: result.criteria, total: result.total, maximum: result.maximum,
        requiredTotal: result.requiredTotal, reasons: result.reasons),
      warnings: result.warnings, unverifiedIndicators: result.unverifiedIndicators)
  }

  /// 100 × total / maximum rounded half up to one decimal, for display only.
  public var percent: ExactDecimal {
    judgement.total.percent(of: judgement.maximum)
  }
}

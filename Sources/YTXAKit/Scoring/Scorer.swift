import YTXAFormats

/// Scores validated evidence against its criteria set. Pure: the same input gives the same result.
public struct Scorer: Sendable {
  /// The set the evidence is scored against.
  public let criteria: CriteriaSet

  /// Creates a scorer for one criteria set.
  public init(criteria: CriteriaSet) {
    self.criteria = criteria
  }

  /// Scores one commune-year. The evidence must have been validated against the same set.
  public func score(_ evidence: Evidence) -> CommuneResult {
    let positional = PositionalEvidence(evidence, criteria: criteria)
    var indicatorResults: [IndicatorResult] = []
    indicatorResults.reserveCapacity(criteria.indicators.count)
    for (position, indicator) in criteria.indicators.enumerated() {
      indicatorResults.append(
        score(
          indicator, value: positional.values[position],
          documents: positional.documents[position] ?? [], evidence: evidence))
    }
    return judge(
      evidence: evidence, indicators: indicatorResults,
      warnings: evidence.warnings + documentWarnings(positional))
  }

  /// Points only, without the per-indicator explanations: what `ytxa batch` writes and keeps.
  /// The same outcomes, warnings and judgement as ``score(_:)`` (both go through
  /// ``outcome(_:value:commune:)``, ``documentWarnings(_:)`` and ``judge(points:statuses:)``).
  package func pointsOnly(_ evidence: Evidence) -> PointsOnlyScore {
    pointsOnly(PositionalEvidence(evidence, criteria: criteria))
  }

  /// Points only, from evidence held by indicator position (the batch's form).
  package func pointsOnly(_ evidence: PositionalEvidence) -> PointsOnlyScore {
    let count = criteria.indicators.count
    var points: [Points] = []
    var statuses: [IndicatorResult.Status] = []
    points.reserveCapacity(count)
    statuses.reserveCapacity(count)
    for (position, indicator) in criteria.indicators.enumerated() {
      let (status, earned) = outcome(
        indicator, value: evidence.values[position], commune: evidence.commune)
      points.append(earned)
      statuses.append(status)
    }
    let warnings = evidence.warnings + documentWarnings(evidence)
    return PointsOnlyScore(
      file: evidence.file, commune: evidence.commune, year: evidence.year,
      assessedOn: evidence.assessedOn, criteriaSetID: criteria.id, points: points,
      statuses: statuses, judgement: judge(points: points, statuses: statuses),
      warnings: warnings, unverifiedIndicators: criteria.unverifiedCount)
  }

  /// Documents cited for an indicator that has no evidence (and applies to the commune), in
  /// the string order of the indicator numbers.
  private func documentWarnings(_ evidence: PositionalEvidence) -> [Message] {
    var uncovered: [String] = []
    for (position, indicator) in criteria.indicators.enumerated() {
      if let names = evidence.documents[position], !names.isEmpty,
        evidence.values[position] == nil, !isExcludedByType(indicator, evidence.commune)
      {
        uncovered.append(indicator.id)
      }
    }
    return uncovered.sorted().map {
      Message(
        "có văn bản minh chứng cho chỉ tiêu \($0) nhưng không có số liệu",
        "documents are cited for indicator \($0) but no evidence is given for it")
    }
  }

  private func isExcludedByType(_ indicator: Indicator, _ commune: Commune) -> Bool {
    indicator.notApplicable.communeTypes.contains(commune.type)
  }

  /// The pass rule's verdict on a commune-year's indicator points and statuses (by position).
  public struct Judgement: Sendable, Hashable {
    public var criteria: [CriterionResult]
    public var total: Points
    public var maximum: Points
    public var requiredTotal: Points
    public var reasons: [FailureReason]
  }

  /// Applies the pass rule to indicator results (exposed for the pre-check's what-if scoring).
  func judge(evidence: Evidence, indicators: [IndicatorResult], warnings: [Message])
    -> CommuneResult
  {
    let judgement = judge(points: indicators.map(\.points), statuses: indicators.map(\.status))
    return CommuneResult(
      file: evidence.file, commune: evidence.commune, year: evidence.year,
      criteriaSetID: criteria.id, total: judgement.total, maximum: judgement.maximum,
      hasPassed: judgement.reasons.isEmpty, reasons: judgement.reasons,
      criteria: judgement.criteria, indicators: indicators, warnings: warnings,
      unverifiedIndicators: criteria.unverifiedCount, requiredTotal: judgement.requiredTotal,
      assessedOn: evidence.assessedOn)
  }

  /// The pass rule: total, every criterion, knock-outs. An indicator's maximum is its points in
  /// the set; not-applicable indicators count for neither points nor maximum.
  func judge(points: [Points], statuses: [IndicatorResult.Status]) -> Judgement {
    let rule = criteria.passRule
    var reasons: [FailureReason] = []
    var criterionResults: [CriterionResult] = []
    criterionResults.reserveCapacity(criteria.criteria.count)
    var total = Points.zero
    var maximum = Points.zero
    var position = 0
    for criterion in criteria.criteria {
      var earned = Points.zero
      var criterionMaximum = Points.zero
      var isSkipped = true
      for indicator in criterion.indicators {
        defer { position += 1 }
        guard statuses[position] != .notApplicable else { continue }
        isSkipped = false
        earned += points[position]
        criterionMaximum += indicator.points
      }
      total += earned
      maximum += criterionMaximum
      let hasPassed = isSkipped || earned.reaches(rule.criterionPercent, of: criterionMaximum)
      if !hasPassed { reasons.append(.criterion(criterion.id)) }
      criterionResults.append(
        CriterionResult(
          id: criterion.id, name: criterion.name, points: earned, maximum: criterionMaximum,
          required: Points.minimum(reaching: rule.criterionPercent, of: criterionMaximum),
          hasPassed: hasPassed, isSkipped: isSkipped))
    }
    // A commune with nothing applicable cannot be judged to meet the standard.
    if maximum == .zero || !total.reaches(rule.totalPercent, of: maximum) {
      reasons.insert(.total, at: 0)
    }
    if rule.knockoutsApply {
      for (position, indicator) in criteria.indicators.enumerated()
      where indicator.isKnockout && statuses[position] != .notApplicable
        && points[position] == .zero
      {
        reasons.append(.knockout(indicator.id))
      }
    }
    return Judgement(
      criteria: criterionResults, total: total, maximum: maximum,
      requiredTotal: Points.minimum(reaching: rule.totalPercent, of: maximum), reasons: reasons)
  }

  /// Scores one indicator from the commune's evidence (or its absence).
  func score(_ indicator: Indicator, evidence: Evidence) -> IndicatorResult {
    score(
      indicator, value: evidence.values[indicator.id],
      documents: evidence.documents[indicator.id] ?? [], evidence: evidence)
  }

  /// How an indicator counts and what it earns: not applicable (by commune type, by
  /// declaration, or a 0 denominator the set allows), missing, or scored.
  func outcome(_ indicator: Indicator, value: EvidenceValue?, commune: Commune) -> (
    IndicatorResult.Status, Points
  ) {
    if isExcludedByType(indicator, commune) { return (.notApplicable, .zero) }
    guard let value else { return (.missing, .zero) }
    switch value {
    case .notApplicable: return (.notApplicable, .zero)
    case .ratio(_, let denominator) where denominator == 0: return (.notApplicable, .zero)
    default: return (.scored, Self.points(of: value, for: indicator, commune: commune))
    }
  }

  /// Scores one indicator from its value (`nil`: missing) and cited documents, with the detail
  /// that explains the points.
  private func score(
    _ indicator: Indicator, value: EvidenceValue?, documents: [String], evidence: Evidence
  ) -> IndicatorResult {
    let (status, points) = outcome(indicator, value: value, commune: evidence.commune)
    var result = IndicatorResult(
      id: indicator.id, criterionID: indicator.criterionID, points: points,
      maximum: indicator.points, status: status, isKnockout: indicator.isKnockout, detail: nil,
      notApplicableCause: nil, documents: documents, evidence: nil)
    if isExcludedByType(indicator, evidence.commune) {
      result.notApplicableCause = .communeType(evidence.commune.type)
      return result
    }
    guard let value else { return result }
    result.evidence = value
    switch (status, value) {
    case (.notApplicable, .notApplicable(let reason)): result.notApplicableCause = .declared(reason)
    case (.notApplicable, _): result.notApplicableCause = .zeroDenominator
    default: result.detail = Self.detail(of: value, for: indicator, commune: evidence.commune)
    }
    return result
  }

  /// The points a value earns (0 when it does not fit the indicator's kind).
  static func points(of value: EvidenceValue, for indicator: Indicator, commune: Commune)
    -> Points
  {
    switch (indicator.kind, value) {
    case (.yesNo, .yesNo(let answer)):
      return answer ? indicator.points : .zero
    case (.choice(let options), .choice(let key)):
      return options.first(where: { $0.key == key })?.points ?? .zero
    case (.checklist(let items), .checklist(let keys)):
      return items.reduce(.zero) { keys.contains($1.key) ? $0 + $1.points : $0 }
    case (.ratio(let ratio), .ratio(let numerator, let denominator)):
      let value = Fraction(Int128(numerator) * 100, Int128(denominator))
      return firstBandMet(value, scale: ratio.scale, commune: commune).band?.points ?? .zero
    case (.count(let scale), .count(let count)):
      return firstBandMet(Fraction(Int128(count)), scale: scale, commune: commune).band?.points
        ?? .zero
    case (.measure(let scale), .measure(let measure)):
      return firstBandMet(Fraction(measure), scale: scale, commune: commune).band?.points ?? .zero
    default:
      return .zero
    }
  }

  /// How a value is judged against an indicator's rules.
  static func detail(of value: EvidenceValue, for indicator: Indicator, commune: Commune)
    -> IndicatorResult.Detail?
  {
    switch (indicator.kind, value) {
    case (.yesNo, .yesNo(let answer)):
      return .yesNo(answer)
    case (.choice(let options), .choice(let key)):
      guard let chosen = options.first(where: { $0.key == key }) else { return nil }
      return .choice(chosen: chosen, options: options)
    case (.checklist(let items), .checklist(let keys)):
      return .checklist(
        met: items.filter { keys.contains($0.key) }, unmet: items.filter { !keys.contains($0.key) })
    case (.ratio(let ratio), .ratio(let numerator, let denominator)):
      let value = Fraction(Int128(numerator) * 100, Int128(denominator))
      return .banded(
        banded(
          value, ratio: .init(numerator: numerator, denominator: denominator), scale: ratio.scale,
          commune: commune))
    case (.count(let scale), .count(let count)):
      return .banded(banded(Fraction(Int128(count)), ratio: nil, scale: scale, commune: commune))
    case (.measure(let scale), .measure(let measure)):
      return .banded(banded(Fraction(measure), ratio: nil, scale: scale, commune: commune))
    default:
      return nil
    }
  }

  /// The bands that apply to a commune, and what chose them.
  static func bands(of scale: Indicator.Scale, for commune: Commune)
    -> (bands: [Indicator.Band], selector: IndicatorResult.BandSelector?)
  {
    switch scale.bands {
    case .plain(let bands): (bands, nil)
    case .byZone(let tables): (tables[commune.zone] ?? [], .zone(commune.zone))
    case .byRegion(let tables): (tables[commune.region] ?? [], .region(commune.region))
    }
  }

  /// Tries bands from the best down; the first met gives the points.
  static func banded(
    _ value: Fraction, ratio: IndicatorResult.RatioParts?, scale: Indicator.Scale, commune: Commune
  ) -> IndicatorResult.BandedValue {
    let (bands, selector, band) = firstBandMet(value, scale: scale, commune: commune)
    return .init(
      value: value, ratio: ratio, bands: bands, band: band, selector: selector,
      direction: scale.direction, unit: scale.unit)
  }

  /// The bands that apply to the commune and the first (best) one `value` meets: the one that
  /// gives the points.
  static func firstBandMet(_ value: Fraction, scale: Indicator.Scale, commune: Commune) -> (
    bands: [Indicator.Band], selector: IndicatorResult.BandSelector?, band: Indicator.Band?
  ) {
    let (bands, selector) = bands(of: scale, for: commune)
    return (bands, selector, bands.first { meets(value, $0.threshold, scale.direction) })
  }

  /// `value ≥ threshold` (higher is better) or `value ≤ threshold` (lower is better), exactly.
  static func meets(_ value: Fraction, _ threshold: ExactDecimal, _ direction: Indicator.Direction)
    -> Bool
  {
    direction == .higherIsBetter ? value.isAtLeast(threshold) : value.isAtMost(threshold)
  }
}

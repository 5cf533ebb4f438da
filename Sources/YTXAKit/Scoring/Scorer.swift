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
    var warnings = evidence.warnings
    // The evidence by indicator position, in one pass over each dictionary (no lookup per
    // indicator: this is the batch's hot path).
    let count = criteria.indicators.count
    var values = [EvidenceValue?](repeating: nil, count: count)
    for (id, value) in evidence.values {
      if let position = criteria.position(of: id) { values[position] = value }
    }
    var documents = [[String]](repeating: [], count: count)
    for (id, names) in evidence.documents {
      if let position = criteria.position(of: id) { documents[position] = names }
    }
    var indicatorResults: [IndicatorResult] = []
    indicatorResults.reserveCapacity(count)
    for (position, indicator) in criteria.indicators.enumerated() {
      indicatorResults.append(
        score(
          indicator, value: values[position], documents: documents[position], evidence: evidence))
    }
    if !evidence.documents.isEmpty {
      for (id, names) in evidence.documents.sorted(by: { $0.key < $1.key }) where !names.isEmpty {
        if evidence.values[id] == nil,
          criteria.indicator(id).map({ !isExcludedByType($0, evidence) }) ?? false
        {
          warnings.append("documents are cited for indicator \(id) but no evidence is given for it")
        }
      }
    }
    return judge(evidence: evidence, indicators: indicatorResults, warnings: warnings)
  }

  private func isExcludedByType(_ indicator: Indicator, _ evidence: Evidence) -> Bool {
    indicator.notApplicable.communeTypes.contains(evidence.commune.type)
  }

  /// Applies the pass rule to indicator results (exposed for the pre-check's what-if scoring).
  func judge(evidence: Evidence, indicators: [IndicatorResult], warnings: [String]) -> CommuneResult
  {
    let rule = criteria.passRule
    var reasons: [FailureReason] = []
    var criterionResults: [CriterionResult] = []
    var total = Points.zero
    var maximum = Points.zero
    var position = 0
    for criterion in criteria.criteria {
      var points = Points.zero
      var criterionMaximum = Points.zero
      var isSkipped = true
      for _ in criterion.indicators {
        defer { position += 1 }
        guard indicators[position].status != .notApplicable else { continue }
        isSkipped = false
        points += indicators[position].points
        criterionMaximum += indicators[position].maximum
      }
      total += points
      maximum += criterionMaximum
      let hasPassed = isSkipped || points.reaches(rule.criterionPercent, of: criterionMaximum)
      if !hasPassed { reasons.append(.criterion(criterion.id)) }
      criterionResults.append(
        CriterionResult(
          id: criterion.id, name: criterion.name, points: points, maximum: criterionMaximum,
          required: Points.minimum(reaching: rule.criterionPercent, of: criterionMaximum),
          hasPassed: hasPassed, isSkipped: isSkipped))
    }
    // A commune with nothing applicable cannot be judged to meet the standard.
    if maximum == .zero || !total.reaches(rule.totalPercent, of: maximum) {
      reasons.insert(.total, at: 0)
    }
    if rule.knockoutsApply {
      for index in indicators.indices
      where indicators[index].isKnockout && indicators[index].status != .notApplicable
        && indicators[index].points == .zero
      {
        reasons.append(.knockout(indicators[index].id))
      }
    }
    return CommuneResult(
      file: evidence.file, commune: evidence.commune, year: evidence.year,
      criteriaSetID: criteria.id, total: total, maximum: maximum, hasPassed: reasons.isEmpty,
      reasons: reasons, criteria: criterionResults, indicators: indicators, warnings: warnings,
      unverifiedIndicators: criteria.unverifiedCount,
      requiredTotal: Points.minimum(reaching: rule.totalPercent, of: maximum))
  }

  /// Scores one indicator from the commune's evidence (or its absence).
  func score(_ indicator: Indicator, evidence: Evidence) -> IndicatorResult {
    score(
      indicator, value: evidence.values[indicator.id],
      documents: evidence.documents[indicator.id] ?? [], evidence: evidence)
  }

  /// Scores one indicator from its value (`nil`: missing) and cited documents.
  private func score(
    _ indicator: Indicator, value: EvidenceValue?, documents: [String], evidence: Evidence
  ) -> IndicatorResult {
    var result = IndicatorResult(
      id: indicator.id, criterionID: indicator.criterionID, points: .zero,
      maximum: indicator.points, status: .missing, isKnockout: indicator.isKnockout, detail: nil,
      notApplicableCause: nil, documents: documents, evidence: nil)
    if isExcludedByType(indicator, evidence) {
      result.status = .notApplicable
      result.notApplicableCause = .communeType(evidence.commune.type)
      return result
    }
    guard let value else { return result }
    result.evidence = value
    if case .notApplicable(let reason) = value {
      result.status = .notApplicable
      result.notApplicableCause = .declared(reason)
      return result
    }
    if case .ratio(_, let denominator) = value, denominator == 0 {
      result.status = .notApplicable
      result.notApplicableCause = .zeroDenominator
      return result
    }
    result.status = .scored
    let detail = Self.detail(of: value, for: indicator, commune: evidence.commune)
    result.detail = detail
    result.points = Self.points(of: detail, indicator: indicator)
    return result
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

  static func points(of detail: IndicatorResult.Detail?, indicator: Indicator) -> Points {
    switch detail {
    case .yesNo(let answer): answer ? indicator.points : .zero
    case .choice(let chosen, _): chosen.points
    case .checklist(let met, _): met.reduce(.zero) { $0 + $1.points }
    case .banded(let banded): banded.band?.points ?? .zero
    case nil: .zero
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
    let (bands, selector) = bands(of: scale, for: commune)
    let band = bands.first { meets(value, $0.threshold, scale.direction) }
    return .init(
      value: value, ratio: ratio, bands: bands, band: band, selector: selector,
      direction: scale.direction, unit: scale.unit)
  }

  /// `value ≥ threshold` (higher is better) or `value ≤ threshold` (lower is better), exactly.
  static func meets(_ value: Fraction, _ threshold: ExactDecimal, _ direction: Indicator.Direction)
    -> Bool
  {
    direction == .higherIsBetter ? value.isAtLeast(threshold) : value.isAtMost(threshold)
  }
}

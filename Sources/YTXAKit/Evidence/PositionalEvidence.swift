import YTXAFormats

/// A commune-year's evidence held by indicator position in its criteria set, without
/// dictionaries: the form `ytxa batch` reads and scores (``EvidenceFastPath``,
/// ``Scorer/pointsOnly(_:)-(PositionalEvidence)``). It converts to and from ``Evidence``
/// without loss for evidence validated against the set.
package struct PositionalEvidence: Sendable, Hashable {
  public var file: String
  public var year: Int
  /// The assessment date the file gives, if any.
  public var assessedOn: Day?
  public var criteriaSetID: String
  public var commune: Commune
  /// The evidence per indicator position; `nil` is missing.
  public var values: [EvidenceValue?]
  /// The documents cited per indicator position; `nil` when the file names none for it.
  public var documents: [[String]?]
  /// Warnings from loading.
  public var warnings: [Message]
}

extension PositionalEvidence {
  /// Validated evidence, by position in `criteria` (entries for numbers not in the set, which
  /// validation never lets through, are left out).
  public init(_ evidence: Evidence, criteria: CriteriaSet) {
    var values = [EvidenceValue?](repeating: nil, count: criteria.indicators.count)
    for (id, value) in evidence.values {
      if let position = criteria.position(of: id) { values[position] = value }
    }
    var documents = [[String]?](repeating: nil, count: criteria.indicators.count)
    for (id, names) in evidence.documents {
      if let position = criteria.position(of: id) { documents[position] = names }
    }
    self.init(
      file: evidence.file, year: evidence.year, assessedOn: evidence.assessedOn,
      criteriaSetID: criteria.id, commune: evidence.commune, values: values, documents: documents,
      warnings: evidence.warnings)
  }

  /// The same evidence keyed by indicator number.
  public func evidence(criteria: CriteriaSet) -> Evidence {
    var byID: [String: EvidenceValue] = [:]
    var cited: [String: [String]] = [:]
    for (position, indicator) in criteria.indicators.enumerated() {
      if let value = values[position] { byID[indicator.id] = value }
      if let names = documents[position] { cited[indicator.id] = names }
    }
    var evidence = Evidence(
      file: file, year: year, criteriaSetID: criteriaSetID, commune: commune, values: byID,
      documents: cited, warnings: warnings)
    evidence.assessedOn = assessedOn
    return evidence
  }
}

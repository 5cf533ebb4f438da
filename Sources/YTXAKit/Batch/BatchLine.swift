extension CommuneResult {
  /// The line of `results.jsonl`: the interfaces spec's score object (commune, year,
  /// criteriaSet, total, max, percent, passed, reasons, criteria, indicators) plus `file`,
  /// `requiredTotal`, `unverifiedIndicators` and `warnings`; per criterion and indicator only
  /// the spec's fields (plus `required`/`skipped` and `criterion`). The full per-indicator
  /// explanation is `ytxa score --format json`'s.
  ///
  /// This is the reference form; ``appendBatchLine(to:)`` writes the same bytes directly.
  package func batchJSONOutput(_ language: Language = .vi) -> JSONOutput {
    return .object([
      "assessedOn": .string(UnitResolver.day(assessedOn: assessedOn, year: year).iso),
      "assessedOnDefaulted": .bool(assessedOn == nil),
      "unitsChecked": .bool(commune.unit != nil),
      "file": .string(file), "commune": commune.jsonOutput, "year": .int(year),
      "criteriaSet": .string(criteriaSetID), "total": .points(total), "max": .points(maximum),
      "percent": .number(percent.formatted(decimalSeparator: ".", minimumPlaces: 1)),
      "passed": .bool(hasPassed), "requiredTotal": .points(requiredTotal),
      "reasons": .array(reasons.map(\.jsonOutput)),
      "criteria": .array(
        criteria.map {
          .object([
            "id": .string($0.id), "points": .points($0.points), "max": .points($0.maximum),
            "required": .points($0.required), "passed": .bool($0.hasPassed),
            "skipped": .bool($0.isSkipped),
          ])
        }),
      "indicators": .array(
        indicators.map {
          .object([
            "id": .string($0.id), "criterion": .string($0.criterionID),
            "points": .points($0.points), "max": .points($0.maximum),
            "status": .string($0.status.rawValue), "knockout": .bool($0.isKnockout),
          ])
        }),
      "warnings": .array(warnings.map { .string(language($0)) }),
      "unverifiedIndicators": .int(unverifiedIndicators),
    ])
  }

  /// Appends the batch line (without newline), keys in sorted order, exactly the bytes of
  /// `batchJSONOutput().bytes(pretty: false)`, without building the tree.
  public func appendBatchLine(to out: inout [UInt8], language: Language = .vi) {
    _ = BatchLineWriter(indicators: indicators, criteria: criteria, language: language)
      .append(PointsOnlyScore(self), to: &out, namingFrom: 0)
  }
}

/// Writes `results.jsonl` lines straight to bytes (the batch's hot path). What depends only on
/// the criteria set (each indicator's criterion, number, knock-out flag and maximum; each
/// criterion's number) is rendered once, when the writer is made.
struct BatchLineWriter {
  /// `{"criterion":"1","id":"1","knockout":false,"max":2,"points":` per indicator position.
  private let indicatorPrefixes: [[UInt8]]
  /// `{"id":"1","max":` per criterion.
  private let criterionPrefixes: [[UInt8]]

  /// The language of the warnings.
  private let language: Language

  /// A writer for results scored against `criteria`, warnings in `language`.
  init(criteria: CriteriaSet, language: Language = .vi) {
    self.language = language
    indicatorPrefixes = criteria.indicators.map {
      Self.indicatorPrefix(
        criterion: $0.criterionID, id: $0.id, isKnockout: $0.isKnockout, maximum: $0.points)
    }
    criterionPrefixes = criteria.criteria.map { Self.criterionPrefix($0.id) }
  }

  /// A writer for the indicators and criteria of one full result.
  init(indicators: [IndicatorResult], criteria: [CriterionResult], language: Language) {
    self.language = language
    indicatorPrefixes = indicators.map {
      Self.indicatorPrefix(
        criterion: $0.criterionID, id: $0.id, isKnockout: $0.isKnockout, maximum: $0.maximum)
    }
    criterionPrefixes = criteria.map { Self.criterionPrefix($0.id) }
  }

  private static func indicatorPrefix(
    criterion: String, id: String, isKnockout: Bool, maximum: Points
  ) -> [UInt8] {
    var bytes = Array("{\"criterion\":".utf8)
    JSONOutput.appendString(criterion, to: &bytes)
    bytes += Array(",\"id\":".utf8)
    JSONOutput.appendString(id, to: &bytes)
    bytes += Array(",\"knockout\":\(isKnockout),\"max\":".utf8)
    maximum.appendJSON(to: &bytes)
    bytes += Array(",\"points\":".utf8)
    return bytes
  }

  private static func criterionPrefix(_ id: String) -> [UInt8] {
    var bytes = Array("{\"id\":".utf8)
    JSONOutput.appendString(id, to: &bytes)
    bytes += Array(",\"max\":".utf8)
    return bytes
  }

  /// The length of the line for `score`, counted without making it.
  func length(of score: PointsOnlyScore) -> Int {
    var counter = ByteCounter()
    _ = append(score, to: &counter, namingFrom: 0)
    return counter.count
  }

  /// Appends the line for `score` and returns where, counted from `start`, the commune name's
  /// JSON string (with its quotes) lies, so that the name can be read back without parsing.
  func append<Sink: ByteSink>(
    _ score: PointsOnlyScore, to out: inout Sink, namingFrom start: Int
  ) -> Range<Int> {
    func raw(_ text: StaticString) { out.put(text) }
    func string(_ text: String) { JSONOutput.appendString(text, to: &out) }
    func points(_ value: Points) { value.appendJSON(to: &out) }
    func bool(_ value: Bool) { value ? raw("true") : raw("false") }
    func day(_ value: Day?) {
      guard let value else { return raw("null") }
      raw("\"")
      out.put(utf8: value.iso)
      raw("\"")
    }
    let commune = score.commune
    raw("{\"assessedOn\":\"")
    out.put(utf8: UnitResolver.day(assessedOn: score.assessedOn, year: score.year).iso)
    raw("\",\"assessedOnDefaulted\":")
    bool(score.assessedOn == nil)
    raw(",\"commune\":{\"code\":")
    string(commune.code.digits)
    if let district = commune.district {
      raw(",\"district\":{\"code\":")
      string(district.code.digits)
      raw(",\"name\":")
      string(district.name.nfc)
      raw("}")
    }
    raw(",\"name\":")
    let nameStart = out.count - start
    string(commune.name.nfc)
    let nameRange = nameStart..<(out.count - start)
    if let province = commune.province {
      raw(",\"province\":{\"code\":")
      string(province.code.digits)
      raw(",\"name\":")
      string(province.name.nfc)
      raw("}")
    }
    raw(",\"region\":")
    string(commune.region)
    raw(",\"type\":")
    string(commune.type.rawValue)
    if let unit = commune.unit {
      raw(",\"unit\":{\"validFrom\":")
      day(unit.validFrom)
      raw(",\"validTo\":")
      day(unit.validTo)
      raw("}")
    }
    raw(",\"zone\":")
    out.put(utf8: String(commune.zone))
    raw("},\"criteria\":[")
    for (index, criterion) in score.judgement.criteria.enumerated() {
      if index > 0 { raw(",") }
      out.put(criterionPrefixes[index])
      points(criterion.maximum)
      raw(",\"passed\":")
      bool(criterion.hasPassed)
      raw(",\"points\":")
      points(criterion.points)
      raw(",\"required\":")
      points(criterion.required)
      raw(",\"skipped\":")
      bool(criterion.isSkipped)
      raw("}")
    }
    raw("],\"criteriaSet\":")
    string(score.criteriaSetID)
    raw(",\"file\":")
    string(score.file)
    raw(",\"indicators\":[")
    for index in score.points.indices {
      if index > 0 { raw(",") }
      out.put(indicatorPrefixes[index])
      points(score.points[index])
      switch score.statuses[index] {
      case .scored: raw(",\"status\":\"scored\"}")
      case .missing: raw(",\"status\":\"missing\"}")
      case .notApplicable: raw(",\"status\":\"notApplicable\"}")
      }
    }
    raw("],\"max\":")
    points(score.judgement.maximum)
    raw(",\"passed\":")
    bool(score.hasPassed)
    raw(",\"percent\":")
    out.put(utf8: score.percent.formatted(decimalSeparator: ".", minimumPlaces: 1))
    raw(",\"reasons\":[")
    for (index, reason) in score.judgement.reasons.enumerated() {
      if index > 0 { raw(",") }
      switch reason {
      case .total: raw("{\"kind\":\"total\"}")
      case .criterion(let id):
        raw("{\"id\":")
        string(id)
        raw(",\"kind\":\"criterion\"}")
      case .knockout(let id):
        raw("{\"id\":")
        string(id)
        raw(",\"kind\":\"knockout\"}")
      }
    }
    raw("],\"requiredTotal\":")
    points(score.judgement.requiredTotal)
    raw(",\"total\":")
    points(score.judgement.total)
    raw(",\"unitsChecked\":")
    bool(commune.unit != nil)
    raw(",\"unverifiedIndicators\":")
    out.put(utf8: String(score.unverifiedIndicators))
    raw(",\"warnings\":[")
    for (index, warning) in score.warnings.enumerated() {
      if index > 0 { raw(",") }
      string(language(warning))
    }
    raw("],\"year\":")
    out.put(utf8: String(score.year))
    raw("}")
    return nameRange
  }
}

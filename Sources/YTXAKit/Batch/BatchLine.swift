import YTXAFormats

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
    out.put("{\"assessedOn\":\"")
    out.put(utf8: UnitResolver.day(assessedOn: score.assessedOn, year: score.year).iso)
    out.put("\",\"assessedOnDefaulted\":")
    Self.bool(score.assessedOn == nil, to: &out)
    out.put(",\"commune\":")
    let nameRange = Self.appendCommune(score.commune, to: &out, namingFrom: start)
    out.put(",\"criteria\":[")
    appendCriteria(score, to: &out)
    out.put("],\"criteriaSet\":")
    JSONOutput.appendString(score.criteriaSetID, to: &out)
    out.put(",\"file\":")
    JSONOutput.appendString(score.file, to: &out)
    out.put(",\"indicators\":[")
    appendIndicators(score, to: &out)
    out.put("],\"max\":")
    score.judgement.maximum.appendJSON(to: &out)
    out.put(",\"passed\":")
    Self.bool(score.hasPassed, to: &out)
    out.put(",\"percent\":")
    out.put(utf8: score.percent.formatted(decimalSeparator: ".", minimumPlaces: 1))
    out.put(",\"reasons\":[")
    Self.appendReasons(score.judgement.reasons, to: &out)
    out.put("],\"requiredTotal\":")
    score.judgement.requiredTotal.appendJSON(to: &out)
    out.put(",\"total\":")
    score.judgement.total.appendJSON(to: &out)
    out.put(",\"unitsChecked\":")
    Self.bool(score.commune.unit != nil, to: &out)
    out.put(",\"unverifiedIndicators\":")
    out.put(utf8: String(score.unverifiedIndicators))
    out.put(",\"warnings\":[")
    for (index, warning) in score.warnings.enumerated() {
      if index > 0 { out.put(",") }
      JSONOutput.appendString(language(warning), to: &out)
    }
    out.put("],\"year\":")
    out.put(utf8: String(score.year))
    out.put("}")
    return nameRange
  }

  @inline(__always)
  private static func bool<Sink: ByteSink>(_ value: Bool, to out: inout Sink) {
    value ? out.put("true") : out.put("false")
  }

  @inline(__always)
  private static func day<Sink: ByteSink>(_ value: Day?, to out: inout Sink) {
    guard let value else { return out.put("null") }
    out.put("\"")
    out.put(utf8: value.iso)
    out.put("\"")
  }

  /// A place's `{"code":…,"name":…}`.
  @inline(__always)
  private static func place<Sink: ByteSink>(_ code: String, _ name: String, to out: inout Sink) {
    out.put("{\"code\":")
    JSONOutput.appendString(code, to: &out)
    out.put(",\"name\":")
    JSONOutput.appendString(name.nfc, to: &out)
    out.put("}")
  }

  /// The commune object; returns where its name's JSON string lies, counted from `start`.
  static func appendCommune<Sink: ByteSink>(
    _ commune: Commune, to out: inout Sink, namingFrom start: Int
  ) -> Range<Int> {
    out.put("{\"code\":")
    JSONOutput.appendString(commune.code.digits, to: &out)
    if let district = commune.district {
      out.put(",\"district\":")
      place(district.code.digits, district.name, to: &out)
    }
    out.put(",\"name\":")
    let nameStart = out.count - start
    JSONOutput.appendString(commune.name.nfc, to: &out)
    let nameRange = nameStart..<(out.count - start)
    if let province = commune.province {
      out.put(",\"province\":")
      place(province.code.digits, province.name, to: &out)
    }
    out.put(",\"region\":")
    JSONOutput.appendString(commune.region, to: &out)
    out.put(",\"type\":")
    JSONOutput.appendString(commune.type.rawValue, to: &out)
    if let unit = commune.unit {
      out.put(",\"unit\":{\"validFrom\":")
      day(unit.validFrom, to: &out)
      out.put(",\"validTo\":")
      day(unit.validTo, to: &out)
      out.put("}")
    }
    out.put(",\"zone\":")
    out.put(utf8: String(commune.zone))
    out.put("}")
    return nameRange
  }

  private func appendCriteria<Sink: ByteSink>(_ score: PointsOnlyScore, to out: inout Sink) {
    for (index, criterion) in score.judgement.criteria.enumerated() {
      if index > 0 { out.put(",") }
      out.put(criterionPrefixes[index])
      criterion.maximum.appendJSON(to: &out)
      out.put(",\"passed\":")
      Self.bool(criterion.hasPassed, to: &out)
      out.put(",\"points\":")
      criterion.points.appendJSON(to: &out)
      out.put(",\"required\":")
      criterion.required.appendJSON(to: &out)
      out.put(",\"skipped\":")
      Self.bool(criterion.isSkipped, to: &out)
      out.put("}")
    }
  }

  private func appendIndicators<Sink: ByteSink>(_ score: PointsOnlyScore, to out: inout Sink) {
    for index in score.points.indices {
      if index > 0 { out.put(",") }
      out.put(indicatorPrefixes[index])
      score.points[index].appendJSON(to: &out)
      switch score.statuses[index] {
      case .scored: out.put(",\"status\":\"scored\"}")
      case .missing: out.put(",\"status\":\"missing\"}")
      case .notApplicable: out.put(",\"status\":\"notApplicable\"}")
      }
    }
  }

  static func appendReasons<Sink: ByteSink>(
    _ reasons: [FailureReason], to out: inout Sink
  ) {
    for (index, reason) in reasons.enumerated() {
      if index > 0 { out.put(",") }
      switch reason {
      case .total: out.put("{\"kind\":\"total\"}")
      case .criterion(let id):
        out.put("{\"id\":")
        JSONOutput.appendString(id, to: &out)
        out.put(",\"kind\":\"criterion\"}")
      case .knockout(let id):
        out.put("{\"id\":")
        JSONOutput.appendString(id, to: &out)
        out.put(",\"kind\":\"knockout\"}")
      }
    }
  }
}

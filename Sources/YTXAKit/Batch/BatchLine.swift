extension CommuneResult {
  /// The line of `results.jsonl`: the interfaces spec's score object (commune, year,
  /// criteriaSet, total, max, percent, passed, reasons, criteria, indicators) plus `file`,
  /// `requiredTotal`, `unverifiedIndicators` and `warnings`; per criterion and indicator only
  /// the spec's fields (plus `required`/`skipped` and `criterion`). The full per-indicator
  /// explanation is `ytxa score --format json`'s.
  ///
  /// This is the reference form; ``appendBatchLine(to:)`` writes the same bytes directly.
  public func batchJSONOutput() -> JSONOutput {
    return .object([
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
      "warnings": .array(warnings.map { .string($0) }),
      "unverifiedIndicators": .int(unverifiedIndicators),
    ])
  }

  /// Appends the batch line (without newline), keys in sorted order, exactly the bytes of
  /// `batchJSONOutput().bytes(pretty: false)`, without building the tree (the batch's hot path).
  public func appendBatchLine(to out: inout [UInt8]) {
    _ = appendBatchLine(to: &out, namingFrom: 0)
  }

  /// Appends the batch line as ``appendBatchLine(to:)`` does and returns where, counted from
  /// `start`, the commune name's JSON string (with its quotes) lies, so that the name can be
  /// read back later without parsing the line.
  func appendBatchLine(to out: inout [UInt8], namingFrom start: Int) -> Range<Int> {
    func raw(_ text: StaticString) {
      text.withUTF8Buffer { out.append(contentsOf: $0) }
    }
    func string(_ text: String) { JSONOutput.appendString(text, to: &out) }
    func points(_ value: Points) { value.appendJSON(to: &out) }
    func bool(_ value: Bool) { value ? raw("true") : raw("false") }
    raw("{\"commune\":{\"code\":")
    string(commune.code)
    raw(",\"district\":{\"code\":")
    string(commune.district.code)
    raw(",\"name\":")
    string(commune.district.name.nfc)
    raw("},\"name\":")
    let nameStart = out.count - start
    string(commune.name.nfc)
    let nameRange = nameStart..<(out.count - start)
    if let province = commune.province {
      raw(",\"province\":{\"code\":")
      string(province.code)
      raw(",\"name\":")
      string(province.name.nfc)
      raw("}")
    }
    raw(",\"region\":")
    string(commune.region)
    raw(",\"type\":")
    string(commune.type.rawValue)
    raw(",\"zone\":")
    out.append(contentsOf: String(commune.zone).utf8)
    raw("},\"criteria\":[")
    for (index, criterion) in criteria.enumerated() {
      if index > 0 { raw(",") }
      raw("{\"id\":")
      string(criterion.id)
      raw(",\"max\":")
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
    string(criteriaSetID)
    raw(",\"file\":")
    string(file)
    raw(",\"indicators\":[")
    for (index, indicator) in indicators.enumerated() {
      if index > 0 { raw(",") }
      raw("{\"criterion\":")
      string(indicator.criterionID)
      raw(",\"id\":")
      string(indicator.id)
      raw(",\"knockout\":")
      bool(indicator.isKnockout)
      raw(",\"max\":")
      points(indicator.maximum)
      raw(",\"points\":")
      points(indicator.points)
      raw(",\"status\":\"")
      out.append(contentsOf: indicator.status.rawValue.utf8)
      raw("\"}")
    }
    raw("],\"max\":")
    points(maximum)
    raw(",\"passed\":")
    bool(hasPassed)
    raw(",\"percent\":")
    out.append(contentsOf: percent.formatted(decimalSeparator: ".", minimumPlaces: 1).utf8)
    raw(",\"reasons\":[")
    for (index, reason) in reasons.enumerated() {
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
    points(requiredTotal)
    raw(",\"total\":")
    points(total)
    raw(",\"unverifiedIndicators\":")
    out.append(contentsOf: String(unverifiedIndicators).utf8)
    raw(",\"warnings\":[")
    for (index, warning) in warnings.enumerated() {
      if index > 0 { raw(",") }
      string(warning)
    }
    raw("],\"year\":")
    out.append(contentsOf: String(year).utf8)
    raw("}")
    return nameRange
  }
}

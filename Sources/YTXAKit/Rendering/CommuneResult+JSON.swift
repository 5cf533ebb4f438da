extension CommuneResult {
  /// The score object of the interfaces spec (§3), with additions: `file`, `warnings`,
  /// `unverifiedIndicators`, `requiredTotal`, and per indicator the value, band and documents.
  /// Warnings are in `language`.
  public func jsonOutput(_ language: Language = .vi) -> JSONOutput {
    return .object([
      "assessedOn": .string(UnitResolver.day(assessedOn: assessedOn, year: year).iso),
      "assessedOnDefaulted": .bool(assessedOn == nil),
      "unitsChecked": .bool(commune.unit != nil),
      "file": .string(file),
      "commune": commune.jsonOutput,
      "year": .int(year),
      "criteriaSet": .string(criteriaSetID),
      "total": .points(total),
      "max": .points(maximum),
      "percent": .number(percent.formatted(decimalSeparator: ".", minimumPlaces: 1)),
      "passed": .bool(hasPassed),
      "requiredTotal": .points(requiredTotal),
      "reasons": .array(reasons.map(\.jsonOutput)),
      "criteria": .array(criteria.map(\.jsonOutput)),
      "indicators": .array(indicators.map(\.jsonOutput)),
      "warnings": .array(warnings.map { .string(language($0)) }),
      "unverifiedIndicators": .int(unverifiedIndicators),
    ])
  }
}

extension Commune {
  /// `{"code", "name", "type", "zone", "region", "district"?: {"code", "name"}, "province"?,
  /// "unit"?: {"validFrom", "validTo"}}`, names in NFC. `district` is absent for a unit without
  /// one; `unit` when the commune was resolved against the registry.
  public var jsonOutput: JSONOutput {
    var object: JSONOutput.Members = [
      "code": .string(code.digits), "name": .string(name.nfc), "type": .string(type.rawValue),
      "zone": .int(zone), "region": .string(region),
    ]
    if let district {
      object["district"] = .object([
        "code": .string(district.code.digits), "name": .string(district.name.nfc),
      ])
    }
    if let unit {
      object["unit"] = .object([
        "validFrom": unit.validFrom.map { .string($0.iso) } ?? .null,
        "validTo": unit.validTo.map { .string($0.iso) } ?? .null,
      ])
    }
    if let province {
      object["province"] = .object([
        "code": .string(province.code.digits), "name": .string(province.name.nfc),
      ])
    }
    return .object(object)
  }
}

extension FailureReason {
  /// `{"kind":"total"}`, `{"kind":"criterion","id":"5"}`, `{"kind":"knockout","id":"7"}`.
  public var jsonOutput: JSONOutput {
    switch self {
    case .total: .object(["kind": .string("total")])
    case .criterion(let id): .object(["kind": .string("criterion"), "id": .string(id)])
    case .knockout(let id): .object(["kind": .string("knockout"), "id": .string(id)])
    }
  }
}

extension CriterionResult {
  var jsonOutput: JSONOutput {
    .object([
      "id": .string(id),
      "points": .points(points),
      "max": .points(maximum),
      "required": .points(required),
      "passed": .bool(hasPassed),
      "skipped": .bool(isSkipped),
    ])
  }
}

extension IndicatorResult {
  var jsonOutput: JSONOutput {
    var object: JSONOutput.Members = [
      "id": .string(id),
      "criterion": .string(criterionID),
      "points": .points(points),
      "max": .points(maximum),
      "status": .string(status.rawValue),
      "knockout": .bool(isKnockout),
      "documents": .array(documents.map { .string($0) }),
    ]
    if let evidence { object["evidence"] = evidence.jsonOutput }
    switch notApplicableCause {
    case .communeType(let type):
      object["notApplicable"] = .object([
        "cause": .string("communeType"), "communeType": .string(type.rawValue),
      ])
    case .zeroDenominator:
      object["notApplicable"] = .object(["cause": .string("zeroDenominator")])
    case .declared(let reason):
      object["notApplicable"] = .object(["cause": .string("declared"), "reason": .string(reason)])
    case nil: break
    }
    if case .banded(let banded) = detail {
      object["value"] = .decimal(banded.value.rounded(places: 1))
      var band: JSONOutput.Members = ["direction": .string(banded.direction.rawValue)]
      if let applied = banded.band {
        band["threshold"] = .decimal(applied.threshold)
        band["points"] = .points(applied.points)
      } else {
        band["points"] = .points(.zero)
      }
      switch banded.selector {
      case .zone(let zone): band["zone"] = .int(zone)
      case .region(let region): band["region"] = .string(region)
      case nil: break
      }
      object["band"] = .object(band)
    }
    return .object(object)
  }
}

extension EvidenceValue {
  /// The evidence exactly as an evidence file writes it.
  public var jsonOutput: JSONOutput {
    switch self {
    case .yesNo(let answer): .bool(answer)
    case .choice(let key): .string(key)
    case .checklist(let keys): .array(keys.map { .string($0) })
    case .ratio(let numerator, let denominator):
      .object(["numerator": .int(numerator), "denominator": .int(denominator)])
    case .count(let count): .int(count)
    case .measure(let measure): .decimal(measure)
    case .notApplicable(let reason): .object(["notApplicable": .string(reason)])
    }
  }
}

import YTXAFormats

extension CommuneResult {
  /// The score object of the interfaces spec (§3), with additions: `file`, `warnings`,
  /// `unverifiedIndicators`, `requiredTotal`, and per indicator the value, band and documents.
  /// Warnings are in `language`.
  package func jsonOutput(_ language: Language = .vi) -> JSONOutput {
    .built { write(to: &$0, language: language) }
  }

  /// The score object written to `out`, keys in order; `criteriaFile` (the criteria file's
  /// identity) and `check` (the plan and data quality of `ytxa check`) are added when given. The
  /// one description of the score object: its bytes and its tree both come from here.
  func write<Emitter: JSONEmitter>(
    to out: inout Emitter, language: Language, criteriaFile: CriteriaSource? = nil,
    check: CheckResult? = nil
  ) {
    out.beginObject()
    out.key("assessedOn")
    out.string(UnitResolver.day(assessedOn: assessedOn, year: year).iso)
    out.key("assessedOnDefaulted")
    out.bool(assessedOn == nil)
    out.key("commune")
    commune.write(to: &out)
    out.key("criteria")
    out.array { out in for criterion in criteria { criterion.write(to: &out) } }
    if let criteriaFile {
      out.key("criteriaFile")
      criteriaFile.write(to: &out)
    }
    out.key("criteriaSet")
    out.string(criteriaSetID)
    if let check {
      out.key("dataQuality")
      check.writeDataQuality(to: &out)
    }
    out.key("file")
    out.string(file)
    out.key("indicators")
    out.array { out in for indicator in indicators { indicator.write(to: &out) } }
    out.key("max")
    out.points(maximum)
    out.key("passed")
    out.bool(hasPassed)
    out.key("percent")
    out.number(percent.formatted(decimalSeparator: ".", minimumPlaces: 1))
    check?.writePlan(to: &out)
    out.key("reasons")
    out.array { out in for reason in reasons { reason.write(to: &out) } }
    out.key("requiredTotal")
    out.points(requiredTotal)
    out.key("total")
    out.points(total)
    out.key("unitsChecked")
    out.bool(commune.unit != nil)
    out.key("unverifiedIndicators")
    out.int(unverifiedIndicators)
    out.key("warnings")
    out.array { out in for warning in warnings { out.string(language(warning)) } }
    out.key("year")
    out.int(year)
    out.endObject()
  }
}

extension Commune {
  /// `{"code", "name", "type", "zone", "region", "district"?: {"code", "name"}, "province"?,
  /// "unit"?: {"validFrom", "validTo"}}`, names in NFC. `district` is absent for a unit without
  /// one; `unit` when the commune was resolved against the registry.
  package var jsonOutput: JSONOutput { .built { write(to: &$0) } }

  func write<Emitter: JSONEmitter>(to out: inout Emitter) {
    func place(_ code: String, _ name: String) {
      out.object { out in
        out.key("code")
        out.string(code)
        out.key("name")
        out.string(name.nfc)
      }
    }
    out.beginObject()
    out.key("code")
    out.string(code.digits)
    if let district {
      out.key("district")
      place(district.code.digits, district.name)
    }
    out.key("name")
    out.string(name.nfc)
    if let province {
      out.key("province")
      place(province.code.digits, province.name)
    }
    out.key("region")
    out.string(region)
    out.key("type")
    out.string(type.rawValue)
    if let unit {
      out.key("unit")
      out.object { out in
        out.key("validFrom")
        out.string(unit.validFrom?.iso)
        out.key("validTo")
        out.string(unit.validTo?.iso)
      }
    }
    out.key("zone")
    out.int(zone)
    out.endObject()
  }
}

extension FailureReason {
  /// `{"kind":"total"}`, `{"kind":"criterion","id":"5"}`, `{"kind":"knockout","id":"7"}`.
  package var jsonOutput: JSONOutput { .built { write(to: &$0) } }

  func write<Emitter: JSONEmitter>(to out: inout Emitter) {
    out.object { out in
      switch self {
      case .total: break
      case .criterion(let id), .knockout(let id):
        out.key("id")
        out.string(id)
      }
      out.key("kind")
      switch self {
      case .total: out.string("total")
      case .criterion: out.string("criterion")
      case .knockout: out.string("knockout")
      }
    }
  }
}

extension CriterionResult {
  func write<Emitter: JSONEmitter>(to out: inout Emitter) {
    out.object { out in
      out.key("id")
      out.string(id)
      out.key("max")
      out.points(maximum)
      out.key("passed")
      out.bool(hasPassed)
      out.key("points")
      out.points(points)
      out.key("required")
      out.points(required)
      out.key("skipped")
      out.bool(isSkipped)
    }
  }
}

extension IndicatorResult {
  func write<Emitter: JSONEmitter>(to out: inout Emitter) {
    let banded: BandedValue?
    if case .banded(let value) = detail { banded = value } else { banded = nil }
    out.beginObject()
    if let banded {
      out.key("band")
      out.object { out in
        out.key("direction")
        out.string(banded.direction.rawValue)
        out.key("points")
        out.points(banded.band?.points ?? .zero)
        if case .region(let region) = banded.selector {
          out.key("region")
          out.string(region)
        }
        if let applied = banded.band {
          out.key("threshold")
          out.number(applied.threshold.description)
        }
        if case .zone(let zone) = banded.selector {
          out.key("zone")
          out.int(zone)
        }
      }
    }
    out.key("criterion")
    out.string(criterionID)
    out.key("documents")
    out.array { out in for document in documents { out.string(document) } }
    if let evidence {
      out.key("evidence")
      evidence.write(to: &out)
    }
    out.key("id")
    out.string(id)
    out.key("knockout")
    out.bool(isKnockout)
    out.key("max")
    out.points(maximum)
    if let cause = notApplicableCause {
      out.key("notApplicable")
      out.object { out in
        out.key("cause")
        switch cause {
        case .communeType(let type):
          out.string("communeType")
          out.key("communeType")
          out.string(type.rawValue)
        case .zeroDenominator:
          out.string("zeroDenominator")
        case .declared(let reason):
          out.string("declared")
          out.key("reason")
          out.string(reason)
        }
      }
    }
    out.key("points")
    out.points(points)
    out.key("status")
    out.string(status.rawValue)
    if let banded {
      out.key("value")
      out.number(banded.value.rounded(places: 1).description)
    }
    out.endObject()
  }
}

extension EvidenceValue {
  /// The evidence exactly as an evidence file writes it.
  package var jsonOutput: JSONOutput { .built { write(to: &$0) } }

  func write<Emitter: JSONEmitter>(to out: inout Emitter) {
    switch self {
    case .yesNo(let answer): out.bool(answer)
    case .choice(let key): out.string(key)
    case .checklist(let keys): out.array { out in for key in keys { out.string(key) } }
    case .ratio(let numerator, let denominator):
      out.object { out in
        out.key("denominator")
        out.int(denominator)
        out.key("numerator")
        out.int(numerator)
      }
    case .count(let count): out.int(count)
    case .measure(let measure): out.number(measure.description)
    case .notApplicable(let reason):
      out.object { out in
        out.key("notApplicable")
        out.string(reason)
      }
    }
  }
}

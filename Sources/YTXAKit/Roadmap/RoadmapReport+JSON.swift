import YTXAFormats

extension RoadmapReport {
  private func yearJSON(_ row: RoadmapProgress.YearRow) -> JSONOutput {
    var object: JSONOutput.Members = [
      "year": .int(row.year), "targetCumulative": .int(row.targetCumulative),
      "attained": .int(row.attained), "gap": .int(row.gap),
      "status": .string(row.standing.rawValue), "projection": .bool(row.isProjection),
      "target": .int(row.target), "newlyAttained": .int(row.newlyAttained),
    ]
    if let units = row.unitsInForce { object["unitsInForce"] = .int(units) }
    if let units = row.unitsRecognised { object["unitsRecognised"] = .int(units) }
    if let awaiting = row.passedAwaitingDecision {
      object["passedAwaitingDecision"] = .int(awaiting)
    }
    return .object(object)
  }

  /// The spec's object: `roadmap`, `districts[]` (code, name, communes, years[]), `province`
  /// (years[]); added: per year `status` (vuot/dat/cham) and `projection`, per district
  /// `communesWithEvidence`, and `throughYear`, `latestEvidenceYear`, `lookAhead`,
  /// `unknownDistricts`, `unverifiedIndicators`, `criteriaFile`; with units (interfaces §6)
  /// `onMerge`, `unitsAsOf`, per year `unitsInForce` and `unitsRecognised`, per candidate
  /// `covers`; with the register and evidence (interfaces §9) per year `passedAwaitingDecision`
  /// and `discrepancies`.
  package func jsonOutput() -> JSONOutput {
    let roadmap = progress.roadmap
    var object: JSONOutput.Members = [
      "roadmap": .string(roadmap.id),
      "districts": .array(
        progress.districts.map { row in
          .object([
            "code": .string(row.district.code.digits), "name": .string(row.district.name),
            "communes": .int(row.district.communes),
            "communesWithEvidence": .int(row.communesWithEvidence),
            "years": .array(row.years.map { yearJSON($0) }),
          ])
        }),
      "province": .object([
        "code": .string(roadmap.provinceCode.digits), "name": .string(roadmap.provinceName),
        "communes": .int(roadmap.provinceCommunes),
        "years": .array(progress.province.map { yearJSON($0) }),
      ]),
      "throughYear": .int(progress.throughYear),
      "latestEvidenceYear": progress.latestEvidenceYear.map { .int($0) } ?? .null,
      "lookAhead": .array(
        progress.lookAhead.map { item in
          .object([
            "year": .int(item.year), "district": .string(item.districtCode.digits),
            "targetCumulative": .int(item.targetCumulative), "holding": .int(item.holding),
            "expiring": .int(item.expiring), "needed": .int(item.needed),
            "candidates": .array(
              item.candidates.map { candidate in
                candidateJSON(candidate)
              }),
          ])
        }),
      "unknownDistricts": .array(
        progress.unknownDistricts.map {
          .object([
            "code": $0.code.map { .string($0.digits) } ?? .null, "name": .string($0.name),
            "communes": .array($0.communes.map { .string($0.digits) }),
          ])
        }),
    ]
    object["unitsChecked"] = .bool(unitsChecked)
    object["unitsAsOf"] = roadmap.unitsAsOf.map { .string($0.iso) } ?? .null
    object["onMerge"] = progress.recognition.map { .string($0.policy.rawValue) } ?? .null
    // Interfaces §9: recognition from the register's decisions, or inferred from evidence.
    object["recognitionFrom"] = .string(
      progress.recognition?.isFromRegister == true ? "register" : "evidence")
    if hasAwaiting {
      object["discrepancies"] = .array(progress.discrepancies.map(discrepancyJSON))
    }
    if let criteria {
      object["unverifiedIndicators"] = .int(criteria.unverifiedCount)
      object["criteriaFile"] = criteria.source?.jsonOutput
    }
    return .object(object)
  }

  private func discrepancyJSON(_ item: RoadmapProgress.Discrepancy) -> JSONOutput {
    let assessment = item.assessment
    var object: JSONOutput.Members = [
      "kind": .string(item.kind.rawValue),
      "commune": .object(["code": .string(item.code.digits), "name": .string(item.name.nfc)]),
      "assessment": .object([
        "file": .string(assessment.file), "assessedOn": .string(assessment.day.iso),
        "passed": .bool(assessment.passed), "total": .points(assessment.total),
        "max": .points(assessment.maximum),
      ]),
      "message": .string(item.sentence(language)),
    ]
    if let decision = item.decision {
      object["decision"] = .object([
        "decision": .string(decision.decision), "signedOn": .string(decision.signedOn.iso),
        "kind": .string(decision.kind.rawValue), "file": .string(decision.file),
        "row": .int(decision.row),
      ])
    }
    return .object(object)
  }

  private func candidateJSON(_ candidate: RoadmapProgress.Candidate) -> JSONOutput {
    var object: JSONOutput.Members = [
      "code": .string(candidate.code.digits), "name": .string(candidate.name),
      "lastYear": candidate.lastYear.map { .int($0) } ?? .null,
      "total": candidate.total.map { .points($0) } ?? .null,
      "max": candidate.maximum.map { .points($0) } ?? .null,
      "planSize": candidate.planSize.map { .int($0) } ?? .null,
    ]
    if progress.coverage != nil {
      object["covers"] = .array(
        candidate.covers.map {
          .object(["district": .string($0.district.digits), "communes": .int($0.communes)])
        })
    }
    return .object(object)
  }

  /// One commune's timeline as JSON.
  package func timelineJSON(_ commune: TrackedCommune) -> JSONOutput {
    .object([
      "commune": .object([
        "code": .string(commune.code.digits), "name": .string(commune.name),
        "district": commune.districtCode.map { code in
          .object(["code": .string(code.digits), "name": .string(commune.districtName ?? "")])
        } ?? .null,
      ]),
      "years": .array(
        (progress.timelines[commune.code] ?? []).filter { $0.year <= progress.throughYear }.map {
          year in
          .object([
            "year": .int(year.year), "assessed": .bool(year.assessment != nil),
            "total": year.assessment.map { .points($0.total) } ?? .null,
            "max": year.assessment.map { .points($0.maximum) } ?? .null,
            "passed": year.assessment.map { .bool($0.passed) } ?? .null,
            "status": .string(year.status.rawValue),
            "statusText": .string(year.status.vietnamese),
            "recognised": .bool(year.status.isRecognised),
            "file": year.assessment.map { .string($0.file) } ?? .null,
          ])
        }),
    ])
  }
}

import YTXAFormats

extension RoadmapProgress {
  /// Attainment on the plan's own communes, through every change of the map (interfaces §6):
  /// a plan district's communes are the registry's units of that district on the roadmap's
  /// `unitsAsOf`; at the end of each year a plan commune counts when the units then holding its
  /// territory are all recognised (by their own passes, carried across nominal changes, or as
  /// `policy` says across territorial ones).
  ///
  /// - Parameters:
  ///   - communes: the evidence's communes; their assessments name the unit assessed.
  ///   - through: last roadmap year to report (default: the plan's last year).
  ///   - decisions: the register's decisions by unit: recognition comes from them (interfaces
  ///     §9) instead of from the evidence's passes; with evidence as well, each year counts the
  ///     passes awaiting a decision, and the disagreements are listed.
  ///   - today: with `decisions` and evidence, the day up to which a pass left without a
  ///     decision for 90 days is a discrepancy (none are looked for without it).
  package init(
    roadmap: Roadmap, coverage: PlanCoverage, communes: [TrackedCommune], policy: MergePolicy,
    through: Int? = nil, validity: Int = 3, decisions: [Int: [RegisterDecision]]? = nil,
    today: Day? = nil
  ) {
    let registry = coverage.registry
    var byUnit: [Int: [Assessment]] = [:]
    for commune in communes {
      for assessment in commune.assessments {
        if let unit = assessment.unit { byUnit[unit, default: []].append(assessment) }
      }
    }
    let recognition =
      decisions.map {
        UnitRecognition(
          registry: registry, decisions: $0, policy: policy, validity: validity,
          assessments: byUnit)
      }
      ?? UnitRecognition(
        registry: registry, assessments: byUnit, policy: policy, validity: validity)
    self.roadmap = roadmap
    self.communes = communes
    self.recognition = recognition
    self.coverage = coverage
    // Histories are the units' (``UnitRecognition``), not the codes' year-by-year timelines.
    timelines = [:]
    // The latest year anything is known of: evidence, or a decision signed.
    let latest = [
      communes.lazy.flatMap { $0.assessments.map(\.year) }.max(),
      decisions?.values.lazy.flatMap { $0.map(\.signedOn.year) }.max(),
    ].compactMap { $0 }.max()
    latestEvidenceYear = latest
    let first = roadmap.years.first ?? 2023
    let last = min(through ?? roadmap.years.last ?? first, roadmap.years.last ?? first)
    throughYear = last
    let reportYears = roadmap.years.filter { $0 <= last }
    // Which plan districts each assessed unit's territory came from.
    let origins = Self.planOrigins(of: Array(byUnit.keys), coverage: coverage)
    var districtRows: [DistrictRow] = []
    var provinceRows = reportYears.map { year in
      YearRow(
        year: year, target: 0, targetCumulative: 0, attained: 0, newlyAttained: 0,
        isProjection: latest.map { year > $0 } ?? true, unitsInForce: 0, unitsRecognised: 0)
    }
    // The province's units each year: every district's, a unit holding communes of two plan
    // districts counted once.
    var provinceHeld = reportYears.map { _ in Set<Int>() }
    for (district, planUnits) in coverage.planUnits {
      guard let planned = roadmap.district(district) else { continue }
      let rows = reportYears.map { year in
        Self.yearRow(
          planned, year: year, planUnits: planUnits, coverage: coverage,
          recognition: recognition, isProjection: latest.map { year > $0 } ?? true)
      }
      for (index, (row, held)) in rows.enumerated() {
        provinceRows[index].target += row.target
        provinceRows[index].targetCumulative += row.targetCumulative
        provinceRows[index].attained += row.attained
        provinceRows[index].newlyAttained += row.newlyAttained
        provinceHeld[index].formUnion(held)
      }
      let withEvidence = origins.count { $0.value.contains(district) }
      districtRows.append(
        DistrictRow(
          district: planned, years: rows.map(\.row), communesWithEvidence: withEvidence))
    }
    for (index, held) in provinceHeld.enumerated() {
      let day = Day.endOfYear(provinceRows[index].year)
      provinceRows[index].unitsInForce = held.count
      provinceRows[index].unitsRecognised = held.count { recognition.isRecognised($0, on: day) }
      provinceRows[index].passedAwaitingDecision = Self.awaitingDecision(
        held, on: day, recognition: recognition)
    }
    districts = districtRows
    province = provinceRows
    let base = through ?? latest ?? (roadmap.years.first ?? 2023) - 1
    lookAhead =
      roadmap.years.contains(base + 1)
      ? Self.lookAhead(
        roadmap: roadmap, coverage: coverage, recognition: recognition, base: base)
      : []
    // Assessed units whose territory holds no plan commune: outside the plan.
    var unknown: [DistrictCode?: UnknownDistrict] = [:]
    for unit in byUnit.keys.sorted() where origins[unit, default: []].isEmpty {
      let record = registry.units[unit]
      unknown[
        record.district?.code,
        default: UnknownDistrict(
          code: record.district?.code, name: record.district?.name ?? "", communes: [])
      ].communes.append(record.code)
    }
    unknownDistricts = unknown.values.sorted {
      ($0.code?.digits ?? "~") < ($1.code?.digits ?? "~")
    }
    if let decisions, let today, !byUnit.isEmpty {
      discrepancies = Self.discrepancies(
        recognition: recognition, decisions: decisions, today: today)
    }
  }

  /// One plan district's year: its plan communes covered at the end of the year (and newly),
  /// and the units then holding them (and how many are recognised), with those units.
  static func yearRow(
    _ planned: Roadmap.District, year: Int, planUnits: [Int], coverage: PlanCoverage,
    recognition: UnitRecognition, isProjection: Bool
  ) -> (row: YearRow, held: Set<Int>) {
    let day = Day.endOfYear(year)
    let before = Day.endOfYear(year - 1)
    var held: Set<Int> = []
    var attained = 0
    var newly = 0
    for unit in planUnits {
      let territory = coverage.territory(of: unit, on: day)
      held.formUnion(territory)
      guard !territory.isEmpty, territory.allSatisfy({ recognition.isRecognised($0, on: day) })
      else { continue }
      attained += 1
      if !coverage.isCovered(unit, on: before, by: recognition) { newly += 1 }
    }
    let row = YearRow(
      year: year, target: planned.targets[year] ?? 0,
      targetCumulative: planned.cumulative(through: year), attained: attained,
      newlyAttained: newly, isProjection: isProjection, unitsInForce: held.count,
      unitsRecognised: held.count { recognition.isRecognised($0, on: day) },
      passedAwaitingDecision: awaitingDecision(held, on: day, recognition: recognition))
    return (row, held)
  }

  /// The plan districts each unit's territory came from: the plan communes it was formed from,
  /// through every predecessor back to `unitsAsOf` (a plan commune itself gives its own).
  static func planOrigins(of units: [Int], coverage: PlanCoverage) -> [Int: Set<DistrictCode>] {
    var memo: [Int: Set<DistrictCode>] = [:]
    func origins(_ unit: Int) -> Set<DistrictCode> {
      if let known = memo[unit] { return known }
      var found: Set<DistrictCode> = []
      if let district = coverage.districtOf[unit] {
        found.insert(district)
      } else {
        for link in coverage.registry.units[unit].predecessors {
          found.formUnion(origins(link.unit))
        }
      }
      memo[unit] = found
      return found
    }
    var result: [Int: Set<DistrictCode>] = [:]
    for unit in units { result[unit] = origins(unit) }
    return result
  }

  /// The year after `base`, per plan district: plan communes still covered then without new
  /// assessments, those whose cover runs out, how many more are needed, and the units in force
  /// then whose recognition would add plan communes (interfaces §6), best first.
  static func lookAhead(
    roadmap: Roadmap, coverage: PlanCoverage, recognition: UnitRecognition, base: Int
  ) -> [LookAhead] {
    let next = base + 1
    let now = Day.endOfYear(base)
    let then = Day.endOfYear(next)
    // For each plan commune not covered then: the one unrecognised unit that would complete
    // its cover, counted for the commune's plan district.
    var adds: [Int: [DistrictCode: Int]] = [:]
    for (district, planUnits) in coverage.planUnits {
      for unit in planUnits where !coverage.isCovered(unit, on: then, by: recognition) {
        let missing = coverage.territory(of: unit, on: then).filter {
          !recognition.isRecognised($0, on: then)
        }
        if missing.count == 1 { adds[missing[0], default: [:]][district, default: 0] += 1 }
      }
    }
    let order = coverage.planUnits.map(\.district)
    var candidates: [Candidate] = []
    for (unit, byDistrict) in adds {
      let record = coverage.registry.units[unit]
      let latest = recognition.assessments[unit]?.last { $0.year <= base }
      candidates.append(
        Candidate(
          code: record.code, name: record.name, lastYear: latest?.year, total: latest?.total,
          maximum: latest?.maximum, planSize: latest?.planSize,
          covers: order.compactMap { district in
            byDistrict[district].map { Cover(district: district, communes: $0) }
          }))
    }
    candidates.sort(by: Candidate.ranksBefore)
    return coverage.planUnits.compactMap { district, planUnits in
      guard let planned = roadmap.district(district) else { return nil }
      let holding = planUnits.count { coverage.isCovered($0, on: then, by: recognition) }
      let expiring = planUnits.count {
        coverage.isCovered($0, on: now, by: recognition)
          && !coverage.isCovered($0, on: then, by: recognition)
      }
      let target = planned.cumulative(through: next)
      return LookAhead(
        year: next, districtCode: district, targetCumulative: target, holding: holding,
        expiring: expiring, needed: max(0, target - holding),
        candidates: candidates.filter { $0.covers.contains { $0.district == district } })
    }
  }
}

import YTXAFormats

extension PlanEvaluation {
  /// What every target's evaluation shares: the area, the records, and recognition.
  struct Context {
    let area: PlanArea
    let records: [Record]
    let recognition: UnitRecognition
    let years: [Int]
    /// Each record's unit: the plan communes it holds, and where it lies (worked out once).
    private let held: [Int: Set<Int>]
    private let placements: [Int: PlanArea.Placement]

    init(area: PlanArea, records: [Record], recognition: UnitRecognition, years: [Int]) {
      self.area = area
      self.records = records
      self.recognition = recognition
      self.years = years
      var held: [Int: Set<Int>] = [:]
      var placements: [Int: PlanArea.Placement] = [:]
      for record in records where placements[record.unit] == nil {
        held[record.unit] = area.planCommunes(of: record.unit)
        placements[record.unit] = area.placement(of: record.unit)
      }
      self.held = held
      self.placements = placements
    }

    func placement(of unit: Int) -> PlanArea.Placement {
      placements[unit] ?? area.placement(of: unit)
    }

    func planCommunes(of unit: Int) -> Set<Int> { held[unit] ?? area.planCommunes(of: unit) }

    /// 31 December of `year`: the day a year's standing is read on.
    static func endOf(_ year: Int) -> Day {
      Day(iso: "\(year)-12-31") ?? Day(daysSince1970: 0)
    }

    /// The plan communes covered by recognition at the end of `year`.
    func covered(_ year: Int) -> Set<Int> {
      let day = Self.endOf(year)
      return Set(area.units.filter { area.isCovered($0, on: day, by: recognition) })
    }

    /// Plan communes no record up to `year` reaches.
    func neverAssessed(through year: Int) -> Int {
      var reached: Set<Int> = []
      for record in records where record.year <= year {
        reached.formUnion(planCommunes(of: record.unit))
      }
      return area.units.count - reached.count
    }

    func recognised(_ rule: Plan.Recognised, year: Int) -> Year {
      let now = covered(year)
      let total = area.units.count
      var row = Year(
        year: year, target: nil, targetYear: nil, value: Fraction(Int128(now.count)), met: nil,
        communes: total, communesWithoutEvidence: neverAssessed(through: year))
      switch rule {
      case .count(let counts):
        if let (count, due) = PlanEvaluation.due(counts, year: year) {
          row.target = ExactDecimal(count)
          row.targetYear = due
          if due == year { row.met = now.count >= count }
        }
      case .share(let shares):
        row.value = total == 0 ? nil : Fraction(Int128(now.count * 100), Int128(total))
        if let (share, due) = PlanEvaluation.due(shares, year: year) {
          row.target = share
          row.targetYear = due
          if due == year, let value = row.value { row.met = value.isAtLeast(share) }
        }
      case .maintainAndAdd(let maintain, let add, let targetYear):
        guard year <= targetYear else { break }
        row.target = ExactDecimal(maintain + add)
        row.targetYear = targetYear
        guard year == targetYear else { break }
        let before = covered(year - 1)
        let kept = before.intersection(now)
        row.previouslyCovered = before.count
        row.maintained = kept.count
        row.added = now.subtracting(before).count
        row.met =
          kept.count == before.count && kept.count >= maintain && now.count - kept.count >= add
      }
      return row
    }

    func indicator(
      _ id: String, condition: Plan.Condition?, comparator: Plan.Comparator,
      thresholds: [Int: ExactDecimal], year: Int
    ) -> Year {
      let due = PlanEvaluation.due(thresholds, year: year)
      var numerator: Int128 = 0
      var denominator: Int128 = 0
      var met = 0
      var used = 0
      var reached: Set<Int> = []
      var laggards: [Laggard] = []
      var leftOut: [LeftOut] = []
      for record in records where record.year == year {
        switch placement(of: record.unit) {
        case .outside: continue
        case .straddling(let count):
          if record.values[id] != nil {
            leftOut.append(LeftOut(code: record.code, name: record.name, planCommunes: count))
          }
          continue
        case .inside: break
        }
        guard let value = record.values[id] else { continue }
        if let condition {
          guard let meets = Self.meets(value, condition) else { continue }
          used += 1
          reached.formUnion(planCommunes(of: record.unit))
          if meets {
            met += 1
          } else {
            laggards.append(Laggard(code: record.code, name: record.name, value: nil, shortfall: 1))
          }
          continue
        }
        guard case .ratio(let n, let d) = value, d > 0 else { continue }
        used += 1
        reached.formUnion(planCommunes(of: record.unit))
        numerator += Int128(n)
        denominator += Int128(d)
        if let (threshold, _) = due {
          let gap = Self.shortfall(n, d, threshold, higherIsBetter: comparator.higherIsBetter)
          if gap > 0 {
            laggards.append(
              Laggard(
                code: record.code, name: record.name, value: Fraction(Int128(n) * 100, Int128(d)),
                shortfall: gap))
          }
        }
      }
      var value: Fraction?
      if condition != nil {
        value = used == 0 ? nil : Fraction(Int128(met * 100), Int128(used))
      } else {
        value = denominator == 0 ? nil : Fraction(numerator * 100, denominator)
      }
      laggards.sort { ($0.shortfall, $1.code) > ($1.shortfall, $0.code) }
      var row = Year(
        year: year, target: due?.0, targetYear: due?.1, value: value, met: nil, communes: used,
        communesWithoutEvidence: area.units.count - reached.count,
        laggards: Array(laggards.prefix(5)), leftOut: leftOut.sorted { $0.code < $1.code })
      if let (threshold, dueYear) = due, dueYear == year, let value {
        row.met = comparator.holds(value, threshold)
      }
      return row
    }

    /// Whether a station's evidence meets a condition (`nil`: not applicable or not this kind).
    static func meets(_ value: EvidenceValue, _ condition: Plan.Condition) -> Bool? {
      switch (value, condition) {
      case (.yesNo(let answer), .yes): answer
      case (.choice(let key), .choices(let keys)): keys.contains(key)
      case (.checklist(let met), .items(let items)): items.allSatisfy(met.contains)
      default: nil
      }
    }

    /// People short of `threshold` percent of `d` (or above it, lower being better), rounded up
    /// to whole people: `⌈t × d / 100⌉ − n`, or `n − ⌊t × d / 100⌋`.
    static func shortfall(_ n: Int, _ d: Int, _ threshold: ExactDecimal, higherIsBetter: Bool)
      -> Int
    {
      let scaled = Int128(threshold.mantissa) * Int128(d)
      let divisor = threshold.denominator * 100
      if higherIsBetter {
        let needed = (scaled + divisor - 1) / divisor
        return Int(clamping: max(0, needed - Int128(n)))
      }
      let allowed = scaled / divisor
      return Int(clamping: max(0, Int128(n) - allowed))
    }
  }
}

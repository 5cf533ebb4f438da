import Foundation
import Testing

@testable import YTXAFormats
@testable import YTXAKit

/// `ytxa plan`'s arithmetic on small cases worked out by hand, on a registry of a few units:
/// Huyện Một (101) has Xã A–D; Xã E is in Huyện Hai (102). On 2025-07-01 Xã D and Xã E merge
/// into Xã DE (straddling Huyện Một's edge), and Xã A and Xã B into Xã AB (inside it).
@Suite("plan aggregation") struct PlanAggregationTests {
  static let registryText =
    [
      "S\t2023-04-10", "P\t24\tTỉnh Thử", "D\t101\tHuyện Một", "D\t102\tHuyện Hai",
      "U\t00001\t\t2025-06-30\tx\tXã A\t0\t0\t\t",
      "U\t00002\t\t2025-06-30\tx\tXã B\t0\t0\t\t",
      "U\t00003\t\t\tx\tXã C\t0\t0\t\t",
      "U\t00004\t\t2025-06-30\tx\tXã D\t0\t0\t\t",
      "U\t00005\t\t2025-06-30\tx\tXã E\t1\t0\t\t",
      "U\t00006\t2025-07-01\t\tx\tXã DE\t\t0\t00004:w,00005:w\t",
      "U\t00007\t2025-07-01\t\tx\tXã AB\t\t0\t00001:w,00002:w\t",
    ].joined(separator: "\n") + "\n"

  static func registry() throws -> UnitRegistry {
    try UnitRegistry(text: registryText, file: "test-registry.tsv")
  }

  /// A plan on Huyện Một with the given targets (JSON fragments).
  static func plan(_ targets: [String], years: (Int, Int) = (2023, 2026)) throws -> Plan {
    let text = """
      {"schemaVersion": 1, "id": "thu", "name": "Kế hoạch thử", "criteriaSet": "qd-1300-2023",
       "source": {"number": "1/KH", "date": "2024", "issuer": "UBND", "document": "test"},
       "area": {"province": "24", "district": "101", "name": "Huyện Một", "asOf": "2024-01-01"},
       "years": {"from": \(years.0), "to": \(years.1)},
       "targets": [\(targets.joined(separator: ","))]}
      """
    return try Plan(data: Array(text.utf8), file: "thu.json", criteria: TestSets.bundled())
  }

  static func record(
    _ code: String, _ year: Int, _ values: [String: EvidenceValue], passed: Bool = true,
    day: String? = nil, registry: UnitRegistry
  ) throws -> PlanEvaluation.Record {
    let when = try #require(Day(iso: day ?? "\(year)-06-15"))
    let unit = try #require(
      registry.units.indices.first {
        registry.units[$0].code.digits == code && registry.units[$0].isInForce(on: when)
      })
    return PlanEvaluation.Record(
      unit: unit, code: registry.units[unit].code, name: registry.units[unit].name, year: year,
      day: when, values: values, passed: passed, total: Points(90), maximum: Points(100),
      file: "\(code)-\(year).json")
  }

  static func evaluate(_ plan: Plan, _ records: [PlanEvaluation.Record], registry: UnitRegistry)
    throws -> PlanEvaluation
  {
    PlanEvaluation(
      plan: plan, criteria: try TestSets.bundled(), area: PlanArea(plan.area, registry: registry),
      records: records, policy: .reassess)
  }

  static func ratio(_ n: Int, _ d: Int) -> EvidenceValue { .ratio(numerator: n, denominator: d) }

  @Test("a ratio over communes of very different sizes is Σn/Σd, not the mean of percentages")
  func sizes() throws {
    let registry = try Self.registry()
    let plan = try Self.plan([
      #"{"id": "bhyt", "kind": "indicator", "text": "BHYT ≥ 85%", "indicator": "3", "comparator": ">=", "thresholds": {"2024": 85}}"#
    ])
    // Xã A: 990/1,000 (99 %); Xã B: 8,000/10,000 (80 %). The mean of the two is 89.5 % (would
    // meet 85 %); the district's share is 8,990/11,000 = 81.727… % (does not).
    let result = try Self.evaluate(
      plan,
      [
        Self.record("00001", 2024, ["3": Self.ratio(990, 1000)], registry: registry),
        Self.record("00002", 2024, ["3": Self.ratio(8000, 10_000)], registry: registry),
      ], registry: registry)
    let year = try #require(result.targets[0].years.first { $0.year == 2024 })
    #expect(year.value == Fraction(899_000, 11_000))
    #expect(year.value?.rounded(places: 2) == ExactDecimal(literal: "81.73"))
    #expect(year.met == false)
    #expect(year.communes == 2)
    #expect(year.communesWithoutEvidence == 2)  // Xã C and Xã D
    // Xã B is 500 people short of 85 % of 10,000; Xã A is above it.
    #expect(year.laggards.map(\.shortfall) == [500])
    #expect(year.laggards.first?.code.digits == "00002")
  }

  @Test("lower is better, and a strict comparison exactly at the threshold is not met")
  func comparisons() throws {
    let registry = try Self.registry()
    let plan = try Self.plan([
      #"{"id": "a", "kind": "indicator", "text": "thấp còi < 20%", "indicator": "35", "comparator": "<", "thresholds": {"2024": 20}}"#,
      #"{"id": "b", "kind": "indicator", "text": "thấp còi ≤ 20%", "indicator": "35", "comparator": "<=", "thresholds": {"2024": 20}}"#,
      #"{"id": "c", "kind": "indicator", "text": "BHYT > 96%", "indicator": "3", "comparator": ">", "thresholds": {"2024": 96}}"#,
      #"{"id": "d", "kind": "indicator", "text": "BHYT ≥ 96%", "indicator": "3", "comparator": ">=", "thresholds": {"2024": 96}}"#,
    ])
    // Stunting 30/100 and 10/100: 40/200 = 20 % exactly. Insurance 960/1,000 = 96 % exactly.
    let result = try Self.evaluate(
      plan,
      [
        Self.record(
          "00001", 2024, ["35": Self.ratio(30, 100), "3": Self.ratio(480, 500)], registry: registry),
        Self.record(
          "00002", 2024, ["35": Self.ratio(10, 100), "3": Self.ratio(480, 500)], registry: registry),
      ], registry: registry)
    let met = result.targets.map { $0.years.first { $0.year == 2024 }?.met }
    #expect(met == [false, true, false, true])
    // Lower being better, Xã A is 10 children over 20 % of 100.
    #expect(result.targets[0].years.first { $0.year == 2024 }?.laggards.map(\.shortfall) == [10])
  }

  @Test("a doctor at every station: the share of stations answering co_huu")
  func shareOfStations() throws {
    let registry = try Self.registry()
    let plan = try Self.plan([
      #"{"id": "bs", "kind": "indicator", "text": "100% trạm có bác sĩ", "indicator": "7", "condition": {"choices": ["co_huu"]}, "comparator": ">=", "thresholds": {"2024": 100}}"#
    ])
    let result = try Self.evaluate(
      plan,
      [
        Self.record("00001", 2024, ["7": .choice("co_huu")], registry: registry),
        Self.record("00002", 2024, ["7": .choice("luan_phien")], registry: registry),
        Self.record("00003", 2024, ["7": .choice("co_huu")], registry: registry),
      ], registry: registry)
    let year = try #require(result.targets[0].years.first { $0.year == 2024 })
    #expect(year.value == Fraction(200, 3))
    #expect(year.met == false)
    #expect(year.communes == 3)
    #expect(year.laggards.map(\.code.digits) == ["00002"])
  }

  @Test("keep the recognised and add one: not met when one is withdrawn, though the count is")
  func maintainAcrossWithdrawal() throws {
    let registry = try Self.registry()
    let plan = try Self.plan([
      #"{"id": "dc", "kind": "recognised", "text": "Duy trì 2 xã, thêm 1", "maintain": 2, "add": 1, "year": 2024}"#
    ])
    // 2023: Xã A and Xã B pass (recognised). 2024: Xã B fails its re-appraisal (withdrawn),
    // Xã C and Xã D pass. End of 2024: A, C, D covered: 3 = 2 + 1, but B was not kept.
    let records = try [
      Self.record("00001", 2023, [:], passed: true, registry: registry),
      Self.record("00002", 2023, [:], passed: true, registry: registry),
      Self.record("00002", 2024, [:], passed: false, registry: registry),
      Self.record("00003", 2024, [:], passed: true, registry: registry),
      Self.record("00004", 2024, [:], passed: true, registry: registry),
    ]
    let result = try Self.evaluate(plan, records, registry: registry)
    let year = try #require(result.targets[0].years.first { $0.year == 2024 })
    #expect(year.value == Fraction(3))
    #expect(year.previouslyCovered == 2)
    #expect(year.maintained == 1)
    #expect(year.added == 2)
    #expect(year.met == false)
    // Without the withdrawal it is met.
    let kept = try Self.evaluate(
      plan, records.filter { !($0.code.digits == "00002" && $0.year == 2024) }, registry: registry)
    #expect(kept.targets[0].years.first { $0.year == 2024 }?.met == true)
  }

  @Test("after a merger: a unit straddling the edge is left out and named; one inside counts")
  func straddling() throws {
    let registry = try Self.registry()
    let plan = try Self.plan([
      #"{"id": "bhyt", "kind": "indicator", "text": "BHYT > 90%", "indicator": "3", "comparator": ">", "thresholds": {"2025": 90}}"#
    ])
    // December 2025: Xã DE (Xã D of the district + Xã E of another) and Xã AB (Xã A + Xã B).
    let result = try Self.evaluate(
      plan,
      [
        Self.record(
          "00006", 2025, ["3": Self.ratio(50, 100)], day: "2025-12-10", registry: registry),
        Self.record(
          "00007", 2025, ["3": Self.ratio(95, 100)], day: "2025-12-10", registry: registry),
      ], registry: registry)
    let year = try #require(result.targets[0].years.first { $0.year == 2025 })
    #expect(year.value == Fraction(9500, 100))
    #expect(year.met == true)
    #expect(year.communes == 1)
    #expect(year.leftOut.map(\.code.digits) == ["00006"])
    #expect(year.leftOut.first?.planCommunes == 1)
    // Xã AB holds two plan communes; Xã C and Xã D have no evidence counted.
    #expect(year.communesWithoutEvidence == 2)
    let text = PlanReport(result, file: "thu.json", language: .en).text()
    #expect(
      text.contains(
        "Left out (straddling the area's edge): Xã DE (00006), holds 1 of the area's communes"))
  }

  @Test("loading names the target: an unknown indicator, comparator, year, or too many communes")
  func validation() throws {
    func problems(_ target: String) -> String {
      do {
        _ = try Self.plan([target])
        return ""
      } catch let error as CriteriaError {
        return error.message.english
      } catch {
        return "\(error)"
      }
    }
    #expect(
      problems(
        #"{"id": "x", "kind": "indicator", "text": "t", "indicator": "99", "comparator": ">", "thresholds": {"2024": 1}}"#
      )
      .contains("target \"x\": qd-1300-2023 has no indicator 99"))
    #expect(
      problems(
        #"{"id": "x", "kind": "indicator", "text": "t", "indicator": "3", "comparator": "=>", "thresholds": {"2024": 1}}"#
      )
      .contains("unknown comparator \"=>\""))
    #expect(
      problems(
        #"{"id": "x", "kind": "indicator", "text": "t", "indicator": "3", "comparator": ">", "thresholds": {"2040": 1}}"#
      )
      .contains("year \"2040\" is outside the plan's years (2023–2026)"))
    let plan = try Self.plan([
      #"{"id": "many", "kind": "recognised", "text": "t", "count": {"2025": 5}}"#
    ])
    #expect(throws: CriteriaError.self) {
      try plan.check(against: Self.registry(), file: "thu.json")
    }
    let registry = try Self.registry()
    do throws(CriteriaError) {
      try plan.check(against: registry, file: "thu.json")
    } catch {
      #expect(
        error.message.english.contains("target \"many\" needs 5 communes but Huyện Một has 4 units")
      )
    }
  }
}

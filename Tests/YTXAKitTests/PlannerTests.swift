import Foundation
import Testing

@testable import YTXAFormats
@testable import YTXAKit

/// A small deterministic generator (SplitMix64), so generated cases are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Generates small criteria sets and communes for checking the planner against brute force.
enum PlanCases {
  static let commune = Commune(
    code: "00001", name: "Xã Thử", type: .xa, zone: 2, region: "TDMNPB",
    district: AdministrativeUnit(code: "216", name: "Huyện Tân Yên"))

  /// A random set of 2–3 criteria with 1–3 indicators each, of every kind.
  static func set(_ random: inout SeededGenerator) throws -> CriteriaSet {
    var criteria: [[TestSets.IndicatorJSON]] = []
    for _ in 0..<Int.random(in: 2...3, using: &random) {
      var indicators: [TestSets.IndicatorJSON] = []
      for _ in 0..<Int.random(in: 1...3, using: &random) {
        indicators.append(indicator(&random))
      }
      criteria.append(indicators)
    }
    return try TestSets.set(criteria)
  }

  static func indicator(_ random: inout SeededGenerator) -> TestSets.IndicatorJSON {
    let knockout = Int.random(in: 0..<6, using: &random) == 0
    switch Int.random(in: 0..<6, using: &random) {
    case 0:
      return TestSets.yesNo(String(Int.random(in: 1...3, using: &random)), knockout: knockout)
    case 1:
      let top = Int.random(in: 70...100, using: &random)
      let mid = top - Int.random(in: 5...30, using: &random)
      return TestSets.ratio(
        "3",
        bands:
          #""bands": [{"threshold": \#(top), "points": 3}, {"threshold": \#(mid), "points": 1.5}]"#,
        knockout: knockout)
    case 2:
      let low = Int.random(in: 5...20, using: &random)
      return TestSets.ratio(
        "2",
        bands:
          #""bands": [{"threshold": \#(low), "points": 2}, {"threshold": \#(low * 2), "points": 1}]"#,
        direction: "lowerIsBetter")
    case 3:
      let top = Int.random(in: 4...9, using: &random)
      return TestSets.scale(
        "count", "2",
        bands:
          #""bands": [{"threshold": \#(top), "points": 2}, {"threshold": \#(top / 2), "points": 0.5}]"#
      )
    case 4:
      return TestSets.options(
        "checklist", "3", [("a", "1"), ("b", "1.5"), ("c", "0.5")], knockout: knockout)
    default:
      return TestSets.options(
        "choice", "2", [("tot", "2"), ("kha", "1"), ("kem", "0")], knockout: knockout)
    }
  }

  /// Every value a brute force tries for an indicator (small enough to enumerate).
  static func candidates(_ indicator: Indicator, current: EvidenceValue?) -> [EvidenceValue] {
    switch indicator.kind {
    case .yesNo: return [.yesNo(false), .yesNo(true)]
    case .choice(let options): return options.map { .choice($0.key) }
    case .checklist(let items):
      // Improving a checklist means meeting more items, never giving up one already met.
      var met: [String] = []
      if case .checklist(let keys) = current { met = keys }
      return (0..<(1 << items.count)).compactMap { mask in
        let keys = items.indices.filter { mask & (1 << $0) != 0 }.map { items[$0].key }
        return met.allSatisfy(keys.contains) ? .checklist(keys) : nil
      }
    case .ratio:
      guard case .ratio(_, let d) = current else {
        return (0...100).map { .ratio(numerator: $0, denominator: 100) }
      }
      return (0...d).map { .ratio(numerator: $0, denominator: d) }
    case .count: return (0...12).map { .count($0) }
    case .measure: return []
    }
  }

  /// A random value for an indicator (or none: missing).
  static func value(_ indicator: Indicator, _ random: inout SeededGenerator) -> EvidenceValue? {
    if Int.random(in: 0..<8, using: &random) == 0 { return nil }
    switch indicator.kind {
    case .ratio:
      let d = Int.random(in: 1...60, using: &random)
      return .ratio(numerator: Int.random(in: 0...d, using: &random), denominator: d)
    default:
      let all = candidates(indicator, current: nil)
      return all[Int.random(in: 0..<all.count, using: &random)]
    }
  }

  static func evidence(_ set: CriteriaSet, _ random: inout SeededGenerator) -> Evidence {
    var values: [String: EvidenceValue] = [:]
    for indicator in set.indicators {
      values[indicator.id] = value(indicator, &random)
    }
    return Evidence(
      file: "generated.json", year: 2025, criteriaSetID: set.id, commune: commune, values: values)
  }

  /// For each indicator, one value per points level strictly above the current, found by scoring
  /// every candidate with the engine (independent of the planner's own target arithmetic).
  /// Each level keeps its gain; the brute force minimises count, then gain.
  static func bruteForce(_ set: CriteriaSet, _ evidence: Evidence) -> (count: Int, gain: Int)? {
    let scorer = Scorer(criteria: set)
    let base = scorer.score(evidence)
    var options: [(id: String, levels: [(EvidenceValue, Int)])] = []
    for (indicator, result) in zip(set.indicators, base.indicators)
    where result.status != .notApplicable {
      var byPoints: [Int: EvidenceValue] = [:]
      for candidate in candidates(indicator, current: evidence.values[indicator.id]) {
        let points = scorer.score(indicator, evidence: with(evidence, indicator.id, candidate))
          .points.halves
        if points > result.points.halves, byPoints[points] == nil { byPoints[points] = candidate }
      }
      options.append(
        (indicator.id, byPoints.keys.sorted().map { (byPoints[$0]!, $0 - result.points.halves) }))
    }
    // Iterative deepening on the number of indicators changed: the first size with a passing
    // combination is the minimum; every combination of that size is tried for the least gain.
    for size in 0...options.count {
      var best: Int?
      func search(_ index: Int, _ left: Int, _ current: Evidence, _ gain: Int) {
        if left == 0 {
          if scorer.score(current).hasPassed, best == nil || gain < best! { best = gain }
          return
        }
        guard options.count - index >= left else { return }
        search(index + 1, left, current, gain)
        for (value, levelGain) in options[index].levels {
          search(index + 1, left - 1, with(current, options[index].id, value), gain + levelGain)
        }
      }
      search(0, size, evidence, 0)
      if let best { return (size, best) }
    }
    return nil
  }

  static func with(_ evidence: Evidence, _ id: String, _ value: EvidenceValue) -> Evidence {
    var copy = evidence
    copy.values[id] = value
    return copy
  }
}

@Suite("Repair plan")
struct PlannerTests {
  @Test("the plan is minimal: brute force over every subset and level agrees on size and gain")
  func minimalAgainstBruteForce() throws {
    var random = SeededGenerator(seed: 1300)
    var failing = 0
    var impossible = 0
    let rounds = LongTests.count(120, long: 400)
    for _ in 0..<rounds {
      let set = try PlanCases.set(&random)
      let evidence = PlanCases.evidence(set, &random)
      let plan = Planner(criteria: set).plan(evidence)
      let brute = PlanCases.bruteForce(set, evidence)
      switch plan.outcome {
      case .passes:
        #expect(brute?.count == 0)
      case .plan(let items):
        failing += 1
        #expect(items.count == brute?.count, "size for \(evidence.values)")
        #expect(items.reduce(0) { $0 + $1.gain.halves } == brute?.gain, "gain \(evidence.values)")
        let applied = Planner.applying(items, to: evidence)
        #expect(Scorer(criteria: set).score(applied).hasPassed)
      case .impossible:
        impossible += 1
        #expect(brute == nil)
      }
    }
    #expect(failing * 8 > rounds * 3, "enough failing cases were generated (\(failing))")
  }

  @Test("applying each plan makes the commune pass, on weakened bundled-set communes")
  func applyingPlansPasses() throws {
    let set = try TestSets.bundled()
    let sample = try EvidenceDocument(
      contentsOf: TestSets.root.appendingPathComponent("Samples/bac-giang/2025/07336.json"),
      file: "07336.json")
    let base = try Evidence(document: sample, criteria: set)
    let scorer = Scorer(criteria: set)
    let planner = Planner(criteria: set)
    var random = SeededGenerator(seed: 2030)
    var planned = 0
    let rounds = LongTests.count(200, long: 800)
    for _ in 0..<rounds {
      var evidence = base
      evidence.commune.zone = Int.random(in: 1...3, using: &random)
      for _ in 0..<Int.random(in: 2...16, using: &random) {
        let indicator = set.indicators[Int.random(in: 0..<set.indicators.count, using: &random)]
        if case .measure = indicator.kind {
          evidence.values[indicator.id] = .measure(
            ExactDecimal(mantissa: Int64.random(in: 0...6000, using: &random), scale: 1))
        } else {
          evidence.values[indicator.id] = PlanCases.value(indicator, &random)
        }
      }
      let plan = planner.plan(evidence)
      guard case .plan(let items) = plan.outcome else {
        #expect(plan.result.hasPassed, "a failing commune of the bundled set always has a plan")
        continue
      }
      planned += 1
      let applied = scorer.score(Planner.applying(items, to: evidence))
      #expect(applied.hasPassed, "plan \(items.map(\.id)) for \(evidence.values)")
      for item in items {
        #expect(applied.indicators[set.position(of: item.id)!].points == item.targetPoints)
      }
      // No plan one indicator smaller exists: raising any (size − 1) indicators to their best
      // still fails (checked exhaustively for plans of up to 3 indicators).
      if items.count <= 3 {
        #expect(!existsPlan(ofSize: items.count - 1, set, evidence, plan.result))
      }
    }
    #expect(planned * 8 > rounds * 3, "enough failing communes (\(planned))")
  }

  /// Whether raising some `size` applicable indicators to their best makes the commune pass.
  func existsPlan(
    ofSize size: Int, _ set: CriteriaSet, _ evidence: Evidence, _ result: CommuneResult
  )
    -> Bool
  {
    let scorer = Scorer(criteria: set)
    var best: [String: EvidenceValue] = [:]
    for (indicator, scored) in zip(set.indicators, result.indicators)
    where scored.status != .notApplicable {
      if let top = Planner.levels(for: indicator, result: scored, commune: evidence.commune).last {
        best[indicator.id] = top.evidence
      }
    }
    let ids = best.keys.sorted()
    func search(_ start: Int, _ left: Int, _ current: Evidence) -> Bool {
      if left == 0 { return scorer.score(current).hasPassed }
      for index in start..<ids.count {
        if search(index + 1, left - 1, PlanCases.with(current, ids[index], best[ids[index]]!)) {
          return true
        }
      }
      return false
    }
    return search(0, size, evidence)
  }

  @Test("ratio targets are the smallest numerator reaching the band; one less does not")
  func ratioTargetsAtBoundaries() throws {
    let set = try TestSets.set([
      [
        TestSets.ratio(
          "3",
          bands: #""bands": [{"threshold": 95, "points": 3}, {"threshold": 92.5, "points": 1}]"#),
        TestSets.ratio(
          "2", bands: #""bands": [{"threshold": 16.5, "points": 2}]"#, direction: "lowerIsBetter"),
        TestSets.yesNo("5"),
      ]
    ])
    let commune = PlanCases.commune
    for denominator in [1, 7, 20, 40, 450, 451, 1000, 9999] {
      for (id, direction) in [("1", Indicator.Direction.higherIsBetter), ("2", .lowerIsBetter)] {
        let indicator = set.indicator(id)!
        let current = direction == .higherIsBetter ? 0 : denominator
        let evidence = Evidence(
          file: "t.json", year: 2025, criteriaSetID: set.id, commune: commune,
          values: [id: .ratio(numerator: current, denominator: denominator)])
        let scored = Scorer(criteria: set).score(indicator, evidence: evidence)
        for level in Planner.levels(for: indicator, result: scored, commune: commune) {
          guard case .ratio(let n, let d) = level.evidence else {
            Issue.record("not a ratio")
            continue
          }
          #expect(d == denominator)
          let reached = Scorer(criteria: set).score(
            indicator, evidence: PlanCases.with(evidence, id, level.evidence))
          #expect(reached.points == level.points)
          // One step closer to the current value no longer reaches the level.
          let closer = direction == .higherIsBetter ? n - 1 : n + 1
          if closer >= 0, closer <= d {
            let short = Scorer(criteria: set).score(
              indicator,
              evidence: PlanCases.with(evidence, id, .ratio(numerator: closer, denominator: d)))
            #expect(short.points < level.points, "\(id): \(closer)/\(d) should fall short")
          }
        }
      }
    }
    // The issue's example: 412/450 → at least 428/450 for 95 %.
    #expect(
      Planner.ratioTarget(
        ExactDecimal(95), direction: .higherIsBetter, unit: .percent, denominator: 450)
        == .ratio(numerator: 428, denominator: 450))
    // Exactly on the boundary: 19/20 = 95 % is enough, 18/20 is not.
    #expect(
      Planner.ratioTarget(
        ExactDecimal(95), direction: .higherIsBetter, unit: .percent, denominator: 20)
        == .ratio(numerator: 19, denominator: 20))
    // 92.5 % of 40 = 37 exactly.
    #expect(
      Planner.ratioTarget(
        ExactDecimal(literal: "92.5")!, direction: .higherIsBetter, unit: .percent, denominator: 40)
        == .ratio(numerator: 37, denominator: 40))
    // ≤ 16.5 % of 200 = 33 exactly; of 201 → 33 (33.165 floors).
    #expect(
      Planner.ratioTarget(
        ExactDecimal(literal: "16.5")!, direction: .lowerIsBetter, unit: .percent, denominator: 201)
        == .ratio(numerator: 33, denominator: 201))
  }

  @Test("count, measure, checklist and choice targets are the least that reach the level")
  func otherTargets() throws {
    let set = try TestSets.set([
      [
        TestSets.scale(
          "count", "2",
          bands: #""bands": [{"threshold": 10, "points": 2}, {"threshold": 8, "points": 1}]"#),
        TestSets.scale(
          "measure", "2",
          bands: #""bands": [{"threshold": 500.5, "points": 2}, {"threshold": 300, "points": 1}]"#),
        TestSets.options("checklist", "3", [("a", "1"), ("b", "1.5"), ("c", "0.5")]),
        TestSets.options("choice", "2", [("tot", "2"), ("kha", "1"), ("kha2", "1"), ("kem", "0")]),
      ]
    ])
    let commune = PlanCases.commune
    let evidence = Evidence(
      file: "t.json", year: 2025, criteriaSetID: set.id, commune: commune,
      values: [
        "1": .count(3), "2": .measure(ExactDecimal(120)), "3": .checklist(["c"]),
        "4": .choice("kem"),
      ])
    func levels(_ id: String) -> [Planner.Level] {
      let indicator = set.indicator(id)!
      let scored = Scorer(criteria: set).score(indicator, evidence: evidence)
      return Planner.levels(for: indicator, result: scored, commune: commune)
    }
    #expect(levels("1").map(\.evidence) == [.count(8), .count(10)])
    #expect(
      levels("2").map(\.evidence) == [
        .measure(ExactDecimal(300)), .measure(ExactDecimal(literal: "500.5")!),
      ])
    // Checklist at 0.5 (c): +1 → add a, +1.5 → add b, +2.5 → add a and b.
    #expect(
      levels("3").map(\.evidence) == [
        .checklist(["c", "a"]), .checklist(["c", "b"]), .checklist(["c", "a", "b"]),
      ])
    #expect(levels("3").map(\.points) == [Points(halves: 3), Points(halves: 4), Points(halves: 6)])
    // Choice: for 1 point, the most modest option giving exactly 1 (listed last).
    #expect(levels("4").map(\.evidence) == [.choice("kha2"), .choice("tot")])
  }

  @Test("knock-outs at 0 are always in the plan, even when the total is met without them")
  func knockoutsAlwaysIncluded() throws {
    let set = try TestSets.set([
      [TestSets.yesNo("1", knockout: true), TestSets.yesNo("9")], [TestSets.yesNo("10")],
    ])
    let plan = try Planner(criteria: set).plan(
      Evidence(
        data: Array(TestSets.evidenceJSON(#""1": false, "2": true, "3": true"#).utf8), file: "e",
        criteria: set))
    #expect(plan.items.map(\.id) == ["1"])
    #expect(plan.items.first?.isKnockout == true)
  }

  @Test("no plan exists when the applicable maximum cannot reach the pass rule")
  func impossible() throws {
    // Criterion 2 has a single not-applicable-by-zero ratio and criterion 1 one yes/no; with
    // nothing applicable the commune cannot be judged to pass.
    let set = try TestSets.set([
      [
        TestSets.ratio(
          "4", bands: #""bands": [{"threshold": 50, "points": 4}]"#, zeroDenominator: true)
      ]
    ])
    let text = TestSets.evidenceJSON(#""1": {"numerator": 0, "denominator": 0}"#)
    let plan = Planner(criteria: set).plan(
      try Evidence(data: Array(text.utf8), file: "e", criteria: set))
    #expect(plan.outcome == .impossible([.total]))
    let check = CheckResult(
      evidence: try Evidence(data: Array(text.utf8), file: "e", criteria: set), criteria: set)
    let json = check.jsonOutput().compact()
    #expect(json.contains(#""planStatus":"impossible""#))
    #expect(json.contains(#""plan":[]"#))
  }
}

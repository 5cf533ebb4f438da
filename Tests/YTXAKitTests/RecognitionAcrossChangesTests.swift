import Foundation
import Testing

@testable import YTXAFormats
@testable import YTXAKit

/// Recognition through the map's changes (interfaces §6), each case worked by hand from the
/// registry's Bắc Giang records: what each policy gives, and what the roadmap then counts.
@Suite("recognition across unit changes") struct RecognitionAcrossChangesTests {
  static let registry = UnitRegistryTests.registry

  static func day(_ text: String) -> Day { UnitRegistryTests.day(text) }

  /// The unit `code` names on `day`.
  static func unit(_ code: CommuneCode, _ day: String) -> Int {
    guard case .unit(let index) = registry.lookup(code, on: Self.day(day)) else {
      Issue.record("\(code) names no single unit on \(day)")
      return -1
    }
    return index
  }

  static func assessment(_ unit: Int, _ day: String, passed: Bool) -> Assessment {
    let date = Self.day(day)
    return Assessment(
      year: date.year, passed: passed, total: Points(passed ? 90 : 60), maximum: Points(100),
      file: "\(registry.units[unit].code).json", day: date, unit: unit)
  }

  static func recognition(_ assessments: [Assessment], _ policy: MergePolicy) -> UnitRecognition {
    UnitRecognition(
      registry: registry, assessments: Dictionary(grouping: assessments) { $0.unit! },
      policy: policy)
  }

  @Test("07204 recognised in 2023 is absorbed into 07207 on 2025-01-01")
  func absorption() {
    let tranNguyenHan = Self.unit("07204", "2023-12-31")
    let oldNgoQuyen = Self.unit("07207", "2024-12-31")
    let newNgoQuyen = Self.unit("07207", "2025-01-01")
    #expect(Self.registry.units[newNgoQuyen].change == .territorial)
    let alone = [Self.assessment(tranNguyenHan, "2023-12-31", passed: true)]
    for policy in MergePolicy.allCases {
      let recognition = Self.recognition(alone, policy)
      // Recognised to its last day; the unit that ends loses it.
      #expect(recognition.isRecognised(tranNguyenHan, on: Self.day("2024-12-31")))
      #expect(!recognition.isRecognised(tranNguyenHan, on: Self.day("2025-01-01")))
      // The absorbing ward was not recognised: nothing to inherit either way.
      #expect(!recognition.isRecognised(newNgoQuyen, on: Self.day("2025-01-01")), "\(policy)")
    }
    // Both recognised the day before: inherit gives the new 07207 the earlier expiry (the 2023
    // pass, through 2025-12-31), reassess nothing.
    let both = alone + [Self.assessment(oldNgoQuyen, "2024-06-15", passed: true)]
    let inherit = Self.recognition(both, .inherit)
    let period = inherit.period(newNgoQuyen, on: Self.day("2025-01-01"))
    #expect(period?.from == Self.day("2025-01-01"))
    #expect(period?.cause == .inherited(from: [tranNguyenHan, oldNgoQuyen].sorted()))
    // It holds until the unit itself ends (2025-06-30, into 07210).
    #expect(period?.through == Self.day("2025-06-30"))
    #expect(
      !Self.recognition(both, .reassess).isRecognised(newNgoQuyen, on: Self.day("2025-01-01")))
  }

  @Test("07210 Phường Bắc Giang (2025-07-01): inherited only when all seven were recognised")
  func merger() throws {
    let bacGiang = Self.unit("07210", "2025-07-01")
    let predecessors = Self.registry.units[bacGiang].predecessors.map(\.unit)
    #expect(predecessors.count == 7)
    // Every predecessor passed in June 2025; the first of them already on 2023-12-31, so its
    // recognition runs out first (2025-12-31) — the new ward's under inherit.
    var passes = predecessors.map { Self.assessment($0, "2025-06-01", passed: true) }
    passes[0] = Self.assessment(predecessors[0], "2024-12-31", passed: true)
    let inherit = Self.recognition(passes, .inherit)
    let held = try #require(inherit.period(bacGiang, on: Self.day("2025-07-01")))
    #expect(held.through == Self.day("2026-12-31"))
    #expect(!inherit.isRecognised(bacGiang, on: Self.day("2027-01-01")))
    // One predecessor missing: nothing inherited.
    let partial = Self.recognition(Array(passes.dropFirst()), .inherit)
    #expect(!partial.isRecognised(bacGiang, on: Self.day("2025-07-01")))
    // Reassess: not recognised until its own pass in December, then through 2027.
    let own = passes + [Self.assessment(bacGiang, "2025-12-10", passed: true)]
    let reassess = Self.recognition(own, .reassess)
    #expect(!reassess.isRecognised(bacGiang, on: Self.day("2025-07-01")))
    #expect(!reassess.isRecognised(bacGiang, on: Self.day("2025-12-09")))
    #expect(reassess.isRecognised(bacGiang, on: Self.day("2025-12-10")))
    #expect(
      reassess.period(bacGiang, on: Self.day("2027-12-31"))?.through == Self.day("2027-12-31"))
  }

  @Test("Phường Đa Mai (2025-07-01) spans two plan districts: each policy, and both covered")
  func acrossTwoDistricts() throws {
    let daMai = Self.unit("07228", "2025-07-01")
    let predecessors = Self.registry.units[daMai].predecessors.map(\.unit)
    #expect(predecessors.count == 5)
    let passes = predecessors.map { Self.assessment($0, "2024-12-31", passed: true) }
    let inherit = Self.recognition(passes, .inherit)
    let held = try #require(inherit.period(daMai, on: Self.day("2025-07-01")))
    #expect(held.through == Self.day("2026-12-31"))
    #expect(!Self.recognition(passes, .reassess).isRecognised(daMai, on: Self.day("2025-07-01")))
    // Under inherit, its plan communes of both districts stay covered at the end of 2025.
    let roadmap = try RoadmapTests.bundled()
    let coverage = try #require(PlanCoverage(roadmap: roadmap, registry: Self.registry))
    let communes = predecessors.map { unit in
      TrackedCommune(
        code: Self.registry.units[unit].code, name: Self.registry.units[unit].name,
        districtCode: nil, districtName: nil,
        assessments: [Self.assessment(unit, "2024-12-31", passed: true)])
    }
    for (policy, covered) in [(MergePolicy.inherit, (4, 1)), (.reassess, (0, 0))] {
      let progress = RoadmapProgress(
        roadmap: roadmap, coverage: coverage, communes: communes, policy: policy, through: 2025)
      func attained(_ district: DistrictCode) -> Int? {
        progress.districts.first { $0.district.code == district }?.years.last?.attained
      }
      #expect(attained("213") == covered.0, "\(policy)")
      #expect(attained("216") == covered.1, "\(policy)")
    }
  }

  @Test("before any change, attainment by coverage equals the commune-by-commune count")
  func sameBeforeChanges() throws {
    let evidence = TestSets.root.appendingPathComponent("Samples/bac-giang").path
    func rows(_ extra: [String]) -> [String] {
      CLIRunner.run(
        ["roadmap", "--evidence", evidence, "--format", "csv", "--headers", "keys"] + extra
      ).out
        .split(separator: "\r\n").dropFirst().map { line in
          line.split(separator: ",").prefix(9).joined(separator: ",")
        }
        .filter { $0.contains(",\"2023\",") || $0.contains(",\"2024\",") }
    }
    let byUnits = rows([])
    #expect(byUnits.count == 22)
    #expect(byUnits == rows(["--units", "off"]))
  }

  @Test("a nominal change (Xã → Phường Dĩnh Trì, 2025-01-01) carries recognition unchanged")
  func nominal() throws {
    let village = Self.unit("07441", "2024-12-31")
    let ward = Self.unit("07441", "2025-01-01")
    #expect(Self.registry.units[ward].change == .nominal)
    for policy in MergePolicy.allCases {
      let recognition = Self.recognition(
        [Self.assessment(village, "2024-06-10", passed: true)], policy)
      let carried = try #require(recognition.period(ward, on: Self.day("2025-01-01")))
      #expect(carried.cause == .carried(from: village))
      // Until the ward itself ends in the 2025-07-01 merger (07210).
      #expect(carried.through == Self.day("2025-06-30"))
    }
  }

  @Test("expiry and withdrawal with dated assessments on both sides of 2025-07-01")
  func expiryAndWithdrawal() {
    let thoXuong = Self.unit("07201", "2024-01-01")  // in force until 2025-06-30
    let bacGiang = Self.unit("07210", "2025-07-01")
    let recognition = Self.recognition(
      [
        Self.assessment(thoXuong, "2023-05-20", passed: true),
        // A failed re-assessment withdraws from its own day.
        Self.assessment(thoXuong, "2024-09-01", passed: false),
        Self.assessment(bacGiang, "2025-09-15", passed: true),
        Self.assessment(bacGiang, "2026-10-01", passed: false),
        Self.assessment(bacGiang, "2026-11-20", passed: true),
      ], .reassess)
    #expect(recognition.isRecognised(thoXuong, on: Self.day("2024-08-31")))
    #expect(!recognition.isRecognised(thoXuong, on: Self.day("2024-09-01")))
    #expect(recognition.isRecognised(bacGiang, on: Self.day("2026-09-30")))
    #expect(!recognition.isRecognised(bacGiang, on: Self.day("2026-10-01")))
    #expect(recognition.isRecognised(bacGiang, on: Self.day("2026-11-20")))
    // The 2026 pass holds through 2028-12-31, then expires.
    #expect(recognition.isRecognised(bacGiang, on: Self.day("2028-12-31")))
    #expect(!recognition.isRecognised(bacGiang, on: Self.day("2029-01-01")))
  }

  @Test("a partial share: a plan commune split between two units counts only when both are")
  func partialShare() throws {
    let registry = try UnitRegistry(
      text: UnitRegistryTests.header
        + "U\t00001\t\t2024-12-31\tx\tXã A\t0\t0\t\t\n"
        + "U\t00002\t2025-01-01\t\tx\tXã B\t0\t0\t00001:p\t\n"
        + "U\t00003\t2025-01-01\t\tx\tXã C\t0\t0\t00001:p\t\n",
      file: "split.tsv")
    let roadmapText = """
      {"schemaVersion": 1, "id": "t", "name": "t", "criteriaSet": "qd-1300-2023",
       "legalBasis": {"number": "1", "date": "2023-01-01"}, "unitsAsOf": "2023-04-10",
       "province": {"code": "24", "name": "Tỉnh A", "communes": 1},
       "years": [2024, 2025], "provenanceNote": "test",
       "districts": [{"code": "213", "name": "Huyện B", "communes": 1,
         "targets": {"2024": 0, "2025": 1}}]}
      """
    let roadmap = try Roadmap(data: Array(roadmapText.utf8), file: "t.json")
    try roadmap.check(against: registry, file: "t.json")
    let coverage = try #require(PlanCoverage(roadmap: roadmap, registry: registry))
    #expect(coverage.territory(of: 0, on: Self.day("2025-12-31")) == [1, 2])
    func assessed(_ unit: Int) -> TrackedCommune {
      TrackedCommune(
        code: registry.units[unit].code, name: registry.units[unit].name, districtCode: nil,
        districtName: nil,
        assessments: [
          Assessment(
            year: 2025, passed: true, total: Points(90), maximum: Points(100), file: "x",
            day: Self.day("2025-06-01"), unit: unit)
        ])
    }
    let one = RoadmapProgress(
      roadmap: roadmap, coverage: coverage, communes: [assessed(1)], policy: .reassess)
    #expect(one.districts[0].years.map(\.attained) == [0, 0])
    #expect(one.districts[0].years[1].unitsInForce == 2)
    #expect(one.districts[0].years[1].unitsRecognised == 1)
    // The look-ahead names the one unit that would complete the cover.
    let both = RoadmapProgress(
      roadmap: roadmap, coverage: coverage, communes: [assessed(1), assessed(2)],
      policy: .reassess)
    #expect(both.districts[0].years.map(\.attained) == [0, 1])
    #expect(both.districts[0].years.map(\.newlyAttained) == [0, 1])
    let ahead = RoadmapProgress(
      roadmap: roadmap, coverage: coverage, communes: [assessed(1)], policy: .reassess,
      through: 2024)
    #expect(ahead.lookAhead.first?.candidates.map(\.code) == ["00003"])
    #expect(
      ahead.lookAhead.first?.candidates.first?.covers == [.init(district: "213", communes: 1)])
  }

  @Test("attainment by coverage: TP Bắc Giang's plan communes held by fewer, larger wards")
  func coverageByLargerUnits() throws {
    let roadmap = try RoadmapTests.bundled()
    let coverage = try #require(PlanCoverage(roadmap: roadmap, registry: Self.registry))
    #expect(coverage.planUnits.map(\.units.count) == roadmap.districts.map(\.communes))
    let bacGiang = Self.unit("07210", "2025-07-01")
    let daMai = Self.unit("07228", "2025-07-01")
    let communes = [bacGiang, daMai].map { unit in
      TrackedCommune(
        code: Self.registry.units[unit].code, name: Self.registry.units[unit].name,
        districtCode: nil, districtName: nil,
        assessments: [Self.assessment(unit, "2025-12-10", passed: true)])
    }
    let progress = RoadmapProgress(
      roadmap: roadmap, coverage: coverage, communes: communes, policy: .reassess)
    func row(_ district: DistrictCode, _ year: Int) -> RoadmapProgress.YearRow? {
      progress.districts.first { $0.district.code == district }?.years.first { $0.year == year }
    }
    // 07210 holds 9 of TP Bắc Giang's 2023 communes (07201, 07204, 07207, 07210, 07213, 07219,
    // 07225, 07231, 07441); 07228 Đa Mai 4 more (07216, 07222, 07228, 07687) and Tân Yên's
    // 07366 Quế Nham.
    #expect(row("213", 2025)?.attained == 13)
    #expect(row("213", 2025)?.newlyAttained == 13)
    #expect(row("216", 2025)?.attained == 1)
    #expect(row("213", 2024)?.attained == 0)
    // The 16 communes of 2023 lie in fewer units at the end of 2025, two of them recognised.
    let units = try #require(row("213", 2025)?.unitsInForce)
    #expect(units < 16 && units >= 3)
    #expect(row("213", 2025)?.unitsRecognised == 2)
    #expect(row("213", 2023)?.unitsInForce == 16)
    // The province's communes are the districts' sums; its units are counted once each, though
    // 07228 Đa Mai holds communes of two plan districts (213 and 216).
    for (index, year) in progress.province.enumerated() {
      let rows = progress.districts.map { $0.years[index] }
      #expect(year.attained == rows.reduce(0) { $0 + $1.attained })
      #expect(year.newlyAttained == rows.reduce(0) { $0 + $1.newlyAttained })
      let day = Day.endOfYear(year.year)
      let held = Set(
        coverage.planUnits.flatMap { $0.units }.flatMap { coverage.territory(of: $0, on: day) })
      #expect(year.unitsInForce == held.count)
      #expect(year.unitsInForce ?? 0 <= rows.reduce(0) { $0 + ($1.unitsInForce ?? 0) })
      #expect(
        year.unitsRecognised == held.count { progress.recognition!.isRecognised($0, on: day) })
    }
    let sum2025 = progress.districts.reduce(0) { $0 + ($1.years[2].unitsInForce ?? 0) }
    #expect((progress.province[2].unitsInForce ?? 0) < sum2025, "Đa Mai counted once")
    // Units whose recognition would add plan communes of two districts show both.
    let ahead = RoadmapProgress(
      roadmap: roadmap, coverage: coverage, communes: [], policy: .reassess, through: 2025)
    let yenDung = try #require(ahead.lookAhead.first { $0.districtCode == "221" })
    let tienPhong = try #require(yenDung.candidates.first { $0.code == "07696" })
    #expect(Set(tienPhong.covers.map(\.district)) == ["213", "221"])
  }
}

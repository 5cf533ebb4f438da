import Foundation
import Testing

@testable import YTXAFormats
@testable import YTXAKit

@Suite("Roadmap")
struct RoadmapTests {
  static func bundled() throws -> Roadmap {
    try Roadmap(
      contentsOf: TestSets.root.appendingPathComponent(
        "Criteria/roadmaps/bac-giang-kh115-2023.json"))
  }

  @Test(
    "the plan's communes agree with the registry on unitsAsOf; a plan that disagrees is refused")
  func unitsAsOf() throws {
    let roadmap = try Self.bundled()
    #expect(roadmap.unitsAsOf == UnitRegistryTests.day("2023-04-10"))
    try roadmap.check(against: UnitRegistryTests.registry, file: "kh115.json")
    let text = try String(
      contentsOf: TestSets.root.appendingPathComponent(
        "Criteria/roadmaps/bac-giang-kh115-2023.json"), encoding: .utf8)
    // Sơn Động given 18 communes (its targets and the province's figures kept consistent).
    let sonDong = #"{ "code": "220", "name": "Huyện Sơn Động", "communes": 17,"#
    #expect(text.contains(sonDong))
    var wrong = text.replacingOccurrences(
      of: sonDong, with: #"{ "code": "220", "name": "Huyện Sơn Động", "communes": 18,"#)
    wrong = wrong.replacingOccurrences(
      of: #""2029": 2, "2030": 3 },"# + "\n"
        + #"      "milestones": { "2023": 2, "2025": 6, "2030": 17 } },"#,
      with: #""2029": 2, "2030": 4 },"# + "\n"
        + #"      "milestones": { "2023": 2, "2025": 6, "2030": 18 } },"#)
    wrong = wrong.replacingOccurrences(of: #""communes": 209"#, with: #""communes": 210"#)
    wrong = wrong.replacingOccurrences(of: #""2030": 209 }"#, with: #""2030": 210 }"#)
    let loaded = try Roadmap(data: Array(wrong.utf8), file: "wrong.json")
    #expect(loaded.district("220")?.communes == 18, "the edit kept the file valid on its own")
    do {
      try loaded.check(against: UnitRegistryTests.registry, file: "wrong.json")
      Issue.record("a plan that disagrees with the registry was accepted")
    } catch {
      let english = error.text(.en)
      #expect(english.contains("districts[0].communes"))
      #expect(
        english.contains(
          "district 220 (Huyện Sơn Động) has 18 communes in the plan but the registry has 17 "
            + "units of it on 2023-04-10"))
      #expect(english.contains("province 24 has 210 communes in the plan but the registry has 209"))
      #expect(!english.contains("district 219"), "only the district that disagrees is named")
      #expect(error.text(.vi).contains("huyện 220 (Huyện Sơn Động) có 18 xã trong kế hoạch"))
    }
    // A day on which the plan's districts no longer exist: every district is named.
    let late = text.replacingOccurrences(
      of: #""unitsAsOf": "2023-04-10""#, with: #""unitsAsOf": "2025-07-01""#)
    #expect {
      try Roadmap(data: Array(late.utf8), file: "late.json").check(
        against: UnitRegistryTests.registry, file: "late.json")
    } throws: { error in
      (error as? CriteriaError)?.text(.en).components(separatedBy: "the registry has 0 units")
        .count == 11
    }
    // And on the command line: refused before any evidence is read (exit 2).
    let folder = try TemporaryFolder()
    try folder.write(wrong, to: "wrong.json")
    let run = CLIRunner.run([
      "roadmap", "--roadmap", folder.path + "/wrong.json", "--evidence", "Samples/bac-giang",
    ])
    #expect(run.code == 2)
    #expect(run.err.contains("huyện 220 (Huyện Sơn Động) có 18 xã trong kế hoạch"))
  }

  @Test("the bundled roadmap reproduces the plan's published figures")
  func publishedFigures() throws {
    let roadmap = try Self.bundled()
    #expect(roadmap.years == Array(2023...2030))
    #expect(
      roadmap.years.map { roadmap.provinceCumulative(through: $0) }
        == [36, 58, 81, 106, 131, 157, 184, 209])
    // The phase table: cumulative targets by the end of 2023, 2025 and 2030.
    let phases: [String: [Int]] = [
      "Huyện Sơn Động": [2, 6, 17], "Huyện Lục Ngạn": [3, 9, 29], "Huyện Lục Nam": [2, 8, 25],
      "Huyện Yên Thế": [2, 6, 19], "Huyện Yên Dũng": [2, 6, 18], "Huyện Tân Yên": [2, 7, 22],
      "Huyện Việt Yên": [17, 17, 17], "Huyện Hiệp Hòa": [2, 10, 25],
      "Huyện Lạng Giang": [2, 6, 21], "Thành phố Bắc Giang": [2, 6, 16],
    ]
    #expect(roadmap.districts.count == 10)
    for district in roadmap.districts {
      #expect(
        [2023, 2025, 2030].map { district.cumulative(through: $0) } == phases[district.name],
        "\(district.name)")
      #expect(district.communes == district.cumulative(through: 2030))
    }
    #expect(roadmap.provinceCommunes == 209)
  }

  @Test("a roadmap whose sums are wrong is refused, with the district and year named")
  func wrongSums() throws {
    let url = TestSets.root.appendingPathComponent("Criteria/roadmaps/bac-giang-kh115-2023.json")
    let text = try String(contentsOf: url, encoding: .utf8)
      .replacingOccurrences(
        of:
          #""2023": 2, "2024": 2, "2025": 2, "2026": 2, "2027": 2, "2028": 2, "2029": 2, "2030": 3"#,
        with:
          #""2023": 2, "2024": 3, "2025": 2, "2026": 2, "2027": 2, "2028": 2, "2029": 2, "2030": 3"#
      )
    do {
      _ = try Roadmap(data: Array(text.utf8), file: "bad.json")
      Issue.record("a wrong roadmap was accepted")
    } catch {
      let message = error.text(.en)
      #expect(error.localizedDescription.contains("tổng chỉ tiêu các năm là 18"))
      #expect(message.contains("district 220 (Huyện Sơn Động): the yearly targets add up to 18"))
      #expect(message.contains("district 220 (Huyện Sơn Động), 2025: the plan states 6"))
      #expect(message.contains("the province states 81 communes by 2025"))
      #expect(message.contains("the province states 209 communes by 2030"))
    }
  }

  func statuses(_ assessments: [(Int, Bool)], through: Int) -> [String] {
    Recognition.timeline(
      assessments.map {
        Assessment(year: $0.0, passed: $0.1, total: .zero, maximum: .zero, file: "")
      }, from: 2023, through: through
    ).map { "\($0.year):\($0.status.vietnamese)" }
  }

  @Test("recognition: pass, pass, fail is new, maintained, withdrawn")
  func passPassFail() {
    #expect(
      statuses([(2023, true), (2024, true), (2025, false)], through: 2025)
        == ["2023:mới", "2024:duy trì", "2025:thu hồi"])
  }

  @Test("recognition: a pass then three unassessed years expires in the third")
  func expiry() {
    #expect(
      statuses([(2023, true)], through: 2026)
        == ["2023:mới", "2024:duy trì", "2025:duy trì", "2026:hết hạn"])
  }

  @Test("recognition: fail then pass is new; expired then pass is recognised again")
  func failThenPassAndAgain() {
    #expect(
      statuses([(2023, false), (2024, true)], through: 2024) == ["2023:chưa đạt", "2024:mới"])
    #expect(
      statuses([(2023, true), (2027, true)], through: 2027)
        == ["2023:mới", "2024:duy trì", "2025:duy trì", "2026:hết hạn", "2027:công nhận lại"])
    #expect(
      statuses([(2023, true), (2024, false), (2025, true)], through: 2025)
        == ["2023:mới", "2024:thu hồi", "2025:công nhận lại"])
  }

  @Test("attainment: gap, newly attained, standing; unknown districts reported, not dropped")
  func attainment() throws {
    let roadmap = try Self.bundled()
    func commune(_ code: CommuneCode, _ district: DistrictCode, _ years: [(Int, Bool)])
      -> TrackedCommune
    {
      TrackedCommune(
        code: code, name: "Xã \(code)", districtCode: district, districtName: "H",
        assessments: years.map {
          Assessment(year: $0.0, passed: $0.1, total: .zero, maximum: .zero, file: "")
        })
    }
    let progress = RoadmapProgress(
      roadmap: roadmap,
      communes: [
        commune("1", "213", [(2023, true)]), commune("2", "213", [(2023, true)]),
        commune("3", "213", [(2023, true), (2024, false)]), commune("4", "999", [(2023, true)]),
      ], through: 2024)
    let city = try #require(progress.districts.first { $0.district.code == "213" })
    #expect(city.years.map(\.attained) == [3, 2])
    #expect(city.years.map(\.newlyAttained) == [3, 0])
    #expect(city.years.map(\.gap) == [1, -2])
    #expect(city.years.map(\.standing) == [.ahead, .behind])
    let empty = try #require(progress.districts.first { $0.district.code == "220" })
    #expect(empty.years.map(\.attained) == [0, 0])
    #expect(progress.unknownDistricts.map(\.code) == ["999"])
    #expect(progress.province.map(\.targetCumulative) == [36, 58])
    #expect(progress.province.map(\.attained) == [3, 2])
    // Looking ahead to 2025: two recognitions of 2023 still hold; 6 are needed by then.
    let next = try #require(progress.lookAhead.first { $0.districtCode == "213" })
    #expect(next.year == 2025)
    #expect(next.holding == 2 && next.needed == 4)
    #expect(next.candidates.map(\.code) == ["3"])
  }

  @Test("--units off joins by district code: ahead, on track, behind; withdrawn, expired")
  func samplesWithoutUnits() throws {
    let evidence = TestSets.root.appendingPathComponent("Samples/bac-giang").path
    let json = CLIRunner.run([
      "roadmap", "--evidence", evidence, "--format", "json", "--units", "off",
    ])
    #expect(json.code == 0)
    guard case .object(let object) = try JSONParser.parse(Array(json.out.utf8)),
      case .array(let districts)? = object["districts"]
    else {
      Issue.record("not the roadmap object")
      return
    }
    #expect(object["roadmap"] == .string("bac-giang-kh115-2023"))
    var standing2025: [String: String] = [:]
    for case .object(let district) in districts {
      guard case .string(let code)? = district["code"], case .array(let years)? = district["years"]
      else { continue }
      for case .object(let year) in years where year["year"] == .number("2025") {
        if case .string(let status)? = year["status"] { standing2025[code] = status }
        for key in ["target", "targetCumulative", "attained", "newlyAttained", "gap"] {
          #expect(year[key] != nil, "\(key)")
        }
      }
    }
    #expect(standing2025["213"] == "vuot")
    #expect(standing2025["221"] == "dat")
    #expect(standing2025["216"] == "cham")
    // Thị xã Chũ (224) was formed on 2025-01-01: a district the plan does not know.
    #expect(json.out.contains("\"224\""), "the unknown district is reported")
    let withdrawn = CLIRunner.run([
      "roadmap", "--evidence", evidence, "--commune", "07441", "--units", "off",
    ])
    #expect(withdrawn.out.contains("2025  có             77/98  chưa đạt  thu hồi"))
    let expired = CLIRunner.run([
      "roadmap", "--evidence", evidence, "--commune", "07711", "--units", "off",
    ])
    #expect(expired.out.contains("2026  không              —  —         hết hạn"))
    let html = CLIRunner.run([
      "roadmap", "--evidence", evidence, "--format", "html", "--units", "off",
    ]).out
    #expect(html.contains("<svg") && !html.contains("http"))
    let csv = CLIRunner.run([
      "roadmap", "--evidence", evidence, "--format", "csv", "--units", "off", "--headers", "keys",
    ]).out
    #expect(csv.contains("\"province\",\"24\",\"Tỉnh Bắc Giang\",\"2030\",\"25\",\"209\""))
  }
}

/// The samples through the map's changes (interfaces §6), under both policies.
@Suite struct RoadmapSampleChangesTests {
  static let evidence = TestSets.root.appendingPathComponent("Samples/bac-giang").path

  static func rows(_ policy: String) throws -> [String: [String]] {
    let run = CLIRunner.run([
      "roadmap", "--evidence", evidence, "--format", "csv", "--headers", "keys", "--on-merge",
      policy,
    ])
    #expect(run.code == 0, "\(run.err)")
    var rows: [String: [String]] = [:]
    for line in run.out.split(separator: "\r\n").dropFirst() {
      // Every field is quoted: split on the quotes' "," (a cell may hold a comma).
      let fields = line.dropFirst().dropLast().components(separatedBy: "\",\"")
      rows["\(fields[2]) \(fields[4])"] = fields
    }
    return rows
  }

  @Test("samples under both policies: a merger, a December pass, ahead and behind")
  func bothPolicies() throws {
    let reassess = try Self.rows("reassess")
    let inherit = try Self.rows("inherit")
    // Columns: attained 7, newly 8, standing 10, on_merge 15, units 16, recognised 17.
    // Lục Nam: Đông Hưng and Đông Phú pass in 2024 and merge on 2025-07-01.
    #expect(reassess["218 2024"]?[7] == "2")
    #expect(reassess["218 2025"]?[7] == "0")
    #expect(inherit["218 2025"]?[7] == "2")
    #expect(inherit["218 2025"]?[17] == "1")
    #expect(reassess["218 2025"]?[15] == "reassess" && inherit["218 2025"]?[15] == "inherit")
    // TP Bắc Giang: ahead, with Phường Bắc Giang's own pass of 2025-12-10 (9 plan communes).
    #expect(reassess["213 2025"]?[10] == "vuot")
    #expect(reassess["213 2025"]?[7] == "13")
    // Behind elsewhere, and the province's figures are the sums.
    #expect(reassess["216 2025"]?[10] == "cham")
    let districts = reassess.filter { $0.key.hasSuffix(" 2025") && $0.value[1] == "district" }
    #expect(
      reassess["24 2025"]?[7] == String(districts.values.reduce(0) { $0 + Int($1[7])! }))
    // Trần Nguyên Hãn, recognised in 2023, absorbed on 2025-01-01: the history shows it.
    let history = CLIRunner.run([
      "roadmap", "--evidence", Self.evidence, "--commune", "07207", "--on", "2025-03-01",
    ])
    #expect(history.out.contains("07204 Phường Trần Nguyên Hãn (trước 10/04/2023 – 31/12/2024)"))
    #expect(history.out.contains("được công nhận 31/12/2023 – 31/12/2024"))
    #expect(history.out.contains("bắt đầu chưa được công nhận (reassess)"))
    let inherited = CLIRunner.run([
      "roadmap", "--evidence", Self.evidence, "--commune", "07450", "--on-merge", "inherit",
      "--format", "json",
    ])
    #expect(inherited.out.contains("\"policyEffect\": \"thừa hưởng công nhận (inherit)"))
    #expect(inherited.out.contains("\"from\": \"2025-07-01\""))
  }
}

/// The look-ahead's plan sizes come from the run that scored the evidence, never from reading
/// the files again.
@Suite struct RoadmapPlanSizeTests {
  @Test(
    "plan sizes are made during the run: equal to the planner's, and the files are not read again")
  func planSizesFromTheRun() throws {
    let folder = try TemporaryFolder()
    let samples = TestSets.root.appendingPathComponent("Samples/bac-giang/2025").path
    for name in try FileManager.default.contentsOfDirectory(atPath: samples) {
      try FileManager.default.copyItem(
        atPath: samples + "/" + name, toPath: folder.path + "/" + name)
    }
    let set = try TestSets.bundled()
    let scratch = try TemporaryFolder()
    let runner = BatchRunner(
      options: .init(jobs: 2, scratchFolder: scratch.path, planSizes: true),
      criteria: { _ in .success(set) })
    let outcome = try runner.run(BatchSources.files(under: folder.path))
    // What the planner says for each failing file, read now.
    var expected: [String: Int] = [:]
    for record in outcome.records where !record.passed {
      let path = outcome.file(of: record)
      let evidence = try Evidence(document: EvidenceDocument(path: path), criteria: set)
      if case .plan(let items) = Planner(criteria: set).plan(evidence).outcome {
        expected[path] = items.count
      }
    }
    #expect(!expected.isEmpty)
    // Then the files go away: the sizes must still be there.
    try FileManager.default.removeItem(atPath: folder.path)
    let communes = outcome.trackedCommunes()
    for commune in communes {
      let latest = try #require(commune.assessments.last)
      #expect(latest.planSize == expected[latest.file], "\(commune.code)")
    }
    // Without the option, no plan is made.
    let plain = BatchRunner(
      options: .init(jobs: 2, scratchFolder: scratch.path), criteria: { _ in .success(set) })
    let samplesOutcome = try plain.run(BatchSources.files(under: samples))
    #expect(
      samplesOutcome.trackedCommunes().allSatisfy {
        $0.assessments.allSatisfy { $0.planSize == nil }
      })
  }

  @Test("the roadmap page: province first, districts on one scale, projected years neutral")
  func roadmapPage() throws {
    #expect(RoadmapReport.tickStep(209) == 60 && RoadmapReport.tickStep(36) == 10)
    #expect(RoadmapReport.tickStep(3) == 1 && RoadmapReport.tickStep(17) == 5)
    let samples = TestSets.root.appendingPathComponent("Samples/bac-giang").path
    let html = CLIRunner.run(["roadmap", "--evidence", samples, "--format", "html"]).out
    let province = try #require(html.range(of: "<h2>Toàn tỉnh"))
    let firstDistrict = try #require(html.range(of: "<div class=\"keep district\">"))
    #expect(province.lowerBound < firstDistrict.lowerBound, "the province comes first")
    #expect(html.contains("<h3>Các huyện năm 2026</h3>"))
    // Every district chart tops out at 32 (the largest district, Lục Ngạn, has 29 communes).
    let districtPart = html[firstDistrict.lowerBound...]
    #expect(districtPart.components(separatedBy: "text-anchor=\"end\">32</text>").count - 1 == 10)
    #expect(html.contains("dự kiến nếu không công nhận thêm"))
    #expect(html.contains(">2027*</text>") && html.contains("fill=\"#b0b7bf\""))
  }
}

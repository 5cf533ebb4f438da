import Foundation
import Testing

@testable import YTXAFormats
@testable import YTXAKit

@Suite("ytxa check")
struct CheckTests {
  static let samples = "Samples/bac-giang/2025/"

  func path(_ code: String) -> String {
    TestSets.root.appendingPathComponent(Self.samples + code + ".json").path
  }

  /// Compares with a golden file (after replacing the machine's checkout path); set
  /// `YTXA_UPDATE_GOLDEN=1` to rewrite the golden files after a deliberate change.
  func expectGolden(_ text: String, _ name: String) throws {
    let stable = text.replacingOccurrences(of: TestSets.root.path + "/", with: "")
    let url = TestSets.root.appendingPathComponent("Tests/YTXAKitTests/Golden/" + name)
    if ProcessInfo.processInfo.environment["YTXA_UPDATE_GOLDEN"] == "1" {
      try stable.write(to: url, atomically: true, encoding: .utf8)
    }
    let golden = try String(contentsOf: url, encoding: .utf8)
    #expect(stable == golden, "\(name) differs from its golden file")
  }

  @Test("golden text and HTML sheets for two samples", arguments: ["07885", "07462"])
  func golden(code: String) throws {
    let text = CLIRunner.run(["check", path(code)])
    #expect(text.code == 1)
    try expectGolden(text.out, "check-\(code).txt")
    let html = CLIRunner.run(["check", path(code), "--format", "html", "--issued", "2026-01-15"])
    #expect(html.code == 1)
    try expectGolden(html.out, "check-\(code).html")
  }

  @Test("the HTML page is self-contained: no external resource of any kind")
  func htmlSelfContained() {
    let html = CLIRunner.run(["check", path("07885"), "--format", "html"]).out
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    for forbidden in ["http://", "https://", "<link", "<script", "src=", "@import", "url("] {
      #expect(!html.contains(forbidden), "found \(forbidden)")
    }
    #expect(html.contains("@page{size:A4"))
    #expect(html.contains("name=\"viewport\""))
    // One bar per criterion, each with its 50 % line.
    #expect(html.components(separatedBy: "class=\"bar\"").count - 1 == 10)
  }

  @Test("score --format html: the self-contained score page, without the repair plan")
  func scoreHTML() {
    let output = CLIRunner.run(["score", path("07441"), path("07336"), "--format", "html"])
    #expect(output.code == 1)
    #expect(output.out.hasPrefix("<!DOCTYPE html>"))
    #expect(output.out.contains("Kết quả chấm điểm Bộ tiêu chí quốc gia về y tế xã"))
    #expect(!output.out.contains("Phương án cải thiện"))
    #expect(output.out.components(separatedBy: "<section class=\"sheet\"").count - 1 == 2)
    #expect(!output.out.contains("http"))
  }

  @Test("JSON: the score object plus a plan whose evidence, applied to the file, passes")
  func jsonPlan() throws {
    let output = CLIRunner.run(["check", path("07885"), "--format", "json"])
    #expect(output.code == 1)
    guard case .object(let object) = try JSONParser.parse(Array(output.out.utf8)),
      case .array(let plan)? = object["plan"]
    else {
      Issue.record("not an object with a plan")
      return
    }
    #expect(object["planStatus"] == .string("plan"))
    #expect(object["total"] != nil && object["criteria"] != nil && object["indicators"] != nil)
    #expect(plan.count == 5)
    // Put each item's evidence into the file and score it again: it passes.
    let set = try TestSets.bundled()
    let document = try String(contentsOfFile: path("07885"), encoding: .utf8)
    var evidence = try Evidence(data: Array(document.utf8), file: "e", criteria: set)
    for item in plan {
      guard case .object(let fields) = item, case .string(let id)? = fields["id"],
        let value = fields["evidence"]
      else { continue }
      var problems: [FieldProblem] = []
      evidence.values[id] = EvidenceValueReader.read(
        value, path: "plan", indicator: set.indicator(id)!, commune: evidence.commune,
        into: &problems)
      #expect(problems.isEmpty, "the plan's evidence for \(id) is valid evidence: \(problems)")
    }
    #expect(Scorer(criteria: set).score(evidence).hasPassed)
  }

  @Test("a passing commune has an empty plan and exit 0")
  func passing() {
    let output = CLIRunner.run(["check", path("07336"), "--format", "json"])
    #expect(output.code == 0)
    #expect(output.out.contains(#""plan": []"#))
    #expect(output.out.contains(#""planStatus": "passes""#))
  }

  @Test("the district view lists every commune, passing first, then by plan size")
  func districtView() {
    let output = CLIRunner.run(["check", TestSets.root.appendingPathComponent(Self.samples).path])
    #expect(output.code == 1)
    let rows = output.out.split(separator: "\n").filter { $0.first?.isNumber == true }
    #expect(rows.count == 12)
    let sizes = rows.map { row -> Int in
      let last = row.split(separator: "  ").last.map(String.init) ?? ""
      return Int(last.split(separator: ":").first ?? "") ?? -1
    }
    #expect(sizes == sizes.sorted(), "plan sizes ascend: \(sizes)")
    #expect(rows.last?.hasPrefix("07885") == true)
  }

  @Test("data-quality warnings: on a boundary, implausible denominators, full checklist unproven")
  func dataQuality() throws {
    let set = try TestSets.bundled()
    var evidence = try Evidence(
      document: EvidenceDocument(contentsOf: URL(fileURLWithPath: path("07336")), file: "x"),
      criteria: set)
    let before = Scorer(criteria: set).score(evidence)
    evidence.values["21"] = .ratio(numerator: 95, denominator: 100)  // exactly 95 %
    evidence.values["24"] = .ratio(numerator: 2250, denominator: 26000)  // 10 000 people / 26 000
    evidence.documents["1"] = []
    let check = CheckResult(evidence: evidence, criteria: set)
    let kinds = check.warnings.map { "\($0.kind.rawValue):\($0.indicators.joined(separator: ","))" }
    #expect(kinds.contains("onBoundary:21"))
    #expect(kinds.contains("implausibleDenominator:24,25"))
    #expect(kinds.contains("implausibleDenominator:3,24"))
    #expect(kinds.contains("fullChecklistWithoutDocuments:1"))
    #expect(check.warnings.allSatisfy { !$0.message.isEmpty && !$0.englishMessage.isEmpty })
    // Warnings never change the score: the check's result is exactly the engine's.
    #expect(check.result == Scorer(criteria: set).score(evidence))
    #expect(before.total != check.result.total)
  }

  @Test("the district dossier: an overview linking each sheet, sheets on their own pages, signed")
  func dossier() {
    let folder = TestSets.root.appendingPathComponent("Samples/bac-giang/2025").path
    let html = CLIRunner.run([
      "check", folder, "--format", "html", "--issued", "2026-11-29",
    ]).out
    #expect(html.contains("<section class=\"overview\">"))
    #expect(html.contains("<td>1. <a href=\"#c1\">Xã Hùng Thái</a>"))
    #expect(html.components(separatedBy: "<section class=\"sheet\" id=\"c").count - 1 == 12)
    #expect(html.contains(".overview+.sheet,.sheet+.sheet{break-before:page}"))
    #expect(html.contains("counter(page)") && html.contains("Ngày lập: 29/11/2026"))
    #expect(html.components(separatedBy: "class=\"signoff\"").count - 1 == 12)
    #expect(html.contains("1300/QĐ-BYT ngày 09/03/2023"))
    // Words, not keys: the checklist items by their labels.
    #expect(!html.contains("kien_toan") && html.contains("Có quyết định kiện toàn Ban Chỉ đạo"))
    // The score page has no sign-off; a bad date of issue is refused.
    let score = CLIRunner.run(["score", folder, "--format", "html"]).out
    #expect(!score.contains("class=\"signoff\""))
    let bad = CLIRunner.run(["check", folder, "--format", "html", "--issued", "29/11/2026"])
    #expect(bad.code == 2 && bad.err.contains("--issued"))
  }
}

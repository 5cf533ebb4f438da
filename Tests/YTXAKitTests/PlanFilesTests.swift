import Foundation
import Testing

@testable import YTXACLI
@testable import YTXAFormats
@testable import YTXAKit

/// The bundled plans against their source documents: every quantified target once, with its
/// threshold and year, as listed here by hand from the documents
/// (`Documentation/Sources/plans/`), and its words found in the document.
@Suite("bundled plans") struct PlanFilesTests {
  /// `id kind [indicator comparator year=value …]` per target, in the plan's order. Recognised
  /// targets: `count`, `share` or `maintain N add M year`.
  static let expected: [String: [String]] = [
    "phong-tho-2024": [
      "bhyt indicator 3 > 2024=96", "chi-tien-tui external", "hssk-dien-tu indicator 46 > 2024=60",
      "tram-khong-lay external", "dat-chuan recognised maintain 14 add 1 2024",
      "giuong-benh external", "tiem-chung indicator 21 > 2024=94.3", "sdd-can-nang external",
      "thap-coi indicator 35 < 2024=21.4", "tu-vong-duoi-1 external", "kham-thai-3 external",
      "kham-thai-4 indicator 32 >= 2024=33.5", "tang-dan-so external", "giam-sinh external",
      "con-thu-3 external", "hai-long-dan external", "hiv external", "uon-van external",
      "luot-kham external", "dich-vu-ky-thuat external", "hai-long-benh-nhan external",
      "bac-si-van-dan external", "ho-sinh indicator 8 >= 2024=100",
      "y-te-ban indicator 9 >= 2024=94",
      "diem-chat-luong-bv external", "thuoc indicator 17 > 2024=70",
    ],
    "tan-yen-2024": [
      "bac-si indicator 7 >= 2024=100 2025=100 2026=100 2027=100 2028=100 2029=100 2030=100",
      "nvyt-thon indicator 9 >= 2024=100 2025=100 2026=100 2027=100 2028=100 2029=100 2030=100",
      "bhyt indicator 3 > 2030=99.5", "bhyt-ii-2-4-1 indicator 3 > 2030=99.9",
      "bhyt-chi-tra external", "quan-ly-suc-khoe external",
      "so-kcb-dien-tu indicator 46 > 2030=75", "kcb-tu-xa external",
      "dat-chuan recognised share 2030=100",
      "hssk-tu-2025 indicator 46 > 2025=95 2026=95 2027=95 2028=95 2029=95 2030=95",
    ],
    "ha-noi-kh239-2024": [
      "bac-si indicator 7 >= 2030=100", "nvyt-thon indicator 9 >= 2030=100",
      "dat-chuan recognised share 2030=100", "bhyt indicator 3 > 2030=95", "bhyt-chi-tra external",
      "quan-ly-suc-khoe external",
    ],
    "tuyen-quang-2018": [
      "tuoi-tho external", "bhyt indicator 3 > 2025=97 2030=98", "chi-tien-tui external",
      "tiem-chung indicator 21 > 2025=95 2030=96", "tu-vong-tre external",
      "thap-coi indicator 35 < 2025=20 2030=16", "beo-phi external", "chieu-cao external",
      "quan-ly-suc-khoe external", "tram-khong-lay external", "giuong-benh external",
      "bac-si external", "duoc-si external", "dieu-duong external", "giuong-tu-nhan external",
      "hai-long external", "dat-chuan recognised share 2025=100",
      "kcb-bhyt indicator 28 >= 2025=100", "csskbd external",
      "dich-vu-ky-thuat indicator 29 >= 2025=70",
    ],
  ]

  static func summary(_ target: Plan.Target) -> String {
    func table(_ values: [Int: ExactDecimal]) -> String {
      values.keys.sorted().map { "\($0)=\(values[$0]!)" }.joined(separator: " ")
    }
    switch target.kind {
    case .external: return "\(target.id) external"
    case .indicator(let id, _, let comparator, let thresholds):
      return "\(target.id) indicator \(id) \(comparator.rawValue) " + table(thresholds)
    case .recognised(.maintainAndAdd(let maintain, let add, let year)):
      return "\(target.id) recognised maintain \(maintain) add \(add) \(year)"
    case .recognised(.share(let shares)): return "\(target.id) recognised share " + table(shares)
    case .recognised(.count(let counts)):
      return "\(target.id) recognised count "
        + counts.keys.sorted().map { "\($0)=\(counts[$0]!)" }.joined(separator: " ")
    }
  }

  static func load(_ id: String) throws -> Plan {
    let resolver = try CriteriaResolver(path: nil)
    return try PlanCommand.loadPlan(id, resolver: resolver).plan
  }

  @Test(
    "each bundled plan holds its document's targets, thresholds and years",
    arguments: ["phong-tho-2024", "tan-yen-2024", "ha-noi-kh239-2024", "tuyen-quang-2018"])
  func targets(_ id: String) throws {
    let plan = try Self.load(id)
    #expect(plan.id == id)
    #expect(plan.targets.map(Self.summary) == Self.expected[id])
    let source = try String(
      contentsOf: TestSets.root.appendingPathComponent(plan.source.document), encoding: .utf8)
    // The plan's words: each number in a target's text is in the document, and a text that is
    // one sentence of the document (its leading "(2)" or "(II.2.5)" marker aside) is found as
    // written.
    let flat = source.replacingOccurrences(of: "\n", with: " ")
    var notFound: [String] = []
    // A target stated for two years is its two sentences, "(2.1, …) first | (b, …) second".
    for target in plan.targets {
      for part in target.text.components(separatedBy: " | ") {
        var words = part
        if words.hasPrefix("("), let close = words.firstIndex(of: ")") {
          words = String(words[words.index(after: close)...]).trimmingCharacters(in: .whitespaces)
        }
        let numbers = words.split(whereSeparator: { !$0.isNumber && $0 != "," }).map {
          $0.trimmingCharacters(in: CharacterSet(charactersIn: ","))
        }.filter { !$0.isEmpty }
        notFound += numbers.filter { !flat.contains($0) }.map { "\(target.id): \($0)" }
        if !flat.contains(words) { notFound.append("\(target.id): \(words)") }
      }
    }
    #expect(notFound == [])
  }

  @Test("every bundled plan validates against the registry; criteria validate checks them")
  func validate() throws {
    let registry = try BundledFiles().unitRegistry()
    for id in Self.expected.keys.sorted() {
      let plan = try Self.load(id)
      try plan.check(against: registry, file: id)
    }
    let run = CLIRunner.run(["criteria", "validate", "--lang", "en"])
    #expect(run.code == 0, "\(run.err)")
    #expect(run.out.contains("Criteria/plans/phong-tho-2024.json: valid plan phong-tho-2024"))
    let vietnamese = CLIRunner.run(["criteria", "validate"]).out
    #expect(
      vietnamese.contains("Criteria/plans/phong-tho-2024.json: kế hoạch phong-tho-2024 hợp lệ"))
    #expect(
      vietnamese.contains("bộ tiêu chí qd-1300-2023 hợp lệ: 10 tiêu chí, 47 chỉ tiêu, 100 điểm"))
  }

  @Test("--plan missing, or an id the bundle does not have: exit 2, the bundled ids listed")
  func planOption() {
    let evidence = TestSets.root.appendingPathComponent("Samples/phong-tho").path
    let missing = CLIRunner.run(["plan", "--evidence", evidence, "--lang", "en"])
    #expect(missing.code == 2)
    #expect(
      missing.err.contains("name a plan: --plan ID (bundled: ha-noi-kh239-2024, phong-tho-2024"))
    let unknown = CLIRunner.run([
      "plan", "--plan", "phong-tho", "--evidence", evidence, "--lang", "en",
    ])
    #expect(unknown.code == 2)
    #expect(unknown.err.contains("--plan phong-tho: no bundled plan has this id"))
    let outside = CLIRunner.run([
      "plan", "--plan", "ha-noi-kh239-2024", "--evidence", evidence, "--lang", "en",
    ])
    #expect(outside.code == 2)
    #expect(outside.err.contains("lies in the plan's area (Thành phố Hà Nội)"))
  }

  @Test("Phong Thổ samples: met and unmet targets, exit 1; JSON in the shape of §7")
  func phongThoSamples() throws {
    let run = CLIRunner.run([
      "plan", "--plan", "phong-tho-2024", "--evidence",
      TestSets.root.appendingPathComponent("Samples/phong-tho").path, "--format", "json",
    ])
    #expect(run.code == 1, "\(run.err)")
    let object = try #require(try JSONParser.parse(Array(run.out.utf8)).objectValue)
    #expect(object["plan"] == .string("phong-tho-2024"))
    #expect(object["onMerge"] == .string("reassess"))
    guard case .array(let targets)? = object["targets"] else {
      Issue.record("no targets")
      return
    }
    var met: [String: JSONValue] = [:]
    for target in targets {
      guard let item = target.objectValue, let id = item["id"]?.stringValue else { continue }
      if item["kind"] == .string("external") {
        #expect(item["years"] == nil, "\(id)")
        continue
      }
      if case .array(let years)? = item["years"], let first = years.first?.objectValue {
        met[id] = first["met"]
      }
    }
    #expect(met["bhyt"] == .bool(false))
    #expect(met["thap-coi"] == .bool(false))
    #expect(met["ho-sinh"] == .bool(false))
    #expect(met["tiem-chung"] == .bool(true))
    #expect(met["dat-chuan"] == .bool(true))
    #expect(met["hssk-dien-tu"] == .bool(true))
  }
}

import Foundation
import Testing

@testable import YTXACLI
@testable import YTXAFormats
@testable import YTXAKit

/// Every command in every format on the bundled samples, against golden files
/// (`Tests/YTXAKitTests/Golden/commands/`), so that a refactor that changes one byte of any
/// report is seen. `YTXA_UPDATE_GOLDEN=1 swift test` rewrites them after a deliberate change;
/// the diff then shows what changed.
@Suite("golden outputs")
struct GoldenTests {
  static let samples = TestSets.root.appendingPathComponent("Samples/bac-giang").path

  /// A command line and the golden file its stdout is compared with.
  struct Case: CustomStringConvertible, Sendable {
    var name: String
    var arguments: [String]
    var description: String { name }
  }

  static let cases: [Case] = {
    let year = samples + "/2025"
    var cases: [Case] = []
    for format in ["text", "json", "csv", "html"] {
      cases.append(
        Case(name: "score-2025.\(format)", arguments: ["score", year, "--format", format]))
    }
    cases.append(
      Case(name: "score-07645-en.text", arguments: ["score", year + "/07645.json", "--lang", "en"]))
    for format in ["text", "json", "html"] {
      cases.append(
        Case(name: "check-2025.\(format)", arguments: ["check", year, "--format", format]))
      cases.append(
        Case(
          name: "check-07645.\(format)",
          arguments: ["check", year + "/07645.json", "--format", format]))
    }
    cases.append(
      Case(name: "check-07645-en.text", arguments: ["check", year + "/07645.json", "--lang", "en"]))
    for format in ["text", "json", "csv", "html"] {
      cases.append(
        Case(
          name: "roadmap.\(format)",
          arguments: ["roadmap", "--evidence", samples, "--format", format]))
    }
    cases.append(
      Case(
        name: "roadmap-07441.text",
        arguments: ["roadmap", "--evidence", samples, "--commune", "07441"]))
    cases.append(
      Case(
        name: "roadmap-07441.json",
        arguments: ["roadmap", "--evidence", samples, "--commune", "07441", "--format", "json"]))
    cases.append(
      Case(name: "roadmap-en.text", arguments: ["roadmap", "--evidence", samples, "--lang", "en"]))
    cases.append(
      Case(
        name: "roadmap-07441-en.text",
        arguments: ["roadmap", "--evidence", samples, "--commune", "07441", "--lang", "en"]))
    cases.append(Case(name: "criteria-show.text", arguments: ["criteria", "show"]))
    cases.append(
      Case(name: "criteria-show-en.text", arguments: ["criteria", "show", "--lang", "en"]))
    cases.append(Case(name: "template.csv", arguments: ["template", "--format", "csv"]))
    // The pages in English.
    cases.append(
      Case(
        name: "check-07645-en.html",
        arguments: ["check", year + "/07645.json", "--format", "html", "--lang", "en"]))
    cases.append(
      Case(
        name: "roadmap-en.html",
        arguments: ["roadmap", "--evidence", samples, "--format", "html", "--lang", "en"]))
    // A document's date of issue is today's unless given: the pages are made for a fixed day.
    return cases.map { item in
      var item = item
      if item.name.hasSuffix(".html"), ["check", "score", "roadmap"].contains(item.arguments[0]) {
        item.arguments += ["--issued", "2026-01-15"]
      }
      return item
    }
  }()

  static func expectGolden(_ text: String, _ name: String) throws {
    let stable = text.replacingOccurrences(of: TestSets.root.path + "/", with: "")
    let url = TestSets.root.appendingPathComponent("Tests/YTXAKitTests/Golden/commands/" + name)
    if ProcessInfo.processInfo.environment["YTXA_UPDATE_GOLDEN"] == "1" {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try stable.write(to: url, atomically: true, encoding: .utf8)
    }
    // Read as bytes: Foundation's String(contentsOf:) drops a byte order mark.
    let golden = String(decoding: try Data(contentsOf: url), as: UTF8.self)
    #expect(stable == golden, "\(name) differs from its golden file")
  }

  @Test("each command and format on the samples gives its golden output", arguments: cases)
  func command(_ item: Case) throws {
    let run = CLIRunner.run(item.arguments)
    #expect((0...1).contains(run.code), "\(run.err)")
    try Self.expectGolden(run.out, item.name)
  }

  @Test("batch on the samples: stdout and the five output files are the golden ones")
  func batch() throws {
    let folder = try TemporaryFolder()
    let out = folder.path + "/out"
    let run = CLIRunner.run(["batch", Self.samples, "--out", out])
    #expect(run.code == 1)
    try Self.expectGolden(
      run.out.replacingOccurrences(of: out, with: "OUT"), "batch-stdout.text")
    for name in ["results.jsonl", "errors.jsonl", "summary.json", "summary.csv", "report.html"] {
      try Self.expectGolden(
        try String(contentsOfFile: out + "/" + name, encoding: .utf8), "batch-" + name)
    }
    let json = CLIRunner.run(["batch", Self.samples, "--out", out, "--format", "json"])
    try Self.expectGolden(json.out, "batch-stdout.json")
    let english = CLIRunner.run(["batch", Self.samples, "--out", out, "--lang", "en"])
    try Self.expectGolden(
      english.out.replacingOccurrences(of: out, with: "OUT"), "batch-stdout-en.text")
    try Self.expectGolden(
      try String(contentsOfFile: out + "/report.html", encoding: .utf8), "batch-report-en.html")
  }
}

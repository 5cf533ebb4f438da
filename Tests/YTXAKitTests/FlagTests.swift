import Foundation
import Testing

@testable import YTXACLI
@testable import YTXAKit

/// Flags that do what they say (issue 26): a `YTXA_CRITERIA_DIR` that holds no bundle is an
/// error naming it, never a silent fall-back to another bundle.
@Suite struct FlagTests {
  static let sample = TestSets.root.appendingPathComponent("Samples/bac-giang/2025/07336.json").path

  @Test("YTXA_CRITERIA_DIR naming a folder without bundle.json: exit 2, the folder named")
  func misspelledBundleFolder() throws {
    var environment = ProcessInfo.processInfo.environment
    environment["YTXA_CRITERIA_DIR"] = "/nonexistent/Criteria"
    for (arguments, language) in [
      (["check", Self.sample], "vi"), (["score", Self.sample, "--lang", "en"], "en"),
      (["criteria", "validate"], "vi"), (["template", "--format", "csv"], "vi"),
    ] {
      let run = try CLIRunner.runProcess(arguments, environment: environment)
      #expect(run.code == 2, "\(arguments): \(run.err)")
      #expect(run.err.contains("YTXA_CRITERIA_DIR=/nonexistent/Criteria"), "\(run.err)")
      #expect(
        run.err.contains(language == "vi" ? "không có bundle.json" : "holds no bundle.json"),
        "\(run.err)")
    }
    // An empty value is as if unset.
    environment["YTXA_CRITERIA_DIR"] = ""
    #expect(try CLIRunner.runProcess(["check", Self.sample], environment: environment).code == 0)
  }

  @Test("the bundle named by YTXA_CRITERIA_DIR is used when it holds one")
  func explicitBundle() throws {
    let bundle = BundledFiles(
      executablePath: "/nowhere/bin/ytxa",
      environment: ["YTXA_CRITERIA_DIR": TestSets.root.appendingPathComponent("Criteria").path],
      sourceFile: "/nowhere/Sources/YTXAKit/Criteria/BundledFiles.swift")
    #expect(try bundle.manifest().criteriaSets["qd-1300-2023"] == "qd-1300-2023.json")
    let missing = BundledFiles(
      executablePath: "/nowhere/bin/ytxa", environment: ["YTXA_CRITERIA_DIR": "/custom"],
      sourceFile: TestSets.root.appendingPathComponent("Sources/YTXAKit/Criteria/x.swift").path)
    #expect(throws: CriteriaError.environmentWithoutBundle(folder: "/custom")) {
      try missing.manifest()
    }
  }
}

/// The exit codes of the README's table, command by command (issue 26): 0 success, 1 a commune
/// fails or an input is rejected, 2 bad usage or an unreadable criteria file. Generated from the
/// list of commands, so that a new command without a row here fails.
@Suite struct ExitCodeTests {
  static let samples = TestSets.root.appendingPathComponent("Samples/bac-giang").path
  static let passing = samples + "/2025/07336.json"
  static let register = samples + "/register.csv"
  static let failing = samples + "/2025/07645.json"

  /// Per command: a run that succeeds, one where a commune fails (or an input is rejected), and
  /// its arguments before the options under test; `nil` where the command has no such case.
  static func cases(_ out: String) -> [String: (ok: [String]?, fails: [String]?, base: [String])] {
    [
      "score": (["score", passing], ["score", failing], ["score", passing]),
      "check": (["check", passing], ["check", failing], ["check", passing]),
      "batch": (
        ["batch", passing, "--out", out + "/b0"], ["batch", failing, "--out", out + "/b1"],
        ["batch", passing, "--out", out + "/b2"]
      ),
      "template": (["template"], nil, ["template"]),
      "roadmap": (
        ["roadmap", "--evidence", samples], ["roadmap", "--evidence", out + "/mixed"],
        ["roadmap", "--evidence", samples]
      ),
      "plan": (
        nil, ["plan", "--plan", "tan-yen-2024", "--evidence", samples],
        ["plan", "--plan", "tan-yen-2024", "--evidence", samples]
      ),
      "council": (
        ["council", passing], ["council", out + "/mixed"], ["council", passing]
      ),
      "criteria": (["criteria", "validate"], nil, ["criteria", "show"]),
      "units": (
        ["units", "show", "07336"], ["units", "show", "07336", "--on", "2026-01-01"],
        ["units", "show", "07336"]
      ),
      "register": (
        ["register", "check", register], ["register", "check", out + "/warned.csv"],
        ["register", "show", register]
      ),
      "serve": (
        ["serve", "check", "--data", out + "/store"],
        ["serve", "user", "disable", "--data", out + "/store", "--name", "nobody"],
        ["serve", "check", "--data", out + "/store"]
      ),
      "verify": (nil, nil, ["verify", out + "/b0"]),
    ]
  }

  @Test("every command: 0, 1 and 2 as the README's table says")
  func everyCommand() throws {
    let folder = try TemporaryFolder()
    // A folder with a passing file and a rejected one.
    try FileManager.default.createDirectory(
      atPath: folder.path + "/mixed", withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: Self.passing, toPath: folder.path + "/mixed/a.json")
    try folder.write("{", to: "mixed/b.json")
    // A register whose only row names the commune otherwise than the registry: a warning.
    try folder.write(
      "decision,signedOn,kind,commune_code,commune_name\n1/QĐ-UBND,2024-01-15,recognition,07336,"
        + "Xã Cao Xa Khác\n", to: "warned.csv")
    // A server's store, its administrator hashed with few rounds (a debug build).
    _ = ServeStoreTests.rounds
    #expect(
      CLIRunner.run(
        ["serve", "init", "--data", folder.path + "/store", "--province", "24"],
        secrets: [ServeStoreTests.password]
      ).code == 0)
    let cases = Self.cases(folder.path)
    #expect(Set(cases.keys) == Set(YTXACommand.commands), "a command without its exit codes")
    for command in YTXACommand.commands {
      let (ok, fails, base) = try #require(cases[command])
      if let ok {
        let run = CLIRunner.run(ok)
        #expect(run.code == 0, "\(ok): \(run.err)")
      }
      if let fails {
        let run = CLIRunner.run(fails)
        #expect(run.code == 1, "\(fails): \(run.code) \(run.err)")
      }
      let bogus = CLIRunner.run(base + ["--bogus"])
      #expect(bogus.code == 2 && bogus.err.contains("--bogus"), "\(base): \(bogus.err)")
      if CLIRunner.run(base + ["--help"]).out.contains("--criteria") {
        let missing = CLIRunner.run(base + ["--criteria", folder.path + "/none.json"])
        #expect(missing.code == 2, "\(base) --criteria none.json: \(missing.code)")
      }
    }
  }
}

/// Messages that name the real problem (issue 27, class 8).
@Suite struct DiagnosisTests {
  @Test("evidence or a plan naming no criteria set is told so, not a missing bundle '(none)'")
  func noSetNamed() throws {
    let folder = try TemporaryFolder()
    let sample = TestSets.root.appendingPathComponent("Samples/bac-giang/2025/07336.json")
    let text = try String(contentsOf: sample, encoding: .utf8)
      .replacingOccurrences(of: "\"criteriaSet\": \"qd-1300-2023\",", with: "")
    try folder.write(text, to: "e.json")
    for arguments in [["score"], ["check"], ["batch", "--out", folder.path + "/o"]] {
      let run = CLIRunner.run(arguments + [folder.path + "/e.json"])
      #expect(run.code == 1)
      #expect(run.err.contains("không ghi bộ tiêu chí (khóa criteriaSet)"), "\(run.err)")
      #expect(!run.err.contains("(none)"))
    }
    try folder.write("{\"schemaVersion\": 1}", to: "plan.json")
    let plan = CLIRunner.run([
      "plan", "--plan", folder.path + "/plan.json", "--evidence", folder.path, "--lang", "en",
    ])
    #expect(
      plan.code == 2 && plan.err.contains("plan.json") && plan.err.contains("names no criteria set")
    )
  }

  @Test("roadmap --evidence reads a table as a table, not as JSON")
  func roadmapTable() throws {
    let folder = try TemporaryFolder()
    let template = CLIRunner.run([
      "template", "--format", "csv", "--province", "24", "--on", "2026-11-01",
    ])
    try folder.write(template.out, to: "t.csv")
    let run = CLIRunner.run(["roadmap", "--evidence", folder.path + "/t.csv"])
    #expect(!run.err.contains("JSON"), "\(run.err)")
    #expect(run.err.contains("Chưa điền: 99 dòng"), "\(run.err)")
  }
}

extension DiagnosisTests {
  @Test("a huge number is quoted shortened; a missing plan or roadmap is not 'the criteria file'")
  func shortenedAndNamed() throws {
    let folder = try TemporaryFolder()
    let sample = TestSets.root.appendingPathComponent("Samples/bac-giang/2025/07336.json")
    let text = try String(contentsOf: sample, encoding: .utf8)
      .replacingOccurrences(
        of: "\"12\": 10", with: "\"12\": " + String(repeating: "1", count: 100_000))
    try folder.write(text, to: "big.json")
    let run = CLIRunner.run(["score", folder.path + "/big.json", "--lang", "en"])
    #expect(run.code == 1)
    #expect(run.err.contains("(100000 characters) is out of range"), "\(run.err.prefix(400))")
    #expect(run.err.count < 2_000)
    for arguments in [
      ["plan", "--plan", "/nonexistent.json", "--evidence", folder.path],
      ["roadmap", "--roadmap", "/nonexistent.json", "--evidence", folder.path],
    ] {
      let missing = CLIRunner.run(arguments + ["--lang", "en"])
      #expect(missing.code == 2 && missing.err.contains("/nonexistent.json: cannot read the file"))
      #expect(!missing.err.contains("criteria file"))
    }
  }
}

/// Wrong answers without a word (issue 27, class 7).
@Suite struct SilentAnswerTests {
  static let samples = TestSets.root.appendingPathComponent("Samples/bac-giang").path

  @Test("council --history that gives nothing is an error, not every pass 'mới'")
  func emptyHistory() throws {
    let folder = try TemporaryFolder()
    try folder.write("{", to: "broken.json")
    for history in ["/nonexistent", folder.path] {
      let run = CLIRunner.run([
        "council", Self.samples + "/2025", "--history", history, "--lang", "en",
      ])
      #expect(run.code == 2 && run.err.contains("no assessment could be read"), "\(run.err)")
    }
    // Some history read, some not: papers written, the unreadable file said, exit 1.
    try FileManager.default.copyItem(
      atPath: Self.samples + "/2024/07360.json", toPath: folder.path + "/07360.json")
    let partial = CLIRunner.run(["council", Self.samples + "/2025", "--history", folder.path])
    #expect(partial.code == 1 && partial.err.contains("broken.json"))
  }

  @Test("a plan with no targets is invalid, not 'every target met'")
  func planWithoutTargets() throws {
    let folder = try TemporaryFolder()
    let plan = try String(
      contentsOf: TestSets.root.appendingPathComponent("Criteria/plans/tan-yen-2024.json"),
      encoding: .utf8)
    let start = try #require(plan.range(of: "\"targets\""))
    let end = try #require(plan.range(of: "]", options: .backwards))
    try folder.write(
      plan.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "\"targets\": []"),
      to: "p.json")
    let run = CLIRunner.run([
      "plan", "--plan", folder.path + "/p.json", "--evidence", Self.samples, "--lang", "en",
    ])
    #expect(run.code == 2 && run.err.contains("must hold at least one target"), "\(run.err)")
  }
}

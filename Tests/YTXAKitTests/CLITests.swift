import Foundation
import Testing

@testable import YTXACLI
@testable import YTXAFormats
@testable import YTXAKit

/// The command line: arguments, help, exit codes and the three score formats.
@Suite struct CLITests {
  static let samples = TestSets.root.appendingPathComponent("Samples/bac-giang/2025").path
  static func sample(_ code: String) -> String { "\(samples)/\(code).json" }

  @Test("an unknown option is answered with a suggestion and exit code 2")
  func unknownOption() {
    let output = CLIRunner.run(["score", "--formt", "json", Self.sample("07336"), "--lang", "en"])
    #expect(output.code == 2)
    #expect(output.err.contains("Unknown option '--formt'. Did you mean '--format'?"))
    let command = CLIRunner.run(["scroe", "--lang", "en"])
    #expect(command.code == 2)
    #expect(command.err.contains("Did you mean 'score'?"))
    let value = CLIRunner.run(["score", "--format", "jsn", Self.sample("07336"), "--lang", "en"])
    #expect(
      value.err.contains(
        "The value 'jsn' is invalid for '--format'; valid: text, json, csv, html, xlsx, evidence. Did you mean 'json'?"
      ))
  }

  @Test("--help on every command, --version, and missing arguments")
  func helpAndVersion() {
    let commands = [
      ["score"], ["check"], ["batch"], ["template"], ["roadmap"], ["plan"], ["council"],
      ["criteria", "validate"], ["criteria", "show"], ["criteria", "diff"], ["units", "show"],
      ["units", "list"], ["register", "check"], ["register", "show"], ["verify"],
    ]
    for command in commands {
      // Vietnamese by default, as every output; English with --lang en.
      let output = CLIRunner.run(command + ["--help"])
      #expect(output.code == 0)
      #expect(output.out.contains("CÁCH DÙNG: ytxa \(command.joined(separator: " "))"))
      #expect(output.out.contains("In phần hướng dẫn này."))
      #expect(!output.out.contains("OVERVIEW") && !output.out.contains("(default"), "\(command)")
      let english = CLIRunner.run(command + ["--help", "--lang", "en"])
      #expect(english.out.contains("USAGE: ytxa \(command.joined(separator: " "))"))
      #expect(!english.out.contains("mặc định"), "\(command)")
    }
    #expect(CLIRunner.run(["--help"]).out.hasPrefix("TỔNG QUAN: ytxa chấm điểm"))
    #expect(CLIRunner.run(["--help", "--lang", "en"]).out.hasPrefix("OVERVIEW: ytxa scores"))
    // A build from this checkout says so, and names the commit the checkout is at.
    let version = CLIRunner.run(["--version"]).out
    #expect(version.hasPrefix("ytxa \(YTXACommand.version) (development build from "))
    let root = TestSets.root.path
    if let commit = BuildInfo.checkoutCommit(root) {
      #expect(
        version == "ytxa \(YTXACommand.version) (development build from \(root), "
          + "checked out at commit \(commit))\n")
      #expect(commit.count == 40)
    }
    #expect(BuildInfo.checkoutCommit("/nonexistent") == nil)
    let missing = CLIRunner.run(["score", "--lang", "en"])
    #expect(missing.code == 2)
    #expect(missing.err.contains("Missing expected argument 'FILE...'"))
  }

  @Test("the argument parser: = values, --, repeated and valueless options")
  func parser() throws {
    let spec = CommandSpec(
      name: "t", summary: "", summaryVi: "", positionals: "X...", minimumPositionals: 0,
      maximumPositionals: .max,
      options: [.init("--year", value: "Y", help: "", vi: ""), .init("--quiet", help: "", vi: "")])
    let parsed = try spec.parse(["--year=2025", "a", "--quiet", "--", "--not-an-option"])
    #expect(parsed["--year"] == "2025")
    #expect(parsed.flags == ["--quiet"])
    #expect(parsed.positionals == ["a", "--not-an-option"])
    func english(_ arguments: [String]) -> String? {
      do {
        _ = try spec.parse(arguments)
        return nil
      } catch {
        return error.message.english
      }
    }
    #expect(english(["--year", "1", "--year", "2"]) == "The option '--year' is given twice.")
    #expect(english(["--year"]) == "Missing value for '--year Y'.")
    #expect(english(["--quiet=yes"]) == "The flag '--quiet' does not take a value.")
    // In Vietnamese by default, English with --lang en.
    do {
      _ = try spec.parse(["--year"])
    } catch {
      #expect(
        error.text(.vi) == "Lỗi: Thiếu giá trị cho '--year Y'.\nCách dùng: xem 'ytxa t --help'.")
      #expect(
        error.text(.en) == "Error: Missing value for '--year Y'.\nUsage: see 'ytxa t --help'.")
    }
    #expect(UsageError.language(of: ["x", "--lang", "en"]) == .en)
    #expect(UsageError.language(of: ["x", "--lang=en"]) == .en)
    #expect(UsageError.language(of: ["x"]) == .vi)
    #expect(throws: UsageError.self) { try spec.parse(["--yaer", "1"]) }
  }

  @Test("score exit codes: 0 when every commune passes, 1 when one fails")
  func exitCodes() {
    #expect(CLIRunner.run(["score", Self.sample("07336")]).code == 0)  // passes
    #expect(CLIRunner.run(["score", Self.sample("07612")]).code == 1)  // knock-out
    #expect(CLIRunner.run(["score", Self.sample("07336"), Self.sample("07612")]).code == 1)
  }

  @Test("JSON: one object for one file, an array for several; the spec's fields")
  func json() throws {
    let one = CLIRunner.run(["score", "--format", "json", Self.sample("07360")])
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(one.out.utf8)) as? [String: Any])
    // Ngọc Thiện: 27 declared n/a (2 points) and 31 zero denominator (3 points): max 100 − 5 = 95.
    #expect(object["max"] as? Int == 95)
    #expect(object["total"] as? Int == 94)  // 99 of the strong commune minus nothing but the n/a
    #expect(object["passed"] as? Bool == true)
    #expect(object["criteriaSet"] as? String == "qd-1300-2023")
    #expect(object["unverifiedIndicators"] as? Int == 47)
    let indicators = try #require(object["indicators"] as? [[String: Any]])
    #expect(indicators.count == 47)
    let hiv = try #require(indicators.first { $0["id"] as? String == "27" })
    #expect(hiv["status"] as? String == "notApplicable")
    #expect(hiv["max"] as? Int == 2)
    let several = CLIRunner.run([
      "score", "--format", "json", Self.sample("07360"), Self.sample("07612"),
    ])
    let array = try #require(
      try JSONSerialization.jsonObject(with: Data(several.out.utf8)) as? [[String: Any]])
    #expect(array.count == 2)
    let reasons = try #require(array[1]["reasons"] as? [[String: String]])
    #expect(reasons == [["kind": "knockout", "id": "7"]])
  }

  @Test("CSV: a BOM, a header, one quoted row per indicator")
  func csv() {
    let output = CLIRunner.run(["score", "--format", "csv", Self.sample("07336")])
    #expect(output.out.hasPrefix("\u{FEFF}\"Tệp\",\"Năm\""))
    let rows = output.out.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    #expect(rows.count == 49)  // labels, keys, 47 indicators
    #expect(rows[1].hasPrefix("\"file\",\"year\""))
    #expect(rows[4].contains("\"3\",\"Tỷ lệ dân số tham gia bảo hiểm y tế\",\"\",\"đã chấm\""))
    // Unverified indicators, then the set with its legal basis, the criteria file and its
    // SHA-256 (checked against sha256sum in the SHA-256 tests).
    #expect(
      rows[2].hasSuffix(
        "\"đạt\",\"47\",\"qd-1300-2023 (1300/QĐ-BYT, 1453/QĐ-BYT)\","
          + "\"Criteria/qd-1300-2023.json\",\"\(TestSets.bundledSHA256)\""))
    // The machine layout: the keys alone, statuses and verdicts as keys.
    let keys = CLIRunner.run([
      "score", "--format", "csv", "--headers", "keys", Self.sample("07336"),
    ]).out.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    #expect(keys.count == 48 && keys[0].hasPrefix("\u{FEFF}\"file\",\"year\""))
    #expect(keys[3].contains("\"3\",\"Tỷ lệ dân số tham gia bảo hiểm y tế\",\"0\",\"scored\""))
  }

  @Test("a rejected file is reported on stderr, the others are still scored, exit 1")
  func rejectedFileInScore() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ytxa-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let bad = folder.appendingPathComponent("bad.json")
    let text = try String(contentsOfFile: Self.sample("07336"), encoding: .utf8)
      .replacing(#""7": "co_huu""#, with: #""7": "co_hu""#)
    try text.write(to: bad, atomically: true, encoding: .utf8)
    let output = CLIRunner.run(["score", bad.path, Self.sample("07336"), "--lang", "en"])
    #expect(output.code == 1)
    #expect(
      output.err.contains(
        "bad.json: Xã Cao Xá (07336): indicator 7, field evidence.7: unknown choice \"co_hu\" (did you mean \"co_huu\"?)"
      ))
    #expect(output.out.contains("Summary: 2 files · 1 pass · 0 fail · 1 rejected"))
    // Vietnamese by default: the same diagnostic, field by field.
    let vietnamese = CLIRunner.run(["score", bad.path, Self.sample("07336")])
    #expect(
      vietnamese.err.contains(
        "bad.json: Xã Cao Xá (07336): chỉ tiêu 7, trường evidence.7: lựa chọn \"co_hu\" không có (có phải \"co_huu\"?)"
      ))
    #expect(vietnamese.out.contains("Tổng hợp: 2 tệp · 1 đạt · 0 chưa đạt · 1 bị từ chối"))
  }

  @Test("criteria validate: exit 0 for the bundled set, 2 with every problem listed")
  func criteriaValidate() throws {
    let good = CLIRunner.run(["criteria", "validate"])
    #expect(good.code == 0)
    #expect(good.out.contains("47/47 chỉ tiêu chưa đối chiếu"))
    let english = CLIRunner.run(["criteria", "validate", "--lang", "en"])
    #expect(english.out.contains("47 of 47 indicators unverified"))
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ytxa-crit-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let broken = folder.appendingPathComponent("broken.json")
    try TestSets.setJSON(
      [[TestSets.yesNo("2"), TestSets.yesNo("3")]], total: "100", criterionPoints: ["6"]
    )
    .write(to: broken, atomically: true, encoding: .utf8)
    let bad = CLIRunner.run(["criteria", "validate", broken.path, "--lang", "en"])
    #expect(bad.code == 2)
    #expect(bad.err.contains("2 problems in this file"))
    #expect(bad.err.contains("at criteria[0].points: criterion 1 declares 6 points"))
    #expect(bad.err.contains("at totalPoints: declared 100"))
  }

  @Test("criteria show lists every indicator with knock-outs and provenance")
  func criteriaShow() {
    let output = CLIRunner.run(["criteria", "show"])
    #expect(output.code == 0)
    #expect(output.out.contains("[choice, điểm liệt, reconstructed]"))
    #expect(output.out.contains("TDMNPB: ≤ 24% → 2"))
    #expect(output.out.contains("DBSH: ≤ 16,5% → 2"))
    let english = CLIRunner.run(["criteria", "show", "--lang", "en"])
    #expect(english.out.contains("[choice, knock-out, reconstructed]"))
  }

  @Test(
    "score --format evidence writes each assessment back as an evidence file that scores the same")
  func evidenceWrittenBack() throws {
    let folder = try TemporaryFolder()
    // A JSON sample and a table's row (a template filled in a spreadsheet).
    // (The workbook's communes are invented: units off.)
    for (source, units) in [
      (TestSets.root.path + "/Samples/bac-giang/2025/07336.json", [String]()),
      (
        TestSets.root.path + "/Tests/YTXAKitTests/Fixtures/xlsx/template-filled.xlsx",
        ["--units", "off"]
      ),
    ] {
      let written = CLIRunner.run(["score", source, "--format", "evidence"] + units)
      #expect(written.code == 0, "\(written.err)")
      // A workbook of several rows gives an array: its first commune's file.
      let files = try JSONSerialization.jsonObject(with: Data(written.out.utf8))
      let first = try #require((files as? [Any])?.first ?? files)
      try folder.write(
        String(decoding: try JSONSerialization.data(withJSONObject: first), as: UTF8.self),
        to: "again.json")
      // The same result, but for where it was read from.
      func scored(_ path: String) throws -> String {
        let json = CLIRunner.run(["score", path, "--format", "json", "--lang", "en"] + units).out
        // A workbook of several rows: its first commune.
        let read = try JSONSerialization.jsonObject(with: Data(json.utf8))
        var object = try #require((read as? [[String: Any]])?.first ?? read as? [String: Any])
        object["file"] = nil
        return String(
          decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]),
          as: UTF8.self)
      }
      let before = try scored(source)
      #expect(before.contains("\"total\""))
      #expect(before == (try scored(folder.path + "/again.json")), "\(source)")
    }
    // Several inputs: an array, one object each; one unreadable input said, exit 1.
    try folder.write("{}", to: "broken.json")
    let several = CLIRunner.run(
      [
        "score", TestSets.root.path + "/Samples/bac-giang/2025-12", folder.path + "/broken.json",
        "--format", "evidence", "--lang", "en",
      ])
    let items = try #require(
      try JSONSerialization.jsonObject(with: Data(several.out.utf8)) as? [[String: Any]])
    #expect(items.count == 4 && several.code == 1 && several.err.contains("broken.json"))
  }
}

import Foundation
import Testing

@testable import YTXAFormats
@testable import YTXAKit

/// `batch --compare-criteria` and `verify`: verdicts that flip for each kind of correction, with
/// the lines of compare.jsonl worked out by hand; a run that verifies, and one byte changed in
/// an input, an output or the criteria file, each named.
@Suite("audit trail") struct AuditTrailTests {
  /// Criterion 1: indicator 1 (ratio, 3 points: ≥ 90 % → 3, ≥ 80 % → 2), indicator 2 (yes/no,
  /// 2). Criterion 2: indicator 3 (yes/no, 2), indicator 4 (yes/no, 3). 10 points; a commune
  /// passes with 8 (80 %) and half of each criterion.
  static func set(
    top: String = "90", knockout3: Bool = false, points3: String = "2", points4: String = "3",
    totalPercent: String = "80"
  ) -> String {
    TestSets.setJSON([
      [
        TestSets.ratio(
          "3",
          bands: #""bands": [{"threshold": \#(top), "points": 3}, {"threshold": 80, "points": 2}]"#),
        TestSets.yesNo("2"),
      ],
      [TestSets.yesNo(points3, knockout: knockout3), TestSets.yesNo(points4)],
    ]).replacingOccurrences(of: #""totalPercent": 80"#, with: #""totalPercent": \#(totalPercent)"#)
  }

  /// Five communes: A (86 %, yes, no, yes) 7 points; B (95 %, yes, no, yes) 8; C (95 %, yes,
  /// yes, no) 7; D the same as C; E everything, 10.
  static let communes: [(code: String, evidence: String)] = [
    ("90001", #""1": {"numerator": 86, "denominator": 100}, "2": true, "3": false, "4": true"#),
    ("90002", #""1": {"numerator": 95, "denominator": 100}, "2": true, "3": false, "4": true"#),
    ("90003", #""1": {"numerator": 95, "denominator": 100}, "2": true, "3": true, "4": false"#),
    ("90004", #""1": {"numerator": 95, "denominator": 100}, "2": true, "3": true, "4": false"#),
    ("90005", #""1": {"numerator": 95, "denominator": 100}, "2": true, "3": true, "4": true"#),
  ]

  /// Runs the five communes under `set()` compared with `other`; the compare.jsonl lines as
  /// (code, passedBefore, passedAfter, totalBefore, totalAfter, indicators, reasonsAfter).
  static func compare(with other: String) throws -> (lines: [String], summary: JSONValue?) {
    let folder = try TemporaryFolder()
    try folder.write(set(), to: "set.json")
    try folder.write(other, to: "other.json")
    for commune in communes {
      try folder.write(
        TestSets.evidenceJSON(commune.evidence).replacingOccurrences(
          of: "\"07336\"", with: "\"\(commune.code)\""), to: "in/\(commune.code).json")
    }
    let run = CLIRunner.run([
      "batch", folder.path + "/in", "--out", folder.path + "/out", "--units", "off",
      "--criteria", folder.path + "/set.json", "--compare-criteria", folder.path + "/other.json",
    ])
    #expect(run.code == 1, "\(run.err)")
    let text = try folder.read("out/compare.jsonl")
    let lines = text.split(separator: "\n").map { line -> String in
      guard case .object(let object)? = try? JSONParser.parse(Array(line.utf8)) else { return "?" }
      let code = object["commune"]?.objectValue?["code"]?.stringValue ?? ""
      func show(_ key: String) -> String { JSONOutput(object[key] ?? .null).compact() }
      return [
        code, show("passedBefore"), show("passedAfter"), show("totalBefore"), show("totalAfter"),
        show("indicators"), show("reasonsAfter"),
      ].joined(separator: " ")
    }
    let summary = try JSONParser.parse(Array(try folder.read("out/summary.json").utf8))
    // summary.csv carries the same counts, in its province row.
    let rows = try folder.read("out/summary.csv").components(separatedBy: "\r\n").map {
      $0.trimmingCharacters(in: CharacterSet(charactersIn: "\u{FEFF}\"")).components(
        separatedBy: "\",\"")
    }
    let keys = rows[1]
    let province = rows[2]
    let counts = summary.objectValue?["comparison"]?.objectValue?["province"]?.objectValue
    for (key, column) in [
      ("passedAfter", "passed_compared"), ("gained", "gained"), ("lost", "lost"),
    ] {
      let index = try #require(keys.firstIndex(of: column))
      #expect(counts?[key] == .number(province[index]), "\(column)")
    }
    return (lines, summary.objectValue?["comparison"]?.objectValue?["province"])
  }

  @Test("a threshold lowered: A's 86 % earns 3 instead of 2, 7 → 8, and passes")
  func threshold() throws {
    let result = try Self.compare(with: Self.set(top: "85"))
    #expect(result.lines == [#"90001 false true 7 8 ["1"] []"#])
    #expect(
      result.summary.map { JSONOutput($0).compact() }
        == #"{"changed":1,"communes":5,"gained":1,"lost":0,"notScoredAfter":0,"passedAfter":3,"passedBefore":2}"#
    )
  }

  @Test("indicator 3 made a knock-out: B (8 points, 'no' on 3) fails; A already failed, total same")
  func knockout() throws {
    let result = try Self.compare(with: Self.set(knockout3: true))
    #expect(result.lines == [#"90002 true false 8 8 ["3"] [{"id":"3","kind":"knockout"}]"#])
  }

  /// A and B ('no' on 3, 'yes' on 4) fall to 2 of criterion 2's 5 points, under half; C and D
  /// ('yes' on 3, 'no' on 4) rise to 3 of 5 and 8 in all.
  @Test("a point moved from indicator 4 to 3 in one criterion: A 7 → 6, B 8 → 7, C and D 7 → 8")
  func pointsMoved() throws {
    let result = try Self.compare(with: Self.set(points3: "3", points4: "2"))
    #expect(
      result.lines == [
        #"90001 false false 7 6 ["4"] [{"kind":"total"},{"id":"2","kind":"criterion"}]"#,
        #"90002 true false 8 7 ["4"] [{"kind":"total"},{"id":"2","kind":"criterion"}]"#,
        #"90003 false true 7 8 ["3"] []"#,
        #"90004 false true 7 8 ["3"] []"#,
      ])
  }

  /// A, C and D have 7 points; C and D also have only 2 of criterion 2's 5 points, so they
  /// still fail on that criterion and their verdict does not change.
  @Test("the pass rule lowered to 70 %: A (7 points) passes; C and D still fail criterion 2")
  func passRule() throws {
    let result = try Self.compare(with: Self.set(totalPercent: "70"))
    #expect(result.lines == [#"90001 false true 7 7 [] []"#])
    #expect(
      result.summary.map { JSONOutput($0).compact() }
        == #"{"changed":1,"communes":5,"gained":1,"lost":0,"notScoredAfter":0,"passedAfter":3,"passedBefore":2}"#
    )
  }

  @Test("evidence the other set cannot read: every commune listed, passing ones counted as lost")
  func notScorable() throws {
    // Indicator 2 becomes a count: "2": true is no longer valid evidence.
    let other = Self.set().replacingOccurrences(
      of: #""points": 2, "kind": "yesNo", "knockout": false"#,
      with:
        #""points": 2, "kind": "count", "unit": "u", "direction": "higherIsBetter", "bands": [{"threshold": 1, "points": 2}], "knockout": false"#
    )
    #expect(other != Self.set())
    let result = try Self.compare(with: other)
    #expect(result.lines.count == 5)
    #expect(result.lines.first == #"90001 false null 7 null [] null"#)
    #expect(
      result.summary.map { JSONOutput($0).compact() }
        == #"{"changed":5,"communes":5,"gained":0,"lost":2,"notScoredAfter":5,"passedAfter":0,"passedBefore":2}"#
    )
  }

  @Test("the same set again: compare.jsonl is empty and nothing is gained or lost")
  func identical() throws {
    let result = try Self.compare(with: Self.set())
    #expect(result.lines.isEmpty)
  }

  // MARK: verify

  /// A run over three sample files with a criteria file of its own.
  static func verifiedRun() throws -> TemporaryFolder {
    let folder = try TemporaryFolder()
    try folder.write(
      try String(contentsOf: TestSets.bundledSetURL, encoding: .utf8), to: "criteria.json")
    for code in ["07336", "07645", "07441"] {
      try folder.write(
        try String(
          contentsOf: TestSets.root.appendingPathComponent("Samples/bac-giang/2025/\(code).json"),
          encoding: .utf8), to: "in/\(code).json")
    }
    let run = CLIRunner.run([
      "batch", folder.path + "/in", "--out", folder.path + "/out", "--criteria",
      folder.path + "/criteria.json", "--lang", "en",
    ])
    #expect((0...1).contains(run.code), "\(run.err)")
    return folder
  }

  /// Changes one byte of a file (the first digit after `"year": 202` is left alone: the
  /// byte changed is a space turned into a tab, so the file stays valid JSON).
  static func touch(_ path: String) throws {
    var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    let space = try #require(bytes.lastIndex(of: UInt8(ascii: " ")))
    bytes[space] = UInt8(ascii: "\t")
    try Data(bytes).write(to: URL(fileURLWithPath: path))
  }

  @Test("verify: a clean run matches; the manifest names its files and their digests")
  func cleanRun() throws {
    let folder = try Self.verifiedRun()
    let manifest = try RunManifest(contentsOf: folder.path + "/out/manifest.json")
    #expect(manifest.arguments.first == "batch")
    #expect(
      manifest.inputs.map(\.path).sorted()
        == ["07336", "07441", "07645"].map {
          folder.path + "/in/\($0).json"
        })
    #expect(
      manifest.inputs.first?.sha256
        == TestSets.systemSHA256(folder.path + "/in/07336.json"))
    #expect(manifest.criteria.map(\.sha256) == [TestSets.bundledSHA256])
    #expect(
      manifest.outputs.map(\.path) == [
        "errors.jsonl", "report.html", "results.jsonl", "summary.csv", "summary.json",
        "summary.xlsx",
      ])
    for output in manifest.outputs {
      #expect(output.sha256 == TestSets.systemSHA256(folder.path + "/out/" + output.path))
    }
    let verify = CLIRunner.run(["verify", folder.path + "/out", "--lang", "en"])
    #expect(verify.code == 0, "\(verify.out)")
    #expect(verify.out.contains("RESULT: MATCHES"))
    let json = CLIRunner.run(["verify", folder.path + "/out", "--format", "json"])
    let object = try JSONParser.parse(Array(json.out.utf8)).objectValue
    #expect(json.code == 0)
    #expect(object?["matches"] == .bool(true))
    #expect(object?["differences"] == .array([]))
  }

  @Test("verify: one byte of an input, of an output, of the criteria file: each is named")
  func changedBytes() throws {
    let input = try Self.verifiedRun()
    try Self.touch(input.path + "/in/07645.json")
    let one = CLIRunner.run(["verify", input.path + "/out", "--lang", "en"])
    #expect(one.code == 1)
    #expect(one.out.contains(input.path + "/in/07645.json: input changed"), "\(one.out)")
    let json = CLIRunner.run(["verify", input.path + "/out", "--format", "json", "--lang", "en"])
    guard
      case .array(let differences)? = try JSONParser.parse(Array(json.out.utf8))
        .objectValue?["differences"]
    else {
      Issue.record("no differences in \(json.out)")
      return
    }
    #expect(differences.count == 1)
    #expect(differences.first?.objectValue?["file"] == .string(input.path + "/in/07645.json"))

    let output = try Self.verifiedRun()
    try Self.touch(output.path + "/out/report.html")
    let two = CLIRunner.run(["verify", output.path + "/out", "--lang", "en"])
    #expect(two.code == 1)
    #expect(two.out.contains("/out/report.html: output changed since the run"), "\(two.out)")

    let criteria = try Self.verifiedRun()
    try Self.touch(criteria.path + "/criteria.json")
    let three = CLIRunner.run(["verify", criteria.path + "/out", "--lang", "en"])
    #expect(three.code == 1)
    #expect(
      three.out.contains(criteria.path + "/criteria.json: Criteria set qd-1300-2023 changed"),
      "\(three.out)")
    #expect(three.out.contains("Not re-scored"))
  }

  @Test("verify: a missing or malformed manifest is exit 2")
  func badManifest() throws {
    let folder = try Self.verifiedRun()
    try folder.write("{\"manifestVersion\": 1}", to: "out/manifest.json")
    let malformed = CLIRunner.run(["verify", folder.path + "/out", "--lang", "en"])
    #expect(malformed.code == 2)
    #expect(malformed.err.contains("command: missing or not an object"), "\(malformed.err)")
    try FileManager.default.removeItem(atPath: folder.path + "/out/manifest.json")
    #expect(CLIRunner.run(["verify", folder.path + "/out"]).code == 2)
  }
}

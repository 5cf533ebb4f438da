import Foundation
import Testing

@testable import YTXACLI
@testable import YTXAFormats
@testable import YTXAKit

/// The second hostile battery (issue 27), class by class: inputs made to exhaust memory, to make
/// `verify` vouch for what it did not check, or to get a wrong answer without a word. (Traps,
/// damaged cells and quadratic lookups are in `StreamingReadersTests`, `XLSXWorkbookTests` and
/// `ZipArchiveTests`; escaping in `EscapingTests`; messages in `DiagnosisTests`; the whole
/// battery, with time and memory watched, is `.ci/hostile.py`.)
@Suite("hardening II", .serialized)
struct HardeningIITests {
  static let keys = [
    "year", "assessed_on", "criteria_set", "commune_code", "commune_name", "commune_type", "zone",
    "region", "district_code", "district_name", "province_code", "province_name", "1",
  ]

  /// A table of `count` rows, each refused (vùng 7).
  static func badTable(_ folder: TemporaryFolder, count: Int) throws -> String {
    let path = folder.path + "/bad.csv"
    let row = "2025,,qd-1300-2023,07228,Đa Mai,phuong,7,TDMNPB,,,24,Bắc Ninh,x\n"
    try (keys.joined(separator: ",") + "\n" + String(repeating: row, count: count))
      .write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  // MARK: 2 — memory in proportion to the input

  @Test(
    "2: of a table's rejected rows the first 1,000 are listed (stderr, errors.jsonl), the rest counted exactly"
  )
  func rejectedRowsCapped() throws {
    let folder = try TemporaryFolder()
    let table = try Self.badTable(folder, count: RejectedRows.listed + 50)
    for command in [["check"], ["score"], ["council", "--round", "2025-12"]] {
      let run = CLIRunner.run(command + [table])
      let listed = run.err.components(separatedBy: "bad.csv:").count - 1
      #expect(listed == RejectedRows.listed + 1, "\(command[0]): \(listed) lines name the table")
      #expect(
        run.err.contains("… và 50 dòng khác bị từ chối, không liệt kê từng dòng"), "\(command[0])")
    }
    let out = folder.path + "/out"
    let batch = CLIRunner.run(["batch", table, "--out", out])
    #expect(batch.code == 1)
    #expect(batch.err.contains("… và 50 dòng khác bị từ chối"))
    let lines = try String(contentsOfFile: out + "/errors.jsonl", encoding: .utf8)
      .split(separator: "\n")
    #expect(lines.count == RejectedRows.listed + 1)
    #expect(lines.last?.contains("\"notListed\":50") == true)
    let summary = try String(contentsOfFile: out + "/summary.json", encoding: .utf8)
    #expect(summary.contains("\"rejected\": \(RejectedRows.listed + 50)"))
  }

  @Test("2: a table held whole (check, score, council, plan) is packed: its rows read back exactly")
  func packedRows() throws {
    let folder = try TemporaryFolder()
    let path = folder.path + "/t.csv"
    var text = Self.keys.joined(separator: ",") + "\n"
    for row in 0..<300 {
      text +=
        "2025,,qd-1300-2023,07\(228 + row),\"Tên, \(row) ạ\",phuong,1,TDMNPB,,,24,Bắc Ninh,"
        + (row % 3 == 0 ? "" : "x") + "\n"
    }
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let (sources, _, errors, unfilled) = expandEvidencePaths([path], criteria: nil)
    #expect(errors.isEmpty)
    #expect(sources.count == 200)
    #expect(unfilled.count == 100)
    let drained = try #require(
      try BatchCSV.openTable(path: path, criteria: nil)?.get().drain().get())
    #expect(Array(sources) == drained)
  }

  // MARK: 6 — verify says "matches" only for what it re-checked

  static let samples = TestSets.root.path + "/Samples/bac-giang/2025"

  /// A batch run of the samples into `folder/run`, its manifest edited by `edit`.
  static func editedRun(
    _ folder: TemporaryFolder, arguments: [String] = [], edit: (inout [String: Any]) -> Void
  ) throws -> String {
    let out = folder.path + "/run"
    let run = CLIRunner.run(["batch", Self.samples, "--out", out] + arguments)
    #expect(run.code <= 1, "\(run.err)")
    let url = URL(fileURLWithPath: out + "/manifest.json")
    var manifest = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    edit(&manifest)
    try JSONSerialization.data(withJSONObject: manifest).write(to: url)
    return out
  }

  @Test("6: a criteria list edited apart from the command is not vouched for")
  func criteriaListEdited() throws {
    let folder = try TemporaryFolder()
    let lenient = folder.path + "/lenient.json"
    try FileManager.default.copyItem(
      atPath: TestSets.root.path + "/Criteria/qd-1300-2023.json", toPath: lenient)
    let bundled = try #require(
      try BundledFiles().criteriaSet(id: "qd-1300-2023").source?.sha256)
    let out = try Self.editedRun(folder, arguments: ["--criteria", lenient]) { manifest in
      manifest["criteria"] = [
        [
          "role": "scoring", "id": "qd-1300-2023", "legalBasis": ["1300/QĐ-BYT", "1453/QĐ-BYT"],
          "file": "Criteria/qd-1300-2023.json", "bundled": true, "sha256": bundled,
        ]
      ]
    }
    let verify = CLIRunner.run(["verify", out, "--lang", "en"])
    #expect(verify.code == 1)
    #expect(verify.out.contains("are not those the run's command uses"), "\(verify.out)")
    #expect(!verify.out.contains("RESULT: MATCHES"))
  }

  @Test("6: outputs are read only by plain name inside the run folder, and only to their size")
  func outputsInsideTheFolder() throws {
    let folder = try TemporaryFolder()
    try "secret".write(toFile: folder.path + "/secret.txt", atomically: true, encoding: .utf8)
    let out = try Self.editedRun(folder) { manifest in
      var outputs = manifest["outputs"] as? [[String: Any]] ?? []
      outputs[0]["path"] = "../secret.txt"
      manifest["outputs"] = outputs
    }
    let verify = CLIRunner.run(["verify", out, "--lang", "en"])
    #expect(verify.code == 1)
    #expect(verify.out.contains("is not a file name in the run folder; not read"))
    // An output grown since the run is not read past the size recorded.
    let other = try TemporaryFolder()
    let grown = try Self.editedRun(other) { _ in }
    let handle = try #require(FileHandle(forWritingAtPath: grown + "/report.html"))
    handle.seekToEndOfFile()
    handle.write(Data(repeating: 0x20, count: 1 << 20))
    try handle.close()
    let again = CLIRunner.run(["verify", grown, "--lang", "en"])
    #expect(again.code == 1)
    #expect(again.out.contains("bytes long; the manifest records"), "\(again.out)")
  }

  @Test("6: verify --lang en says why the run could not be repeated in English")
  func rerunErrorsInTheLanguageAsked() throws {
    let folder = try TemporaryFolder()
    let evidence = folder.path + "/evidence"
    try FileManager.default.createDirectory(atPath: evidence, withIntermediateDirectories: false)
    try FileManager.default.copyItem(
      atPath: Self.samples + "/07213.json", toPath: evidence + "/07213.json")
    let out = folder.path + "/run"
    #expect(CLIRunner.run(["batch", evidence, "--out", out]).code <= 1)
    try FileManager.default.removeItem(atPath: evidence + "/07213.json")
    let verify = CLIRunner.run(["verify", out, "--lang", "en"])
    #expect(verify.code == 1)
    #expect(verify.out.contains("could not be re-scored: Error: no evidence"), "\(verify.out)")
  }
}

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
}

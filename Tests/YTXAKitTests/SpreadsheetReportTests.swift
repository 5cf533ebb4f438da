import Foundation
import Testing

@testable import YTXAFormats
@testable import YTXAKit

/// `score`, `check` and `roadmap --format xlsx`: workbooks holding what the CSV holds, read
/// back by ytxa's reader (CI reads them with openpyxl too, `.ci/check_xlsx.py`).
@Suite("spreadsheet reports") struct SpreadsheetReportTests {
  static let samples = TestSets.root.appendingPathComponent("Samples/bac-giang").path

  /// A sheet's rows as CSV would write them, every cell as text.
  static func texts(_ rows: [XLSXWorkbook.Row]) -> [[String]] {
    rows.map { row in (0...(row.cells.keys.max() ?? 0)).map { row.cells[$0] ?? "" } }
  }

  /// CSV text as rows of fields.
  static func records(_ csv: String) throws -> [[String]] {
    let body = csv.hasPrefix("\u{FEFF}") ? String(csv.dropFirst()) : csv
    return try CSVReader(separator: UInt8(ascii: ",")).records(Array(body.utf8)).map {
      var fields = $0.fields
      while fields.last == "" { fields.removeLast() }
      return fields
    }
  }

  @Test("score --format xlsx holds the rows of score --format csv, in both header layouts")
  func score() throws {
    for headers in ["both", "keys"] {
      let arguments = ["score", Self.samples + "/2025", "--headers", headers]
      let book = try XLSXWorkbook(CLIRunner.runBinary(arguments + ["--format", "xlsx"]).out)
      #expect(book.sheets.map(\.name) == ["qd-1300-2023"])
      let csv = CLIRunner.run(arguments + ["--format", "csv"]).out
      #expect(Self.texts(try book.rows()) == (try Self.records(csv)), "--headers \(headers)")
    }
  }

  @Test("check --format xlsx: the district sheet closest first, then a sheet per commune")
  func check() throws {
    let run = CLIRunner.runBinary([
      "check", Self.samples + "/2025", "--format", "xlsx", "--lang", "en",
    ])
    #expect(run.code == 1, "two samples fail on purpose")
    let book = try XLSXWorkbook(run.out)
    #expect(book.sheets.count == 13)
    #expect(book.sheets[0].name == "Pre-check" && book.sheets[2].name == "07336 Xã Cao Xá")
    let district = try book.rows()
    #expect(district[0].cells[6] == "Verdict" && district[1].cells[6] == "verdict")
    // The order of the text district view: passing first, then the smallest plans.
    let text = CLIRunner.run(["check", Self.samples + "/2025", "--lang", "en"]).out
    let codes: [String] = text.split(separator: "\n").compactMap { line in
      let code = String(line.prefix(5))
      return code.count == 5 && code.allSatisfy(\.isNumber) ? code : nil
    }
    #expect(district.dropFirst(2).map { $0.cells[1] ?? "" } == codes)
    let dinhTri = try #require(district.first { $0.cells[1] == "07441" })
    #expect(dinhTri.cells[6] == "fail" && dinhTri.cells[11] == "2" && dinhTri.cells[12] == "46, 47")
    // A commune's sheet: its 47 indicators, then its plan.
    let detail = try book.rows(ofSheet: "07441 Phường Dĩnh Trì")
    #expect(detail[1].cells[0] == "criterion" && detail.count > 49)
    #expect(
      detail.contains { $0.cells[0]?.hasPrefix("Minimal plan: improve 2 indicators") == true })
  }

  @Test("roadmap --format xlsx: the province, a sheet per district, then every row")
  func roadmap() throws {
    let arguments = ["roadmap", "--evidence", Self.samples]
    let book = try XLSXWorkbook(CLIRunner.runBinary(arguments + ["--format", "xlsx"]).out)
    #expect(book.sheets.count == 12)
    #expect(book.sheets.first?.name == "Toàn tỉnh" && book.sheets.last?.name == "Tất cả")
    #expect(book.sheets.contains { $0.name == "Huyện Tân Yên" })
    let csv = try Self.records(CLIRunner.run(arguments + ["--format", "csv"]).out)
    #expect(Self.texts(try book.rows(ofSheet: "Tất cả")) == csv)
    let province = try book.rows()
    #expect(province.dropFirst(2).allSatisfy { $0.cells[1] == "tỉnh" })
    let tanYen = try book.rows(ofSheet: "Huyện Tân Yên")
    #expect(tanYen.dropFirst(2).allSatisfy { $0.cells[2] == "216" } && tanYen.count == 10)
    let words = ["chậm", "đạt", "vượt", "dự kiến nếu không công nhận thêm"]
    #expect(tanYen.dropFirst(2).allSatisfy { words.contains($0.cells[10] ?? "") })
    #expect(tanYen.last?.cells[10] == "dự kiến nếu không công nhận thêm", "2030 is projected")
  }

  @Test("score and check refuse to write a workbook to a terminal")
  func terminal() {
    for command in ["score", "check"] {
      let run = CLIRunner.runBinary(
        [command, Self.samples + "/2025", "--format", "xlsx", "--lang", "en"],
        outputIsTerminal: true)
      #expect(run.code == 2 && run.out.isEmpty && run.err.contains("> file.xlsx"), "\(command)")
    }
  }
}

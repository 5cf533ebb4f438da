import Foundation
import Testing

@testable import YTXAFormats
@testable import YTXAKit

/// The evidence template as a spreadsheet (`ytxa template --format xlsx`) and as CSV with its
/// labels row, read back by ytxa; and the template filled and saved by LibreOffice Calc
/// (`Fixtures/xlsx/make_fixtures.py`), scored as the JSON files it was filled from.
@Suite("spreadsheet templates") struct SpreadsheetTemplateTests {
  static let fixtures = TestSets.root.appendingPathComponent("Tests/YTXAKitTests/Fixtures/xlsx")

  /// Each commune's code, verdict, total and maximum in `ytxa check --format json`.
  static func verdicts(_ arguments: [String]) throws -> [String] {
    let run = CLIRunner.run(["check"] + arguments + ["--format", "json", "--lang", "en"])
    guard case .array(let communes) = try JSONParser.parse(Array(run.out.utf8)) else {
      return []
    }
    return communes.map { item in
      let result = item.objectValue ?? JSONObject()
      let commune = result["commune"]?.objectValue?["code"]?.stringValue ?? ""
      return [
        commune, result["passed"].map { "\($0)" } ?? "", result["total"].map { "\($0)" } ?? "",
        result["max"].map { "\($0)" } ?? "",
      ].joined(separator: " ")
    }.sorted()
  }

  @Test("the .xlsx template: labels, keys, registry rows as text, lists, prompts, a guide sheet")
  func workbookTemplate() throws {
    let run = CLIRunner.runBinary([
      "template", "--format", "xlsx", "--province", "24", "--on", "2025-06-30",
    ])
    #expect(run.code == 0, "\(run.err)")
    let book = try XLSXWorkbook(run.out)
    #expect(book.sheets.map(\.name) == ["Minh chứng", "Hướng dẫn"])
    let rows = try book.rows()
    #expect(rows[0].cells[3] == "Mã xã (5 chữ số)")
    #expect(rows[1].cells[3] == "commune_code" && rows[1].cells[12] == "1")
    #expect(rows[0].cells[12]?.hasPrefix("1. ") == true)
    // Bắc Giang before 1 July 2025: its communes, codes with their zeros, district filled.
    #expect(rows.count > 150)
    #expect(rows[2].cells[3]?.count == 5 && rows[2].cells[3]?.hasPrefix("07") == true)
    #expect(rows[2].cells[0] == "2025" && rows[2].cells[1] == "2025-06-30")
    #expect(rows[2].cells[6] == nil && rows[2].cells[8]?.count == 3)
    let guide = try book.rows(ofSheet: "Hướng dẫn")
    #expect(guide.contains { $0.cells[0] == "3_num" && $0.cells[2]?.hasPrefix("Tử số") == true })
    // The parts a spreadsheet uses to keep codes and offer lists.
    let archive = try ZipArchive(run.out)
    let sheet = String(
      decoding: try archive.data(
        try #require(archive.entry("xl/worksheets/sheet1.xml")), limit: 1 << 24),
      as: UTF8.self)
    #expect(sheet.contains("<formula1>\"xa,phuong,thi_tran,dac_khu\"</formula1>"))
    #expect(sheet.contains("<formula1>\"có,không\"</formula1>"))
    #expect(sheet.contains("state=\"frozen\"") && sheet.contains("xSplit=\"5\""))
    #expect(sheet.contains("style=\"4\""), "code columns formatted as text")
    // English labels with --lang en; the keys row is the same.
    let english = try XLSXWorkbook(
      CLIRunner.runBinary(["template", "--format", "xlsx", "--lang", "en"]).out)
    #expect(english.sheets.map(\.name) == ["Evidence", "Guide"])
    let englishRows = try english.rows()
    #expect(englishRows[0].cells[3] == "Commune code (5 digits)")
    #expect(englishRows[1].cells == rows[1].cells)
    // The same command, the same bytes.
    #expect(
      CLIRunner.runBinary(["template", "--format", "xlsx"]).out
        == CLIRunner.runBinary(["template", "--format", "xlsx"]).out)
  }

  @Test("a binary format is not written to a terminal")
  func terminalRefused() {
    let run = CLIRunner.runBinary(
      ["template", "--format", "xlsx", "--lang", "en"], outputIsTerminal: true)
    #expect(run.code == 2 && run.out.isEmpty)
    #expect(run.err.contains("redirect it: ... --format xlsx > file.xlsx"))
  }

  @Test("the CSV template: a labels row, the keys row, rows numbered as a spreadsheet shows them")
  func csvTemplate() throws {
    let run = CLIRunner.run(["template", "--province", "24", "--on", "2025-06-30"])
    let lines = run.out.split(separator: "\r\n")
    #expect(lines[0].contains("\"Mã xã (5 chữ số)\"") && lines[1].contains("\"commune_code\""))
    let keysOnly = CLIRunner.run(["template", "--headers", "keys"]).out
    #expect(keysOnly.dropFirst().hasPrefix("\"year\",\"assessed_on\""))
    // Read back as sent: every row untouched, so none is scored and none is an error.
    let folder = try TemporaryFolder()
    try folder.write(run.out, to: "bg.csv")
    let untouched = CLIRunner.run(["check", folder.path + "/bg.csv", "--lang", "en"])
    #expect(untouched.code == 2)
    #expect(untouched.err.contains("no row is filled in: 192 rows"), "\(untouched.err)")
    // The first unit (row 3) with one document named: read, its vùng still to fill (its region
    // is prefilled from the province), said by the cell and the column's title.
    var rows = run.out.components(separatedBy: "\r\n")
    rows[2] = String(rows[2].dropLast(2)) + "\"biên bản\""
    try folder.write(rows.joined(separator: "\r\n"), to: "bg.csv")
    let check = CLIRunner.run(["check", folder.path + "/bg.csv", "--lang", "en"])
    #expect(check.code == 1)
    #expect(check.err.contains("bg.csv:3: Phường Thọ Xương (07201): "), "\(check.err)")
    #expect(
      check.err.contains(
        "cell G3 (Vùng (1, 2, 3)): the cell is empty; write vùng 1, 2, 3"), "\(check.err)")
    #expect(!check.err.contains("region"), "prefilled: \(check.err)")
    #expect(check.err.contains("Not filled in: 191 rows"))
    #expect(!check.err.contains("bg.csv:2:"), "the keys row is no commune")
  }

  @Test("the template filled and saved by LibreOffice Calc scores as the JSON it was filled from")
  func libreOfficeRoundTrip() throws {
    let workbook = Self.fixtures.appendingPathComponent("libreoffice-filled.xlsx").path
    let json = TestSets.root.appendingPathComponent("Samples/bac-giang/2025").path
    let fromWorkbook = try Self.verdicts([workbook])
    #expect(fromWorkbook.count == 12)
    #expect(fromWorkbook == (try Self.verdicts([json])))
    // The code typed as a number is read back with its zero, and said.
    let scored = CLIRunner.run(["score", workbook, "--format", "json", "--lang", "en"])
    #expect(scored.out.contains("column commune_code: 7336 read as 07336"))
    // The batch agrees, row for row, with the rows named as the sheet shows them.
    let out = try TemporaryFolder()
    let batch = CLIRunner.run(["batch", workbook, "--out", out.path])
    #expect(batch.code == 1, "two of the samples fail on purpose: \(batch.err)")
    let results = try out.read("results.jsonl")
    #expect(results.contains("libreoffice-filled.xlsx:Minh chứng!3"))
    #expect(results.split(separator: "\n").count == 12)
  }

  @Test("numbers as Excel stores them read as it shows them: 15 significant digits, no exponent")
  func excelNumbers() {
    #expect(XLSXWorkbook.displayed("95.200000000000003") == "95.2")
    #expect(XLSXWorkbook.displayed("0.30000000000000004") == "0.3")
    #expect(XLSXWorkbook.displayed("1E-3") == "0.001")
    // 1E+15 sits at the edge of %g: written out, never a format string (issue 27, class 8).
    #expect(XLSXWorkbook.displayed("1E+15") == "1000000000000000")
    #expect(XLSXWorkbook.displayed("9.99999999999999E+14") == "999999999999999")
    #expect(XLSXWorkbook.displayed("2.5E-5") == "0.000025")
    #expect(XLSXWorkbook.displayed("9.65E3") == "9650")
    for kept in ["2025", "9650", "-2", "1.5", "0", "07336", "12345678901234567"] {
      #expect(XLSXWorkbook.displayed(kept) == kept)
    }
  }

  @Test("a workbook whose guide sheet comes first: the sheet with the keys is read")
  func sheetWithKeys() throws {
    let criteria = try CriteriaSet(
      data: Array(try Data(contentsOf: TestSets.bundledSetURL)), file: "qd-1300-2023.json")
    let template = BatchCSV.templateTable(
      criteria, units: nil, year: 2026, assessedOn: nil, language: .vi)
    let bytes = XLSXWriter.workbook(
      [("Hướng dẫn", BatchCSV.guideTable(criteria, language: .vi)), ("Số liệu", template)],
      headers: .both)
    let folder = try TemporaryFolder()
    try Data(bytes).write(to: URL(fileURLWithPath: folder.path + "/g.xlsx"))
    guard
      case .success(let rows)? = BatchCSV.tableSources(
        path: folder.path + "/g.xlsx", criteria: criteria)
    else {
      Issue.record("the workbook was refused")
      return
    }
    guard case .csvRow(let file, let row, let fields)? = rows.first else {
      Issue.record("no row")
      return
    }
    #expect(rows.count == 1 && file.hasSuffix("g.xlsx:Số liệu!") && row == 3)
    #expect(fields["commune_code"] == "00000")
  }

  @Test("a problem in a table names its cell: a numerator above its denominator in Q2")
  func cellNamed() throws {
    let folder = try TemporaryFolder()
    var lines = CLIRunner.run(["template", "--headers", "keys"]).out.components(
      separatedBy: "\r\n")
    #expect(lines[1].contains("\"93\",\"100\"") && lines[0].contains("\"3_num\",\"3_den\""))
    // Indicator 3's numerator (column Q) above its denominator; a commune code that is one.
    lines[1] = lines[1].replacingOccurrences(of: "\"93\",\"100\"", with: "\"999\",\"100\"")
      .replacingOccurrences(of: "\"00000\"", with: "\"50001\"")
    let numerator = 16
    try folder.write(lines.joined(separator: "\r\n"), to: "r.csv")
    let run = CLIRunner.run(["check", folder.path + "/r.csv", "--units", "off", "--lang", "en"])
    #expect(run.code == 1)
    let cell = XLSXWriter.columnName(numerator) + "2"
    #expect(
      run.err.contains(
        "cell \(cell) (column 3_num, indicator 3. Share of the population with health insurance): "
          + "999 is more than"),
      "\(run.err)")
  }

  @Test("rows above the keys row are headers: a title and the labels row, the first data row is 4")
  func titleRows() throws {
    let template = CLIRunner.run(["template"]).out
    let folder = try TemporaryFolder()
    try folder.write(
      "\u{FEFF}\"Báo cáo tự đánh giá — Huyện Ví Dụ\"\r\n"
        + template.replacingOccurrences(of: "\u{FEFF}", with: "").replacingOccurrences(
          of: "\"00000\"", with: "\"50001\""), to: "t.csv")
    let run = CLIRunner.run([
      "score", folder.path + "/t.csv", "--units", "off", "--format", "json", "--lang", "en",
    ])
    #expect(run.code == 0, "\(run.err)")
    #expect(run.out.contains("t.csv:4\""))
  }
}

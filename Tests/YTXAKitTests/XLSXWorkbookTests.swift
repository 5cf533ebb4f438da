import Foundation
import Testing

@testable import YTXAFormats
@testable import YTXAKit

/// The .xlsx reader on workbooks written by openpyxl and by a hand-made Excel-style workbook
/// (`Fixtures/xlsx/make_fixtures.py`), and the XML reader under it.
@Suite("xlsx workbooks") struct XLSXWorkbookTests {
  static let folder = TestSets.root.appendingPathComponent("Tests/YTXAKitTests/Fixtures/xlsx")

  static func workbook(_ name: String) throws -> XLSXWorkbook {
    try XLSXWorkbook(Array(try Data(contentsOf: folder.appendingPathComponent(name))))
  }

  @Test("openpyxl: inline strings with leading zeros and Vietnamese, numbers, booleans, gaps")
  func openpyxl() throws {
    let book = try Self.workbook("openpyxl.xlsx")
    #expect(book.sheets.map(\.name) == ["Số liệu", "Ghi chú"])
    let rows = try book.rows(ofSheet: "Số liệu")
    #expect(rows.map(\.number) == [1, 2, 3, 5])
    #expect(rows[0].cells[1] == "commune_code" && rows[0].cells[6] == "5")
    #expect(rows[1].cells[0] == "2025")
    #expect(rows[1].cells[1] == "07336")
    #expect(rows[1].cells[2] == "Xã Cao Xá")
    #expect(rows[1].cells[6] == "1")
    #expect(rows[1].cells[9] == "lạc chỗ")
    #expect(rows[2].cells[2] == "Phường Bắc Giang & <Đa Mai>")
    #expect(rows[2].cells[3] == nil, "an empty cell stays empty")
    #expect(rows[2].cells[4] == "95.2" && rows[2].cells[6] == "0")
    #expect(rows[3].cells[1] == "00004" && rows[3].cells[2] == nil)
    #expect(rows[3].cells[3] == "  có khoảng trắng  ")
    #expect(try book.rows().map(\.number) == [1, 2, 3, 5], "the first sheet by default")
    #expect(try book.rows(ofSheet: "Ghi chú").first?.cells[0] == "Trang giải thích")
    #expect(throws: XLSXWorkbook.Failure.self) { try book.rows(ofSheet: "Không có") }
  }

  @Test("Excel style: shared strings in runs, formulas' cached values, prefixes, absolute targets")
  func excelStyle() throws {
    let book = try Self.workbook("excel-style.xlsx")
    #expect(book.sheets.map(\.name) == ["Bảng 1"])
    let rows = try book.rows()
    #expect(rows.map(\.number) == [1, 2])
    #expect(rows[0].cells == [0: "commune_code", 1: "ab"])
    // The phonetic run is left out; rich-text runs are joined; an error cell is empty.
    #expect(rows[1].cells == [0: "07336", 1: "Xã Cao Xá", 2: "2", 26: "1.5"])
  }

  @Test("ytxa batch reads a workbook laid out as the CSV template: the same scores as the CSV")
  func batchWorkbook() throws {
    var results: [String: [String]] = [:]
    for name in ["template-filled.xlsx", "template-filled.csv"] {
      let out = try TemporaryFolder()
      let run = CLIRunner.run([
        "batch", Self.folder.appendingPathComponent(name).path, "--units", "off", "--out",
        out.path,
      ])
      #expect(run.code == 0, "\(name): \(run.err)")
      results[name] = try out.read("results.jsonl").split(separator: "\n").map { line in
        let object = try JSONParser.parseObject(Array(line.utf8), keeping: ["file", "total"])
        let file = object["file"]?.stringValue ?? ""
        let row = file.split(separator: ":").last.map { $0.split(separator: "!").last ?? $0 } ?? ""
        return "\(row) \(object["total"].map { "\($0)" } ?? "")"
      }
    }
    #expect(results["template-filled.xlsx"]?.count == 2)
    #expect(results["template-filled.xlsx"] == results["template-filled.csv"])
    let out = try TemporaryFolder()
    _ = CLIRunner.run([
      "batch", Self.folder.appendingPathComponent("template-filled.xlsx").path, "--units", "off",
      "--out", out.path,
    ])
    #expect(try out.read("results.jsonl").contains("template-filled.xlsx:Số liệu!3"))
  }

  @Test("check and score read table rows too, named file:Sheet!ROW and file:ROW")
  func checkAndScoreTables() throws {
    let workbook = Self.folder.appendingPathComponent("template-filled.xlsx").path
    let check = CLIRunner.run(["check", workbook, "--units", "off"])
    #expect(check.code == 0, "\(check.err)")
    #expect(check.out.contains("50001  Xã Thử Một") && check.out.contains("50002  Phường Thử Hai"))
    let csv = Self.folder.appendingPathComponent("template-filled.csv").path
    let score = CLIRunner.run(["score", csv, "--units", "off", "--format", "json"])
    #expect(score.code == 0, "\(score.err)")
    #expect(
      score.out.contains("template-filled.csv:2\"") && score.out.contains("template-filled.csv:3\"")
    )
    let single = CLIRunner.run(["check", workbook, "--units", "off", "--format", "json"])
    #expect(single.out.contains("template-filled.xlsx:Số liệu!3"))
  }

  @Test("a value past the header's last column refuses its row; the row is not widened")
  func strayCell() throws {
    let path = Self.folder.appendingPathComponent("openpyxl.xlsx").path
    guard case .success(let rows)? = BatchCSV.tableSources(path: path, criteria: nil) else {
      Issue.record("the workbook was refused")
      return
    }
    guard case .csvRow(let file, let row, let fields) = try #require(rows.first) else {
      Issue.record("not a row")
      return
    }
    #expect(file.hasSuffix("openpyxl.xlsx:Số liệu!") && row == 2)
    #expect(fields["\u{0}count"] == "8/7", "seven columns and the stray J2")
    let (_, problems) = BatchCSV.document(fields: fields, file: file, row: row, criteria: nil)
    #expect(problems.count == 1 && problems[0].field == "(row)")
  }

  @Test("a code that lost its one leading zero in a table is read back, with a warning")
  func leadingZero() throws {
    let folder = try TemporaryFolder()
    let text = try String(
      contentsOf: Self.folder.appendingPathComponent("template-filled.csv"), encoding: .utf8)
    #expect(text.contains(",50001,"))
    try folder.write(text.replacingOccurrences(of: ",50001,", with: ",5001,"), to: "t.csv")
    let out = try TemporaryFolder()
    let run = CLIRunner.run([
      "batch", folder.path + "/t.csv", "--units", "off", "--out", out.path, "--lang", "en",
    ])
    #expect(run.code == 0, "\(run.err)")
    let results = try out.read("results.jsonl")
    #expect(results.contains("\"code\":\"05001\""))
    #expect(results.contains("column commune_code: 5001 read as 05001"))
    // Three digits are not one lost zero: refused by the code rule, as in JSON.
    try folder.write(text.replacingOccurrences(of: ",50001,", with: ",501,"), to: "u.csv")
    let refused = CLIRunner.run([
      "batch", folder.path + "/u.csv", "--units", "off", "--out", out.path + "-2",
    ])
    #expect(refused.code == 1)
    #expect(refused.err.contains("mã xã có 5 chữ số"))
  }

  @Test("a written workbook reads back cell for cell: text, leading zeros, numbers, gaps")
  func writeThenRead() throws {
    var table = Table(header: ["commune_code", "commune_name", "total", "note"])
    table.rows = [
      [.text("07336"), .text("Xã Cao Xá <&> \"x\""), .number("94.5"), .text("")],
      [.text("00004"), .text("  khoảng trắng  "), .number(""), .text("a\u{1}b")],
    ]
    for index in 0..<200 {
      table.rows.append([
        .text(String(format: "%05d", index)), .text("Tên \(index) ẩ"),
        .number(String(index * 3)), .text(String(repeating: "x", count: index % 7)),
      ])
    }
    let book = try XLSXWorkbook(table.xlsx(sheet: "Tổng hợp"))
    #expect(book.sheets.map(\.name) == ["Tổng hợp"])
    let rows = try book.rows()
    #expect(rows.count == 203)
    #expect(rows[0].cells == [0: "commune_code", 1: "commune_name", 2: "total", 3: "note"])
    #expect(rows[1].cells == [0: "07336", 1: "Xã Cao Xá <&> \"x\"", 2: "94.5"])
    // A control character XML cannot hold is written as _x0001_ and read back as itself; an
    // empty number cell is no cell.
    #expect(rows[2].cells == [0: "00004", 1: "  khoảng trắng  ", 3: "a\u{01}b"])
    for (index, row) in rows.dropFirst(3).enumerated() {
      var expected = [
        0: String(format: "%05d", index), 1: "Tên \(index) ẩ", 2: String(index * 3),
      ]
      if index % 7 != 0 { expected[3] = String(repeating: "x", count: index % 7) }
      #expect(row.cells == expected, "row \(row.number)")
    }
    // The same table, the same bytes.
    #expect(table.xlsx(sheet: "Tổng hợp") == table.xlsx(sheet: "Tổng hợp"))
    #expect(XLSXWriter.columnName(0) == "A" && XLSXWriter.columnName(25) == "Z")
    #expect(XLSXWriter.columnName(26) == "AA" && XLSXWriter.columnName(16_383) == "XFD")
  }

  @Test("property: any table written then read gives back its cells (seeded random tables)")
  func writeThenReadProperty() throws {
    var generator = SeededGenerator(seed: 20_261_129)
    let alphabet = Array("aăâbcdđeêghiklmnoôơpqrstuưvxyÀẢÃÁẠẰẮẶỆỘỮ 0123456789<>&\"';=-|.,:\t")
    for round in 0..<40 {
      let columns = Int.random(in: 1...12, using: &generator)
      var table = Table(
        header: (0..<columns).map { "k\($0)" },
        labels: Bool.random(using: &generator) ? (0..<columns).map { "Cột \($0) ẩ" } : nil)
      for _ in 0..<Int.random(in: 0...30, using: &generator) {
        table.rows.append(
          (0..<columns).map { _ -> Table.Cell in
            switch Int.random(in: 0...3, using: &generator) {
            case 0: return .number(String(Int.random(in: -100_000...100_000, using: &generator)))
            case 1:
              return .number(String(Double(Int.random(in: 0...99_999, using: &generator)) / 100))
            default:
              let length = Int.random(in: 0...20, using: &generator)
              return .text(
                String((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
            }
          })
      }
      let headers: Table.Headers = Bool.random(using: &generator) ? .both : .keys
      let rows = try XLSXWorkbook(table.xlsx(sheet: "S\(round)", headers: headers)).rows()
      let expected = table.headerRows(headers).map { $0.map(Table.Cell.text) } + table.rows
      #expect(rows.count == expected.count, "round \(round)")
      for (row, cells) in zip(rows, expected) {
        var want: [Int: String] = [:]
        for (column, cell) in cells.enumerated() where !cell.text.isEmpty {
          if case .number(let value) = cell {
            want[column] = XLSXWorkbook.displayed(value)
          } else {
            want[column] = cell.text
          }
        }
        #expect(row.cells == want, "round \(round), row \(row.number)")
      }
    }
  }

  @Test("the batch writes summary.xlsx: the rows of summary.csv, read back")
  func summaryWorkbook() throws {
    let out = try TemporaryFolder()
    _ = CLIRunner.run([
      "batch", TestSets.root.appendingPathComponent("Samples/bac-giang/2025").path, "--out",
      out.path,
    ])
    let book = try XLSXWorkbook(
      Array(try Data(contentsOf: URL(fileURLWithPath: out.path + "/summary.xlsx"))))
    let csv = try out.read("summary.csv")
    let records = try CSVReader(separator: UInt8(ascii: ",")).records(
      Array((csv.hasPrefix("\u{FEFF}") ? String(csv.dropFirst()) : csv).utf8))
    let rows = try book.rows()
    #expect(rows.count == records.count)
    for (row, record) in zip(rows, records) {
      for (column, text) in record.fields.enumerated() {
        #expect((row.cells[column] ?? "") == text, "row \(row.number), column \(column)")
      }
    }
  }

  @Test("column letters: A is 0, Z 25, AA 26, XFD the last; beyond is no column")
  func columns() {
    #expect(XLSXWorkbook.column(of: "A1") == 0)
    #expect(XLSXWorkbook.column(of: "Z9") == 25)
    #expect(XLSXWorkbook.column(of: "AA2") == 26)
    #expect(XLSXWorkbook.column(of: "XFD1") == 16_383)
    #expect(XLSXWorkbook.column(of: "XFE1") == nil)
    #expect(XLSXWorkbook.column(of: "7") == nil)
  }

  @Test("the XML reader: references, CDATA, comments, prefixes; DOCTYPE and damage refused")
  func xml() throws {
    var reader = XMLReader(
      Array(
        "<?xml version=\"1.0\"?><!-- c --><x:a k='&lt;v&#x1EA1;&#39;'>A&amp;B<![CDATA[<raw>]]><b/></x:a>"
          .utf8))
    var events: [XMLReader.Event] = []
    while let event = try reader.next() { events.append(event) }
    #expect(
      events == [
        .start(name: "a", attributes: ["k": "<vạ'"], isEmpty: false), .text("A&B"),
        .text("<raw>"), .start(name: "b", attributes: [:], isEmpty: true), .end(name: "a"),
      ])
    for bad in [
      "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;</x>", "<a k=v/>", "<a>&nope;</a>", "<a", "<!-- x",
    ] {
      var broken = XMLReader(Array(bad.utf8))
      #expect(throws: XMLReader.Failure.self, "\(bad)") {
        while try broken.next() != nil {}
      }
    }
  }
}

import Foundation
import YTXAFormats

/// `ytxa check --format xlsx`: the district view as a workbook. The first sheet has one row
/// per commune, closest to passing first (verdict, total, plan size and the indicators of the
/// plan); then, for up to ``detailLimit`` communes, a sheet per commune with its indicators (the
/// rows of `score --format xlsx`) and its plan. Beyond that the detail is left to
/// `ytxa score --format xlsx` and `ytxa batch`, and a note sheet says so: a workbook of
/// thousands of sheets opens in no spreadsheet.
package struct CheckWorkbook: Sendable {
  package let language: Language
  package let headers: Table.Headers

  /// The most communes that get a sheet of their own.
  package static let detailLimit = 200

  package init(language: Language, headers: Table.Headers) {
    self.language = language
    self.headers = headers
  }

  static let keys = [
    "file", "commune_code", "commune_name", "district_code", "district_name", "year", "verdict",
    "total", "max", "percent", "required_total", "plan_size", "plan", "reasons",
    "unverified_indicators", "warnings", "criteria_set", "criteria_file", "criteria_sha256",
  ]

  /// The district sheet, without rows.
  package var summary: Table {
    let l = language
    return Table(
      header: Self.keys,
      labels: [
        l.pick("Tệp", "File"), l.pick("Mã xã", "Commune code"), l.pick("Tên xã", "Commune"),
        l.pick("Mã huyện", "District code"), l.pick("Tên huyện", "District"),
        l.pick("Năm", "Year"), l.pick("Kết luận", "Verdict"), l.pick("Điểm", "Total"),
        l.pick("Tối đa", "Max"), l.pick("Tỷ lệ %", "Percent"),
        l.pick("Điểm cần đạt", "Required total"),
        l.pick("Số chỉ tiêu cần cải thiện", "Plan size"),
        l.pick("Chỉ tiêu cần cải thiện", "Indicators to improve"),
        l.pick("Lý do chưa đạt", "Why it fails"),
        l.pick("Chỉ tiêu chưa đối chiếu", "Unverified indicators"),
        l.pick("Cảnh báo số liệu", "Data warnings"), l.pick("Bộ tiêu chí", "Criteria set"),
        l.pick("Tệp bộ tiêu chí", "Criteria file"), "SHA-256",
      ])
  }

  /// One commune's row of the district sheet.
  package func summaryRow(_ check: CheckResult, criteria: CriteriaSet) -> [Table.Cell] {
    let l = language
    let words = headers == .both
    let result = check.result
    let verdict: Table.Cell =
      words
      ? Phrasebook(l).verdictCell(passed: result.hasPassed)
      : .text(result.hasPassed ? "pass" : "fail")
    let size: Table.Cell
    let items: String
    switch check.plan.outcome {
    case .passes: (size, items) = (.number("0"), "")
    case .plan(let plan):
      (size, items) = (.number(String(plan.count)), plan.map(\.id).joined(separator: ", "))
    case .impossible:
      (size, items) = (.number(""), Phrasebook(l).noPlan)
    }
    let score = ScoreTextReport(criteria: criteria, language: language)
    return [
      .text(result.file), .text(result.commune.code.digits), .text(result.commune.name.nfc),
      .text(result.commune.district?.code.digits ?? ""),
      .text(result.commune.district?.name.nfc ?? ""), .number(String(result.year)), verdict,
      .number(result.total.description), .number(result.maximum.description),
      .number(result.percent.description), .number(result.requiredTotal.description), size,
      .text(items),
      .text(result.reasons.map { score.reason($0, in: result) }.joined(separator: "; ")),
      .number(String(result.unverifiedIndicators)),
      .text(
        check.warnings.map { l.pick($0.message, $0.englishMessage) }.joined(separator: " ")),
      .text(criteria.source?.citation ?? criteria.id), .text(criteria.source?.file ?? ""),
      .text(criteria.source?.sha256 ?? ""),
    ]
  }

  /// One commune's own sheet: its indicators (the indicator columns of `score --format xlsx`;
  /// the commune's own are in the sheet's name and the district sheet), then its plan in words.
  package func detail(_ check: CheckResult, criteria: CriteriaSet) -> Table {
    let report = ScoreCSVReport(criteria: criteria, language: language, headers: headers)
    let full = report.table
    let first = full.header.firstIndex(of: "criterion") ?? 0
    let last = full.header.firstIndex(of: "provenance") ?? full.header.count - 1
    let columns = first...last
    var table = Table(
      header: Array(full.header[columns]), labels: full.labels.map { Array($0[columns]) })
    table.rows = report.cells(check.result).map { Array($0[columns]) }
    let text = CheckTextReport(criteria: criteria, language: language)
    table.rows.append([])
    table.rows.append([.text(text.planSummary(check))])
    for line in text.planLines(check) {
      table.rows.append([.text(line.title)])
      table.rows.append([.text("    " + line.target)])
    }
    return table
  }

  /// A commune's sheet name: its code and name.
  package static func sheetName(_ check: CheckResult) -> String {
    check.result.commune.code.digits + " " + check.result.commune.name.nfc
  }

  /// The workbook: the district sheet, then each commune's sheet (or the note that there are
  /// too many).
  package func write(
    rows: [[Table.Cell]], details: [(name: String, table: Table)]?,
    unread: UnreadInputs = UnreadInputs(), emit: @escaping ([UInt8]) -> Void
  ) throws(FileWriteError) {
    // The district sheet may be long (a province, the country): its rows past a megabyte wait
    // in a scratch file.
    var district = XLSXWriter.SheetWriter(
      table: summary, headers: headers,
      spill: try SpillFile(folder: FileManager.default.temporaryDirectory.path))
    for row in rows { district.append(row) }
    var book = XLSXWriter.Builder()
    book.add(language.pick("Danh sách", "Pre-check"), district)
    var sheets: [(name: String, table: Table)] = []
    // What could not be scored comes right after the list: the sheet handed back to communes.
    if !unread.isEmpty {
      sheets.append((language.pick("Không đọc được", "Not read"), unread.table(language)))
    }
    if let details {
      sheets += details
    } else {
      var note = Table(header: [language.pick("Ghi chú", "Note")])
      note.rows = [
        [
          .text(
            language.pick(
              "Có \(rows.count) xã, nhiều hơn \(Self.detailLimit): không tạo trang riêng cho "
                + "từng xã. Chi tiết từng chỉ tiêu: ytxa score … --format xlsx, hoặc ytxa batch.",
              "\(rows.count) communes, more than \(Self.detailLimit): no sheet per commune. "
                + "For every indicator: ytxa score … --format xlsx, or ytxa batch."))
        ]
      ]
      sheets.append((language.pick("Ghi chú", "Note"), note))
    }
    for (name, table) in sheets {
      var sheet = XLSXWriter.SheetWriter(table: table, headers: headers)
      for row in table.rows { sheet.append(row) }
      book.add(name, sheet)
    }
    try book.write(emit: emit)
  }
}

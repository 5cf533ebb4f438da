import Foundation
import YTXAFormats

/// The CSV layout of batch input: one row per commune and year.
///
/// Columns (header names are matched case-insensitively, after NFC normalisation):
/// `year`, `assessed_on` (optional, `YYYY-MM-DD`), `criteria_set` (optional), `commune_code`,
/// `commune_name`, `commune_type`, `zone`, `region`, `district_code` and `district_name` (empty
/// for a unit without a district), `province_code` and `province_name` (optional);
/// then per indicator `N` (yes/no, choice, checklist, count, measure) or `N_num` and `N_den`
/// (ratios), and optionally `N_docs` (documents, separated by `|`). An empty cell is missing
/// evidence; `KAD` (or `KAD: reason`) is not applicable.
package enum BatchCSV {
  public static let communeColumns = [
    "year", "assessed_on", "criteria_set", "commune_code", "commune_name", "commune_type", "zone",
    "region",
    "district_code", "district_name", "province_code", "province_name",
  ]

  /// A CSV file's rows as batch sources, or the problem that makes the whole file unusable
  /// (unreadable, malformed, or an unknown column).
  public static func sources(file: String, criteria: CriteriaSet?) -> Result<
    [BatchSource], BatchError
  > {
    func failure(_ message: Message) -> Result<[BatchSource], BatchError> {
      .failure(tableError(file, message))
    }
    let bytes: [UInt8]
    switch FileSystem.read(file, limit: .table).flatMap(utf8Text) {
    case .success(let text): bytes = text
    case .failure(let reason): return failure("\(OSName.display(file)): " + reason.message)
    }
    let reader = CSVReader(separator: CSVReader.detectSeparator(bytes))
    let records: [CSVReader.Record]
    do {
      records = try reader.records(bytes)
    } catch {
      return failure(
        "\(file):\(error.line): " + Message("không phải CSV hợp lệ: ", "not valid CSV: ")
          + error.message)
    }
    guard !records.isEmpty else {
      return failure(file + Message(": tệp CSV rỗng", ": the CSV file is empty"))
    }
    let keys = keysRow(records.prefix(headerRows).map(\.fields))
    return sources(
      header: records[keys], rows: records[(keys + 1)...], file: file, criteria: criteria)
  }

  /// Whether a header cell is the `commune_code` key (the one column every table has).
  static func isCommuneCodeKey(_ cell: String) -> Bool {
    cell.nfc.trimmingCharacters(in: .whitespaces).lowercased() == "commune_code"
  }

  /// How many of a table's first rows can be headers above the keys row (a title, merged group
  /// names, the labels row).
  static let headerRows = 5

  /// Which of a table's first rows holds the column keys: the first of the first
  /// ``headerRows`` with a `commune_code` cell (a data row never has one), else the first row
  /// (whose unknown columns are then reported). Rows above the keys are headers, never data.
  static func keysRow(_ rows: [[String]]) -> Int {
    rows.prefix(headerRows).firstIndex { $0.contains(where: isCommuneCodeKey) } ?? 0
  }

  /// The one error of a table that cannot be used at all.
  static func tableError(_ file: String, _ message: Message) -> BatchError {
    BatchError(
      file: file, message: message, indicator: nil, problems: [message], communeCode: nil,
      districtCode: nil, districtName: nil, order: 0)
  }

  /// How a row is named in every output: `file.csv:7`, or `book.xlsx:Sheet!7` for a sheet
  /// (whose rows' file is given as `book.xlsx:Sheet!`).
  static func rowName(_ file: String, _ row: Int) -> String {
    file.hasSuffix("!") ? "\(file)\(row)" : "\(file):\(row)"
  }

  /// The evidence sheet of an .xlsx workbook laid out as the CSV template (a header row of column
  /// keys, one commune-year per row), as batch sources named `book.xlsx:Sheet!ROW`; or the
  /// problem that makes the workbook unusable.
  public static func sources(workbook path: String, criteria: CriteriaSet?) -> Result<
    [BatchSource], BatchError
  > {
    let file = OSName.display(path)
    func failure(_ message: Message) -> Result<[BatchSource], BatchError> {
      .failure(tableError(file, message))
    }
    var rows: [XLSXWorkbook.Row]
    var sheet: String
    switch FileSystem.read(path, limit: .table) {
    case .failure(let reason): return failure("\(file): " + reason.message)
    case .success(let bytes):
      do throws(XLSXWorkbook.Failure) {
        // The first sheet whose first rows hold the `commune_code` key (so that a guide or
        // notes sheet moved to the front is passed over), else the first sheet.
        let book = try XLSXWorkbook(bytes)
        (sheet, rows) = (book.sheets[0].name, try book.rows(ofSheet: book.sheets[0].name))
        for candidate in book.sheets.map(\.name) {
          let candidateRows = candidate == sheet ? rows : try book.rows(ofSheet: candidate)
          let header = candidateRows.lazy.filter { !$0.cells.isEmpty }.prefix(headerRows)
          if header.contains(where: { $0.cells.values.contains(where: isCommuneCodeKey) }) {
            (sheet, rows) = (candidate, candidateRows)
            break
          }
        }
      } catch {
        return failure("\(file): " + error.message)
      }
    }
    var filled = rows.filter { !$0.cells.isEmpty }
    guard !filled.isEmpty else {
      return failure(
        "\(file):\(sheet): " + Message("trang tính rỗng", "the sheet is empty"))
    }
    let keys = keysRow(filled.prefix(headerRows).map { Array($0.cells.values) })
    filled.removeFirst(keys)
    let first = filled[0]
    // The header row decides the columns (its last non-empty cell); rows are never widened
    // beyond it, so a stray cell far to the right costs nothing. A value past the header's
    // last column is kept as one extra field, and the row is then refused for it.
    let columns = (first.cells.filter { !$0.value.isEmpty }.keys.max() ?? -1) + 1
    let trimmed = CSVReader.Record(
      line: first.number, fields: (0..<columns).map { first.cells[$0] ?? "" })
    let rowsInColumns = filled.dropFirst().map { row in
      var fields = (0..<columns).map { row.cells[$0] ?? "" }
      if let stray = row.cells.filter({ $0.key >= columns && !$0.value.isEmpty }).min(by: {
        $0.key < $1.key
      }) {
        fields.append(stray.value)
      }
      return CSVReader.Record(line: row.number, fields: fields)
    }
    return sources(
      header: trimmed, rows: rowsInColumns[...], file: "\(file):\(sheet)!", criteria: criteria)
  }

  /// A table's rows as batch sources: the header names the columns (the CSV template's), each
  /// row after it is a commune-year named ``rowName(_:_:)``; an unknown or repeated column makes
  /// the whole table unusable. CSV files and spreadsheet sheets both come through here.
  static func sources(
    header: CSVReader.Record, rows: ArraySlice<CSVReader.Record>, file: String,
    criteria: CriteriaSet?
  ) -> Result<[BatchSource], BatchError> {
    func failure(_ message: Message) -> Result<[BatchSource], BatchError> {
      .failure(tableError(file, message))
    }
    let columns = header.fields.map { $0.nfc.trimmingCharacters(in: .whitespaces).lowercased() }
    var known = communeColumns
    if let criteria { known += columnNames(criteria) }
    var problems: [Message] = []
    for (position, column) in columns.enumerated() where !known.contains(column) {
      if criteria == nil, isIndicatorColumn(column) { continue }
      problems.append(
        Message(
          "cột \(position + 1) \"\(column.abbreviated)\" không phải cột đã biết",
          "column \(position + 1) \"\(column.abbreviated)\" is not a known column")
          + suggestion(for: column, among: known))
    }
    for (position, column) in columns.enumerated()
    where columns.firstIndex(of: column) != position {
      problems.append(
        Message("cột \"\(column)\" xuất hiện hai lần", "column \"\(column)\" appears twice"))
    }
    if !problems.isEmpty {
      return failure(
        rowName(file, header.line) + ": " + Message("dòng tiêu đề: ", "header: ")
          + problems.joined(separator: "; ")
          + Message(
            "; xem 'ytxa template --format csv' để biết bố cục",
            "; see 'ytxa template --format csv' for the layout"))
    }
    var sources: [BatchSource] = []
    let columnList = columns.joined(separator: ",")
    for record in rows {
      var fields: [String: String] = [columnsKey: columnList]
      if record.fields.count != columns.count {
        fields["\u{0}count"] = "\(record.fields.count)/\(columns.count)"
      }
      for (column, value) in zip(columns, record.fields) { fields[column] = value }
      sources.append(.csvRow(file: file, row: record.line, fields: fields))
    }
    return .success(sources)
  }

  /// The file's text as UTF-8 (a byte order mark dropped): UTF-8 as it is, UTF-16 with a byte
  /// order mark decoded; anything else refused with the line where it stops being UTF-8, since
  /// reading it as UTF-8 would silently mangle every Vietnamese name.
  static func utf8Text(_ bytes: [UInt8]) -> Result<[UInt8], FileSystem.Failure> {
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
      let isLittleEndian = bytes[0] == 0xFF
      let units = stride(from: 2, to: bytes.count - 1, by: 2).map { index in
        isLittleEndian
          ? UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8
          : UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
      }
      guard bytes.count % 2 == 0, let text = String(validating: units, as: UTF16.self) else {
        return .failure(
          FileSystem.Failure(
            Message(
              "là UTF-16 nhưng có ký tự không hợp lệ; hãy lưu thành CSV UTF-8",
              "is UTF-16 but holds an invalid character; save it as CSV UTF-8")))
      }
      return .success(Array(text.utf8))
    }
    let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = body.makeIterator()
    var offset = 0
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let scalar):
        offset += scalar.count
        continue
      case .emptyInput:
        return .success(body)
      case .error:
        let line = body[..<offset].count { $0 == UInt8(ascii: "\n") } + 1
        return .failure(
          FileSystem.Failure(
            Message(
              "dòng \(line) không phải văn bản UTF-8 (tệp có vẻ được lưu bằng Windows-1258 hoặc "
                + "một bảng mã cũ, sẽ làm hỏng tên tiếng Việt); trong Excel chọn Save As → "
                + "'CSV UTF-8 (Comma delimited)', trong LibreOffice chọn bộ ký tự "
                + "Unicode (UTF-8)",
              "line \(line) is not UTF-8 text (the file looks saved in Windows-1258 or another "
                + "legacy encoding, which would mangle Vietnamese names); in Excel use Save As → "
                + "'CSV UTF-8 (Comma delimited)', in LibreOffice choose the character set "
                + "Unicode (UTF-8)")))
      }
    }
  }

  private static func isIndicatorColumn(_ column: String) -> Bool {
    let base = column.split(separator: "_").first.map(String.init) ?? column
    return Int(base) != nil
  }

  /// The indicator columns of a set, in order.
  public static func columnNames(_ criteria: CriteriaSet) -> [String] {
    criteria.indicators.flatMap { indicator -> [String] in
      if case .ratio = indicator.kind {
        return ["\(indicator.id)_num", "\(indicator.id)_den", "\(indicator.id)_docs"]
      }
      return [indicator.id, "\(indicator.id)_docs"]
    }
  }

}

extension EvidenceDocument {
  /// A document built in memory (from a CSV row).
  init(root: JSONObject, file: String) {
    self.file = file
    self.root = root
  }
}

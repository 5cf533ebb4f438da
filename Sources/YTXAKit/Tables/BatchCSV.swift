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

  /// A CSV file's rows as batch sources, all at once, or the problem that makes the whole
  /// file unusable (unreadable, malformed, or an unknown column).
  public static func sources(file: String, criteria: CriteriaSet?) -> Result<
    [BatchSource], BatchError
  > {
    openCSV(file, criteria: criteria).flatMap { $0.drain() }
  }

  /// A CSV file opened for reading row by row, its header judged; or the problem that makes
  /// the whole file unusable.
  /// `known`: the columns of another kind of table (the register's), instead of evidence's.
  static func openCSV(_ path: String, criteria: CriteriaSet?, known: [String]? = nil) -> Result<
    TableRows, BatchError
  > {
    let file = OSName.display(path)
    func failure(_ message: Message) -> Result<TableRows, BatchError> {
      .failure(tableError(file, message))
    }
    let pieces: FileSystem.Pieces
    do throws(FileSystem.Failure) {
      pieces = try FileSystem.Pieces(path, limit: .table)
    } catch {
      return failure("\(file): " + error.message)
    }
    // The first piece: a UTF-16 file is read whole and converted; the separator is found on the
    // first line.
    var first: ArraySlice<UInt8>
    do throws(FileSystem.Failure) {
      first = try pieces.next() ?? []
      if first.starts(with: [0xFF, 0xFE]) || first.starts(with: [0xFE, 0xFF]) {
        var whole = Array(first)
        while let piece = try pieces.next() { whole += piece }
        first = try utf8Text(fromUTF16: whole).get()[...]
      }
    } catch {
      return failure("\(file): " + error.message)
    }
    let stream = CSVReader.Stream(
      separator: CSVReader.detectSeparator(Array(first.prefix(1 << 16)))
    ) {
      () throws(CSVReader.SyntaxError) -> ArraySlice<UInt8>? in
      do throws(FileSystem.Failure) {
        return try pieces.next()
      } catch {
        throw CSVReader.SyntaxError(line: 0, message: error.message)
      }
    }
    let read: TableRows.Reader = { () throws(BatchError) -> CSVReader.Record? in
      do throws(CSVReader.SyntaxError) {
        return try stream.next()
      } catch {
        throw tableError(file, csvFailure(file, error))
      }
    }
    var head: [CSVReader.Record] = []
    do throws(CSVReader.SyntaxError) {
      try stream.feed(first)
    } catch {
      return .failure(tableError(file, csvFailure(file, error)))
    }
    do throws(BatchError) {
      while head.count < headerRows, let record = try read() { head.append(record) }
    } catch {
      return .failure(error)
    }
    guard !head.isEmpty else {
      return failure(file + Message(": tệp CSV rỗng", ": the CSV file is empty"))
    }
    let keys = keysRow(head.map(\.fields))
    return judge(header: head[keys], file: file, criteria: criteria, known: known).map { columns in
      TableRows(
        file: file, columns: columns, labels: keys > 0 ? head[keys - 1].fields : nil,
        pending: Array(head[(keys + 1)...]), reader: read)
    }
  }

  /// A CSV reading failure as told: the line, then what is wrong (the text not UTF-8: how to
  /// save it as UTF-8); the rows after it are not read.
  static func csvFailure(_ file: String, _ error: CSVReader.SyntaxError) -> Message {
    let what: Message =
      error.isEncoding
      ? utf8Advice(line: error.line)
      : Message("không phải CSV hợp lệ: ", "not valid CSV: ") + error.message
    return "\(file):\(error.line): " + what
      + Message(
        " (các dòng sau đó không được đọc)", " (the rows after it were not read)")
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
  /// keys, one commune-year per row), as batch sources named `book.xlsx:Sheet!ROW`, all at
  /// once; or the problem that makes the workbook unusable.
  public static func sources(workbook path: String, criteria: CriteriaSet?) -> Result<
    [BatchSource], BatchError
  > {
    openWorkbook(path, criteria: criteria).flatMap { $0.drain() }
  }

  /// The evidence sheet of an .xlsx workbook opened for reading row by row, its header judged:
  /// the first sheet whose first rows hold the `commune_code` key (so that a guide or notes
  /// sheet moved to the front is passed over; only those rows of each candidate are read), else
  /// the first sheet. Rows without a cell are passed over.
  static func openWorkbook(_ path: String, criteria: CriteriaSet?, known: [String]? = nil)
    -> Result<TableRows, BatchError>
  {
    let file = OSName.display(path)
    func failure(_ message: Message) -> Result<TableRows, BatchError> {
      .failure(tableError(file, message))
    }
    let book: XLSXWorkbook
    switch FileSystem.read(path, limit: .table) {
    case .failure(let reason): return failure("\(file): " + reason.message)
    case .success(let bytes):
      do throws(XLSXWorkbook.Failure) {
        book = try XLSXWorkbook(bytes)
      } catch {
        return failure("\(file): " + error.message)
      }
    }
    /// The first rows of a sheet that have cells (at most ``headerRows``), and its reader.
    func head(_ sheet: String) throws(XLSXWorkbook.Failure) -> (
      [XLSXWorkbook.Row], XLSXWorkbook.SheetReader
    ) {
      let reader = try book.sheetReader(sheet)
      var rows: [XLSXWorkbook.Row] = []
      while rows.count < headerRows, let row = try reader.next() {
        if !row.cells.isEmpty { rows.append(row) }
      }
      return (rows, reader)
    }
    var chosen: (sheet: String, rows: [XLSXWorkbook.Row], reader: XLSXWorkbook.SheetReader)?
    do throws(XLSXWorkbook.Failure) {
      for candidate in book.sheets.map(\.name) {
        let (rows, reader) = try head(candidate)
        if rows.contains(where: { $0.cells.values.contains(where: isCommuneCodeKey) }) {
          chosen = (candidate, rows, reader)
          break
        }
      }
      if chosen == nil {
        let first = book.sheets[0].name
        let (rows, reader) = try head(first)
        chosen = (first, rows, reader)
      }
    } catch {
      return failure("\(file): " + error.message)
    }
    guard let chosen, !chosen.rows.isEmpty else {
      return failure(
        "\(file):\(chosen?.sheet ?? ""): " + Message("trang tính rỗng", "the sheet is empty"))
    }
    let keys = keysRow(chosen.rows.map { Array($0.cells.values) })
    let headerRow = chosen.rows[keys]
    // The header row decides the columns (its last non-empty cell); rows are never widened
    // beyond it, so a stray cell far to the right costs nothing. A value past the header's
    // last column is kept as one extra field, and the row is then refused for it.
    let width = (headerRow.cells.filter { !$0.value.isEmpty }.keys.max() ?? -1) + 1
    func record(_ row: XLSXWorkbook.Row) -> CSVReader.Record {
      var fields = (0..<width).map { row.cells[$0] ?? "" }
      if let stray = row.cells.filter({ $0.key >= width && !$0.value.isEmpty }).min(by: {
        $0.key < $1.key
      }) {
        fields.append(stray.value)
      }
      return CSVReader.Record(line: row.number, fields: fields)
    }
    let name = "\(file):\(chosen.sheet)!"
    let reader = chosen.reader
    let read: TableRows.Reader = { () throws(BatchError) -> CSVReader.Record? in
      do throws(XLSXWorkbook.Failure) {
        while let row = try reader.next() {
          if !row.cells.isEmpty { return record(row) }
        }
        return nil
      } catch {
        throw tableError(
          file,
          "\(file): " + error.message
            + Message(" (các dòng sau đó không được đọc)", " (the rows after it were not read)"))
      }
    }
    return judge(header: record(headerRow), file: name, criteria: criteria, known: known).map {
      columns in
      TableRows(
        file: name, columns: columns,
        labels: keys > 0 ? record(chosen.rows[keys - 1]).fields : nil,
        pending: chosen.rows[(keys + 1)...].map(record), reader: read)
    }
  }

  /// A table's columns from its header row (the CSV template's keys, NFC, lowercased), or the
  /// problem that makes the whole table unusable: an unknown or repeated column. CSV files and
  /// spreadsheet sheets both come through here.
  static func judge(
    header: CSVReader.Record, file: String, criteria: CriteriaSet?, known other: [String]? = nil
  ) -> Result<[String], BatchError> {
    let columns = header.fields.map { $0.nfc.trimmingCharacters(in: .whitespaces).lowercased() }
    var known = other ?? communeColumns
    if other == nil, let criteria { known += columnNames(criteria) }
    let knownSet = Set(known)
    var problems: [Message] = []
    var seen: Set<String> = []
    for (position, column) in columns.enumerated() {
      if !knownSet.contains(column), !(other == nil && criteria == nil && isIndicatorColumn(column))
      {
        problems.append(
          Message(
            "cột \(position + 1) \"\(column.abbreviated)\" không phải cột đã biết",
            "column \(position + 1) \"\(column.abbreviated)\" is not a known column")
            + suggestion(for: column, among: known))
      }
      if !seen.insert(column).inserted {
        problems.append(
          Message("cột \"\(column)\" xuất hiện hai lần", "column \"\(column)\" appears twice"))
      }
      // A header that is not the template's at all: the first problems are enough.
      if problems.count >= 20 {
        problems.append(
          Message(
            "… (cột \(position + 1) trên \(columns.count); dừng ở đây)",
            "… (column \(position + 1) of \(columns.count); stopped here)"))
        break
      }
    }
    guard problems.isEmpty else {
      return .failure(
        tableError(
          file,
          rowName(file, header.line) + ": " + Message("dòng tiêu đề: ", "header: ")
            + problems.joined(separator: "; ")
            + Message(
              "; xem 'ytxa template --format csv' để biết bố cục",
              "; see 'ytxa template --format csv' for the layout")))
    }
    return .success(columns)
  }

  /// A UTF-16 file (with its byte order mark: Excel's "Unicode text") as UTF-8; refused when it
  /// holds an invalid character. UTF-8 files are read a piece at a time and checked as they are
  /// read (`CSVReader.Stream`).
  static func utf8Text(fromUTF16 bytes: [UInt8]) -> Result<[UInt8], FileSystem.Failure> {
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

  /// Line `line` is not UTF-8, and how to save the file so that it is.
  static func utf8Advice(line: Int) -> Message {
    Message(
      "dòng \(line) không phải văn bản UTF-8 (tệp có vẻ được lưu bằng Windows-1258 hoặc "
        + "một bảng mã cũ, sẽ làm hỏng tên tiếng Việt); trong Excel chọn Save As → "
        + "'CSV UTF-8 (Comma delimited)', trong LibreOffice chọn bộ ký tự "
        + "Unicode (UTF-8)",
      "line \(line) is not UTF-8 text (the file looks saved in Windows-1258 or another "
        + "legacy encoding, which would mangle Vietnamese names); in Excel use Save As → "
        + "'CSV UTF-8 (Comma delimited)', in LibreOffice choose the character set "
        + "Unicode (UTF-8)")
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

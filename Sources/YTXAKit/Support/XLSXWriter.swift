/// Writes .xlsx workbooks (Office Open XML SpreadsheetML) that Excel and LibreOffice open
/// without repair: entries stored in a zip (``ZipWriter``), strings inline (no shared-strings
/// part to keep in step), text cells as text (codes keep their leading zeros), numbers as
/// numbers, a bold header frozen in place, column widths from the content, and, for a sheet to
/// fill in, text-formatted code columns and lists of allowed values (data validation).
package enum XLSXWriter {
  /// A workbook of `sheets`, in order, each named (names are cut to 31 characters, the
  /// characters `[]:*?/\` replaced, and repeats numbered, as spreadsheets require).
  package static func workbook(_ sheets: [(name: String, table: Table)], headers: Table.Headers)
    -> [UInt8]
  {
    var builder = Builder()
    for (name, table) in sheets {
      var sheet = SheetWriter(table: table, headers: headers)
      for row in table.rows { sheet.append(row) }
      builder.add(name, sheet)
    }
    return builder.finished()
  }

  /// A workbook assembled sheet by sheet.
  package struct Builder {
    private var names: [String] = []
    private var parts: [[UInt8]] = []

    package init() {}

    package var isEmpty: Bool { names.isEmpty }

    package mutating func add(_ name: String, _ sheet: SheetWriter) {
      names.append(Self.sheetName(name, avoiding: names))
      parts.append(sheet.finished())
    }

    package func finished() -> [UInt8] {
      var zip = ZipWriter()
      zip.add("[Content_Types].xml", Array(XLSXParts.contentTypes(sheets: names.count).utf8))
      zip.add("_rels/.rels", Array(XLSXParts.packageRelations.utf8))
      zip.add("xl/workbook.xml", Array(XLSXParts.workbook(sheets: names).utf8))
      zip.add(
        "xl/_rels/workbook.xml.rels",
        Array(XLSXParts.workbookRelations(sheets: names.count).utf8))
      zip.add("xl/styles.xml", Array(XLSXParts.styles.utf8))
      for (index, part) in parts.enumerated() {
        zip.add("xl/worksheets/sheet\(index + 1).xml", part)
      }
      return zip.finished()
    }

    /// A name a spreadsheet accepts, unique among `taken` (compared ignoring case).
    static func sheetName(_ wanted: String, avoiding taken: [String]) -> String {
      let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
      var base = String(XLSXParts.xmlSafe(wanted.nfc).map { forbidden.contains($0) ? "_" : $0 })
      if base.isEmpty { base = "Sheet" }
      let lowered = Set(taken.map { $0.lowercased() })
      var name = String(base.prefix(31))
      var number = 2
      while lowered.contains(name.lowercased()) {
        let suffix = " (\(number))"
        name = String(base.prefix(31 - suffix.count)) + suffix
        number += 1
      }
      return name
    }
  }

  /// One worksheet, its rows appended one at a time (a long report is never held as cells,
  /// only as the sheet's XML); the column widths follow what was appended.
  package struct SheetWriter {
    private let table: Table
    private let headerRows: [[String]]
    private var body: [UInt8] = []
    private var widths: [Int]
    private var rowNumber = 0

    package init(table: Table, headers: Table.Headers) {
      self.table = table
      headerRows = table.headerRows(headers)
      widths = table.header.map { max($0.count, 4) }
      if let labels = table.labels, headers == .both {
        for (index, label) in labels.enumerated() where index < widths.count {
          // Kept-in-view columns are not widened for their labels: LibreOffice drops a freeze
          // wider than the window it opens in.
          guard index >= table.layout.frozenColumns else { continue }
          widths[index] = max(widths[index], min(label.count, 26))
        }
      }
      for (position, row) in headerRows.enumerated() {
        let isLabels = headerRows.count == 2 && position == 0
        let style = headerRows.count == 1 ? Style.header : isLabels ? .labels : .keys
        // Labels wrap within their column: the row is as tall as its longest label needs.
        let lines =
          isLabels
          ? zip(row, widths).map { label, width in
            (label.count + max(width, 8) - 3) / (max(width, 8) - 2)
          }.max() ?? 1 : 1
        appendRow(row.map { .text($0) }, style: style, lines: min(lines, 6))
      }
    }

    /// Appends a row of cells.
    package mutating func append(_ cells: [Table.Cell]) {
      for (index, cell) in cells.enumerated() {
        if index >= widths.count { widths.append(4) }
        widths[index] = max(widths[index], cell.text.count)
      }
      appendRow(cells, style: .plain)
    }

    private mutating func appendRow(_ cells: [Table.Cell], style: Style, lines: Int = 1) {
      rowNumber += 1
      var xml =
        lines > 1
        ? "<row r=\"\(rowNumber)\" ht=\"\(15 * lines)\" customHeight=\"1\">"
        : "<row r=\"\(rowNumber)\">"
      for (index, cell) in cells.enumerated() {
        let reference = XLSXWriter.columnName(index) + String(rowNumber)
        var cellStyle = style
        if style == .plain, table.layout.textColumns.contains(index) { cellStyle = .textFormat }
        let text: String
        switch cell {
        case .number(let value):
          guard !value.isEmpty else { continue }
          xml += "<c r=\"\(reference)\"\(cellStyle.attribute)><v>\(value)</v></c>"
          continue
        case .text(let value): text = value
        case .toned(let value, let tone):
          text = value
          cellStyle = Style(tone)
        }
        guard !text.isEmpty else { continue }
        // Spaces at either end are kept only when the cell says so.
        let edges = text.first?.isWhitespace == true || text.last?.isWhitespace == true
        xml +=
          "<c r=\"\(reference)\" t=\"inlineStr\"\(cellStyle.attribute)><is>"
          + (edges ? "<t xml:space=\"preserve\">" : "<t>") + HTML.escape(XLSXParts.xmlSafe(text))
          + "</t></is></c>"
      }
      body += Array((xml + "</row>").utf8)
    }

    /// The worksheet part.
    package func finished() -> [UInt8] {
      let layout = table.layout
      let headerCount = headerRows.count
      let frozen = XLSXWriter.columnName(layout.frozenColumns) + String(headerCount + 1)
      var xml =
        XLSXParts.header + "<worksheet xmlns=\"" + XLSXParts.main + "\"><sheetViews>"
        + "<sheetView workbookViewId=\"0\"><pane "
        + (layout.frozenColumns > 0 ? "xSplit=\"\(layout.frozenColumns)\" " : "")
        + "ySplit=\"\(headerCount)\" topLeftCell=\"\(frozen)\" activePane=\""
        + (layout.frozenColumns > 0 ? "bottomRight" : "bottomLeft")
        + "\" state=\"frozen\"/>"
        + (layout.frozenColumns > 0
          ? "<selection pane=\"topRight\"/><selection pane=\"bottomLeft\"/>" : "")
        + "<selection pane=\"\(layout.frozenColumns > 0 ? "bottomRight" : "bottomLeft")\" "
        + "activeCell=\"\(frozen)\" sqref=\"\(frozen)\"/></sheetView></sheetViews><cols>"
      for (index, width) in widths.enumerated() {
        let style =
          layout.textColumns.contains(index) ? " style=\"\(Style.textFormat.rawValue)\"" : ""
        xml +=
          "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(min(max(width, 6), 60) + 2)\""
          + "\(style) customWidth=\"1\"/>"
      }
      xml += "</cols><sheetData>"
      var bytes = Array(xml.utf8)
      bytes += body
      var tail = "</sheetData>"
      if !layout.validations.isEmpty {
        let first = headerCount + 1
        let last = max(rowNumber, headerCount) + layout.blankRows
        tail += "<dataValidations count=\"\(layout.validations.count)\">"
        for validation in layout.validations {
          let column = XLSXWriter.columnName(validation.column)
          tail += validationXML(validation, range: "\(column)\(first):\(column)\(last)")
        }
        tail += "</dataValidations>"
      }
      bytes += Array((tail + "</worksheet>").utf8)
      return bytes
    }

    private func validationXML(_ validation: Table.Validation, range: String) -> String {
      let prompt =
        " showInputMessage=\"1\" promptTitle=\"\(attribute(validation.title, limit: 32))\" "
        + "prompt=\"\(attribute(validation.prompt, limit: 255))\""
      guard !validation.choices.isEmpty else {
        return "<dataValidation type=\"none\" allowBlank=\"1\"\(prompt) sqref=\"\(range)\"/>"
      }
      let list = validation.choices.joined(separator: ",")
      return
        "<dataValidation type=\"list\" errorStyle=\"warning\" allowBlank=\"1\" "
        + "showErrorMessage=\"1\"\(prompt) sqref=\"\(range)\"><formula1>\""
        + HTML.escape(String(list.prefix(250))) + "\"</formula1></dataValidation>"
    }

    private func attribute(_ text: String, limit: Int) -> String {
      let cut = text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
      return HTML.escape(XLSXParts.xmlSafe(cut))
    }
  }

  /// The cell formats of ``XLSXParts/styles``, by index.
  enum Style: Int {
    case plain = 0
    case header
    case labels
    case keys
    case textFormat
    case good
    case bad
    case warning

    init(_ tone: Table.Tone) {
      switch tone {
      case .good: self = .good
      case .bad: self = .bad
      case .warning: self = .warning
      }
    }

    var attribute: String { self == .plain ? "" : " s=\"\(rawValue)\"" }
  }

  /// `A`, `B`, … `Z`, `AA`, … for a 0-based column.
  static func columnName(_ index: Int) -> String {
    var name = ""
    var value = index + 1
    while value > 0 {
      let remainder = (value - 1) % 26
      name = String(UnicodeScalar(UInt8(65 + remainder))) + name
      value = (value - 1) / 26
    }
    return name
  }
}

/// A table of typed cells, written once and rendered as CSV (every cell as text) or as an .xlsx
/// sheet (text as text, numbers as numbers), so that both formats of a report hold the same rows.
package struct Table: Sendable {
  package enum Cell: Sendable, Hashable {
    case text(String)
    /// A number, written exactly as this text (`.` as the decimal mark); empty when blank.
    case number(String)

    var text: String {
      switch self {
      case .text(let text), .number(let text): text
      }
    }
  }

  package var header: [String]
  package var rows: [[Cell]] = []

  package init(header: [String]) { self.header = header }

  /// The table as CSV: the header, then every row.
  package func csv() -> String {
    var writer = CSVWriter()
    writer.row(header)
    for row in rows { writer.row(row.map(\.text)) }
    return writer.output
  }

  /// The table as an .xlsx workbook of one sheet named `sheet`: a bold header row frozen in
  /// place, text cells as text (codes keep their leading zeros), number cells as numbers, each
  /// column as wide as its longest cell (within bounds).
  package func xlsx(sheet: String) -> [UInt8] {
    var zip = ZipWriter()
    zip.add("[Content_Types].xml", Array(XLSXParts.contentTypes.utf8))
    zip.add("_rels/.rels", Array(XLSXParts.packageRelations.utf8))
    zip.add("xl/workbook.xml", Array(XLSXParts.workbook(sheet: sheet).utf8))
    zip.add("xl/_rels/workbook.xml.rels", Array(XLSXParts.workbookRelations.utf8))
    zip.add("xl/styles.xml", Array(XLSXParts.styles.utf8))
    zip.add("xl/worksheets/sheet1.xml", Array(worksheet().utf8))
    return zip.finished()
  }

  private func worksheet() -> String {
    let columns = max(header.count, rows.map(\.count).max() ?? 0)
    var widths = header.map(\.count)
    widths += repeatElement(0, count: columns - widths.count)
    for row in rows {
      for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.text.count) }
    }
    var xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\""
      + XLSXParts.main + "\"><sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" "
      + "topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
      + "<cols>"
    for (index, width) in widths.enumerated() {
      xml +=
        "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(min(max(width, 6), 60) + 2)\" "
        + "customWidth=\"1\"/>"
    }
    xml += "</cols><sheetData>"
    xml += rowXML(1, header.map { .text($0) }, style: 1)
    for (index, row) in rows.enumerated() { xml += rowXML(index + 2, row, style: 0) }
    return xml + "</sheetData></worksheet>"
  }

  private func rowXML(_ number: Int, _ cells: [Cell], style: Int) -> String {
    var xml = "<row r=\"\(number)\">"
    for (index, cell) in cells.enumerated() {
      let reference = Self.columnName(index) + String(number)
      let styled = style == 0 ? "" : " s=\"\(style)\""
      switch cell {
      case .number(let text) where !text.isEmpty:
        xml += "<c r=\"\(reference)\"\(styled)><v>\(text)</v></c>"
      case .number:
        continue
      case .text(let text):
        guard !text.isEmpty else { continue }
        xml +=
          "<c r=\"\(reference)\" t=\"inlineStr\"\(styled)><is><t xml:space=\"preserve\">"
          + HTML.escape(XLSXParts.xmlSafe(text)) + "</t></is></c>"
      }
    }
    return xml + "</row>"
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

/// The fixed parts of a one-sheet workbook.
enum XLSXParts {
  static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  static let relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
  static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

  static let contentTypes =
    header
    + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    + "<Default Extension=\"rels\" "
    + "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/"
    + "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
    + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/"
    + "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
    + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/"
    + "vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/></Types>"

  static let packageRelations =
    header
    + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    + "<Relationship Id=\"rId1\" Type=\"" + relations + "/officeDocument\" "
    + "Target=\"xl/workbook.xml\"/></Relationships>"

  static func workbook(sheet: String) -> String {
    header + "<workbook xmlns=\"" + main + "\" xmlns:r=\"" + relations + "\"><sheets>"
      + "<sheet name=\"" + HTML.escape(String(xmlSafe(sheet).prefix(31))) + "\" sheetId=\"1\" "
      + "r:id=\"rId1\"/></sheets></workbook>"
  }

  static let workbookRelations =
    header
    + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    + "<Relationship Id=\"rId1\" Type=\"" + relations + "/worksheet\" "
    + "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" + relations
    + "/styles\" Target=\"styles.xml\"/></Relationships>"

  /// Two cell formats: 0 plain, 1 bold (the header).
  static let styles =
    header + "<styleSheet xmlns=\"" + main + "\">"
    + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font>"
    + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
    + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
    + "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
    + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
    + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>"
    + "</cellStyleXfs><cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" "
    + "borderId=\"0\" xfId=\"0\"/><xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" "
    + "xfId=\"0\" applyFont=\"1\"/></cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" "
    + "xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>"

  /// Text without the control characters XML 1.0 cannot hold (they become U+FFFD).
  static func xmlSafe(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isForbidden) else { return text }
    return String(
      String.UnicodeScalarView(text.unicodeScalars.map { isForbidden($0) ? "\u{FFFD}" : $0 }))
  }

  private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r"
  }
}

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
    private var sheets: [SheetWriter] = []

    package init() {}

    package var isEmpty: Bool { names.isEmpty }

    package mutating func add(_ name: String, _ sheet: SheetWriter) {
      names.append(Self.sheetName(name, avoiding: names))
      sheets.append(sheet)
    }

    /// The workbook, in memory.
    package func finished() -> [UInt8] {
      var zip = ZipWriter()
      // Sheets kept in memory: a failure to read back a scratch file cannot happen.
      try? write(to: &zip)
      return (try? zip.finished()) ?? []
    }

    /// The workbook handed to `emit` piece by piece: a sheet spilled to a scratch file is read
    /// back a megabyte at a time, never held whole.
    package func write(emit: @escaping ([UInt8]) -> Void) throws(FileWriteError) {
      let size = sheets.reduce(0) { $0 + $1.size }
      guard size < Int(UInt32.max) - (1 << 20) else {
        throw FileWriteError(
          path: "(xlsx)",
          reason: "the workbook would pass 4 GiB, the most a zip without ZIP64 holds")
      }
      var zip = ZipWriter(emit: emit)
      try write(to: &zip)
      do {
        _ = try zip.finished()
      } catch {
        throw FileWriteError(path: "(xlsx)", reason: "too many sheets for one workbook")
      }
    }

    private func write(to zip: inout ZipWriter) throws(FileWriteError) {
      zip.add("[Content_Types].xml", Array(XLSXParts.contentTypes(sheets: names.count).utf8))
      zip.add("_rels/.rels", Array(XLSXParts.packageRelations.utf8))
      zip.add("xl/workbook.xml", Array(XLSXParts.workbook(sheets: names).utf8))
      zip.add(
        "xl/_rels/workbook.xml.rels",
        Array(XLSXParts.workbookRelations(sheets: names.count).utf8))
      zip.add("xl/styles.xml", Array(XLSXParts.styles.utf8))
      for (index, sheet) in sheets.enumerated() {
        try sheet.write(as: "xl/worksheets/sheet\(index + 1).xml", to: &zip)
      }
    }

    /// A name a spreadsheet accepts, unique among `taken` (compared ignoring case).
    package static func sheetName(_ wanted: String, avoiding taken: [String]) -> String {
      let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
      // Control characters go too: a sheet name is a name, not text to keep.
      var base = String(
        wanted.nfc.map {
          forbidden.contains($0) || $0.asciiValue.map { $0 < 0x20 } == true ? "_" : $0
        })
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
    /// Column letters as bytes, made as columns are first used.
    private var letters: [[UInt8]] = []
    /// Where the rows go past a megabyte, when the sheet may be long; `spilled` bytes are there.
    private let spill: SpillFile?
    private var spilled = 0
    private var failure: FileWriteError?

    /// A sheet with `table`'s header rows (and its layout); rows are appended after. With
    /// `spill`, rows past the first megabyte are kept in that scratch file, not in memory.
    package init(table: Table, headers: Table.Headers, spill: SpillFile? = nil) {
      self.table = table
      self.spill = spill
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

    private static let cellStart = Array("<c r=\"".utf8)
    private static let numberStart = Array("><v>".utf8)
    private static let numberEnd = Array("</v></c>".utf8)
    private static let textStart = Array(" t=\"inlineStr\"><is><t>".utf8)
    private static let preservedTextStart = Array(
      " t=\"inlineStr\"><is><t xml:space=\"preserve\">".utf8)
    private static let textEnd = Array("</t></is></c>".utf8)
    private static let rowEnd = Array("</row>".utf8)

    /// Appends a row of cells.
    package mutating func append(_ cells: [Table.Cell]) {
      for (index, cell) in cells.enumerated() {
        if index >= widths.count { widths.append(4) }
        // A cell no longer in bytes than the column is wide is no wider in characters.
        let text = cell.text
        if text.utf8.count > widths[index] {
          widths[index] = max(widths[index], text.unicodeScalars.count)
        }
      }
      appendRow(cells, style: .plain)
    }

    private mutating func appendRow(_ cells: [Table.Cell], style: Style, lines: Int = 1) {
      rowNumber += 1
      let number = Array(String(rowNumber).utf8)
      body += Array(
        (lines > 1
          ? "<row r=\"\(rowNumber)\" ht=\"\(15 * lines)\" customHeight=\"1\">"
          : "<row r=\"\(rowNumber)\">").utf8)
      for (index, cell) in cells.enumerated() {
        var cellStyle = style
        if style == .plain, table.layout.textColumns.contains(index) { cellStyle = .textFormat }
        let text: String
        var isNumber = false
        switch cell {
        case .number(let value):
          text = value
          isNumber = true
        case .text(let value): text = value
        case .toned(let value, let tone):
          text = value
          cellStyle = Style(tone)
        }
        guard !text.isEmpty else { continue }
        while letters.count <= index {
          letters.append(Array(XLSXWriter.columnName(letters.count).utf8))
        }
        body += Self.cellStart
        body += letters[index]
        body += number
        body += cellStyle.attributeBytes
        if isNumber {
          body += Self.numberStart
          XLSXParts.appendEscaped(text, to: &body)
          body += Self.numberEnd
          continue
        }
        // Spaces at either end are kept only when the cell says so.
        let edges = text.first?.isWhitespace == true || text.last?.isWhitespace == true
        body += edges ? Self.preservedTextStart : Self.textStart
        XLSXParts.appendEscaped(UnsafeText.spreadsheetCell(text), to: &body)
        body += Self.textEnd
      }
      body += Self.rowEnd
      if let spill, body.count >= 1 << 20, failure == nil {
        do {
          _ = try spill.append { $0 += body }
          spilled += body.count
          body.removeAll(keepingCapacity: true)
        } catch {
          failure = error
        }
      }
    }

    /// The size of the worksheet part.
    package var size: Int { parts().head.count + spilled + body.count + parts().tail.count }

    /// The worksheet part as one entry of `zip`: its head, the spilled rows read back a
    /// megabyte at a time (twice: once for the checksum, once to write), the rows in memory,
    /// its tail.
    package func write(as name: String, to zip: inout ZipWriter) throws(FileWriteError) {
      if let failure { throw failure }
      let (head, tail) = parts()
      func spilledPieces(_ each: ([UInt8]) -> Void) throws(FileWriteError) {
        guard let spill, spilled > 0 else { return }
        try spill.flush()
        var offset = 0
        var piece: [UInt8] = []
        while offset < spilled {
          piece.removeAll(keepingCapacity: true)
          let length = min(1 << 20, spilled - offset)
          try spill.read(offset: offset, length: length, appendingTo: &piece)
          each(piece)
          offset += length
        }
      }
      var crc = CRC32.Running()
      crc.update(head)
      try spilledPieces { crc.update($0) }
      crc.update(body)
      crc.update(tail)
      try zip.add(name, size: head.count + spilled + body.count + tail.count, crc: crc.checksum) {
        (write: ([UInt8]) -> Void) throws(FileWriteError) in
        write(head)
        try spilledPieces(write)
        write(body)
        write(tail)
      }
    }

    /// The worksheet part's head (up to the first row) and tail (after the last).
    private func parts() -> (head: [UInt8], tail: [UInt8]) {
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
      return (Array(xml.utf8), Array((tail + "</worksheet>").utf8))
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
        + XLSXParts.escaped(String(list.prefix(250))) + "\"</formula1></dataValidation>"
    }

    private func attribute(_ text: String, limit: Int) -> String {
      let cut = text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
      return XLSXParts.escaped(cut)
    }
  }

  /// The cell formats of ``XLSXParts/styles``, by index.
  package enum Style: Int {
    case plain = 0
    case header
    case labels
    case keys
    case textFormat
    case good
    case bad
    case warning

    package init(_ tone: Table.Tone) {
      switch tone {
      case .good: self = .good
      case .bad: self = .bad
      case .warning: self = .warning
      }
    }

    package var attribute: String { self == .plain ? "" : " s=\"\(rawValue)\"" }

    /// The closing `"` of a cell's reference, its style attribute, and nothing more (the
    /// element is closed by what follows).
    package var attributeBytes: [UInt8] { Array(("\"" + attribute).utf8) }
  }

  /// `A`, `B`, … `Z`, `AA`, … for a 0-based column.
  package static func columnName(_ index: Int) -> String {
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

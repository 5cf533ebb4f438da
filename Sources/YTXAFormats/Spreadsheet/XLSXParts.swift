/// The fixed parts of the workbooks ``XLSXWriter`` makes.
package enum XLSXParts {
  package static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  package static let relations =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
  package static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  private static let packageRelationsNamespace =
    "http://schemas.openxmlformats.org/package/2006/relationships"
  private static let officeType = "application/vnd.openxmlformats-officedocument.spreadsheetml"

  package static func contentTypes(sheets: Int) -> String {
    var xml =
      header
      + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      + "<Default Extension=\"rels\" "
      + "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(officeType).sheet.main+xml\"/>"
    for index in 1...max(sheets, 1) {
      xml +=
        "<Override PartName=\"/xl/worksheets/sheet\(index).xml\" "
        + "ContentType=\"\(officeType).worksheet+xml\"/>"
    }
    return xml
      + "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(officeType).styles+xml\"/></Types>"
  }

  package static let packageRelations =
    header + "<Relationships xmlns=\"\(packageRelationsNamespace)\">"
    + "<Relationship Id=\"rId1\" Type=\"" + relations + "/officeDocument\" "
    + "Target=\"xl/workbook.xml\"/></Relationships>"

  package static func workbook(sheets: [String]) -> String {
    var xml =
      header + "<workbook xmlns=\"" + main + "\" xmlns:r=\"" + relations + "\"><sheets>"
    for (index, name) in sheets.enumerated() {
      xml +=
        "<sheet name=\"" + escaped(name) + "\" sheetId=\"\(index + 1)\" "
        + "r:id=\"rId\(index + 1)\"/>"
    }
    return xml + "</sheets></workbook>"
  }

  package static func workbookRelations(sheets: Int) -> String {
    var xml = header + "<Relationships xmlns=\"\(packageRelationsNamespace)\">"
    for index in 1...max(sheets, 1) {
      xml +=
        "<Relationship Id=\"rId\(index)\" Type=\"" + relations + "/worksheet\" "
        + "Target=\"worksheets/sheet\(index).xml\"/>"
    }
    return xml
      + "<Relationship Id=\"rId\(sheets + 1)\" Type=\"" + relations
      + "/styles\" Target=\"styles.xml\"/></Relationships>"
  }

  /// The cell formats, in the order of ``XLSXWriter/Style``: plain; a header (bold, shaded,
  /// ruled below); a labels row (bold, wrapped, shaded); a keys row (small grey italics); text
  /// (`@`, so that a typed code keeps its zeros); good, bad and warning (green, red, amber).
  package static let styles: String = {
    let fonts = [
      "<sz val=\"11\"/><name val=\"Calibri\"/>",
      "<b/><sz val=\"11\"/><name val=\"Calibri\"/>",
      "<i/><sz val=\"9\"/><color rgb=\"FF808080\"/><name val=\"Calibri\"/>",
      "<sz val=\"11\"/><color rgb=\"FF006100\"/><name val=\"Calibri\"/>",
      "<sz val=\"11\"/><color rgb=\"FF9C0006\"/><name val=\"Calibri\"/>",
      "<sz val=\"11\"/><color rgb=\"FF9C5700\"/><name val=\"Calibri\"/>",
    ]
    let fills = ["FFDDEBF7", "FFF2F2F2", "FFC6EFCE", "FFFFC7CE", "FFFFEB9C"]
    // (font, fill, border, numFmt, wrap) per style; fill 0 is none, 1 gray125, 2… the above.
    let formats: [(Int, Int, Int, Int, Bool)] = [
      (0, 0, 0, 0, false), (1, 2, 1, 0, true), (1, 2, 1, 0, true), (2, 3, 0, 0, false),
      (0, 0, 0, 49, false), (3, 4, 0, 0, false), (4, 5, 0, 0, false), (5, 6, 0, 0, false),
    ]
    var xml =
      header + "<styleSheet xmlns=\"" + main + "\"><fonts count=\"\(fonts.count)\">"
      + fonts.map { "<font>\($0)</font>" }.joined() + "</fonts>"
      + "<fills count=\"\(fills.count + 2)\"><fill><patternFill patternType=\"none\"/></fill>"
      + "<fill><patternFill patternType=\"gray125\"/></fill>"
      + fills.map {
        "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"\($0)\"/>"
          + "<bgColor indexed=\"64\"/></patternFill></fill>"
      }.joined() + "</fills><borders count=\"2\">"
      + "<border><left/><right/><top/><bottom/><diagonal/></border>"
      + "<border><left/><right/><top/><bottom style=\"thin\"><color rgb=\"FF808080\"/></bottom>"
      + "<diagonal/></border></borders>"
      + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>"
      + "</cellStyleXfs><cellXfs count=\"\(formats.count)\">"
    for (font, fill, border, format, wrap) in formats {
      xml +=
        "<xf numFmtId=\"\(format)\" fontId=\"\(font)\" fillId=\"\(fill)\" borderId=\"\(border)\" "
        + "xfId=\"0\"" + (font > 0 ? " applyFont=\"1\"" : "") + (fill > 0 ? " applyFill=\"1\"" : "")
        + (border > 0 ? " applyBorder=\"1\"" : "") + (format > 0 ? " applyNumberFormat=\"1\"" : "")
        + (wrap
          ? " applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>" : "/>")
    }
    return xml
      + "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" "
      + "builtinId=\"0\"/></cellStyles></styleSheet>"
  }()

  /// `text` (in NFC) as XML character data or an attribute value: `&`, `<`, `>`, `"` and `'`
  /// as entities, the control characters XML 1.0 cannot hold as U+FFFD; appended as UTF-8.
  package static func appendEscaped(_ text: String, to out: inout [UInt8]) {
    var text = text.nfc
    // U+FFFE and U+FFFF (UTF-8 EF BF BE/BF) cannot be in XML either; a cell's text has them
    // escaped losslessly before (``UnsafeText/spreadsheetCell(_:)``), anything else has them
    // replaced.
    if text.utf8.contains(0xEF) {
      text = String(
        String.UnicodeScalarView(
          text.unicodeScalars.map { $0.value == 0xFFFE || $0.value == 0xFFFF ? "\u{FFFD}" : $0 }))
    }
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "&"): out += [0x26, 0x61, 0x6D, 0x70, 0x3B]  // &amp;
      case UInt8(ascii: "<"): out += [0x26, 0x6C, 0x74, 0x3B]  // &lt;
      case UInt8(ascii: ">"): out += [0x26, 0x67, 0x74, 0x3B]  // &gt;
      case UInt8(ascii: "\""): out += [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B]  // &quot;
      case UInt8(ascii: "'"): out += [0x26, 0x23, 0x33, 0x39, 0x3B]  // &#39;
      case 0x09, 0x0A, 0x0D: out.append(byte)
      case ..<0x20: out += [0xEF, 0xBF, 0xBD]  // U+FFFD
      default: out.append(byte)
      }
    }
  }

  /// `text` escaped as ``appendEscaped(_:to:)`` does.
  package static func escaped(_ text: String) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    appendEscaped(text, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }
}

import Foundation

/// The cells of an .xlsx workbook (Office Open XML SpreadsheetML), as the text a spreadsheet
/// holds: shared and inline strings as written (leading zeros kept), numbers as their stored
/// text, booleans as `1`/`0`, a formula cell as its cached value. Read from the zip container
/// (``ZipArchive``): the workbook's sheet list, its relationships to the sheet parts, the shared
/// strings, then one sheet's rows, gaps and all.
package struct XLSXWorkbook: Sendable {
  /// Why a workbook cannot be read.
  package struct Failure: Error, Sendable, Hashable {
    package var message: Message
  }

  /// One row: its number (1-based, as the sheet shows it) and its cells by column (0: A).
  package struct Row: Sendable, Hashable {
    package var number: Int
    package var cells: [Int: String]
  }

  /// The most a part held whole (the workbook, its relationships, the shared strings) may
  /// inflate to.
  package static let partLimit = 64 << 20
  /// The most a sheet may inflate to: it is read a piece at a time, so this bounds the time a
  /// sheet takes, not the memory.
  package static let sheetLimit = 1 << 30

  private let archive: ZipArchive
  /// The sheets in workbook order, with the part each is in.
  package let sheets: [(name: String, part: String)]
  private let sharedStrings: [String]

  package init(_ bytes: [UInt8]) throws(Failure) {
    do {
      archive = try ZipArchive(bytes)
    } catch {
      throw Failure(message: error.message)
    }
    let workbook = try Self.elements(archive, "xl/workbook.xml", named: ["sheet"])
    let relations = try Self.elements(
      archive, "xl/_rels/workbook.xml.rels", named: ["Relationship"])
    var targets: [String: String] = [:]
    for relation in relations {
      guard let id = relation["Id"], let target = relation["Target"] else { continue }
      targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    }
    var sheets: [(name: String, part: String)] = []
    var names: Set<String> = []
    var parts: [String: String] = [:]
    for sheet in workbook {
      guard let name = sheet["name"], let id = sheet["id"], let part = targets[id] else {
        throw Self.failure("danh sách trang tính bị hỏng", "the list of sheets is damaged")
      }
      guard names.insert(name).inserted else {
        throw Self.failure(
          "trang tính \"\(name.abbreviated)\" xuất hiện hai lần",
          "the sheet \"\(name.abbreviated)\" appears twice")
      }
      // Each sheet has its own part (as every spreadsheet writes them): one part behind many
      // sheets would be inflated and read once per sheet.
      if let other = parts.updateValue(name, forKey: part) {
        throw Self.failure(
          "trang tính \"\(name.abbreviated)\" và \"\(other.abbreviated)\" cùng trỏ tới phần \(part.abbreviated)",
          "the sheets \"\(other.abbreviated)\" and \"\(name.abbreviated)\" point at the same part \(part.abbreviated)"
        )
      }
      sheets.append((name, part))
    }
    guard !sheets.isEmpty else {
      throw Self.failure("sổ tính không có trang nào", "the workbook has no sheet")
    }
    self.sheets = sheets
    sharedStrings =
      archive.entry("xl/sharedStrings.xml") == nil
      ? [] : try Self.strings(archive, "xl/sharedStrings.xml")
  }

  /// The rows of the sheet called `name` (the first sheet when `nil`), all at once.
  package func rows(ofSheet name: String? = nil) throws(Failure) -> [Row] {
    let reader = try sheetReader(name)
    var rows: [Row] = []
    while let row = try reader.next() { rows.append(row) }
    return rows
  }

  /// A reader of the rows of the sheet called `name` (the first sheet when `nil`), one at a
  /// time.
  package func sheetReader(_ name: String? = nil) throws(Failure) -> SheetReader {
    guard let sheet = name.map({ wanted in sheets.first { $0.name == wanted } }) ?? sheets.first
    else {
      throw Self.failure(
        "không có trang tính \"\(name ?? "")\"; có: ", "no sheet \"\(name ?? "")\"; there are: ",
        appending: sheets.map(\.name).joined(separator: ", "))
    }
    guard let entry = archive.entry(sheet.part) else {
      throw Self.failure("thiếu phần \(sheet.part)", "the part \(sheet.part) is missing")
    }
    do {
      return SheetReader(
        sheet: sheet.name, entry: try archive.reader(entry, limit: Self.sheetLimit),
        sharedStrings: sharedStrings)
    } catch {
      throw Failure(message: "\(sheet.name): " + error.message)
    }
  }

  /// A number cell's value as a spreadsheet shows it: Excel stores a double with up to 17
  /// significant digits (`95.200000000000003`, `1E-3`) but shows and computes with 15, so the
  /// stored text is read to 15 significant digits, in plain decimal notation. A value already
  /// that short is returned as stored.
  package static func displayed(_ stored: String) -> String {
    let digits = stored.utf8.count { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    let isPlain = stored.utf8.allSatisfy {
      ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".")
        || $0 == UInt8(ascii: "-")
    }
    guard !isPlain || digits > 15, let value = Double(stored), value.isFinite,
      value == 0 || (1e-9...1e15).contains(abs(value))
    else { return stored }
    var text = String(format: "%.15g", value)
    if text.contains("e") {
      // %g chose an exponent (a small value, or 1E+15 itself): write it out with enough
      // places, never a negative count (which made a format string of the cell's text).
      let places = max(0, min(20, 14 - Int(log10(abs(value)).rounded(.down))))
      text = String(format: "%.\(places)f", value)
    }
    if text.contains(".") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return text
  }

  /// The 0-based column of a reference such as `B7` (`A` is 0; at most `XFD`).
  package static func column(of reference: String) -> Int? {
    var column = 0
    var letters = 0
    for byte in reference.utf8 {
      guard byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") else { break }
      column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
      letters += 1
    }
    guard letters > 0, letters <= 3, column <= 16_384 else { return nil }
    return column - 1
  }

  // MARK: Parts

  private static func part(_ archive: ZipArchive, _ name: String) throws(Failure) -> [UInt8] {
    guard let entry = archive.entry(name) else {
      throw failure("thiếu phần \(name)", "the part \(name) is missing")
    }
    do {
      return try archive.data(entry, limit: partLimit)
    } catch {
      throw Failure(message: error.message)
    }
  }

  /// The attributes of every element called one of `names` in a part.
  private static func elements(_ archive: ZipArchive, _ name: String, named names: Set<String>)
    throws(Failure) -> [[String: String]]
  {
    var reader = XMLReader(try part(archive, name))
    var found: [[String: String]] = []
    do {
      while let event = try reader.next() {
        if case .start(let element, let attributes, _) = event, names.contains(element) {
          found.append(attributes)
        }
      }
    } catch {
      throw Failure(message: "\(name): " + error.message)
    }
    return found
  }

  /// The shared strings: each `si`'s text runs joined (phonetic runs left out).
  private static func strings(_ archive: ZipArchive, _ name: String) throws(Failure) -> [String] {
    var reader = XMLReader(try part(archive, name))
    var strings: [String] = []
    var current = ""
    var inText = false
    var phonetic = 0
    do {
      while let event = try reader.next() {
        switch event {
        case .start("si", _, let isEmpty):
          current = ""
          if isEmpty { strings.append("") }
        case .start("rPh", _, false): phonetic += 1
        case .end("rPh"): phonetic -= 1
        case .start("t", _, false): inText = phonetic == 0
        case .end("t"): inText = false
        case .text(let text) where inText: current += text
        case .end("si"): strings.append(UnsafeText.spreadsheetText(current))
        default: break
        }
      }
    } catch {
      throw Failure(message: "\(name): " + error.message)
    }
    return strings
  }

  static func failure(_ vietnamese: String, _ english: String, appending tail: String = "")
    -> Failure
  {
    Failure(message: Message(vietnamese, english) + tail)
  }
}

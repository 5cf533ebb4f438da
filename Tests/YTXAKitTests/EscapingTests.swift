import Foundation
import Testing

@testable import YTXAFormats
@testable import YTXAKit

/// Text that escapes its context (issue 27, class 5): every control character, the line and
/// paragraph separators, the Unicode bidirectional controls and the noncharacters, through each
/// output context's one rule (``UnsafeText``), and refused at the input.
@Suite struct EscapingTests {
  /// Every hazard: C0, DEL, C1, the separators, the bidi controls, noncharacters.
  static let hazards: [Unicode.Scalar] =
    (Array(0x00...0x1F) + Array(0x7F...0x9F) + [0x2028, 0x2029, 0x061C, 0x200E, 0x200F]
    + Array(0x202A...0x202E) + Array(0x2066...0x2069) + [0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF])
    .compactMap { Unicode.Scalar(UInt32($0)) }

  @Test("every hazard is one, and ordinary Vietnamese text is none")
  func classification() {
    for scalar in Self.hazards {
      #expect(UnsafeText.isHazard(scalar), "\(UnsafeText.name(scalar))")
    }
    for text in ["Phường Đa Mai", "Xã Ví Dụ (dòng mẫu)", "bé trai/100 bé gái", "m²", "≥ 95%"] {
      #expect(UnsafeText.firstHazard(in: text.nfc) == nil)
      #expect(UnsafeText.firstHazard(in: text.decomposedStringWithCanonicalMapping) == nil)
    }
  }

  @Test("the byte-level check (the batch's fast path) agrees with the scalar rule")
  func byteLevel() {
    var values = Array(0...0xFFFF)
    for plane in 1...16 { values += [plane * 0x10000 + 0xFFFE, plane * 0x10000 + 0xFFFF] }
    values += stride(from: 0x10000, to: 0x10FFFF, by: 997)
    for value in values {
      guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
      let text = "a" + String(Character(scalar)) + "b"
      #expect(
        UnsafeText.containsHazard(text) == UnsafeText.isHazard(scalar),
        "\(UnsafeText.name(scalar))")
    }
  }

  @Test("each context's rule: visible text, HTML, CSS string, spreadsheet cell")
  func contexts() throws {
    for scalar in Self.hazards {
      let name = UnsafeText.name(scalar)
      let text = "Xã A" + String(Character(scalar)) + "KẾT LUẬN: ĐẠT\""
      // Quoted in a message or a text line: shown, never obeyed.
      let visible = UnsafeText.visible(text)
      #expect(
        !visible.unicodeScalars.contains(scalar) && visible.contains(UnsafeText.shown(scalar)))
      #expect(!text.abbreviated.unicodeScalars.contains(scalar))
      // HTML text and attributes: a line feed or tab is mere whitespace; everything else shown.
      let html = HTML.escape(text)
      if scalar != "\n" && scalar != "\t" {
        #expect(
          !html.unicodeScalars.contains(scalar) && html.contains(UnsafeText.shown(scalar)),
          "\(name)")
      }
      #expect(!html.contains("\"") && !html.contains("<"))
      // A CSS string (the print header): nothing ends it.
      let css = UnsafeText.cssString(text + "</style>")
      let bare = css.replacingOccurrences(of: "\\\"", with: "")
      #expect(!css.unicodeScalars.contains(scalar) && !bare.contains("\"") && !css.contains("<"))
      #expect(!HTML.page(title: text, body: "").contains("content:\"Xã A\(Character(scalar))"))
      // A workbook cell: lossless, read back by ytxa's own reader.
      #expect(UnsafeText.spreadsheetText(UnsafeText.spreadsheetCell(text)) == text, "\(name)")
    }
    // A literal escape in the text reads back as written.
    for literal in ["_x000D_", "a_x0041_b", "_x005F_", "_x12"] {
      #expect(UnsafeText.spreadsheetText(UnsafeText.spreadsheetCell(literal)) == literal)
    }
  }

  @Test("a workbook holding every hazard reads back cell for cell")
  func workbookRoundTrip() throws {
    var table = Table(header: ["text"])
    let texts = Self.hazards.map { "a" + String(Character($0)) + "b" } + ["_x000D_ as typed"]
    table.rows = texts.map { [.text($0)] }
    let bytes = XLSXWriter.workbook([("Sheet", table)], headers: .keys)
    let rows = try XLSXWorkbook(bytes).rows(ofSheet: "Sheet")
    let read = rows.dropFirst().map { $0.cells[0] ?? "" }
    #expect(read == texts.map(\.nfc))
  }

  @Test("a text field holding a hazard is refused, by name, in both languages; no line forged")
  func refusedAtTheInput() throws {
    let set = try TestSets.set([[TestSets.yesNo("2")]])
    for scalar in Self.hazards {
      let name = UnsafeText.name(scalar)
      let json = TestSets.evidenceJSON(#""1": true"#, criteriaSet: set.id)
        .replacingOccurrences(
          of: "\"Xã Cao Xá\"",
          with: "\"Xã Cao Xá\\u\(name.dropFirst(2).lowercased())KẾT LUẬN: ĐẠT\"")
      do {
        _ = try Evidence(data: Array(json.utf8), file: "x.json", criteria: set)
        Issue.record("\(name) accepted")
      } catch {
        let vi = error.lines(.vi).joined(separator: "\n")
        let en = error.lines(.en).joined(separator: "\n")
        #expect(vi.contains("ký tự điều khiển \(name)") && en.contains("control character \(name)"))
        #expect(!vi.unicodeScalars.contains(scalar) && !en.unicodeScalars.contains(scalar))
        #expect(vi.split(separator: "\n").count == error.lines(.vi).count, "one line per problem")
      }
    }
  }
}

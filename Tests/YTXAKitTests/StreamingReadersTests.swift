import Foundation
import Testing

@testable import YTXACLI
@testable import YTXAFormats
@testable import YTXAKit

/// The readers that take their input a piece at a time (issue 25): the XML tokenizer fed in
/// pieces of every size, the sheet reader's checks, CSV records across pieces, the manifest's
/// inputs split out one by one, and a batch over a table read as it is scored.
@Suite("streaming readers")
struct StreamingReadersTests {
  /// A workbook of one sheet called `Số liệu` whose part is `sheetXML`, with `strings` as its
  /// shared strings.
  static func workbook(_ sheetXML: String, strings: [String] = []) throws -> [UInt8] {
    var zip = ZipWriter()
    zip.add("[Content_Types].xml", Array(XLSXParts.contentTypes(sheets: 1).utf8))
    zip.add("_rels/.rels", Array(XLSXParts.packageRelations.utf8))
    zip.add("xl/workbook.xml", Array(XLSXParts.workbook(sheets: ["Số liệu"]).utf8))
    zip.add("xl/_rels/workbook.xml.rels", Array(XLSXParts.workbookRelations(sheets: 1).utf8))
    zip.add("xl/styles.xml", Array(XLSXParts.styles.utf8))
    if !strings.isEmpty {
      zip.add(
        "xl/sharedStrings.xml",
        Array(
          ("<sst xmlns=\"\(XLSXParts.main)\">"
            + strings.map { "<si><t>\(XLSXParts.escaped($0))</t></si>" }.joined() + "</sst>").utf8))
    }
    zip.add(
      "xl/worksheets/sheet1.xml",
      Array(
        ("<worksheet xmlns=\"\(XLSXParts.main)\"><sheetData>" + sheetXML
          + "</sheetData></worksheet>").utf8))
    return try zip.finished()
  }

  static func rows(_ sheetXML: String, strings: [String] = []) throws(XLSXWorkbook.Failure)
    -> [XLSXWorkbook.Row]
  {
    let bytes: [UInt8]
    do {
      bytes = try workbook(sheetXML, strings: strings)
    } catch {
      throw XLSXWorkbook.Failure(message: Message(verbatim: "zip"))
    }
    return try XLSXWorkbook(bytes).rows()
  }

  @Test("XML fed in pieces of every size gives the same tokens as fed whole")
  func tokenizerPieces() throws {
    let document = Array(
      ("<?xml version=\"1.0\"?><!-- a comment --><x:a k='&lt;v&#x1EA1;'>A&amp;B"
        + "<![CDATA[<raw>]]><b c=\"1\"/><row r=\"7\"><c r=\"B7\" t=\"s\"><v>0</v></c></row></x:a>")
        .utf8)
    func tokens(pieces size: Int) throws -> [String] {
      var tokenizer = XMLTokenizer()
      var out: [String] = []
      var start = 0
      while true {
        while let token = try tokenizer.next() {
          switch token {
          case .start(let name, let attributes, let isEmpty):
            out.append(
              "<\(tokenizer.text(of: name)) \(try tokenizer.attributes(in: attributes).sorted { $0.key < $1.key })\(isEmpty ? "/" : "")>"
            )
          case .end(let name): out.append("</\(tokenizer.text(of: name))>")
          case .text(let range, let isCDATA):
            out.append(
              isCDATA
                ? String(decoding: tokenizer.bytes[range], as: UTF8.self)
                : try tokenizer.text(range))
          }
        }
        if tokenizer.isAtEnd { break }
        if start >= document.count {
          tokenizer.finish()
        } else {
          tokenizer.feed(Array(document[start..<min(document.count, start + size)]))
          start += size
        }
      }
      return out
    }
    let whole = try tokens(pieces: document.count)
    #expect(whole.count == 12)
    for size in 1...40 { #expect(try tokens(pieces: size) == whole, "pieces of \(size)") }
  }

  @Test("XML that is not well formed is refused, whatever the pieces")
  func tokenizerRefuses() {
    let cases = [
      "<a><b></a></b>", "<a></a><b></b>", "<a>", "</a>", "text<a/>", "<a/>text", "<a k=v/>",
      "<!DOCTYPE a><a/>", "<a>\u{FFFD}</a>".replacingOccurrences(of: "\u{FFFD}", with: "&#xZZ;"),
      String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300), "",
    ]
    for text in cases {
      for size in [1, 3, 1000] {
        var tokenizer = XMLTokenizer()
        let bytes = Array(text.utf8)
        #expect(throws: XMLReader.Failure.self, "\(text.prefix(30)) in pieces of \(size)") {
          var start = 0
          while true {
            while let token = try tokenizer.next() {
              if case .text(let range, false) = token { _ = try tokenizer.text(range) }
            }
            if tokenizer.isAtEnd { return }
            if start >= bytes.count {
              tokenizer.finish()
            } else {
              tokenizer.feed(Array(bytes[start..<min(bytes.count, start + size)]))
              start += size
            }
          }
        }
      }
    }
    // Invalid UTF-8 in text.
    var tokenizer = XMLTokenizer()
    tokenizer.feed([0x3C, 0x61, 0x3E, 0xC3, 0x28, 0x3C, 0x2F, 0x61, 0x3E])
    tokenizer.finish()
    #expect(throws: XMLReader.Failure.self) {
      while let token = try tokenizer.next() {
        if case .text(let range, _) = token { _ = try tokenizer.text(range) }
      }
    }
  }

  @Test(
    "sheet rows: numbers range-checked, cells in order and of their type; each refusal names the cell"
  )
  func sheetChecks() throws {
    let good = try Self.rows(
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\"><v>95.200000000000003</v></c>"
        + "<c r=\"D1\" t=\"b\"><v>1</v></c><c r=\"E1\" t=\"inlineStr\"><is><r><t>Phường </t></r>"
        + "<r><t>Đa Mai</t></r></is></c></row><row r=\"3\"><c><v>-1E-3</v></c></row>",
      strings: ["07228"])
    #expect(good.map(\.number) == [1, 3])
    #expect(good[0].cells == [0: "07228", 2: "95.2", 3: "1", 4: "Phường Đa Mai"])
    #expect(good[1].cells == [0: "-0.001"])
    let refused: [(String, String)] = [
      ("<row r=\"9223372036854775807\"><c><v>1</v></c></row>", "row number"),
      ("<row r=\"0\"/>", "row number"),
      ("<row r=\"1048577\"/>", "row number"),
      ("<row r=\"-3\"/>", "row number"),
      ("<row r=\"5\"/><row r=\"5\"/>", "row 5 comes after row 5"),
      ("<row r=\"5\"/><row r=\"4\"/>", "row 4 comes after row 5"),
      ("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>", "invalid cell reference"),
      ("<row r=\"1\"><c r=\"B2\"><v>1</v></c></row>", "invalid cell reference"),
      (
        "<row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"B1\"><v>2</v></c></row>", "cell B1 comes twice"
      ),
      (
        "<row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>2</v></c></row>", "cell A1 comes twice"
      ),
      ("<row r=\"1\"><c r=\"A1\" t=\"b\"><v>yes</v></c></row>", "cell A1 is a true/false cell"),
      ("<row r=\"1\"><c r=\"A1\"><v>0x10</v></c></row>", "cell A1 is a number cell"),
      ("<row r=\"1\"><c r=\"A1\"><v>1</v><v>2</v></c></row>", "cell A1 holds two values"),
      ("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>4</v></c></row>", "cell A1 refers to a shared string"),
      ("<row r=\"1\"><c r=\"A1\" t=\"zz\"><v>4</v></c></row>", "cell A1 has an unknown type"),
      ("<row r=\"1\"><c r=\"A1\"><v>1</v></c>", "invalid XML"),
      ("<row r=\"1\"></c></row>", "invalid XML"),
    ]
    for (xml, expected) in refused {
      do {
        _ = try Self.rows(xml)
        Issue.record("accepted: \(xml)")
      } catch {
        #expect(error.message.english.contains("Số liệu"), "\(xml): \(error.message.english)")
        #expect(error.message.english.contains(expected), "\(xml): \(error.message.english)")
      }
    }
  }

  @Test(
    "CSV records read from pieces of every size are the records of the whole; a lone CR is refused")
  func csvPieces() throws {
    let text = Array(
      "\u{FEFF}a,b,c\r\n1,\"x,\"\"y\"\"\r\nz\",Phường Đa Mai\n\n2,,\"\"\r\n3,ở,\"ơ\"".utf8)
    let whole = try CSVReader(separator: UInt8(ascii: ",")).records(text)
    #expect(whole.map(\.line) == [1, 2, 5, 6])
    #expect(whole[1].fields == ["1", "x,\"y\"\r\nz", "Phường Đa Mai"])
    for size in 1...12 {
      var start = 0
      let stream = CSVReader.Stream(separator: UInt8(ascii: ",")) {
        () throws(CSVReader.SyntaxError) -> ArraySlice<UInt8>? in
        guard start < text.count else { return nil }
        defer { start += size }
        return text[start..<min(text.count, start + size)]
      }
      var records: [CSVReader.Record] = []
      while let record = try stream.next() { records.append(record) }
      #expect(records == whole, "pieces of \(size)")
    }
    #expect(throws: CSVReader.SyntaxError.self) {
      try CSVReader(separator: UInt8(ascii: ",")).records(Array("a,b\n96\r50,1\n".utf8))
    }
    // Not UTF-8 on line 3, whatever the pieces.
    let legacy = Array("a,b\n1,2\n3,".utf8) + [0xE0, 0x41] + Array("\n".utf8)
    for size in [1, 2, 5, 100] {
      var start = 0
      let stream = CSVReader.Stream(separator: UInt8(ascii: ",")) {
        () throws(CSVReader.SyntaxError) -> ArraySlice<UInt8>? in
        guard start < legacy.count else { return nil }
        defer { start += size }
        return legacy[start..<min(legacy.count, start + size)]
      }
      do {
        while try stream.next() != nil {}
        Issue.record("accepted in pieces of \(size)")
      } catch {
        #expect(error.isEncoding && error.line == 3, "pieces of \(size): line \(error.line)")
      }
    }
  }

  @Test("a manifest's inputs are handed out one by one; the rest reads as before; damage refused")
  func manifestSplitter() throws {
    let folder = try TemporaryFolder()
    try folder.write(
      """
      {"manifestVersion": 1, "engine": {"version": "x"}, "command": {"arguments": ["batch", "in"],
       "workingDirectory": "/w"}, "options": {"a": "b"}, "started": "s", "finished": "f",
       "criteria": [], "registry": null, "previous": null, "input": {"path": "in", "table": false},
       "inputs": [ {"path": "a \\"]}[,", "sha256": null, "bytes": null, "error": "x"},
         {"path": "b", "sha256": "\(String(repeating: "0", count: 64))", "bytes": 3} ],
       "outputs": [{"path": "results.jsonl", "sha256": "\(String(repeating: "1", count: 64))", "bytes": 1}]}
      """, to: "m.json")
    var seen: [String] = []
    let manifest = try RunManifest.stream(contentsOf: folder.path + "/m.json") {
      seen.append($0.path)
    }
    #expect(seen == ["a \"]}[,", "b"])
    #expect(manifest.inputs.isEmpty && manifest.outputs.map(\.path) == ["results.jsonl"])
    #expect(try RunManifest(contentsOf: folder.path + "/m.json").inputs.map(\.path) == seen)
    for damaged in [
      "\"inputs\": [1, 2]", "\"inputs\": [{\"path\": 1}]", "\"inputs\": [{\"path\": \"a\"",
      "\"inputs\": {}",
    ] {
      try folder.write(
        "{\"manifestVersion\": 1, " + damaged + "}", to: "bad.json")
      #expect(throws: ManifestError.self, "\(damaged)") {
        _ = try RunManifest.stream(contentsOf: folder.path + "/bad.json") { _ in }
      }
    }
  }

  @Test(
    "batch over a table damaged part way: the rows before are scored, the damage names its line")
  func damagedTable() throws {
    let (header, row) = try HardeningTests.templateRow()
    var rows: [[String: String]] = []
    for index in 0..<6 {
      var copy = row
      copy["commune_code"] = String(format: "%05d", 7000 + index)
      rows.append(copy)
    }
    var text = HardeningTests.csv(header, rows)
    // A quote left open on the fifth data row's line: rows 2 to 5 are read, then the damage.
    let lines = text.components(separatedBy: "\r\n")
    text = lines[0..<5].joined(separator: "\r\n") + "\r\n\"open," + lines[5] + "\r\n"
    let folder = try TemporaryFolder()
    try folder.write(text, to: "table.csv")
    let run = CLIRunner.run([
      "batch", folder.path + "/table.csv", "--out", folder.path + "/out", "--units", "off",
      "--lang", "en",
    ])
    #expect(run.code == 1, "\(run.err)")
    #expect(run.err.contains("table.csv:6: not valid CSV"), "\(run.err)")
    #expect(run.err.contains("the rows after it were not read"), "\(run.err)")
    let results = try String(contentsOfFile: folder.path + "/out/results.jsonl", encoding: .utf8)
    #expect(results.split(separator: "\n").count == 4)
  }

  @Test(
    "batch over a table with a header and no row: nothing written, exit 2, as for an empty folder")
  func headerOnlyTable() throws {
    let (header, _) = try HardeningTests.templateRow()
    let folder = try TemporaryFolder()
    try folder.write(HardeningTests.csv(header, []), to: "empty.csv")
    let run = CLIRunner.run([
      "batch", folder.path + "/empty.csv", "--out", folder.path + "/out", "--lang", "en",
    ])
    #expect(run.code == 2, "\(run.out) \(run.err)")
    #expect(run.err.contains("no evidence file under"), "\(run.err)")
    #expect(!FileManager.default.fileExists(atPath: folder.path + "/out"))
  }

  @Test("a cell is trimmed exactly as Foundation trims white space, with or without its fast path")
  func trimmedCells() {
    let spaces: [Unicode.Scalar] = [
      " ", "\t", "\u{00A0}", "\u{1680}", "\u{2000}", "\u{2005}", "\u{200A}", "\u{202F}",
      "\u{205F}", "\u{3000}", "\u{200B}", "\u{FEFF}", "\n",
    ]
    // Every scalar up to U+3000 (where all white space of Unicode lies) and U+FEFF, alone.
    for value in Array(0...0x3000) + [0xFEFF] {
      guard let scalar = Unicode.Scalar(value) else { continue }
      let text = "a" + String(scalar)
      #expect(text.trimmedCell == text.trimmingCharacters(in: .whitespaces), "U+\(value)")
    }
    let words = ["", "x", "Phường Đa Mai", "Ấp 3", "Xá", "07336", "KAD: không có", "ạ"]
    for word in words {
      for before in [nil] + spaces {
        for after in [nil] + spaces {
          let text = (before.map { String($0) } ?? "") + word + (after.map { String($0) } ?? "")
          #expect(
            text.trimmedCell == text.trimmingCharacters(in: .whitespaces),
            "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
      }
    }
  }
}

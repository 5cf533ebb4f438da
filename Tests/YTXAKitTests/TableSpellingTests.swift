import Foundation
import Testing

@testable import YTXAFormats
@testable import YTXAKit

/// Tables as people fill them (issue 26): what a person may type, and how a problem is told in
/// the sheet's words.
@Suite struct TableSpellingTests {
  /// The CSV template's example row (a fictitious commune with the best evidence) with some
  /// cells changed, written to a folder; its path.
  static func table(_ changes: [String: String], in folder: TemporaryFolder) throws -> String {
    let template = CLIRunner.run(["template", "--format", "csv"]).out
    var rows = template.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    func fields(_ row: String) -> [String] {
      String(row.drop { $0 == "\u{FEFF}" }.dropFirst().dropLast())
        .components(separatedBy: "\",\"")
    }
    let keys = fields(rows[1])
    var example = fields(rows[2])
    for (key, value) in changes {
      let column = try #require(keys.firstIndex(of: key), "\(key)")
      example[column] = value
    }
    example[try #require(keys.firstIndex(of: "commune_code"))] = "50001"
    rows[2] = "\"" + example.joined(separator: "\",\"") + "\""
    try folder.write(rows.joined(separator: "\r\n") + "\r\n", to: "r.csv")
    return folder.path + "/r.csv"
  }

  @Test(
    "accepted spellings: dates as dd/mm/yyyy or date cells, labels for keys, x/1/0 for yes/no",
    arguments: [
      ["assessed_on": "15/06/2026", "7": "Có bác sĩ cơ hữu", "5": "x"],
      ["assessed_on": "46188", "7": "co bac si co huu", "5": "1", "15": "0"],
      ["assessed_on": "2026-06-15", "7": "CO_HUU", "region": "Trung du và miền núi phía Bắc"],
      [
        "assessed_on": "5-6-2026",
        "1": "Có quyết định kiện toàn Ban Chỉ đạo còn hiệu lực; hop_dinh_ky",
      ],
    ])
  func accepted(changes: [String: String]) throws {
    let folder = try TemporaryFolder()
    let path = try Self.table(changes, in: folder)
    let run = CLIRunner.run(["check", path, "--units", "off", "--format", "json"])
    #expect(run.err.isEmpty, "\(run.err)")
    #expect(run.out.contains("\"assessedOn\": \"2026-"), "\(run.out.prefix(300))")
  }

  @Test("a share where a count is asked is refused with what to count, in both languages")
  func share() throws {
    let folder = try TemporaryFolder()
    for share in ["95%", "0.95", "0,95"] {
      let path = try Self.table(["3_num": share], in: folder)
      let vi = CLIRunner.run(["check", path, "--units", "off"])
      #expect(vi.code == 1)
      #expect(
        vi.err.contains(
          "ô Q3 (3. Tỷ lệ dân số tham gia bảo hiểm y tế — tử số): \"\(share)\" là một tỷ lệ; ô này "
            + "cần một số đếm (số nguyên): tử số là Số người tham gia bảo hiểm y tế, mẫu số là "
            + "Dân số của xã"), "\(vi.err)")
      let en = CLIRunner.run(["check", path, "--units", "off", "--lang", "en"])
      #expect(
        en.err.contains(
          "cell Q3 (3. Tỷ lệ dân số tham gia bảo hiểm y tế — tử số): \"\(share)\" is a share; "
            + "this cell needs a count (a whole number): the numerator is"), "\(en.err)")
    }
  }

  @Test("every problem of a row at once, in the sheet's words, the commune named once")
  func everyProblem() throws {
    let folder = try TemporaryFolder()
    let path = try Self.table(
      ["zone": "7", "region": "", "assessed_on": "32/01/2026", "5": "chắc có", "7": "hợp đồng"],
      in: folder)
    for (language, expected) in [
      (
        "vi",
        [
          "r.csv:3: Xã Ví Dụ (dòng mẫu, xóa trước khi dùng) (50001): 5 lỗi",
          "  - ô B3 (Ngày thẩm định (ngày/tháng/năm)): \"32/01/2026\" không phải là ngày; ghi ",
          "  - ô G3 (Vùng (1, 2, 3)): không có vùng 7; hợp lệ: 1, 2, 3",
          "  - ô H3 (Vùng kinh tế - xã hội): ô để trống; ghi vùng kinh tế - xã hội: TDMNPB",
          "  - ô V3 (5. ", "\"chắc có\" không phải có hay không",
          "  - ô AA3 (7. Trạm y tế có bác sĩ làm việc): \"hợp đồng\" không phải một lựa chọn của "
            + "chỉ tiêu này; ghi một trong: Có bác sĩ cơ hữu (co_huu)",
        ]
      ),
      (
        "en",
        [
          "r.csv:3: Xã Ví Dụ (dòng mẫu, xóa trước khi dùng) (50001): 5 problems",
          "  - cell G3 (Vùng (1, 2, 3)): vùng 7 does not exist; valid: 1, 2, 3",
          "  - cell H3 (Vùng kinh tế - xã hội): the cell is empty; write the socio-economic region",
          "is not an option of this indicator; write one of: ",
        ]
      ),
    ] {
      let run = CLIRunner.run(["check", path, "--units", "off", "--lang", language])
      #expect(run.code == 1)
      for text in expected { #expect(run.err.contains(text), "\(language): \(text)\n\(run.err)") }
      for engine in ["evidence.", "field ", "trường ", "commune.zone"] {
        #expect(!run.err.contains(engine), "\(language): \(engine)\n\(run.err)")
      }
    }
  }

  @Test("dates: dd/mm/yyyy, ISO, a date cell's serial (2000–2100 only); impossible days refused")
  func dates() {
    #expect(TableSpelling.day("15/06/2026")?.iso == "2026-06-15")
    #expect(TableSpelling.day("5.6.2026")?.iso == "2026-06-05")
    #expect(TableSpelling.day("46188")?.iso == "2026-06-15")
    #expect(TableSpelling.day("2026-06-15")?.iso == "2026-06-15")
    for refused in ["31/02/2026", "2026", "15/06/26", "+1/06/2026", "06/15/2026", "1e5", ""] {
      #expect(TableSpelling.day(refused) == nil, "\(refused)")
    }
  }

  @Test("labels match canonically (NFC, case, spaces), and without accents only when unambiguous")
  func labels() {
    let options = [(key: "co", label: "Có"), (key: "co_huu", label: "Có bác sĩ cơ hữu")]
    #expect(TableSpelling.match("co_huu", among: options) == .key("co_huu"))
    #expect(TableSpelling.match("  CÓ  BÁC SĨ cơ hữu ", among: options) == .key("co_huu"))
    #expect(
      TableSpelling.match(
        "Co\u{301} ba\u{301}c si\u{303} co\u{31B} hu\u{31B}\u{303}u", among: options)
        == .key("co_huu"), "decomposed (NFD) text")
    #expect(TableSpelling.match("Có", among: options) == .key("co"))
    let close = [(key: "a", label: "Cơ"), (key: "b", label: "Có")]
    #expect(TableSpelling.match("co", among: close) == .ambiguous(["a", "b"]))
    #expect(TableSpelling.match("không", among: options) == .none)
  }

  @Test("a path's folder and name, without Foundation's trap on one-character names")
  func pathParts() {
    #expect(PathParts.split("o") == (".", "o"))
    #expect(PathParts.split("out/") == (".", "out"))
    #expect(PathParts.split("a/b/c") == ("a/b", "c"))
    #expect(PathParts.split("/x") == ("/", "x"))
    #expect(PathParts.split("./o") == (".", "o"))
  }

  @Test("the template prefills the region from the province the unit lay in until 30/06/2025")
  func regions() {
    let run = CLIRunner.run(["template", "--province", "24", "--on", "2026-11-01"])
    let rows = run.out.components(separatedBy: "\r\n").dropFirst(2).filter { !$0.isEmpty }
    // Bắc Ninh since 1 July 2025: Bắc Giang's units (TDMNPB) and old Bắc Ninh's (DBSH).
    #expect(rows.count == 99)
    #expect(rows.count { $0.contains(",\"TDMNPB\",") } == 58)
    #expect(rows.count { $0.contains(",\"DBSH\",") } == 41)
  }
}

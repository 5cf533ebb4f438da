import Foundation
import Testing

@testable import YTXAFormats
@testable import YTXAKit

/// `ytxa council`: the round's communes, what each is proposed for from its history, and the
/// papers (Nghị định 30 layout, blanks where only people can write).
@Suite("council round") struct CouncilTests {
  static let samples = TestSets.root.appendingPathComponent("Samples/bac-giang").path

  @Test("kinds from the history: new, recognised again, maintained; withdrawal when in force")
  func kinds() throws {
    let run = CLIRunner.run([
      "council", Self.samples + "/2025", "--history", Self.samples, "--round", "2025-06",
      "--format", "json", "--issued", "2026-11-29",
    ])
    #expect(run.code == 0, "\(run.err)")
    guard case .object(let root)? = try? JSONParser.parse(Array(run.out.utf8)),
      case .array(let communes)? = root["communes"]
    else {
      Issue.record("not the council's JSON")
      return
    }
    var kinds: [String: String] = [:]
    for commune in communes {
      let object = commune.objectValue ?? JSONObject()
      kinds[object["code"]?.stringValue ?? ""] =
        object["kind"]?.stringValue ?? (object["withdraw"] == .bool(true) ? "withdraw" : "-")
    }
    // 07213 and 07336 passed in 2023, 07360 in 2024: in force in 2025, maintained.
    #expect(kinds["07213"] == "duy_tri" && kinds["07336"] == "duy_tri")
    #expect(kinds["07360"] == "duy_tri")
    // 07849 has no earlier evidence: new. 07441 passed in 2023 and fails now: withdrawal.
    #expect(kinds["07849"] == "moi" && kinds["07441"] == "withdraw")
    #expect(kinds["07885"] == "-", "fails, nothing in force")
    #expect(root["proposed"].map { "\($0)" }?.contains("07213") == true)
  }

  @Test("a lapsed or withdrawn recognition makes a pass 'recognised again'")
  func again() throws {
    let criteria = try CriteriaSet(
      data: Array(try Data(contentsOf: TestSets.bundledSetURL)), file: "qd-1300-2023.json")
    let evidence = try Evidence(
      data: Array(try Data(contentsOf: URL(fileURLWithPath: Self.samples + "/2025/07849.json"))),
      file: "07849.json", criteria: criteria)
    let check = CheckResult(evidence: evidence, criteria: criteria)
    let code = check.result.commune.code
    func kind(_ history: [(Int, Bool)]) -> CouncilRound.Kind? {
      CouncilRound(
        round: nil, checks: [(check, criteria)],
        history: history.map { CouncilRound.Past(code: code, year: $0.0, passed: $0.1) }
      ).entries[0].kind
    }
    #expect(kind([]) == .new)
    #expect(kind([(2023, true)]) == .maintained, "2023 holds through 2025")
    #expect(kind([(2022, true)]) == .again, "2022 held through 2024: lapsed")
    #expect(kind([(2023, true), (2024, false)]) == .again, "withdrawn in 2024")
    #expect(kind([(2026, true)]) == .new, "a later year is not history")
  }

  @Test("the papers: national motto block, blanks for numbers and signatures, a page each")
  func papers() {
    let html = CLIRunner.run([
      "council", Self.samples + "/2025", "--round", "2025-06", "--issued", "2026-11-29",
    ]).out
    #expect(html.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
    #expect(html.contains("Độc lập - Tự do - Hạnh phúc"))
    #expect(html.contains("Số: ……/BB-HĐTĐ") && html.contains("……, ngày … tháng … năm ……"))
    #expect(html.components(separatedBy: "BIÊN BẢN THẨM ĐỊNH").count - 1 == 12)
    #expect(html.contains("DANH SÁCH") && html.contains("BÁO CÁO"))
    #expect(html.contains("Lập bằng ytxa ngày 29/11/2026"))
    // A round with no commune is an error, not empty papers.
    let empty = CLIRunner.run([
      "council", Self.samples + "/2025", "--round", "2024-01", "--lang", "en",
    ])
    #expect(empty.code == 2 && empty.err.contains("no commune in the round 2024-01"))
    let bad = CLIRunner.run(["council", Self.samples + "/2025", "--round", "2025-13"])
    #expect(bad.code == 2 && bad.err.contains("--round"))
  }

  @Test(
    "papers a secretary signs: failing communes proposed on, blanks, the province, sources last")
  func signable() throws {
    let html = CLIRunner.run(["council", Self.samples + "/2025-12", "--round", "2025-12"]).out
    // The summary names the province and the round in words.
    #expect(html.contains("Kính gửi: Ủy ban nhân dân tỉnh Bắc Ninh."))
    #expect(html.contains("đợt tháng 12 năm 2025") && !html.contains("đợt 2025-12"))
    // Failing communes are listed with their reasons, and their minutes propose.
    #expect(html.contains("Xã chưa đạt, đề nghị chưa công nhận"))
    #expect(html.contains("Xã Tân Yên") && html.contains("Tổng điểm 79/100 dưới 80%"))
    #expect(html.components(separatedBy: "Đề nghị: chưa công nhận").count == 3, "two failing")
    // Every minutes has the blanks people fill and a closing line.
    let minutes = html.components(separatedBy: "BIÊN BẢN THẨM ĐỊNH").count - 1
    #expect(minutes == 4)
    for blank in [
      "Thời gian: …… giờ", "Địa điểm: ……", "Thành viên Hội đồng có mặt: ……",
      "Biên bản kết thúc lúc …… giờ",
    ] {
      #expect(html.components(separatedBy: blank).count - 1 == minutes, "\(blank)")
    }
    // Region names, not codes; no path or digest before the last page, "Nguồn dữ liệu".
    #expect(html.contains("Trung du và miền núi phía Bắc") && !html.contains("· TDMNPB ·"))
    let sources = try #require(html.range(of: "<h2>Nguồn dữ liệu</h2>"))
    let body = html[..<sources.lowerBound]
    #expect(!body.contains("SHA-256") && !body.contains(".json"))
    #expect(html[sources.upperBound...].contains("07339.json"))
    #expect(html[sources.upperBound...].contains("SHA-256"))
  }
}

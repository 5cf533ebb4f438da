import Foundation
import Testing

/// The built `ytxa` run as a process, as a user runs it.
@Suite(.serialized) struct EndToEndTests {
  static let samples = TestSets.root.appendingPathComponent("Samples/bac-giang/2025")

  @Test("score on every 2025 sample: the verdicts the samples were written for, exit 1")
  func scoreSamples() throws {
    let output = try CLIRunner.runProcess(["score", "--format", "json", Self.samples.path])
    #expect(output.code == 1)  // some samples fail on purpose
    let array = try #require(
      try JSONSerialization.jsonObject(with: Data(output.out.utf8)) as? [[String: Any]])
    var verdicts: [String: String] = [:]
    for object in array {
      let code = (object["commune"] as? [String: Any])?["code"] as? String ?? ""
      let reasons = (object["reasons"] as? [[String: String]] ?? []).map {
        [$0["kind"], $0["id"]].compactMap { $0 }.joined(separator: ":")
      }
      verdicts[code] = reasons.isEmpty ? "pass" : reasons.joined(separator: ",")
    }
    #expect(
      verdicts == [
        "07336": "pass",  // Cao Xá: 99/100
        "07360": "pass",  // Ngọc Thiện: 94/95, two n/a indicators
        "07213": "pass",  // Trần Phú (phường): indicator 9 n/a by type
        "07441": "total",  // Dĩnh Trì (phường since 2025): 77/98
        "07645": "criterion:3",  // An Lạc: criterion 3 at 3/12
        "07612": "knockout:7",  // Phượng Sơn: no doctor
        "07432": "pass",  // Tân Dĩnh: indicator 46 missing, criterion 10 at exactly 2/4
        "07294": "pass",  // Bố Hạ (thị trấn): exactly 80/100
        "07885": "total,criterion:5,criterion:10",  // Mai Đình
        "07849": "pass",  // Hùng Thái: 100/100
        "07789": "pass",  // Tăng Tiến
        "07462": "knockout:18,knockout:28",  // Bảo Đài: 18 missing, 28 no
      ])
    #expect(output.err.isEmpty)
  }

  @Test("the text report is Vietnamese and states the verdict, total and unverified count")
  func textReport() throws {
    let output = try CLIRunner.runProcess([
      "score", Self.samples.appendingPathComponent("07294.json").path,
    ])
    #expect(output.code == 0)
    #expect(output.out.contains("KẾT LUẬN: ĐẠT chuẩn quốc gia về y tế xã"))
    #expect(output.out.contains("Tổng điểm: 80/100 (80,0%) · yêu cầu ≥ 80% (80 điểm)"))
    #expect(output.out.contains("Lưu ý: 47/47 chỉ tiêu"))
    let english = try CLIRunner.runProcess([
      "score", "--lang", "en", Self.samples.appendingPathComponent("07612.json").path,
    ])
    #expect(english.code == 1)
    #expect(english.out.contains("VERDICT: DOES NOT MEET"))
    #expect(english.out.contains("Indicator 7 is a knock-out and scored 0"))
  }

  @Test("a copy of the binary run from another folder still finds the bundled criteria")
  func copiedBinary() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ytxa-copy-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let copy = folder.appendingPathComponent("ytxa")
    try FileManager.default.copyItem(at: CLIRunner.executable, to: copy)
    let output = try CLIRunner.runProcess(
      ["score", Self.samples.appendingPathComponent("07336.json").path], in: folder,
      executable: copy,
      environment: ["PATH": "/usr/bin:/bin"])
    #expect(output.code == 0, "\(output.err)")
    // A set that is not bundled: it says where it looked, the copy's own folder included.
    let text = try String(
      contentsOf: Self.samples.appendingPathComponent("07336.json"), encoding: .utf8
    )
    .replacing(#""criteriaSet": "qd-1300-2023""#, with: #""criteriaSet": "qd-9999""#)
    let evidence = folder.appendingPathComponent("other-set.json")
    try text.write(to: evidence, atomically: true, encoding: .utf8)
    // A Criteria folder in the working directory (or beside the evidence) is never searched,
    // even when it holds a file of the requested id.
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("Criteria"), withIntermediateDirectories: true)
    let lenient = try String(contentsOf: TestSets.bundledSetURL, encoding: .utf8)
      .replacing(#""id": "qd-1300-2023""#, with: #""id": "qd-9999""#)
    try lenient.write(
      to: folder.appendingPathComponent("Criteria/qd-9999.json"), atomically: true,
      encoding: .utf8)
    let lost = try CLIRunner.runProcess(
      ["score", evidence.path, "--lang", "en"], in: folder, executable: copy)
    #expect(lost.code == 1)
    #expect(lost.err.contains("\"qd-9999\" is not one of the bundled files declared in"))
    #expect(lost.err.contains("a file outside the bundle is used only when given with --criteria"))
  }

  @Test("an unreadable --criteria file is exit 2; a missing evidence file is exit 1")
  func unreadable() throws {
    let badCriteria = try CLIRunner.runProcess([
      "score", "--criteria", "/nonexistent.json",
      Self.samples.appendingPathComponent("07336.json").path, "--lang", "en",
    ])
    #expect(badCriteria.code == 2)
    #expect(badCriteria.err.contains("/nonexistent.json: cannot read the file"))
    let missing = try CLIRunner.runProcess(["score", "/nonexistent-evidence.json", "--lang", "en"])
    #expect(missing.code == 1)
    #expect(missing.err.contains("/nonexistent-evidence.json: cannot read the evidence file"))
  }
}

import Foundation
import Testing

@testable import YTXAFormats
@testable import YTXAKit

/// `ytxa criteria diff`: every kind of field a council member can edit, with the expected JSON
/// written by hand from the edits (not from the program's output).
@Suite struct CriteriaDiffTests {
  static let folder = TestSets.root.appendingPathComponent(
    "Tests/YTXAKitTests/Fixtures/criteria-diff")
  static let old = folder.appendingPathComponent("old.json").path
  static let new = folder.appendingPathComponent("new.json").path

  /// The diff's JSON without the two files' identities (paths and hashes), keys sorted.
  static func normalised(_ text: String) throws -> String {
    guard case .object(var object) = try JSONParser.parse(Array(text.utf8)) else {
      Issue.record("not an object")
      return ""
    }
    object.members.removeAll { $0.key == "old" || $0.key == "new" }
    return JSONOutput(.object(object)).compact()
  }

  /// new.json is old.json with these edits: set name, a second legal document, recognition
  /// 3 → 2 years, a region renamed; pass rule 80 → 75 %, knock-outs off; criterion 2 renamed
  /// (criterion 1's name rewritten in NFD: the same text); indicator 1: zone-1 top threshold
  /// 95 → 92, a second zone-2 band, knock-out on; indicator 2: a point moved between its items,
  /// confirmed with a source; indicator 3: choice y's key renamed w (choice x's 2 written 2.0:
  /// the same number); indicator 4: renamed, not applicable to thị trấn too; indicator 5: unit
  /// spelled m2, a region band's points 1 → 1.5.
  static let expected = #"""
    {"identical": false,
     "set": {"changes": [
       {"field": "name", "old": "Bộ thử", "new": "Bộ thử (đã hiệu chỉnh)"},
       {"field": "legalBasis[1]", "old": null,
        "new": {"number": "T/2", "date": "2024-01-01", "title": "Đính chính"}},
       {"field": "recognitionYears", "old": 3, "new": 2},
       {"field": "regions.DBSH.name", "old": "Đồng bằng", "new": "Đồng bằng sông Hồng"}]},
     "passRule": {"changes": [
       {"field": "totalPercent", "old": 80, "new": 75},
       {"field": "knockouts", "old": true, "new": false}]},
     "criteria": [{"id": "2", "changes": [
       {"field": "name", "old": "Khám chữa bệnh", "new": "Khám bệnh, chữa bệnh"}]}],
     "indicators": [
       {"id": "1", "changes": [
         {"field": "bandsByZone.1[0].threshold", "old": 95, "new": 92},
         {"field": "bandsByZone.2[1]", "old": null, "new": {"threshold": 85, "points": 2}},
         {"field": "knockout", "old": false, "new": true}]},
       {"id": "2", "changes": [
         {"field": "items.a.points", "old": 1, "new": 1.5},
         {"field": "items.b.points", "old": 1, "new": 0.5},
         {"field": "provenance.status", "old": "reconstructed", "new": "confirmed"},
         {"field": "provenance.confirmed", "old": [], "new": ["points"]},
         {"field": "provenance.source", "old": "Bảng tái dựng", "new": "T/1, Phụ lục, mục 2, tr. 5"}]},
       {"id": "3", "changes": [
         {"field": "choices.w", "old": null, "new": {"key": "w", "label": "Y", "points": 1}},
         {"field": "choices.y", "old": {"key": "y", "label": "Y", "points": 1}, "new": null}]},
       {"id": "4", "changes": [
         {"field": "name", "old": "Có/không", "new": "Có/không (mới)"},
         {"field": "notApplicable.communeTypes", "old": ["phuong"], "new": ["phuong", "thi_tran"]}]},
       {"id": "5", "changes": [
         {"field": "unit", "old": "m²", "new": "m2"},
         {"field": "bandsByRegion.TDMNPB[1].points", "old": 1, "new": 1.5}]}]}
    """#

  @Test func everyEditedFieldIsListedWithItsValues() throws {
    let result = CLIRunner.run(["criteria", "diff", Self.old, Self.new, "--format", "json"])
    #expect(result.code == 1)
    #expect(try Self.normalised(result.out) == Self.normalised(Self.expected))
    let object = try JSONParser.parse(Array(result.out.utf8)).objectValue
    #expect(object?["old"]?.objectValue?["unverified"] == .number("5"))
    #expect(object?["new"]?.objectValue?["unverified"] == .number("4"))
  }

  @Test func textNamesEachChangeInWords() {
    let result = CLIRunner.run(["criteria", "diff", Self.old, Self.new])
    #expect(result.code == 1)
    for line in [
      "  tổng điểm tối thiểu: 80% → 75%",
      "  mức 3 điểm vùng 1: ≥ 95% → ≥ 92%",
      "  mức 2 vùng 2: — → ≥ 85%: 2 điểm",
      "  điểm liệt: không → có",
      "  mục “Mục A” (a): 1 điểm → 1,5 điểm",
      "  nguồn gốc: tái dựng → đã đối chiếu",
      "  mức ≥ 200\u{00A0}m² vùng KT-XH TDMNPB: 1 điểm → 1,5 điểm",
    ] {
      #expect(result.out.contains(line + "\n"), "\(line)")
    }
    let english = CLIRunner.run(["criteria", "diff", Self.old, Self.new, "--lang", "en"])
    #expect(english.out.contains("  band of 3 points, zone 1: ≥ 95% → ≥ 92%\n"))
  }

  @Test func identicalFilesGiveExitZero() throws {
    let result = CLIRunner.run(["criteria", "diff", Self.old, Self.old, "--format", "json"])
    #expect(result.code == 0)
    #expect(
      try Self.normalised(result.out)
        == Self.normalised(
          #"{"identical": true, "set": {"changes": []}, "passRule": {"changes": []}, "criteria": [], "indicators": []}"#
        ))
    // The bundled set against a copy under another name: the ids are the same, the files are
    // taken as given.
    let copy = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ytxa-diff-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: copy) }
    try FileManager.default.copyItem(at: TestSets.bundledSetURL, to: copy)
    #expect(CLIRunner.run(["criteria", "diff", TestSets.bundledSetURL.path, copy.path]).code == 0)
  }

  /// Structure: an indicator moved to another criterion, its kind changed, one added.
  @Test func movedChangedAndAddedIndicators() throws {
    // moved.json: indicator 2 (2 points) leaves criterion 1 for criterion 2; indicator 4
    // becomes a choice; indicator 6 (yes/no, 1 point) is added to criterion 2.
    let moved = Self.folder.appendingPathComponent("moved.json").path
    let result = CLIRunner.run(["criteria", "diff", Self.old, moved, "--format", "json"])
    #expect(result.code == 1, "\(result.err)")
    let expected = #"""
      {"identical": false,
       "set": {"changes": [{"field": "totalPoints", "old": 10, "new": 11}]},
       "passRule": {"changes": []},
       "criteria": [
         {"id": "1", "changes": [{"field": "points", "old": 5, "new": 3}]},
         {"id": "2", "changes": [{"field": "points", "old": 5, "new": 8}]}],
       "indicators": [
         {"id": "2", "changes": [{"field": "criterion", "old": "1", "new": "2"}]},
         {"id": "4", "changes": [
           {"field": "kind", "old": "yesNo", "new": "choice"},
           {"field": "choices", "old": null,
            "new": [{"key": "co", "label": "Có", "points": 1}, {"key": "khong", "label": "Không", "points": 0}]}]},
         {"id": "6", "changes": [{"field": "indicator", "old": null,
           "new": {"id": "6", "name": "Mới", "points": 1, "kind": "yesNo", "knockout": false,
                   "provenance": {"status": "reconstructed", "source": "Bảng tái dựng"}}}]}]}
      """#
    #expect(try Self.normalised(result.out) == Self.normalised(expected))
    let text = CLIRunner.run(["criteria", "diff", Self.old, moved]).out
    #expect(text.contains("  thuộc tiêu chí: “1” → “2”\n"))
  }

  @Test func anInvalidOrMissingFileIsExitTwo() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ytxa-diff-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: path) }
    let source = try String(contentsOfFile: Self.old, encoding: .utf8)
    try Data(
      source.replacingOccurrences(of: #""totalPoints": 10"#, with: #""totalPoints": 12"#).utf8
    )
    .write(to: path)
    let invalid = CLIRunner.run(["criteria", "diff", Self.old, path.path])
    #expect(invalid.code == 2)
    #expect(invalid.err.contains("totalPoints"), "\(invalid.err)")
    #expect(CLIRunner.run(["criteria", "diff", Self.old, "/nonexistent.json"]).code == 2)
  }

  @Test func aConfirmedIndicatorNeedsASource() throws {
    let source = try String(contentsOfFile: Self.new, encoding: .utf8)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ytxa-diff-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: path) }
    try Data(
      source.replacingOccurrences(
        of: #""T/1, Phụ lục, mục 2, tr. 5""#, with: #""Phụ lục chính thức""#
      ).utf8
    ).write(to: path)
    let result = CLIRunner.run(["criteria", "validate", path.path, "--lang", "en"])
    #expect(result.code == 2)
    #expect(result.err.contains("criteria[0].indicators[1].provenance.source"), "\(result.err)")
    #expect(result.err.contains("a confirmed indicator must cite its source"))
  }
}

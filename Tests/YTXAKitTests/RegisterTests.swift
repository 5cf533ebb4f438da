import Foundation
import Testing

@testable import YTXACLI
@testable import YTXAFormats
@testable import YTXAKit

/// The register of recognitions (interfaces §9): small registries worked out by hand, every bad
/// row `register check` refuses, and the illustrative sample.
@Suite("register of recognitions")
struct RegisterTests {
  static let header = "decision,signedOn,kind,commune_code,commune_name,validTo,note\n"
  static let sample = TestSets.root.path + "/Samples/bac-giang/register.csv"

  static func register(_ rows: String, today: String = "2026-12-01") throws -> Register {
    let folder = try TemporaryFolder()
    try folder.write(header + rows, to: "r.csv")
    let registry = try BundledFiles().unitRegistry()
    return Register(
      files: [folder.path + "/r.csv"], registry: registry, criteria: try TestSets.bundled(),
      today: try #require(Day(iso: today)))
  }

  static func recognised(
    _ register: Register, _ code: String, on day: String,
    policy: MergePolicy = .reassess
  ) throws -> Bool {
    let registry = try BundledFiles().unitRegistry()
    let recognition = register.recognition(registry: registry, policy: policy, validity: 3)
    let date = try #require(Day(iso: day))
    guard case .unit(let unit) = registry.lookup(try #require(CommuneCode(code)), on: date) else {
      return false
    }
    return recognition.isRecognised(unit, on: date)
  }

  @Test("a recognition signed in January counts from its day, for that year, not the round's")
  func januarySigning() throws {
    let register = try Self.register("1/QĐ-UBND,15/01/2024,công nhận,07336,Xã Cao Xá,,\n")
    #expect(register.errors.isEmpty, "\(register.errors)")
    #expect(try !Self.recognised(register, "07336", on: "2023-12-31"), "the round's year")
    #expect(try !Self.recognised(register, "07336", on: "2024-01-14"))
    #expect(try Self.recognised(register, "07336", on: "2024-01-15"))
    // 2024 + 3 - 1 = 2026, but Xã Cao Xá itself ends on 30/06/2025 (merged under reassess).
    #expect(try Self.recognised(register, "07336", on: "2025-06-30"))
  }

  @Test("a withdrawal ends recognition on its day; a stated last day is an expiry")
  func withdrawalAndExpiry() throws {
    let register = try Self.register(
      "1/QĐ-UBND,2024-01-15,recognition,07360,Xã Ngọc Thiện,,\n"
        + "2/QĐ-UBND,2024-09-10,withdrawal,07360,Xã Ngọc Thiện,,\n"
        + "3/QĐ-UBND,2024-02-01,recognition,07336,Xã Cao Xá,2024-05-31,\n")
    #expect(register.errors.isEmpty, "\(register.errors)")
    #expect(try Self.recognised(register, "07360", on: "2024-09-09"))
    #expect(try !Self.recognised(register, "07360", on: "2024-09-10"))
    #expect(try Self.recognised(register, "07336", on: "2024-05-31"))
    #expect(try !Self.recognised(register, "07336", on: "2024-06-01"))
    #expect(register.decisions.first { $0.communeCode.digits == "07336" }?.validToRule == "stated")
    #expect(
      register.decisions.first { $0.communeCode.digits == "07360" }?.validToRule
        == "recognitionYears")
  }

  @Test("across a nominal change recognition carries; across a merger the policy decides")
  func acrossChanges() throws {
    let register = try Self.register(
      try String(contentsOfFile: Self.sample, encoding: .utf8)
        .split(separator: "\n").dropFirst(3).joined(separator: "\n") + "\n")
    #expect(register.errors.isEmpty, "\(register.errors)")
    // 07441 Xã Dĩnh Trì became Phường Dĩnh Trì on 01/01/2025 (the same territory): carried,
    // until its withdrawal on 20/06/2025.
    #expect(try Self.recognised(register, "07441", on: "2025-03-01"))
    #expect(try !Self.recognised(register, "07441", on: "2025-06-20"))
    // 07339 Xã Tân Yên was formed on 01/07/2025 from four units, all recognised the day before.
    #expect(try !Self.recognised(register, "07339", on: "2025-07-01", policy: .reassess))
    #expect(try Self.recognised(register, "07339", on: "2025-07-01", policy: .inherit))
    // Until the earliest expiry among them: Xã Cao Xá's, signed in 2024, 31/12/2026.
    #expect(try Self.recognised(register, "07339", on: "2026-12-31", policy: .inherit))
    #expect(try !Self.recognised(register, "07339", on: "2027-01-01", policy: .inherit))
  }

  @Test("register check names every bad row: file, row, field, and what would be valid")
  func badRows() throws {
    let folder = try TemporaryFolder()
    try folder.write(
      Self.header
        + "1/QĐ-UBND,2024-01-15,recognition,07213,Phường Trần Phú,,\n"  // 2: valid
        + "1/QĐ-UBND,2024-01-15,recognition,07213,Phường Trần Phú,,\n"  // 3: repeat
        + "2/QĐ-UBND,2024-02-01,withdrawal,07336,Xã Cao Xá,,\n"  // 4: not recognised
        + "3/QĐ-UBND,2022-05-01,recognition,07360,Xã Ngọc Thiện,,\n"  // 5: before the set
        + "4/QĐ-UBND,2099-01-01,recognition,07360,Xã Ngọc Thiện,,\n"  // 6: after today
        + "5/QĐ-UBND,2024-03-01,re-recognition,07360,Xã Ngọc Thiện,,\n"  // 7: never recognised
        + "6/QĐ-UBND,2025-08-01,recognition,07213,Phường Trần Phú,,\n"  // 8: code gone
        + "7/QĐ-UBND,2024-03-01,tặng thưởng,07360,Xã Ngọc Thiện,,\n"  // 9: kind
        + "8/QĐ-UBND,31/02/2024,recognition,07360,Xã Ngọc Thiện,,\n"  // 10: date
        + "9/QĐ-UBND,2024-03-01,recognition,07360,Xã Ngọc Thiện Mới,,\n"  // 11: name (warning)
        + ",2024-03-01,recognition,7360,Xã Ngọc Thiện,2024-01-01,\n",  // 12: three problems
      to: "bad.csv")
    let run = CLIRunner.run(
      ["register", "check", folder.path + "/bad.csv", "--format", "json", "--lang", "en"])
    #expect(run.code == 2)
    let root = try #require(
      try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
    #expect(root["rows"] as? Int == 11)
    let errors = try #require(root["errors"] as? [[String: Any]])
    func error(_ row: Int, _ field: String) -> String? {
      errors.first { $0["row"] as? Int == row && $0["field"] as? String == field }?["message"]
        as? String
    }
    #expect(error(3, "decision")?.contains("is already at") == true, "\(errors)")
    #expect(error(4, "kind")?.contains("is not recognised that day") == true)
    #expect(error(5, "signedon")?.contains("before criteria set qd-1300-2023 took effect") == true)
    #expect(error(6, "signedon")?.contains("after today") == true)
    #expect(error(7, "kind")?.contains("never recognised before 2024-03-01") == true)
    #expect(
      error(8, "commune_code")?.contains("07210") == true,
      "\(String(describing: error(8, "commune_code")))")
    #expect(error(9, "kind")?.contains("write recognition (công nhận)") == true)
    #expect(error(10, "signedon")?.contains("is not a date") == true)
    #expect(error(12, "decision")?.contains("required") == true)
    #expect(error(12, "commune_code") != nil)
    #expect(error(12, "validto")?.contains("is before the day it was signed") == true)
    #expect(errors.allSatisfy { ($0["file"] as? String)?.hasSuffix("bad.csv") == true })
    let warnings = try #require(root["warnings"] as? [[String: Any]])
    #expect(
      warnings.contains {
        $0["row"] as? Int == 11 && $0["field"] as? String == "commune_name"
      }, "\(warnings)")
    // Text: one line per problem, naming the row.
    let text = CLIRunner.run(["register", "check", folder.path + "/bad.csv", "--lang", "en"])
    #expect(text.out.contains("bad.csv:4: kind: withdraws commune 07336"))
    #expect(text.out.contains("11 rows: 2 valid decisions · 12 errors · 1 warning."))
  }

  @Test("a workbook register: title rows above the keys, errors named by cell")
  func workbook() throws {
    let folder = try TemporaryFolder()
    var table = Table(header: Register.columns)
    table.rows = [
      ["1/QĐ-UBND", "15/01/2024", "công nhận", "07336", "Xã Cao Xá", "", ""].map { .text($0) },
      ["2/QĐ-UBND", "15/01/2024", "khen", "07336", "Xã Cao Xá", "", ""].map { .text($0) },
    ]
    let path = folder.path + "/r.xlsx"
    try Data(table.xlsx(sheet: "Sổ", headers: .keys)).write(to: URL(fileURLWithPath: path))
    let run = CLIRunner.run(["register", "check", path, "--format", "json"])
    #expect(run.code == 2)
    #expect(run.out.contains("\"cell\": \"C3\""), "\(run.out)")
    #expect(run.out.contains("\"rows\": 2"))
  }

  @Test("the sample register is valid, and show lists who is recognised on a day")
  func sample() throws {
    let check = CLIRunner.run(["register", "check", Self.sample])
    #expect(check.code == 0, "\(check.out)\(check.err)")
    let show = CLIRunner.run(
      ["register", "show", Self.sample, "--on", "2025-03-01", "--format", "json"])
    let rows = try #require(
      try JSONSerialization.jsonObject(with: Data(show.out.utf8)) as? [[String: Any]])
    let codes = rows.compactMap { ($0["commune"] as? [String: Any])?["code"] as? String }
    // 07213 was merged on 01/01/2025 (reassess: not recognised); 07441 carried.
    #expect(codes == ["07336", "07339", "07354", "07360", "07363", "07441"], "\(codes)")
    #expect(rows.allSatisfy { $0["validToRule"] as? String == "recognitionYears" })
    let lineage = CLIRunner.run(
      [
        "register", "show", Self.sample, "--commune", "07339", "--on-merge", "inherit", "--lang",
        "en",
      ])
    #expect(lineage.out.contains("07339 Xã Tân Yên: 2025-07-01 – 2026-12-31 — inherited from"))
  }

  @Test("roadmap --register alone: attainment from the decisions equals the hand count")
  func roadmapFromRegister() throws {
    func attained(_ policy: String) throws -> [String: [Int]] {
      let run = CLIRunner.run(
        [
          "roadmap", "--register", Self.sample, "--year", "2025", "--on-merge", policy,
          "--format", "json",
        ])
      #expect(run.code == 0, "\(run.err)")
      let root = try #require(
        try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
      #expect(root["recognitionFrom"] as? String == "register")
      var found: [String: [Int]] = [:]
      for district in root["districts"] as? [[String: Any]] ?? [] {
        let code = district["code"] as? String ?? ""
        found[code] = (district["years"] as? [[String: Any]] ?? []).compactMap {
          $0["attained"] as? Int
        }
      }
      return found
    }
    // By hand: 07213 Trần Phú and 07441 Dĩnh Trì (TP Bắc Giang), 07336 Cao Xá (Tân Yên),
    // signed 15/01/2024: none at the end of 2023, three at the end of 2024. In 2025 Trần Phú
    // is merged (01/01/2025), Dĩnh Trì withdrawn (20/06/2025), and every recognised unit of Tân
    // Yên merged on 01/07/2025 into Xã Tân Yên: nothing under reassess; under inherit Xã Tân
    // Yên holds the four plan communes it was formed from.
    let reassess = try attained("reassess")
    #expect(reassess["213"] == [0, 2, 0])
    #expect(reassess["216"] == [0, 1, 0])
    #expect(reassess["220"] == [0, 0, 0])
    let inherit = try attained("inherit")
    #expect(inherit["213"] == [0, 2, 0])
    #expect(inherit["216"] == [0, 1, 4])
    // Without a register every report says recognition was inferred from evidence.
    let inferred = CLIRunner.run(
      ["roadmap", "--evidence", TestSets.root.path + "/Samples/bac-giang", "--lang", "en"])
    #expect(inferred.out.contains("Recognition inferred from passing evidence"))
  }

  @Test("the council's draft decisions, filled, read back as a valid register (CSV and xlsx)")
  func councilDraftRoundTrip() throws {
    let folder = try TemporaryFolder()
    let samples = TestSets.root.path + "/Samples/bac-giang"
    let arguments = [
      "council", samples + "/2025", "--history", samples, "--round", "2025-06",
    ]
    let csv = CLIRunner.run(arguments + ["--format", "csv"])
    #expect(csv.code == 0, "\(csv.err)")
    // The office fills the number and the day of the signed decision.
    let filled = csv.out.replacingOccurrences(
      of: "\"\",\"\",\"", with: "\"88/QĐ-UBND\",\"25/06/2025\",\"")
    #expect(filled.components(separatedBy: "88/QĐ-UBND").count - 1 == 8, "\(filled)")
    try folder.write(filled, to: "draft.csv")
    // The decisions before the round, so that its re-recognitions and withdrawal have one.
    try folder.write(
      Self.header
        + ["07213,Phường Trần Phú", "07336,Xã Cao Xá", "07360,Xã Ngọc Thiện", "07441,Xã Dĩnh Trì"]
        .map { "1/QĐ-UBND,2024-01-15,recognition,\($0),,\n" }.joined(), to: "earlier.csv")
    let check = CLIRunner.run(
      [
        "register", "check", folder.path + "/earlier.csv", folder.path + "/draft.csv", "--lang",
        "en",
      ])
    #expect(check.code == 0, "\(check.out)")
    #expect(check.out.contains("12 rows: 12 valid decisions · 0 errors · 0 warnings."))
    // The workbook is a register too: left unfilled, only the number and the day are missing,
    // named by their cells.
    let xlsx = CLIRunner.runBinary(arguments + ["--format", "xlsx"])
    #expect(xlsx.code == 0)
    try Data(xlsx.out).write(to: URL(fileURLWithPath: folder.path + "/draft.xlsx"))
    let unfilled = CLIRunner.run(
      ["register", "check", folder.path + "/draft.xlsx", "--format", "json"])
    let root = try #require(
      try JSONSerialization.jsonObject(with: Data(unfilled.out.utf8)) as? [String: Any])
    let errors = try #require(root["errors"] as? [[String: Any]])
    #expect(root["rows"] as? Int == 8)
    #expect(Set(errors.compactMap { $0["field"] as? String }) == ["decision", "signedon"])
    #expect(errors.contains { $0["cell"] as? String == "A3" }, "\(errors)")
  }
}

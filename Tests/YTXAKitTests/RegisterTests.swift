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
    // By hand: the twelve of 0087 (20/01/2025) and those of 0112 (15/01/2024) still holding:
    // not 07204 and 07213 (merged on 01/01/2025, reassess), nor 07567 (withdrawn 20/01/2025).
    #expect(
      codes == [
        "07222", "07336", "07339", "07354", "07360", "07363", "07441", "07450", "07453", "07696",
        "07705", "07708", "07711", "07717", "07720", "07723", "07729",
      ], "\(codes)")
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
    let folder = try TemporaryFolder()
    try folder.write(
      Self.header + """
        0112/QĐ-UBND,15/01/2024,công nhận,07213,Phường Trần Phú,,
        0112/QĐ-UBND,15/01/2024,công nhận,07336,Xã Cao Xá,,
        0112/QĐ-UBND,15/01/2024,công nhận,07441,Xã Dĩnh Trì,,
        0087/QĐ-UBND,20/01/2025,công nhận,07360,Xã Ngọc Thiện,,
        0905/QĐ-UBND,20/06/2025,thu hồi,07441,Phường Dĩnh Trì,,
        0087/QĐ-UBND,20/01/2025,công nhận,07339,Thị trấn Cao Thượng,,
        0087/QĐ-UBND,20/01/2025,công nhận,07354,Xã Việt Lập,,
        0087/QĐ-UBND,20/01/2025,công nhận,07363,Xã Ngọc Lý,,

        """, to: "register.csv")
    func attained(_ policy: String) throws -> [String: [Int]] {
      let run = CLIRunner.run(
        [
          "roadmap", "--register", folder.path + "/register.csv", "--year", "2025", "--on-merge",
          policy, "--format", "json",
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

  /// The JSON a command prints, as a dictionary.
  static func json(_ run: CLIRunner.Output) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
  }

  @Test("roadmap with the register and evidence: passes awaiting a decision, and discrepancies")
  func roadmapRegisterAndEvidence() throws {
    let folder = try TemporaryFolder()
    let samples = TestSets.root.path + "/Samples/bac-giang"
    // The 2023 round's eight passes (assessed 31/12/2023), and a failure of 31/12/2024.
    try FileManager.default.createDirectory(
      atPath: folder.path + "/evidence", withIntermediateDirectories: true)
    for name in try FileManager.default.contentsOfDirectory(atPath: samples + "/2023") {
      try FileManager.default.copyItem(
        atPath: samples + "/2023/" + name, toPath: folder.path + "/evidence/" + name)
    }
    try FileManager.default.copyItem(
      atPath: samples + "/2024/07612.json", toPath: folder.path + "/evidence/07612-2024.json")
    // Seven of the eight decided on 15/01/2024 (07729 left without one), and a recognition of
    // 07612 whose round's evidence failed.
    try folder.write(
      Self.header
        + [
          "07204,Phường Trần Nguyên Hãn", "07213,Phường Trần Phú", "07336,Xã Cao Xá",
          "07441,Xã Dĩnh Trì", "07567,Xã Tân Hoa", "07696,Xã Đồng Sơn", "07711,Xã Tiền Phong",
        ].map { "0112/QĐ-UBND,15/01/2024,công nhận,\($0),,\n" }.joined()
        + "0087/QĐ-UBND,20/01/2025,công nhận,07612,Phường Phượng Sơn,,\n", to: "register.csv")
    let run = CLIRunner.run(
      [
        "roadmap", "--register", folder.path + "/register.csv", "--evidence",
        folder.path + "/evidence", "--format", "json", "--year", "2025",
      ])
    #expect(run.code == 0, "\(run.err)")
    let root = try Self.json(run)
    let years = try #require((root["province"] as? [String: Any])?["years"] as? [[String: Any]])
    // By hand: at the end of 2023 all eight passed and none is decided yet; at the end of 2024
    // only 07729 (its 2023 pass holds through 2025) still waits.
    #expect(years.map { $0["passedAwaitingDecision"] as? Int }.prefix(2) == [8, 1])
    #expect(years.map { $0["attained"] as? Int }.prefix(2) == [0, 7])
    let found = try #require(root["discrepancies"] as? [[String: Any]])
    let pairs = found.map {
      (($0["commune"] as? [String: Any])?["code"] as? String ?? "", $0["kind"] as? String ?? "")
    }
    #expect(pairs.map { $0.0 } == ["07612", "07729"], "\(found)")
    #expect(pairs.map { $0.1 } == ["decisionAfterFail", "passWithoutDecision"])
    #expect((found[0]["decision"] as? [String: Any])?["row"] as? Int == 9)
    // The text names the column and each discrepancy, naming the file and the decision.
    let text = CLIRunner.run(
      [
        "roadmap", "--register", folder.path + "/register.csv", "--evidence",
        folder.path + "/evidence", "--lang", "en",
      ])
    #expect(text.out.contains("Await = how many of them passed, no decision yet"))
    #expect(text.out.contains("2 discrepancies, warnings, not errors"))
    #expect(text.out.contains("decision 0087/QĐ-UBND of 2025-01-20 ("))
    #expect(text.out.contains("register.csv:9) recognises it, but the evidence of its round"))
    #expect(text.out.contains("07729.json, assessed on 2023-12-31: 99/100 points"))
    // Without evidence there is nothing to compare: no column, no discrepancies.
    let alone = try Self.json(
      CLIRunner.run(
        ["roadmap", "--register", folder.path + "/register.csv", "--format", "json"]))
    #expect(alone["discrepancies"] == nil)
  }

  @Test("council --register: the kind of each pass and the withdrawals come from the decisions")
  func councilFromRegister() throws {
    let folder = try TemporaryFolder()
    let samples = TestSets.root.path + "/Samples/bac-giang"
    try folder.write(
      Self.header
        + ["07213,Phường Trần Phú", "07336,Xã Cao Xá", "07441,Xã Dĩnh Trì", "07567,Xã Tân Hoa"]
        .map { "0112/QĐ-UBND,15/01/2024,công nhận,\($0),,\n" }.joined()
        + "0088/QĐ-UBND,20/01/2025,thu hồi,07567,Xã Tân Hoa,,\n", to: "register.csv")
    let arguments = [
      "council", samples + "/2025", samples + "/roadmap-2025", "--round", "2025-06",
      "--register", folder.path + "/register.csv",
    ]
    let run = CLIRunner.run(arguments + ["--format", "json"])
    #expect(run.code == 0, "\(run.err)")
    let root = try Self.json(run)
    #expect(root["recognitionFrom"] as? String == "register")
    var kinds: [String: String] = [:]
    for commune in root["communes"] as? [[String: Any]] ?? [] {
      if let kind = commune["kind"] as? String { kinds[commune["code"] as? String ?? ""] = kind }
    }
    // By hand: Cao Xá holds 0112 (maintained); Tân Hoa was withdrawn (recognised again); Trần
    // Phú is a unit formed on 01/01/2025 (reassess: new); Ngọc Thiện has no decision (new).
    #expect(kinds["07336"] == "duy_tri")
    #expect(kinds["07567"] == "cong_nhan_lai")
    #expect(kinds["07213"] == "moi")
    #expect(kinds["07360"] == "moi")
    // Dĩnh Trì fails while 0112 holds: proposed for withdrawal, citing the decision.
    #expect(root["withdrawals"] as? [String] == ["07441"])
    let html = CLIRunner.run(arguments + ["--lang", "en"])
    #expect(html.out.contains("Proposed for withdrawal of the recognition (decision 0112/QĐ-UBND"))
    #expect(html.out.contains("Recognition from the province&#39;s register of decisions"))
    // One source of earlier recognition at a time.
    let both = CLIRunner.run(arguments + ["--history", samples])
    #expect(both.code == 2)
    #expect(both.err.contains("--register"))
  }

  @Test("plan --register: recognised targets count the decisions")
  func planFromRegister() throws {
    let samples = TestSets.root.path + "/Samples/bac-giang"
    func recognised(_ extra: [String]) throws -> (from: String?, values: [Double]) {
      let run = CLIRunner.run(
        ["plan", "--plan", "tan-yen-2024", "--evidence", samples, "--format", "json"] + extra)
      let root = try Self.json(run)
      let target = (root["targets"] as? [[String: Any]])?.first {
        $0["kind"] as? String == "recognised"
      }
      let values = (target?["years"] as? [[String: Any]] ?? []).compactMap {
        ($0["value"] as? NSNumber)?.doubleValue
      }
      return (root["recognitionFrom"] as? String, values)
    }
    // By hand, of the 22 plan communes: at the end of 2024 only Cao Xá holds a decision (0112);
    // 0087's three are signed in 2025 and merge on 01/07/2025 (reassess): none at the end of
    // 2025.
    let fromRegister = try recognised(["--register", Self.sample])
    #expect(fromRegister.from == "register")
    #expect(fromRegister.values == [4.55, 0])
    let inferred = try recognised([])
    #expect(inferred.from == "evidence")
    #expect(inferred.values != fromRegister.values)
  }

  @Test("a register of many bad rows lists the first 1,000 errors and counts the rest")
  func manyBadRows() throws {
    let rows = (1...1005).map { "\($0)/QĐ-UBND,31/02/2024,công nhận,07336,Xã Cao Xá,,\n" }
    let register = try Self.register(rows.joined())
    #expect(register.errors.count == RejectedRows.listed)
    #expect(register.errorsNotListed == 5)
    #expect(register.errorCount == 1005)
    #expect(register.errors.first?.row == 2)
    let folder = try TemporaryFolder()
    try folder.write(Self.header + rows.joined(), to: "r.csv")
    let check = CLIRunner.run(["register", "check", folder.path + "/r.csv", "--lang", "en"])
    #expect(check.code == 2)
    #expect(
      check.out.contains("5 more errors and 0 more warnings are not (they are in the totals)"))
    #expect(check.out.contains("1005 rows: 0 valid decisions · 1005 errors · 0 warnings."))
    let json = try Self.json(
      CLIRunner.run(["register", "check", folder.path + "/r.csv", "--format", "json"]))
    #expect(json["errorsNotListed"] as? Int == 5)
    // show leaves them out, says so, and exits 1.
    let show = CLIRunner.run(["register", "show", folder.path + "/r.csv", "--lang", "en"])
    #expect(show.code == 1)
    #expect(show.err.contains("5 more rows with errors left out, not listed"))
  }

  @Test("a folder is its register files in name order; --format csv writes the valid rows again")
  func folderAndRows() throws {
    let sample = try String(
      contentsOfFile: TestSets.root.path + "/Samples/bac-giang/register.csv", encoding: .utf8)
    var lines = sample.components(separatedBy: "\n").filter { !$0.isEmpty }
    let keys = try #require(lines.firstIndex { $0.hasPrefix("decision,") })
    let header = lines[...keys].joined(separator: "\n") + "\n"
    lines.removeFirst(keys + 1)
    let folder = try TemporaryFolder()
    try FileManager.default.createDirectory(
      atPath: folder.path + "/register", withIntermediateDirectories: false)
    try folder.write(
      header + lines.prefix(10).joined(separator: "\n") + "\n", to: "register/000001.csv")
    try folder.write(
      header + lines.dropFirst(10).joined(separator: "\n") + "\n", to: "register/000002.csv")
    try folder.write("not a register", to: "register/.hidden")
    let whole = CLIRunner.run(
      [
        "register", "show", TestSets.root.path + "/Samples/bac-giang/register.csv", "--on",
        "2026-06-30", "--format", "json",
      ])
    let split = CLIRunner.run(
      ["register", "show", folder.path + "/register", "--on", "2026-06-30", "--format", "json"])
    #expect(whole.code == 0 && split.code == 0, "\(split.err)")
    let rows = CLIRunner.run(["register", "check", folder.path + "/register", "--format", "csv"])
    #expect(rows.code == 0, "\(rows.err)")
    try folder.write(rows.out, to: "again.csv")
    let again = CLIRunner.run(
      ["register", "show", folder.path + "/again.csv", "--on", "2026-06-30", "--format", "json"])
    // The same communes, decisions and days, whichever way the register is held.
    func decisions(_ json: String) -> [String] {
      let items =
        (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [[String: Any]] ?? []
      return items.map { item in
        let code = (item["commune"] as? [String: Any])?["code"] as? String ?? ""
        return "\(code)|\(item["decision"] ?? "")|\(item["validTo"] ?? "")"
      }
    }
    #expect(!decisions(whole.out).isEmpty)
    #expect(decisions(split.out) == decisions(whole.out))
    #expect(decisions(again.out) == decisions(whole.out))
  }
}

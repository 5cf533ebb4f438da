import Foundation
import Testing

@testable import YTXAFormats
@testable import YTXAKit

/// The bundled registry reproduces the official counts, and a malformed registry is refused with
/// its path and line.
@Suite("unit registry") struct UnitRegistryTests {
  static let registry: UnitRegistry = {
    do {
      return try BundledFiles().unitRegistry()
    } catch {
      fatalError("the bundled registry does not load: \(error)")
    }
  }()

  static func day(_ text: String) -> Day { Day(iso: text)! }

  var registry: UnitRegistry { Self.registry }

  func units(_ province: ProvinceCode, on date: String) -> [UnitRegistry.Unit] {
    registry.units(inForceOn: Self.day(date), province: province).map { registry.units[$0] }
  }

  @Test("national counts: 10,598 on 2023-04-10, 10,044 on 2025-03-01, 3,321 on 2025-07-01")
  func national() {
    #expect(registry.count(inForceOn: Self.day("2023-04-10")) == 10_598)
    #expect(registry.count(inForceOn: Self.day("2025-03-01")) == 10_044)
    #expect(registry.count(inForceOn: Self.day("2025-07-01")) == 3_321)
    #expect(registry.count(inForceOn: Self.day("2026-11-29")) == 3_321)
  }

  @Test("Bắc Giang on 2023-04-10: 10 districts and KH 115's 209 communes, district by district")
  func bacGiang2023() {
    let units = units("24", on: "2023-04-10")
    #expect(units.count == 209)
    var byDistrict: [String: Int] = [:]
    for unit in units { byDistrict[unit.district?.code.digits ?? "none", default: 0] += 1 }
    #expect(
      byDistrict == [
        "213": 16, "215": 19, "216": 22, "217": 21, "218": 25, "219": 29, "220": 17, "221": 18,
        "222": 17, "223": 25,
      ])
    #expect(units.allSatisfy { $0.province.name == "Tỉnh Bắc Giang" })
  }

  @Test("Bắc Giang: 192 units on 2025-03-01; Bắc Ninh: 99 on 2025-07-01, 58 only from Bắc Giang")
  func afterTheChanges() throws {
    let march = units("24", on: "2025-03-01")
    #expect(march.count == 192)
    #expect(Set(march.compactMap { $0.district?.code.digits }).count == 10)  // 221 gone, 224 new
    #expect(!march.contains { $0.district?.code.digits == "221" })
    let july = units("24", on: "2025-07-01")
    #expect(july.count == 99)
    #expect(july.filter { $0.type == .xa }.count == 66)
    #expect(july.filter { $0.type == .phuong }.count == 33)
    #expect(july.allSatisfy { $0.district == nil && $0.province.name == "Tỉnh Bắc Ninh" })
    let formerBacGiang = july.filter { unit in
      unit.predecessors.allSatisfy {
        registry.units[$0.unit].province.name == "Tỉnh Bắc Giang"
      }
    }
    #expect(formerBacGiang.count == 58)
    // None mixes former Bắc Giang and former Bắc Ninh communes.
    let mixed = july.filter { unit in
      Set(unit.predecessors.map { registry.units[$0.unit].province.name }).count > 1
    }
    #expect(mixed.isEmpty)
  }

  @Test("07204, 07207, 07231, 07210 and 07228 across 2025")
  func boundaries() throws {
    guard case .unit(let tranNguyenHan) = registry.lookup("07204", on: Self.day("2024-12-31"))
    else {
      Issue.record("07204 not in force on 2024-12-31")
      return
    }
    #expect(registry.units[tranNguyenHan].name == "Phường Trần Nguyên Hãn")
    #expect(registry.units[tranNguyenHan].district?.code == "213")
    #expect(registry.lookup("07204", on: Self.day("2025-01-01")) == .none)
    let successors = registry.units[tranNguyenHan].successors.map { registry.units[$0.unit] }
    #expect(successors.map(\.code) == ["07207"])
    #expect(successors.map(\.name) == ["Phường Ngô Quyền"])
    #expect(successors.first?.change == .territorial)
    guard case .unit(let dinhKe) = registry.lookup("07231", on: Self.day("2025-06-30")) else {
      Issue.record("07231 not in force on 2025-06-30")
      return
    }
    #expect(registry.lookup("07231", on: Self.day("2025-07-01")) == .none)
    let bacGiang = registry.units[dinhKe].successors.map { registry.units[$0.unit] }
    #expect(bacGiang.map(\.code) == ["07210"] && bacGiang.map(\.name) == ["Phường Bắc Giang"])
    let daMai = registry.units(withCode: "07228")
    #expect(daMai.count == 2)
    #expect(daMai.map(\.name) == ["Phường Đa Mai", "Phường Đa Mai"])
    #expect(daMai[0].certainLastDay == Self.day("2025-06-30"))
    #expect(daMai[1].certainFirstDay == Self.day("2025-07-01"))
    let names = daMai[1].predecessors.map { registry.units[$0.unit].name }
    #expect(names.contains("Xã Quế Nham"))
    #expect(
      Set(daMai[1].predecessors.compactMap { registry.units[$0.unit].district?.code.digits })
        == ["213", "216"])
  }

  @Test("changes are nominal or territorial as §5 defines them; unknown where the data is silent")
  func changes() throws {
    // Yên Dũng's communes moved to Thành phố Bắc Giang on 2025-01-01: the same territory.
    let moved = registry.units.filter {
      $0.certainFirstDay == Self.day("2025-01-01") && $0.predecessors.count == 1
    }
    #expect(!moved.isEmpty && moved.allSatisfy { $0.change == .nominal })
    // Outside Bắc Giang, a change between the two lists has no known date.
    let outside = registry.units.filter {
      if case .within = $0.start { return true }
      return false
    }
    #expect(!outside.isEmpty && outside.allSatisfy { $0.change == .unknown })
    #expect(
      outside.allSatisfy { $0.province.code != "24" || $0.province.name != "Tỉnh Bắc Giang" })
    // Resolving inside that window is uncertain, not an error.
    let unit = try #require(outside.first)
    let lookup = registry.lookup(unit.code, on: Self.day("2024-06-01"))
    guard case .uncertain(let candidates) = lookup else {
      Issue.record("expected an uncertain lookup, got \(lookup)")
      return
    }
    #expect(candidates.count >= 1)
  }

  // MARK: malformed registries

  static let header =
    "S\t2023-04-10\nW\t1\t2023-04-10\t2025-03-01\nP\t24\tTỉnh A\nD\t213\tHuyện B\n"

  static func refusal(_ units: String) -> UnitRegistryError? {
    do {
      _ = try UnitRegistry(text: header + units, file: "bad/registry.tsv")
      return nil
    } catch {
      return error
    }
  }

  @Test("a well-formed small registry loads, with successors and changes")
  func small() throws {
    let registry = try UnitRegistry(
      text: Self.header + "U\t00001\t\t2024-12-31\tx\tXã A\t0\t0\t\t\n"
        + "U\t00002\t\t2024-12-31\tx\tXã B\t0\t0\t\t\n"
        + "U\t00002\t2025-01-01\t\tp\tPhường B\t0\t0\t00001:w,00002:w\t\n",
      file: "ok.tsv")
    #expect(registry.units.count == 3)
    #expect(registry.units[0].successors.map(\.unit) == [2])
    #expect(registry.units[2].change == .territorial)
  }

  @Test(
    "malformed registries are refused with the path, the line and what is wrong",
    arguments: [
      // Two periods of one code overlap.
      (
        "U\t00001\t\t2025-06-30\tx\tXã A\t0\t0\t\t\nU\t00001\t2025-01-01\t\tx\tXã A\t0\t0\t00001:w\t\n",
        "overlaps"
      ),
      // A predecessor that does not exist.
      ("U\t00001\t2025-07-01\t\tx\tXã A\t\t0\t00009:w\t\n", "predecessor 00009"),
      // A predecessor that exists but does not end when the unit begins.
      (
        "U\t00009\t\t2025-03-30\tx\tXã Z\t0\t0\t\t\nU\t00001\t2025-07-01\t\tx\tXã A\t\t0\t00009:w\t\n",
        "predecessor 00009"
      ),
      // Ends before it begins.
      ("U\t00001\t2025-07-01\t2025-06-30\tx\tXã A\t\t0\t\t\n", "ends before it begins"),
      // Dates out of order between periods.
      (
        "U\t00001\t2025-01-01\t\tx\tXã A\t0\t0\t\t\nU\t00001\t2024-01-01\t2024-06-30\tx\tXã A\t0\t0\t\t\n",
        "overlaps"
      ),
      ("U\t00001\t2025-02-30\t\tx\tXã A\t0\t0\t\t\n", "is not a date"),
      ("U\t1\t\t\tx\tXã A\t0\t0\t\t\n", "5-digit commune code"),
      ("U\t00001\t\t\tq\tXã A\t0\t0\t\t\n", "type"),
      ("U\t00001\t\t\tx\tXã A\t7\t0\t\t\n", "not a D line"),
      ("U\t00001\t~2\t\tx\tXã A\t0\t0\t\t\n", "window ~2"),
      ("X\tfoo\n", "unknown line kind"),
    ])
  func malformed(_ units: String, _ expected: String) throws {
    let error = try #require(Self.refusal(units))
    #expect(error.description.hasPrefix("bad/registry.tsv:"), "\(error)")
    #expect(error.description.contains(expected), "\(error)")
  }

  @Test("CI's generator check: the committed registry is what the script makes of the sources")
  func generatorIsInStep() throws {
    let sources = TestSets.root.deletingLastPathComponent().appendingPathComponent(
      "shared/reference/units")
    guard FileManager.default.fileExists(atPath: sources.path) else { return }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", TestSets.root.appendingPathComponent("Criteria/units/generate.py").path,
      sources.path, "--check",
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
  }
}

/// `ytxa units show` and `ytxa units list`, against values checked by hand in the GSO lists and
/// the conversion table.
@Suite("units command") struct UnitsCommandTests {
  func json(_ arguments: [String]) throws -> Any {
    let run = CLIRunner.run(arguments)
    #expect(run.code == 0, "\(run.err)")
    return try JSONSerialization.jsonObject(with: Data(run.out.utf8))
  }

  @Test("units show 07228: the two Phường Đa Mai, linked, in the shape of §5")
  func showDaMai() throws {
    let units = try #require(
      try json(["units", "show", "07228", "--format", "json"]) as? [[String: Any]])
    #expect(units.count == 2)
    let old = units[0]
    #expect(old["name"] as? String == "Phường Đa Mai")
    #expect(old["type"] as? String == "phuong")
    #expect(old["validFrom"] is NSNull && old["recordedFrom"] as? String == "2023-04-10")
    #expect(old["validTo"] as? String == "2025-06-30")
    #expect(
      (old["district"] as? [String: String]) == ["code": "213", "name": "Thành phố Bắc Giang"])
    #expect((old["province"] as? [String: String]) == ["code": "24", "name": "Tỉnh Bắc Giang"])
    let new = units[1]
    #expect(new["validFrom"] as? String == "2025-07-01" && new["validTo"] is NSNull)
    #expect(new["district"] is NSNull)
    #expect((new["province"] as? [String: String]) == ["code": "24", "name": "Tỉnh Bắc Ninh"])
    #expect(new["change"] as? String == "territorial")
    let predecessors = try #require(new["predecessors"] as? [[String: Any]])
    // Mỹ Độ, Song Mai, Đa Mai, Quế Nham (Tân Yên), Tân Mỹ: all whole.
    #expect(
      predecessors.map { $0["code"] as? String } == ["07216", "07222", "07228", "07366", "07687"])
    #expect(predecessors.allSatisfy { $0["share"] as? String == "whole" })
    #expect(predecessors[3]["name"] as? String == "Xã Quế Nham")
    let successors = try #require(old["successors"] as? [[String: Any]])
    #expect(successors.map { $0["validFrom"] as? String } == ["2025-07-01"])
  }

  @Test("units show --on: one object; a day with no unit says what the code became, exit 1")
  func showOn() throws {
    let unit = try #require(
      try json(["units", "show", "07204", "--on", "2024-06-01", "--format", "json"])
        as? [String: Any])
    #expect(unit["name"] as? String == "Phường Trần Nguyên Hãn")
    let successors = try #require(unit["successors"] as? [[String: Any]])
    #expect(successors.map { $0["code"] as? String } == ["07207"])
    #expect(successors.first?["validFrom"] as? String == "2025-01-01")
    let gone = CLIRunner.run(["units", "show", "07204", "--on", "2025-01-01", "--lang", "en"])
    #expect(gone.code == 1)
    #expect(gone.err.contains("07204 was Phường Trần Nguyên Hãn until 31/12/2024"))
    let bad = CLIRunner.run(["units", "show", "07204", "--on", "2025-02-30"])
    #expect(bad.code == 2)
  }

  @Test("units list: TP Bắc Giang's 16 on 2023-04-10; Bắc Ninh's 99 on 2025-07-01 as CSV")
  func list() throws {
    let units = try #require(
      try json([
        "units", "list", "--province", "24", "--district", "213", "--on", "2023-04-10",
        "--format", "json",
      ]) as? [[String: Any]])
    #expect(units.count == 16)
    #expect(units.first?["code"] as? String == "07201")
    #expect(units.first?["name"] as? String == "Phường Thọ Xương")
    #expect(
      units.contains { $0["name"] as? String == "Xã Dĩnh Trì" && $0["type"] as? String == "xa" })
    let csv = CLIRunner.run([
      "units", "list", "--province", "24", "--on", "2025-07-01", "--format", "csv",
    ])
    let rows = csv.out.split(separator: "\r\n")
    #expect(rows.count == 100)
    #expect(rows[1].hasPrefix("\"07210\",\"Phường Bắc Giang\",\"phuong\",\"2025-07-01\""))
    // A unit whose first day the data does not give has an empty valid_from, as JSON's null.
    let hanoi = CLIRunner.run([
      "units", "list", "--province", "01", "--on", "2025-03-01", "--format", "csv",
    ]).out
    #expect(
      hanoi.contains("\"00181\",\"Phường Văn Miếu - Quốc Tử Giám\",\"phuong\",\"\",\"2025-06-30\""))
    let text = CLIRunner.run([
      "units", "list", "--province", "24", "--on", "2025-07-01", "--lang", "en",
    ])
    #expect(text.out.hasSuffix("99 units.\n"))
  }
}

/// Templates from the registry: what they hold, and that they come back in as evidence.
@Suite("templates from the registry") struct RegistryTemplateTests {
  @Test("JSON for one commune: the registry's block, every indicator null (missing), a guide")
  func json() throws {
    let run = CLIRunner.run([
      "template", "--format", "json", "--commune", "07210", "--on", "2026-06-15", "--lang", "en",
    ])
    #expect(run.code == 0)
    #expect(run.out.contains("\"assessedOn\": \"2026-06-15\""))
    #expect(run.out.contains("\"name\": \"Phường Bắc Giang\""))
    #expect(!run.out.contains("\"district\""), "no district since 2025-07-01")
    #expect(run.out.contains("\"47\": null"))
    #expect(run.err.contains("7. ") && run.err.contains("one of \"co_huu\""))
    let folder = try TemporaryFolder()
    let filled = run.out.replacingOccurrences(of: "\"zone\": null", with: "\"zone\": 2")
      .replacingOccurrences(of: "\"region\": null", with: "\"region\": \"TDMNPB\"")
    try folder.write(filled, to: "in/07210.json")
    // Read whole (score) and by the fast path (batch): every indicator missing, nothing refused.
    let score = CLIRunner.run(["score", folder.path + "/in/07210.json", "--format", "json"])
    #expect(score.err.isEmpty, "\(score.err)")
    let statuses = score.out.components(separatedBy: "\"status\": \"missing\"").count - 1
    #expect(statuses == 46, "46 missing and one not applicable to a phường")
    let batch = CLIRunner.run(["batch", folder.path + "/in", "--out", folder.path + "/out"])
    #expect(batch.code == 1)
    #expect(try folder.read("out/errors.jsonl").isEmpty)
    // A date when the code named no unit: said so.
    let none = CLIRunner.run([
      "template", "--format", "json", "--commune", "07204", "--on", "2025-03-01",
    ])
    // A usage error (exit 2, as the table of exit codes says), not a failing commune.
    #expect(none.code == 2 && none.err.contains("07207 Phường Ngô Quyền"))
    let province = CLIRunner.run(["template", "--province", "99", "--lang", "en"])
    #expect(province.code == 2 && province.err.contains("99"), "\(province.err)")
  }

  @Test("CSV for a province: one row per unit in force, commune columns from the registry")
  func csv() throws {
    let run = CLIRunner.run([
      "template", "--format", "csv", "--province", "24", "--on", "2025-03-01",
    ])
    let rows = run.out.split(separator: "\r\n")
    #expect(rows.count == 194, "the labels and keys rows and Bắc Giang's 192 units")
    #expect(rows[1].hasPrefix("\"year\",\"assessed_on\""))
    #expect(
      rows[2].hasPrefix("\"2025\",\"2025-03-01\",\"qd-1300-2023\",\"07201\",\"Phường Thọ Xương\""))
    let folder = try TemporaryFolder()
    // The region is prefilled from the province (Bắc Giang: TDMNPB); fill vùng, as the
    // department would; every indicator stays empty (missing).
    #expect(rows.dropFirst(2).allSatisfy { $0.contains("\",\"\",\"TDMNPB\",\"2") })
    let filled = run.out.replacingOccurrences(
      of: "\",\"\",\"TDMNPB\",\"2", with: "\",\"2\",\"TDMNPB\",\"2")
    try folder.write(filled, to: "units.csv")
    // No indicator filled: the rows are as the template gave them, not scored, not errors.
    let batch = CLIRunner.run(["batch", folder.path + "/units.csv", "--out", folder.path + "/out"])
    #expect(batch.code == 2)
    #expect(batch.err.contains("chưa dòng nào được điền: 192 dòng"), "\(batch.err)")
    // One document named on each row: every row is read and scored (its evidence missing).
    let named = filled.components(separatedBy: "\r\n").enumerated().map { index, row in
      index >= 2 && !row.isEmpty ? String(row.dropLast(2)) + "\"biên bản\"" : row
    }.joined(separator: "\r\n")
    try folder.write(named, to: "units.csv")
    let scored = CLIRunner.run([
      "batch", folder.path + "/units.csv", "--out", folder.path + "/out",
    ])
    #expect(scored.code == 1)
    #expect(try folder.read("out/errors.jsonl").isEmpty)
    #expect(try folder.read("out/results.jsonl").split(separator: "\n").count == 192)
  }
}

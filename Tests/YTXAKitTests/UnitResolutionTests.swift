import Foundation
import Testing

@testable import YTXAFormats
@testable import YTXAKit

/// Evidence resolved against the registry on its assessment date, at every boundary the issue
/// names (interfaces §5).
@Suite("unit resolution") struct UnitResolutionTests {
  static let resolver = UnitResolver(registry: UnitRegistryTests.registry)

  static func commune(
    _ code: CommuneCode, _ name: String, _ type: CommuneType = .phuong, district: District?,
    province: Province? = Province(code: "24", name: "Tỉnh Bắc Giang")
  ) -> Commune {
    Commune(
      code: code, name: name, type: type, zone: 2, region: "TDMNPB", district: district,
      province: province)
  }

  static let thanhPho = District(code: "213", name: "Thành phố Bắc Giang")
  static let bacNinh = Province(code: "24", name: "Tỉnh Bắc Ninh")

  func resolve(_ commune: Commune, on day: String) -> Result<
    UnitResolver.Resolution, UnitResolver.Problems
  > {
    Self.resolver.resolve(commune, on: UnitRegistryTests.day(day))
  }

  func messages(_ result: Result<UnitResolver.Resolution, UnitResolver.Problems>) -> String {
    switch result {
    case .success: ""
    case .failure(let problems): problems.list.map { "\($0.path): \($0.message.english)" }.joined()
    }
  }

  @Test("07204 on 2024-12-31 is Phường Trần Nguyên Hãn of 213; on 2025-01-01 merged into 07207")
  func tranNguyenHan() throws {
    let commune = Self.commune("07204", "Phường Trần Nguyên Hãn", district: Self.thanhPho)
    let before = try resolve(commune, on: "2024-12-31").get()
    #expect(before.warnings.isEmpty)
    #expect(before.unit.validTo == UnitRegistryTests.day("2024-12-31"))
    let after = messages(resolve(commune, on: "2025-01-01"))
    #expect(after.hasPrefix("commune.code: "))
    #expect(after.contains("07204 was Phường Trần Nguyên Hãn until 31/12/2024"))
    #expect(after.contains("since 01/01/2025 it is part of 07207 Phường Ngô Quyền"))
    #expect(after.contains("Use 07207, or set assessedOn before 01/01/2025"))
    // In Vietnamese, the user's language by default.
    let vi = Self.resolver.resolve(commune, on: UnitRegistryTests.day("2025-01-01"))
    guard case .failure(let problems) = vi else {
      Issue.record("accepted on 2025-01-01")
      return
    }
    #expect(
      problems.list[0].message.vietnamese.contains("07204 là Phường Trần Nguyên Hãn đến 31/12/2024")
    )
  }

  @Test("07231 on 2025-06-30 is Phường Dĩnh Kế; on 2025-07-01 part of 07210 Phường Bắc Giang")
  func dinhKe() throws {
    let commune = Self.commune("07231", "Phường Dĩnh Kế", district: Self.thanhPho)
    #expect(try resolve(commune, on: "2025-06-30").get().warnings.isEmpty)
    let after = messages(resolve(commune, on: "2025-07-01"))
    #expect(after.contains("07231 was Phường Dĩnh Kế until 30/06/2025"))
    #expect(after.contains("07210 Phường Bắc Giang"))
  }

  @Test("07228 names Phường Đa Mai of 213 until 2025-06-30 and a larger Phường Đa Mai after")
  func daMai() throws {
    let old = try resolve(
      Self.commune("07228", "Phường Đa Mai", district: Self.thanhPho), on: "2025-06-30"
    ).get()
    let new = try resolve(
      Self.commune("07228", "Phường Đa Mai", district: nil, province: Self.bacNinh),
      on: "2025-07-01"
    ).get()
    #expect(old.unit.index != new.unit.index)
    let registry = UnitRegistryTests.registry
    #expect(registry.units[new.unit.index].district == nil)
    #expect(
      registry.units[new.unit.index].predecessors.contains {
        registry.units[$0.unit].name == "Xã Quế Nham"
      })
    // The old unit on the new date is refused: it has a district no longer.
    let withDistrict = messages(
      resolve(Self.commune("07228", "Phường Đa Mai", district: Self.thanhPho), on: "2025-07-01"))
    #expect(withDistrict.hasPrefix("commune.district: "))
  }

  @Test("a 2026 file for 07210 without a district is accepted; with one it is refused")
  func bacGiang2026() throws {
    let plain = Self.commune("07210", "Phường Bắc Giang", district: nil, province: Self.bacNinh)
    let accepted = try resolve(plain, on: "2026-12-31").get()
    #expect(accepted.warnings.isEmpty)
    #expect(accepted.unit.validFrom == UnitRegistryTests.day("2025-07-01"))
    #expect(accepted.unit.validTo == nil)
    let refused = messages(
      resolve(
        Self.commune("07210", "Phường Bắc Giang", district: Self.thanhPho, province: Self.bacNinh),
        on: "2026-12-31"))
    #expect(refused.contains("commune.district: 07210 Phường Bắc Giang has no district"))
    // The province the registry has is required to match; its old name only warns.
    let oldName = try resolve(
      Self.commune("07210", "Phường Bắc Giang", district: nil), on: "2026-12-31"
    ).get()
    #expect(oldName.warnings.contains { $0.contains("commune.province.name") })
    let otherProvince = messages(
      resolve(
        Self.commune(
          "07210", "Phường Bắc Giang", district: nil,
          province: Province(code: "27", name: "Tỉnh Bắc Ninh")), on: "2026-12-31"))
    #expect(otherProvince.hasPrefix("commune.province.code: 27 is not the province"))
  }

  @Test("a name without its type word is the same name; a different name is a warning")
  func names() throws {
    let vietYen = District(code: "222", name: "Huyện Việt Yên")
    let short = try resolve(
      Self.commune("07783", "Hồng Thái", .xa, district: vietYen), on: "2023-12-31"
    ).get()
    #expect(short.warnings.isEmpty)
    let decomposed = try resolve(
      Self.commune(
        "07783", "xã hồng thái".decomposedStringWithCanonicalMapping, .xa, district: vietYen),
      on: "2023-12-31"
    ).get()
    #expect(decomposed.warnings.isEmpty)
    let other = try resolve(
      Self.commune("07783", "Xã An Lạc", .xa, district: vietYen), on: "2023-12-31"
    ).get()
    #expect(
      other.warnings.map(\.english) == [
        "commune.name \"Xã An Lạc\" differs from the registry's \"Xã Hồng Thái\""
      ])
    // A wrong district is an error naming the registry's district.
    let wrongDistrict = messages(
      resolve(
        Self.commune("07783", "Xã Hồng Thái", .xa, district: District(code: "220", name: "x")),
        on: "2023-12-31"))
    #expect(wrongDistrict.contains("the registry has 222 Huyện Việt Yên"))
    // So is a wrong type: it decides which indicators apply.
    let wrongType = messages(
      resolve(Self.commune("07783", "Xã Hồng Thái", .phuong, district: vietYen), on: "2023-12-31"))
    #expect(wrongType.hasPrefix("commune.type: phuong, but"))
  }

  @Test(
    "7210 is refused naming 07210; an unknown or reused code is refused; both paths check units")
  func cli() throws {
    let folder = try TemporaryFolder()
    let sample = try String(
      contentsOfFile: TestSets.root.appendingPathComponent("Samples/bac-giang/2026/07210.json")
        .path, encoding: .utf8)
    try folder.write(sample, to: "in/good.json")
    try folder.write(
      sample.replacingOccurrences(of: "\"07210\"", with: "\"7210\""), to: "in/short.json")
    try folder.write(
      sample.replacingOccurrences(of: "\"07210\"", with: "\"99999\""), to: "in/unknown.json")
    try folder.write(
      sample.replacingOccurrences(of: "\"2026-06-15\"", with: "\"2025-06-15\"")
        .replacingOccurrences(of: "\"year\": 2026", with: "\"year\": 2025"), to: "in/early.json")
    let score = CLIRunner.run(["score", folder.path + "/in", "--lang", "en"])
    #expect(score.code == 1)
    #expect(score.err.contains("did you mean \"07210\"?"))
    guard case .failure(let problem) = CommuneCode.parse("7228") else {
      Issue.record("7228 accepted")
      return
    }
    #expect(problem.message.contains("did you mean \"07228\"?"))
    #expect(score.err.contains("no unit has ever had the code 99999"))
    // In June 2025 the code named another unit, which had a district: a code is not a unit.
    #expect(
      score.err.contains("required: on 15/06/2025 07210 Phường Hoàng Văn Thụ was in district 213"))
    // The batch (fast path) refuses the same files with the same messages.
    let batch = CLIRunner.run([
      "batch", folder.path + "/in", "--out", folder.path + "/out", "--lang", "en",
    ])
    #expect(batch.code == 1)
    let errors = try folder.read("out/errors.jsonl")
    #expect(errors.contains("no unit has ever had the code 99999"))
    #expect(errors.contains("07210 Phường Hoàng Văn Thụ was in district 213"))
    let results = try folder.read("out/results.jsonl")
    #expect(results.contains(#""unit":{"validFrom":"2025-07-01","validTo":null}"#))
    #expect(results.contains(#""assessedOn":"2026-06-15","assessedOnDefaulted":false"#))
    #expect(results.contains(#""unitsChecked":true"#))
    // A registry that cannot be read is a usage error, before anything is scored or written.
    for command in [
      ["score", folder.path + "/in"], ["batch", folder.path + "/in", "--out", folder.path + "/o2"],
    ] {
      let run = CLIRunner.run(command + ["--units", folder.path + "/missing.tsv"])
      #expect(run.code == 2 && run.err.contains("missing.tsv"), "\(command[0]): \(run.err)")
    }
    #expect(!FileManager.default.fileExists(atPath: folder.path + "/o2"))
    // --units off: not checked, and said so.
    let off = CLIRunner.run([
      "score", folder.path + "/in/unknown.json", "--units", "off", "--format", "json",
    ])
    #expect(off.code == 0)
    #expect(off.out.contains("\"unitsChecked\": false"))
  }
}

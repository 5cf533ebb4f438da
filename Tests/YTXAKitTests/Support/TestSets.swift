import Foundation
import Testing

@testable import YTXAFormats
@testable import YTXAKit

/// Builds small criteria sets and evidence files as JSON text, so each test states exactly the
/// rules it exercises instead of depending on the bundled (reconstructed) data.
enum TestSets {
  /// An indicator as a JSON fragment without its `id` (numbered automatically).
  struct IndicatorJSON {
    var points: String
    var body: String
  }

  static let provenance = #""provenance": {"status": "reconstructed", "source": "test"}"#

  static func yesNo(_ points: String, knockout: Bool = false, notApplicableTo types: [String] = [])
    -> IndicatorJSON
  {
    let na =
      types.isEmpty
      ? ""
      : #", "notApplicable": {"communeTypes": [\#(types.map { "\"\($0)\"" }.joined(separator: ","))]}"#
    return IndicatorJSON(points: points, body: #""kind": "yesNo", "knockout": \#(knockout)\#(na)"#)
  }

  static func ratio(
    _ points: String, bands: String, direction: String = "higherIsBetter", unit: String = "percent",
    zeroDenominator: Bool = false, knockout: Bool = false
  ) -> IndicatorJSON {
    IndicatorJSON(
      points: points,
      body:
        #""kind": "ratio", "ratioUnit": "\#(unit)", "numerator": "n", "denominator": "d", "direction": "\#(direction)", \#(bands), "knockout": \#(knockout), "notApplicable": {"zeroDenominator": \#(zeroDenominator)}"#
    )
  }

  static func scale(
    _ kind: String, _ points: String, bands: String, direction: String = "higherIsBetter"
  )
    -> IndicatorJSON
  {
    IndicatorJSON(
      points: points,
      body:
        #""kind": "\#(kind)", "unit": "u", "direction": "\#(direction)", \#(bands), "knockout": false"#
    )
  }

  static func options(
    _ kind: String, _ points: String, _ options: [(String, String)], knockout: Bool = false
  )
    -> IndicatorJSON
  {
    let list = options.map { #"{"key": "\#($0.0)", "label": "L", "points": \#($0.1)}"# }.joined(
      separator: ", ")
    return IndicatorJSON(
      points: points,
      body:
        #""kind": "\#(kind)", "\#(kind == "choice" ? "choices" : "items")": [\#(list)], "knockout": \#(knockout)"#
    )
  }

  /// A whole criteria set; each inner array is one criterion. Points of criteria and the total
  /// are computed unless given.
  static func setJSON(
    _ criteria: [[IndicatorJSON]], id: String = "test-set", total: String? = nil,
    criterionPoints: [String]? = nil, ids: [String]? = nil
  ) -> String {
    var number = 0
    var criterionTexts: [String] = []
    var sum = Points.zero
    for (index, indicators) in criteria.enumerated() {
      var indicatorTexts: [String] = []
      var criterionSum = Points.zero
      for indicator in indicators {
        number += 1
        let id = ids.map { $0[number - 1] } ?? String(number)
        criterionSum += Points(ExactDecimal(literal: indicator.points)!) ?? .zero
        indicatorTexts.append(
          #"{"id": "\#(id)", "name": "I\#(id)", "points": \#(indicator.points), \#(indicator.body), \#(provenance)}"#
        )
      }
      sum += criterionSum
      let points = criterionPoints?[index] ?? criterionSum.description
      criterionTexts.append(
        #"{"id": "\#(index + 1)", "name": "C\#(index + 1)", "points": \#(points), "indicators": [\#(indicatorTexts.joined(separator: ",\n"))]}"#
      )
    }
    return #"""
      {"schemaVersion": 1, "id": "\#(id)", "name": "Test set",
       "legalBasis": [{"number": "T/1", "date": "2023-01-01", "title": "test"}],
       "effectiveDate": "2023-01-01", "totalPoints": \#(total ?? sum.description), "recognitionYears": 3,
       "passRule": {"totalPercent": 80, "criterionPercent": 50, "knockouts": true},
       "zones": [1, 2, 3],
       "regions": [{"code": "TDMNPB", "name": "R1"}, {"code": "DBSH", "name": "R2"}],
       "provenanceNote": "test",
       "criteria": [\#(criterionTexts.joined(separator: ",\n"))]}
      """#
  }

  static func set(_ criteria: [[IndicatorJSON]]) throws -> CriteriaSet {
    try CriteriaSet(data: Array(setJSON(criteria).utf8), file: "test-set.json")
  }

  /// An evidence file for `test-set`.
  static func evidenceJSON(
    _ evidence: String, zone: Int = 2, region: String = "TDMNPB", type: String = "xa",
    year: String = "2025", extra: String = "", criteriaSet: String = "test-set"
  ) -> String {
    #"""
    {"schemaVersion": 1, "criteriaSet": "\#(criteriaSet)", "year": \#(year),
     "commune": {"code": "07336", "name": "Xã Cao Xá", "type": "\#(type)", "zone": \#(zone), "region": "\#(region)",
                 "district": {"code": "216", "name": "Huyện Tân Yên"}},
     "evidence": {\#(evidence)}\#(extra)}
    """#
  }

  static func score(
    _ set: CriteriaSet, _ evidence: String, zone: Int = 2, region: String = "TDMNPB",
    type: String = "xa"
  )
    throws -> CommuneResult
  {
    let text = evidenceJSON(evidence, zone: zone, region: region, type: type)
    let parsed = try Evidence(data: Array(text.utf8), file: "e.json", criteria: set)
    return Scorer(criteria: set).score(parsed)
  }

  /// A problem as the tests compare it: indicator, field, and the message in each language.
  struct Problem: Equatable {
    var indicator: String?
    var field: String
    /// The English message.
    var message: String
    var vietnamese: String
  }

  /// The problems an evidence text is rejected with.
  static func problems(_ set: CriteriaSet, _ text: String) -> [Problem] {
    do {
      _ = try Evidence(data: Array(text.utf8), file: "bad.json", criteria: set)
      return []
    } catch {
      if case .invalid(_, _, let problems) = error {
        return problems.map {
          Problem(
            indicator: $0.indicator, field: $0.field, message: $0.message.english,
            vietnamese: $0.message.vietnamese)
        }
      }
      return [
        Problem(
          indicator: nil, field: "(parse)", message: error.lines(.en).joined(),
          vietnamese: error.lines(.vi).joined())
      ]
    }
  }

  /// The bundled criteria set's file.
  static var bundledSetURL: URL { root.appendingPathComponent("Criteria/qd-1300-2023.json") }

  /// Its SHA-256, as the system's `sha256sum` (an implementation independent of ytxa's) gives it.
  static let bundledSHA256: String = systemSHA256(bundledSetURL.path)

  /// `sha256sum FILE`'s digest.
  static func systemSHA256(_ path: String) -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    process.arguments = [path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try? process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(String(decoding: data, as: UTF8.self).prefix(64))
  }

  /// The package root (for bundled criteria and samples).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func bundled() throws -> CriteriaSet {
    try CriteriaSet(contentsOf: root.appendingPathComponent("Criteria/qd-1300-2023.json"))
  }
}

// Codes written as literals in tests (the tests name codes the rule accepts, or, in the sort
// test, codes whose rule does not matter).
extension CommuneCode: ExpressibleByStringLiteral {
  public init(stringLiteral value: String) { self.init(checkedDigits: value) }
}
extension DistrictCode: ExpressibleByStringLiteral {
  public init(stringLiteral value: String) { self.init(checkedDigits: value) }
}
extension ProvinceCode: ExpressibleByStringLiteral {
  public init(stringLiteral value: String) { self.init(checkedDigits: value) }
}

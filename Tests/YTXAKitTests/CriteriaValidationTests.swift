import Foundation
import Testing

@testable import YTXAFormats
@testable import YTXAKit

/// Every criteria-file error, each with its message checked; and the bundled set itself.
@Suite struct CriteriaValidationTests {
  typealias T = TestSets

  /// A problem as the tests compare it: the field and the English message.
  struct Found: Equatable {
    var path: String
    var message: String
  }

  func problems(_ text: String) -> [Found] {
    do {
      _ = try CriteriaSet(data: Array(text.utf8), file: "set.json")
      return []
    } catch {
      if case .invalid(_, let problems) = error {
        return problems.map { Found(path: $0.path, message: $0.message.english) }
      }
      return [Found(path: "(other)", message: error.text(.en))]
    }
  }

  static let bands = #""bands": [{"threshold": 95, "points": 2}, {"threshold": 90, "points": 1}]"#

  @Test("a well-formed small set loads")
  func valid() {
    #expect(problems(T.setJSON([[T.yesNo("2"), T.ratio("2", bands: Self.bands)]])).isEmpty)
  }

  @Test("the plausibility section: groups must name ratios, relations known groups, min ≤ max")
  func plausibility() {
    let base = T.setJSON([[T.yesNo("2"), T.ratio("2", bands: Self.bands)]])
    let section = #"""
      "plausibility": {"denominatorGroups": [
        {"key": "pop", "label": "P", "indicators": ["2"], "tolerancePercent": 5},
        {"key": "hh", "label": "H", "indicators": ["1"], "tolerancePercent": 5}],
       "denominatorRelations": [
        {"numerator": "pop", "denominator": "hx", "minimum": 8, "maximum": 2, "label": "x"}]},
      """#
    let text = base.replacingOccurrences(of: #""criteria": ["#, with: section + #""criteria": ["#)
    let found = problems(text)
    #expect(
      found.contains(
        Found(
          path: "plausibility.denominatorGroups[1].indicators[0]",
          message: "must be the id of a ratio indicator of this set, found a string")))
    #expect(
      found.contains(
        Found(
          path: "plausibility.denominatorRelations[0].denominator",
          message: "unknown group \"hx\" (did you mean \"hh\"?); groups: pop, hh")))
    #expect(
      found.contains(
        Found(
          path: "plausibility.denominatorRelations[0].maximum",
          message: "must not be below minimum 8")))
    let bundled = try? T.bundled()
    #expect(
      bundled?.plausibility.groups.map(\.key) == ["population", "households", "births", "infants"])
  }

  @Test("criterion points that are not the sum of its indicators")
  func criterionSum() {
    let found = problems(
      T.setJSON([[T.yesNo("2"), T.yesNo("3")]], total: "6", criterionPoints: ["6"]))
    #expect(
      found.contains(
        Found(
          path: "criteria[0].points",
          message: "criterion 1 declares 6 points but its indicators add up to 5")))
  }

  @Test("a total that is not the declared total")
  func totalSum() {
    let found = problems(T.setJSON([[T.yesNo("2")], [T.yesNo("3")]], total: "100"))
    #expect(
      found == [
        Found(path: "totalPoints", message: "declared 100 but the criteria add up to 5")
      ])
  }

  @Test("indicator numbers that repeat or skip")
  func numbering() {
    let repeated = problems(T.setJSON([[T.yesNo("1"), T.yesNo("1")]], ids: ["1", "1"]))
    #expect(
      repeated.contains {
        $0.path == "criteria[0].indicators[1].id"
          && $0.message.hasPrefix("indicator number 1 repeats")
      })
    let skipped = problems(T.setJSON([[T.yesNo("1"), T.yesNo("1")]], ids: ["1", "3"]))
    #expect(
      skipped == [
        Found(
          path: "criteria[0].indicators[1].id",
          message: "expected indicator 2, found 3 (number 2 is skipped)")
      ])
  }

  @Test("bands out of order, or worth more than the indicator")
  func bandOrder() {
    let unordered = problems(
      T.setJSON([
        [
          T.ratio(
            "2",
            bands: #""bands": [{"threshold": 90, "points": 2}, {"threshold": 95, "points": 1}]"#)
        ]
      ]))
    #expect(unordered.count == 1)
    #expect(unordered.first?.path == "criteria[0].indicators[0].bands[1]")
    #expect(unordered.first?.message.hasPrefix("bands must go from the best down") == true)
    let lower = problems(
      T.setJSON([
        [
          T.ratio(
            "2",
            bands: #""bands": [{"threshold": 24, "points": 2}, {"threshold": 20, "points": 1}]"#,
            direction: "lowerIsBetter")
        ]
      ]))
    #expect(lower.first?.path == "criteria[0].indicators[0].bands[1]")
    let tooMuch = problems(
      T.setJSON([[T.ratio("2", bands: #""bands": [{"threshold": 95, "points": 3}]"#)]]))
    #expect(
      tooMuch.contains(
        Found(
          path: "criteria[0].indicators[0].bands[0].points",
          message: "must be more than 0 and at most the indicator's 2 points, found 3")))
  }

  @Test("a vùng or region table that misses one")
  func zoneAndRegionCoverage() {
    let zones = problems(
      T.setJSON([
        [
          T.ratio(
            "2",
            bands:
              #""bandsByZone": {"1": [{"threshold": 95, "points": 2}], "2": [{"threshold": 90, "points": 2}]}"#
          )
        ]
      ]))
    #expect(
      zones == [
        Found(
          path: "criteria[0].indicators[0].bandsByZone.3", message: "no bands for vùng 3")
      ])
    let regions = problems(
      T.setJSON([
        [
          T.ratio(
            "2",
            bands:
              #""bandsByRegion": {"TDMNPB": [{"threshold": 24, "points": 2}], "XX": [{"threshold": 1, "points": 2}]}"#,
            direction: "lowerIsBetter")
        ]
      ]))
    #expect(
      regions.contains {
        $0.path == "criteria[0].indicators[0].bandsByRegion.XX"
          && $0.message.hasPrefix("unknown region \"XX\"")
      })
    #expect(
      regions.contains(
        Found(
          path: "criteria[0].indicators[0].bandsByRegion.DBSH", message: "no bands for region DBSH")
      ))
  }

  @Test("a choice or item key that repeats")
  func repeatedKeys() {
    let choice = problems(T.setJSON([[T.options("choice", "2", [("a", "2"), ("a", "1")])]]))
    #expect(
      choice == [
        Found(path: "criteria[0].indicators[0].choices[1].key", message: "key \"a\" repeats")
      ])
    let items = problems(T.setJSON([[T.options("checklist", "2", [("a", "1"), ("a", "1")])]]))
    #expect(items.first?.path == "criteria[0].indicators[0].items[1].key")
  }

  @Test("points that are not multiples of 0.5")
  func halfPoints() {
    let found = problems(
      T.setJSON([
        [
          T.ratio(
            "2",
            bands: #""bands": [{"threshold": 95, "points": 2}, {"threshold": 90, "points": 1.25}]"#)
        ]
      ]))
    #expect(
      found == [
        Found(
          path: "criteria[0].indicators[0].bands[1].points",
          message: "points must be a multiple of 0.5 from 0 to 1000, found 1.25")
      ])
  }

  @Test("a checklist whose items cannot reach the indicator's points")
  func checklistSum() {
    let found = problems(T.setJSON([[T.options("checklist", "3", [("a", "1"), ("b", "1")])]]))
    #expect(
      found == [
        Found(
          path: "criteria[0].indicators[0].points",
          message: "indicator 1 is worth 3 points but its best evidence earns 2")
      ])
  }

  @Test("schemaVersion is checked before anything else")
  func schemaVersion() {
    let text = T.setJSON([[T.yesNo("2")]]).replacing(
      #""schemaVersion": 1"#, with: #""schemaVersion": 7, "junk": 1"#)
    do {
      _ = try CriteriaSet(data: Array(text.utf8), file: "set.json")
      Issue.record("accepted")
    } catch {
      #expect(error == .unsupportedSchemaVersion(file: "set.json", found: "7"))
    }
  }

  @Test("unknown keys and kinds are named")
  func unknownKeys() {
    let text = T.setJSON([[T.yesNo("2")]]).replacing(
      #""kind": "yesNo""#, with: #""kind": "yesno", "knockOut": true"#)
    let found = problems(text)
    #expect(
      found.contains {
        $0.path == "criteria[0].indicators[0].kind"
          && $0.message.hasPrefix("unknown kind \"yesno\"")
      })
  }

  @Test("the bundled QĐ 1300 set: 10 criteria, 47 indicators, 100 points, all marked")
  func bundled() throws {
    let set = try T.bundled()
    #expect(set.id == "qd-1300-2023")
    #expect(set.criteria.map(\.points) == [14, 10, 12, 9, 19, 12, 6, 11, 3, 4].map { Points($0) })
    #expect(set.indicators.map(\.id) == (1...47).map(String.init))
    #expect(set.totalPoints == Points(100))
    #expect(set.indicator("35")?.criterionID == "7")
    #expect(set.legalBasis.map(\.number) == ["1300/QĐ-BYT", "1453/QĐ-BYT"])
    // Every indicator says where it comes from; none is confirmed in full (the annex was unread).
    #expect(set.unverifiedCount == 47)
    #expect(set.indicator("35")?.provenance.confirmedParts.isEmpty == false)
    #expect(set.indicators.filter(\.isKnockout).map(\.id) == ["7", "18", "20", "28"])
  }

  @Test(
    "the bundle is found from the executable's folder, the source tree or the env, never the cwd")
  func bundledFilesSearch() throws {
    let files = BundledFiles(
      executablePath: "/nowhere/bin/ytxa", environment: ["YTXA_CRITERIA_DIR": "/custom"],
      sourceFile: "/src/ytxa/Sources/YTXAKit/Loading/BundledFiles.swift")
    #expect(files.candidates.first == "/custom")
    #expect(files.candidates.contains("/nowhere/bin/Criteria"))
    #expect(files.candidates.contains("/nowhere/share/ytxa/Criteria"))
    #expect(files.candidates.last == "/src/ytxa/Criteria")
    let cwd = FileManager.default.currentDirectoryPath
    #expect(!files.candidates.contains(cwd + "/Criteria"))
    #expect(throws: CriteriaError.self) { try files.manifest() }
  }
}

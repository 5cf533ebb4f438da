import Testing

@testable import YTXAFormats
@testable import YTXAKit

/// Every malformed-evidence error of the interfaces spec, each with its message checked.
@Suite struct EvidenceValidationTests {
  typealias T = TestSets

  static let set: CriteriaSet = {
    do {
      return try T.set([
        [
          T.yesNo("2"),  // 1
          T.ratio("3", bands: #""bands": [{"threshold": 95, "points": 3}]"#),  // 2
          T.options("choice", "3", [("co_huu", "3"), ("khong", "0")]),  // 3
          T.options("checklist", "2", [("kien_toan", "1"), ("hop_dinh_ky", "1")]),  // 4
        ],
        [
          T.scale("count", "2", bands: #""bands": [{"threshold": 10, "points": 2}]"#),  // 5
          T.scale("measure", "2", bands: #""bands": [{"threshold": 500, "points": 2}]"#),  // 6
          // 7
          T.ratio("2", bands: #""bands": [{"threshold": 90, "points": 2}]"#, zeroDenominator: true),
          T.ratio(
            "2", bands: #""bands": [{"threshold": 109, "points": 2}]"#, direction: "lowerIsBetter",
            unit: "per100"),  // 8
        ],
      ])
    } catch {
      fatalError("test set does not load: \(error)")
    }
  }()

  func problems(_ evidence: String, extra: String = "", year: String = "2025") -> [T.Problem] {
    T.problems(Self.set, T.evidenceJSON(evidence, year: year, extra: extra))
  }

  func single(_ evidence: String, extra: String = "", year: String = "2025") throws
    -> T.Problem
  {
    let found = problems(evidence, extra: extra, year: year)
    #expect(found.count == 1, "\(found)")
    return try #require(found.first)
  }

  @Test("a valid file has no problems")
  func valid() {
    #expect(
      problems(
        #""1": true, "2": {"numerator": 1, "denominator": 2}, "3": "khong", "4": [], "5": 0, "6": 1.5, "7": {"numerator": 0, "denominator": 0}, "8": {"numerator": 120, "denominator": 100}"#
      ).isEmpty)
  }

  @Test("an unknown top-level key is named with the allowed keys")
  func unknownTopKey() throws {
    let problem = try single(#""1": true"#, extra: #", "evidance": {}"#)
    #expect(problem.field == "evidance")
    #expect(problem.message.contains("unknown key \"evidance\" (did you mean \"evidence\"?)"))
  }

  @Test("an unknown key inside commune")
  func unknownCommuneKey() {
    let text = T.evidenceJSON(#""1": true"#).replacing(
      #""zone": 2"#, with: #""zone": 2, "vung": 2"#)
    let found = T.problems(Self.set, text)
    #expect(found.map(\.field) == ["commune.vung"])
  }

  @Test("an unknown indicator number names the valid range")
  func unknownIndicator() throws {
    let problem = try single(#""48": true"#)
    #expect(problem.indicator == "48")
    #expect(problem.field == "evidence.48")
    #expect(problem.message.contains("unknown indicator \"48\"; valid: \"1\" to \"8\""))
    #expect(try single(#""01": true"#).message.contains("unknown indicator \"01\""))
  }

  @Test("a value of the wrong kind says what the indicator takes")
  func wrongKind() throws {
    let problem = try single(#""2": 95"#)
    #expect(problem.indicator == "2")
    #expect(
      problem.message
        == #"indicator 2 is a ratio and takes {"numerator": n, "denominator": d}; found a number"#)
    #expect(try single(#""1": "yes""#).message.contains("takes true or false; found a string"))
    #expect(try single(#""4": "kien_toan""#).message.contains("takes an array of item keys"))
  }

  @Test("an unknown choice key lists the valid ones and suggests the closest")
  func unknownChoice() throws {
    let problem = try single(#""3": "co_hu""#)
    #expect(problem.field == "evidence.3")
    #expect(
      problem.message == #"unknown choice "co_hu" (did you mean "co_huu"?); valid: co_huu, khong"#)
  }

  @Test("an unknown or repeated checklist item")
  func checklistItems() throws {
    let unknown = try single(#""4": ["kien_toan", "hop"]"#)
    #expect(unknown.field == "evidence.4[1]")
    #expect(unknown.message.hasPrefix("unknown item \"hop\""))
    let repeated = try single(#""4": ["kien_toan", "kien_toan"]"#)
    #expect(repeated.message == "item \"kien_toan\" is listed twice")
  }

  @Test("numerator above denominator on a percentage; allowed per 100")
  func numeratorAboveDenominator() throws {
    let problem = try single(#""2": {"numerator": 101, "denominator": 100}"#)
    #expect(problem.field == "evidence.2.numerator")
    #expect(problem.message.contains("101 is more than the denominator 100"))
    #expect(problems(#""8": {"numerator": 112, "denominator": 100}"#).isEmpty)
  }

  @Test("negative numbers are refused wherever they appear")
  func negatives() throws {
    #expect(try single(#""5": -1"#).message == "must not be negative, found -1")
    #expect(try single(#""6": -0.5"#).message == "must not be negative, found -0.5")
    let ratio = try single(#""2": {"numerator": -1, "denominator": 10}"#)
    #expect(ratio.field == "evidence.2.numerator")
  }

  @Test("a count must be whole; ratio parts too")
  func wholeNumbers() throws {
    #expect(try single(#""5": 2.5"#).message == "must be a whole number, found 2.5")
    #expect(
      try single(#""2": {"numerator": 1.5, "denominator": 10}"#).field == "evidence.2.numerator")
  }

  @Test("a year outside 2000–2100")
  func yearRange() throws {
    #expect(
      try single(#""1": true"#, year: "1999").message == "must be between 2000 and 2100, found 1999"
    )
    #expect(try single(#""1": true"#, year: "2101").field == "year")
    // 2000 is in the range; the test set (in force from 2023) refuses it for another reason.
    #expect(
      problems(#""1": true"#, year: "2000").map(\.message) == [
        "the year 2000 is before criteria set test-set took effect (2023-01-01); score it with "
          + "the set in force when it was assessed"
      ])
    #expect(problems(#""1": true"#, year: "2100").isEmpty)
  }

  @Test("notApplicable where the set does not allow it")
  func notApplicableRefused() throws {
    let problem = try single(#""1": {"notApplicable": "no reason"}"#)
    #expect(problem.field == "evidence.1.notApplicable")
    #expect(problem.message.contains("indicator 1 cannot be declared not applicable"))
    #expect(problems(#""7": {"notApplicable": "Không có người nhiễm HIV"}"#).isEmpty)
    #expect(try single(#""7": {"notApplicable": ""}"#).message == "must not be empty")
  }

  @Test("a zero denominator where the set does not allow it")
  func zeroDenominator() throws {
    let problem = try single(#""2": {"numerator": 0, "denominator": 0}"#)
    #expect(problem.field == "evidence.2.denominator")
    #expect(problem.message.hasPrefix("must be more than 0"))
  }

  @Test("commune fields: type, zone, region; a missing district is the registry's to judge")
  func communeFields() {
    let text = T.evidenceJSON(#""1": true"#, zone: 4, region: "XYZ", type: "huyen")
    let found = T.problems(Self.set, text)
    #expect(found.map(\.field) == ["commune.type", "commune.zone", "commune.region"])
    #expect(found[1].message == "vùng 4 does not exist; valid: 1, 2, 3")
    let noDistrict = T.evidenceJSON(#""1": true"#)
      .replacing(
        #""district": {"code": "216", "name": "Huyện Tân Yên"}"#,
        with: #""province": {"code": "24", "name": "Tỉnh Bắc Giang"}"#)
    // Without the registry a district cannot be required: units formed since 2025-07-01 have
    // none. Whether one is required is the registry's check (UnitResolutionTests).
    #expect(T.problems(Self.set, noDistrict).isEmpty)
  }

  @Test("schemaVersion and criteriaSet are checked")
  func header() {
    let version = T.evidenceJSON(#""1": true"#).replacing(
      #""schemaVersion": 1"#, with: #""schemaVersion": 2"#)
    #expect(
      T.problems(Self.set, version).first?.message
        == "found 2, this version of ytxa reads schemaVersion 1")
    let other = T.evidenceJSON(#""1": true"#, criteriaSet: "qd-9999")
    #expect(T.problems(Self.set, other).first?.field == "criteriaSet")
  }

  @Test("documents must name known indicators and be strings")
  func documents() throws {
    let problem = try single(#""1": true"#, extra: #", "documents": {"99": ["x"]}"#)
    #expect(problem.field == "documents.99")
    let found = problems(#""1": true"#, extra: #", "documents": {"1": [""]}"#)
    #expect(found.map(\.field) == ["documents.1[0]"])
  }

  @Test("every problem of a file is reported at once, with the file and commune named")
  func allAtOnce() throws {
    let text = T.evidenceJSON(#""1": 1, "3": "x", "5": -2, "48": true"#)
    do {
      _ = try Evidence(data: Array(text.utf8), file: "Samples/bad.json", criteria: Self.set)
      Issue.record("accepted")
    } catch {
      #expect(error.lines(.en).count == 4)
      #expect(
        error.lines(.en)[0].hasPrefix(
          "Samples/bad.json: Xã Cao Xá (07336): indicator 1, field evidence.1:"))
    }
  }

  @Test("syntax errors: empty, truncated, duplicate keys, trailing commas, invalid UTF-8")
  func syntax() {
    func syntaxMessage(_ bytes: [UInt8]) -> String? {
      do {
        _ = try EvidenceDocument(data: bytes, file: "f.json")
        return nil
      } catch {
        if case .syntax(_, let syntax) = error { return syntax.message.english }
        return "other: \(error)"
      }
    }
    #expect(syntaxMessage([]) == "the file is empty")
    #expect(
      syntaxMessage(Array(#"{"year": 2025, "commune": {"#.utf8)) == "the file ends inside an object"
    )
    #expect(syntaxMessage(Array(#"{"year": 1, "year": 2}"#.utf8)) == #"duplicate key "year""#)
    #expect(syntaxMessage(Array(#"{"a": [1, 2,]}"#.utf8)) == "unexpected character ']'")
    #expect(
      syntaxMessage([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D]) == "a string is not valid UTF-8")
    #expect(syntaxMessage(Array(#"{"a": 01}"#.utf8)) == "invalid number (leading zero)")
    #expect(syntaxMessage([0xEF, 0xBB, 0xBF] + Array("{}".utf8)) == nil)  // a BOM is accepted
  }

  @Test("NFD and NFC names are the same name")
  func unicodeForms() throws {
    let nfd = "Xa\u{303} Cao Xa\u{301}"  // "Xã Cao Xá" decomposed
    let text = T.evidenceJSON(#""1": true"#).replacing("Xã Cao Xá", with: nfd)
    let evidence = try Evidence(data: Array(text.utf8), file: "nfd.json", criteria: Self.set)
    #expect(evidence.commune.name == "Xã Cao Xá")  // Swift compares canonically
    #expect(Array(evidence.commune.name.nfc.utf8) == Array("Xã Cao Xá".utf8))  // written as NFC
  }
}

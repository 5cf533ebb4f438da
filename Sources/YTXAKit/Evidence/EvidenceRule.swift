import YTXAFormats

/// The keys an evidence file may hold, per object. Both readers take them from here (the fast
/// path switches over these cases, so a new key cannot be forgotten there).
enum EvidenceKey {
  /// The keys of one object, in a fixed order (a key's position names its bit in the fast
  /// path's record of keys seen).
  protocol Ordered: CaseIterable, Equatable {
    static var ordered: [Self] { get }
  }
  enum Root: String, Ordered {
    case schemaVersion, criteriaSet, year, assessedOn, commune, evidence, documents
    static let ordered = Array(allCases)
  }
  enum Commune: String, Ordered {
    case code, name, type, zone, region, district, province
    static let ordered = Array(allCases)
  }
  enum Unit: String, Ordered {
    case code, name
    static let ordered = Array(allCases)
  }
  enum Ratio: String, CaseIterable {
    case numerator, denominator
  }
  /// The key of a not-applicable declaration.
  static let notApplicable = "notApplicable"
}

/// Every rule of the evidence contract, as the tests know them: each with edits of a valid file
/// (the 07270 sample, commune Xã Cao Xá of the bundled set) that break it. A new rule is a new
/// case, and the compiler then asks for its counterexamples.
package enum EvidenceRule: String, CaseIterable, Sendable {
  case schemaVersion, criteriaSet, yearRange, communeCode, districtCode, provinceCode
  case communeType, zone, region, choiceKey, checklistItem, checklistRepeat, notNegative
  case zeroDenominator, percentAtMost100, notApplicableAllowed, documentName, kind
  case unknownKey, unknownIndicator, required, nonBlank, wholeNumber, numberRange
  case assessedOn, inForce

  /// An edit of a valid evidence file: the member at `path` replaced by `json` (a JSON text),
  /// or removed when `json` is `nil`.
  public struct Counterexample: Sendable, Hashable {
    public var path: [String]
    public var json: String?
  }

  /// Edits that break this rule (and no other rule the first reader meets before it).
  public var counterexamples: [Counterexample] {
    func edit(_ path: String, _ json: String?) -> Counterexample {
      Counterexample(path: path.split(separator: ".").map(String.init), json: json)
    }
    switch self {
    case .schemaVersion: return [edit("schemaVersion", "2"), edit("schemaVersion", "0")]
    case .criteriaSet: return [edit("criteriaSet", "\"qd-0000-2000\"")]
    case .yearRange: return [edit("year", "1999"), edit("year", "2101")]
    case .inForce: return [edit("year", "2022")]
    case .assessedOn:
      return [
        edit("assessedOn", "\"2025-02-30\""), edit("assessedOn", "\"1/6/2025\""),
        edit("assessedOn", "\"2099-06-01\""),
      ]
    case .communeCode:
      return [
        edit("commune.code", "\"7270\""), edit("commune.code", "\"07270x\""),
        edit("commune.code", "\"072700\""),
      ]
    case .districtCode:
      return [edit("commune.district.code", "\"21\""), edit("commune.district.code", "\"2 6\"")]
    case .provinceCode: return [edit("commune.province.code", "\"024\"")]
    case .communeType: return [edit("commune.type", "\"xom\"")]
    case .zone: return [edit("commune.zone", "4"), edit("commune.zone", "0")]
    case .region: return [edit("commune.region", "\"XYZ\"")]
    case .choiceKey: return [edit("evidence.7", "\"co_hu\"")]
    case .checklistItem: return [edit("evidence.1", "[\"kien_toan\", \"khac\"]")]
    case .checklistRepeat: return [edit("evidence.1", "[\"kien_toan\", \"kien_toan\"]")]
    case .notNegative:
      return [
        edit("evidence.12", "-1"), edit("evidence.11", "-0.5"),
        edit("evidence.3", "{\"numerator\": -1, \"denominator\": 10000}"),
        edit("evidence.3", "{\"numerator\": 1, \"denominator\": -10000}"),
      ]
    case .zeroDenominator: return [edit("evidence.3", "{\"numerator\": 0, \"denominator\": 0}")]
    case .percentAtMost100:
      return [edit("evidence.3", "{\"numerator\": 10001, \"denominator\": 10000}")]
    case .notApplicableAllowed: return [edit("evidence.3", "{\"notApplicable\": \"không có\"}")]
    case .documentName: return [edit("documents.1", "[\"\"]"), edit("documents.1", "[\"  \"]")]
    case .kind:
      return [
        edit("evidence.5", "\"có\""), edit("evidence.7", "1"), edit("evidence.1", "\"kien_toan\""),
        edit("evidence.3", "96.5"), edit("evidence.12", "\"10\""), edit("evidence.11", "true"),
        edit("documents.1", "\"a\""),
      ]
    case .unknownKey:
      return [
        edit("comment", "\"x\""), edit("commune.ward", "\"x\""),
        edit("commune.district.note", "\"x\""), edit("evidence.3.note", "1"),
      ]
    case .unknownIndicator: return [edit("evidence.48", "true"), edit("documents.0", "[\"a\"]")]
    case .required:
      return [
        edit("year", nil), edit("commune", nil), edit("evidence", nil), edit("commune.code", nil),
        edit("commune.name", nil), edit("evidence.3.denominator", nil),
        edit("schemaVersion", nil), edit("criteriaSet", nil),
      ]
    case .nonBlank: return [edit("commune.name", "\" \""), edit("commune.district.name", "\"\"")]
    case .wholeNumber: return [edit("evidence.12", "10.5"), edit("year", "2025.5")]
    case .numberRange:
      return [edit("evidence.12", "1e-9223372036854775808"), edit("year", "99999999999999999999")]
    }
  }
}

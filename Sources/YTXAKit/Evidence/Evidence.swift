import YTXAFormats

/// One commune's evidence for one assessment year, validated against a criteria set.
public struct Evidence: Sendable, Hashable {
  /// The file it came from, as given (used in every message about it).
  public var file: String
  /// The assessment year.
  public var year: Int
  /// The criteria set it is scored against.
  public var criteriaSetID: String
  /// Who is assessed.
  public var commune: Commune
  /// Evidence per indicator number; an absent indicator is *missing*.
  public var values: [String: EvidenceValue]
  /// Documents cited per indicator, unchanged from the file.
  public var documents: [String: [String]]
  /// Things that did not reject the file but deserve a look (evidence ignored, …).
  public var warnings: [Message]
  /// The assessment date the file gives (`assessedOn`), if any.
  public var assessedOn: Day?

  /// Creates evidence directly (the loader validates; this does not).
  public init(
    file: String, year: Int, criteriaSetID: String, commune: Commune,
    values: [String: EvidenceValue], documents: [String: [String]] = [:], warnings: [Message] = []
  ) {
    self.file = file
    self.year = year
    self.criteriaSetID = criteriaSetID
    self.commune = commune
    self.values = values
    self.documents = documents
    self.warnings = warnings
  }
}

/// A commune-level unit (xã, phường, thị trấn) as described in an evidence file.
public struct Commune: Sendable, Hashable {
  /// Its code in the national list of administrative units.
  public var code: CommuneCode
  /// Its name with diacritics, e.g. `Xã Cao Xá`.
  public var name: String
  /// xã, phường or thị trấn.
  public var type: CommuneType
  /// Access zone (vùng) 1, 2 or 3, assigned by the provincial Department of Health.
  public var zone: Int
  /// Socio-economic region code, e.g. `TDMNPB`.
  public var region: String
  /// The district it belongs to (joins it to a roadmap); none for units formed since
  /// 1 July 2025, when the district level ended.
  public var district: District?
  /// The province, when given.
  public var province: Province?
  /// The registry unit the commune was resolved to on the assessment date (``UnitResolver``);
  /// `nil` when units were not checked (`--units off`).
  public var unit: ResolvedUnit?

  /// Creates a commune.
  public init(
    code: CommuneCode, name: String, type: CommuneType, zone: Int, region: String,
    district: District?, province: Province? = nil
  ) {
    self.code = code
    self.name = name
    self.type = type
    self.zone = zone
    self.region = region
    self.district = district
    self.province = province
  }
}

/// A district or province: code and name.
public struct AdministrativeUnit<Code: AdministrativeCode>: Sendable, Hashable {
  public var code: Code
  public var name: String

  /// Creates a unit.
  public init(code: Code, name: String) {
    self.code = code
    self.name = name
  }
}

/// A district as evidence names it.
public typealias District = AdministrativeUnit<DistrictCode>
/// A province as evidence names it.
public typealias Province = AdministrativeUnit<ProvinceCode>

/// The evidence given for one indicator.
public enum EvidenceValue: Sendable, Hashable {
  case yesNo(Bool)
  /// A choice key.
  case choice(String)
  /// The item keys that are met, in file order.
  case checklist([String])
  case ratio(numerator: Int, denominator: Int)
  case count(Int)
  case measure(ExactDecimal)
  /// Declared not applicable, with the reason given.
  case notApplicable(reason: String)
}

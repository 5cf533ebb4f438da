import Foundation

/// An evidence file that is valid JSON, before it is checked against its criteria set.
public struct EvidenceDocument: Sendable {
  /// The file, as given.
  public var file: String
  /// The top-level object.
  public var root: JSONObject

  /// The criteria set the file names (`criteriaSet`), when it is a string.
  public var criteriaSetID: String? { root["criteriaSet"]?.stringValue }

  /// Reads and parses an evidence file.
  public init(contentsOf url: URL, file: String? = nil) throws(EvidenceError) {
    try self.init(path: url.path, file: file)
  }

  /// Reads and parses an evidence file by path (no URL: the batch's hot path).
  public init(path: String, file: String? = nil) throws(EvidenceError) {
    let name = file ?? path
    try self.init(data: Self.bytes(path: path, file: name), file: name)
  }

  /// An evidence file's bytes, or why they cannot be read (naming the file as `file`).
  static func bytes(path: String, file: String) throws(EvidenceError) -> [UInt8] {
    switch FileSystem.read(path, limit: .evidence) {
    case .success(let bytes): return bytes
    case .failure(let reason): throw .unreadable(file: file, reason: reason.description)
    }
  }

  /// Parses an evidence file's bytes.
  public init(data: [UInt8], file: String) throws(EvidenceError) {
    let value: JSONValue
    do {
      value = try JSONParser.parse(data)
    } catch {
      throw .syntax(file: file, error)
    }
    guard case .object(let root) = value else {
      throw .invalid(
        file: file, commune: nil,
        problems: [.init(indicator: nil, field: "(root)", message: "must be a JSON object")])
    }
    self.file = file
    self.root = root
  }
}

extension Evidence {
  /// The evidence schema version this build reads.
  public static let supportedSchemaVersion = 1
  /// The assessment years evidence may name (and every other year the engine reads).
  public static let years = 2000...2100

  /// Parses and validates evidence bytes against `criteria`.
  public init(data: [UInt8], file: String, criteria: CriteriaSet) throws(EvidenceError) {
    try self.init(document: EvidenceDocument(data: data, file: file), criteria: criteria)
  }

  /// Validates a parsed evidence file against `criteria`; every problem is reported at once.
  ///
  /// `ytxa batch` reads well-formed files through ``EvidenceFastPath`` instead, which must
  /// accept nothing this rejects: a rule added here goes there too (or makes it give up), and
  /// `EvidenceFastPathTests` checks the two agree.
  public init(document: EvidenceDocument, criteria: CriteriaSet) throws(EvidenceError) {
    var problems: [FieldProblem] = []
    let reader = FieldReader(document.root, path: "")
    reader.rejectUnknownKeys(allowed: EvidenceLoader.rootKeys, into: &problems)
    if let version = reader.integer("schemaVersion", into: &problems),
      version != Self.supportedSchemaVersion
    {
      problems.append(
        FieldProblem(
          path: "schemaVersion",
          message: "found \(version), this version of ytxa reads schemaVersion "
            + "\(Self.supportedSchemaVersion)"))
    }
    if let id = reader.string("criteriaSet", into: &problems), id != criteria.id {
      problems.append(
        FieldProblem(
          path: "criteriaSet",
          message: "the file is for criteria set \"\(id)\" but it is being scored against "
            + "\"\(criteria.id)\"; drop --criteria or pass the matching set"))
    }
    let year = reader.integer("year", into: &problems)
    if let year, !Self.years.contains(year) {
      problems.append(
        FieldProblem(
          path: "year",
          message: "must be between \(Self.years.lowerBound) and \(Self.years.upperBound), "
            + "found \(year)"))
    }
    let commune = EvidenceLoader.loadCommune(reader, criteria: criteria, into: &problems)
    var warnings: [String] = []
    let values = EvidenceLoader.loadValues(
      reader, commune: commune, criteria: criteria, warnings: &warnings, into: &problems)
    let documents = EvidenceLoader.loadDocuments(reader, criteria: criteria, into: &problems)
    guard problems.isEmpty, let year, let commune, let values else {
      let communeLabel =
        commune.map { "\($0.code) (\($0.name))" } ?? Self.communeLabel(document.root)
      throw .invalid(
        file: document.file, commune: communeLabel,
        problems: problems.map(EvidenceError.Problem.init))
    }
    self.init(
      file: document.file, year: year, criteriaSetID: criteria.id, commune: commune,
      values: values, documents: documents, warnings: warnings)
  }

  /// The commune's code and name as far as they can be read from a file with errors.
  private static func communeLabel(_ root: JSONObject) -> String? {
    guard let commune = root["commune"]?.objectValue else { return nil }
    let code = commune["code"]?.stringValue
    let name = commune["name"]?.stringValue
    switch (code, name) {
    case (let code?, let name?): return "\(code) (\(name))"
    case (let code?, nil): return code
    case (nil, let name?): return name
    default: return nil
    }
  }
}

enum EvidenceLoader {
  /// The warning for evidence given for an indicator that does not apply to the commune's type.
  static func notApplicableByTypeWarning(_ indicator: Indicator, _ commune: Commune) -> String {
    "indicator \(indicator.id) does not apply to a \(commune.type.vietnameseName); "
      + "the evidence given for it is ignored"
  }

  static let rootKeys = [
    "schemaVersion", "criteriaSet", "year", "commune", "evidence", "documents",
  ]
  static let communeKeys = ["code", "name", "type", "zone", "region", "district", "province"]
  static let unitKeys = ["code", "name"]

  static func loadCommune(
    _ reader: FieldReader, criteria: CriteriaSet, into problems: inout [FieldProblem]
  ) -> Commune? {
    guard let item = reader.objectReader("commune", into: &problems) else { return nil }
    item.rejectUnknownKeys(allowed: communeKeys, into: &problems)
    let code = code(item, level: .commune, into: &problems)
    let name = item.string("name", into: &problems)
    var type: CommuneType?
    if let text = item.string("type", into: &problems) {
      type = CommuneType(rawValue: text)
      if type == nil {
        problems.append(
          FieldProblem(
            path: "commune.type",
            message: "unknown commune type \"\(text)\"; valid: xa, phuong, thi_tran"))
      }
    }
    let zone = item.integer("zone", into: &problems)
    if let zone, !criteria.zones.contains(zone) {
      problems.append(
        FieldProblem(
          path: "commune.zone",
          message: "vùng \(zone) does not exist; valid: "
            + criteria.zones.map(String.init).joined(separator: ", ")))
    }
    let region = item.string("region", into: &problems)
    if let region, !criteria.regions.contains(where: { $0.code == region }) {
      problems.append(
        FieldProblem(
          path: "commune.region",
          message: "unknown region \"\(region)\"; valid: "
            + criteria.regions.map(\.code).joined(separator: ", ")))
    }
    let district = loadUnit(
      item, key: "district", level: .district, required: true, into: &problems)
    let province = loadUnit(
      item, key: "province", level: .province, required: false, into: &problems)
    guard let code, let name, let type, let zone, criteria.zones.contains(zone), let region,
      let district
    else { return nil }
    return Commune(
      code: code, name: name, type: type, zone: zone, region: region, district: district,
      province: province)
  }

  /// The `code` of a unit, by ``UnitCode``'s rule.
  static func code(_ reader: FieldReader, level: UnitCode, into problems: inout [FieldProblem])
    -> String?
  {
    guard let text = reader.string("code", into: &problems) else { return nil }
    switch level.normalise(text) {
    case .success(let code): return code
    case .failure(let problem):
      problems.append(FieldProblem(path: reader.child("code"), message: problem.message))
      return nil
    }
  }

  static func loadUnit(
    _ reader: FieldReader, key: String, level: UnitCode, required: Bool,
    into problems: inout [FieldProblem]
  ) -> AdministrativeUnit? {
    guard let item = reader.objectReader(key, required: required, into: &problems) else {
      return nil
    }
    item.rejectUnknownKeys(allowed: unitKeys, into: &problems)
    guard let code = code(item, level: level, into: &problems),
      let name = item.string("name", into: &problems)
    else { return nil }
    return AdministrativeUnit(code: code, name: name)
  }

  static func loadValues(
    _ reader: FieldReader, commune: Commune?, criteria: CriteriaSet, warnings: inout [String],
    into problems: inout [FieldProblem]
  ) -> [String: EvidenceValue]? {
    guard let item = reader.objectReader("evidence", into: &problems) else { return nil }
    var values: [String: EvidenceValue] = [:]
    values.reserveCapacity(item.object.members.count)
    for member in item.object.members {
      let path = item.child(member.key)
      guard let indicator = criteria.indicator(member.key) else {
        problems.append(
          FieldProblem(
            path: path,
            message: "unknown indicator \"\(member.key.abbreviated)\"; valid: \"1\" to "
              + "\"\(criteria.indicators.count)\" (criteria set \(criteria.id))"))
        continue
      }
      if let commune, indicator.notApplicable.communeTypes.contains(commune.type) {
        warnings.append(notApplicableByTypeWarning(indicator, commune))
        continue
      }
      if let value = EvidenceValueReader.read(
        member.value, path: path, indicator: indicator, commune: commune, into: &problems)
      {
        values[member.key] = value
      }
    }
    return values
  }

  static func loadDocuments(
    _ reader: FieldReader, criteria: CriteriaSet, into problems: inout [FieldProblem]
  ) -> [String: [String]] {
    guard let item = reader.objectReader("documents", required: false, into: &problems) else {
      return [:]
    }
    var documents: [String: [String]] = [:]
    for member in item.object.members {
      let path = item.child(member.key)
      guard criteria.indicator(member.key) != nil else {
        problems.append(
          FieldProblem(
            path: path,
            message: "unknown indicator \"\(member.key.abbreviated)\"; valid: \"1\" to "
              + "\"\(criteria.indicators.count)\""))
        continue
      }
      guard case .array(let array) = member.value else {
        problems.append(
          FieldProblem(path: path, message: "must be an array of document names (strings)"))
        continue
      }
      var names: [String] = []
      for (index, element) in array.enumerated() {
        guard let name = element.stringValue, !name.isBlank else {
          problems.append(
            FieldProblem(path: "\(path)[\(index)]", message: "must be a non-empty string"))
          continue
        }
        names.append(name)
      }
      documents[member.key] = names
    }
    return documents
  }
}

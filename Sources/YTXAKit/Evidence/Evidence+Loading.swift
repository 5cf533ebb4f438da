import Foundation
import YTXAFormats

/// An evidence file that is valid JSON, before it is checked against its criteria set.
package struct EvidenceDocument: Sendable {
  /// The file, as given.
  public var file: String
  /// The top-level object.
  public var root: JSONObject
  /// What reading it noticed before its fields were checked (a table cell read with a
  /// correction), carried into the evidence's warnings.
  var warnings: [Message] = []

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
    case .failure(let reason): throw .unreadable(file: file, reason: reason.message)
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
        problems: [
          .init(
            indicator: nil, field: "(root)",
            message: Message("phải là một đối tượng JSON", "must be a JSON object"))
        ])
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
  /// `ytxa batch` reads well-formed files through ``EvidenceFastPath`` instead. Both readers
  /// only turn input into raw values; the rules are ``EvidenceRules``' (a new rule goes there,
  /// with its counterexamples in ``EvidenceRule``), and `EvidenceFastPathTests` checks that the
  /// two agree.
  package init(document: EvidenceDocument, criteria: CriteriaSet) throws(EvidenceError) {
    var problems: [FieldProblem] = []
    let reader = FieldReader(document.root, path: "")
    reader.rejectUnknownKeys(allowed: EvidenceLoader.rootKeys, into: &problems)
    typealias Key = EvidenceKey.Root
    func check(_ key: Key, _ violation: EvidenceRules.Violation?) {
      if let violation {
        problems.append(FieldProblem(path: key.rawValue, message: violation.message))
      }
    }
    if let version = reader.integer(Key.schemaVersion.rawValue, into: &problems) {
      check(.schemaVersion, EvidenceRules.schemaVersion(version))
    }
    if let id = reader.string(Key.criteriaSet.rawValue, into: &problems) {
      check(.criteriaSet, EvidenceRules.criteriaSet(id, scoredWith: criteria))
    }
    var year = reader.integer(Key.year.rawValue, into: &problems)
    if let found = year, let violation = EvidenceRules.year(found) {
      check(.year, violation)
      year = nil
    }
    var assessedOn: Day?
    if let text = reader.string(Key.assessedOn.rawValue, required: false, into: &problems) {
      switch EvidenceRules.assessedOn(text, year: year) {
      case .success(let day): assessedOn = day
      case .failure(let violation): check(.assessedOn, violation)
      }
    }
    if let year {
      check(
        assessedOn == nil ? .year : .assessedOn,
        EvidenceRules.inForce(year: year, assessedOn: assessedOn, criteria: criteria))
    }
    let commune = EvidenceLoader.loadCommune(reader, criteria: criteria, into: &problems)
    var warnings = document.warnings
    let values = EvidenceLoader.loadValues(
      reader, commune: commune, criteria: criteria, warnings: &warnings, into: &problems)
    let documents = EvidenceLoader.loadDocuments(reader, criteria: criteria, into: &problems)
    guard problems.isEmpty, let year, let commune, let values else {
      let communeLabel =
        commune.flatMap {
          CommuneType.label(code: $0.code.digits, name: $0.name, type: $0.type.rawValue)
        } ?? Self.communeLabel(document.root)
      throw .invalid(
        file: document.file, commune: communeLabel,
        problems: problems.map(EvidenceError.Problem.init))
    }
    self.init(
      file: document.file, year: year, criteriaSetID: criteria.id, commune: commune,
      values: values, documents: documents, warnings: warnings)
    self.assessedOn = assessedOn
  }

  /// The commune's code and name as far as they can be read from a file with errors.
  private static func communeLabel(_ root: JSONObject) -> String? {
    guard let commune = root["commune"]?.objectValue else { return nil }
    return CommuneType.label(
      code: commune["code"]?.stringValue ?? "", name: commune["name"]?.stringValue ?? "",
      type: commune["type"]?.stringValue ?? "")
  }
}

enum EvidenceLoader {
  static let rootKeys = EvidenceKey.Root.allCases.map(\.rawValue)
  static let communeKeys = EvidenceKey.Commune.allCases.map(\.rawValue)
  static let unitKeys = EvidenceKey.Unit.allCases.map(\.rawValue)

  static func loadCommune(
    _ reader: FieldReader, criteria: CriteriaSet, into problems: inout [FieldProblem]
  ) -> Commune? {
    typealias Key = EvidenceKey.Commune
    guard let item = reader.objectReader(EvidenceKey.Root.commune.rawValue, into: &problems)
    else { return nil }
    item.rejectUnknownKeys(allowed: communeKeys, into: &problems)
    func check<Value>(_ key: Key, _ result: Result<Value, EvidenceRules.Violation>) -> Value? {
      switch result {
      case .success(let value): return value
      case .failure(let violation):
        problems.append(FieldProblem(path: item.child(key.rawValue), message: violation.message))
        return nil
      }
    }
    func check<Value>(_ key: Key, _ value: Value?, _ violation: (Value) -> EvidenceRules.Violation?)
      -> Value?
    {
      guard let value else { return nil }
      return check(key, violation(value).map { .failure($0) } ?? .success(value))
    }
    let code = item.string(Key.code.rawValue, into: &problems).flatMap {
      check(.code, EvidenceRules.code($0, as: CommuneCode.self))
    }
    let name = item.string(Key.name.rawValue, into: &problems)
    let type = item.string(Key.type.rawValue, into: &problems).flatMap {
      check(.type, EvidenceRules.communeType($0))
    }
    let zone = check(.zone, item.integer(Key.zone.rawValue, into: &problems)) {
      EvidenceRules.zone($0, in: criteria)
    }
    let region = check(.region, item.string(Key.region.rawValue, into: &problems)) {
      EvidenceRules.region($0, in: criteria)
    }
    let district = loadUnit(
      item, key: Key.district.rawValue, code: DistrictCode.self, required: false, into: &problems)
    let province = loadUnit(
      item, key: Key.province.rawValue, code: ProvinceCode.self, required: false, into: &problems)
    guard let code, let name, let type, let zone, let region else { return nil }
    return Commune(
      code: code, name: name, type: type, zone: zone, region: region, district: district,
      province: province)
  }

  static func loadUnit<Code: AdministrativeCode>(
    _ reader: FieldReader, key: String, code type: Code.Type, required: Bool,
    into problems: inout [FieldProblem]
  ) -> AdministrativeUnit<Code>? {
    guard let item = reader.objectReader(key, required: required, into: &problems) else {
      return nil
    }
    item.rejectUnknownKeys(allowed: unitKeys, into: &problems)
    let code = item.string(EvidenceKey.Unit.code.rawValue, into: &problems).flatMap { text in
      switch EvidenceRules.code(text, as: Code.self) {
      case .success(let code): return code
      case .failure(let violation):
        problems.append(
          FieldProblem(path: item.child(EvidenceKey.Unit.code.rawValue), message: violation.message)
        )
        return nil
      }
    }
    guard let code, let name = item.string(EvidenceKey.Unit.name.rawValue, into: &problems)
    else { return nil }
    return AdministrativeUnit(code: code, name: name)
  }

  static func loadValues(
    _ reader: FieldReader, commune: Commune?, criteria: CriteriaSet, warnings: inout [Message],
    into problems: inout [FieldProblem]
  ) -> [String: EvidenceValue]? {
    guard let item = reader.objectReader(EvidenceKey.Root.evidence.rawValue, into: &problems)
    else { return nil }
    var values: [String: EvidenceValue] = [:]
    values.reserveCapacity(item.object.members.count)
    for member in item.object.members {
      let path = item.child(member.key)
      guard let indicator = criteria.indicator(member.key) else {
        problems.append(
          FieldProblem(
            path: path,
            message: EvidenceRules.unknownIndicator(member.key, in: criteria)))
        continue
      }
      // `null` is no evidence: missing, as if absent (a template's blank).
      if case .null = member.value { continue }
      if let commune, EvidenceRules.isIgnored(indicator, for: commune.type) {
        warnings.append(EvidenceRules.ignoredWarning(indicator, commune.type))
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
    guard
      let item = reader.objectReader(
        EvidenceKey.Root.documents.rawValue, required: false, into: &problems)
    else { return [:] }
    var documents: [String: [String]] = [:]
    for member in item.object.members {
      let path = item.child(member.key)
      guard criteria.indicator(member.key) != nil else {
        problems.append(
          FieldProblem(
            path: path,
            message: EvidenceRules.unknownIndicator(member.key, in: criteria)))
        continue
      }
      guard case .array(let array) = member.value else {
        problems.append(
          FieldProblem(
            path: path,
            message: Message(
              "phải là một mảng tên văn bản (chuỗi)", "must be an array of document names (strings)"
            )))
        continue
      }
      var names: [String] = []
      for (index, element) in array.enumerated() {
        guard let name = element.stringValue else {
          problems.append(
            FieldProblem(path: "\(path)[\(index)]", message: EvidenceRules.documentNameMessage))
          continue
        }
        if let violation = EvidenceRules.documentName(name) {
          problems.append(FieldProblem(path: "\(path)[\(index)]", message: violation.message))
          continue
        }
        names.append(name)
      }
      documents[member.key] = names
    }
    return documents
  }
}

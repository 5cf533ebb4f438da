import Foundation
import YTXAFormats

extension CriteriaSet {
  /// Loads and validates the criteria file at `url`.
  public init(contentsOf url: URL) throws(CriteriaError) {
    try self.init(data: readDefinition(url.path), path: url.relativePath)
  }

  /// Parses and validates a criteria file's bytes read from `path`, which the set's
  /// ``source`` then names with the bytes' SHA-256.
  package init(data: [UInt8], path: String) throws(CriteriaError) {
    try self.init(data: data, file: path)
    source = CriteriaSource(
      file: OSName.display(path), sha256: SHA256.hex(data), isBundled: false, id: id,
      legalBasis: legalBasis.map(\.number))
  }

  /// Parses and validates a criteria file's bytes; `file` names it in errors.
  public init(data: [UInt8], file: String) throws(CriteriaError) {
    let object = try versionedObject(data, supported: Self.supportedSchemaVersion, file: file)
    var problems: [FieldProblem] = []
    let loaded = CriteriaLoader.load(FieldReader(object, path: ""), into: &problems)
    guard problems.isEmpty, let loaded else {
      throw .invalid(file: file, problems: problems)
    }
    self = loaded
  }
}

/// The bytes of a criteria or roadmap file (a regular file, at most
/// ``FileSystem/Limit/definition``), or why it cannot be read.
package func readDefinition(_ path: String) throws(CriteriaError) -> [UInt8] {
  switch FileSystem.read(path, limit: .definition) {
  case .success(let bytes): return bytes
  case .failure(let reason):
    throw .unreadable(file: OSName.display(path), reason: reason.message)
  }
}

/// Parses a data file (criteria set, roadmap) into its top-level object, refusing it when it is
/// not valid JSON, not an object, or of another `schemaVersion` (checked before anything else
/// is read).
func versionedObject(_ data: [UInt8], supported: Int, file: String) throws(CriteriaError)
  -> JSONObject
{
  let root: JSONValue
  do {
    root = try JSONParser.parse(data)
  } catch {
    throw .syntax(file: file, error)
  }
  guard case .object(let object) = root else {
    throw .invalid(
      file: file,
      problems: [
        FieldProblem(
          path: "(root)", message: Message("phải là một đối tượng JSON", "must be a JSON object"))
      ])
  }
  switch object["schemaVersion"] {
  case .number(let literal) where literal == String(supported): return object
  case .number(let literal): throw .unsupportedSchemaVersion(file: file, found: literal)
  case let other?: throw .unsupportedSchemaVersion(file: file, found: other.kind.english)
  case nil: throw .unsupportedSchemaVersion(file: file, found: "no schemaVersion key")
  }
}

/// Reads the criteria file's fields and checks its invariants.
enum CriteriaLoader {
  static let topKeys = [
    "schemaVersion", "id", "name", "legalBasis", "effectiveDate", "totalPoints",
    "recognitionYears", "passRule", "zones", "regions", "provenanceNote", "criteria",
    "plausibility",
  ]

  static func load(_ reader: FieldReader, into problems: inout [FieldProblem]) -> CriteriaSet? {
    reader.rejectUnknownKeys(allowed: topKeys, into: &problems)
    let id = reader.string("id", into: &problems)
    let name = reader.string("name", into: &problems)
    let effectiveDate = reader.string("effectiveDate", into: &problems)
    let total = reader.points("totalPoints", into: &problems)
    let recognitionYears = reader.integer("recognitionYears", in: 1...10, into: &problems)
    let provenanceNote = reader.string("provenanceNote", into: &problems)
    let legalBasis = loadLegalBasis(reader, into: &problems)
    let passRule = loadPassRule(reader, into: &problems)
    let zones = loadZones(reader, into: &problems)
    let regions = loadRegions(reader, into: &problems)
    let context = IndicatorLoader.Context(zones: zones ?? [], regions: regions?.map(\.code) ?? [])
    let criteria = loadCriteria(reader, context: context, into: &problems)
    if let criteria, let total {
      let sum = criteria.reduce(Points.zero) { $0 + $1.points }
      if sum != total {
        problems.append(
          FieldProblem(
            path: "totalPoints",
            message: Message(
              "khai \(total) nhưng tổng điểm các tiêu chí là \(sum)",
              "declared \(total) but the criteria add up to \(sum)")))
      }
    }
    let plausibility = loadPlausibility(reader, criteria: criteria ?? [], into: &problems)
    guard let id, let name, let effectiveDate, let total, let recognitionYears, let provenanceNote,
      let legalBasis, let passRule, let zones, let regions, let criteria
    else { return nil }
    var set = CriteriaSet(
      id: id, name: name, legalBasis: legalBasis, effectiveDate: effectiveDate,
      totalPoints: total, recognitionYears: recognitionYears, passRule: passRule, zones: zones,
      regions: regions, provenanceNote: provenanceNote, criteria: criteria)
    set.plausibility = plausibility
    return set
  }

  static func loadLegalBasis(_ reader: FieldReader, into problems: inout [FieldProblem])
    -> [CriteriaSet.LegalDocument]?
  {
    guard let array = reader.array("legalBasis", into: &problems) else { return nil }
    var documents: [CriteriaSet.LegalDocument] = []
    for (index, element) in array.enumerated() {
      let path = "legalBasis[\(index)]"
      guard let object = element.objectValue else {
        problems.append(
          FieldProblem(path: path, message: .mustBeAnObject))
        continue
      }
      let item = FieldReader(object, path: path)
      item.rejectUnknownKeys(allowed: ["number", "date", "title"], into: &problems)
      if let number = item.string("number", into: &problems),
        let date = item.string("date", into: &problems),
        let title = item.string("title", into: &problems)
      {
        documents.append(.init(number: number, date: date, title: title))
      }
    }
    return documents
  }

  static func loadPassRule(_ reader: FieldReader, into problems: inout [FieldProblem])
    -> CriteriaSet.PassRule?
  {
    guard let rule = reader.objectReader("passRule", into: &problems) else { return nil }
    rule.rejectUnknownKeys(
      allowed: ["totalPercent", "criterionPercent", "knockouts"], into: &problems)
    let total = rule.decimal("totalPercent", into: &problems)
    let criterion = rule.decimal("criterionPercent", into: &problems)
    let knockouts = rule.bool("knockouts", into: &problems)
    for (key, value) in [("totalPercent", total), ("criterionPercent", criterion)] {
      if let value, value < ExactDecimal(0) || ExactDecimal(100) < value {
        problems.append(
          FieldProblem(
            path: "passRule.\(key)",
            message: Message(
              "phải từ 0 đến 100, gặp \(value)", "must be between 0 and 100, found \(value)")))
      }
    }
    guard let total, let criterion, let knockouts else { return nil }
    return .init(totalPercent: total, criterionPercent: criterion, knockoutsApply: knockouts)
  }

  static func loadZones(_ reader: FieldReader, into problems: inout [FieldProblem]) -> [Int]? {
    guard let array = reader.array("zones", into: &problems) else { return nil }
    var zones: [Int] = []
    for (index, element) in array.enumerated() {
      guard
        let zone = FieldReader.integer(element, path: "zones[\(index)]", in: 1...9, into: &problems)
      else { continue }
      // Zones are 1-9: a repeat is said and not kept, so the list never outgrows nine.
      guard !zones.contains(zone) else {
        problems.append(
          FieldProblem(
            path: "zones[\(index)]", message: Message("vùng \(zone) bị lặp", "zone \(zone) repeats")
          ))
        continue
      }
      zones.append(zone)
    }
    if zones.isEmpty { problems.append(FieldProblem(path: "zones", message: .mustNotBeEmpty)) }
    return zones
  }

  static func loadRegions(_ reader: FieldReader, into problems: inout [FieldProblem])
    -> [CriteriaSet.Region]?
  {
    guard let array = reader.array("regions", into: &problems) else { return nil }
    var regions: [CriteriaSet.Region] = []
    // Repeats found by sets, not by searching the lists.
    var regionCodes: Set<String> = []
    var regionOfProvince: [String: String] = [:]
    for (index, element) in array.enumerated() {
      let path = "regions[\(index)]"
      guard let object = element.objectValue else {
        problems.append(
          FieldProblem(path: path, message: .mustBeAnObject))
        continue
      }
      let item = FieldReader(object, path: path)
      item.rejectUnknownKeys(allowed: ["code", "name", "provinces"], into: &problems)
      guard let code = item.string("code", into: &problems),
        let name = item.string("name", into: &problems)
      else { continue }
      var provinces: [String] = []
      if let list = item.array("provinces", required: false, into: &problems) {
        for (position, value) in list.enumerated() {
          let at = "\(path).provinces[\(position)]"
          guard let text = value.stringValue, case .success = ProvinceCode.parse(text) else {
            problems.append(
              FieldProblem(
                path: at,
                message: Message(
                  "phải là mã tỉnh 2 chữ số, dạng chuỗi (\"24\")",
                  "must be a 2-digit province code, as a string (\"24\")")))
            continue
          }
          if let other = regionOfProvince[text] {
            problems.append(
              FieldProblem(
                path: at,
                message: Message(
                  "tỉnh \(text) đã thuộc vùng \(other)",
                  "province \(text) is already in region \(other)")))
            continue
          }
          provinces.append(text)
          regionOfProvince[text] = code
        }
      }
      if !regionCodes.insert(code).inserted {
        problems.append(
          FieldProblem(
            path: "\(path).code",
            message: Message("vùng miền \(code) bị lặp", "region \(code) repeats")))
      }
      regions.append(.init(code: code, name: name, provinces: provinces))
    }
    return regions
  }

  static func loadCriteria(
    _ reader: FieldReader, context: IndicatorLoader.Context, into problems: inout [FieldProblem]
  ) -> [Criterion]? {
    guard let array = reader.array("criteria", into: &problems) else { return nil }
    if array.isEmpty {
      problems.append(FieldProblem(path: "criteria", message: .mustNotBeEmpty))
    }
    var criteria: [Criterion] = []
    var criterionIDs: Set<String> = []
    var expectedNumber = 1
    var seenIndicators: [String: String] = [:]
    for (index, element) in array.enumerated() {
      let path = "criteria[\(index)]"
      guard let object = element.objectValue else {
        problems.append(
          FieldProblem(path: path, message: .mustBeAnObject))
        continue
      }
      let item = FieldReader(object, path: path)
      item.rejectUnknownKeys(
        allowed: ["id", "name", "nameEnglish", "points", "indicators"], into: &problems)
      let id = item.string("id", into: &problems)
      if let id, !criterionIDs.insert(id).inserted {
        problems.append(
          FieldProblem(
            path: "\(path).id", message: Message("tiêu chí \(id) bị lặp", "criterion \(id) repeats")
          ))
      }
      let name = item.string("name", into: &problems)
      let nameEnglish = item.string("nameEnglish", required: false, into: &problems)
      let points = item.points("points", into: &problems)
      var indicators: [Indicator] = []
      for (position, value) in (item.array("indicators", into: &problems) ?? []).enumerated() {
        let indicatorPath = "\(path).indicators[\(position)]"
        guard let object = value.objectValue else {
          problems.append(
            FieldProblem(
              path: indicatorPath, message: .mustBeAnObject))
          continue
        }
        let indicatorReader = FieldReader(object, path: indicatorPath)
        let indicator = IndicatorLoader.load(
          indicatorReader, criterionID: id ?? "?", context: context, into: &problems)
        if let number = indicatorReader.object["id"]?.stringValue {
          checkNumbering(
            number, expected: &expectedNumber, seen: &seenIndicators, path: indicatorPath,
            into: &problems)
        }
        if let indicator { indicators.append(indicator) }
      }
      if indicators.isEmpty {
        problems.append(FieldProblem(path: "\(path).indicators", message: .mustNotBeEmpty))
      }
      if let points {
        let sum = indicators.reduce(Points.zero) { $0 + $1.points }
        if sum != points {
          problems.append(
            FieldProblem(
              path: "\(path).points",
              message: Message(
                "tiêu chí \(id ?? "?") khai \(points) điểm nhưng tổng điểm các chỉ tiêu là \(sum)",
                "criterion \(id ?? "?") declares \(points) points but its indicators add up "
                  + "to \(sum)")))
        }
      }
      if let id, let name, let points {
        criteria.append(
          Criterion(
            id: id, name: name, points: points, indicators: indicators, nameEnglish: nameEnglish))
      }
    }
    return criteria
  }

  /// Indicators are numbered 1, 2, 3 … straight through the set, in file order.
  static func checkNumbering(
    _ number: String, expected: inout Int, seen: inout [String: String], path: String,
    into problems: inout [FieldProblem]
  ) {
    if let first = seen[number] {
      problems.append(
        FieldProblem(
          path: "\(path).id",
          message: Message(
            "số chỉ tiêu \(number) bị lặp (lần đầu ở \(first))",
            "indicator number \(number) repeats (first at \(first))")))
      return
    }
    seen[number] = path
    guard let value = Int(number), String(value) == number, value >= 1 else {
      problems.append(
        FieldProblem(
          path: "\(path).id",
          message: Message(
            "số chỉ tiêu phải là số nguyên dương, không có số 0 ở đầu, gặp \"\(number)\"",
            "indicator number must be a positive whole number "
              + "written without leading zeros, found \"\(number)\"")))
      return
    }
    if value != expected {
      let skipped = value - expected > 1 ? "\(expected)-\(value - 1)" : "\(expected)"
      let detail =
        value > expected
        ? Message(
          "thiếu số \(skipped)",
          "number\(value - expected > 1 ? "s \(skipped) are" : " \(skipped) is") skipped")
        : Message("sai thứ tự", "out of order")
      problems.append(
        FieldProblem(
          path: "\(path).id",
          message: Message(
            "cần chỉ tiêu \(expected), gặp \(value) (\(detail.vietnamese))",
            "expected indicator \(expected), found \(value) (\(detail.english))")))
    }
    expected = max(expected, value) + 1
  }
}

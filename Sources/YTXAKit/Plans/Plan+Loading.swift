import Foundation
import YTXAFormats

extension Plan {
  /// Loads and validates a plan file against the criteria set it names (every problem named
  /// with its JSON path and target).
  public init(contentsOf url: URL, criteria: CriteriaSet) throws(CriteriaError) {
    try self.init(
      data: readDefinition(url.path), file: OSName.display(url.relativePath), criteria: criteria)
  }

  public init(data: [UInt8], file: String, criteria: CriteriaSet) throws(CriteriaError) {
    let object = try versionedObject(data, supported: Self.supportedSchemaVersion, file: file)
    var problems: [FieldProblem] = []
    let reader = FieldReader(object, path: "")
    reader.rejectUnknownKeys(
      allowed: [
        "schemaVersion", "id", "name", "source", "area", "criteriaSet", "years", "targets",
      ], into: &problems)
    let id = reader.string("id", into: &problems)
    let name = reader.string("name", into: &problems)
    let criteriaSet = reader.string("criteriaSet", into: &problems)
    if let criteriaSet, criteriaSet != criteria.id {
      problems.append(
        FieldProblem(
          path: "criteriaSet",
          message: Message(
            "kế hoạch dùng bộ \"\(criteriaSet)\" nhưng được đọc với bộ \"\(criteria.id)\"",
            "the plan names \"\(criteriaSet)\" but was read with \"\(criteria.id)\"")))
    }
    let source = Self.source(reader, into: &problems)
    let area = Self.area(reader, into: &problems)
    var years: ClosedRange<Int>?
    if let span = reader.objectReader("years", into: &problems) {
      span.rejectUnknownKeys(allowed: ["from", "to"], into: &problems)
      let from = span.integer("from", in: Evidence.years, into: &problems)
      let to = span.integer("to", in: Evidence.years, into: &problems)
      if let from, let to {
        if from <= to {
          years = from...to
        } else {
          problems.append(
            FieldProblem(
              path: "years",
              message: Message("năm đầu sau năm cuối", "the first year is after the last")))
        }
      }
    }
    var targets: [Target] = []
    // Repeats found by sets, not by searching the list (20,000 targets must not take seconds).
    var targetIDs: Set<String> = []
    let targetList = reader.array("targets", into: &problems)
    if targetList?.isEmpty == true {
      // A plan with nothing to evaluate would report "every target met" of nothing.
      problems.append(
        FieldProblem(
          path: "targets",
          message: Message("phải có ít nhất một mục tiêu", "must hold at least one target")))
    }
    for (index, value) in (targetList ?? []).enumerated() {
      let path = "targets[\(index)]"
      guard case .object(let item) = value else {
        problems.append(
          FieldProblem(path: path, message: Message("phải là một đối tượng", "must be an object")))
        continue
      }
      let loader = TargetLoader(
        reader: FieldReader(item, path: path), criteria: criteria, years: years ?? 2000...2100)
      let loaded = loader.load()
      problems += loader.problems
      guard let target = loaded else { continue }
      if !targetIDs.insert(target.id).inserted {
        problems.append(
          FieldProblem(
            path: path + ".id",
            message: Message(
              "mục tiêu \"\(target.id)\" xuất hiện hai lần", "target \"\(target.id)\" appears twice"
            )))
      }
      targets.append(target)
    }
    guard problems.isEmpty, let id, let name, let criteriaSet, let source, let area, let years
    else {
      throw .invalid(file: file, problems: problems)
    }
    self.init(
      id: id, name: name, source: source, area: area, criteriaSetID: criteriaSet, years: years,
      targets: targets)
  }

  static func source(_ reader: FieldReader, into problems: inout [FieldProblem]) -> Source? {
    guard let item = reader.objectReader("source", into: &problems) else { return nil }
    item.rejectUnknownKeys(
      allowed: ["number", "date", "issuer", "document", "note"], into: &problems)
    let number = item.string("number", into: &problems)
    let date = item.string("date", into: &problems)
    let issuer = item.string("issuer", into: &problems)
    let document = item.string("document", into: &problems)
    let note = item.string("note", required: false, into: &problems)
    guard let number, let date, let issuer, let document else { return nil }
    return Source(number: number, date: date, issuer: issuer, document: document, note: note)
  }

  static func area(_ reader: FieldReader, into problems: inout [FieldProblem]) -> Area? {
    guard let item = reader.objectReader("area", into: &problems) else { return nil }
    item.rejectUnknownKeys(
      allowed: ["province", "district", "name", "asOf", "asOfNote"], into: &problems)
    func code<Code: AdministrativeCode>(_ key: String, required: Bool, as: Code.Type) -> Code? {
      guard let text = item.string(key, required: required, into: &problems) else { return nil }
      switch Code.parse(text) {
      case .success(let code): return code
      case .failure(let problem):
        problems.append(FieldProblem(path: item.child(key), message: problem.message))
        return nil
      }
    }
    let province = code("province", required: true, as: ProvinceCode.self)
    let district = code("district", required: false, as: DistrictCode.self)
    let name = item.string("name", into: &problems)
    let note = item.string("asOfNote", required: false, into: &problems)
    var day: Day?
    if let text = item.string("asOf", into: &problems) {
      switch EvidenceRules.assessedOn(text, year: nil) {
      case .success(let found): day = found
      case .failure(let violation):
        problems.append(FieldProblem(path: item.child("asOf"), message: violation.message))
      }
    }
    guard let province, let name, let day else { return nil }
    return Area(province: province, district: district, name: name, asOf: day, asOfNote: note)
  }

  /// Refuses a plan whose area has no units in the registry on its date, or whose recognised
  /// targets count more communes than the area has (each named, with the registry's count).
  public func check(against registry: UnitRegistry, file: String) throws(CriteriaError) {
    if let problem = registry.coverageProblem(of: area.asOf, field: "area.asOf") {
      throw .invalid(file: file, problems: [problem])
    }
    let communes = registry.units(
      inForceOn: area.asOf, province: area.province, district: area.district
    ).count
    var problems: [FieldProblem] = []
    if communes == 0 {
      problems.append(
        FieldProblem(
          path: "area",
          message: Message(
            "danh mục không có đơn vị nào của \(area.name) ngày \(area.asOf.vietnamese)",
            "the registry has no unit of \(area.name) on \(area.asOf.iso)")))
    }
    for (index, target) in targets.enumerated() {
      guard case .recognised(let rule) = target.kind else { continue }
      let most: Int
      switch rule {
      case .count(let counts): most = counts.values.max() ?? 0
      case .maintainAndAdd(let maintain, let add, _): most = maintain + add
      case .share: continue
      }
      if most > communes {
        problems.append(
          FieldProblem(
            path: "targets[\(index)]",
            message: Message(
              "mục tiêu \"\(target.id)\" cần \(most) xã nhưng \(area.name) chỉ có \(communes) "
                + "đơn vị ngày \(area.asOf.vietnamese)",
              "target \"\(target.id)\" needs \(most) communes but \(area.name) has \(communes) "
                + "units on \(area.asOf.iso)")))
      }
    }
    guard problems.isEmpty else { throw .invalid(file: file, problems: problems) }
  }
}

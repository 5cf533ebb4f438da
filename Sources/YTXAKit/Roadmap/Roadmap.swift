import Foundation
import YTXAFormats

/// A province's plan: how many communes of each district must newly meet the standard each year.
/// Another province's plan is another file, not new code.
public struct Roadmap: Sendable, Hashable {
  public static let supportedSchemaVersion = 1
  /// The years a plan may name.
  public static let years = Evidence.years
  /// The most communes a district, a province or a yearly target may count (the whole country
  /// has about 10,600): a bound, so that no sum of them can overflow.
  public static let maximumCommunes = 100_000

  public struct District: Sendable, Hashable {
    public var code: DistrictCode
    public var name: String
    /// Commune-level units in the district when the plan was made.
    public var communes: Int
    /// Communes newly meeting the standard, per year.
    public var targets: [Int: Int]
    /// Cumulative targets the plan states for phase ends (checked against `targets`).
    public var milestones: [Int: Int]

    /// The sum of the yearly targets up to and including `year`.
    public func cumulative(through year: Int) -> Int {
      targets.filter { $0.key <= year }.reduce(0) { $0 + $1.value }
    }
  }

  public var id: String
  public var name: String
  public var legalNumber: String
  public var legalDate: String
  public var criteriaSetID: String
  public var provinceCode: ProvinceCode
  public var provinceName: String
  public var provinceCommunes: Int
  public var provinceMilestones: [Int: Int]
  /// The plan's years, ascending.
  public var years: [Int]
  public var provenanceNote: String
  public var districts: [District]
  /// The day the plan counts its communes on (interfaces §6: 2023-04-10 for KH 115): a plan
  /// district's communes are the registry's communes of that district on that day. `nil` in a
  /// roadmap file that does not say (its districts are then joined by the evidence's codes).
  public var unitsAsOf: Day? = nil

  /// The district with this code.
  public func district(_ code: DistrictCode) -> District? {
    districts.first { $0.code == code }
  }

  /// The province's cumulative target through `year`.
  public func provinceCumulative(through year: Int) -> Int {
    districts.reduce(0) { $0 + $1.cumulative(through: year) }
  }
}

extension Roadmap {
  /// Loads and validates a roadmap file: each district's yearly targets add up to its number of
  /// communes and to its milestones, and the province's figures are the sums.
  public init(contentsOf url: URL) throws(CriteriaError) {
    try self.init(data: readDefinition(url.path), file: url.path)
  }

  public init(data: [UInt8], file: String) throws(CriteriaError) {
    let object = try versionedObject(data, supported: Self.supportedSchemaVersion, file: file)
    var problems: [FieldProblem] = []
    let reader = FieldReader(object, path: "")
    reader.rejectUnknownKeys(
      allowed: [
        "schemaVersion", "id", "name", "legalBasis", "criteriaSet", "province", "years",
        "provenanceNote", "districts", "unitsAsOf",
      ], into: &problems)
    var unitsAsOf: Day?
    if let text = reader.string("unitsAsOf", required: false, into: &problems) {
      switch EvidenceRules.assessedOn(text, year: nil) {
      case .success(let day): unitsAsOf = day
      case .failure(let violation):
        problems.append(FieldProblem(path: "unitsAsOf", message: violation.message))
      }
    }
    let id = reader.string("id", into: &problems)
    let name = reader.string("name", into: &problems)
    let criteriaSet = reader.string("criteriaSet", into: &problems)
    let note = reader.string("provenanceNote", into: &problems)
    let legal = reader.objectReader("legalBasis", into: &problems)
    legal?.rejectUnknownKeys(allowed: ["number", "date", "issuer"], into: &problems)
    let number = legal?.string("number", into: &problems)
    let date = legal?.string("date", into: &problems)
    _ = legal?.string("issuer", required: false, into: &problems)
    let province = reader.objectReader("province", into: &problems)
    province?.rejectUnknownKeys(
      allowed: ["code", "name", "communes", "milestones"], into: &problems)
    let provinceCode = province.flatMap { Self.code($0, as: ProvinceCode.self, into: &problems) }
    let provinceName = province?.string("name", into: &problems)
    let provinceCommunes = province?.integer(
      "communes", in: 0...Self.maximumCommunes, into: &problems)
    let provinceMilestones = province.flatMap {
      Self.yearTable($0, "milestones", required: false, into: &problems)
    }
    let years = Self.years(reader, into: &problems)
    var districts: [District] = []
    var codes: Set<DistrictCode> = []
    for (index, value) in (reader.array("districts", into: &problems) ?? []).enumerated() {
      guard
        let district = Self.district(
          value, path: "districts[\(index)]", years: years, into: &problems)
      else { continue }
      if !codes.insert(district.code).inserted {
        problems.append(
          .init(
            path: "districts[\(index)].code",
            message: Message(
              "huyện \(district.code) (\(district.name)) xuất hiện hai lần",
              "district \(district.code) (\(district.name)) appears twice")))
      }
      districts.append(district)
    }
    Self.checkProvince(
      communes: provinceCommunes, milestones: provinceMilestones, districts: districts,
      into: &problems)
    guard problems.isEmpty, let id, let name, let criteriaSet, let note, let number, let date,
      let provinceCode, let provinceName, let provinceCommunes
    else {
      throw .invalid(file: file, problems: problems)
    }
    self.init(
      id: id, name: name, legalNumber: number, legalDate: date, criteriaSetID: criteriaSet,
      provinceCode: provinceCode, provinceName: provinceName, provinceCommunes: provinceCommunes,
      provinceMilestones: provinceMilestones ?? [:], years: years, provenanceNote: note,
      districts: districts, unitsAsOf: unitsAsOf)
  }

  /// Refuses a roadmap whose communes disagree with the registry on ``unitsAsOf``: each plan
  /// district must have exactly as many communes as the registry's units of that district in
  /// force that day, and the province as many as its units (every problem named, with the
  /// registry's count). Nothing to check when the roadmap gives no `unitsAsOf`.
  public func check(against registry: UnitRegistry, file: String) throws(CriteriaError) {
    guard let day = unitsAsOf else { return }
    if let problem = registry.coverageProblem(of: day, field: "unitsAsOf") {
      throw .invalid(file: file, problems: [problem])
    }
    var problems: [FieldProblem] = []
    let date = Message(day.vietnamese, day.iso)
    for (index, district) in districts.enumerated() {
      let found = registry.units(inForceOn: day, province: provinceCode, district: district.code)
      guard found.count != district.communes else { continue }
      problems.append(
        FieldProblem(
          path: "districts[\(index)].communes",
          message: Message(
            "huyện \(district.code) (\(district.name)) có \(district.communes) xã trong kế hoạch "
              + "nhưng danh mục đơn vị hành chính có \(found.count) đơn vị của huyện này ngày "
              + date.vietnamese,
            "district \(district.code) (\(district.name)) has \(district.communes) communes in the "
              + "plan but the registry has \(found.count) units of it on " + date.english)))
    }
    let total = registry.units(inForceOn: day, province: provinceCode).count
    if total != provinceCommunes {
      problems.append(
        FieldProblem(
          path: "province.communes",
          message: Message(
            "tỉnh \(provinceCode) có \(provinceCommunes) xã trong kế hoạch nhưng danh mục có "
              + "\(total) đơn vị ngày " + date.vietnamese,
            "province \(provinceCode) has \(provinceCommunes) communes in the plan but the "
              + "registry has \(total) units on " + date.english)))
    }
    if !problems.isEmpty { throw .invalid(file: file, problems: problems) }
  }

  /// The province's figures must be the districts' sums: its communes, and each milestone.
  private static func checkProvince(
    communes provinceCommunes: Int?, milestones provinceMilestones: [Int: Int]?,
    districts: [District], into problems: inout [FieldProblem]
  ) {
    if let provinceCommunes {
      let sum = districts.reduce(0) { $0 + $1.communes }
      if sum != provinceCommunes {
        problems.append(
          .init(
            path: "province.communes",
            message: Message(
              "tỉnh có \(provinceCommunes) xã nhưng tổng số xã của các huyện là \(sum)",
              "the province has \(provinceCommunes) communes but its districts add up to \(sum)")))
      }
    }
    for (year, stated) in (provinceMilestones ?? [:]).sorted(by: { $0.key < $1.key }) {
      let computed = districts.reduce(0) { $0 + $1.cumulative(through: year) }
      if computed != stated {
        problems.append(
          .init(
            path: "province.milestones.\(year)",
            message: Message(
              "tỉnh ghi \(stated) xã đến năm \(year), nhưng tổng chỉ tiêu các huyện là \(computed)",
              "the province states \(stated) communes by \(year), but the districts' "
                + "targets add up to \(computed)")))
      }
    }
  }

  /// The plan's years: consecutive, each from 2000 to 2100.
  private static func years(_ reader: FieldReader, into problems: inout [FieldProblem]) -> [Int] {
    var years: [Int] = []
    for (index, value) in (reader.array("years", into: &problems) ?? []).enumerated() {
      guard
        let year = FieldReader.integer(
          value, path: "years[\(index)]", in: Self.years, into: &problems)
      else { continue }
      if let last = years.last, year != last + 1 {
        problems.append(
          .init(
            path: "years[\(index)]",
            message: Message(
              "các năm phải liên tiếp; gặp \(year) sau \(last)",
              "years must be consecutive; found \(year) after \(last)")))
      }
      years.append(year)
    }
    return years
  }

  /// One district of the plan: its targets add up to its communes and to its milestones, and
  /// are for the plan's years.
  private static func district(
    _ value: JSONValue, path: String, years: [Int], into problems: inout [FieldProblem]
  ) -> District? {
    guard let object = value.objectValue else {
      problems.append(
        .init(path: path, message: .mustBeAnObject))
      return nil
    }
    let item = FieldReader(object, path: path)
    item.rejectUnknownKeys(
      allowed: ["code", "name", "communes", "targets", "milestones"], into: &problems)
    guard let code = Self.code(item, as: DistrictCode.self, into: &problems),
      let districtName = item.string("name", into: &problems),
      let communes = item.integer("communes", in: 0...Self.maximumCommunes, into: &problems),
      let targets = Self.yearTable(item, "targets", required: true, into: &problems)
    else { return nil }
    let milestones = Self.yearTable(item, "milestones", required: false, into: &problems) ?? [:]
    let label = "district \(code) (\(districtName))"
    for year in targets.keys.sorted() where !years.contains(year) {
      problems.append(
        .init(
          path: path + ".targets.\(year)",
          message: Message(
            "\(label): \(year) không thuộc các năm của kế hoạch",
            "\(label): \(year) is not one of the plan's years")))
    }
    let sum = targets.values.reduce(0, +)
    if sum != communes {
      problems.append(
        .init(
          path: path + ".targets",
          message: Message(
            "\(label): tổng chỉ tiêu các năm là \(sum), không bằng \(communes) xã của huyện",
            "\(label): the yearly targets add up to \(sum), not to its \(communes) communes")))
    }
    let district = District(
      code: code, name: districtName, communes: communes, targets: targets,
      milestones: milestones)
    for (year, stated) in milestones.sorted(by: { $0.key < $1.key }) {
      let computed = district.cumulative(through: year)
      if computed != stated {
        problems.append(
          .init(
            path: path + ".milestones.\(year)",
            message: Message(
              "\(label), \(year): kế hoạch ghi \(stated) xã đến khi đó, nhưng tổng chỉ tiêu các "
                + "năm là \(computed)",
              "\(label), \(year): the plan states \(stated) communes by then, but the "
                + "yearly targets add up to \(computed)")))
      }
    }
    return district
  }

  /// A unit's `code`, by the rule of its level (the same as in evidence).
  private static func code<Code: AdministrativeCode>(
    _ reader: FieldReader, as type: Code.Type, into problems: inout [FieldProblem]
  ) -> Code? {
    guard let text = reader.string("code", into: &problems) else { return nil }
    switch Code.parse(text) {
    case .success(let code): return code
    case .failure(let problem):
      problems.append(FieldProblem(path: reader.child("code"), message: problem.message))
      return nil
    }
  }

  /// `{"2023": 2, …}`: non-negative whole numbers keyed by year.
  private static func yearTable(
    _ reader: FieldReader, _ key: String, required: Bool, into problems: inout [FieldProblem]
  ) -> [Int: Int]? {
    guard let object = reader.objectReader(key, required: required, into: &problems) else {
      return nil
    }
    var table: [Int: Int] = [:]
    for member in object.object.members {
      let path = object.child(member.key)
      guard let year = Int(member.key), Self.years.contains(year) else {
        problems.append(
          .init(
            path: path,
            message: Message(
              "phải là năm từ \(Self.years.lowerBound) đến \(Self.years.upperBound)",
              "must be a year from \(Self.years.lowerBound) to \(Self.years.upperBound)")))
        continue
      }
      guard
        let value = FieldReader.integer(
          member.value, path: path, in: 0...Self.maximumCommunes, into: &problems)
      else { continue }
      table[year] = value
    }
    return table
  }
}

extension BundledFiles {
  /// The bundled roadmap with this id, as the bundle's manifest declares it.
  public func roadmap(id: String) throws(CriteriaError) -> Roadmap {
    let path = try roadmapPath(id: id)
    let roadmap = try Roadmap(contentsOf: URL(fileURLWithPath: path))
    try Self.check(id, declaredFor: path, found: roadmap.id)
    return roadmap
  }
}

import Foundation
import YTXAFormats

/// Counts per district and for the whole run.
package struct BatchTally: Sendable, Hashable {
  public var communes = 0
  public var passed = 0
  public var failedTotal = 0
  public var failedCriterion = 0
  public var failedKnockout = 0
  public var rejected = 0
  /// Sum of totals, in half-points.
  public var totalHalves = 0
  /// Sum of the displayed percents, in tenths of a percent.
  public var percentTenths = 0

  public var failed: Int { communes - passed }

  mutating func add(_ record: BatchRecord) {
    communes += 1
    if record.passed { passed += 1 }
    if record.reasons.contains(.total) { failedTotal += 1 }
    if record.reasons.contains(where: { if case .criterion = $0 { true } else { false } }) {
      failedCriterion += 1
    }
    if record.reasons.contains(where: { if case .knockout = $0 { true } else { false } }) {
      failedKnockout += 1
    }
    totalHalves += record.total.halves
    percentTenths += Int(record.percent.mantissa) * (record.percent.scale == 0 ? 10 : 1)
  }

  /// Mean total points, rounded half up to one decimal (exact from half-points).
  public var meanTotal: ExactDecimal? {
    guard communes > 0 else { return nil }
    return Fraction(Int128(totalHalves), Int128(communes * 2)).rounded(places: 1)
  }

  /// Mean of the communes' percents, rounded half up to one decimal.
  public var meanPercent: ExactDecimal? {
    guard communes > 0 else { return nil }
    return Fraction(Int128(percentTenths), Int128(communes * 10)).rounded(places: 1)
  }

  /// Share of scored communes that pass, in percent with one decimal.
  public var passRate: ExactDecimal? {
    guard communes > 0 else { return nil }
    return Fraction(Int128(passed * 100), Int128(communes)).rounded(places: 1)
  }

  func jsonOutput() -> JSONOutput {
    func decimal(_ value: ExactDecimal?) -> JSONOutput {
      value.map { .number($0.formatted(decimalSeparator: ".", minimumPlaces: 1)) } ?? .null
    }
    return .object([
      "communes": .int(communes), "passed": .int(passed), "failed": .int(failed),
      "failedBy": .object([
        "total": .int(failedTotal), "criterion": .int(failedCriterion),
        "knockout": .int(failedKnockout),
      ]),
      "rejectedFiles": .int(rejected), "meanTotal": decimal(meanTotal),
      "meanPercent": decimal(meanPercent), "passRate": decimal(passRate),
    ])
  }
}

/// The summary of a batch run: per district and for the whole run.
public struct BatchSummary: Sendable {
  /// A row of the district table: a district, or the units of a province that have no
  /// district (formed since 1 July 2025), grouped under it.
  public struct District: Sendable, Hashable {
    /// The district; `nil` for a province's units without one.
    public var code: DistrictCode?
    /// The province of a group without a district.
    public var province: ProvinceCode?
    public var name: String
    package var tally: BatchTally
    /// Counts under the compared set (with `--compare-criteria`).
    package var compared = ComparisonTally()

    /// Districts by code, then the groups without a district by province.
    static func precedes(_ a: District, _ b: District) -> Bool {
      switch (a.code, b.code) {
      case (let x?, let y?): x < y
      case (.some, nil): true
      case (nil, .some): false
      case (nil, nil): (a.province?.digits ?? "") < (b.province?.digits ?? "")
      }
    }
  }

  /// The key of a district-table row.
  private struct GroupKey: Hashable {
    var district: DistrictCode?
    var province: ProvinceCode?
  }

  /// Whether the communes were resolved against the registry: then the district table uses the
  /// districts of the registry on each file's assessment date; else the districts as written.
  public var unitsChecked = false

  public var districts: [District]
  package var province: BatchTally
  public var provinceCode: ProvinceCode?
  public var provinceName: String?
  public var files: Int
  public var skipped: Int
  /// Table rows nobody filled in (not scored, not rejected).
  public var unfilled = 0
  public var year: Int?
  /// The scored records (shared with the outcome, not copied).
  package private(set) var records: [BatchRecord]
  /// A criteria set the run used, by id.
  public struct SetUse: Sendable, Hashable {
    public var id: String
    /// Indicators not confirmed against the official text, and all indicators.
    public var unverified: Int
    public var indicators: Int
    /// The file the set was read from, with its SHA-256.
    public var source: CriteriaSource?
    /// How many inputs it scored.
    public var scored: Int
    /// Its pass rule, for the reasons reports give.
    public var passRule: CriteriaSet.PassRule
  }

  /// Criteria sets used, by id: a run over files naming different sets says so, per set.
  public var criteria: [SetUse]
  public var reevaluation: Reevaluation?
  /// The set every commune was also scored under, and the counts under it (whole run).
  public var comparedSet: ComparedSet?
  package var compared = ComparisonTally()

  public init(outcome: BatchRunner.Outcome, year: Int?, reevaluation: Reevaluation?) {
    var byDistrict: [GroupKey: District] = [:]
    var province = BatchTally()
    var provinces: Set<ProvinceCode?> = []
    // One code can name two provinces over a run (24: Bắc Giang until 2025-06-30, then Bắc
    // Ninh): every name is kept, in text order.
    var provinceNames: [String] = []
    for record in outcome.records {
      let key = GroupKey(
        district: record.districtCode,
        province: record.districtCode == nil ? record.provinceCode : nil)
      byDistrict[
        key,
        default: District(
          code: key.district, province: key.province,
          name: record.districtName ?? record.provinceName ?? "", tally: BatchTally())
      ].tally.add(record)
      province.add(record)
      if outcome.compareSet != nil {
        let after = outcome.passedAfter(record)
        let changed = outcome.comparisons[record.order] != nil
        byDistrict[key]?.compared.add(record, passedAfter: after, changed: changed)
        compared.add(record, passedAfter: after, changed: changed)
      }
      provinces.insert(record.provinceCode)
      if let name = record.provinceName, !provinceNames.contains(name) {
        provinceNames.append(name)
      }
    }
    for error in outcome.errors {
      province.rejected += 1
      if let code = error.districtCode {
        byDistrict[
          GroupKey(district: code, province: nil),
          default: District(
            code: code, province: nil, name: error.districtName ?? "", tally: BatchTally())
        ].tally.rejected += 1
      }
    }
    province.rejected += outcome.unlistedRows.count
    for (code, counted) in outcome.unlistedRows.byDistrict {
      byDistrict[
        GroupKey(district: code, province: nil),
        default: District(code: code, province: nil, name: counted.name, tally: BatchTally())
      ].tally.rejected += counted.count
    }
    districts = byDistrict.values.sorted(by: District.precedes)
    unitsChecked = outcome.unitsChecked
    self.province = province
    if provinces.count == 1, let only = provinces.first, let only {
      provinceCode = only
      self.provinceName =
        provinceNames.isEmpty ? nil : provinceNames.sorted().joined(separator: " / ")
    }
    files = outcome.total
    skipped = outcome.skipped
    unfilled = outcome.unfilled.count
    self.year = year
    records = outcome.records
    criteria = outcome.criteriaSets.keys.sorted().compactMap { id in
      outcome.criteriaSets[id].map { set in
        SetUse(
          id: id, unverified: set.unverifiedCount, indicators: set.indicators.count,
          source: set.source, scored: outcome.scoredBySet[id] ?? 0, passRule: set.passRule)
      }
    }
    self.reevaluation = reevaluation
    comparedSet = outcome.compareSet.map(ComparedSet.init)
  }

  /// Whether every input was scored and every commune passes.
  public var allPass: Bool { province.rejected == 0 && province.failed == 0 }

  /// `summary.json` as a tree. ``writeJSON(_:)`` writes the same bytes without holding the
  /// re-evaluation lists as a tree.
  package func jsonOutput() -> JSONOutput {
    var object = baseMembers()
    if let reevaluation {
      var lists: JSONOutput.Members = [:]
      for (key, count, entry) in Self.lists(of: reevaluation) {
        lists[key] = .array((0..<count).map(entry))
      }
      object["reevaluation"] = .object(lists)
    }
    return .object(object)
  }

  /// Writes `summary.json` (the bytes of `jsonOutput().bytes(pretty: true)`) piece by piece,
  /// through the JSON writer: the re-evaluation lists, which can hold every commune of the
  /// country, one entry at a time.
  public func writeJSON<Failure: Error>(_ write: ([UInt8]) throws(Failure) -> Void)
    throws(Failure)
  {
    guard let reevaluation else {
      try write(jsonOutput().bytes(pretty: true))
      return
    }
    var writer = JSONWriter(sink: [UInt8](), pretty: true)
    /// Hands over what is written so far once it is large.
    func drain(_ force: Bool = false) throws(Failure) {
      guard force || writer.sink.count >= 1 << 16 else { return }
      try write(writer.sink)
      writer.sink.removeAll(keepingCapacity: true)
    }
    let members = baseMembers()
    let keys = (Array(members.keys) + ["reevaluation"]).sorted {
      $0.utf8.lexicographicallyPrecedes($1.utf8)
    }
    writer.beginObject()
    for name in keys {
      writer.key(text: name)
      guard name == "reevaluation" else {
        writer.value(members[name] ?? .null)
        continue
      }
      writer.beginObject()
      let lists = Self.lists(of: reevaluation).sorted {
        $0.key.utf8.lexicographicallyPrecedes($1.key.utf8)
      }
      for list in lists {
        writer.key(text: list.key)
        writer.beginArray()
        for entry in 0..<list.count {
          writer.value(list.entry(entry))
          try drain()
        }
        writer.endArray()
      }
      writer.endObject()
    }
    writer.endObject()
    try drain(true)
  }

  func baseMembers() -> JSONOutput.Members {
    var members = plainMembers()
    members["comparison"] = comparedSet.map(comparisonJSON)
    return members
  }

  private func plainMembers() -> JSONOutput.Members {
    [
      "files": .object([
        "found": .int(files), "scored": .int(province.communes),
        "rejected": .int(province.rejected), "skippedOtherYear": .int(skipped),
        "unfilledRows": .int(unfilled),
      ]),
      "province": .object([
        "code": provinceCode.map { .string($0.digits) } ?? .null,
        "name": provinceName.map { .string($0) } ?? .null,
        "summary": province.jsonOutput(),
      ]),
      "districts": .array(
        districts.map { district in
          var object: JSONOutput = .object([
            "code": district.code.map { .string($0.digits) } ?? .null,
            "name": .string(district.name), "summary": district.tally.jsonOutput(),
          ])
          if district.code == nil {
            object = object.adding("withoutDistrict", .bool(true)).adding(
              "province", district.province.map { .string($0.digits) } ?? .null)
          }
          return object
        }),
      "districtsAsOf": .string(unitsChecked ? "assessedOn" : "asWritten"),
      "unitsChecked": .bool(unitsChecked),
      "criteriaSets": .array(
        criteria.map {
          JSONOutput.object([
            "id": .string($0.id), "unverifiedIndicators": .int($0.unverified),
            "indicators": .int($0.indicators), "scoredFiles": .int($0.scored),
          ]).adding("criteriaFile", $0.source?.jsonOutput)
        }),
      "year": year.map { .int($0) } ?? .null,
    ]
  }

  /// The re-evaluation lists: key, length, and the JSON of entry i (made on demand).
  private static func lists(of reevaluation: Reevaluation) -> [(
    key: String, count: Int, entry: (Int) -> JSONOutput
  )] {
    func standing(_ value: CommuneStanding?) -> JSONOutput {
      guard let value else { return .null }
      return .object([
        "code": .string(value.code.digits), "name": .string(value.name),
        "district": value.districtCode.map { .string($0.digits) } ?? .null,
        "year": .int(value.year),
        "passed": .bool(value.passed),
      ])
    }
    func pair(_ before: CommuneStanding?, _ now: CommuneStanding) -> JSONOutput {
      .object(["before": standing(before), "now": standing(now)])
    }
    return [
      (
        "toWithdraw", reevaluation.toWithdraw.count,
        { pair(reevaluation.toWithdraw[$0].before, reevaluation.toWithdraw[$0].now) }
      ),
      (
        "toMaintain", reevaluation.toMaintain.count,
        { pair(reevaluation.toMaintain[$0].before, reevaluation.toMaintain[$0].now) }
      ),
      (
        "candidates", reevaluation.candidates.count,
        { pair(reevaluation.candidates[$0].before, reevaluation.candidates[$0].now) }
      ),
      (
        "notReassessed", reevaluation.notReassessed.count,
        { standing(reevaluation.notReassessed[$0]) }
      ),
    ]
  }
}

/// The batch's scratch-file form of a ``PointsOnlyScore``: a compact binary record (about 700
/// bytes against some 5,000 for the JSON line), so that each result line is rendered and
/// written only once, into `results.jsonl`, in its final order. Nothing of it outlives the run.
///
/// Layout (little-endian): strings are a 4-byte length and UTF-8 bytes; numbers are 8 bytes;
/// flags 1 byte. Criterion numbers and names are not stored: they come from the criteria set.
enum BatchSpillCoding {
  /// Appends `score`; returns where, counted from the record's start, the commune name's UTF-8
  /// bytes lie (so the name can be read back alone).
  static func encode(_ score: PointsOnlyScore, into out: inout [UInt8]) -> Range<Int> {
    let start = out.count
    func byte(_ value: UInt8) { out.append(value) }
    func int(_ value: Int) {
      withUnsafeBytes(of: Int64(value).littleEndian) { out.append(contentsOf: $0) }
    }
    func string(_ text: String) {
      var text = text
      text.withUTF8 { bytes in
        withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: bytes)
      }
    }
    string(score.criteriaSetID)
    string(score.file)
    int(score.year)
    int(score.assessedOn.map { Int($0.number) } ?? Int.min)
    let commune = score.commune
    string(commune.code.digits)
    let nameStart = out.count - start + 4
    string(commune.name)
    let nameRange = nameStart..<(out.count - start)
    string(commune.type.rawValue)
    int(commune.zone)
    string(commune.region)
    if let district = commune.district {
      byte(1)
      string(district.code.digits)
      string(district.name)
    } else {
      byte(0)
    }
    if let unit = commune.unit {
      byte(1)
      int(unit.index)
      int(unit.validFrom.map { Int($0.number) } ?? Int.min)
      int(unit.validTo.map { Int($0.number) } ?? Int.min)
    } else {
      byte(0)
    }
    if let province = commune.province {
      byte(1)
      string(province.code.digits)
      string(province.name)
    } else {
      byte(0)
    }
    int(score.points.count)
    for (points, status) in zip(score.points, score.statuses) {
      int(points.halves)
      switch status {
      case .scored: byte(0)
      case .missing: byte(1)
      case .notApplicable: byte(2)
      }
    }
    let judgement = score.judgement
    int(judgement.criteria.count)
    for criterion in judgement.criteria {
      int(criterion.points.halves)
      int(criterion.maximum.halves)
      int(criterion.required.halves)
      byte(criterion.hasPassed ? 1 : 0)
      byte(criterion.isSkipped ? 1 : 0)
    }
    int(judgement.total.halves)
    int(judgement.maximum.halves)
    int(judgement.requiredTotal.halves)
    int(judgement.reasons.count)
    for reason in judgement.reasons {
      switch reason {
      case .total:
        byte(0)
      case .criterion(let id):
        byte(1)
        string(id)
      case .knockout(let id):
        byte(2)
        string(id)
      }
    }
    int(score.warnings.count)
    for warning in score.warnings {
      string(warning.vietnamese)
      string(warning.english)
    }
    int(score.unverifiedIndicators)
    return nameRange
  }

  /// The score a record holds, with the criteria's numbers and names from `criteria`; `nil`
  /// when the bytes are not such a record for that set.
  static func decode(_ bytes: ArraySlice<UInt8>, criteria: CriteriaSet) -> PointsOnlyScore? {
    var reader = Reader(bytes: bytes)
    guard let setID = reader.string(), setID == criteria.id, let file = reader.string(),
      let year = reader.int(), let assessedOn = reader.day(), let code = reader.string(),
      let name = reader.string(), let type = reader.string().flatMap(CommuneType.init(rawValue:)),
      let zone = reader.int(), let region = reader.string(), let district = reader.district(),
      let unit = reader.unit(), let hasProvince = reader.byte()
    else { return nil }
    // The codes were valid codes when written: read back as they are.
    var province: Province?
    if hasProvince == 1 {
      guard let provinceCode = reader.string(), let provinceName = reader.string() else {
        return nil
      }
      province = Province(code: ProvinceCode(checkedDigits: provinceCode), name: provinceName)
    }
    guard let indicatorCount = reader.int(), indicatorCount == criteria.indicators.count else {
      return nil
    }
    var points: [Points] = []
    var statuses: [IndicatorResult.Status] = []
    points.reserveCapacity(indicatorCount)
    statuses.reserveCapacity(indicatorCount)
    for _ in 0..<indicatorCount {
      guard let halves = reader.int(), let status = reader.byte() else { return nil }
      points.append(Points(halves: halves))
      switch status {
      case 0: statuses.append(.scored)
      case 1: statuses.append(.missing)
      case 2: statuses.append(.notApplicable)
      default: return nil
      }
    }
    guard let criterionCount = reader.int(), criterionCount == criteria.criteria.count else {
      return nil
    }
    var criterionResults: [CriterionResult] = []
    criterionResults.reserveCapacity(criterionCount)
    for criterion in criteria.criteria {
      guard let earned = reader.int(), let maximum = reader.int(), let required = reader.int(),
        let passed = reader.byte(), let skipped = reader.byte()
      else { return nil }
      criterionResults.append(
        CriterionResult(
          id: criterion.id, name: criterion.name, points: Points(halves: earned),
          maximum: Points(halves: maximum), required: Points(halves: required),
          hasPassed: passed == 1, isSkipped: skipped == 1))
    }
    guard let total = reader.int(), let maximum = reader.int(), let requiredTotal = reader.int(),
      let reasonCount = reader.int()
    else { return nil }
    var reasons: [FailureReason] = []
    for _ in 0..<reasonCount {
      switch reader.byte() {
      case 0: reasons.append(.total)
      case 1:
        guard let id = reader.string() else { return nil }
        reasons.append(.criterion(id))
      case 2:
        guard let id = reader.string() else { return nil }
        reasons.append(.knockout(id))
      default: return nil
      }
    }
    guard let warningCount = reader.int() else { return nil }
    var warnings: [Message] = []
    for _ in 0..<warningCount {
      guard let vietnamese = reader.string(), let english = reader.string() else { return nil }
      warnings.append(Message(vietnamese, english))
    }
    guard let unverified = reader.int(), reader.isAtEnd else { return nil }
    var commune = Commune(
      code: CommuneCode(checkedDigits: code), name: name, type: type, zone: zone, region: region,
      district: district.value, province: province)
    commune.unit = unit.value
    return PointsOnlyScore(
      file: file, commune: commune, year: year, assessedOn: assessedOn.value,
      criteriaSetID: setID, points: points, statuses: statuses,
      judgement: Scorer.Judgement(
        criteria: criterionResults, total: Points(halves: total),
        maximum: Points(halves: maximum), requiredTotal: Points(halves: requiredTotal),
        reasons: reasons),
      warnings: warnings, unverifiedIndicators: unverified)
  }

  /// The criteria set a record was scored against (its first field).
  static func criteriaSetID(_ bytes: ArraySlice<UInt8>) -> String? {
    var reader = Reader(bytes: bytes)
    return reader.string()
  }

  private struct Reader {
    let bytes: ArraySlice<UInt8>
    var index: Int

    init(bytes: ArraySlice<UInt8>) {
      self.bytes = bytes
      index = bytes.startIndex
    }

    var isAtEnd: Bool { index == bytes.endIndex }

    mutating func byte() -> UInt8? {
      guard index < bytes.endIndex else { return nil }
      defer { index += 1 }
      return bytes[index]
    }

    mutating func int() -> Int? {
      guard bytes.endIndex - index >= 8 else { return nil }
      var value: UInt64 = 0
      for shift in 0..<8 { value |= UInt64(bytes[index + shift]) << (8 * shift) }
      index += 8
      return Int(Int64(bitPattern: value))
    }

    /// A value that may be absent, read: `nil` when the bytes are wrong, `.some(nil)` absent.
    struct Maybe<Value> {
      var value: Value?
    }

    /// A day, or `Int.min` for none.
    mutating func day() -> Maybe<Day>? {
      guard let number = int() else { return nil }
      guard number != Int.min else { return Maybe(value: nil) }
      guard let day = Int32(exactly: number) else { return nil }
      return Maybe(value: Day(daysSince1970: day))
    }

    /// A flag, then the district's code and name.
    mutating func district() -> Maybe<District>? {
      switch byte() {
      case 0: return Maybe(value: nil)
      case 1:
        guard let code = string(), let name = string() else { return nil }
        return Maybe(value: District(code: DistrictCode(checkedDigits: code), name: name))
      default: return nil
      }
    }

    /// A flag, then the unit's index and period.
    mutating func unit() -> Maybe<ResolvedUnit>? {
      switch byte() {
      case 0: return Maybe(value: nil)
      case 1:
        guard let index = int(), let from = day(), let to = day() else { return nil }
        return Maybe(value: ResolvedUnit(index: index, validFrom: from.value, validTo: to.value))
      default: return nil
      }
    }

    mutating func string() -> String? {
      guard bytes.endIndex - index >= 4 else { return nil }
      var length = 0
      for shift in 0..<4 { length |= Int(bytes[index + shift]) << (8 * shift) }
      index += 4
      guard bytes.endIndex - index >= length else { return nil }
      defer { index += length }
      return String(decoding: bytes[index..<index + length], as: UTF8.self)
    }
  }
}

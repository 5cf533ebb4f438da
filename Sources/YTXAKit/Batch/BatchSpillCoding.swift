import YTXAFormats

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
    string(score.criteriaSetID, &out)
    string(score.file, &out)
    int(score.year, &out)
    int(score.assessedOn.map { Int($0.number) } ?? Int.min, &out)
    let nameRange = encode(score.commune, into: &out, recordStart: start)
    int(score.points.count, &out)
    for (points, status) in zip(score.points, score.statuses) {
      int(points.halves, &out)
      switch status {
      case .scored: out.append(0)
      case .missing: out.append(1)
      case .notApplicable: out.append(2)
      }
    }
    encode(score.judgement, into: &out)
    int(score.warnings.count, &out)
    for warning in score.warnings {
      string(warning.vietnamese, &out)
      string(warning.english, &out)
    }
    int(score.unverifiedIndicators, &out)
    return nameRange
  }

  @inline(__always)
  private static func int(_ value: Int, _ out: inout [UInt8]) {
    withUnsafeBytes(of: Int64(value).littleEndian) { out.append(contentsOf: $0) }
  }

  @inline(__always)
  private static func string(_ text: String, _ out: inout [UInt8]) {
    var text = text
    text.withUTF8 { bytes in
      withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { out.append(contentsOf: $0) }
      out.append(contentsOf: bytes)
    }
  }

  /// The commune block; returns where its name's bytes lie, counted from `recordStart`.
  private static func encode(_ commune: Commune, into out: inout [UInt8], recordStart: Int)
    -> Range<Int>
  {
    string(commune.code.digits, &out)
    let nameStart = out.count - recordStart + 4
    string(commune.name, &out)
    let nameRange = nameStart..<(out.count - recordStart)
    string(commune.type.rawValue, &out)
    int(commune.zone, &out)
    string(commune.region, &out)
    if let district = commune.district {
      out.append(1)
      string(district.code.digits, &out)
      string(district.name, &out)
    } else {
      out.append(0)
    }
    if let unit = commune.unit {
      out.append(1)
      int(unit.index, &out)
      int(unit.validFrom.map { Int($0.number) } ?? Int.min, &out)
      int(unit.validTo.map { Int($0.number) } ?? Int.min, &out)
    } else {
      out.append(0)
    }
    if let province = commune.province {
      out.append(1)
      string(province.code.digits, &out)
      string(province.name, &out)
    } else {
      out.append(0)
    }
    return nameRange
  }

  /// The criteria results, totals and reasons.
  private static func encode(_ judgement: Scorer.Judgement, into out: inout [UInt8]) {
    int(judgement.criteria.count, &out)
    for criterion in judgement.criteria {
      int(criterion.points.halves, &out)
      int(criterion.maximum.halves, &out)
      int(criterion.required.halves, &out)
      out.append(criterion.hasPassed ? 1 : 0)
      out.append(criterion.isSkipped ? 1 : 0)
    }
    int(judgement.total.halves, &out)
    int(judgement.maximum.halves, &out)
    int(judgement.requiredTotal.halves, &out)
    int(judgement.reasons.count, &out)
    for reason in judgement.reasons {
      switch reason {
      case .total:
        out.append(0)
      case .criterion(let id):
        out.append(1)
        string(id, &out)
      case .knockout(let id):
        out.append(2)
        string(id, &out)
      }
    }
  }

  /// The score a record holds, with the criteria's numbers and names from `criteria`; `nil`
  /// when the bytes are not such a record for that set.
  static func decode(_ bytes: ArraySlice<UInt8>, criteria: CriteriaSet) -> PointsOnlyScore? {
    var reader = Reader(bytes: bytes)
    guard let setID = reader.string(), setID == criteria.id, let file = reader.string(),
      let year = reader.int(), let assessedOn = reader.day(), let code = reader.string(),
      let name = reader.string(), let type = reader.string().flatMap(CommuneType.init(rawValue:)),
      let zone = reader.int(), let region = reader.string(), let district = reader.district(),
      let unit = reader.unit(), let province = reader.province(),
      let (points, statuses) = reader.indicators(count: criteria.indicators.count),
      let judgement = reader.judgement(criteria: criteria), let warnings = reader.warnings(),
      let unverified = reader.int(), reader.isAtEnd
    else { return nil }
    // The codes were valid codes when written: read back as they are.
    var commune = Commune(
      code: CommuneCode(checkedDigits: code), name: name, type: type, zone: zone, region: region,
      district: district.value, province: province.value)
    commune.unit = unit.value
    return PointsOnlyScore(
      file: file, commune: commune, year: year, assessedOn: assessedOn.value,
      criteriaSetID: setID, points: points, statuses: statuses, judgement: judgement,
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

    /// A flag, then the province's code and name.
    mutating func province() -> Maybe<Province>? {
      switch byte() {
      case 0: return Maybe(value: nil)
      case 1:
        guard let code = string(), let name = string() else { return nil }
        return Maybe(value: Province(code: ProvinceCode(checkedDigits: code), name: name))
      default: return nil
      }
    }

    /// The indicators' points and statuses, `count` of them as the set has.
    mutating func indicators(count expected: Int) -> ([Points], [IndicatorResult.Status])? {
      guard let count = int(), count == expected else { return nil }
      var points: [Points] = []
      var statuses: [IndicatorResult.Status] = []
      points.reserveCapacity(count)
      statuses.reserveCapacity(count)
      for _ in 0..<count {
        guard let halves = int(), let status = byte() else { return nil }
        points.append(Points(halves: halves))
        switch status {
        case 0: statuses.append(.scored)
        case 1: statuses.append(.missing)
        case 2: statuses.append(.notApplicable)
        default: return nil
        }
      }
      return (points, statuses)
    }

    /// The criteria results (numbers and names from `criteria`), totals and reasons.
    mutating func judgement(criteria: CriteriaSet) -> Scorer.Judgement? {
      guard let count = int(), count == criteria.criteria.count else { return nil }
      var results: [CriterionResult] = []
      results.reserveCapacity(count)
      for criterion in criteria.criteria {
        guard let earned = int(), let maximum = int(), let required = int(),
          let passed = byte(), let skipped = byte()
        else { return nil }
        results.append(
          CriterionResult(
            id: criterion.id, name: criterion.name, points: Points(halves: earned),
            maximum: Points(halves: maximum), required: Points(halves: required),
            hasPassed: passed == 1, isSkipped: skipped == 1))
      }
      guard let total = int(), let maximum = int(), let requiredTotal = int(),
        let reasonCount = int()
      else { return nil }
      var reasons: [FailureReason] = []
      for _ in 0..<reasonCount {
        switch byte() {
        case 0: reasons.append(.total)
        case 1:
          guard let id = string() else { return nil }
          reasons.append(.criterion(id))
        case 2:
          guard let id = string() else { return nil }
          reasons.append(.knockout(id))
        default: return nil
        }
      }
      return Scorer.Judgement(
        criteria: results, total: Points(halves: total), maximum: Points(halves: maximum),
        requiredTotal: Points(halves: requiredTotal), reasons: reasons)
    }

    /// The warnings, each in both languages.
    mutating func warnings() -> [Message]? {
      guard let count = int() else { return nil }
      var warnings: [Message] = []
      for _ in 0..<count {
        guard let vietnamese = string(), let english = string() else { return nil }
        warnings.append(Message(vietnamese, english))
      }
      return warnings
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

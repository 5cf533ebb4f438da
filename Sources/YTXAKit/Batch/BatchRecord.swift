import YTXAFormats

/// What the batch keeps of each scored commune: enough to sort, summarise and report, with the
/// rest in a scratch record. Small on purpose (80 bytes): a national run keeps one per
/// commune-year. Years (2000–2100) and points (at most 1,000, in halves) fit in 16 bits.
package struct BatchRecord: Sendable, Hashable {
  public var communeCode: CommuneCode
  /// The district and province, shared between the records of one place.
  var place: BatchPlace
  public var reasons: [FailureReason]
  var offset: Int
  var order: Int32
  var worker: Int32
  var length: Int32
  /// Where the commune name's UTF-8 bytes lie in the scratch record.
  var nameStart: Int32 = 0
  var nameLength: Int32 = 0
  /// The length of the result line (with its newline), known before it is made.
  var lineLength: Int32 = 0
  /// The registry unit the commune was resolved to (-1: units not checked).
  private var storedUnit: Int32 = -1
  /// The day the assessment takes effect: its `assessedOn`, else 31 December of its year.
  private var storedDay: Int32 = 0
  // The 16-bit fields after the 32-bit ones, so that the record packs into 80 bytes.
  private var storedYear: Int16
  private var totalHalves: Int16
  private var maximumHalves: Int16
  public var passed: Bool

  init(
    communeCode: CommuneCode, year: Int, place: BatchPlace, passed: Bool, reasons: [FailureReason],
    total: Points, maximum: Points, order: Int32, worker: Int32, length: Int32, offset: Int
  ) {
    self.communeCode = communeCode
    self.place = place
    self.reasons = reasons
    self.offset = offset
    // Years are 2000–2100 and points at most 1,000 (FieldReader.maximumPoints): both fit.
    self.storedYear = Int16(clamping: year)
    self.totalHalves = Int16(clamping: total.halves)
    self.maximumHalves = Int16(clamping: maximum.halves)
    self.order = order
    self.worker = worker
    self.length = length
    self.passed = passed
  }

  public var year: Int { Int(storedYear) }
  /// The registry unit the commune was resolved to, when units were checked.
  public var unitIndex: Int? {
    get { storedUnit < 0 ? nil : Int(storedUnit) }
    set { storedUnit = newValue.map { Int32(clamping: $0) } ?? -1 }
  }
  /// The day the assessment takes effect (interfaces §6).
  public var day: Day {
    get { Day(daysSince1970: storedDay) }
    set { storedDay = newValue.number }
  }
  public var total: Points { Points(halves: Int(totalHalves)) }
  public var maximum: Points { Points(halves: Int(maximumHalves)) }

  /// The district, none for a unit without one (since 1 July 2025).
  public var districtCode: DistrictCode? { place.districtCode }
  public var districtName: String? { place.districtName }
  public var provinceCode: ProvinceCode? { place.provinceCode }
  public var provinceName: String? { place.provinceName }

  /// 100 × total / maximum rounded half up to one decimal.
  public var percent: ExactDecimal {
    total.percent(of: maximum)
  }
}

/// A district (with its province) as written in the evidence, in NFC; one instance per place.
/// With the registry checked, the codes are the registry's on the assessment date.
final class BatchPlace: Sendable, Hashable {
  let districtCode: DistrictCode?
  let districtName: String?
  let provinceCode: ProvinceCode?
  let provinceName: String?

  init(
    districtCode: DistrictCode?, districtName: String?, provinceCode: ProvinceCode?,
    provinceName: String?
  ) {
    self.districtCode = districtCode
    self.districtName = districtName
    self.provinceCode = provinceCode
    self.provinceName = provinceName
  }

  static func == (lhs: BatchPlace, rhs: BatchPlace) -> Bool {
    lhs.districtCode == rhs.districtCode && lhs.districtName == rhs.districtName
      && lhs.provinceCode == rhs.provinceCode && lhs.provinceName == rhs.provinceName
  }

  func hash(into hasher: inout Hasher) {
    hasher.combine(districtCode)
    hasher.combine(districtName)
  }
}

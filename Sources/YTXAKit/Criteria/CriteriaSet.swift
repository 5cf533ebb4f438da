import YTXAFormats

/// A criteria set (bộ tiêu chí) as loaded from its JSON file: identity, pass rule, criteria and
/// indicators. A value that loaded has passed every check of ``CriteriaSet/init(data:file:)``.
public struct CriteriaSet: Sendable {
  /// The schema version this build reads.
  public static let supportedSchemaVersion = 1

  /// Short identifier used by evidence files, e.g. `qd-1300-2023`.
  public var id: String
  /// Full Vietnamese title.
  public var name: String
  /// The legal documents the set comes from (decision and corrections).
  public var legalBasis: [LegalDocument]
  /// ISO date from which the set applies.
  public var effectiveDate: String
  /// Declared total of all points (100 for QĐ 1300).
  public var totalPoints: Points
  /// How many years a recognition holds without a new pass.
  public var recognitionYears: Int
  /// When a commune meets the standard.
  public var passRule: PassRule
  /// The access zones (vùng) a commune can be in.
  public var zones: [Int]
  /// The socio-economic regions, by code.
  public var regions: [Region]
  /// Free text on where the data comes from and how sure it is.
  public var provenanceNote: String
  /// The criteria (tiêu chí), in order, each with its indicators.
  public var criteria: [Criterion]
  /// Cross-checks between ratio denominators, for data-quality warnings (never the score).
  public var plausibility: Plausibility = Plausibility(groups: [], relations: [])
  /// The file it was read from and its SHA-256 (`nil` for a set built from bytes in memory).
  public var source: CriteriaSource?

  /// Every indicator (chỉ tiêu), numbered 1...n straight through the set.
  public let indicators: [Indicator]
  private let indicatorPositions: [String: Int]
  /// Whether the indicator numbers are exactly "1" … "n" in order (the loader requires it), so
  /// that a number gives its position without a dictionary lookup.
  private let isNumberedInOrder: Bool
  /// How many indicators are not confirmed against the official text.
  public let unverifiedCount: Int

  init(
    id: String, name: String, legalBasis: [LegalDocument], effectiveDate: String,
    totalPoints: Points, recognitionYears: Int, passRule: PassRule, zones: [Int],
    regions: [Region], provenanceNote: String, criteria: [Criterion]
  ) {
    self.id = id
    self.name = name
    self.legalBasis = legalBasis
    self.effectiveDate = effectiveDate
    self.totalPoints = totalPoints
    self.recognitionYears = recognitionYears
    self.passRule = passRule
    self.zones = zones
    self.regions = regions
    self.provenanceNote = provenanceNote
    self.criteria = criteria
    self.indicators = criteria.flatMap(\.indicators)
    var positions: [String: Int] = [:]
    for (position, indicator) in indicators.enumerated() { positions[indicator.id] = position }
    self.indicatorPositions = positions
    let all = criteria.flatMap(\.indicators)
    self.isNumberedInOrder = all.indices.allSatisfy { all[$0].id == String($0 + 1) }
    self.unverifiedCount = all.count { $0.provenance.status != .confirmed }
  }

  /// The indicator with this number (`"1"` … `"47"`), or `nil`.
  public func indicator(_ id: String) -> Indicator? {
    position(of: id).map { indicators[$0] }
  }

  /// The position of an indicator in ``indicators``.
  public func position(of indicatorID: String) -> Int? {
    guard isNumberedInOrder else { return indicatorPositions[indicatorID] }
    // "1" … "n" without leading zeros: read the number (the scoring hot path).
    return position(numbered: indicatorID.utf8)
  }

  /// The position of the indicator whose number is written in these ASCII bytes, when the set
  /// is numbered "1" … "n" in order (always, for a loaded set); `nil` otherwise, and for bytes
  /// that are not such a number.
  func position(numbered bytes: some Sequence<UInt8>) -> Int? {
    guard isNumberedInOrder else { return nil }
    var value = 0
    var digits = 0
    for byte in bytes {
      guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 6,
        digits > 0 || byte != UInt8(ascii: "0")
      else { return nil }
      value = value * 10 + Int(byte - UInt8(ascii: "0"))
      digits += 1
    }
    guard value >= 1, value <= indicators.count else { return nil }
    return value - 1
  }

  /// One legal document of the set.
  public struct LegalDocument: Sendable, Hashable {
    /// Its number, e.g. `1300/QĐ-BYT`.
    public var number: String
    /// ISO date of signature.
    public var date: String
    /// Its title or role.
    public var title: String
  }

  /// The pass rule: total, per criterion, knock-outs.
  public struct PassRule: Sendable, Hashable {
    /// The share of the applicable maximum the total must reach, in percent (80).
    public var totalPercent: ExactDecimal
    /// The share each criterion must reach of its applicable maximum, in percent (50).
    public var criterionPercent: ExactDecimal
    /// Whether a knock-out indicator (điểm liệt) at 0 points fails the commune.
    public var knockoutsApply: Bool
  }

  /// A socio-economic region (vùng kinh tế - xã hội).
  /// Cross-checks between the denominators of a commune's ratios. A group names ratios that count
  /// the same people (population in 3 and 46); a relation bounds one group against another
  /// (people per household). Failing one gives a data-quality warning, never a score change.
  public struct Plausibility: Sendable, Hashable {
    /// Ratios whose denominators count the same thing.
    public struct Group: Sendable, Hashable {
      public var key: String
      public var label: String
      /// Indicator ids, all ratios.
      public var indicators: [String]
      /// How far apart (in percent of the smaller) their denominators may be.
      public var tolerancePercent: ExactDecimal
    }

    /// Bounds on one group's denominator divided by another's.
    public struct Relation: Sendable, Hashable {
      public var numerator: String
      public var denominator: String
      public var minimum: ExactDecimal
      public var maximum: ExactDecimal
      /// What the quotient means ("người mỗi hộ").
      public var label: String
    }

    public var groups: [Group]
    public var relations: [Relation]
  }

  public struct Region: Sendable, Hashable {
    /// Code used in evidence files, e.g. `TDMNPB`.
    public var code: String
    /// Vietnamese name.
    public var name: String
    /// The provinces of the region, by their codes among the 63 provinces in force until
    /// 30/06/2025 (the General Statistics Office's socio-economic regions): used only to
    /// prefill a template row's region (``CriteriaSet/region(ofUnit:in:)``), never to score.
    public var provinces: [String] = []
  }
}

/// A criterion (tiêu chí): a group of indicators with its own 50 % floor.
public struct Criterion: Sendable, Hashable {
  /// `"1"` … `"10"`.
  public var id: String
  /// Vietnamese name.
  public var name: String
  /// Declared points; equal to the sum of its indicators' points.
  public var points: Points
  /// Its indicators, in order.
  public var indicators: [Indicator]
  /// English name, when the criteria file gives one (a translation, for English reports).
  public var nameEnglish: String? = nil

  /// The name in `language` (Vietnamese when the file gives no English).
  public func name(in language: Language) -> String {
    language == .en ? nameEnglish ?? name : name
  }
}

/// The administrative type of a commune-level unit.
public enum CommuneType: String, Sendable, Hashable, CaseIterable, Codable {
  case xa
  case phuong
  case thiTran = "thi_tran"
  /// Special zone (đặc khu): the island units formed on 1 July 2025.
  case dacKhu = "dac_khu"

  /// Vietnamese name.
  public var vietnameseName: String {
    switch self {
    case .xa: "xã"
    case .phuong: "phường"
    case .thiTran: "thị trấn"
    case .dacKhu: "đặc khu"
    }
  }
}

extension CriteriaSet {
  /// A region's name (`Trung du và miền núi phía Bắc`) for its code; the code when the set
  /// has no such region.
  public func regionName(_ code: String) -> String {
    regions.first { $0.code == code }?.name ?? code
  }
}

extension CommuneType {
  /// The name of a unit as people write it: `Phường Đa Mai (07228)`. A name that does not
  /// start with its type word gets it (`Đa Mai` of type `phuong` → `Phường Đa Mai`); a name
  /// alone or a code alone as it is; `nil` when both are empty.
  public static func label(code: String, name: String, type: String) -> String? {
    // From raw cells too (a row that could not be read): any hazard shown, never obeyed.
    var name = UnsafeText.visible(name.nfc)
    let code = UnsafeText.visible(code)
    if !name.isEmpty, let type = CommuneType(rawValue: type) {
      let word = type.vietnameseName
      if !name.lowercased().hasPrefix(word) {
        name = word.prefix(1).uppercased() + word.dropFirst() + " " + name
      }
    }
    switch (code.isEmpty, name.isEmpty) {
    case (false, false): return "\(name) (\(code))"
    case (false, true): return code
    case (true, false): return name
    case (true, true): return nil
    }
  }
}

import YTXAFormats

/// The country's commune-level units over time, as dated data (interfaces §5): each unit is a
/// code *and* a period, with its name, type, district (none since 1 July 2025), province and the
/// units it was formed from. Bundled as `Criteria/units/registry.tsv`, generated from the
/// reference lists by `Criteria/units/generate.py`; read by ``init(text:file:)``, which refuses
/// a file whose periods overlap, whose predecessors do not exist or whose dates are out of order.
public struct UnitRegistry: Sendable {
  /// An interval in which a change happened on a day the data does not give: after `after` (the
  /// old unit was in force that day) and by `by` (the new one was in force that day).
  public struct Window: Sendable, Hashable {
    public var id: String
    public var after: Day
    public var by: Day
  }

  /// Where a period begins.
  public enum Start: Sendable, Hashable {
    /// In force on the registry's first day; earlier history is not recorded.
    case beforeRecords
    case on(Day)
    /// On a day inside the window, not known which.
    case within(Window)
  }

  /// Where a period ends (its last day in force).
  public enum End: Sendable, Hashable {
    case open
    case on(Day)
    case within(Window)
  }

  /// How much of a predecessor went into a unit.
  public enum Share: String, Sendable, Hashable {
    case whole
    case partial
  }

  /// What the change that began a unit was (interfaces §5).
  public enum Change: String, Sendable, Hashable {
    /// The unit's first record: no change known.
    case none
    /// One predecessor, taken whole: the same territory (a rename, a new type, district or
    /// province).
    case nominal
    /// Anything else: a merger, a split, territory taken in.
    case territorial
    /// The data does not say all the unit came from (a change between two lists outside Bắc
    /// Giang).
    case unknown
  }

  /// A link to another unit, by its index in ``units``.
  public struct Link: Sendable, Hashable {
    public var unit: Int
    public var share: Share
  }

  /// One unit: a code in one period.
  public struct Unit: Sendable, Hashable {
    public var code: CommuneCode
    public var start: Start
    public var end: End
    public var type: CommuneType
    public var name: String
    public var district: District?
    public var province: Province
    public var predecessors: [Link]
    /// Whether ``predecessors`` is all the unit was formed from.
    public var predecessorsKnown: Bool
    /// Other sources of its territory that are not units (the conversion table's wording).
    public var note: String
    /// The units it went into (filled from the others' predecessors).
    public internal(set) var successors: [Link] = []

    /// What the change that began it was.
    public var change: Change {
      if case .beforeRecords = start { return .none }
      guard predecessorsKnown else { return .unknown }
      if predecessors.count == 1, predecessors[0].share == .whole { return .nominal }
      return .territorial
    }

    /// The first day it was certainly in force (nil: before the records); stored, not derived
    /// on each call (lookups run for every file).
    public let certainFirstDay: Day?
    /// The last day it was certainly in force (nil: still in force).
    public let certainLastDay: Day?
    /// Its first and last day when the registry gives them exactly (`validFrom` / `validTo`):
    /// nil before the records, for a day inside a window, or while still in force.
    public let validFrom: Day?
    public let validTo: Day?

    public init(
      code: CommuneCode, start: Start, end: End, type: CommuneType, name: String,
      district: District?, province: Province, predecessors: [Link], predecessorsKnown: Bool,
      note: String
    ) {
      self.code = code
      self.start = start
      self.end = end
      self.type = type
      self.name = name
      self.district = district
      self.province = province
      self.predecessors = predecessors
      self.predecessorsKnown = predecessorsKnown
      self.note = note
      switch start {
      case .beforeRecords: (certainFirstDay, validFrom) = (nil, nil)
      case .on(let day): (certainFirstDay, validFrom) = (day, day)
      case .within(let window): (certainFirstDay, validFrom) = (window.by, nil)
      }
      switch end {
      case .open: (certainLastDay, validTo) = (nil, nil)
      case .on(let day): (certainLastDay, validTo) = (day, day)
      case .within(let window): (certainLastDay, validTo) = (window.after, nil)
      }
    }

    /// Whether it was certainly in force on `day`.
    public func isInForce(on day: Day) -> Bool {
      if let first = certainFirstDay, day < first { return false }
      if let last = certainLastDay, day > last { return false }
      return true
    }

    /// Whether it may have been in force on `day`: certainly, or inside a window at either end.
    public func mayBeInForce(on day: Day) -> Bool {
      switch start {
      case .beforeRecords: break
      case .on(let first): if day < first { return false }
      case .within(let window): if day <= window.after { return false }
      }
      switch end {
      case .open: return true
      case .on(let last): return day <= last
      case .within(let window): return day < window.by
      }
    }
  }

  /// Every unit, ordered by code, then period.
  public let units: [Unit]
  /// The first day the registry describes (the first list's date).
  public let firstDay: Day

  /// Why the registry cannot say which units were in force on `day` (a day before its first
  /// one), for a file's `field` that names that day; `nil` when it can.
  package func coverageProblem(of day: Day, field: String) -> FieldProblem? {
    guard day < firstDay else { return nil }
    return FieldProblem(
      path: field,
      message: Message(
        "ngày \(day.vietnamese) trước ngày đầu của danh mục đơn vị hành chính "
          + "(\(firstDay.vietnamese)): danh mục không biết các đơn vị khi đó",
        "\(day.iso) is before the registry's first day (\(firstDay.iso)): it does not know the "
          + "units of that day"))
  }
  /// The file it was read from.
  public let file: String
  /// The SHA-256 of the file's bytes (`nil` for a registry read from text in memory).
  public internal(set) var sha256: String?
  /// Unit indices by code, in period order.
  let byCode: [CommuneCode: Range<Int>]

  /// Every unit that ever had `code`, in period order.
  public func units(withCode code: CommuneCode) -> [Unit] {
    byCode[code].map { Array(units[$0]) } ?? []
  }

  /// The indices of the units that ever had `code`.
  public func indices(withCode code: CommuneCode) -> Range<Int> {
    byCode[code] ?? 0..<0
  }

  /// Where a code leads on a day.
  public enum Lookup: Sendable, Hashable {
    /// The unit certainly in force.
    case unit(Int)
    /// Inside a window of unknown date: the units that may be in force, oldest first.
    case uncertain([Int])
    /// No unit of that code on that day (the code's units, if any, are before or after it).
    case none
  }

  /// The unit with `code` on `day`.
  public func lookup(_ code: CommuneCode, on day: Day) -> Lookup {
    let range = indices(withCode: code)
    if let certain = range.first(where: { units[$0].isInForce(on: day) }) {
      return .unit(certain)
    }
    let possible = range.filter { units[$0].mayBeInForce(on: day) }
    return possible.isEmpty ? .none : .uncertain(possible)
  }

  /// The units certainly in force on `day` in a province (and district), by code.
  public func units(
    inForceOn day: Day, province: ProvinceCode, district: DistrictCode? = nil
  ) -> [Int] {
    units.indices.filter { index in
      let unit = units[index]
      return unit.province.code == province && unit.isInForce(on: day)
        && (district == nil || unit.district?.code == district)
    }
  }

  /// The number of units certainly in force on `day`, nationally.
  public func count(inForceOn day: Day) -> Int {
    units.reduce(0) { $0 + ($1.isInForce(on: day) ? 1 : 0) }
  }
}

import YTXAFormats

/// An indicator (chỉ tiêu): what evidence it takes and how that evidence becomes points.
///
/// The fields live in one shared, immutable storage object, so copying an indicator (which the
/// scorer does for every commune) costs one reference count, not one per field.
public struct Indicator: Sendable, Hashable {
  private final class Storage: Sendable {
    let id: String
    let criterionID: String
    let name: String
    let nameEnglish: String?
    let points: Points
    let kind: Kind
    let isKnockout: Bool
    let notApplicable: NotApplicableRule
    let provenance: Provenance
    let note: String?

    init(
      id: String, criterionID: String, name: String, nameEnglish: String?, points: Points,
      kind: Kind, isKnockout: Bool, notApplicable: NotApplicableRule, provenance: Provenance,
      note: String?
    ) {
      self.id = id
      self.criterionID = criterionID
      self.name = name
      self.nameEnglish = nameEnglish
      self.points = points
      self.kind = kind
      self.isKnockout = isKnockout
      self.notApplicable = notApplicable
      self.provenance = provenance
      self.note = note
    }
  }

  private let storage: Storage

  init(
    id: String, criterionID: String, name: String, nameEnglish: String? = nil, points: Points,
    kind: Kind, isKnockout: Bool, notApplicable: NotApplicableRule, provenance: Provenance,
    note: String?
  ) {
    storage = Storage(
      id: id, criterionID: criterionID, name: name, nameEnglish: nameEnglish, points: points,
      kind: kind, isKnockout: isKnockout, notApplicable: notApplicable, provenance: provenance,
      note: note)
  }

  /// Its number as a string, `"1"` … `"47"`.
  public var id: String { storage.id }
  /// The criterion it belongs to.
  public var criterionID: String { storage.criterionID }
  /// Vietnamese wording.
  public var name: String { storage.name }
  /// English wording, when the criteria file gives one (a translation, for English reports).
  public var nameEnglish: String? { storage.nameEnglish }

  /// The wording in `language` (Vietnamese when the file gives no English).
  public func name(in language: Language) -> String {
    language == .en ? nameEnglish ?? name : name
  }
  /// Full points.
  public var points: Points { storage.points }
  /// The kind of evidence and its scoring.
  public var kind: Kind { storage.kind }
  /// Whether 0 points here fails the commune whatever its total (điểm liệt).
  public var isKnockout: Bool { storage.isKnockout }
  /// When the indicator may be left out of a commune's maximum.
  public var notApplicable: NotApplicableRule { storage.notApplicable }
  /// Whether the indicator is confirmed against the official text.
  public var provenance: Provenance { storage.provenance }
  /// Optional explanation for readers (what the numerator and denominator count, …).
  public var note: String? { storage.note }

  public static func == (lhs: Indicator, rhs: Indicator) -> Bool {
    lhs.storage === rhs.storage
      || (lhs.id == rhs.id && lhs.criterionID == rhs.criterionID && lhs.name == rhs.name
        && lhs.points == rhs.points && lhs.kind == rhs.kind && lhs.isKnockout == rhs.isKnockout
        && lhs.notApplicable == rhs.notApplicable && lhs.provenance == rhs.provenance
        && lhs.note == rhs.note)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(id)
    hasher.combine(criterionID)
    hasher.combine(points)
  }

  /// The kind of evidence an indicator takes, with what scores it.
  public enum Kind: Sendable, Hashable {
    /// `true` earns the full points, `false` none.
    case yesNo
    /// One option from a list; options are listed best first.
    case choice([Option])
    /// Items that are met; their points add up.
    case checklist([Option])
    /// A numerator and a denominator, compared in percent (or per 100) against bands.
    case ratio(Ratio)
    /// A whole number compared against bands.
    case count(Scale)
    /// A non-negative decimal number compared against bands.
    case measure(Scale)

    /// The name used in criteria and evidence files.
    public var name: String {
      switch self {
      case .yesNo: "yesNo"
      case .choice: "choice"
      case .checklist: "checklist"
      case .ratio: "ratio"
      case .count: "count"
      case .measure: "measure"
      }
    }

    /// The bands, for the kinds that have them.
    public var scale: Scale? {
      switch self {
      case .ratio(let ratio): ratio.scale
      case .count(let scale), .measure(let scale): scale
      case .yesNo, .choice, .checklist: nil
      }
    }
  }

  /// A choice or checklist item.
  public struct Option: Sendable, Hashable {
    /// The exact key used in evidence files.
    public var key: String
    /// Vietnamese description.
    public var label: String
    /// Points for this choice or item.
    public var points: Points
  }

  /// What a ratio compares.
  public struct Ratio: Sendable, Hashable {
    /// How the value is expressed.
    public var unit: RatioUnit
    /// What the numerator counts (Vietnamese).
    public var numeratorLabel: String
    /// What the denominator counts (Vietnamese).
    public var denominatorLabel: String
    /// The bands.
    public var scale: Scale
  }

  /// How a ratio's value is expressed.
  public enum RatioUnit: String, Sendable, Hashable {
    /// 100 × n / d, and n may not exceed d.
    case percent
    /// n per 100 d (the sex ratio at birth); n may exceed d.
    case per100
  }

  /// The unit of a measured value in both languages: `phòng` / `rooms`. The criteria file
  /// gives `unit` (Vietnamese, as in the decision) and may give `unitEnglish` (a translation of
  /// ours, for the English reports); symbols (`%`, `m²`) are the same in both.
  public struct UnitName: Sendable, Hashable {
    public var vietnamese: String
    public var english: String

    public init(_ vietnamese: String, english: String? = nil) {
      self.vietnamese = vietnamese
      self.english = english ?? vietnamese
    }

    /// The unit in `language`.
    public func callAsFunction(_ language: Language) -> String {
      language.pick(vietnamese, english)
    }

    public var isEmpty: Bool { vietnamese.isEmpty }
    /// Whether the value is a percentage.
    public var isPercent: Bool { vietnamese == "%" }
  }

  /// Bands and their direction, with the unit of the measured value.
  public struct Scale: Sendable, Hashable {
    /// Unit shown after values (`%`, `m²`, `phòng`), may be empty.
    public var unit: UnitName
    /// Whether a larger value is better.
    public var direction: Direction
    /// The bands, plain or chosen by vùng or region.
    public var bands: BandTable
  }

  /// Which way a value is better.
  public enum Direction: String, Sendable, Hashable {
    case higherIsBetter
    case lowerIsBetter
  }

  /// Bands, possibly depending on the commune's vùng or socio-economic region.
  public enum BandTable: Sendable, Hashable {
    case plain([Band])
    case byZone([Int: [Band]])
    case byRegion([String: [Band]])
  }

  /// One band: reaching `threshold` (≥, or ≤ when lower is better) earns `points`.
  public struct Band: Sendable, Hashable {
    public var threshold: ExactDecimal
    public var points: Points
  }

  /// When the indicator is not applicable.
  public struct NotApplicableRule: Sendable, Hashable {
    /// Commune types the indicator does not apply to (evidence given is ignored).
    public var communeTypes: [CommuneType]
    /// Whether a zero denominator means "no one concerned", i.e. not applicable; this also lets
    /// the evidence declare `{"notApplicable": reason}`.
    public var zeroDenominator: Bool

    /// Whether the evidence may declare the indicator not applicable. A commune whose type is
    /// listed in ``communeTypes`` never reaches this question: its evidence is ignored.
    public var allowsDeclaration: Bool { zeroDenominator }
  }

  /// How sure the data is.
  public struct Provenance: Sendable, Hashable {
    /// `confirmed` against the official text, or `reconstructed`.
    public var status: Status
    /// Which parts are confirmed even when the whole is not (topic, number, thresholds …).
    public var confirmedParts: [String]
    /// Where the data comes from.
    public var source: String

    public enum Status: String, Sendable, Hashable {
      case confirmed
      case reconstructed
    }
  }

  /// The highest points any evidence can earn.
  public var bestPoints: Points {
    switch kind {
    case .yesNo: points
    case .choice(let options): options.map(\.points).max() ?? .zero
    case .checklist(let items): items.reduce(.zero) { $0 + $1.points }
    case .ratio, .count, .measure:
      kind.scale.map { Self.allBandLists($0.bands).compactMap(\.first?.points).max() ?? .zero }
        ?? .zero
    }
  }

  static func allBandLists(_ table: BandTable) -> [[Band]] {
    switch table {
    case .plain(let bands): [bands]
    case .byZone(let tables): tables.keys.sorted().compactMap { tables[$0] }
    case .byRegion(let tables): tables.keys.sorted().compactMap { tables[$0] }
    }
  }
}

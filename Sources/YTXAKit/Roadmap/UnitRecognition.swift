import YTXAFormats

/// How recognition crosses a territorial change (a merger, a split, territory taken in): a
/// stated policy, not a rule of the criteria — no official text on recognition after a merger
/// was found, so every report names the one in force (interfaces §6).
public enum MergePolicy: String, Sendable, Hashable, CaseIterable {
  /// The new unit starts not recognised; it is recognised once it passes an assessment of its
  /// own (the default).
  case reassess
  /// The new unit is recognised from its first day when every unit it was formed from (whole or
  /// partly) was recognised the day before, until the earliest of their expiries.
  case inherit

  /// The policy in one sentence, for reports.
  /// `namingOption`: whether the sentence names the command-line option that chose it (at a
  /// terminal, yes; in a printed report, the policy in words only).
  public func sentence(_ language: Language, namingOption: Bool = true) -> String {
    let text = sentenceNamingOption(language)
    guard !namingOption else { return text }
    return text.replacingOccurrences(of: " (--on-merge \(rawValue))", with: "")
  }

  private func sentenceNamingOption(_ language: Language) -> String {
    switch self {
    case .reassess:
      language.pick(
        "Chính sách khi sáp nhập (--on-merge reassess): đơn vị mới hình thành do thay đổi địa giới "
          + "chưa được công nhận cho đến khi tự đạt chuẩn qua đánh giá.",
        "Policy on mergers (--on-merge reassess): a unit formed by a territorial change starts not "
          + "recognised until it passes an assessment of its own.")
    case .inherit:
      language.pick(
        "Chính sách khi sáp nhập (--on-merge inherit): đơn vị mới được công nhận từ ngày đầu nếu "
          + "mọi đơn vị cũ hợp thành đều đang được công nhận, đến hạn sớm nhất của chúng.",
        "Policy on mergers (--on-merge inherit): a unit formed by a territorial change is "
          + "recognised from its first day when every unit it was formed from was, until the "
          + "earliest of their expiries.")
    }
  }
}

/// Recognition of the registry's units over time (interfaces §6). Recognition belongs to a unit
/// (a code and a period): a pass takes effect on its assessment's day and holds through 31
/// December of its year + `validity` − 1; a failed assessment withdraws it from its day; a unit
/// that ends loses it. Across a nominal change (the same territory renamed or re-typed)
/// recognition carries on unchanged; across a territorial change the ``MergePolicy`` decides.
public struct UnitRecognition: Sendable {
  /// Why a unit is recognised in a period.
  public enum Cause: Sendable, Hashable {
    /// Its own assessment passed.
    case passed(Assessment)
    /// Carried across a nominal change from the unit it continues.
    case carried(from: Int)
    /// Inherited under ``MergePolicy/inherit`` from every unit it was formed from.
    case inherited(from: [Int])
    /// A decision of the register recognised it (interfaces §9).
    case decided(RegisterDecision)
  }

  /// What happens to a unit's recognition on a day: it is recognised through a day (a pass, a
  /// decision), or it ends (a failed assessment, a withdrawal).
  struct Event: Sendable {
    var day: Day
    var through: Day?
    var cause: Cause
  }

  /// Days on which a unit is recognised, both ends included.
  public struct Period: Sendable, Hashable {
    public var from: Day
    public var through: Day
    /// When the recognition itself runs out (31 December two years after the pass), whether or
    /// not the unit lasts that long: what a successor carries or inherits.
    public var expires: Day
    public var cause: Cause

    public func contains(_ day: Day) -> Bool { from <= day && day <= through }
  }

  public let registry: UnitRegistry
  public let policy: MergePolicy
  /// How many years a pass holds (3: a pass in 2023 holds through 2025).
  public let validity: Int
  /// Recognition periods of every unit that has any, by index, in order.
  public private(set) var periods: [Int: [Period]] = [:]
  /// Each unit's assessments in day order, by index (with the register, those of the evidence
  /// given beside it, if any).
  public let assessments: [Int: [Assessment]]
  /// What changes each unit's recognition, in day order, by index.
  private let events: [Int: [Event]]
  /// Whether recognition comes from the register's decisions (else it is inferred from passing
  /// evidence, interfaces §4).
  public let isFromRegister: Bool

  /// Where recognition comes from, in one sentence, for every report.
  public func sourceSentence(_ language: Language) -> String {
    Self.sourceSentence(fromRegister: isFromRegister, language)
  }

  /// Where recognition comes from, in one sentence.
  public static func sourceSentence(fromRegister: Bool, _ language: Language) -> String {
    fromRegister
      ? language.pick(
        "Công nhận theo sổ quyết định công nhận của tỉnh (quyết định của UBND tỉnh).",
        "Recognition from the province's register of decisions (the People's Committee's).")
      : language.pick(
        "Công nhận được suy ra từ kết quả đạt trong số liệu (không có sổ quyết định: --register).",
        "Recognition inferred from passing evidence (no register of decisions given: --register).")
  }

  /// Recognition inferred from assessments (interfaces §4, §6): every unit assessed and every
  /// unit formed from them, as far as their changes go.
  public init(
    registry: UnitRegistry, assessments: [Int: [Assessment]], policy: MergePolicy,
    validity: Int = 3
  ) {
    let sorted = assessments.mapValues { $0.sorted { $0.day < $1.day } }
    self.init(
      registry: registry, assessments: sorted, policy: policy, validity: validity,
      isFromRegister: false,
      events: sorted.mapValues { list in
        list.map { assessment in
          Event(
            day: assessment.day,
            through: assessment.passed ? Day.endOfYear(assessment.year + validity - 1) : nil,
            cause: .passed(assessment))
        }
      })
  }

  /// Recognition from the register's decisions (interfaces §9): a recognition holds from its
  /// signing through its `validTo`, or through 31 December of its year + `validity` − 1; a
  /// withdrawal ends it; a later decision replaces an earlier one.
  ///
  /// `assessments`, when evidence is given as well, are kept for what is compared with the
  /// decisions (passes awaiting one, the look-ahead's scores); they recognise nothing.
  public init(
    registry: UnitRegistry, decisions: [Int: [RegisterDecision]], policy: MergePolicy,
    validity: Int = 3, assessments: [Int: [Assessment]] = [:]
  ) {
    self.init(
      registry: registry, assessments: assessments.mapValues { $0.sorted { $0.day < $1.day } },
      policy: policy, validity: validity,
      isFromRegister: true,
      events: decisions.mapValues { list in
        list.sorted { $0.signedOn < $1.signedOn }.map { decision in
          Event(
            day: decision.signedOn, through: decision.lastDay(validity: validity),
            cause: .decided(decision))
        }
      })
  }

  private init(
    registry: UnitRegistry, assessments: [Int: [Assessment]], policy: MergePolicy,
    validity: Int, isFromRegister: Bool, events: [Int: [Event]]
  ) {
    self.registry = registry
    self.isFromRegister = isFromRegister
    self.policy = policy
    self.validity = validity
    self.assessments = assessments
    self.events = events
    // Only units with events and the units formed from them, transitively, can be recognised.
    var reached = Set(events.keys)
    var pending = Array(events.keys)
    while let unit = pending.popLast() {
      for link in registry.units[unit].successors where reached.insert(link.unit).inserted {
        pending.append(link.unit)
      }
    }
    // Predecessors begin earlier than their successors: in order of first day, each unit's
    // predecessors are settled before it.
    let ordered = reached.sorted { lhs, rhs in
      let a = registry.units[lhs].certainFirstDay ?? registry.firstDay
      let b = registry.units[rhs].certainFirstDay ?? registry.firstDay
      return a != b ? a < b : lhs < rhs
    }
    for unit in ordered {
      let found = settle(unit)
      if !found.isEmpty { periods[unit] = found }
    }
  }

  /// The period in which `unit` is recognised on `day`, if it is.
  public func period(_ unit: Int, on day: Day) -> Period? {
    periods[unit]?.last { $0.contains(day) }
  }

  /// The decision a period rests on: its own, or, through a nominal change or an inheritance,
  /// the one its predecessor's period rests on; `nil` for recognition inferred from a pass.
  public func decision(behind period: Period, unit: Int) -> RegisterDecision? {
    let eve = period.from.adding(days: -1)
    switch period.cause {
    case .decided(let decision): return decision
    case .carried(let source):
      return self.period(source, on: eve).flatMap { decision(behind: $0, unit: source) }
    case .inherited(let sources):
      return sources.lazy.compactMap { source in
        self.period(source, on: eve).flatMap { self.decision(behind: $0, unit: source) }
      }.first
    case .passed: return nil
    }
  }

  /// Whether `unit` is recognised on `day`.
  public func isRecognised(_ unit: Int, on day: Day) -> Bool { period(unit, on: day) != nil }

  /// The periods of one unit: what it starts with across its change, then its own assessments,
  /// all within its own period.
  private func settle(_ index: Int) -> [Period] {
    let unit = registry.units[index]
    var found: [Period] = []
    if let first = unit.certainFirstDay, case .on = unit.start {
      let eve = first.adding(days: -1)
      switch unit.change {
      case .nominal:
        let source = unit.predecessors[0].unit
        if let carried = period(source, on: eve) {
          found.append(
            Period(
              from: first, through: carried.expires, expires: carried.expires,
              cause: .carried(from: source)))
        }
      case .territorial where policy == .inherit:
        let sources = unit.predecessors.map(\.unit)
        let held = sources.compactMap { period($0, on: eve) }
        if held.count == sources.count, let earliest = held.map(\.expires).min() {
          found.append(
            Period(
              from: first, through: earliest, expires: earliest, cause: .inherited(from: sources)))
        }
      case .territorial, .none, .unknown:
        break
      }
    }
    for event in events[index] ?? [] {
      // A later assessment or decision replaces what held from its day on.
      if let last = found.last, last.through >= event.day {
        if last.from >= event.day {
          found.removeLast()
        } else {
          found[found.count - 1].through = event.day.adding(days: -1)
        }
      }
      if let expires = event.through, expires >= event.day {
        found.append(
          Period(from: event.day, through: expires, expires: expires, cause: event.cause))
      }
    }
    // A unit that ends loses its recognition with it.
    if let last = unit.certainLastDay {
      found = found.compactMap { period in
        guard period.from <= last else { return nil }
        var kept = period
        if kept.through > last { kept.through = last }
        return kept
      }
    }
    return found
  }
}

import YTXAFormats

/// A plan's targets evaluated from commune evidence, year by year (interfaces §7).
package struct PlanEvaluation: Sendable {
  /// One commune-year of evidence, resolved to its registry unit and scored.
  public struct Record: Sendable {
    public var unit: Int
    public var code: CommuneCode
    public var name: String
    public var year: Int
    public var day: Day
    public var values: [String: EvidenceValue]
    public var passed: Bool
    public var total: Points
    public var maximum: Points
    public var file: String

    public init(
      unit: Int, code: CommuneCode, name: String, year: Int, day: Day,
      values: [String: EvidenceValue], passed: Bool, total: Points, maximum: Points, file: String
    ) {
      self.unit = unit
      self.code = code
      self.name = name
      self.year = year
      self.day = day
      self.values = values
      self.passed = passed
      self.total = total
      self.maximum = maximum
      self.file = file
    }
  }

  /// A commune pulling an indicator's value away from its target.
  public struct Laggard: Sendable, Hashable {
    public var code: CommuneCode
    public var name: String
    /// Its own value (percent), when it is a ratio.
    public var value: Fraction?
    /// People short of (or, lower being better, above) the threshold; 1 for a station that does
    /// not meet a condition.
    public var shortfall: Int
  }

  /// A unit left out of an indicator's aggregate because it straddles the area's edge.
  public struct LeftOut: Sendable, Hashable {
    public var code: CommuneCode
    public var name: String
    public var planCommunes: Int
  }

  public struct Year: Sendable, Hashable {
    public var year: Int
    /// The threshold due this year, or the next one the plan sets (``targetYear`` then later).
    public var target: ExactDecimal?
    public var targetYear: Int?
    public var value: Fraction?
    /// Whether the value meets the target due this year (`nil`: none is due, or no value).
    public var met: Bool?
    /// How many communes the value rests on.
    public var communes: Int
    /// How many of the area's plan communes had no evidence for it.
    public var communesWithoutEvidence: Int
    public var laggards: [Laggard] = []
    public var leftOut: [LeftOut] = []
    /// For "maintain N and add M": how many of last year's covered communes stay covered, and
    /// how many are added.
    public var maintained: Int?
    public var previouslyCovered: Int?
    public var added: Int?
  }

  public struct TargetResult: Sendable, Hashable {
    public var target: Plan.Target
    /// Empty for an external target.
    public var years: [Year]
  }

  public let plan: Plan
  public let criteria: CriteriaSet
  public let policy: MergePolicy
  /// Whether recognition comes from the register's decisions (interfaces §9), else it is
  /// inferred from the evidence's passes (§4).
  public let recognitionFromRegister: Bool
  /// The area's plan communes.
  public let planCommunes: Int
  public let targets: [TargetResult]
  /// The years evaluated, and the latest year with evidence.
  public let years: [Int]
  public let latestEvidenceYear: Int?
  /// Evidence records of units wholly outside the area (not counted).
  public let outside: Int

  public init(
    plan: Plan, criteria: CriteriaSet, area: PlanArea, records all: [Record],
    outside outsideRead: Int = 0, policy: MergePolicy, through: Int? = nil,
    decisions: [Int: [RegisterDecision]]? = nil
  ) {
    self.plan = plan
    recognitionFromRegister = decisions != nil
    self.criteria = criteria
    self.policy = policy
    planCommunes = area.units.count
    // One record per unit and year: the first given.
    var seen: Set<[Int]> = []
    let records = all.filter { seen.insert([$0.unit, $0.year]).inserted }
    let latest = records.map(\.year).max()
    latestEvidenceYear = latest
    let last = min(through ?? latest ?? plan.years.lowerBound - 1, plan.years.upperBound)
    let years = last < plan.years.lowerBound ? [] : Array(plan.years.lowerBound...last)
    self.years = years
    var byUnit: [Int: [Assessment]] = [:]
    for record in records {
      byUnit[record.unit, default: []].append(
        Assessment(
          year: record.year, passed: record.passed, total: record.total, maximum: record.maximum,
          file: record.file, day: record.day, unit: record.unit))
    }
    // `recognised` targets count the register's decisions when it is given (interfaces §9).
    let recognition =
      decisions.map {
        UnitRecognition(
          registry: area.registry, decisions: $0, policy: policy,
          validity: criteria.recognitionYears, assessments: byUnit)
      }
      ?? UnitRecognition(
        registry: area.registry, assessments: byUnit, policy: policy,
        validity: criteria.recognitionYears)
    let context = Context(
      area: area, records: records, recognition: recognition, years: years)
    outside = outsideRead + records.count { context.placement(of: $0.unit) == .outside }
    targets = plan.targets.map { target in
      switch target.kind {
      case .external: TargetResult(target: target, years: [])
      case .recognised(let rule):
        TargetResult(target: target, years: years.map { context.recognised(rule, year: $0) })
      case .indicator(let id, let condition, let comparator, let thresholds):
        TargetResult(
          target: target,
          years: years.map {
            context.indicator(
              id, condition: condition, comparator: comparator, thresholds: thresholds, year: $0)
          })
      }
    }
  }

  /// The threshold due in `year`, else the next one set, with its year.
  static func due<Value>(_ table: [Int: Value], year: Int) -> (Value, Int)? {
    if let value = table[year] { return (value, year) }
    guard let next = table.keys.filter({ $0 > year }).min(), let value = table[next] else {
      return nil
    }
    return (value, next)
  }
}

import YTXAFormats

/// The pre-check of one commune: its score, its repair plan and its data-quality warnings.
public struct CheckResult: Sendable, Hashable {
  public var plan: RepairPlan
  public var warnings: [DataQualityWarning]

  public var result: CommuneResult { plan.result }

  /// Scores, plans and checks one commune.
  public init(evidence: Evidence, criteria: CriteriaSet) {
    self.init(
      evidence: evidence, criteria: criteria, result: Scorer(criteria: criteria).score(evidence))
  }

  /// Plans and checks a commune already scored (the result of this evidence and set).
  public init(evidence: Evidence, criteria: CriteriaSet, result: CommuneResult) {
    let plan = Planner(criteria: criteria).plan(evidence, result: result)
    self.plan = plan
    self.warnings = DataQuality.warnings(for: result, criteria: criteria)
  }

  /// The order of the district view: passing first, then plans by size and gain, then no plan;
  /// ties by total (higher first) and commune code.
  public static func closestFirst(_ lhs: CheckResult, _ rhs: CheckResult) -> Bool {
    lhs.order < rhs.order
  }

  /// Where this commune stands in the district view (small enough to keep for every commune
  /// of a national run while their reports wait in a scratch file).
  public var order: Order {
    let (kind, size, gain): (Int, Int, Int) =
      switch plan.outcome {
      case .passes: (0, 0, 0)
      case .plan(let items): (1, items.count, items.reduce(0) { $0 + $1.gain.halves })
      case .impossible: (2, 0, 0)
      }
    return Order(
      kind: kind, size: size, gain: gain, total: result.total, code: result.commune.code,
      file: result.file)
  }

  /// The district view's sort key: plan kind, size and gain ascending, total descending, then
  /// commune code and file.
  public struct Order: Sendable, Hashable, Comparable {
    var kind: Int
    var size: Int
    var gain: Int
    var total: Points
    var code: CommuneCode
    var file: String

    public static func < (lhs: Order, rhs: Order) -> Bool {
      if (lhs.kind, lhs.size, lhs.gain) != (rhs.kind, rhs.size, rhs.gain) {
        return (lhs.kind, lhs.size, lhs.gain) < (rhs.kind, rhs.size, rhs.gain)
      }
      if lhs.total != rhs.total { return rhs.total < lhs.total }
      if lhs.code != rhs.code { return lhs.code < rhs.code }
      return lhs.file < rhs.file
    }
  }
}

import YTXAFormats

/// Computes the minimal repair plan for a commune that does not pass.
///
/// ## The problem
/// Each applicable indicator `i` earns `p_i` points now and could earn any of a few better levels
/// `p_i < q_1 < q_2 < …` (the bands, choices or checklist sums above it). A plan picks a set `S` of
/// indicators and, for each, one better level. It is valid when the pass rule holds afterwards:
/// (1) every knock-out is above 0, (2) every criterion reaches its required points, (3) the total
/// reaches the required total. We want the valid plan with the fewest indicators, and among those
/// the one that gains the fewest points (the smallest change asked of the commune).
///
/// ## Why a dynamic program is exact
/// - Raising an indicator never lowers any quantity in (1)–(3) (points only go up; the applicable
///   maximum is unchanged because a plan never turns an indicator not applicable), so there is no
///   interaction beyond sums.
/// - Conditions (1) and (2) concern one criterion each, and (3) only the sum of the gains. So a
///   plan is valid exactly when, for every criterion `c`, its part `S_c` is valid for `c` alone
///   (forced knock-outs included, criterion gain `g_c ≥ need_c`), and `Σ g_c ≥ need_total`.
/// - Gains are whole half-points bounded by the set's total (200 half-points for 100 points), and
///   the number of raised indicators is bounded by their count (47). Per criterion, a knapsack over
///   its indicators computes every reachable `(k, g)` pair: `k` indicators raised with total gain
///   `g`. Across criteria, a second knapsack combines the per-criterion pairs (keeping only those
///   with `g_c ≥ need_c`) into every reachable `(K, G)`.
/// - Both tables enumerate *all* reachable pairs, not a heuristic subset, so the smallest `K`
///   with some `G ≥ need_total`, and then the smallest such `G`, is the true optimum; a back
///   pointer per pair rebuilds one plan achieving it. Ties between plans with the same `(K, G)`
///   keep the first found, in criteria-file order, so the output is deterministic.
/// - If no pair is valid, no plan exists; raising everything to its best shows which rule still
///   fails.
///
/// Cost: at most 47 indicators × 48 counts × 201 gains × (levels) per criterion, microseconds.
public struct Planner: Sendable {
  public let criteria: CriteriaSet
  private let scorer: Scorer

  public init(criteria: CriteriaSet) {
    self.criteria = criteria
    self.scorer = Scorer(criteria: criteria)
  }

  /// One better level an indicator could reach.
  struct Level: Hashable {
    var points: Points
    var evidence: EvidenceValue
    var target: RepairPlan.Target
  }

  /// Scores the evidence and plans its repair.
  public func plan(_ evidence: Evidence) -> RepairPlan {
    plan(evidence, result: scorer.score(evidence))
  }

  /// Plans the repair of an already scored commune.
  public func plan(_ evidence: Evidence, result: CommuneResult) -> RepairPlan {
    if result.hasPassed { return RepairPlan(result: result, outcome: .passes) }
    var levels: [String: [Level]] = [:]
    for (indicator, scored) in zip(criteria.indicators, result.indicators)
    where scored.status != .notApplicable {
      levels[indicator.id] = Self.levels(for: indicator, result: scored, commune: evidence.commune)
    }
    let rule = criteria.passRule
    let totalNeed = max(0, result.requiredTotal.halves - result.total.halves)
    let noneApplicable = result.maximum == .zero

    // Global table: reachable (count, gain) → back pointer to the per-criterion choice.
    var global: [Pair: [Int: Pair]] = [Pair(count: 0, gain: 0): [:]]
    var perCriterion: [CriterionTable] = []
    var position = 0
    for (criterion, criterionResult) in zip(criteria.criteria, result.criteria) {
      let indicators = criterion.indicators.enumerated().map { offset, indicator in
        (indicator, result.indicators[position + offset])
      }
      position += criterion.indicators.count
      let table = CriterionTable(
        indicators: indicators.filter { $0.1.status != .notApplicable }.map { indicator, scored in
          CriterionTable.Entry(
            id: indicator.id, levels: levels[indicator.id] ?? [],
            current: scored.points,
            isForced: rule.knockoutsApply && indicator.isKnockout && scored.points == .zero)
        },
        need: criterionResult.isSkipped
          ? 0 : max(0, criterionResult.required.halves - criterionResult.points.halves))
      perCriterion.append(table)
      var next: [Pair: [Int: Pair]] = [:]
      for state in global.keys.sorted() {
        for option in table.validPairs {
          let combined = Pair(count: state.count + option.count, gain: state.gain + option.gain)
          if next[combined] == nil {
            var pointers = global[state]!
            pointers[perCriterion.count - 1] = option
            next[combined] = pointers
          }
        }
      }
      global = next
    }
    let best = noneApplicable ? nil : global.keys.filter { $0.gain >= totalNeed }.min()
    guard let best, let choices = global[best] else {
      return RepairPlan(
        result: result, outcome: .impossible(bestCaseReasons(evidence, result, levels)))
    }
    var items: [RepairPlan.Item] = []
    for (index, table) in perCriterion.enumerated() {
      guard let pair = choices[index] else { continue }
      for (entry, level) in table.rebuild(pair) {
        let scored = result.indicators[criteria.position(of: entry.id)!]
        items.append(
          RepairPlan.Item(
            id: entry.id, criterionID: scored.criterionID, points: scored.points,
            targetPoints: level.points, evidence: level.evidence, target: level.target,
            isMissing: scored.status == .missing, isKnockout: entry.isForced))
      }
    }
    return RepairPlan(result: result, outcome: .plan(prioritised(items, result)))
  }

  /// Knock-outs first, then items in criteria under their share, then the rest; larger gains
  /// first within each group, then set order.
  private func prioritised(_ items: [RepairPlan.Item], _ result: CommuneResult) -> [RepairPlan.Item]
  {
    let failing = Set(
      result.reasons.compactMap { reason -> String? in
        if case .criterion(let id) = reason { return id }
        return nil
      })
    func rank(_ item: RepairPlan.Item) -> Int {
      item.isKnockout ? 0 : failing.contains(item.criterionID) ? 1 : 2
    }
    return items.enumerated().sorted { lhs, rhs in
      let (a, b) = (lhs.element, rhs.element)
      if rank(a) != rank(b) { return rank(a) < rank(b) }
      if a.gain != b.gain { return b.gain < a.gain }
      return lhs.offset < rhs.offset
    }.map(\.element)
  }

  /// The reasons a commune would still fail with every applicable indicator at its best.
  private func bestCaseReasons(
    _ evidence: Evidence, _ result: CommuneResult, _ levels: [String: [Level]]
  ) -> [FailureReason] {
    var improved = evidence
    for (id, options) in levels {
      if let top = options.last { improved.values[id] = top.evidence }
    }
    let best = scorer.score(improved)
    return best.reasons.isEmpty ? result.reasons : best.reasons
  }

  /// Applies a plan's items to the evidence (what the commune would submit after improving).
  public static func applying(_ items: [RepairPlan.Item], to evidence: Evidence) -> Evidence {
    var improved = evidence
    for item in items { improved.values[item.id] = item.evidence }
    return improved
  }

  // MARK: - Levels

  /// Every better level an indicator can reach, ascending by points, each with the smallest
  /// change from the current evidence that reaches it.
  static func levels(for indicator: Indicator, result: IndicatorResult, commune: Commune) -> [Level]
  {
    let current = result.points
    var levels: [Level] = []
    switch indicator.kind {
    case .yesNo:
      if current < indicator.points {
        levels.append(Level(points: indicator.points, evidence: .yesNo(true), target: .yes))
      }
    case .choice(let options):
      // For each better points value, the option listed last among those giving exactly it
      // (options are best first, so that is the most modest wording of that level).
      var byPoints: [Points: Indicator.Option] = [:]
      for option in options where current < option.points { byPoints[option.points] = option }
      for points in byPoints.keys.sorted() {
        let option = byPoints[points]!
        levels.append(
          Level(points: points, evidence: .choice(option.key), target: .choice(option)))
      }
    case .checklist(let items):
      let metKeys: [String]
      if case .checklist(let keys) = result.evidence { metKeys = keys } else { metKeys = [] }
      let unmet = items.filter { !metKeys.contains($0.key) }
      levels = checklistLevels(unmet: unmet, metKeys: metKeys, items: items, current: current)
    case .ratio(let ratio):
      let (bands, _) = Scorer.bands(of: ratio.scale, for: commune)
      var denominator: Int? = nil
      if case .ratio(_, let d) = result.evidence, d > 0 { denominator = d }
      for band in bands.reversed() where current < band.points {
        guard
          let evidence = ratioTarget(
            band.threshold, direction: ratio.scale.direction, unit: ratio.unit,
            denominator: denominator)
        else { continue }
        levels.append(
          level(evidence, band, ratio.scale, indicator: indicator, commune: commune))
      }
    case .count(let scale):
      let (bands, _) = Scorer.bands(of: scale, for: commune)
      for band in bands.reversed() where current < band.points {
        let threshold = Fraction(band.threshold)
        let value =
          scale.direction == .higherIsBetter
          ? ceilingDivide(threshold.numerator, threshold.denominator)
          : floorDivide(threshold.numerator, threshold.denominator)
        guard value >= 0, value <= Int128(Int.max) else { continue }
        levels.append(
          level(.count(Int(value)), band, scale, indicator: indicator, commune: commune))
      }
    case .measure(let scale):
      let (bands, _) = Scorer.bands(of: scale, for: commune)
      for band in bands.reversed()
      where current < band.points && !(band.threshold < ExactDecimal(0)) {
        levels.append(
          level(.measure(band.threshold), band, scale, indicator: indicator, commune: commune))
      }
    }
    // Keep one level per points value, the first (smallest change) found, ascending.
    var seen: Set<Points> = []
    return levels.filter { current < $0.points && seen.insert($0.points).inserted }
      .sorted { $0.points < $1.points }
  }

  /// Re-scores a candidate value so the level's points are exactly what the engine would give.
  private static func level(
    _ evidence: EvidenceValue, _ band: Indicator.Band, _ scale: Indicator.Scale,
    indicator: Indicator, commune: Commune
  ) -> Level {
    return Level(
      points: Scorer.points(of: evidence, for: indicator, commune: commune), evidence: evidence,
      target: .band(band, direction: scale.direction, unit: scale.unit))
  }

  /// The ratio that reaches `threshold`: at the commune's denominator `d`, the smallest numerator
  /// `n` with `100·n ≥ t·d` (higher is better) or the largest with `100·n ≤ t·d` (lower is
  /// better). Without a denominator (missing evidence), `t` per 100 as an example.
  static func ratioTarget(
    _ threshold: ExactDecimal, direction: Indicator.Direction, unit: Indicator.RatioUnit,
    denominator: Int?
  ) -> EvidenceValue? {
    let scaled = Int128(threshold.mantissa)
    let power = threshold.denominator
    guard let denominator else {
      guard scaled >= 0, let n = Int(exactly: scaled), let d = Int(exactly: 100 * power) else {
        return nil
      }
      return .ratio(numerator: n, denominator: d)
    }
    let product = scaled * Int128(denominator)
    let divisor = 100 * power
    let numerator =
      direction == .higherIsBetter
      ? ceilingDivide(product, divisor) : floorDivide(product, divisor)
    guard numerator >= 0, unit == .per100 || numerator <= Int128(denominator),
      let n = Int(exactly: numerator)
    else { return nil }
    return .ratio(numerator: n, denominator: denominator)
  }

  /// For each reachable points value above the current, the fewest unmet items that reach it
  /// exactly (then the earliest in the list).
  private static func checklistLevels(
    unmet: [Indicator.Option], metKeys: [String], items: [Indicator.Option], current: Points
  ) -> [Level] {
    // Checklists have a handful of items; cap the enumeration defensively.
    let limit = min(unmet.count, 16)
    var best: [Points: [Indicator.Option]] = [:]
    for mask in 1..<(1 << limit) {
      var added: [Indicator.Option] = []
      var gain = Points.zero
      for bit in 0..<limit where mask & (1 << bit) != 0 {
        added.append(unmet[bit])
        gain += unmet[bit].points
      }
      guard gain > .zero else { continue }
      let points = current + gain
      if let existing = best[points], existing.count <= added.count { continue }
      best[points] = added
    }
    return best.keys.sorted().map { points in
      let added = best[points]!
      let addedKeys = Set(added.map(\.key))
      let keys = metKeys + items.map(\.key).filter { addedKeys.contains($0) }
      return Level(points: points, evidence: .checklist(keys), target: .addItems(added))
    }
  }
}

/// A number of raised indicators and the half-points they gain.
struct Pair: Hashable, Comparable {
  var count: Int
  var gain: Int

  static func < (lhs: Pair, rhs: Pair) -> Bool {
    (lhs.count, lhs.gain) < (rhs.count, rhs.gain)
  }
}

/// The knapsack over one criterion's applicable indicators.
struct CriterionTable {
  struct Entry {
    var id: String
    var levels: [Planner.Level]
    var current: Points
    /// A knock-out at 0: it must be raised.
    var isForced: Bool
  }

  let entries: [Entry]
  /// `steps[j][pair]` = the level chosen for entry `j - 1` to reach `pair` (−1: not raised).
  private let steps: [[Pair: Int]]
  /// Pairs that satisfy the criterion (need met, forced entries raised), ascending.
  let validPairs: [Pair]

  init(indicators entries: [Entry], need: Int) {
    self.entries = entries
    var steps: [[Pair: Int]] = [[Pair(count: 0, gain: 0): -1]]
    for entry in entries {
      var next: [Pair: Int] = [:]
      for state in steps.last!.keys.sorted() {
        if !entry.isForced, next[state] == nil { next[state] = -1 }
        for (index, level) in entry.levels.enumerated() {
          let pair = Pair(
            count: state.count + 1, gain: state.gain + (level.points - entry.current).halves)
          if next[pair] == nil { next[pair] = index }
        }
      }
      steps.append(next)
    }
    self.steps = steps
    self.validPairs = steps.last!.keys.filter { $0.gain >= need }.sorted()
  }

  /// The entries raised, and to which level, for one reachable pair.
  func rebuild(_ pair: Pair) -> [(Entry, Planner.Level)] {
    var chosen: [(Entry, Planner.Level)] = []
    var state = pair
    for index in stride(from: entries.count - 1, through: 0, by: -1) {
      let choice = steps[index + 1][state]!
      guard choice >= 0 else { continue }
      let entry = entries[index]
      let level = entry.levels[choice]
      chosen.append((entry, level))
      state = Pair(count: state.count - 1, gain: state.gain - (level.points - entry.current).halves)
    }
    return chosen.reversed()
  }
}

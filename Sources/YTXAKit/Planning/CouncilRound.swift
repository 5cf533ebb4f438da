import YTXAFormats

/// A provincial appraisal council's round (`ytxa council`): the communes assessed in it, each
/// with its pre-check and, from earlier years' evidence, whether it held a recognition; from
/// them the list proposed for recognition (new, recognised again, maintained after
/// re-appraisal) and the list proposed for withdrawal.
///
/// A pass is recognised for the set's `recognitionYears` (3): from its assessment year through
/// 31 December of the year two after. A later failed assessment ends it (as in
/// ``UnitRecognition``, by commune code here: the council reads one round's evidence and its
/// history as written).
public struct CouncilRound: Sendable {
  /// How a passing commune is proposed.
  public enum Kind: String, Sendable, Hashable {
    /// No earlier recognition.
    case new = "moi"
    /// Recognised before, not in force now (lapsed or withdrawn): recognised again.
    case again = "cong_nhan_lai"
    /// A recognition in force, confirmed by this re-appraisal.
    case maintained = "duy_tri"

    public func word(in language: Language) -> String {
      switch self {
      case .new: language.pick("công nhận mới", "new")
      case .again: language.pick("công nhận lại", "recognised again")
      case .maintained: language.pick("duy trì (sau thẩm định lại)", "maintained (re-appraised)")
      }
    }
  }

  /// One commune of the round.
  public struct Entry: Sendable {
    public var check: CheckResult
    public var criteria: CriteriaSet
    /// The year of the recognition in force before this round, if any: its assessment year
    /// (from `--history`) or its decision's (from the register).
    public var inForceSince: Int?
    /// With the register: the decision behind the recognition in force.
    public var inForceBy: RegisterDecision?
    /// Whether an earlier recognition exists (in force or not).
    public var recognisedBefore: Bool
    /// How it is proposed, when it passes.
    public var kind: Kind? {
      guard check.result.hasPassed else { return nil }
      return inForceSince != nil ? .maintained : recognisedBefore ? .again : .new
    }
    /// Whether it is proposed for withdrawal: it fails while a recognition is in force.
    public var withdraw: Bool { !check.result.hasPassed && inForceSince != nil }
  }

  /// An earlier assessment of a commune (from `--history`).
  public struct Past: Sendable, Hashable {
    public var code: CommuneCode
    public var year: Int
    public var passed: Bool
    /// The assessment day, when the evidence gives one.
    public var assessedOn: Day?

    public init(code: CommuneCode, year: Int, passed: Bool, assessedOn: Day? = nil) {
      self.code = code
      self.year = year
      self.passed = passed
      self.assessedOn = assessedOn
    }

    /// When it was assessed: its day, or the last day of its year (``UnitResolver/day``).
    var day: Day { UnitResolver.day(assessedOn: assessedOn, year: year) }
  }

  /// Where whether a commune was recognised before comes from.
  public enum Source: String, Sendable, Hashable {
    /// The register of decisions (interfaces §9).
    case register
    /// Earlier years' evidence (`--history`): inferred from passes (interfaces §4).
    case history
    /// Neither: every pass is proposed as new.
    case none

    /// The source in one sentence, for the papers.
    public func sentence(_ language: Language) -> String {
      switch self {
      case .register: UnitRecognition.sourceSentence(fromRegister: true, language)
      case .history:
        language.pick(
          "Công nhận trước đây được suy ra từ kết quả đạt trong số liệu các năm trước (--history; "
            + "không có sổ quyết định: --register).",
          "Earlier recognition inferred from passes in earlier years' evidence (--history; no "
            + "register of decisions given: --register).")
      case .none:
        language.pick(
          "Không có sổ quyết định (--register) hay số liệu các năm trước (--history): mọi xã đạt "
            + "được đề nghị công nhận mới.",
          "No register of decisions (--register) nor earlier evidence (--history): every passing "
            + "commune is proposed as new.")
      }
    }
  }

  /// The round's month (`YYYY-MM`), when one was asked for.
  public var round: String?
  /// Where earlier recognition comes from.
  public var source: Source
  /// With the register: the policy that carried recognition across territorial changes.
  public var policy: MergePolicy?
  /// The communes, by district code then commune code.
  public var entries: [Entry]

  /// The round from its checked communes and the earlier assessments (inferred recognition,
  /// interfaces §4).
  public init(
    round: String?, checks: [(check: CheckResult, criteria: CriteriaSet)], history: [Past]
  ) {
    let byCode = Dictionary(grouping: history, by: \.code)
    self.init(round: round, source: history.isEmpty ? .none : .history, checks: checks) {
      result, criteria in
      // Earlier assessments in the order they were made (by day, not by file name: two in one
      // year are told apart by their assessedOn); on one day, a failure counts as the later.
      let now = UnitResolver.day(assessedOn: result.assessedOn, year: result.year)
      let earlier = (byCode[result.commune.code] ?? []).filter { $0.day < now }
        .sorted { ($0.day, $0.passed ? 0 : 1) < ($1.day, $1.passed ? 0 : 1) }
      var inForce: Int?
      for past in earlier {
        if past.passed {
          inForce = past.year
        } else {
          inForce = nil
        }
      }
      if let since = inForce, result.year > since + criteria.recognitionYears - 1 {
        inForce = nil
      }
      return (inForce, nil, earlier.contains(where: \.passed))
    }
  }

  /// The round from its checked communes and the register's decisions (interfaces §9): a
  /// commune's unit on its assessment day is recognised then (by a decision, or carried to it
  /// across a change as `recognition`'s policy says), or was before, or never was.
  public init(
    round: String?, checks: [(check: CheckResult, criteria: CriteriaSet)],
    recognition: UnitRecognition
  ) {
    let registry = recognition.registry
    self.init(round: round, source: .register, checks: checks) { result, _ in
      let day = UnitResolver.day(assessedOn: result.assessedOn, year: result.year)
      guard case .unit(let unit) = registry.lookup(result.commune.code, on: day) else {
        return (nil, nil, false)
      }
      let held = recognition.period(unit, on: day)
      let before = recognition.periods[unit]?.contains { $0.from < day } ?? false
      return (
        held.map(\.from.year), held.flatMap { recognition.decision(behind: $0, unit: unit) },
        before
      )
    }
    policy = recognition.policy
  }

  private init(
    round: String?, source: Source, checks: [(check: CheckResult, criteria: CriteriaSet)],
    prior: (CommuneResult, CriteriaSet) -> (Int?, RegisterDecision?, Bool)
  ) {
    self.round = round
    self.source = source
    entries = checks.map { item in
      let (since, decision, before) = prior(item.check.result, item.criteria)
      return Entry(
        check: item.check, criteria: item.criteria, inForceSince: since, inForceBy: decision,
        recognisedBefore: before || since != nil)
    }
    .sorted {
      let left = (
        $0.check.result.commune.district?.code.digits ?? "", $0.check.result.commune.code.digits
      )
      let right = (
        $1.check.result.commune.district?.code.digits ?? "", $1.check.result.commune.code.digits
      )
      return left < right
    }
  }

  /// The communes proposed for recognition.
  public var proposed: [Entry] { entries.filter { $0.kind != nil } }
  /// The communes proposed for withdrawal.
  public var withdrawals: [Entry] { entries.filter(\.withdraw) }
  /// Communes that do not pass and were not recognised before: not proposed, listed with their
  /// reasons ("Đề nghị: chưa công nhận").
  public var notProposed: [Entry] { entries.filter { !$0.check.result.hasPassed && !$0.withdraw } }
}

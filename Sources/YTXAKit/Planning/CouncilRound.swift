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
    /// The assessment year of the recognition in force before this round, if any.
    public var inForceSince: Int?
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

  /// The round's month (`YYYY-MM`), when one was asked for.
  public var round: String?
  /// The communes, by district code then commune code.
  public var entries: [Entry]

  /// The round from its checked communes and the earlier assessments.
  public init(
    round: String?, checks: [(check: CheckResult, criteria: CriteriaSet)], history: [Past]
  ) {
    self.round = round
    let byCode = Dictionary(grouping: history, by: \.code)
    entries = checks.map { item in
      let result = item.check.result
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
      if let since = inForce, result.year > since + item.criteria.recognitionYears - 1 {
        inForce = nil
      }
      return Entry(
        check: item.check, criteria: item.criteria, inForceSince: inForce,
        recognisedBefore: earlier.contains(where: \.passed))
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

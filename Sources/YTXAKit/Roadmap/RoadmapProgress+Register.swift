import YTXAFormats

extension RoadmapProgress {
  /// Where the register and the evidence disagree (interfaces §9): warnings for the department
  /// to look into, not errors; the register stays the source of recognition.
  public struct Discrepancy: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
      /// A recognition or re-recognition for a unit whose evidence of that round failed.
      case decisionAfterFail
      /// A pass of a unit not recognised on its day, with no decision for the unit (or what it
      /// became) within ``RoadmapProgress/decisionWindow`` days, and its territory not
      /// recognised then.
      case passWithoutDecision
    }

    public var kind: Kind
    /// The registry unit.
    public var unit: Int
    public var code: CommuneCode
    public var name: String
    public var assessment: Assessment
    /// The decision, for ``Kind/decisionAfterFail``.
    public var decision: RegisterDecision?

    /// The discrepancy in one sentence naming the unit, the decision or the file, and the days.
    public func sentence(_ language: Language) -> String {
      let phrases = Phrasebook(language)
      let who = "\(name.nfc) (\(code.digits))"
      let evidence =
        assessment.file
        + language.pick(
          ", đánh giá ngày \(phrases.date(assessment.day)): \(assessment.total)/"
            + "\(assessment.maximum) điểm",
          ", assessed on \(phrases.date(assessment.day)): \(assessment.total)/"
            + "\(assessment.maximum) points")
      switch kind {
      case .decisionAfterFail:
        let cited = decision.map { $0.reference(language) + " (\($0.source))" } ?? ""
        return language.pick(
          "\(who): có \(cited) công nhận, nhưng số liệu của đợt đó (\(evidence)) không đạt.",
          "\(who): \(cited) recognises it, but the evidence of its round (\(evidence)) did not "
            + "pass.")
      case .passWithoutDecision:
        let due = phrases.date(assessment.day.adding(days: RoadmapProgress.decisionWindow))
        return language.pick(
          "\(who): đạt (số liệu \(evidence)) nhưng đến \(due) (\(RoadmapProgress.decisionWindow) ngày "
            + "sau) chưa có quyết định nào trong sổ và xã chưa được công nhận.",
          "\(who): passed (\(evidence)) but by \(due) (\(RoadmapProgress.decisionWindow) days "
            + "later) the register holds no decision and the unit is not recognised.")
      }
    }
  }

  /// Days after a pass's assessment within which a decision is expected (interfaces §9).
  public static let decisionWindow: Int32 = 90

  /// How many of `units` (in force on `day`) passed and are still waiting for a decision: not
  /// recognised by the register on `day`, their latest assessment by then a pass still within
  /// its validity. `nil` unless recognition comes from the register and evidence was given.
  static func awaitingDecision(
    _ units: Set<Int>, on day: Day, recognition: UnitRecognition
  ) -> Int? {
    guard recognition.isFromRegister, !recognition.assessments.isEmpty else { return nil }
    return units.count { unit in
      guard !recognition.isRecognised(unit, on: day),
        let latest = recognition.assessments[unit]?.last(where: { $0.day <= day }),
        latest.passed
      else { return false }
      return day.year <= latest.year + recognition.validity - 1
    }
  }

  /// Decisions whose round's evidence failed, and passes left without a decision once the
  /// window has gone by on `today`, in the order of the units' codes, then of days.
  static func discrepancies(
    recognition: UnitRecognition, decisions: [Int: [RegisterDecision]], today: Day
  ) -> [Discrepancy] {
    let registry = recognition.registry
    var found: [Discrepancy] = []
    // The round's evidence of a decision: the latest assessment in the year before its signing
    // of its unit, or of the unit it continues across a nominal change (a commune become a
    // ward keeps its evidence).
    for (unit, own) in decisions {
      var assessed = recognition.assessments[unit] ?? []
      var continued = registry.units[unit]
      while continued.change == .nominal, let before = continued.predecessors.first {
        assessed += recognition.assessments[before.unit] ?? []
        continued = registry.units[before.unit]
      }
      for decision in own where decision.kind != .withdrawal {
        let from = decision.signedOn.adding(days: -365)
        guard
          let round = assessed.filter({ $0.day <= decision.signedOn && $0.day >= from })
            .max(by: { $0.day < $1.day }), !round.passed
        else { continue }
        let record = registry.units[unit]
        found.append(
          Discrepancy(
            kind: .decisionAfterFail, unit: unit, code: record.code, name: record.name,
            assessment: round, decision: decision))
      }
    }
    for (unit, assessments) in recognition.assessments {
      let record = registry.units[unit]
      // A pass of a unit recognised on its day is a re-appraisal that keeps it (duy trì): no
      // decision is expected.
      for pass in assessments where pass.passed && !recognition.isRecognised(unit, on: pass.day) {
        let due = pass.day.adding(days: decisionWindow)
        guard due < today else { continue }
        // The units holding its territory when the window closes (itself, or what it became).
        let holders = PlanCoverage.territory(of: unit, on: due, registry: registry)
        let decided = ([unit] + holders).contains { holder in
          (decisions[holder] ?? []).contains { $0.signedOn >= pass.day && $0.signedOn <= due }
        }
        let recognised = PlanCoverage.isCovered(
          unit, on: due, by: recognition, registry: registry)
        guard !decided, !recognised else { continue }
        found.append(
          Discrepancy(
            kind: .passWithoutDecision, unit: unit, code: record.code, name: record.name,
            assessment: pass))
      }
    }
    return found.sorted {
      ($0.code.digits, $0.assessment.day, $0.kind.rawValue)
        < ($1.code.digits, $1.assessment.day, $1.kind.rawValue)
    }
  }
}

import YTXAFormats

/// A commune known from the evidence: who it is and every assessment found.
package struct TrackedCommune: Sendable, Hashable {
  public var code: CommuneCode
  public var name: String
  /// The district the evidence names; none for a unit without one (since 1 July 2025).
  public var districtCode: DistrictCode?
  public var districtName: String?
  public var assessments: [Assessment]

  public init(
    code: CommuneCode, name: String, districtCode: DistrictCode?, districtName: String?,
    assessments: [Assessment]
  ) {
    self.code = code
    self.name = name
    self.districtCode = districtCode
    self.districtName = districtName
    self.assessments = assessments
  }
}

/// Attainment against the roadmap, per district and year, with the look-ahead.
public struct RoadmapProgress: Sendable {
  public enum Standing: String, Sendable, Hashable {
    /// Ahead of the plan: vượt.
    case ahead = "vuot"
    /// On plan: đạt.
    case onTrack = "dat"
    /// Behind: chậm.
    case behind = "cham"

    public var vietnamese: String { word(in: .vi) }

    /// The standing in words.
    public func word(in language: Language) -> String {
      switch self {
      case .ahead: language.pick("vượt", "ahead")
      case .onTrack: language.pick("đạt", "on track")
      case .behind: language.pick("chậm", "behind")
      }
    }

    init(gap: Int) { self = gap > 0 ? .ahead : gap == 0 ? .onTrack : .behind }
  }

  public struct YearRow: Sendable, Hashable {
    public var year: Int
    public var target: Int
    public var targetCumulative: Int
    public var attained: Int
    public var newlyAttained: Int
    public var gap: Int { attained - targetCumulative }
    public var standing: Standing { Standing(gap: gap) }
    /// Whether no evidence of this year (or later) was found: attainment is then only what
    /// earlier recognitions carry forward.
    public var isProjection: Bool
    /// With units checked: the units in force on 31 December that hold any of the district's
    /// plan communes, and how many of them are recognised then.
    public var unitsInForce: Int? = nil
    public var unitsRecognised: Int? = nil
    /// With the register and evidence (interfaces §9): of those units, how many passed and are
    /// not recognised yet (``RoadmapProgress/awaitingDecision(_:on:recognition:)``).
    public var passedAwaitingDecision: Int? = nil
  }

  public struct DistrictRow: Sendable, Hashable {
    public var district: Roadmap.District
    public var years: [YearRow]
    /// Communes of the district found in the evidence.
    public var communesWithEvidence: Int
  }

  /// A commune that could be registered next.
  public struct Candidate: Sendable, Hashable {
    public var code: CommuneCode
    public var name: String
    /// Its latest assessment's year and score; `nil` for a unit with no evidence yet.
    public var lastYear: Int?
    public var total: Points?
    public var maximum: Points?
    /// Indicators in its pre-check repair plan (nil when none exists or it could not be made).
    public var planSize: Int?
    /// With units checked: the plan communes, per plan district, its recognition would add.
    public var covers: [Cover] = []

    /// The look-ahead's order (interfaces §6): the smallest pre-check plan first (none last),
    /// then the higher score (total / maximum, exactly; none last), then the larger coverage,
    /// then the code.
    public static func ranksBefore(_ lhs: Candidate, _ rhs: Candidate) -> Bool {
      let a = lhs.planSize ?? Int.max
      let b = rhs.planSize ?? Int.max
      if a != b { return a < b }
      switch (lhs.total, lhs.maximum, rhs.total, rhs.maximum) {
      case (let lt?, let lm?, let rt?, let rm?):
        let left = lt.halves * rm.halves
        let right = rt.halves * lm.halves
        if left != right { return left > right }
      case (.some, .some, _, _): return true
      case (_, _, .some, .some): return false
      default: break
      }
      let lc = lhs.covers.reduce(0) { $0 + $1.communes }
      let rc = rhs.covers.reduce(0) { $0 + $1.communes }
      if lc != rc { return lc > rc }
      return lhs.code < rhs.code
    }
  }

  /// Plan communes of one plan district.
  public struct Cover: Sendable, Hashable {
    public var district: DistrictCode
    public var communes: Int
  }

  public struct LookAhead: Sendable, Hashable {
    public var year: Int
    public var districtCode: DistrictCode
    public var targetCumulative: Int
    /// Recognitions that still hold in `year` without a new assessment.
    public var holding: Int
    /// Recognitions that run out in `year` unless the commune is re-assessed and passes.
    public var expiring: Int
    /// How many more communes must pass in `year` to stay on plan.
    public var needed: Int
    /// Communes not recognised, closest to passing first.
    public var candidates: [Candidate]
  }

  /// Communes whose district is not one of the roadmap's; `code` is `nil` for units without a
  /// district (formed since 1 July 2025), which this join by district code cannot place.
  public struct UnknownDistrict: Sendable, Hashable {
    public var code: DistrictCode?
    public var name: String
    public var communes: [CommuneCode]
  }

  public var roadmap: Roadmap
  public var throughYear: Int
  public var latestEvidenceYear: Int?
  public var districts: [DistrictRow]
  public var province: [YearRow]
  public var lookAhead: [LookAhead]
  public var unknownDistricts: [UnknownDistrict]
  package var timelines: [CommuneCode: [TimelineYear]]
  package var communes: [TrackedCommune]
  /// With units checked (interfaces §6): the units' recognition, under its merge policy, and the
  /// plan's communes followed through the changes; `nil` with `--units off` or a roadmap without
  /// `unitsAsOf`, when communes are joined to districts by the codes the evidence gives.
  public var recognition: UnitRecognition? = nil
  package var coverage: PlanCoverage? = nil
  /// With the register and evidence: where they disagree (interfaces §9).
  public var discrepancies: [Discrepancy] = []

  /// - Parameters:
  ///   - through: last roadmap year to report (default: the plan's last year).
  package init(
    roadmap: Roadmap, communes: [TrackedCommune], through: Int? = nil, validity: Int = 3
  ) {
    self.roadmap = roadmap
    self.communes = communes
    let first = roadmap.years.first ?? 2023
    let last = min(through ?? roadmap.years.last ?? first, roadmap.years.last ?? first)
    throughYear = last
    let latest = communes.flatMap { $0.assessments.map(\.year) }.max()
    latestEvidenceYear = latest
    let horizon = max(last, (latest ?? last)) + 1
    var timelines: [CommuneCode: [TimelineYear]] = [:]
    for commune in communes {
      timelines[commune.code] = Recognition.timeline(
        commune.assessments, from: first, through: horizon, validity: validity)
    }
    self.timelines = timelines
    func status(_ code: CommuneCode, _ year: Int) -> TimelineYear? {
      timelines[code]?.first { $0.year == year }
    }
    let reportYears = roadmap.years.filter { $0 <= last }
    var districtRows: [DistrictRow] = []
    var provinceRows = reportYears.map { year in
      YearRow(
        year: year, target: 0, targetCumulative: 0, attained: 0, newlyAttained: 0,
        isProjection: latest.map { year > $0 } ?? true)
    }
    for district in roadmap.districts {
      let members = communes.filter { $0.districtCode == district.code }
      var rows: [YearRow] = []
      for (index, year) in reportYears.enumerated() {
        let attained = members.count { status($0.code, year)?.status.isRecognised == true }
        let newly = members.count {
          status($0.code, year)?.status.isRecognised == true
            && status($0.code, year - 1)?.status.isRecognised != true
        }
        let row = YearRow(
          year: year, target: district.targets[year] ?? 0,
          targetCumulative: district.cumulative(through: year), attained: attained,
          newlyAttained: newly, isProjection: latest.map { year > $0 } ?? true)
        rows.append(row)
        provinceRows[index].target += row.target
        provinceRows[index].targetCumulative += row.targetCumulative
        provinceRows[index].attained += row.attained
        provinceRows[index].newlyAttained += row.newlyAttained
      }
      districtRows.append(
        DistrictRow(district: district, years: rows, communesWithEvidence: members.count))
    }
    districts = districtRows
    province = provinceRows

    // Look ahead to the year after the latest evidence (or after --year), within the plan.
    let base = through ?? latest ?? first - 1
    lookAhead =
      roadmap.years.contains(base + 1)
      ? roadmap.districts.map { district in
        Self.lookAhead(
          district, from: communes.filter { $0.districtCode == district.code }, base: base,
          validity: validity, status: status)
      } : []

    var unknown: [DistrictCode?: UnknownDistrict] = [:]
    for commune in communes where commune.districtCode.flatMap(roadmap.district) == nil {
      unknown[
        commune.districtCode,
        default: UnknownDistrict(
          code: commune.districtCode, name: commune.districtName ?? "", communes: [])
      ].communes.append(
        commune.code)
    }
    // Units without a district last.
    unknownDistricts = unknown.values.sorted {
      ($0.code?.digits ?? "~") < ($1.code?.digits ?? "~")
    }
  }

  /// A district's look-ahead to the year after `base`: recognitions that still hold or expire,
  /// how many more communes are needed, and the candidates, closest to passing first.
  private static func lookAhead(
    _ district: Roadmap.District, from members: [TrackedCommune], base: Int, validity: Int,
    status: (CommuneCode, Int) -> TimelineYear?
  ) -> LookAhead {
    let next = base + 1
    var holding = 0
    var expiring = 0
    var candidates: [Candidate] = []
    for commune in members {
      let now = status(commune.code, base)
      if now?.status.isRecognised == true, let lastPass = now?.lastPass {
        if next - lastPass < validity { holding += 1 } else { expiring += 1 }
        continue
      }
      guard let latestAssessment = commune.assessments.filter({ $0.year <= base }).last
      else { continue }
      candidates.append(
        Candidate(
          code: commune.code, name: commune.name, lastYear: latestAssessment.year,
          total: latestAssessment.total, maximum: latestAssessment.maximum,
          planSize: commune.assessments.last?.planSize))
    }
    candidates.sort(by: Candidate.ranksBefore)
    let target = district.cumulative(through: next)
    return LookAhead(
      year: next, districtCode: district.code, targetCumulative: target, holding: holding,
      expiring: expiring, needed: max(0, target - holding), candidates: candidates)
  }
}

extension RoadmapProgress.YearRow {
  /// The year's standing in words for people: for a past or current year `vượt`, `đạt` or
  /// `chậm`; for a projected year what it is, the recognitions still in force if nothing more is
  /// recognised, never a verdict.
  public func standingWord(in language: Language) -> String {
    isProjection
      ? language.pick(
        "dự kiến nếu không công nhận thêm", "projected, if nothing more is recognised")
      : standing.word(in: language)
  }
}

import YTXAFormats

/// One assessment of a commune: the year and whether it passed.
public struct Assessment: Sendable, Hashable {
  public var year: Int
  public var passed: Bool
  public var total: Points
  public var maximum: Points
  public var file: String
  /// The size of the pre-check plan that would make a failing assessment pass, when known.
  public var planSize: Int?
  /// The day it takes effect: its `assessedOn`, else 31 December of its year (interfaces §6).
  public var day: Day
  /// The registry unit assessed, when units were checked.
  public var unit: Int?

  public init(
    year: Int, passed: Bool, total: Points, maximum: Points, file: String, planSize: Int? = nil,
    day: Day? = nil, unit: Int? = nil
  ) {
    self.year = year
    self.passed = passed
    self.total = total
    self.maximum = maximum
    self.file = file
    self.planSize = planSize
    self.day = day ?? Day.endOfYear(year)
    self.unit = unit
  }
}

/// A commune's recognition status at the end of a year.
public enum RecognitionStatus: String, Sendable, Hashable, CaseIterable {
  /// Passes, not recognised before: mới.
  case new = "moi"
  /// Recognised and still so (passed again, or not assessed within its validity): duy trì.
  case maintained = "duy_tri"
  /// Passes again after losing recognition (withdrawn or expired): công nhận lại.
  case recognisedAgain = "cong_nhan_lai"
  /// Recognised, assessed and failed: thu hồi.
  case withdrawn = "thu_hoi"
  /// Recognised, not assessed, and the validity ran out: hết hạn.
  case expired = "het_han"
  /// Not recognised: chưa đạt.
  case notRecognised = "chua_dat"

  public var vietnamese: String { word(in: .vi) }

  /// The status in words.
  public func word(in language: Language) -> String {
    switch self {
    case .new: language.pick("mới", "new")
    case .maintained: language.pick("duy trì", "maintained")
    case .recognisedAgain: language.pick("công nhận lại", "recognised again")
    case .withdrawn: language.pick("thu hồi", "withdrawn")
    case .expired: language.pick("hết hạn", "expired")
    case .notRecognised: language.pick("chưa đạt", "not recognised")
    }
  }

  /// Whether the commune is recognised at the end of the year.
  public var isRecognised: Bool {
    self == .new || self == .maintained || self == .recognisedAgain
  }
}

/// One year of a commune's timeline.
package struct TimelineYear: Sendable, Hashable {
  public var year: Int
  /// The assessment of that year, when there was one.
  public var assessment: Assessment?
  public var status: RecognitionStatus
  /// The year of the last pass, when recognised.
  public var lastPass: Int?
}

/// Recognition over the years, per commune (interfaces spec §4): recognised at the end of a year
/// in which it passes; withdrawn in a year in which it is assessed and fails; kept without
/// assessment for at most `validity` years counted from its last pass (a pass in 2023 holds
/// through 2025 and expires in 2026).
package enum Recognition {
  public static func timeline(
    _ assessments: [Assessment], from firstYear: Int, through lastYear: Int, validity: Int = 3
  ) -> [TimelineYear] {
    let byYear = Dictionary(grouping: assessments, by: \.year).mapValues { $0[0] }
    let start = min(firstYear, assessments.map(\.year).min() ?? firstYear)
    guard start <= lastYear else { return [] }
    var timeline: [TimelineYear] = []
    var recognised = false
    var everRecognised = false
    var lastPass: Int?
    for year in start...lastYear {
      let assessment = byYear[year]
      let status: RecognitionStatus
      if let assessment {
        if assessment.passed {
          status = recognised ? .maintained : everRecognised ? .recognisedAgain : .new
          lastPass = year
        } else {
          status = recognised ? .withdrawn : .notRecognised
        }
      } else if recognised, let last = lastPass {
        status = year - last < validity ? .maintained : .expired
      } else {
        status = .notRecognised
      }
      recognised = status.isRecognised
      everRecognised = everRecognised || recognised
      timeline.append(
        TimelineYear(
          year: year, assessment: assessment, status: status, lastPass: recognised ? lastPass : nil
        ))
    }
    return timeline
  }
}

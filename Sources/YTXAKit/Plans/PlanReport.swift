import YTXAFormats

/// A plan's evaluation as a district or provincial health office reports it in January: each
/// target, each year, the value against the target, met or not, what it rests on; the targets the
/// commune evidence cannot measure listed as such.
package struct PlanReport: Sendable {
  public let evaluation: PlanEvaluation
  public let language: Language
  /// Where the plan was read from (`Criteria/plans/…` or the path given).
  public let file: String

  public init(_ evaluation: PlanEvaluation, file: String, language: Language = .vi) {
    self.evaluation = evaluation
    self.file = file
    self.language = language
  }

  /// `96%`, `15` (a count), `95,83%` (a measured value, two decimals).
  func number(_ value: ExactDecimal, percent: Bool) -> String {
    language.format(value) + (percent ? "%" : "")
  }

  func measured(_ value: Fraction?, percent: Bool) -> String {
    guard let value else { return "—" }
    return number(value.rounded(places: percent ? 2 : 0), percent: percent)
  }

  /// Whether a target's values are percentages (all but a count of communes).
  static func isPercent(_ target: Plan.Target) -> Bool {
    if case .recognised(.count) = target.kind { return false }
    if case .recognised(.maintainAndAdd) = target.kind { return false }
    return true
  }

  /// `> 96%`, or `≥ 15 xã`; with the year it is due when that is later.
  func targetText(_ target: Plan.Target, _ year: PlanEvaluation.Year) -> String {
    guard let value = year.target else { return "—" }
    let l = language
    var comparator = "≥ "
    if case .indicator(_, _, let given, _) = target.kind { comparator = given.symbol + " " }
    let due =
      year.targetYear.map { $0 == year.year ? "" : l.pick(" (năm \($0))", " (by \($0))") } ?? ""
    return comparator + number(value, percent: Self.isPercent(target)) + due
  }

  func verdict(_ year: PlanEvaluation.Year) -> String {
    let l = language
    switch year.met {
    case true?: return l.pick("đạt", "met")
    case false?: return l.pick("CHƯA ĐẠT", "NOT MET")
    case nil:
      return year.value == nil
        ? l.pick("không có số liệu", "no data") : l.pick("chưa đến hạn", "not due yet")
    }
  }

  /// What a target computes, in words.
  func method(_ target: Plan.Target) -> String {
    let l = language
    switch target.kind {
    case .external:
      return l.pick(
        "không đo được từ minh chứng của xã", "not measurable from the communes' evidence")
    case .recognised(let rule):
      let base = l.pick(
        "số xã của địa bàn (theo danh mục ngày \(evaluation.plan.area.asOf.vietnamese)) được công nhận đạt chuẩn cuối năm",
        "the area's communes (as on \(evaluation.plan.area.asOf.iso)) recognised at the end of the year"
      )
      switch rule {
      case .share: return base + l.pick(", tính theo tỷ lệ", ", as a share")
      case .count: return base
      case .maintainAndAdd(let maintain, let add, _):
        return base
          + l.pick(
            "; giữ mọi xã đã đạt (ít nhất \(maintain)) và thêm ít nhất \(add)",
            "; keep every recognised commune (at least \(maintain)) and add at least \(add)")
      }
    case .indicator(let id, let condition, _, _):
      let name = evaluation.criteria.indicator(id)?.name(in: l) ?? id
      let head = l.pick("chỉ tiêu \(id) (\(name)): ", "indicator \(id) (\(name)): ")
      guard let condition else {
        return head
          + l.pick(
            "tổng tử số / tổng mẫu số của các xã có minh chứng",
            "sum of numerators over sum of denominators of the communes with evidence")
      }
      let options = Self.options(evaluation.criteria.indicator(id))
      let what: String
      switch condition {
      case .yes: what = l.pick("trả lời có", "answered yes")
      case .choices(let keys):
        what = keys.map { key in options.first { $0.key == key }?.label ?? key }
          .joined(separator: l.pick(" hoặc ", " or "))
      case .items(let keys):
        what = keys.map { key in options.first { $0.key == key }?.label ?? key }
          .joined(separator: l.pick(" và ", " and "))
      }
      return head + l.pick("tỷ lệ trạm y tế có: ", "share of stations with: ") + what
    }
  }

  static func options(_ indicator: Indicator?) -> [Indicator.Option] {
    switch indicator?.kind {
    case .choice(let list)?, .checklist(let list)?: list
    default: []
    }
  }

  /// `ngày 08/08/2024`, `tháng 02/2024`, `năm 2024`: as much of the date as the plan gives.
  func documentDate() -> String {
    let l = language
    let date = evaluation.plan.source.date
    let parts = date.split(separator: "-").map(String.init)
    switch parts.count {
    case 3:
      return l.pick("ngày ", "dated ")
        + (Day(iso: date).map { l.pick($0.vietnamese, $0.iso) } ?? date)
    case 2: return l.pick("tháng \(parts[1])/\(parts[0])", "dated \(date)")
    default: return l.pick("năm ", "dated ") + date
    }
  }

  /// The header lines: plan, source, area, rules, policy, evidence.
  func heading() -> [String] {
    let l = language
    let plan = evaluation.plan
    var lines = [
      l.pick("ĐÁNH GIÁ THỰC HIỆN KẾ HOẠCH: ", "PLAN ASSESSMENT: ") + plan.name,
      l.pick("Văn bản: ", "Document: ") + "\(plan.source.number), " + documentDate()
        + ", " + plan.source.issuer
        + l.pick(" (nguồn: ", " (source: ") + plan.source.document + ")",
      l.pick("Địa bàn: ", "Area: ") + plan.area.name + " — "
        + l.pick(
          "\(evaluation.planCommunes) đơn vị cấp xã theo danh mục ngày \(plan.area.asOf.vietnamese)",
          "\(evaluation.planCommunes) commune-level units in the registry on \(plan.area.asOf.iso)")
        + (plan.area.asOfNote.map { " (\($0))" } ?? ""),
      Phrasebook(l).provenance(evaluation.criteria),
      l.pick("Tệp kế hoạch: ", "Plan file: ") + file,
    ]
    if plan.targets.contains(where: { $0.kindKey == "recognised" }) {
      lines.append(
        UnitRecognition.sourceSentence(fromRegister: evaluation.recognitionFromRegister, l))
      lines.append(evaluation.policy.sentence(l))
    }
    if let latest = evaluation.latestEvidenceYear {
      lines.append(
        l.pick(
          "Minh chứng mới nhất: năm \(latest); các năm đánh giá: ",
          "Latest evidence: \(latest); years assessed: ")
          + (evaluation.years.isEmpty
            ? l.pick("không có năm nào của kế hoạch", "none of the plan's years")
            : evaluation.years.map(String.init).joined(separator: ", ")))
    }
    lines.append(
      l.pick(
        "Chỉ tiêu gộp theo địa bàn dùng các đơn vị nằm trọn trong địa bàn; đơn vị vắt qua ranh "
          + "giới (sau sáp nhập) bị để ra ngoài và được nêu tên.",
        "Indicator aggregates use the units lying wholly inside the area; a unit straddling its "
          + "edge (after a merger) is left out and named."))
    if evaluation.outside > 0 {
      lines.append(
        l.pick(
          "\(evaluation.outside) hồ sơ của đơn vị ngoài địa bàn không được tính.",
          "\(evaluation.outside) records of units outside the area are not counted."))
    }
    return lines
  }
}

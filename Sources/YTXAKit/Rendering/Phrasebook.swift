import YTXAFormats

/// The words every report shares, in one place per language: verdicts, failure reasons (read
/// from the criteria set's pass rule, never typed), the provenance sentence and the criteria
/// file sentence. Renderers ask the phrasebook; they do not phrase these themselves.
package struct Phrasebook: Sendable {
  public let language: Language

  public init(_ language: Language) {
    self.language = language
  }

  /// Where a commune is: its district (name and code), or its province when it has none.
  public func place(_ commune: Commune) -> String {
    if let district = commune.district { return "\(district.name.nfc) (\(district.code))" }
    if let province = commune.province { return "\(province.name.nfc) (\(province.code))" }
    return language.pick("không có huyện", "no district")
  }

  /// The assessment date and the unit it was resolved to, or that units were not checked:
  /// "Ngày đánh giá: 12/06/2025 · đơn vị hiệu lực 01/01/2025 – 30/06/2025 (danh mục ĐVHC)".
  public func assessment(_ result: CommuneResult) -> String {
    let l = language
    let day = UnitResolver.day(assessedOn: result.assessedOn, year: result.year)
    var text =
      l.pick("Ngày đánh giá: ", "Assessed on: ") + day.vietnamese
      + (result.assessedOn == nil
        ? l.pick(" (mặc định: không ghi assessedOn)", " (default: no assessedOn)") : "")
    guard let unit = result.commune.unit else {
      return text
        + l.pick(
          " · KHÔNG đối chiếu danh mục đơn vị hành chính (--units off)",
          " · units NOT checked against the registry (--units off)")
    }
    let from = unit.validFrom?.vietnamese ?? l.pick("trước khi có danh mục", "before the registry")
    let to = unit.validTo?.vietnamese ?? l.pick("nay", "now")
    text += l.pick(" · đơn vị hiệu lực ", " · unit in force ") + "\(from) – \(to)"
    return text + l.pick(" (đã đối chiếu danh mục ĐVHC)", " (checked against the registry)")
  }

  /// Which districts a batch's district table uses.
  public func districtsAsOf(unitsChecked: Bool) -> String {
    unitsChecked
      ? language.pick(
        "Huyện theo danh mục đơn vị hành chính tại ngày đánh giá của từng hồ sơ; đơn vị không còn "
          + "cấp huyện (từ 01/07/2025) được gộp theo tỉnh.",
        "Districts as the unit registry has them on each file's assessment date; units without a "
          + "district (since 2025-07-01) are grouped under their province.")
      : language.pick(
        "KHÔNG đối chiếu danh mục đơn vị hành chính (--units off): huyện như hồ sơ ghi.",
        "Units NOT checked against the registry (--units off): districts as the files write them.")
  }

  /// That a plan's communes were checked against the registry on the plan's day.
  public func planUnits(_ day: Day) -> String {
    language.pick(
      "Số xã của từng huyện trong kế hoạch khớp với danh mục đơn vị hành chính ngày "
        + "\(day.vietnamese) (ngày kế hoạch tính số xã).",
      "Each district's number of communes in the plan agrees with the unit registry on "
        + "\(day.iso) (the day the plan counts its communes on).")
  }

  /// A district-table row's label: the district, or a province's units without one.
  public func groupLabel(_ district: BatchSummary.District) -> String {
    district.code == nil
      ? district.name + language.pick(" (không có huyện)", " (no district)") : district.name
  }

  /// The verdict in words.
  public func verdict(passed: Bool) -> String {
    passed
      ? language.pick("ĐẠT chuẩn quốc gia về y tế xã", "MEETS the national commune health standard")
      : language.pick("CHƯA ĐẠT chuẩn quốc gia về y tế xã", "DOES NOT MEET the national standard")
  }

  /// The set by its name and legal basis: `Bộ tiêu chí quốc gia về y tế xã … (QĐ 1300/QĐ-BYT
  /// ngày 09/03/2023; 1453/QĐ-BYT ngày 20/03/2023)`.
  public func setTitle(_ criteria: CriteriaSet) -> String {
    let documents = criteria.legalBasis.map { document in
      let day = Day(iso: document.date).map(date)
      return document.number + (day.map { language.pick(" ngày ", " of ") + $0 } ?? "")
    }
    let label = language.pick("Bộ tiêu chí: ", "Criteria set: ")
    return (criteria.name.hasPrefix("Bộ tiêu chí") ? "" : label) + criteria.name
      + (documents.isEmpty ? "" : " (" + documents.joined(separator: "; ") + ")")
  }

  /// A date written `YYYY-MM-DD` in data, as people read it: `27/06/2023` in Vietnamese, as
  /// written in English; text that is no such date is returned as it is.
  public func date(_ iso: String) -> String {
    Day(iso: iso).map(date) ?? iso
  }

  /// A day as people read it: `27/06/2023` in Vietnamese, `2023-06-27` in English.
  public func date(_ day: Day) -> String { language == .vi ? day.vietnamese : day.iso }

  /// The verdict in a word (`đạt` / `chưa đạt`), as tables and the district view give it.
  public func shortVerdict(passed: Bool) -> String {
    passed ? language.pick("đạt", "pass") : language.pick("chưa đạt", "fail")
  }

  /// A table's verdict cell: the word, shaded green or red.
  package func verdictCell(passed: Bool) -> Table.Cell {
    .toned(shortVerdict(passed: passed), passed ? .good : .bad)
  }

  /// "không có phương án": no improvement of the evidence can make the commune pass.
  package var noPlan: String { language.pick("không có phương án", "no plan exists") }

  /// A pre-check plan on one line or in one cell: `2: 11, 13` (its size, then the indicators);
  /// `passing` when the commune already passes; ``noPlan`` when nothing can make it pass.
  package func planSummary(_ outcome: RepairPlan.Outcome, passing: String) -> String {
    switch outcome {
    case .passes: passing
    case .plan(let items): "\(items.count): " + items.map(\.id).joined(separator: ", ")
    case .impossible: noPlan
    }
  }

  /// "N/M chỉ tiêu của bộ X chưa được đối chiếu…": the clause every report carries.
  public func unverified(_ count: Int, of total: Int, set id: String) -> String {
    language.pick(
      "\(count)/\(total) chỉ tiêu của bộ \(id) chưa được đối chiếu với văn bản chính thức (tái dựng)",
      "\(count) of \(total) indicators of \(id) are not verified against the official text "
        + "(reconstructed)")
  }

  /// The unverified-indicator warning of a single set, with its file.
  public func provenance(_ criteria: CriteriaSet) -> String {
    let note =
      language.pick("Lưu ý: ", "Note: ")
      + unverified(criteria.unverifiedCount, of: criteria.indicators.count, set: criteria.id)
      + language.pick(
        "; kết quả chỉ có giá trị tham khảo cho đến khi được hiệu chỉnh.",
        "; results are indicative until they are corrected.")
    guard let source = criteria.source else { return note }
    return note + " " + self.source(source)
  }

  /// "Tệp bộ tiêu chí: FILE (SHA-256 …)." — which rules, exactly, a report was made with.
  public func source(_ source: CriteriaSource) -> String {
    language.pick(
      "Tệp bộ tiêu chí: \(source.file)\(source.isBundled ? " (kèm theo ytxa)" : ""), "
        + "bộ \(source.citation), SHA-256 \(source.sha256).",
      "Criteria file: \(source.file)\(source.isBundled ? " (bundled)" : ""), "
        + "set \(source.citation), SHA-256 \(source.sha256).")
  }

  /// One failure reason in full, with the commune's points and what was needed.
  public func reason(_ reason: FailureReason, in result: CommuneResult, criteria: CriteriaSet)
    -> String
  {
    let rule = criteria.passRule
    let l = language
    switch reason {
    case .total:
      return l.pick(
        "Tổng điểm \(l.format(result.total))/\(l.format(result.maximum)) dưới "
          + "\(l.format(rule.totalPercent))% (cần ít nhất \(l.format(result.requiredTotal)) điểm)",
        "Total \(l.format(result.total))/\(l.format(result.maximum)) is under "
          + "\(l.format(rule.totalPercent))% (needs at least \(l.format(result.requiredTotal)) points)"
      )
    case .criterion(let id):
      let criterion = result.criteria.first { $0.id == id }
      let points = criterion.map { "\(l.format($0.points))/\(l.format($0.maximum))" } ?? ""
      let required = criterion.map { l.format($0.required) } ?? ""
      return l.pick(
        "Tiêu chí \(id) đạt \(points), dưới \(l.format(rule.criterionPercent))% (cần ít nhất \(required) điểm)",
        "Criterion \(id) has \(points), under \(l.format(rule.criterionPercent))% (needs at least \(required))"
      )
    case .knockout(let id):
      let name = criteria.indicator(id)?.name(in: l) ?? ""
      return l.pick(
        "Chỉ tiêu \(id) là điểm liệt và đạt 0 điểm: \(name)",
        "Indicator \(id) is a knock-out and scored 0: \(name)")
    }
  }

  /// One failure reason in a few words, for tables. The percentages come from the pass rule;
  /// without one (a run over several sets) the words say "threshold".
  public func shortReason(_ reason: FailureReason, rule: CriteriaSet.PassRule?) -> String {
    let l = language
    let total = rule.map { l.format($0.totalPercent) + "%" }
    let criterion = rule.map { l.format($0.criterionPercent) + "%" }
    switch reason {
    case .total:
      return l.pick("tổng điểm dưới ", "total under ") + (total ?? l.pick("ngưỡng", "threshold"))
    case .criterion(let id):
      return l.pick("tiêu chí \(id) dưới ", "criterion \(id) under ")
        + (criterion ?? l.pick("ngưỡng", "threshold"))
    case .knockout(let id):
      return l.pick("điểm liệt chỉ tiêu \(id)", "knock-out indicator \(id)")
    }
  }

  /// Several reasons in a few words each.
  public func shortReasons(_ reasons: [FailureReason], rule: CriteriaSet.PassRule?) -> String {
    reasons.map { shortReason($0, rule: rule) }.joined(separator: "; ")
  }
}

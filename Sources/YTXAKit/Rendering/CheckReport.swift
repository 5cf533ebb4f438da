import YTXAFormats

extension Explanation {
  /// What a plan item asks for, in the evidence's own terms:
  /// `412/450 = 91,6% → cần ít nhất 428/450 (≥ 95%)`.
  public func target(_ item: RepairPlan.Item, current: IndicatorResult) -> String {
    if item.isMissing {
      // Nothing to start from: say what the evidence to submit must show.
      let show: String
      switch (item.target, item.evidence) {
      case (.yes, _): show = language.pick("có", "yes")
      case (.choice(let option), _): show = name(option)
      case (.addItems(let items), _):
        show = items.map(name).joined(separator: "; ")
      case (.band(let band, let direction, let unit), .ratio(let numerator, let denominator)):
        show =
          threshold(band.threshold, direction, unit: unit)
          + language.pick(
            " (ví dụ \(numerator)/\(denominator))", " (e.g. \(numerator)/\(denominator))")
      case (.band(let band, let direction, let unit), _):
        show = threshold(band.threshold, direction, unit: unit)
      }
      return language.pick(
        "chưa có minh chứng → cần nộp minh chứng cho thấy: ",
        "no evidence → submit evidence showing: ")
        + show
    }
    let now = value(current)
    let need: String
    switch (item.target, item.evidence) {
    case (.yes, _):
      need = language.pick("cần: có", "needs: yes")
    case (.choice(let option), _):
      need = language.pick("cần đạt: ", "needs: ") + name(option)
    case (.addItems(let items), _):
      need =
        language.pick("cần bổ sung: ", "needs in addition: ")
        + items.map(name).joined(separator: "; ")
    case (.band(let band, let direction, let unit), .ratio(let numerator, let denominator)):
      let bound = threshold(band.threshold, direction, unit: unit)
      let word =
        direction == .higherIsBetter
        ? language.pick("cần ít nhất", "needs at least")
        : language.pick("cần nhiều nhất", "needs at most")
      need = "\(word) \(language.format(numerator))/\(language.format(denominator)) (\(bound))"
    case (.band(let band, let direction, let unit), .count(let count)):
      let word =
        direction == .higherIsBetter
        ? language.pick("cần ít nhất", "needs at least")
        : language.pick("cần nhiều nhất", "needs at most")
      let exact = band.threshold.isInteger
      need =
        "\(word) \(quantity(language.format(count), unit: unit))"
        + (exact ? "" : " (\(threshold(band.threshold, direction, unit: unit)))")
    case (.band(let band, let direction, let unit), _):
      need =
        (direction == .higherIsBetter
          ? language.pick("cần ít nhất ", "needs at least ")
          : language.pick("cần nhiều nhất ", "needs at most "))
        + quantity(language.format(band.threshold), unit: unit)
    }
    return "\(now) → \(need)"
  }
}

/// The Vietnamese pre-check sheet for one commune, and the district's one-line-per-commune view.
public struct CheckTextReport: Sendable {
  public let criteria: CriteriaSet
  public let language: Language

  public init(criteria: CriteriaSet, language: Language = .vi) {
    self.criteria = criteria
    self.language = language
  }

  private var explain: Explanation { Explanation(language: language) }

  /// The plan in words, one entry per item: a title line and the target line.
  public func planLines(_ check: CheckResult) -> [(title: String, target: String)] {
    check.plan.items.map { item in
      let indicator = criteria.indicator(item.id)
      let current = check.result.indicators[criteria.position(of: item.id) ?? 0]
      let knockout = item.isKnockout ? language.pick(" [điểm liệt]", " [knock-out]") : ""
      let title =
        language.pick("Chỉ tiêu ", "Indicator ") + item.id
        + language.pick(" (tiêu chí ", " (criterion ") + item.criterionID + ") "
        + (indicator?.name(in: language) ?? "") + knockout + ": "
        + "\(language.format(item.points)) → \(language.format(item.targetPoints)) "
        + language.pick("điểm", "points") + " (+\(language.format(item.gain)))"
      return (title, explain.target(item, current: current))
    }
  }

  /// The outcome in one sentence.
  public func planSummary(_ check: CheckResult) -> String {
    switch check.plan.outcome {
    case .passes:
      return language.pick("Đã đạt chuẩn: không cần cải thiện.", "Passes: nothing to improve.")
    case .plan(let items):
      let gain = items.reduce(Points.zero) { $0 + $1.gain }
      return language.pick(
        "Phương án tối thiểu: cải thiện \(items.count) chỉ tiêu (+\(language.format(gain)) điểm); "
          + "không có phương án nào ít chỉ tiêu hơn.",
        "Minimal plan: improve \(language.count(items.count, "", "indicator")) "
          + "(+\(language.format(gain)) \(gain == Points(1) ? "point" : "points")); "
          + "no plan with fewer indicators exists.")
    case .impossible(let reasons):
      let score = ScoreTextReport(criteria: criteria, language: language)
      return language.pick(
        "Không có phương án: kể cả khi mọi chỉ tiêu áp dụng đạt tối đa, xã vẫn chưa đạt (",
        "No plan exists: even with every applicable indicator at its best it would still fail (")
        + reasons.map { score.reason($0, in: check.result) }.joined(separator: "; ") + ")."
    }
  }

  /// The whole sheet.
  public func render(_ check: CheckResult) -> String {
    let result = check.result
    let score = ScoreTextReport(criteria: criteria, language: language)
    let commune = result.commune
    var lines: [String] = []
    lines.append(
      language.pick(
        "PHIẾU TỰ KIỂM TRA TRƯỚC KHI ĐĂNG KÝ XÉT CÔNG NHẬN XÃ ĐẠT CHUẨN QUỐC GIA VỀ Y TẾ",
        "PRE-CHECK BEFORE REGISTERING FOR THE NATIONAL COMMUNE HEALTH STANDARD"))
    lines.append(Phrasebook(language).provenance(criteria))
    lines.append("")
    lines.append(
      language.pick("Đơn vị: ", "Commune: ")
        + "\(commune.name.nfc) (\(commune.code)), " + Phrasebook(language).place(commune)
        + language.pick(" · vùng \(commune.zone)", " · zone \(commune.zone)")
        + " · \(commune.region)")
    lines.append(
      language.pick("Năm đánh giá: ", "Assessment year: ") + String(result.year)
        + language.pick(" · tệp: ", " · file: ") + result.file)
    lines.append(Phrasebook(language).assessment(result))
    lines.append("")
    lines.append(language.pick("KẾT LUẬN: ", "VERDICT: ") + score.verdict(result))
    lines.append(
      language.pick("Tổng điểm: ", "Total: ")
        + "\(language.format(result.total))/\(language.format(result.maximum)) "
        + "(\(language.formatPercent(result.percent))%)"
        + language.pick(" · cần ≥ ", " · needs ≥ ") + language.format(result.requiredTotal))
    if !result.reasons.isEmpty {
      lines.append(language.pick("Lý do chưa đạt:", "Reasons:"))
      lines += result.reasons.map { "  - " + score.reason($0, in: result) }
    }
    lines.append("")
    lines.append(language.pick("PHƯƠNG ÁN CẢI THIỆN", "REPAIR PLAN"))
    lines.append(planSummary(check))
    for (index, line) in planLines(check).enumerated() {
      lines.append("  \(index + 1). \(line.title)")
      lines.append("     \(line.target)")
    }
    lines.append("")
    lines += detailLines(result)
    if !check.warnings.isEmpty || !result.warnings.isEmpty {
      lines.append("")
      lines.append(
        language.pick(
          "CẦN XEM LẠI SỐ LIỆU (không ảnh hưởng điểm)", "DATA TO CHECK (does not change the score)")
      )
      lines += check.warnings.map { "  - " + language.pick($0.message, $0.englishMessage) }
      lines += result.warnings.map { "  - " + language($0) }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The points by criterion, the indicators without evidence, and every indicator in detail.
  private func detailLines(_ result: CommuneResult) -> [String] {
    var lines: [String] = []
    lines.append(
      language.pick("ĐIỂM THEO TIÊU CHÍ", "POINTS BY CRITERION") + " (≥ "
        + language.format(criteria.passRule.criterionPercent) + "%)")
    for (criterion, scored) in zip(criteria.criteria, result.criteria) {
      let status =
        scored.isSkipped
        ? language.pick("không xét", "skipped")
        : scored.hasPassed
          ? language.pick("đạt", "yes")
          : language.pick("THIẾU ", "SHORT ")
            + language.format(scored.required - scored.points)
      lines.append(
        "  "
          + "\(criterion.id.leftPadded(to: 2)). \(criterion.name(in: language))".truncated(to: 56)
          .padded(
            to: 56)
          + "\(language.format(scored.points))/\(language.format(scored.maximum))".leftPadded(
            to: 9)
          + "  " + status)
    }
    let missing = result.indicators.filter { $0.status == .missing }
    if !missing.isEmpty {
      lines.append("")
      lines.append(language.pick("CHƯA CÓ MINH CHỨNG", "MISSING EVIDENCE"))
      for item in missing {
        lines.append(
          "  \(item.id.leftPadded(to: 2))  "
            + (criteria.indicator(item.id)?.name(in: language) ?? "")
            + " (\(language.format(item.maximum)) " + language.pick("điểm", "points") + ")")
      }
    }
    lines.append("")
    lines.append(language.pick("CHI TIẾT CHỈ TIÊU", "INDICATORS"))
    for item in result.indicators {
      let points =
        item.status == .notApplicable
        ? "—" : "\(language.format(item.points))/\(language.format(item.maximum))"
      let knockout = item.isKnockout ? language.pick(" [điểm liệt]", " [knock-out]") : ""
      let name = (criteria.indicator(item.id)?.name(in: language) ?? "") + knockout
      lines.append(
        "  \(item.id.leftPadded(to: 2))  " + name.truncated(to: 66).padded(to: 66)
          + points.leftPadded(to: 8))
      let (value, band) = explain.valueAndBand(item)
      lines.append("      " + value + (band.map { " · " + $0 } ?? ""))
      if !item.documents.isEmpty {
        lines.append(
          "      " + language.pick("Văn bản: ", "Documents: ")
            + item.documents.joined(separator: "; "))
      }
    }
    return lines
  }

  /// One line per commune, closest to passing first: the list a district registers from.
  public func renderDistrict(_ checks: [CheckResult]) -> String {
    let sorted = checks.sorted(by: CheckResult.closestFirst)
    return districtHeader() + sorted.map(districtLine).joined()
      + districtFooter(
        communes: checks.count, passing: checks.count { $0.result.hasPassed },
        oneAway: checks.count { $0.plan.items.count == 1 })
  }

  /// The district view's title, provenance and column heads (a view is the header, one line
  /// per commune in ``CheckResult/order``, and the footer).
  public func districtHeader() -> String {
    [
      language.pick(
        "DANH SÁCH TỰ KIỂM TRA (gần đạt chuẩn nhất trước)",
        "PRE-CHECK LIST (closest to passing first)"),
      Phrasebook(language).provenance(criteria),
      "",
      language.pick("Mã", "Code").padded(to: 7) + language.pick("Xã", "Commune").padded(to: 24)
        + language.pick("Huyện", "District").padded(to: 18)
        + language.pick("Năm", "Year").padded(
          to: 6)
        + language.pick("Kết luận", "Verdict").padded(to: 10)
        + language.pick("Điểm", "Total").leftPadded(to: 12) + "  "
        + language.pick("Số CT cần cải thiện: chỉ tiêu", "Plan size: indicators"),
    ].joined(separator: "\n") + "\n"
  }

  /// One commune's line of the district view.
  public func districtLine(_ check: CheckResult) -> String {
    let result = check.result
    let verdict =
      Phrasebook(language).shortVerdict(passed: result.hasPassed)
    let plan = Phrasebook(language).planSummary(check.plan.outcome, passing: "0")
    return result.commune.code.digits.padded(to: 7)
      + result.commune.name.nfc.truncated(to: 23).padded(to: 24)
      + (result.commune.district?.name.nfc ?? "—").truncated(to: 17).padded(to: 18)
      + String(result.year).padded(to: 6) + verdict.padded(to: 10)
      + "\(language.format(result.total))/\(language.format(result.maximum))".leftPadded(to: 12)
      + "  " + plan + "\n"
  }

  /// The district view's totals.
  public func districtFooter(communes: Int, passing: Int, oneAway: Int) -> String {
    "\n"
      + language.pick(
        "Tổng: \(communes) xã · \(passing) đạt · \(oneAway) chỉ cần cải thiện 1 chỉ tiêu",
        "Total: \(language.count(communes, "", "commune")) · \(passing) pass · \(oneAway) one "
          + "indicator away") + "\n"
  }
}

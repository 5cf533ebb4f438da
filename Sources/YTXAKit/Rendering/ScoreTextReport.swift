import YTXAFormats

/// The plain-text score report a council member reads: verdict, total, criteria, and every
/// indicator with its value, band, points and shortfall.
public struct ScoreTextReport: Sendable {
  public let criteria: CriteriaSet
  public let language: Language

  /// Creates a report writer.
  public init(criteria: CriteriaSet, language: Language = .vi) {
    self.criteria = criteria
    self.language = language
  }

  private var explain: Explanation { Explanation(language: language) }

  private var phrases: Phrasebook { Phrasebook(language) }

  /// The verdict in words.
  public func verdict(_ result: CommuneResult) -> String {
    phrases.verdict(passed: result.hasPassed)
  }

  /// One failure reason in words.
  public func reason(_ reason: FailureReason, in result: CommuneResult) -> String {
    phrases.reason(reason, in: result, criteria: criteria)
  }

  /// The whole report for one commune.
  public func render(_ result: CommuneResult) -> String {
    var lines: [String] = []
    let commune = result.commune
    lines.append(
      language.pick(
        "KẾT QUẢ CHẤM ĐIỂM BỘ TIÊU CHÍ QUỐC GIA VỀ Y TẾ XÃ", "COMMUNE HEALTH CRITERIA SCORE"))
    lines.append(
      language.pick("Bộ tiêu chí: ", "Criteria set: ") + "\(criteria.id) ("
        + criteria.legalBasis.map(\.number).joined(separator: ", ") + ")")
    lines.append(phrases.provenance(criteria))
    lines.append("")
    var place =
      "\(commune.name.nfc) (\(commune.code)), " + phrases.place(commune)
    if let province = commune.province { place += ", \(province.name.nfc)" }
    lines.append(language.pick("Đơn vị: ", "Commune: ") + place)
    lines.append(
      language.pick("Loại: ", "Type: ")
        + language.pick(commune.type.vietnameseName, commune.type.rawValue)
        + language.pick(" · vùng \(commune.zone)", " · zone \(commune.zone)")
        + language.pick(" · vùng KT-XH ", " · region ") + commune.region)
    lines.append(language.pick("Năm đánh giá: ", "Assessment year: ") + String(result.year))
    lines.append(phrases.assessment(result))
    lines.append(language.pick("Tệp minh chứng: ", "Evidence file: ") + result.file)
    lines.append("")
    lines.append(language.pick("KẾT LUẬN: ", "VERDICT: ") + verdict(result))
    lines.append(
      language.pick("Tổng điểm: ", "Total: ")
        + "\(language.format(result.total))/\(language.format(result.maximum)) "
        + "(\(language.formatPercent(result.percent))%)"
        + language.pick(" · yêu cầu ≥ ", " · required ≥ ")
        + "\(language.format(criteria.passRule.totalPercent))% (\(language.format(result.requiredTotal))"
        + language.pick(" điểm)", " points)"))
    let notApplicable = result.indicators.filter { $0.status == .notApplicable }
    if !notApplicable.isEmpty {
      lines.append(
        language.pick(
          "Không áp dụng: chỉ tiêu \(notApplicable.map(\.id).joined(separator: ", ")) (không tính vào điểm tối đa)",
          "Not applicable: indicators \(notApplicable.map(\.id).joined(separator: ", ")) (left out of the maximum)"
        ))
    }
    let missing = result.indicators.filter { $0.status == .missing }
    if !missing.isEmpty {
      lines.append(
        language.pick(
          "Chưa có minh chứng: chỉ tiêu \(missing.map(\.id).joined(separator: ", ")) (0 điểm)",
          "Missing evidence: indicators \(missing.map(\.id).joined(separator: ", ")) (0 points)"))
    }
    if !result.reasons.isEmpty {
      lines.append(language.pick("Lý do chưa đạt:", "Reasons:"))
      lines += result.reasons.map { "  - " + reason($0, in: result) }
    }
    lines.append("")
    lines += criteriaTable(result)
    lines.append("")
    lines += indicatorDetails(result)
    if !result.warnings.isEmpty {
      lines.append("")
      lines.append(
        language.pick("Cảnh báo (không ảnh hưởng điểm):", "Warnings (do not change the score):"))
      lines += result.warnings.map { "  - " + language($0) }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func criteriaTable(_ result: CommuneResult) -> [String] {
    let percent = language.format(criteria.passRule.criterionPercent)
    var lines = [
      language.pick("Tiêu chí", "Criterion").padded(to: 62)
        + language.pick("Điểm", "Points").leftPadded(to: 7)
        + language.pick("Tối đa", "Max").leftPadded(to: 8) + "  ≥ \(percent)%"
    ]
    for (criterion, score) in zip(criteria.criteria, result.criteria) {
      let label = "\(criterion.id.leftPadded(to: 2)). \(criterion.name(in: language))".truncated(
        to: 60)
      let status =
        score.isSkipped
        ? language.pick("không xét", "skipped")
        : score.hasPassed ? language.pick("đạt", "yes") : language.pick("KHÔNG", "NO")
      lines.append(
        label.padded(to: 62) + language.format(score.points).leftPadded(to: 7)
          + language.format(score.maximum).leftPadded(to: 8) + "  " + status)
    }
    return lines
  }

  private func indicatorDetails(_ result: CommuneResult) -> [String] {
    var lines: [String] = [language.pick("CHI TIẾT TỪNG CHỈ TIÊU", "INDICATORS")]
    var position = 0
    for (criterion, score) in zip(criteria.criteria, result.criteria) {
      lines.append("")
      lines.append(
        language.pick("Tiêu chí ", "Criterion ")
          + "\(criterion.id). \(criterion.name(in: language)) — "
          + "\(language.format(score.points))/\(language.format(score.maximum))")
      for indicator in criterion.indicators {
        let item = result.indicators[position]
        position += 1
        let knockout = indicator.isKnockout ? language.pick(" [điểm liệt]", " [knock-out]") : ""
        let points =
          item.status == .notApplicable
          ? "—" : "\(language.format(item.points))/\(language.format(item.maximum))"
        lines.append(
          "  " + item.id.leftPadded(to: 2) + "  "
            + (indicator.name(in: language) + knockout).truncated(to: 70).padded(to: 70)
            + " " + points.leftPadded(to: 7))
        lines.append("      " + language.pick("Giá trị: ", "Value: ") + explain.value(item))
        let band = explain.band(item)
        if !band.isEmpty { lines.append("      " + language.pick("Mức: ", "Band: ") + band) }
        if let shortfall = explain.shortfall(item) {
          lines.append("      " + language.pick("Chưa đạt tối đa: ", "Short of full: ") + shortfall)
        }
        if !item.documents.isEmpty {
          lines.append(
            "      " + language.pick("Văn bản: ", "Documents: ")
              + item.documents.joined(separator: "; "))
        }
      }
    }
    return lines
  }
}

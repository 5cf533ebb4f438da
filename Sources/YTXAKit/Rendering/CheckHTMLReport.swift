/// The pre-check sheet as one self-contained HTML page (phone and A4).
public struct CheckHTMLReport: Sendable {
  public let criteria: CriteriaSet
  public let language: Language
  /// Whether to include the repair plan (the pre-check); without it the page is the score
  /// report of `ytxa score --format html`.
  public let includesPlan: Bool

  public init(criteria: CriteriaSet, language: Language = .vi, includesPlan: Bool = true) {
    self.criteria = criteria
    self.language = language
    self.includesPlan = includesPlan
  }

  /// The page for one or more communes (one section each).
  public func render(_ checks: [CheckResult]) -> String {
    let title =
      checks.count == 1
      ? language.pick("Tự kiểm tra: ", "Pre-check: ") + checks[0].result.commune.name.nfc
      : language.pick("Tự kiểm tra \(checks.count) xã", "Pre-check of \(checks.count) communes")
    return HTML.page(
      title: title, body: checks.map(section).joined(separator: "\n<hr>\n"), language: language)
  }

  private func section(_ check: CheckResult) -> String {
    let result = check.result
    let text = CheckTextReport(criteria: criteria, language: language)
    let score = ScoreTextReport(criteria: criteria, language: language)
    let e = HTML.escape
    var html: [String] = []
    html.append(
      "<h1>"
        + e(
          includesPlan
            ? language.pick(
              "Phiếu tự kiểm tra xã đạt chuẩn quốc gia về y tế", "Commune health pre-check")
            : language.pick(
              "Kết quả chấm điểm Bộ tiêu chí quốc gia về y tế xã", "Commune health criteria score"))
        + "</h1>")
    html += meta(result)
    html.append(
      "<div class=\"verdict \(result.hasPassed ? "pass" : "fail")\">" + e(score.verdict(result))
        + " — \(e(language.format(result.total)))/\(e(language.format(result.maximum))) "
        + "(\(e(language.formatPercent(result.percent)))%)</div>")
    if !result.reasons.isEmpty {
      html.append(
        "<ul>" + result.reasons.map { "<li>" + e(score.reason($0, in: result)) + "</li>" }.joined()
          + "</ul>")
    }
    if includesPlan {
      html.append("<h2>" + e(language.pick("Phương án cải thiện", "Repair plan")) + "</h2>")
      html.append("<p>" + e(text.planSummary(check)) + "</p>")
    }
    let lines = includesPlan ? text.planLines(check) : []
    if !lines.isEmpty {
      html.append(
        "<ol class=\"plan\">"
          + lines.map {
            "<li>\(e($0.title))<br><span class=\"target\">\(e($0.target))</span></li>"
          }.joined() + "</ol>")
    }
    html.append(
      "<h2>" + e(language.pick("Điểm theo tiêu chí", "Points by criterion")) + "</h2>")
    html.append(
      "<p class=\"meta\">"
        + e(
          language.pick(
            "Vạch đứt: mức tối thiểu \(language.format(criteria.passRule.criterionPercent))% của tiêu chí.",
            "Dashed line: the criterion's \(language.format(criteria.passRule.criterionPercent))% minimum."
          )) + "</p>")
    html.append(criteriaTable(result))
    let missing = result.indicators.filter { $0.status == .missing }
    if !missing.isEmpty {
      html.append("<h2>" + e(language.pick("Chưa có minh chứng", "Missing evidence")) + "</h2>")
      html.append(
        "<ul>"
          + missing.map {
            "<li>\(e($0.id)). \(e(criteria.indicator($0.id)?.name(in: language) ?? "")) "
              + "(\(e(language.format($0.maximum))) \(e(language.pick("điểm", "points"))))</li>"
          }.joined() + "</ul>")
    }
    html.append("<h2>" + e(language.pick("Chi tiết chỉ tiêu", "Indicators")) + "</h2>")
    html.append(indicatorTable(result))
    if !check.warnings.isEmpty || !result.warnings.isEmpty {
      html.append(
        "<h2>"
          + e(language.pick("Cần xem lại số liệu", "Data to check"))
          + "</h2><p class=\"meta\">"
          + e(language.pick("Không ảnh hưởng điểm.", "These do not change the score.")) + "</p>")
      html.append(
        "<ul>"
          + check.warnings.map {
            "<li>" + e(language.pick($0.message, $0.englishMessage)) + "</li>"
          }
          .joined()
          + result.warnings.map { "<li>" + e(language($0)) + "</li>" }.joined() + "</ul>")
    }
    return "<section>\n" + html.joined(separator: "\n") + "\n</section>"
  }

  /// Who, when, which file, and the provenance note.
  private func meta(_ result: CommuneResult) -> [String] {
    let e = HTML.escape
    let commune = result.commune
    var lines: [String] = []
    lines.append(
      "<p class=\"meta\"><strong>\(e(commune.name))</strong> (\(e(commune.code.digits))) · "
        + "\(e(commune.district?.name ?? commune.province?.name ?? "—")) · "
        + e(language.pick("vùng \(commune.zone)", "zone \(commune.zone)"))
        + " · \(e(commune.region)) · " + e(language.pick("năm ", "year ")) + "\(result.year)</p>")
    lines.append("<p class=\"meta\">" + e(Phrasebook(language).assessment(result)) + "</p>")
    lines.append(
      "<p class=\"meta\">" + e(language.pick("Tệp minh chứng: ", "Evidence file: "))
        + e(result.file)
        + "</p>")
    lines.append(
      "<p class=\"note\">" + e(Phrasebook(language).provenance(criteria))
        + "</p>")
    return lines
  }

  /// The points per criterion, with a bar against the criterion's minimum.
  private func criteriaTable(_ result: CommuneResult) -> String {
    let e = HTML.escape
    var rows =
      "<div class=\"wrap\"><table><thead><tr><th>" + e(language.pick("Tiêu chí", "Criterion"))
      + "</th><th class=\"n\">" + e(language.pick("Điểm", "Points")) + "</th><th class=\"n\">"
      + e(language.pick("Cần", "Needs")) + "</th><th style=\"width:30%\"></th></tr></thead><tbody>"
    for (criterion, scored) in zip(criteria.criteria, result.criteria) {
      let status =
        scored.isSkipped
        ? e(language.pick("không xét", "skipped"))
        : scored.hasPassed
          ? "<span class=\"okc\">✓</span>"
          : "<span class=\"short\">−\(e(language.format(scored.required - scored.points)))</span>"
      rows +=
        "<tr><td>\(e(criterion.id)). \(e(criterion.name(in: language)))</td><td class=\"n\">"
        + "\(e(language.format(scored.points)))/\(e(language.format(scored.maximum)))</td>"
        + "<td class=\"n\">\(e(language.format(scored.required))) \(status)</td><td>"
        + HTML.bar(
          points: scored.points, maximum: scored.maximum, required: scored.required,
          label: "\(language.format(scored.points))/\(language.format(scored.maximum))")
        + "</td></tr>"
    }
    rows += "</tbody></table></div>"
    return rows
  }

  /// Every indicator: value and band, points, documents.
  private func indicatorTable(_ result: CommuneResult) -> String {
    let e = HTML.escape
    let explain = Explanation(language: language)
    var table =
      "<div class=\"wrap\"><table><thead><tr><th>#</th><th>"
      + e(language.pick("Chỉ tiêu", "Indicator")) + "</th><th>"
      + e(language.pick("Giá trị · mức", "Value · band")) + "</th><th class=\"n\">"
      + e(language.pick("Điểm", "Points")) + "</th><th class=\"hide-s\">"
      + e(language.pick("Văn bản", "Documents")) + "</th></tr></thead><tbody>"
    for item in result.indicators {
      let points =
        item.status == .notApplicable
        ? "—" : "\(language.format(item.points))/\(language.format(item.maximum))"
      let band = explain.band(item)
      let short = item.status != .notApplicable && item.points < item.maximum
      table +=
        "<tr><td>\(e(item.id))</td><td>\(e(criteria.indicator(item.id)?.name(in: language) ?? ""))"
        + (item.isKnockout
          ? " <strong>[\(e(language.pick("điểm liệt", "knock-out")))]</strong>" : "")
        + "</td><td>\(e(explain.value(item)))\(band.isEmpty ? "" : "<br>" + e(band))</td>"
        + "<td class=\"n\(short ? " short" : "")\">\(e(points))</td>"
        + "<td class=\"hide-s\">\(e(item.documents.joined(separator: "; ")))</td></tr>"
    }
    table += "</tbody></table></div>"
    return table
  }
}

import YTXAFormats

/// The pre-check sheet as one self-contained HTML page (phone and A4).
public struct CheckHTMLReport: Sendable {
  public let criteria: CriteriaSet
  public let language: Language
  /// Whether to include the repair plan (the pre-check); without it the page is the score
  /// report of `ytxa score --format html`.
  public let includesPlan: Bool

  /// The day the document is issued (printed on each sheet; `nil`: not printed).
  public let issued: Day?

  /// The inputs that could not be scored (rejected, unfilled), listed after the overview.
  package var unread = UnreadInputs()

  public init(
    criteria: CriteriaSet, language: Language = .vi, includesPlan: Bool = true, issued: Day? = nil
  ) {
    self.criteria = criteria
    self.language = language
    self.includesPlan = includesPlan
    self.issued = issued
  }

  /// The page for one or more communes. Several make a dossier: an overview table (one row per
  /// commune, in the order given, each linking to its sheet), then each commune's sheet, each
  /// starting on a new page in print.
  public func render(_ checks: [CheckResult]) -> String {
    let l = language
    let kind =
      includesPlan ? l.pick("Tự kiểm tra", "Pre-check") : l.pick("Kết quả chấm điểm", "Scores")
    let title =
      checks.count == 1
      ? kind + ": " + checks[0].result.commune.name.nfc
      : kind + " — " + l.count(checks.count, "xã", "commune")
    var body = checks.count > 1 || !unread.isEmpty ? [overview(checks)] : []
    for (index, check) in checks.enumerated() {
      body.append(section(check, anchor: checks.count > 1 ? "c\(index + 1)" : nil))
    }
    return HTML.page(title: title, body: body.joined(separator: "\n"), language: language)
  }

  /// The dossier's first page: one row per commune, linking to its sheet.
  private func overview(_ checks: [CheckResult]) -> String {
    let e = HTML.escape
    let l = language
    let phrases = Phrasebook(l)
    var html =
      "<section class=\"overview\"><h1>"
      + e(
        includesPlan
          ? l.pick(
            "Danh sách tự kiểm tra (gần đạt chuẩn nhất trước)",
            "Pre-check list (closest to passing first)")
          : l.pick("Kết quả chấm điểm", "Scores"))
      + "</h1>" + dossierMeta(checks)
    // The table of scored communes (none when nothing could be scored: only the list below).
    var table = "<div class=\"wrap\"><table class=\"list\"><thead><tr>"
    let heads = [
      ("Xã", "Commune"), ("Huyện", "District"), ("Năm", "Year"),
      ("Kết luận", "Verdict"), ("Điểm", "Total"),
    ]
    for (vietnamese, english) in heads {
      table += "<th>" + e(l.pick(vietnamese, english)) + "</th>"
    }
    if includesPlan {
      table += "<th>" + e(l.pick("Chỉ tiêu cần cải thiện", "Indicators to improve")) + "</th>"
    }
    table += "<th class=\"n\">" + e(l.pick("Thiếu minh chứng", "Missing evidence")) + "</th>"
    table += "</tr></thead><tbody>"
    for (index, check) in checks.enumerated() {
      let result = check.result
      let plan = Phrasebook(l).planSummary(check.plan.outcome, passing: "—")
      // The commune is the first column: on a phone it stays in view while the row scrolls.
      table +=
        "<tr><td>\(index + 1). <a href=\"#c\(index + 1)\">\(e(result.commune.name))</a> "
        + "<span class=\"meta\">\(e(result.commune.code.digits))</span></td><td>"
        + e(result.commune.district?.name ?? "—") + "</td><td>\(result.year)</td>"
        + "<td class=\"v \(result.hasPassed ? "okc" : "short")\">"
        + e(phrases.shortVerdict(passed: result.hasPassed)) + "</td><td class=\"n\">"
        + e("\(l.format(result.total))/\(l.format(result.maximum))") + "</td>"
        + (includesPlan ? "<td>" + e(plan) + "</td>" : "") + "<td class=\"n\">"
        + "\(result.indicators.count { $0.status == .missing })</td></tr>"
    }
    let passing = checks.count { $0.result.hasPassed }
    html +=
      (checks.isEmpty ? "" : table + "</tbody></table></div>") + "<p class=\"meta\">"
      + e(
        l.pick(
          "\(checks.count) xã · \(passing) đạt · \(checks.count - passing) chưa đạt",
          l.count(checks.count, "", "commune")
            + " · \(passing) pass · \(checks.count - passing) fail")
          + (unread.isEmpty ? "" : " · " + unread.counts(l)))
      + "</p>" + unread.html(l) + "</section>"
    return html
  }

  /// What a dossier rests on: the criteria set, the day of issue, the provenance note.
  private func dossierMeta(_ checks: [CheckResult]) -> String {
    provenanceLines().joined()
  }

  /// The set by its legal basis, the day of issue (when there is one), the provenance note:
  /// what every sheet and dossier rests on.
  private func provenanceLines() -> [String] {
    let e = HTML.escape
    var lines = ["<p class=\"meta\">" + e(Phrasebook(language).setTitle(criteria)) + "</p>"]
    if let issued {
      lines.append(
        "<p class=\"meta\">" + e(language.pick("Ngày lập: ", "Issued on: "))
          + e(Phrasebook(language).date(issued)) + "</p>")
    }
    lines.append("<p class=\"note\">" + e(Phrasebook(language).provenance(criteria)) + "</p>")
    return lines
  }

  /// The verdict in its shaded box, then why a failing commune fails (one element each).
  func verdict(_ result: CommuneResult) -> [String] {
    let e = HTML.escape
    let score = ScoreTextReport(criteria: criteria, language: language)
    var html = [
      "<div class=\"verdict \(result.hasPassed ? "pass" : "fail")\">" + e(score.verdict(result))
        + " — \(e(language.format(result.total)))/\(e(language.format(result.maximum))) "
        + "(\(e(language.formatPercent(result.percent)))%)</div>"
    ]
    if !result.reasons.isEmpty {
      html.append(
        "<ul>" + result.reasons.map { "<li>" + e(score.reason($0, in: result)) + "</li>" }.joined()
          + "</ul>")
    }
    return html
  }

  private func section(_ check: CheckResult, anchor: String?) -> String {
    let result = check.result
    let text = CheckTextReport(criteria: criteria, language: language)
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
    html += verdict(result)
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
    // The heading, its note and the table stay on one page.
    html.append(
      "<div class=\"keep\"><h2>" + e(language.pick("Điểm theo tiêu chí", "Points by criterion"))
        + "</h2>")
    html.append(
      "<p class=\"meta\">"
        + e(
          language.pick(
            "Vạch đứt: mức tối thiểu \(language.format(criteria.passRule.criterionPercent))% của tiêu chí.",
            "Dashed line: the criterion's \(language.format(criteria.passRule.criterionPercent))% minimum."
          )) + "</p>")
    html.append(criteriaTable(result) + "</div>")
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
    if includesPlan { html.append(signOff()) }
    let id = anchor.map { " id=\"\($0)\"" } ?? ""
    return "<section class=\"sheet\"\(id)>\n" + html.joined(separator: "\n") + "\n</section>"
  }

  /// The sign-off block of a pre-check sheet: who drew it up, the health station's head, the
  /// commune chair, each with a place-and-date line and room to sign.
  private func signOff() -> String {
    let l = language
    return HTML.signatures(
      [
        l.pick("Người lập biểu", "Prepared by"),
        l.pick("Trưởng trạm y tế", "Head of health station"),
        l.pick("Chủ tịch UBND xã", "Chair, commune People's Committee"),
      ], dated: true, language: l)
  }

  /// Who, when, which file, and the provenance note.
  /// `forPapers`: the council's papers, which keep the evidence file and the criteria file's
  /// digest for their last page ("Nguồn dữ liệu") instead of every sheet.
  func meta(_ result: CommuneResult, forPapers: Bool = false) -> [String] {
    let e = HTML.escape
    let commune = result.commune
    var lines: [String] = []
    lines.append(
      "<p class=\"meta\"><strong>\(e(commune.name))</strong> (\(e(commune.code.digits))) · "
        + "\(e(commune.district?.name ?? commune.province?.name ?? "—")) · "
        + e(language.pick("vùng \(commune.zone)", "zone \(commune.zone)"))
        + " · \(e(criteria.regionName(commune.region))) · " + e(language.pick("năm ", "year "))
        + "\(result.year)</p>")
    lines.append("<p class=\"meta\">" + e(Phrasebook(language).assessment(result)) + "</p>")
    if forPapers { return lines }
    lines.append(
      "<p class=\"meta\">" + e(language.pick("Tệp minh chứng: ", "Evidence file: "))
        + e(result.file)
        + "</p>")
    return lines + provenanceLines()
  }

  /// The points per criterion, with a bar against the criterion's minimum.
  func criteriaTable(_ result: CommuneResult) -> String {
    let e = HTML.escape
    var rows =
      "<div class=\"wrap keep\"><table><thead><tr><th>" + e(language.pick("Tiêu chí", "Criterion"))
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
  func indicatorTable(_ result: CommuneResult) -> String {
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
      let (value, band) = explain.valueAndBand(item)
      let short = item.status != .notApplicable && item.points < item.maximum
      table +=
        "<tr><td>\(e(item.id))</td><td>\(e(criteria.indicator(item.id)?.name(in: language) ?? ""))"
        + (item.isKnockout
          ? " <strong>[\(e(language.pick("điểm liệt", "knock-out")))]</strong>" : "")
        + "</td><td>\(e(value))\(band.map { "<br>" + e($0) } ?? "")</td>"
        + "<td class=\"n\(short ? " short" : "")\">\(e(points))</td>"
        + "<td class=\"hide-s\">\(e(item.documents.joined(separator: "; ")))</td></tr>"
    }
    table += "</tbody></table></div>"
    return table
  }
}

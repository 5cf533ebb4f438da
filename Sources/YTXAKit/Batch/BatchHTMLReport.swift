import YTXAFormats

/// `report.html` of a batch run: province and district tables, an inline SVG chart of pass rates
/// per district, and the failing communes with their reasons, in Vietnamese or English.
public enum BatchHTMLReport {
  package static func render(
    _ summary: BatchSummary, names: (BatchRecord) -> String, language: Language = .vi
  ) -> String {
    var page = ""
    let sink: (String) -> Void = { page += $0 }
    write(summary, names: names, comparisons: { _ in nil }, language: language, to: sink)
    return page
  }

  /// Writes the page piece by piece to `sink`, so the list of failing communes (national scale:
  /// thousands of rows) is never held as one string.
  package static func write<Failure: Error>(
    _ summary: BatchSummary, names: (BatchRecord) -> String,
    comparisons: (BatchRecord) -> [UInt8]?, unread: UnreadInputs = UnreadInputs(),
    language l: Language = .vi, to sink: (String) throws(Failure) -> Void
  ) throws(Failure) {
    let e = HTML.escape
    let phrases = Phrasebook(l)
    let place = summary.provinceName ?? l.pick("Tất cả đơn vị", "All units")
    var body = heading(summary, place: place, language: l)
    body.append(l.pick("<h2>Theo huyện</h2>", "<h2>By district</h2>"))
    body.append(
      "<p class=\"meta\">" + e(phrases.districtsAsOf(unitsChecked: summary.unitsChecked)) + "</p>")
    body.append(districtTable(summary, language: l))
    body.append(l.pick("<h2>Tỷ lệ xã đạt theo huyện</h2>", "<h2>Pass rate by district</h2>"))
    // On a phone the chart keeps a readable size and scrolls inside its box.
    body.append("<div class=\"wrap\">" + chart(summary.districts, language: l) + "</div>")
    if let reevaluation = summary.reevaluation {
      body.append(l.pick("<h2>So với lần đánh giá trước</h2>", "<h2>Against the previous run</h2>"))
      body.append(
        l.pick(
          "<ul><li>Đề nghị thu hồi (trước đạt, nay chưa đạt): \(reevaluation.toWithdraw.count)</li>"
            + "<li>Duy trì (đạt cả hai lần): \(reevaluation.toMaintain.count)</li>"
            + "<li>Mới đạt lần này: \(reevaluation.candidates.count)</li>"
            + "<li>Trước đạt, lần này không có hồ sơ: \(reevaluation.notReassessed.count)</li></ul>",
          "<ul><li>To withdraw (passed before, fails now): \(reevaluation.toWithdraw.count)</li>"
            + "<li>Maintained (passed both times): \(reevaluation.toMaintain.count)</li>"
            + "<li>Newly passing: \(reevaluation.candidates.count)</li>"
            + "<li>Passed before, no evidence this time: \(reevaluation.notReassessed.count)</li></ul>"
        ))
      if !reevaluation.toWithdraw.isEmpty {
        body.append(
          l.pick("<p>Thu hồi: ", "<p>Withdraw: ")
            + reevaluation.toWithdraw.map { "\(e($0.now.name)) (\(e($0.now.code.digits)))" }.joined(
              separator: ", ") + "</p>")
      }
    }
    if let other = summary.comparedSet { body += comparisonSummary(summary, other, language: l) }
    let failingCount = summary.province.failed
    body.append(
      l.pick(
        "<h2>Xã chưa đạt (\(failingCount))</h2>", "<h2>Failing communes (\(failingCount))</h2>"))
    if failingCount == 0 { body.append(l.pick("<p>Không có.</p>", "<p>None.</p>")) }
    let page = HTML.page(
      title: l.pick("Đánh giá lại — \(place)", "Re-evaluation — \(place)"),
      body: body.joined(separator: "\n"), language: l)
    // One pass rule for the reasons when the run used one set; "threshold" otherwise.
    let rule = summary.criteria.count == 1 ? summary.criteria[0].passRule : nil
    // The page up to the end of the body, then the rows, then the end.
    let end = page.range(of: "\n</body>")!
    try sink(String(page[..<end.lowerBound]))
    if failingCount > 0 {
      try sink(
        "\n<div class=\"wrap\"><table><thead><tr>"
          + l.pick(
            "<th>Mã</th><th>Xã</th><th>Huyện</th><th class=\"n\">Năm</th>"
              + "<th class=\"n\">Điểm</th><th>Lý do</th>",
            "<th>Code</th><th>Commune</th><th>District</th><th class=\"n\">Year</th>"
              + "<th class=\"n\">Points</th><th>Reasons</th>") + "</tr></thead><tbody>")
      for record in summary.records where !record.passed {
        try sink(
          "<tr><td>\(e(record.communeCode.digits))</td><td>\(e(names(record)))</td>"
            + "<td>\(e(record.districtName ?? record.provinceName ?? "—"))</td><td class=\"n\">\(record.year)</td>"
            + "<td class=\"n\">\(l.format(record.total))/\(l.format(record.maximum))</td>"
            + "<td>\(e(phrases.shortReasons(record.reasons, rule: rule)))</td></tr>\n")
      }
      try sink("</tbody></table></div>")
    }
    // Every row or file that could not be scored, with its reasons (the first
    // ``UnreadInputs/listed``; errors.jsonl holds them all).
    if !unread.isEmpty {
      try sink("\n" + unread.html(l))
      if unread.moreRejected > 0 {
        try sink(
          "<p class=\"note\">"
            + e(
              l.pick(
                "Danh sách đầy đủ: errors.jsonl trong cùng thư mục.",
                "The full list: errors.jsonl in the same folder."))
            + "</p>")
      }
    }
    if let other = summary.comparedSet {
      try writeComparisonList(
        summary, other, names: names, lines: comparisons, language: l, to: sink)
    }
    try sink(String(page[end.lowerBound...]))
  }

  /// The title, the run's counts and, per criteria set, its provenance note.
  private static func heading(_ summary: BatchSummary, place: String, language l: Language)
    -> [String]
  {
    let e = HTML.escape
    let phrases = Phrasebook(l)
    var body: [String] = []
    body.append(
      l.pick(
        "<h1>Kết quả đánh giá lại xã đạt chuẩn quốc gia về y tế — \(e(place))</h1>",
        "<h1>Re-evaluation of communes meeting the national health standard — \(e(place))</h1>"))
    // A record is one commune in one year: say how many communes they are, and which years.
    let years = Set(summary.records.map(\.year)).sorted().map(String.init)
    let communes = Set(summary.records.map(\.communeCode)).count
    let records = summary.province.communes
    body.append(
      "<p class=\"meta\">"
        + l.pick(
          "\(summary.files) tệp · \(records) hồ sơ được chấm (\(communes) xã"
            + (years.isEmpty ? "" : ", năm " + years.joined(separator: ", ")) + ") · "
            + "\(summary.province.rejected) tệp bị từ chối",
          "\(summary.files) files · \(records) records scored (\(communes) communes"
            + (years.isEmpty
              ? ""
              : ", " + (years.count == 1 ? "year " : "years ")
                + years.joined(separator: ", ")) + ") · \(summary.province.rejected) files rejected"
        )
        + (summary.year.map { l.pick(" · chỉ năm \($0)", " · year \($0) only") } ?? "")
        + (summary.unfilled > 0
          ? l.pick(
            " · \(summary.unfilled) dòng chưa điền (không chấm)",
            " · \(summary.unfilled) rows not filled in (not scored)") : "") + "</p>")
    if years.count > 1 {
      body.append(
        "<p class=\"note\">"
          + l.pick(
            "Lần chạy này gộp \(years.count) năm: một xã có hồ sơ nhiều năm được tính một lần "
              + "cho mỗi năm, nên các số dưới đây là số hồ sơ (xã-năm), không phải số xã. "
              + "Để chấm một năm: ytxa batch … --year \(years.last ?? "").",
            "This run mixes \(years.count) years: a commune with evidence for several years is "
              + "counted once per year, so the counts below are records (commune-years), not "
              + "communes. To score one year: ytxa batch … --year \(years.last ?? "").")
          + "</p>")
    }
    for set in summary.criteria {
      body.append(
        "<p class=\"note\">" + l.pick("Lưu ý: ", "Note: ")
          + e(phrases.unverified(set.unverified, of: set.indicators, set: set.id))
          + l.pick(
            "; kết quả chỉ có giá trị tham khảo. \(set.scored) tệp được chấm theo bộ này.",
            "; results are indicative. \(set.scored) files were scored with it.")
          + (set.source.map { " " + e(phrases.source($0)) } ?? "") + "</p>")
    }
    return body
  }

  /// The district table: counts, failures by reason, mean and pass rate, then the province.
  private static func districtTable(_ summary: BatchSummary, language l: Language) -> String {
    let e = HTML.escape
    // Two header rows: the failure counts grouped under what they count, so that they are not
    // read as scores.
    func heads(_ text: String) -> String {
      text.split(separator: "|").map { "<th class=\"n\" rowspan=\"2\">\($0)</th>" }.joined()
    }
    var table =
      "<div class=\"wrap\"><table class=\"districts\"><thead><tr><th rowspan=\"2\">"
      + l.pick("Huyện", "District") + "</th>"
      + heads(l.pick("Số hồ sơ|Đạt|Chưa đạt", "Records|Pass|Fail"))
      + "<th class=\"group\" colspan=\"3\">"
      + l.pick("Số chưa đạt theo lý do", "Failing, by reason") + "</th>"
      + heads(l.pick("Bị từ chối|Điểm TB|Tỷ lệ đạt", "Rejected|Mean total|Pass rate"))
      + "</tr><tr>"
      + l.pick("Tổng điểm|Tiêu chí|Điểm liệt", "Total|Criterion|Knock-out").split(separator: "|")
      .map { "<th class=\"n\">\($0)</th>" }.joined()
      + "</tr></thead><tbody>"
    func row(_ label: String, _ tally: BatchTally, bold: Bool = false) -> String {
      let cells = [
        tally.communes, tally.passed, tally.failed, tally.failedTotal, tally.failedCriterion,
        tally.failedKnockout, tally.rejected,
      ].map { "<td class=\"n\">\($0)</td>" }.joined()
      let mean = tally.meanTotal.map(l.formatPercent) ?? "—"
      let rate = tally.passRate.map { l.formatPercent($0) + "%" } ?? "—"
      let name = bold ? "<strong>\(e(label))</strong>" : e(label)
      return "<tr><td>\(name)</td>\(cells)<td class=\"n\">\(mean)</td>"
        + "<td class=\"n\">\(rate)</td></tr>"
    }
    for district in summary.districts {
      let label =
        district.code.map { "\(district.name) (\($0))" } ?? Phrasebook(l).groupLabel(district)
      table += row(label, district.tally)
    }
    table += row(l.pick("Toàn bộ", "All"), summary.province, bold: true)
    table += "</tbody></table></div>"
    return table
  }

  /// Horizontal bars, one per district, of the pass rate (0–100 %), in inline SVG.
  static func chart(_ districts: [BatchSummary.District], language l: Language) -> String {
    let rowHeight = 22
    let labelWidth = 190
    let barWidth = 360
    let height = max(1, districts.count) * rowHeight + 24
    var svg =
      "<svg viewBox=\"0 0 \(labelWidth + barWidth + 60) "
      + "\(height)\" width=\"100%\" role=\"img\" aria-label=\"\(l.pick("Tỷ lệ xã đạt theo huyện", "Pass rate by district"))\" "
      + "style=\"max-width:40rem;min-width:30rem;font-size:12px\">"
    for (index, district) in districts.enumerated() {
      let y = index * rowHeight + 4
      let tally = district.tally
      let width = tally.communes == 0 ? 0 : tally.passed * barWidth / tally.communes
      let rate = tally.passRate.map { l.formatPercent($0) + "%" } ?? "—"
      // A label wider than its room (about 28 characters at 12 px in 184 units) is cut with
      // "…"; the full name is the element's title (shown on hover, read by screen readers).
      let label = Phrasebook(l).groupLabel(district)
      let shown = label.count > 28 ? String(label.prefix(27)) + "…" : label
      svg +=
        "<text x=\"\(labelWidth - 6)\" y=\"\(y + 14)\" text-anchor=\"end\"><title>"
        + "\(HTML.escape(label))</title>\(HTML.escape(shown))</text>"
        + "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(barWidth)\" height=\"14\" "
        + "fill=\"#eceff1\"/>"
        + "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(width)\" height=\"14\" "
        + "fill=\"#1b7f3b\"/>"
        + "<text x=\"\(labelWidth + barWidth + 6)\" y=\"\(y + 14)\">\(rate)</text>"
    }
    svg += "</svg>"
    return svg
  }
}

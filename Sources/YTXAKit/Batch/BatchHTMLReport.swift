/// `report.html` of a batch run: province and district tables, an inline SVG chart of pass rates
/// per district, and the failing communes with their reasons.
public enum BatchHTMLReport {
  public static func render(_ summary: BatchSummary, names: (BatchRecord) -> String) -> String {
    var page = ""
    write(summary, names: names) { page += $0 }
    return page
  }

  /// Writes the page piece by piece to `sink`, so the list of failing communes (national scale:
  /// thousands of rows) is never held as one string.
  public static func write<Failure: Error>(
    _ summary: BatchSummary, names: (BatchRecord) -> String,
    to sink: (String) throws(Failure) -> Void
  ) throws(Failure) {
    let e = HTML.escape
    var body: [String] = []
    let place = summary.provinceName ?? "Tất cả đơn vị"
    body.append("<h1>Kết quả đánh giá lại xã đạt chuẩn quốc gia về y tế — \(e(place))</h1>")
    body.append(
      "<p class=\"meta\">\(summary.files) tệp · \(summary.province.communes) xã được chấm · "
        + "\(summary.province.rejected) tệp bị từ chối"
        + (summary.year.map { " · năm \($0)" } ?? "") + "</p>")
    for set in summary.criteria {
      body.append(
        "<p class=\"note\">Lưu ý: \(set.unverified)/\(set.indicators) chỉ tiêu của bộ "
          + "\(e(set.id)) chưa được đối chiếu với văn bản chính thức (tái dựng); kết quả chỉ có "
          + "giá trị tham khảo. \(set.scored) tệp được chấm theo bộ này."
          + (set.source.map { " " + e(ScoreTextReport.sourceSentence($0, language: .vi)) } ?? "")
          + "</p>")
    }
    body.append("<h2>Theo huyện</h2>")
    body.append(districtTable(summary))
    body.append("<h2>Tỷ lệ xã đạt theo huyện</h2>")
    body.append(chart(summary.districts))
    if let reevaluation = summary.reevaluation {
      body.append("<h2>So với lần đánh giá trước</h2>")
      body.append(
        "<ul><li>Đề nghị thu hồi (trước đạt, nay chưa đạt): \(reevaluation.toWithdraw.count)</li>"
          + "<li>Duy trì (đạt cả hai lần): \(reevaluation.toMaintain.count)</li>"
          + "<li>Mới đạt lần này: \(reevaluation.candidates.count)</li>"
          + "<li>Trước đạt, lần này không có hồ sơ: \(reevaluation.notReassessed.count)</li></ul>")
      if !reevaluation.toWithdraw.isEmpty {
        body.append(
          "<p>Thu hồi: "
            + reevaluation.toWithdraw.map { "\(e($0.now.name)) (\(e($0.now.code.digits)))" }.joined(
              separator: ", ") + "</p>")
      }
    }
    let failingCount = summary.province.failed
    body.append("<h2>Xã chưa đạt (\(failingCount))</h2>")
    if failingCount == 0 { body.append("<p>Không có.</p>") }
    let page = HTML.page(title: "Đánh giá lại — \(place)", body: body.joined(separator: "\n"))
    // The page up to the end of the body, then the rows, then the end.
    let end = page.range(of: "\n</body>")!
    try sink(String(page[..<end.lowerBound]))
    if failingCount > 0 {
      try sink(
        "\n<div class=\"wrap\"><table><thead><tr><th>Mã</th><th>Xã</th><th>Huyện</th>"
          + "<th class=\"n\">Năm</th><th class=\"n\">Điểm</th><th>Lý do</th></tr></thead><tbody>")
      for record in summary.records where !record.passed {
        try sink(
          "<tr><td>\(e(record.communeCode.digits))</td><td>\(e(names(record)))</td>"
            + "<td>\(e(record.districtName))</td><td class=\"n\">\(record.year)</td>"
            + "<td class=\"n\">\(record.total.formatted(decimalSeparator: ","))/"
            + "\(record.maximum.formatted(decimalSeparator: ","))</td>"
            + "<td>\(e(reasons(record.reasons)))</td></tr>\n")
      }
      try sink("</tbody></table></div>")
    }
    try sink(String(page[end.lowerBound...]))
  }

  static func reasons(_ reasons: [FailureReason]) -> String {
    reasons.map { reason in
      switch reason {
      case .total: "tổng điểm dưới 80%"
      case .criterion(let id): "tiêu chí \(id) dưới 50%"
      case .knockout(let id): "điểm liệt chỉ tiêu \(id)"
      }
    }.joined(separator: "; ")
  }

  /// The district table: counts, failures by reason, mean and pass rate, then the province.
  private static func districtTable(_ summary: BatchSummary) -> String {
    let e = HTML.escape
    var table =
      "<div class=\"wrap\"><table><thead><tr><th>Huyện</th><th class=\"n\">Số xã</th>"
      + "<th class=\"n\">Đạt</th><th class=\"n\">Chưa đạt</th><th class=\"n\">Tổng điểm</th>"
      + "<th class=\"n\">Tiêu chí</th><th class=\"n\">Điểm liệt</th><th class=\"n\">Bị từ chối</th>"
      + "<th class=\"n\">Điểm TB</th><th class=\"n\">Tỷ lệ đạt</th></tr></thead><tbody>"
    func row(_ label: String, _ tally: BatchTally, bold: Bool = false) -> String {
      let cells = [
        tally.communes, tally.passed, tally.failed, tally.failedTotal, tally.failedCriterion,
        tally.failedKnockout, tally.rejected,
      ].map { "<td class=\"n\">\($0)</td>" }.joined()
      let mean = tally.meanTotal?.formatted(decimalSeparator: ",", minimumPlaces: 1) ?? "—"
      let rate =
        tally.passRate.map { $0.formatted(decimalSeparator: ",", minimumPlaces: 1) + "%" }
        ?? "—"
      let name = bold ? "<strong>\(e(label))</strong>" : e(label)
      return "<tr><td>\(name)</td>\(cells)<td class=\"n\">\(mean)</td>"
        + "<td class=\"n\">\(rate)</td></tr>"
    }
    for district in summary.districts {
      table += row("\(district.name) (\(district.code))", district.tally)
    }
    table += row("Toàn bộ", summary.province, bold: true)
    table += "</tbody></table></div>"
    return table
  }

  /// Horizontal bars, one per district, of the pass rate (0–100 %), in inline SVG.
  static func chart(_ districts: [BatchSummary.District]) -> String {
    let rowHeight = 22
    let labelWidth = 190
    let barWidth = 360
    let height = max(1, districts.count) * rowHeight + 24
    var svg =
      "<svg viewBox=\"0 0 \(labelWidth + barWidth + 60) "
      + "\(height)\" width=\"100%\" role=\"img\" aria-label=\"Tỷ lệ xã đạt theo huyện\" "
      + "style=\"max-width:40rem;font-size:12px\">"
    for (index, district) in districts.enumerated() {
      let y = index * rowHeight + 4
      let tally = district.tally
      let width = tally.communes == 0 ? 0 : tally.passed * barWidth / tally.communes
      let rate =
        tally.passRate.map { $0.formatted(decimalSeparator: ",", minimumPlaces: 1) + "%" } ?? "—"
      svg +=
        "<text x=\"\(labelWidth - 6)\" y=\"\(y + 14)\" text-anchor=\"end\">"
        + "\(HTML.escape(district.name))</text>"
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
